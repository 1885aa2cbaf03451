"""Answers a student might hand in for ``clip_grad_norm``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "concatenate into one vector",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = torch.cat([g.reshape(-1) for g in grads])
    total_norm = torch.linalg.vector_norm(flat, norm_type)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
""",
    ),
    _v(
        "powers summed by hand",
        """
import math
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    if math.isinf(norm_type):
        total_norm = torch.stack([g.abs().max() for g in grads]).max()
    else:
        total_norm = sum((g.abs() ** norm_type).sum() for g in grads) ** (1.0 / norm_type)
    coef = max_norm / (total_norm + 1e-6)
    if coef < 1:
        return [g * coef for g in grads], total_norm
    return [g.clone() for g in grads], total_norm
""",
    ),
    _v(
        "each gradient clipped by its own norm",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    clipped, norms = [], []
    for g in grads:
        norm = torch.linalg.vector_norm(g, norm_type)
        norms.append(norm)
        clipped.append(g * torch.clamp(max_norm / (norm + 1e-6), max=1.0))
    return clipped, torch.linalg.vector_norm(torch.stack(norms), norm_type)
""",
        "each_gradient_clipped_separately",
    ),
    _v(
        "always scaled to max_norm",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads]), norm_type)
    coef = max_norm / (total_norm + 1e-6)
    return [g * coef for g in grads], total_norm
""",
        "always_rescaled",
    ),
    _v(
        "sum of the norms",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = sum(torch.linalg.vector_norm(g, norm_type) for g in grads)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
""",
        "sum_of_norms",
    ),
    _v(
        "returns the clipped norm",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = torch.cat([g.reshape(-1) for g in grads])
    coef = torch.clamp(max_norm / (torch.linalg.vector_norm(flat, norm_type) + 1e-6), max=1.0)
    clipped = [g * coef for g in grads]
    return clipped, torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in clipped]), norm_type)
""",
        "norm_after_clipping",
    ),
    _v(
        "always the 2-norm",
        """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = torch.sqrt(sum((g ** 2).sum() for g in grads))
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
""",
        "norm_type_ignored",
    ),
]
