"""Answers a student might hand in for ``masked_softmax``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loops over rows, softmax of the valid prefix",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    out = torch.zeros_like(X)
    for n in range(X.shape[0]):
        for i in range(X.shape[1]):
            length = int(valid_lens[n] if valid_lens.dim() == 1 else valid_lens[n, i])
            if length > 0:
                out[n, i, :length] = torch.softmax(X[n, i, :length], dim=0)
    return out
""",
    ),
    _v(
        "exp times a 0/1 mask, divided by its sum (max subtracted, empty rows guarded)",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        valid_lens = torch.full(X.shape[:1], X.shape[-1], device=X.device)
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None].expand(X.shape[0], X.shape[1])
    keep = torch.arange(X.shape[-1], device=X.device) < valid_lens[..., None]
    masked = X.masked_fill(~keep, float("-inf"))
    row_max = masked.amax(dim=-1, keepdim=True)
    row_max = torch.where(torch.isinf(row_max), torch.zeros_like(row_max), row_max)
    e = torch.exp(masked - row_max)
    total = e.sum(dim=-1, keepdim=True)
    return e / torch.where(total > 0, total, torch.ones_like(total))
""",
    ),
    _v(
        "softmax first, padding zeroed afterwards",
        """
import torch

def masked_softmax(X, valid_lens=None):
    w = torch.softmax(X, dim=-1)
    if valid_lens is None:
        return w
    lens = valid_lens.reshape(X.shape[0], -1, 1)
    keep = torch.arange(X.shape[-1], device=X.device) < lens
    return w * keep
""",
        "mask_after_softmax",
    ),
    _v(
        "mask with >= (the padding kept)",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens.reshape(X.shape[0], -1, 1)
    masked = torch.arange(X.shape[-1], device=X.device) < lens
    w = torch.softmax(X.masked_fill(masked, float("-inf")), dim=-1)
    return torch.nan_to_num(w, nan=0.0)
""",
        "mask_inverted",
    ),
    _v(
        "keeps j <= length",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens.reshape(X.shape[0], -1, 1)
    keep = torch.arange(X.shape[-1], device=X.device) <= lens
    w = torch.softmax(X.masked_fill(~keep, float("-inf")), dim=-1)
    return torch.nan_to_num(w, nan=0.0)
""",
        "off_by_one_length",
    ),
    _v(
        "fills with -1e6 (an empty row comes out uniform)",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens.reshape(X.shape[0], -1, 1)
    keep = torch.arange(X.shape[-1], device=X.device) < lens
    return torch.softmax(X.masked_fill(~keep, -1e6), dim=-1)
""",
        "empty_row_uniform",
    ),
    _v(
        "normalised over dim 1",
        """
import torch

def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=1)
    lens = valid_lens.reshape(X.shape[0], -1, 1)
    keep = torch.arange(X.shape[-1], device=X.device) < lens
    return torch.softmax(X.masked_fill(~keep, float("-inf")), dim=1).nan_to_num(0.0)
""",
        "softmax_over_queries",
    ),
]
