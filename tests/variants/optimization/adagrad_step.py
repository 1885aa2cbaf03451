"""Answers a student might hand in for ``adagrad_step``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "addcmul and addcdiv, as torch.optim writes it",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    clr = lr / (1 + (step - 1) * lr_decay)
    new_sum = state_sum.addcmul(grad, grad, value=1)
    std = new_sum.sqrt().add(eps)
    return param.addcdiv(grad, std, value=-clr), new_sum
""",
    ),
    _v(
        "the squares as grad ** 2",
        """
import math
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g ** 2
    effective_lr = lr / (1.0 + lr_decay * (step - 1))
    return param - effective_lr * (g / (torch.sqrt(s) + eps)), s
""",
    ),
    _v(
        "eps inside the square root",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / torch.sqrt(s + eps), s
""",
        "eps_inside_sqrt",
    ),
    _v(
        "only this step's square",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / (torch.sqrt(s) + eps), s
""",
        "sum_not_accumulated",
    ),
    _v(
        "lr decayed by step, not step - 1",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + step * lr_decay)
    return param - clr * g / (torch.sqrt(s) + eps), s
""",
        "lr_decay_off_by_one",
    ),
    _v(
        "sum updated after the step",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    clr = lr / (1 + (step - 1) * lr_decay)
    new_param = param - clr * g / (torch.sqrt(state_sum) + eps)
    return new_param, state_sum + g * g
""",
        "old_sum_in_denominator",
    ),
    _v(
        "the notes' form, without eps",
        """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / torch.sqrt(s), s
""",
        "missing_eps",
    ),
]
