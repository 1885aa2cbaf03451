"""Answers a student might hand in for ``perceptron_step``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "sign of the score compared with the label",
        """
import torch
def perceptron_step(weight, bias, x, y, lr=1.0):
    score = torch.dot(weight, x) + bias
    if torch.sign(score) != y:  # sign(0) = 0 is never a label, so a zero score updates too
        weight = weight + lr * y * x
        bias = bias + lr * y
    return weight.clone(), bias.clone()
""",
    ),
    _v(
        "bias as the weight of a constant feature",
        """
import torch
def perceptron_step(weight, bias, x, y, lr=1.0):
    w = torch.cat([weight, bias.reshape(1)])
    xb = torch.cat([x, torch.ones_like(x[:1])])
    if y * (w @ xb) <= 0:
        w = w + lr * y * xb
    return w[:-1], w[-1]
""",
    ),
    _v(
        "margin < 0",
        """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) < 0:
        return weight + lr * y * x, bias + lr * y
    return weight, bias
""",
        "strict_inequality",
    ),
    _v(
        "update on every sample",
        """
def perceptron_step(weight, bias, x, y, lr=1.0):
    return weight + lr * y * x, bias + lr * y
""",
        "always_updates",
    ),
    _v(
        "adds x whatever the label",
        """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight + lr * x, bias + lr
    return weight, bias
""",
        "label_not_used",
    ),
    _v(
        "subtracts y x",
        """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight - lr * y * x, bias - lr * y
    return weight, bias
""",
        "wrong_sign",
    ),
    _v(
        "bias left alone",
        """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight + lr * y * x, bias
    return weight, bias
""",
        "bias_not_updated",
    ),
]
