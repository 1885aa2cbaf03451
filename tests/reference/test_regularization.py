"""Do dropout, gradient clipping and the L1 tools behave as PyTorch's, with statistics that cannot flake?

Dropout's masks are drawn differently from F.dropout's, so the two are compared in
distribution; every random test uses a fixed seed, with tolerances several standard errors wide.
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _randn(g, *shape):
    return torch.randn(shape, generator=g, dtype=F64)


# -- dropout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_zeroes_a_fraction_p_and_scales_the_rest_by_1_over_1_minus_p(p):
    x = torch.rand(200, 500, generator=_gen(0), dtype=F64) + 0.5  # no zeros of its own
    out = ref.dropout(x, p, generator=_gen(1))
    dropped = out == 0
    n = x.numel()
    assert abs(dropped.double().mean().item() - p) < 6 * math.sqrt(p * (1 - p) / n)
    torch.testing.assert_close(out[~dropped], x[~dropped] / (1 - p))


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_keeps_the_expectation_as_f_dropout_does(p):
    x = torch.linspace(-2, 3, 50, dtype=F64)
    draws = 4000
    ours = torch.stack([ref.dropout(x, p, generator=_gen(i)) for i in range(draws)])  # (draws, 50)
    torch.manual_seed(0)
    theirs = torch.stack([F.dropout(x, p) for _ in range(draws)])  # (draws, 50)
    # Each entry is x / (1 - p) with probability 1 - p: mean x, std |x| sqrt(p / (1 - p)).
    std_error = x.abs() * math.sqrt(p / (1 - p)) / math.sqrt(draws)
    scaled = (x / (1 - p)).expand(draws, -1)  # (draws, 50): the value of every kept entry
    for samples in (ours, theirs):
        assert ((samples.mean(0) - x).abs() <= 6 * std_error + 1e-12).all()
        kept = samples != 0
        torch.testing.assert_close(samples[kept], scaled[kept])


def test_dropout_mask_is_u_greater_than_p_for_u_drawn_from_the_generator():
    x = _randn(_gen(2), 4, 6)
    u = torch.rand(4, 6, generator=_gen(3), dtype=F64)
    torch.testing.assert_close(ref.dropout(x, 0.3, generator=_gen(3)), x * (u > 0.3) / 0.7)


def test_dropout_in_evaluation_and_with_p_0_returns_the_input_and_with_p_1_zeros():
    x = _randn(_gen(4), 3, 5)
    assert torch.equal(ref.dropout(x, 0.5, training=False), x)
    assert torch.equal(ref.dropout(x, 0.0, generator=_gen(0)), x)
    assert torch.equal(ref.dropout(x, 1.0, generator=_gen(0)), torch.zeros_like(x))
    assert torch.equal(F.dropout(x, 1.0), torch.zeros_like(x))


def test_dropout_gradient_is_the_scaled_mask():
    x = _randn(_gen(5), 10, 10).requires_grad_()
    out = ref.dropout(x, 0.4, generator=_gen(6))
    (grad,) = torch.autograd.grad(out.sum(), x)
    torch.testing.assert_close(grad, (out.detach() != 0).double() / 0.6)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_dropout_keeps_dtype_and_device_and_a_cpu_generator_gives_the_same_mask_everywhere(dtype, device):
    x = torch.ones(8, 8, dtype=dtype)
    expected = ref.dropout(x, 0.5, generator=_gen(7))
    out = ref.dropout(x.to(device), 0.5, generator=_gen(7))
    assert out.dtype == dtype and out.device == x.to(device).device
    torch.testing.assert_close(out.cpu(), expected)


def test_dropout_rejects_probabilities_outside_0_1():
    with pytest.raises(ValueError, match="p must be in"):
        ref.dropout(torch.ones(3), 1.5)


# -- gradient clipping ------------------------------------------------------------------------


def _parameters_with_grads(grads):
    params = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
    for param, g in zip(params, grads):
        param.grad = g.clone()
    return params


SHAPE_SETS = [[(3,)], [(2, 3), (3,)], [(4, 2), (2,), (1,), (2, 2, 2)], [()]]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("shapes", SHAPE_SETS)
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("scale", [1e-3, 0.3, 1.0, 10.0, 1e100])
@pytest.mark.parametrize("max_norm", [0.5, 2.0])
def test_clip_grad_norm_matches_clip_grad_norm_(shapes, norm_type, scale, max_norm, device):
    g = _gen(len(shapes) + int(norm_type if norm_type < 10 else 9))
    grads = [scale * _randn(g, *shape).to(device) for shape in shapes]
    params = _parameters_with_grads(grads)
    expected_total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
    clipped, total = ref.clip_grad_norm(grads, max_norm, norm_type)
    torch.testing.assert_close(total, expected_total)
    for ours, param in zip(clipped, params):
        torch.testing.assert_close(ours, param.grad)


def test_clip_grad_norm_uses_the_global_norm_and_keeps_the_direction():
    grads = [torch.tensor([3.0], dtype=F64), torch.tensor([0.0, 4.0], dtype=F64)]
    before = [g.clone() for g in grads]
    clipped, total = ref.clip_grad_norm(grads, 1.0)
    assert total.item() == 5.0
    flat = torch.cat(clipped)
    torch.testing.assert_close(flat.norm(), torch.tensor(5.0 / (5.0 + 1e-6), dtype=F64))
    torch.testing.assert_close(flat / flat.norm(), torch.cat(before) / 5.0)
    assert all(torch.equal(a, b) for a, b in zip(grads, before)), "the gradients passed in must stay unchanged"


def test_clip_grad_norm_leaves_small_gradients_alone_and_handles_zero():
    grads = [torch.tensor([0.3, -0.4])]
    assert torch.equal(ref.clip_grad_norm(grads, 1.0)[0][0], grads[0])
    clipped, total = ref.clip_grad_norm([torch.zeros(3)], 1.0)
    assert total.item() == 0.0 and torch.equal(clipped[0], torch.zeros(3))


def test_clip_grad_norm_rejects_bad_arguments_and_accepts_an_empty_list():
    with pytest.raises(ValueError, match="max_norm"):
        ref.clip_grad_norm([torch.ones(2)], 0.0)
    with pytest.raises(ValueError, match="norm_type"):
        ref.clip_grad_norm([torch.ones(2)], 1.0, norm_type=-1.0)
    assert ref.clip_grad_norm([], 1.0)[0] == []


@pytest.mark.parametrize("clip_value", [0.1, 1.0, 5.0])
def test_clip_grad_value_matches_clip_grad_value_(clip_value):
    g = _gen(8)
    grads = [_randn(g, 3, 4), 3 * _randn(g, 5)]
    params = _parameters_with_grads(grads)
    torch.nn.utils.clip_grad_value_(params, clip_value)
    for ours, param in zip(ref.clip_grad_value(grads, clip_value), params):
        torch.testing.assert_close(ours, param.grad)
    with pytest.raises(ValueError, match="clip_value"):
        ref.clip_grad_value(grads, -1.0)


# -- L1 -----------------------------------------------------------------------------------------


def test_l1_penalty_sums_absolute_values_over_all_tensors():
    g = _gen(9)
    params = [_randn(g, 3, 2), _randn(g, 4), _randn(g, 1, 1, 2)]
    expected = sum(torch.linalg.vector_norm(p, 1) for p in params)
    torch.testing.assert_close(ref.l1_penalty(params), expected)
    with pytest.raises(ValueError, match="at least one"):
        ref.l1_penalty([])


@pytest.mark.parametrize("lambd", [0.0, 0.3, 1.0])
def test_softshrink_matches_functional_softshrink_with_gradients(lambd):
    x = torch.linspace(-2, 2, 41, dtype=F64)[torch.randperm(41, generator=_gen(10))].requires_grad_()
    x_theirs = x.detach().clone().requires_grad_()
    ours, theirs = ref.softshrink(x, lambd), F.softshrink(x_theirs, lambd)
    torch.testing.assert_close(ours, theirs)
    cotangent = _randn(_gen(11), 41)
    torch.testing.assert_close(
        torch.autograd.grad(ours, x, cotangent)[0], torch.autograd.grad(theirs, x_theirs, cotangent)[0]
    )


def test_softshrink_is_the_proximal_step_of_the_l1_penalty():
    # softshrink(v, lambd) = argmin_w 0.5 (w - v)^2 + lambd |w|; check on a fine grid of w.
    grid = torch.linspace(-3, 3, 60001, dtype=F64)
    for v in (-2.0, -0.2, 0.0, 0.4, 1.7):
        objective = 0.5 * (grid - v) ** 2 + 0.5 * grid.abs()
        assert abs(grid[objective.argmin()].item() - ref.softshrink(torch.tensor(v, dtype=F64), 0.5).item()) < 1e-3
    with pytest.raises(ValueError, match="lambd"):
        ref.softshrink(torch.ones(2), -0.1)
