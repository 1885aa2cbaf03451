"""pca_svd as students write it: SVD or covariance eigendecomposition, right and wrong."""

from variants import variant as _v

VARIANTS = [
    _v(
        "svd of the centred data",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(dim=0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    C = Vh[:k]
    idx = C.abs().argmax(dim=1)
    signs = torch.sign(C[torch.arange(k), idx])
    return mean, C * signs[:, None], S[:k] ** 2 / (X.shape[0] - 1)
""",
    ),
    _v(
        "eigh of the covariance, flipped to descending",
        """
import torch
def pca_svd(X, k):
    n = X.shape[0]
    mean = X.sum(0) / n
    Xc = X - mean
    cov = Xc.T @ Xc / (n - 1)
    evals, evecs = torch.linalg.eigh(cov)
    evals, evecs = evals.flip(0), evecs.flip(1)
    comps = evecs[:, :k].T.clone()
    for j in range(k):
        row = comps[j]
        if row[row.abs().argmax()] < 0:
            comps[j] = -row
    return mean, comps, evals[:k]
""",
    ),
    _v(
        "no centring",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X, full_matrices=False)
    C = Vh[:k]
    signs = torch.sign(C.gather(1, C.abs().argmax(1, keepdim=True)))
    return mean, C * signs, S[:k] ** 2 / (X.shape[0] - 1)
""",
        "not_centred",
    ),
    _v(
        "V[:, :k] as columns",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    V = Vh.T[:, :k]
    signs = torch.sign(V.gather(0, V.abs().argmax(0, keepdim=True)))
    return mean, V * signs, S[:k] ** 2 / (X.shape[0] - 1)
""",
        "components_as_columns",
    ),
    _v(
        "eigh without reordering",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    Xc = X - mean
    evals, evecs = torch.linalg.eigh(Xc.T @ Xc / (X.shape[0] - 1))
    comps = evecs[:, :k].T
    signs = torch.sign(comps.gather(1, comps.abs().argmax(1, keepdim=True)))
    return mean, comps * signs, evals[:k]
""",
        "smallest_components",
    ),
    _v(
        "variance over N",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    C = Vh[:k]
    signs = torch.sign(C.gather(1, C.abs().argmax(1, keepdim=True)))
    return mean, C * signs, S[:k] ** 2 / X.shape[0]
""",
        "biased_variance",
    ),
    _v(
        "singular values returned",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    C = Vh[:k]
    signs = torch.sign(C.gather(1, C.abs().argmax(1, keepdim=True)))
    return mean, C * signs, S[:k]
""",
        "singular_values_not_variances",
    ),
    _v(
        "signs as svd returns them",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    return mean, Vh[:k], S[:k] ** 2 / (X.shape[0] - 1)
""",
        "no_sign_convention",
    ),
    _v(
        "first entry made positive",
        """
import torch
def pca_svd(X, k):
    mean = X.mean(0)
    U, S, Vh = torch.linalg.svd(X - mean, full_matrices=False)
    C = Vh[:k]
    C = C * torch.where(C[:, :1] < 0, -1.0, 1.0)
    return mean, C, S[:k] ** 2 / (X.shape[0] - 1)
""",
        "first_entry_positive",
    ),
]
