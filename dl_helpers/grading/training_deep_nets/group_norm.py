"""Chapter 05 exercise ``group_norm``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice as _choice, randint as _randint, randn as _randn, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.training_deep_nets._common import (
    _NORM_SHORTCUTS,
    _per_channel,
    _per_channel_affine,
    _variance_over_n_minus_1,
)


def _gn_fixed() -> list[Case]:
    x1 = torch.tensor(
        [
            [[1.0, 2.0, 0.0], [3.0, -1.0, 2.0], [0.5, 4.0, 1.0], [2.0, 2.0, 6.0]],
            [[0.0, 1.0, -2.0], [1.0, 1.0, 3.0], [5.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],
        ],
        dtype=F64,
    )  # (2, 4, 3)
    g = _gen(40)
    x_img = (2 * _randn(g, 2, 6, 2, 2)).round(decimals=1)  # (2, 6, 2, 2)
    x4 = (2 * _randn(g, 2, 4, 2, 2) + 1).round(decimals=1)  # (2, 4, 2, 2)
    return [
        Case(
            "(2, 4, 3) input, 2 groups, with weight and bias",
            (x1, 2, torch.tensor([1.0, 2.0, 0.5, -1.0], dtype=F64), torch.tensor([0.0, 0.5, 1.0, 0.0], dtype=F64)),
        ),
        Case("(2, 6, 2, 2) images, 3 groups, with weight and bias", (x_img, 3, _randn(g, 6), _randn(g, 6))),
        Case("(2, 4, 2, 2) images, 1 group (layer norm over C, H, W)", (x4, 1)),
        Case("(2, 4, 2, 2) images, 4 groups (instance norm)", (x4, 4)),
    ]


def _gn_random(gen: torch.Generator) -> Case:
    groups = _randint(gen, 1, 4)
    channels = groups * _randint(gen, 1, 3)
    n = _randint(gen, 1, 4)
    shape = _choice(
        gen,
        ((n, channels), (n, channels, _randint(gen, 1, 4)), (n, channels, _randint(gen, 1, 3), _randint(gen, 1, 3))),
    )
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


def _interleaved_groups(input, num_groups, weight=None, bias=None, eps=1e-5):
    # Channel k in group k % G: the reference on the channels reordered so that those groups are consecutive.
    order = torch.arange(input.shape[1], device=input.device).reshape(-1, num_groups).mT.flatten()
    out = ref.group_norm(input[:, order], num_groups, eps=eps)[:, order.argsort()]
    return _per_channel_affine(out, weight, bias)


def _unbiased_variance(input, num_groups, weight=None, bias=None, eps=1e-5):
    grouped = input.reshape(input.shape[0], num_groups, -1)  # (N, G, C/G * prod(*))
    centred = grouped - grouped.mean(dim=-1, keepdim=True)
    out = centred / torch.sqrt(_variance_over_n_minus_1(grouped, (-1,)) + eps)
    return _per_channel_affine(out.reshape(input.shape), weight, bias)


def _statistics_over_the_batch(input, num_groups, weight=None, bias=None, eps=1e-5):
    # The reference on the batch folded into one sample: (N, C, *) -> (1, C, N * prod(*)).
    by_channel = input.transpose(0, 1)  # (C, N, *)
    out = ref.group_norm(by_channel.reshape(1, input.shape[1], -1), num_groups, weight, bias, eps)
    return out.reshape(by_channel.shape).transpose(0, 1)


def _eps_outside_sqrt(input, num_groups, weight=None, bias=None, eps=1e-5):
    grouped = input.reshape(input.shape[0], num_groups, -1)  # (N, G, C/G * prod(*))
    centred = grouped - grouped.mean(dim=-1, keepdim=True)
    out = centred / (grouped.var(dim=-1, correction=0, keepdim=True).sqrt() + eps)
    return _per_channel_affine(out.reshape(input.shape), weight, bias)


EXERCISE = Exercise(
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
            _interleaved_groups,
        ),
        Mistake(
            "statistics_per_channel",
            "you normalised every channel on its own (instance norm, G = C); take one mean and variance per "
            "sample and per group of C / G channels.",
            lambda input, num_groups, weight=None, bias=None, eps=1e-5: ref.group_norm(
                input, input.shape[1], weight, bias, eps
            ),
        ),
        Mistake(
            "unbiased_variance",
            "you normalised with the unbiased variance (dividing by n - 1, the default of torch.var); group norm "
            "uses the biased variance mean((x - mean)^2): pass unbiased=False (correction=0).",
            _unbiased_variance,
        ),
        Mistake(
            "statistics_over_all_channels",
            "you normalised over all channels at once (layer norm, G = 1); split the channels into num_groups groups.",
            lambda input, num_groups, weight=None, bias=None, eps=1e-5: ref.group_norm(input, 1, weight, bias, eps),
        ),
        Mistake(
            "statistics_over_the_batch",
            "your statistics pool the samples of the batch; group norm treats every sample on its own, so a "
            "mean and variance per (sample, group).",
            _statistics_over_the_batch,
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
            lambda input, num_groups, weight=None, bias=None, eps=1e-5: ref.group_norm(
                input, num_groups, None, None, eps
            ),
        ),
    ),
    forbidden=_NORM_SHORTCUTS,
)
