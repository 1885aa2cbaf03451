"""Helpers the chapter 06 exercise specs share: random convolution settings, the refused shortcuts, padding."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor

from dl_helpers.grading.cases import randint, randn

# Everything that computes a convolution (or its windows) in one call.
CONV_SHORTCUTS = (
    "torch.nn.functional.conv2d",
    "torch.conv2d",
    "torch.convolution",
    "torch._convolution",
    "torch.nn.Conv2d.forward",
    "torch.nn.Conv2d._conv_forward",
    "torch.nn.functional.unfold",
    "torch.nn.Unfold.forward",
    "torch.nn.functional.conv_transpose2d",
    "torch.conv_transpose2d",
    "scipy.signal.correlate2d",
    "scipy.signal.convolve2d",
    "scipy.signal.correlate",
    "scipy.signal.convolve",
    "scipy.ndimage.correlate",
    "scipy.ndimage.convolve",
    "dl_helpers.reference.conv.conv2d",
    "dl_helpers.reference.conv.corr2d",
    "dl_helpers.reference.conv.unfold",
)


def pair(value) -> tuple[int, int]:
    """An int or a pair as a pair."""
    return (value, value) if isinstance(value, int) else tuple(value)


@dataclass(frozen=True)
class Setting:
    """A convolution's shapes and hyper-parameters that fit: the (dilated) kernel fits the padded input."""

    batch: int
    channels: int
    filters: int
    height: int
    width: int
    kernel: tuple[int, int]
    stride: int | tuple[int, int]
    padding: int | tuple[int, int]
    dilation: int | tuple[int, int]

    def describe(self) -> str:
        return (
            f"N={self.batch}, C={self.channels}, K={self.filters}, {self.height}x{self.width} input, "
            f"{self.kernel[0]}x{self.kernel[1]} kernel, stride {self.stride}, padding {self.padding}, dilation {self.dilation}"
        )


def _int_or_pair(gen: torch.Generator, low: int, high: int) -> int | tuple[int, int]:
    """An int, or (one time in three) a pair of different-ish ints."""
    if randint(gen, 0, 2) == 0:
        return (randint(gen, low, high), randint(gen, low, high))
    return randint(gen, low, high)


def random_setting(gen: torch.Generator, max_dilation: int = 2, max_padding: int = 2) -> Setting:
    """Random shapes (non-square, batch 1 included), stride, padding and dilation with at least one window."""
    kernel = (randint(gen, 1, 4), randint(gen, 1, 4))
    stride = _int_or_pair(gen, 1, 3)
    padding = _int_or_pair(gen, 0, max_padding)
    dilation = _int_or_pair(gen, 1, max_dilation) if max_dilation > 1 else 1
    (pad_h, pad_w), (dil_h, dil_w) = pair(padding), pair(dilation)
    low_h = max(1, dil_h * (kernel[0] - 1) + 1 - 2 * pad_h)  # the smallest input the dilated kernel fits
    low_w = max(1, dil_w * (kernel[1] - 1) + 1 - 2 * pad_w)
    height, width = randint(gen, low_h, max(low_h, 9)), randint(gen, low_w, max(low_w, 9))
    return Setting(
        randint(gen, 1, 3), randint(gen, 1, 3), randint(gen, 1, 4), height, width, kernel, stride, padding, dilation
    )


def conv_tensors(gen: torch.Generator, s: Setting) -> tuple[Tensor, Tensor, Tensor]:
    """Input (N, C, H, W), weight (K, C, kH, kW) and bias (K,) for a setting, standard normal float64."""
    return (
        randn(gen, s.batch, s.channels, s.height, s.width),
        randn(gen, s.filters, s.channels, *s.kernel),
        randn(gen, s.filters),
    )


def pad_before(x: Tensor, padding, value: float = 0.0) -> Tensor:
    """``padding`` entries of ``value`` above and to the left of an (..., H, W) tensor only (the one-sided mistake)."""
    pad_h, pad_w = pair(padding)
    return F.pad(x, (pad_w, 0, pad_h, 0), value=value)


def pad_both(x: Tensor, padding, value: float = 0.0) -> Tensor:
    """``padding`` entries of ``value`` on each side of an (..., H, W) tensor."""
    pad_h, pad_w = pair(padding)
    return F.pad(x, (pad_w, pad_w, pad_h, pad_h), value=value)
