"""Answers a student might hand in for ``normal_equations``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "explicit inverse",
        """
import torch
def normal_equations(X, y):
    return torch.linalg.inv(X.T @ X) @ X.T @ y
""",
    ),
    _v(
        "Cholesky solve",
        """
import torch
def normal_equations(X, y):
    L = torch.linalg.cholesky(X.T @ X)
    rhs = X.T @ y
    return torch.cholesky_solve(rhs if rhs.dim() == 2 else rhs[:, None], L).reshape(rhs.shape)
""",
    ),
    _v(
        "no solve",
        """
def normal_equations(X, y):
    return X.T @ y
""",
        "moment_only",
    ),
    _v(
        "feature by feature",
        """
import torch
def normal_equations(X, y):
    w = []
    for j in range(X.shape[1]):
        w.append((X[:, j] @ y) / (X[:, j] @ X[:, j]))
    return torch.stack(w)
""",
        "features_independent",
    ),
    _v(
        "averaged Gram matrix",
        """
import torch
def normal_equations(X, y):
    n = X.shape[0]
    return torch.linalg.solve(X.T @ X / n, X.T @ y)
""",
        "gram_over_n",
    ),
    _v(
        "appends a bias column",
        """
import torch
def normal_equations(X, y):
    Xb = torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], dim=1)
    return torch.linalg.solve(Xb.T @ Xb, Xb.T @ y)
""",
        "added_bias_column",
    ),
]
