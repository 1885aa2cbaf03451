"""Offline classification data for chapter 02: Gaussian blobs, the XOR pattern, scikit-learn's digits.

Points come back as float64 tensors by default (pass ``dtype=torch.float32`` for single
precision) and labels as int64 class indices 0, 1, ..., K-1, as ``torch.nn.functional.cross_entropy``
expects. Random data comes from a ``torch.Generator`` seeded with the ``seed`` argument and
drawn on the CPU, so the same seed gives the same points on every machine and the global
random state is left alone.

Shape letters: N samples, D features, K classes.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers.data.regression import _check_count, _check_dtype, _check_noise, _generator


def make_blobs(
    n_samples: int = 300,
    n_classes: int = 3,
    std: float = 0.8,
    radius: float = 2.5,
    seed: int = 0,
    *,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor]:
    """2-D Gaussian clusters, one per class, with centres evenly spaced on a circle.

    Class k has its centre at ``radius * (cos(2 pi k / K + pi / 2), sin(2 pi k / K + pi / 2))``
    (class 0 at the top) and samples ``centre + std * eps`` with standard normal ``eps``. Samples
    are dealt to the classes in turn (sample n has class ``n % K``), so class sizes differ by at most one.

    Args:
        n_samples: N, >= 1.
        n_classes: K, >= 2.
        std: standard deviation of every cluster, >= 0 (small: well separated; large: overlapping).
        radius: distance of the centres from the origin, >= 0.
        seed: seed of the random generator; equal seeds give equal data.
        dtype: torch.float64 (default) or torch.float32.

    Returns:
        (X, y): X of shape (N, 2), y int64 of shape (N,) with values in [0, K).

    Raises:
        TypeError / ValueError: an argument has the wrong type or is out of range.
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    n_classes = _check_count("n_classes", n_classes, 2)
    std = _check_noise(std)
    radius = _check_noise(radius)
    dtype = _check_dtype(dtype)
    gen = _generator(seed)
    angles = 2 * math.pi * torch.arange(n_classes, dtype=torch.float64) / n_classes + math.pi / 2  # (K,)
    centres = radius * torch.stack([angles.cos(), angles.sin()], dim=1)  # (K, 2)
    y = torch.arange(n_samples) % n_classes  # (N,)
    X = centres[y] + std * torch.randn(n_samples, 2, generator=gen, dtype=torch.float64)  # (N, 2)
    return X.to(dtype), y


def make_xor(
    n_samples: int = 200,
    noise: float = 0.35,
    seed: int = 0,
    *,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor]:
    """Noisy points around the corners (±1, ±1) of a square, labelled by XOR of their signs.

    Corners (-1, -1) and (1, 1) are class 0, corners (-1, 1) and (1, -1) class 1: no straight
    line separates the two classes. Samples are dealt to the corners in turn, in the order
    (-1, -1), (-1, 1), (1, -1), (1, 1).

    Args:
        n_samples: N, >= 1.
        noise: standard deviation of the Gaussian noise around each corner, >= 0.
        seed: seed of the random generator; equal seeds give equal data.
        dtype: torch.float64 (default) or torch.float32.

    Returns:
        (X, y): X of shape (N, 2), y int64 of shape (N,) with values 0 and 1.
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    dtype = _check_dtype(dtype)
    gen = _generator(seed)
    corners = torch.tensor([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]], dtype=torch.float64)  # (4, 2)
    corner = torch.arange(n_samples) % 4  # (N,)
    X = corners[corner] + noise * torch.randn(n_samples, 2, generator=gen, dtype=torch.float64)  # (N, 2)
    y = torch.tensor([0, 1, 1, 0])[corner]  # (N,)
    return X.to(dtype), y


def load_digits(
    test_size: int = 360, seed: int = 0, *, dtype: torch.dtype = torch.float32
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """scikit-learn's handwritten digits (bundled, no download), split into training and test sets.

    1797 grey-scale images of 8 x 8 pixels with values 0 to 16, flattened to D = 64 features,
    and the digit (0-9) each shows. ``test_size`` images, chosen by a permutation seeded with
    ``seed``, form the test set and the rest the training set (chapter 04 uses the same split).
    The pixels are returned as they are: standardise them with training statistics only.

    Args:
        test_size: number of test images, 1 to 1796.
        seed: seed of the permutation that chooses the test images.
        dtype: torch.float32 (default) or torch.float64.

    Returns:
        (X_train, y_train, X_test, y_test): X of shape (N, 64) with values 0..16 and y int64 of
        shape (N,) with values 0..9; N = 1797 - test_size for training, test_size for test.
    """
    from sklearn.datasets import load_digits as _sklearn_load_digits

    test_size = _check_count("test_size", test_size, 1)
    if test_size >= 1797:
        raise ValueError(f"test_size must leave training images: 1 <= test_size <= 1796, got {test_size}")
    dtype = _check_dtype(dtype)
    digits = _sklearn_load_digits()
    images = torch.as_tensor(digits.data, dtype=dtype)  # (1797, 64)
    labels = torch.as_tensor(digits.target, dtype=torch.int64)  # (1797,)
    order = torch.randperm(len(labels), generator=_generator(seed))
    test_idx, train_idx = order[:test_size], order[test_size:]
    return images[train_idx], labels[train_idx], images[test_idx], labels[test_idx]
