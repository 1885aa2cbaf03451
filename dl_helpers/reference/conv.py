"""Two-dimensional convolution (cross-correlation, as in every deep-learning library), its output size,
its matrix form (unfold / im2col) and its backward pass.

Images are NCHW: N samples, C channels, H height, W width. A convolution layer with K
filters of size (kH, kW) slides every filter over the zero-padded input with a step
(stride), its taps ``dilation`` pixels apart, and takes a dot product with each window it covers:

    out[n, k, i, j] = bias[k] + sum_{c, u, v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW] * weight[k, c, u, v]

Along each spatial axis the number of window positions is

    out = floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1

and PyTorch silently rounds down when the division leaves a remainder (the last
rows or columns of the input are then never covered). Without dilation (d = 1) the
numerator is the familiar ``size + 2 * padding - kernel_size``.

The backward pass of ``out = conv2d(x, w) + b`` for an upstream gradient g = dL/dout:

    dL/db[k]          = sum_{n, i, j} g[n, k, i, j]
    dL/dw[k, c, u, v] = sum_{n, i, j} g[n, k, i, j] * x_pad[n, c, i*sH + u*dH, j*sW + v*dW]
    dL/dx_pad[n, c, i*sH + u*dH, j*sW + v*dW] += sum_k g[n, k, i, j] * w[k, c, u, v]

With stride 1 and no dilation the weight gradient is the cross-correlation of the input with g,
and the input gradient is the *full* convolution (padding k - 1) of g with the flipped kernel.
"""

from __future__ import annotations

import torch
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
    size: IntPair,
    kernel_size: IntPair,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    *,
    exact: bool = True,
) -> int | tuple[int, int]:
    """Number of window positions along each axis: ``floor((size + 2 padding - dilation (kernel_size - 1) - 1) / stride) + 1``.

    Args:
        size: input height and width (H, W), or one int for a square input / one axis.
        kernel_size: (kH, kW) or one int.
        stride: (sH, sW) or one int, >= 1.
        padding: (pH, pW) or one int, >= 0 (zeros added on *each* side).
        dilation: (dH, dW) or one int, >= 1: the spacing of the kernel's taps; a kernel of size k
            then spans d (k - 1) + 1 pixels.
        exact: when True (the default) a division that leaves a remainder is refused with a
            ValueError, because the last rows or columns would silently be left out; when
            False the size is rounded down, as ``torch.nn.functional.conv2d`` does.

    Returns:
        An int when every argument is an int, else the pair (H_out, W_out).

    Raises:
        ValueError: the (dilated) kernel is larger than the padded input, or (exact=True) the output
            size is not an integer; the message shows the formula with the numbers.

    Example:
        >>> conv2d_output_size(28, 3, stride=1, padding=1)
        28
        >>> conv2d_output_size((28, 32), 5, stride=(1, 3), padding=(0, 2), exact=False)
        (24, 11)
        >>> conv2d_output_size(9, 3, dilation=2)  # the kernel spans 5 pixels
        5
    """
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    sizes = _pair("size", size, 1)
    kernels = _pair("kernel_size", kernel_size, 1)
    strides = _pair("stride", stride, 1)
    paddings = _pair("padding", padding, 0)
    dilations = _pair("dilation", dilation, 1)
    result = []
    for axis, n, k, s, p, d in zip(("height", "width"), sizes, kernels, strides, paddings, dilations):
        span = d * (k - 1) + 1  # pixels one window covers
        covered = n + 2 * p - span
        kernel_text = f"{k}" if d == 1 else f"{d}*({k} - 1) - 1"
        formula = f"({n} + 2*{p} - {kernel_text}) / {s} + 1"
        if covered < 0:
            raise ValueError(
                f"kernel spanning {span} pixels is larger than the padded input {n} + 2*{p} = {n + 2 * p} along the {axis}"
            )
        if exact and covered % s:
            raise ValueError(
                f"output {axis} {formula} = {covered / s + 1:g} is not an integer: the last {covered % s} "
                f"row(s)/column(s) of the padded input would be dropped (PyTorch rounds down to {covered // s + 1}); "
                "change the stride, padding or kernel size"
            )
        result.append(covered // s + 1)
    return result[0] if scalar else (result[0], result[1])


def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlation of one (H, W) image with one (kH, kW) kernel, no padding, stride 1.

    ``Y[i, j] = sum_{u, v} X[i + u, j + v] * K[u, v]``: the kernel is *not* flipped (a true
    convolution would use ``K[kH - 1 - u, kW - 1 - v]``). This is what a deep-learning
    library's "convolution" computes on one channel.

    Args:
        X: (H, W) image.
        K: (kH, kW) kernel with kH <= H and kW <= W.

    Returns:
        (H - kH + 1, W - kW + 1).

    Example:
        >>> corr2d(torch.arange(9.0).reshape(3, 3), torch.tensor([[1.0, 0.0], [0.0, -1.0]]))
        tensor([[-4., -4.],
                [-4., -4.]])
    """
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(
            f"corr2d expects an (H, W) image and a (kH, kW) kernel, got {tuple(X.shape)} and {tuple(K.shape)}"
        )
    if K.shape[0] > X.shape[0] or K.shape[1] > X.shape[1] or K.numel() == 0:
        raise ValueError(f"kernel {tuple(K.shape)} does not fit in the image {tuple(X.shape)}")
    return conv2d(X[None, None], K[None, None])[0, 0]  # (1, 1, H, W) * (1, 1, kH, kW) -> (H_out, W_out)


def _padded(x: Tensor, pad_h: int, pad_w: int) -> Tensor:
    """x (N, C, H, W) with pad_h zero rows above and below and pad_w zero columns left and right."""
    n, channels, height, width = x.shape
    padded = x.new_zeros(n, channels, height + 2 * pad_h, width + 2 * pad_w)  # (N, C, H + 2pH, W + 2pW)
    padded[:, :, pad_h : pad_h + height, pad_w : pad_w + width] = x
    return padded


def _windows(padded: Tensor, kernel: tuple[int, int], dilation: tuple[int, int], stride: tuple[int, int]) -> Tensor:
    """Every (dilated) window of a padded (N, C, Hp, Wp) input: (N, C, H_out, W_out, kH, kW)."""
    (kernel_h, kernel_w), (dil_h, dil_w) = kernel, dilation
    span_h, span_w = dil_h * (kernel_h - 1) + 1, dil_w * (kernel_w - 1) + 1
    windows = padded.unfold(2, span_h, stride[0]).unfold(3, span_w, stride[1])  # (N, C, H_out, W_out, span_h, span_w)
    return windows[..., ::dil_h, ::dil_w]  # (N, C, H_out, W_out, kH, kW): every dilation-th tap


def unfold(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    kernel_size: IntPair,
    dilation: IntPair = 1,
    padding: IntPair = 0,
    stride: IntPair = 1,
) -> Tensor:
    """The windows of a batch of images as columns ("im2col"), as ``torch.nn.functional.unfold``.

    ``cols[n, c*kH*kW + u*kW + v, i*W_out + j] = x_pad[n, c, i*sH + u*dH, j*sW + v*dW]``:
    one column per window position (row-major over the output grid), one row per
    (channel, kernel row, kernel column). A convolution is then one matrix product,
    ``weight.reshape(K, -1) @ cols``. Note PyTorch's argument order: dilation before padding and stride.

    Args:
        input: (N, C, H, W).
        kernel_size: (kH, kW) or one int.
        dilation, padding, stride: ints or pairs, as in :func:`conv2d_output_size`.

    Returns:
        (N, C*kH*kW, L) with L = H_out * W_out.

    Example:
        >>> unfold(torch.arange(9.0).reshape(1, 1, 3, 3), 2)  # four 2x2 windows, one per column
        tensor([[[0., 1., 3., 4.],
                 [1., 2., 4., 5.],
                 [3., 4., 6., 7.],
                 [4., 5., 7., 8.]]])
    """
    if input.dim() != 4:
        raise ValueError(f"unfold expects input of shape (N, C, H, W), got {tuple(input.shape)}")
    kernel = _pair("kernel_size", kernel_size, 1)
    dilations, paddings, strides = (
        _pair("dilation", dilation, 1),
        _pair("padding", padding, 0),
        _pair("stride", stride, 1),
    )
    n, channels, height, width = input.shape
    conv2d_output_size(
        (height, width), kernel, strides, paddings, dilations, exact=False
    )  # ValueError if it does not fit
    windows = _windows(_padded(input, *paddings), kernel, dilations, strides)  # (N, C, H_out, W_out, kH, kW)
    out_h, out_w = windows.shape[2], windows.shape[3]
    columns = windows.permute(0, 1, 4, 5, 2, 3)  # (N, C, kH, kW, H_out, W_out)
    return columns.reshape(n, channels * kernel[0] * kernel[1], out_h * out_w)  # (N, C*kH*kW, L)


def _check_conv_arguments(name: str, x: Tensor, weight: Tensor) -> None:
    if x.dim() != 4:
        raise ValueError(f"{name} expects input of shape (N, C, H, W), got {tuple(x.shape)}")
    if weight.dim() != 4:
        raise ValueError(f"{name} expects weight of shape (K, C, kH, kW), got {tuple(weight.shape)}")
    if weight.shape[1] != x.shape[1]:
        raise ValueError(
            f"weight has {weight.shape[1]} input channels (shape {tuple(weight.shape)}) but the input has {x.shape[1]} "
            f"(shape {tuple(x.shape)}); weight must be (K, C, kH, kW) with C = {x.shape[1]}"
        )
    if x.shape[2] == 0 or x.shape[3] == 0:
        raise ValueError(f"{name} got an empty image: input shape {tuple(x.shape)}")


def conv2d(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    weight: Tensor,
    bias: Tensor | None = None,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> Tensor:
    """2-D convolution (cross-correlation), as ``torch.nn.functional.conv2d`` without groups.

    ``out[n, k, i, j] = bias[k] + sum_{c,u,v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW] * weight[k, c, u, v]``,
    with ``x_pad`` the input with ``padding`` zeros on each side. The output size along each
    axis is ``floor((size + 2 padding - dilation (kernel - 1) - 1) / stride) + 1`` (see
    :func:`conv2d_output_size`).

    The windows flattened into rows (:func:`unfold`, "im2col"), one matrix product with the
    flattened filters takes all the dot products.

    Args:
        input: (N, C, H, W), or (C, H, W) for one unbatched image.
        weight: (K, C, kH, kW), K filters.
        bias: (K,), or None.
        stride: int or (sH, sW), >= 1.
        padding: int or (pH, pW), >= 0, zeros on each side.
        dilation: int or (dH, dW), >= 1, the spacing of the kernel's taps.

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
    unbatched = input.dim() == 3
    x = input.unsqueeze(0) if unbatched else input  # (N, C, H, W)
    _check_conv_arguments("conv2d", x, weight)
    filters, _, kernel_h, kernel_w = weight.shape
    if bias is not None and tuple(bias.shape) != (filters,):
        raise ValueError(f"bias must have shape ({filters},), one value per filter, got {tuple(bias.shape)}")
    out_h, out_w = conv2d_output_size(
        tuple(x.shape[2:]),
        (kernel_h, kernel_w),
        _pair("stride", stride, 1),
        _pair("padding", padding, 0),
        _pair("dilation", dilation, 1),
        exact=False,
    )
    columns = unfold(x, (kernel_h, kernel_w), dilation, padding, stride)  # (N, C*kH*kW, L)
    out = weight.reshape(filters, -1) @ columns  # (K, C*kH*kW) @ (N, C*kH*kW, L) -> (N, K, L)
    out = out.reshape(x.shape[0], filters, out_h, out_w)  # (N, K, H_out, W_out)
    if bias is not None:
        out = out + bias.reshape(1, filters, 1, 1)
    return out.squeeze(0) if unbatched else out


def conv2d_backward(
    grad_output: Tensor,
    input: Tensor,  # noqa: A002 (PyTorch's name)
    weight: Tensor,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> tuple[Tensor, Tensor, Tensor]:
    """Gradients of a loss L through ``out = conv2d(input, weight, bias, stride, padding, dilation)``.

    With g = dL/dout and x_pad the zero-padded input (see the module docstring):

        grad_bias[k]          = sum_{n,i,j} g[n, k, i, j]
        grad_weight[k, c, u, v] = sum_{n,i,j} g[n, k, i, j] x_pad[n, c, i*sH + u*dH, j*sW + v*dW]
        grad_x_pad[n, c, i*sH + u*dH, j*sW + v*dW] += sum_k g[n, k, i, j] w[k, c, u, v]

    and grad_input is grad_x_pad without its padding (the padded border has no input to
    receive a gradient). The loop runs over the kH*kW kernel taps; each step is one product
    over the batch, channels and output positions. With stride 1 and no dilation, grad_input is
    the full convolution of g with the flipped kernel and grad_weight the cross-correlation of
    x_pad with g.

    Args:
        grad_output: (N, K, H_out, W_out), dL/dout.
        input: (N, C, H, W), the layer's input.
        weight: (K, C, kH, kW).
        stride, padding, dilation: as in :func:`conv2d`.

    Returns:
        (grad_input (N, C, H, W), grad_weight (K, C, kH, kW), grad_bias (K,)).

    Example:
        >>> x, w = torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2)
        >>> grad_input, grad_weight, grad_bias = conv2d_backward(torch.ones(1, 1, 2, 2), x, w)
        >>> grad_input[0, 0]  # how many windows cover each pixel
        tensor([[1., 2., 1.],
                [2., 4., 2.],
                [1., 2., 1.]])
        >>> grad_bias
        tensor([4.])
    """
    _check_conv_arguments("conv2d_backward", input, weight)
    n, channels, height, width = input.shape
    filters, _, kernel_h, kernel_w = weight.shape
    stride_h, stride_w = _pair("stride", stride, 1)
    pad_h, pad_w = _pair("padding", padding, 0)
    dil_h, dil_w = _pair("dilation", dilation, 1)
    out_h, out_w = conv2d_output_size(
        (height, width), (kernel_h, kernel_w), (stride_h, stride_w), (pad_h, pad_w), (dil_h, dil_w), exact=False
    )
    if tuple(grad_output.shape) != (n, filters, out_h, out_w):
        raise ValueError(
            f"grad_output must have the output's shape (N, K, H_out, W_out) = {(n, filters, out_h, out_w)}, "
            f"got {tuple(grad_output.shape)}"
        )
    padded = _padded(input, pad_h, pad_w)  # (N, C, Hp, Wp)
    grad_padded = torch.zeros_like(padded)  # (N, C, Hp, Wp)
    grad_weight = torch.empty_like(weight)  # (K, C, kH, kW)
    for u in range(kernel_h):
        for v in range(kernel_w):
            # the input pixels tap (u, v) of every window touches: (N, C, H_out, W_out)
            rows = slice(u * dil_h, u * dil_h + stride_h * (out_h - 1) + 1, stride_h)
            cols = slice(v * dil_w, v * dil_w + stride_w * (out_w - 1) + 1, stride_w)
            grad_weight[:, :, u, v] = torch.einsum("nkij,ncij->kc", grad_output, padded[:, :, rows, cols])
            grad_padded[:, :, rows, cols] += torch.einsum("nkij,kc->ncij", grad_output, weight[:, :, u, v])
    grad_input = grad_padded[:, :, pad_h : pad_h + height, pad_w : pad_w + width]  # (N, C, H, W)
    grad_bias = grad_output.sum(dim=(0, 2, 3))  # (K,)
    return grad_input, grad_weight, grad_bias
