"""Chapter 01 exercise ``kfold_indices``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint as _randint
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _kfold_fixed() -> list[Case]:
    return [
        Case("n_samples=6, k=3", (6, 3)),
        Case("n_samples=5, k=2", (5, 2)),
        Case("n_samples=10, k=4", (10, 4)),
    ]


def _kfold_random(gen: torch.Generator) -> Case:
    n = _randint(gen, 2, 40)
    k = _randint(gen, 2, min(n, 10))
    return Case(f"n_samples={n}, k={k}", (n, k))


def _kfold_edge() -> list[Case]:
    return [
        Case("leave-one-out: n_samples=k=5", (5, 5)),
        Case("n_samples=11, k=3", (11, 3)),
        Case("n_samples=2, k=2", (2, 2)),
    ]


def _folds_from_sizes(n: int, sizes: list[int], overlap: int = 0) -> list[tuple[Tensor, Tensor]]:
    indices = torch.arange(n)
    folds, start = [], 0
    for size in sizes:
        val = indices[start : start + size + overlap]
        train = torch.cat([indices[:start], indices[start + size + overlap :]])
        folds.append((train, val))
        start += size
    return folds


def _kfold_remainder_dropped(n: int, k: int) -> list[tuple[Tensor, Tensor]]:
    size = n // k
    return [
        (
            torch.cat([torch.arange(0, i * size), torch.arange((i + 1) * size, n)]),
            torch.arange(i * size, (i + 1) * size),
        )
        for i in range(k)
    ]


EXERCISE = Exercise(
    name="kfold_indices",
    reference=ref.kfold_indices,
    fixed_cases=_kfold_fixed,
    random_case=_kfold_random,
    edge_cases=_kfold_edge,
    mistakes=(
        Mistake(
            "remainder_dropped",
            "the last n_samples % k samples are in no validation fold; give the first n_samples % k folds one extra sample each.",
            _kfold_remainder_dropped,
        ),
        Mistake(
            "remainder_in_last_fold",
            "the last fold takes all the leftover samples; the leftover n_samples % k go one each to the first folds (as sklearn's KFold).",
            lambda n, k: _folds_from_sizes(n, [n // k] * (k - 1) + [n - (k - 1) * (n // k)]),
        ),
        Mistake(
            "validation_in_training",
            "each training set still contains its validation samples; train on every index outside the validation fold.",
            lambda n, k: [(torch.arange(n), val) for _, val in ref.kfold_indices(n, k)],
        ),
        Mistake(
            "fold_end_off_by_one",
            "each validation fold runs one index too far (an inclusive end), so neighbouring folds overlap.",
            lambda n, k: _folds_from_sizes(n, [n // k + (1 if i < n % k else 0) for i in range(k)], overlap=1),
        ),
        Mistake(
            "train_and_validation_swapped",
            "training and validation indices are swapped: return (train_idx, val_idx), the larger set first.",
            lambda n, k: [(val, train) for train, val in ref.kfold_indices(n, k)],
        ),
    ),
    forbidden=(
        "sklearn.model_selection.KFold.split",
        "sklearn.model_selection.KFold._iter_test_indices",
        "numpy.array_split",
        "torch.tensor_split",
        "torch.Tensor.tensor_split",
    ),
)
