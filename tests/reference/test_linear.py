"""Do the linear-model references agree with PyTorch and closed forms?"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.linear_model import Ridge

from dl_helpers import reference as ref
from dl_helpers.device import get_device

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(5))
def test_linear_matches_torch_functional_linear(seed, device):
    g = _gen(seed)
    x, w, b = (
        torch.randn(7, 4, generator=g, dtype=F64),
        torch.randn(3, 4, generator=g, dtype=F64),
        torch.randn(3, generator=g, dtype=F64),
    )
    x, w, b = x.to(device), w.to(device), b.to(device)
    torch.testing.assert_close(ref.linear(x, w, b), F.linear(x, w, b))
    torch.testing.assert_close(ref.linear(x, w), F.linear(x, w))


def test_linear_accepts_extra_leading_dimensions():
    x = torch.randn(2, 5, 4, dtype=F64)
    w = torch.randn(3, 4, dtype=F64)
    torch.testing.assert_close(ref.linear(x, w), F.linear(x, w))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("targets", [(), (3,)])
def test_normal_equations_match_lstsq(seed, targets, device):
    g = _gen(seed)
    X = torch.randn(20, 4, generator=g, dtype=F64).to(device)
    y = torch.randn(20, *targets, generator=g, dtype=F64).to(device)
    expected = torch.linalg.lstsq(X.cpu(), y.cpu()).solution.to(device)
    torch.testing.assert_close(ref.normal_equations(X, y), expected)


def test_normal_equations_recover_exact_weights_without_noise():
    X = torch.randn(30, 3, generator=_gen(0), dtype=F64)
    w = torch.tensor([1.5, -2.0, 0.25], dtype=F64)
    torch.testing.assert_close(ref.normal_equations(X, X @ w), w)


def test_normal_equations_lose_accuracy_where_lstsq_does_not():
    # Vandermonde columns are nearly collinear: cond(X^T X) = cond(X)^2 is near 1/eps.
    x = torch.linspace(0, 1, 40, dtype=F64)
    X = torch.vander(x, N=9, increasing=True)
    w = torch.ones(9, dtype=F64)
    y = X @ w
    normal_error = (ref.normal_equations(X, y) - w).abs().max()
    lstsq_error = (torch.linalg.lstsq(X, y).solution - w).abs().max()
    assert lstsq_error < 1e-6 < normal_error


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.0, 0.3, 10.0])
@pytest.mark.parametrize("targets", [(), (2,)])
def test_ridge_matches_scikit_learn(seed, alpha, targets):
    g = _gen(seed)
    X = torch.randn(25, 4, generator=g, dtype=F64) + 3.0
    y = torch.randn(25, *targets, generator=g, dtype=F64) + 7.0
    w, b = ref.ridge_regression(X, y, alpha)
    model = Ridge(alpha=alpha, solver="cholesky").fit(X.numpy(), y.numpy())
    np.testing.assert_allclose(w.numpy(), model.coef_.T, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(b.numpy(), model.intercept_, rtol=1e-8, atol=1e-10)


def test_ridge_leaves_the_bias_unpenalised():
    # Shifting every target by a constant moves only the bias, whatever alpha is.
    X = torch.randn(15, 3, generator=_gen(1), dtype=F64)
    y = torch.randn(15, generator=_gen(2), dtype=F64)
    w, b = ref.ridge_regression(X, y, alpha=50.0)
    w_shift, b_shift = ref.ridge_regression(X, y + 100.0, alpha=50.0)
    torch.testing.assert_close(w_shift, w)
    torch.testing.assert_close(b_shift, b + 100.0)


def test_ridge_with_huge_alpha_predicts_the_mean():
    X = torch.randn(15, 3, generator=_gen(1), dtype=F64)
    y = torch.randn(15, generator=_gen(2), dtype=F64)
    w, b = ref.ridge_regression(X, y, alpha=1e12)
    assert w.abs().max() < 1e-9
    torch.testing.assert_close(b, y.mean(), rtol=1e-6, atol=1e-9)


def test_ridge_rejects_negative_alpha():
    with pytest.raises(ValueError, match="alpha"):
        ref.ridge_regression(torch.ones(3, 1), torch.ones(3), -1.0)


@pytest.mark.parametrize("seed", range(5))
def test_mse_gradients_match_autograd(seed):
    g = _gen(seed)
    X, y = torch.randn(9, 3, generator=g, dtype=F64), torch.randn(9, generator=g, dtype=F64)
    w = torch.randn(3, generator=g, dtype=F64, requires_grad=True)
    b = torch.randn((), generator=g, dtype=F64).requires_grad_()
    F.mse_loss(X @ w + b, y).backward()
    grad_w, grad_b = ref.mse_gradients(X, y, w.detach(), b.detach())
    torch.testing.assert_close(grad_w, w.grad, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(grad_b, b.grad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("degree", [0, 1, 4, 9])
def test_polynomial_features_match_vander(degree):
    x = torch.linspace(-2, 2, 11, dtype=F64)
    torch.testing.assert_close(ref.polynomial_features(x, degree), torch.vander(x, N=degree + 1, increasing=True))


def test_polynomial_features_keep_dtype_and_reject_negative_degree():
    assert ref.polynomial_features(torch.ones(3, dtype=torch.float32), 2).dtype == torch.float32
    with pytest.raises(ValueError, match="degree"):
        ref.polynomial_features(torch.ones(3), -1)


def test_references_run_on_the_course_device():
    device = get_device()
    X = torch.randn(10, 2, dtype=F64, device=device)
    y = torch.randn(10, dtype=F64, device=device)
    assert ref.normal_equations(X, y).device.type == device.type
    assert ref.ridge_regression(X, y, 1.0)[1].device.type == device.type
