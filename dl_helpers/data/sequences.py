"""Generated sequence data: sentences from a small grammar, a long-gap memory task, digit-string reversal.

Everything is drawn from an explicit ``torch.Generator``, so a seed gives the same data on
every machine; nothing is downloaded.
"""

from __future__ import annotations

import torch
from torch import Tensor

# A small grammar: sentence -> noun phrase, verb phrase, full stop.
_DETERMINERS = ("the", "a", "every", "some")
_ADJECTIVES = ("small", "red", "quiet", "old", "happy")
_NOUNS = ("cat", "dog", "bird", "child", "farmer", "robot")
_VERBS = ("sees", "likes", "chases", "finds", "helps")
_INTRANSITIVE = ("sleeps", "runs", "sings", "waits")
_ADVERBS = ("quickly", "often", "today", "again")


def _pick(gen: torch.Generator, words: tuple[str, ...]) -> str:
    return words[int(torch.randint(len(words), (1,), generator=gen))]


def _coin(gen: torch.Generator, p: float) -> bool:
    return float(torch.rand(1, generator=gen)) < p


def _noun_phrase(gen: torch.Generator) -> str:
    words = [_pick(gen, _DETERMINERS)]
    if _coin(gen, 0.4):
        words.append(_pick(gen, _ADJECTIVES))
    words.append(_pick(gen, _NOUNS))
    return " ".join(words)


def grammar_sentences(n: int, generator: torch.Generator) -> list[str]:
    """``n`` sentences such as "the red cat chases a dog often ." from a fixed grammar.

    Each sentence: a noun phrase (determiner, sometimes an adjective, noun), then either an
    intransitive verb or a verb and a second noun phrase, sometimes an adverb, and " .".
    """
    sentences = []
    for _ in range(n):
        words = [_noun_phrase(generator)]
        if _coin(generator, 0.3):
            words.append(_pick(generator, _INTRANSITIVE))
        else:
            words += [_pick(generator, _VERBS), _noun_phrase(generator)]
        if _coin(generator, 0.3):
            words.append(_pick(generator, _ADVERBS))
        sentences.append(" ".join(words) + " .")
    return sentences


class CharVocabulary:
    """Characters <-> integer ids, built from a text (sorted, so the ids do not depend on the order seen)."""

    def __init__(self, text: str) -> None:
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> Tensor:
        """(len(text),) int64 ids."""
        return torch.tensor([self.index[c] for c in text], dtype=torch.long)

    def decode(self, ids: Tensor) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def long_gap_task(
    n: int, gap: int, generator: torch.Generator, classes: int = 4, noise: int = 4
) -> tuple[Tensor, Tensor]:
    """Remember the first token over ``gap`` steps of noise: the label is the first token.

    Tokens 0 .. classes-1 are the signal; classes .. classes+noise-1 are noise. A sequence is one
    signal token followed by ``gap`` noise tokens; a model reading it left to right must carry
    the first token to the end. Chance accuracy is 1 / classes.

    Returns:
        (x, y): x (n, gap + 1) int64 tokens, y (n,) int64 labels.
    """
    y = torch.randint(classes, (n,), generator=generator)
    filler = torch.randint(classes, classes + noise, (n, gap), generator=generator)
    return torch.cat([y.reshape(-1, 1), filler], dim=1), y


# Reversal task vocabulary: padding, start and end tokens, then the ten digits.
PAD, BOS, EOS = 0, 1, 2
DIGIT0 = 3


def reversal_task(n: int, generator: torch.Generator, min_len: int = 3, max_len: int = 7) -> tuple[Tensor, Tensor]:
    """Digit strings of random length and their reversals, padded with ``PAD``.

    Returns:
        (source, target): source (n, max_len) the digits (token DIGIT0 + d), padded at the
        *start*, so that an encoder reading left to right ends on the last digit; target
        (n, max_len + 1) the digits reversed, then EOS, then padding at the end.
    """
    lengths = torch.randint(min_len, max_len + 1, (n,), generator=generator)
    digits = torch.randint(10, (n, max_len), generator=generator) + DIGIT0
    source = torch.full((n, max_len), PAD, dtype=torch.long)
    target = torch.full((n, max_len + 1), PAD, dtype=torch.long)
    for i, length in enumerate(lengths.tolist()):
        source[i, max_len - length :] = digits[i, :length]
        target[i, :length] = digits[i, :length].flip(0)
        target[i, length] = EOS
    return source, target


def digits_text(tokens: Tensor) -> str:
    """A token row of the reversal task as text: digits, and '.' for EOS; padding and BOS left out."""
    out = []
    for token in tokens.tolist():
        if token == EOS:
            out.append(".")
            break
        if token >= DIGIT0:
            out.append(str(token - DIGIT0))
    return "".join(out)
