"""Do the chapter-01 data sets have the documented shapes, reproduce from a seed and reject bad arguments?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data import (
    DIABETES_FEATURES,
    load_diabetes,
    make_linear_regression,
    make_sine_regression,
    sine_curve,
)

F64 = torch.float64


# -- make_linear_regression ----------------------------------------------------------------


@pytest.mark.parametrize("n_samples,n_features", [(1, 1), (7, 3), (50, 10)])
def test_linear_regression_has_the_documented_shapes_and_dtype(n_samples, n_features):
    X, y, w, b = make_linear_regression(n_samples, n_features, noise=0.5, seed=0)
    assert X.shape == (n_samples, n_features)
    assert y.shape == (n_samples,)
    assert w.shape == (n_features,)
    assert b.shape == ()
    assert all(t.dtype == F64 and t.device.type == "cpu" for t in (X, y, w, b))


def test_linear_regression_is_reproducible_from_its_seed():
    first = make_linear_regression(20, 4, noise=0.3, seed=5)
    second = make_linear_regression(20, 4, noise=0.3, seed=5)
    for a, b in zip(first, second):
        assert torch.equal(a, b)


def test_linear_regression_differs_between_seeds():
    X1, y1, w1, _ = make_linear_regression(20, 4, noise=0.3, seed=5)
    X2, y2, w2, _ = make_linear_regression(20, 4, noise=0.3, seed=6)
    assert not torch.equal(X1, X2) and not torch.equal(y1, y2) and not torch.equal(w1, w2)


def test_linear_regression_leaves_the_global_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    make_linear_regression(10, 2, seed=0)
    assert torch.equal(torch.rand(3), expected)


def test_linear_regression_without_noise_is_exactly_linear():
    X, y, w, b = make_linear_regression(30, 3, noise=0.0, seed=2)
    torch.testing.assert_close(y, X @ w + b, rtol=0, atol=1e-12)


def test_linear_regression_noise_has_the_requested_standard_deviation():
    X, y, w, b = make_linear_regression(20_000, 2, noise=0.5, seed=3)
    residual_std = (y - X @ w - b).std().item()
    assert abs(residual_std - 0.5) < 0.02


def test_linear_regression_noise_only_changes_the_targets():
    X0, y0, w0, b0 = make_linear_regression(15, 2, noise=0.0, seed=4)
    X1, y1, w1, b1 = make_linear_regression(15, 2, noise=1.0, seed=4)
    assert torch.equal(X0, X1) and torch.equal(w0, w1) and torch.equal(b0, b1)
    assert not torch.equal(y0, y1)


def test_linear_regression_float32_is_the_float64_data_rounded():
    data64 = make_linear_regression(10, 2, noise=0.1, seed=7)
    data32 = make_linear_regression(10, 2, noise=0.1, seed=7, dtype=torch.float32)
    for a, b in zip(data64, data32):
        assert b.dtype == torch.float32
        assert torch.equal(a.to(torch.float32), b)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_samples": 0},
        {"n_samples": -3},
        {"n_features": 0},
        {"noise": -0.1},
        {"noise": float("nan")},
        {"seed": -1},
        {"dtype": torch.int64},
    ],
)
def test_linear_regression_rejects_bad_values(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        make_linear_regression(**{"n_samples": 10, "n_features": 2, "seed": 0, **kwargs})


@pytest.mark.parametrize(
    "kwargs", [{"n_samples": 10.0}, {"n_features": "3"}, {"noise": "0.1"}, {"seed": 1.5}, {"n_samples": True}]
)
def test_linear_regression_rejects_bad_types(kwargs):
    with pytest.raises(TypeError, match=next(iter(kwargs))):
        make_linear_regression(**{"n_samples": 10, "n_features": 2, "seed": 0, **kwargs})


# -- make_sine_regression --------------------------------------------------------------------


@pytest.mark.parametrize("n_samples", [1, 12, 100])
def test_sine_regression_has_the_documented_shapes_and_range(n_samples):
    x, y = make_sine_regression(n_samples, noise=0.2, seed=0)
    assert x.shape == y.shape == (n_samples,)
    assert x.dtype == y.dtype == F64
    assert (x >= 0).all() and (x <= 1).all()


def test_sine_regression_is_reproducible_and_differs_between_seeds():
    x1, y1 = make_sine_regression(25, noise=0.2, seed=11)
    x2, y2 = make_sine_regression(25, noise=0.2, seed=11)
    x3, y3 = make_sine_regression(25, noise=0.2, seed=12)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, x3) and not torch.equal(y1, y3)


def test_sine_regression_without_noise_lies_on_the_sine_curve():
    x, y = make_sine_regression(40, noise=0.0, seed=1)
    torch.testing.assert_close(y, torch.sin(2 * torch.pi * x), rtol=0, atol=1e-15)
    torch.testing.assert_close(
        sine_curve(torch.tensor([0.0, 0.25, 0.75], dtype=F64)), torch.tensor([0.0, 1.0, -1.0], dtype=F64)
    )


def test_sine_regression_float32():
    x, y = make_sine_regression(5, seed=0, dtype=torch.float32)
    assert x.dtype == y.dtype == torch.float32


@pytest.mark.parametrize("kwargs", [{"n_samples": 0}, {"noise": -1.0}, {"seed": -5}, {"dtype": torch.float16}])
def test_sine_regression_rejects_bad_values(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        make_sine_regression(**{"n_samples": 10, "seed": 0, **kwargs})


# -- load_diabetes ---------------------------------------------------------------------------


def test_diabetes_has_442_samples_of_10_features():
    X, y = load_diabetes()
    assert X.shape == (442, 10) and y.shape == (442,)
    assert X.dtype == y.dtype == F64
    assert len(DIABETES_FEATURES) == 10


def test_diabetes_matches_scikit_learn():
    from sklearn.datasets import load_diabetes as sklearn_load_diabetes

    bunch = sklearn_load_diabetes()
    X, y = load_diabetes()
    assert torch.equal(X, torch.from_numpy(bunch.data)) and torch.equal(y, torch.from_numpy(bunch.target))
    assert tuple(bunch.feature_names) == DIABETES_FEATURES


def test_diabetes_scaled_features_are_centred_with_unit_norm():
    X, _ = load_diabetes()
    torch.testing.assert_close(X.mean(0), torch.zeros(10, dtype=F64), rtol=0, atol=1e-12)
    torch.testing.assert_close(X.norm(dim=0), torch.ones(10, dtype=F64), rtol=1e-6, atol=0)


def test_diabetes_raw_and_float32():
    X_raw, _ = load_diabetes(scaled=False)
    assert X_raw[:, 0].min() >= 18  # ages in years
    X32, y32 = load_diabetes(dtype=torch.float32)
    assert X32.dtype == y32.dtype == torch.float32


def test_diabetes_rejects_a_non_float_dtype():
    with pytest.raises(ValueError, match="dtype"):
        load_diabetes(dtype=torch.int32)
