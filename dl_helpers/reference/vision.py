"""Pieces of modern vision networks: the transposed convolution (upsampling with a learned kernel)
and the Gram matrix of feature maps (style and texture statistics).

A transposed convolution is the gradient of a convolution with respect to its input: every input
pixel scatters a copy of the kernel, scaled by its value, into the output, the copies ``stride``
apart, and overlapping copies add. With weight of shape (C_in, C_out, kH, kW) (PyTorch's layout,
input channels first):

    full[n, k, i*s + u, j*s + v] += sum_c x[n, c, i, j] * weight[c, k, u, v]
    out = full with ``padding`` rows/columns removed on each side (plus ``output_padding`` kept at the end)

so along each axis ``out = (size - 1) * stride - 2 * padding + kernel_size + output_padding``.

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
