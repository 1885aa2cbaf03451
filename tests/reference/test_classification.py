"""Do the classification references agree with PyTorch and scikit-learn, on random and on extreme inputs?"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, confusion_matrix as sklearn_confusion_matrix

from dl_helpers import reference as ref
from dl_helpers.data import load_digits

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SEEDS = range(8)
EXTREME = torch.tensor(
    [[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0], [1000.0, 1000.0, 999.0], [1e4, -1e4, 3.0]], dtype=F64
)


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _sizes(g: torch.Generator, count: int, low: int = 1, high: int = 7) -> list[int]:
    return [int(s) for s in torch.randint(low, high, (count,), generator=g)]


# -- one_hot ---------------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_one_hot_matches_torch(seed, device):
    g = _gen(seed)
    shape = tuple(_sizes(g, int(torch.randint(1, 4, (1,), generator=g))))
    k = _sizes(g, 1, 2, 6)[0]
    labels = torch.randint(0, k, shape, generator=g).to(device)
    for num_classes in (-1, k, k + 2):
        got = ref.one_hot(labels, num_classes)
        expected = F.one_hot(labels, num_classes)
        assert got.dtype == expected.dtype == torch.int64 and got.device == labels.device
        torch.testing.assert_close(got, expected)


def test_one_hot_rejects_bad_labels():
    with pytest.raises(TypeError, match="int64"):
        ref.one_hot(torch.tensor([0.0, 1.0]), 2)
    with pytest.raises(ValueError, match=">= 0"):
        ref.one_hot(torch.tensor([0, -1]), 2)
    with pytest.raises(ValueError, match="out of range"):
        ref.one_hot(torch.tensor([0, 3]), 3)
    with pytest.raises(ValueError, match="empty"):
        ref.one_hot(torch.tensor([], dtype=torch.int64))


# -- logsumexp -------------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_logsumexp_matches_torch_and_its_gradient(seed, scale, device):
    g = _gen(seed)
    shape = _sizes(g, 3)
    x = (scale * torch.randn(*shape, generator=g, dtype=F64)).to(device).requires_grad_()
    for dim in (0, 1, -1, (0, 2)):
        for keepdim in (False, True):
            got = ref.logsumexp(x, dim, keepdim)
            expected = torch.logsumexp(x, dim, keepdim)
            torch.testing.assert_close(got, expected)
            v = torch.randn(expected.shape, generator=g, dtype=F64).to(device)
            torch.testing.assert_close(torch.autograd.grad(got, x, v)[0], torch.autograd.grad(expected, x, v)[0])


def test_logsumexp_is_finite_for_logits_of_1000_and_handles_infinities():
    for dim in (0, 1):
        got = ref.logsumexp(EXTREME, dim)
        assert torch.isfinite(got).all()
        torch.testing.assert_close(got, torch.logsumexp(EXTREME, dim))
    special = torch.tensor([[float("-inf"), float("-inf")], [float("inf"), 0.0], [float("-inf"), 2.0]], dtype=F64)
    torch.testing.assert_close(ref.logsumexp(special, 1), torch.logsumexp(special, 1))


def test_naive_logsumexp_overflows_where_the_reference_does_not():
    naive = torch.log(torch.exp(EXTREME).sum(dim=1))
    assert not torch.isfinite(naive).all()


# -- cross_entropy ---------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_matches_torch_with_gradient(seed, reduction, device):
    g = _gen(seed)
    n, k = _sizes(g, 2, 1, 9)
    scale = (1.0, 10.0, 1000.0)[seed % 3]
    logits = (scale * torch.randn(n, k, generator=g, dtype=F64)).to(device).requires_grad_()
    target = torch.randint(0, k, (n,), generator=g).to(device)
    got = ref.cross_entropy(logits, target, reduction)
    expected = F.cross_entropy(logits, target, reduction=reduction)
    torch.testing.assert_close(got, expected)
    v = torch.randn(expected.shape, generator=g, dtype=F64).to(device)
    torch.testing.assert_close(torch.autograd.grad(got, logits, v)[0], torch.autograd.grad(expected, logits, v)[0])


@pytest.mark.parametrize("dtype", [torch.float32, F64])
def test_cross_entropy_is_finite_and_equal_to_torch_for_logits_of_1000(dtype):
    logits = EXTREME.to(dtype).requires_grad_()
    for target in (torch.tensor([0, 0, 2, 1]), torch.tensor([1, 2, 0, 0])):
        got = ref.cross_entropy(logits, target, "none")
        expected = F.cross_entropy(logits, target, reduction="none")
        assert torch.isfinite(got).all()
        torch.testing.assert_close(got, expected)
        grad = torch.autograd.grad(got.sum(), logits)[0]
        assert torch.isfinite(grad).all()
        torch.testing.assert_close(grad, torch.autograd.grad(expected.sum(), logits)[0])


def test_cross_entropy_equals_the_chapter_04_forward_and_rejects_bad_targets():
    g = _gen(0)
    logits, target = torch.randn(6, 4, generator=g, dtype=F64), torch.randint(0, 4, (6,), generator=g)
    torch.testing.assert_close(ref.cross_entropy(logits, target), ref.softmax_cross_entropy_forward(logits, target)[0])
    with pytest.raises(ValueError, match=r"\(N, K\)"):
        ref.cross_entropy(torch.zeros(3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match="lie in"):
        ref.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(TypeError, match="int64"):
        ref.cross_entropy(torch.zeros(2, 3), torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="reduction"):
        ref.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), "average")


# -- binary_cross_entropy_with_logits --------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy_with_logits_matches_torch_with_gradient(seed, reduction, device):
    g = _gen(seed)
    shape = _sizes(g, 2)
    scale = (1.0, 10.0, 1000.0)[seed % 3]
    z = (scale * torch.randn(*shape, generator=g, dtype=F64)).to(device).requires_grad_()
    y = torch.rand(*shape, generator=g, dtype=F64).to(device)
    if seed % 2:
        y = (y > 0.5).to(F64)
    got = ref.binary_cross_entropy_with_logits(z, y, reduction)
    expected = F.binary_cross_entropy_with_logits(z, y, reduction=reduction)
    torch.testing.assert_close(got, expected)
    v = torch.randn(expected.shape, generator=g, dtype=F64).to(device)
    torch.testing.assert_close(torch.autograd.grad(got, z, v)[0], torch.autograd.grad(expected, z, v)[0])


@pytest.mark.parametrize("dtype", [torch.float32, F64])
def test_binary_cross_entropy_is_finite_for_logits_of_1000_and_has_the_right_gradient_at_0(dtype):
    z = torch.tensor([1000.0, -1000.0, 1000.0, -1000.0, 0.0, 40.0, -40.0], dtype=dtype, requires_grad=True)
    y = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0], dtype=dtype)
    got = ref.binary_cross_entropy_with_logits(z, y, "none")
    expected = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    assert torch.isfinite(got).all()
    torch.testing.assert_close(got, expected)
    grad = torch.autograd.grad(got.sum(), z)[0]
    torch.testing.assert_close(grad, torch.sigmoid(z.detach()) - y)  # d/dz = sigmoid(z) - y, also at z = 0


def test_binary_cross_entropy_rejects_shapes_that_differ():
    with pytest.raises(ValueError, match="same shape"):
        ref.binary_cross_entropy_with_logits(torch.zeros(3), torch.zeros(2))


# -- softmax_regression_gradients ------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_regression_gradients_match_autograd_through_torch_cross_entropy(seed, device):
    g = _gen(seed)
    n, d = _sizes(g, 2)
    k = _sizes(g, 1, 2, 6)[0]
    X = torch.randn(n, d, generator=g, dtype=F64).to(device)
    y = torch.randint(0, k, (n,), generator=g).to(device)
    weight = torch.randn(k, d, generator=g, dtype=F64).to(device).requires_grad_()
    bias = torch.randn(k, generator=g, dtype=F64).to(device).requires_grad_()
    expected = torch.autograd.grad(F.cross_entropy(F.linear(X, weight, bias), y), (weight, bias))
    got = ref.softmax_regression_gradients(X, y, weight.detach(), bias.detach())
    for e, o in zip(expected, got):
        assert o.shape == e.shape
        torch.testing.assert_close(o, e, rtol=1e-10, atol=1e-12)


def test_softmax_regression_gradients_reject_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match="do not fit"):
        ref.softmax_regression_gradients(
            torch.zeros(4, 3), torch.zeros(4, dtype=torch.int64), torch.zeros(2, 5), torch.zeros(2)
        )


# -- perceptron_step -------------------------------------------------------------------------


def _perceptron_by_hand(w, b, x, y, lr):
    """The update written with NumPy, as the lecture notes state it (bias folded into w)."""
    wb = np.append(w.numpy(), b.item())
    xb = np.append(x.numpy(), 1.0)
    if y * (wb @ xb) <= 0:
        wb = wb + lr * y * xb
    return wb[:-1], wb[-1]


@pytest.mark.parametrize("seed", range(20))
def test_perceptron_step_matches_the_textbook_update(seed):
    g = _gen(seed)
    d = _sizes(g, 1)[0]
    w = torch.zeros(d, dtype=F64) if seed % 4 == 0 else torch.randn(d, generator=g, dtype=F64)
    b = torch.tensor(0.0, dtype=F64) if seed % 4 == 0 else torch.randn((), generator=g, dtype=F64)
    x = torch.randn(d, generator=g, dtype=F64)
    y = 1 if seed % 2 else -1
    w_before, b_before = w.clone(), b.clone()
    new_w, new_b = ref.perceptron_step(w, b, x, y, lr=0.5)
    expected_w, expected_b = _perceptron_by_hand(w, b, x, y, 0.5)
    np.testing.assert_allclose(new_w.numpy(), expected_w, rtol=1e-12)
    np.testing.assert_allclose(new_b.item(), expected_b, rtol=1e-12)
    assert torch.equal(w, w_before) and torch.equal(b, b_before)


def test_perceptron_separates_separable_data_and_rejects_bad_labels():
    g = _gen(0)
    X = torch.randn(60, 2, generator=g, dtype=F64)
    y = torch.where(X[:, 0] + 0.5 * X[:, 1] > 0, 1, -1)
    X = X + 0.3 * y[:, None] * torch.tensor([1.0, 0.5], dtype=F64)  # open a margin
    w, b = torch.zeros(2, dtype=F64), torch.tensor(0.0, dtype=F64)
    for _ in range(100):
        for xi, yi in zip(X, y.tolist()):
            w, b = ref.perceptron_step(w, b, xi, yi)
    assert ((X @ w + b) * y > 0).all()
    with pytest.raises(ValueError, match="y must be"):
        ref.perceptron_step(w, b, X[0], 0)


# -- confusion_matrix and accuracy -----------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_and_accuracy_match_scikit_learn(seed, device):
    g = _gen(seed)
    n = _sizes(g, 1, 1, 50)[0]
    k = _sizes(g, 1, 2, 7)[0]
    y_true = torch.randint(0, k, (n,), generator=g)
    y_pred = torch.randint(0, k, (n,), generator=g)
    got = ref.confusion_matrix(y_true.to(device), y_pred.to(device), k)
    expected = sklearn_confusion_matrix(y_true.numpy(), y_pred.numpy(), labels=list(range(k)))
    assert got.dtype == torch.int64 and got.shape == (k, k) and got.device.type == device
    np.testing.assert_array_equal(got.cpu().numpy(), expected)
    assert ref.accuracy(y_true, y_pred) == pytest.approx(accuracy_score(y_true.numpy(), y_pred.numpy()), abs=1e-15)


def test_confusion_matrix_rows_are_true_classes():
    matrix = ref.confusion_matrix(torch.tensor([0, 0, 0]), torch.tensor([1, 1, 2]), 3)
    assert matrix[0].tolist() == [0, 2, 1] and matrix[:, 0].tolist() == [0, 0, 0]
    with pytest.raises(ValueError, match="lie in"):
        ref.confusion_matrix(torch.tensor([0, 3]), torch.tensor([0, 1]), 3)
    with pytest.raises(ValueError, match="accuracy|same shape"):
        ref.accuracy(torch.tensor([0, 1]), torch.tensor([0]))


# -- the chapter's claim: softmax regression on digits ---------------------------------------


def test_softmax_regression_with_the_reference_gradients_reaches_94_percent_on_digits():
    X_train, y_train, X_test, y_test = load_digits(dtype=F64)
    mean, std = X_train.mean(dim=0), X_train.std(dim=0) + 0.1
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    gen = _gen(0)
    weight, bias = torch.zeros(10, 64, dtype=F64), torch.zeros(10, dtype=F64)
    for _ in range(30):
        order = torch.randperm(len(y_train), generator=gen)
        for start in range(0, len(y_train), 32):
            batch = order[start : start + 32]
            grad_weight, grad_bias = ref.softmax_regression_gradients(X_train[batch], y_train[batch], weight, bias)
            weight, bias = weight - 0.1 * grad_weight, bias - 0.1 * grad_bias
    test_accuracy = ref.accuracy(y_test, (X_test @ weight.T + bias).argmax(dim=1))
    assert test_accuracy >= 0.94, test_accuracy
