"""Exercise unfold: every window of a batch of images as one column (im2col), as torch.nn.functional.unfold."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randn
from dl_helpers.grading.convolutional_networks._common import CONV_SHORTCUTS, random_setting
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(66)
    return [
        Case("a 3x3 image 0..8, 2x2 windows", (torch.arange(9.0, dtype=F64).reshape(1, 1, 3, 3), 2)),
        Case(
            "2 channels of a 3x4 image, 2x2 windows: rows run over (channel, kernel row, kernel column)",
            (torch.arange(24.0, dtype=F64).reshape(1, 2, 3, 4), 2),
        ),
        Case("a 5x5 image, 3x3 windows, dilation 1, padding 1, stride 2", (randn(gen, 1, 1, 5, 5), 3, 1, 1, 2)),
        Case("a 7x6 image, 3x3 windows, dilation 2", (randn(gen, 1, 1, 7, 6), 3, 2)),
        Case("2 images with 2 channels (4x5), 2x3 windows, stride 1", (randn(gen, 2, 2, 4, 5), (2, 3))),
        Case("a 6x7 image, 2x2 windows, stride (2, 3), padding (0, 1)", (randn(gen, 1, 1, 6, 7), 2, 1, (0, 1), (2, 3))),
    ]


def _random(gen: torch.Generator) -> Case:
    s = random_setting(gen)
    x = randn(gen, s.batch, s.channels, s.height, s.width)
    return Case(f"random: {s.describe()}", (x, s.kernel, s.dilation, s.padding, s.stride))


def _edge() -> list[Case]:
    gen = torch.Generator().manual_seed(67)
    return [
        Case("1x1 windows (a reshape)", (randn(gen, 2, 3, 2, 4), 1)),
        Case("one window as large as the image", (randn(gen, 1, 2, 3, 4), (3, 4))),
        Case("a 1x1 image with padding 1", (randn(gen, 1, 1, 1, 1), 3, 1, 1)),
        Case("values around 1e6, dilation 2, stride 3", (1e6 * randn(gen, 1, 1, 9, 6), 3, 2, 0, 3)),
    ]


def _rows_kernel_major(x, k, d=1, p=0, s=1):
    """The reference's columns with the rows ordered (kernel row, kernel column, channel)."""
    cols = ref.unfold(x, k, d, p, s)  # (N, C*kH*kW, L)
    n, channels, length = x.shape[0], x.shape[1], cols.shape[-1]
    return cols.reshape(n, channels, -1, length).transpose(1, 2).reshape(n, -1, length)  # (N, kH*kW*C, L)


def _taps_column_major(x, k, d=1, p=0, s=1):
    """The reference's columns with each channel's kernel taps listed column by column (v before u)."""
    cols = ref.unfold(x, k, d, p, s)  # (N, C*kH*kW, L)
    n, channels, length = x.shape[0], x.shape[1], cols.shape[-1]
    kernel_h, kernel_w = (k, k) if isinstance(k, int) else k
    taps = cols.reshape(n, channels, kernel_h, kernel_w, length)  # (N, C, kH, kW, L)
    return taps.transpose(2, 3).reshape(n, -1, length)  # (N, C*kW*kH, L)


def _positions_column_major(x, k, d=1, p=0, s=1):
    """The reference's columns with the window positions listed column by column (j before i)."""
    cols = ref.unfold(x, k, d, p, s)  # (N, C*kH*kW, L)
    out_h, out_w = ref.conv2d_output_size(tuple(x.shape[2:]), k, s, p, d, exact=False)
    return (
        cols.reshape(*cols.shape[:2], out_h, out_w).transpose(-1, -2).reshape(cols.shape)
    )  # (N, C*kH*kW, W_out*H_out)


EXERCISE = Exercise(
    name="unfold",
    reference=ref.unfold,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "arguments_in_conv2d_order",
            "torch.nn.functional.unfold takes (input, kernel_size, dilation, padding, stride): dilation comes first and "
            "stride last, the other way round from conv2d.",
            lambda x, k, d=1, p=0, s=1: ref.unfold(x, k, s, p, d),
        ),
        Mistake(
            "transposed_output",
            "your output is (N, L, C*kH*kW), one row per window; unfold puts each window in a column: (N, C*kH*kW, L).",
            lambda x, k, d=1, p=0, s=1: ref.unfold(x, k, d, p, s).transpose(1, 2),
        ),
        Mistake(
            "rows_kernel_major",
            "your rows run over (kernel row, kernel column, channel); unfold orders them (channel, kernel row, kernel column), "
            "row c*kH*kW + u*kW + v, so that weight.reshape(K, -1) lines up with them.",
            _rows_kernel_major,
        ),
        Mistake(
            "taps_column_major",
            "within each channel your rows run over the kernel column by column; unfold lists the taps row by row, "
            "row c*kH*kW + u*kW + v for kernel row u and column v.",
            _taps_column_major,
        ),
        Mistake(
            "positions_column_major",
            "your windows are listed column by column; the columns run over the output grid row by row: window (i, j) is column i*W_out + j.",
            _positions_column_major,
        ),
        Mistake(
            "stride_ignored",
            "your windows step by one pixel whatever the stride; window (i, j) starts at row i*sH and column j*sW of the padded input.",
            lambda x, k, d=1, p=0, s=1: ref.unfold(x, k, d, p, 1),
        ),
        Mistake(
            "padding_ignored",
            "the padding is missing: pad the input with `padding` zeros on each side before cutting out the windows.",
            lambda x, k, d=1, p=0, s=1: ref.unfold(x, k, d, 0, s),
        ),
        Mistake(
            "dilation_ignored",
            "your kernel taps are adjacent whatever the dilation; tap (u, v) reads row i*sH + u*dH and column j*sW + v*dW.",
            lambda x, k, d=1, p=0, s=1: ref.unfold(x, k, 1, p, s),
        ),
    ),
    forbidden=(
        *CONV_SHORTCUTS,
        "torch.Tensor.unfold",
        "torch.Tensor.as_strided",
        "torch.as_strided",
        "torch._C._nn.im2col",
    ),
)
