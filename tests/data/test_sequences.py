"""Are the generated sequence data sets seeded, well formed and what their docstrings say?"""

from __future__ import annotations

import torch

from dl_helpers.data.sequences import (
    BOS,
    DIGIT0,
    EOS,
    PAD,
    CharVocabulary,
    digits_text,
    grammar_sentences,
    long_gap_task,
    reversal_task,
)


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def test_the_grammar_gives_the_same_sentences_for_a_seed_and_others_for_another():
    assert grammar_sentences(20, _gen(0)) == grammar_sentences(20, _gen(0))
    assert grammar_sentences(20, _gen(0)) != grammar_sentences(20, _gen(1))


def test_every_sentence_starts_with_a_determiner_and_ends_with_a_full_stop():
    for sentence in grammar_sentences(200, _gen(2)):
        words = sentence.split()
        assert words[0] in {"the", "a", "every", "some"}, sentence
        assert words[-1] == "." and 3 <= len(words) <= 9, sentence


def test_the_vocabulary_round_trips_and_does_not_depend_on_the_order_seen():
    text = " ".join(grammar_sentences(50, _gen(3)))
    vocab = CharVocabulary(text)
    assert vocab.decode(vocab.encode(text)) == text
    assert CharVocabulary(text[::-1]).chars == vocab.chars


def test_the_long_gap_label_is_the_first_token_and_the_rest_is_noise():
    x, y = long_gap_task(500, 30, _gen(4), classes=4, noise=3)
    assert x.shape == (500, 31) and y.shape == (500,)
    assert torch.equal(x[:, 0], y)
    assert bool(((x[:, 1:] >= 4) & (x[:, 1:] < 7)).all())
    assert set(y.tolist()) == {0, 1, 2, 3}


def test_reversal_targets_are_the_reversed_digits_then_eos_then_padding():
    source, target = reversal_task(300, _gen(5), min_len=2, max_len=6)
    assert source.shape == (300, 6) and target.shape == (300, 7)
    for s, t in zip(source, target):
        digits = s[s != PAD]
        n = len(digits)
        assert 2 <= n <= 6
        assert torch.equal(s[6 - n :], digits)  # padded at the start
        assert torch.equal(t[:n], digits.flip(0)) and t[n] == EOS and bool((t[n + 1 :] == PAD).all())
        assert bool((digits >= DIGIT0).all()) and BOS not in t.tolist()
        assert digits_text(t) == digits_text(s)[::-1] + "."
