"""Exercise conv2d_output_size: how many window positions fit along each axis."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint
from dl_helpers.grading.convolutional_networks._common import pair, random_setting
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _case(label: str, size, kernel, stride=1, padding=0, dilation=1) -> Case:
    """A case; exact=False is passed where the division leaves a remainder (the reference would refuse it)."""
    try:
        ref.conv2d_output_size(size, kernel, stride, padding, dilation)
    except ValueError:
        return Case(label + ", exact=False", (size, kernel, stride, padding, dilation), {"exact": False})
    return Case(label, (size, kernel, stride, padding, dilation))


def _fixed() -> list[Case]:
    return [
        _case("size 28, kernel 5, padding 2 ('same' padding)", 28, 5, 1, 2),
        _case("size 28, kernel 5, no padding", 28, 5),
        _case("size 28, kernel 3, padding 1", 28, 3, 1, 1),
        _case("size 32, kernel 4, stride 2, padding 1", 32, 4, 2, 1),
        _case("size 28, kernel 3, stride 2: 13.5 rounds down", 28, 3, 2, 0),
        _case("size 8, kernel 3, stride 2, padding 1: 4.5 rounds down", 8, 3, 2, 1),
        _case("size 12, kernel 3, dilation 3 (the kernel spans 7 pixels)", 12, 3, 1, 0, 3),
        _case("size (28, 32), kernel (3, 5), stride (1, 3), padding (1, 2)", (28, 32), (3, 5), (1, 3), (1, 2)),
        _case("size (10, 7), kernel 3, stride 2, padding (0, 1), dilation (2, 1)", (10, 7), 3, 2, (0, 1), (2, 1)),
    ]


def _random(gen: torch.Generator) -> Case:
    s = random_setting(gen, max_dilation=3, max_padding=3)  # the height fits the first of each pair
    scalar = randint(gen, 0, 1)
    size = s.height if scalar else (s.height, s.width)
    kernel = s.kernel[0] if scalar else s.kernel
    stride, padding, dilation = (
        (pair(v)[0] for v in (s.stride, s.padding, s.dilation)) if scalar else (s.stride, s.padding, s.dilation)
    )
    return _case(
        f"size {size}, kernel {kernel}, stride {stride}, padding {padding}, dilation {dilation}",
        size,
        kernel,
        stride,
        padding,
        dilation,
    )


def _edge() -> list[Case]:
    return [
        _case("a kernel exactly as large as the padded input", 5, 7, 1, 1),
        _case("size 1, kernel 1", 1, 1),
        _case("a stride larger than the input", 5, 1, 10),
        _case("size 1000000, kernel 3, padding 1", 1_000_000, 3, 1, 1),
        _case("size 11, kernel 3, dilation 4: the kernel spans 9 pixels", 11, 3, 1, 0, 4),
    ]


def _add(value, delta):
    """Elementwise value + delta for ints and pairs (int only when both are ints)."""
    if isinstance(value, int) and isinstance(delta, int):
        return value + delta
    return tuple(a + b for a, b in zip(pair(value), pair(delta)))


def _sub(value, delta):
    return _add(value, tuple(-d for d in pair(delta)) if not isinstance(delta, int) else -delta)


def _minus_one(value):
    return value - 1 if isinstance(value, int) else tuple(v - 1 for v in value)


def _not_rounded(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    """(size + 2 padding - dilation (kernel_size - 1) - 1) / stride + 1 as a float: the formula without the floor."""
    values = [
        (n + 2 * p - d * (k - 1) - 1) / s + 1
        for n, k, s, p, d in zip(*(pair(v) for v in (size, kernel_size, stride, padding, dilation)))
    ]
    return (
        values[0] if all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation)) else tuple(values)
    )


def _size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    """The reference, rounding down: the mistakes below change its inputs or its result."""
    return ref.conv2d_output_size(size, kernel_size, stride, padding, dilation, exact=False)


EXERCISE = Exercise(
    name="conv2d_output_size",
    reference=ref.conv2d_output_size,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    check_dtypes=False,
    mistakes=(
        Mistake(
            "not_rounded",
            "your size is a fraction: the number of window positions is a whole number, so divide with // (floor "
            "division): (size + 2 padding - dilation (kernel_size - 1) - 1) // stride + 1.",
            _not_rounded,
        ),
        Mistake(
            "ceil_instead_of_floor",
            "you rounded up; when the stride does not divide the distance the window can travel, the last partial "
            "step is dropped, so round down: (size + 2 padding - dilation (kernel_size - 1) - 1) // stride + 1.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _size(_add(size, _sub(s, 1)), k, s, p, d),
        ),
        Mistake(
            "plus_one_inside_the_division",
            "the + 1 belongs outside the division: floor((size + 2 padding - dilation (kernel_size - 1) - 1) / stride) + 1 "
            "(one window at the start, plus one per full stride).",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _minus_one(_size(_add(size, 1), k, s, p, d)),
        ),
        Mistake(
            "missing_plus_one",
            "your count is one short: besides one window per full stride there is the window at position 0, so add 1 "
            "after the division.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _minus_one(_size(size, k, s, p, d)),
        ),
        Mistake(
            "padding_on_one_side",
            "you added the padding once; padding puts that many zeros on each side, so the padded size is size + 2 padding.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _size(_sub(size, p), k, s, p, d),
        ),
        Mistake(
            "stride_ignored",
            "your size ignores the stride: divide the distance the window can travel by the stride before adding 1.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _size(size, k, 1, p, d),
        ),
        Mistake(
            "dilation_ignored",
            "your size ignores the dilation: a kernel of size k with dilation d spans d (k - 1) + 1 pixels, so subtract "
            "dilation (kernel_size - 1) + 1, not kernel_size.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _size(size, k, s, p, 1),
        ),
        Mistake(
            "dilated_span_d_times_k",
            "a dilated kernel spans dilation (kernel_size - 1) + 1 pixels (its k taps have k - 1 gaps of d), not "
            "dilation * kernel_size.",
            lambda size, k, s=1, p=0, d=1, *, exact=True: _size(_sub(size, _sub(d, 1)), k, s, p, d),
        ),
    ),
)
