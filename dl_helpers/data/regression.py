"""Offline regression data for chapter 01: a noisy linear model, a noisy sine curve, the diabetes set.

Every function returns PyTorch tensors in float64 by default (pass ``dtype=torch.float32``
for single precision). Chapter 01 compares closed-form solvers whose differences show up
in the last digits, so double precision is the default.

Random data comes from a ``torch.Generator`` seeded with the ``seed`` argument and is
always drawn on the CPU, so the same seed gives the same numbers on every machine and
the global random state is left alone. Move the tensors with ``.to(device)``.

Shape letters: N samples, D features.
"""

from __future__ import annotations

import math
import numbers

import torch
from torch import Tensor

_FLOAT_DTYPES = (torch.float32, torch.float64)


def _check_count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _check_noise(noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a number, got {type(noise).__name__} {noise!r}")
    if not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    return float(noise)


def _check_dtype(dtype: object) -> torch.dtype:
    if dtype not in _FLOAT_DTYPES:
        raise ValueError(f"dtype must be torch.float32 or torch.float64, got {dtype}")
    return dtype


def _generator(seed: object) -> torch.Generator:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    return torch.Generator(device="cpu").manual_seed(int(seed))


def make_linear_regression(
    n_samples: int = 100,
    n_features: int = 1,
    noise: float = 0.1,
    seed: int = 0,
    *,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Samples from a random linear model with Gaussian noise: ``y = X w + b + noise * eps``.

    The inputs ``X``, the true weights ``w``, the true bias ``b`` and the noise ``eps``
    are all drawn from a standard normal distribution.

    Args:
        n_samples: N, number of samples, >= 1.
        n_features: D, number of input features, >= 1.
        noise: standard deviation of the Gaussian noise added to the targets, >= 0
            (0 gives targets exactly on the plane ``X w + b``).
        seed: seed of the random generator; equal seeds give equal data.
        dtype: torch.float64 (default) or torch.float32.

    Returns:
        (X, y, true_w, true_b): X of shape (N, D), y of shape (N,), true_w of shape (D,)
        and true_b of shape () (a scalar tensor).

    Raises:
        ValueError: n_samples or n_features < 1, noise < 0, seed < 0, or dtype not a float type.
        TypeError: a count or the seed is not an int, or noise is not a number.

    Example:
        >>> X, y, w, b = make_linear_regression(50, 3, noise=0.0, seed=1)
        >>> X.shape, y.shape, w.shape, b.shape
        (torch.Size([50, 3]), torch.Size([50]), torch.Size([3]), torch.Size([]))
        >>> torch.allclose(X @ w + b, y)
        True
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    n_features = _check_count("n_features", n_features, 1)
    noise = _check_noise(noise)
    dtype = _check_dtype(dtype)
    gen = _generator(seed)
    # Drawn in float64 and converted, so float32 data is the float64 data rounded.
    true_w = torch.randn(n_features, generator=gen, dtype=torch.float64)  # (D,)
    true_b = torch.randn((), generator=gen, dtype=torch.float64)  # ()
    X = torch.randn(n_samples, n_features, generator=gen, dtype=torch.float64)  # (N, D)
    eps = torch.randn(n_samples, generator=gen, dtype=torch.float64)  # (N,)
    y = X @ true_w + true_b + noise * eps  # (N,)
    return X.to(dtype), y.to(dtype), true_w.to(dtype), true_b.to(dtype)


def sine_curve(x: Tensor) -> Tensor:
    """The noise-free target of :func:`make_sine_regression`, ``sin(2 pi x)``, elementwise."""
    return torch.sin(2 * math.pi * x)


def make_sine_regression(
    n_samples: int = 20,
    noise: float = 0.2,
    seed: int = 0,
    *,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor]:
    """Noisy samples of one period of a sine: ``y = sin(2 pi x) + noise * eps``, x uniform in [0, 1].

    The classic data set for polynomial curve fitting: a low degree underfits it, a
    degree close to the number of samples overfits it.

    Args:
        n_samples: N, number of samples, >= 1.
        noise: standard deviation of the Gaussian noise, >= 0.
        seed: seed of the random generator; equal seeds give equal data.
        dtype: torch.float64 (default) or torch.float32.

    Returns:
        (x, y): both of shape (N,), in the order they were drawn (not sorted).
        The noise-free curve is :func:`sine_curve`.

    Raises:
        ValueError: n_samples < 1, noise < 0, seed < 0, or dtype not a float type.
        TypeError: n_samples or the seed is not an int, or noise is not a number.

    Example:
        >>> x, y = make_sine_regression(10, noise=0.0, seed=3)
        >>> torch.allclose(y, sine_curve(x))
        True
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    dtype = _check_dtype(dtype)
    gen = _generator(seed)
    x = torch.rand(n_samples, generator=gen, dtype=torch.float64)  # (N,)
    eps = torch.randn(n_samples, generator=gen, dtype=torch.float64)  # (N,)
    y = sine_curve(x) + noise * eps  # (N,)
    return x.to(dtype), y.to(dtype)


def load_diabetes(*, scaled: bool = True, dtype: torch.dtype = torch.float64) -> tuple[Tensor, Tensor]:
    """scikit-learn's diabetes data (bundled with scikit-learn, no download) as tensors.

    442 patients, 10 baseline features (age, sex, body-mass index, blood pressure and
    six blood serum measurements); the target is a measure of disease progression one
    year later (values 25 to 346). See ``sklearn.datasets.load_diabetes``.

    Args:
        scaled: True (default) gives scikit-learn's version, each feature centred and
            scaled to unit Euclidean norm; False gives the raw measurements.
        dtype: torch.float64 (default) or torch.float32.

    Returns:
        (X, y): X of shape (442, 10), y of shape (442,), in scikit-learn's row order.

    Raises:
        ValueError: dtype is not a float type.
    """
    from sklearn.datasets import load_diabetes as _sklearn_load_diabetes

    dtype = _check_dtype(dtype)
    X, y = _sklearn_load_diabetes(return_X_y=True, scaled=scaled)
    return torch.as_tensor(X, dtype=dtype), torch.as_tensor(y, dtype=dtype)


#: Names of the diabetes features, in column order.
DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
