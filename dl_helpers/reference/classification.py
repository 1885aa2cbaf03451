"""Linear classification: one-hot labels, log-sum-exp, cross-entropy losses, their gradient, the perceptron, metrics.

Softmax, log-softmax and the sigmoid themselves live in :mod:`dl_helpers.reference.activations`;
this module builds the losses of classification on top of the same stable tricks. Names and
arguments follow ``torch.nn.functional`` (``one_hot``, ``cross_entropy``,
``binary_cross_entropy_with_logits``) and ``torch.logsumexp``; the metrics follow
``sklearn.metrics`` (``confusion_matrix``, ``accuracy_score``), since PyTorch has none.

Shapes: N samples, D features, K classes. Logits ``o`` have shape (N, K), class indices
``y`` shape (N,) with values in [0, K), and a linear classifier's weight shape (K, D) as in
``torch.nn.Linear``.
"""

from __future__ import annotations

import numbers

import torch
from torch import Tensor

from dl_helpers.reference.activations import softmax
from dl_helpers.reference.losses import reduce_loss


def _require_tensor(value: object, name: str) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")


def _require_indices(value: object, name: str) -> None:
    _require_tensor(value, name)
    if value.dtype != torch.int64:
        raise TypeError(f"{name} must hold class indices of dtype torch.int64, got {value.dtype}")


# -- one-hot labels --------------------------------------------------------------------------


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """One-hot encoding of class indices, as ``torch.nn.functional.one_hot``.

    Entry ``[..., k]`` of the result is 1 where ``tensor[...] == k`` and 0 elsewhere. With
    ``num_classes=-1`` the number of classes is one more than the largest index.

    Args:
        tensor: class indices, int64, any shape (*), values in [0, K).
        num_classes: K, or -1 to use ``tensor.max() + 1``.

    Returns:
        int64 tensor of shape (*, K).

    Example:
        >>> one_hot(torch.tensor([2, 0]), num_classes=3)
        tensor([[0, 0, 1],
                [1, 0, 0]])
    """
    _require_indices(tensor, "tensor")
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise TypeError(f"num_classes must be an int, got {type(num_classes).__name__}")
    if tensor.numel() and int(tensor.min()) < 0:
        raise ValueError(f"class indices must be >= 0, got {int(tensor.min())}")
    if num_classes == -1:
        if tensor.numel() == 0:
            raise ValueError("cannot infer num_classes from an empty tensor; pass num_classes")
        num_classes = int(tensor.max()) + 1
    if num_classes < 1:
        raise ValueError(f"num_classes must be -1 or >= 1, got {num_classes}")
    if tensor.numel() and int(tensor.max()) >= num_classes:
        raise ValueError(f"class index {int(tensor.max())} is out of range for num_classes={num_classes}")
    classes = torch.arange(num_classes, device=tensor.device)  # (K,)
    return (tensor.unsqueeze(-1) == classes).long()  # (*, 1) == (K,) -> (*, K)


# -- log-sum-exp and the cross-entropy losses ------------------------------------------------


def logsumexp(input: Tensor, dim: int | tuple[int, ...], keepdim: bool = False) -> Tensor:  # noqa: A002 (PyTorch's name)
    """``log(sum(exp(x)))`` along ``dim`` without overflow, as ``torch.logsumexp``.

    With ``m`` the maximum along ``dim``,

        logsumexp(x) = m + log(sum_i exp(x_i - m)),

    where every ``exp(x_i - m) <= 1`` cannot overflow and the largest term is exactly 1, so
    the sum cannot underflow to 0. A maximum of ``±inf`` is replaced by 0 before the shift, so
    rows holding ``inf`` give ``inf`` and rows of ``-inf`` give ``-inf``, as PyTorch does.

    Args:
        input: any shape, floating point.
        dim: the dimension (or dimensions) to reduce.
        keepdim: keep the reduced dimensions with size 1.

    Returns:
        input's shape without ``dim`` (with size 1 there if ``keepdim``).

    Example:
        >>> logsumexp(torch.tensor([1000.0, 1000.0]), dim=0)
        tensor(1000.6931)
    """
    _require_tensor(input, "input")
    m = input.amax(dim=dim, keepdim=True)  # size 1 along dim
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)).detach()  # the shift is a constant for autograd
    out = m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=True))  # size 1 along dim
    return out if keepdim else out.squeeze(dim)


def cross_entropy(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Softmax cross-entropy from logits and class indices, as ``torch.nn.functional.cross_entropy``.

    For sample n with logits ``o_n`` and true class ``y_n``:

        l_n = -log softmax(o_n)[y_n] = logsumexp(o_n) - o_n[y_n]

    Written with :func:`logsumexp`, it stays finite for logits of any size (for example ±1000).

    Args:
        input: logits o, shape (N, K).
        target: class indices y, int64, shape (N,), values in [0, K).
        reduction: "mean" (default, average over the N samples), "sum" or "none".

    Returns:
        A scalar tensor, or the (N,) per-sample losses for "none".

    Example:
        >>> cross_entropy(torch.tensor([[1000.0, -1000.0]]), torch.tensor([1]))
        tensor(2000.)
    """
    _require_tensor(input, "input")
    _require_indices(target, "target")
    if input.dim() != 2:
        raise ValueError(f"input must be logits of shape (N, K), got shape {tuple(input.shape)}")
    if target.shape != input.shape[:1]:
        raise ValueError(f"target must have shape (N,) = {tuple(input.shape[:1])}, got {tuple(target.shape)}")
    if target.numel() and (int(target.min()) < 0 or int(target.max()) >= input.shape[1]):
        raise ValueError(
            f"target values must lie in [0, {input.shape[1] - 1}], got {int(target.min())}..{int(target.max())}"
        )
    picked = input.gather(1, target.unsqueeze(1)).squeeze(1)  # (N, 1) -> (N,): the true class' logit
    return reduce_loss(logsumexp(input, dim=1) - picked, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Binary cross-entropy of ``sigmoid(z)`` against targets in [0, 1], from the logits z.

    As ``torch.nn.functional.binary_cross_entropy_with_logits``. Elementwise,

        l = -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) = softplus(z) - y z,

    with ``softplus(z) = log(1 + exp(z)) = m + log(exp(-m) + exp(z - m))`` and ``m = max(z, 0)``:
    both exponentials are at most 1, so nothing overflows, and ``log`` never sees 0.

    Args:
        input: logits z, any shape.
        target: y, the same shape, values in [0, 1] (usually 0 or 1).
        reduction: "mean" (default, over all elements), "sum" or "none".

    Returns:
        A scalar tensor, or the elementwise losses for "none".

    Example:
        >>> binary_cross_entropy_with_logits(torch.tensor([-1000.0, 0.0]), torch.tensor([1.0, 0.0]), "none")
        tensor([1000.0000,    0.6931])
    """
    _require_tensor(input, "input")
    _require_tensor(target, "target")
    if input.shape != target.shape:
        raise ValueError(
            f"input and target must have the same shape, got {tuple(input.shape)} and {tuple(target.shape)}"
        )
    m = input.clamp_min(0)  # max(z, 0)
    softplus = m + torch.log(torch.exp(-m) + torch.exp(input - m))
    return reduce_loss(softplus - target * input, reduction)


# -- the gradient of softmax regression ------------------------------------------------------


def softmax_regression_gradients(X: Tensor, y: Tensor, weight: Tensor, bias: Tensor) -> tuple[Tensor, Tensor]:
    """Gradients of the mean cross-entropy of softmax regression ``o = X W^T + b``.

    With ``P = softmax(O)`` row by row and ``Y`` the one-hot targets, ``dL/dO = (P - Y) / N``, so

        dL/dW = (P - Y)^T X / N      (K, N) @ (N, D) -> (K, D)
        dL/db = sum_n (P - Y)_n / N  (K,)

    Args:
        X: inputs, shape (N, D).
        y: class indices, int64, shape (N,), values in [0, K).
        weight: W, shape (K, D).
        bias: b, shape (K,).

    Returns:
        (grad_weight, grad_bias) of shapes (K, D) and (K,).

    Example:
        >>> gw, gb = softmax_regression_gradients(torch.ones(1, 2), torch.tensor([0]), torch.zeros(2, 2), torch.zeros(2))
        >>> gb
        tensor([-0.5000,  0.5000])
    """
    for value, name in ((X, "X"), (weight, "weight"), (bias, "bias")):
        _require_tensor(value, name)
    _require_indices(y, "y")
    if X.dim() != 2 or weight.dim() != 2 or bias.dim() != 1:
        raise ValueError(
            f"expected X (N, D), weight (K, D), bias (K,), got shapes {tuple(X.shape)}, {tuple(weight.shape)}, {tuple(bias.shape)}"
        )
    if weight.shape[1] != X.shape[1] or bias.shape[0] != weight.shape[0] or y.shape != X.shape[:1]:
        raise ValueError(
            f"shapes do not fit o = X W^T + b: X {tuple(X.shape)}, y {tuple(y.shape)}, "
            f"weight {tuple(weight.shape)}, bias {tuple(bias.shape)}"
        )
    logits = X @ weight.mT + bias  # (N, D) @ (D, K) -> (N, K)
    grad_logits = (softmax(logits, dim=1) - one_hot(y, weight.shape[0]).to(X.dtype)) / X.shape[0]  # (N, K)
    return grad_logits.mT @ X, grad_logits.sum(dim=0)  # (K, D), (K,)


# -- the perceptron --------------------------------------------------------------------------


def perceptron_step(weight: Tensor, bias: Tensor, x: Tensor, y: int, lr: float = 1.0) -> tuple[Tensor, Tensor]:
    """One update of the binary perceptron on one sample, labels ±1.

    The sample is misclassified when its margin ``y (w . x + b) <= 0`` (a margin of exactly 0,
    as for every sample when w = 0 and b = 0, counts as a mistake). Then

        w <- w + lr * y * x,    b <- b + lr * y,

    and otherwise w and b stay as they are. New tensors are returned; the inputs are not changed.

    Args:
        weight: w, shape (D,).
        bias: b, a 0-d tensor.
        x: one sample, shape (D,).
        y: its label, +1 or -1.
        lr: step size, > 0 (1 in the classic algorithm).

    Returns:
        (weight, bias), new tensors of shapes (D,) and ().

    Example:
        >>> perceptron_step(torch.zeros(2), torch.tensor(0.0), torch.tensor([1.0, 2.0]), -1)
        (tensor([-1., -2.]), tensor(-1.))
    """
    for value, name in ((weight, "weight"), (bias, "bias"), (x, "x")):
        _require_tensor(value, name)
    if y not in (1, -1):
        raise ValueError(f"y must be +1 or -1, got {y!r}")
    if weight.dim() != 1 or x.shape != weight.shape or bias.dim() != 0:
        raise ValueError(
            f"expected weight (D,), x (D,), bias (), got {tuple(weight.shape)}, {tuple(x.shape)}, {tuple(bias.shape)}"
        )
    margin = y * (weight @ x + bias)  # ()
    if margin > 0:
        return weight.clone(), bias.clone()
    return weight + lr * y * x, bias + lr * y


# -- metrics ---------------------------------------------------------------------------------


def confusion_matrix(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    """Counts of (true class, predicted class) pairs, as ``sklearn.metrics.confusion_matrix``.

    Entry ``[i, j]`` counts the samples of true class i predicted as class j: rows are true
    classes, columns predicted ones, the diagonal holds the correct predictions, and row i sums
    to the number of samples of class i.

    Args:
        y_true: true class indices, int64, shape (N,), values in [0, K).
        y_pred: predicted class indices, int64, shape (N,), values in [0, K).
        num_classes: K.

    Returns:
        int64 tensor of shape (K, K).

    Example:
        >>> confusion_matrix(torch.tensor([0, 1, 1]), torch.tensor([0, 0, 1]), 2)
        tensor([[1, 0],
                [1, 1]])
    """
    _require_indices(y_true, "y_true")
    _require_indices(y_pred, "y_pred")
    if y_true.dim() != 1 or y_pred.shape != y_true.shape:
        raise ValueError(
            f"y_true and y_pred must both have shape (N,), got {tuple(y_true.shape)} and {tuple(y_pred.shape)}"
        )
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral) or num_classes < 1:
        raise ValueError(f"num_classes must be an int >= 1, got {num_classes!r}")
    for labels, name in ((y_true, "y_true"), (y_pred, "y_pred")):
        if labels.numel() and (int(labels.min()) < 0 or int(labels.max()) >= num_classes):
            raise ValueError(
                f"{name} values must lie in [0, {num_classes - 1}], got {int(labels.min())}..{int(labels.max())}"
            )
    pair = y_true * num_classes + y_pred  # (N,): the flat index of cell (true, predicted)
    counts = torch.bincount(pair, minlength=num_classes * num_classes)  # (K * K,)
    return counts.reshape(num_classes, num_classes)  # (K, K), rows: true class


def accuracy(y_true: Tensor, y_pred: Tensor) -> float:
    """Fraction of correct predictions, as ``sklearn.metrics.accuracy_score``.

    Args:
        y_true: true class indices, shape (N,), N >= 1.
        y_pred: predicted class indices, shape (N,).

    Returns:
        A Python float in [0, 1].

    Example:
        >>> accuracy(torch.tensor([0, 1, 1, 2]), torch.tensor([0, 1, 2, 2]))
        0.75
    """
    _require_tensor(y_true, "y_true")
    _require_tensor(y_pred, "y_pred")
    if y_true.shape != y_pred.shape or y_true.dim() != 1 or y_true.numel() == 0:
        raise ValueError(
            f"y_true and y_pred must have the same shape (N,) with N >= 1, got {tuple(y_true.shape)} and {tuple(y_pred.shape)}"
        )
    return (y_true == y_pred).double().mean().item()
