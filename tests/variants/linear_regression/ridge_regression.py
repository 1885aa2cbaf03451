"""Answers a student might hand in for ``ridge_regression``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "augmented system with an unpenalised bias",
        """
import torch
def ridge_regression(X, y, alpha):
    n, d = X.shape
    Xb = torch.cat([torch.ones(n, 1, dtype=X.dtype, device=X.device), X], dim=1)
    penalty = alpha * torch.eye(d + 1, dtype=X.dtype, device=X.device)
    penalty[0, 0] = 0.0
    wb = torch.linalg.solve(Xb.T @ Xb + penalty, Xb.T @ y)
    return wb[1:], wb[0]
""",
    ),
    _v(
        "penalised bias",
        """
import torch
def ridge_regression(X, y, alpha):
    Xb = torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], dim=1)
    A = Xb.T @ Xb + alpha * torch.eye(Xb.shape[1], dtype=X.dtype, device=X.device)
    wb = torch.linalg.solve(A, Xb.T @ y)
    return wb[:-1], wb[-1]
""",
        "bias_penalised",
    ),
    _v(
        "mean-loss penalty",
        """
import torch
def ridge_regression(X, y, alpha):
    n, d = X.shape
    xm, ym = X.mean(0), y.mean(0)
    Xc, yc = X - xm, y - ym
    w = torch.linalg.solve(Xc.T @ Xc / n + alpha * torch.eye(d, dtype=X.dtype, device=X.device), Xc.T @ yc / n)
    return w, ym - xm @ w
""",
        "alpha_times_n",
    ),
    _v(
        "bias = mean of y",
        """
import torch
def ridge_regression(X, y, alpha):
    xm, ym = X.mean(0), y.mean(0)
    Xc, yc = X - xm, y - ym
    w = torch.linalg.solve(Xc.T @ Xc + alpha * torch.eye(X.shape[1], dtype=X.dtype, device=X.device), Xc.T @ yc)
    return w, ym
""",
        "bias_is_mean_y",
    ),
    _v(
        "no centring",
        """
import torch
def ridge_regression(X, y, alpha):
    w = torch.linalg.solve(X.T @ X + alpha * torch.eye(X.shape[1], dtype=X.dtype, device=X.device), X.T @ y)
    b = y.mean(0) - X.mean(0) @ w
    return w, b
""",
        "not_centred",
    ),
]
