"""Answers a student might hand in for ``softmax_cross_entropy_backward``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "torch.softmax and F.one_hot",
        """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    probs = torch.softmax(input, dim=1)
    one_hot = F.one_hot(target, num_classes=input.shape[1]).to(input.dtype)
    return (probs - one_hot) / input.shape[0]
""",
    ),
    _v(
        "row by row with logsumexp",
        """
import torch
def softmax_cross_entropy_backward(input, target):
    n = input.shape[0]
    rows = []
    for i in range(n):
        p = torch.exp(input[i] - torch.logsumexp(input[i], dim=0))
        p = p.clone()
        p[target[i]] = p[target[i]] - 1
        rows.append(p / n)
    return torch.stack(rows)
""",
    ),
    _v(
        "not divided by N",
        """
import torch
def softmax_cross_entropy_backward(input, target):
    p = torch.softmax(input, dim=1)
    p[torch.arange(len(target)), target] -= 1
    return p
""",
        "not_divided_by_batch",
    ),
    _v(
        "softmax only",
        """
import torch
def softmax_cross_entropy_backward(input, target):
    return torch.softmax(input, dim=1) / input.shape[0]
""",
        "one_hot_missing",
    ),
    _v(
        "one-hot minus softmax",
        """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (y - torch.softmax(input, dim=1)) / input.shape[0]
""",
        "wrong_sign",
    ),
    _v(
        "softmax over the batch",
        """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (torch.softmax(input, dim=0) - y) / input.shape[0]
""",
        "softmax_over_batch",
    ),
    _v(
        "mean over every logit",
        """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (torch.softmax(input, dim=1) - y) / input.numel()
""",
        "divided_by_all_elements",
    ),
    _v(
        "exp without subtracting the max",
        """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    e = torch.exp(input)
    p = e / e.sum(dim=1, keepdim=True)
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (p - y) / input.shape[0]
""",
        "softmax_overflows",
    ),
]
