"""Chapter 05 implementations a student might hand in: correct alternatives and plausible wrong ones."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    # -- kaiming_normal --------------------------------------------------------------------
    _v("kaiming_normal", "gain table and randn", """
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
"""),
    _v("kaiming_normal", "torch.normal with the std", """
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
"""),
    _v("kaiming_normal", "weights read as (in, out)", """
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
""", "fan_out_instead_of_fan_in"),
    _v("kaiming_normal", "std = 1 / sqrt(fan_in)", """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    std = 1.0 / math.sqrt(fan)
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * std).to(tensor.device)
""", "missing_relu_gain"),
    _v("kaiming_normal", "variance used as std", """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    std = gain ** 2 / fan
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * std).to(tensor.device)
""", "variance_as_std"),
    _v("kaiming_normal", "always sqrt(2 / fan)", """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    receptive_field = math.prod(tensor.shape[2:])
    fan = (tensor.shape[1] if mode == "fan_in" else tensor.shape[0]) * receptive_field
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * math.sqrt(2.0 / fan)).to(tensor.device)
""", "nonlinearity_ignored"),
    _v("kaiming_normal", "fan_in = in_channels", """
import math
import torch
def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    fan = tensor.shape[1] if mode == "fan_in" else tensor.shape[0]
    gain = math.sqrt(2.0 / (1 + a ** 2)) if nonlinearity == "leaky_relu" else {"relu": math.sqrt(2.0), "tanh": 5 / 3}.get(nonlinearity, 1.0)
    device = generator.device if generator is not None else tensor.device
    return (torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype, device=device) * gain / math.sqrt(fan)).to(tensor.device)
""", "fan_without_receptive_field"),
    _v("kaiming_normal", "uniform draws", """
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
""", "uniform_instead_of_normal"),
    # -- batch_norm ------------------------------------------------------------------------
    _v("batch_norm", "channels first, one row per channel", """
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
"""),
    _v("batch_norm", "var_mean over all but the channels", """
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
"""),
    _v("batch_norm", "torch.var default (unbiased) everywhere", """
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
""", "unbiased_variance_when_normalising"),
    _v("batch_norm", "training flag ignored", """
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
""", "eval_uses_batch_statistics"),
    _v("batch_norm", "momentum on the old value", """
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
""", "momentum_reversed"),
    _v("batch_norm", "biased variance everywhere", """
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
""", "biased_running_var"),
    _v("batch_norm", "reshape(-1, C) on images", """
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
""", "channels_mixed_by_reshape"),
    _v("batch_norm", "running statistics left alone", """
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
""", "running_statistics_not_updated"),
    # -- layer_norm ------------------------------------------------------------------------
    _v("layer_norm", "flatten the normalised dimensions", """
import math
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    shape = tuple(normalized_shape) if not isinstance(normalized_shape, int) else (normalized_shape,)
    flat = input.reshape(-1, math.prod(shape))  # one row per sample
    mean = flat.mean(dim=1, keepdim=True)
    var = ((flat - mean) ** 2).mean(dim=1, keepdim=True)
    out = ((flat - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
"""),
    _v("layer_norm", "var_mean with correction=0", """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(input.dim() - len(normalized_shape), input.dim()))
    var, mean = torch.var_mean(input, dim=dims, correction=0, keepdim=True)
    out = (input - mean) * torch.rsqrt(var + eps)
    if weight is not None:
        out = weight * out
    if bias is not None:
        out = out + bias
    return out
"""),
    _v("layer_norm", "torch.var default", """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dim=dims, keepdim=True)
    var = input.var(dim=dims, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""", "unbiased_variance"),
    _v("layer_norm", "statistics over the batch", """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = input.mean(dim=0, keepdim=True)
    var = input.var(dim=0, unbiased=False, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""", "normalised_over_the_batch"),
    _v("layer_norm", "last dimension only", """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    mean = input.mean(dim=-1, keepdim=True)
    var = input.var(dim=-1, unbiased=False, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""", "last_dimension_only"),
    _v("layer_norm", "eps added to the std", """
import torch
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dim=dims, keepdim=True)
    std = input.std(dim=dims, unbiased=False, keepdim=True)
    out = (input - mean) / (std + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out
""", "eps_outside_sqrt"),
    # -- group_norm ------------------------------------------------------------------------
    _v("group_norm", "loop over groups", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    C = input.shape[1]
    size = C // num_groups
    dims = tuple(range(1, input.dim()))
    pieces = []
    for g in range(num_groups):
        chunk = input[:, g * size:(g + 1) * size]
        mean = chunk.mean(dim=dims, keepdim=True)
        var = ((chunk - mean) ** 2).mean(dim=dims, keepdim=True)
        pieces.append((chunk - mean) / torch.sqrt(var + eps))
    out = torch.cat(pieces, dim=1)
    view = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(view)
    if bias is not None:
        out = out + bias.reshape(view)
    return out
"""),
    _v("group_norm", "view as (N, G, -1) with var_mean", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.view(N, num_groups, -1)
    var, mean = torch.var_mean(x, dim=2, keepdim=True, correction=0)
    out = ((x - mean) / (var + eps).sqrt()).view(input.shape)
    shape = (1, C) + (1,) * (input.dim() - 2)
    if weight is not None:
        out = out * weight.view(shape)
    if bias is not None:
        out = out + bias.view(shape)
    return out
"""),
    _v("group_norm", "interleaved channels", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, C // num_groups, num_groups, -1)
    mean = x.mean(dim=(1, 3), keepdim=True)
    var = x.var(dim=(1, 3), unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""", "interleaved_groups"),
    _v("group_norm", "each channel on its own", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, C, -1)
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""", "statistics_per_channel"),
    _v("group_norm", "torch.var default", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, num_groups, -1)
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""", "unbiased_variance"),
    _v("group_norm", "one group for all channels", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, -1)
    mean = x.mean(dim=1, keepdim=True)
    var = x.var(dim=1, unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""", "statistics_over_all_channels"),
    _v("group_norm", "groups pooled over the batch", """
import torch
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    N, C = input.shape[:2]
    x = input.reshape(N, num_groups, -1)
    mean = x.mean(dim=(0, 2), keepdim=True)
    var = x.var(dim=(0, 2), unbiased=False, keepdim=True)
    out = ((x - mean) / torch.sqrt(var + eps)).reshape(input.shape)
    shape = [1, C] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
""", "statistics_over_the_batch"),
    # -- dropout ---------------------------------------------------------------------------
    _v("dropout", "float mask times input", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if not training:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    mask = (u > p).to(input.dtype)
    return input * mask / (1 - p)
"""),
    _v("dropout", "torch.where", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input.clone()
    if p == 1:
        return input * 0.0
    device = input.device if generator is None else generator.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return torch.where(u >= p, input / (1 - p), torch.zeros_like(input))
"""),
    _v("dropout", "mask without rescaling", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p)
""", "no_rescaling"),
    _v("dropout", "divided by p", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p) / p
""", "divided_by_p"),
    _v("dropout", "p as keep probability", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    mask = (u < p).to(input.dtype)
    return input * mask / p
""", "p_as_keep_probability"),
    _v("dropout", "training flag ignored", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u > p) / (1 - p)
""", "dropout_in_evaluation"),
    _v("dropout", "keep where u < 1 - p", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, dtype=input.dtype, device=device).to(input.device)
    return input * (u < 1 - p) / (1 - p)
""", "mask_u_below_1_minus_p"),
    _v("dropout", "u drawn in float32", """
import torch
def dropout(input, p=0.5, training=True, generator=None):
    if not training or p == 0:
        return input
    if p == 1:
        return torch.zeros_like(input)
    device = generator.device if generator is not None else input.device
    u = torch.rand(input.shape, generator=generator, device=device).to(input.device)
    return input * (u > p) / (1 - p)
""", "mask_drawn_in_default_dtype"),
    # -- clip_grad_norm --------------------------------------------------------------------
    _v("clip_grad_norm", "concatenate into one vector", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = torch.cat([g.reshape(-1) for g in grads])
    total_norm = torch.linalg.vector_norm(flat, norm_type)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
"""),
    _v("clip_grad_norm", "powers summed by hand", """
import math
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    if math.isinf(norm_type):
        total_norm = torch.stack([g.abs().max() for g in grads]).max()
    else:
        total_norm = sum((g.abs() ** norm_type).sum() for g in grads) ** (1.0 / norm_type)
    coef = max_norm / (total_norm + 1e-6)
    if coef < 1:
        return [g * coef for g in grads], total_norm
    return [g.clone() for g in grads], total_norm
"""),
    _v("clip_grad_norm", "each gradient clipped by its own norm", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    clipped, norms = [], []
    for g in grads:
        norm = torch.linalg.vector_norm(g, norm_type)
        norms.append(norm)
        clipped.append(g * torch.clamp(max_norm / (norm + 1e-6), max=1.0))
    return clipped, torch.linalg.vector_norm(torch.stack(norms), norm_type)
""", "each_gradient_clipped_separately"),
    _v("clip_grad_norm", "always scaled to max_norm", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads]), norm_type)
    coef = max_norm / (total_norm + 1e-6)
    return [g * coef for g in grads], total_norm
""", "always_rescaled"),
    _v("clip_grad_norm", "sum of the norms", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = sum(torch.linalg.vector_norm(g, norm_type) for g in grads)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
""", "sum_of_norms"),
    _v("clip_grad_norm", "returns the clipped norm", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = torch.cat([g.reshape(-1) for g in grads])
    coef = torch.clamp(max_norm / (torch.linalg.vector_norm(flat, norm_type) + 1e-6), max=1.0)
    clipped = [g * coef for g in grads]
    return clipped, torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in clipped]), norm_type)
""", "norm_after_clipping"),
    _v("clip_grad_norm", "always the 2-norm", """
import torch
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = torch.sqrt(sum((g ** 2).sum() for g in grads))
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
""", "norm_type_ignored"),
]
