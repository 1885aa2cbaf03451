"""The inputs sgns_loss and sgns_gradients are both checked on."""

from __future__ import annotations

import torch

from dl_helpers.grading.cases import F64, randint, randn, seeded as gen, uniform
from dl_helpers.grading.exercise import Case


def _vectors(g: torch.Generator, n: int, k: int, d: int, scale: float = 1.0) -> tuple:
    return scale * randn(g, n, d), scale * randn(g, n, d), scale * randn(g, n, k, d)


def fixed() -> list[Case]:
    one = (
        torch.tensor([[1.0, 0.0]], dtype=F64),
        torch.tensor([[2.0, 0.0]], dtype=F64),
        torch.tensor([[[0.0, 3.0]]], dtype=F64),
    )
    extreme = (
        torch.tensor([[30.0, 0.0], [1.0, 1.0]], dtype=F64),
        torch.tensor([[-30.0, 0.0], [0.5, -1.0]], dtype=F64),
        torch.tensor([[[30.0, 1.0]], [[-2.0, 0.5]]], dtype=F64),
    )
    return [
        Case("the docstring example: one pair, one negative, D = 2", one),
        Case("3 pairs, 2 negatives each, D = 4", _vectors(gen(1), 3, 2, 4)),
        Case("5 pairs, 4 negatives each, D = 3", _vectors(gen(2), 5, 4, 3, scale=1.5)),
        Case("a real pair scored -900 and a noise word scored +900 (log(sigmoid) underflows to -inf)", extreme),
    ]


def random(g: torch.Generator) -> Case:
    n, k, d = randint(g, 1, 8), randint(g, 1, 6), randint(g, 1, 6)
    # one case in four has huge scores, where log(sigmoid(x)) underflows
    scale = uniform(g, 20.0, 40.0) if randint(g, 1, 4) == 1 else uniform(g, 0.2, 2.0)
    return Case(
        f"{n} random pairs, {k} negatives each, D = {d}, vectors of scale {scale:.2f}", _vectors(g, n, k, d, scale)
    )


def edge() -> list[Case]:
    return [
        Case("one pair, one negative, D = 1", _vectors(gen(10), 1, 1, 1)),
        Case("dot products of +-1000 (log(sigmoid) underflows to -inf)", _vectors(gen(11), 3, 2, 2, scale=30.0)),
        Case("all vectors zero (every sigmoid is 1/2)", tuple(torch.zeros_like(t) for t in _vectors(gen(12), 2, 3, 4))),
        Case("20 negatives per pair", _vectors(gen(13), 4, 20, 3)),
    ]
