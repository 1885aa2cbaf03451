"""Chapter 10 exercise ``additive_attention``: Bahdanau's scoring network, masked softmax and weighted sum."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.attention._common import ATTENTION_SHORTCUTS, lengths
from dl_helpers.grading.cases import choice, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _tensors(gen: torch.Generator, n: int, t_q: int, t_k: int, d_q: int, d_k: int, d_v: int, h: int) -> tuple:
    """query, key, value, W_q, W_k, w_v of the given sizes, standard normal."""
    shapes = ((n, t_q, d_q), (n, t_k, d_k), (n, t_k, d_v), (h, d_q), (h, d_k), (h,))
    return tuple(randn(gen, *s) for s in shapes)


def _fixed() -> list[Case]:
    return [
        Case(
            "N=2, T_q=1, T_k=4, D_q=3, D_k=2, D_v=2, H=5, lengths [2, 4]",
            (*_tensors(seeded(30), 2, 1, 4, 3, 2, 2, 5), torch.tensor([2, 4])),
        ),
        Case("N=1, T_q=3, T_k=3, all sizes 2, no lengths", (*_tensors(seeded(31), 1, 3, 3, 2, 2, 2, 2), None)),
        Case(
            "N=2, T_q=2, T_k=5, D_q=4, D_k=3, D_v=1, H=3, lengths per query [[1, 5], [3, 2]]",
            (*_tensors(seeded(32), 2, 2, 5, 4, 3, 1, 3), torch.tensor([[1, 5], [3, 2]])),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    n, t_q, t_k = randint(gen, 1, 3), randint(gen, 1, 4), randint(gen, 2, 6)
    d_q, d_k, d_v, h = randint(gen, 1, 4), randint(gen, 1, 4), randint(gen, 1, 3), randint(gen, 1, 6)
    shape = choice(gen, ((n,), (n, t_q)))
    label = f"random N={n}, T_q={t_q}, T_k={t_k}, D_q={d_q}, D_k={d_k}, D_v={d_v}, H={h}, lengths {shape}"
    return Case(label, (*_tensors(gen, n, t_q, t_k, d_q, d_k, d_v, h), lengths(gen, shape, t_k, low=1)))


def _edge() -> list[Case]:
    return [
        Case("T_k = 1 (the weight is 1)", (*_tensors(seeded(33), 2, 2, 1, 3, 3, 2, 4), torch.tensor([1, 1]))),
        Case(
            "a sequence of length 0 (output and weights 0) next to one of length 3",
            (*_tensors(seeded(34), 2, 2, 3, 2, 2, 2, 3), torch.tensor([0, 3])),
        ),
        Case(
            "large queries and keys (tanh saturates)",
            tuple(10 * t for t in _tensors(seeded(35), 2, 3, 4, 2, 2, 2, 3)) + (torch.tensor([4, 2]),),
        ),
    ]


def _no_tanh(query, key, value, W_q, W_k, w_v, valid_lens=None):
    """Scores w_v^T (W_q q + W_k k), without the tanh: they separate into a query part and a key part."""
    scores = (query @ W_q.T)[:, :, None, :] @ w_v + (key @ W_k.T)[:, None, :, :] @ w_v  # (N, T_q, T_k)
    weights = ref.masked_softmax(scores, valid_lens)
    return weights @ value, weights


def _tanh_outside(query, key, value, W_q, W_k, w_v, valid_lens=None):
    """tanh applied after the projection by w_v: scores tanh(w_v^T (W_q q + W_k k)) in (-1, 1)."""
    scores = torch.tanh((query @ W_q.T)[:, :, None, :] @ w_v + (key @ W_k.T)[:, None, :, :] @ w_v)
    weights = ref.masked_softmax(scores, valid_lens)
    return weights @ value, weights


def _over_queries(query, key, value, W_q, W_k, w_v, valid_lens=None):
    """The right scores, normalised over the queries (dim 1) instead of the keys."""
    scores = torch.tanh((query @ W_q.T)[:, :, None, :] + (key @ W_k.T)[:, None, :, :]) @ w_v  # (N, T_q, T_k)
    weights = ref.masked_softmax(scores.transpose(1, 2), None).transpose(1, 2)
    if valid_lens is not None:
        lengths = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
        keep = torch.arange(key.shape[1], device=key.device) < lengths
        weights = torch.softmax(scores.masked_fill(~keep, float("-inf")), dim=1).nan_to_num(0.0)
    return weights @ value, weights


EXERCISE = Exercise(
    name="additive_attention",
    reference=ref.additive_attention,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "lengths_ignored",
            "your weights ignore valid_lens: the keys at positions valid_lens and after are padding and must get "
            "weight 0 (use your masked_softmax).",
            lambda q, k, v, W_q, W_k, w_v, valid_lens=None: ref.additive_attention(q, k, v, W_q, W_k, w_v),
        ),
        Mistake(
            "no_tanh",
            "your scores are linear in the query and the key, w_v^T (W_q q + W_k k): apply tanh to the sum of the two "
            "projections before multiplying by w_v.",
            _no_tanh,
        ),
        Mistake(
            "tanh_outside",
            "you applied tanh after multiplying by w_v: the hidden layer is tanh(W_q q + W_k k), of H units, and w_v "
            "maps it to one score, w_v^T tanh(W_q q + W_k k).",
            _tanh_outside,
        ),
        Mistake(
            "softmax_over_queries",
            "your weights sum to 1 over the queries (dim=1): each query's weights must sum to 1 over its keys, dim=-1.",
            _over_queries,
        ),
    ),
    forbidden=ATTENTION_SHORTCUTS,
)
