"""Chapter 01 implementations a student might hand in: correct alternatives and plausible wrong ones."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    # -- mse_loss --------------------------------------------------------------------------
    _v("mse_loss", "loop over elements", """
import torch
def mse_loss(input, target, reduction="mean"):
    diff = (input - target).reshape(-1)
    squares = torch.stack([d * d for d in diff]) if diff.numel() else diff
    if reduction == "none":
        return squares.reshape(input.shape)
    total = squares.sum()
    return total / diff.numel() if reduction == "mean" else total
"""),
    _v("mse_loss", "torch.square and mean", """
import torch
def mse_loss(input, target, reduction="mean"):
    errors = torch.square(input - target)
    return {"mean": errors.mean(), "sum": errors.sum(), "none": errors}[reduction]
"""),
    _v("mse_loss", "summed instead of averaged", """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target) ** 2
    if reduction == "none":
        return errors
    return errors.sum()
""", "sum_instead_of_mean"),
    _v("mse_loss", "divided by batch size", """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target) ** 2
    if reduction == "none":
        return errors
    if reduction == "sum":
        return errors.sum()
    return errors.sum() / len(input)
""", "mean_over_rows_only"),
    _v("mse_loss", "half squared error", """
def mse_loss(input, target, reduction="mean"):
    errors = 0.5 * (input - target) ** 2
    if reduction == "none":
        return errors
    return errors.mean() if reduction == "mean" else errors.sum()
""", "half_squared_error"),
    _v("mse_loss", "absolute error", """
def mse_loss(input, target, reduction="mean"):
    errors = (input - target).abs()
    if reduction == "none":
        return errors
    return errors.mean() if reduction == "mean" else errors.sum()
""", "absolute_error"),
    # -- normal_equations ------------------------------------------------------------------
    _v("normal_equations", "explicit inverse", """
import torch
def normal_equations(X, y):
    return torch.linalg.inv(X.T @ X) @ X.T @ y
"""),
    _v("normal_equations", "Cholesky solve", """
import torch
def normal_equations(X, y):
    L = torch.linalg.cholesky(X.T @ X)
    rhs = X.T @ y
    return torch.cholesky_solve(rhs if rhs.dim() == 2 else rhs[:, None], L).reshape(rhs.shape)
"""),
    _v("normal_equations", "no solve", """
def normal_equations(X, y):
    return X.T @ y
""", "moment_only"),
    _v("normal_equations", "feature by feature", """
import torch
def normal_equations(X, y):
    w = []
    for j in range(X.shape[1]):
        w.append((X[:, j] @ y) / (X[:, j] @ X[:, j]))
    return torch.stack(w)
""", "features_independent"),
    _v("normal_equations", "averaged Gram matrix", """
import torch
def normal_equations(X, y):
    n = X.shape[0]
    return torch.linalg.solve(X.T @ X / n, X.T @ y)
""", "gram_over_n"),
    _v("normal_equations", "appends a bias column", """
import torch
def normal_equations(X, y):
    Xb = torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], dim=1)
    return torch.linalg.solve(Xb.T @ Xb, Xb.T @ y)
""", "added_bias_column"),
    # -- ridge_regression ------------------------------------------------------------------
    _v("ridge_regression", "augmented system with an unpenalised bias", """
import torch
def ridge_regression(X, y, alpha):
    n, d = X.shape
    Xb = torch.cat([torch.ones(n, 1, dtype=X.dtype, device=X.device), X], dim=1)
    penalty = alpha * torch.eye(d + 1, dtype=X.dtype, device=X.device)
    penalty[0, 0] = 0.0
    wb = torch.linalg.solve(Xb.T @ Xb + penalty, Xb.T @ y)
    return wb[1:], wb[0]
"""),
    _v("ridge_regression", "penalised bias", """
import torch
def ridge_regression(X, y, alpha):
    Xb = torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], dim=1)
    A = Xb.T @ Xb + alpha * torch.eye(Xb.shape[1], dtype=X.dtype, device=X.device)
    wb = torch.linalg.solve(A, Xb.T @ y)
    return wb[:-1], wb[-1]
""", "bias_penalised"),
    _v("ridge_regression", "mean-loss penalty", """
import torch
def ridge_regression(X, y, alpha):
    n, d = X.shape
    xm, ym = X.mean(0), y.mean(0)
    Xc, yc = X - xm, y - ym
    w = torch.linalg.solve(Xc.T @ Xc / n + alpha * torch.eye(d, dtype=X.dtype, device=X.device), Xc.T @ yc / n)
    return w, ym - xm @ w
""", "alpha_times_n"),
    _v("ridge_regression", "bias = mean of y", """
import torch
def ridge_regression(X, y, alpha):
    xm, ym = X.mean(0), y.mean(0)
    Xc, yc = X - xm, y - ym
    w = torch.linalg.solve(Xc.T @ Xc + alpha * torch.eye(X.shape[1], dtype=X.dtype, device=X.device), Xc.T @ yc)
    return w, ym
""", "bias_is_mean_y"),
    _v("ridge_regression", "no centring", """
import torch
def ridge_regression(X, y, alpha):
    w = torch.linalg.solve(X.T @ X + alpha * torch.eye(X.shape[1], dtype=X.dtype, device=X.device), X.T @ y)
    b = y.mean(0) - X.mean(0) @ w
    return w, b
""", "not_centred"),
    # -- mse_gradients ---------------------------------------------------------------------
    _v("mse_gradients", "loop over samples", """
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
"""),
    _v("mse_gradients", "without the factor 2", """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    return X.T @ r / len(y), r.mean()
""", "missing_factor_two"),
    _v("mse_gradients", "sum over samples", """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()
""", "sum_not_mean"),
    _v("mse_gradients", "residual y - prediction", """
def mse_gradients(X, y, w, b):
    r = y - (X @ w + b)
    n = len(y)
    return 2 * X.T @ r / n, 2 * r.sum() / n
""", "wrong_sign"),
    _v("mse_gradients", "bias gradient per sample", """
def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    n = len(y)
    return 2 * X.T @ r / n, 2 * r / n
""", "bias_gradient_not_summed"),
    # -- polynomial_features ---------------------------------------------------------------
    _v("polynomial_features", "loop over powers", """
import torch
def polynomial_features(x, degree):
    columns = [torch.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    return torch.stack(columns, dim=1)
"""),
    _v("polynomial_features", "cumulative product", """
import torch
def polynomial_features(x, degree):
    repeated = torch.cat([torch.ones_like(x)[:, None], x[:, None].expand(-1, degree)], dim=1)
    return torch.cumprod(repeated, dim=1)
"""),
    _v("polynomial_features", "starts at x^1", """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(1, degree + 1)], dim=1)
""", "missing_constant"),
    _v("polynomial_features", "range(degree)", """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(degree)], dim=1)
""", "one_power_short"),
    _v("polynomial_features", "highest power first", """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** p for p in range(degree, -1, -1)], dim=1)
""", "decreasing_order"),
    _v("polynomial_features", "x^1 .. x^(degree+1)", """
import torch
def polynomial_features(x, degree):
    return torch.stack([x ** (p + 1) for p in range(degree + 1)], dim=1)
""", "powers_shifted"),
    # -- kfold_indices ---------------------------------------------------------------------
    _v("kfold_indices", "boolean masks in a loop", """
import torch
def kfold_indices(n_samples, k):
    folds = []
    start = 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        is_val = torch.zeros(n_samples, dtype=torch.bool)
        is_val[start:start + size] = True
        idx = torch.arange(n_samples)
        folds.append((idx[~is_val], idx[is_val]))
        start += size
    return folds
"""),
    _v("kfold_indices", "fold boundaries from a formula", """
import torch
def kfold_indices(n_samples, k):
    q, r = divmod(n_samples, k)
    bounds = [i * q + min(i, r) for i in range(k + 1)]
    everything = torch.arange(n_samples)
    return [(torch.cat([everything[:lo], everything[hi:]]), everything[lo:hi]) for lo, hi in zip(bounds, bounds[1:])]
"""),
    _v("kfold_indices", "fold size n // k", """
import torch
def kfold_indices(n_samples, k):
    size = n_samples // k
    idx = torch.arange(n_samples)
    folds = []
    for i in range(k):
        val = idx[i * size:(i + 1) * size]
        train = torch.cat([idx[:i * size], idx[(i + 1) * size:]])
        folds.append((train, val))
    return folds
""", "remainder_dropped"),
    _v("kfold_indices", "leftovers in the last fold", """
import torch
def kfold_indices(n_samples, k):
    size = n_samples // k
    idx = torch.arange(n_samples)
    folds = []
    for i in range(k):
        end = (i + 1) * size if i < k - 1 else n_samples
        folds.append((torch.cat([idx[:i * size], idx[end:]]), idx[i * size:end]))
    return folds
""", "remainder_in_last_fold"),
    _v("kfold_indices", "training on everything", """
import torch
def kfold_indices(n_samples, k):
    idx = torch.arange(n_samples)
    folds, start = [], 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        folds.append((idx, idx[start:start + size]))
        start += size
    return folds
""", "validation_in_training"),
    _v("kfold_indices", "inclusive fold end", """
import torch
def kfold_indices(n_samples, k):
    idx = torch.arange(n_samples)
    folds, start = [], 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        end = start + size
        folds.append((torch.cat([idx[:start], idx[end + 1:]]), idx[start:end + 1]))
        start = end
    return folds
""", "fold_end_off_by_one"),
]
