"""Exercise conv2d_backward: the gradients of a convolution for its input, weight and bias, by hand."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randn
from dl_helpers.grading.convolutional_networks._common import CONV_SHORTCUTS, conv_tensors, pad_both, random_setting
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _case(label: str, gen: torch.Generator, x, weight, stride=1, padding=0, dilation=1) -> Case:
    """A case with a random upstream gradient of the output's shape."""
    out_h, out_w = ref.conv2d_output_size(
        tuple(x.shape[2:]), tuple(weight.shape[2:]), stride, padding, dilation, exact=False
    )
    grad_output = randn(gen, x.shape[0], weight.shape[0], out_h, out_w)  # (N, K, H_out, W_out)
    return Case(label, (grad_output, x, weight, stride, padding, dilation))


def _fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(64)
    ones = Case(
        "a 3x3 image of ones, a 2x2 kernel of ones, grad_output all ones",
        (torch.ones(1, 1, 2, 2, dtype=F64), torch.ones(1, 1, 3, 3, dtype=F64), torch.ones(1, 1, 2, 2, dtype=F64)),
    )
    return [
        ones,
        _case("2 images with 3 channels (5x6), 4 filters of 3x2", gen, randn(gen, 2, 3, 5, 6), randn(gen, 4, 3, 3, 2)),
        _case(
            "2 images with 2 channels (7x7), 2 filters of 3x3, stride 2, padding 1",
            gen,
            randn(gen, 2, 2, 7, 7),
            randn(gen, 2, 2, 3, 3),
            2,
            1,
        ),
        _case(
            "one 8x7 image, 2 filters of 3x3, dilation 2", gen, randn(gen, 1, 1, 8, 7), randn(gen, 2, 1, 3, 3), 1, 0, 2
        ),
        _case(
            "3 images (4x5), 3 filters of 2x2, padding (1, 0), stride (1, 2)",
            gen,
            randn(gen, 3, 1, 4, 5),
            randn(gen, 3, 1, 2, 2),
            (1, 2),
            (1, 0),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    s = random_setting(gen)
    x, weight, _ = conv_tensors(gen, s)
    return _case(f"random: {s.describe()}", gen, x, weight, s.stride, s.padding, s.dilation)


def _edge() -> list[Case]:
    gen = torch.Generator().manual_seed(65)
    return [
        _case("a 1x1 convolution, 4 channels into 2", gen, randn(gen, 2, 4, 3, 3), randn(gen, 2, 4, 1, 1)),
        _case(
            "a kernel as large as the image (one output position)", gen, randn(gen, 3, 2, 4, 5), randn(gen, 2, 2, 4, 5)
        ),
        _case("a 1x1 image with padding 1", gen, randn(gen, 1, 1, 1, 1), randn(gen, 2, 1, 3, 3), 1, 1),
        _case(
            "values around 1e6, stride 2, padding 1, dilation 2",
            gen,
            1e6 * randn(gen, 1, 2, 5, 5),
            randn(gen, 2, 2, 3, 3),
            2,
            1,
            2,
        ),
    ]


def _backward(g, x, w, s=1, p=0, d=1):
    return ref.conv2d_backward(g, x, w, s, p, d)


EXERCISE = Exercise(
    name="conv2d_backward",
    reference=ref.conv2d_backward,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "input_gradient_kernel_not_flipped",
            "your input gradient uses the kernel unflipped. Input pixel x_pad[n, c, i*sH + u*dH, j*sW + v*dW] receives "
            "g[n, k, i, j] * w[k, c, u, v] from every window that covers it; with stride 1 that is a full convolution of g "
            "with the kernel flipped (w.flip(-1, -2)), not a correlation with w.",
            lambda g, x, w, s=1, p=0, d=1: (
                _backward(g, x, w.flip(-1, -2), s, p, d)[0],
                *_backward(g, x, w, s, p, d)[1:],
            ),
        ),
        Mistake(
            "bias_gradient_not_summed_over_batch",
            "grad_bias has one value per filter, shape (K,): sum g over the batch as well as over the positions, g.sum(dim=(0, 2, 3)).",
            lambda g, x, w, s=1, p=0, d=1: (*_backward(g, x, w, s, p, d)[:2], g.sum(dim=(2, 3))),
        ),
        Mistake(
            "bias_gradient_averaged",
            "you averaged g for the bias gradient; every output position adds bias[k] once, so grad_bias[k] is the sum of g[:, k] over batch and positions.",
            lambda g, x, w, s=1, p=0, d=1: (*_backward(g, x, w, s, p, d)[:2], g.mean(dim=(0, 2, 3))),
        ),
        Mistake(
            "weight_gradient_averaged_over_batch",
            "your weight gradient is divided by the batch size; the loss sums over the batch, so sum the contributions of all N images.",
            lambda g, x, w, s=1, p=0, d=1: (lambda gi, gw, gb: (gi, gw / x.shape[0], gb))(*_backward(g, x, w, s, p, d)),
        ),
        Mistake(
            "weight_gradient_from_first_image_only",
            "your weight gradient uses only the first image; every image of the batch contributes: sum over n too.",
            lambda g, x, w, s=1, p=0, d=1: (lambda gi, gw, gb: (gi, _backward(g[:1], x[:1], w, s, p, d)[1], gb))(
                *_backward(g, x, w, s, p, d)
            ),
        ),
        Mistake(
            "weight_gradient_flipped",
            "your weight gradient is flipped: grad_weight[k, c, u, v] = sum of g[n, k, i, j] * x_pad[n, c, i*sH + u*dH, j*sW + v*dW], "
            "a correlation of the input with g, so tap (u, v) pairs with the input shifted by (u, v), not (kH-1-u, kW-1-v).",
            lambda g, x, w, s=1, p=0, d=1: (lambda gi, gw, gb: (gi, gw.flip(-1, -2), gb))(*_backward(g, x, w, s, p, d)),
        ),
        Mistake(
            "padded_input_gradient",
            "your grad_input still has the padding's rows and columns; crop it back to the input's (N, C, H, W): "
            "grad_x_pad[:, :, pH:pH + H, pW:pW + W].",
            lambda g, x, w, s=1, p=0, d=1: (
                _backward(g, pad_both(x, p), w, s, 0, d)[0],
                *_backward(g, x, w, s, p, d)[1:],
            ),
        ),
    ),
    forbidden=(
        *AUTOGRAD,
        *CONV_SHORTCUTS,
        "torch.nn.grad.conv2d_input",
        "torch.nn.grad.conv2d_weight",
        "torch.nn.functional.fold",
        "torch.nn.Fold.forward",
    ),
)
