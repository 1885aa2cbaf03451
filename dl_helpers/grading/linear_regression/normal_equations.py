"""Chapter 01 exercise ``normal_equations``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.linear_regression._common import _targets


def _design(gen: torch.Generator, n: int, d: int) -> Tensor:
    """A random design matrix with full column rank and moderate conditioning."""
    return _randn(gen, n, d) + 0.5 * torch.eye(n, d, dtype=F64)


def _normal_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], dtype=F64)
    X4 = torch.tensor(
        [[2.0, 0.5, -1.0], [1.0, 1.5, 0.0], [0.0, -2.0, 1.0], [-1.0, 0.0, 2.0], [1.0, 1.0, 1.0]], dtype=F64
    )
    y4 = torch.tensor([1.0, 2.0, -1.0, 0.5, 3.0], dtype=F64)
    return [
        Case("5 samples, 3 features", (X4, y4)),
        Case("a line through 3 points (first column all ones)", (X, torch.tensor([1.0, 3.0, 5.0], dtype=F64))),
        Case("5 samples, 3 features, 2 target columns", (X4, torch.stack([y4, 2 * y4 - 1], dim=1))),
    ]


def _normal_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 5)
    n = _randint(gen, d + 2, 30)
    y = _targets(gen, n)
    return Case(f"random X of shape ({n}, {d}), y of shape {tuple(y.shape)}", (_design(gen, n, d), y))


def _normal_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(11)
    square = _design(gen, 4, 4)
    tall = _design(gen, 50, 3)
    return [
        Case("a square system (N = D)", (square, _randn(gen, 4))),
        Case("one feature", (tall[:, :1], _randn(gen, 50))),
        Case("features of size 1e3", (1e3 * tall, _randn(gen, 50))),
    ]


def _features_independent(X: Tensor, y: Tensor) -> Tensor:
    scale = (X**2).sum(0)  # (D,)
    return (X.mT @ y) / (scale if y.dim() == 1 else scale[:, None])


EXERCISE = Exercise(
    name="normal_equations",
    reference=ref.normal_equations,
    fixed_cases=_normal_fixed,
    random_case=_normal_random,
    edge_cases=_normal_edge,
    mistakes=(
        Mistake(
            "moment_only",
            "you returned X^T y without solving with X^T X; w is the solution of (X^T X) w = X^T y.",
            lambda X, y: X.mT @ y,
        ),
        Mistake(
            "features_independent",
            "you divided X^T y by the diagonal of X^T X, which ignores how features correlate; solve with the whole matrix X^T X.",
            _features_independent,
        ),
        Mistake(
            "gram_over_n",
            "you scaled X^T X by 1/N but not X^T y (or the other way round); scale both sides or neither.",
            # (X^T X / N) w = X^T y is solved by N times the right w
            lambda X, y: X.shape[0] * ref.normal_equations(X, y),
        ),
        Mistake(
            "added_bias_column",
            "you appended a column of ones; the exercise's X already holds every feature (add a bias column outside the function).",
            lambda X, y: ref.normal_equations(torch.cat([X, torch.ones_like(X[:, :1])], dim=1), y),
        ),
    ),
    forbidden=(
        "torch.linalg.lstsq",
        "torch.linalg.pinv",
        "torch.pinverse",
        "torch.Tensor.pinverse",
        "numpy.linalg.lstsq",
        "numpy.linalg.pinv",
        "scipy.linalg.lstsq",
        "sklearn.linear_model.LinearRegression.fit",
    ),
    tolerance_scale=100.0,
)
