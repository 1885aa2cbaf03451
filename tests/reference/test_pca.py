"""Do pca_svd and pca_reconstruct agree with scikit-learn's PCA, and principal_angles with SciPy's subspace_angles?"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import torch
from sklearn.decomposition import PCA

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SHAPES = [(2, 1), (5, 3), (10, 4), (7, 7), (4, 9), (30, 6), (50, 12)]


def _data(seed: int, n: int, d: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    scales = torch.rand(d, generator=g, dtype=F64) * 3 + 0.1
    return torch.randn(n, d, generator=g, dtype=F64) * scales + torch.randn(d, generator=g, dtype=F64) * 5


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("n, d", SHAPES)
@pytest.mark.parametrize("seed", range(4))
def test_pca_svd_matches_sklearn_pca_components_variances_and_signs(n, d, seed, device):
    X = _data(seed, n, d)
    for k in sorted({1, min(n, d) // 2 or 1, min(n, d)}):
        pca = PCA(n_components=k, svd_solver="full").fit(X.numpy())
        mean, components, variance = ref.pca_svd(X.to(device), k)
        assert components.device.type == device
        torch.testing.assert_close(mean.cpu(), torch.from_numpy(pca.mean_))
        if n - 1 >= k:  # scikit-learn's explained_variance_ for the rank-deficient last component is round-off
            torch.testing.assert_close(variance.cpu(), torch.from_numpy(pca.explained_variance_))
        full_rank = min(n - 1, d)  # the centred data has rank at most N - 1: further directions are arbitrary
        torch.testing.assert_close(components.cpu()[:full_rank], torch.from_numpy(pca.components_)[:full_rank])


@pytest.mark.parametrize("n, d", SHAPES)
def test_pca_components_are_orthonormal_and_the_largest_entry_of_each_is_positive(n, d):
    X = _data(n + d, n, d)
    _, components, variance = ref.pca_svd(X, min(n, d))
    torch.testing.assert_close(components @ components.mT, torch.eye(min(n, d), dtype=F64))
    rows = torch.arange(len(components))
    assert (components[rows, components.abs().argmax(dim=1)] > 0).all()
    assert (variance[:-1] >= variance[1:]).all()


def test_pca_svd_rejects_bad_inputs_naming_them():
    X = torch.randn(5, 3, dtype=F64)
    with pytest.raises(ValueError, match="k must be"):
        ref.pca_svd(X, 4)
    with pytest.raises(ValueError, match="k must be"):
        ref.pca_svd(X, 0)
    with pytest.raises(ValueError, match="at least 2 samples"):
        ref.pca_svd(X[:1], 1)
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        ref.pca_svd(X[0], 1)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("n, d", SHAPES)
def test_pca_reconstruct_matches_sklearn_inverse_transform(n, d, device):
    X = _data(2 * n + d, n, d)
    for k in range(1, min(n, d) + 1):
        pca = PCA(n_components=k, svd_solver="full").fit(X.numpy())
        expected = pca.inverse_transform(pca.transform(X.numpy()))
        mean, components, _ = ref.pca_svd(X.to(device), k)
        got = ref.pca_reconstruct(X.to(device), mean, components)
        torch.testing.assert_close(got.cpu(), torch.from_numpy(expected))


def test_pca_reconstruct_with_every_component_gives_the_data_back_and_rejects_bad_shapes():
    X = _data(3, 8, 5)
    mean, components, _ = ref.pca_svd(X, 5)
    torch.testing.assert_close(ref.pca_reconstruct(X, mean, components), X)
    with pytest.raises(ValueError, match="components"):
        ref.pca_reconstruct(X, mean, components.mT[:, :2])


@pytest.mark.parametrize("seed", range(10))
def test_principal_angles_match_scipy_subspace_angles(seed):
    g = torch.Generator().manual_seed(seed)
    d = int(torch.randint(2, 10, (1,), generator=g))
    ka, kb = (int(torch.randint(1, d + 1, (1,), generator=g)) for _ in range(2))
    A, B = torch.randn(d, ka, generator=g, dtype=F64), torch.randn(d, kb, generator=g, dtype=F64)
    expected = torch.from_numpy(scipy.linalg.subspace_angles(A.numpy(), B.numpy()))
    torch.testing.assert_close(ref.principal_angles(A, B), expected)


def test_principal_angles_resolve_tiny_angles_and_ignore_the_basis():
    g = torch.Generator().manual_seed(0)
    A = torch.randn(20, 3, generator=g, dtype=F64)
    rotation, _ = torch.linalg.qr(torch.randn(3, 3, generator=g, dtype=F64))
    tilt = 1e-9 * torch.randn(20, 3, generator=g, dtype=F64)
    angles = ref.principal_angles(A, A @ rotation + tilt)
    expected = np.asarray(scipy.linalg.subspace_angles(A.numpy(), (A @ rotation + tilt).numpy()))
    assert angles.max() < 1e-8
    torch.testing.assert_close(angles, torch.from_numpy(expected), atol=1e-12, rtol=1e-3)
