"""Chapter 04 exercise ``numerical_gradient``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, random_shape as _random_shape
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


class ScalarFunction:
    """A function of a tensor, shown in failure messages by its formula rather than its address."""

    def __init__(self, formula: str, fn: Callable[[Tensor], Tensor]):
        self.formula = formula
        self.fn = fn

    def __call__(self, x: Tensor) -> Tensor:
        return self.fn(x)

    def __repr__(self) -> str:
        return f"f(x) = {self.formula}"


FUNCTIONS = (
    ScalarFunction("logsumexp(3x)", lambda x: torch.logsumexp(3 * x.reshape(-1), dim=0)),
    ScalarFunction("sum(x sin(3x))", lambda x: (x * torch.sin(3 * x)).sum()),
    ScalarFunction("sum(exp(x / 2))", lambda x: torch.exp(x / 2).sum()),
    ScalarFunction("sum(x)^2 + sum(x^3)", lambda x: x.sum() ** 2 + (x**3).sum()),
    ScalarFunction("prod(1 + tanh(x))", lambda x: (1 + torch.tanh(x)).prod()),
)


def _numgrad_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(5)
    return [
        Case("f(x) = logsumexp(3x), x of shape (2, 3), eps=1e-3", (FUNCTIONS[0], _randn(gen, 2, 3)), {"eps": 1e-3}),
        Case("f(x) = sum(x sin(3x)), x of shape (4,), the default eps", (FUNCTIONS[1], _randn(gen, 4))),
        Case("f(x) = sum(x)^2 + sum(x^3), x of shape (3,), eps=1e-4", (FUNCTIONS[3], _randn(gen, 3)), {"eps": 1e-4}),
    ]


def _numgrad_random(gen: torch.Generator) -> Case:
    f = FUNCTIONS[_randint(gen, 0, len(FUNCTIONS) - 1)]
    shape = _random_shape(gen, max_dims=3, max_size=3)
    eps = (1e-3, 1e-4, 1e-5, 1e-6)[_randint(gen, 0, 3)]
    return Case(f"{f!r}, random x of shape {shape}, eps={eps:g}", (f, _randn(gen, *shape)), {"eps": eps})


def _numgrad_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(6)
    return [
        Case("a 0-dim input, f(x) = sum(exp(x / 2))", (FUNCTIONS[2], torch.tensor(0.7, dtype=F64))),
        Case(
            "a linear function f(x) = sum(x) (slope 1 everywhere)",
            (ScalarFunction("sum(x)", lambda x: x.sum()), _randn(gen, 2, 2)),
        ),
        Case(
            "a constant function (gradient 0)",
            (ScalarFunction("3", lambda x: torch.ones((), dtype=x.dtype, device=x.device) * 3), _randn(gen, 3)),
        ),
        Case("a single-element input of size 1e3", (FUNCTIONS[1], torch.tensor([1e3], dtype=F64)), {"eps": 1e-3}),
    ]


def _one_sided(f: Callable, input: Tensor, eps: float = 1e-6) -> Tensor:
    x = input.detach().clone(memory_format=torch.contiguous_format)
    flat, f_x = x.view(-1), torch.as_tensor(f(x), dtype=x.dtype).clone()
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        original = flat[i].clone()
        flat[i] = original + eps
        grad[i] = (torch.as_tensor(f(x), dtype=x.dtype) - f_x) / eps  # (f(x + eps e_i) - f(x)) / eps
        flat[i] = original
    return grad.view(input.shape)


def _all_coordinates_at_once(f: Callable, input: Tensor, eps: float = 1e-6) -> Tensor:
    slope = (torch.as_tensor(f(input + eps)) - torch.as_tensor(f(input - eps))) / (2 * eps)
    return torch.full_like(input, float(slope))


def _perturbation_not_restored(f: Callable, input: Tensor, eps: float = 1e-6) -> Tensor:
    x = input.detach().clone(memory_format=torch.contiguous_format)
    flat = x.view(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        flat[i] += eps
        f_plus = torch.as_tensor(f(x), dtype=x.dtype).clone()
        flat[i] -= 2 * eps  # and never put back: x[i] stays at x[i] - eps for the coordinates after it
        grad[i] = (f_plus - torch.as_tensor(f(x), dtype=x.dtype)) / (2 * eps)
    return grad.view(input.shape)


EXERCISE = Exercise(
    name="numerical_gradient",
    reference=ref.numerical_gradient,
    fixed_cases=_numgrad_fixed,
    random_case=_numgrad_random,
    edge_cases=_numgrad_edge,
    mistakes=(
        Mistake(
            "one_sided",
            "you used one-sided differences (f(x + eps e_i) - f(x)) / eps, whose error shrinks only like eps; use central differences (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), whose error shrinks like eps^2.",
            _one_sided,
        ),
        Mistake(
            "divided_by_eps",
            "your gradient is twice too large: f(x + eps e_i) and f(x - eps e_i) are 2 eps apart, so divide their difference by 2 * eps.",
            lambda f, input, eps=1e-6: 2 * ref.numerical_gradient(f, input, eps),
        ),
        Mistake(
            "all_coordinates_at_once",
            "you moved every coordinate at once (x + eps), which measures the slope along (1, 1, ..., 1) and puts it in every entry; perturb one coordinate at a time.",
            _all_coordinates_at_once,
        ),
        Mistake(
            "perturbation_not_restored",
            "you did not undo each perturbation, so every later coordinate was measured at a shifted point; put x[i] back to its original value before moving on.",
            _perturbation_not_restored,
        ),
        Mistake(
            "wrong_sign",
            "your gradient has the wrong sign: it is (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), the value at the larger x first.",
            lambda f, input, eps=1e-6: -ref.numerical_gradient(f, input, eps),
        ),
        Mistake(
            "flattened",
            "you returned a flat vector; return the gradient in input's shape (reshape the flat result back with .view(input.shape)).",
            lambda f, input, eps=1e-6: ref.numerical_gradient(f, input, eps).reshape(-1),
        ),
    ),
    forbidden=AUTOGRAD,
    check_dtypes=False,
    random_count=20,
)
