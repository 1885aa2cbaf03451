"""Linear models: the affine map, least squares, ridge regression, polynomial features."""

from __future__ import annotations

import torch
from torch import Tensor


def linear(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """Affine map ``y = x W^T + b``, as ``torch.nn.functional.linear``.

    Args:
        x: inputs, shape (N, D) or (*, D).
        weight: W, shape (K, D).
        bias: b, shape (K,), or None.

    Returns:
        y, shape (N, K) or (*, K).

    Example:
        >>> linear(torch.ones(2, 3), torch.eye(1, 3), torch.tensor([0.5]))
        tensor([[1.5000],
                [1.5000]])
    """
    y = x @ weight.mT  # (*, D) @ (D, K) -> (*, K)
    if bias is not None:
        y = y + bias
    return y


def normal_equations(X: Tensor, y: Tensor) -> Tensor:
    """Least-squares weights from the normal equations ``X^T X w = X^T y``.

    Minimises ``||X w - y||^2``. Forming ``X^T X`` squares the condition number of
    ``X``, which is why library solvers (``torch.linalg.lstsq``) factorise ``X``
    itself (QR or SVD); the normal equations are the textbook derivation.

    Args:
        X: design matrix, shape (N, D), full column rank.
        y: targets, shape (N,) or (N, K).

    Returns:
        w, shape (D,) or (D, K).

    Example:
        >>> X = torch.tensor([[1., 0.], [1., 1.], [1., 2.]])
        >>> normal_equations(X, torch.tensor([1., 3., 5.]))
        tensor([1., 2.])
    """
    gram = X.mT @ X  # (D, N) @ (N, D) -> (D, D)
    moment = X.mT @ y  # (D, N) @ (N,) -> (D,)   or (D, N) @ (N, K) -> (D, K)
    return torch.linalg.solve(gram, moment)


def ridge_regression(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    """Ridge regression in closed form, with an unpenalised bias.

    Minimises ``||y - X w - b||^2 + alpha ||w||^2`` (a sum over samples, as
    ``sklearn.linear_model.Ridge``). The bias ``b`` is not penalised: shifting every
    target by a constant should shift the prediction by the same constant. Centring
    removes it from the problem:

        w = (Xc^T Xc + alpha I)^{-1} Xc^T yc,   b = mean(y) - mean(X) w,

    where ``Xc = X - mean(X)`` and ``yc = y - mean(y)`` (means over samples).

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,) or (N, K).
        alpha: strength of the L2 penalty, >= 0.

    Returns:
        (w, b): w of shape (D,) or (D, K); b of shape () or (K,).
    """
    if alpha < 0:
        raise ValueError(f"alpha must be >= 0, got {alpha}")
    x_mean = X.mean(dim=0)  # (D,)
    y_mean = y.mean(dim=0)  # () or (K,)
    Xc = X - x_mean  # (N, D)
    yc = y - y_mean  # (N,) or (N, K)
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)  # (D, D)
    w = torch.linalg.solve(Xc.mT @ Xc + alpha * eye, Xc.mT @ yc)  # (D,) or (D, K)
    b = y_mean - x_mean @ w  # () or (K,)
    return w, b


def mse_gradients(X: Tensor, y: Tensor, w: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    """Gradients of the mean squared error of a linear model with respect to w and b.

    For ``L = (1/N) sum_i (x_i^T w + b - y_i)^2`` and residuals ``r = X w + b - y``:

        dL/dw = (2/N) X^T r,   dL/db = (2/N) sum_i r_i.

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,).
        w: weights, shape (D,).
        b: bias, shape ().

    Returns:
        (grad_w, grad_b) with the shapes of w and b.
    """
    n = X.shape[0]
    residual = X @ w + b - y  # (N,)
    grad_w = (2.0 / n) * (X.mT @ residual)  # (D,)
    grad_b = (2.0 / n) * residual.sum()  # ()
    return grad_w, grad_b


def polynomial_features(x: Tensor, degree: int) -> Tensor:
    """Powers of a scalar input, ``[1, x, x^2, ..., x^degree]``, as columns.

    Same as ``torch.vander(x, N=degree + 1, increasing=True)``.

    Args:
        x: inputs, shape (N,).
        degree: highest power, >= 0.

    Returns:
        Phi, shape (N, degree + 1), ``Phi[i, j] = x[i] ** j``.

    Example:
        >>> polynomial_features(torch.tensor([2., 3.]), 2)
        tensor([[1., 2., 4.],
                [1., 3., 9.]])
    """
    if degree < 0:
        raise ValueError(f"degree must be >= 0, got {degree}")
    powers = torch.arange(degree + 1, device=x.device)  # (degree + 1,)
    return x.unsqueeze(-1) ** powers  # (N, 1) ** (degree + 1,) -> (N, degree + 1)
