"""Do the chapter-02 data sets have the documented shapes and labels, reproduce from a seed and reject bad arguments?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data import load_digits, make_blobs, make_xor

F64 = torch.float64


@pytest.mark.parametrize("n_samples,n_classes", [(1, 2), (10, 3), (301, 4)])
def test_blobs_have_the_documented_shapes_and_balanced_classes(n_samples, n_classes):
    X, y = make_blobs(n_samples, n_classes, seed=0)
    assert X.shape == (n_samples, 2) and X.dtype == F64
    assert y.shape == (n_samples,) and y.dtype == torch.int64
    counts = torch.bincount(y, minlength=n_classes)
    assert int(counts.max() - counts.min()) <= 1


def test_blobs_sit_around_their_centres_on_a_circle():
    X, y = make_blobs(3000, 3, std=0.1, radius=2.0, seed=1)
    for k in range(3):
        centre = X[y == k].mean(dim=0)
        assert abs(centre.norm().item() - 2.0) < 0.02
    assert X[y == 0].mean(dim=0)[1] > 1.9  # class 0 at the top


def test_xor_labels_are_the_xor_of_the_corner_signs():
    X, y = make_xor(400, noise=0.0, seed=0)
    assert X.shape == (400, 2) and y.dtype == torch.int64
    torch.testing.assert_close(y, ((X[:, 0] > 0) ^ (X[:, 1] > 0)).long())


@pytest.mark.parametrize("make", [make_blobs, make_xor])
def test_generated_sets_reproduce_from_their_seed_and_leave_the_global_state_alone(make):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first, second, other = make(seed=5), make(seed=5), make(seed=6)
    assert torch.equal(torch.rand(3), expected)
    assert all(torch.equal(a, b) for a, b in zip(first, second))
    assert not torch.equal(first[0], other[0])
    assert make(seed=5, dtype=torch.float32)[0].dtype == torch.float32


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda: make_blobs(0), ValueError),
        (lambda: make_blobs(10, n_classes=1), ValueError),
        (lambda: make_blobs(10, std=-1.0), ValueError),
        (lambda: make_xor(10, noise=float("nan")), ValueError),
        (lambda: make_xor(10.5), TypeError),
        (lambda: make_xor(10, seed=-1), ValueError),
        (lambda: make_xor(10, dtype=torch.int64), ValueError),
        (lambda: load_digits(test_size=1797), ValueError),
        (lambda: load_digits(test_size=0), ValueError),
    ],
)
def test_bad_arguments_are_rejected(call, error):
    with pytest.raises(error):
        call()


def test_digits_split_is_fixed_disjoint_and_complete():
    X_train, y_train, X_test, y_test = load_digits()
    assert X_train.shape == (1437, 64) and X_test.shape == (360, 64) and X_train.dtype == torch.float32
    assert y_train.dtype == torch.int64 and set(y_test.tolist()) == set(range(10))
    assert float(X_train.min()) == 0.0 and float(X_train.max()) == 16.0
    again = load_digits()
    assert all(torch.equal(a, b) for a, b in zip((X_train, y_train, X_test, y_test), again))
    from sklearn.datasets import load_digits as sklearn_load_digits

    digits = sklearn_load_digits()
    labels = torch.cat([y_train, y_test])
    assert torch.equal(torch.bincount(labels), torch.bincount(torch.as_tensor(digits.target)))
    pixels = torch.cat([X_train, X_test]).double()
    assert pixels.sum().item() == float(digits.data.sum())  # every image used once
    assert pixels.sum(dim=1).sort().values.tolist() == sorted(digits.data.sum(axis=1).tolist())
