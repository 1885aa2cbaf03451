"""Chapter 04 exercise ``gelu``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, random_shape as _random_shape
from dl_helpers.grading.exercise import Case, Exercise, Mistake

_SQRT2 = math.sqrt(2.0)


def _gelu_fixed() -> list[Case]:
    x = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0], dtype=F64)
    batch = torch.tensor([[0.1, -2.0, 1.5], [4.0, -0.3, 0.7]], dtype=F64)
    return [
        Case("x = [-3, -1, -0.5, 0, 0.5, 1, 3]", (x,)),
        Case("a 2 x 3 batch", (batch,)),
        Case("x = [-3, -1, -0.5, 0, 0.5, 1, 3], approximate='tanh'", (x,), {"approximate": "tanh"}),
    ]


def _gelu_random(gen: torch.Generator) -> Case:
    shape = _random_shape(gen)
    approximate = "tanh" if _randint(gen, 0, 3) == 0 else "none"
    return Case(
        f"random {shape}, approximate={approximate!r}", (3 * _randn(gen, *shape),), {"approximate": approximate}
    )


def _gelu_edge() -> list[Case]:
    far = torch.tensor([-1e3, -50.0, -8.0, 8.0, 50.0, 1e3], dtype=F64)
    tiny = torch.tensor([-1e-12, -0.0, 1e-300, 1e-12], dtype=F64)
    return [
        Case("far from 0: x = ±8, ±50, ±1000", (far,)),
        Case("far from 0, approximate='tanh' (x^3 is 1e9)", (far,), {"approximate": "tanh"}),
        Case("tiny values and -0.0", (tiny,)),
        Case("a single value", (torch.tensor([0.25], dtype=F64),)),
    ]


EXERCISE = Exercise(
    name="gelu",
    reference=ref.gelu,
    fixed_cases=_gelu_fixed,
    random_case=_gelu_random,
    edge_cases=_gelu_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "tanh_for_exact",
            "with approximate='none' you used the tanh approximation; the default is the exact x * Phi(x) with Phi(x) = (1 + erf(x / sqrt(2))) / 2.",
            lambda input, approximate="none": ref.gelu(input, "tanh"),
        ),
        Mistake(
            "erf_without_sqrt2",
            "you wrote erf(x) where the normal CDF needs erf(x / sqrt(2)): Phi(x) = (1 + erf(x / sqrt(2))) / 2.",
            # exact form: x (1 + erf(x)) / 2 = x Phi(sqrt(2) x) = gelu(sqrt(2) x) / sqrt(2)
            lambda input, approximate="none": (
                ref.gelu(input, "tanh") if approximate == "tanh" else ref.gelu(_SQRT2 * input) / _SQRT2
            ),
        ),
        Mistake(
            "missing_half",
            "your GELU is twice too large: Phi(x) = (1 + erf(x / sqrt(2))) / 2 has a factor 1/2 (the curve must approach y = x for large x).",
            lambda input, approximate="none": ref.gelu(input, "tanh") if approximate == "tanh" else 2 * ref.gelu(input),
        ),
        Mistake(
            "erf_as_cdf",
            "you used erf itself as the normal CDF; Phi(x) = (1 + erf(x / sqrt(2))) / 2, which runs from 0 to 1 (erf runs from -1 to 1).",
            # exact form: x erf(x / sqrt(2)) = x (2 Phi(x) - 1) = 2 gelu(x) - x
            lambda input, approximate="none": (
                ref.gelu(input, "tanh") if approximate == "tanh" else 2 * ref.gelu(input) - input
            ),
        ),
        Mistake(
            "sigmoid_approximation",
            "you used the sigmoid approximation x * sigmoid(1.702 x); F.gelu's default is the exact x * Phi(x) with erf.",
            lambda input, approximate="none": (
                ref.gelu(input, "tanh") if approximate == "tanh" else input * ref.sigmoid(1.702 * input)
            ),
        ),
        Mistake(
            "approximate_ignored",
            "you ignored approximate='tanh': it asks for 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).",
            lambda input, approximate="none": ref.gelu(input),
        ),
    ),
    forbidden=("torch.nn.functional.gelu", "torch._C._nn.gelu", "torch.nn.GELU.forward"),
)
