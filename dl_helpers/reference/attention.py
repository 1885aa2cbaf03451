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


def nadaraya_watson(queries: Tensor, keys: Tensor, values: Tensor, bandwidth: float = 1.0) -> Tensor:
    """Nadaraya-Watson kernel regression with a Gaussian kernel: attention pooling over 1-D points.

    Each query gets a weighted average of the values, with weights from how close its key is::

        alpha(q_i, k_j) = softmax_j(-(q_i - k_j)^2 / (2 h^2)),   f(q_i) = sum_j alpha(q_i, k_j) v_j

    The softmax is the Gaussian kernel normalised over the keys (its constant cancels).

    Args:
        queries: (T_q,) points where the regression is evaluated.
        keys: (T_k,) training inputs.
        values: (T_k,) training targets.
        bandwidth: h > 0, the kernel's width: small h follows the nearest keys, large h averages widely.

    Returns:
        (T_q,) the pooled values.

    Example:
        >>> nadaraya_watson(torch.tensor([0.0, 1.0]), torch.tensor([0.0, 2.0]), torch.tensor([1.0, 3.0]))
        tensor([1.2384, 2.0000])
    """
    if queries.dim() != 1 or keys.dim() != 1 or values.shape != keys.shape:
        raise ValueError(
            f"queries, keys and values must be (T_q,), (T_k,) and (T_k,), got {tuple(queries.shape)}, "
            f"{tuple(keys.shape)} and {tuple(values.shape)}"
        )
    if not bandwidth > 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth}")
    distance = queries[:, None] - keys[None, :]  # (T_q, 1) - (1, T_k) -> (T_q, T_k)
    weights = torch.softmax(-(distance**2) / (2 * bandwidth**2), dim=-1)  # (T_q, T_k), rows sum to 1
    return weights @ values  # (T_q, T_k) @ (T_k,) -> (T_q,)


def masked_softmax(X: Tensor, valid_lens: Tensor | None = None) -> Tensor:
    """Softmax over the last axis that keeps only the first ``valid_lens`` entries of each row.

    Row ``(n, i)`` of ``X`` keeps keys ``j < valid_lens[n]`` (or ``valid_lens[n, i]``); the other
    entries get weight 0 and the kept ones sum to 1. A row with no valid key (length 0) is all 0,
    the convention of :func:`scaled_dot_product_attention` and ``F.scaled_dot_product_attention``.

    Args:
        X: (N, T_q, T_k) scores.
        valid_lens: None (no mask), (N,) one length per sequence, or (N, T_q) one per query; integers.

    Returns:
        (N, T_q, T_k) weights.

    Example:
        >>> masked_softmax(torch.zeros(1, 2, 3), torch.tensor([[2, 0]]))
        tensor([[[0.5000, 0.5000, 0.0000],
                 [0.0000, 0.0000, 0.0000]]])
    """
    if X.dim() != 3:
        raise ValueError(f"X must be (N, T_q, T_k), got {tuple(X.shape)}")
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    n, t_q, t_k = X.shape
    if valid_lens.dim() == 1 and valid_lens.shape[0] == n:
        lengths = valid_lens[:, None, None]  # (N, 1, 1)
    elif tuple(valid_lens.shape) == (n, t_q):
        lengths = valid_lens[:, :, None]  # (N, T_q, 1)
    else:
        raise ValueError(f"valid_lens must be (N,) = ({n},) or (N, T_q) = ({n}, {t_q}), got {tuple(valid_lens.shape)}")
    keep = torch.arange(t_k, device=X.device) < lengths  # (T_k,) < (N, T_q or 1, 1) -> (N, T_q or 1, T_k)
    scores = X.masked_fill(~keep, float("-inf"))  # (N, T_q, T_k)
    empty = ~keep.any(dim=-1, keepdim=True)  # (N, T_q or 1, 1): rows with no valid key
    return torch.softmax(scores.masked_fill(empty, 0.0), dim=-1).masked_fill(empty, 0.0)  # (N, T_q, T_k)


def additive_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    W_q: Tensor,
    W_k: Tensor,
    w_v: Tensor,
    valid_lens: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """Additive (Bahdanau) attention: a one-hidden-layer network scores each query-key pair.

    ::

        a(q, k) = w_v^T tanh(W_q q + W_k k),   weights = masked_softmax(a, valid_lens),   output = weights V

    Queries and keys may have different sizes; both are mapped to H hidden units first.

    Args:
        query: (N, T_q, D_q).
        key: (N, T_k, D_k).
        value: (N, T_k, D_v).
        W_q: (H, D_q).
        W_k: (H, D_k).
        w_v: (H,).
        valid_lens: None, (N,) or (N, T_q): how many keys each query may see (see :func:`masked_softmax`).

    Returns:
        (output (N, T_q, D_v), weights (N, T_q, T_k)).

    Example:
        >>> q, k, v = torch.zeros(1, 1, 2), torch.zeros(1, 3, 2), torch.arange(3.0).reshape(1, 3, 1)
        >>> additive_attention(q, k, v, torch.eye(2), torch.eye(2), torch.ones(2), torch.tensor([2]))[0]
        tensor([[[0.5000]]])
    """
    if query.dim() != 3 or key.dim() != 3 or value.dim() != 3 or key.shape[:2] != value.shape[:2]:
        raise ValueError(
            "query, key and value must be (N, T_q, D_q), (N, T_k, D_k) and (N, T_k, D_v), got "
            f"{tuple(query.shape)}, {tuple(key.shape)} and {tuple(value.shape)}"
        )
    if (
        W_q.shape[1] != query.shape[-1]
        or W_k.shape[1] != key.shape[-1]
        or not (W_q.shape[0] == W_k.shape[0] == w_v.shape[0])
    ):
        raise ValueError(
            f"W_q, W_k and w_v must be (H, D_q), (H, D_k) and (H,), got {tuple(W_q.shape)}, {tuple(W_k.shape)} and "
            f"{tuple(w_v.shape)} for D_q = {query.shape[-1]}, D_k = {key.shape[-1]}"
        )
    q = query @ W_q.T  # (N, T_q, H)
    k = key @ W_k.T  # (N, T_k, H)
    features = torch.tanh(q[:, :, None, :] + k[:, None, :, :])  # (N, T_q, 1, H) + (N, 1, T_k, H) -> (N, T_q, T_k, H)
    scores = features @ w_v  # (N, T_q, T_k, H) @ (H,) -> (N, T_q, T_k)
    weights = masked_softmax(scores, valid_lens)  # (N, T_q, T_k)
    return weights @ value, weights  # (N, T_q, T_k) @ (N, T_k, D_v) -> (N, T_q, D_v)


def online_softmax_attention(query: Tensor, key: Tensor, value: Tensor, tile_size: int) -> Tensor:
    """Scaled dot-product attention over the keys in tiles, never forming the whole (T_q, T_k) score matrix.

    The keys are visited ``tile_size`` at a time. For each query the loop keeps the running
    maximum ``m`` of its scores, the running sum ``l`` of ``exp(score - m)`` and the running
    weighted sum ``acc`` of the values. When a tile raises the maximum to ``m'``, the old sums
    are rescaled by ``exp(m - m')`` before the tile's terms are added::

        s = q K_tile^T / sqrt(E),  m' = max(m, max s),  l = l e^(m - m') + sum e^(s - m'),
        acc = acc e^(m - m') + e^(s - m') V_tile;       output = acc / l

    The result equals ``softmax(q K^T / sqrt(E)) V`` while only a (T_q, tile_size) block of
    scores exists at any time (the idea of memory-efficient and flash attention). No mask.

    Args:
        query: (*, T_q, E).
        key: (*, T_k, E), T_k >= 1.
        value: (*, T_k, E_v).
        tile_size: keys per tile, >= 1; the last tile may be shorter.

    Returns:
        (*, T_q, E_v).

    Example:
        >>> q, k, v = torch.eye(2)[None], torch.eye(2)[None], torch.tensor([[[1.0], [3.0]]])
        >>> online_softmax_attention(q, k, v, tile_size=1)
        tensor([[[1.6605],
                 [2.3395]]])
    """
    if query.dim() < 2 or query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2] or key.shape[-2] < 1:
        raise ValueError(
            "query, key and value must be (*, T_q, E), (*, T_k, E) and (*, T_k, E_v) with T_k >= 1, got "
            f"{tuple(query.shape)}, {tuple(key.shape)} and {tuple(value.shape)}"
        )
    if tile_size < 1:
        raise ValueError(f"tile_size must be at least 1, got {tile_size}")
    scale = 1.0 / math.sqrt(query.shape[-1])
    running_max = torch.full(
        query.shape[:-1] + (1,), float("-inf"), dtype=query.dtype, device=query.device
    )  # (*, T_q, 1)
    running_sum = torch.zeros_like(running_max)  # (*, T_q, 1)
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])  # (*, T_q, E_v)
    for start in range(0, key.shape[-2], tile_size):
        k_tile = key[..., start : start + tile_size, :]  # (*, t, E)
        v_tile = value[..., start : start + tile_size, :]  # (*, t, E_v)
        scores = query @ k_tile.transpose(-2, -1) * scale  # (*, T_q, t)
        new_max = torch.maximum(running_max, scores.amax(dim=-1, keepdim=True))  # (*, T_q, 1)
        rescale = torch.exp(running_max - new_max)  # (*, T_q, 1); exp(-inf) = 0 on the first tile
        p = torch.exp(scores - new_max)  # (*, T_q, t)
        running_sum = running_sum * rescale + p.sum(dim=-1, keepdim=True)
        acc = acc * rescale + p @ v_tile  # (*, T_q, E_v)
        running_max = new_max
    return acc / running_sum
