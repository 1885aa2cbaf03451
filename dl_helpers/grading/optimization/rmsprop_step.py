"""Chapter 03 exercise ``rmsprop_step``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice as _choice, randint as _randint, randn as _randn, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.optimization._common import (
    _describe,
    _scale,
    _shape,
    _t,
    _torch_functional,
)


def _rmsprop_fixed() -> list[Case]:
    p, g = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0)
    v = _t(0.3, 2.0, 5.0)
    zeros = torch.zeros(3, dtype=F64)
    return [
        Case("first step (square_avg = 0), default lr=0.01, alpha=0.99", (p, 10 * g, zeros)),
        Case("a later step, lr=0.01, alpha=0.9", (p, g, v), {"lr": 0.01, "alpha": 0.9}),
        Case("a later step, lr=0.1, weight_decay=0.2", (p, g, v), {"lr": 0.1, "weight_decay": 0.2}),
        Case("first step, gradients of size 1e-5 (eps matters)", (p, 1e-5 * g, zeros)),
    ]


def _rmsprop_random(gen: torch.Generator) -> Case:
    shape = _shape(gen)
    scale = _scale(gen)
    param, grad = _randn(gen, *shape), scale * _randn(gen, *shape)
    first = _randint(gen, 0, 2) == 0
    square_avg = torch.zeros(shape, dtype=F64) if first else scale**2 * torch.rand(shape, generator=gen, dtype=F64)
    hyper = {"lr": _choice(gen, (1e-3, 0.01, 0.1)), "alpha": _choice(gen, (0.5, 0.9, 0.99))}
    if _randint(gen, 0, 1):
        hyper["weight_decay"] = _choice(gen, (0.01, 0.1))
    if _randint(gen, 0, 2) == 0:
        hyper["eps"] = _choice(gen, (1e-3, 0.1))
    when = "first step" if first else "a later step"
    return Case(f"random {shape}, {when}, {_describe(hyper)}", (param, grad, square_avg), hyper)


def _rmsprop_edge() -> list[Case]:
    gen = _gen(33)
    p = _randn(gen, 4)
    zeros = torch.zeros(4, dtype=F64)
    return [
        Case("a zero gradient on a fresh state", (p, zeros, zeros)),
        Case(
            "gradients of size 1e150",
            (p, 1e150 * _randn(gen, 4), 1e300 * torch.rand(4, generator=gen, dtype=F64)),
            {"alpha": 0.9},
        ),
        Case("gradients of size 1e-150", (p, 1e-150 * _randn(gen, 4), zeros)),
        Case(
            "alpha=0 (only this step's gradient)",
            (p, _randn(gen, 4), torch.rand(4, generator=gen, dtype=F64)),
            {"lr": 0.1, "alpha": 0.0},
        ),
        Case(
            "a single element, alpha=1 (the average never changes)",
            (_t(1.0), _t(2.0), _t(0.25)),
            {"lr": 0.1, "alpha": 1.0},
        ),
    ]


def _eps_inside_sqrt(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    """The step divided by sqrt(square_avg + eps); the new average is the reference's."""
    _, new_avg = ref.rmsprop_step(param, grad, square_avg, alpha=alpha, weight_decay=weight_decay)
    return param - lr * (grad + weight_decay * param) / torch.sqrt(new_avg + eps), new_avg


def _weight_decay_decoupled(param, grad, square_avg, *, lr=1e-2, weight_decay=0.0, **hyper):
    """The parameter shrunk by 1 - lr * weight_decay, then the reference's step without weight decay."""
    return ref.rmsprop_step(param * (1 - lr * weight_decay), grad, square_avg, lr=lr, **hyper)


def _missing_sqrt(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    """The step divided by square_avg + eps instead of sqrt(square_avg) + eps; the new average is the reference's."""
    _, new_avg = ref.rmsprop_step(param, grad, square_avg, alpha=alpha, weight_decay=weight_decay)
    return param - lr * (grad + weight_decay * param) / (new_avg + eps), new_avg


def _weight_decay_not_in_average(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    """The raw grad^2 averaged (the reference without weight decay), the step along g = grad + weight_decay * param."""
    _, new_avg = ref.rmsprop_step(param, grad, square_avg, alpha=alpha)
    return param - lr * (grad + weight_decay * param) / (new_avg.sqrt() + eps), new_avg


EXERCISE = Exercise(
    name="rmsprop_step",
    reference=ref.rmsprop_step,
    fixed_cases=_rmsprop_fixed,
    random_case=_rmsprop_random,
    edge_cases=_rmsprop_edge,
    mistakes=(
        Mistake(
            "alpha_swapped",
            "you swapped alpha and 1 - alpha: alpha is the weight of the PAST, "
            "square_avg = alpha * square_avg + (1 - alpha) * g^2 (the NYU slides' gamma is PyTorch's 1 - alpha).",
            lambda *args, alpha=0.99, **hyper: ref.rmsprop_step(*args, alpha=1 - alpha, **hyper),
        ),
        Mistake(
            "eps_inside_sqrt",
            "you put eps inside the square root (the NYU slides write sqrt(s + eps)); torch.optim.RMSprop adds it "
            "outside: g / (sqrt(square_avg) + eps).",
            _eps_inside_sqrt,
        ),
        Mistake(
            "weight_decay_ignored",
            "you ignored weight_decay: add weight_decay * param to the gradient before anything else.",
            lambda *args, **hyper: ref.rmsprop_step(*args, **{**hyper, "weight_decay": 0.0}),
        ),
        Mistake(
            "weight_decay_decoupled",
            "you shrank the parameter directly (param * (1 - lr * weight_decay)); RMSprop's weight decay is an L2 "
            "term added to the gradient, g = grad + weight_decay * param.",
            _weight_decay_decoupled,
        ),
        Mistake(
            "state_ignored",
            "you started the average from zeros instead of the square_avg passed in; "
            "square_avg = alpha * square_avg + (1 - alpha) * g^2 uses the previous value.",
            lambda param, grad, square_avg, **hyper: ref.rmsprop_step(
                param, grad, torch.zeros_like(square_avg), **hyper
            ),
        ),
        Mistake(
            "missing_sqrt",
            "you divided by square_avg itself; divide by its square root, sqrt(square_avg) + eps.",
            _missing_sqrt,
        ),
        Mistake(
            "weight_decay_not_in_average",
            "you averaged the squares of the raw gradient; add weight_decay * param to the gradient first and use "
            "that g both in square_avg and in the update.",
            _weight_decay_not_in_average,
        ),
    ),
    forbidden=(*_torch_functional("rmsprop"), "torch.optim.RMSprop.step"),
)
