"""glove_loss: GloVe's weighted least-squares fit of w_i . w~_j + b_i + b~_j to log X_ij over the pairs that occur."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice, randint, randn, seeded as gen, uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _counts(g: torch.Generator, V: int, high: float = 300.0) -> Tensor:
    """(V, V) counts: a third zeros, the rest spread from 1 to ``high`` on a log scale (x_max = 100 falls inside)."""
    counts = torch.exp(torch.rand(V, V, generator=g, dtype=F64) * torch.log(torch.tensor(high, dtype=F64))).round()
    return torch.where(torch.rand(V, V, generator=g, dtype=F64) < 1 / 3, torch.zeros_like(counts), counts)


def _case(label: str, g: torch.Generator, V: int, D: int, **kwargs) -> Case:
    params = (0.5 * randn(g, V, D), 0.5 * randn(g, V, D), 0.5 * randn(g, V), 0.5 * randn(g, V))
    return Case(label, (*params, _counts(g, V)), kwargs)


def _fixed() -> list[Case]:
    W = torch.zeros(2, 1, dtype=F64)
    doc = torch.tensor([[0.0, 100.0], [1.0, 0.0]], dtype=F64)
    return [
        Case(
            "the docstring example: zero vectors, counts [[0, 100], [1, 0]]",
            (W, W, torch.zeros(2, dtype=F64), torch.zeros(2, dtype=F64), doc),
        ),
        _case("V = 4 words, D = 3, counts up to 300 (the default x_max = 100, alpha = 0.75)", gen(1), 4, 3),
        _case("V = 5, D = 2, x_max = 10, alpha = 0.5", gen(2), 5, 2, x_max=10.0, alpha=0.5),
        _case("V = 3, D = 4, x_max = 50", gen(3), 3, 4, x_max=50.0),
    ]


def _random(g: torch.Generator) -> Case:
    V, D = randint(g, 1, 7), randint(g, 1, 5)
    x_max = choice(g, (100.0, 10.0, 30.0))
    alpha = round(uniform(g, 0.3, 1.0), 2)
    return _case(f"V = {V}, D = {D}, x_max = {x_max:g}, alpha = {alpha}", g, V, D, x_max=x_max, alpha=alpha)


def _edge() -> list[Case]:
    zeros = _case("no co-occurrences at all (X = 0): the loss is 0", gen(10), 3, 2)
    return [
        Case(zeros.label, (*zeros.args[:4], torch.zeros(3, 3, dtype=F64))),
        _case("one word (V = 1), D = 1", gen(11), 1, 1),
        Case(
            "every count far above x_max (every weight 1)",
            (*_case("parameters", gen(12), 4, 2).args[:4], 1e4 + _counts(gen(13), 4)),
        ),
        _case("x_max = 1: every pair that occurs weighs 1", gen(14), 4, 3, x_max=1.0),
    ]


def _weight_not_capped(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    """f(x) = (x / x_max)^alpha without the min(1, .): the reference with its cap moved beyond every count."""
    stretch = 2.0 * max(1.0, float(X.max()) / x_max)  # (x / (x_max * stretch)) < 1 for every x, so nothing is capped
    return ref.glove_loss(W, W_tilde, b, b_tilde, X, x_max * stretch, alpha) * stretch**alpha


def _log1p_counts(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    """log(1 + X) as the target, to avoid log 0."""
    prediction = W @ W_tilde.mT + b.unsqueeze(1) + b_tilde.unsqueeze(0)
    return (ref.glove_weight(X, x_max, alpha) * (prediction - torch.log1p(X)) ** 2).sum()


EXERCISE = Exercise(
    name="glove_loss",
    reference=ref.glove_loss,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("W", "W_tilde", "b", "b_tilde"),
    mistakes=(
        Mistake(
            "weight_not_capped",
            "your weight keeps growing above x_max. GloVe caps it: f(x) = min(1, (x / x_max)**alpha), so frequent "
            "pairs weigh 1 and do not dominate the loss.",
            _weight_not_capped,
        ),
        Mistake(
            "alpha_ignored",
            "your weight is linear in the count, (x / x_max) capped at 1. Raise it to the power alpha: "
            "f(x) = min(1, (x / x_max)**alpha).",
            lambda W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75: ref.glove_loss(
                W, W_tilde, b, b_tilde, X, x_max, 1.0
            ),
        ),
        Mistake(
            "log1p_target",
            "you fit log(1 + X_ij). The target is log X_ij, taken only where X_ij > 0 (the weight f(0) = 0 drops the "
            "other pairs; mask them, e.g. with torch.where, so log 0 never enters).",
            _log1p_counts,
        ),
        Mistake(
            "mean_not_sum",
            "you averaged over the V x V pairs. GloVe's loss is the weighted sum over the pairs, without dividing.",
            lambda W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75: (
                ref.glove_loss(W, W_tilde, b, b_tilde, X, x_max, alpha) / X.numel()
            ),
        ),
        Mistake(
            "biases_left_out",
            "the biases are missing: the prediction is w_i . w~_j + b_i + b~_j, with b (V,) indexed by the row i "
            "and b_tilde (V,) by the column j.",
            lambda W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75: ref.glove_loss(
                W, W_tilde, b * 0, b_tilde * 0, X, x_max, alpha
            ),
        ),
        Mistake(
            "biases_swapped",
            "your biases are transposed: b[i] belongs to the row (word i) and b_tilde[j] to the column (context j), "
            "b.unsqueeze(1) + b_tilde.unsqueeze(0).",
            lambda W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75: ref.glove_loss(
                W, W_tilde, b_tilde, b, X, x_max, alpha
            ),
        ),
        Mistake(
            "word_vectors_for_contexts",
            "you used W for both sides. The context of a pair has its own vectors: w_i . w~_j = (W @ W_tilde.T)[i, j].",
            lambda W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75: ref.glove_loss(
                W, W, b, b_tilde, X, x_max, alpha
            ),
        ),
    ),
)
