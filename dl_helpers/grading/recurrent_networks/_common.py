"""Helpers that several chapter 09 exercise specs share: cell inputs, gate blocks, a table "model" to decode."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers.grading.cases import F64, randn


def cell_inputs(gen: torch.Generator, gates: int, n: int, d: int, m: int, bias: bool = True, scale: float = 1.0):
    """(input, hx, w_ih, w_hh, b_ih, b_hh) for a cell with ``gates`` blocks, weights of PyTorch's size ~ 1/sqrt(M)."""
    std = scale / m**0.5
    x, h = randn(gen, n, d), randn(gen, n, m)
    w_ih, w_hh = std * randn(gen, gates * m, d), std * randn(gen, gates * m, m)
    b_ih, b_hh = (std * randn(gen, gates * m), std * randn(gen, gates * m)) if bias else (None, None)
    return x, h, w_ih, w_hh, b_ih, b_hh


def blocks(param: Tensor | None, order: tuple[int, ...]) -> Tensor | None:
    """``param``'s gate blocks (stacked along dim 0) put in another ``order``: how a swapped gate order reads them."""
    if param is None:
        return None
    return torch.cat([param.chunk(len(order), dim=0)[k] for k in order], dim=0)


def negate_block(param: Tensor | None, k: int, gates: int) -> Tensor | None:
    """``param`` with gate block ``k`` negated: sigma(-a) = 1 - sigma(a) turns a gate g into 1 - g."""
    if param is None:
        return None
    parts = list(param.chunk(gates, dim=0))
    parts[k] = -parts[k]
    return torch.cat(parts, dim=0)


class TableStep:
    """A stand-in language model for decoding: next-token log-probabilities looked up by (position, last token).

    ``step(prefix)`` with prefix (B, t) returns ``log_probs[t - 1, prefix[:, -1]]``, (B, V), on
    the prefix's device. Depending on the position as well as on the last token, it punishes
    a decoder that does not feed the whole prefix back.
    """

    def __init__(self, log_probs: Tensor) -> None:
        self.log_probs = log_probs  # (steps, V, V)

    def __call__(self, prefix: Tensor) -> Tensor:
        t = prefix.shape[1] - 1
        if t >= self.log_probs.shape[0]:
            raise ValueError(f"this model knows {self.log_probs.shape[0]} positions; the prefix has {t + 1} tokens")
        return self.log_probs[t].to(prefix.device)[prefix[:, -1]]

    def __repr__(self) -> str:
        steps, vocab, _ = self.log_probs.shape
        return f"<model: {vocab} tokens, {steps} positions>"


def table_step(
    gen: torch.Generator, vocab: int, steps: int, eos: int | None = None, eos_boost: float = 0.0
) -> TableStep:
    """A random :class:`TableStep`; ``eos_boost`` raises the end token's logit so sequences end at varied lengths."""
    logits = 2.0 * randn(gen, steps, vocab, vocab)
    if eos is not None:
        logits[:, :, eos] += eos_boost
    return TableStep(logits.log_softmax(-1).to(F64))
