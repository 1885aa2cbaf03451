"""Answers a student might hand in for ``dropout``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "float mask times input",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if not training:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    mask = (u > p).to(input.dtype)
    return input * mask / (1 - p)
""",
    ),
    _v(
        "torch.where",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input.clone()
    if p == 1:
        return input * 0.0
    device = input.device if generator is None else generator.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return torch.where(u >= p, input / (1 - p), torch.zeros_like(input))
""",
    ),
    _v(
        "mask without rescaling",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p)
""",
        "no_rescaling",
    ),
    _v(
        "divided by p",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p) / p
""",
        "divided_by_p",
    ),
    _v(
        "p as keep probability",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    mask = (u < p).to(input.dtype)
    return input * mask / p
""",
        "p_as_keep_probability",
    ),
    _v(
        "training flag ignored",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p) / (1 - p)
""",
        "dropout_in_evaluation",
    ),
    _v(
        "keep where u < 1 - p",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u < 1 - p) / (1 - p)
""",
    ),
    _v(
        "u drawn in float32 (the same distribution)",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, device=device).to(input.device)
    return input * (u > p) / (1 - p)
""",
    ),
    _v(
        "torch.bernoulli mask",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    keep = torch.bernoulli(torch.full(input.shape, 1 - p, dtype=input.dtype), generator=generator)
    return input * keep.to(input.device) / (1 - p)
""",
    ),
    _v(
        "global random state, not the generator",
        """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    keep = torch.rand(input.shape, dtype=input.dtype, device=input.device) > p
    return input * keep / (1 - p)
""",
        "generator_ignored",
    ),
]
