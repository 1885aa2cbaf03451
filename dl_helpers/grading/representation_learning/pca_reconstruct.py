"""pca_reconstruct: project samples onto the principal subspace and map them back to the data space."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, seeded as gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.representation_learning._common import pca_data


def _case(label: str, g: torch.Generator, n_fit: int, n: int, d: int, k: int, offset: float = 3.0) -> Case:
    """Components fitted on n_fit samples; n samples (other ones, from the same distribution) to reconstruct."""
    data = pca_data(g, n_fit + n, d, offset)
    mean, components, _ = ref.pca_svd(data[:n_fit], k)
    return Case(label, (data[n_fit:], mean, components))


def _fixed() -> list[Case]:
    return [
        Case(
            "the docstring example: 2 points, mean (1, 0), one component along the first axis",
            (
                torch.tensor([[1.0, 2.0], [3.0, -1.0]]).double(),
                torch.tensor([1.0, 0.0]).double(),
                torch.tensor([[1.0, 0.0]]).double(),
            ),
        ),
        _case("4 new samples of 3 features, 2 components", gen(1), 10, 4, 3, 2),
        _case("5 new samples of 6 features, 3 components", gen(2), 12, 5, 6, 3),
        _case("3 new samples of 4 features, 1 component", gen(3), 8, 3, 4, 1),
    ]


def _random(g: torch.Generator) -> Case:
    d = randint(g, 1, 7)
    k = randint(g, 1, d)
    n = randint(g, 1, 8)
    return _case(f"{n} random samples of {d} features, {k} components", g, d + 4, n, d, k)


def _edge() -> list[Case]:
    return [
        _case("every component (k = D): the data comes back unchanged", gen(10), 9, 4, 4, 4),
        _case("one sample", gen(11), 8, 1, 5, 2),
        _case("one feature, one component", gen(12), 5, 3, 1, 1),
        _case("data far from the origin (mean 1000)", gen(13), 10, 4, 3, 1, offset=1000.0),
    ]


EXERCISE = Exercise(
    name="pca_reconstruct",
    reference=ref.pca_reconstruct,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("X", "mean", "components"),
    mistakes=(
        Mistake(
            "codes_not_decoded",
            "you returned the codes z = (X - mean) C^T, of shape (N, k). Map them back to the data space: "
            "z @ components + mean, of shape (N, D).",
            lambda X, mean, components: (X - mean) @ components.mT,
        ),
        Mistake(
            "mean_not_added_back",
            "you projected the centred data but did not add the mean back. The reconstruction is "
            "(X - mean) @ components.T @ components + mean.",
            lambda X, mean, components: ref.pca_reconstruct(X, mean, components) - mean,
        ),
        Mistake(
            "not_centred_before_projection",
            "you projected X itself and then added the mean. Subtract the mean before projecting: "
            "(X - mean) @ components.T @ components + mean; the subspace passes through the mean, not the origin.",
            lambda X, mean, components: ref.pca_reconstruct(X + mean, mean, components),
        ),
        Mistake(
            "mean_ignored",
            "you left the mean out altogether (X @ C.T @ C). Subtract it before projecting and add it back after.",
            lambda X, mean, components: ref.pca_reconstruct(X, torch.zeros_like(mean), components),
        ),
        Mistake(
            "mean_subtracted_after_projection",
            "you subtracted the mean after projecting, ((X @ C.T) @ C) - mean. Subtract it from X first and add "
            "it back at the end: (X - mean) @ C.T @ C + mean.",
            lambda X, mean, components: ref.pca_reconstruct(X, torch.zeros_like(mean), components) - mean,
        ),
    ),
)
