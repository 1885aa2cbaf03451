"""Chapter 02 exercise ``binary_cross_entropy_with_logits``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.reference.losses import reduce_loss


def _bce_fixed() -> list[Case]:
    z = torch.tensor([-2.0, -0.5, 0.0, 1.0, 3.0], dtype=F64)
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0], dtype=F64)
    extreme_z = torch.tensor([1000.0, -1000.0, 1000.0, -1000.0, 40.0, -40.0], dtype=F64)
    extreme_y = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 1.0], dtype=F64)
    return [
        Case("5 logits", (z, y)),
        Case("5 logits, reduction='sum'", (z, y), {"reduction": "sum"}),
        Case(
            "logits ±1000 on the wrong side: -1000 with target 1, +1000 with target 0, reduction='none'",
            (torch.tensor([-1000.0, 1000.0], dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)),
            {"reduction": "none"},
        ),
        Case("logits of ±1000 and ±40, reduction='none'", (extreme_z, extreme_y), {"reduction": "none"}),
        Case(
            "a 2 x 3 batch of soft targets",
            (z[:3].reshape(1, 3).repeat(2, 1) * 2, torch.tensor([[0.2, 0.5, 0.9], [1.0, 0.0, 0.3]], dtype=F64)),
        ),
    ]


def _bce_random(gen: torch.Generator) -> Case:
    shape = (_randint(gen, 1, 6), *(_randint(gen, 1, 4) for _ in range(_randint(gen, 0, 1))))
    scale = (1.0, 5.0, 1000.0)[_randint(gen, 0, 2)]
    target = (torch.rand(shape, generator=gen, dtype=F64) < 0.5).to(F64)
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(
        f"random {shape}, logits of size about {scale:g}, reduction={reduction!r}",
        (scale * _randn(gen, *shape), target),
        {"reduction": reduction},
    )


def _bce_edge() -> list[Case]:
    return [
        Case(
            "logit -1000 with target 1 (loss 1000)",
            (torch.tensor([-1000.0], dtype=F64), torch.tensor([1.0], dtype=F64)),
        ),
        Case(
            "logit +1000 with target 0 (loss 1000)", (torch.tensor([1000.0], dtype=F64), torch.tensor([0.0], dtype=F64))
        ),
        Case(
            "confident and right: logits ±1000 (loss 0)",
            (torch.tensor([1000.0, -1000.0], dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)),
            {"reduction": "none"},
        ),
        Case(
            "logits ±30 (1 - sigmoid rounds to 0 in float32)",
            (torch.tensor([30.0, -30.0, 17.0], dtype=F64), torch.tensor([0.0, 1.0, 0.0], dtype=F64)),
            {"reduction": "none"},
        ),
    ]


def _log_of_sigmoid(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    p = 1.0 / (1.0 + torch.exp(-z))
    return reduce_loss(-(y * torch.log(p) + (1 - y) * torch.log(1 - p)), reduction)


def _clamped_log(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    p = torch.sigmoid(z)
    return reduce_loss(-(y * torch.log(p).clamp_min(-100) + (1 - y) * torch.log(1 - p).clamp_min(-100)), reduction)


def _softplus_overflow(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    return reduce_loss(torch.log(1 + torch.exp(z)) - y * z, reduction)


EXERCISE = Exercise(
    name="binary_cross_entropy_with_logits",
    reference=ref.binary_cross_entropy_with_logits,
    fixed_cases=_bce_fixed,
    random_case=_bce_random,
    edge_cases=_bce_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "log_of_sigmoid",
            "you took the log of the sigmoid: for z = -1000 sigmoid(z) rounds to 0 (and for z = +1000, 1 - sigmoid(z) does), "
            "and log(0) = -inf, so the loss is inf or nan. Write the loss from the logits: softplus(z) - y z, with "
            "softplus(z) = max(z, 0) + log(1 + exp(-|z|)).",
            _log_of_sigmoid,
        ),
        Mistake(
            "clamped_log",
            "your logs are clamped at -100 (F.binary_cross_entropy does that on probabilities), so a logit of ±1000 on the "
            "wrong side costs 100 instead of 1000. Work from the logits: softplus(z) - y z.",
            _clamped_log,
        ),
        Mistake(
            "softplus_overflow",
            "log(1 + exp(z)) overflows: exp(1000) = inf. Take the large part out first: "
            "log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|)).",
            _softplus_overflow,
        ),
        Mistake(
            "sum_instead_of_mean",
            "you summed the losses; with reduction='mean' average them over every element.",
            lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(
                input, target, "sum" if reduction == "mean" else reduction
            ),
        ),
        Mistake(
            "targets_swapped",
            "you swapped the roles of y and 1 - y: the loss is -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))), small when z > 0 and y = 1.",
            lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(input, 1 - target, reduction),
        ),
        Mistake(
            "missing_minus",
            "your loss is negative: the cross-entropy is minus the log-likelihood, -(y log p + (1 - y) log(1 - p)) >= 0.",
            lambda input, target, reduction="mean": -ref.binary_cross_entropy_with_logits(input, target, reduction),
        ),
        Mistake(
            "reduction_ignored",
            "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the elementwise losses.",
            lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(input, target),
        ),
    ),
    forbidden=(
        "torch.nn.functional.binary_cross_entropy_with_logits",
        "torch.binary_cross_entropy_with_logits",
        "torch.nn.BCEWithLogitsLoss.forward",
        "torch.nn.functional.softplus",
        "torch.nn.functional.logsigmoid",
    ),
)
