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


def _lb(grad_output: Tensor, x: Tensor, weight: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    return grad_output @ weight, grad_output.mT @ x, grad_output.sum(dim=0)


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
            lambda g, x, w: (g @ w, x.mT @ g, g.sum(dim=0)),
        ),
        Mistake(
            "bias_not_summed",
            "grad_bias has one row per sample; the bias is shared by all N samples, so sum grad_output over the batch (dim 0) to get shape (K,).",
            lambda g, x, w: (g @ w, g.mT @ x, g),
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size; grad_output already carries the loss' 1/N, so the layer sums over the batch without averaging again.",
            lambda g, x, w: (g @ w, g.mT @ x / x.shape[0], g.sum(dim=0) / x.shape[0]),
        ),
        Mistake(
            "grad_x_weight_transposed",
            "grad_x multiplies by weight^T; since y = x W^T, dL/dx = grad_output @ weight (shape (N, K) @ (K, D) = (N, D)), with no transpose.",
            lambda g, x, w: (g @ w.mT, g.mT @ x, g.sum(dim=0)),
        ),
        Mistake(
            "bias_summed_over_outputs",
            "you summed the bias gradient over the outputs (dim 1); sum over the batch (dim 0), leaving one entry per output.",
            lambda g, x, w: (g @ w, g.mT @ x, g.sum(dim=1)),
        ),
        Mistake(
            "wrong_order",
            "the gradients are in the wrong order: return (grad_x, grad_weight, grad_bias).",
            lambda g, x, w: tuple(reversed(_lb(g, x, w))),
        ),
    ),
    forbidden=AUTOGRAD,
)
