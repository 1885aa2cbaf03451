"""Answers a student might hand in for ``mse_gradients``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over samples",
        """
import torch
def mse_gradients(X, y, w, b):
    n = X.shape[0]
    grad_w = torch.zeros_like(w)
    grad_b = torch.zeros_like(b)
    for i in range(n):
        r = X[i] @ w + b - y[i]
        grad_w = grad_w + 2 * r * X[i] / n
        grad_b = grad_b + 2 * r / n
    return grad_w, grad_b
""",
    ),
    _v(
        "without the factor 2",
        """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    return X.T @ r / len(y), r.mean()
""",
        "missing_factor_two",
    ),
    _v(
        "sum over samples",
        """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()
""",
        "sum_not_mean",
    ),
    _v(
        "residual y - prediction",
        """
def mse_gradients(X, y, w, b):
    r = y - (X @ w + b)
    n = len(y)
    return 2 * X.T @ r / n, 2 * r.sum() / n
""",
        "wrong_sign",
    ),
    _v(
        "bias gradient per sample",
        """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    n = len(y)
    return 2 * X.T @ r / n, 2 * r / n
""",
        "bias_gradient_not_summed",
    ),
]
