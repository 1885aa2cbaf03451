"""Answers a student might hand in for ``linear_backward``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "sum of outer products over the samples",
        """
import torch
def linear_backward(grad_output, x, weight):
    grad_weight = torch.zeros_like(weight)
    grad_bias = torch.zeros_like(weight[:, 0])
    for n in range(x.shape[0]):
        grad_weight = grad_weight + torch.outer(grad_output[n], x[n])
        grad_bias = grad_bias + grad_output[n]
    return grad_output @ weight, grad_weight, grad_bias
""",
    ),
    _v(
        "einsum",
        """
import torch
def linear_backward(grad_output, x, weight):
    grad_x = torch.einsum("nk,kd->nd", grad_output, weight)
    grad_weight = torch.einsum("nk,nd->kd", grad_output, x)
    return grad_x, grad_weight, grad_output.sum(0)
""",
    ),
    _v(
        "x^T grad_output",
        """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, x.T @ grad_output, grad_output.sum(dim=0)
""",
        "grad_weight_transposed",
    ),
    _v(
        "bias gradient per sample",
        """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, grad_output.T @ x, grad_output
""",
        "bias_not_summed",
    ),
    _v(
        "averaged over the batch",
        """
def linear_backward(grad_output, x, weight):
    n = x.shape[0]
    return grad_output @ weight, grad_output.T @ x / n, grad_output.mean(dim=0)
""",
        "divided_by_batch",
    ),
    _v(
        "grad_x with weight transposed",
        """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight.T, grad_output.T @ x, grad_output.sum(dim=0)
""",
        "grad_x_weight_transposed",
    ),
    _v(
        "bias summed over outputs",
        """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, grad_output.T @ x, grad_output.sum(dim=1)
""",
        "bias_summed_over_outputs",
    ),
]
