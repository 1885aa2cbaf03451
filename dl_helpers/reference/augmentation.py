"""Data augmentation for batches of images, as tensor operations with an explicit random generator.

Each function takes a batch (N, C, H, W) and makes an independent random choice per
image, like applying a ``torchvision.transforms.v2`` transform (``RandomHorizontalFlip``,
``RandomCrop``, ``GaussianNoise``) to every image separately, but without a Python loop.
Random numbers are drawn on the generator's device (the images' device when ``generator``
is None) and moved to the images' device, so a seeded CPU generator gives the same batch
on any device. Everything is differentiable with respect to the images.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def _check_images(images: Tensor) -> None:
    if images.dim() != 4:
        raise ValueError(f"expected a batch of images of shape (N, C, H, W), got shape {tuple(images.shape)}")


def _draw_device(images: Tensor, generator: torch.Generator | None) -> torch.device:
    return generator.device if generator is not None else images.device


def random_horizontal_flip(images: Tensor, p: float = 0.5, generator: torch.Generator | None = None) -> Tensor:
    """Mirror each image left to right with probability p.

        u_n ~ U[0, 1) per image;   image n is flipped when u_n < p

    Args:
        images: (N, C, H, W).
        p: probability of flipping an image, in [0, 1].
        generator: the random number generator.

    Returns:
        (N, C, H, W).

    Example:
        >>> random_horizontal_flip(torch.arange(3.0).reshape(1, 1, 1, 3), p=1.0)
        tensor([[[[2., 1., 0.]]]])
    """
    _check_images(images)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    u = torch.rand(images.shape[0], generator=generator, device=_draw_device(images, generator)).to(
        images.device
    )  # (N,)
    flip = (u < p).reshape(-1, 1, 1, 1)  # (N, 1, 1, 1)
    return torch.where(flip, images.flip(-1), images)


def random_crop(
    images: Tensor, size: int | tuple[int, int], padding: int = 0, generator: torch.Generator | None = None
) -> Tensor:
    """Cut a random window of ``size`` out of each image, after zero-padding it by ``padding`` pixels.

    With ``size`` equal to the image size and ``padding`` = P this shifts every image by a
    random offset of up to P pixels in each direction, filling with zeros: the usual
    augmentation for small images. Offsets are drawn per image, uniformly:

        top_n ~ U{0, ..., H + 2P - h},  left_n ~ U{0, ..., W + 2P - w}   (tops first, then lefts)

    Args:
        images: (N, C, H, W).
        size: (h, w) of the crop, or an int for a square crop; at most the padded size.
        padding: zero pixels added on every side before cropping, >= 0.
        generator: the random number generator.

    Returns:
        (N, C, h, w).
    """
    _check_images(images)
    h, w = (size, size) if isinstance(size, int) else tuple(size)
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got {padding}")
    n, c, height, width = images.shape
    padded_h, padded_w = height + 2 * padding, width + 2 * padding
    if not (0 < h <= padded_h and 0 < w <= padded_w):
        raise ValueError(
            f"crop size {(h, w)} must be positive and fit in the padded image of size {(padded_h, padded_w)}"
        )
    padded = F.pad(images, (padding, padding, padding, padding))  # (N, C, H + 2P, W + 2P), zeros around
    device = _draw_device(images, generator)
    top = torch.randint(0, padded_h - h + 1, (n,), generator=generator, device=device).to(images.device)  # (N,)
    left = torch.randint(0, padded_w - w + 1, (n,), generator=generator, device=device).to(images.device)  # (N,)
    rows = top[:, None] + torch.arange(h, device=images.device)  # (N, h)
    cols = left[:, None] + torch.arange(w, device=images.device)  # (N, w)
    batch = torch.arange(n, device=images.device)[:, None, None, None]  # (N, 1, 1, 1)
    channel = torch.arange(c, device=images.device)[None, :, None, None]  # (1, C, 1, 1)
    return padded[batch, channel, rows[:, None, :, None], cols[:, None, None, :]]  # indices broadcast to (N, C, h, w)


def gaussian_noise(
    images: Tensor,
    mean: float = 0.0,
    sigma: float = 0.1,
    clip: bool = True,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Add Gaussian noise ``N(mean, sigma^2)`` to every pixel, as ``torchvision.transforms.v2.functional.gaussian_noise``.

    With ``clip`` the result is clamped to [0, 1], the range of float images.

    Args:
        images: (N, C, H, W), values in [0, 1] when clip is True.
        mean: mean of the noise.
        sigma: standard deviation of the noise, >= 0.
        clip: clamp the result to [0, 1].
        generator: the random number generator.

    Returns:
        (N, C, H, W).
    """
    _check_images(images)
    if sigma < 0:
        raise ValueError(f"sigma must be >= 0, got {sigma}")
    noise = torch.randn(images.shape, dtype=images.dtype, generator=generator, device=_draw_device(images, generator))
    noisy = images + (mean + sigma * noise).to(images.device)  # (N, C, H, W)
    return noisy.clamp(0.0, 1.0) if clip else noisy
