"""Do batch, layer and group normalisation agree with torch.nn.functional, values, running statistics and gradients?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
BN_SHAPES = [(4, 3), (2, 5), (3, 2, 6), (2, 3, 4, 5), (5, 1, 2, 2), (2, 2, 2, 2, 2)]


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _randn(g, *shape, device="cpu"):
    return torch.randn(*shape, generator=g, dtype=F64).to(device)


def _bn_inputs(seed: int, shape: tuple[int, ...], affine: bool, device: str = "cpu"):
    g = _gen(seed)
    c = shape[1]
    x = 3 * _randn(g, *shape, device=device) + _randn(g, 1, device=device)
    running_mean = _randn(g, c, device=device)
    running_var = (torch.rand(c, generator=g, dtype=F64) + 0.5).to(device)
    weight = _randn(g, c, device=device) if affine else None
    bias = _randn(g, c, device=device) if affine else None
    return x, running_mean, running_var, weight, bias


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("shape", BN_SHAPES)
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("momentum, eps", [(0.1, 1e-5), (0.5, 1e-3), (1.0, 1e-5), (0.0, 0.1)])
def test_batch_norm_matches_functional_batch_norm_and_its_running_statistics(
    shape, training, affine, momentum, eps, device
):
    x, running_mean, running_var, weight, bias = _bn_inputs(sum(shape) + int(training), shape, affine, device)
    their_mean, their_var = running_mean.clone(), running_var.clone()  # F.batch_norm updates these in place
    expected = F.batch_norm(x, their_mean, their_var, weight, bias, training, momentum, eps)
    out, new_mean, new_var = ref.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)
    torch.testing.assert_close(out, expected)
    torch.testing.assert_close(new_mean, their_mean)
    torch.testing.assert_close(new_var, their_var)


def test_batch_norm_leaves_its_arguments_alone_and_running_statistics_carry_no_gradient():
    x, running_mean, running_var, weight, bias = _bn_inputs(0, (6, 3), True)
    x.requires_grad_(True)
    before = [t.detach().clone() for t in (x, running_mean, running_var)]
    _, new_mean, new_var = ref.batch_norm(x, running_mean, running_var, weight, bias, training=True)
    for old, now in zip(before, (x, running_mean, running_var)):
        assert torch.equal(old, now.detach())
    assert not new_mean.requires_grad and not new_var.requires_grad


def test_batch_norm_running_variance_is_unbiased_and_normalising_variance_biased():
    x = torch.tensor([[1.0], [3.0]], dtype=F64)  # mean 2, biased variance 1, unbiased variance 2
    out, mean, var = ref.batch_norm(
        x, torch.zeros(1, dtype=F64), torch.zeros(1, dtype=F64), training=True, momentum=1.0, eps=0.0
    )
    torch.testing.assert_close(out, torch.tensor([[-1.0], [1.0]], dtype=F64))
    torch.testing.assert_close(mean, torch.tensor([2.0], dtype=F64))
    torch.testing.assert_close(var, torch.tensor([2.0], dtype=F64))


def test_batch_norm_over_many_steps_tracks_what_nn_batchnorm2d_tracks():
    g = _gen(3)
    module = torch.nn.BatchNorm2d(4, momentum=0.2, dtype=F64)
    running_mean, running_var = torch.zeros(4, dtype=F64), torch.ones(4, dtype=F64)
    for _ in range(25):
        x = 2 * _randn(g, 8, 4, 3, 3) + 1
        expected = module(x)
        out, running_mean, running_var = ref.batch_norm(
            x, running_mean, running_var, module.weight, module.bias, training=True, momentum=0.2
        )
        torch.testing.assert_close(out, expected)
    torch.testing.assert_close(running_mean, module.running_mean)
    torch.testing.assert_close(running_var, module.running_var)
    module.eval()
    x = _randn(g, 5, 4, 3, 3)
    torch.testing.assert_close(ref.batch_norm(x, running_mean, running_var, module.weight, module.bias)[0], module(x))


@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 5), (2, 3, 4, 4)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradients_match_functional_batch_norm(shape, training):
    x, running_mean, running_var, weight, bias = _bn_inputs(5, shape, True)
    ours = [t.clone().requires_grad_() for t in (x, weight, bias)]
    theirs = [t.clone().requires_grad_() for t in (x, weight, bias)]
    cotangent = _randn(_gen(9), *shape)
    out = ref.batch_norm(ours[0], running_mean, running_var, ours[1], ours[2], training)[0]
    expected = F.batch_norm(theirs[0], running_mean.clone(), running_var.clone(), theirs[1], theirs[2], training)
    grads = torch.autograd.grad(out, ours, cotangent)
    expected_grads = torch.autograd.grad(expected, theirs, cotangent)
    for got, want in zip(grads, expected_grads):
        torch.testing.assert_close(got, want)


def test_batch_norm_without_running_statistics_in_training():
    x = _randn(_gen(1), 5, 3, 2)
    out, mean, var = ref.batch_norm(x, None, None, training=True)
    torch.testing.assert_close(out, F.batch_norm(x, None, None, training=True))
    assert mean is None and var is None


@pytest.mark.parametrize("offset, scale", [(1e6, 1.0), (0.0, 1e-3), (0.0, 1e100), (-1e4, 1e2)])
def test_batch_norm_stays_accurate_for_extreme_inputs(offset, scale):
    x = offset + scale * _randn(_gen(2), 16, 3)
    running_mean, running_var = torch.zeros(3, dtype=F64), torch.ones(3, dtype=F64)
    their_mean, their_var = running_mean.clone(), running_var.clone()
    expected = F.batch_norm(x, their_mean, their_var, training=True)
    out, new_mean, new_var = ref.batch_norm(x, running_mean, running_var, training=True)
    torch.testing.assert_close(out, expected, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(new_mean, their_mean)
    torch.testing.assert_close(new_var, their_var)


def test_batch_norm_of_a_constant_channel_is_zero_thanks_to_eps():
    x = torch.full((4, 2), 3.0, dtype=F64)
    out, _, _ = ref.batch_norm(x, torch.zeros(2, dtype=F64), torch.ones(2, dtype=F64), training=True)
    assert torch.isfinite(out).all() and out.abs().max() < 1e-9


def test_batch_norm_rejects_bad_arguments():
    c = torch.zeros(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        ref.batch_norm(torch.randn(1, 3), c, c + 1, training=True)
    with pytest.raises(ValueError, match="evaluation mode"):
        ref.batch_norm(torch.randn(4, 3), None, None, training=False)
    with pytest.raises(ValueError, match="running_mean must have shape"):
        ref.batch_norm(torch.randn(4, 3), torch.zeros(2), c, training=True)
    with pytest.raises(ValueError, match="momentum"):
        ref.batch_norm(torch.randn(4, 3), c, c + 1, training=True, momentum=1.5)
    with pytest.raises(ValueError, match=r"\(N, C, \*\)"):
        ref.batch_norm(torch.randn(4), None, None, training=True)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "shape, normalized_shape",
    [
        ((4, 5), (5,)),
        ((2, 3, 4), (4,)),
        ((2, 3, 4), (3, 4)),
        ((2, 3, 2, 2), (3, 2, 2)),
        ((1, 6), (6,)),
        ((3, 1), (1,)),
        ((7,), (7,)),
    ],
)
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("eps", [1e-5, 0.5])
def test_layer_norm_matches_functional_layer_norm(shape, normalized_shape, affine, eps, device):
    g = _gen(len(shape) + len(normalized_shape))
    x = 2 * _randn(g, *shape, device=device) + 1
    weight = _randn(g, *normalized_shape, device=device) if affine else None
    bias = _randn(g, *normalized_shape, device=device) if affine else None
    torch.testing.assert_close(
        ref.layer_norm(x, normalized_shape, weight, bias, eps), F.layer_norm(x, normalized_shape, weight, bias, eps)
    )


def test_layer_norm_accepts_an_int_like_nn_layernorm():
    x = _randn(_gen(0), 3, 4)
    torch.testing.assert_close(ref.layer_norm(x, 4), torch.nn.LayerNorm(4, elementwise_affine=False, dtype=F64)(x))


@pytest.mark.parametrize("normalized_shape", [(5,), (4, 5)])
def test_layer_norm_gradients_match_functional_layer_norm(normalized_shape):
    g = _gen(4)
    x, weight, bias = _randn(g, 3, 4, 5), _randn(g, *normalized_shape), _randn(g, *normalized_shape)
    ours = [t.clone().requires_grad_() for t in (x, weight, bias)]
    theirs = [t.clone().requires_grad_() for t in (x, weight, bias)]
    cotangent = _randn(g, 3, 4, 5)
    grads = torch.autograd.grad(ref.layer_norm(ours[0], normalized_shape, ours[1], ours[2]), ours, cotangent)
    expected = torch.autograd.grad(F.layer_norm(theirs[0], normalized_shape, theirs[1], theirs[2]), theirs, cotangent)
    for got, want in zip(grads, expected):
        torch.testing.assert_close(got, want)


@pytest.mark.parametrize("offset, scale", [(1e6, 1.0), (0.0, 1e100), (5.0, 0.0)])
def test_layer_norm_stays_accurate_for_extreme_inputs(offset, scale):
    x = offset + scale * _randn(_gen(6), 4, 8)
    torch.testing.assert_close(ref.layer_norm(x, (8,)), F.layer_norm(x, (8,)), rtol=1e-6, atol=1e-6)


def test_layer_norm_rejects_shapes_that_do_not_end_the_input():
    with pytest.raises(ValueError, match="normalized_shape"):
        ref.layer_norm(torch.randn(2, 3, 4), (3,))
    with pytest.raises(ValueError, match="weight must have shape"):
        ref.layer_norm(torch.randn(2, 4), (4,), weight=torch.ones(3))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "shape, groups",
    [
        ((2, 4), 2),
        ((2, 6, 5), 3),
        ((3, 6, 2, 2), 2),
        ((2, 8, 3, 3), 4),
        ((1, 4, 2, 3), 1),
        ((2, 4, 2, 3), 4),
        ((2, 6, 2, 2, 2), 3),
    ],
)
@pytest.mark.parametrize("affine", [True, False])
def test_group_norm_matches_functional_group_norm(shape, groups, affine, device):
    g = _gen(sum(shape) + groups)
    x = 2 * _randn(g, *shape, device=device) - 1
    weight = _randn(g, shape[1], device=device) if affine else None
    bias = _randn(g, shape[1], device=device) if affine else None
    torch.testing.assert_close(ref.group_norm(x, groups, weight, bias), F.group_norm(x, groups, weight, bias))


def test_group_norm_gradients_match_functional_group_norm():
    g = _gen(7)
    x, weight, bias = _randn(g, 2, 6, 3, 3), _randn(g, 6), _randn(g, 6)
    ours = [t.clone().requires_grad_() for t in (x, weight, bias)]
    theirs = [t.clone().requires_grad_() for t in (x, weight, bias)]
    cotangent = _randn(g, 2, 6, 3, 3)
    grads = torch.autograd.grad(ref.group_norm(ours[0], 3, ours[1], ours[2]), ours, cotangent)
    expected = torch.autograd.grad(F.group_norm(theirs[0], 3, theirs[1], theirs[2]), theirs, cotangent)
    for got, want in zip(grads, expected):
        torch.testing.assert_close(got, want)


def test_group_norm_with_one_group_is_layer_norm_and_with_c_groups_instance_norm():
    x = _randn(_gen(8), 3, 4, 5, 5)
    torch.testing.assert_close(ref.group_norm(x, 1), F.layer_norm(x, (4, 5, 5)))
    torch.testing.assert_close(ref.group_norm(x, 4), F.instance_norm(x))


def test_group_and_layer_norm_treat_every_sample_on_its_own():
    x = _randn(_gen(9), 6, 4, 3)
    torch.testing.assert_close(ref.group_norm(x, 2)[:2], ref.group_norm(x[:2], 2))
    torch.testing.assert_close(ref.layer_norm(x, (4, 3))[:1], ref.layer_norm(x[:1], (4, 3)))


def test_group_norm_rejects_groups_that_do_not_divide_the_channels():
    with pytest.raises(ValueError, match="divisible"):
        ref.group_norm(torch.randn(2, 6, 3), 4)
    with pytest.raises(ValueError, match="weight must have shape"):
        ref.group_norm(torch.randn(2, 6, 3), 3, weight=torch.ones(3))
