"""Backpropagation by hand: forward/backward pairs for a linear layer, softmax cross-entropy and a two-layer MLP.

Each ``*_forward`` returns ``(output, cache)``, where ``cache`` is a tuple of exactly what the
matching backward needs, and ``*_backward(grad_output, *cache)`` returns the gradients with
respect to the inputs and parameters (the CS231n layout). Layouts follow PyTorch:
``weight`` has shape (K, D) as in ``torch.nn.Linear``, and a layer computes ``x W^T + b``.

Shapes: N batch, D input features, M hidden units, K outputs (classes); H is kept for image height.
"""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.reference.activations import log_softmax, relu, relu_backward, softmax


def _require_tensor(value: object, name: str) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")


# -- linear layer ----------------------------------------------------------------------------


def linear_forward(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
    """Affine layer ``y = x W^T + b`` (as ``torch.nn.functional.linear``), and its cache.

    Args:
        x: inputs, shape (N, D).
        weight: W, shape (K, D).
        bias: b, shape (K,), or None.

    Returns:
        (y, cache): y of shape (N, K); cache = (x, weight), what ``linear_backward`` needs.
        The bias is not cached: its gradient does not depend on its value.
    """
    _require_tensor(x, "x")
    _require_tensor(weight, "weight")
    if x.shape[-1] != weight.shape[-1]:
        raise ValueError(f"x has {x.shape[-1]} features but weight expects {weight.shape[-1]} (weight is (K, D))")
    y = x @ weight.mT  # (N, D) @ (D, K) -> (N, K)
    if bias is not None:
        y = y + bias  # (K,) broadcast over the N rows
    return y, (x, weight)


def linear_backward(grad_output: Tensor, x: Tensor, weight: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """Gradients of a linear layer ``y = x W^T + b`` given ``G = dL/dy``.

        dL/dx = G W            (N, K) @ (K, D) -> (N, D)
        dL/dW = G^T x          (K, N) @ (N, D) -> (K, D), the shape of W
        dL/db = sum_n G[n]     (K,): b is added to every row, so every row's gradient reaches it

    ``G`` already carries the loss' averaging (the 1/N of a mean), so nothing here divides by N.

    Args:
        grad_output: G = dL/dy, shape (N, K).
        x: the layer's input, shape (N, D).
        weight: W, shape (K, D).

    Returns:
        (grad_x, grad_weight, grad_bias) of shapes (N, D), (K, D), (K,).

    Example:
        >>> x, W = torch.ones(2, 3), torch.ones(1, 3)
        >>> [g.shape for g in linear_backward(torch.ones(2, 1), x, W)]
        [torch.Size([2, 3]), torch.Size([1, 3]), torch.Size([1])]
    """
    _require_tensor(grad_output, "grad_output")
    _require_tensor(x, "x")
    _require_tensor(weight, "weight")
    if grad_output.dim() != 2 or x.dim() != 2 or weight.dim() != 2:
        raise ValueError(
            f"expected 2-D grad_output (N, K), x (N, D) and weight (K, D), got shapes "
            f"{tuple(grad_output.shape)}, {tuple(x.shape)} and {tuple(weight.shape)}"
        )
    if grad_output.shape[0] != x.shape[0] or grad_output.shape[1] != weight.shape[0] or x.shape[1] != weight.shape[1]:
        raise ValueError(
            f"shapes do not fit y = x W^T: grad_output {tuple(grad_output.shape)}, x {tuple(x.shape)}, weight {tuple(weight.shape)}"
        )
    grad_x = grad_output @ weight  # (N, K) @ (K, D) -> (N, D)
    grad_weight = grad_output.mT @ x  # (K, N) @ (N, D) -> (K, D)
    grad_bias = grad_output.sum(dim=0)  # (K,)
    return grad_x, grad_weight, grad_bias


# -- softmax cross-entropy -------------------------------------------------------------------


def _check_targets(input: Tensor, target: Tensor) -> None:  # noqa: A002
    _require_tensor(input, "input")
    _require_tensor(target, "target")
    if input.dim() != 2:
        raise ValueError(f"input must be logits of shape (N, K), got shape {tuple(input.shape)}")
    if target.dtype not in (torch.int64, torch.int32):
        raise TypeError(f"target must hold class indices (int64), got dtype {target.dtype}")
    if target.shape != input.shape[:1]:
        raise ValueError(f"target must have shape (N,) = {tuple(input.shape[:1])}, got {tuple(target.shape)}")
    if target.numel() and (int(target.min()) < 0 or int(target.max()) >= input.shape[1]):
        raise ValueError(
            f"target values must lie in [0, {input.shape[1] - 1}], got {target.min().item()}..{target.max().item()}"
        )


def softmax_cross_entropy_forward(input: Tensor, target: Tensor) -> tuple[Tensor, tuple[Tensor, Tensor]]:  # noqa: A002
    """Mean cross-entropy of softmax probabilities, as ``torch.nn.functional.cross_entropy``.

        L = -(1/N) sum_n log softmax(o_n)[y_n] = (1/N) sum_n (logsumexp(o_n) - o_n[y_n])

    Args:
        input: logits o, shape (N, K).
        target: class indices y, shape (N,), int64 in [0, K).

    Returns:
        (loss, cache): the scalar loss; cache = (input, target) for the backward pass.
    """
    _check_targets(input, target)
    log_probs = log_softmax(input, dim=1)  # (N, K)
    picked = log_probs.gather(1, target[:, None].long())[:, 0]  # (N, 1) -> (N,): log p of the true class
    return -picked.mean(), (input, target)


def softmax_cross_entropy_backward(input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
    """Gradient of the mean softmax cross-entropy with respect to the logits.

        dL/do = (softmax(o) - onehot(y)) / N

    Each row is the predicted probabilities minus the one-hot target: push the true class up,
    every other class down in proportion to its probability. The 1/N is the mean over the
    batch, as in ``F.cross_entropy``'s default ``reduction="mean"``.

    Args:
        input: logits o, shape (N, K).
        target: class indices y, shape (N,), int64 in [0, K).

    Returns:
        dL/do, shape (N, K); every row sums to 0.

    Example:
        >>> softmax_cross_entropy_backward(torch.zeros(1, 2), torch.tensor([0]))
        tensor([[-0.5000,  0.5000]])
    """
    _check_targets(input, target)
    n = input.shape[0]
    probs = softmax(input, dim=1)  # (N, K)
    classes = torch.arange(input.shape[1], device=input.device)  # (K,)
    one_hot = (target[:, None] == classes).to(input.dtype)  # (N, 1) == (K,) -> (N, K)
    return (probs - one_hot) / n


# -- two-layer MLP ---------------------------------------------------------------------------


def mlp_forward(
    x: Tensor, weight1: Tensor, bias1: Tensor, weight2: Tensor, bias2: Tensor
) -> tuple[Tensor, tuple[Tensor, Tensor, Tensor]]:
    """A two-layer perceptron ``logits = relu(x W1^T + b1) W2^T + b2``, and its cache.

    Args:
        x: inputs, shape (N, D).
        weight1, bias1: first layer, shapes (M, D) and (M,).
        weight2, bias2: second layer, shapes (K, M) and (K,).

    Returns:
        (logits, cache): logits of shape (N, K); cache = (x, hidden, weight2) with hidden the
        ReLU output, shape (N, M). That is all ``mlp_backward`` needs: the ReLU's mask is
        ``hidden > 0``, and neither bias nor ``weight1`` enters a gradient of the parameters.
    """
    pre_activation, _ = linear_forward(x, weight1, bias1)  # (N, M)
    hidden = relu(pre_activation)  # (N, M)
    logits, _ = linear_forward(hidden, weight2, bias2)  # (N, K)
    return logits, (x, hidden, weight2)


def mlp_backward(
    grad_output: Tensor, x: Tensor, hidden: Tensor, weight2: Tensor
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Parameter gradients of ``mlp_forward`` given ``G = dL/dlogits``, layer by layer from the top.

        dL/dW2 = G^T h,  dL/db2 = sum_n G[n]          (second linear layer)
        dL/dh  = G W2                                 (back through the second layer)
        dL/dz  = dL/dh * [h > 0]                      (back through ReLU; z is the pre-activation)
        dL/dW1 = (dL/dz)^T x,  dL/db1 = sum_n dL/dz[n]

    Args:
        grad_output: G, shape (N, K).
        x: inputs, shape (N, D).
        hidden: h = relu(x W1^T + b1), shape (N, M).
        weight2: W2, shape (K, M).

    Returns:
        (grad_weight1, grad_bias1, grad_weight2, grad_bias2) of shapes (M, D), (M,), (K, M), (K,).
    """
    _require_tensor(x, "x")
    _require_tensor(hidden, "hidden")
    if x.dim() != 2 or hidden.shape[:1] != x.shape[:1]:
        raise ValueError(f"x must be (N, D) with the N rows of hidden {tuple(hidden.shape)}, got {tuple(x.shape)}")
    grad_hidden, grad_weight2, grad_bias2 = linear_backward(grad_output, hidden, weight2)  # (N, M), (K, M), (K,)
    grad_pre_activation = relu_backward(grad_hidden, hidden)  # (N, M): h > 0 exactly where z > 0
    # The first layer's input gradient is not needed, so only its parameter gradients are formed.
    grad_weight1 = grad_pre_activation.mT @ x  # (M, N) @ (N, D) -> (M, D)
    grad_bias1 = grad_pre_activation.sum(dim=0)  # (M,)
    return grad_weight1, grad_bias1, grad_weight2, grad_bias2
