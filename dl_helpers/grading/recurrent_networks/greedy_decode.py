"""Chapter 09 exercise ``greedy_decode``: decode a batch by taking the most probable next token at each step."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import table_step

EOS = 0


def _case(label: str, seed: int, n: int, vocab: int, max_len: int, eos: int | None = EOS, boost: float = 1.5) -> Case:
    g = seeded(seed)
    step = table_step(g, vocab, max_len, EOS, boost)
    start = torch.randint(1, vocab, (n,), generator=g)
    return Case(label, (step, start, max_len, eos))


def _fixed() -> list[Case]:
    return [
        _case("N=3 sequences, 4 tokens (0 is eos), max_len=5", 61, 3, 4, 5),
        _case("N=2, 5 tokens, max_len=6, eos=None (never stop)", 61, 2, 5, 6, eos=None),
        _case("N=4, 3 tokens (0 is eos), max_len=4, eos likely", 71, 4, 3, 4, boost=2.5),
    ]


def _random(gen: torch.Generator) -> Case:
    n, vocab, max_len = randint(gen, 1, 5), randint(gen, 2, 6), randint(gen, 2, 7)
    eos = EOS if randint(gen, 0, 3) else None
    step = table_step(gen, vocab, max_len, EOS, 1.5)
    start = torch.randint(1, vocab, (n,), generator=gen)
    return Case(f"random N={n}, {vocab} tokens, max_len={max_len}, eos={eos}", (step, start, max_len, eos))


def _edge() -> list[Case]:
    return [
        _case("max_len=1", 63, 3, 4, 1),
        _case("one sequence", 64, 1, 5, 6),
        _case("eos almost certain at once", 65, 3, 4, 5, boost=8.0),
        _case("two tokens only", 66, 4, 2, 6),
    ]


def _stopped_early(step, start, max_len, eos=None):
    """The reference cut where every sequence has ended (the loop left early, the rest not padded)."""
    out = ref.greedy_decode(step, start, max_len, eos)
    if eos is None:
        return out
    ended = (out == eos).cumsum(1).clamp(max=1).all(0)  # (max_len,) True once all have ended
    stop = int(ended.nonzero()[0]) + 1 if ended.any() else max_len
    return out[:, :stop]


EXERCISE = Exercise(
    name="greedy_decode",
    reference=ref.greedy_decode,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    check_dtypes=False,
    mistakes=(
        Mistake(
            "start_token_returned",
            "your output begins with the start token; return only the max_len generated tokens, prefix[:, 1:].",
            lambda step, start, max_len, eos=None: torch.cat(
                [start.reshape(-1, 1), ref.greedy_decode(step, start, max_len, eos)], dim=1
            ),
        ),
        Mistake(
            "choices_not_fed_back",
            "you called step on the start token alone at every step; append each chosen token to the prefix "
            "(torch.cat([prefix, token[:, None]], dim=1)) and call step on the whole prefix.",
            lambda step, start, max_len, eos=None: ref.greedy_decode(lambda p: step(p[:, :1]), start, max_len, eos),
        ),
        Mistake(
            "only_the_last_token_fed",
            "you passed step only the last token; step expects the whole prefix (N, t), start token first, since "
            "the model's prediction may depend on all of it.",
            lambda step, start, max_len, eos=None: ref.greedy_decode(lambda p: step(p[:, -1:]), start, max_len, eos),
        ),
        Mistake(
            "stopped_without_padding",
            "your loop stopped once every sequence had ended, so the output is shorter than max_len; keep going "
            "(or pad) to max_len, writing eos after each sequence's end.",
            _stopped_early,
        ),
        Mistake(
            "not_padded_after_eos",
            "your sequences go on after producing eos; once a sequence has produced eos, every later token of it "
            "is eos (keep a `finished` mask and torch.where(finished, eos, token)).",
            lambda step, start, max_len, eos=None: ref.greedy_decode(step, start, max_len, None),
        ),
    ),
)
