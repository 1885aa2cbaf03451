"""Decoding an autoregressive model: greedy decoding and beam search.

Both take the model as a ``step`` function: given the tokens so far, a (B, t) int64 tensor
whose first column is the start token, it returns the log-probabilities of the next token,
(B, V) over a vocabulary of V tokens. A sequence's score is the sum of the log-probabilities
of its tokens,

    log p(y_1 .. y_L) = sum_{t=1..L} log p(y_t | y_0 .. y_{t-1}),

and a decoder looks for the sequence with the highest score. Greedy decoding takes the best
token at each step; beam search keeps the ``beam_size`` best prefixes. Dividing the score by
``L ** length_penalty`` (L counting the generated tokens, the end token included, the start
token not) stops beam search from preferring short sequences just because every token
lowers the score.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

Step = Callable[[Tensor], Tensor]


def greedy_decode(step: Step, start: Tensor, max_len: int, eos: int | None = None) -> Tensor:
    """Decode a batch greedily: at each step append the most probable next token.

    Args:
        step: maps the prefixes (N, t) to next-token log-probabilities (N, V).
        start: (N,) int64, the start token of each sequence.
        max_len: how many tokens to generate.
        eos: the end token, or None. Once a sequence has produced ``eos`` every later
            position of it is ``eos`` too (the model's further choices are ignored).

    Returns:
        (N, max_len) int64: the generated tokens, the start token left out.

    Example:
        >>> table = torch.tensor([[0.1, 0.9], [0.8, 0.2]]).log()   # next-token probabilities after 0 / after 1
        >>> greedy_decode(lambda prefix: table[prefix[:, -1]], torch.tensor([0]), 4)
        tensor([[1, 0, 1, 0]])
    """
    if start.dim() != 1:
        raise ValueError(f"start must be (N,) start tokens, got shape {tuple(start.shape)}")
    if max_len < 1:
        raise ValueError(f"max_len must be >= 1, got {max_len}")
    prefix = start.reshape(-1, 1)  # (N, 1)
    finished = torch.zeros_like(start, dtype=torch.bool)  # (N,)
    for _ in range(max_len):
        token = step(prefix).argmax(dim=-1).to(start.device)  # (N,)
        if eos is not None:
            token = torch.where(finished, torch.full_like(token, eos), token)
            finished = finished | (token == eos)
        prefix = torch.cat([prefix, token.reshape(-1, 1)], dim=1)  # (N, t + 1)
    return prefix[:, 1:]


def beam_search(
    step: Step, start: int, eos: int, beam_size: int, max_len: int, length_penalty: float = 0.0
) -> tuple[Tensor, Tensor]:
    """The best sequence that beam search finds for one input.

    At each of at most ``max_len`` steps every live hypothesis is extended by every token,
    and the ``beam_size - (number finished)`` best extensions, by total log-probability, are
    kept. An extension that ends in ``eos`` is finished: it is set aside and no longer
    extended, so the beam narrows as hypotheses finish; the search stops when
    ``beam_size`` hypotheses are finished or after ``max_len`` tokens, when the live ones
    count as finished too. The answer is the finished hypothesis with the highest
    ``score / L ** length_penalty`` (L its number of tokens); ``length_penalty=0`` compares
    raw scores, 1 compares the mean log-probability per token.

    Args:
        step: maps prefixes (B, t) int64 to next-token log-probabilities (B, V).
        start: the start token; eos: the end token.
        beam_size: how many hypotheses to keep, >= 1 (1 is greedy decoding).
        max_len: the most tokens a hypothesis may have, >= 1.
        length_penalty: the exponent of the length that the score is divided by.

    Returns:
        (tokens, score): tokens (L,) int64, the start token left out (``eos`` last if it was
        reached); score, a 0-dim tensor, its total log-probability (not divided by the length).

    Example:
        >>> table = torch.tensor([[0, .55, 0, .45], [0, .3, .4, .3], [0, 0, 1, 0], [0, 0, 1, 0]]).log()  # 2 is eos
        >>> tokens, score = beam_search(lambda p: table[p[:, -1]], 0, 2, beam_size=2, max_len=3)
        >>> tokens, round(score.exp().item(), 2)    # greedy takes 1 then 2: probability 0.55 * 0.4 = 0.22
        (tensor([3, 2]), 0.45)
    """
    if beam_size < 1 or max_len < 1:
        raise ValueError(f"beam_size and max_len must be >= 1, got {beam_size} and {max_len}")
    hypotheses = finished_hypotheses(step, start, eos, beam_size, max_len)
    tokens, score = max(hypotheses, key=lambda h: float(h[1]) / (len(h[0]) - 1) ** length_penalty)
    return tokens[1:], score


def finished_hypotheses(step: Step, start: int, eos: int, beam_size: int, max_len: int) -> list[tuple[Tensor, Tensor]]:
    """Every hypothesis :func:`beam_search` chooses from: (tokens with the start token first, total log-probability)."""
    prefixes = torch.tensor([[start]])  # (B, t), B live hypotheses
    scores = None  # (B,) their total log-probabilities
    finished: list[tuple[Tensor, Tensor]] = []
    for _ in range(max_len):
        log_probs = step(prefixes)  # (B, V)
        total = log_probs if scores is None else scores.reshape(-1, 1) + log_probs  # (B, V)
        vocab = total.shape[1]
        keep = beam_size - len(finished)
        best, flat = total.reshape(-1).topk(min(keep, total.numel()))  # the best extensions over all beams
        rows, tokens = (flat // vocab).cpu(), (flat % vocab).cpu()
        extended = torch.cat([prefixes[rows], tokens.reshape(-1, 1)], dim=1)  # (keep, t + 1)
        done = tokens == eos
        finished += [(extended[j], best[j]) for j in range(len(best)) if done[j]]
        prefixes, scores = extended[~done], best[~done.to(best.device)]
        if len(finished) == beam_size or len(prefixes) == 0:
            break
    return finished + [(prefixes[j], scores[j]) for j in range(len(prefixes))]
