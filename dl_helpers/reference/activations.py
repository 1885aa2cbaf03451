"""Activation functions and their derivatives, each forward next to its backward.

Every ``*_backward`` takes the gradient of the loss with respect to the activation's output,
``grad_output``, and returns the gradient with respect to its input (a vector-Jacobian
product). For an elementwise activation ``y = g(x)`` that is ``grad_output * g'(x)``. Each one
takes what its derivative is cheapest to compute from, as PyTorch's own backward kernels do
(``torch.ops.aten.threshold_backward``, ``sigmoid_backward``, ``tanh_backward``,
``gelu_backward``, ``_softmax_backward_data``): the input for ReLU and GELU, the output for
sigmoid, tanh and softmax.

Shapes: any shape ``(*)``; ``grad_output`` has the shape of the output.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

_GELU_APPROXIMATIONS = ("none", "tanh")
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_CUBIC = 0.044715  # the coefficient of x^3 in GELU's tanh approximation


def _require_tensor(value: object, name: str) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")


def _require_same_shape(grad_output: Tensor, other: Tensor, other_name: str) -> None:
    _require_tensor(grad_output, "grad_output")
    _require_tensor(other, other_name)
    if grad_output.shape != other.shape:
        raise ValueError(
            f"grad_output and {other_name} must have the same shape, got {tuple(grad_output.shape)} and {tuple(other.shape)}"
        )


# -- ReLU ------------------------------------------------------------------------------------


def relu(input: Tensor) -> Tensor:  # noqa: A002 (PyTorch's name)
    """Rectified linear unit ``max(x, 0)`` elementwise, as ``torch.nn.functional.relu``.

    Example:
        >>> relu(torch.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    _require_tensor(input, "input")
    return input.clamp_min(0)  # NaN stays NaN, as in torch.relu


def relu_backward(grad_output: Tensor, input: Tensor) -> Tensor:  # noqa: A002
    """Gradient through ReLU: ``grad_output`` where ``input > 0``, else 0.

    ReLU has no derivative at 0; PyTorch uses 0 there (the left derivative), so a unit whose
    input is exactly 0 passes no gradient. Since ``relu(x) > 0`` exactly when ``x > 0``, the
    output can stand in for ``input`` (PyTorch's autograd keeps the output).

    Args:
        grad_output: dL/dy, shape (*).
        input: x, the input of the forward pass, shape (*).

    Returns:
        dL/dx, shape (*).

    Example:
        >>> relu_backward(torch.tensor([5.0, 5.0, 5.0]), torch.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 5.])
    """
    _require_same_shape(grad_output, input, "input")
    return torch.where(input > 0, grad_output, torch.zeros_like(grad_output))


# -- sigmoid ---------------------------------------------------------------------------------


def sigmoid(input: Tensor) -> Tensor:  # noqa: A002
    """Logistic sigmoid ``1 / (1 + exp(-x))`` elementwise, as ``torch.sigmoid``.

    Written with ``e = exp(-|x|)``, which lies in (0, 1]: ``1 / (1 + e)`` for x >= 0 and
    ``e / (1 + e)`` below. The textbook form overflows ``exp(-x)`` for x below about -710
    (float64) or -89 (float32); its value still rounds to the right limit, 0, but autograd's
    gradient through it is inf / inf = NaN.

    Example:
        >>> sigmoid(torch.tensor([0.0]))
        tensor([0.5000])
    """
    _require_tensor(input, "input")
    positive = input >= 0
    e = torch.exp(torch.where(positive, -input, input))  # not abs(): its gradient at 0 is 0
    return torch.where(positive, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_backward(grad_output: Tensor, output: Tensor) -> Tensor:
    """Gradient through the sigmoid from its output ``s``: ``grad_output * s * (1 - s)``.

    The derivative is at most 1/4 (at x = 0) and vanishes as ``|x|`` grows: a saturated
    sigmoid passes almost no gradient.

    Args:
        grad_output: dL/ds, shape (*).
        output: s = sigmoid(x), shape (*).

    Returns:
        dL/dx, shape (*).
    """
    _require_same_shape(grad_output, output, "output")
    return grad_output * output * (1.0 - output)


# -- tanh ------------------------------------------------------------------------------------


def tanh(input: Tensor) -> Tensor:  # noqa: A002
    """Hyperbolic tangent elementwise, as ``torch.tanh``, written with ``expm1``.

    With ``u = exp(-2|x|) - 1`` (``expm1``, accurate for small ``|x|``):
    ``tanh(|x|) = -u / (2 + u)``, then the sign of x is put back. The textbook
    ``(e^x - e^-x) / (e^x + e^-x)`` overflows to inf/inf = NaN for ``|x| > 710`` in float64.

    Example:
        >>> tanh(torch.tensor([0.0, 1000.0]))
        tensor([0., 1.])
    """
    _require_tensor(input, "input")
    u = torch.expm1(-2.0 * input.abs())  # in (-1, 0]
    return torch.copysign(-u / (2.0 + u), input)


def tanh_backward(grad_output: Tensor, output: Tensor) -> Tensor:
    """Gradient through tanh from its output ``t``: ``grad_output * (1 - t^2)``.

    Args:
        grad_output: dL/dt, shape (*).
        output: t = tanh(x), shape (*).

    Returns:
        dL/dx, shape (*).
    """
    _require_same_shape(grad_output, output, "output")
    return grad_output * (1.0 - output * output)


# -- GELU ------------------------------------------------------------------------------------


def _check_approximate(approximate: str) -> None:
    if approximate not in _GELU_APPROXIMATIONS:
        raise ValueError(f"approximate must be one of {_GELU_APPROXIMATIONS}, got {approximate!r}")


def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """Gaussian error linear unit ``x * Phi(x)``, as ``torch.nn.functional.gelu``.

    ``Phi`` is the standard normal CDF, ``Phi(x) = (1 + erf(x / sqrt(2))) / 2``:

        approximate="none" (exact, the default):  0.5 x (1 + erf(x / sqrt(2)))
        approximate="tanh":  0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))

    Args:
        input: x, shape (*).
        approximate: "none" or "tanh".

    Returns:
        GELU(x), shape (*).

    Example:
        >>> gelu(torch.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.1587,  0.0000,  0.8413])
    """
    _require_tensor(input, "input")
    _check_approximate(approximate)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (input + _GELU_CUBIC * input**3)
        return 0.5 * input * (1.0 + torch.tanh(inner))
    return 0.5 * input * (1.0 + torch.erf(input * (1.0 / math.sqrt(2.0))))


def gelu_backward(grad_output: Tensor, input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """Gradient through GELU: ``grad_output * (Phi(x) + x phi(x))`` for the exact form.

    ``phi(x) = exp(-x^2 / 2) / sqrt(2 pi)`` is the normal density (the derivative of Phi);
    the product rule on ``x * Phi(x)`` gives the two terms. For the tanh form, with
    ``t = tanh(sqrt(2/pi) (x + 0.044715 x^3))``:
    ``0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)``.

    Args:
        grad_output: dL/dy, shape (*).
        input: x, shape (*).
        approximate: "none" or "tanh".

    Returns:
        dL/dx, shape (*).
    """
    _require_same_shape(grad_output, input, "input")
    _check_approximate(approximate)
    if approximate == "tanh":
        t = torch.tanh(_SQRT_2_OVER_PI * (input + _GELU_CUBIC * input**3))
        d_inner = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_CUBIC * input**2)
        return grad_output * (0.5 * (1.0 + t) + 0.5 * input * (1.0 - t * t) * d_inner)
    cdf = 0.5 * (1.0 + torch.erf(input * (1.0 / math.sqrt(2.0))))
    pdf = torch.exp(-0.5 * input * input) * (1.0 / math.sqrt(2.0 * math.pi))
    return grad_output * (cdf + input * pdf)


# -- softmax ---------------------------------------------------------------------------------


def softmax(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """Softmax along ``dim``, as ``torch.nn.functional.softmax``: ``exp(x_i) / sum_j exp(x_j)``.

    The maximum along ``dim`` is subtracted first; that changes nothing mathematically and
    keeps ``exp`` from overflowing.

    Args:
        input: scores (logits), any shape, e.g. (N, K).
        dim: the dimension that sums to 1 (for (N, K) logits, dim=-1 or 1).

    Returns:
        Probabilities, the shape of input.

    Example:
        >>> softmax(torch.tensor([[1000.0, 1000.0]]), dim=-1)
        tensor([[0.5000, 0.5000]])
    """
    _require_tensor(input, "input")
    shifted = input - input.amax(dim=dim, keepdim=True)  # (*), max along dim is 0
    exp = torch.exp(shifted)
    return exp / exp.sum(dim=dim, keepdim=True)


def log_softmax(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """Log of the softmax along ``dim``, as ``torch.nn.functional.log_softmax``.

    ``x_i - logsumexp(x)``, with ``logsumexp(x) = m + log(sum_j exp(x_j - m))`` and m the max.
    """
    _require_tensor(input, "input")
    m = input.amax(dim=dim, keepdim=True)  # (*) with size 1 along dim
    return input - m - torch.log(torch.exp(input - m).sum(dim=dim, keepdim=True))


def softmax_backward(grad_output: Tensor, output: Tensor, dim: int) -> Tensor:
    """Gradient through softmax from its output ``s``: ``s * (g - sum_j g_j s_j)``.

    The Jacobian of softmax is ``ds_i/dx_j = s_i (delta_ij - s_j)``, i.e. ``diag(s) - s s^T``:
    every output depends on every input, so the backward pass is a product with this matrix,
    which simplifies to the formula above without building it.

    Args:
        grad_output: dL/ds, the shape of output.
        output: s = softmax(x, dim).
        dim: the dimension softmax normalised over.

    Returns:
        dL/dx, the shape of output.
    """
    _require_same_shape(grad_output, output, "output")
    dot = (grad_output * output).sum(dim=dim, keepdim=True)  # (*) with size 1 along dim
    return output * (grad_output - dot)
