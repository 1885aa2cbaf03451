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


def _relu_mask_missing(g: Tensor, x: Tensor, h: Tensor, w2: Tensor) -> tuple[Tensor, ...]:
    first_layer = ref.mlp_backward(g, x, torch.ones_like(h), w2)[:2]  # as if every hidden unit were active
    return first_layer + ref.mlp_backward(g, x, h, w2)[2:]


def _bias_not_summed(g: Tensor, x: Tensor, h: Tensor, w2: Tensor) -> tuple[Tensor, ...]:
    grad_weight1, _, grad_weight2, _ = ref.mlp_backward(g, x, h, w2)
    grad_pre_activation = ref.relu_backward(g @ w2, h)  # (N, M)
    return grad_weight1, grad_pre_activation, grad_weight2, g  # one row per sample, not summed over the batch


def _layer_inputs_swapped(g: Tensor, x: Tensor, h: Tensor, w2: Tensor) -> tuple[Tensor, ...]:
    _, grad_bias1, _, grad_bias2 = ref.mlp_backward(g, x, h, w2)
    grad_pre_activation = ref.relu_backward(g @ w2, h)  # (N, M)
    return grad_pre_activation.mT @ h, grad_bias1, g.mT @ x, grad_bias2


def _wrong_order(g: Tensor, x: Tensor, h: Tensor, w2: Tensor) -> tuple[Tensor, ...]:
    grad_weight1, grad_bias1, grad_weight2, grad_bias2 = ref.mlp_backward(g, x, h, w2)
    return grad_weight2, grad_bias2, grad_weight1, grad_bias1


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
            _relu_mask_missing,
        ),
        Mistake(
            "weight2_transposed",
            "to go back through the second layer multiply by weight2 itself: logits = hidden W2^T + b2, so dL/dhidden = grad_output @ weight2 (shape (N, M)).",
            lambda g, x, h, w2: ref.mlp_backward(g, x, h, w2.mT),
        ),
        Mistake(
            "bias_not_summed",
            "a bias gradient has one row per sample; each bias is shared by the whole batch, so sum over dim 0 (shapes (M,) and (K,)).",
            _bias_not_summed,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size; grad_output already holds the 1/N of the mean loss, so the layers only sum over the batch.",
            lambda g, x, h, w2: tuple(grad / x.shape[0] for grad in ref.mlp_backward(g, x, h, w2)),
        ),
        Mistake(
            "layer_inputs_swapped",
            "each weight's gradient uses that layer's own input: hidden for weight2 (G^T h) and x for weight1 ((dL/dz)^T x).",
            _layer_inputs_swapped,
        ),
        Mistake(
            "wrong_order",
            "the gradients are in the wrong order: return (grad_weight1, grad_bias1, grad_weight2, grad_bias2).",
            _wrong_order,
        ),
    ),
    forbidden=(
        *AUTOGRAD,
        "dl_helpers.reference.backprop.linear_backward",
        "dl_helpers.reference.activations.relu_backward",
    ),
)
