"""Helpers that several chapter 08 exercise specs use: the data their cases are built from."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.grading.cases import F64, randint, randn


def pca_data(g: torch.Generator, n: int, d: int, offset: float = 3.0) -> Tensor:
    """(n, d) samples whose variances along d random orthogonal directions fall by a factor of 2 each.

    The well separated variances make every principal direction well defined (also in float32),
    and the offset puts the mean far from zero, so forgetting to centre changes the result.
    """
    rotation, _ = torch.linalg.qr(randn(g, d, d))  # (d, d), orthogonal
    scales = 2.0 ** -torch.arange(d, dtype=F64)  # (d,)
    Z = randn(g, n, d)
    Z = (Z - Z.mean(0)) / Z.std(0).clamp(min=1e-3) if n > 2 else Z  # (n, d), unit sample spread per axis
    return (Z * 3 * scales) @ rotation.mT + offset * randn(g, d)  # (n, d)


def sentences(g: torch.Generator, vocab_size: int, count: int, max_length: int) -> list[Tensor]:
    """``count`` random sentences of 0..max_length word ids below ``vocab_size`` (int64)."""
    return [torch.randint(vocab_size, (randint(g, 0, max_length),), generator=g) for _ in range(count)]
