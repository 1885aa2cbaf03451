"""Chapter 03 exercise ``adam_step``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

from dl_helpers import reference as ref
from dl_helpers.grading.exercise import Exercise, Mistake
from dl_helpers.grading.optimization._common import (
    _BETAS_SWAPPED,
    _EPS_BEFORE,
    _EPS_INSIDE,
    _NO_BIAS_CORRECTION,
    _STEP_OFF,
    _adam_edge,
    _adam_fixed,
    _adam_random,
    _eps_before_bias_correction,
    _eps_inside_sqrt,
    _no_bias_correction,
    _torch_functional,
)

_BC2_NOT_ROOTED = "you divided sqrt(v) by 1 - beta2^step; divide by its square root (that is, use sqrt(v_hat))."


def _bias_correction2_not_rooted(
    param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **hyper
):
    """Adam's step with the denominator sqrt(v) / (1 - beta2^step) + eps; the moments are the reference's."""
    _, m, v = ref.adam_step(param, grad, exp_avg, exp_avg_sq, step, lr=lr, betas=betas, eps=eps, **hyper)
    return param - lr * (m / (1 - betas[0] ** step)) / (v.sqrt() / (1 - betas[1] ** step) + eps), m, v


EXERCISE = Exercise(
    name="adam_step",
    reference=ref.adam_step,
    fixed_cases=lambda: _adam_fixed(0.0),
    random_case=_adam_random,
    edge_cases=_adam_edge,
    mistakes=(
        Mistake("no_bias_correction", _NO_BIAS_CORRECTION, _no_bias_correction),
        Mistake("eps_inside_sqrt", _EPS_INSIDE, _eps_inside_sqrt),
        Mistake(
            "decoupled_weight_decay",
            "you decayed the parameter directly (param * (1 - lr * weight_decay)): that is AdamW. Adam's "
            "weight_decay is an L2 term added to the gradient, g = grad + weight_decay * param, before the moments.",
            lambda *args, weight_decay=0.0, **hyper: ref.adamw_step(*args, weight_decay=weight_decay, **hyper),
        ),
        Mistake("eps_before_bias_correction", _EPS_BEFORE, _eps_before_bias_correction),
        Mistake(
            "step_off_by_one",
            _STEP_OFF,
            lambda param, grad, exp_avg, exp_avg_sq, step, **hyper: ref.adam_step(
                param, grad, exp_avg, exp_avg_sq, step + 1, **hyper
            ),
        ),
        Mistake(
            "betas_swapped",
            _BETAS_SWAPPED,
            lambda *args, betas=(0.9, 0.999), **hyper: ref.adam_step(*args, betas=betas[::-1], **hyper),
        ),
        Mistake("bias_correction2_not_rooted", _BC2_NOT_ROOTED, _bias_correction2_not_rooted),
        Mistake(
            "weight_decay_ignored",
            "you ignored weight_decay: add weight_decay * param to the gradient before updating the moments.",
            lambda *args, **hyper: ref.adam_step(*args, **{**hyper, "weight_decay": 0.0}),
        ),
    ),
    forbidden=(*_torch_functional("adam"), "torch.optim.Adam.step", "dl_helpers.reference.optim._adam_update"),
)
