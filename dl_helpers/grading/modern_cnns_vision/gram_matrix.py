"""Exercise gram_matrix: channel-by-channel products of feature maps, averaged over positions."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    gen = seeded(73)
    return [
        Case("one image, 2 channels, 1x2 positions", (torch.tensor([[[[1.0, 3.0]], [[2.0, 0.0]]]], dtype=F64),)),
        Case("one image, 3 channels, 4x5 positions", (randn(gen, 1, 3, 4, 5),)),
        Case("2 images, 2 channels, 3x3 (each image has its own Gram matrix)", (randn(gen, 2, 2, 3, 3),)),
        Case("a positive feature map (ReLU output), 4 channels, 2x6", (randn(gen, 1, 4, 2, 6).relu() + 0.5,)),
    ]


def _random(gen: torch.Generator) -> Case:
    shape = (randint(gen, 1, 3), randint(gen, 1, 6), randint(gen, 1, 6), randint(gen, 1, 6))
    return Case(f"random features {shape}", (randn(gen, *shape) + float(randint(gen, 0, 1)),))


def _edge() -> list[Case]:
    gen = seeded(74)
    return [
        Case("a single position (H = W = 1)", (randn(gen, 2, 3, 1, 1),)),
        Case("a single channel", (randn(gen, 1, 1, 4, 3),)),
        Case("values around 1e3", (1e3 * randn(gen, 1, 2, 3, 3),)),
        Case("64 channels of 8x8 positions", (randn(gen, 1, 64, 8, 8),)),
    ]


def _positions_instead_of_channels(features):
    """F^T F: a (P, P) matrix over positions instead of (C, C) over channels."""
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat.transpose(1, 2) @ flat / (h * w)


EXERCISE = Exercise(
    name="gram_matrix",
    reference=ref.gram_matrix,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("features",),
    mistakes=(
        Mistake(
            "not_normalised",
            "your Gram matrix is a sum over positions; divide by the number of positions H * W, so that it is an average "
            "and does not grow with the image size.",
            lambda f: ref.gram_matrix(f) * (f.shape[2] * f.shape[3]),
        ),
        Mistake(
            "divided_by_channels_too",
            "you divided by C * H * W; this chapter's Gram matrix divides by the number of positions H * W only.",
            lambda f: ref.gram_matrix(f) / f.shape[1],
        ),
        Mistake(
            "batch_mixed",
            "your Gram matrices mix the images of the batch; reshape to (N, C, H * W) and multiply each image's "
            "features with its own transpose (a batched product, flat @ flat.transpose(1, 2)).",
            lambda f: ref.gram_matrix(f).mean(dim=0, keepdim=True).expand(f.shape[0], -1, -1),
        ),
        Mistake(
            "centred_features",
            "you subtracted each channel's mean (a covariance); the Gram matrix uses the features as they are.",
            lambda f: ref.gram_matrix(f - f.mean(dim=(2, 3), keepdim=True)),
        ),
        Mistake(
            "positions_instead_of_channels",
            "your result is (N, H W, H W): you multiplied in the wrong order. With flat = features.reshape(N, C, H * W), "
            "the Gram matrix is flat @ flat.transpose(1, 2), of shape (N, C, C).",
            _positions_instead_of_channels,
        ),
    ),
    forbidden=("dl_helpers.reference.vision.gram_matrix",),
)
