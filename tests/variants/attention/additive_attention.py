"""Answers a student might hand in for ``additive_attention``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loops over batch, queries and keys",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    n, t_q, t_k = query.shape[0], query.shape[1], key.shape[1]
    scores = query.new_zeros(n, t_q, t_k)
    for b in range(n):
        for i in range(t_q):
            for j in range(t_k):
                scores[b, i, j] = w_v @ torch.tanh(W_q @ query[b, i] + W_k @ key[b, j])
    weights = torch.zeros_like(scores)
    for b in range(n):
        for i in range(t_q):
            if valid_lens is None:
                length = t_k
            else:
                length = int(valid_lens[b] if valid_lens.dim() == 1 else valid_lens[b, i])
            if length > 0:
                weights[b, i, :length] = torch.softmax(scores[b, i, :length], dim=0)
    return weights @ value, weights
""",
    ),
    _v(
        "einsum with a boolean mask",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    q = torch.einsum("nqd,hd->nqh", query, W_q)
    k = torch.einsum("nkd,hd->nkh", key, W_k)
    scores = torch.einsum("nqkh,h->nqk", torch.tanh(q.unsqueeze(2) + k.unsqueeze(1)), w_v)
    if valid_lens is not None:
        lens = valid_lens.reshape(query.shape[0], -1, 1)
        keep = torch.arange(key.shape[1], device=key.device) < lens
        scores = scores.masked_fill(~keep, float("-inf"))
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return torch.einsum("nqk,nkv->nqv", weights, value), weights
""",
    ),
    _v(
        "valid_lens never used",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    features = torch.tanh((query @ W_q.T).unsqueeze(2) + (key @ W_k.T).unsqueeze(1))
    weights = torch.softmax(features @ w_v, dim=-1)
    return weights @ value, weights
""",
        "lengths_ignored",
    ),
    _v(
        "no tanh",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    scores = ((query @ W_q.T).unsqueeze(2) + (key @ W_k.T).unsqueeze(1)) @ w_v
    if valid_lens is not None:
        lens = valid_lens.reshape(query.shape[0], -1, 1)
        scores = scores.masked_fill(torch.arange(key.shape[1], device=key.device) >= lens, float("-inf"))
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "no_tanh",
    ),
    _v(
        "tanh of the score",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    scores = torch.tanh(((query @ W_q.T).unsqueeze(2) + (key @ W_k.T).unsqueeze(1)) @ w_v)
    if valid_lens is not None:
        lens = valid_lens.reshape(query.shape[0], -1, 1)
        scores = scores.masked_fill(torch.arange(key.shape[1], device=key.device) >= lens, float("-inf"))
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "tanh_outside",
    ),
    _v(
        "softmax over dim 1",
        """
import torch

def additive_attention(query, key, value, W_q, W_k, w_v, valid_lens=None):
    scores = torch.tanh((query @ W_q.T).unsqueeze(2) + (key @ W_k.T).unsqueeze(1)) @ w_v
    if valid_lens is not None:
        lens = valid_lens.reshape(query.shape[0], -1, 1)
        scores = scores.masked_fill(torch.arange(key.shape[1], device=key.device) >= lens, float("-inf"))
    weights = torch.softmax(scores, dim=1).nan_to_num(0.0)
    return weights @ value, weights
""",
        "softmax_over_queries",
    ),
]
