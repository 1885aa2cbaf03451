"""Chapter 01 exercise ``polynomial_features``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _poly_fixed() -> list[Case]:
    return [
        Case("x = [2, 3], degree 2", (torch.tensor([2.0, 3.0], dtype=F64), 2)),
        Case("x = [-1, 0.5, 0], degree 3", (torch.tensor([-1.0, 0.5, 0.0], dtype=F64), 3)),
    ]


def _poly_random(gen: torch.Generator) -> Case:
    n, degree = _randint(gen, 1, 10), _randint(gen, 1, 6)
    x = torch.rand(n, generator=gen, dtype=F64) * 4 - 2
    return Case(f"random x of shape ({n},), degree {degree}", (x, degree))


def _poly_edge() -> list[Case]:
    return [
        Case("degree 0 (only the constant)", (torch.tensor([5.0, -2.0], dtype=F64), 0)),
        Case("x containing 0 (0^0 = 1)", (torch.tensor([0.0, 1.0, -3.0], dtype=F64), 4)),
        Case("a single sample, degree 9", (torch.tensor([1.1], dtype=F64), 9)),
    ]


EXERCISE = Exercise(
    name="polynomial_features",
    reference=ref.polynomial_features,
    fixed_cases=_poly_fixed,
    random_case=_poly_random,
    edge_cases=_poly_edge,
    mistakes=(
        Mistake(
            "missing_constant",
            "your first column is x, not 1: the features are x^0, x^1, ..., x^degree (degree + 1 columns).",
            lambda x, degree: ref.polynomial_features(x, degree)[:, 1:],
        ),
        Mistake(
            "one_power_short",
            "you stopped one power early (range(degree) excludes degree): the last column must be x^degree.",
            lambda x, degree: ref.polynomial_features(x, degree)[:, :-1],
        ),
        Mistake(
            "powers_shifted",
            "your powers are shifted by one (x^1 .. x^(degree+1)); start at x^0 = 1.",
            lambda x, degree: ref.polynomial_features(x, degree + 1)[:, 1:],
        ),
        Mistake(
            "decreasing_order",
            "your columns run from x^degree down to 1; order them by increasing power, column j = x^j.",
            lambda x, degree: ref.polynomial_features(x, degree).flip(-1),
        ),
        Mistake(
            "constant_from_division",
            "your constant column is x / x, which is NaN where x = 0; use ones (0^0 is 1 here).",
            lambda x, degree: torch.cat([(x / x)[:, None], ref.polynomial_features(x, degree)[:, 1:]], dim=-1),
        ),
    ),
    forbidden=(
        "torch.vander",
        "numpy.vander",
        "numpy.polynomial.polynomial.polyvander",
        "sklearn.preprocessing.PolynomialFeatures.fit_transform",
        "sklearn.preprocessing.PolynomialFeatures.transform",
    ),
)
