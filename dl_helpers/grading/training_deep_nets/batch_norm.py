"""Chapter 05 exercise ``batch_norm``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice as _choice, randint as _randint, randn as _randn, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.training_deep_nets._common import _NORM_SHORTCUTS, _per_channel, _variance_over_n_minus_1


def _bn_fixed() -> list[Case]:
    x_fc = torch.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, 1.5], [2.0, 2.0, -0.5], [6.0, 4.0, 2.5]], dtype=F64)  # (4, 3)
    running_mean = torch.tensor([0.5, -1.0, 0.0], dtype=F64)
    running_var = torch.tensor([2.0, 0.5, 1.0], dtype=F64)
    weight = torch.tensor([1.0, 2.0, 0.5], dtype=F64)
    bias = torch.tensor([0.0, -1.0, 0.3], dtype=F64)
    x_img = (2 * _randn(_gen(20), 2, 3, 2, 2) + 1).round(decimals=1)  # (2, 3, 2, 2)
    x_small = torch.tensor([[1.0, 2.0], [2.0, 0.0], [4.0, 1.0], [0.0, 3.0], [3.0, -1.0]], dtype=F64)  # (5, 2)
    zeros2, ones2 = torch.zeros(2, dtype=F64), torch.ones(2, dtype=F64)
    return [
        Case("(4, 3) features, training=True", (x_fc, running_mean, running_var, weight, bias), {"training": True}),
        Case(
            "(4, 3) features, training=False (evaluation uses the running statistics)",
            (x_fc, running_mean, running_var, weight, bias),
            {"training": False},
        ),
        Case(
            "(2, 3, 2, 2) images, training=True", (x_img, running_mean, running_var, weight, bias), {"training": True}
        ),
        Case(
            "(2, 3, 2, 2) images, training=False", (x_img, running_mean, running_var, weight, bias), {"training": False}
        ),
        Case(
            "(5, 2) features, training=True, momentum=0.3, no weight or bias",
            (x_small, zeros2, ones2),
            {"training": True, "momentum": 0.3},
        ),
        Case("(5, 2) features, training=True, running statistics None", (x_small, None, None), {"training": True}),
    ]


def _bn_random(gen: torch.Generator) -> Case:
    n, c = _randint(gen, 2, 6), _randint(gen, 1, 4)
    shape = _choice(gen, ((n, c), (n, c, _randint(gen, 1, 4)), (n, c, _randint(gen, 1, 3), _randint(gen, 1, 3))))
    x = _randn(gen, *shape) * (0.5 + 2.5 * float(torch.rand(1, generator=gen, dtype=F64))) + _per_channel(
        _randn(gen, c), len(shape)
    )
    running_mean = _randn(gen, c)
    running_var = torch.rand(c, generator=gen, dtype=F64) + 0.5
    affine = _randint(gen, 0, 3) > 0
    weight, bias = (_randn(gen, c), _randn(gen, c)) if affine else (None, None)
    kwargs = {
        "training": _randint(gen, 0, 2) > 0,
        "momentum": _choice(gen, (0.1, 0.1, 0.2, 0.5, 0.01)),
        "eps": _choice(gen, (1e-5, 1e-5, 1e-3)),
    }
    shown = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    return Case(
        f"random {shape} input, {'with' if affine else 'no'} weight and bias, {shown}",
        (x, running_mean, running_var, weight, bias),
        kwargs,
    )


def _bn_edge() -> list[Case]:
    g = _gen(21)
    x = _randn(g, 6, 3)
    stats = (_randn(g, 3), torch.rand(3, generator=g, dtype=F64) + 0.5)
    constant = x.clone()
    constant[:, 1] = 2.5
    return [
        Case("a batch of 2 samples, training=True", (x[:2], *stats), {"training": True}),
        Case(
            "a constant channel (batch variance 0), training=True",
            (constant, *stats, _randn(g, 3), _randn(g, 3)),
            {"training": True},
        ),
        Case(
            "momentum=1.0 (the running statistics become the batch's)", (x, *stats), {"training": True, "momentum": 1.0}
        ),
        Case("momentum=0.0 (the running statistics stay)", (x, *stats), {"training": True, "momentum": 0.0}),
        Case(
            "(3, 2, 5) sequences (N, C, L), training=True",
            (_randn(g, 3, 2, 5), torch.zeros(2, dtype=F64), torch.ones(2, dtype=F64)),
            {"training": True},
        ),
        Case(
            "(2, 1, 3, 3) images with one channel, training=False",
            (_randn(g, 2, 1, 3, 3), torch.tensor([0.3], dtype=F64), torch.tensor([2.0], dtype=F64)),
            {"training": False},
        ),
        Case(
            "values around 100 with spread 10, training=True", (100 + 10 * x, *stats), {"training": True, "eps": 1e-3}
        ),
    ]


def _moments(input: Tensor, correction: int = 0) -> tuple[Tensor, Tensor]:
    """Each channel's mean and variance over the batch (dividing by n - correction), both (C,)."""
    dims = (0, *range(2, input.dim()))
    return input.mean(dim=dims), input.var(dim=dims, correction=correction)


def _normalised_with(input: Tensor, mean: Tensor, var: Tensor, weight, bias, eps: float) -> Tensor:
    """Batch norm's output with the given (C,) mean and variance: the reference in evaluation mode."""
    return ref.batch_norm(input, mean, var, weight, bias, False, eps=eps)[0]


def _unbiased_variance_when_normalising(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    out, new_mean, new_var = ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if training:
        out = _normalised_with(input, *_moments(input, correction=1), weight, bias, eps)
    return out, new_mean, new_var


def _biased_running_var(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    out, new_mean, new_var = ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if training and running_var is not None:
        new_var = (1 - momentum) * running_var + momentum * _moments(input)[1]
    return out, new_mean, new_var


def _channels_mixed_by_reshape(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    if not training:
        return ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    columns = input.reshape(-1, input.shape[1])  # (N * H * W, C), but not one channel per column
    _, new_mean, new_var = ref.batch_norm(columns, running_mean, running_var, None, None, True, momentum, eps)
    return _normalised_with(input, *_moments(columns), weight, bias, eps), new_mean, new_var


def _statistics_per_sample(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    if not training:
        return ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    out = ref.group_norm(input, 1, weight, bias, eps)  # one mean and variance per sample, over (C, *)
    if running_mean is None:
        return out, None, None
    dims = tuple(range(1, input.dim()))
    mean = input.mean(dim=dims, keepdim=True)  # (N, 1, ..., 1), broadcast against the (C,) running statistics
    var = _variance_over_n_minus_1(input, dims)  # (N, 1, ..., 1)
    return out, (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * var


def _eps_outside_sqrt(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    _, new_mean, new_var = ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    mean, var = _moments(input) if training else (running_mean, running_var)
    # sqrt((sqrt(var) + eps)^2 + 0) = sqrt(var) + eps: eps moved from the variance onto the standard deviation
    return _normalised_with(input, mean, (var.sqrt() + eps) ** 2, weight, bias, eps=0.0), new_mean, new_var


EXERCISE = Exercise(
    name="batch_norm",
    reference=ref.batch_norm,
    fixed_cases=_bn_fixed,
    random_case=_bn_random,
    edge_cases=_bn_edge,
    mistakes=(
        Mistake(
            "unbiased_variance_when_normalising",
            "you normalised with the unbiased variance (dividing by n - 1, the default of torch.var); batch norm "
            "normalises with the biased variance, mean((x - mean)^2), and keeps the unbiased one only for "
            "running_var.",
            _unbiased_variance_when_normalising,
        ),
        Mistake(
            "eval_uses_batch_statistics",
            "with training=False you still used the batch's own statistics (and updated the running ones); in "
            "evaluation batch norm normalises with running_mean and running_var and returns them unchanged.",
            lambda input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5: (
                ref.batch_norm(input, running_mean, running_var, weight, bias, True, momentum, eps)
            ),
        ),
        Mistake(
            "momentum_reversed",
            "your running averages weight the old value by momentum; PyTorch's momentum is the weight of the "
            "new batch: running = (1 - momentum) * running + momentum * batch_statistic.",
            lambda input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5: (
                ref.batch_norm(input, running_mean, running_var, weight, bias, training, 1 - momentum, eps)
            ),
        ),
        Mistake(
            "biased_running_var",
            "running_var was updated with the biased batch variance; PyTorch stores the unbiased one, "
            "var * n / (n - 1) with n = the number of values per channel (N, or N * H * W for images).",
            _biased_running_var,
        ),
        Mistake(
            "running_statistics_not_updated",
            "in training you returned running_mean and running_var unchanged; update them with "
            "running = (1 - momentum) * running + momentum * batch_statistic.",
            lambda input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5: (
                ref.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)[0],
                running_mean,
                running_var,
            ),
        ),
        Mistake(
            "channels_mixed_by_reshape",
            "your per-channel statistics mix channels: for (N, C, H, W), input.reshape(-1, C) does not put one "
            "channel in each column (memory order is N, C, H, W). Reduce with mean over dims (0, 2, 3), or move "
            "the channels first: input.transpose(0, 1).reshape(C, -1).",
            _channels_mixed_by_reshape,
        ),
        Mistake(
            "statistics_per_sample",
            "you normalised each sample over its own features (the axes of layer norm); batch norm averages "
            "each feature (channel) over the batch: dims (0,) for (N, C) and (0, 2, 3) for (N, C, H, W).",
            _statistics_per_sample,
        ),
        Mistake(
            "eps_outside_sqrt",
            "you added eps to the standard deviation; it goes inside the square root: (x - mean) / sqrt(var + eps).",
            _eps_outside_sqrt,
        ),
        Mistake(
            "weight_and_bias_ignored",
            "you ignored weight and bias: after normalising, multiply by weight and add bias, each shaped (C,) "
            "and broadcast per channel.",
            lambda input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5: (
                ref.batch_norm(input, running_mean, running_var, None, None, training, momentum, eps)
            ),
        ),
    ),
    forbidden=_NORM_SHORTCUTS,
)
