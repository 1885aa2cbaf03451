"""Answers a student might hand in for ``relu_backward``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "multiply by a boolean mask",
        """
def relu_backward(grad_output, input):
    return grad_output * (input > 0)
""",
    ),
    _v(
        "torch.where",
        """
import torch
def relu_backward(grad_output, input):
    return torch.where(input > 0, grad_output, torch.zeros_like(grad_output))
""",
    ),
    _v(
        "mask input >= 0",
        """
def relu_backward(grad_output, input):
    return grad_output * (input >= 0).to(grad_output.dtype)
""",
        "mask_includes_zero",
    ),
    _v(
        "derivative without the chain rule",
        """
def relu_backward(grad_output, input):
    return (input > 0).to(grad_output.dtype)
""",
        "mask_without_grad_output",
    ),
    _v(
        "relu of grad_output",
        """
import torch
def relu_backward(grad_output, input):
    return torch.relu(grad_output)
""",
        "mask_from_grad_output",
    ),
    _v(
        "times relu(input)",
        """
def relu_backward(grad_output, input):
    return grad_output * input.clamp(min=0)
""",
        "multiplied_by_input",
    ),
    _v(
        "inverted mask",
        """
def relu_backward(grad_output, input):
    return grad_output * (input <= 0).to(grad_output.dtype)
""",
        "mask_inverted",
    ),
]
