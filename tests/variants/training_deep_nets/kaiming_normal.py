"""Answers a student might hand in for ``kaiming_normal``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "gain table and randn",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive_field = 1
    for size in tensor.shape[2:]:
        receptive_field *= size
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    if nonlinearity == "leaky_relu":
        gain = math.sqrt(2.0 / (1 + a ** 2))
    else:
        gain = {"relu": math.sqrt(2.0), "tanh": 5.0 / 3.0}.get(nonlinearity, 1.0)
    device = generator.device if generator is not None else tensor.device
    z = torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device)
    return (z * gain / math.sqrt(fan)).to(tensor.device)
""",
    ),
    _v(
        "torch.normal with the std",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    fan_in = math.prod(tensor.shape[1:])
    fan_out = tensor.shape[0] * math.prod(tensor.shape[2:])
    fan = fan_in if mode == "fan_in" else fan_out
    gain = math.sqrt(2.0 / (1 + a * a)) if nonlinearity == "leaky_relu" else math.sqrt(2.0) if nonlinearity == "relu" else 5 / 3 if nonlinearity == "tanh" else 1.0
    std = math.sqrt(gain ** 2 / fan)
    device = tensor.device if generator is None else generator.device
    w = torch.normal(0.0, std, size=tuple(tensor.shape), generator=generator, dtype=tensor.dtype, device=device)
    return w.to(tensor.device)
""",
    ),
    _v(
        "weights read as (in, out)",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan_in = tensor.shape[0] * receptive_field
    fan_out = tensor.shape[1] * receptive_field
    fan = fan_in if mode == "fan_in" else fan_out
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * gain / math.sqrt(fan)).to(tensor.device)
""",
        "fan_out_instead_of_fan_in",
    ),
    _v(
        "std = 1 / sqrt(fan_in)",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    std = 1.0 / math.sqrt(fan)
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * std).to(tensor.device)
""",
        "missing_relu_gain",
    ),
    _v(
        "variance used as std",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    std = gain ** 2 / fan
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * std).to(tensor.device)
""",
        "variance_as_std",
    ),
    _v(
        "always sqrt(2 / fan)",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * math.sqrt(2.0 / fan)).to(tensor.device)
""",
        "nonlinearity_ignored",
    ),
    _v(
        "fan_in = in_channels",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    fan = tensor.shape[1] if mode == "fan_in" else tensor.shape[0]
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * gain / math.sqrt(fan)).to(tensor.device)
""",
        "fan_without_receptive_field",
    ),
    _v(
        "uniform draws",
        """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    bound = math.sqrt(3.0) * gain / math.sqrt(fan)
    device = generator.device if generator is not None else tensor.device
    u = torch.empty(tensor.shape, dtype=tensor.dtype, device=device).uniform_(-bound, bound, generator=generator)
    return u.to(tensor.device)
""",
        "uniform_instead_of_normal",
    ),
]
