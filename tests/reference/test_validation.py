"""Does kfold_indices split like scikit-learn's KFold?"""

from __future__ import annotations

import pytest
import torch
from sklearn.model_selection import KFold

from dl_helpers import reference as ref


@pytest.mark.parametrize("n_samples,k", [(2, 2), (5, 2), (10, 3), (11, 4), (7, 7), (40, 10)])
def test_kfold_indices_match_sklearn_kfold(n_samples, k):
    ours = ref.kfold_indices(n_samples, k)
    theirs = list(KFold(n_splits=k).split(range(n_samples)))
    assert len(ours) == k
    for (train, val), (train_sk, val_sk) in zip(ours, theirs):
        assert train.dtype == torch.int64 and val.dtype == torch.int64
        assert train.tolist() == train_sk.tolist()
        assert val.tolist() == val_sk.tolist()


def test_kfold_indices_validate_every_sample_once():
    validated = torch.cat([val for _, val in ref.kfold_indices(23, 5)])
    assert sorted(validated.tolist()) == list(range(23))


@pytest.mark.parametrize("n_samples,k", [(5, 1), (3, 4)])
def test_kfold_indices_reject_impossible_splits(n_samples, k):
    with pytest.raises(ValueError):
        ref.kfold_indices(n_samples, k)
