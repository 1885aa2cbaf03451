"""Chapter 02 exercise ``perceptron_step``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _perceptron_fixed() -> list[Case]:
    x = torch.tensor([1.0, 2.0, -0.5], dtype=F64)
    w = torch.tensor([0.5, -1.0, 2.0], dtype=F64)
    return [
        Case(
            "w = 0, b = 0 (margin exactly 0), y = +1", (torch.zeros(3, dtype=F64), torch.tensor(0.0, dtype=F64), x, 1)
        ),
        Case("misclassified, y = -1", (-w, torch.tensor(4.0, dtype=F64), x, -1)),
        Case("classified correctly (margin 2.5), y = -1", (w, torch.tensor(0.0, dtype=F64), x, -1)),
        Case("misclassified, y = +1, lr = 0.5", (w, torch.tensor(-1.0, dtype=F64), x, 1), {"lr": 0.5}),
    ]


def _perceptron_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 6)
    fresh = _randint(gen, 0, 2) == 0  # a third of the cases start from w = 0, b = 0: a margin of exactly 0
    w = torch.zeros(d, dtype=F64) if fresh else _randn(gen, d)
    b = torch.zeros((), dtype=F64) if fresh else _randn(gen, 1)[0]
    x = _randn(gen, d)
    y = 1 if _randint(gen, 0, 1) else -1
    lr = (1.0, 0.1, 0.5)[_randint(gen, 0, 2)]
    start = "w = 0, b = 0" if fresh else "random w and b"
    return Case(f"D = {d}, {start}, y = {y:+d}, lr = {lr}", (w, b, x, y), {"lr": lr})


def _perceptron_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(21)
    x = _randn(gen, 4)
    w = _randn(gen, 4)
    return [
        Case(
            "w = 0, b = 0, y = -1 (margin exactly 0)", (torch.zeros(4, dtype=F64), torch.tensor(0.0, dtype=F64), x, -1)
        ),
        Case(
            "margin exactly 0 with w != 0 (x orthogonal to w, b = 0)",
            (
                torch.tensor([1.0, 1.0], dtype=F64),
                torch.tensor(0.0, dtype=F64),
                torch.tensor([2.0, -2.0], dtype=F64),
                1,
            ),
        ),
        Case(
            "one feature, correct by a wide margin",
            (torch.tensor([3.0], dtype=F64), torch.tensor(1.0, dtype=F64), torch.tensor([5.0], dtype=F64), 1),
        ),
        Case("a large misclassified sample", (w, torch.tensor(0.5, dtype=F64), -1e3 * w, 1), {"lr": 0.1}),
    ]


def _strict_inequality(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) == 0:  # a margin of exactly 0 taken for a correct answer
        return weight.clone(), bias.clone()
    return ref.perceptron_step(weight, bias, x, y, lr)


EXERCISE = Exercise(
    name="perceptron_step",
    reference=ref.perceptron_step,
    fixed_cases=_perceptron_fixed,
    random_case=_perceptron_random,
    edge_cases=_perceptron_edge,
    mistakes=(
        Mistake(
            "strict_inequality",
            "you updated only when y (w . x + b) < 0; a margin of exactly 0 is a mistake too (it is the "
            "margin of every sample while w = 0 and b = 0, so with '< 0' training never starts): update when the margin is <= 0.",
            _strict_inequality,
        ),
        Mistake(
            "always_updates",
            "you updated on a sample that was already classified correctly; the perceptron changes w and b only "
            "when y (w . x + b) <= 0 and otherwise returns them unchanged.",
            lambda weight, bias, x, y, lr=1.0: (weight + lr * y * x, bias + lr * y),
        ),
        Mistake(
            "label_not_used",
            "you added lr * x whatever the label; the update is w + lr * y * x and b + lr * y, which subtracts x "
            "when y = -1 (it moves w towards the correct side).",
            # the reference stepping by lr * y: its step lr * y * y * x is lr * x whatever the label
            lambda weight, bias, x, y, lr=1.0: ref.perceptron_step(weight, bias, x, y, lr * y),
        ),
        Mistake(
            "wrong_sign",
            "your update has the wrong sign: a misclassified sample pulls w towards y * x, w + lr * y * x (and b + lr * y), not away from it.",
            lambda weight, bias, x, y, lr=1.0: ref.perceptron_step(weight, bias, x, y, -lr),
        ),
        Mistake(
            "bias_not_updated",
            "w is right but the bias did not move; on a mistake the bias is updated too, b + lr * y (think of b as the weight of a constant feature 1).",
            lambda weight, bias, x, y, lr=1.0: (ref.perceptron_step(weight, bias, x, y, lr)[0], bias.clone()),
        ),
        Mistake(
            "lr_ignored",
            "you ignored the learning rate: the step is lr * y * x (and lr * y for the bias).",
            lambda weight, bias, x, y, lr=1.0: ref.perceptron_step(weight, bias, x, y),
        ),
    ),
    forbidden=("sklearn.linear_model.Perceptron.fit", "sklearn.linear_model.Perceptron.partial_fit"),
)
