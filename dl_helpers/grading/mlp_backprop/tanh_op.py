"""Chapter 04 exercise ``tanh_op``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch

from dl_helpers.grading.cases import uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.reference.autodiff import tanh_op


def _tanh_op_fixed() -> list[Case]:
    return [Case("a = 0.5", (0.5,)), Case("a = -1.2", (-1.2,)), Case("a = 2.0", (2.0,))]


def _tanh_op_random(gen: torch.Generator) -> Case:
    a = _uniform(gen, -4.0, 4.0)
    return Case(f"a = {a:.4g}", (a,))


def _tanh_op_edge() -> list[Case]:
    return [
        Case("a = 0", (0.0,)),
        Case("a = 30 (saturated: tanh = 1)", (30.0,)),
        Case("a = -1e-8", (-1e-8,)),
        Case("a = -3", (-3,)),
    ]


EXERCISE = Exercise(
    name="tanh_op",
    reference=tanh_op,
    fixed_cases=_tanh_op_fixed,
    random_case=_tanh_op_random,
    edge_cases=_tanh_op_edge,
    mistakes=(
        Mistake(
            "derivative_from_input",
            "you wrote 1 - a^2 with the input a; the derivative of tanh is 1 - tanh(a)^2, one minus the squared output.",
            lambda a: (math.tanh(a), (1.0 - a * a,)),
        ),
        Mistake(
            "local_grads_not_a_tuple",
            "return the local derivatives as a tuple with one entry per input, even for a one-input operation: (t, (1 - t * t,)).",
            lambda a: (tanh_op(a)[0], tanh_op(a)[1][0]),
        ),
        Mistake(
            "sigmoid_derivative",
            "t * (1 - t) is the sigmoid's derivative written with its output; tanh's is 1 - t^2.",
            lambda a: (math.tanh(a), (math.tanh(a) * (1.0 - math.tanh(a)),)),
        ),
        Mistake(
            "plus_sign",
            "the derivative of tanh is 1 - tanh(a)^2, with a minus sign (it is at most 1, at a = 0).",
            lambda a: (math.tanh(a), (1.0 + math.tanh(a) ** 2,)),
        ),
        Mistake(
            "not_squared",
            "the derivative of tanh is 1 - tanh(a)^2: square the output.",
            lambda a: (math.tanh(a), (1.0 - math.tanh(a),)),
        ),
        Mistake(
            "output_missing",
            "the first item must be the operation's output tanh(a), the second the tuple of local derivatives.",
            lambda a: (a, tanh_op(a)[1]),
        ),
    ),
    check_dtypes=False,
)
