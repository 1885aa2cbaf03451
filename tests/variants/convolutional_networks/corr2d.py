"""Answers a student might hand in for ``corr2d``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "double loop over output positions",
        """
import torch

def corr2d(X, K):
    kh, kw = K.shape
    Y = torch.zeros(X.shape[0] - kh + 1, X.shape[1] - kw + 1, dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()
    return Y
""",
    ),
    _v(
        "loop over kernel taps, shifted slices",
        """
def corr2d(X, K):
    kh, kw = K.shape
    h, w = X.shape[0] - kh + 1, X.shape[1] - kw + 1
    Y = X.new_zeros(h, w)
    for u in range(kh):
        for v in range(kw):
            Y = Y + K[u, v] * X[u:u + h, v:v + w]
    return Y
""",
    ),
    _v(
        "Tensor.unfold windows and einsum",
        """
import torch

def corr2d(X, K):
    windows = X.unfold(0, K.shape[0], 1).unfold(1, K.shape[1], 1)
    return torch.einsum("ijuv,uv->ij", windows, K)
""",
    ),
    _v(
        "true convolution (flips the kernel)",
        """
import torch

def corr2d(X, K):
    kh, kw = K.shape
    Y = torch.zeros(X.shape[0] - kh + 1, X.shape[1] - kw + 1, dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + kh, j:j + kw] * torch.flip(K, dims=(0, 1))).sum()
    return Y
""",
        "flipped_kernel",
    ),
    _v(
        "range(H - kh) off by one",
        """
import torch

def corr2d(X, K):
    kh, kw = K.shape
    Y = torch.zeros(X.shape[0] - kh, X.shape[1] - kw, dtype=X.dtype, device=X.device)
    for i in range(X.shape[0] - kh):
        for j in range(X.shape[1] - kw):
            Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()
    return Y
""",
        "output_one_too_small",
    ),
    _v(
        "output allocated like the input",
        """
import torch

def corr2d(X, K):
    kh, kw = K.shape
    Y = torch.zeros_like(X)
    for i in range(X.shape[0] - kh + 1):
        for j in range(X.shape[1] - kw + 1):
            Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()
    return Y
""",
        "output_same_size_as_input",
    ),
    _v(
        "kernel indexed K[v, u]",
        """
def corr2d(X, K):
    kh, kw = K.shape
    out = X.new_zeros(X.shape[0] - kw + 1, X.shape[1] - kh + 1)
    for u in range(kw):
        for v in range(kh):
            out = out + K[v, u] * X[u:u + out.shape[0], v:v + out.shape[1]]
    return out
""",
        "transposed_kernel",
    ),
]
