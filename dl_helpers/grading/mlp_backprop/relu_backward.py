"""Chapter 04 exercise ``relu_backward``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randn as _randn, random_shape as _random_shape
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _relu_backward_fixed() -> list[Case]:
    grad_output = torch.tensor([1.5, -2.0, 0.5, 3.0, -1.0, 2.0], dtype=F64)
    x = torch.tensor([-1.0, 0.0, 2.0, -0.5, 1.0, 0.0], dtype=F64)
    gen = torch.Generator().manual_seed(4)
    batch = _randn(gen, 2, 3).round(decimals=1)
    batch[0, 1] = 0.0
    return [
        Case("6 values, two of them exactly 0", (grad_output, x)),
        Case("a 2 x 3 batch", (_randn(gen, 2, 3), batch)),
    ]


def _relu_backward_random(gen: torch.Generator) -> Case:
    shape = _random_shape(gen)
    x = _randn(gen, *shape).round(decimals=1)  # rounding leaves some exact zeros
    return Case(f"random {shape}", (_randn(gen, *shape), x))


def _relu_backward_edge() -> list[Case]:
    return [
        Case("every input negative", (torch.ones(2, 3, dtype=F64), -torch.arange(1.0, 7.0, dtype=F64).reshape(2, 3))),
        Case("-0.0 and tiny inputs", (torch.ones(4, dtype=F64), torch.tensor([-0.0, 1e-300, -1e-300, 0.0], dtype=F64))),
        Case("grad_output of 1e300", (torch.tensor([1e300, -1e300], dtype=F64), torch.tensor([2.0, 3.0], dtype=F64))),
        Case("a single element", (torch.tensor([-4.0], dtype=F64), torch.tensor([0.5], dtype=F64))),
    ]


EXERCISE = Exercise(
    name="relu_backward",
    reference=ref.relu_backward,
    fixed_cases=_relu_backward_fixed,
    random_case=_relu_backward_random,
    edge_cases=_relu_backward_edge,
    mistakes=(
        Mistake(
            "mask_includes_zero",
            "you let the gradient through where input == 0 (input >= 0); PyTorch takes ReLU's derivative at 0 to be 0, so use input > 0.",
            lambda grad_output, input: grad_output * (input >= 0).to(grad_output.dtype),
        ),
        Mistake(
            "mask_without_grad_output",
            "you returned ReLU's derivative (the 0/1 mask) alone; the chain rule multiplies it by grad_output.",
            lambda grad_output, input: ref.relu_backward(torch.ones_like(grad_output), input),
        ),
        Mistake(
            "mask_from_grad_output",
            "you masked by the sign of grad_output; which units pass gradient depends on the forward input: keep grad_output where input > 0.",
            lambda grad_output, input: grad_output * (grad_output > 0).to(grad_output.dtype),
        ),
        Mistake(
            "multiplied_by_input",
            "you multiplied by the input (or by relu(input)); ReLU's derivative is 1 for input > 0, so keep grad_output unchanged there.",
            lambda grad_output, input: grad_output * ref.relu(input),
        ),
        Mistake(
            "mask_inverted",
            "your mask is inverted: the gradient passes where input > 0 and is 0 where input <= 0.",
            lambda grad_output, input: grad_output * (input <= 0).to(grad_output.dtype),
        ),
        Mistake(
            "forward_instead_of_backward",
            "you returned relu(input), the forward pass; the backward pass returns dL/dinput = grad_output where input > 0, else 0.",
            lambda grad_output, input: ref.relu(input),
        ),
    ),
    forbidden=AUTOGRAD,
)
