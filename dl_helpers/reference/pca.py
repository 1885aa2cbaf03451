"""Principal component analysis by the SVD of the centred data, reconstruction, and principal angles.

X holds N samples of D features, one sample per row. Subtract the mean of every feature,
X_c = X - mean, and take the thin singular value decomposition

    X_c = U S V^T,   U (N, r), S (r,) descending, V (D, r), r = min(N, D).

The rows of V^T are the principal directions ("components", scikit-learn's ``components_``
layout: one component per row), and the variance of the data along component j is

    explained_variance[j] = S[j]^2 / (N - 1),

the eigenvalue of the sample covariance X_c^T X_c / (N - 1). Keeping the first k components,
a sample is encoded as z = (x - mean) C^T with C = V^T[:k] of shape (k, D), and decoded as

    x_hat = z C + mean = (x - mean) C^T C + mean,

the orthogonal projection of x onto the affine subspace through the mean spanned by the
components. By the Eckart-Young theorem no rank-k linear map reconstructs the centred data
with a smaller squared error; that is why a linear autoencoder ends up in the same subspace.

A singular vector is only defined up to its sign (v and -v both work). The sign convention
here is scikit-learn's: every component's entry of largest absolute value is positive.
"""

from __future__ import annotations

import torch
from torch import Tensor


def _check_matrix(name: str, X: Tensor) -> None:
    if not isinstance(X, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(X).__name__}")
    if X.dim() != 2:
        raise ValueError(f"{name} must have shape (N, D), got shape {tuple(X.shape)}")


def pca_svd(X: Tensor, k: int) -> tuple[Tensor, Tensor, Tensor]:
    """The first ``k`` principal components of ``X``, from the SVD of the centred data.

    Args:
        X: data of shape (N, D), N >= 2 samples (rows) of D features.
        k: number of components to keep, 1 <= k <= min(N, D).

    Returns:
        (mean, components, explained_variance): the feature means (D,), the components as the
        rows of a (k, D) matrix with orthonormal rows, ordered by decreasing variance and signed
        so that each row's entry of largest absolute value is positive, and the variance of the
        data along each component (k,), S^2 / (N - 1).

    Raises:
        ValueError: X is not (N, D) with N >= 2, or k is outside 1..min(N, D).

    Example:
        >>> X = torch.tensor([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
        >>> mean, components, variance = pca_svd(X, 2)
        >>> mean, components, variance
        (tensor([2.0000, 0.5000]), tensor([[1., 0.],
                [0., 1.]]), tensor([3.2000, 0.3000]))
    """
    _check_matrix("X", X)
    N, D = X.shape
    if N < 2:
        raise ValueError(f"PCA needs at least 2 samples to estimate a variance, got N = {N}")
    if not isinstance(k, int) or not 1 <= k <= min(N, D):
        raise ValueError(f"k must be an int with 1 <= k <= min(N, D) = {min(N, D)}, got {k!r}")
    mean = X.mean(dim=0)  # (D,)
    X_centred = X - mean  # (N, D)
    _, S, Vh = torch.linalg.svd(X_centred, full_matrices=False)  # S (r,), Vh (r, D)
    components = Vh[:k]  # (k, D)
    largest = components.abs().argmax(dim=1, keepdim=True)  # (k, 1): where each row is largest
    signs = torch.sign(components.gather(1, largest))  # (k, 1), +1 or -1
    components = components * signs
    explained_variance = S[:k] ** 2 / (N - 1)  # (k,)
    return mean, components, explained_variance


def pca_reconstruct(X: Tensor, mean: Tensor, components: Tensor) -> Tensor:
    """Project ``X`` onto the principal subspace and map it back: ``(X - mean) C^T C + mean``.

    Args:
        X: data of shape (N, D).
        mean: the feature means (D,) that the components were computed around.
        components: (k, D), orthonormal rows (as returned by :func:`pca_svd`).

    Returns:
        The reconstruction (N, D): each sample's closest point in the affine subspace through
        ``mean`` spanned by the components.

    Raises:
        ValueError: the shapes do not fit together.

    Example:
        >>> X = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
        >>> pca_reconstruct(X, torch.tensor([1.0, 0.0]), torch.tensor([[1.0, 0.0]]))
        tensor([[1., 0.],
                [3., 0.]])
    """
    _check_matrix("X", X)
    _check_matrix("components", components)
    if mean.shape != (X.shape[1],) or components.shape[1] != X.shape[1]:
        raise ValueError(
            f"X (N, D) = {tuple(X.shape)} needs mean (D,) and components (k, D); "
            f"got mean {tuple(mean.shape)} and components {tuple(components.shape)}"
        )
    codes = (X - mean) @ components.mT  # (N, D) @ (D, k) -> (N, k)
    return codes @ components + mean  # (N, k) @ (k, D) -> (N, D)


def principal_angles(A: Tensor, B: Tensor) -> Tensor:
    """The principal angles between the column spaces of ``A`` and ``B``, in radians, largest first.

    As ``scipy.linalg.subspace_angles``. With Q_A and Q_B orthonormal bases of the two column
    spaces, the cosines of the angles are the singular values of Q_A^T Q_B and their sines those
    of Q_B - Q_A Q_A^T Q_B; small angles are taken from the sines and large ones from the cosines,
    so both are accurate. Two k-dimensional subspaces are equal exactly when every angle is 0;
    the sine of the largest angle is the distance ||P_A - P_B||_2 between the projections.

    Args:
        A: (D, k_A), its columns span the first subspace (full column rank).
        B: (D, k_B), the second.

    Returns:
        (min(k_A, k_B),) angles in [0, pi/2], in decreasing order.

    Example:
        >>> e = torch.eye(3, dtype=torch.float64)
        >>> principal_angles(e[:, :2], torch.stack([e[:, 0], e[:, 1] + e[:, 2]], dim=1))
        tensor([0.7854, 0.0000], dtype=torch.float64)
    """
    _check_matrix("A", A)
    _check_matrix("B", B)
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"A and B must have the same number of rows D, got {tuple(A.shape)} and {tuple(B.shape)}")
    if A.shape[1] < B.shape[1]:
        A, B = B, A
    QA, _ = torch.linalg.qr(A)  # (D, k_A)
    QB, _ = torch.linalg.qr(B)  # (D, k_B), k_B <= k_A
    overlap = QA.mT @ QB  # (k_A, k_B)
    cosines = torch.linalg.svdvals(overlap).clamp(max=1.0)  # (k_B,), descending: smallest angle first
    sines = torch.linalg.svdvals(QB - QA @ overlap).clamp(max=1.0).flip(0)  # (k_B,), ascending: smallest angle first
    angles = torch.where(cosines**2 >= 0.5, torch.arcsin(sines), torch.arccos(cosines))
    return angles.flip(0)
