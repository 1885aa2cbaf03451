"""pca_svd: the first k principal components of the centred data, with their variances."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint, seeded as gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.representation_learning._common import pca_data


def _fixed() -> list[Case]:
    grid = torch.tensor([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [0.0, 1.0], [2.0, 1.0], [4.0, 1.0]], dtype=F64)
    return [
        Case(
            "six points on a 3 x 2 grid (the docstring example), k = 2", (grid + torch.tensor([5.0, 3.0], dtype=F64), 2)
        ),
        Case("8 samples of 3 correlated features, k = 2", (pca_data(gen(1), 8, 3), 2)),
        Case("12 samples of 5 features, k = 3", (pca_data(gen(2), 12, 5), 3)),
        Case("10 samples of 4 features, k = 1", (pca_data(gen(3), 10, 4), 1)),
    ]


def _random(g: torch.Generator) -> Case:
    d = randint(g, 1, 6)
    n = randint(g, d + 2, 15)
    k = randint(g, 1, d)
    return Case(f"{n} random samples of {d} features, k = {k}", (pca_data(g, n, d), k))


def _edge() -> list[Case]:
    return [
        Case("every component: k = D = 4", (pca_data(gen(10), 9, 4), 4)),
        Case("one feature (D = 1)", (pca_data(gen(11), 6, 1), 1)),
        Case("two samples (N = 2), k = 1", (pca_data(gen(12), 2, 3), 1)),
        Case("fewer samples than features: N = 4, D = 7, k = 3", (pca_data(gen(13), 4, 7), 3)),
        Case("data far from the origin (mean 1000)", (pca_data(gen(14), 10, 3, offset=1000.0), 2)),
        Case(
            "data already centred",
            (pca_data(gen(15), 10, 3, offset=0.0) - pca_data(gen(15), 10, 3, offset=0.0).mean(0), 2),
        ),
    ]


def _not_centred(X: Tensor, k: int):
    """The SVD of X itself (the mean computed but never subtracted)."""
    _, S, Vh = torch.linalg.svd(X, full_matrices=False)
    components = Vh[:k] * torch.sign(Vh[:k].gather(1, Vh[:k].abs().argmax(1, keepdim=True)))
    return X.mean(0), components, S[:k] ** 2 / (X.shape[0] - 1)


def _raw_svd_signs(X: Tensor, k: int):
    """The reference without its sign convention: the signs torch.linalg.svd happens to return."""
    mean, _, variance = ref.pca_svd(X, k)
    return mean, torch.linalg.svd(X - mean, full_matrices=False)[2][:k], variance


def _smallest_components(X: Tensor, k: int):
    """The k directions of least variance, least first: eigh's ascending order taken from the front."""
    mean, components, variance = ref.pca_svd(X, X.shape[1])
    return mean, components[-k:].flip(0), variance[-k:].flip(0)


EXERCISE = Exercise(
    name="pca_svd",
    reference=ref.pca_svd,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "not_centred",
            "your components come from the SVD of X itself. Subtract the mean of every feature first "
            "(X_c = X - X.mean(dim=0)) and take the SVD of X_c; otherwise the first component points at the mean.",
            _not_centred,
        ),
        Mistake(
            "components_as_columns",
            "you returned the components as the columns of a (D, k) matrix. Return them as rows, (k, D): "
            "the first k rows of Vh from torch.linalg.svd (or V[:, :k].T).",
            lambda X, k: (lambda m, C, v: (m, C.mT, v))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "smallest_components",
            "you kept the directions of smallest variance. torch.linalg.eigh sorts eigenvalues in ascending order: "
            "take the last k eigenvectors and reverse them, so the largest variance comes first.",
            _smallest_components,
        ),
        Mistake(
            "ascending_order",
            "you have the right components in ascending order of variance. Sort them by decreasing variance "
            "(flip eigh's output), so component 0 carries the most variance.",
            lambda X, k: (lambda m, C, v: (m, C.flip(0), v.flip(0)))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "biased_variance",
            "your variances divide by N. The explained variance is the sample variance along each component, "
            "S**2 / (N - 1), as numpy's and scikit-learn's ddof=1.",
            lambda X, k: (lambda m, C, v: (m, C, v * (X.shape[0] - 1) / X.shape[0]))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "singular_values_not_variances",
            "you returned the singular values S. The variance along component j is S[j]**2 / (N - 1).",
            lambda X, k: (lambda m, C, v: (m, C, (v * (X.shape[0] - 1)).sqrt()))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "variance_ratio",
            "you returned the share of the total variance (scikit-learn's explained_variance_ratio_). Return the "
            "variance itself, S**2 / (N - 1), without dividing by the total.",
            lambda X, k: (lambda m, C, v: (m, C, v / X.var(dim=0).sum()))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "first_entry_positive",
            "your signs make the first entry of each component positive. The convention here makes the entry of "
            "largest absolute value positive: multiply each row by the sign of its largest-magnitude entry.",
            lambda X, k: (lambda m, C, v: (m, C * torch.sign(C[:, :1]), v))(*ref.pca_svd(X, k)),
        ),
        Mistake(
            "no_sign_convention",
            "your components are right up to their signs. A singular vector is defined only up to sign: multiply "
            "each row by the sign of its entry of largest absolute value, so that entry is positive.",
            _raw_svd_signs,
        ),
    ),
    forbidden=(
        "torch.pca_lowrank",
        "torch.svd_lowrank",
        "sklearn.decomposition.PCA.fit",
        "sklearn.decomposition.PCA.fit_transform",
    ),
    tolerance_scale=10.0,
)
