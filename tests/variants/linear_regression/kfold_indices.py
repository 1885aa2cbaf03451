"""Answers a student might hand in for ``kfold_indices``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "boolean masks in a loop",
        """
import torch
def kfold_indices(n_samples, k):
    folds = []
    start = 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        is_val = torch.zeros(n_samples, dtype=torch.bool)
        is_val[start:start + size] = True
        idx = torch.arange(n_samples)
        folds.append((idx[~is_val], idx[is_val]))
        start += size
    return folds
""",
    ),
    _v(
        "fold boundaries from a formula",
        """
import torch
def kfold_indices(n_samples, k):
    q, r = divmod(n_samples, k)
    bounds = [i * q + min(i, r) for i in range(k + 1)]
    everything = torch.arange(n_samples)
    return [(torch.cat([everything[:lo], everything[hi:]]), everything[lo:hi]) for lo, hi in zip(bounds, bounds[1:])]
""",
    ),
    _v(
        "fold size n // k",
        """
import torch
def kfold_indices(n_samples, k):
    size = n_samples // k
    idx = torch.arange(n_samples)
    folds = []
    for i in range(k):
        val = idx[i * size:(i + 1) * size]
        train = torch.cat([idx[:i * size], idx[(i + 1) * size:]])
        folds.append((train, val))
    return folds
""",
        "remainder_dropped",
    ),
    _v(
        "leftovers in the last fold",
        """
import torch
def kfold_indices(n_samples, k):
    size = n_samples // k
    idx = torch.arange(n_samples)
    folds = []
    for i in range(k):
        end = (i + 1) * size if i < k - 1 else n_samples
        folds.append((torch.cat([idx[:i * size], idx[end:]]), idx[i * size:end]))
    return folds
""",
        "remainder_in_last_fold",
    ),
    _v(
        "training on everything",
        """
import torch
def kfold_indices(n_samples, k):
    idx = torch.arange(n_samples)
    folds, start = [], 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        folds.append((idx, idx[start:start + size]))
        start += size
    return folds
""",
        "validation_in_training",
    ),
    _v(
        "inclusive fold end",
        """
import torch
def kfold_indices(n_samples, k):
    idx = torch.arange(n_samples)
    folds, start = [], 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        end = start + size
        folds.append((torch.cat([idx[:start], idx[end + 1:]]), idx[start:end + 1]))
        start = end
    return folds
""",
        "fold_end_off_by_one",
    ),
]
