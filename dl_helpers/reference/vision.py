"""Pieces of modern vision networks: the transposed convolution (upsampling with a learned kernel),
max-unpooling (putting pooled values back where they came from) and the Gram matrix of feature maps
(style and texture statistics).

A transposed convolution is the gradient of a convolution with respect to its input: every input
pixel scatters a copy of the kernel, scaled by its value, into the output, the copies ``stride``
apart, and overlapping copies add. With weight of shape (C_in, C_out, kH, kW) (PyTorch's layout,
input channels first):

    full[n, k, i*s + u, j*s + v] += sum_c x[n, c, i, j] * weight[c, k, u, v]
    out = full with ``padding`` rows/columns removed on each side (plus ``output_padding`` kept at the end)

so along each axis ``out = (size - 1) * stride - 2 * padding + kernel_size + output_padding``.

Max-unpooling undoes a max pooling's reduction in size: each value goes back to the position its
window's maximum came from (``indices``, flat positions in each H_out x W_out plane, as
``max_pool2d(..., return_indices=True)`` gives them), and every other output is 0. The default
output size is the pooling's input size without the padding, ``(size - 1) * stride - 2 * padding + kernel_size``.

The Gram matrix of features F of shape (N, C, H, W) with the positions flattened (P = H W) is

    G[n, c, d] = (1 / (H W)) * sum_p F[n, c, p] F[n, d, p]

the average over positions of the product of two channels: it forgets where a pattern occurs
and keeps which channels fire together, which is what a texture is.
"""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.reference.conv import _pair


def conv_transpose2d_output_size(size: int, kernel_size: int, stride=1, padding=0, output_padding=0) -> int:
    """``(size - 1) * stride - 2 * padding + kernel_size + output_padding`` along one axis."""
    return (size - 1) * stride - 2 * padding + kernel_size + output_padding


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
) -> Tensor:
    """Transposed convolution (no groups, no dilation), as ``torch.nn.functional.conv_transpose2d``.

    Args:
        input: (N, C_in, H, W).
        weight: (C_in, C_out, kH, kW), input channels first.
        bias: (C_out,) or None.
        stride, padding, output_padding: ints or (height, width) pairs; padding >= 0 removes that many
            rows/columns from each side of the full output; output_padding < stride adds that many at the end.

    Returns:
        (N, C_out, H_out, W_out) with H_out = (H - 1) sH - 2 pH + kH + opH, and the same for W.

    Raises:
        ValueError: the channels do not match, output_padding >= stride, or the output would be empty.

    Example:
        >>> x = torch.tensor([[[[1.0, 2.0]]]])  # (1, 1, 1, 2)
        >>> conv_transpose2d(x, torch.ones(1, 1, 1, 3), stride=2)  # copies 2 apart overlap in one column
        tensor([[[[1., 1., 3., 2., 2.]]]])
    """
    if input.dim() != 4 or weight.dim() != 4:
        raise ValueError(f"input and weight must be 4-d, got {tuple(input.shape)} and {tuple(weight.shape)}")
    if input.shape[1] != weight.shape[0]:
        raise ValueError(
            f"input has {input.shape[1]} channels but weight (C_in, C_out, kH, kW) = {tuple(weight.shape)} expects {weight.shape[0]}"
        )
    (sh, sw), (ph, pw), (oph, opw) = (
        _pair("stride", stride, 1),
        _pair("padding", padding, 0),
        _pair("output_padding", output_padding, 0),
    )
    if oph >= sh or opw >= sw:
        raise ValueError(f"output_padding {output_padding} must be smaller than the stride {stride}")
    n, _, h, w = input.shape
    c_out, kh, kw = weight.shape[1:]
    full_h, full_w = (h - 1) * sh + kh + oph, (w - 1) * sw + kw + opw  # the full output, before cropping
    out_h, out_w = full_h - 2 * ph, full_w - 2 * pw
    if out_h < 1 or out_w < 1:
        raise ValueError(
            f"the output would be {out_h}x{out_w}: padding {padding} removes more than the full {full_h}x{full_w}"
        )
    full = input.new_zeros(n, c_out, full_h, full_w)
    for u in range(kh):
        for v in range(kw):
            tap = torch.einsum("nchw,ck->nkhw", input, weight[:, :, u, v])  # (N, C_out, H, W)
            full[:, :, u : u + sh * (h - 1) + 1 : sh, v : v + sw * (w - 1) + 1 : sw] += tap
    out = full[:, :, ph : ph + out_h, pw : pw + out_w]
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """Max-unpooling, as ``torch.nn.functional.max_unpool2d``: values scattered to ``indices``, zeros elsewhere.

    Args:
        input: (N, C, H, W) pooled values.
        indices: (N, C, H, W) int64, flat positions ``row * W_out + col`` in each output plane.
        kernel_size, stride (None: the kernel size), padding: the pooling's, ints or pairs.
        output_size: (H_out, W_out) (or a longer size ending with them); None for the default
            (H - 1) sH - 2 pH + kH, and the same for W.

    Returns:
        (N, C, H_out, W_out).

    Raises:
        ValueError: input and indices differ in shape, or an index is outside the output plane.

    Example:
        >>> max_unpool2d(torch.tensor([[[[5.0, 7.0]]]]), torch.tensor([[[[1, 6]]]]), 2)
        tensor([[[[0., 5., 0., 0.],
                  [0., 0., 7., 0.]]]])
    """
    if input.shape != indices.shape or input.dim() != 4:
        raise ValueError(
            f"input and indices must have the same 4-d shape, got {tuple(input.shape)} and {tuple(indices.shape)}"
        )
    (kh, kw), (ph, pw) = _pair("kernel_size", kernel_size, 1), _pair("padding", padding, 0)
    sh, sw = (kh, kw) if stride is None else _pair("stride", stride, 1)
    n, c, h, w = input.shape
    if output_size is None:
        out_h, out_w = (h - 1) * sh - 2 * ph + kh, (w - 1) * sw - 2 * pw + kw
    else:
        out_h, out_w = (int(v) for v in tuple(output_size)[-2:])
    if indices.numel() and (indices.min() < 0 or indices.max() >= out_h * out_w):
        raise ValueError(f"indices must lie in [0, {out_h * out_w}) for a {out_h}x{out_w} output")
    out = input.new_zeros(n, c, out_h * out_w)  # (N, C, H_out * W_out)
    out = out.scatter(2, indices.reshape(n, c, h * w), input.reshape(n, c, h * w))
    return out.reshape(n, c, out_h, out_w)


def gram_matrix(features: Tensor) -> Tensor:
    """Channel-by-channel products averaged over positions: ``G[n] = F_n F_n^T / (H W)``.

    Args:
        features: (N, C, H, W) feature maps.

    Returns:
        (N, C, C), symmetric, G[n, c, d] = mean over positions p of F[n, c, p] F[n, d, p].

    Raises:
        ValueError: the features are not 4-d.

    Example:
        >>> gram_matrix(torch.tensor([[[[1.0, 3.0]], [[2.0, 0.0]]]]))  # (1, 2, 1, 2)
        tensor([[[5., 1.],
                 [1., 2.]]])
    """
    if features.dim() != 4:
        raise ValueError(f"features must have shape (N, C, H, W), got {tuple(features.shape)}")
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)  # (N, C, P)
    return flat @ flat.transpose(1, 2) / (h * w)  # (N, C, C)
