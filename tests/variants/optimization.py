"""Chapter 03 implementations a student might hand in: correct alternatives and plausible wrong ones."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    # -- sgd_momentum_step ------------------------------------------------------------------
    _v("sgd_momentum_step", "torch.add with alpha, as torch.optim writes it", """
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
"""),
    _v("sgd_momentum_step", "element by element on flat copies", """
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
"""),
    _v("sgd_momentum_step", "buffer starts at zeros", """
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
""", "buffer_started_at_zeros"),
    _v("sgd_momentum_step", "the notes' v = beta v + (1 - beta) g", """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    v = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
    v = momentum * v + (1 - momentum) * g
    step = g + momentum * v if nesterov else v
    return param - lr * step, v
""", "notes_ema_form"),
    _v("sgd_momentum_step", "nesterov not handled", """
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
""", "nesterov_ignored"),
    _v("sgd_momentum_step", "learning rate inside the velocity", """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * param
    if momentum == 0:
        return param - lr * g, None
    v = torch.zeros_like(param) if momentum_buffer is None else momentum_buffer
    v = momentum * v + lr * g
    return param - v, v
""", "lr_inside_buffer"),
    _v("sgd_momentum_step", "weight decay as a shrink factor", """
import torch
def sgd_momentum_step(param, grad, momentum_buffer, *, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    param = param * (1 - lr * weight_decay)
    if momentum == 0:
        return param - lr * grad, None
    buf = grad.clone() if momentum_buffer is None else momentum * momentum_buffer + (1 - dampening) * grad
    step = grad + momentum * buf if nesterov else buf
    return param - lr * step, buf
""", "weight_decay_decoupled"),
    # -- adagrad_step -----------------------------------------------------------------------
    _v("adagrad_step", "addcmul and addcdiv, as torch.optim writes it", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    clr = lr / (1 + (step - 1) * lr_decay)
    new_sum = state_sum.addcmul(grad, grad, value=1)
    std = new_sum.sqrt().add(eps)
    return param.addcdiv(grad, std, value=-clr), new_sum
"""),
    _v("adagrad_step", "the squares as grad ** 2", """
import math
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g ** 2
    effective_lr = lr / (1.0 + lr_decay * (step - 1))
    return param - effective_lr * (g / (torch.sqrt(s) + eps)), s
"""),
    _v("adagrad_step", "eps inside the square root", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / torch.sqrt(s + eps), s
""", "eps_inside_sqrt"),
    _v("adagrad_step", "only this step's square", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / (torch.sqrt(s) + eps), s
""", "sum_not_accumulated"),
    _v("adagrad_step", "lr decayed by step, not step - 1", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + step * lr_decay)
    return param - clr * g / (torch.sqrt(s) + eps), s
""", "lr_decay_off_by_one"),
    _v("adagrad_step", "sum updated after the step", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    clr = lr / (1 + (step - 1) * lr_decay)
    new_param = param - clr * g / (torch.sqrt(state_sum) + eps)
    return new_param, state_sum + g * g
""", "old_sum_in_denominator"),
    _v("adagrad_step", "the notes' form, without eps", """
import torch
def adagrad_step(param, grad, state_sum, step, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    g = grad + weight_decay * param
    s = state_sum + g * g
    clr = lr / (1 + (step - 1) * lr_decay)
    return param - clr * g / torch.sqrt(s), s
""", "missing_eps"),
    # -- rmsprop_step -----------------------------------------------------------------------
    _v("rmsprop_step", "mul and addcmul, as torch.optim writes it", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    new_avg = square_avg.mul(alpha).addcmul(grad, grad, value=1 - alpha)
    avg = new_avg.sqrt().add(eps)
    return param.addcdiv(grad, avg, value=-lr), new_avg
"""),
    _v("rmsprop_step", "lerp towards g^2", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = torch.lerp(square_avg, g ** 2, 1 - alpha)
    return param - lr * g / (v.sqrt() + eps), v
"""),
    _v("rmsprop_step", "alpha on the new gradient", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = (1 - alpha) * square_avg + alpha * g * g
    return param - lr * g / (torch.sqrt(v) + eps), v
""", "alpha_swapped"),
    _v("rmsprop_step", "eps inside the root, as the NYU slides", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / torch.sqrt(v + eps), v
""", "eps_inside_sqrt"),
    _v("rmsprop_step", "weight_decay forgotten", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    v = alpha * square_avg + (1 - alpha) * grad * grad
    return param - lr * grad / (torch.sqrt(v) + eps), v
""", "weight_decay_ignored"),
    _v("rmsprop_step", "average started from zeros", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = torch.zeros_like(square_avg)
    v = alpha * v + (1 - alpha) * g * g
    return param - lr * g / (torch.sqrt(v) + eps), v
""", "state_ignored"),
    _v("rmsprop_step", "divided by the mean square", """
import torch
def rmsprop_step(param, grad, square_avg, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    g = grad + weight_decay * param
    v = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / (v + eps), v
""", "missing_sqrt"),
    # -- adam_step --------------------------------------------------------------------------
    _v("adam_step", "m_hat and v_hat, as the notes write it", """
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
"""),
    _v("adam_step", "lerp, step_size and denom, as torch.optim writes it", """
import math
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    exp_avg = exp_avg.lerp(grad, 1 - beta1)
    exp_avg_sq = exp_avg_sq.mul(beta2).addcmul(grad, grad, value=1 - beta2)
    step_size = lr / (1 - beta1 ** step)
    denom = (exp_avg_sq.sqrt() / math.sqrt(1 - beta2 ** step)).add(eps)
    return param.addcdiv(exp_avg, denom, value=-step_size), exp_avg, exp_avg_sq
"""),
    _v("adam_step", "no bias correction", """
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    return param - lr * m / (torch.sqrt(v) + eps), m, v
""", "no_bias_correction"),
    _v("adam_step", "eps inside the square root", """
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / torch.sqrt(v_hat + eps), m, v
""", "eps_inside_sqrt"),
    _v("adam_step", "decay applied to the weights (AdamW)", """
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    param = param * (1 - lr * weight_decay)
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
""", "decoupled_weight_decay"),
    _v("adam_step", "the paper's efficient eps", """
import math
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    alpha_t = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
    return param - alpha_t * m / (torch.sqrt(v) + eps), m, v
""", "eps_before_bias_correction"),
    _v("adam_step", "step counted again", """
import torch
def adam_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    step = step + 1
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
""", "step_off_by_one"),
    # -- adamw_step -------------------------------------------------------------------------
    _v("adamw_step", "decay then the Adam update with m_hat, v_hat", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    decayed = param * (1 - lr * weight_decay)
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return decayed - lr * m_hat / (v_hat.sqrt() + eps), m, v
"""),
    _v("adamw_step", "mul, lerp and addcdiv, as torch.optim writes it", """
import math
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    param = param.mul(1 - lr * weight_decay)
    exp_avg = exp_avg.lerp(grad, 1 - beta1)
    exp_avg_sq = exp_avg_sq.mul(beta2).addcmul(grad, grad, value=1 - beta2)
    denom = (exp_avg_sq.sqrt() / math.sqrt(1 - beta2 ** step)).add(eps)
    return param.addcdiv(exp_avg, denom, value=-lr / (1 - beta1 ** step)), exp_avg, exp_avg_sq
"""),
    _v("adamw_step", "decay added to the gradient (Adam's L2)", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    m = beta1 * exp_avg + (1 - beta1) * g
    v = beta2 * exp_avg_sq + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
""", "l2_instead_of_decoupled"),
    _v("adamw_step", "decay not scaled by lr", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    param = param * (1 - weight_decay)
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
""", "decay_without_lr"),
    _v("adamw_step", "no bias correction", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    param = param * (1 - lr * weight_decay)
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    return param - lr * m / (torch.sqrt(v) + eps), m, v
""", "no_bias_correction"),
    _v("adamw_step", "decay after the update", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    new_param = param - lr * m_hat / (torch.sqrt(v_hat) + eps)
    return new_param * (1 - lr * weight_decay), m, v
""", "decay_after_update"),
    _v("adamw_step", "betas the wrong way round", """
import torch
def adamw_step(param, grad, exp_avg, exp_avg_sq, step, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta2, beta1 = betas
    param = param * (1 - lr * weight_decay)
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** step)
    v_hat = v / (1 - beta2 ** step)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
""", "betas_swapped"),
    # -- cosine_annealing_lr ----------------------------------------------------------------
    _v("cosine_annealing_lr", "math.cos", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + 0.5 * (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max))
"""),
    _v("cosine_annealing_lr", "torch.cos on a tensor, cos^2 form", """
import math
import torch
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    # (1 + cos x) / 2 = cos^2(x / 2)
    half_angle = torch.tensor(math.pi * epoch / (2 * T_max), dtype=torch.float64)
    return float(eta_min + (base_lr - eta_min) * torch.cos(half_angle) ** 2)
"""),
    _v("cosine_annealing_lr", "epochs counted from 1", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    t = epoch + 1
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
""", "off_by_one_epoch"),
    _v("cosine_annealing_lr", "no eta_min", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2
""", "eta_min_ignored"),
    _v("cosine_annealing_lr", "a full cosine period", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(2 * math.pi * epoch / T_max)) / 2
""", "full_cosine_period"),
    _v("cosine_annealing_lr", "eta_min added on top", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2
""", "amplitude_not_reduced"),
    _v("cosine_annealing_lr", "held at eta_min after T_max", """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    if epoch >= T_max:
        return eta_min
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)) / 2
""", "clamped_after_T_max"),
]
