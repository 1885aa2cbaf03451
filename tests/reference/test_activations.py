"""Do the activations and their hand-written derivatives agree with PyTorch's functions, kernels and autograd?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SEEDS = range(6)


def _random(seed: int, dtype=F64, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """A random input of random shape, scaled to cover the saturated regions, and a random grad_output."""
    g = torch.Generator().manual_seed(seed)
    shape = tuple(int(s) for s in torch.randint(1, 6, (int(torch.randint(1, 4, (1,), generator=g)),), generator=g))
    x = 4 * torch.randn(shape, generator=g, dtype=F64)
    grad_output = torch.randn(shape, generator=g, dtype=F64)
    return x.to(device, dtype), grad_output.to(device, dtype)


EXTREMES = torch.tensor([-1e4, -750.0, -40.0, -1e-12, -0.0, 0.0, 1e-300, 1e-12, 40.0, 750.0, 1e4], dtype=F64)

FORWARDS = [
    ("relu", ref.relu, F.relu),
    ("sigmoid", ref.sigmoid, torch.sigmoid),
    ("tanh", ref.tanh, torch.tanh),
    ("gelu", ref.gelu, F.gelu),
    ("gelu tanh", lambda x: ref.gelu(x, approximate="tanh"), lambda x: F.gelu(x, approximate="tanh")),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, F64])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name, ours, theirs", FORWARDS, ids=[f[0] for f in FORWARDS])
def test_activation_matches_torch(name, ours, theirs, seed, dtype, device):
    x, _ = _random(seed, dtype, device)
    torch.testing.assert_close(ours(x), theirs(x))


@pytest.mark.parametrize("name, ours, theirs", FORWARDS, ids=[f[0] for f in FORWARDS])
def test_activation_matches_torch_on_extreme_inputs(name, ours, theirs):
    torch.testing.assert_close(ours(EXTREMES), theirs(EXTREMES), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("dtype", [torch.float32, F64])
def test_sigmoid_gradient_through_autograd_is_finite_and_right_on_extreme_inputs(dtype):
    # the textbook 1 / (1 + exp(-x)) gives NaN here: exp(-x) overflows below about -710 (-89 in float32)
    x = EXTREMES.to(dtype).requires_grad_()
    (grad,) = torch.autograd.grad(ref.sigmoid(x).sum(), x)
    x_torch = EXTREMES.to(dtype).requires_grad_()
    (expected,) = torch.autograd.grad(torch.sigmoid(x_torch).sum(), x_torch)
    assert torch.isfinite(grad).all()
    torch.testing.assert_close(grad, expected)


def test_tanh_is_accurate_near_zero_where_the_textbook_formula_cancels():
    x = torch.tensor([1e-10, -3e-8, 2e-5], dtype=F64)
    torch.testing.assert_close(ref.tanh(x), torch.tanh(x), rtol=1e-15, atol=0)


BACKWARDS = [
    # name, our backward(grad_output, x), the function autograd differentiates, PyTorch's backward kernel
    ("relu", ref.relu_backward, F.relu, lambda g, x: torch.ops.aten.threshold_backward(g, x, 0)),
    (
        "sigmoid",
        lambda g, x: ref.sigmoid_backward(g, torch.sigmoid(x)),
        torch.sigmoid,
        lambda g, x: torch.ops.aten.sigmoid_backward(g, torch.sigmoid(x)),
    ),
    (
        "tanh",
        lambda g, x: ref.tanh_backward(g, torch.tanh(x)),
        torch.tanh,
        lambda g, x: torch.ops.aten.tanh_backward(g, torch.tanh(x)),
    ),
    ("gelu", ref.gelu_backward, F.gelu, lambda g, x: torch.ops.aten.gelu_backward(g, x)),
    (
        "gelu tanh",
        lambda g, x: ref.gelu_backward(g, x, approximate="tanh"),
        lambda x: F.gelu(x, approximate="tanh"),
        lambda g, x: torch.ops.aten.gelu_backward(g, x, approximate="tanh"),
    ),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name, backward, forward, kernel", BACKWARDS, ids=[b[0] for b in BACKWARDS])
def test_hand_written_derivative_matches_autograd_in_float64(name, backward, forward, kernel, seed, device):
    x, grad_output = _random(seed, F64, device)
    x.requires_grad_(True)
    (expected,) = torch.autograd.grad(forward(x), x, grad_output)
    got = backward(grad_output, x.detach())
    torch.testing.assert_close(got, expected, rtol=1e-6, atol=1e-12)
    torch.testing.assert_close(got, kernel(grad_output, x.detach()), rtol=1e-12, atol=1e-15)


def test_relu_backward_passes_no_gradient_at_exactly_zero():
    x = torch.tensor([-1.0, 0.0, -0.0, 2.0], dtype=F64, requires_grad=True)
    (expected,) = torch.autograd.grad(F.relu(x), x, torch.ones(4, dtype=F64))
    torch.testing.assert_close(ref.relu_backward(torch.ones(4, dtype=F64), x.detach()), expected)
    assert expected.tolist() == [0.0, 0.0, 0.0, 1.0]


def test_relu_backward_accepts_the_output_in_place_of_the_input():
    x, g = _random(3)
    torch.testing.assert_close(ref.relu_backward(g, ref.relu(x)), ref.relu_backward(g, x))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_and_log_softmax_match_torch(seed, dim, device):
    g = torch.Generator().manual_seed(seed)
    x = (5 * torch.randn(4, 6, generator=g, dtype=F64)).to(device)
    torch.testing.assert_close(ref.softmax(x, dim), F.softmax(x, dim))
    torch.testing.assert_close(ref.log_softmax(x, dim), F.log_softmax(x, dim))


def test_softmax_is_stable_for_huge_logits():
    x = torch.tensor([[1000.0, 1000.0, -1000.0], [-1e300, 0.0, 1e300]], dtype=F64)
    torch.testing.assert_close(ref.softmax(x, -1), F.softmax(x, -1))
    torch.testing.assert_close(ref.log_softmax(x[:1], -1), F.log_softmax(x[:1], -1))


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_backward_matches_autograd_and_the_jacobian(seed, dim):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(3, 5, generator=g, dtype=F64, requires_grad=True)
    grad_output = torch.randn(3, 5, generator=g, dtype=F64)
    s = F.softmax(x, dim)
    (expected,) = torch.autograd.grad(s, x, grad_output)
    got = ref.softmax_backward(grad_output, s.detach(), dim)
    torch.testing.assert_close(got, expected, rtol=1e-6, atol=1e-12)
    torch.testing.assert_close(got, torch.ops.aten._softmax_backward_data(grad_output, s.detach(), dim, F64))
    # The Jacobian of one row is diag(s) - s s^T; the notes' s_i (1 - s_i) is only its diagonal.
    row = F.softmax(x[0].detach(), 0)
    jacobian = torch.autograd.functional.jacobian(lambda v: F.softmax(v, 0), x[0].detach())
    torch.testing.assert_close(jacobian, torch.diag(row) - torch.outer(row, row))


def test_gelu_derivative_is_phi_plus_x_times_density():
    x = torch.linspace(-4, 4, 41, dtype=F64)
    normal = torch.distributions.Normal(torch.tensor(0.0, dtype=F64), torch.tensor(1.0, dtype=F64))
    expected = normal.cdf(x) + x * normal.log_prob(x).exp()
    torch.testing.assert_close(ref.gelu_backward(torch.ones_like(x), x), expected)
    torch.testing.assert_close(ref.gelu(x), x * normal.cdf(x))


def test_activations_keep_dtype_and_device_and_reject_bad_arguments():
    for dtype in (torch.float32, F64):
        x = torch.randn(3, dtype=dtype)
        for fn in (ref.relu, ref.sigmoid, ref.tanh, ref.gelu):
            assert fn(x).dtype == dtype
    with pytest.raises(ValueError, match="approximate"):
        ref.gelu(torch.ones(2), approximate="fast")
    with pytest.raises(TypeError, match="torch.Tensor"):
        ref.relu([1.0, 2.0])
    with pytest.raises(ValueError, match="same shape"):
        ref.relu_backward(torch.ones(3), torch.ones(2))
