"""Helpers that several chapter 05 exercise specs share."""

from __future__ import annotations

import math

from torch import Tensor

_NORM_SHORTCUTS = (
    "torch.nn.functional.batch_norm",
    "torch.batch_norm",
    "torch.native_batch_norm",
    "torch._native_batch_norm_legit",
    "torch.nn.modules.batchnorm._BatchNorm.forward",
    "torch.nn.functional.instance_norm",
    "torch.instance_norm",
    "torch.nn.functional.layer_norm",
    "torch.layer_norm",
    "torch.native_layer_norm",
    "torch.nn.LayerNorm.forward",
    "torch.nn.functional.group_norm",
    "torch.group_norm",
    "torch.native_group_norm",
    "torch.nn.GroupNorm.forward",
    "dl_helpers.reference.normalization.batch_norm",
    "dl_helpers.reference.normalization.layer_norm",
    "dl_helpers.reference.normalization.group_norm",
)


def _per_channel(t: Tensor, ndim: int) -> Tensor:
    return t.reshape(1, -1, *([1] * (ndim - 2)))


def _affine(out: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    """``out * weight + bias``, each skipped when None; weight and bias broadcast against ``out``."""
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def _per_channel_affine(out: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    """``out * weight + bias`` with (C,) weight and bias applied along dimension 1 of an (N, C, *) ``out``."""
    return _affine(
        out,
        None if weight is None else _per_channel(weight, out.dim()),
        None if bias is None else _per_channel(bias, out.dim()),
    )


def _variance_over_n_minus_1(x: Tensor, dims: tuple[int, ...]) -> Tensor:
    """The unbiased variance over ``dims`` (keepdim), without torch.var's warning when n - 1 = 0."""
    n = math.prod(x.shape[d] for d in dims)
    return ((x - x.mean(dim=dims, keepdim=True)) ** 2).sum(dim=dims, keepdim=True) / (n - 1)
