"""glove_loss as students write it."""

from variants import variant as _v

VARIANTS = [
    _v(
        "masked and vectorised",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = torch.clamp((X / x_max) ** alpha, max=1.0) * mask
    residual = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - logX
    return (weight * residual ** 2).sum()
""",
    ),
    _v(
        "loop over the non-zero pairs",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    rows, cols = torch.nonzero(X, as_tuple=True)
    x = X[rows, cols]
    f = torch.minimum((x / x_max) ** alpha, torch.ones_like(x))
    pred = (W[rows] * W_tilde[cols]).sum(1) + b[rows] + b_tilde[cols]
    return (f * (pred - torch.log(x)) ** 2).sum()
""",
    ),
    _v(
        "weight without the cap",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = (X / x_max) ** alpha * mask
    residual = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - logX
    return (weight * residual ** 2).sum()
""",
        "weight_not_capped",
    ),
    _v(
        "log(1 + X)",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    weight = torch.clamp((X / x_max) ** alpha, max=1.0)
    residual = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - torch.log(1 + X)
    return (weight * residual ** 2).sum()
""",
        "log1p_target",
    ),
    _v(
        "mean instead of sum",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = torch.clamp((X / x_max) ** alpha, max=1.0) * mask
    residual = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - logX
    return (weight * residual ** 2).mean()
""",
        "mean_not_sum",
    ),
    _v(
        "no biases",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = torch.clamp((X / x_max) ** alpha, max=1.0) * mask
    return (weight * (W @ W_tilde.T - logX) ** 2).sum()
""",
        "biases_left_out",
    ),
    _v(
        "biases broadcast the wrong way",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = torch.clamp((X / x_max) ** alpha, max=1.0) * mask
    residual = W @ W_tilde.T + b[None, :] + b_tilde[:, None] - logX
    return (weight * residual ** 2).sum()
""",
        "biases_swapped",
    ),
    _v(
        "weight x / x_max",
        """
import torch
def glove_loss(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    mask = X > 0
    logX = torch.log(torch.where(mask, X, torch.ones_like(X)))
    weight = torch.clamp(X / x_max, max=1.0) * mask
    residual = W @ W_tilde.T + b[:, None] + b_tilde[None, :] - logX
    return (weight * residual ** 2).sum()
""",
        "alpha_ignored",
    ),
]
