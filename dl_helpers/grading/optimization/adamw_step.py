"""Chapter 03 exercise ``adamw_step``: its cases, known mistakes and forbidden shortcuts."""

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
    _decoupled,
    _eps_before_bias_correction,
    _eps_inside_sqrt,
    _no_bias_correction,
    _torch_functional,
)


def _decay_after_update(param, *args, lr=1e-3, weight_decay=1e-2, **hyper):
    """Adam's step without weight decay, then the new parameter shrunk by 1 - lr * weight_decay."""
    new_param, m, v = ref.adam_step(param, *args, lr=lr, **hyper)
    return new_param * (1 - lr * weight_decay), m, v


EXERCISE = Exercise(
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
            lambda *args, weight_decay=1e-2, **hyper: ref.adam_step(*args, weight_decay=weight_decay, **hyper),
        ),
        Mistake(
            "decay_without_lr",
            "you multiplied the parameter by 1 - weight_decay; torch.optim.AdamW scales the decay by the learning "
            "rate: param * (1 - lr * weight_decay).",
            lambda param, *args, weight_decay=1e-2, **hyper: ref.adam_step(param * (1 - weight_decay), *args, **hyper),
        ),
        Mistake("no_bias_correction", _NO_BIAS_CORRECTION, _decoupled(_no_bias_correction)),
        Mistake("eps_inside_sqrt", _EPS_INSIDE, _decoupled(_eps_inside_sqrt)),
        Mistake(
            "decay_after_update",
            "you applied the decay after the Adam update; torch.optim.AdamW decays the parameter first, "
            "param * (1 - lr * weight_decay), then subtracts lr * m_hat / (sqrt(v_hat) + eps).",
            _decay_after_update,
        ),
        Mistake("eps_before_bias_correction", _EPS_BEFORE, _decoupled(_eps_before_bias_correction)),
        Mistake(
            "step_off_by_one",
            _STEP_OFF,
            lambda param, grad, exp_avg, exp_avg_sq, step, **hyper: ref.adamw_step(
                param, grad, exp_avg, exp_avg_sq, step + 1, **hyper
            ),
        ),
        Mistake(
            "betas_swapped",
            _BETAS_SWAPPED,
            lambda *args, betas=(0.9, 0.999), **hyper: ref.adamw_step(*args, betas=betas[::-1], **hyper),
        ),
        Mistake(
            "weight_decay_ignored",
            "you ignored weight_decay (its default is 1e-2 in AdamW): shrink the parameter first, "
            "param * (1 - lr * weight_decay).",
            lambda *args, **hyper: ref.adamw_step(*args, **{**hyper, "weight_decay": 0.0}),
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
