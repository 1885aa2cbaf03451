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
    _adam_variant,
    _torch_functional,
)


def _adam_mistake(**change):
    return lambda *args, **kwargs: _adam_variant(*args, **kwargs, **change)


_BC2_NOT_ROOTED = "you divided sqrt(v) by 1 - beta2^step; divide by its square root (that is, use sqrt(v_hat))."


EXERCISE = Exercise(
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
