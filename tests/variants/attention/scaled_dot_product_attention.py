"""Answers a student might hand in for ``scaled_dot_product_attention``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

_HEAD = """
import math
import torch

def _mask(scores, attn_mask, is_causal, query, key):
    if is_causal:
        attn_mask = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool, device=query.device).tril()
    if attn_mask is None:
        return scores
    if attn_mask.dtype == torch.bool:
        return scores.masked_fill(~attn_mask, float("-inf"))
    return scores + attn_mask
"""

VARIANTS = [
    _v(
        "einsum, masked_fill, nan_to_num for empty rows",
        _HEAD
        + """
def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = torch.einsum("...qe,...ke->...qk", query, key) / math.sqrt(query.shape[-1])
    weights = torch.softmax(_mask(scores, attn_mask, is_causal, query, key), dim=-1).nan_to_num(0.0)
    return torch.einsum("...qk,...kv->...qv", weights, value), weights
""",
    ),
    _v(
        "additive float mask from any mask, empty rows zeroed with where",
        """
import math
import torch

def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    t_q, t_k = query.shape[-2], key.shape[-2]
    bias = query.new_zeros(t_q, t_k)
    if is_causal:
        allowed = torch.ones(t_q, t_k, dtype=torch.bool, device=query.device).tril()
        bias = bias.masked_fill(~allowed, float("-inf"))
    elif attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            bias = torch.where(attn_mask, 0.0, float("-inf")).to(query.dtype)
        else:
            bias = attn_mask
    scores = query @ key.transpose(-1, -2) * query.shape[-1] ** -0.5 + bias
    row_max = scores.amax(dim=-1, keepdim=True)
    empty = torch.isneginf(row_max)
    e = torch.exp(scores - torch.where(empty, torch.zeros_like(row_max), row_max))
    total = e.sum(dim=-1, keepdim=True)
    weights = torch.where(empty, torch.zeros_like(e), e / torch.where(empty, torch.ones_like(total), total))
    return weights @ value, weights
""",
    ),
    _v(
        "divides by E",
        _HEAD
        + """
def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = query @ key.transpose(-2, -1) / query.shape[-1]
    weights = torch.softmax(_mask(scores, attn_mask, is_causal, query, key), dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "scaled_by_d",
    ),
    _v(
        "no scale",
        _HEAD
        + """
def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = query @ key.transpose(-2, -1)
    weights = torch.softmax(_mask(scores, attn_mask, is_causal, query, key), dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "not_scaled",
    ),
    _v(
        "boolean mask as True = masked",
        """
import math
import torch

def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])
    if is_causal:
        attn_mask = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool, device=query.device).tril()
        scores = scores.masked_fill(~attn_mask, float("-inf"))
    elif attn_mask is not None and attn_mask.dtype == torch.bool:
        scores = scores.masked_fill(attn_mask, float("-inf"))
    elif attn_mask is not None:
        scores = scores + attn_mask
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "bool_mask_inverted",
    ),
    _v(
        "causal mask from triu",
        """
import math
import torch

def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])
    if is_causal:
        attn_mask = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool, device=query.device).triu()
    if attn_mask is not None:
        scores = scores.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else scores + attn_mask
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "causal_mask_transposed",
    ),
    _v(
        "softmax, then the weights multiplied by the mask",
        """
import math
import torch

def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    weights = torch.softmax(query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1]), dim=-1)
    if is_causal:
        attn_mask = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool, device=query.device).tril()
    if attn_mask is not None:
        keep = attn_mask if attn_mask.dtype == torch.bool else ~torch.isneginf(attn_mask)
        weights = weights * keep
    return weights @ value, weights
""",
        "mask_after_softmax",
    ),
    _v(
        "softmax over dim -2",
        _HEAD
        + """
def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False):
    scores = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])
    weights = torch.softmax(_mask(scores, attn_mask, is_causal, query, key), dim=-2).nan_to_num(0.0)
    return weights @ value, weights
""",
        "softmax_over_queries",
    ),
]
