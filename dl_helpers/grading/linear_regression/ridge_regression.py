"""Chapter 01 exercise ``ridge_regression``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.linear_regression._common import _targets


def _ridge_fixed() -> list[Case]:
    X = torch.tensor([[0.0, 1.0], [1.0, 3.0], [2.0, 2.0], [3.0, 5.0], [4.0, 4.0]], dtype=F64)
    y = torch.tensor([1.0, 3.0, 4.0, 7.0, 8.0], dtype=F64)
    return [
        Case("5 samples, 2 features, alpha=1", (X, y, 1.0)),
        Case("5 samples, 2 features, alpha=0.1", (X, y, 0.1)),
        Case("targets shifted by +100, alpha=1", (X, y + 100.0, 1.0)),
        Case("2 target columns, alpha=2", (X, torch.stack([y, -y], dim=1), 2.0)),
    ]


def _ridge_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 5)
    n = _randint(gen, d + 3, 30)
    X = _randn(gen, n, d) * 2 + _randn(gen, d) * 3  # features with non-zero means
    y = _targets(gen, n) + 5 * float(_randn(gen, 1))
    alpha = float(10 ** (torch.rand(1, generator=gen, dtype=F64) * 3 - 2))  # 0.01 .. 10
    return Case(f"random X of shape ({n}, {d}), y of shape {tuple(y.shape)}, alpha={alpha:.3g}", (X, y, alpha))


def _ridge_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(5)
    X = _randn(gen, 12, 3) + 4.0
    y = _randn(gen, 12) + 10.0
    return [
        Case("alpha=0 (ordinary least squares with a bias)", (X, y, 0.0)),
        Case("alpha=1e6 (weights near zero)", (X, y, 1e6)),
        Case("a single feature", (X[:, :1], y, 3.0)),
    ]


def _ridge_bias_penalised(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    Xb = torch.cat([X, torch.ones_like(X[:, :1])], dim=1)
    eye = torch.eye(Xb.shape[1], dtype=X.dtype, device=X.device)
    wb = torch.linalg.solve(Xb.mT @ Xb + alpha * eye, Xb.mT @ y)
    return wb[:-1], wb[-1]


def _ridge_uncentred(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)
    w = torch.linalg.solve(X.mT @ X + alpha * eye, X.mT @ y)
    return w, y.mean(0) - X.mean(0) @ w


def _ridge_bias_is_mean(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    w, _ = ref.ridge_regression(X, y, alpha)
    return w, y.mean(0)


def _ridge_alpha_times_n(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    return ref.ridge_regression(X, y, alpha * X.shape[0])


def _ridge_no_bias(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    w, _ = _ridge_uncentred(X, y, alpha)  # the same w: solved without centring
    return w, torch.zeros_like(y.mean(0))


EXERCISE = Exercise(
    name="ridge_regression",
    reference=ref.ridge_regression,
    fixed_cases=_ridge_fixed,
    random_case=_ridge_random,
    edge_cases=_ridge_edge,
    mistakes=(
        Mistake(
            "bias_penalised",
            "your bias is penalised (a ones column inside alpha * I); the bias must stay unpenalised: centre X and y, solve for w, then b = mean(y) - mean(X) w.",
            _ridge_bias_penalised,
        ),
        Mistake(
            "alpha_times_n",
            "your penalty is N times too strong: that is the minimiser of mean((y - Xw - b)^2) + alpha ||w||^2; this exercise's objective sums the squared errors.",
            _ridge_alpha_times_n,
        ),
        Mistake(
            "not_centred",
            "you solved for w without centring X and y, so w is pulled towards explaining the mean; subtract the column means before solving.",
            _ridge_uncentred,
        ),
        Mistake(
            "bias_is_mean_y",
            "w is right but the bias is mean(y); it must be mean(y) - mean(X) w, so the fit passes through the data's centre.",
            _ridge_bias_is_mean,
        ),
        Mistake(
            "no_bias",
            "you fitted no bias (b = 0); centre the data to find w, then recover b = mean(y) - mean(X) w.",
            _ridge_no_bias,
        ),
    ),
    forbidden=(
        "sklearn.linear_model.Ridge.fit",
        "sklearn.linear_model.ridge_regression",
        "torch.linalg.lstsq",
        "numpy.linalg.lstsq",
    ),
    tolerance_scale=100.0,
)
