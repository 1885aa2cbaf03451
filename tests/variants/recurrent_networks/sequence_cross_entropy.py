"""Answers to ``sequence_cross_entropy``."""

from variants import variant as _v

VARIANTS = [
    _v(
        "flatten and boolean-index",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    logits = input.reshape(-1, input.shape[-1])
    y = target.reshape(-1)
    keep = y != ignore_index
    logits, y = logits[keep], y[keep]
    log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_p[torch.arange(len(y), device=y.device), y].mean()
""",
    ),
    _v(
        "loop over sequences and steps",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    total = input.new_zeros(())
    count = 0
    for n in range(input.shape[0]):
        for t in range(input.shape[1]):
            y = int(target[n, t])
            if y == ignore_index:
                continue
            row = input[n, t]
            total = total + torch.logsumexp(row, 0) - row[y]
            count += 1
    return total / count
""",
    ),
    _v(
        "zeroed padding, mean over everything",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    mask = target != ignore_index
    log_p = torch.log_softmax(input, dim=-1)
    picked = log_p.gather(2, target.clamp(min=0).unsqueeze(2)).squeeze(2)
    return -(picked * mask).mean()
""",
        "padding_counted_in_the_mean",
    ),
    _v(
        "padding scored",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    log_p = torch.log_softmax(input, dim=-1)
    return -log_p.gather(2, target.unsqueeze(2)).mean()
""",
        "padding_scored_as_a_token",
    ),
    _v(
        "mean per sequence first",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    mask = (target != ignore_index).to(input.dtype)
    log_p = torch.log_softmax(input, dim=-1)
    picked = log_p.gather(2, torch.where(target == ignore_index, 0, target).unsqueeze(2)).squeeze(2)
    per_seq = -(picked * mask).sum(1) / mask.sum(1)
    return per_seq.mean()
""",
        "mean_of_sequence_means",
    ),
    _v(
        "summed",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    mask = target != ignore_index
    log_p = input - input.logsumexp(-1, keepdim=True)
    picked = log_p.gather(-1, torch.where(mask, target, 0).unsqueeze(-1)).squeeze(-1)
    return -picked[mask].sum()
""",
        "summed_not_averaged",
    ),
    _v(
        "softmax over dim 1",
        """
import torch
def sequence_cross_entropy(input, target, ignore_index=-100):
    mask = target != ignore_index
    log_p = torch.log_softmax(input, dim=1)
    picked = log_p.gather(-1, torch.where(mask, target, 0).unsqueeze(-1)).squeeze(-1)
    return -picked[mask].mean()
""",
        "log_softmax_over_time",
    ),
]
