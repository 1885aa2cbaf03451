"""Seeded random draws for building exercise inputs (:class:`~dl_helpers.grading.exercise.Case`).

Cases are built in float64 on the CPU from an explicit ``torch.Generator``, so the same
seed gives the same inputs on every machine; the checks then move them to the device and
dtype under test.
"""

from __future__ import annotations

import torch
from torch import Tensor

F64 = torch.float64


def randint(gen: torch.Generator, low: int, high: int) -> int:
    """A random integer in [low, high], both included."""
    return int(torch.randint(low, high + 1, (1,), generator=gen))


def randn(gen: torch.Generator, *shape: int) -> Tensor:
    """Standard normal float64 values of the given shape."""
    return torch.randn(shape, generator=gen, dtype=F64)


def uniform(gen: torch.Generator, low: float, high: float) -> float:
    """A random float in [low, high)."""
    return low + (high - low) * float(torch.rand(1, generator=gen, dtype=F64))


def random_shape(gen: torch.Generator, max_dims: int = 3, max_size: int = 5) -> tuple[int, ...]:
    """A shape of 1 to ``max_dims`` dimensions, each of size 1 to ``max_size``."""
    return tuple(randint(gen, 1, max_size) for _ in range(randint(gen, 1, max_dims)))


def choice(gen: torch.Generator, options: tuple):
    """One of ``options``, chosen uniformly."""
    return options[randint(gen, 0, len(options) - 1)]


def seeded(seed: int) -> torch.Generator:
    """A new CPU generator seeded with ``seed`` (edge cases draw their inputs from one)."""
    return torch.Generator().manual_seed(seed)


def child(gen: torch.Generator) -> torch.Generator:
    """A fresh generator seeded from ``gen``: the one handed to a function that draws random numbers."""
    return seeded(randint(gen, 0, 2**31 - 1))


def labels(gen: torch.Generator, n: int, k: int) -> Tensor:
    """``n`` class labels in [0, k), int64."""
    return torch.randint(0, k, (n,), generator=gen)
