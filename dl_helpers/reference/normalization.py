"""Normalisation layers as functions: batch, layer and group normalisation.

Each one standardises activations with a mean and a *biased* variance (divide by the
number of values n, not n - 1) over some axes, then applies a per-feature (per-channel)
scale and shift:

    y = (x - mean) / sqrt(var + eps) * weight + bias

They differ in the axes the statistics are taken over, for an input (N, C, *) with
N samples and C channels (features) and any trailing spatial dimensions (H, W, or T):

    batch norm:  over N and *, one mean per channel, shared by the batch;
    layer norm:  over the trailing ``normalized_shape`` dimensions, one mean per sample;
    group norm:  over groups of C / G consecutive channels and *, one mean per sample and group.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor


def _per_channel(t: Tensor, ndim: int) -> Tensor:
    """A (C,) tensor reshaped to (1, C, 1, ..., 1), to broadcast against an (N, C, *) input."""
    return t.reshape(1, -1, *([1] * (ndim - 2)))


def _check_per_channel(name: str, t: Tensor | None, channels: int) -> None:
    if t is not None and tuple(t.shape) != (channels,):
        raise ValueError(f"{name} must have shape ({channels},), one value per channel, got {tuple(t.shape)}")


def batch_norm(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[Tensor, Tensor | None, Tensor | None]:
    """Batch normalisation, as ``torch.nn.functional.batch_norm``, returning the new running statistics.

    For every channel c, with the n = N * prod(*) values of that channel in the batch:

    training=True (statistics of this batch)::

        mean_c = (1/n) sum x,   var_c = (1/n) sum (x - mean_c)^2          (biased: normalises)
        y = (x - mean_c) / sqrt(var_c + eps) * weight_c + bias_c
        running_mean <- (1 - momentum) * running_mean + momentum * mean_c
        running_var  <- (1 - momentum) * running_var  + momentum * var_c * n / (n - 1)   (unbiased)

    training=False (evaluation: the running statistics, which are returned unchanged)::

        y = (x - running_mean_c) / sqrt(running_var_c + eps) * weight_c + bias_c

    ``momentum`` is the weight of the *new* batch (PyTorch's convention, the opposite of an
    optimiser's momentum). ``F.batch_norm`` updates ``running_mean`` and ``running_var`` in
    place; this function leaves them untouched and returns the updated copies instead.
    The running statistics do not carry gradients.

    Args:
        input: (N, C) features, or (N, C, *) such as (N, C, L) or (N, C, H, W) images.
        running_mean: (C,), or None (allowed only when training).
        running_var: (C,), or None (allowed only when training).
        weight: gamma, (C,), or None for 1.
        bias: beta, (C,), or None for 0.
        training: use the batch's statistics and update the running ones.
        momentum: weight of the batch statistics in the running averages, in [0, 1].
        eps: added to the variance inside the square root.

    Returns:
        (output shaped like input, new running_mean, new running_var); the running
        statistics are None when they were passed as None.

    Example:
        >>> x = torch.tensor([[1.0], [3.0]])
        >>> y, mean, var = batch_norm(x, torch.zeros(1), torch.ones(1), training=True)
        >>> y.squeeze(1)  # batch mean 2, biased variance 1
        tensor([-1.0000,  1.0000])
        >>> mean, var  # 0.9 * 0 + 0.1 * 2 and 0.9 * 1 + 0.1 * 2 (unbiased variance 2)
        (tensor([0.2000]), tensor([1.1000]))
    """
    if input.dim() < 2:
        raise ValueError(f"batch_norm expects input of shape (N, C, *), got shape {tuple(input.shape)}")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    channels = input.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight), ("bias", bias)):
        _check_per_channel(name, t, channels)
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must both be tensors or both be None")
    reduce_dims = (0, *range(2, input.dim()))  # every dimension except the channels
    n = input.numel() // channels  # values per channel

    if training:
        if n <= 1:
            raise ValueError(
                f"batch_norm needs more than 1 value per channel when training, got input shape {tuple(input.shape)}"
            )
        mean = input.mean(dim=reduce_dims)  # (C,)
        var = ((input - _per_channel(mean, input.dim())) ** 2).mean(dim=reduce_dims)  # (C,), biased
        if running_mean is not None:
            with torch.no_grad():
                unbiased_var = var * (n / (n - 1))  # (C,)
                running_mean = (1 - momentum) * running_mean + momentum * mean
                running_var = (1 - momentum) * running_var + momentum * unbiased_var
    else:
        if running_mean is None:
            raise ValueError("running_mean and running_var must be given in evaluation mode (training=False)")
        mean, var = running_mean, running_var  # (C,), (C,)

    output = (input - _per_channel(mean, input.dim())) / torch.sqrt(_per_channel(var, input.dim()) + eps)
    if weight is not None:
        output = output * _per_channel(weight, input.dim())
    if bias is not None:
        output = output + _per_channel(bias, input.dim())
    return output, running_mean, running_var


def layer_norm(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    normalized_shape: int | Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Layer normalisation, as ``torch.nn.functional.layer_norm``.

    Standardises every sample over its last ``len(normalized_shape)`` dimensions, whose
    sizes must be ``normalized_shape``; nothing is shared across the batch, so training
    and evaluation compute the same thing, and batches of one work::

        y = (x - mean) / sqrt(var + eps) * weight + bias

    with mean and biased var over those trailing dimensions, and weight and bias of shape
    ``normalized_shape`` (elementwise, not per channel).

    Args:
        input: (*, *normalized_shape), e.g. (N, D) or (N, T, D) with normalized_shape = (D,).
        normalized_shape: the sizes of the trailing dimensions to normalise over (an int
            stands for a 1-tuple, as in ``nn.LayerNorm``).
        weight: gamma, shape normalized_shape, or None.
        bias: beta, shape normalized_shape, or None.
        eps: added to the variance inside the square root.

    Returns:
        A tensor shaped like input.

    Example:
        >>> layer_norm(torch.tensor([[1.0, 3.0], [0.0, 10.0]]), (2,))
        tensor([[-1.0000,  1.0000],
                [-1.0000,  1.0000]])
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(shape)
    if k == 0 or input.dim() < k or tuple(input.shape[input.dim() - k :]) != shape:
        raise ValueError(
            f"normalized_shape {shape} must be the last dimensions of the input, got input shape {tuple(input.shape)}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise ValueError(f"{name} must have shape {shape} (normalized_shape), got {tuple(t.shape)}")
    dims = tuple(range(-k, 0))  # the trailing k dimensions
    mean = input.mean(dim=dims, keepdim=True)  # (*, 1, ..., 1)
    var = ((input - mean) ** 2).mean(dim=dims, keepdim=True)  # (*, 1, ..., 1), biased
    output = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        output = output * weight  # broadcasts over the leading dimensions
    if bias is not None:
        output = output + bias
    return output


def group_norm(
    input: Tensor,  # noqa: A002 (PyTorch's name)
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Group normalisation, as ``torch.nn.functional.group_norm``.

    The C channels are split into ``num_groups`` = G groups of C / G *consecutive* channels
    (group g holds channels g C/G, ..., (g+1) C/G - 1). Every sample is standardised over
    each group's channels and all spatial positions, then scaled and shifted per channel.
    G = 1 is layer normalisation over (C, *); G = C is instance normalisation.

    Args:
        input: (N, C, *), e.g. (N, C, H, W); C divisible by num_groups.
        num_groups: G.
        weight: gamma, (C,), or None.
        bias: beta, (C,), or None.
        eps: added to the variance inside the square root.

    Returns:
        A tensor shaped like input.

    Example:
        >>> x = torch.tensor([[1.0, 3.0, 0.0, 4.0]])  # (N, C) = (1, 4), two groups of 2 channels
        >>> group_norm(x, 2)
        tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
    """
    if input.dim() < 2:
        raise ValueError(f"group_norm expects input of shape (N, C, *), got shape {tuple(input.shape)}")
    n_samples, channels = input.shape[:2]
    if num_groups < 1 or channels % num_groups:
        raise ValueError(
            f"the number of channels ({channels}) must be divisible by num_groups, got num_groups={num_groups}"
        )
    _check_per_channel("weight", weight, channels)
    _check_per_channel("bias", bias, channels)
    grouped = input.reshape(n_samples, num_groups, -1)  # (N, G, C/G * prod(*)): a group's values side by side
    mean = grouped.mean(dim=-1, keepdim=True)  # (N, G, 1)
    var = ((grouped - mean) ** 2).mean(dim=-1, keepdim=True)  # (N, G, 1), biased
    output = ((grouped - mean) / torch.sqrt(var + eps)).reshape(input.shape)  # back to (N, C, *)
    if weight is not None:
        output = output * _per_channel(weight, input.dim())
    if bias is not None:
        output = output + _per_channel(bias, input.dim())
    return output
