"""Do the word-embedding references agree with PyTorch (log-sigmoid, autograd), with a direct loop, and with their formulas?"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _sgns_inputs(seed: int, device: str = "cpu", scale: float = 1.0):
    g = torch.Generator().manual_seed(seed)
    n, k, d = (int(torch.randint(1, 7, (1,), generator=g)) for _ in range(3))
    shapes = ((n, d), (n, d), (n, k, d))
    return [(scale * torch.randn(*s, generator=g, dtype=F64)).to(device) for s in shapes]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(12))
def test_sgns_loss_matches_logsigmoid_and_binary_cross_entropy(seed, device):
    center, context, negatives = _sgns_inputs(seed, device, scale=1 + seed)
    positive = (center * context).sum(-1)
    negative = torch.einsum("nkd,nd->nk", negatives, center)
    expected = (-F.logsigmoid(positive) - F.logsigmoid(-negative).sum(-1)).mean()
    torch.testing.assert_close(ref.sgns_loss(center, context, negatives), expected)
    # the same loss as binary cross-entropy: label 1 for the real pair, 0 for every noise word
    logits = torch.cat([positive.unsqueeze(1), negative], dim=1)
    labels = torch.zeros_like(logits)
    labels[:, 0] = 1
    bce = F.binary_cross_entropy_with_logits(logits, labels, reduction="none").sum(1).mean()
    torch.testing.assert_close(ref.sgns_loss(center, context, negatives), bce)


def test_sgns_loss_is_finite_for_huge_dot_products():
    center = torch.tensor([[30.0, 0.0], [-30.0, 0.0]], dtype=F64)
    context = torch.tensor([[-40.0, 0.0], [40.0, 0.0]], dtype=F64)
    negatives = torch.tensor([[[50.0, 0.0]], [[-50.0, 0.0]]], dtype=F64)
    loss = ref.sgns_loss(center, context, negatives)
    # each pair: u_o . v_c = -1200 and u_k . v_c = 1500, so the loss is 1200 + 1500 where log(sigmoid(x)) gives inf
    assert torch.isinf(torch.log(torch.sigmoid(torch.tensor(-1200.0, dtype=F64))))
    torch.testing.assert_close(loss, torch.tensor(2700.0, dtype=F64))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(12))
def test_sgns_gradients_equal_autograd_through_sgns_loss(seed, device):
    inputs = [t.requires_grad_(True) for t in _sgns_inputs(seed, device, scale=0.5 + seed / 4)]
    expected = torch.autograd.grad(ref.sgns_loss(*inputs), inputs)
    got = ref.sgns_gradients(*(t.detach() for t in inputs))
    for e, g in zip(expected, got):
        torch.testing.assert_close(g, e)


def test_sgns_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="negatives"):
        ref.sgns_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(2, 4, 2))
    with pytest.raises(ValueError, match="context"):
        ref.sgns_gradients(torch.zeros(2, 3), torch.zeros(3, 3), torch.zeros(2, 4, 3))


def _cooccurrence_loop(sentences, vocab_size, window):
    X = [[0] * vocab_size for _ in range(vocab_size)]
    for sentence in sentences:
        words = sentence.tolist()
        for i, centre in enumerate(words):
            for j in range(max(0, i - window), min(len(words), i + window + 1)):
                if j != i:
                    X[centre][words[j]] += 1
    return torch.tensor(X, dtype=torch.int64)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(15))
def test_cooccurrence_matrix_matches_a_direct_loop(seed, device):
    g = torch.Generator().manual_seed(seed)
    vocab_size = int(torch.randint(1, 8, (1,), generator=g))
    window = int(torch.randint(1, 5, (1,), generator=g))
    sentences = [
        torch.randint(vocab_size, (int(torch.randint(0, 9, (1,), generator=g)),), generator=g) for _ in range(4)
    ]
    got = ref.cooccurrence_matrix([s.to(device) for s in sentences], vocab_size, window)
    assert got.device.type == device and got.dtype == torch.int64
    torch.testing.assert_close(got.cpu(), _cooccurrence_loop(sentences, vocab_size, window))
    torch.testing.assert_close(got, got.mT)


def test_cooccurrence_matrix_of_nothing_is_zero_and_bad_arguments_are_named():
    torch.testing.assert_close(ref.cooccurrence_matrix([], 3), torch.zeros(3, 3, dtype=torch.int64))
    with pytest.raises(ValueError, match="window"):
        ref.cooccurrence_matrix([torch.tensor([0, 1])], 2, window=0)
    with pytest.raises(ValueError, match="word ids"):
        ref.cooccurrence_matrix([torch.tensor([0, 5])], 2)


def _glove_loop(W, W_tilde, b, b_tilde, X, x_max, alpha):
    total = 0.0
    V = X.shape[0]
    for i in range(V):
        for j in range(V):
            x = X[i, j].item()
            if x > 0:
                weight = min(1.0, (x / x_max) ** alpha)
                total += weight * (W[i] @ W_tilde[j] + b[i] + b_tilde[j] - math.log(x)).item() ** 2
    return torch.tensor(total, dtype=F64)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(12))
def test_glove_loss_matches_a_double_loop_and_its_gradient_is_finite(seed, device):
    g = torch.Generator().manual_seed(seed)
    V, D = int(torch.randint(1, 6, (1,), generator=g)), int(torch.randint(1, 4, (1,), generator=g))
    X = torch.randint(0, 4, (V, V), generator=g).to(F64) ** 3  # zeros, and counts below and above x_max
    x_max, alpha = [(100.0, 0.75), (5.0, 0.5), (1.0, 1.0)][seed % 3]
    params = [torch.randn(*s, generator=g, dtype=F64) for s in ((V, D), (V, D), (V,), (V,))]
    expected = _glove_loop(*params, X, x_max, alpha)
    leaves = [p.to(device).requires_grad_(True) for p in params]
    loss = ref.glove_loss(*leaves, X.to(device), x_max, alpha)
    torch.testing.assert_close(loss.detach().cpu(), expected)
    assert all(torch.isfinite(grad).all() for grad in torch.autograd.grad(loss, leaves))


def test_glove_weight_is_capped_at_one_and_zero_at_zero():
    X = torch.tensor([0.0, 1.0, 50.0, 100.0, 1000.0], dtype=F64)
    expected = torch.tensor([0.0, 0.01**0.75, 0.5**0.75, 1.0, 1.0], dtype=F64)
    torch.testing.assert_close(ref.glove_weight(X), expected)


def test_noise_distribution_and_subsampling_follow_their_formulas():
    counts = torch.tensor([100, 10, 1, 0])
    p = ref.negative_sampling_distribution(counts)
    weights = torch.tensor([100**0.75, 10**0.75, 1.0, 0.0], dtype=F64)
    torch.testing.assert_close(p, weights / weights.sum())
    keep = ref.subsample_keep_probability(counts, t=0.05)
    frequency = counts.double() / 111
    torch.testing.assert_close(keep[:2], (0.05 / frequency[:2]).sqrt())
    torch.testing.assert_close(keep[2:], torch.ones(2, dtype=F64))
    with pytest.raises(ValueError, match="counts"):
        ref.negative_sampling_distribution(torch.tensor([-1, 2]))
