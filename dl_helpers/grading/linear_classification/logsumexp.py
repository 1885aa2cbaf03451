"""Chapter 02 exercise ``logsumexp``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _lse_fixed() -> list[Case]:
    x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]], dtype=F64)
    return [
        Case("a 2 x 3 tensor, dim=1", (x, 1)),
        Case("a 2 x 3 tensor, dim=0", (x, 0)),
        Case(
            "rows [1000, 1000, 999] and [-1000, -1000, -1001], dim=1",
            (torch.tensor([[1000.0, 1000.0, 999.0], [-1000.0, -1000.0, -1001.0]], dtype=F64), 1),
        ),
        Case("rows [0, 0] and [800, 800], dim=-1", (torch.tensor([[0.0, 0.0], [800.0, 800.0]], dtype=F64), -1)),
        Case("a 2 x 3 tensor, dim=1, keepdim=True", (x, 1), {"keepdim": True}),
    ]


def _lse_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 5) for _ in range(_randint(gen, 1, 3)))
    dim = _randint(gen, -len(shape), len(shape) - 1)
    scale = (1.0, 10.0, 1000.0)[_randint(gen, 0, 2)]
    offset = _uniform(gen, -1000.0, 1000.0) if _randint(gen, 0, 1) else 0.0
    keepdim = bool(_randint(gen, 0, 1))
    x = scale * _randn(gen, *shape) + offset
    return Case(
        f"random {shape}, values of size about {scale:g} shifted by {offset:.4g}, dim={dim}, keepdim={keepdim}",
        (x, dim),
        {"keepdim": keepdim},
    )


def _lse_edge() -> list[Case]:
    return [
        Case("one value, dim=0", (torch.tensor([-3.5], dtype=F64), 0)),
        Case("values of ±1e300, dim=0", (torch.tensor([1e300, -1e300], dtype=F64), 0)),
        Case("100 equal values of -745 (exp underflows to 0), dim=0", (torch.full((100,), -745.0, dtype=F64), 0)),
        Case("a 3-D tensor, dim=1", (torch.arange(24.0, dtype=F64).reshape(2, 3, 4) * 100, 1)),
    ]


def _no_max_subtraction(input: Tensor, dim: int, keepdim: bool = False) -> Tensor:
    return torch.log(torch.exp(input).sum(dim=dim, keepdim=keepdim))


def _global_max(input: Tensor, dim: int, keepdim: bool = False) -> Tensor:
    m = input.max()
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))


EXERCISE = Exercise(
    name="logsumexp",
    reference=ref.logsumexp,
    fixed_cases=_lse_fixed,
    random_case=_lse_random,
    edge_cases=_lse_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "no_max_subtraction",
            "you computed log(sum(exp(x))) directly: exp(1000) overflows to inf and exp(-1000) underflows to 0, so the "
            "result is inf or -inf. Subtract the maximum m along dim first: m + log(sum(exp(x - m))).",
            _no_max_subtraction,
        ),
        Mistake(
            "global_max",
            "you subtracted the maximum of the whole tensor; each slice needs its own maximum along dim "
            "(input.amax(dim=dim, keepdim=True)), or a slice far below the global maximum underflows to log(0) = -inf.",
            _global_max,
        ),
        Mistake(
            "max_not_added_back",
            "you subtracted the maximum m inside the exp but did not add it back: logsumexp(x) = m + log(sum(exp(x - m))).",
            # the reference of x - m: log(sum(exp(x - m))), without the + m
            lambda input, dim, keepdim=False: ref.logsumexp(input - input.amax(dim=dim, keepdim=True), dim, keepdim),
        ),
        Mistake(
            "wrong_dim",
            "you reduced over the wrong dimension; reduce over `dim` only.",
            lambda input, dim, keepdim=False: ref.logsumexp(input, (dim + 1) % input.dim(), keepdim),
        ),
        Mistake(
            "keepdim_ignored",
            "you ignored keepdim: with keepdim=True the reduced dimension stays, with size 1; with keepdim=False it is removed.",
            lambda input, dim, keepdim=False: ref.logsumexp(input, dim, not keepdim),
        ),
    ),
    forbidden=(
        "torch.logsumexp",
        "torch.special.logsumexp",
        "torch.Tensor.logsumexp",
        "torch.log_softmax",
        "torch.Tensor.log_softmax",
        "torch.nn.functional.log_softmax",
        "dl_helpers.reference.activations.log_softmax",
    ),
)
