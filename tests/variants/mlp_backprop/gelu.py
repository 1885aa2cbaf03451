"""Answers a student might hand in for ``gelu``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "normal CDF from torch.special.ndtr",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.special.ndtr(input)
""",
    ),
    _v(
        "erf with a division by sqrt(2)",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError(approximate)
    if approximate == "none":
        cdf = (1.0 + torch.erf(input / math.sqrt(2.0))) / 2.0
        return input * cdf
    inner = math.sqrt(2.0 / math.pi) * (input + 0.044715 * torch.pow(input, 3))
    return input * (1.0 + torch.tanh(inner)) / 2.0
""",
    ),
    _v(
        "tanh approximation for both",
        """
import math
import torch
def gelu(input, approximate="none"):
    return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
""",
        "tanh_for_exact",
    ),
    _v(
        "erf(x) without sqrt(2)",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return 0.5 * input * (1 + torch.erf(input))
""",
        "erf_without_sqrt2",
    ),
    _v(
        "no factor 1/2",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * (1 + torch.erf(input / math.sqrt(2)))
""",
        "missing_half",
    ),
    _v(
        "erf as the CDF",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.erf(input / math.sqrt(2))
""",
        "erf_as_cdf",
    ),
    _v(
        "sigmoid approximation",
        """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.sigmoid(1.702 * input)
""",
        "sigmoid_approximation",
    ),
    _v(
        "approximate ignored",
        """
import math
import torch
def gelu(input, approximate="none"):
    return 0.5 * input * (1 + torch.erf(input / math.sqrt(2)))
""",
        "approximate_ignored",
    ),
]
