"""Chapter 05 exercises: Kaiming initialisation, batch/layer/group normalisation, dropout, gradient clipping.

Random exercises (``kaiming_normal``, ``dropout``) take a ``torch.Generator``; the checks hand
the reference and the student copies in the same state, so both draw the same numbers and
are compared value by value.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake, register


_NORM_SHORTCUTS = (
    "torch.nn.functional.batch_norm",
    "torch.batch_norm",
    "torch.native_batch_norm",
    "torch._native_batch_norm_legit",
    "torch.nn.modules.batchnorm._BatchNorm.forward",
    "torch.nn.functional.instance_norm",
    "torch.instance_norm",
    "torch.nn.functional.layer_norm",
    "torch.layer_norm",
    "torch.native_layer_norm",
    "torch.nn.LayerNorm.forward",
    "torch.nn.functional.group_norm",
    "torch.group_norm",
    "torch.native_group_norm",
    "torch.nn.GroupNorm.forward",
    "dl_helpers.reference.normalization.batch_norm",
    "dl_helpers.reference.normalization.layer_norm",
    "dl_helpers.reference.normalization.group_norm",
)


def _choice(gen: torch.Generator, options: tuple):
    return options[_randint(gen, 0, len(options) - 1)]


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _child(gen: torch.Generator) -> torch.Generator:
    """A fresh generator seeded from ``gen``: the one handed to the function under test."""
    return _gen(_randint(gen, 0, 2**31 - 1))


def _per_channel(t: Tensor, ndim: int) -> Tensor:
    return t.reshape(1, -1, *([1] * (ndim - 2)))


def _variance(x: Tensor, mean: Tensor, dims: tuple[int, ...], unbiased: bool) -> Tensor:
    """Variance over ``dims`` (keepdim), without torch.var's warning when n - 1 = 0."""
    n = math.prod(x.shape[d] for d in dims)
    return ((x - mean) ** 2).sum(dim=dims, keepdim=True) / (n - 1 if unbiased else n)


# -- kaiming_normal ---------------------------------------------------------------------------


def _kaiming_case(label: str, shape: tuple[int, ...], generator: torch.Generator, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> Case:
    # The generator goes in positionally: the checks copy positional generators with their state.
    return Case(label, (torch.zeros(shape, dtype=F64), a, mode, nonlinearity, generator))


def _kaiming_fixed() -> list[Case]:
    return [
        _kaiming_case("a (6, 5) Linear weight, default arguments (leaky_relu with a=0, that is ReLU)", (6, 5), _gen(0)),
        _kaiming_case("an (8, 3, 3, 3) convolution weight, nonlinearity='relu'", (8, 3, 3, 3), _gen(1), nonlinearity="relu"),
        _kaiming_case("a (5, 10) weight, mode='fan_out', nonlinearity='relu'", (5, 10), _gen(2), mode="fan_out", nonlinearity="relu"),
        _kaiming_case("a (3, 5) weight, nonlinearity='tanh'", (3, 5), _gen(4), nonlinearity="tanh"),
        _kaiming_case("a (3, 5) weight, nonlinearity='linear'", (3, 5), _gen(5), nonlinearity="linear"),
        _kaiming_case("a (4, 6) weight, leaky_relu with a=0.2", (4, 6), _gen(3), a=0.2),
    ]


def _kaiming_random(gen: torch.Generator) -> Case:
    if _randint(gen, 0, 1):
        shape = (_randint(gen, 1, 8), _randint(gen, 1, 8))
    else:
        shape = (_randint(gen, 1, 6), _randint(gen, 1, 4), _randint(gen, 1, 3), _randint(gen, 1, 3))
    mode = _choice(gen, ("fan_in", "fan_in", "fan_out"))
    nonlinearity = _choice(gen, ("relu", "leaky_relu", "leaky_relu", "tanh", "linear", "sigmoid"))
    a = round(float(torch.rand(1, generator=gen, dtype=F64)) * 0.5, 3) if nonlinearity == "leaky_relu" else 0.0
    label = f"a random {shape} weight, a={a}, mode={mode!r}, nonlinearity={nonlinearity!r}"
    return _kaiming_case(label, shape, _child(gen), a, mode, nonlinearity)


def _kaiming_edge() -> list[Case]:
    return [
        _kaiming_case("a (1, 1) weight", (1, 1), _gen(10)),
        _kaiming_case("a (4, 2, 5) Conv1d weight, nonlinearity='relu'", (4, 2, 5), _gen(11), nonlinearity="relu"),
        _kaiming_case("a (3, 2, 1, 1) 1x1 convolution, mode='fan_out'", (3, 2, 1, 1), _gen(12), mode="fan_out"),
        _kaiming_case("a (2, 3, 2, 2, 2) Conv3d weight, leaky_relu with a=1 (gain 1)", (2, 3, 2, 2, 2), _gen(13), a=1.0),
        _kaiming_case("a (64, 128) weight, nonlinearity='relu'", (64, 128), _gen(14), nonlinearity="relu"),
    ]


def _normal_like(tensor: Tensor, std: float, generator: torch.Generator | None, draw_dtype: torch.dtype | None = None) -> Tensor:
    """N(0, std^2) drawn as the reference draws it (optionally in another dtype)."""
    device = generator.device if generator is not None else tensor.device
    z = torch.empty(tensor.shape, dtype=draw_dtype or tensor.dtype, device=device).normal_(0.0, 1.0, generator=generator)
    return (z.to(tensor.dtype) * std).to(tensor.device)


def _fan(tensor: Tensor, mode: str, receptive_field: bool = True) -> int:
    fan_in, fan_out = ref.fan_in_and_fan_out(tensor)
    if not receptive_field:
        fan_in, fan_out = tensor.shape[1], tensor.shape[0]
    return fan_in if mode == "fan_in" else fan_out


def _kaiming_mistake(*, swap_mode=False, gain_fn=None, std_fn=None, receptive_field=True, draw_dtype=None):
    def wrong(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
        if swap_mode:
            mode = "fan_out" if mode == "fan_in" else "fan_in"
        fan = _fan(tensor, mode, receptive_field)
        gain = gain_fn(nonlinearity, a) if gain_fn else ref.calculate_gain(nonlinearity, a)
        std = std_fn(gain, fan) if std_fn else gain / math.sqrt(fan)
        return _normal_like(tensor, std, generator, draw_dtype)

    return wrong


def _gain_ignoring_slope(nonlinearity: str, a: float) -> float:
    return math.sqrt(2.0) if nonlinearity == "leaky_relu" else ref.calculate_gain(nonlinearity, a)


register(
    Exercise(
        name="kaiming_normal",
        reference=ref.kaiming_normal,
        fixed_cases=_kaiming_fixed,
        random_case=_kaiming_random,
        edge_cases=_kaiming_edge,
        mistakes=(
            Mistake(
                "fan_out_instead_of_fan_in",
                "you used fan_out where the mode asks for fan_in (or the other way round). PyTorch stores a Linear "
                "weight as (out_features, in_features), so fan_in = tensor.shape[1] * (receptive field) and "
                "fan_out = tensor.shape[0] * (receptive field).",
                _kaiming_mistake(swap_mode=True),
            ),
            Mistake(
                "missing_relu_gain",
                "your standard deviation lacks the gain: it is 1 / sqrt(fan), but std = gain / sqrt(fan), with "
                "gain = sqrt(2) for ReLU (the default, leaky_relu with a=0), sqrt(2 / (1 + a^2)) for leaky_relu, "
                "5/3 for tanh and 1 for linear and sigmoid. ReLU zeroes half its input; the gain makes up for it.",
                _kaiming_mistake(gain_fn=lambda nonlinearity, a: 1.0),
            ),
            Mistake(
                "variance_as_std",
                "you used the variance gain^2 / fan as the standard deviation; std = gain / sqrt(fan) (torch.randn "
                "draws with std 1, so multiply by the std, not the variance).",
                _kaiming_mistake(std_fn=lambda gain, fan: gain**2 / fan),
            ),
            Mistake(
                "negative_slope_ignored",
                "for leaky_relu you ignored the negative slope `a`: the gain is sqrt(2 / (1 + a^2)), which is sqrt(2) "
                "only when a=0.",
                _kaiming_mistake(gain_fn=_gain_ignoring_slope),
            ),
            Mistake(
                "nonlinearity_ignored",
                "you always used the ReLU gain sqrt(2); the gain depends on `nonlinearity` (and `a`): 5/3 for tanh, "
                "1 for linear and sigmoid, sqrt(2 / (1 + a^2)) for leaky_relu.",
                _kaiming_mistake(gain_fn=lambda nonlinearity, a: math.sqrt(2.0)),
            ),
            Mistake(
                "fan_without_receptive_field",
                "for a convolution weight (C_out, C_in, kH, kW) the fan counts every input of one output: "
                "fan_in = C_in * kH * kW, not C_in (multiply by the product of tensor.shape[2:]).",
                _kaiming_mistake(receptive_field=False),
            ),
            Mistake(
                "uniform_instead_of_normal",
                "you drew from a uniform distribution (that is kaiming_uniform); kaiming_normal draws "
                "N(0, std^2): torch.randn(..., generator=generator) * std.",
                lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_uniform(
                    tensor, a, mode, nonlinearity, generator
                ),
            ),
            Mistake(
                "drawn_in_default_dtype",
                "you drew the random numbers in the default dtype (float32) and converted afterwards; draw them "
                "with dtype=tensor.dtype, so that float64 weights get float64 draws.",
                _kaiming_mistake(draw_dtype=torch.float32),
            ),
        ),
        forbidden=(
            "torch.nn.init.kaiming_normal_",
            "torch.nn.init.kaiming_uniform_",
            "torch.nn.init.calculate_gain",
            "torch.nn.init._calculate_fan_in_and_fan_out",
            "torch.nn.init._calculate_correct_fan",
            "dl_helpers.reference.init.calculate_gain",
            "dl_helpers.reference.init.fan_in_and_fan_out",
            "dl_helpers.reference.init.kaiming_uniform",
        ),
    )
)


# -- batch_norm -------------------------------------------------------------------------------


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
        Case("(4, 3) features, training=False (evaluation uses the running statistics)", (x_fc, running_mean, running_var, weight, bias), {"training": False}),
        Case("(2, 3, 2, 2) images, training=True", (x_img, running_mean, running_var, weight, bias), {"training": True}),
        Case("(2, 3, 2, 2) images, training=False", (x_img, running_mean, running_var, weight, bias), {"training": False}),
        Case("(5, 2) features, training=True, momentum=0.3, no weight or bias", (x_small, zeros2, ones2), {"training": True, "momentum": 0.3}),
        Case("(5, 2) features, training=True, running statistics None", (x_small, None, None), {"training": True}),
    ]


def _bn_random(gen: torch.Generator) -> Case:
    n, c = _randint(gen, 2, 6), _randint(gen, 1, 4)
    shape = _choice(gen, ((n, c), (n, c, _randint(gen, 1, 4)), (n, c, _randint(gen, 1, 3), _randint(gen, 1, 3))))
    x = _randn(gen, *shape) * (0.5 + 2.5 * float(torch.rand(1, generator=gen, dtype=F64))) + _per_channel(_randn(gen, c), len(shape))
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
    return Case(f"random {shape} input, {'with' if affine else 'no'} weight and bias, {shown}", (x, running_mean, running_var, weight, bias), kwargs)


def _bn_edge() -> list[Case]:
    g = _gen(21)
    x = _randn(g, 6, 3)
    stats = (_randn(g, 3), torch.rand(3, generator=g, dtype=F64) + 0.5)
    constant = x.clone()
    constant[:, 1] = 2.5
    return [
        Case("a batch of 2 samples, training=True", (x[:2], *stats), {"training": True}),
        Case("a constant channel (batch variance 0), training=True", (constant, *stats, _randn(g, 3), _randn(g, 3)), {"training": True}),
        Case("momentum=1.0 (the running statistics become the batch's)", (x, *stats), {"training": True, "momentum": 1.0}),
        Case("momentum=0.0 (the running statistics stay)", (x, *stats), {"training": True, "momentum": 0.0}),
        Case("(3, 2, 5) sequences (N, C, L), training=True", (_randn(g, 3, 2, 5), torch.zeros(2, dtype=F64), torch.ones(2, dtype=F64)), {"training": True}),
        Case("(2, 1, 3, 3) images with one channel, training=False", (_randn(g, 2, 1, 3, 3), torch.tensor([0.3], dtype=F64), torch.tensor([2.0], dtype=F64)), {"training": False}),
        Case("values around 100 with spread 10, training=True", (100 + 10 * x, *stats), {"training": True, "eps": 1e-3}),
    ]


def _bn_variant(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5, *,
    normalise_unbiased=False, running_unbiased=True, batch_stats_in_eval=False, reverse_momentum=False,
    update_running=True, eps_outside=False, affine=True, stats="channel",
):
    """Batch norm with one thing changed, for the known mistakes."""
    ndim = input.dim()
    channels = input.shape[1]
    if training or batch_stats_in_eval:
        if stats == "channel":
            dims = (0, *range(2, ndim))
            n = input.numel() // channels
            mean = input.mean(dim=dims)  # (C,)
            biased = ((input - _per_channel(mean, ndim)) ** 2).mean(dim=dims)  # (C,)
            mean_b, biased_b = _per_channel(mean, ndim), _per_channel(biased, ndim)
        elif stats == "reshape":  # input.reshape(-1, C), which mixes channels for (N, C, H, W)
            flat = input.reshape(-1, channels)  # (N * H * W, C), but not one channel per column
            n = flat.shape[0]
            mean = flat.mean(dim=0)  # (C,)
            biased = ((flat - mean) ** 2).mean(dim=0)  # (C,)
            mean_b, biased_b = _per_channel(mean, ndim), _per_channel(biased, ndim)
        else:  # "sample": statistics over the features of each sample, keepdim
            dims = tuple(range(1, ndim))
            n = input.numel() // input.shape[0]
            mean = input.mean(dim=dims, keepdim=True)  # (N, 1, ...)
            biased = ((input - mean) ** 2).mean(dim=dims, keepdim=True)
            mean_b, biased_b = mean, biased
        unbiased_factor = n / (n - 1)
        var_b = biased_b * unbiased_factor if normalise_unbiased else biased_b
        if running_mean is not None and update_running:
            running_stat = biased * unbiased_factor if running_unbiased else biased
            old, new = (momentum, 1 - momentum) if reverse_momentum else (1 - momentum, momentum)
            running_mean = old * running_mean + new * mean
            running_var = old * running_var + new * running_stat
    else:
        mean_b, var_b = _per_channel(running_mean, ndim), _per_channel(running_var, ndim)
    if eps_outside:
        out = (input - mean_b) / (torch.sqrt(var_b) + eps)
    else:
        out = (input - mean_b) / torch.sqrt(var_b + eps)
    if affine and weight is not None:
        out = out * _per_channel(weight, ndim)
    if affine and bias is not None:
        out = out + _per_channel(bias, ndim)
    return out, running_mean, running_var


def _bn_mistake(**change):
    return lambda *args, **kwargs: _bn_variant(*args, **kwargs, **change)


register(
    Exercise(
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
                _bn_mistake(normalise_unbiased=True),
            ),
            Mistake(
                "eval_uses_batch_statistics",
                "with training=False you still used the batch's own statistics (and updated the running ones); in "
                "evaluation batch norm normalises with running_mean and running_var and returns them unchanged.",
                _bn_mistake(batch_stats_in_eval=True),
            ),
            Mistake(
                "momentum_reversed",
                "your running averages weight the old value by momentum; PyTorch's momentum is the weight of the "
                "new batch: running = (1 - momentum) * running + momentum * batch_statistic.",
                _bn_mistake(reverse_momentum=True),
            ),
            Mistake(
                "biased_running_var",
                "running_var was updated with the biased batch variance; PyTorch stores the unbiased one, "
                "var * n / (n - 1) with n = the number of values per channel (N, or N * H * W for images).",
                _bn_mistake(running_unbiased=False),
            ),
            Mistake(
                "running_statistics_not_updated",
                "in training you returned running_mean and running_var unchanged; update them with "
                "running = (1 - momentum) * running + momentum * batch_statistic.",
                _bn_mistake(update_running=False),
            ),
            Mistake(
                "channels_mixed_by_reshape",
                "your per-channel statistics mix channels: for (N, C, H, W), input.reshape(-1, C) does not put one "
                "channel in each column (memory order is N, C, H, W). Reduce with mean over dims (0, 2, 3), or move "
                "the channels first: input.transpose(0, 1).reshape(C, -1).",
                _bn_mistake(stats="reshape"),
            ),
            Mistake(
                "statistics_per_sample",
                "you normalised each sample over its own features (the axes of layer norm); batch norm averages "
                "each feature (channel) over the batch: dims (0,) for (N, C) and (0, 2, 3) for (N, C, H, W).",
                _bn_mistake(stats="sample"),
            ),
            Mistake(
                "eps_outside_sqrt",
                "you added eps to the standard deviation; it goes inside the square root: (x - mean) / sqrt(var + eps).",
                _bn_mistake(eps_outside=True),
            ),
            Mistake(
                "weight_and_bias_ignored",
                "you ignored weight and bias: after normalising, multiply by weight and add bias, each shaped (C,) "
                "and broadcast per channel.",
                _bn_mistake(affine=False),
            ),
        ),
        forbidden=_NORM_SHORTCUTS,
    )
)


# -- layer_norm -------------------------------------------------------------------------------


def _ln_fixed() -> list[Case]:
    x2 = torch.tensor([[1.0, 2.0, 4.0, -1.0], [0.0, 0.5, 3.0, 2.5]], dtype=F64)  # (2, 4)
    x3 = (2 * _randn(_gen(30), 2, 3, 4)).round(decimals=1)  # (2, 3, 4)
    g = _gen(31)
    return [
        Case("(2, 4) input, normalized_shape=(4,), with weight and bias", (x2, (4,), torch.tensor([1.0, 0.5, 2.0, -1.0], dtype=F64), torch.tensor([0.0, 1.0, 0.0, 0.5], dtype=F64))),
        Case("(2, 3, 4) input, normalized_shape=(4,), no weight or bias", (x3, (4,))),
        Case("(2, 3, 4) input, normalized_shape=(3, 4), with weight and bias", (x3, (3, 4), _randn(g, 3, 4), _randn(g, 3, 4))),
        Case("(3, 5) input, normalized_shape=(5,), eps=0.1", (_randn(g, 3, 5), (5,)), {"eps": 0.1}),
    ]


def _ln_random(gen: torch.Generator) -> Case:
    k = _randint(gen, 1, 2)  # normalise over the last 1 or 2 dimensions
    normalized_shape = tuple(_randint(gen, 2, 5) for _ in range(k))
    leading = tuple(_randint(gen, 1, 4) for _ in range(_randint(gen, 1, 2)))
    shape = leading + normalized_shape
    x = _randn(gen, *shape) * 2 + float(_randn(gen, 1))
    if _randint(gen, 0, 2):
        args = (x, normalized_shape, _randn(gen, *normalized_shape), _randn(gen, *normalized_shape))
    else:
        args = (x, normalized_shape)
    return Case(f"random {shape} input, normalized_shape={normalized_shape}, {'with' if len(args) == 4 else 'no'} weight and bias", args)


def _ln_edge() -> list[Case]:
    g = _gen(32)
    constant = _randn(g, 3, 4)
    constant[1] = 7.0
    return [
        Case("a single sample (1, 6)", (_randn(g, 1, 6), (6,))),
        Case("a constant row (variance 0)", (constant, (4,), _randn(g, 4), _randn(g, 4))),
        Case("one feature, normalized_shape=(1,)", (_randn(g, 3, 1), (1,), torch.ones(1, dtype=F64), torch.full((1,), 0.5, dtype=F64))),
        Case("values around 1000", (1000 + _randn(g, 4, 5), (5,))),
        Case("(2, 2, 3, 3) input normalised over (2, 3, 3)", (_randn(g, 2, 2, 3, 3), (2, 3, 3))),
    ]


def _ln_variant(input, normalized_shape, weight=None, bias=None, eps=1e-5, *, dims=None, unbiased=False, eps_outside=False, affine=True):
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    dims = tuple(range(-len(shape), 0)) if dims is None else dims
    mean = input.mean(dim=dims, keepdim=True)
    var = _variance(input, mean, dims, unbiased)
    out = (input - mean) / (torch.sqrt(var) + eps) if eps_outside else (input - mean) / torch.sqrt(var + eps)
    if affine and weight is not None:
        out = out * weight
    if affine and bias is not None:
        out = out + bias
    return out


def _ln_mistake(**change):
    return lambda *args, **kwargs: _ln_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="layer_norm",
        reference=ref.layer_norm,
        fixed_cases=_ln_fixed,
        random_case=_ln_random,
        edge_cases=_ln_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "unbiased_variance",
                "you normalised with the unbiased variance (dividing by n - 1, the default of torch.var); layer norm "
                "uses the biased variance mean((x - mean)^2): pass unbiased=False (correction=0).",
                _ln_mistake(unbiased=True),
            ),
            Mistake(
                "normalised_over_the_batch",
                "you normalised over the batch dimension (the axes of batch norm); layer norm takes a mean and a "
                "variance per sample, over the last len(normalized_shape) dimensions.",
                _ln_mistake(dims=(0,)),
            ),
            Mistake(
                "last_dimension_only",
                "you normalised over the last dimension only; normalise over all the trailing dimensions that "
                "normalized_shape names, dims = (-len(normalized_shape), ..., -1).",
                _ln_mistake(dims=(-1,)),
            ),
            Mistake(
                "eps_outside_sqrt",
                "you added eps to the standard deviation; it goes inside the square root: (x - mean) / sqrt(var + eps).",
                _ln_mistake(eps_outside=True),
            ),
            Mistake(
                "weight_and_bias_ignored",
                "you ignored weight and bias: after normalising, multiply by weight and add bias (both shaped "
                "normalized_shape, applied elementwise).",
                _ln_mistake(affine=False),
            ),
        ),
        forbidden=_NORM_SHORTCUTS,
    )
)


# -- group_norm -------------------------------------------------------------------------------


def _gn_fixed() -> list[Case]:
    x1 = torch.tensor([[[1.0, 2.0, 0.0], [3.0, -1.0, 2.0], [0.5, 4.0, 1.0], [2.0, 2.0, 6.0]],
                       [[0.0, 1.0, -2.0], [1.0, 1.0, 3.0], [5.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]], dtype=F64)  # (2, 4, 3)
    g = _gen(40)
    x_img = (2 * _randn(g, 2, 6, 2, 2)).round(decimals=1)  # (2, 6, 2, 2)
    x4 = (2 * _randn(g, 2, 4, 2, 2) + 1).round(decimals=1)  # (2, 4, 2, 2)
    return [
        Case("(2, 4, 3) input, 2 groups, with weight and bias", (x1, 2, torch.tensor([1.0, 2.0, 0.5, -1.0], dtype=F64), torch.tensor([0.0, 0.5, 1.0, 0.0], dtype=F64))),
        Case("(2, 6, 2, 2) images, 3 groups, with weight and bias", (x_img, 3, _randn(g, 6), _randn(g, 6))),
        Case("(2, 4, 2, 2) images, 1 group (layer norm over C, H, W)", (x4, 1)),
        Case("(2, 4, 2, 2) images, 4 groups (instance norm)", (x4, 4)),
    ]


def _gn_random(gen: torch.Generator) -> Case:
    groups = _randint(gen, 1, 4)
    channels = groups * _randint(gen, 1, 3)
    n = _randint(gen, 1, 4)
    shape = _choice(gen, ((n, channels), (n, channels, _randint(gen, 1, 4)), (n, channels, _randint(gen, 1, 3), _randint(gen, 1, 3))))
    if groups == channels and len(shape) == 2:
        shape = (n, channels, 2)  # a group of one value has variance 0; keep the case informative
    x = _randn(gen, *shape) * 2 + _per_channel(_randn(gen, channels), len(shape))
    args = (x, groups, _randn(gen, channels), _randn(gen, channels)) if _randint(gen, 0, 2) else (x, groups)
    return Case(f"random {shape} input, {groups} groups, {'with' if len(args) == 4 else 'no'} weight and bias", args)


def _gn_edge() -> list[Case]:
    g = _gen(41)
    constant = _randn(g, 2, 4, 3)
    constant[0, :2] = -1.5
    return [
        Case("a single sample (1, 6, 2, 2)", (_randn(g, 1, 6, 2, 2), 2, _randn(g, 6), _randn(g, 6))),
        Case("a constant group (variance 0)", (constant, 2)),
        Case("(N, C) input without spatial dimensions, 2 groups", (_randn(g, 3, 6), 2)),
        Case("values around 500, 3 groups", (500 + _randn(g, 2, 6, 3), 3)),
        Case("(2, 4, 2, 2, 2) volumes, 2 groups", (_randn(g, 2, 4, 2, 2, 2), 2, _randn(g, 4), _randn(g, 4))),
    ]


def _gn_variant(input, num_groups, weight=None, bias=None, eps=1e-5, *, layout="consecutive", unbiased=False, eps_outside=False, affine=True):
    n, c = input.shape[:2]
    if layout == "consecutive":
        grouped = input.reshape(n, num_groups, -1)  # (N, G, C/G * spatial)
        dims = (-1,)
    elif layout == "interleaved":  # channel k in group k % G
        grouped = input.reshape(n, c // num_groups, num_groups, -1)  # (N, C/G, G, spatial)
        dims = (1, 3)
    elif layout == "channel":
        grouped = input.reshape(n, c, -1)  # (N, C, spatial)
        dims = (-1,)
    elif layout == "sample":
        grouped = input.reshape(n, 1, -1)  # (N, 1, C * spatial)
        dims = (-1,)
    else:  # "batch": groups pooled over the batch too
        grouped = input.reshape(n, num_groups, -1)
        dims = (0, 2)
    mean = grouped.mean(dim=dims, keepdim=True)
    var = _variance(grouped, mean, dims, unbiased)
    out = (grouped - mean) / (torch.sqrt(var) + eps) if eps_outside else (grouped - mean) / torch.sqrt(var + eps)
    out = out.reshape(input.shape)
    if affine and weight is not None:
        out = out * _per_channel(weight, input.dim())
    if affine and bias is not None:
        out = out + _per_channel(bias, input.dim())
    return out


def _gn_mistake(**change):
    return lambda *args, **kwargs: _gn_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="group_norm",
        reference=ref.group_norm,
        fixed_cases=_gn_fixed,
        random_case=_gn_random,
        edge_cases=_gn_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "interleaved_groups",
                "your groups interleave the channels (channel k in group k % G); a group is C / G consecutive "
                "channels: input.reshape(N, G, -1) puts group g's channels g*C/G ... (g+1)*C/G - 1 together.",
                _gn_mistake(layout="interleaved"),
            ),
            Mistake(
                "statistics_per_channel",
                "you normalised every channel on its own (instance norm, G = C); take one mean and variance per "
                "sample and per group of C / G channels.",
                _gn_mistake(layout="channel"),
            ),
            Mistake(
                "unbiased_variance",
                "you normalised with the unbiased variance (dividing by n - 1, the default of torch.var); group norm "
                "uses the biased variance mean((x - mean)^2): pass unbiased=False (correction=0).",
                _gn_mistake(unbiased=True),
            ),
            Mistake(
                "statistics_over_all_channels",
                "you normalised over all channels at once (layer norm, G = 1); split the channels into num_groups groups.",
                _gn_mistake(layout="sample"),
            ),
            Mistake(
                "statistics_over_the_batch",
                "your statistics pool the samples of the batch; group norm treats every sample on its own, so a "
                "mean and variance per (sample, group).",
                _gn_mistake(layout="batch"),
            ),
            Mistake(
                "eps_outside_sqrt",
                "you added eps to the standard deviation; it goes inside the square root: (x - mean) / sqrt(var + eps).",
                _gn_mistake(eps_outside=True),
            ),
            Mistake(
                "weight_and_bias_ignored",
                "you ignored weight and bias: after normalising, multiply by weight and add bias, each shaped (C,) "
                "and broadcast per channel.",
                _gn_mistake(affine=False),
            ),
        ),
        forbidden=_NORM_SHORTCUTS,
    )
)


# -- dropout ----------------------------------------------------------------------------------


def _dropout_fixed() -> list[Case]:
    x = torch.tensor([[1.0, -2.0, 3.0, 0.5, 4.0], [2.0, 1.0, -1.0, 6.0, -3.0], [0.5, 0.5, 2.0, -4.0, 1.0], [3.0, -1.0, 1.0, 2.0, 5.0]], dtype=F64)
    g = _gen(50)
    return [
        Case("(4, 5) input, p=0.2, training=True", (x, 0.2, True, _gen(0))),
        Case("(3, 4) input, p=0.5, training=True", (_randn(g, 3, 4), 0.5, True, _gen(1))),
        Case("(2, 3, 4) input, p=0.5, training=False (evaluation: the input unchanged)", (_randn(g, 2, 3, 4), 0.5, False, _gen(2))),
        Case("(8,) input, p=0.75, training=True", (_randn(g, 8), 0.75, True, _gen(3))),
    ]


def _dropout_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 6) for _ in range(_randint(gen, 1, 3)))
    p = _choice(gen, (0.1, 0.2, 0.3, 0.5, 0.5, 0.7, 0.9))
    training = _randint(gen, 0, 3) > 0
    return Case(f"random {shape} input, p={p}, training={training}", (_randn(gen, *shape) * 3, p, training, _child(gen)))


def _dropout_edge() -> list[Case]:
    g = _gen(51)
    return [
        Case("p=0 (nothing is dropped)", (_randn(g, 3, 4), 0.0, True, _gen(60))),
        Case("p=1 (everything is dropped: zeros, no division by 0)", (_randn(g, 3, 4), 1.0, True, _gen(61))),
        Case("a single element, p=0.5", (torch.tensor([2.5], dtype=F64), 0.5, True, _gen(62))),
        Case("values of 1e300, p=0.3", (1e300 * torch.rand(4, 4, generator=g, dtype=F64), 0.3, True, _gen(63))),
        Case("a (20, 30) input, p=0.95", (_randn(g, 20, 30), 0.95, True, _gen(64))),
    ]


def _uniform_like(input: Tensor, generator: torch.Generator | None, dtype: torch.dtype | None = None) -> Tensor:
    device = generator.device if generator is not None else input.device
    return torch.rand(input.shape, dtype=dtype or input.dtype, device=device, generator=generator).to(input.device)


def _dropout_variant(input, p=0.5, training=True, generator=None, *, keep="above", scale="inverted", in_eval=False, draw_dtype=None):
    if not (training or in_eval) or p == 0.0:
        return input
    u = _uniform_like(input, generator, draw_dtype)
    mask = {"above": u > p, "below_keep": u < 1 - p, "below_p": u < p}[keep]
    factor = {"inverted": 1.0 / (1.0 - p) if p < 1 else math.inf, "none": 1.0, "by_p": 1.0 / p, "keep_as_p": 1.0 / p}[scale]
    return input * mask * factor


def _dropout_mistake(**change):
    return lambda *args, **kwargs: _dropout_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="dropout",
        reference=ref.dropout,
        fixed_cases=_dropout_fixed,
        random_case=_dropout_random,
        edge_cases=_dropout_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "no_rescaling",
                "you dropped the right entries but did not rescale the kept ones; inverted dropout divides them by "
                "the keep probability 1 - p, so the output has the input's expectation and evaluation needs no scaling.",
                _dropout_mistake(scale="none"),
            ),
            Mistake(
                "divided_by_p",
                "you divided the kept entries by p; p is the probability of dropping, so divide by the probability "
                "of keeping, 1 - p.",
                _dropout_mistake(scale="by_p"),
            ),
            Mistake(
                "p_as_keep_probability",
                "you treated p as the probability of keeping an entry (the notes' convention); in PyTorch p is the "
                "probability of dropping it: keep = u > p, then divide by 1 - p.",
                _dropout_mistake(keep="below_p", scale="keep_as_p"),
            ),
            Mistake(
                "dropout_in_evaluation",
                "you applied dropout with training=False; in evaluation dropout returns its input unchanged.",
                _dropout_mistake(in_eval=True),
            ),
            Mistake(
                "mask_u_below_1_minus_p",
                "you kept the entries where u < 1 - p: the same distribution, but other entries than the reference "
                "keeps. So that the checks can compare draw by draw, this exercise fixes keep = u > p.",
                _dropout_mistake(keep="below_keep"),
            ),
            Mistake(
                "mask_drawn_in_default_dtype",
                "you drew u in the default dtype (float32), which gives other numbers than drawing in float64; "
                "draw u = torch.rand(input.shape, dtype=input.dtype, generator=generator).",
                _dropout_mistake(draw_dtype=torch.float32),
            ),
            Mistake(
                "division_by_zero_at_p_1",
                "with p=1 every entry is dropped: return zeros (torch.zeros_like(input)); dividing by 1 - p = 0 gives NaN.",
                lambda input, p=0.5, training=True, generator=None: input * math.nan if training and p == 1.0 else ref.dropout(input, p, training, generator),
            ),
        ),
        forbidden=(
            "torch.nn.functional.dropout",
            "torch.dropout",
            "torch.native_dropout",
            "torch.nn.Dropout.forward",
        ),
    )
)


# -- clip_grad_norm ---------------------------------------------------------------------------


def _clip_fixed() -> list[Case]:
    g = _gen(70)
    return [
        Case("two gradients with norms 3 and 4 (global norm 5), max_norm=1", ([torch.tensor([3.0, 0.0], dtype=F64), torch.tensor([[0.0], [4.0]], dtype=F64)], 1.0)),
        Case("two gradients with global norm 0.5, max_norm=1 (no clipping)", ([torch.tensor([0.3], dtype=F64), torch.tensor([0.0, -0.4], dtype=F64)], 1.0)),
        Case("gradients of shapes (2, 3), (3,), (1,), max_norm=2", ([2 * _randn(g, 2, 3), 2 * _randn(g, 3), 2 * _randn(g, 1)], 2.0)),
        Case("two gradients, max_norm=0.5, norm_type=inf (the largest magnitude)", ([torch.tensor([1.0, -3.0], dtype=F64), torch.tensor([2.0], dtype=F64)], 0.5), {"norm_type": math.inf}),
        Case("two gradients, max_norm=2, norm_type=1", ([torch.tensor([1.0, -3.0], dtype=F64), torch.tensor([[2.0, 0.5]], dtype=F64)], 2.0), {"norm_type": 1.0}),
    ]


def _clip_random(gen: torch.Generator) -> Case:
    k = _randint(gen, 1, 4)
    scale = 10 ** (2 * float(torch.rand(1, generator=gen, dtype=F64)) - 1)  # 0.1 .. 10
    grads = [scale * _randn(gen, *(_randint(gen, 1, 4) for _ in range(_randint(gen, 1, 2)))) for _ in range(k)]
    max_norm = _choice(gen, (0.5, 1.0, 2.0, 5.0))
    norm_type = _choice(gen, (2.0, 2.0, 2.0, 1.0, math.inf))
    shapes = ", ".join(str(tuple(g.shape)) for g in grads)
    return Case(f"random gradients of shapes {shapes}, max_norm={max_norm}, norm_type={norm_type}", (grads, max_norm), {"norm_type": norm_type})


def _clip_edge() -> list[Case]:
    g = _gen(71)
    return [
        Case("all-zero gradients", ([torch.zeros(3, dtype=F64), torch.zeros(2, 2, dtype=F64)], 1.0)),
        Case("a single gradient", ([_randn(g, 5) * 4], 1.0)),
        Case("gradients of size 1e100", ([1e100 * _randn(g, 3), 1e100 * _randn(g, 2)], 1.0)),
        Case("a 0-dim gradient and a vector", ([torch.tensor(5.0, dtype=F64), _randn(g, 3)], 2.0)),
        Case("a huge max_norm (nothing clipped)", ([_randn(g, 4), _randn(g, 2, 2)], 1e6)),
    ]


def _norms(grads, norm_type: float) -> Tensor:
    return torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])


def _clip_variant(grads, max_norm, norm_type=2.0, *, per_tensor=False, clamp=True, total="global", eps=1e-6, report="before", ignore_type=False):
    p = 2.0 if ignore_type else norm_type
    if per_tensor:
        clipped = [g * torch.clamp(max_norm / (torch.linalg.vector_norm(g, p) + eps), max=1.0) for g in grads]
        return clipped, torch.linalg.vector_norm(_norms(grads, p), p)
    if total == "global":
        total_norm = torch.linalg.vector_norm(_norms(grads, p), p)
    elif total == "sum_of_norms":
        total_norm = _norms(grads, p).sum()
    else:  # "no_root": the p-th power of the norm
        total_norm = torch.linalg.vector_norm(_norms(grads, p), p) ** p if not math.isinf(p) else torch.linalg.vector_norm(_norms(grads, p), p)
    coef = max_norm / (total_norm + eps)
    if clamp:
        coef = torch.clamp(coef, max=1.0)
    clipped = [g * coef for g in grads]
    if report == "after":
        return clipped, torch.linalg.vector_norm(_norms(clipped, p), p)
    return clipped, total_norm


def _clip_mistake(**change):
    return lambda *args, **kwargs: _clip_variant(*args, **kwargs, **change)


register(
    Exercise(
        name="clip_grad_norm",
        reference=ref.clip_grad_norm,
        fixed_cases=_clip_fixed,
        random_case=_clip_random,
        edge_cases=_clip_edge,
        mistakes=(
            Mistake(
                "missing_epsilon",
                "your factor is max_norm / total_norm; PyTorch divides by total_norm + 1e-6 (which also keeps "
                "all-zero gradients from dividing by zero).",
                _clip_mistake(eps=0.0),
            ),
            Mistake(
                "each_gradient_clipped_separately",
                "you clipped each gradient by its own norm; clip_grad_norm_ computes ONE norm over all gradients "
                "together (as if concatenated) and scales every gradient by the same factor, which keeps the "
                "direction of the whole update.",
                _clip_mistake(per_tensor=True),
            ),
            Mistake(
                "always_rescaled",
                "you rescaled gradients whose norm was already below max_norm (scaling them up); the factor is "
                "min(1, max_norm / (total_norm + 1e-6)), so small gradients stay as they are.",
                _clip_mistake(clamp=False),
            ),
            Mistake(
                "sum_of_norms",
                "your total norm is the sum of the per-gradient norms; the global norm is the norm of the vector of "
                "norms, (sum_i ||g_i||^p)^(1/p): for p = 2, sqrt(sum_i ||g_i||^2).",
                _clip_mistake(total="sum_of_norms"),
            ),
            Mistake(
                "norm_after_clipping",
                "you returned the norm after clipping; like torch.nn.utils.clip_grad_norm_, return the total norm "
                "of the gradients as they came in.",
                _clip_mistake(report="after"),
            ),
            Mistake(
                "norm_not_rooted",
                "your total norm is the sum of |g|^p without the p-th root (for p = 2, the squared norm); take "
                "(sum |g|^p)^(1/p).",
                _clip_mistake(total="no_root"),
            ),
            Mistake(
                "norm_type_ignored",
                "you always used the 2-norm; use norm_type: p = 1 sums magnitudes, p = inf takes the largest "
                "magnitude (torch.linalg.vector_norm(g, norm_type) handles every p).",
                _clip_mistake(ignore_type=True),
            ),
        ),
        forbidden=(
            "torch.nn.utils.clip_grad_norm_",
            "torch.nn.utils.clip_grad_norm",
            "torch.nn.utils.clip_grads_with_norm_",
            "torch.nn.utils.get_total_norm",
            "dl_helpers.reference.regularization._total_norm",
        ),
    )
)
