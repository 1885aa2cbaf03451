"""Chapter 09 exercise ``sequence_cross_entropy``: the mean cross-entropy per real token of padded, batch-first sequences."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import choice, randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _padded(gen: torch.Generator, n: int, t: int, v: int, pad: int, scale: float = 2.0) -> tuple:
    """Logits (N, T, V) and targets (N, T) of random lengths 1..T, padded at the end with ``pad``."""
    logits = scale * randn(gen, n, t, v)
    low = 1 if pad == 0 else 0  # with pad = 0 the real tokens are 1 .. V-1
    target = torch.randint(low, v, (n, t), generator=gen)
    lengths = torch.randint(1, t + 1, (n,), generator=gen)
    lengths[0] = max(1, t - 1)  # the first sequence is padded when T > 1 ...
    if n > 1:
        lengths[1] = t  # ... and the second is not
    target[torch.arange(t).reshape(1, -1) >= lengths.reshape(-1, 1)] = pad
    return logits, target


def _case(label: str, seed: int, n: int, t: int, v: int, ignore_index: int = -100, **kw) -> Case:
    logits, target = _padded(seeded(seed), n, t, v, ignore_index, **kw)
    return Case(label, (logits, target, ignore_index))


def _fixed() -> list[Case]:
    return [
        _case("N=3 sequences, T=5 steps, V=4 tokens, padding token 0 (ignore_index=0)", 51, 3, 5, 4, ignore_index=0),
        _case("N=2, T=4, V=3, padding -100", 50, 2, 4, 3),
        _case("N=3, T=3, V=5, padding -100", 52, 3, 3, 5),
    ]


def _random(gen: torch.Generator) -> Case:
    n, t, v = randint(gen, 2, 5), randint(gen, 2, 7), randint(gen, 2, 6)
    pad = choice(gen, (-100, 0, -1))
    logits, target = _padded(gen, n, t, v, pad)
    return Case(f"random N={n}, T={t}, V={v}, ignore_index={pad}", (logits, target, pad))


def _edge() -> list[Case]:
    g = seeded(53)
    logits, target = _padded(g, 3, 4, 3, -100)
    return [
        Case("no padding at all", (randn(g, 2, 3, 4), torch.randint(0, 4, (2, 3), generator=g), -100)),
        Case(
            "one sequence of one real token, the rest padding",
            (randn(g, 1, 5, 3), torch.tensor([[2, -100, -100, -100, -100]]), -100),
        ),
        Case("logits of size 1e3 (a plain softmax overflows)", (1e3 * logits, target, -100)),
        _case("V=1: one token, loss 0", 54, 2, 3, 1),
    ]


def _per_sequence_means(input, target, ignore_index=-100):
    """The mean over sequences of each sequence's own mean."""
    return torch.stack(
        [ref.sequence_cross_entropy(input[n : n + 1], target[n : n + 1], ignore_index) for n in range(len(input))]
    ).mean()


def _padding_scored(input, target, ignore_index=-100):
    """With a padding token that is a real id (such as 0), the padding scored as that class."""
    if ignore_index < 0:
        raise ValueError("a negative padding value cannot be scored as a class")
    return ref.sequence_cross_entropy(input, target, ignore_index=-(10**9))


def _log_softmax_over_time(input, target, ignore_index=-100):
    """The right masked mean, of log-probabilities normalised over dim 1 (time) instead of the vocabulary."""
    mask = target != ignore_index  # (N, T)
    picked = input.log_softmax(1).gather(-1, torch.where(mask, target, 0).unsqueeze(-1)).squeeze(-1)  # (N, T)
    return -(picked * mask).sum() / mask.sum()


EXERCISE = Exercise(
    name="sequence_cross_entropy",
    reference=ref.sequence_cross_entropy,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "padding_counted_in_the_mean",
            "you divided by N * T, every position, padding included; divide the sum over real tokens by the number "
            "of real tokens, (target != ignore_index).sum().",
            lambda input, target, ignore_index=-100: (
                ref.sequence_cross_entropy(input, target, ignore_index)
                * (target != ignore_index).sum()
                / target.numel()
            ),
        ),
        Mistake(
            "padding_scored_as_a_token",
            "you scored the padding positions as if their token were real; mask them out: positions where "
            "target == ignore_index add nothing to the sum and do not count in the mean.",
            _padding_scored,
        ),
        Mistake(
            "mean_of_sequence_means",
            "you averaged each sequence's mean loss; the mean is over all real tokens of the batch at once "
            "(sum of their losses / their number), so a long sequence weighs more than a short one.",
            _per_sequence_means,
        ),
        Mistake(
            "summed_not_averaged",
            "you returned the sum over tokens; divide it by the number of real (non-padding) tokens.",
            lambda input, target, ignore_index=-100: (
                ref.sequence_cross_entropy(input, target, ignore_index) * (target != ignore_index).sum()
            ),
        ),
        Mistake(
            "log_softmax_over_time",
            "you normalised over the time axis (dim 1); the softmax runs over the vocabulary, the last axis of "
            "(N, T, V).",
            _log_softmax_over_time,
        ),
    ),
    forbidden=(
        "torch.nn.functional.cross_entropy",
        "torch.nn.functional.nll_loss",
        "torch.nn.CrossEntropyLoss.forward",
        "torch.nn.NLLLoss.forward",
        "torch._C._nn.cross_entropy_loss",
        "torch._C._nn.nll_loss",
        "torch._C._nn.nll_loss_nd",
    ),
)
