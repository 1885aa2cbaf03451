"""Chapter 02 exercise ``confusion_matrix``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import labels as _labels, randint as _randint
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _cm_fixed() -> list[Case]:
    return [
        Case("6 samples, 3 classes", (torch.tensor([0, 1, 2, 2, 1, 0]), torch.tensor([0, 2, 2, 1, 1, 1]), 3)),
        Case(
            "8 samples, 2 classes, repeated pairs",
            (torch.tensor([0, 0, 0, 1, 1, 1, 1, 0]), torch.tensor([0, 1, 1, 1, 1, 1, 0, 0]), 2),
        ),
        Case(
            "5 samples, num_classes=4 (class 3 never occurs)",
            (torch.tensor([0, 1, 2, 1, 0]), torch.tensor([1, 1, 2, 0, 0]), 4),
        ),
    ]


def _cm_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 2, 40), _randint(gen, 2, 6)
    absent = _randint(gen, 0, 1) == 1  # half the cases: the last class never occurs
    y_true = _labels(gen, n, k - absent)
    right = torch.rand(n, generator=gen) < 0.6  # most predictions correct, as for a trained classifier
    y_pred = torch.where(right, y_true, _labels(gen, n, k - absent))
    return Case(f"random N={n}, K={k}" + (" (the last class never occurs)" if absent else ""), (y_true, y_pred, k))


def _cm_edge() -> list[Case]:
    return [
        Case("one sample", (torch.tensor([1]), torch.tensor([0]), 2)),
        Case("every prediction right", (torch.arange(5), torch.arange(5), 5)),
        Case("one class", (torch.zeros(4, dtype=torch.int64), torch.zeros(4, dtype=torch.int64), 1)),
        Case("all predicted as the last class", (torch.tensor([0, 1, 2, 0]), torch.tensor([2, 2, 2, 2]), 3)),
        Case(
            "num_classes=5, classes 3 and 4 never occur",
            (torch.tensor([0, 1, 2, 2, 1]), torch.tensor([0, 2, 2, 1, 1]), 5),
        ),
    ]


def _duplicates_not_accumulated(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    matrix[y_true, y_pred] += 1  # repeated (true, predicted) pairs are written once, not added up
    return matrix


def _size_from_labels(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    k = int(torch.maximum(y_true.max(), y_pred.max())) + 1
    return ref.confusion_matrix(y_true, y_pred, k)


def _row_normalised(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    counts = ref.confusion_matrix(y_true, y_pred, num_classes).to(torch.get_default_dtype())  # (K, K)
    return counts / counts.sum(dim=1, keepdim=True).clamp_min(1)  # rows of absent classes stay 0


EXERCISE = Exercise(
    name="confusion_matrix",
    reference=ref.confusion_matrix,
    fixed_cases=_cm_fixed,
    random_case=_cm_random,
    edge_cases=_cm_edge,
    mistakes=(
        Mistake(
            "transposed",
            "your matrix is transposed: rows are the true classes and columns the predicted ones (as sklearn.metrics.confusion_matrix), "
            "so entry [i, j] counts samples of class i predicted as j.",
            lambda y_true, y_pred, num_classes: ref.confusion_matrix(y_true, y_pred, num_classes).mT,
        ),
        Mistake(
            "duplicates_not_accumulated",
            "every cell is 0 or 1: matrix[y_true, y_pred] += 1 writes each repeated (true, predicted) pair once instead of adding it up. "
            "Count with index_put_(..., accumulate=True), torch.bincount or a loop over the samples.",
            _duplicates_not_accumulated,
        ),
        Mistake(
            "normalised",
            "you returned fractions; return the counts as int64 (normalise rows or columns afterwards, when you plot).",
            lambda y_true, y_pred, num_classes: (
                ref.confusion_matrix(y_true, y_pred, num_classes).to(torch.get_default_dtype()) / y_true.numel()
            ),
        ),
        Mistake(
            "size_from_labels",
            "your matrix is too small: its size is num_classes x num_classes even when the largest classes never occur, not max(label) + 1.",
            _size_from_labels,
        ),
        Mistake(
            "row_normalised",
            "you divided each row by its total (per-class recall); return the raw counts as int64.",
            _row_normalised,
        ),
    ),
    forbidden=(
        "sklearn.metrics.confusion_matrix",
        "sklearn.metrics._classification.confusion_matrix",
        "sklearn.metrics.ConfusionMatrixDisplay.from_predictions",
    ),
)
