"""Loss functions, with the names and defaults of ``torch.nn.functional``."""

from __future__ import annotations

import math

import torch
from torch import Tensor

_REDUCTIONS = ("mean", "sum", "none")


def reduce_loss(values: Tensor, reduction: str) -> Tensor:
    """Per-element losses reduced as ``torch.nn.functional`` losses do: "mean", "sum" or "none"."""
    if reduction == "mean":
        return values.mean()
    if reduction == "sum":
        return values.sum()
    if reduction == "none":
        return values
    raise ValueError(f"reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002 (PyTorch's name)
    """Squared error ``(input - target)^2``, averaged, summed or kept elementwise.

    As ``torch.nn.functional.mse_loss``: with ``reduction="mean"`` the average is over
    every element, ``L = (1/M) sum_j (input_j - target_j)^2`` with M = input.numel().

    Args:
        input: predictions, any shape.
        target: same shape as input.
        reduction: "mean" (default), "sum" or "none".

    Returns:
        A scalar tensor, or the elementwise squared errors for "none".

    Example:
        >>> mse_loss(torch.tensor([1., 2.]), torch.tensor([0., 0.]))
        tensor(2.5000)
    """
    if input.shape != target.shape:
        raise ValueError(
            f"input and target must have the same shape, got {tuple(input.shape)} and {tuple(target.shape)}"
        )
    return reduce_loss((input - target) ** 2, reduction)


def gaussian_nll_loss(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    target: Tensor,
    var: Tensor | float,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of targets under ``N(input, var)``, as ``torch.nn.functional.gaussian_nll_loss``.

        loss = 0.5 * (log(max(var, eps)) + (input - target)^2 / max(var, eps))  [+ 0.5 log(2 pi) if full]

    With a fixed variance this is the squared error scaled by ``1/(2 var)`` plus a
    constant: maximising a Gaussian likelihood and minimising squared error pick the
    same predictions.

    Args:
        input: predicted means, shape (N, *).
        target: observations, same shape as input.
        var: variance, a positive number or a tensor broadcastable to input.
        full: add the constant ``0.5 * log(2 pi)``.
        eps: lower clamp on the variance, for stability (applied without tracking gradients, as PyTorch does).
        reduction: "mean" (default), "sum" or "none".
    """
    var = torch.as_tensor(var, dtype=input.dtype, device=input.device).clone()
    with torch.no_grad():  # as PyTorch: the clamp is for stability and does not stop var's gradient
        var.clamp_(min=eps)
    loss = 0.5 * (torch.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction)
