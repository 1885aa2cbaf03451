"""Answers a student might hand in for ``gram_matrix``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "einsum over positions",
        """
import torch

def gram_matrix(features):
    n, c, h, w = features.shape
    return torch.einsum("nchw,ndhw->ncd", features, features) / (h * w)
""",
    ),
    _v(
        "a loop over images with a mean",
        """
import torch

def gram_matrix(features):
    grams = []
    for f in features:
        flat = f.flatten(1)
        grams.append((flat[:, None, :] * flat[None, :, :]).mean(dim=-1))
    return torch.stack(grams)
""",
    ),
    _v(
        "no normalisation",
        """
def gram_matrix(features):
    n, c, h, w = features.shape
    flat = features.view(n, c, h * w)
    return flat @ flat.transpose(1, 2)
""",
        "not_normalised",
    ),
    _v(
        "divides by C H W (as some tutorials do)",
        """
def gram_matrix(features):
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat.bmm(flat.transpose(1, 2)) / (c * h * w)
""",
        "divided_by_channels_too",
    ),
    _v(
        "flattens the batch into the positions",
        """
def gram_matrix(features):
    n, c, h, w = features.shape
    flat = features.transpose(0, 1).reshape(c, n * h * w)
    gram = flat @ flat.T / (n * h * w)
    return gram.expand(n, c, c)
""",
        "batch_mixed",
    ),
    _v(
        "covariance instead of Gram",
        """
def gram_matrix(features):
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    flat = flat - flat.mean(dim=2, keepdim=True)
    return flat @ flat.transpose(1, 2) / (h * w)
""",
        "centred_features",
    ),
    _v(
        "transpose on the wrong side",
        """
def gram_matrix(features):
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat.transpose(1, 2) @ flat / (h * w)
""",
        "positions_instead_of_channels",
    ),
]
