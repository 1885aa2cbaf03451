"""Chapter 05 exercise ``dropout``: its cases, known mistakes and forbidden shortcuts.

Dropout's answer is random, so it is judged by what every correct inverted dropout satisfies
(:func:`_judge`): entries 0 or input / (1 - p), a kept share within a binomial bound, the input
itself in evaluation, and the generator honoured. Any way of drawing the mask passes (u > p,
u < 1 - p, torch.bernoulli); the reference's draws are used only to name a mistake.
"""

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
from dl_helpers.grading.compare import describe_value
from dl_helpers.grading.exercise import Case, Exercise, Judged, Mistake


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


def _uniform_like(input: Tensor, generator: torch.Generator | None) -> Tensor:
    """The u ~ U[0, 1) the reference draws: in input's dtype, on the generator's device."""
    device = generator.device if generator is not None else input.device
    return torch.rand(input.shape, dtype=input.dtype, device=device, generator=generator).to(input.device)


def _p_as_keep_probability(input, p=0.5, training=True, generator=None):
    if not training or p == 0.0:
        return input
    return input * (_uniform_like(input, generator) < p) / p


def _judge(run, trial) -> Judged | None:
    """What is wrong with a dropout output, by what every correct inverted dropout satisfies."""
    x, p, training, generator = (trial.inputs[k] for k in ("input", "p", "training", "generator"))
    got = trial.got
    if not isinstance(got, Tensor) or got.shape != x.shape:
        return Judged(f"expected a tensor of the input's shape {tuple(x.shape)}, got {describe_value(got)}")
    got = got.detach().to(x.dtype)
    if not training or p == 0.0:
        if torch.equal(got, x):
            return None
        return Judged("the input must come back unchanged here, and it did not", "dropout_in_evaluation")
    if p == 1.0:
        if torch.equal(got, torch.zeros_like(x)):
            return None
        return Judged("with p=1 every entry must be 0", "division_by_zero_at_p_1" if got.isnan().any() else None)
    scaled = x / (1 - p)
    dropped, kept = got == 0, torch.isclose(got, scaled, rtol=1e-6, atol=0.0)
    if not (dropped | kept).all():
        if torch.equal(got[~dropped], x[~dropped]):
            return Judged("the kept entries equal the input, not input / (1 - p)", "no_rescaling")
        bad = int((~(dropped | kept)).reshape(-1).nonzero()[0])
        return Judged(
            f"every entry must be 0 or input / (1 - p); entry {bad} is {got.reshape(-1)[bad].item():.6g} "
            f"for input {x.reshape(-1)[bad].item():.6g} and p={p}"
        )
    nonzero = x != 0
    n, k = int(nonzero.sum()), int((kept & nonzero).sum())
    spread = 4 * math.sqrt(n * p * (1 - p)) + 1
    if abs(k - n * (1 - p)) > spread:
        return Judged(
            f"{k} of {n} entries were kept; with p={p} about {n * (1 - p):.1f} should be "
            f"(a binomial count this far off happens less than once in 10,000)"
        )
    again = run(x, p, training, generator)  # run() hands it a copy in the same, untouched state
    if not (isinstance(again, Tensor) and torch.equal(again.detach().to(x.dtype), got)):
        return Judged("the same generator state gave another mask", "generator_ignored")
    if n >= 20 and 0.05 < p < 0.95:
        other = run(x, p, training, torch.Generator(generator.device).manual_seed(generator.initial_seed() + 1))
        if isinstance(other, Tensor) and torch.equal(other.detach().to(x.dtype), got):
            return Judged("another generator gave the very same mask", "generator_ignored")
    return None


def _judged_gradients(args, kwargs, got, cotangent):
    """d(sum(output * v)) / d input for the student's own mask: v / (1 - p) where kept, 0 where dropped."""
    p, training = args[1], args[2]
    if not training or p == 0.0:
        return (cotangent,)
    if p == 1.0:
        return (torch.zeros_like(cotangent),)
    kept = (got != 0).to(cotangent.dtype)
    return (cotangent * kept / (1 - p),)


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
            lambda input, p=0.5, training=True, generator=None: (
                ref.dropout(input, p, training, generator) * ((1 - p) if training else 1.0)
            ),
        ),
        Mistake(
            "divided_by_p",
            "you divided the kept entries by p; p is the probability of dropping, so divide by the probability "
            "of keeping, 1 - p.",
            lambda input, p=0.5, training=True, generator=None: (
                ref.dropout(input, p, training, generator) * ((1 - p) / p if training and p > 0 else 1.0)
            ),
        ),
        Mistake(
            "p_as_keep_probability",
            "you treated p as the probability of keeping an entry (the notes' convention); in PyTorch p is the "
            "probability of dropping it: keep = u > p, then divide by 1 - p.",
            _p_as_keep_probability,
        ),
        Mistake(
            "dropout_in_evaluation",
            "you applied dropout with training=False; in evaluation dropout returns its input unchanged.",
            lambda input, p=0.5, training=True, generator=None: ref.dropout(input, p, True, generator),
        ),
        Mistake(
            "generator_ignored",
            "your mask does not come from `generator` (the same generator state must give the same mask): draw "
            "every random number with generator=generator, e.g. torch.rand(input.shape, generator=generator, ...).",
            None,
        ),
        Mistake(
            "division_by_zero_at_p_1",
            "with p=1 every entry is dropped: return zeros (torch.zeros_like(input)); dividing by 1 - p = 0 gives NaN.",
            lambda input, p=0.5, training=True, generator=None: (
                input * math.nan if training and p == 1.0 else ref.dropout(input, p, training, generator)
            ),
        ),
    ),
    judge=_judge,
    judged_gradients=_judged_gradients,
    forbidden=(
        "torch.nn.functional.dropout",
        "torch.dropout",
        "torch.native_dropout",
        "torch.nn.Dropout.forward",
    ),
)
