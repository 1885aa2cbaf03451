"""pca_reconstruct as students write it."""

from variants import variant as _v

VARIANTS = [
    _v(
        "encode then decode",
        """
def pca_reconstruct(X, mean, components):
    Z = (X - mean) @ components.T
    return Z @ components + mean
""",
    ),
    _v(
        "projection matrix, sample by sample",
        """
import torch
def pca_reconstruct(X, mean, components):
    P = components.T @ components
    rows = [mean + P @ (x - mean) for x in X]
    return torch.stack(rows) if rows else X.clone()
""",
    ),
    _v(
        "codes only",
        """
def pca_reconstruct(X, mean, components):
    return (X - mean) @ components.T
""",
        "codes_not_decoded",
    ),
    _v(
        "forgot to add the mean",
        """
def pca_reconstruct(X, mean, components):
    return (X - mean) @ components.T @ components
""",
        "mean_not_added_back",
    ),
    _v(
        "projects the raw data",
        """
def pca_reconstruct(X, mean, components):
    return X @ components.T @ components + mean
""",
        "not_centred_before_projection",
    ),
    _v(
        "no mean anywhere",
        """
def pca_reconstruct(X, mean, components):
    Z = X @ components.T
    return Z @ components
""",
        "mean_ignored",
    ),
]
