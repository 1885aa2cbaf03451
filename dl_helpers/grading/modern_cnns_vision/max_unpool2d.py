"""Exercise max_unpool2d: each pooled value goes back to where its window's maximum was, zeros elsewhere."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dl_helpers import reference as ref
from dl_helpers.grading.cases import choice, randint, randn, seeded
from dl_helpers.grading.convolutional_networks._common import pair
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _case(label: str, x: torch.Tensor, kernel, stride=None, padding=0, give_size: bool = False) -> Case:
    """Pool ``x`` (windows that do not overlap) and unpool it; the output size is passed when asked or needed."""
    pooled, indices = F.max_pool2d(x, kernel, stride, padding, return_indices=True)
    (kh, kw), (ph, pw) = pair(kernel), pair(padding)
    sh, sw = pair(kernel if stride is None else stride)
    h, w = pooled.shape[-2:]
    default_area = ((h - 1) * sh - 2 * ph + kh) * ((w - 1) * sw - 2 * pw + kw)
    if give_size or int(indices.max()) >= default_area:
        size = tuple(x.shape[-2:])
        return Case(f"{label}, output_size {size}", (pooled, indices, kernel, stride, padding, size))
    return Case(label, (pooled, indices, kernel, stride, padding))


def _fixed() -> list[Case]:
    gen = seeded(77)
    return [
        _case("a 4x4 image 0..15 pooled with kernel 2", torch.arange(16.0, dtype=torch.float64).view(1, 1, 4, 4), 2),
        _case("2 images, 3 channels, 6x4, kernel 2", randn(gen, 2, 3, 6, 4), 2),
        _case("kernel 3, stride 3, padding 1, a 7x7 image", randn(gen, 1, 2, 7, 7), 3, 3, 1),
        _case("kernel (2, 3), stride (2, 3), a 4x9 image", randn(gen, 1, 1, 4, 9), (2, 3), (2, 3)),
        _case("a 5x5 image, kernel 2: back to 5x5", randn(gen, 1, 1, 5, 5), 2, give_size=True),
    ]


def _random(gen: torch.Generator) -> Case:
    kernel = (randint(gen, 1, 3), randint(gen, 1, 3))
    stride = choice(gen, (None, None, "gap"))
    if stride == "gap":  # windows with a gap between them
        stride = (kernel[0] + randint(gen, 0, 1), kernel[1] + randint(gen, 0, 1))
    padding = (randint(gen, 0, kernel[0] // 2), randint(gen, 0, kernel[1] // 2))
    (sh, sw) = kernel if stride is None else stride
    out_h, out_w = randint(gen, 2, 4), randint(gen, 2, 4)  # (1 - 1) s - 2 p + k can be 0 when p > 0
    extra = (randint(gen, 0, sh - 1), randint(gen, 0, sw - 1)) if randint(gen, 0, 2) == 0 else (0, 0)
    height = (out_h - 1) * sh - 2 * padding[0] + kernel[0] + extra[0]  # the default size, or a little more
    width = (out_w - 1) * sw - 2 * padding[1] + kernel[1] + extra[1]
    shape = (randint(gen, 1, 2), randint(gen, 1, 3), height, width)
    label = f"random: input {shape} pooled with kernel {kernel}, stride {stride}, padding {padding}"
    return _case(label, randn(gen, *shape), kernel, stride, padding, give_size=extra != (0, 0))


def _edge() -> list[Case]:
    gen = seeded(78)
    return [
        _case("a kernel as large as the image (one value per channel)", randn(gen, 2, 3, 4, 5), (4, 5)),
        _case("a 1x1 kernel (the identity)", randn(gen, 1, 2, 3, 3), 1),
        _case("all values negative: the zeros are larger than them", -1.0 - randn(gen, 1, 1, 6, 6).abs(), 2),
        _case("values around 1e6, kernel 3", 1e6 * randn(gen, 1, 1, 9, 6), 3),
    ]


def _shape_of(x, indices, kernel_size, stride, padding, output_size):
    return ref.max_unpool2d(x.new_zeros(x.shape), indices, kernel_size, stride, padding, output_size).shape


def _at_window_start(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Every value at the top-left pixel of its window (inside the image), the indices ignored."""
    out = torch.zeros(_shape_of(x, indices, kernel_size, stride, padding, output_size), dtype=x.dtype, device=x.device)
    (sh, sw), (ph, pw) = pair(kernel_size if stride is None else stride), pair(padding)
    for i in range(x.shape[2]):
        for j in range(x.shape[3]):
            out[:, :, max(i * sh - ph, 0), max(j * sw - pw, 0)] = x[:, :, i, j]
    return out


def _window_filled(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Every value copied into its whole window (nearest upsampling), the indices ignored."""
    out = torch.zeros(_shape_of(x, indices, kernel_size, stride, padding, output_size), dtype=x.dtype, device=x.device)
    (kh, kw), (ph, pw) = pair(kernel_size), pair(padding)
    sh, sw = pair(kernel_size if stride is None else stride)
    for i in range(x.shape[2]):
        for j in range(x.shape[3]):
            rows = slice(max(i * sh - ph, 0), max(i * sh - ph + kh, 0))
            cols = slice(max(j * sw - pw, 0), max(j * sw - pw + kw, 0))
            out[:, :, rows, cols] = x[:, :, i, j, None, None]
    return out


def _padding_added(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The default size with + 2 padding instead of - 2 padding."""
    if output_size is None:
        (kh, kw), (ph, pw) = pair(kernel_size), pair(padding)
        sh, sw = pair(kernel_size if stride is None else stride)
        h, w = x.shape[-2:]
        output_size = ((h - 1) * sh + 2 * ph + kh, (w - 1) * sw + 2 * pw + kw)
    return ref.max_unpool2d(x, indices, kernel_size, stride, padding, output_size)


EXERCISE = Exercise(
    name="max_unpool2d",
    reference=ref.max_unpool2d,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "padding_ignored",
            "your default output is too large: the pooling's padding is not part of the image, so the default size is "
            "(H - 1) * stride - 2 * padding + kernel_size.",
            lambda x, i, k, s=None, p=0, o=None: ref.max_unpool2d(x, i, k, s, 0, o),
        ),
        Mistake(
            "padding_added",
            "your default size adds the padding; it removes it: (H - 1) * stride - 2 * padding + kernel_size.",
            _padding_added,
        ),
        Mistake(
            "values_at_window_start",
            "every value sits at the top-left of its window; put it where `indices` says: index q of a plane is "
            "row q // W_out, column q % W_out (out.view(N, C, -1).scatter(2, indices.view(N, C, -1), input.view(N, C, -1))).",
            _at_window_start,
        ),
        Mistake(
            "window_filled",
            "you copied each value into its whole window (nearest upsampling); max-unpooling puts it at one position, "
            "the one `indices` gives, and leaves zeros everywhere else.",
            _window_filled,
        ),
    ),
    forbidden=(
        "torch.nn.functional.max_unpool2d",
        "torch.max_unpool2d",
        "torch._C._nn.max_unpool2d",
        "torch.nn.MaxUnpool2d.forward",
        "dl_helpers.reference.vision.max_unpool2d",
    ),
)
