"""Answers a student might hand in for ``numerical_gradient``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "a one-hot step per coordinate",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f(input - step)) / (2 * eps)
    return grad
""",
    ),
    _v(
        "perturb a copy in place and restore",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    x = input.clone()
    flat = x.reshape(-1)
    grad = torch.empty_like(flat)
    for i in range(flat.numel()):
        old = flat[i].clone()
        flat[i] = old + eps
        f_plus = f(x)
        flat[i] = old - eps
        f_minus = f(x)
        flat[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.reshape(input.shape)
""",
    ),
    _v(
        "forward differences",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    f0 = f(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f0) / eps
    return grad
""",
        "one_sided",
    ),
    _v(
        "divided by eps",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f(input - step)) / eps
    return grad
""",
        "divided_by_eps",
    ),
    _v(
        "every coordinate at once",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    slope = (f(input + eps) - f(input - eps)) / (2 * eps)
    return torch.ones_like(input) * slope
""",
        "all_coordinates_at_once",
    ),
    _v(
        "perturbation not undone",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    x = input.clone()
    flat = x.view(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        flat[i] += eps
        f_plus = f(x)
        flat[i] -= 2 * eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.view(input.shape)
""",
        "perturbation_not_restored",
    ),
    _v(
        "f(x - eps) first",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input - step) - f(input + step)) / (2 * eps)
    return grad
""",
        "wrong_sign",
    ),
    _v(
        "flat result",
        """
import torch
def numerical_gradient(f, input, eps=1e-6):
    flat = input.reshape(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        step = torch.zeros_like(flat)
        step[i] = eps
        grad[i] = (f((flat + step).view(input.shape)) - f((flat - step).view(input.shape))) / (2 * eps)
    return grad
""",
        "flattened",
    ),
]
