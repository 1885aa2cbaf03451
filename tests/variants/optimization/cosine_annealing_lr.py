"""Answers a student might hand in for ``cosine_annealing_lr``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "math.cos",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + 0.5 * (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max))
""",
    ),
    _v(
        "torch.cos on a tensor, cos^2 form",
        """
import math
import torch
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    # (1 + cos x) / 2 = cos^2(x / 2)
    half_angle = torch.tensor(math.pi * epoch / (2 * T_max), dtype=torch.float64)
    return float(eta_min + (base_lr - eta_min) * torch.cos(half_angle) ** 2)
""",
    ),
    _v(
        "epochs counted from 1",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    t = epoch + 1
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
""",
        "off_by_one_epoch",
    ),
    _v(
        "no eta_min",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2
""",
        "eta_min_ignored",
    ),
    _v(
        "a full cosine period",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(2 * math.pi * epoch / T_max)) / 2
""",
        "full_cosine_period",
    ),
    _v(
        "eta_min added on top",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2
""",
        "amplitude_not_reduced",
    ),
    _v(
        "held at eta_min after T_max",
        """
import math
def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    if epoch >= T_max:
        return eta_min
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)) / 2
""",
        "clamped_after_T_max",
    ),
]
