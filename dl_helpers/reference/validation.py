"""Splitting data to estimate generalisation: k-fold cross-validation."""

from __future__ import annotations

import torch
from torch import Tensor


def kfold_indices(n_samples: int, k: int) -> list[tuple[Tensor, Tensor]]:
    """Train/validation index pairs for k-fold cross-validation, without shuffling.

    The samples ``0 .. n_samples-1`` are cut into k contiguous folds; the first
    ``n_samples % k`` folds hold one sample more than the others (as
    ``sklearn.model_selection.KFold(k)``). Fold i is the validation set of split i
    and the other folds, in order, its training set. Every sample is validated on
    exactly once. Shuffle the data beforehand if its order means something.

    Args:
        n_samples: number of samples N, >= k.
        k: number of folds, >= 2.

    Returns:
        A list of k pairs ``(train_idx, val_idx)`` of int64 tensors.

    Example:
        >>> [v.tolist() for _, v in kfold_indices(5, 2)]
        [[0, 1, 2], [3, 4]]
    """
    if k < 2:
        raise ValueError(f"k must be >= 2, got {k}")
    if n_samples < k:
        raise ValueError(f"n_samples must be >= k, got n_samples={n_samples}, k={k}")
    base, extra = divmod(n_samples, k)
    sizes = [base + 1 if fold < extra else base for fold in range(k)]
    indices = torch.arange(n_samples)
    folds = []
    start = 0
    for size in sizes:
        val_mask = torch.zeros(n_samples, dtype=torch.bool)
        val_mask[start : start + size] = True
        folds.append((indices[~val_mask], indices[val_mask]))
        start += size
    return folds
