"""Chapter 02 exercise ``softmax_regression_gradients``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, labels as _labels, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _srg_case(gen: torch.Generator, n: int, d: int, k: int, label: str, scale: float = 1.0) -> Case:
    X = _randn(gen, n, d)
    return Case(label, (X, _labels(gen, n, k), scale * _randn(gen, k, d), scale * _randn(gen, k)))


def _srg_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]], dtype=F64)
    y = torch.tensor([0, 2, 1])
    gen = torch.Generator().manual_seed(41)
    return [
        Case("3 samples, D = 2, K = 3, W = 0, b = 0", (X, y, torch.zeros(3, 2, dtype=F64), torch.zeros(3, dtype=F64))),
        Case(
            "3 samples, D = 2, K = 3, W and b nonzero",
            (
                X,
                y,
                torch.tensor([[0.5, -1.0], [0.0, 1.0], [2.0, 0.5]], dtype=F64),
                torch.tensor([0.1, -0.2, 0.3], dtype=F64),
            ),
        ),
        _srg_case(gen, 6, 4, 3, "6 samples, D = 4, K = 3"),
    ]


def _srg_random(gen: torch.Generator) -> Case:
    n, d, k = _randint(gen, 1, 10), _randint(gen, 1, 5), _randint(gen, 2, 5)
    return _srg_case(gen, n, d, k, f"random N={n}, D={d}, K={k}")


def _srg_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(42)
    return [
        _srg_case(gen, 1, 3, 4, "a single sample"),
        _srg_case(gen, 5, 3, 3, "weights of size 1000 (saturated softmax)", scale=1000.0),
        _srg_case(gen, 40, 8, 10, "40 samples, D = 8, K = 10"),
    ]


def _srg_with(
    X, y, weight, bias, *, softmax_dim=1, sign=1.0, divide=True, transpose=False, sum_bias=True, subtract=True
):
    """softmax_regression_gradients with a chosen defect; the defaults give the right gradients."""
    logits = X @ weight.mT + bias  # (N, K)
    error = ref.softmax(logits, dim=softmax_dim) - (ref.one_hot(y, weight.shape[0]).to(X.dtype) if subtract else 0.0)
    grad_logits = sign * error / (X.shape[0] if divide else 1)  # (N, K)
    grad_weight = X.mT @ grad_logits if transpose else grad_logits.mT @ X
    return grad_weight, grad_logits.sum(dim=0) if sum_bias else grad_logits


EXERCISE = Exercise(
    name="softmax_regression_gradients",
    reference=ref.softmax_regression_gradients,
    fixed_cases=_srg_fixed,
    random_case=_srg_random,
    edge_cases=_srg_edge,
    mistakes=(
        Mistake(
            "wrong_sign",
            "your gradients have the wrong sign: dL/do = softmax(o) - onehot(y) (probabilities minus targets), so gradient descent lowers the "
            "wrong classes' scores and raises the true one.",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, sign=-1.0),
        ),
        Mistake(
            "not_divided_by_n",
            "your gradients are N times too large: the loss is the mean over the N samples, so dL/do = (softmax(o) - onehot(y)) / N.",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, divide=False),
        ),
        Mistake(
            "softmax_over_batch",
            "you took the softmax over the batch (dim 0); each sample's probabilities run over its K classes, dim=1.",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, softmax_dim=0),
        ),
        Mistake(
            "one_hot_missing",
            "you forgot to subtract the one-hot targets: dL/do = softmax(o) - onehot(y), not softmax(o) alone.",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, subtract=False),
        ),
        Mistake(
            "weight_gradient_transposed",
            "grad_weight must have weight's shape (K, D): it is (dL/do)^T X, not X^T (dL/do).",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, transpose=True),
        ),
        Mistake(
            "bias_gradient_not_summed",
            "your bias gradient has one row per sample; b is shared by all samples, so sum dL/do over the batch (shape (K,)).",
            lambda X, y, weight, bias: _srg_with(X, y, weight, bias, sum_bias=False),
        ),
    ),
    forbidden=(
        *AUTOGRAD,
        "dl_helpers.reference.backprop.softmax_cross_entropy_backward",
        "dl_helpers.reference.backprop.linear_backward",
    ),
)
