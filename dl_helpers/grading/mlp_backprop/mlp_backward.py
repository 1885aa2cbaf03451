"""Chapter 04 exercise ``mlp_backward``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _mlp_case(gen: torch.Generator, n: int, d: int, m: int, k: int, label: str, active: bool = True) -> Case:
    x = _randn(gen, n, d)
    weight1, bias1 = _randn(gen, m, d) / math.sqrt(d), 0.5 * _randn(gen, m)
    hidden = ref.relu(x @ weight1.mT + bias1) if active else torch.zeros(n, m, dtype=F64)  # (N, M)
    weight2 = _randn(gen, k, m)
    grad_output = _randn(gen, n, k) / n
    return Case(label, (grad_output, x, hidden, weight2))


def _mlp_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(7)
    return [
        _mlp_case(gen, 4, 3, 3, 3, "4 samples, D = 3 inputs, M = 3 hidden units, K = 3 outputs"),
        _mlp_case(gen, 5, 4, 6, 2, "5 samples, D = 4, M = 6, K = 2"),
        _mlp_case(gen, 1, 2, 3, 4, "1 sample, D = 2, M = 3, K = 4"),
    ]


def _mlp_random(gen: torch.Generator) -> Case:
    n, d, m, k = _randint(gen, 1, 8), _randint(gen, 1, 5), _randint(gen, 1, 6), _randint(gen, 1, 4)
    return _mlp_case(gen, n, d, m, k, f"random N={n}, D={d}, M={m}, K={k}")


def _mlp_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(8)
    return [
        _mlp_case(gen, 3, 2, 4, 2, "every hidden unit inactive (hidden = 0)", active=False),
        _mlp_case(gen, 6, 3, 1, 2, "one hidden unit"),
        _mlp_case(gen, 20, 8, 16, 10, "20 samples, D = 8, M = 16, K = 10"),
    ]


def _mlp_with(
    g: Tensor,
    x: Tensor,
    h: Tensor,
    w2: Tensor,
    *,
    mask: bool = True,
    transpose_w2: bool = False,
    sum_bias: bool = True,
    scale: float = 1.0,
    swap_inputs: bool = False,
) -> tuple[Tensor, ...]:
    """mlp_backward with a chosen defect; the defaults give the right gradients."""
    grad_hidden = g @ (w2.mT if transpose_w2 else w2)  # (N, M)
    grad_pre = grad_hidden * (h > 0).to(g.dtype) if mask else grad_hidden
    first_input, second_input = (h, x) if swap_inputs else (x, h)
    bias = (lambda t: t.sum(dim=0)) if sum_bias else (lambda t: t)
    return (
        scale * grad_pre.mT @ first_input,
        scale * bias(grad_pre),
        scale * g.mT @ second_input,
        scale * bias(g),
    )


EXERCISE = Exercise(
    name="mlp_backward",
    reference=ref.mlp_backward,
    fixed_cases=_mlp_fixed,
    random_case=_mlp_random,
    edge_cases=_mlp_edge,
    mistakes=(
        Mistake(
            "relu_mask_missing",
            "no gradient may flow through a hidden unit the ReLU switched off: multiply dL/dhidden by (hidden > 0) before the first layer.",
            lambda g, x, h, w2: _mlp_with(g, x, h, w2, mask=False),
        ),
        Mistake(
            "weight2_transposed",
            "to go back through the second layer multiply by weight2 itself: logits = hidden W2^T + b2, so dL/dhidden = grad_output @ weight2 (shape (N, M)).",
            lambda g, x, h, w2: _mlp_with(g, x, h, w2, transpose_w2=True),
        ),
        Mistake(
            "bias_not_summed",
            "a bias gradient has one row per sample; each bias is shared by the whole batch, so sum over dim 0 (shapes (M,) and (K,)).",
            lambda g, x, h, w2: _mlp_with(g, x, h, w2, sum_bias=False),
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size; grad_output already holds the 1/N of the mean loss, so the layers only sum over the batch.",
            lambda g, x, h, w2: _mlp_with(g, x, h, w2, scale=1.0 / x.shape[0]),
        ),
        Mistake(
            "layer_inputs_swapped",
            "each weight's gradient uses that layer's own input: hidden for weight2 (G^T h) and x for weight1 ((dL/dz)^T x).",
            lambda g, x, h, w2: _mlp_with(g, x, h, w2, swap_inputs=True),
        ),
        Mistake(
            "wrong_order",
            "the gradients are in the wrong order: return (grad_weight1, grad_bias1, grad_weight2, grad_bias2).",
            lambda g, x, h, w2: (lambda r: (r[2], r[3], r[0], r[1]))(_mlp_with(g, x, h, w2)),
        ),
    ),
    forbidden=(
        *AUTOGRAD,
        "dl_helpers.reference.backprop.linear_backward",
        "dl_helpers.reference.activations.relu_backward",
    ),
)
