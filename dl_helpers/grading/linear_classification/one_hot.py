"""Chapter 02 exercise ``one_hot``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint as _randint
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _one_hot_fixed() -> list[Case]:
    return [
        Case("labels [2, 0, 1, 2], num_classes=4 (class 3 absent)", (torch.tensor([2, 0, 1, 2]), 4)),
        Case("labels [1, 3, 0], num_classes=-1 (K = 3 + 1)", (torch.tensor([1, 3, 0]),)),
        Case("a 2 x 3 tensor of labels, num_classes=3", (torch.tensor([[0, 2, 1], [1, 1, 0]]), 3)),
    ]


def _one_hot_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 5) for _ in range(_randint(gen, 1, 2)))
    k = _randint(gen, 2, 6)
    labels = torch.randint(0, k, shape, generator=gen)
    if _randint(gen, 0, 1):
        extra = _randint(gen, 0, 2)
        return Case(f"labels of shape {shape}, num_classes={k + extra}", (labels, k + extra))
    return Case(f"labels of shape {shape}, num_classes=-1", (labels,))


def _one_hot_edge() -> list[Case]:
    return [
        Case("a single label 0, num_classes=1", (torch.tensor([0]), 1)),
        Case("a 0-d label, num_classes=3", (torch.tensor(2), 3)),
        Case("labels all 0, num_classes=-1", (torch.zeros(4, dtype=torch.int64),)),
        Case("10 classes, labels 9..0", (torch.arange(9, -1, -1), 10)),
    ]


EXERCISE = Exercise(
    name="one_hot",
    reference=ref.one_hot,
    fixed_cases=_one_hot_fixed,
    random_case=_one_hot_random,
    edge_cases=_one_hot_edge,
    mistakes=(
        Mistake(
            "float_output",
            "your result is floating point; F.one_hot returns int64 (torch.long) indicators. Convert with .to(dtype) "
            "where you need floats, outside one_hot.",
            lambda tensor, num_classes=-1: ref.one_hot(tensor, num_classes).to(torch.get_default_dtype()),
        ),
        Mistake(
            "shifted_by_one",
            "the 1 sits one column away from the label (as if labels started at 1); label k puts its 1 in column k, counting from 0.",
            lambda tensor, num_classes=-1: torch.roll(ref.one_hot(tensor, num_classes), -1, dims=-1),
        ),
        Mistake(
            "num_classes_ignored",
            "you ignored num_classes and used tensor.max() + 1 columns; when num_classes is given, the result has exactly num_classes columns, even for classes that do not occur.",
            lambda tensor, num_classes=-1: ref.one_hot(tensor, -1),
        ),
        Mistake(
            "classes_first",
            "the class dimension must come last: labels of shape (N,) give (N, K), one row per label, not (K, N).",
            lambda tensor, num_classes=-1: ref.one_hot(tensor, num_classes).movedim(-1, 0),
        ),
        Mistake(
            "leading_dims_flattened",
            "you flattened the labels: F.one_hot keeps their shape and appends the class dimension, (*) -> (*, K).",
            lambda tensor, num_classes=-1: ref.one_hot(tensor.reshape(-1), num_classes),
        ),
    ),
    forbidden=("torch.nn.functional.one_hot", "torch._C._nn.one_hot"),
)
