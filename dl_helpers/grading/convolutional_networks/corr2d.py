"""Exercise corr2d: the cross-correlation of one image with one kernel."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint, randn
from dl_helpers.grading.convolutional_networks._common import CONV_SHORTCUTS
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    image = torch.arange(9.0, dtype=F64).reshape(3, 3)
    band = torch.ones(6, 8, dtype=F64)
    band[:, 2:6] = 0.0  # a dark vertical band: two vertical edges
    return [
        Case(
            "a 3x3 image 0..8 and the 2x2 kernel [[0, 1], [2, 3]]", (image, torch.arange(4.0, dtype=F64).reshape(2, 2))
        ),
        Case(
            "a 4x5 image and an asymmetric 2x3 kernel",
            (
                torch.arange(20.0, dtype=F64).reshape(4, 5) % 7,
                torch.tensor([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]], dtype=F64),
            ),
        ),
        Case(
            "the edge detector [[1, -1]] on a 6x8 image with a dark vertical band",
            (band, torch.tensor([[1.0, -1.0]], dtype=F64)),
        ),
        Case(
            "a 3x1 kernel [[1], [0], [-2]] on a 5x4 image",
            (torch.arange(20.0, dtype=F64).reshape(5, 4) ** 0.5, torch.tensor([[1.0], [0.0], [-2.0]], dtype=F64)),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    kernel_h, kernel_w = randint(gen, 1, 4), randint(gen, 1, 4)
    height, width = randint(gen, kernel_h, 9), randint(gen, kernel_w, 9)
    label = f"a random {height}x{width} image and {kernel_h}x{kernel_w} kernel"
    return Case(label, (randn(gen, height, width), randn(gen, kernel_h, kernel_w)))


def _edge() -> list[Case]:
    gen = torch.Generator().manual_seed(6)
    return [
        Case("a kernel as large as the image (one output value)", (randn(gen, 4, 3), randn(gen, 4, 3))),
        Case("a 1x1 kernel (a scaling)", (randn(gen, 3, 5), torch.tensor([[2.5]], dtype=F64))),
        Case("a 1x7 image and a 1x3 kernel", (randn(gen, 1, 7), randn(gen, 1, 3))),
        Case("values around 1e6", (1e6 * randn(gen, 5, 5), randn(gen, 2, 2))),
    ]


def _full_size_output(X, K):
    """An output of the input's size whose last kH - 1 rows and kW - 1 columns stay zero."""
    valid = ref.corr2d(X, K)  # (H - kH + 1, W - kW + 1)
    return F.pad(valid, (0, K.shape[1] - 1, 0, K.shape[0] - 1))  # (H, W)


EXERCISE = Exercise(
    name="corr2d",
    reference=ref.corr2d,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("X", "K"),
    mistakes=(
        Mistake(
            "flipped_kernel",
            "you flipped the kernel, which is the convolution of signal processing. A deep-learning convolution is a "
            "cross-correlation: Y[i, j] = sum over u, v of X[i + u, j + v] * K[u, v], with K as given.",
            lambda X, K: ref.corr2d(X, K.flip(0, 1)),
        ),
        Mistake(
            "transposed_kernel",
            "you paired the kernel's rows with the image's columns (K[v, u] instead of K[u, v]): kernel row u "
            "multiplies image row i + u.",
            lambda X, K: ref.corr2d(X, K.T),
        ),
        Mistake(
            "output_one_too_small",
            "your output is one row and one column short: a kH-row window fits H - kH + 1 times down an H-row image "
            "(positions 0 to H - kH, so range(H - kH + 1)).",
            lambda X, K: ref.corr2d(X, K)[:-1, :-1],
        ),
        Mistake(
            "output_same_size_as_input",
            "your output has the image's size, with zeros where no window fits; without padding the output is "
            "(H - kH + 1, W - kW + 1).",
            _full_size_output,
        ),
    ),
    forbidden=CONV_SHORTCUTS,
)
