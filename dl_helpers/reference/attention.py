"""Scaled dot-product attention and multi-head attention, returning the attention weights.

Shape letters: N batch, T_q (L) query positions, T_k (S) key/value positions, E embedding
size, h heads, E / h the size of one head. Each query attends to every key it may see:

    weights = softmax(Q K^T / sqrt(d) + mask),   output = weights V

where d is the size of a query/key vector and the mask is 0 where attending is allowed
and -inf where it is not. A row whose keys are all masked has no softmax; it gets weights
of 0 and an output of 0, as ``torch.nn.functional.scaled_dot_product_attention`` (PyTorch's
``nn.MultiheadAttention`` gives NaN there).

The two functions follow two PyTorch conventions for *boolean* masks, on purpose:
``scaled_dot_product_attention`` as ``F.scaled_dot_product_attention`` (True = may attend),
``multi_head_attention`` as ``nn.MultiheadAttention`` (True = masked out, e.g. padding).
"""

from __future__ import annotations

import math

import torch
from torch import Tensor


def _additive_mask(mask: Tensor, allowed_when_true: bool, dtype: torch.dtype) -> Tensor:
    """A boolean or float mask as a float mask to add to the scores: 0 allowed, -inf masked."""
    if mask.dtype == torch.bool:
        allowed = mask if allowed_when_true else ~mask
        return torch.zeros(allowed.shape, dtype=dtype, device=mask.device).masked_fill(~allowed, float("-inf"))
    return mask.to(dtype)


def _causal_mask(t_q: int, t_k: int, device: torch.device) -> Tensor:
    """(T_q, T_k) boolean, True where query i may attend key j, i.e. j <= i (top-left aligned, as PyTorch)."""
    return torch.ones(t_q, t_k, dtype=torch.bool, device=device).tril()


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Tensor | None = None,
    is_causal: bool = False,
) -> tuple[Tensor, Tensor]:
    """Attention of every query over the keys, returning the output *and* the weights.

    ``weights = softmax(query key^T / sqrt(E) + mask)`` over the keys, ``output = weights value``.
    ``torch.nn.functional.scaled_dot_product_attention`` computes the same output but returns
    only the output (its fused kernels never form the weights); this one returns both.

    Args:
        query: (*, T_q, E), e.g. (N, h, T_q, E) for h heads.
        key: (*, T_k, E).
        value: (*, T_k, E_v).
        attn_mask: broadcastable to (*, T_q, T_k), or None. Boolean: True where the query
            may attend the key (F.scaled_dot_product_attention's convention). Float: added
            to the scores (0 keeps, -inf removes).
        is_causal: mask the future: query i sees keys 0..i only. Not together with attn_mask.

    Returns:
        (output (*, T_q, E_v), weights (*, T_q, T_k)); rows whose keys are all masked are 0.

    Example:
        >>> q = k = torch.eye(2).unsqueeze(0)  # (1, 2, 2)
        >>> out, w = scaled_dot_product_attention(q, k, torch.tensor([[[1.0], [3.0]]]), is_causal=True)
        >>> w
        tensor([[[1.0000, 0.0000],
                 [0.3302, 0.6698]]])
    """
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise ValueError(
            "query, key and value must have shapes (*, T_q, E), (*, T_k, E) and (*, T_k, E_v), got "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    if query.shape[-1] != key.shape[-1]:
        raise ValueError(
            f"query and key must have the same last dimension E, got {tuple(query.shape)} and {tuple(key.shape)}"
        )
    if key.shape[-2] != value.shape[-2]:
        raise ValueError(
            f"key and value must have the same number of positions T_k, got {tuple(key.shape)} and {tuple(value.shape)}"
        )
    if is_causal and attn_mask is not None:
        raise ValueError("pass either attn_mask or is_causal=True, not both (as F.scaled_dot_product_attention)")
    t_q, t_k = query.shape[-2], key.shape[-2]
    scores = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])  # (*, T_q, E) @ (*, E, T_k) -> (*, T_q, T_k)
    if is_causal:
        attn_mask = _causal_mask(t_q, t_k, query.device)
    if attn_mask is not None:
        try:
            broadcast = torch.broadcast_shapes(attn_mask.shape, scores.shape)
        except RuntimeError:
            broadcast = None
        if broadcast != scores.shape:
            raise ValueError(
                f"attn_mask must broadcast to the scores (*, T_q, T_k) = {tuple(scores.shape)}, got {tuple(attn_mask.shape)}"
            )
        scores = scores + _additive_mask(attn_mask, allowed_when_true=True, dtype=scores.dtype)
    # A row with every key masked is all -inf; softmax would give 0/0 = NaN. Give it weights 0 instead.
    all_masked = torch.isneginf(scores).all(dim=-1, keepdim=True)  # (*, T_q, 1)
    weights = torch.softmax(scores.masked_fill(all_masked, 0.0), dim=-1).masked_fill(all_masked, 0.0)  # (*, T_q, T_k)
    return weights @ value, weights  # (*, T_q, T_k) @ (*, T_k, E_v) -> (*, T_q, E_v)


def multi_head_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    in_proj_weight: Tensor,
    in_proj_bias: Tensor | None,
    out_proj_weight: Tensor,
    out_proj_bias: Tensor | None,
    num_heads: int,
    key_padding_mask: Tensor | None = None,
    attn_mask: Tensor | None = None,
    is_causal: bool = False,
) -> tuple[Tensor, Tensor]:
    """Multi-head attention with ``nn.MultiheadAttention(batch_first=True)``'s parameters, returning every head's weights.

    The inputs are projected to queries, keys and values (``in_proj_weight`` stacks W_q, W_k,
    W_v), split into h heads of size E / h, attended separately, concatenated and projected::

        Q = query W_q^T + b_q,  K = key W_k^T + b_k,  V = value W_v^T + b_v     (N, T, E)
        head_i = softmax(Q_i K_i^T / sqrt(E / h) + mask) V_i                      (N, T_q, E / h)
        output = concat(head_1, ..., head_h) W_o^T + b_o                          (N, T_q, E)

    Same result as ``mha(query, key, value, key_padding_mask, need_weights=True,
    attn_mask=attn_mask, average_attn_weights=False)`` for an ``mha`` holding these
    parameters (no dropout), except where a query has every key masked: 0 here, NaN there.

    Args:
        query: (N, T_q, E).
        key: (N, T_k, E).
        value: (N, T_k, E).
        in_proj_weight: (3E, E), rows [W_q; W_k; W_v].
        in_proj_bias: (3E,), or None.
        out_proj_weight: (E, E).
        out_proj_bias: (E,), or None.
        num_heads: h, dividing E.
        key_padding_mask: (N, T_k) boolean, True for keys to ignore (padding), or None.
        attn_mask: (T_q, T_k) or (N * h, T_q, T_k); boolean True = may *not* attend
            (nn.MultiheadAttention's convention), or float added to the scores; or None.
        is_causal: add the causal mask (query i sees keys 0..i). Unlike nn.MultiheadAttention,
            where it is only a hint about attn_mask, this builds the mask itself.

    Returns:
        (output (N, T_q, E), weights (N, h, T_q, T_k)).
    """
    if query.dim() != 3 or key.dim() != 3 or value.dim() != 3:
        raise ValueError(
            "query, key and value must be batch-first (N, T, E), got "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    n, t_q, embed = query.shape
    t_k = key.shape[1]
    if key.shape != value.shape or key.shape[0] != n or key.shape[2] != embed:
        raise ValueError(
            f"key and value must both be (N, T_k, E) = ({n}, T_k, {embed}), got {tuple(key.shape)} and {tuple(value.shape)}"
        )
    if num_heads < 1 or embed % num_heads:
        raise ValueError(f"num_heads must divide the embedding size E = {embed}, got {num_heads}")
    if tuple(in_proj_weight.shape) != (3 * embed, embed):
        raise ValueError(f"in_proj_weight must be (3E, E) = ({3 * embed}, {embed}), got {tuple(in_proj_weight.shape)}")
    if tuple(out_proj_weight.shape) != (embed, embed):
        raise ValueError(f"out_proj_weight must be (E, E) = ({embed}, {embed}), got {tuple(out_proj_weight.shape)}")
    head = embed // num_heads
    w_q, w_k, w_v = in_proj_weight.chunk(3)  # 3 x (E, E)
    b_q, b_k, b_v = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)  # 3 x (E,)

    def project(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
        y = x @ weight.mT  # (N, T, E)
        if bias is not None:
            y = y + bias
        return y.reshape(n, -1, num_heads, head).transpose(1, 2)  # (N, T, h, E/h) -> (N, h, T, E/h)

    q = project(query, w_q, b_q)  # (N, h, T_q, E/h)
    k = project(key, w_k, b_k)  # (N, h, T_k, E/h)
    v = project(value, w_v, b_v)  # (N, h, T_k, E/h)

    mask = torch.zeros(n, 1, t_q, t_k, dtype=query.dtype, device=query.device)  # (N, 1, T_q, T_k), additive
    if attn_mask is not None:
        if attn_mask.shape == (t_q, t_k):
            mask = mask + _additive_mask(attn_mask, allowed_when_true=False, dtype=query.dtype)
        elif attn_mask.shape == (n * num_heads, t_q, t_k):
            per_head = attn_mask.reshape(n, num_heads, t_q, t_k)  # (N, h, T_q, T_k)
            mask = mask + _additive_mask(per_head, allowed_when_true=False, dtype=query.dtype)
        else:
            raise ValueError(
                f"attn_mask must be (T_q, T_k) = ({t_q}, {t_k}) or (N * h, T_q, T_k) = ({n * num_heads}, {t_q}, {t_k}), "
                f"got {tuple(attn_mask.shape)}"
            )
    if is_causal:
        mask = mask + _additive_mask(_causal_mask(t_q, t_k, query.device), allowed_when_true=True, dtype=query.dtype)
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (n, t_k):
            raise ValueError(f"key_padding_mask must be (N, T_k) = ({n}, {t_k}), got {tuple(key_padding_mask.shape)}")
        padding = _additive_mask(key_padding_mask, allowed_when_true=False, dtype=query.dtype)  # (N, T_k)
        mask = mask + padding[:, None, None, :]  # (N, 1, 1, T_k)

    heads, weights = scaled_dot_product_attention(q, k, v, attn_mask=mask)  # (N, h, T_q, E/h), (N, h, T_q, T_k)
    concat = heads.transpose(1, 2).reshape(n, t_q, embed)  # (N, T_q, h, E/h) -> (N, T_q, E)
    output = concat @ out_proj_weight.mT  # (N, T_q, E)
    if out_proj_bias is not None:
        output = output + out_proj_bias
    return output, weights
