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


def _fold(n: int, start: int, stop: int) -> tuple[Tensor, Tensor]:
    """(train, validation) indices of one split whose validation samples are start .. stop - 1."""
    return torch.cat([torch.arange(start), torch.arange(stop, n)]), torch.arange(start, stop)


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
            lambda n, k: [_fold(n, i * (n // k), (i + 1) * (n // k)) for i in range(k)],
        ),
        Mistake(
            "remainder_in_last_fold",
            "the last fold takes all the leftover samples; the leftover n_samples % k go one each to the first folds (as sklearn's KFold).",
            lambda n, k: [_fold(n, i * (n // k), (i + 1) * (n // k) if i < k - 1 else n) for i in range(k)],
        ),
        Mistake(
            "validation_in_training",
            "each training set still contains its validation samples; train on every index outside the validation fold.",
            lambda n, k: [(torch.arange(n), val) for _, val in ref.kfold_indices(n, k)],
        ),
        Mistake(
            "fold_end_off_by_one",
            "each validation fold runs one index too far (an inclusive end), so neighbouring folds overlap.",
            # the reference's validation folds, each running one index past its end (at most to n)
            lambda n, k: [_fold(n, int(val[0]), min(int(val[-1]) + 2, n)) for _, val in ref.kfold_indices(n, k)],
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
