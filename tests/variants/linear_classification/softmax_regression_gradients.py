"""Answers a student might hand in for ``softmax_regression_gradients``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "sum of outer products over the samples",
        """
import torch
def softmax_regression_gradients(X, y, weight, bias):
    n = X.shape[0]
    grad_weight = torch.zeros_like(weight)
    grad_bias = torch.zeros_like(bias)
    for i in range(n):
        p = torch.softmax(weight @ X[i] + bias, dim=0)
        p[y[i]] -= 1
        grad_weight = grad_weight + torch.outer(p, X[i]) / n
        grad_bias = grad_bias + p / n
    return grad_weight, grad_bias
""",
    ),
    _v(
        "einsum with F.one_hot",
        """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    logits = X @ weight.T + bias
    delta = (torch.softmax(logits, dim=-1) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / X.shape[0]
    return torch.einsum("nk,nd->kd", delta, X), delta.sum(0)
""",
    ),
    _v(
        "targets minus probabilities",
        """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (F.one_hot(y, weight.shape[0]).to(X.dtype) - torch.softmax(X @ weight.T + bias, dim=1)) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""",
        "wrong_sign",
    ),
    _v(
        "summed over the batch",
        """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = torch.softmax(X @ weight.T + bias, dim=1) - F.one_hot(y, weight.shape[0]).to(X.dtype)
    return delta.T @ X, delta.sum(dim=0)
""",
        "not_divided_by_n",
    ),
    _v(
        "softmax over the samples",
        """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (torch.softmax(X @ weight.T + bias, dim=0) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""",
        "softmax_over_batch",
    ),
    _v(
        "X^T delta",
        """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (torch.softmax(X @ weight.T + bias, dim=1) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / len(y)
    return X.T @ delta, delta.sum(dim=0)
""",
        "weight_gradient_transposed",
    ),
    _v(
        "probabilities only",
        """
import torch
def softmax_regression_gradients(X, y, weight, bias):
    delta = torch.softmax(X @ weight.T + bias, dim=1) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""",
        "one_hot_missing",
    ),
]
