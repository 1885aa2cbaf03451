"""Answers a student might hand in for ``rmsprop_step``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "mul and addcmul, as torch.optim writes it",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    new_avg = square_avg.mul(alpha).addcmul(grad, grad, value=1 - alpha)
    avg = new_avg.sqrt().add(eps)
    return param.addcdiv(grad, avg, value=-lr), new_avg
""",
    ),
    _v(
        "lerp towards g^2",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = torch.lerp(square_avg, g ** 2, 1 - alpha)
    return param - lr * g / (v.sqrt() + eps), v
""",
    ),
    _v(
        "alpha on the new gradient",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = (1 - alpha) * square_avg + alpha * g * g
    return param - lr * g / (torch.sqrt(v) + eps), v
""",
        "alpha_swapped",
    ),
    _v(
        "eps inside the root, as the NYU slides",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / torch.sqrt(v + eps), v
""",
        "eps_inside_sqrt",
    ),
    _v(
        "weight_decay forgotten",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    v = alpha * square_avg + (1 - alpha) * grad * grad
    return param - lr * grad / (torch.sqrt(v) + eps), v
""",
        "weight_decay_ignored",
    ),
    _v(
        "average started from zeros",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = torch.zeros_like(square_avg)
    v = alpha * v + (1 - alpha) * g * g
    return param - lr * g / (torch.sqrt(v) + eps), v
""",
        "state_ignored",
    ),
    _v(
        "divided by the mean square",
        """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / (v + eps), v
""",
        "missing_sqrt",
    ),
]
