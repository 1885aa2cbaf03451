"""Chapter 10 exercise ``nadaraya_watson``: Gaussian kernel regression as attention pooling over 1-D points."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.attention._common import ATTENTION_SHORTCUTS
from dl_helpers.grading.cases import F64, randint, randn, seeded, uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    keys = torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=F64)
    return [
        Case(
            "4 keys 0..3 with values [0, 1, 4, 9], queries [0.5, 2.5], bandwidth 1",
            (torch.tensor([0.5, 2.5], dtype=F64), keys, keys**2, 1.0),
        ),
        Case(
            "the same points with bandwidth 0.5 (a narrower kernel)",
            (torch.tensor([0.5, 1.2, 2.9], dtype=F64), keys, keys**2, 0.5),
        ),
        Case(
            "5 keys of a sine curve, 3 queries, bandwidth 2",
            (
                torch.tensor([-1.0, 0.3, 4.0], dtype=F64),
                torch.linspace(0, 4, 5, dtype=F64),
                torch.linspace(0, 4, 5, dtype=F64).sin(),
                2.0,
            ),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    t_q, t_k = randint(gen, 1, 8), randint(gen, 1, 12)
    h = uniform(gen, 0.3, 2.0)
    label = f"{t_q} random queries, {t_k} random keys, bandwidth {h:.2f}"
    return Case(label, (2 * randn(gen, t_q), 2 * randn(gen, t_k), randn(gen, t_k), h))


def _edge() -> list[Case]:
    g = seeded(10)
    keys = torch.linspace(-3, 3, 7, dtype=F64)
    return [
        Case(
            "one key: every query gets its value",
            (randn(g, 4), torch.tensor([0.5], dtype=F64), torch.tensor([2.0], dtype=F64), 1.0),
        ),
        Case(
            "bandwidth 0.05, queries far from every key (exp underflows unless the softmax is stable)",
            (torch.tensor([-0.9, 0.37, 8.0], dtype=F64), keys, keys.cos(), 0.05),
        ),
        Case("bandwidth 100 (almost the plain mean of the values)", (randn(g, 3), keys, keys**2, 100.0)),
    ]


def _unnormalised(queries, keys, values, bandwidth=1.0):
    """The Gaussian kernel's weighted sum of the values, not divided by the sum of the kernel."""
    kernel = torch.exp(-((queries[:, None] - keys[None, :]) ** 2) / (2 * bandwidth**2))  # (T_q, T_k)
    return kernel @ values


def _normalised_over_queries(queries, keys, values, bandwidth=1.0):
    """Weights normalised over the queries (dim 0) instead of over the keys."""
    weights = torch.softmax(-((queries[:, None] - keys[None, :]) ** 2) / (2 * bandwidth**2), dim=0)  # (T_q, T_k)
    return weights @ values


def _far_first(queries, keys, values, bandwidth=1.0):
    """The softmax of +(q - k)^2 / (2 h^2): the farthest keys weigh most."""
    weights = torch.softmax((queries[:, None] - keys[None, :]) ** 2 / (2 * bandwidth**2), dim=-1)  # (T_q, T_k)
    return weights @ values


EXERCISE = Exercise(
    name="nadaraya_watson",
    reference=ref.nadaraya_watson,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("queries", "keys", "values"),
    mistakes=(
        Mistake(
            "missing_factor_two",
            "your kernel is exp(-(q - k)^2 / h^2): the Gaussian kernel divides by 2 h^2, so use "
            "-(q - k)^2 / (2 * bandwidth**2).",
            lambda q, k, v, h=1.0: ref.nadaraya_watson(q, k, v, h / 2**0.5),
        ),
        Mistake(
            "bandwidth_not_squared",
            "you divided by 2 h instead of 2 h^2: the bandwidth is a length, so it is squared like the distance.",
            lambda q, k, v, h=1.0: ref.nadaraya_watson(q, k, v, h**0.5),
        ),
        Mistake(
            "not_normalised",
            "your weights do not sum to 1: divide the kernel values by their sum over the keys (a softmax over the "
            "keys does both steps).",
            _unnormalised,
        ),
        Mistake(
            "normalised_over_queries",
            "your weights sum to 1 over the queries: each query's weights must sum to 1 over the keys (the last axis "
            "of the (T_q, T_k) matrix, dim=-1).",
            _normalised_over_queries,
        ),
        Mistake(
            "sign_flipped",
            "your weights grow with the distance: the exponent is minus the squared distance, -(q - k)^2 / (2 h^2).",
            _far_first,
        ),
    ),
    forbidden=ATTENTION_SHORTCUTS,
)
