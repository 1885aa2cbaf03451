"""Optimizer steps with the update rules and argument names of ``torch.optim``.

``sgd_step`` (chapter 01) updates its parameter in place, as ``optimizer.step()`` does. The
chapter 03 steps (``sgd_momentum_step``, ``adagrad_step``, ``rmsprop_step``, ``adam_step``,
``adamw_step``) are pure: they leave their arguments unchanged and return the new parameter
and the new optimizer state, which ``torch.optim`` keeps in ``optimizer.state[param]`` under
the names the docstrings give. Each is tested step by step against PyTorch's optimizer.
"""

from __future__ import annotations

import math

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


# -- shared checks ------------------------------------------------------------------------------


def _require_tensor(name: str, value: object) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a tensor, got {type(value).__name__}")


def _require_like(name: str, value: object, param: Tensor) -> None:
    """``value`` must be a tensor shaped like ``param``."""
    _require_tensor(name, value)
    if value.shape != param.shape:
        raise ValueError(f"{name} must have the shape of param {tuple(param.shape)}, got {tuple(value.shape)}")


def _require_at_least(name: str, value: float, low: float) -> None:
    if not value >= low:  # also refuses NaN
        raise ValueError(f"{name} must be >= {low}, got {value}")


def _require_step(step: object) -> int:
    if isinstance(step, Tensor):
        step = step.item()
    if isinstance(step, bool) or not float(step).is_integer() or step < 1:
        raise ValueError(f"step must be a whole number >= 1 (1 on the first update), got {step}")
    return int(step)


def _require_beta(name: str, value: float) -> None:
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value}")


# -- SGD with momentum --------------------------------------------------------------------------


@torch.no_grad()
def sgd_momentum_step(
    param: Tensor,
    grad: Tensor,
    momentum_buffer: Tensor | None,
    *,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
) -> tuple[Tensor, Tensor | None]:
    """One step of ``torch.optim.SGD`` with momentum, returning new tensors (the inputs are unchanged).

        g = grad + weight_decay * param
        b = g                                        on the first step (momentum_buffer is None)
        b = momentum * momentum_buffer + (1 - dampening) * g      afterwards
        d = g + momentum * b  if nesterov  else  b
        param <- param - lr * d

    ``torch.optim.SGD`` keeps ``b`` as ``state['momentum_buffer']``; it starts as ``None``,
    so the first step copies the gradient without dampening. With ``momentum=0`` there is
    no buffer (``None`` is returned for it) and the step is plain SGD.

    Args:
        param: parameters, any shape.
        grad: gradient of the loss at param, same shape.
        momentum_buffer: ``b`` from the previous step, same shape, or None before the first step.
        lr: learning rate, >= 0.
        momentum: weight of the previous buffer, >= 0.
        dampening: the new gradient enters the buffer with weight 1 - dampening (after the first step).
        weight_decay: L2 coefficient, >= 0, added to the gradient.
        nesterov: look ahead along the buffer; needs momentum > 0 and dampening = 0.

    Returns:
        (new param, new momentum_buffer or None when momentum is 0).

    Example:
        >>> p, b = sgd_momentum_step(torch.tensor([1.0]), torch.tensor([2.0]), None, lr=0.1, momentum=0.9)
        >>> p, b  # first step: b = g, p = 1 - 0.1 * 2
        (tensor([0.8000]), tensor([2.]))
    """
    _require_tensor("param", param)
    _require_like("grad", grad, param)
    if momentum_buffer is not None:
        _require_like("momentum_buffer", momentum_buffer, param)
    _require_at_least("lr", lr, 0.0)
    _require_at_least("momentum", momentum, 0.0)
    _require_at_least("weight_decay", weight_decay, 0.0)
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError(
            f"nesterov needs momentum > 0 and dampening = 0, got momentum={momentum}, dampening={dampening}"
        )
    g = grad + weight_decay * param if weight_decay != 0 else grad
    buffer = None
    if momentum != 0:
        if momentum_buffer is None:
            buffer = g.clone()
        else:
            buffer = momentum * momentum_buffer + (1 - dampening) * g
        g = g + momentum * buffer if nesterov else buffer
    return param - lr * g, buffer


# -- AdaGrad ------------------------------------------------------------------------------------


@torch.no_grad()
def adagrad_step(
    param: Tensor,
    grad: Tensor,
    state_sum: Tensor,
    step: int,
    *,
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
    eps: float = 1e-10,
) -> tuple[Tensor, Tensor]:
    """One step of ``torch.optim.Adagrad``, returning new tensors (the inputs are unchanged).

        g = grad + weight_decay * param
        s = state_sum + g^2                           (elementwise)
        lr_t = lr / (1 + (step - 1) * lr_decay)
        param <- param - lr_t * g / (sqrt(s) + eps)

    ``torch.optim.Adagrad`` keeps ``s`` as ``state['sum']`` (starting at
    ``initial_accumulator_value``, 0 by default) and the update count as ``state['step']``.

    Args:
        param: parameters, any shape.
        grad: gradient of the loss at param, same shape.
        state_sum: sum of the squared gradients of the previous steps, same shape.
        step: number of this update, 1 on the first (``state['step']`` after torch increments it).
        lr: learning rate, >= 0.
        lr_decay: the learning rate is divided by 1 + (step - 1) * lr_decay.
        weight_decay: L2 coefficient, >= 0, added to the gradient.
        eps: added to the square root, > 0 keeps the first steps finite.

    Returns:
        (new param, new state_sum).

    Example:
        >>> p, s = adagrad_step(torch.tensor([1.0]), torch.tensor([2.0]), torch.zeros(1), 1, lr=0.1)
        >>> p  # 1 - 0.1 * 2 / sqrt(4): the first step moves every coordinate by lr
        tensor([0.9000])
    """
    _require_tensor("param", param)
    _require_like("grad", grad, param)
    _require_like("state_sum", state_sum, param)
    step = _require_step(step)
    for name, value in (("lr", lr), ("lr_decay", lr_decay), ("weight_decay", weight_decay), ("eps", eps)):
        _require_at_least(name, value, 0.0)
    g = grad + weight_decay * param if weight_decay != 0 else grad
    state_sum = state_sum + g * g
    lr_t = lr / (1 + (step - 1) * lr_decay)
    return param - lr_t * g / (state_sum.sqrt() + eps), state_sum


# -- RMSProp ------------------------------------------------------------------------------------


@torch.no_grad()
def rmsprop_step(
    param: Tensor,
    grad: Tensor,
    square_avg: Tensor,
    *,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[Tensor, Tensor]:
    """One step of ``torch.optim.RMSprop`` (momentum=0, centered=False), returning new tensors.

        g = grad + weight_decay * param
        v = alpha * square_avg + (1 - alpha) * g^2    (elementwise)
        param <- param - lr * g / (sqrt(v) + eps)

    ``torch.optim.RMSprop`` keeps ``v`` as ``state['square_avg']``, starting at zeros; there
    is no bias correction, so the first steps are larger than lr. ``alpha`` is the weight of
    the past (the lecture notes' beta, or 1 - gamma).

    Args:
        param: parameters, any shape.
        grad: gradient of the loss at param, same shape.
        square_avg: running average of the squared gradients, same shape (zeros before the first step).
        lr: learning rate, >= 0.
        alpha: smoothing constant in [0, 1]: weight of the previous average.
        eps: added to the square root.
        weight_decay: L2 coefficient, >= 0, added to the gradient.

    Returns:
        (new param, new square_avg).

    Example:
        >>> p, v = rmsprop_step(torch.tensor([1.0]), torch.tensor([2.0]), torch.zeros(1), lr=0.01, alpha=0.99)
        >>> v  # 0.01 * 2^2
        tensor([0.0400])
    """
    _require_tensor("param", param)
    _require_like("grad", grad, param)
    _require_like("square_avg", square_avg, param)
    for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
        _require_at_least(name, value, 0.0)
    if alpha > 1:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}")
    g = grad + weight_decay * param if weight_decay != 0 else grad
    square_avg = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / (square_avg.sqrt() + eps), square_avg


# -- Adam and AdamW -----------------------------------------------------------------------------


def _adam_update(param, g, exp_avg, exp_avg_sq, step, lr, betas, eps):
    beta1, beta2 = betas
    exp_avg = beta1 * exp_avg + (1 - beta1) * g
    exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * g * g
    bias_correction1 = 1 - beta1**step
    bias_correction2 = 1 - beta2**step
    denom = exp_avg_sq.sqrt() / math.sqrt(bias_correction2) + eps  # sqrt(v_hat) + eps
    return param - (lr / bias_correction1) * exp_avg / denom, exp_avg, exp_avg_sq


def _check_adam(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay) -> int:
    _require_tensor("param", param)
    _require_like("grad", grad, param)
    _require_like("exp_avg", exp_avg, param)
    _require_like("exp_avg_sq", exp_avg_sq, param)
    if len(betas) != 2:
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas}")
    _require_beta("betas[0]", betas[0])
    _require_beta("betas[1]", betas[1])
    for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
        _require_at_least(name, value, 0.0)
    return _require_step(step)


@torch.no_grad()
def adam_step(
    param: Tensor,
    grad: Tensor,
    exp_avg: Tensor,
    exp_avg_sq: Tensor,
    step: int,
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[Tensor, Tensor, Tensor]:
    """One step of ``torch.optim.Adam`` (amsgrad=False), returning new tensors (the inputs are unchanged).

        g = grad + weight_decay * param               (L2 penalty, coupled to the gradient)
        m = beta1 * exp_avg + (1 - beta1) * g
        v = beta2 * exp_avg_sq + (1 - beta2) * g^2
        m_hat = m / (1 - beta1^step),  v_hat = v / (1 - beta2^step)
        param <- param - lr * m_hat / (sqrt(v_hat) + eps)

    ``torch.optim.Adam`` keeps ``m`` as ``state['exp_avg']``, ``v`` as ``state['exp_avg_sq']``
    (both start at zeros) and the update count as ``state['step']``. It computes the same
    update as ``(lr / (1 - beta1^step)) * m / (sqrt(v) / sqrt(1 - beta2^step) + eps)``.

    Args:
        param: parameters, any shape.
        grad: gradient of the loss at param, same shape.
        exp_avg: running average of the gradients, same shape.
        exp_avg_sq: running average of the squared gradients, same shape.
        step: number of this update, 1 on the first (``state['step']`` after torch increments it).
        lr: learning rate, >= 0.
        betas: (beta1, beta2), each in [0, 1).
        eps: added to sqrt(v_hat), outside the square root.
        weight_decay: L2 coefficient, >= 0, added to the gradient (see :func:`adamw_step` for decoupled decay).

    Returns:
        (new param, new exp_avg, new exp_avg_sq).

    Example:
        >>> p, m, v = adam_step(torch.tensor([1.0]), torch.tensor([-3.0]), torch.zeros(1), torch.zeros(1), 1, lr=0.1)
        >>> p  # the first step moves each coordinate by about lr, against the gradient's sign
        tensor([1.1000])
    """
    step = _check_adam(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay)
    g = grad + weight_decay * param if weight_decay != 0 else grad
    return _adam_update(param, g, exp_avg, exp_avg_sq, step, lr, betas, eps)


@torch.no_grad()
def adamw_step(
    param: Tensor,
    grad: Tensor,
    exp_avg: Tensor,
    exp_avg_sq: Tensor,
    step: int,
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[Tensor, Tensor, Tensor]:
    """One step of ``torch.optim.AdamW`` (amsgrad=False): Adam with decoupled weight decay.

        param' = param * (1 - lr * weight_decay)      (decay first, outside the moments)
        m, v, m_hat, v_hat from grad as in adam_step  (the gradient carries no decay term)
        param <- param' - lr * m_hat / (sqrt(v_hat) + eps)

    In Adam the L2 term ``weight_decay * param`` is divided by sqrt(v_hat) like the rest of
    the gradient, so parameters with large gradients are hardly decayed; AdamW shrinks every
    parameter by the same factor. State names as in :func:`adam_step`. Note the default
    ``weight_decay=1e-2``, as ``torch.optim.AdamW``.

    Args:
        param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps: as in :func:`adam_step`.
        weight_decay: decoupled decay coefficient, >= 0.

    Returns:
        (new param, new exp_avg, new exp_avg_sq).

    Example:
        >>> p, m, v = adamw_step(torch.tensor([1.0]), torch.tensor([0.0]), torch.zeros(1), torch.zeros(1), 1, lr=0.1, weight_decay=0.5)
        >>> p  # a zero gradient: only the decay, 1 * (1 - 0.1 * 0.5)
        tensor([0.9500])
    """
    step = _check_adam(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay)
    decayed = param * (1 - lr * weight_decay) if weight_decay != 0 else param
    return _adam_update(decayed, grad, exp_avg, exp_avg_sq, step, lr, betas, eps)
