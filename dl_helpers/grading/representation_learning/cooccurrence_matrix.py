"""cooccurrence_matrix: symmetric counts of word pairs at most `window` positions apart within a sentence."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, seeded as gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.representation_learning._common import sentences


def _ids(*words: int) -> Tensor:
    return torch.tensor(words, dtype=torch.int64)


def _fixed() -> list[Case]:
    return [
        Case("the docstring example: one sentence [0, 1, 2], window 1", ([_ids(0, 1, 2)], 3, 1)),
        Case("one sentence [0, 1, 2, 3, 1], window 2", ([_ids(0, 1, 2, 3, 1)], 4, 2)),
        Case("two sentences [0, 1, 2] and [2, 3, 0, 1], window 2", ([_ids(0, 1, 2), _ids(2, 3, 0, 1)], 4, 2)),
        Case("a repeated word: [1, 1, 0, 1, 2, 2], window 3", ([_ids(1, 1, 0, 1, 2, 2)], 3, 3)),
        Case("three random sentences of up to 9 words, V = 5, window 2", (sentences(gen(1), 5, 3, 9), 5, 2)),
    ]


def _random(g: torch.Generator) -> Case:
    vocab_size, window, count = randint(g, 1, 7), randint(g, 1, 4), randint(g, 1, 5)
    return Case(
        f"{count} random sentences of up to 10 words, V = {vocab_size}, window {window}",
        (sentences(g, vocab_size, count, 10), vocab_size, window),
    )


def _edge() -> list[Case]:
    return [
        Case("no sentences at all", ([], 3, 2)),
        Case("an empty sentence and a one-word sentence", ([_ids(), _ids(2)], 3, 2)),
        Case("a window longer than the sentence", ([_ids(0, 1, 2)], 3, 10)),
        Case("one word repeated: [0, 0, 0, 0]", ([_ids(0, 0, 0, 0)], 2, 2)),
        Case("words that never occur (V = 6, ids 0..2)", ([_ids(2, 0, 1), _ids(1, 2)], 6, 1)),
    ]


def _occurrences(sentences: list[Tensor], vocab_size: int) -> Tensor:
    """(V, V) with each word's number of occurrences on the diagonal: what counting the centre word adds."""
    return torch.diag(torch.bincount(torch.cat(sentences), minlength=vocab_size))


def _window_one_short(sentences: list[Tensor], vocab_size: int, window: int = 2) -> Tensor:
    """The reference with window - 1: nothing at all is counted for window = 1."""
    counts = ref.cooccurrence_matrix(sentences, vocab_size, max(window - 1, 1))
    return counts if window > 1 else torch.zeros_like(counts)


def _right_context_only(sentences: list[Tensor], vocab_size: int, window: int = 2) -> Tensor:
    """Only the words after the centre: X[i, j] counts j up to `window` positions after i."""
    counts = ref.cooccurrence_matrix([], vocab_size, window).to(sentences[0].device if sentences else "cpu")
    for sentence in sentences:
        for distance in range(1, window + 1):
            for i, j in zip(sentence[:-distance].tolist(), sentence[distance:].tolist()):
                counts[i, j] += 1
    return counts


EXERCISE = Exercise(
    name="cooccurrence_matrix",
    reference=ref.cooccurrence_matrix,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    check_dtypes=False,
    mistakes=(
        Mistake(
            "counts_centre_word",
            "your window counts the centre word itself, which adds each word's number of occurrences to the "
            "diagonal. Skip the position of the centre (offset 0) and count only the `window` words on either side.",
            lambda sentences, vocab_size, window=2: (
                ref.cooccurrence_matrix(sentences, vocab_size, window) + _occurrences(sentences, vocab_size)
            ),
        ),
        Mistake(
            "window_one_short",
            "your window stops one word short: words exactly `window` positions away count too "
            "(range(1, window + 1), not range(1, window)).",
            _window_one_short,
        ),
        Mistake(
            "window_one_too_far",
            "your window reaches one word too far: count words at distance 1 to `window`, not up to window + 1.",
            lambda sentences, vocab_size, window=2: ref.cooccurrence_matrix(sentences, vocab_size, window + 1),
        ),
        Mistake(
            "one_sided_window",
            "you counted only the words after the centre, so X is not symmetric. Count the `window` words before it "
            "as well (X[i, j] and X[j, i] both grow for every pair).",
            _right_context_only,
        ),
        Mistake(
            "across_sentences",
            "your windows run across sentence boundaries (the sentences were joined into one). Count pairs within "
            "each sentence separately.",
            lambda sentences, vocab_size, window=2: ref.cooccurrence_matrix([torch.cat(sentences)], vocab_size, window),
        ),
        Mistake(
            "presence_not_counts",
            "your matrix records whether two words co-occur (0 or 1). Count every co-occurrence: add 1 for each pair "
            "of positions in a window.",
            lambda sentences, vocab_size, window=2: (ref.cooccurrence_matrix(sentences, vocab_size, window) > 0).long(),
        ),
        Mistake(
            "float_counts",
            "the counts are right but not int64. Build the matrix as integers, torch.zeros(V, V, dtype=torch.int64, "
            "device=...), and keep adding integers.",
            lambda sentences, vocab_size, window=2: ref.cooccurrence_matrix(sentences, vocab_size, window).double(),
        ),
    ),
)
