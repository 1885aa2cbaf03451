"""Chapter 03 exercises: optimizer steps that match torch.optim, and a cosine learning-rate schedule.

Every step function is pure: it gets the parameter, its gradient and the optimizer state,
and returns the new parameter and the new state. The checks therefore compare whole
tuples, ``(param, state, ...)``, with the reference's, and refuse a function that changes
its arguments in place.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake, register


def _choice(gen: torch.Generator, options: tuple):
    return options[_randint(gen, 0, len(options) - 1)]


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _t(*values: float) -> Tensor:
    return torch.tensor(values, dtype=F64)


def _shape(gen: torch.Generator) -> tuple[int, ...]:
    return tuple(_randint(gen, 1, 5) for _ in range(_randint(gen, 1, 3)))


def _scale(gen: torch.Generator) -> float:
    """A gradient scale between 1e-3 and 1e2, log-uniform."""
    return 10 ** _uniform(gen, -3.0, 2.0)


def _describe(hyper: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in hyper.items())


def _torch_functional(name: str) -> tuple[str, ...]:
    """The functions torch.optim's ``name`` optimizer runs its step with (single-tensor, foreach, fused)."""
    module = f"torch.optim.{name}"
    return (f"{module}.{name}", f"{module}._single_tensor_{name}", f"{module}._multi_tensor_{name}", f"{module}._fused_{name}")


# -- sgd_momentum_step ------------------------------------------------------------------------


def _sgd_fixed() -> list[Case]:
    p, g, b = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0), _t(0.2, -0.4, 1.0)
    return [
        Case("first step (momentum_buffer=None), lr=0.1, momentum=0.9", (p, g, None), {"lr": 0.1, "momentum": 0.9}),
        Case("a later step with a buffer, lr=0.1, momentum=0.9", (p, g, b), {"lr": 0.1, "momentum": 0.9}),
        Case("first step, lr=0.1, momentum=0.9, dampening=0.5", (p, g, None), {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
        Case("a later step, lr=0.1, momentum=0.9, nesterov=True", (p, g, b), {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
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
        Case("gradients of size 1e150, a later step", (p, 1e150 * _randn(gen, 4), 1e150 * b), {"lr": 0.1, "momentum": 0.9}),
        Case("gradients of size 1e-150, first step, dampening=0.5", (p, 1e-150 * _randn(gen, 4), None), {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
        Case("first step, dampening=0.9, weight_decay=0.1", (p, _randn(gen, 4), None), {"lr": 0.1, "momentum": 0.9, "dampening": 0.9, "weight_decay": 0.1}),
        Case("a zero gradient with a buffer (the buffer keeps the parameter moving)", (p, torch.zeros(4, dtype=F64), b), {"lr": 0.1, "momentum": 0.9}),
        Case("a single element, first step, nesterov=True", (_t(2.0), _t(-1.0), None), {"lr": 0.5, "momentum": 0.9, "nesterov": True}),
        Case("a (2, 3) parameter, momentum=0, weight_decay=0.5", (_randn(gen, 2, 3), _randn(gen, 2, 3), None), {"lr": 0.1, "weight_decay": 0.5}),
    ]


def _sgd_variant(
    param,
    grad,
    momentum_buffer,
    *,
    lr,
    momentum=0.0,
    dampening=0.0,
    weight_decay=0.0,
    nesterov=False,
    init="copy",
    form="torch",
    nesterov_rule="torch",
    decay="coupled",
    no_momentum_buffer="none",
):
    if decay == "decoupled":
        param = param * (1 - lr * weight_decay)
    g = grad + weight_decay * param if decay == "coupled" else grad
    if momentum == 0:
        buffer = torch.zeros_like(param) if no_momentum_buffer == "zeros" else None
        return param - lr * g, buffer
    if form == "ema":  # the notes' v <- beta v + (1 - beta) g, starting from zeros
        previous = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
        buffer = momentum * previous + (1 - momentum) * g
    elif form == "lr_in_buffer":  # v <- m v + lr g, param <- param - v
        previous = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
        buffer = momentum * previous + lr * g
        return param - buffer, buffer
    elif momentum_buffer is None:
        buffer = g.clone() if init == "copy" else (1 - dampening) * g  # zeros: m * 0 + (1 - d) g
    else:
        buffer = momentum * momentum_buffer + (1 - dampening) * g
    if nesterov and nesterov_rule == "torch":
        step = g + momentum * buffer
    elif nesterov and nesterov_rule == "old_buffer":
        previous = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
        step = g + momentum * previous
    else:
        step = buffer
    if decay == "after_momentum":
        step = step + weight_decay * param
    return param - lr * step, buffer


def _sgd_mistake(**change):
    return lambda *args, **kwargs: _sgd_variant(*args, **kwargs, **change)


register(
    Exercise(
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
                _sgd_mistake(init="zeros"),
            ),
            Mistake(
                "notes_ema_form",
                "you used the notes' form b = momentum * b + (1 - momentum) * g. torch.optim.SGD adds the gradient "
                "with weight 1 - dampening (dampening=0 by default, so b = momentum * b + g) and starts with b = g.",
                _sgd_mistake(form="ema"),
            ),
            Mistake(
                "nesterov_ignored",
                "with nesterov=True the step is g + momentum * b (b the NEW buffer), not b itself.",
                _sgd_mistake(nesterov_rule="ignored"),
            ),
            Mistake(
                "nesterov_with_old_buffer",
                "your Nesterov step used the previous buffer; PyTorch first updates the buffer, b = momentum * b + g, "
                "then steps along g + momentum * b with the new b.",
                _sgd_mistake(nesterov_rule="old_buffer"),
            ),
            Mistake(
                "lr_inside_buffer",
                "you folded the learning rate into the buffer (b = momentum * b + lr * g; param -= b). PyTorch's buffer "
                "holds gradients only, b = momentum * b + (1 - dampening) * g, and the step is param - lr * b.",
                _sgd_mistake(form="lr_in_buffer"),
            ),
            Mistake(
                "weight_decay_decoupled",
                "you shrank the parameter directly (param * (1 - lr * weight_decay)); in torch.optim.SGD weight decay is "
                "an L2 term added to the gradient, g = grad + weight_decay * param, BEFORE the momentum buffer.",
                _sgd_mistake(decay="decoupled"),
            ),
            Mistake(
                "weight_decay_after_momentum",
                "you added weight_decay * param after the momentum buffer; add it to the gradient first, "
                "g = grad + weight_decay * param, so the decay term also goes through the buffer.",
                _sgd_mistake(decay="after_momentum"),
            ),
            Mistake(
                "buffer_without_momentum",
                "with momentum=0 torch.optim.SGD keeps no buffer: return None as the new momentum_buffer.",
                _sgd_mistake(no_momentum_buffer="zeros"),
            ),
        ),
        forbidden=(*_torch_functional("sgd"), "torch.optim.SGD.step", "dl_helpers.reference.optim.sgd_step"),
    )
)


# -- adagrad_step -------------------------------------------------------------------------------


def _adagrad_fixed() -> list[Case]:
    p, g = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0)
    s = _t(0.3, 2.0, 5.0)
    return [
        Case("first step (state_sum = 0), lr=0.1", (p, g, torch.zeros(3, dtype=F64), 1), {"lr": 0.1}),
        Case("step 5 with a state_sum, lr=0.1", (p, g, s, 5), {"lr": 0.1}),
        Case("step 4, lr=0.1, lr_decay=0.1", (p, g, s, 4), {"lr": 0.1, "lr_decay": 0.1}),
        Case("step 3, lr=0.1, weight_decay=0.2", (p, g, s, 3), {"lr": 0.1, "weight_decay": 0.2}),
        Case("first step, gradients of size 1e-6 (eps matters)", (p, 1e-6 * g, torch.zeros(3, dtype=F64), 1), {"lr": 0.1}),
    ]


def _adagrad_random(gen: torch.Generator) -> Case:
    shape = _shape(gen)
    scale = _scale(gen)
    step = _choice(gen, (1, 2, 3, 10, 50))
    param, grad = _randn(gen, *shape), scale * _randn(gen, *shape)
    state_sum = torch.zeros(shape, dtype=F64) if step == 1 else (step - 1) * scale**2 * torch.rand(shape, generator=gen, dtype=F64)
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
        Case("a zero gradient on a fresh state (0 / eps = 0)", (p, torch.zeros(4, dtype=F64), torch.zeros(4, dtype=F64), 1), {"lr": 0.1}),
        Case("gradients of size 1e150, step 2", (p, 1e150 * _randn(gen, 4), 1e300 * torch.rand(4, generator=gen, dtype=F64), 2), {"lr": 0.1}),
        Case("gradients of size 1e-150, first step", (p, 1e-150 * _randn(gen, 4), torch.zeros(4, dtype=F64), 1), {"lr": 0.1}),
        Case("a single element at step 1000, lr_decay=0.01", (_t(1.5), _t(-0.2), _t(40.0), 1000), {"lr": 0.5, "lr_decay": 0.01}),
    ]


def _adagrad_variant(
    param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10,
    eps_where="outside", accumulate=True, decay_step=lambda step: step - 1, sum_of="g", update_with="new", root=True, use_decay=True,
):
    g = grad + weight_decay * param if use_decay else grad
    squared = g * g if sum_of == "g" else grad * grad
    new_sum = state_sum + squared if accumulate else squared
    denominator_sum = new_sum if update_with == "new" else state_sum
    if eps_where == "inside":
        denom = torch.sqrt(denominator_sum + eps)
    elif eps_where == "none":
        denom = denominator_sum.sqrt()
    else:
        denom = (denominator_sum.sqrt() if root else denominator_sum) + eps
    clr = lr / (1 + decay_step(step) * lr_decay)
    return param - clr * g / denom, new_sum


def _adagrad_mistake(**change):
    return lambda *args, **kwargs: _adagrad_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="adagrad_step",
        reference=ref.adagrad_step,
        fixed_cases=_adagrad_fixed,
        random_case=_adagrad_random,
        edge_cases=_adagrad_edge,
        mistakes=(
            Mistake(
                "eps_inside_sqrt",
                "you put eps inside the square root; torch.optim.Adagrad adds it to the root: g / (sqrt(state_sum) + eps).",
                _adagrad_mistake(eps_where="inside"),
            ),
            Mistake(
                "sum_not_accumulated",
                "your state_sum holds only this step's g^2; AdaGrad ADDS it to the sum of all the previous squared "
                "gradients: new state_sum = state_sum + g^2.",
                _adagrad_mistake(accumulate=False),
            ),
            Mistake(
                "lr_decay_off_by_one",
                "your decayed learning rate uses `step`; PyTorch's is lr / (1 + (step - 1) * lr_decay), so the first "
                "update (step = 1) uses lr itself.",
                _adagrad_mistake(decay_step=lambda step: step),
            ),
            Mistake(
                "old_sum_in_denominator",
                "you divided by the previous state_sum; add this step's g^2 first, then divide by sqrt(new state_sum) + eps.",
                _adagrad_mistake(update_with="old"),
            ),
            Mistake(
                "missing_sqrt",
                "you divided by state_sum itself; divide by its square root, sqrt(state_sum) + eps.",
                _adagrad_mistake(root=False),
            ),
            Mistake(
                "missing_eps",
                "you left out eps: a zero gradient on a fresh state then gives 0 / 0 = nan. Divide by sqrt(state_sum) + eps.",
                _adagrad_mistake(eps_where="none"),
            ),
            Mistake(
                "weight_decay_not_in_sum",
                "you accumulated the squares of the raw gradient; add weight_decay * param to the gradient first and "
                "use that g both in state_sum and in the update.",
                _adagrad_mistake(sum_of="grad"),
            ),
            Mistake(
                "weight_decay_ignored",
                "you ignored weight_decay: add weight_decay * param to the gradient before anything else.",
                _adagrad_mistake(use_decay=False),
            ),
        ),
        forbidden=(*_torch_functional("adagrad"), "torch.optim.Adagrad.step"),
    )
)


# -- rmsprop_step -------------------------------------------------------------------------------


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
        Case("gradients of size 1e150", (p, 1e150 * _randn(gen, 4), 1e300 * torch.rand(4, generator=gen, dtype=F64)), {"alpha": 0.9}),
        Case("gradients of size 1e-150", (p, 1e-150 * _randn(gen, 4), zeros)),
        Case("alpha=0 (only this step's gradient)", (p, _randn(gen, 4), torch.rand(4, generator=gen, dtype=F64)), {"lr": 0.1, "alpha": 0.0}),
        Case("a single element, alpha=1 (the average never changes)", (_t(1.0), _t(2.0), _t(0.25)), {"lr": 0.1, "alpha": 1.0}),
    ]


def _rmsprop_variant(
    param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
    swap=False, eps_where="outside", decay="coupled", keep_state=True, root=True, sum_of="g",
):
    if decay == "decoupled":
        param = param * (1 - lr * weight_decay)
    g = grad + weight_decay * param if decay == "coupled" else grad
    squared = g * g if sum_of == "g" else grad * grad
    a = 1 - alpha if swap else alpha
    previous = square_avg if keep_state else torch.zeros_like(square_avg)
    new_avg = a * previous + (1 - a) * squared
    if eps_where == "inside":
        denom = torch.sqrt(new_avg + eps)
    else:
        denom = (new_avg.sqrt() if root else new_avg) + eps
    return param - lr * g / denom, new_avg


def _rmsprop_mistake(**change):
    return lambda *args, **kwargs: _rmsprop_variant(*args, **kwargs, **change)


register(
    Exercise(
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
                _rmsprop_mistake(swap=True),
            ),
            Mistake(
                "eps_inside_sqrt",
                "you put eps inside the square root (the NYU slides write sqrt(s + eps)); torch.optim.RMSprop adds it "
                "outside: g / (sqrt(square_avg) + eps).",
                _rmsprop_mistake(eps_where="inside"),
            ),
            Mistake(
                "weight_decay_ignored",
                "you ignored weight_decay: add weight_decay * param to the gradient before anything else.",
                _rmsprop_mistake(decay="none"),
            ),
            Mistake(
                "weight_decay_decoupled",
                "you shrank the parameter directly (param * (1 - lr * weight_decay)); RMSprop's weight decay is an L2 "
                "term added to the gradient, g = grad + weight_decay * param.",
                _rmsprop_mistake(decay="decoupled"),
            ),
            Mistake(
                "state_ignored",
                "you started the average from zeros instead of the square_avg passed in; "
                "square_avg = alpha * square_avg + (1 - alpha) * g^2 uses the previous value.",
                _rmsprop_mistake(keep_state=False),
            ),
            Mistake(
                "missing_sqrt",
                "you divided by square_avg itself; divide by its square root, sqrt(square_avg) + eps.",
                _rmsprop_mistake(root=False),
            ),
            Mistake(
                "weight_decay_not_in_average",
                "you averaged the squares of the raw gradient; add weight_decay * param to the gradient first and use "
                "that g both in square_avg and in the update.",
                _rmsprop_mistake(sum_of="grad"),
            ),
        ),
        forbidden=(*_torch_functional("rmsprop"), "torch.optim.RMSprop.step"),
    )
)


# -- adam_step and adamw_step -------------------------------------------------------------------


def _adam_fixed(weight_decay_default: float) -> list[Case]:
    p, g = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0)
    m, v = _t(0.1, 0.3, -1.0), _t(0.05, 0.5, 4.0)
    zeros = torch.zeros(3, dtype=F64)
    wd = {"weight_decay": 0.1}
    return [
        Case("first step (step=1, zero state), lr=0.1", (p, g, zeros, zeros, 1), {"lr": 0.1, **wd}),
        Case("step 10 with a state, lr=0.01", (p, g, m, v, 10), {"lr": 0.01, **wd}),
        Case("step 3, lr=0.1, weight_decay=0.5", (p, g, m, v, 3), {"lr": 0.1, "weight_decay": 0.5}),
        Case("step 2, lr=0.1, betas=(0.8, 0.9), eps=1e-3", (p, g, m, v, 2), {"lr": 0.1, "betas": (0.8, 0.9), "eps": 1e-3, **wd}),
        Case("first step, gradients of size 1e-9 (eps matters)", (p, 1e-9 * g, zeros, zeros, 1), {"lr": 0.1}),
        Case(f"step 5, default arguments (weight_decay={weight_decay_default})", (p, g, m, v, 5)),
    ]


def _adam_random(gen: torch.Generator) -> Case:
    shape = _shape(gen)
    scale = _scale(gen)
    step = _choice(gen, (1, 2, 3, 5, 10, 100))
    param, grad = _randn(gen, *shape), scale * _randn(gen, *shape)
    if step == 1:
        exp_avg = exp_avg_sq = torch.zeros(shape, dtype=F64)
    else:
        exp_avg = 0.5 * scale * _randn(gen, *shape)
        exp_avg_sq = scale**2 * torch.rand(shape, generator=gen, dtype=F64)
    hyper = {"lr": _choice(gen, (1e-3, 0.01, 0.1)), "weight_decay": _choice(gen, (0.01, 0.1, 0.5))}
    if _randint(gen, 0, 1):
        hyper["betas"] = _choice(gen, ((0.8, 0.99), (0.9, 0.95), (0.5, 0.9)))
    if _randint(gen, 0, 2) == 0:
        hyper["eps"] = _choice(gen, (1e-6, 1e-3))
    return Case(f"random {shape}, step {step}, {_describe(hyper)}", (param, grad, exp_avg, exp_avg_sq, step), hyper)


def _adam_edge() -> list[Case]:
    gen = _gen(34)
    p = _randn(gen, 4)
    zeros = torch.zeros(4, dtype=F64)
    return [
        Case("a zero gradient on a fresh state", (p, zeros, zeros, zeros, 1), {"lr": 0.1}),
        Case("gradients of size 1e150, step 2", (p, 1e150 * _randn(gen, 4), 1e149 * _randn(gen, 4), 1e299 * torch.rand(4, generator=gen, dtype=F64), 2), {"lr": 0.1}),
        Case("gradients of size 1e-150, first step", (p, 1e-150 * _randn(gen, 4), zeros, zeros, 1), {"lr": 0.1, "weight_decay": 0.1}),
        Case("step 10000 (bias corrections near 1)", (p, _randn(gen, 4), 0.1 * _randn(gen, 4), torch.rand(4, generator=gen, dtype=F64), 10_000), {"lr": 0.01, "weight_decay": 0.1}),
        Case("a single element, betas=(0, 0)", (_t(1.0), _t(-2.0), _t(0.5), _t(1.0), 4), {"lr": 0.1, "betas": (0.0, 0.0), "weight_decay": 0.1}),
    ]


def _adam_variant(
    param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
    decay="coupled", correct=True, eps_where="outside", step_shift=0, swap=False, root_bc2=True,
):
    beta1, beta2 = (betas[1], betas[0]) if swap else betas
    if decay in ("decoupled", "decoupled_no_lr"):
        param = param * (1 - (lr if decay == "decoupled" else 1.0) * weight_decay)
    g = grad + weight_decay * param if decay == "coupled" else grad
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    t = step + step_shift
    bc1, bc2 = (1 - beta1**t, 1 - beta2**t) if correct else (1.0, 1.0)
    bc2_root = math.sqrt(bc2) if root_bc2 else bc2
    if eps_where == "inside":
        update = (m / bc1) / torch.sqrt(v / bc2 + eps)
    elif eps_where == "before_correction":
        update = (m / bc1) / ((v.sqrt() + eps) / bc2_root)
    else:
        update = (m / bc1) / (v.sqrt() / bc2_root + eps)
    new_param = param - lr * update
    if decay == "after_update":
        new_param = new_param * (1 - lr * weight_decay)
    return new_param, m, v


def _adam_mistake(**change):
    return lambda *args, **kwargs: _adam_variant(*args, **kwargs, **change)


def _adamw_mistake(**change):
    change.setdefault("decay", "decoupled")
    return lambda *args, weight_decay=1e-2, **kwargs: _adam_variant(*args, weight_decay=weight_decay, **kwargs, **change)


_NO_BIAS_CORRECTION = (
    "you left out the bias correction. The moments start at zero, so early on they are too small: divide by "
    "1 - beta1^step and 1 - beta2^step (m_hat = m / (1 - beta1^step), v_hat = v / (1 - beta2^step))."
)
_EPS_INSIDE = "you put eps inside the square root; Adam adds it to the root: m_hat / (sqrt(v_hat) + eps)."
_EPS_BEFORE = (
    "you added eps before the bias correction, (sqrt(v) + eps) / sqrt(1 - beta2^step) (the Adam paper's "
    "'efficient' form); torch.optim adds eps after it: sqrt(v) / sqrt(1 - beta2^step) + eps = sqrt(v_hat) + eps."
)
_STEP_OFF = (
    "your bias correction is one step off: `step` is already the number of THIS update (1 on the first), so "
    "use beta1^step and beta2^step without adding or subtracting 1."
)
_BETAS_SWAPPED = "you swapped the betas: beta1 (0.9) smooths the gradient m, beta2 (0.999) the squared gradient v."
_BC2_NOT_ROOTED = "you divided sqrt(v) by 1 - beta2^step; divide by its square root (that is, use sqrt(v_hat))."

register(
    Exercise(
        name="adam_step",
        reference=ref.adam_step,
        fixed_cases=lambda: _adam_fixed(0.0),
        random_case=_adam_random,
        edge_cases=_adam_edge,
        mistakes=(
            Mistake("no_bias_correction", _NO_BIAS_CORRECTION, _adam_mistake(correct=False)),
            Mistake("eps_inside_sqrt", _EPS_INSIDE, _adam_mistake(eps_where="inside")),
            Mistake(
                "decoupled_weight_decay",
                "you decayed the parameter directly (param * (1 - lr * weight_decay)): that is AdamW. Adam's "
                "weight_decay is an L2 term added to the gradient, g = grad + weight_decay * param, before the moments.",
                _adam_mistake(decay="decoupled"),
            ),
            Mistake("eps_before_bias_correction", _EPS_BEFORE, _adam_mistake(eps_where="before_correction")),
            Mistake("step_off_by_one", _STEP_OFF, _adam_mistake(step_shift=1)),
            Mistake("betas_swapped", _BETAS_SWAPPED, _adam_mistake(swap=True)),
            Mistake("bias_correction2_not_rooted", _BC2_NOT_ROOTED, _adam_mistake(root_bc2=False)),
            Mistake(
                "weight_decay_ignored",
                "you ignored weight_decay: add weight_decay * param to the gradient before updating the moments.",
                _adam_mistake(decay="none"),
            ),
        ),
        forbidden=(*_torch_functional("adam"), "torch.optim.Adam.step", "dl_helpers.reference.optim._adam_update"),
    )
)

register(
    Exercise(
        name="adamw_step",
        reference=ref.adamw_step,
        fixed_cases=lambda: _adam_fixed(1e-2),
        random_case=_adam_random,
        edge_cases=_adam_edge,
        mistakes=(
            Mistake(
                "l2_instead_of_decoupled",
                "you added weight_decay * param to the gradient: that is Adam's L2 penalty, which then gets divided by "
                "sqrt(v_hat). AdamW decouples the decay: param * (1 - lr * weight_decay), and the moments see the raw gradient.",
                _adamw_mistake(decay="coupled"),
            ),
            Mistake(
                "decay_without_lr",
                "you multiplied the parameter by 1 - weight_decay; torch.optim.AdamW scales the decay by the learning "
                "rate: param * (1 - lr * weight_decay).",
                _adamw_mistake(decay="decoupled_no_lr"),
            ),
            Mistake("no_bias_correction", _NO_BIAS_CORRECTION, _adamw_mistake(correct=False)),
            Mistake("eps_inside_sqrt", _EPS_INSIDE, _adamw_mistake(eps_where="inside")),
            Mistake(
                "decay_after_update",
                "you applied the decay after the Adam update; torch.optim.AdamW decays the parameter first, "
                "param * (1 - lr * weight_decay), then subtracts lr * m_hat / (sqrt(v_hat) + eps).",
                _adamw_mistake(decay="after_update"),
            ),
            Mistake("eps_before_bias_correction", _EPS_BEFORE, _adamw_mistake(eps_where="before_correction")),
            Mistake("step_off_by_one", _STEP_OFF, _adamw_mistake(step_shift=1)),
            Mistake("betas_swapped", _BETAS_SWAPPED, _adamw_mistake(swap=True)),
            Mistake(
                "weight_decay_ignored",
                "you ignored weight_decay (its default is 1e-2 in AdamW): shrink the parameter first, "
                "param * (1 - lr * weight_decay).",
                _adamw_mistake(decay="none"),
            ),
        ),
        forbidden=(
            *_torch_functional("adam"),
            "torch.optim.adamw.adamw",
            "torch.optim.AdamW.step",
            "dl_helpers.reference.optim._adam_update",
            "dl_helpers.reference.optim.adam_step",
        ),
    )
)


# -- cosine_annealing_lr ------------------------------------------------------------------------


def _cosine_fixed() -> list[Case]:
    return [
        Case("base_lr=0.1, epoch 0 of T_max=10 (the start)", (0.1, 0, 10)),
        Case("base_lr=0.1, epoch 3 of T_max=10", (0.1, 3, 10)),
        Case("base_lr=1.0, epoch 5 of T_max=10, eta_min=0.2 (half way)", (1.0, 5, 10, 0.2)),
        Case("base_lr=0.5, epoch 7 of T_max=8, eta_min=0.01", (0.5, 7, 8, 0.01)),
        Case("base_lr=0.1, epoch 10 of T_max=10, eta_min=1e-3 (the end)", (0.1, 10, 10, 1e-3)),
        Case("base_lr=0.1, epoch 14 of T_max=10 (past T_max the cosine goes back up)", (0.1, 14, 10)),
    ]


def _cosine_random(gen: torch.Generator) -> Case:
    base_lr = 10 ** _uniform(gen, -4.0, 0.0)
    T_max = _randint(gen, 2, 200)  # noqa: N806
    epoch = _randint(gen, 1, 2 * T_max)
    eta_min = _choice(gen, (0.0, 0.01 * base_lr, 0.1 * base_lr, 0.5 * base_lr))
    return Case(f"random base_lr={base_lr:.3g}, epoch={epoch}, T_max={T_max}, eta_min={eta_min:.3g}", (base_lr, epoch, T_max, eta_min))


def _cosine_edge() -> list[Case]:
    return [
        Case("T_max=1, epoch 1 (straight to eta_min)", (0.1, 1, 1, 0.05)),
        Case("eta_min = base_lr (a constant rate)", (0.3, 17, 40, 0.3)),
        Case("epoch 2 T_max (back at base_lr)", (0.1, 40, 20, 0.02)),
        Case("T_max=1000000, epoch 1", (1.0, 1, 1_000_000)),
        Case("base_lr=1e-8, epoch 25 of T_max=100", (1e-8, 25, 100, 1e-9)),
    ]


def _cosine_variant(base_lr, epoch, T_max, eta_min=0.0, *, shift=0, amplitude="reduced", period=1.0, half=True, rising=False, clamp=False):  # noqa: N803
    e = min(epoch + shift, T_max) if clamp else epoch + shift
    wave = 1 - math.cos(math.pi * e / (T_max * period)) if rising else 1 + math.cos(math.pi * e / (T_max * period))
    factor = wave / 2 if half else wave
    if amplitude == "ignored":
        return base_lr * factor
    if amplitude == "full":
        return eta_min + base_lr * factor
    return eta_min + (base_lr - eta_min) * factor


def _cosine_mistake(**change):
    return lambda *args, **kwargs: _cosine_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="cosine_annealing_lr",
        reference=ref.cosine_annealing_lr,
        fixed_cases=_cosine_fixed,
        random_case=_cosine_random,
        edge_cases=_cosine_edge,
        mistakes=(
            Mistake(
                "off_by_one_epoch",
                "your schedule is one epoch ahead (you counted epochs from 1); epoch 0 must give base_lr, "
                "as CosineAnnealingLR's rate before the first scheduler.step().",
                _cosine_mistake(shift=1),
            ),
            Mistake(
                "eta_min_ignored",
                "you ignored eta_min: lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2.",
                _cosine_mistake(amplitude="ignored"),
            ),
            Mistake(
                "full_cosine_period",
                "your cosine completes a whole period in T_max epochs; T_max is HALF a period (from base_lr down to "
                "eta_min): use cos(pi * epoch / T_max), not cos(2 pi * epoch / T_max).",
                _cosine_mistake(period=0.5),
            ),
            Mistake(
                "amplitude_not_reduced",
                "you added eta_min on top of base_lr * (1 + cos) / 2, so the rate starts at base_lr + eta_min; "
                "the wave's height is base_lr - eta_min.",
                _cosine_mistake(amplitude="full"),
            ),
            Mistake(
                "missing_half",
                "you left out the factor 1/2: (1 + cos) runs from 2 down to 0, so halve it to go from base_lr to eta_min.",
                _cosine_mistake(half=False),
            ),
            Mistake(
                "rising_schedule",
                "your rate rises from eta_min to base_lr: use 1 + cos(...), which starts at 2 (base_lr), not 1 - cos(...).",
                _cosine_mistake(rising=True),
            ),
            Mistake(
                "clamped_after_T_max",
                "you held the rate at eta_min after T_max; PyTorch's CosineAnnealingLR keeps following the cosine, "
                "back up towards base_lr at 2 T_max (the formula needs no special case).",
                _cosine_mistake(clamp=True),
            ),
        ),
        forbidden=(
            "torch.optim.lr_scheduler.CosineAnnealingLR.get_lr",
            "torch.optim.lr_scheduler.CosineAnnealingLR._get_closed_form_lr",
            "torch.optim.lr_scheduler.CosineAnnealingLR.step",
        ),
    )
)
