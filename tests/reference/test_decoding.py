"""Does greedy decoding take the argmax each step, and does beam search find what exhaustive search finds?"""

from __future__ import annotations

import itertools

import pytest
import torch

from dl_helpers import reference as ref

EOS = 0


def _table_step(seed: int, vocab: int, length: int):
    """A model whose next-token log-probabilities depend on the position and the last token."""
    g = torch.Generator().manual_seed(seed)
    table = (2 * torch.randn(length + 1, vocab, vocab, generator=g, dtype=torch.float64)).log_softmax(-1)
    return lambda prefix: table[prefix.shape[1] - 1, prefix[:, -1]]


def _exhaustive(step, start, vocab, max_len, length_penalty):
    """The best finished sequence (ended by EOS, or of length max_len), by brute force."""
    best = None
    for length in range(1, max_len + 1):
        for tokens in itertools.product(range(vocab), repeat=length):
            if EOS in tokens[:-1] or (length < max_len and tokens[-1] != EOS):
                continue
            prefix = torch.tensor([[start, *tokens]])
            score = sum(float(step(prefix[:, : t + 1])[0, prefix[0, t + 1]]) for t in range(length))
            value = score / length**length_penalty
            if best is None or value > best[0]:
                best = (value, tokens, score)
    return best


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("length_penalty", [0.0, 1.0])
def test_a_beam_wide_enough_for_every_sequence_finds_the_exhaustive_optimum(seed, length_penalty):
    vocab, max_len = 3, 4
    step = _table_step(seed, vocab, max_len)
    tokens, score = ref.beam_search(
        step, 1, EOS, beam_size=vocab**max_len, max_len=max_len, length_penalty=length_penalty
    )
    _, best_tokens, best_score = _exhaustive(step, 1, vocab, max_len, length_penalty)
    assert tuple(tokens.tolist()) == best_tokens
    assert abs(score.item() - best_score) < 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_a_beam_of_one_is_greedy_decoding(seed):
    step = _table_step(seed, 5, 6)
    tokens, _ = ref.beam_search(step, 2, EOS, beam_size=1, max_len=6)
    greedy = ref.greedy_decode(step, torch.tensor([2]), 6, eos=EOS)[0]
    stop = (greedy == EOS).nonzero()
    expected = greedy[: int(stop[0]) + 1] if len(stop) else greedy
    assert torch.equal(tokens, expected)


def test_a_wider_beam_never_scores_worse_here():
    # Not a theorem (a wider beam can lose), but with these seeds the scores do not decrease.
    for seed in range(5):
        step = _table_step(seed, 4, 5)
        scores = [ref.beam_search(step, 1, EOS, k, 5)[1].item() for k in (1, 3, 64)]
        assert scores[0] <= scores[2] + 1e-12 and scores[1] <= scores[2] + 1e-12


def test_greedy_pads_with_eos_after_the_end_and_feeds_its_choices_back():
    table = torch.tensor([[0.0, 0.0, 1.0], [5.0, 0.0, 0.0], [0.0, 3.0, 0.0]]).log_softmax(-1)  # 0 is eos
    out = ref.greedy_decode(lambda p: table[p[:, -1]], torch.tensor([0, 2]), 4, eos=0)
    assert out.tolist() == [[2, 1, 0, 0], [1, 0, 0, 0]]  # a start token equal to eos does not end a sequence
    out = ref.greedy_decode(lambda p: table[p[:, -1]], torch.tensor([2]), 4)
    assert out.tolist() == [[1, 0, 2, 1]]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="beam_size"):
        ref.beam_search(lambda p: None, 0, 1, 0, 3)
    with pytest.raises(ValueError, match="start"):
        ref.greedy_decode(lambda p: None, torch.tensor([[0]]), 3)
