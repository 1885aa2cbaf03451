"""Answers a student might hand in for ``batch_norm``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "channels first, one row per channel",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    C = input.shape[1]
    rows = input.transpose(0, 1).reshape(C, -1)  # (C, n)
    new_mean, new_var = running_mean, running_var
    if training:
        mean = rows.mean(dim=1)
        var = rows.var(dim=1, unbiased=False)
        if running_mean is not None:
            new_mean = (1 - momentum) * running_mean + momentum * mean.detach()
            new_var = (1 - momentum) * running_var + momentum * rows.var(dim=1, unbiased=True).detach()
    else:
        mean, var = running_mean, running_var
    shape = [1, C] + [1] * (input.dim() - 2)
    out = (input - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out, new_mean, new_var
""",
    ),
    _v(
        "var_mean over all but the channels",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [d for d in range(input.dim()) if d != 1]
    view = [1, -1] + [1] * (input.dim() - 2)
    if training:
        var, mean = torch.var_mean(input, dim=dims, correction=0)
        n = input.numel() / input.shape[1]
        if running_mean is not None:
            with torch.no_grad():
                running_mean = running_mean * (1 - momentum) + mean * momentum
                running_var = running_var * (1 - momentum) + var * n / (n - 1) * momentum
    else:
        mean, var = running_mean, running_var
    y = (input - mean.view(view)) * torch.rsqrt(var.view(view) + eps)
    if weight is not None:
        y = y * weight.view(view) + (bias.view(view) if bias is not None else 0)
    elif bias is not None:
        y = y + bias.view(view)
    return y, running_mean, running_var
""",
    ),
    _v(
        "torch.var default (unbiased) everywhere",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, input.dim()))
    view = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dim=dims)
        var = input.var(dim=dims)
        if running_mean is not None:
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var = running_mean, running_var
    out = (input - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        out = out * weight.view(view)
    if bias is not None:
        out = out + bias.view(view)
    return out, running_mean, running_var
""",
        "unbiased_variance_when_normalising",
    ),
    _v(
        "training flag ignored",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, input.dim()))
    view = [1, -1] + [1] * (input.dim() - 2)
    mean = input.mean(dim=dims)
    var = input.var(dim=dims, unbiased=False)
    if running_mean is not None:
        n = input.numel() // input.shape[1]
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    out = (input - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        out = out * weight.view(view)
    if bias is not None:
        out = out + bias.view(view)
    return out, running_mean, running_var
""",
        "eval_uses_batch_statistics",
    ),
    _v(
        "momentum on the old value",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, input.dim()))
    view = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dim=dims)
        var = input.var(dim=dims, unbiased=False)
        if running_mean is not None:
            running_mean = momentum * running_mean + (1 - momentum) * mean
            running_var = momentum * running_var + (1 - momentum) * input.var(dim=dims, unbiased=True)
    else:
        mean, var = running_mean, running_var
    out = (input - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        out = out * weight.view(view)
    if bias is not None:
        out = out + bias.view(view)
    return out, running_mean, running_var
""",
        "momentum_reversed",
    ),
    _v(
        "biased variance everywhere",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, input.dim()))
    view = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dim=dims)
        var = ((input - mean.view(view)) ** 2).mean(dim=dims)
        if running_mean is not None:
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var = running_mean, running_var
    out = (input - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        out = out * weight.view(view)
    if bias is not None:
        out = out + bias.view(view)
    return out, running_mean, running_var
""",
        "biased_running_var",
    ),
    _v(
        "reshape(-1, C) on images",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    C = input.shape[1]
    view = [1, C] + [1] * (input.dim() - 2)
    if training:
        flat = input.reshape(-1, C)
        mean = flat.mean(dim=0)
        var = flat.var(dim=0, unbiased=False)
        if running_mean is not None:
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * flat.var(dim=0)
    else:
        mean, var = running_mean, running_var
    out = (input - mean.reshape(view)) / torch.sqrt(var.reshape(view) + eps)
    if weight is not None:
        out = out * weight.reshape(view)
    if bias is not None:
        out = out + bias.reshape(view)
    return out, running_mean, running_var
""",
        "channels_mixed_by_reshape",
    ),
    _v(
        "running statistics left alone",
        """
import torch
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = [0] + list(range(2, input.dim()))
    view = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dim=dims)
        var = input.var(dim=dims, unbiased=False)
    else:
        mean, var = running_mean, running_var
    out = (input - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    if weight is not None:
        out = out * weight.view(view)
    if bias is not None:
        out = out + bias.view(view)
    return out, running_mean, running_var
""",
        "running_statistics_not_updated",
    ),
]
