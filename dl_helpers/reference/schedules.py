"""Learning-rate schedules in closed form, with the values of ``torch.optim.lr_scheduler``.

PyTorch's schedulers change ``optimizer.param_groups[i]["lr"]`` once per ``scheduler.step()``,
usually once per epoch. These functions give the learning rate of a given epoch directly:
``epoch`` counts the ``scheduler.step()`` calls so far (0 before the first), which is
``scheduler.last_epoch``.
"""

from __future__ import annotations

import math


def _require_epoch(epoch: object) -> int:
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 0:
        raise ValueError(f"epoch must be a whole number >= 0, got {epoch!r}")
    return epoch


def step_lr(base_lr: float, epoch: int, step_size: int, gamma: float = 0.1) -> float:
    """The learning rate of ``torch.optim.lr_scheduler.StepLR`` after ``epoch`` steps.

        lr = base_lr * gamma ** floor(epoch / step_size)

    The rate drops by the factor gamma every step_size epochs.

    Args:
        base_lr: the optimizer's initial learning rate.
        epoch: number of ``scheduler.step()`` calls so far, >= 0.
        step_size: epochs between drops, >= 1.
        gamma: factor of each drop.

    Example:
        >>> [step_lr(1.0, e, step_size=2, gamma=0.5) for e in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    epoch = _require_epoch(epoch)
    if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
        raise ValueError(f"step_size must be a whole number >= 1, got {step_size!r}")
    return base_lr * gamma ** (epoch // step_size)


def cosine_annealing_lr(base_lr: float, epoch: int, T_max: int, eta_min: float = 0.0) -> float:  # noqa: N803 (PyTorch's name)
    """The learning rate of ``torch.optim.lr_scheduler.CosineAnnealingLR`` after ``epoch`` steps.

        lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2

    Half a cosine wave from base_lr at epoch 0 down to eta_min at epoch T_max. Past T_max
    PyTorch's scheduler keeps following the same cosine, back up towards base_lr at
    2 T_max (it does not restart, and does not stay at eta_min); so does this formula.

    Args:
        base_lr: the optimizer's initial learning rate.
        epoch: number of ``scheduler.step()`` calls so far, >= 0.
        T_max: epochs from base_lr down to eta_min, >= 1.
        eta_min: the smallest learning rate.

    Example:
        >>> [round(cosine_annealing_lr(1.0, e, T_max=4), 4) for e in range(5)]
        [1.0, 0.8536, 0.5, 0.1464, 0.0]
    """
    epoch = _require_epoch(epoch)
    if isinstance(T_max, bool) or not isinstance(T_max, int) or T_max < 1:
        raise ValueError(f"T_max must be a whole number >= 1, got {T_max!r}")
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)) / 2
