"""Optimizer steps with the update rules and argument names of ``torch.optim``."""

from __future__ import annotations

import torch
from torch import Tensor


@torch.no_grad()
def sgd_step(
    param: Tensor,
    grad: Tensor,
    *,
    lr: float,
    weight_decay: float = 0.0,
) -> Tensor:
    """One step of plain SGD with L2 weight decay, as ``torch.optim.SGD`` (no momentum).

        g = grad + weight_decay * param
        param <- param - lr * g

    Weight decay is the SGD form of an L2 penalty: the gradient of
    ``(weight_decay / 2) ||param||^2`` is ``weight_decay * param``.

    Args:
        param: parameters, any shape; updated in place, as torch.optim does.
        grad: gradient of the loss, same shape as param.
        lr: learning rate, > 0.
        weight_decay: L2 coefficient, >= 0.

    Returns:
        param, after the update.
    """
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    if weight_decay < 0:
        raise ValueError(f"weight_decay must be >= 0, got {weight_decay}")
    step = grad + weight_decay * param if weight_decay else grad
    return param.sub_(lr * step)
