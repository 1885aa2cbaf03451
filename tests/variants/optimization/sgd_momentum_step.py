"""Answers a student might hand in for ``sgd_momentum_step``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "torch.add with alpha, as torch.optim writes it",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    d_p = grad
    if weight_decay != 0:
        d_p = torch.add(d_p, param, alpha=weight_decay)
    buf = None
    if momentum != 0:
        if momentum_buffer is None:
            buf = d_p.detach().clone()
        else:
            buf = torch.add(momentum_buffer * momentum, d_p, alpha=1 - dampening)
        d_p = torch.add(d_p, buf, alpha=momentum) if nesterov else buf
    return torch.add(param, d_p, alpha=-lr), buf
""",
    ),
    _v(
        "element by element on flat copies",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    p = param.reshape(-1)
    g = grad.reshape(-1)
    new_p = torch.empty_like(p)
    new_b = torch.empty_like(p)
    for i in range(p.numel()):
        gi = g[i] + weight_decay * p[i]
        if momentum == 0:
            new_p[i] = p[i] - lr * gi
            continue
        if momentum_buffer is None:
            bi = gi
        else:
            bi = momentum * momentum_buffer.reshape(-1)[i] + (1 - dampening) * gi
        new_b[i] = bi
        direction = gi + momentum * bi if nesterov else bi
        new_p[i] = p[i] - lr * direction
    if momentum == 0:
        return new_p.reshape(param.shape), None
    return new_p.reshape(param.shape), new_b.reshape(param.shape)
""",
    ),
    _v(
        "buffer starts at zeros",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    if momentum_buffer is None:
        momentum_buffer = torch.zeros_like(param)
    buf = momentum * momentum_buffer + (1 - dampening) * g
    step = g + momentum * buf if nesterov else buf
    return param - lr * step, buf
""",
        "buffer_started_at_zeros",
    ),
    _v(
        "the notes' v = beta v + (1 - beta) g",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    v = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
    v = momentum * v + (1 - momentum) * g
    step = g + momentum * v if nesterov else v
    return param - lr * step, v
""",
        "notes_ema_form",
    ),
    _v(
        "nesterov not handled",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    if momentum_buffer is None:
        buf = g.clone()
    else:
        buf = momentum * momentum_buffer + (1 - dampening) * g
    return param - lr * buf, buf
""",
        "nesterov_ignored",
    ),
    _v(
        "learning rate inside the velocity",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    v = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
    v = momentum * v + lr * g
    return param - v, v
""",
        "lr_inside_buffer",
    ),
    _v(
        "weight decay as a shrink factor",
        """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    param = param * (1 - lr * weight_decay)
    if momentum == 0:
        return param - lr * grad, None
    buf = grad.clone() if momentum_buffer is None else momentum * momentum_buffer + (1 - dampening) * grad
    step = grad + momentum * buf if nesterov else buf
    return param - lr * step, buf
""",
        "weight_decay_decoupled",
    ),
]
