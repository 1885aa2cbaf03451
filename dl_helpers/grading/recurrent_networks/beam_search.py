"""Chapter 09 exercise ``beam_search``: keep the best prefixes, set finished hypotheses aside, pick by normalised score."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import choice, randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import table_step
from dl_helpers.reference.decoding import finished_hypotheses

EOS = 0
START = 1


def _case(label: str, seed: int, vocab: int, beam: int, max_len: int, alpha: float = 0.0, boost: float = 1.0) -> Case:
    step = table_step(seeded(seed), vocab, max_len, EOS, boost)
    return Case(label, (step, START, EOS, beam, max_len, alpha))


def _fixed() -> list[Case]:
    return [
        _case("4 tokens (0 is eos, 1 the start), beam_size=2, max_len=4", 76, 4, 2, 4),
        _case("5 tokens, beam_size=3, max_len=5, length_penalty=1 (mean log-probability)", 157, 5, 3, 5, 1.0),
        _case("4 tokens, beam_size=3, max_len=5, eos likely", 72, 4, 3, 5, 0.0, 2.0),
        _case("3 tokens, beam_size=2, max_len=4, length_penalty=0.7", 24, 3, 2, 4, 0.7, 1.5),
    ]


def _random(gen: torch.Generator) -> Case:
    """A random table; with length_penalty > 0, drawn again until the penalty changes the answer."""
    vocab, beam, max_len = randint(gen, 3, 6), randint(gen, 2, 4), randint(gen, 3, 6)
    alpha = choice(gen, (0.0, 0.5, 1.0, 1.0))
    for _ in range(100):
        step = table_step(gen, vocab, max_len, EOS, choice(gen, (0.5, 1.0, 1.5)))
        if alpha == 0 or not torch.equal(
            ref.beam_search(step, START, EOS, beam, max_len, alpha)[0],
            ref.beam_search(step, START, EOS, beam, max_len)[0],
        ):
            break
    label = f"random: {vocab} tokens, beam_size={beam}, max_len={max_len}, length_penalty={alpha}"
    return Case(label, (step, START, EOS, beam, max_len, alpha))


def _edge() -> list[Case]:
    return [
        _case("beam_size=1 (greedy)", 74, 5, 1, 5),
        _case("max_len=1", 75, 4, 3, 1),
        _case("a beam wider than every sequence (exhaustive search)", 77, 3, 50, 3, 1.0),
        _case("eos almost never chosen: hypotheses stop at max_len", 78, 4, 3, 4, 0.0, -6.0),
    ]


def _best(hypotheses, length):
    """The hypothesis with the best score / length(tokens), start token left out of the answer."""
    tokens, score = max(hypotheses, key=lambda h: float(h[1]) / length(h[0]))
    return tokens[1:], score


def _length_counts_start(step, start, eos, beam_size, max_len, length_penalty=0.0):
    hypotheses = finished_hypotheses(step, start, eos, beam_size, max_len)
    return _best(hypotheses, lambda tokens: len(tokens) ** length_penalty)


def _normalised_score_returned(step, start, eos, beam_size, max_len, length_penalty=0.0):
    tokens, score = ref.beam_search(step, start, eos, beam_size, max_len, length_penalty)
    return tokens, score / len(tokens) ** length_penalty


EXERCISE = Exercise(
    name="beam_search",
    reference=ref.beam_search,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    check_dtypes=False,
    mistakes=(
        Mistake(
            "eos_not_treated_as_the_end",
            "your hypotheses went on past eos; an extension ending in eos is finished: set it aside (it is no "
            "longer extended and takes one of the beam_size places), and stop once beam_size have finished.",
            lambda step, start, eos, *rest: ref.beam_search(step, start, -1, *rest),
        ),
        Mistake(
            "no_length_normalisation",
            "you compared raw scores although length_penalty > 0; pick the hypothesis with the largest "
            "score / L ** length_penalty (L its number of tokens).",
            lambda *args: ref.beam_search(*args[:5], 0.0),
        ),
        Mistake(
            "length_counts_the_start_token",
            "your length L counts the start token; L is the number of generated tokens (eos included, start left out).",
            _length_counts_start,
        ),
        Mistake(
            "normalised_score_returned",
            "you returned the normalised score; return the total log-probability of the chosen sequence and use "
            "score / L ** length_penalty only to choose it.",
            _normalised_score_returned,
        ),
        Mistake(
            "start_token_returned",
            "your tokens begin with the start token; leave it out (return what was generated, eos last if reached).",
            lambda *args: (torch.cat([torch.tensor([args[1]]), ref.beam_search(*args)[0]]), ref.beam_search(*args)[1]),
        ),
    ),
    forbidden=("dl_helpers.reference.decoding.finished_hypotheses",),
)
