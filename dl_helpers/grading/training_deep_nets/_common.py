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


def _variance(x: Tensor, mean: Tensor, dims: tuple[int, ...], unbiased: bool) -> Tensor:
    """Variance over ``dims`` (keepdim), without torch.var's warning when n - 1 = 0."""
    n = math.prod(x.shape[d] for d in dims)
    return ((x - mean) ** 2).sum(dim=dims, keepdim=True) / (n - 1 if unbiased else n)
