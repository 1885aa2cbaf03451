"""Exercise max_pool2d: the largest value of every window, channel by channel."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice, randint, randn
from dl_helpers.grading.convolutional_networks._common import pad_both
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(62)
    return [
        Case(
            "a 4x4 image 0..15, kernel 2 (stride defaults to 2)", (torch.arange(16.0, dtype=F64).reshape(1, 1, 4, 4), 2)
        ),
        Case("overlapping windows: a 5x5 image, kernel 3, stride 1", (randn(gen, 1, 1, 5, 5), 3, 1)),
        Case("negative values, kernel 3, stride 2, padding 1", (randn(gen, 1, 2, 5, 6) - 3.0, 3, 2, 1)),
        Case("2 images with 3 channels, kernel (2, 3), stride (2, 1)", (randn(gen, 2, 3, 6, 7), (2, 3), (2, 1))),
        Case("a 5x5 image, kernel 2: the last row and column are left out", (randn(gen, 1, 1, 5, 5), 2)),
    ]


def _random(gen: torch.Generator) -> Case:
    kernel = (randint(gen, 1, 4), randint(gen, 1, 4))
    stride = choice(gen, (None, None, 1, 2, (1, 2), (2, 3)))
    padding = (randint(gen, 0, kernel[0] // 2), randint(gen, 0, kernel[1] // 2))
    shape = (randint(gen, 1, 3), randint(gen, 1, 4), randint(gen, kernel[0], 9), randint(gen, kernel[1], 9))
    shift = choice(gen, (0.0, 0.0, -3.0))  # all-negative inputs now and then: the padding must never win
    label = f"random: input {shape}, kernel {kernel}, stride {stride}, padding {padding}"
    return Case(label, (randn(gen, *shape) + shift, kernel, stride, padding))


def _edge() -> list[Case]:
    gen = torch.Generator().manual_seed(63)
    return [
        Case("a kernel as large as the image (global max pooling)", (randn(gen, 2, 3, 4, 5), (4, 5))),
        Case("a 1x1 kernel, stride 1 (the identity)", (randn(gen, 1, 2, 3, 3), 1, 1)),
        Case("all values negative, kernel 2, stride 1, padding 1", (-1.0 - randn(gen, 1, 1, 3, 3).abs(), 2, 1, 1)),
        Case("values around 1e6, kernel 3 (stride defaults to 3)", (1e6 * randn(gen, 1, 1, 9, 6), 3)),
    ]


def _across_channels(x, kernel_size, stride=None, padding=0):
    """The max over every channel's window at once, written into each channel."""
    pooled = ref.max_pool2d(x, kernel_size, stride, padding)  # (N, C, H_out, W_out)
    return pooled.amax(dim=1, keepdim=True).expand_as(pooled)


EXERCISE = Exercise(
    name="max_pool2d",
    reference=ref.max_pool2d,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "stride_defaults_to_one",
            "with stride=None the windows step by the kernel size (side by side, not overlapping): use stride = kernel_size when stride is None.",
            lambda x, k, s=None, p=0: ref.max_pool2d(x, k, 1 if s is None else s, p),
        ),
        Mistake(
            "zero_padding",
            "you padded with zeros, so a border window of negative values returns 0; pad with -inf so the padding never wins the max.",
            lambda x, k, s=None, p=0: ref.max_pool2d(pad_both(x, p), k, s, 0),
        ),
        Mistake(
            "average_instead_of_max",
            "you took the mean of each window (average pooling); max pooling keeps the largest value of each window.",
            lambda x, k, s=None, p=0: ref.avg_pool2d(x, k, s, p),
        ),
        Mistake(
            "pooled_across_channels",
            "each of your outputs is the max over the window in all channels; pool every channel on its own: "
            "out[n, c, i, j] looks only at x[n, c].",
            _across_channels,
        ),
        Mistake(
            "padding_ignored",
            "the padding is missing: add `padding` rows and columns of -inf on each side before taking the windows.",
            lambda x, k, s=None, p=0: ref.max_pool2d(x, k, s, 0),
        ),
        Mistake(
            "output_one_too_small",
            "your output is one row and one column short: there are (H + 2 padding - kH) // stride + 1 window positions along the height.",
            lambda x, k, s=None, p=0: ref.max_pool2d(x, k, s, p)[..., :-1, :-1],
        ),
    ),
    forbidden=(
        "torch.nn.functional.max_pool2d",
        "torch.nn.functional.max_pool2d_with_indices",
        "torch.max_pool2d",
        "torch._C._nn.max_pool2d_with_indices",
        "torch.nn.MaxPool2d.forward",
        "torch.nn.functional.adaptive_max_pool2d",
        "torch.nn.functional.lp_pool2d",
        "dl_helpers.reference.pooling.avg_pool2d",
    ),
)
