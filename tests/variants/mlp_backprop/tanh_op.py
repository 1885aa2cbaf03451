"""Answers a student might hand in for ``tanh_op``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "derivative as 1 / cosh^2",
        """
import math
def tanh_op(a):
    return math.tanh(a), (1.0 / math.cosh(a) ** 2,)
""",
    ),
    _v(
        "through torch",
        """
import torch
def tanh_op(a):
    t = torch.tanh(torch.tensor(float(a), dtype=torch.float64))
    return t.item(), ((1 - t * t).item(),)
""",
    ),
    _v(
        "1 - a^2",
        """
import math
def tanh_op(a):
    return math.tanh(a), (1 - a ** 2,)
""",
        "derivative_from_input",
    ),
    _v(
        "derivative not in a tuple",
        """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, 1 - t * t
""",
        "local_grads_not_a_tuple",
    ),
    _v(
        "t (1 - t)",
        """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (t * (1 - t),)
""",
        "sigmoid_derivative",
    ),
    _v(
        "1 + t^2",
        """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (1 + t * t,)
""",
        "plus_sign",
    ),
    _v(
        "1 - t",
        """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (1 - t,)
""",
        "not_squared",
    ),
    _v(
        "input returned as output",
        """
import math
def tanh_op(a):
    return a, (1 - math.tanh(a) ** 2,)
""",
        "output_missing",
    ),
]
