"""Answers a student might hand in for ``group_norm``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over groups",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    C = input.shape[1]
    size = C // num_groups
    dims = tuple(range(1, input.dim()))
    pieces = []
    for g in range(num_groups):
        chunk = input[:, g * size:(g + 1) * size]
        mean = chunk.mean(dim=dims, keepdim=True)
        var = ((chunk - mean) ** 2).mean(dim=dims, keepdim=True)
        pieces.append((chunk - mean) / torch.sqrt(var + eps))
    out = torch.cat(pieces, dim=1)
    view = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(view)
    if bias is not None:
        out = out + bias.reshape(view)
    return out
""",
    ),
    _v(
        "view as (N, G, -1) with var_mean",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.view(N, num_groups, -1)
    var, mean = torch.var_mean(x, dim=2, keepdim=True, correction=0)
    out = ((x - mean) / (var + eps).sqrt()).view(input.shape)
    shape = (1, C) + (1,) * (input.dim() - 2)
    if weight is not None:
        out = out * weight.view(shape)
    if bias is not None:
        out = out + bias.view(shape)
    return out
""",
    ),
    _v(
        "interleaved channels",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, C // num_groups, num_groups, -1)
    mean = x.mean(dim=(1, 3), keepdim=True)
    var = x.var(dim=(1, 3), unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""",
        "interleaved_groups",
    ),
    _v(
        "each channel on its own",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, C, -1)
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""",
        "statistics_per_channel",
    ),
    _v(
        "torch.var default",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, num_groups, -1)
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""",
        "unbiased_variance",
    ),
    _v(
        "one group for all channels",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, -1)
    mean = x.mean(dim=1, keepdim=True)
    var = x.var(dim=1, unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""",
        "statistics_over_all_channels",
    ),
    _v(
        "groups pooled over the batch",
        """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, num_groups, -1)
    mean = x.mean(dim=(0, 2), keepdim=True)
    var = x.var(dim=(0, 2), unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""",
        "statistics_over_the_batch",
    ),
]
