"""Answers a student might hand in for ``cross_entropy``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "logsumexp minus the picked logit",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    lse = (m + torch.log(torch.exp(input - m).sum(dim=1, keepdim=True))).squeeze(1)
    losses = lse - input[torch.arange(input.shape[0], device=input.device), target]
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.mean()
""",
    ),
    _v(
        "one-hot times log-probabilities",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    shifted = input - input.max(dim=1, keepdim=True).values
    log_probs = shifted - torch.log(torch.exp(shifted).sum(dim=1, keepdim=True))
    y = (target[:, None] == torch.arange(input.shape[1], device=input.device)).to(input.dtype)
    losses = -(y * log_probs).sum(dim=1)
    return {"none": losses, "sum": losses.sum(), "mean": losses.sum() / input.shape[0]}[reduction]
""",
    ),
    _v(
        "log of softmax",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    p = torch.softmax(input, dim=1)
    losses = -torch.log(p[torch.arange(len(target), device=input.device), target])
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""",
        "log_of_softmax",
    ),
    _v(
        "softmax over the batch",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=0, keepdim=True)
    log_probs = input - m - torch.log(torch.exp(input - m).sum(dim=0, keepdim=True))
    losses = -log_probs[torch.arange(len(target), device=input.device), target]
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""",
        "softmax_over_batch",
    ),
    _v(
        "exp of raw logits",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    log_probs = input - torch.log(torch.exp(input).sum(dim=1, keepdim=True))
    losses = -log_probs[torch.arange(len(target), device=input.device), target]
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""",
        "no_max_subtraction",
    ),
    _v(
        "mean over every logit",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    log_probs = input - m - torch.log(torch.exp(input - m).sum(dim=1, keepdim=True))
    y = (target[:, None] == torch.arange(input.shape[1], device=input.device)).to(input.dtype)
    terms = -(y * log_probs)
    if reduction == "none":
        return terms.sum(dim=1)
    return terms.sum() if reduction == "sum" else terms.mean()
""",
        "mean_over_all_logits",
    ),
    _v(
        "summed",
        """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    lse = (m + torch.log(torch.exp(input - m).sum(dim=1, keepdim=True)))[:, 0]
    losses = lse - input.gather(1, target[:, None])[:, 0]
    return losses if reduction == "none" else losses.sum()
""",
        "sum_instead_of_mean",
    ),
]
