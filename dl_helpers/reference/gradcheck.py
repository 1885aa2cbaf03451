"""Numerical gradients by central differences, and the relative error used to compare gradients.

A hand-written backward pass is checked against the definition of the derivative:

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

The error of this central difference is O(eps^2) (the one-sided ``(f(x + eps e_i) - f(x)) / eps``
is only O(eps)), but subtracting two nearly equal values of f loses digits: the rounding error
is about ``u |f| / eps`` with u the unit roundoff (1.1e-16 in float64, 6e-8 in float32). In
float64 with eps = 1e-6 both errors are around 1e-10; in float32 the rounding term alone is
about 0.06, which is why gradient checks run in float64 (``torch.autograd.gradcheck`` refuses
anything else by default, and uses the same eps = 1e-6).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor


def numerical_gradient(f: Callable[[Tensor], Tensor], input: Tensor, eps: float = 1e-6) -> Tensor:  # noqa: A002
    """Gradient of a scalar function by central differences, one coordinate at a time.

    For every element i of ``input``:

        grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

    ``input`` is left unchanged (the perturbation is made on a copy and undone after each
    coordinate). Costs 2 * input.numel() calls of f.

    Args:
        f: maps a tensor shaped like input to a scalar (a 0-dim tensor or a number).
        input: x, any shape (*), floating point; use float64.
        eps: the step, > 0 (default 1e-6, as ``torch.autograd.gradcheck``).

    Returns:
        The gradient, shape (*), the dtype and device of input.

    Example:
        >>> g = numerical_gradient(lambda x: (x**2).sum(), torch.tensor([1.0, -2.0], dtype=torch.float64))
        >>> g.round(decimals=6)   # d/dx sum(x^2) = 2x, up to rounding of order 1e-10
        tensor([ 2., -4.], dtype=torch.float64)
    """
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    if not isinstance(input, Tensor) or not input.is_floating_point():
        raise TypeError(f"input must be a floating-point tensor, got {getattr(input, 'dtype', type(input).__name__)}")
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    x = input.detach().clone(memory_format=torch.contiguous_format)  # a copy that .view(-1) can flatten
    flat = x.view(-1)  # (numel,), a view: writing into it perturbs x
    grad = torch.zeros_like(flat)  # (numel,)
    for i in range(flat.numel()):
        original = flat[i].clone()
        flat[i] = original + eps
        f_plus = torch.as_tensor(f(x), dtype=x.dtype, device=x.device).clone()  # clone: f may return a view of x
        flat[i] = original - eps
        f_minus = torch.as_tensor(f(x), dtype=x.dtype, device=x.device).clone()
        flat[i] = original  # restore before the next coordinate
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.view(input.shape)  # (numel,) -> (*)


def relative_error(got: Tensor, expected: Tensor) -> float:
    """``||got - expected|| / (||got|| + ||expected||)``, 0 when both are zero.

    A scale-free distance between two gradients: about 1e-10 or less when a float64 backward
    pass agrees with central differences; around 1e-3 or more usually means a bug. (CS231n
    takes the elementwise maximum instead of norms; norms do not blow up where a single
    entry of both is nearly 0.)
    """
    if not isinstance(got, Tensor) or not isinstance(expected, Tensor):
        raise TypeError(f"got and expected must be tensors, got {type(got).__name__} and {type(expected).__name__}")
    if got.shape != expected.shape:
        raise ValueError(
            f"got and expected must have the same shape, got {tuple(got.shape)} and {tuple(expected.shape)}"
        )
    got64, expected64 = got.detach().double(), expected.detach().double()
    scale = (torch.linalg.vector_norm(got64) + torch.linalg.vector_norm(expected64)).item()
    if scale == 0.0:
        return 0.0
    return torch.linalg.vector_norm(got64 - expected64).item() / scale
