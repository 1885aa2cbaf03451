"""Chapter 05 exercise ``dropout``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import (
    F64,
    child as _child,
    choice as _choice,
    randint as _randint,
    randn as _randn,
    seeded as _gen,
)
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _dropout_fixed() -> list[Case]:
    x = torch.tensor(
        [
            [1.0, -2.0, 3.0, 0.5, 4.0],
            [2.0, 1.0, -1.0, 6.0, -3.0],
            [0.5, 0.5, 2.0, -4.0, 1.0],
            [3.0, -1.0, 1.0, 2.0, 5.0],
        ],
        dtype=F64,
    )
    g = _gen(50)
    return [
        Case("(4, 5) input, p=0.2, training=True", (x, 0.2, True, _gen(0))),
        Case("(3, 4) input, p=0.5, training=True", (_randn(g, 3, 4), 0.5, True, _gen(1))),
        Case(
            "(2, 3, 4) input, p=0.5, training=False (evaluation: the input unchanged)",
            (_randn(g, 2, 3, 4), 0.5, False, _gen(2)),
        ),
        Case("(8,) input, p=0.75, training=True", (_randn(g, 8), 0.75, True, _gen(3))),
    ]


def _dropout_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 6) for _ in range(_randint(gen, 1, 3)))
    p = _choice(gen, (0.1, 0.2, 0.3, 0.5, 0.5, 0.7, 0.9))
    training = _randint(gen, 0, 3) > 0
    return Case(
        f"random {shape} input, p={p}, training={training}", (_randn(gen, *shape) * 3, p, training, _child(gen))
    )


def _dropout_edge() -> list[Case]:
    g = _gen(51)
    return [
        Case("p=0 (nothing is dropped)", (_randn(g, 3, 4), 0.0, True, _gen(60))),
        Case("p=1 (everything is dropped: zeros, no division by 0)", (_randn(g, 3, 4), 1.0, True, _gen(61))),
        Case("a single element, p=0.5", (torch.tensor([2.5], dtype=F64), 0.5, True, _gen(62))),
        Case("values of 1e300, p=0.3", (1e300 * torch.rand(4, 4, generator=g, dtype=F64), 0.3, True, _gen(63))),
        Case("a (20, 30) input, p=0.95", (_randn(g, 20, 30), 0.95, True, _gen(64))),
    ]


def _uniform_like(input: Tensor, generator: torch.Generator | None, dtype: torch.dtype | None = None) -> Tensor:
    device = generator.device if generator is not None else input.device
    return torch.rand(input.shape, dtype=dtype or input.dtype, device=device, generator=generator).to(input.device)


def _dropout_variant(
    input, p=0.5, training=True, generator=None, *, keep="above", scale="inverted", in_eval=False, draw_dtype=None
):
    if not (training or in_eval) or p == 0.0:
        return input
    u = _uniform_like(input, generator, draw_dtype)
    mask = {"above": u > p, "below_keep": u < 1 - p, "below_p": u < p}[keep]
    factor = {"inverted": 1.0 / (1.0 - p) if p < 1 else math.inf, "none": 1.0, "by_p": 1.0 / p, "keep_as_p": 1.0 / p}[
        scale
    ]
    return input * mask * factor


def _dropout_mistake(**change):
    return lambda *args, **kwargs: _dropout_variant(*args, **kwargs, **change)


EXERCISE = Exercise(
    name="dropout",
    reference=ref.dropout,
    fixed_cases=_dropout_fixed,
    random_case=_dropout_random,
    edge_cases=_dropout_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "no_rescaling",
            "you dropped the right entries but did not rescale the kept ones; inverted dropout divides them by "
            "the keep probability 1 - p, so the output has the input's expectation and evaluation needs no scaling.",
            _dropout_mistake(scale="none"),
        ),
        Mistake(
            "divided_by_p",
            "you divided the kept entries by p; p is the probability of dropping, so divide by the probability "
            "of keeping, 1 - p.",
            _dropout_mistake(scale="by_p"),
        ),
        Mistake(
            "p_as_keep_probability",
            "you treated p as the probability of keeping an entry (the notes' convention); in PyTorch p is the "
            "probability of dropping it: keep = u > p, then divide by 1 - p.",
            _dropout_mistake(keep="below_p", scale="keep_as_p"),
        ),
        Mistake(
            "dropout_in_evaluation",
            "you applied dropout with training=False; in evaluation dropout returns its input unchanged.",
            _dropout_mistake(in_eval=True),
        ),
        Mistake(
            "mask_u_below_1_minus_p",
            "you kept the entries where u < 1 - p: the same distribution, but other entries than the reference "
            "keeps. So that the checks can compare draw by draw, this exercise fixes keep = u > p.",
            _dropout_mistake(keep="below_keep"),
        ),
        Mistake(
            "mask_drawn_in_default_dtype",
            "you drew u in the default dtype (float32), which gives other numbers than drawing in float64; "
            "draw u = torch.rand(input.shape, dtype=input.dtype, generator=generator).",
            _dropout_mistake(draw_dtype=torch.float32),
        ),
        Mistake(
            "division_by_zero_at_p_1",
            "with p=1 every entry is dropped: return zeros (torch.zeros_like(input)); dividing by 1 - p = 0 gives NaN.",
            lambda input, p=0.5, training=True, generator=None: (
                input * math.nan if training and p == 1.0 else ref.dropout(input, p, training, generator)
            ),
        ),
    ),
    forbidden=(
        "torch.nn.functional.dropout",
        "torch.dropout",
        "torch.native_dropout",
        "torch.nn.Dropout.forward",
    ),
)
