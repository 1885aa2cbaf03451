"""Shortcut lists that exercises of several chapters refuse (see :mod:`dl_helpers.grading.guard`)."""

from __future__ import annotations

# What a hand-written gradient or backward pass may not call: autograd would do the exercise.
AUTOGRAD = (
    "torch.autograd.grad",
    "torch.autograd.backward",
    "torch.Tensor.backward",
    "torch.autograd.functional.jacobian",
    "torch.autograd.functional.vjp",
    "torch.func.grad",
    "torch.func.vjp",
    "torch.func.jacrev",
)
