"""Chapter 04 exercise ``linear_backward``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _linear_case(gen: torch.Generator, n: int, d: int, k: int, label: str) -> Case:
    return Case(label, (_randn(gen, n, k), _randn(gen, n, d), _randn(gen, k, d)))


def _linear_backward_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(1)
    return [
        _linear_case(gen, 4, 3, 3, "4 samples, 3 features, 3 outputs (a square weight)"),
        _linear_case(gen, 2, 3, 1, "2 samples, 3 features, 1 output"),
        _linear_case(gen, 5, 2, 4, "5 samples, 2 features, 4 outputs"),
    ]


def _linear_backward_random(gen: torch.Generator) -> Case:
    n, d, k = _randint(gen, 1, 8), _randint(gen, 1, 6), _randint(gen, 1, 6)
    return _linear_case(gen, n, d, k, f"random N={n}, D={d}, K={k}")


def _linear_backward_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(2)
    big = _linear_case(gen, 3, 2, 2, "")
    return [
        _linear_case(gen, 1, 4, 3, "a single sample"),
        _linear_case(gen, 6, 1, 1, "one feature, one output"),
        Case("grad_output all zero", (torch.zeros(3, 2, dtype=F64), _randn(gen, 3, 4), _randn(gen, 2, 4))),
        Case("values of 1e100", tuple(1e100 * t for t in big.args)),
    ]


def _with_item(grads: tuple[Tensor, ...], index: int, value: Tensor) -> tuple[Tensor, ...]:
    """``grads`` with item ``index`` replaced by ``value``: the reference's gradients with one of them wrong."""
    return (*grads[:index], value, *grads[index + 1 :])


def _divided_by_batch(g: Tensor, x: Tensor, w: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    grad_x, grad_weight, grad_bias = ref.linear_backward(g, x, w)
    return grad_x, grad_weight / x.shape[0], grad_bias / x.shape[0]


EXERCISE = Exercise(
    name="linear_backward",
    reference=ref.linear_backward,
    fixed_cases=_linear_backward_fixed,
    random_case=_linear_backward_random,
    edge_cases=_linear_backward_edge,
    mistakes=(
        Mistake(
            "grad_weight_transposed",
            "grad_weight is transposed (x^T @ grad_output, shape (D, K)); it must have weight's shape (K, D): grad_output^T @ x. A missing transpose.",
            lambda g, x, w: _with_item(ref.linear_backward(g, x, w), 1, x.mT @ g),
        ),
        Mistake(
            "bias_not_summed",
            "grad_bias has one row per sample; the bias is shared by all N samples, so sum grad_output over the batch (dim 0) to get shape (K,).",
            lambda g, x, w: _with_item(ref.linear_backward(g, x, w), 2, g),
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size; grad_output already carries the loss' 1/N, so the layer sums over the batch without averaging again.",
            _divided_by_batch,
        ),
        Mistake(
            "grad_x_weight_transposed",
            "grad_x multiplies by weight^T; since y = x W^T, dL/dx = grad_output @ weight (shape (N, K) @ (K, D) = (N, D)), with no transpose.",
            lambda g, x, w: _with_item(ref.linear_backward(g, x, w), 0, g @ w.mT),
        ),
        Mistake(
            "bias_summed_over_outputs",
            "you summed the bias gradient over the outputs (dim 1); sum over the batch (dim 0), leaving one entry per output.",
            lambda g, x, w: _with_item(ref.linear_backward(g, x, w), 2, g.sum(dim=1)),
        ),
        Mistake(
            "wrong_order",
            "the gradients are in the wrong order: return (grad_x, grad_weight, grad_bias).",
            lambda g, x, w: tuple(reversed(ref.linear_backward(g, x, w))),
        ),
    ),
    forbidden=AUTOGRAD,
)
