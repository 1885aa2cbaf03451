"""Max and average pooling over 2-D windows, as ``torch.nn.functional.max_pool2d`` / ``avg_pool2d``.

Pooling slides a (kH, kW) window over every channel of an (N, C, H, W) batch on its own and
keeps one number per window: the largest value, or the mean.

    max_pool2d: out[n, c, i, j] = max_{u, v} x_pad[n, c, i*sH + u, j*sW + v]   (padding with -inf)
    avg_pool2d: out[n, c, i, j] = mean_{u, v} x_pad[n, c, i*sH + u, j*sW + v]  (padding with zeros)

The stride defaults to the kernel size (windows side by side, not overlapping), unlike a
convolution's stride 1; the output size follows the convolution's formula
(:func:`dl_helpers.reference.conv2d_output_size`, rounded down). Channels are never mixed:
the output has as many channels as the input. PyTorch's ``avg_pool2d`` counts padded zeros
in the mean by default (``count_include_pad=True``), so it divides by kH*kW everywhere; so
does :func:`avg_pool2d` here.
"""

from __future__ import annotations

from torch import Tensor

from dl_helpers.reference.conv import IntPair, _pair, _windows, conv2d_output_size


def _pool_windows(
    name: str, input: Tensor, kernel_size: IntPair, stride: IntPair | None, padding: IntPair, fill: float
) -> Tensor:  # noqa: A002
    """The pooling windows (N, C, H_out, W_out, kH, kW) of ``input`` padded with ``fill``."""
    if input.dim() not in (3, 4):
        raise ValueError(f"{name} expects input of shape (N, C, H, W) or (C, H, W), got {tuple(input.shape)}")
    kernel = _pair("kernel_size", kernel_size, 1)
    strides = kernel if stride is None else _pair("stride", stride, 1)
    paddings = _pair("padding", padding, 0)
    if paddings[0] > kernel[0] // 2 or paddings[1] > kernel[1] // 2:
        raise ValueError(
            f"padding {padding!r} must be at most half the kernel size {kernel} (PyTorch's rule), else a window sees only padding"
        )
    height, width = input.shape[-2:]
    conv2d_output_size((height, width), kernel, strides, paddings, exact=False)  # ValueError if the window does not fit
    x = input.reshape(-1, 1, height, width)  # (N*C, 1, H, W): every channel pooled on its own
    padded = x.new_full((x.shape[0], 1, height + 2 * paddings[0], width + 2 * paddings[1]), fill)  # (N*C, 1, Hp, Wp)
    padded[:, :, paddings[0] : paddings[0] + height, paddings[1] : paddings[1] + width] = x
    windows = _windows(padded, kernel, (1, 1), strides)  # (N*C, 1, H_out, W_out, kH, kW)
    return windows.reshape(*input.shape[:-2], *windows.shape[2:])  # (N, C, H_out, W_out, kH, kW)


def max_pool2d(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
) -> Tensor:
    """Max pooling, as ``torch.nn.functional.max_pool2d`` (without dilation, ceil_mode and return_indices).

    ``out[n, c, i, j] = max_{u < kH, v < kW} x_pad[n, c, i*sH + u, j*sW + v]``, where ``x_pad`` has
    ``padding`` entries of -inf on each side (so padding never wins the max).

    Args:
        input: (N, C, H, W) or (C, H, W).
        kernel_size: (kH, kW) or one int.
        stride: (sH, sW), one int, or None for the kernel size (PyTorch's default).
        padding: (pH, pW) or one int, at most half the kernel size.

    Returns:
        (N, C, H_out, W_out) (or (C, H_out, W_out)), H_out = floor((H + 2 pH - kH) / sH) + 1.

    Example:
        >>> import torch
        >>> max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    windows = _pool_windows(
        "max_pool2d", input, kernel_size, stride, padding, float("-inf")
    )  # (..., H_out, W_out, kH, kW)
    return windows.flatten(-2).amax(dim=-1)  # (..., H_out, W_out)


def avg_pool2d(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
) -> Tensor:
    """Average pooling, as ``torch.nn.functional.avg_pool2d`` with its defaults (ceil_mode=False, count_include_pad=True).

    ``out[n, c, i, j] = (1 / (kH kW)) sum_{u < kH, v < kW} x_pad[n, c, i*sH + u, j*sW + v]``, with
    ``padding`` zeros on each side counted in the mean.

    Args and returns as :func:`max_pool2d`.

    Example:
        >>> import torch
        >>> avg_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    windows = _pool_windows("avg_pool2d", input, kernel_size, stride, padding, 0.0)  # (..., H_out, W_out, kH, kW)
    return windows.flatten(-2).mean(dim=-1)  # (..., H_out, W_out)
