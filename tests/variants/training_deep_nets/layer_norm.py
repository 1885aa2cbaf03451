"""Answers a student might hand in for ``layer_norm``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "flatten the normalised dimensions",
        """
import math
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    shape = tuple(normalized_shape) if not isinstance(normalized_shape, int) else (normalized_shape,)
    flat = input.reshape(-1, math.prod(shape))  # one row per sample
    mean = flat.mean(dim=1, keepdim=True)
    var = ((flat - mean) ** 2).mean(dim=1, keepdim=True)
    out = ((flat - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""",
    ),
    _v(
        "var_mean with correction=0",
        """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(input.dim() - len(normalized_shape), input.dim()))
    var, mean = torch.var_mean(input, dim=dims, correction=0, keepdim=True)
    out = (input - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        out = weight * out
    if bias is not None:
        out = out + bias
    return out
""",
    ),
    _v(
        "torch.var default",
        """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dim=dims, keepdim=True)
    var = input.var(dim=dims, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""",
        "unbiased_variance",
    ),
    _v(
        "statistics over the batch",
        """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = input.mean(dim=0, keepdim=True)
    var = input.var(dim=0, unbiased=False, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""",
        "normalised_over_the_batch",
    ),
    _v(
        "last dimension only",
        """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = input.mean(dim=-1, keepdim=True)
    var = input.var(dim=-1, unbiased=False, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""",
        "last_dimension_only",
    ),
    _v(
        "eps added to the std",
        """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dim=dims, keepdim=True)
    std = input.std(dim=dims, unbiased=False, keepdim=True)
    out = (input - mean) / (std + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""",
        "eps_outside_sqrt",
    ),
]
