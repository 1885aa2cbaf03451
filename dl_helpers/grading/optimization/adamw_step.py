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
    _adam_variant,
    _torch_functional,
)


def _adamw_mistake(**change):
    change.setdefault("decay", "decoupled")
    return lambda *args, weight_decay=1e-2, **kwargs: _adam_variant(
        *args, weight_decay=weight_decay, **kwargs, **change
    )


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
