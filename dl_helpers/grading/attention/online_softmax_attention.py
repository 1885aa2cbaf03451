"""Chapter 10 exercise ``online_softmax_attention``: attention over tiles of keys with a running maximum and sum."""

from __future__ import annotations

import math

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.attention._common import ATTENTION_SHORTCUTS, SOFTMAX
from dl_helpers.grading.cases import choice, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _qkv(gen: torch.Generator, batch: tuple[int, ...], t_q: int, t_k: int, e: int, e_v: int, scale: float = 1.0):
    return scale * randn(gen, *batch, t_q, e), scale * randn(gen, *batch, t_k, e), randn(gen, *batch, t_k, e_v)


def _fixed() -> list[Case]:
    g = seeded(50)
    return [
        Case("N=1, T_q=2, T_k=6, E=3, E_v=2, tiles of 2", (*_qkv(g, (1,), 2, 6, 3, 2, scale=2.0), 2)),
        Case(
            "N=2, T_q=3, T_k=7, E=4, E_v=1, tiles of 3 (the last tile has 1 key)",
            (*_qkv(g, (2,), 3, 7, 4, 1, scale=2.0), 3),
        ),
        Case("N=1, T_q=1, T_k=5, E=2, tiles of 1", (*_qkv(g, (1,), 1, 5, 2, 3, scale=2.0), 1)),
    ]


def _random(gen: torch.Generator) -> Case:
    batch = choice(gen, ((randint(gen, 1, 3),), (randint(gen, 1, 2), randint(gen, 1, 2))))
    t_q, t_k, e, e_v = randint(gen, 1, 5), randint(gen, 2, 12), randint(gen, 1, 6), randint(gen, 1, 3)
    tile = randint(gen, 1, t_k)
    label = f"random batch {batch}, T_q={t_q}, T_k={t_k}, E={e}, E_v={e_v}, tiles of {tile}"
    return Case(label, (*_qkv(gen, batch, t_q, t_k, e, e_v, scale=2.0), tile))


def _edge() -> list[Case]:
    g = seeded(51)
    return [
        Case("one tile holding every key", (*_qkv(g, (2,), 3, 5, 4, 2), 5)),
        Case("a tile larger than T_k", (*_qkv(g, (1,), 2, 3, 2, 2), 10)),
        Case("T_k = 1", (*_qkv(g, (2,), 2, 1, 3, 2), 1)),
        Case(
            "scores in the thousands (exp overflows without the running maximum)",
            (*_qkv(g, (1,), 3, 8, 4, 2, scale=40.0), 3),
        ),
    ]


def _not_rescaled(query, key, value, tile_size):
    """A running maximum, but the old sums never multiplied by exp(m_old - m_new) when it grows."""
    scale = 1.0 / math.sqrt(query.shape[-1])
    m = torch.full(query.shape[:-1] + (1,), float("-inf"), dtype=query.dtype, device=query.device)
    total, acc = torch.zeros_like(m), query.new_zeros(query.shape[:-1] + value.shape[-1:])
    for start in range(0, key.shape[-2], tile_size):
        s = query @ key[..., start : start + tile_size, :].transpose(-2, -1) * scale
        m = torch.maximum(m, s.amax(-1, keepdim=True))
        p = torch.exp(s - m)
        total, acc = total + p.sum(-1, keepdim=True), acc + p @ value[..., start : start + tile_size, :]
    return acc / total


def _not_normalised(query, key, value, tile_size):
    """The accumulated sum acc without the final division by the running sum l."""
    s = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])
    return torch.exp(s - s.amax(-1, keepdim=True)) @ value


def _last_tile_dropped(query, key, value, tile_size):
    """Only whole tiles visited (range(T_k // tile_size)): the keys of a last, shorter tile are left out."""
    kept = key.shape[-2] // tile_size * tile_size
    if kept == 0:
        return torch.full(query.shape[:-1] + value.shape[-1:], float("nan"), dtype=query.dtype, device=query.device)
    return ref.online_softmax_attention(query, key[..., :kept, :], value[..., :kept, :], tile_size)


EXERCISE = Exercise(
    name="online_softmax_attention",
    reference=ref.online_softmax_attention,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("query", "key", "value"),
    mistakes=(
        Mistake(
            "last_tile_dropped",
            "the keys of the last, shorter tile are missing: loop over range(0, T_k, tile_size) so a final tile of "
            "fewer keys is visited too.",
            _last_tile_dropped,
        ),
        Mistake(
            "sums_not_rescaled",
            "when a tile raises the running maximum from m to m', the sums so far were computed with exp(s - m): "
            "multiply the running sum and the accumulated values by exp(m - m') before adding the new tile.",
            _not_rescaled,
        ),
        Mistake(
            "not_normalised",
            "you returned the accumulated values without dividing by the running sum of the exponentials: the output "
            "is acc / l.",
            _not_normalised,
        ),
        Mistake(
            "not_scaled",
            "your scores are not scaled: multiply q K_tile^T by 1 / sqrt(E), E = query.shape[-1].",
            lambda q, k, v, tile_size: ref.online_softmax_attention(q * math.sqrt(q.shape[-1]), k, v, tile_size),
        ),
    ),
    forbidden=(*ATTENTION_SHORTCUTS, *SOFTMAX),
)
