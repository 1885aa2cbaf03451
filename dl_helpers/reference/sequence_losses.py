"""Cross-entropy over a batch of padded sequences, padding left out.

Sequences of different lengths are padded to a common length T with a token that is not
part of the data; those positions must neither add to the loss nor count in its mean:

    loss = sum_{n,t: y[n,t] != ignore} -log softmax(logits[n, t])[y[n,t]]  /  #{n,t: y[n,t] != ignore}

This equals ``torch.nn.functional.cross_entropy(logits.transpose(1, 2), target,
ignore_index=ignore_index)``: PyTorch wants the classes on dim 1, (N, V, T), while a
batch-first model returns (N, T, V). The mean is over tokens, not over sequences, so a long
sequence weighs more than a short one.
"""

from __future__ import annotations

import torch
from torch import Tensor


def sequence_cross_entropy(input: Tensor, target: Tensor, ignore_index: int = -100) -> Tensor:
    """Mean cross-entropy per non-padding token of batch-first logits.

    Args:
        input: (N, T, V) unnormalised logits over V tokens at each step.
        target: (N, T) int64 token ids; positions equal to ``ignore_index`` are padding.
        ignore_index: the padding value (PyTorch's default is -100).

    Returns:
        0-dim tensor: the mean over the non-padding positions (NaN if there is none, as PyTorch).

    Example:
        >>> logits = torch.zeros(1, 3, 4)                   # uniform over 4 tokens: log 4 per token
        >>> sequence_cross_entropy(logits, torch.tensor([[1, 2, -100]]))
        tensor(1.3863)
    """
    if input.dim() != 3 or target.shape != input.shape[:2]:
        raise ValueError(
            f"expected logits (N, T, V) and targets (N, T), got {tuple(input.shape)} and {tuple(target.shape)}"
        )
    log_probs = input - torch.logsumexp(input, dim=-1, keepdim=True)  # (N, T, V)
    mask = target != ignore_index  # (N, T)
    safe = torch.where(mask, target, torch.zeros_like(target))  # padding indexes class 0, then is masked out
    picked = log_probs.gather(-1, safe.unsqueeze(-1)).squeeze(-1)  # (N, T)
    return -(picked * mask).sum() / mask.sum()
