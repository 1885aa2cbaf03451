"""Weight initialisation with the formulas of ``torch.nn.init``, returning new tensors.

PyTorch's initialisers end in an underscore (``kaiming_normal_``) because they fill their
argument in place. The functions here have the same arguments and draw the same random
numbers, but leave ``tensor`` untouched and return a new tensor of its shape, dtype and
device; ``w.copy_(kaiming_normal(w))`` is the in-place version. Given a
``torch.Generator`` in the same state, ``kaiming_normal(w, generator=g)`` equals what
``torch.nn.init.kaiming_normal_(w, generator=g)`` writes into ``w``.

Random numbers are drawn on the generator's device (the global generator of
``tensor``'s device when ``generator`` is None) in ``tensor``'s dtype, then moved to
``tensor``'s device, so a CPU generator gives the same weights on any device.

Fan-in and fan-out follow PyTorch's layout: a Linear weight has shape
``(out_features, in_features)`` = (K, D), so fan_in = D and fan_out = K; a convolution
weight has shape ``(C_out, C_in, kH, kW)``, so fan_in = C_in kH kW and fan_out = C_out kH kW.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

_LINEAR_NONLINEARITIES = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)
_MODES = ("fan_in", "fan_out")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``.

    The gain g sets the weights' standard deviation to ``g / sqrt(fan)``. It undoes how
    much the nonlinearity shrinks the second moment of its input: ReLU zeroes half of
    a zero-mean input, halving ``E[x^2]``, hence ``g = sqrt(2)``.

        linear, conv*, sigmoid: 1      tanh: 5/3      relu: sqrt(2)
        leaky_relu: sqrt(2 / (1 + negative_slope^2)), negative_slope = param (0.01 if None)
        selu: 3/4

    Args:
        nonlinearity: the name of the function, as in ``torch.nn.functional``.
        param: the negative slope of ``leaky_relu``.

    Example:
        >>> calculate_gain("relu")
        1.4142135623730951
    """
    if nonlinearity in _LINEAR_NONLINEARITIES:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param!r} is not a number")
        return math.sqrt(2.0 / (1.0 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """Fan-in and fan-out of a weight tensor, as PyTorch computes them.

    For a weight of shape (K, D, *kernel): ``fan_in = D * prod(kernel)`` (inputs feeding one
    output unit) and ``fan_out = K * prod(kernel)``.

    Args:
        tensor: a weight with at least 2 dimensions: (K, D) or (C_out, C_in, *kernel).

    Example:
        >>> fan_in_and_fan_out(torch.empty(8, 3, 5, 5))
        (75, 200)
    """
    if tensor.dim() < 2:
        raise ValueError(
            f"fan-in and fan-out need a tensor with at least 2 dimensions, got shape {tuple(tensor.shape)}"
        )
    receptive_field = math.prod(tensor.shape[2:])  # 1 for a Linear weight
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in _MODES:
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _xavier_std(tensor: Tensor, gain: float) -> float:
    """``gain * sqrt(2 / (fan_in + fan_out))``, the standard deviation both Xavier schemes draw with."""
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float:
    """``gain / sqrt(fan)``, the standard deviation both Kaiming schemes draw with."""
    return calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))


def _empty_for_sampling(
    tensor: Tensor, generator: torch.Generator | None, shape: tuple[int, ...] | None = None
) -> Tensor:
    """An empty tensor (shaped like ``tensor`` unless ``shape`` is given) in ``tensor``'s dtype,
    on the device the draws happen on: the generator's, or ``tensor``'s without one."""
    if not tensor.is_floating_point():
        raise TypeError(f"initialisation needs a floating-point tensor, got dtype {tensor.dtype}")
    device = generator.device if generator is not None else tensor.device
    return torch.empty(tensor.shape if shape is None else shape, dtype=tensor.dtype, device=device)


def normal(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: torch.Generator | None = None) -> Tensor:
    """Values drawn from ``N(mean, std^2)``, shaped like ``tensor``; as ``torch.nn.init.normal_``.

    Example:
        >>> normal(torch.empty(2, 3), std=0.01, generator=torch.Generator().manual_seed(0)).shape
        torch.Size([2, 3])
    """
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    return _empty_for_sampling(tensor, generator).normal_(mean, std, generator=generator).to(tensor.device)


def _uniform(tensor: Tensor, bound: float, generator: torch.Generator | None) -> Tensor:
    return _empty_for_sampling(tensor, generator).uniform_(-bound, bound, generator=generator).to(tensor.device)


def xavier_uniform(tensor: Tensor, gain: float = 1.0, generator: torch.Generator | None = None) -> Tensor:
    """Glorot/Xavier uniform initialisation, as ``torch.nn.init.xavier_uniform_``.

    Draws from ``U(-a, a)`` with ``a = gain * sqrt(6 / (fan_in + fan_out))``, so that
    ``std = gain * sqrt(2 / (fan_in + fan_out))``: a compromise between keeping the
    variance of the activations (fan_in) and of the gradients (fan_out).

    Args:
        tensor: a weight of shape (K, D) or (C_out, C_in, *kernel); only its shape, dtype
            and device are used.
        gain: scaling factor, see :func:`calculate_gain`.
        generator: the random number generator.

    Returns:
        A new tensor shaped like ``tensor``.
    """
    std = _xavier_std(tensor, gain)
    return _uniform(tensor, math.sqrt(3.0) * std, generator)  # U(-a, a) has std a / sqrt(3)


def xavier_normal(tensor: Tensor, gain: float = 1.0, generator: torch.Generator | None = None) -> Tensor:
    """Glorot/Xavier normal initialisation, as ``torch.nn.init.xavier_normal_``.

    Draws from ``N(0, std^2)`` with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Returns:
        A new tensor shaped like ``tensor``.
    """
    std = _xavier_std(tensor, gain)
    return normal(tensor, 0.0, std, generator)


def kaiming_uniform(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> Tensor:
    """Kaiming/He uniform initialisation, as ``torch.nn.init.kaiming_uniform_``.

    Draws from ``U(-bound, bound)`` with ``bound = sqrt(3) * gain / sqrt(fan)``, which has
    the standard deviation of :func:`kaiming_normal`.

    Returns:
        A new tensor shaped like ``tensor``.
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    return _uniform(tensor, math.sqrt(3.0) * std, generator)


def kaiming_normal(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> Tensor:
    """Kaiming/He normal initialisation, as ``torch.nn.init.kaiming_normal_``, as a new tensor.

    Draws from ``N(0, std^2)`` with

        std = gain / sqrt(fan),   gain = calculate_gain(nonlinearity, a),

    where fan is fan_in (default: keeps the variance of the activations through a layer)
    or fan_out (keeps the variance of the gradients). With the defaults (leaky_relu with
    slope a = 0, which is ReLU) ``std = sqrt(2 / fan_in)``: a layer ``z = W h`` with
    ReLU inputs then keeps ``E[z^2]`` from layer to layer.

    Args:
        tensor: a weight of shape (K, D) or (C_out, C_in, *kernel), at least 2 dimensions;
            only its shape, dtype and device are used, it is not modified.
        a: negative slope of the leaky ReLU after this layer (used with "leaky_relu").
        mode: "fan_in" or "fan_out".
        nonlinearity: name of the nonlinearity after this layer, see :func:`calculate_gain`.
        generator: the random number generator; draws happen on its device.

    Returns:
        A new tensor shaped like ``tensor``, with its dtype and device.

    Example:
        >>> w = kaiming_normal(torch.empty(256, 512), generator=torch.Generator().manual_seed(0))
        >>> round(w.std().item() * 512 ** 0.5, 1)  # about sqrt(2)
        1.4
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    return normal(tensor, 0.0, std, generator)


def orthogonal(tensor: Tensor, gain: float = 1.0, generator: torch.Generator | None = None) -> Tensor:
    """A random (semi-)orthogonal matrix times ``gain``, as ``torch.nn.init.orthogonal_``.

    The weight is viewed as a matrix of shape (rows, cols) = (shape[0], numel / shape[0]).
    A Gaussian matrix is factorised as Q R; the columns of Q, with signs fixed by the
    diagonal of R (so Q is uniformly distributed), are orthonormal. The result W has
    orthonormal rows or columns, whichever are fewer: all its singular values equal
    ``gain``, so ``||W x|| = gain * ||x||`` for a square W and every x.

    Returns:
        A new tensor shaped like ``tensor``.
    """
    if tensor.dim() < 2:
        raise ValueError(f"orthogonal initialisation needs at least 2 dimensions, got shape {tuple(tensor.shape)}")
    if tensor.numel() == 0:
        return _empty_for_sampling(tensor, None)
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    gaussian = _empty_for_sampling(tensor, generator, (rows, cols)).normal_(
        0.0, 1.0, generator=generator
    )  # (rows, cols)
    if rows < cols:
        gaussian = gaussian.mT  # (cols, rows): QR needs a tall matrix
    q, r = torch.linalg.qr(gaussian)  # q: (max, min) with orthonormal columns
    q = q * torch.diagonal(r).sign()  # scale column j by the sign of r_jj
    if rows < cols:
        q = q.mT  # (rows, cols), orthonormal rows
    return (gain * q).reshape(tensor.shape).to(tensor.device)
