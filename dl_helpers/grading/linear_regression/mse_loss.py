"""Chapter 01 exercise ``mse_loss``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.reference.losses import reduce_loss


def _mse_fixed() -> list[Case]:
    pred = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], dtype=F64)
    target = torch.tensor([[1.5, 2.0, 0.0], [1.0, 1.0, 4.0]], dtype=F64)
    return [
        Case("3 predictions", (torch.tensor([1.0, 2.0, 3.0], dtype=F64), torch.tensor([1.5, 2.0, 0.0], dtype=F64))),
        Case("a 2 x 3 batch", (pred, target)),
        Case("a 2 x 3 batch, reduction='sum'", (pred, target), {"reduction": "sum"}),
        Case("a 2 x 3 batch, reduction='none'", (pred, target), {"reduction": "none"}),
    ]


def _mse_random(gen: torch.Generator) -> Case:
    shape = (_randint(gen, 2, 6), *(_randint(gen, 1, 5) for _ in range(_randint(gen, 0, 2))))
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(
        f"random {shape}, reduction={reduction!r}", (_randn(gen, *shape), _randn(gen, *shape)), {"reduction": reduction}
    )


def _mse_edge() -> list[Case]:
    big = torch.tensor([1e150, -1e150, 3.0], dtype=F64)
    return [
        Case("a single element", (torch.tensor([2.0], dtype=F64), torch.tensor([-1.0], dtype=F64))),
        Case("a perfect prediction", (torch.ones(4, 2, dtype=F64), torch.ones(4, 2, dtype=F64))),
        Case("values of 1e150", (big, torch.zeros(3, dtype=F64))),
        Case(
            "a 1 x 5 batch, reduction='sum'",
            (torch.arange(5.0, dtype=F64)[None], torch.zeros(1, 5, dtype=F64)),
            {"reduction": "sum"},
        ),
    ]


EXERCISE = Exercise(
    name="mse_loss",
    reference=ref.mse_loss,
    fixed_cases=_mse_fixed,
    random_case=_mse_random,
    edge_cases=_mse_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "sum_instead_of_mean",
            "you summed the squared errors; with reduction='mean' divide the sum by the number of elements.",
            lambda i, t, reduction="mean": ref.mse_loss(i, t, "sum" if reduction == "mean" else reduction),
        ),
        Mistake(
            "mean_over_rows_only",
            "you divided by the number of rows (the batch size) only; 'mean' averages over every element, input.numel() of them.",
            lambda i, t, reduction="mean": (
                ref.mse_loss(i, t, "sum") / i.shape[0] if reduction == "mean" else ref.mse_loss(i, t, reduction)
            ),
        ),
        Mistake(
            "half_squared_error",
            "your loss is half the mean squared error (the 1/2 that textbooks add to tidy the gradient); PyTorch's mse_loss has no 1/2.",
            lambda i, t, reduction="mean": 0.5 * ref.mse_loss(i, t, reduction),
        ),
        Mistake(
            "absolute_error",
            "you used the absolute error |input - target| (that is l1_loss); square the differences.",
            lambda i, t, reduction="mean": reduce_loss((i - t).abs(), reduction),
        ),
        Mistake(
            "root_mean_squared",
            "you took the square root (that is the RMSE); mse_loss stops at the mean of the squares.",
            lambda i, t, reduction="mean": ref.mse_loss(i, t, reduction).sqrt(),
        ),
        Mistake(
            "squared_mean_error",
            "you squared the mean difference, (mean(input - target))^2; square each difference first, then average.",
            lambda i, t, reduction="mean": (i - t).mean() ** 2,
        ),
        Mistake(
            "reduction_ignored",
            "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the elementwise squared errors.",
            lambda i, t, reduction="mean": ref.mse_loss(i, t),
        ),
    ),
    forbidden=(
        "torch.nn.functional.mse_loss",
        "torch._C._nn.mse_loss",
        "torch.nn.MSELoss.forward",
        "sklearn.metrics.mean_squared_error",
    ),
)
