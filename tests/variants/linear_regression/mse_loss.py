"""Answers a student might hand in for ``mse_loss``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over elements",
        """
import torch
def mse_loss(input, target, reduction="mean"):
    diff = (input - target).reshape(-1)
    squares = torch.stack([d * d for d in diff]) if diff.numel() else diff
    if reduction == "none":
        return squares.reshape(input.shape)
    total = squares.sum()
    return total / diff.numel() if reduction == "mean" else total
""",
    ),
    _v(
        "torch.square and mean",
        """
import torch
def mse_loss(input, target, reduction="mean"):
    errors = torch.square(input - target)
    return {"mean": errors.mean(), "sum": errors.sum(), "none": errors}[reduction]
""",
    ),
    _v(
        "summed instead of averaged",
        """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target) ** 2
    if reduction == "none":
        return errors
    return errors.sum()
""",
        "sum_instead_of_mean",
    ),
    _v(
        "divided by batch size",
        """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target) ** 2
    if reduction == "none":
        return errors
    if reduction == "sum":
        return errors.sum()
    return errors.sum() / len(input)
""",
        "mean_over_rows_only",
    ),
    _v(
        "half squared error",
        """
def mse_loss(input, target, reduction="mean"):
    errors = 0.5 * (input - target) ** 2
    if reduction == "none":
        return errors
    return errors.mean() if reduction == "mean" else errors.sum()
""",
        "half_squared_error",
    ),
    _v(
        "absolute error",
        """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target).abs()
    if reduction == "none":
        return errors
    return errors.mean() if reduction == "mean" else errors.sum()
""",
        "absolute_error",
    ),
]
