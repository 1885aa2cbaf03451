"""Do the loss references agree with torch.nn.functional, on random and extreme inputs?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(5,), (4, 3), (2, 3, 4)])
@pytest.mark.parametrize("dtype", [torch.float32, F64])
def test_mse_loss_matches_torch(reduction, shape, dtype):
    g = torch.Generator().manual_seed(sum(shape))
    a, b = torch.randn(shape, generator=g, dtype=dtype), torch.randn(shape, generator=g, dtype=dtype)
    torch.testing.assert_close(ref.mse_loss(a, b, reduction), F.mse_loss(a, b, reduction=reduction))


def test_mse_loss_matches_torch_on_extreme_values():
    a = torch.tensor([1e150, -1e150, 0.0, 1e-300], dtype=F64)
    b = torch.zeros(4, dtype=F64)
    torch.testing.assert_close(ref.mse_loss(a, b), F.mse_loss(a, b))


def test_mse_loss_gradient_matches_torch():
    a = torch.randn(6, 2, dtype=F64, requires_grad=True)
    b = torch.randn(6, 2, dtype=F64)
    (ours,) = torch.autograd.grad(ref.mse_loss(a, b), a)
    (theirs,) = torch.autograd.grad(F.mse_loss(a, b), a)
    torch.testing.assert_close(ours, theirs)


def test_mse_loss_rejects_bad_reduction_and_shapes():
    with pytest.raises(ValueError, match="reduction"):
        ref.mse_loss(torch.ones(2), torch.ones(2), reduction="avg")
    with pytest.raises(ValueError, match="same shape"):
        ref.mse_loss(torch.ones(2, 1), torch.ones(2))


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("var", [0.5, 2.0, 1e-9])
def test_gaussian_nll_loss_matches_torch(full, reduction, var):
    g = torch.Generator().manual_seed(0)
    mean, target = torch.randn(8, 1, generator=g, dtype=F64), torch.randn(8, 1, generator=g, dtype=F64)
    variance = torch.full((8, 1), var, dtype=F64)
    expected = F.gaussian_nll_loss(mean, target, variance, full=full, reduction=reduction)
    torch.testing.assert_close(ref.gaussian_nll_loss(mean, target, variance, full=full, reduction=reduction), expected)


def test_gaussian_nll_loss_gradient_matches_torch_below_eps():
    mean = torch.randn(5, dtype=F64)
    target = torch.randn(5, dtype=F64)
    ours_var = torch.full((5,), 1e-9, dtype=F64, requires_grad=True)
    theirs_var = ours_var.detach().clone().requires_grad_()
    (ours,) = torch.autograd.grad(ref.gaussian_nll_loss(mean, target, ours_var), ours_var)
    (theirs,) = torch.autograd.grad(F.gaussian_nll_loss(mean, target, theirs_var), theirs_var)
    torch.testing.assert_close(ours, theirs)
