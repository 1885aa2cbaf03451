"""Helpers that several chapter 03 exercise specs share."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import (
    F64,
    choice as _choice,
    randint as _randint,
    randn as _randn,
    seeded as _gen,
    uniform as _uniform,
)
from dl_helpers.grading.exercise import Case


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
    return (
        f"{module}.{name}",
        f"{module}._single_tensor_{name}",
        f"{module}._multi_tensor_{name}",
        f"{module}._fused_{name}",
    )


def _adam_fixed(weight_decay_default: float) -> list[Case]:
    p, g = _t(1.0, -2.0, 0.5), _t(0.5, 1.0, -3.0)
    m, v = _t(0.1, 0.3, -1.0), _t(0.05, 0.5, 4.0)
    zeros = torch.zeros(3, dtype=F64)
    wd = {"weight_decay": 0.1}
    return [
        Case("first step (step=1, zero state), lr=0.1", (p, g, zeros, zeros, 1), {"lr": 0.1, **wd}),
        Case("step 10 with a state, lr=0.01", (p, g, m, v, 10), {"lr": 0.01, **wd}),
        Case("step 3, lr=0.1, weight_decay=0.5", (p, g, m, v, 3), {"lr": 0.1, "weight_decay": 0.5}),
        Case(
            "step 2, lr=0.1, betas=(0.8, 0.9), eps=1e-3",
            (p, g, m, v, 2),
            {"lr": 0.1, "betas": (0.8, 0.9), "eps": 1e-3, **wd},
        ),
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
        Case(
            "gradients of size 1e150, step 2",
            (p, 1e150 * _randn(gen, 4), 1e149 * _randn(gen, 4), 1e299 * torch.rand(4, generator=gen, dtype=F64), 2),
            {"lr": 0.1},
        ),
        Case(
            "gradients of size 1e-150, first step",
            (p, 1e-150 * _randn(gen, 4), zeros, zeros, 1),
            {"lr": 0.1, "weight_decay": 0.1},
        ),
        Case(
            "step 10000 (bias corrections near 1)",
            (p, _randn(gen, 4), 0.1 * _randn(gen, 4), torch.rand(4, generator=gen, dtype=F64), 10_000),
            {"lr": 0.01, "weight_decay": 0.1},
        ),
        Case(
            "a single element, betas=(0, 0)",
            (_t(1.0), _t(-2.0), _t(0.5), _t(1.0), 4),
            {"lr": 0.1, "betas": (0.0, 0.0), "weight_decay": 0.1},
        ),
    ]


def _no_bias_correction(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, eps=1e-8, **hyper):
    """Adam's step from the uncorrected moments, param - lr * m / (sqrt(v) + eps); the moments are the reference's."""
    _, m, v = ref.adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=lr, eps=eps, **hyper)
    return param - lr * m / (v.sqrt() + eps), m, v


def _eps_inside_sqrt(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **hyper):
    """Adam's step with the denominator sqrt(v_hat + eps); the moments are the reference's."""
    _, m, v = ref.adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=lr, betas=betas, eps=eps, **hyper)
    m_hat, v_hat = m / (1 - betas[0] ** step), v / (1 - betas[1] ** step)
    return param - lr * m_hat / torch.sqrt(v_hat + eps), m, v


def _eps_before_bias_correction(param, grad, exp_avg, exp_avg_sq, step, *, betas=(0.9, 0.999), eps=1e-8, **hyper):
    """(sqrt(v) + eps) / sqrt(1 - beta2^step) = sqrt(v_hat) + eps / sqrt(1 - beta2^step): the reference with that eps."""
    eps = eps / math.sqrt(1 - betas[1] ** step)
    return ref.adam_step(param, grad, exp_avg, exp_avg_sq, step, betas=betas, eps=eps, **hyper)


def _decoupled(adam_mistake):
    """``adam_mistake`` made in AdamW: the parameter shrunk by 1 - lr * weight_decay first, as ``adamw_step``
    does, then ``adam_mistake`` with no weight decay in the gradient."""

    def adamw_mistake(param, *args, lr=1e-3, weight_decay=1e-2, **hyper):
        return adam_mistake(param * (1 - lr * weight_decay), *args, lr=lr, **hyper)

    return adamw_mistake


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
