"""Helpers the chapter 10 exercise specs share: the refused attention shortcuts and random padded lengths."""

from __future__ import annotations

import torch
from torch import Tensor

# Everything that computes attention (scores, softmax and weighted sum) in one call.
ATTENTION_SHORTCUTS = (
    "torch.nn.functional.scaled_dot_product_attention",
    "torch._C._nn.scaled_dot_product_attention",
    "torch.nn.functional.multi_head_attention_forward",
    "torch.nn.MultiheadAttention.forward",
    "dl_helpers.reference.attention.scaled_dot_product_attention",
    "dl_helpers.reference.attention.multi_head_attention",
    "dl_helpers.reference.attention.additive_attention",
    "dl_helpers.reference.attention.online_softmax_attention",
)

# Every form of a softmax, refused where the exercise is to build one without it.
SOFTMAX = (
    "torch.softmax",
    "torch.nn.functional.softmax",
    "torch.Tensor.softmax",
    "torch.special.softmax",
    "torch.nn.functional.log_softmax",
    "torch.log_softmax",
    "torch.Tensor.log_softmax",
    "torch.nn.Softmax.forward",
)


def lengths(gen: torch.Generator, shape: tuple[int, ...], t_k: int, low: int = 0) -> Tensor:
    """Random valid lengths in [low, t_k], int64: the first is t_k - 1 (some padding), the last ``low`` if there are two."""
    out = torch.randint(low, t_k + 1, shape, generator=gen)
    out.view(-1)[0] = max(low, t_k - 1)
    if out.numel() > 1:
        out.view(-1)[-1] = low  # with low = 0, a row that sees no key
    return out
