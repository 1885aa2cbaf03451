"""Answers a student might hand in for ``mlp_backward``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "formulas written out",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_weight2 = grad_output.T @ hidden
    grad_bias2 = grad_output.sum(0)
    grad_hidden = grad_output @ weight2
    grad_pre = grad_hidden * (hidden > 0)
    return grad_pre.T @ x, grad_pre.sum(0), grad_weight2, grad_bias2
""",
    ),
    _v(
        "einsum and torch.where",
        """
import torch
def mlp_backward(grad_output, x, hidden, weight2):
    grad_hidden = torch.einsum("nk,km->nm", grad_output, weight2)
    grad_pre = torch.where(hidden > 0, grad_hidden, torch.zeros_like(grad_hidden))
    return (
        torch.einsum("nm,nd->md", grad_pre, x),
        grad_pre.sum(dim=0),
        torch.einsum("nk,nm->km", grad_output, hidden),
        grad_output.sum(dim=0),
    )
""",
    ),
    _v(
        "no ReLU mask",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_hidden = grad_output @ weight2
    return grad_hidden.T @ x, grad_hidden.sum(0), grad_output.T @ hidden, grad_output.sum(0)
""",
        "relu_mask_missing",
    ),
    _v(
        "weight2 transposed on the way back",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2.T) * (hidden > 0)
    return grad_pre.T @ x, grad_pre.sum(0), grad_output.T @ hidden, grad_output.sum(0)
""",
        "weight2_transposed",
    ),
    _v(
        "bias gradients per sample",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ x, grad_pre, grad_output.T @ hidden, grad_output
""",
        "bias_not_summed",
    ),
    _v(
        "averaged again over the batch",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    n = x.shape[0]
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ x / n, grad_pre.mean(0), grad_output.T @ hidden / n, grad_output.mean(0)
""",
        "divided_by_batch",
    ),
    _v(
        "layer inputs swapped",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ hidden, grad_pre.sum(0), grad_output.T @ x, grad_output.sum(0)
""",
        "layer_inputs_swapped",
    ),
    _v(
        "second layer first",
        """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_output.T @ hidden, grad_output.sum(0), grad_pre.T @ x, grad_pre.sum(0)
""",
        "wrong_order",
    ),
]
