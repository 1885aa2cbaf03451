"""Helpers that several chapter 01 exercise specs share."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.grading.cases import randint as _randint, randn as _randn


def _targets(gen: torch.Generator, n: int) -> Tensor:
    return _randn(gen, n) if _randint(gen, 0, 1) else _randn(gen, n, _randint(gen, 1, 3))
