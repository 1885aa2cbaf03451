"""Helpers the chapter 07 exercise specs share: random boxes."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.grading.cases import F64, randint


def random_boxes(gen: torch.Generator, n: int, extent: float = 10.0, grid: bool = False) -> Tensor:
    """``n`` boxes (x1, y1, x2, y2) inside [0, extent + 3], float64, 0.2 to 3 wide and high.

    With ``grid`` the corners are whole numbers, so that overlaps are exact and boxes touch.
    """
    corner = torch.rand(n, 2, generator=gen, dtype=F64) * extent  # (n, 2) top-left corners
    size = 0.2 + torch.rand(n, 2, generator=gen, dtype=F64) * 2.8  # (n, 2) widths and heights
    if grid:
        corner, size = corner.floor(), size.ceil()
    return torch.cat([corner, corner + size], dim=1)


def random_count(gen: torch.Generator, low: int = 1, high: int = 6) -> int:
    return randint(gen, low, high)
