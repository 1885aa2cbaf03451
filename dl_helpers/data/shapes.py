"""Small generated images of shapes (chapter 07): squares, discs and triangles on noisy backgrounds.

Every image is drawn from an explicit seed, on the CPU, with no files or downloads; the
bounding box of each shape is returned with it, (x1, y1, x2, y2) in pixel-edge coordinates
(a shape covering columns 2..5 has x1 = 2, x2 = 6), the convention of ``torchvision.ops``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

SHAPE_NAMES = ("square", "disc", "triangle")


@dataclass(frozen=True)
class ShapeImages:
    """Images (N, 1, S, S), their labels (N,) int64 indexing SHAPE_NAMES, and each shape's box (N, 4)."""

    images: Tensor
    labels: Tensor
    boxes: Tensor


def _mask(kind: int, size: int, x0: int, y0: int, side: int) -> Tensor:
    """A boolean (size, size) mask of one shape whose bounding square is [x0, x0 + side) x [y0, y0 + side)."""
    ys, xs = torch.meshgrid(
        torch.arange(size, dtype=torch.float64), torch.arange(size, dtype=torch.float64), indexing="ij"
    )
    u, v = (xs - x0 + 0.5) / side, (ys - y0 + 0.5) / side  # in (0, 1) inside the bounding square
    inside = (u > 0) & (u < 1) & (v > 0) & (v < 1)
    if kind == 0:
        return inside
    if kind == 1:
        return inside & ((u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25)
    return inside & ((u - 0.5).abs() <= 0.5 * v)  # apex at the top, base at the bottom


def make_shapes(
    n: int, size: int = 16, *, seed: int = 0, noise: float = 0.3, min_side: int = 5, max_side: int = 10
) -> ShapeImages:
    """``n`` images of one shape each, a random kind, side and position, plus Gaussian noise.

    Args:
        n: number of images.
        size: the images are size x size pixels.
        seed: seeds a ``torch.Generator``; the same seed gives the same images.
        noise: standard deviation of the background noise (the shape has value 1, the background 0).
        min_side, max_side: the side of each shape's bounding square, in pixels, at most ``size``.

    Returns:
        :class:`ShapeImages` with float32 images.

    Raises:
        ValueError: the sides do not fit the image.
    """
    if not 1 <= min_side <= max_side <= size:
        raise ValueError(f"need 1 <= min_side <= max_side <= size, got {min_side}, {max_side}, {size}")
    gen = torch.Generator().manual_seed(seed)
    images = torch.randn(n, 1, size, size, generator=gen, dtype=torch.float64) * noise
    labels = torch.randint(0, len(SHAPE_NAMES), (n,), generator=gen)
    boxes = torch.zeros(n, 4, dtype=torch.float64)
    for i in range(n):
        side = int(torch.randint(min_side, max_side + 1, (1,), generator=gen))
        x0, y0 = (int(v) for v in torch.randint(0, size - side + 1, (2,), generator=gen))
        mask = _mask(int(labels[i]), size, x0, y0, side)
        images[i, 0][mask] += 1.0
        rows, cols = mask.any(dim=1).nonzero().flatten(), mask.any(dim=0).nonzero().flatten()
        boxes[i] = torch.tensor([cols.min(), rows.min(), cols.max() + 1, rows.max() + 1], dtype=torch.float64)
    return ShapeImages(images.float(), labels, boxes)
