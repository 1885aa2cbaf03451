"""Exercise conv2d: a batch of multi-channel images through a bank of filters, with stride, padding and dilation."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randn
from dl_helpers.grading.convolutional_networks._common import CONV_SHORTCUTS, conv_tensors, pad_before, random_setting
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(60)
    blocks = torch.arange(16.0, dtype=F64).reshape(1, 1, 4, 4)
    return [
        Case(
            "a 4x4 image 0..15, one 2x2 filter of ones, bias 0.5, stride 2",
            (blocks, torch.ones(1, 1, 2, 2, dtype=F64), torch.tensor([0.5], dtype=F64), 2),
        ),
        Case(
            "one 7x7 image, 2 channels, 2 filters of 3x3, bias, stride 2, padding 1",
            (randn(gen, 1, 2, 7, 7), randn(gen, 2, 2, 3, 3), randn(gen, 2), 2, 1),
        ),
        Case(
            "2 images with 3 channels (5x6), 4 filters of 3x2, bias",
            (randn(gen, 2, 3, 5, 6), randn(gen, 4, 3, 3, 2), randn(gen, 4)),
        ),
        Case(
            "one 8x7 image, 3x3 filter, bias, dilation 2",
            (randn(gen, 1, 1, 8, 7), randn(gen, 1, 1, 3, 3), randn(gen, 1), 1, 0, 2),
        ),
        Case(
            "a 6x6 image, 3 filters, bias, stride (1, 2), padding (2, 0)",
            (randn(gen, 1, 1, 6, 6), randn(gen, 3, 1, 2, 2), randn(gen, 3), (1, 2), (2, 0)),
        ),
        Case(
            "bias=None, 2 images, 2 channels, 3 filters of 2x3", (randn(gen, 2, 2, 4, 5), randn(gen, 3, 2, 2, 3), None)
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    s = random_setting(gen)
    x, weight, bias = conv_tensors(gen, s)
    return Case(f"random: {s.describe()}", (x, weight, bias, s.stride, s.padding, s.dilation))


def _edge() -> list[Case]:
    gen = torch.Generator().manual_seed(61)
    return [
        Case(
            "a 1x1 convolution mixing 4 channels into 2",
            (randn(gen, 2, 4, 3, 3), randn(gen, 2, 4, 1, 1), randn(gen, 2)),
        ),
        Case(
            "a kernel as large as the image (a fully connected layer)",
            (randn(gen, 3, 2, 4, 5), randn(gen, 6, 2, 4, 5), randn(gen, 6)),
        ),
        Case("a 1x1 image with padding 1", (randn(gen, 1, 1, 1, 1), randn(gen, 2, 1, 3, 3), randn(gen, 2), 1, 1)),
        Case(
            "values around 1e6, stride 2, padding 1, dilation 2",
            (1e6 * randn(gen, 1, 2, 5, 5), randn(gen, 2, 2, 3, 3), randn(gen, 2), 2, 1, 2),
        ),
    ]


EXERCISE = Exercise(
    name="conv2d",
    reference=ref.conv2d,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input", "weight", "bias"),
    mistakes=(
        Mistake(
            "flipped_kernel",
            "you flipped the kernels (a true convolution); conv2d is a cross-correlation: "
            "out[n, k, i, j] = bias[k] + sum of x_pad[n, c, i*sH + u*dH, j*sW + v*dW] * weight[k, c, u, v], weight as given.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w.flip(-1, -2), b, s, p, d),
        ),
        Mistake(
            "bias_ignored",
            "the bias is missing: add bias[k] to every position of output channel k (bias.reshape(1, K, 1, 1)) when it is not None.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w, None, s, p, d),
        ),
        Mistake(
            "padding_on_one_side",
            "you padded only above and to the left; padding adds that many zeros on every side (top and bottom, left and right).",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(pad_before(x, p), w, b, s, 0, d),
        ),
        Mistake(
            "stride_ignored",
            "your windows step by one pixel whatever the stride; window (i, j) starts at row i * stride[0] and column j * stride[1].",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w, b, 1, p, d),
        ),
        Mistake(
            "dilation_ignored",
            "your kernel taps are adjacent whatever the dilation; tap (u, v) reads row i*sH + u*dH and column j*sW + v*dW.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w, b, s, p, 1),
        ),
        Mistake(
            "weight_axes_swapped",
            "you read the weight as (C, K, kH, kW); PyTorch stores it as (K, C, kH, kW): weight[k, c] is filter k's kernel for input channel c.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w.transpose(0, 1), b, s, p, d),
        ),
        Mistake(
            "kernel_transposed",
            "you paired kernel rows with image columns (weight[k, c, v, u]); kernel row u goes with image row i*sH + u*dH.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w.transpose(-1, -2), b, s, p, d),
        ),
        Mistake(
            "bias_added_per_input_channel",
            "you added the bias once per input channel (inside the loop over c); each filter adds bias[k] once, after "
            "summing its C channels.",
            lambda x, w, b=None, s=1, p=0, d=1: ref.conv2d(x, w, None if b is None else b * x.shape[1], s, p, d),
        ),
    ),
    forbidden=CONV_SHORTCUTS,
)
