"""Chapter 03 exercise ``sgd_momentum_step``: its cases, known mistakes and forbidden shortcuts."""

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


def _sgd_fixed() -> list[Case]:
    p, g, b = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0), _t(0.2, -0.4, 1.0)
    return [
        Case("first step (momentum_buffer=None), lr=0.1, momentum=0.9", (p, g, None), {"lr": 0.1, "momentum": 0.9}),
        Case("a later step with a buffer, lr=0.1, momentum=0.9", (p, g, b), {"lr": 0.1, "momentum": 0.9}),
        Case(
            "first step, lr=0.1, momentum=0.9, dampening=0.5",
            (p, g, None),
            {"lr": 0.1, "momentum": 0.9, "dampening": 0.5},
        ),
        Case(
            "a later step, lr=0.1, momentum=0.9, nesterov=True",
            (p, g, b),
            {"lr": 0.1, "momentum": 0.9, "nesterov": True},
        ),
        Case(
            "a later step, lr=0.05, momentum=0.8, dampening=0.2, weight_decay=0.1",
            (p, g, b),
            {"lr": 0.05, "momentum": 0.8, "dampening": 0.2, "weight_decay": 0.1},
        ),
        Case("momentum=0 (plain SGD: no buffer, None comes back)", (p, g, None), {"lr": 0.1}),
    ]


def _sgd_random(gen: torch.Generator) -> Case:
    shape = _shape(gen)
    scale = _scale(gen)
    param, grad = _randn(gen, *shape), scale * _randn(gen, *shape)
    first = _randint(gen, 0, 2) == 0
    buffer = None if first else scale * _randn(gen, *shape)
    hyper = {"lr": _choice(gen, (0.01, 0.05, 0.1, 0.5)), "momentum": _choice(gen, (0.0, 0.5, 0.9, 0.9, 0.99))}
    if hyper["momentum"] > 0 and _randint(gen, 0, 2) == 0:
        hyper["nesterov"] = True
    else:
        hyper["dampening"] = _choice(gen, (0.1, 0.5, 0.9))
    if _randint(gen, 0, 1):
        hyper["weight_decay"] = _choice(gen, (1e-3, 0.01, 0.1))
    when = "first step" if first else "a later step"
    return Case(f"random {shape}, {when}, {_describe(hyper)}", (param, grad, buffer), hyper)


def _sgd_edge() -> list[Case]:
    gen = _gen(31)
    p, b = _randn(gen, 4), _randn(gen, 4)
    return [
        Case(
            "gradients of size 1e150, a later step",
            (p, 1e150 * _randn(gen, 4), 1e150 * b),
            {"lr": 0.1, "momentum": 0.9},
        ),
        Case(
            "gradients of size 1e-150, first step, dampening=0.5",
            (p, 1e-150 * _randn(gen, 4), None),
            {"lr": 0.1, "momentum": 0.9, "dampening": 0.5},
        ),
        Case(
            "first step, dampening=0.9, weight_decay=0.1",
            (p, _randn(gen, 4), None),
            {"lr": 0.1, "momentum": 0.9, "dampening": 0.9, "weight_decay": 0.1},
        ),
        Case(
            "a zero gradient with a buffer (the buffer keeps the parameter moving)",
            (p, torch.zeros(4, dtype=F64), b),
            {"lr": 0.1, "momentum": 0.9},
        ),
        Case(
            "a single element, first step, nesterov=True",
            (_t(2.0), _t(-1.0), None),
            {"lr": 0.5, "momentum": 0.9, "nesterov": True},
        ),
        Case(
            "a (2, 3) parameter, momentum=0, weight_decay=0.5",
            (_randn(gen, 2, 3), _randn(gen, 2, 3), None),
            {"lr": 0.1, "weight_decay": 0.5},
        ),
    ]


def _buffer_from_zeros(param, momentum_buffer):
    return torch.zeros_like(param) if momentum_buffer is None else momentum_buffer


def _notes_ema_form(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    """The notes' b = momentum * b + (1 - momentum) * g, from zeros, where torch.optim.SGD keeps its buffer."""
    if momentum == 0:
        return ref.sgd_momentum_step(param, grad, None, lr=lr, weight_decay=weight_decay)
    g = grad + weight_decay * param
    buffer = momentum * _buffer_from_zeros(param, momentum_buffer) + (1 - momentum) * g
    return param - lr * (g + momentum * buffer if nesterov else buffer), buffer


def _nesterov_with_old_buffer(
    param, grad, momentum_buffer, *, lr, momentum=0.0, weight_decay=0.0, nesterov=False, **hyper
):
    """The Nesterov step g + momentum * b taken with the previous b; the new buffer is the reference's."""
    new_param, buffer = ref.sgd_momentum_step(
        param, grad, momentum_buffer, lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov, **hyper
    )
    if nesterov:
        g = grad + weight_decay * param
        new_param = param - lr * (g + momentum * _buffer_from_zeros(param, momentum_buffer))
    return new_param, buffer


def _lr_inside_buffer(param, grad, momentum_buffer, *, lr, **hyper):
    """b = momentum * b + lr * g and param - b: lr times the reference's buffer, undampened, no Nesterov step."""
    scaled = None if momentum_buffer is None else momentum_buffer / lr
    new_param, buffer = ref.sgd_momentum_step(
        param, grad, scaled, lr=lr, **{**hyper, "dampening": 0.0, "nesterov": False}
    )
    return new_param, None if buffer is None else lr * buffer


def _weight_decay_decoupled(param, grad, momentum_buffer, *, lr, weight_decay=0.0, **hyper):
    """The parameter shrunk by 1 - lr * weight_decay, then the reference's step without weight decay."""
    return ref.sgd_momentum_step(param * (1 - lr * weight_decay), grad, momentum_buffer, lr=lr, **hyper)


def _weight_decay_after_momentum(param, grad, momentum_buffer, *, lr, weight_decay=0.0, **hyper):
    """The reference's step without weight decay, then lr * weight_decay * param subtracted on its own."""
    new_param, buffer = ref.sgd_momentum_step(param, grad, momentum_buffer, lr=lr, **hyper)
    return new_param - lr * weight_decay * param, buffer


def _buffer_without_momentum(param, *args, **hyper):
    """The reference's step, with zeros returned for the buffer where the reference returns None."""
    new_param, buffer = ref.sgd_momentum_step(param, *args, **hyper)
    return new_param, torch.zeros_like(param) if buffer is None else buffer


EXERCISE = Exercise(
    name="sgd_momentum_step",
    reference=ref.sgd_momentum_step,
    fixed_cases=_sgd_fixed,
    random_case=_sgd_random,
    edge_cases=_sgd_edge,
    mistakes=(
        Mistake(
            "buffer_started_at_zeros",
            "your first step starts the buffer at zeros, so the first gradient enters with weight 1 - dampening. "
            "torch.optim.SGD starts the buffer as a copy of the first gradient (no dampening on the first step): "
            "b = g when momentum_buffer is None.",
            lambda param, grad, buffer, **hyper: ref.sgd_momentum_step(
                param, grad, _buffer_from_zeros(param, buffer), **hyper
            ),
        ),
        Mistake(
            "notes_ema_form",
            "you used the notes' form b = momentum * b + (1 - momentum) * g. torch.optim.SGD adds the gradient "
            "with weight 1 - dampening (dampening=0 by default, so b = momentum * b + g) and starts with b = g.",
            _notes_ema_form,
        ),
        Mistake(
            "nesterov_ignored",
            "with nesterov=True the step is g + momentum * b (b the NEW buffer), not b itself.",
            lambda *args, **hyper: ref.sgd_momentum_step(*args, **{**hyper, "nesterov": False}),
        ),
        Mistake(
            "nesterov_with_old_buffer",
            "your Nesterov step used the previous buffer; PyTorch first updates the buffer, b = momentum * b + g, "
            "then steps along g + momentum * b with the new b.",
            _nesterov_with_old_buffer,
        ),
        Mistake(
            "lr_inside_buffer",
            "you folded the learning rate into the buffer (b = momentum * b + lr * g; param -= b). PyTorch's buffer "
            "holds gradients only, b = momentum * b + (1 - dampening) * g, and the step is param - lr * b.",
            _lr_inside_buffer,
        ),
        Mistake(
            "weight_decay_decoupled",
            "you shrank the parameter directly (param * (1 - lr * weight_decay)); in torch.optim.SGD weight decay is "
            "an L2 term added to the gradient, g = grad + weight_decay * param, BEFORE the momentum buffer.",
            _weight_decay_decoupled,
        ),
        Mistake(
            "weight_decay_after_momentum",
            "you added weight_decay * param after the momentum buffer; add it to the gradient first, "
            "g = grad + weight_decay * param, so the decay term also goes through the buffer.",
            _weight_decay_after_momentum,
        ),
        Mistake(
            "buffer_without_momentum",
            "with momentum=0 torch.optim.SGD keeps no buffer: return None as the new momentum_buffer.",
            _buffer_without_momentum,
        ),
    ),
    forbidden=(*_torch_functional("sgd"), "torch.optim.SGD.step", "dl_helpers.reference.optim.sgd_step"),
)
