"""Regularisation and stabilisation: inverted dropout, gradient clipping, the L1 penalty.

Names follow PyTorch: ``dropout`` as ``torch.nn.functional.dropout``; ``clip_grad_value``
and ``clip_grad_norm`` as ``torch.nn.utils.clip_grad_value_`` / ``clip_grad_norm_``, but
taking a list of gradient tensors and returning new ones instead of changing each
parameter's ``.grad`` in place; ``softshrink`` as ``torch.nn.functional.softshrink``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor


def dropout(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    p: float = 0.5,
    training: bool = True,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Inverted dropout, as ``torch.nn.functional.dropout``, with an explicit random generator.

    In training every entry is zeroed with probability p and the kept ones are divided by
    the keep probability 1 - p, so that ``E[output] = input`` and evaluation needs no
    rescaling. In evaluation (``training=False``) the input comes back unchanged::

        u ~ U[0, 1) elementwise,  keep = u > p,  output = input * keep / (1 - p)

    ``u`` is ``torch.rand(input.shape, dtype=input.dtype, generator=generator)`` drawn on the
    generator's device (``input``'s device when ``generator`` is None) and moved to
    ``input``'s device, so a seeded CPU generator gives the same mask on any device. With
    p = 1 every entry is dropped and the output is zero (no division by 0); with p = 0 or
    in evaluation nothing is drawn. The masks differ from PyTorch's own, which draws
    them differently; their distribution is the same.

    Args:
        input: any shape.
        p: probability of dropping an entry, in [0, 1]. (Some notes write p for the
            probability of *keeping* one.)
        training: apply dropout (True) or return the input (False).
        generator: the random number generator.

    Returns:
        A tensor shaped like input.

    Example:
        >>> dropout(torch.ones(6), 0.5, generator=torch.Generator().manual_seed(0))
        tensor([0., 2., 0., 0., 0., 2.])
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability p must be in [0, 1], got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, dtype=input.dtype, device=device, generator=generator).to(input.device)
    keep = u > p  # bool, shaped like input: True with probability 1 - p
    return input * keep / (1.0 - p)


def clip_grad_value(grads: Sequence[Tensor], clip_value: float) -> list[Tensor]:
    """Clip every gradient entry to [-clip_value, clip_value], as ``torch.nn.utils.clip_grad_value_``.

    Clipping entries separately changes the gradient's direction; see :func:`clip_grad_norm`.

    Args:
        grads: gradient tensors, any shapes.
        clip_value: the largest magnitude allowed, > 0.

    Returns:
        New clipped tensors, one per gradient.
    """
    if clip_value <= 0:
        raise ValueError(f"clip_value must be > 0, got {clip_value}")
    return [g.clamp(-clip_value, clip_value) for g in grads]


def _total_norm(grads: Sequence[Tensor], norm_type: float) -> Tensor:
    """The norm of all gradients concatenated into one vector."""
    per_tensor = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])  # (number of tensors,)
    return torch.linalg.vector_norm(per_tensor, norm_type)  # ()


def clip_grad_norm(grads: Sequence[Tensor], max_norm: float, norm_type: float = 2.0) -> tuple[list[Tensor], Tensor]:
    """Rescale gradients so that their *global* norm is at most ``max_norm``, as ``torch.nn.utils.clip_grad_norm_``.

    The norm is that of all gradients together, as if concatenated into one vector::

        total_norm = ||(||g_1||, ..., ||g_k||)||          (the p-norm of all entries)
        clip_coef  = min(1, max_norm / (total_norm + 1e-6))
        g_i       <- clip_coef * g_i

    All gradients are scaled by the same factor, so the update keeps its direction; only
    its length is capped. PyTorch changes each ``.grad`` in place; this function returns
    new tensors and leaves ``grads`` untouched.

    Args:
        grads: gradient tensors, any shapes (those of the model's parameters).
        max_norm: the largest global norm allowed, > 0.
        norm_type: p of the p-norm (2.0 by default; ``math.inf`` for the largest magnitude).

    Returns:
        (clipped gradients as a list, total_norm): total_norm is the norm *before* clipping,
        a 0-dim tensor, as ``clip_grad_norm_`` returns it.

    Example:
        >>> clipped, total = clip_grad_norm([torch.tensor([3.0]), torch.tensor([4.0])], max_norm=1.0)
        >>> total, [round(g.item(), 4) for g in clipped]
        (tensor(5.), [0.6, 0.8])
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    norm_type = float(norm_type)
    if not (norm_type > 0 or math.isinf(norm_type)):
        raise ValueError(f"norm_type must be > 0 or inf, got {norm_type}")
    if len(grads) == 0:
        return [], torch.tensor(0.0)
    total_norm = _total_norm(grads, norm_type)  # ()
    clip_coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)  # ()
    return [g * clip_coef for g in grads], total_norm


def l1_penalty(parameters: Sequence[Tensor]) -> Tensor:
    """The L1 penalty ``sum_i ||theta_i||_1``, the sum of the absolute values of all parameters.

    Its (sub)gradient is ``sign(theta)``: a constant pull towards 0 whatever the size of a
    weight, which drives small weights to exactly 0 when applied as a proximal step
    (:func:`softshrink`). The L2 penalty's gradient ``theta`` fades near 0 instead, so
    weight decay shrinks weights without zeroing them.

    Args:
        parameters: tensors, any shapes.

    Returns:
        A 0-dim tensor.
    """
    if len(parameters) == 0:
        raise ValueError("l1_penalty needs at least one tensor")
    return sum(p.abs().sum() for p in parameters)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002 (PyTorch's name)
    """Soft thresholding, as ``torch.nn.functional.softshrink``: move every entry ``lambd`` towards 0, stopping at 0.

        softshrink(x) = x - lambd if x > lambd;  x + lambd if x < -lambd;  0 otherwise

    It is the proximal operator of ``lambd * ||x||_1``: a gradient step on the loss
    followed by ``softshrink(w, lr * l1_strength)`` is a proximal-gradient (ISTA) step for
    L1-regularised training, and it sets small weights to exactly zero.

    Args:
        input: any shape.
        lambd: the threshold, >= 0.

    Example:
        >>> softshrink(torch.tensor([-2.0, -0.3, 0.0, 0.4, 1.5]), 0.5)
        tensor([-1.5000,  0.0000,  0.0000,  0.0000,  1.0000])
    """
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0, got {lambd}")
    return input - input.clamp(-lambd, lambd)  # |x| <= lambd: x - x = 0; otherwise x -+ lambd
