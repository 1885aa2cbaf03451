"""Answers a student might hand in for ``nadaraya_watson``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over queries, kernel divided by its sum",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    out = []
    for q in queries:
        logits = -((q - keys) ** 2) / (2 * bandwidth ** 2)
        kernel = torch.exp(logits - logits.max())
        out.append((kernel * values).sum() / kernel.sum())
    return torch.stack(out)
""",
    ),
    _v(
        "softmax of the expanded square, q k / h^2 - k^2 / (2 h^2)",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    logits = (torch.outer(queries, keys) - 0.5 * keys ** 2) / bandwidth ** 2
    return torch.softmax(logits, dim=1) @ values
""",
    ),
    _v(
        "exp(-d^2 / h^2)",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    d = queries.unsqueeze(1) - keys.unsqueeze(0)
    return torch.softmax(-d ** 2 / bandwidth ** 2, dim=1) @ values
""",
        "missing_factor_two",
    ),
    _v(
        "divides by 2 * bandwidth",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    d = queries.unsqueeze(1) - keys.unsqueeze(0)
    return torch.softmax(-d ** 2 / (2 * bandwidth), dim=1) @ values
""",
        "bandwidth_not_squared",
    ),
    _v(
        "Gaussian weights not normalised",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    d = queries.unsqueeze(1) - keys.unsqueeze(0)
    return torch.exp(-d ** 2 / (2 * bandwidth ** 2)) @ values
""",
        "not_normalised",
    ),
    _v(
        "softmax over dim 0",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    d = queries.unsqueeze(1) - keys.unsqueeze(0)
    return torch.softmax(-d ** 2 / (2 * bandwidth ** 2), dim=0) @ values
""",
        "normalised_over_queries",
    ),
    _v(
        "minus sign forgotten",
        """
import torch

def nadaraya_watson(queries, keys, values, bandwidth=1.0):
    d = queries[:, None] - keys[None, :]
    return torch.softmax(d * d / (2 * bandwidth ** 2), dim=-1) @ values
""",
        "sign_flipped",
    ),
]
