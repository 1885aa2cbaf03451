"""Chapter 01 exercise ``mse_gradients``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _gradients_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]], dtype=F64)
    y = torch.tensor([1.0, 0.0, 2.0], dtype=F64)
    return [
        Case("3 samples, 2 features, w = 0, b = 0", (X, y, torch.zeros(2, dtype=F64), torch.tensor(0.0, dtype=F64))),
        Case(
            "3 samples, 2 features, w = [0.5, -1], b = 2",
            (X, y, torch.tensor([0.5, -1.0], dtype=F64), torch.tensor(2.0, dtype=F64)),
        ),
    ]


def _gradients_random(gen: torch.Generator) -> Case:
    n, d = _randint(gen, 1, 20), _randint(gen, 1, 5)
    args = (_randn(gen, n, d), _randn(gen, n), _randn(gen, d), _randn(gen, 1)[0])
    return Case(f"random X of shape ({n}, {d})", args)


def _gradients_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(3)
    return [
        Case("a single sample", (_randn(gen, 1, 3), _randn(gen, 1), _randn(gen, 3), torch.tensor(0.5, dtype=F64))),
        Case(
            "a perfect fit (zero gradient)",
            (
                torch.eye(3, dtype=F64),
                torch.tensor([1.0, 2.0, 3.0], dtype=F64),
                torch.tensor([1.0, 2.0, 3.0], dtype=F64),
                torch.tensor(0.0, dtype=F64),
            ),
        ),
        Case("square X (N = D)", (_randn(gen, 4, 4), _randn(gen, 4), _randn(gen, 4), torch.tensor(-1.0, dtype=F64))),
    ]


def _residual(X: Tensor, y: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return X @ w + b - y


EXERCISE = Exercise(
    name="mse_gradients",
    reference=ref.mse_gradients,
    fixed_cases=_gradients_fixed,
    random_case=_gradients_random,
    edge_cases=_gradients_edge,
    mistakes=(
        Mistake(
            "missing_factor_two",
            "your gradients are half the right ones: the derivative of r^2 is 2 r, so both carry the factor 2/N.",
            lambda X, y, w, b: tuple(g / 2 for g in ref.mse_gradients(X, y, w, b)),
        ),
        Mistake(
            "sum_not_mean",
            "your gradients are N times too large: the loss is a mean over the N samples, so divide by N.",
            lambda X, y, w, b: tuple(g * X.shape[0] for g in ref.mse_gradients(X, y, w, b)),
        ),
        Mistake(
            "wrong_sign",
            "your gradients have the wrong sign: with r = Xw + b - y, dL/dw = (2/N) X^T r; using y - (Xw + b) flips it.",
            lambda X, y, w, b: tuple(-g for g in ref.mse_gradients(X, y, w, b)),
        ),
        Mistake(
            "bias_gradient_not_summed",
            "your bias gradient has one entry per sample; b is shared by all samples, so sum (2/N) r over the batch to get a scalar.",
            lambda X, y, w, b: (ref.mse_gradients(X, y, w, b)[0], (2.0 / X.shape[0]) * _residual(X, y, w, b)),
        ),
        Mistake(
            "missing_transpose",
            "you multiplied by X instead of X^T: grad_w = (2/N) X^T r has one entry per feature.",
            lambda X, y, w, b: ((2.0 / X.shape[0]) * (X @ _residual(X, y, w, b)), ref.mse_gradients(X, y, w, b)[1]),
        ),
    ),
    forbidden=(
        "torch.autograd.grad",
        "torch.autograd.backward",
        "torch.Tensor.backward",
        "torch.func.grad",
        "torch.func.vjp",
    ),
)
