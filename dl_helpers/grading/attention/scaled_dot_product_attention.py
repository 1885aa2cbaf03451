"""Chapter 10 exercise ``scaled_dot_product_attention``: softmax(Q K^T / sqrt(E) + mask) V, as ``torch.nn.functional``."""

from __future__ import annotations

import math

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.attention._common import ATTENTION_SHORTCUTS
from dl_helpers.grading.cases import F64, choice, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _qkv(gen: torch.Generator, batch: tuple[int, ...], t_q: int, t_k: int, e: int, e_v: int, scale: float = 1.0):
    return scale * randn(gen, *batch, t_q, e), scale * randn(gen, *batch, t_k, e), randn(gen, *batch, t_k, e_v)


def _bool_mask(gen: torch.Generator, shape: tuple[int, ...]) -> torch.Tensor:
    """A random boolean mask (True = may attend) with at least one allowed key per row."""
    mask = torch.rand(shape, generator=gen) < 0.6
    mask[..., 0] = True
    return mask


# Masks and is_causal are passed by position: the checks move positional tensors to the dtype under test.


def _fixed() -> list[Case]:
    g = seeded(40)
    causal = torch.ones(4, 4, dtype=torch.bool).tril()
    return [
        Case("N=2, T_q=3, T_k=4, E=4, E_v=2, no mask", _qkv(g, (2,), 3, 4, 4, 2)),
        Case("N=1, T=4, E=3, is_causal=True", (*_qkv(g, (1,), 4, 4, 3, 3), None, True)),
        Case(
            "N=2 with 2 heads, T_q=2, T_k=3, E=2, a boolean mask (True = may attend)",
            (*_qkv(g, (2, 2), 2, 3, 2, 2), torch.tensor([[True, False, True], [True, True, False]])),
        ),
        Case(
            "N=1, T=4, E=8, a float mask (0 or -inf) equal to the causal one",
            (*_qkv(g, (1,), 4, 4, 8, 2), torch.zeros(4, 4, dtype=F64).masked_fill(~causal, float("-inf"))),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    batch = choice(gen, ((randint(gen, 1, 3),), (randint(gen, 1, 2), randint(gen, 1, 3))))
    t_q, t_k, e, e_v = randint(gen, 1, 5), randint(gen, 1, 6), randint(gen, 1, 8), randint(gen, 1, 4)
    kind = choice(gen, ("none", "causal", "bool", "float"))
    args = _qkv(gen, batch, t_q, t_k, e, e_v)
    label = f"random batch {batch}, T_q={t_q}, T_k={t_k}, E={e}, E_v={e_v}, mask: {kind}"
    if kind == "causal":
        return Case(label, (*args, None, True))
    if kind == "none":
        return Case(label, args)
    mask = _bool_mask(gen, (t_q, t_k))
    if kind == "float":
        mask = torch.zeros(t_q, t_k, dtype=F64).masked_fill(~mask, float("-inf")) + randn(gen, t_q, t_k)
    return Case(label, (*args, mask))


def _edge() -> list[Case]:
    g = seeded(41)
    return [
        Case(
            "a query whose keys are all masked (its output and weights are 0)",
            (*_qkv(g, (2,), 2, 3, 4, 2), torch.tensor([[False, False, False], [True, False, True]])),
        ),
        Case("T_k = 1", _qkv(g, (2,), 3, 1, 2, 2)),
        Case(
            "E = 64 and large queries (a softmax without the maximum subtracted overflows)",
            _qkv(g, (1,), 3, 4, 64, 2, scale=30.0),
        ),
        Case("is_causal with more queries than keys, T_q=5, T_k=3", (*_qkv(g, (1,), 5, 3, 2, 2), None, True)),
    ]


def _scale(query) -> float:
    return math.sqrt(query.shape[-1])


def _over_queries(query, key, value, attn_mask=None, is_causal=False):
    """Scores masked correctly, then normalised over the queries (dim -2) instead of the keys."""
    _, weights = ref.scaled_dot_product_attention(query, key, value, attn_mask, is_causal)
    scores = query @ key.transpose(-2, -1) / _scale(query)
    scores = scores.masked_fill(weights == 0, float("-inf"))  # the masked entries (weights 0) stay out
    weights = torch.softmax(scores, dim=-2).nan_to_num(0.0)
    return weights @ value, weights


def _masked_after_softmax(query, key, value, attn_mask=None, is_causal=False):
    """A softmax over every key, then the masked weights set to 0 (the rest no longer sums to 1)."""
    _, right = ref.scaled_dot_product_attention(query, key, value, attn_mask, is_causal)
    _, unmasked = ref.scaled_dot_product_attention(query, key, value)
    weights = unmasked * (right > 0)
    return weights @ value, weights


def _bool_mask_inverted(query, key, value, attn_mask=None, is_causal=False):
    """A boolean mask read as True = masked out (nn.MultiheadAttention's convention) instead of True = may attend."""
    if attn_mask is not None and attn_mask.dtype == torch.bool:
        attn_mask = ~attn_mask
    return ref.scaled_dot_product_attention(query, key, value, attn_mask, is_causal)


def _causal_transposed(query, key, value, attn_mask=None, is_causal=False):
    """The causal mask transposed: query i sees the keys j >= i (the future) instead of j <= i."""
    if is_causal:
        future = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool, device=query.device).triu()
        return ref.scaled_dot_product_attention(query, key, value, attn_mask=future)
    return ref.scaled_dot_product_attention(query, key, value, attn_mask, is_causal)


EXERCISE = Exercise(
    name="scaled_dot_product_attention",
    reference=ref.scaled_dot_product_attention,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "scaled_by_d",
            "you divided the scores by E: the scale is 1 / sqrt(E), which keeps the scores' variance at 1 for "
            "unit-variance queries and keys (divide by math.sqrt(query.shape[-1])).",
            lambda q, k, v, attn_mask=None, is_causal=False: ref.scaled_dot_product_attention(
                q / _scale(q), k, v, attn_mask, is_causal
            ),
        ),
        Mistake(
            "not_scaled",
            "your scores are not scaled: divide Q K^T by sqrt(E), E = query.shape[-1].",
            lambda q, k, v, attn_mask=None, is_causal=False: ref.scaled_dot_product_attention(
                q * _scale(q), k, v, attn_mask, is_causal
            ),
        ),
        Mistake(
            "bool_mask_inverted",
            "you read a boolean mask as True = masked: in F.scaled_dot_product_attention True means the query MAY "
            "attend the key, so mask the entries where attn_mask is False.",
            _bool_mask_inverted,
        ),
        Mistake(
            "causal_mask_transposed",
            "your causal mask lets query i see keys j >= i (the future): keep j <= i, the lower triangle (tril).",
            _causal_transposed,
        ),
        Mistake(
            "mask_after_softmax",
            "you removed the masked weights after the softmax, so the rest sums to less than 1: add the mask (-inf) "
            "to the scores before the softmax.",
            _masked_after_softmax,
        ),
        Mistake(
            "softmax_over_queries",
            "your weights sum to 1 over the queries (dim=-2): normalise each query's scores over the keys, dim=-1.",
            _over_queries,
        ),
    ),
    forbidden=ATTENTION_SHORTCUTS,
)
