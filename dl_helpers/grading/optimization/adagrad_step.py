"""Chapter 03 exercise ``adagrad_step``: its cases, known mistakes and forbidden shortcuts."""

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


def _adagrad_fixed() -> list[Case]:
    p, g = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0)
    s = _t(0.3, 2.0, 5.0)
    return [
        Case("first step (state_sum = 0), lr=0.1", (p, g, torch.zeros(3, dtype=F64), 1), {"lr": 0.1}),
        Case("step 5 with a state_sum, lr=0.1", (p, g, s, 5), {"lr": 0.1}),
        Case("step 4, lr=0.1, lr_decay=0.1", (p, g, s, 4), {"lr": 0.1, "lr_decay": 0.1}),
        Case("step 3, lr=0.1, weight_decay=0.2", (p, g, s, 3), {"lr": 0.1, "weight_decay": 0.2}),
        Case(
            "first step, gradients of size 1e-6 (eps matters)", (p, 1e-6 * g, torch.zeros(3, dtype=F64), 1), {"lr": 0.1}
        ),
    ]


def _adagrad_random(gen: torch.Generator) -> Case:
    shape = _shape(gen)
    scale = _scale(gen)
    step = _choice(gen, (1, 2, 3, 10, 50))
    param, grad = _randn(gen, *shape), scale * _randn(gen, *shape)
    state_sum = (
        torch.zeros(shape, dtype=F64)
        if step == 1
        else (step - 1) * scale**2 * torch.rand(shape, generator=gen, dtype=F64)
    )
    hyper = {"lr": _choice(gen, (0.01, 0.1, 0.5))}
    if step > 1 or _randint(gen, 0, 1):
        hyper["lr_decay"] = _choice(gen, (0.01, 0.1, 0.5))
    if _randint(gen, 0, 1):
        hyper["weight_decay"] = _choice(gen, (0.01, 0.1))
    if _randint(gen, 0, 2) == 0:
        hyper["eps"] = _choice(gen, (1e-3, 0.1))
    return Case(f"random {shape}, step {step}, {_describe(hyper)}", (param, grad, state_sum, step), hyper)


def _adagrad_edge() -> list[Case]:
    gen = _gen(32)
    p = _randn(gen, 4)
    return [
        Case(
            "a zero gradient on a fresh state (0 / eps = 0)",
            (p, torch.zeros(4, dtype=F64), torch.zeros(4, dtype=F64), 1),
            {"lr": 0.1},
        ),
        Case(
            "gradients of size 1e150, step 2",
            (p, 1e150 * _randn(gen, 4), 1e300 * torch.rand(4, generator=gen, dtype=F64), 2),
            {"lr": 0.1},
        ),
        Case(
            "gradients of size 1e-150, first step",
            (p, 1e-150 * _randn(gen, 4), torch.zeros(4, dtype=F64), 1),
            {"lr": 0.1},
        ),
        Case(
            "a single element at step 1000, lr_decay=0.01",
            (_t(1.5), _t(-0.2), _t(40.0), 1000),
            {"lr": 0.5, "lr_decay": 0.01},
        ),
    ]


def _eps_inside_sqrt(param, grad, state_sum, step, *, eps=1e-10, **hyper):
    """sqrt(state_sum + eps): the reference on state_sum + eps with no eps outside; the new sum is the reference's."""
    new_param, _ = ref.adagrad_step(param, grad, state_sum + eps, step, eps=0.0, **hyper)
    _, new_sum = ref.adagrad_step(param, grad, state_sum, step, eps=eps, **hyper)
    return new_param, new_sum


def _old_sum_in_denominator(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    """The step divided by sqrt(state_sum) + eps with the previous state_sum; the new sum is the reference's."""
    _, new_sum = ref.adagrad_step(param, grad, state_sum, step, weight_decay=weight_decay)
    g = grad + weight_decay * param
    return param - lr / (1 + (step - 1) * lr_decay) * g / (state_sum.sqrt() + eps), new_sum


def _missing_sqrt(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    """The step divided by state_sum + eps instead of sqrt(state_sum) + eps; the new sum is the reference's."""
    _, new_sum = ref.adagrad_step(param, grad, state_sum, step, weight_decay=weight_decay)
    g = grad + weight_decay * param
    return param - lr / (1 + (step - 1) * lr_decay) * g / (new_sum + eps), new_sum


def _weight_decay_not_in_sum(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    """The raw grad^2 summed (the reference without weight decay), the step along g = grad + weight_decay * param."""
    _, new_sum = ref.adagrad_step(param, grad, state_sum, step)
    g = grad + weight_decay * param
    return param - lr / (1 + (step - 1) * lr_decay) * g / (new_sum.sqrt() + eps), new_sum


EXERCISE = Exercise(
    name="adagrad_step",
    reference=ref.adagrad_step,
    fixed_cases=_adagrad_fixed,
    random_case=_adagrad_random,
    edge_cases=_adagrad_edge,
    mistakes=(
        Mistake(
            "eps_inside_sqrt",
            "you put eps inside the square root; torch.optim.Adagrad adds it to the root: g / (sqrt(state_sum) + eps).",
            _eps_inside_sqrt,
        ),
        Mistake(
            "sum_not_accumulated",
            "your state_sum holds only this step's g^2; AdaGrad ADDS it to the sum of all the previous squared "
            "gradients: new state_sum = state_sum + g^2.",
            lambda param, grad, state_sum, step, **hyper: ref.adagrad_step(
                param, grad, torch.zeros_like(state_sum), step, **hyper
            ),
        ),
        Mistake(
            "lr_decay_off_by_one",
            "your decayed learning rate uses `step`; PyTorch's is lr / (1 + (step - 1) * lr_decay), so the first "
            "update (step = 1) uses lr itself.",
            lambda param, grad, state_sum, step, **hyper: ref.adagrad_step(param, grad, state_sum, step + 1, **hyper),
        ),
        Mistake(
            "old_sum_in_denominator",
            "you divided by the previous state_sum; add this step's g^2 first, then divide by sqrt(new state_sum) + eps.",
            _old_sum_in_denominator,
        ),
        Mistake(
            "missing_sqrt",
            "you divided by state_sum itself; divide by its square root, sqrt(state_sum) + eps.",
            _missing_sqrt,
        ),
        Mistake(
            "missing_eps",
            "you left out eps: a zero gradient on a fresh state then gives 0 / 0 = nan. Divide by sqrt(state_sum) + eps.",
            lambda *args, **hyper: ref.adagrad_step(*args, **{**hyper, "eps": 0.0}),
        ),
        Mistake(
            "weight_decay_not_in_sum",
            "you accumulated the squares of the raw gradient; add weight_decay * param to the gradient first and "
            "use that g both in state_sum and in the update.",
            _weight_decay_not_in_sum,
        ),
        Mistake(
            "weight_decay_ignored",
            "you ignored weight_decay: add weight_decay * param to the gradient before anything else.",
            lambda *args, **hyper: ref.adagrad_step(*args, **{**hyper, "weight_decay": 0.0}),
        ),
    ),
    forbidden=(*_torch_functional("adagrad"), "torch.optim.Adagrad.step"),
)
