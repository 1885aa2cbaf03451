"""Answers a student might hand in for ``binary_cross_entropy_with_logits``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "(1 - y) z + softplus(-z) with logaddexp",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = (1 - target) * input + torch.logaddexp(torch.zeros_like(input), -input)
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else loss.mean()
""",
    ),
    _v(
        "max(z, 0) - y z + log1p(exp(-|z|))",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - target * input + torch.log1p(torch.exp(-input.abs()))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""",
    ),
    _v(
        "log of the sigmoid",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    p = torch.sigmoid(input)
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""",
        "log_of_sigmoid",
    ),
    _v(
        "log(1 + exp(z)) - y z",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = torch.log(1 + torch.exp(input)) - target * input
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""",
        "softplus_overflow",
    ),
    _v(
        "F.binary_cross_entropy on the sigmoid",
        """
import torch
import torch.nn.functional as F
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    return F.binary_cross_entropy(torch.sigmoid(input), target, reduction=reduction)
""",
        "clamped_log",
    ),
    _v(
        "summed",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - target * input + torch.log1p(torch.exp(-input.abs()))
    return loss if reduction == "none" else loss.sum()
""",
        "sum_instead_of_mean",
    ),
    _v(
        "y and 1 - y swapped",
        """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - (1 - target) * input + torch.log1p(torch.exp(-input.abs()))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""",
        "targets_swapped",
    ),
]
