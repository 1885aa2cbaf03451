"""Chapter 03 exercise ``cosine_annealing_lr``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import choice as _choice, randint as _randint, uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _cosine_fixed() -> list[Case]:
    return [
        Case("base_lr=0.1, epoch 0 of T_max=10 (the start)", (0.1, 0, 10)),
        Case("base_lr=0.1, epoch 3 of T_max=10", (0.1, 3, 10)),
        Case("base_lr=1.0, epoch 5 of T_max=10, eta_min=0.2 (half way)", (1.0, 5, 10, 0.2)),
        Case("base_lr=0.5, epoch 7 of T_max=8, eta_min=0.01", (0.5, 7, 8, 0.01)),
        Case("base_lr=0.1, epoch 10 of T_max=10, eta_min=1e-3 (the end)", (0.1, 10, 10, 1e-3)),
        Case("base_lr=0.1, epoch 14 of T_max=10 (past T_max the cosine goes back up)", (0.1, 14, 10)),
    ]


def _cosine_random(gen: torch.Generator) -> Case:
    base_lr = 10 ** _uniform(gen, -4.0, 0.0)
    T_max = _randint(gen, 2, 200)  # noqa: N806
    epoch = _randint(gen, 1, 2 * T_max)
    eta_min = _choice(gen, (0.0, 0.01 * base_lr, 0.1 * base_lr, 0.5 * base_lr))
    return Case(
        f"random base_lr={base_lr:.3g}, epoch={epoch}, T_max={T_max}, eta_min={eta_min:.3g}",
        (base_lr, epoch, T_max, eta_min),
    )


def _cosine_edge() -> list[Case]:
    return [
        Case("T_max=1, epoch 1 (straight to eta_min)", (0.1, 1, 1, 0.05)),
        Case("eta_min = base_lr (a constant rate)", (0.3, 17, 40, 0.3)),
        Case("epoch 2 T_max (back at base_lr)", (0.1, 40, 20, 0.02)),
        Case("T_max=1000000, epoch 1", (1.0, 1, 1_000_000)),
        Case("base_lr=1e-8, epoch 25 of T_max=100", (1e-8, 25, 100, 1e-9)),
    ]


EXERCISE = Exercise(
    name="cosine_annealing_lr",
    reference=ref.cosine_annealing_lr,
    fixed_cases=_cosine_fixed,
    random_case=_cosine_random,
    edge_cases=_cosine_edge,
    mistakes=(
        Mistake(
            "off_by_one_epoch",
            "your schedule is one epoch ahead (you counted epochs from 1); epoch 0 must give base_lr, "
            "as CosineAnnealingLR's rate before the first scheduler.step().",
            lambda base_lr, epoch, *rest: ref.cosine_annealing_lr(base_lr, epoch + 1, *rest),
        ),
        Mistake(
            "eta_min_ignored",
            "you ignored eta_min: lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2.",
            lambda base_lr, epoch, T_max, eta_min=0.0: ref.cosine_annealing_lr(base_lr, epoch, T_max),
        ),
        Mistake(
            "full_cosine_period",
            "your cosine completes a whole period in T_max epochs; T_max is HALF a period (from base_lr down to "
            "eta_min): use cos(pi * epoch / T_max), not cos(2 pi * epoch / T_max).",
            lambda base_lr, epoch, *rest: ref.cosine_annealing_lr(base_lr, 2 * epoch, *rest),
        ),
        Mistake(
            "amplitude_not_reduced",
            "you added eta_min on top of base_lr * (1 + cos) / 2, so the rate starts at base_lr + eta_min; "
            "the wave's height is base_lr - eta_min.",
            lambda base_lr, epoch, T_max, eta_min=0.0: eta_min + ref.cosine_annealing_lr(base_lr, epoch, T_max),
        ),
        Mistake(
            "missing_half",
            "you left out the factor 1/2: (1 + cos) runs from 2 down to 0, so halve it to go from base_lr to eta_min.",
            lambda base_lr, epoch, T_max, eta_min=0.0: (
                2 * ref.cosine_annealing_lr(base_lr, epoch, T_max, eta_min) - eta_min
            ),
        ),
        Mistake(
            "rising_schedule",
            "your rate rises from eta_min to base_lr: use 1 + cos(...), which starts at 2 (base_lr), not 1 - cos(...).",
            lambda base_lr, epoch, T_max, *rest: ref.cosine_annealing_lr(base_lr, epoch + T_max, T_max, *rest),
        ),
        Mistake(
            "clamped_after_T_max",
            "you held the rate at eta_min after T_max; PyTorch's CosineAnnealingLR keeps following the cosine, "
            "back up towards base_lr at 2 T_max (the formula needs no special case).",
            lambda base_lr, epoch, T_max, *rest: ref.cosine_annealing_lr(base_lr, min(epoch, T_max), T_max, *rest),
        ),
    ),
    forbidden=(
        "torch.optim.lr_scheduler.CosineAnnealingLR.get_lr",
        "torch.optim.lr_scheduler.CosineAnnealingLR._get_closed_form_lr",
        "torch.optim.lr_scheduler.CosineAnnealingLR.step",
    ),
    check_dtypes=False,
)
