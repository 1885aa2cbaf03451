"""Answers a student might hand in for ``online_softmax_attention``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over tiles with lists of tiles from split",
        """
import math
import torch

def online_softmax_attention(query, key, value, tile_size):
    m = query.new_full(query.shape[:-1] + (1,), float("-inf"))
    l = query.new_zeros(query.shape[:-1] + (1,))
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for k_tile, v_tile in zip(key.split(tile_size, dim=-2), value.split(tile_size, dim=-2)):
        s = query @ k_tile.transpose(-2, -1) / math.sqrt(query.shape[-1])
        m_new = torch.maximum(m, s.max(dim=-1, keepdim=True).values)
        correction = torch.exp(m - m_new)
        p = torch.exp(s - m_new)
        l = correction * l + p.sum(dim=-1, keepdim=True)
        acc = correction * acc + p @ v_tile
        m = m_new
    return acc / l
""",
    ),
    _v(
        "running log-sum-exp and a normalised running output",
        """
import math
import torch

def online_softmax_attention(query, key, value, tile_size):
    out = None
    for start in range(0, key.shape[-2], tile_size):
        s = torch.einsum("...qe,...ke->...qk", query, key[..., start:start + tile_size, :]) / math.sqrt(query.shape[-1])
        tile_lse = torch.logsumexp(s, dim=-1, keepdim=True)
        tile_out = torch.exp(s - tile_lse) @ value[..., start:start + tile_size, :]
        if out is None:
            out, lse = tile_out, tile_lse
        else:
            new_lse = torch.logaddexp(lse, tile_lse)
            out = torch.exp(lse - new_lse) * out + torch.exp(tile_lse - new_lse) * tile_out
            lse = new_lse
    return out
""",
    ),
    _v(
        "range(T_k // tile_size) tiles",
        """
import math
import torch

def online_softmax_attention(query, key, value, tile_size):
    m = query.new_full(query.shape[:-1] + (1,), float("-inf"))
    l = query.new_zeros(query.shape[:-1] + (1,))
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for t in range(key.shape[-2] // tile_size):
        k_tile = key[..., t * tile_size:(t + 1) * tile_size, :]
        v_tile = value[..., t * tile_size:(t + 1) * tile_size, :]
        s = query @ k_tile.transpose(-2, -1) / math.sqrt(query.shape[-1])
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        p = torch.exp(s - m_new)
        l = l * torch.exp(m - m_new) + p.sum(dim=-1, keepdim=True)
        acc = acc * torch.exp(m - m_new) + p @ v_tile
        m = m_new
    return acc / l
""",
        "last_tile_dropped",
    ),
    _v(
        "running maximum but no correction factor",
        """
import math
import torch

def online_softmax_attention(query, key, value, tile_size):
    m = query.new_full(query.shape[:-1] + (1,), float("-inf"))
    l = query.new_zeros(query.shape[:-1] + (1,))
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for start in range(0, key.shape[-2], tile_size):
        s = query @ key[..., start:start + tile_size, :].transpose(-2, -1) / math.sqrt(query.shape[-1])
        m = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        p = torch.exp(s - m)
        l = l + p.sum(dim=-1, keepdim=True)
        acc = acc + p @ value[..., start:start + tile_size, :]
    return acc / l
""",
        "sums_not_rescaled",
    ),
    _v(
        "forgets the final division",
        """
import math
import torch

def online_softmax_attention(query, key, value, tile_size):
    m = query.new_full(query.shape[:-1] + (1,), float("-inf"))
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for start in range(0, key.shape[-2], tile_size):
        s = query @ key[..., start:start + tile_size, :].transpose(-2, -1) / math.sqrt(query.shape[-1])
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        acc = acc * torch.exp(m - m_new) + torch.exp(s - m_new) @ value[..., start:start + tile_size, :]
        m = m_new
    return acc
""",
        "not_normalised",
    ),
    _v(
        "no 1 / sqrt(E)",
        """
import torch

def online_softmax_attention(query, key, value, tile_size):
    m = query.new_full(query.shape[:-1] + (1,), float("-inf"))
    l = query.new_zeros(query.shape[:-1] + (1,))
    acc = query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for start in range(0, key.shape[-2], tile_size):
        s = query @ key[..., start:start + tile_size, :].transpose(-2, -1)
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        l = l * torch.exp(m - m_new) + torch.exp(s - m_new).sum(dim=-1, keepdim=True)
        acc = acc * torch.exp(m - m_new) + torch.exp(s - m_new) @ value[..., start:start + tile_size, :]
        m = m_new
    return acc / l
""",
        "not_scaled",
    ),
]
