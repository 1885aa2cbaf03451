"""Exercise conv_transpose2d: every input pixel scatters a scaled copy of the kernel into the output."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint, randn, seeded
from dl_helpers.grading.convolutional_networks._common import CONV_SHORTCUTS, pair
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _case(label, x, weight, bias=None, stride=1, padding=0, output_padding=0) -> Case:
    return Case(label, (x, weight, bias, stride, padding, output_padding))


def _fixed() -> list[Case]:
    gen = seeded(75)
    return [
        _case(
            "a 1x2 input, a 1x3 kernel of ones, stride 2 (copies overlap in one column)",
            torch.tensor([[[[1.0, 2.0]]]], dtype=F64),
            torch.ones(1, 1, 1, 3, dtype=F64),
            stride=2,
        ),
        _case("a 2x2 input, an asymmetric 2x2 kernel, stride 1", randn(gen, 1, 1, 2, 2), randn(gen, 1, 1, 2, 2)),
        _case(
            "2 input channels to 3 output channels, 3x3 kernel, stride 2, with bias",
            randn(gen, 1, 2, 3, 3),
            randn(gen, 2, 3, 3, 3),
            randn(gen, 3),
            2,
        ),
        _case(
            "kernel 4, stride 2, padding 1 (the usual 2x upsampling)",
            randn(gen, 2, 1, 3, 4),
            randn(gen, 1, 2, 4, 4),
            None,
            2,
            1,
        ),
        _case(
            "kernel 3, stride 2, padding 1, output_padding 1 (exactly 2x)",
            randn(gen, 1, 2, 3, 3),
            randn(gen, 2, 1, 3, 3),
            randn(gen, 1),
            2,
            1,
            1,
        ),
        _case(
            "non-square: kernel (2, 3), stride (1, 2), padding (0, 1)",
            randn(gen, 1, 1, 3, 4),
            randn(gen, 1, 2, 2, 3),
            None,
            (1, 2),
            (0, 1),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    stride = (randint(gen, 1, 3), randint(gen, 1, 3))
    kernel = (randint(gen, 1, 4), randint(gen, 1, 4))
    padding = (randint(gen, 0, (kernel[0] - 1) // 2), randint(gen, 0, (kernel[1] - 1) // 2))
    output_padding = (randint(gen, 0, stride[0] - 1), randint(gen, 0, stride[1] - 1))
    n, c_in, c_out = randint(gen, 1, 3), randint(gen, 1, 3), randint(gen, 1, 3)
    h, w = randint(gen, 1, 5), randint(gen, 1, 5)
    label = (
        f"random: input ({n}, {c_in}, {h}, {w}), weight ({c_in}, {c_out}, {kernel[0]}, {kernel[1]}), "
        f"stride {stride}, padding {padding}, output_padding {output_padding}, with bias"
    )
    x, weight = randn(gen, n, c_in, h, w), randn(gen, c_in, c_out, *kernel)
    return _case(label, x, weight, randn(gen, c_out), stride, padding, output_padding)


def _edge() -> list[Case]:
    gen = seeded(76)
    return [
        _case("a 1x1 input: the output is the kernel times the value", randn(gen, 1, 1, 1, 1), randn(gen, 1, 2, 3, 3)),
        _case(
            "a 1x1 kernel, stride 1 (a per-pixel channel mix)",
            randn(gen, 2, 3, 3, 2),
            randn(gen, 3, 2, 1, 1),
            randn(gen, 2),
        ),
        _case(
            "stride 3 larger than the kernel 2 (gaps of zeros)", randn(gen, 1, 1, 3, 3), randn(gen, 1, 1, 2, 2), None, 3
        ),
        _case(
            "values around 1e4, stride 2, padding 1", 1e4 * randn(gen, 1, 1, 4, 4), randn(gen, 1, 1, 3, 3), None, 2, 1
        ),
    ]


def _full(x, weight, stride=1, output_padding=0):
    """The reference with no padding removed and no bias."""
    return ref.conv_transpose2d(x, weight, None, stride, 0, output_padding)


def _plus_bias(out, bias):
    return out if bias is None else out + bias.view(1, -1, 1, 1)


def _padding_removed_once(x, weight, bias=None, stride=1, padding=0, output_padding=0):
    """``padding`` rows and columns cut from the start only (the output is ``padding`` too large)."""
    ph, pw = pair(padding)
    return _plus_bias(_full(x, weight, stride, output_padding)[..., ph:, pw:], bias)


def _padding_added(x, weight, bias=None, stride=1, padding=0, output_padding=0):
    """Zeros added around the output, as if it were a convolution's padding."""
    ph, pw = pair(padding)
    return _plus_bias(F.pad(_full(x, weight, stride, output_padding), (pw, pw, ph, ph)), bias)


def _trailing_zeros(x, weight, bias=None, stride=1, padding=0, output_padding=0):
    """Zeros inserted after every input pixel, the last one too: stride - 1 extra rows and columns at the end."""
    sh, sw = pair(stride)
    ph, pw = pair(padding)
    full = F.pad(_full(x, weight, stride, output_padding), (0, sw - 1, 0, sh - 1))
    return _plus_bias(full[..., ph : full.shape[-2] - ph, pw : full.shape[-1] - pw], bias)


EXERCISE = Exercise(
    name="conv_transpose2d",
    reference=ref.conv_transpose2d,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input", "weight", "bias"),
    mistakes=(
        Mistake(
            "kernel_flipped",
            "your kernel is flipped: input pixel (i, j) adds weight[c, k, u, v] at output (i * stride + u, j * stride + v), "
            "u and v counting from the top left. (A convolution with the flipped kernel is how the zero-insertion "
            "version is written; the scatter form uses the kernel as it is.)",
            lambda x, w, b=None, s=1, p=0, op=0: ref.conv_transpose2d(x, w.flip(-1, -2), b, s, p, op),
        ),
        Mistake(
            "padding_ignored",
            "your output is 2 * padding too large along each axis: in a transposed convolution, padding REMOVES that many "
            "rows and columns from each side of the full output, H_out = (H - 1) stride - 2 padding + kH + output_padding.",
            lambda x, w, b=None, s=1, p=0, op=0: ref.conv_transpose2d(x, w, b, s, 0, op),
        ),
        Mistake(
            "padding_added",
            "you padded the output with zeros, as a convolution pads its input; a transposed convolution's padding "
            "crops the full output instead, `padding` rows and columns on each side.",
            _padding_added,
        ),
        Mistake(
            "padding_removed_once",
            "you cut `padding` rows and columns from one side only; remove them from both: out = full[..., p:H_full - p, p:W_full - p].",
            _padding_removed_once,
        ),
        Mistake(
            "output_padding_ignored",
            "your output is output_padding short: output_padding adds that many rows and columns at the bottom and right "
            "(they receive only the bias), H_out = (H - 1) stride - 2 padding + kH + output_padding.",
            lambda x, w, b=None, s=1, p=0, op=0: ref.conv_transpose2d(x, w, b, s, p, 0),
        ),
        Mistake(
            "zeros_after_the_last_pixel",
            "your output is stride - 1 too large: when you spread the input out, put stride - 1 zeros BETWEEN pixels, "
            "not after the last one; the full output is (H - 1) stride + kH tall.",
            _trailing_zeros,
        ),
        Mistake(
            "bias_ignored",
            "the bias is missing: add bias[k] to every position of output channel k (after cropping the padding).",
            lambda x, w, b=None, s=1, p=0, op=0: ref.conv_transpose2d(x, w, None, s, p, op),
        ),
    ),
    forbidden=CONV_SHORTCUTS
    + (
        "torch.nn.ConvTranspose2d.forward",
        "torch.nn.grad.conv2d_input",
        "torch.nn.functional.fold",
        "torch.nn.Fold.forward",
        "dl_helpers.reference.conv.conv2d_backward",
        "dl_helpers.reference.vision.conv_transpose2d",
    ),
)
