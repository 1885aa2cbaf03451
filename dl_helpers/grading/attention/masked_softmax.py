"""Chapter 10 exercise ``masked_softmax``: a softmax over the keys that ignores the padding after each valid length."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.attention._common import ATTENTION_SHORTCUTS, lengths
from dl_helpers.grading.cases import F64, choice, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _fixed() -> list[Case]:
    scores = torch.arange(24.0, dtype=F64).reshape(2, 3, 4) % 5 - 2  # (N=2, T_q=3, T_k=4)
    return [
        Case("N=2, T_q=3, T_k=4, lengths [2, 3] per sequence", (scores, torch.tensor([2, 3]))),
        Case(
            "the same scores, lengths per query [[1, 0, 4], [3, 3, 1]] (one query sees no key: its row is 0)",
            (scores, torch.tensor([[1, 0, 4], [3, 3, 1]])),
        ),
        Case("N=1, T_q=2, T_k=5, length 4", (torch.linspace(-1, 1, 10, dtype=F64).reshape(1, 2, 5), torch.tensor([4]))),
    ]


def _random(gen: torch.Generator) -> Case:
    n, t_q, t_k = randint(gen, 2, 4), randint(gen, 1, 5), randint(gen, 2, 7)
    shape = choice(gen, ((n,), (n, t_q)))
    label = f"random scores N={n}, T_q={t_q}, T_k={t_k}, lengths of shape {shape}"
    return Case(label, (2 * randn(gen, n, t_q, t_k), lengths(gen, shape, t_k, low=0)))


def _edge() -> list[Case]:
    g = seeded(20)
    return [
        Case("valid_lens None: a plain softmax over the keys", (randn(g, 2, 3, 4), None)),
        Case(
            "a sequence of length 0 (its rows are all masked: weights 0) next to a full one",
            (randn(g, 2, 2, 3), torch.tensor([0, 3])),
        ),
        Case("every length T_k (nothing masked)", (randn(g, 2, 3, 5), torch.tensor([5, 5]))),
        Case(
            "scores around 1e4 (exp overflows unless the maximum is subtracted)",
            (1e4 * randn(g, 2, 2, 4), torch.tensor([3, 2])),
        ),
        Case("T_k = 1", (randn(g, 3, 2, 1), torch.tensor([1, 1, 1]))),
    ]


def _keep(X, valid_lens):
    """(N, T_q or 1, T_k) True where the key is within the valid length."""
    lengths = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
    return torch.arange(X.shape[-1], device=X.device) < lengths


def _masked_after_softmax(X, valid_lens=None):
    """A softmax over all the keys, then the padding set to 0: the kept weights no longer sum to 1."""
    weights = torch.softmax(X, dim=-1)
    return weights if valid_lens is None else weights * _keep(X, valid_lens)


def _inverted(X, valid_lens=None):
    """The padding kept and the valid keys masked."""
    if valid_lens is None:
        return ref.masked_softmax(X)
    return ref.masked_softmax(X.flip(-1), X.shape[-1] - valid_lens).flip(-1)


def _empty_rows_uniform(X, valid_lens=None):
    """Masked entries filled with a large negative number (-1e6) instead of removed: an empty row is uniform."""
    out = ref.masked_softmax(X, valid_lens)
    empty = out.sum(-1, keepdim=True) == 0
    return torch.where(empty, torch.full_like(out, 1.0 / X.shape[-1]), out)


def _over_queries(X, valid_lens=None):
    """The masked scores normalised over the queries (dim 1) instead of the keys."""
    if valid_lens is None:
        return torch.softmax(X, dim=1)
    return torch.softmax(X.masked_fill(~_keep(X, valid_lens), float("-inf")), dim=1).nan_to_num(0.0)


EXERCISE = Exercise(
    name="masked_softmax",
    reference=ref.masked_softmax,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("X",),
    mistakes=(
        Mistake(
            "mask_after_softmax",
            "you zeroed the padding after the softmax, so the kept weights sum to less than 1: set the masked scores to "
            "-inf before the softmax (then every valid row sums to 1).",
            _masked_after_softmax,
        ),
        Mistake(
            "mask_inverted",
            "you kept the padding and masked the real keys: key j is valid when j < valid_lens (torch.arange(T_k) < "
            "lengths), and masked otherwise.",
            _inverted,
        ),
        Mistake(
            "off_by_one_length",
            "you kept one key too many: a length of L keeps keys 0 .. L - 1 (j < L, not j <= L).",
            lambda X, valid_lens=None: ref.masked_softmax(X, None if valid_lens is None else valid_lens + 1),
        ),
        Mistake(
            "one_key_too_few",
            "you kept one key too few: a length of L keeps keys 0 .. L - 1, L keys in all (j < L, not j < L - 1).",
            lambda X, valid_lens=None: ref.masked_softmax(
                X, None if valid_lens is None else (valid_lens - 1).clamp(min=0)
            ),
        ),
        Mistake(
            "empty_row_uniform",
            "a row with length 0 came out uniform (1 / T_k each), as filling with -1e6 gives: rows with no valid key "
            "must be all 0 (fill with -inf and set those rows to 0 after the softmax).",
            _empty_rows_uniform,
        ),
        Mistake(
            "softmax_over_queries",
            "your weights sum to 1 over the queries (dim=1): attention normalises each query's row over the keys, "
            "dim=-1.",
            _over_queries,
        ),
    ),
    forbidden=ATTENTION_SHORTCUTS,
)
