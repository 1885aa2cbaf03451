"""Does the central-difference gradient agree with autograd, and behave as its error analysis says?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])

FUNCTIONS = [
    ("sum of squares", lambda x: (x**2).sum()),
    ("sin times x", lambda x: (torch.sin(3 * x) * x).sum()),
    ("log-sum-exp", lambda x: torch.logsumexp(x.reshape(-1), dim=0)),
    ("product of tanh", lambda x: torch.tanh(x).prod()),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("shape", [(), (1,), (5,), (2, 3), (2, 2, 2)])
@pytest.mark.parametrize("name, f", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_numerical_gradient_matches_autograd_in_float64(name, f, shape, device):
    x = torch.randn(shape, generator=torch.Generator().manual_seed(len(shape)), dtype=F64).to(device)
    leaf = x.clone().requires_grad_()
    (expected,) = torch.autograd.grad(f(leaf), leaf)
    got = ref.numerical_gradient(f, x)
    assert got.shape == x.shape and got.dtype == F64 and got.device == x.device
    torch.testing.assert_close(got, expected, rtol=1e-6, atol=1e-8)
    assert ref.relative_error(got, expected) < 1e-8


def test_numerical_gradient_leaves_its_input_unchanged_and_accepts_non_contiguous_input():
    x = torch.randn(3, 4, dtype=F64).mT  # (4, 3), not contiguous
    before = x.clone()
    got = ref.numerical_gradient(lambda v: (v**3).sum(), x)
    assert torch.equal(x, before)
    torch.testing.assert_close(got, 3 * x**2, rtol=1e-6, atol=1e-8)


def test_numerical_gradient_handles_a_function_returning_a_view_of_its_input():
    x = torch.tensor([2.0, -1.0], dtype=F64)
    torch.testing.assert_close(ref.numerical_gradient(lambda v: v[0], x), torch.tensor([1.0, 0.0], dtype=F64))


def test_central_differences_err_like_eps_squared_and_one_sided_like_eps():
    f = lambda x: torch.exp(x).sum()  # noqa: E731
    x = torch.tensor([0.3], dtype=F64)
    exact = torch.exp(x)
    errors = {eps: (ref.numerical_gradient(f, x, eps) - exact).abs().item() for eps in (1e-2, 1e-3)}
    assert 80 < errors[1e-2] / errors[1e-3] < 120  # O(eps^2): 10x smaller eps, 100x smaller error
    one_sided = {eps: abs((f(x + eps) - f(x)).item() / eps - exact.item()) for eps in (1e-2, 1e-3)}
    assert 8 < one_sided[1e-2] / one_sided[1e-3] < 12  # O(eps)


def test_float32_is_too_coarse_for_a_gradient_check():
    f = lambda x: (torch.sin(3 * x) * x).sum()  # noqa: E731
    x64 = torch.randn(6, generator=torch.Generator().manual_seed(0), dtype=F64)
    leaf = x64.clone().requires_grad_()
    (exact,) = torch.autograd.grad(f(leaf), leaf)
    err64 = ref.relative_error(ref.numerical_gradient(f, x64), exact)
    err32 = ref.relative_error(ref.numerical_gradient(f, x64.float()), exact)
    assert err64 < 1e-8 and err32 > 1e-3


def test_relative_error():
    a = torch.tensor([1.0, 2.0], dtype=F64)
    assert ref.relative_error(a, a) == 0.0
    assert ref.relative_error(torch.zeros(3), torch.zeros(3)) == 0.0
    assert ref.relative_error(a, -a) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        ref.relative_error(a, torch.ones(3, dtype=F64))


def test_numerical_gradient_rejects_bad_arguments():
    with pytest.raises(ValueError, match="eps"):
        ref.numerical_gradient(lambda x: x.sum(), torch.ones(2, dtype=F64), eps=0.0)
    with pytest.raises(TypeError, match="floating-point"):
        ref.numerical_gradient(lambda x: x.sum(), torch.ones(2, dtype=torch.int64))
    with pytest.raises(TypeError, match="function"):
        ref.numerical_gradient(3.0, torch.ones(2, dtype=F64))
