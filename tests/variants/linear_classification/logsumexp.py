"""Answers a student might hand in for ``logsumexp``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "max along dim, then keepdim by squeeze",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.max(dim=dim, keepdim=True).values
    out = m + torch.log(torch.sum(torch.exp(input - m), dim=dim, keepdim=True))
    return out if keepdim else out.squeeze(dim)
""",
    ),
    _v(
        "slices moved last, one at a time",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    moved = input.movedim(dim, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    rows = []
    for row in flat:
        m = row.max()
        rows.append(m + torch.log(torch.exp(row - m).sum()))
    out = torch.stack(rows).reshape(moved.shape[:-1])
    return out.unsqueeze(dim) if keepdim else out
""",
    ),
    _v(
        "log(sum(exp(x)))",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    return torch.log(torch.exp(input).sum(dim=dim, keepdim=keepdim))
""",
        "no_max_subtraction",
    ),
    _v(
        "max of the whole tensor",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.max()
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))
""",
        "global_max",
    ),
    _v(
        "shifted but not shifted back",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.amax(dim=dim, keepdim=True)
    return torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))
""",
        "max_not_added_back",
    ),
    _v(
        "always keeps the dimension",
        """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.amax(dim=dim, keepdim=True)
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=True))
""",
        "keepdim_ignored",
    ),
]
