"""Answers a student might hand in for ``polynomial_features``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over powers",
        """
import torch
def polynomial_features(x, degree):
    columns = [torch.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    return torch.stack(columns, dim=1)
""",
    ),
    _v(
        "cumulative product",
        """
import torch
def polynomial_features(x, degree):
    repeated = torch.cat([torch.ones_like(x)[:, None], x[:, None].expand(-1, degree)], dim=1)
    return torch.cumprod(repeated, dim=1)
""",
    ),
    _v(
        "starts at x^1",
        """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(1, degree + 1)], dim=1)
""",
        "missing_constant",
    ),
    _v(
        "range(degree)",
        """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(degree)], dim=1)
""",
        "one_power_short",
    ),
    _v(
        "highest power first",
        """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(degree, -1, -1)], dim=1)
""",
        "decreasing_order",
    ),
    _v(
        "x^1 .. x^(degree+1)",
        """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** (p + 1) for p in range(degree + 1)], dim=1)
""",
        "powers_shifted",
    ),
]
