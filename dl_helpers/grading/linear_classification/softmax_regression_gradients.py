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


def _softmax_over_batch(X, y, weight, bias):
    probs = ref.softmax(X @ weight.mT + bias, dim=0)  # (N, K): each column, not each row, sums to 1
    grad_logits = (probs - ref.one_hot(y, weight.shape[0]).to(X.dtype)) / X.shape[0]
    return grad_logits.mT @ X, grad_logits.sum(dim=0)


def _one_hot_missing(X, y, weight, bias):
    grad_logits = ref.softmax(X @ weight.mT + bias, dim=1) / X.shape[0]  # (N, K), no one-hot subtracted
    return grad_logits.mT @ X, grad_logits.sum(dim=0)


def _weight_gradient_transposed(X, y, weight, bias):
    grad_weight, grad_bias = ref.softmax_regression_gradients(X, y, weight, bias)
    return grad_weight.mT, grad_bias  # X^T (dL/do), shape (D, K)


def _bias_gradient_not_summed(X, y, weight, bias):
    grad_weight, _ = ref.softmax_regression_gradients(X, y, weight, bias)
    grad_logits = ref.softmax_cross_entropy_backward(X @ weight.mT + bias, y)  # (N, K): dL/do, one row per sample
    return grad_weight, grad_logits


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
            lambda X, y, weight, bias: tuple(-g for g in ref.softmax_regression_gradients(X, y, weight, bias)),
        ),
        Mistake(
            "not_divided_by_n",
            "your gradients are N times too large: the loss is the mean over the N samples, so dL/do = (softmax(o) - onehot(y)) / N.",
            lambda X, y, weight, bias: tuple(
                X.shape[0] * g for g in ref.softmax_regression_gradients(X, y, weight, bias)
            ),
        ),
        Mistake(
            "softmax_over_batch",
            "you took the softmax over the batch (dim 0); each sample's probabilities run over its K classes, dim=1.",
            _softmax_over_batch,
        ),
        Mistake(
            "one_hot_missing",
            "you forgot to subtract the one-hot targets: dL/do = softmax(o) - onehot(y), not softmax(o) alone.",
            _one_hot_missing,
        ),
        Mistake(
            "weight_gradient_transposed",
            "grad_weight must have weight's shape (K, D): it is (dL/do)^T X, not X^T (dL/do).",
            _weight_gradient_transposed,
        ),
        Mistake(
            "bias_gradient_not_summed",
            "your bias gradient has one row per sample; b is shared by all samples, so sum dL/do over the batch (shape (K,)).",
            _bias_gradient_not_summed,
        ),
    ),
    forbidden=(
        *AUTOGRAD,
        "dl_helpers.reference.backprop.softmax_cross_entropy_backward",
        "dl_helpers.reference.backprop.linear_backward",
    ),
)
