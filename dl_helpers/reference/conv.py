"""Two-dimensional convolution (cross-correlation, as in every deep-learning library) and its output size.

Images are NCHW: N samples, C channels, H height, W width. A convolution layer with K
filters of size (kH, kW) slides every filter over the zero-padded input with a step
(stride) and takes a dot product with each window it covers:

    out[n, k, i, j] = bias[k] + sum_{c, u, v} x_pad[n, c, i*sH + u, j*sW + v] * weight[k, c, u, v]

Along each spatial axis the number of window positions is

    out = (size + 2 * padding - kernel_size) / stride + 1

and PyTorch silently rounds it down when the division leaves a remainder (the last
rows or columns of the input are then never covered).
"""

from __future__ import annotations

from torch import Tensor

IntPair = int | tuple[int, int]


def _pair(name: str, value: IntPair, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints as a pair, checked to be >= minimum."""
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, int) for v in pair):
        raise TypeError(f"{name} must be an int or a pair of ints (height, width), got {value!r}")
    if min(pair) < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return pair


def conv2d_output_size(
    size: IntPair, kernel_size: IntPair, stride: IntPair = 1, padding: IntPair = 0, *, exact: bool = True
) -> int | tuple[int, int]:
    """Number of window positions along each spatial axis: ``(size + 2 padding - kernel_size) / stride + 1``.

    Args:
        size: input height and width (H, W), or one int for a square input / one axis.
        kernel_size: (kH, kW) or one int.
        stride: (sH, sW) or one int, >= 1.
        padding: (pH, pW) or one int, >= 0 (zeros added on *each* side).
        exact: when True (the default) a division that leaves a remainder is refused with a
            ValueError, because the last rows or columns would silently be left out; when
            False the size is rounded down, as ``torch.nn.functional.conv2d`` does.

    Returns:
        An int when every argument is an int, else the pair (H_out, W_out).

    Raises:
        ValueError: the kernel is larger than the padded input, or (exact=True) the output
            size is not an integer; the message shows the formula with the numbers.

    Example:
        >>> conv2d_output_size(28, 3, stride=1, padding=1)
        28
        >>> conv2d_output_size((28, 32), 5, stride=(1, 3), padding=(0, 2), exact=False)
        (24, 11)
    """
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding))
    sizes = _pair("size", size, 1)
    kernels = _pair("kernel_size", kernel_size, 1)
    strides = _pair("stride", stride, 1)
    paddings = _pair("padding", padding, 0)
    result = []
    for axis, n, k, s, p in zip(("height", "width"), sizes, kernels, strides, paddings):
        covered = n + 2 * p - k
        formula = f"({n} + 2*{p} - {k}) / {s} + 1"
        if covered < 0:
            raise ValueError(f"kernel {k} is larger than the padded input {n} + 2*{p} = {n + 2 * p} along the {axis}")
        if exact and covered % s:
            raise ValueError(
                f"output {axis} {formula} = {covered / s + 1:g} is not an integer: the last {covered % s} "
                f"row(s)/column(s) of the padded input would be dropped (PyTorch rounds down to {covered // s + 1}); "
                "change the stride, padding or kernel size"
            )
        result.append(covered // s + 1)
    return result[0] if scalar else (result[0], result[1])


def conv2d(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    weight: Tensor,
    bias: Tensor | None = None,
    stride: IntPair = 1,
    padding: IntPair = 0,
) -> Tensor:
    """2-D convolution (cross-correlation), as ``torch.nn.functional.conv2d`` without dilation or groups.

    ``out[n, k, i, j] = bias[k] + sum_{c,u,v} x_pad[n, c, i*sH + u, j*sW + v] * weight[k, c, u, v]``,
    with ``x_pad`` the input with ``padding`` zeros on each side. The output size along each
    axis is ``floor((size + 2 padding - kernel) / stride) + 1`` (see :func:`conv2d_output_size`).

    The windows come from ``Tensor.unfold``; flattened into rows ("im2col"), one matrix
    product with the flattened filters takes all the dot products.

    Args:
        input: (N, C, H, W), or (C, H, W) for one unbatched image.
        weight: (K, C, kH, kW), K filters.
        bias: (K,), or None.
        stride: int or (sH, sW), >= 1.
        padding: int or (pH, pW), >= 0, zeros on each side.

    Returns:
        (N, K, H_out, W_out), or (K, H_out, W_out) for an unbatched input.

    Example:
        >>> x = torch.arange(16.0).reshape(1, 1, 4, 4)
        >>> conv2d(x, torch.ones(1, 1, 2, 2), stride=2)  # sums of 2x2 blocks
        tensor([[[[10., 18.],
                  [42., 50.]]]])
    """
    if input.dim() not in (3, 4):
        raise ValueError(f"conv2d expects input of shape (N, C, H, W) or (C, H, W), got {tuple(input.shape)}")
    if weight.dim() != 4:
        raise ValueError(f"conv2d expects weight of shape (K, C, kH, kW), got {tuple(weight.shape)}")
    unbatched = input.dim() == 3
    x = input.unsqueeze(0) if unbatched else input  # (N, C, H, W)
    n, channels, height, width = x.shape
    filters, weight_channels, kernel_h, kernel_w = weight.shape
    if weight_channels != channels:
        raise ValueError(
            f"weight has {weight_channels} input channels (shape {tuple(weight.shape)}) but the input has {channels} "
            f"(shape {tuple(input.shape)}); weight must be (K, C, kH, kW) with C = {channels}"
        )
    if bias is not None and tuple(bias.shape) != (filters,):
        raise ValueError(f"bias must have shape ({filters},), one value per filter, got {tuple(bias.shape)}")
    if height == 0 or width == 0:
        raise ValueError(f"conv2d got an empty image: input shape {tuple(input.shape)}")
    stride_h, stride_w = _pair("stride", stride, 1)
    pad_h, pad_w = _pair("padding", padding, 0)
    conv2d_output_size((height, width), (kernel_h, kernel_w), (stride_h, stride_w), (pad_h, pad_w), exact=False)

    padded = x.new_zeros(n, channels, height + 2 * pad_h, width + 2 * pad_w)  # (N, C, H + 2pH, W + 2pW)
    padded[:, :, pad_h : pad_h + height, pad_w : pad_w + width] = x
    windows = padded.unfold(2, kernel_h, stride_h).unfold(3, kernel_w, stride_w)  # (N, C, H_out, W_out, kH, kW)
    out_h, out_w = windows.shape[2], windows.shape[3]
    patches = windows.permute(0, 2, 3, 1, 4, 5).reshape(
        n, out_h, out_w, -1
    )  # (N, H_out, W_out, C*kH*kW): one row per window
    out = (patches @ weight.reshape(filters, -1).T).permute(0, 3, 1, 2)  # (N, H_out, W_out, K) -> (N, K, H_out, W_out)
    if bias is not None:
        out = out + bias.reshape(1, filters, 1, 1)
    return out.squeeze(0) if unbatched else out
