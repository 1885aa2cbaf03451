"""Do the hand-written backward passes (linear layer, softmax cross-entropy, two-layer MLP) agree with autograd?

Manual gradients must match ``torch.autograd`` to 1e-6 in float64 on many small random inputs.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SEEDS = range(8)
TIGHT = {"rtol": 1e-6, "atol": 1e-10}


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _sizes(g: torch.Generator, count: int, high: int = 7) -> list[int]:
    return [int(s) for s in torch.randint(1, high, (count,), generator=g)]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_linear_forward_and_backward_match_autograd(seed, device):
    g = _gen(seed)
    n, d, k = _sizes(g, 3)
    x = torch.randn(n, d, generator=g, dtype=F64).to(device).requires_grad_()
    w = torch.randn(k, d, generator=g, dtype=F64).to(device).requires_grad_()
    b = torch.randn(k, generator=g, dtype=F64).to(device).requires_grad_()
    grad_output = torch.randn(n, k, generator=g, dtype=F64).to(device)

    y, cache = ref.linear_forward(x.detach(), w.detach(), b.detach())
    torch.testing.assert_close(y, F.linear(x, w, b).detach())
    assert len(cache) == 2 and cache[0] is not None
    expected = torch.autograd.grad(F.linear(x, w, b), (x, w, b), grad_output)
    got = ref.linear_backward(grad_output, *cache)
    for name, e, o in zip(("grad_x", "grad_weight", "grad_bias"), expected, got):
        assert o.shape == e.shape, name
        torch.testing.assert_close(o, e, **TIGHT)


def test_linear_forward_without_bias_matches_torch():
    x, w = torch.randn(4, 3, dtype=F64), torch.randn(2, 3, dtype=F64)
    torch.testing.assert_close(ref.linear_forward(x, w)[0], F.linear(x, w))


def test_linear_backward_rejects_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match="shapes do not fit"):
        ref.linear_backward(torch.ones(4, 2), torch.ones(4, 3), torch.ones(3, 2))
    with pytest.raises(ValueError, match="2-D"):
        ref.linear_backward(torch.ones(4), torch.ones(4, 3), torch.ones(1, 3))
    with pytest.raises(TypeError, match="weight"):
        ref.linear_backward(torch.ones(4, 1), torch.ones(4, 3), [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="features"):
        ref.linear_forward(torch.ones(4, 3), torch.ones(2, 5))


def _logits_and_targets(seed: int, scale: float = 3.0, device: str = "cpu"):
    g = _gen(seed)
    n, k = _sizes(g, 2, high=9)
    k = max(k, 2)
    logits = scale * torch.randn(n, k, generator=g, dtype=F64)
    target = torch.randint(0, k, (n,), generator=g)
    return logits.to(device), target.to(device)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_cross_entropy_matches_torch_and_autograd(seed, device):
    logits, target = _logits_and_targets(seed, device=device)
    loss, cache = ref.softmax_cross_entropy_forward(logits, target)
    torch.testing.assert_close(loss, F.cross_entropy(logits, target))
    leaf = logits.clone().requires_grad_()
    (expected,) = torch.autograd.grad(F.cross_entropy(leaf, target), leaf)
    got = ref.softmax_cross_entropy_backward(*cache)
    torch.testing.assert_close(got, expected, **TIGHT)
    torch.testing.assert_close(got.sum(dim=1), torch.zeros(len(target), dtype=F64, device=device), rtol=0, atol=1e-15)


@pytest.mark.parametrize("scale", [1e3, 1e6])
def test_softmax_cross_entropy_is_stable_for_huge_logits(scale):
    logits, target = _logits_and_targets(1, scale=scale)
    leaf = logits.clone().requires_grad_()
    expected_loss = F.cross_entropy(leaf, target)
    (expected,) = torch.autograd.grad(expected_loss, leaf)
    torch.testing.assert_close(ref.softmax_cross_entropy_forward(logits, target)[0], expected_loss.detach())
    got = ref.softmax_cross_entropy_backward(logits, target)
    assert torch.isfinite(got).all()
    torch.testing.assert_close(got, expected, **TIGHT)


def test_softmax_cross_entropy_rejects_bad_targets():
    logits = torch.zeros(3, 4)
    with pytest.raises(TypeError, match="class indices"):
        ref.softmax_cross_entropy_backward(logits, torch.zeros(3))
    with pytest.raises(ValueError, match=r"\[0, 3\]"):
        ref.softmax_cross_entropy_backward(logits, torch.tensor([0, 1, 4]))
    with pytest.raises(ValueError, match="shape"):
        ref.softmax_cross_entropy_backward(logits, torch.tensor([0, 1]))
    with pytest.raises(ValueError, match="logits of shape"):
        ref.softmax_cross_entropy_forward(torch.zeros(4), torch.tensor([0]))


def _mlp(seed: int, device: str = "cpu"):
    g = _gen(seed)
    n, d, m, k = _sizes(g, 4)
    k = max(k, 2)
    leaves = [
        torch.randn(n, d, generator=g, dtype=F64),
        torch.randn(m, d, generator=g, dtype=F64),
        torch.randn(m, generator=g, dtype=F64),
        torch.randn(k, m, generator=g, dtype=F64),
        torch.randn(k, generator=g, dtype=F64),
    ]
    target = torch.randint(0, k, (n,), generator=g)
    return [t.to(device) for t in leaves], target.to(device)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_mlp_forward_and_backward_match_autograd(seed, device):
    (x, w1, b1, w2, b2), target = _mlp(seed, device)
    params = [p.clone().requires_grad_() for p in (w1, b1, w2, b2)]
    logits_torch = F.linear(F.relu(F.linear(x, params[0], params[1])), params[2], params[3])
    expected = torch.autograd.grad(F.cross_entropy(logits_torch, target), params)

    logits, cache = ref.mlp_forward(x, w1, b1, w2, b2)
    torch.testing.assert_close(logits, logits_torch.detach())
    grad_logits = ref.softmax_cross_entropy_backward(logits, target)
    got = ref.mlp_backward(grad_logits, *cache)
    for name, e, o in zip(("grad_weight1", "grad_bias1", "grad_weight2", "grad_bias2"), expected, got):
        assert o.shape == e.shape, name
        torch.testing.assert_close(o, e, **TIGHT)


@pytest.mark.parametrize("seed", [0, 1, 2, 4, 5])
def test_mlp_backward_agrees_with_central_differences(seed):
    (x, w1, b1, w2, b2), target = _mlp(seed)
    # Central differences straddling ReLU's kink would disagree for a good reason (seed 3 has a
    # pre-activation of -1.2e-7); these seeds keep every pre-activation far from 0.
    assert (F.linear(x, w1, b1).abs() > 1e-4).all()

    def loss_of(which, value):
        params = [w1, b1, w2, b2]
        params[which] = value
        return ref.softmax_cross_entropy_forward(ref.mlp_forward(x, *params)[0], target)[0]

    logits, cache = ref.mlp_forward(x, w1, b1, w2, b2)
    got = ref.mlp_backward(ref.softmax_cross_entropy_backward(logits, target), *cache)
    for which, param in enumerate((w1, b1, w2, b2)):
        numeric = ref.numerical_gradient(lambda v, which=which: loss_of(which, v), param)
        assert ref.relative_error(got[which], numeric) < 1e-7


def test_mlp_cache_holds_only_what_backward_needs():
    (x, w1, b1, w2, b2), _ = _mlp(0)
    _, cache = ref.mlp_forward(x, w1, b1, w2, b2)
    assert len(cache) == 3
    assert cache[0] is x and cache[2] is w2
    torch.testing.assert_close(cache[1], F.relu(F.linear(x, w1, b1)))
