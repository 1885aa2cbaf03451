"""sgns_loss: word2vec's skip-gram loss with negative sampling, in its log-sigmoid form, averaged over the pairs."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.exercise import Exercise, Mistake
from dl_helpers.grading.representation_learning import _sgns_cases


def _scores(center: Tensor, context: Tensor, negatives: Tensor) -> tuple[Tensor, Tensor]:
    return (center * context).sum(-1), (negatives @ center.unsqueeze(-1)).squeeze(-1)  # (N,), (N, K)


def _sigmoid_not_log_sigmoid(center, context, negatives):
    positive, negative = _scores(center, context, negatives)
    return (-torch.sigmoid(positive) - torch.sigmoid(-negative).sum(-1)).mean()


def _log_of_sigmoid(center, context, negatives):
    """The textbook form log(sigmoid(x)): -inf once sigmoid(x) underflows to 0."""
    positive, negative = _scores(center, context, negatives)
    return (-torch.log(torch.sigmoid(positive)) - torch.log(torch.sigmoid(-negative)).sum(-1)).mean()


def _mean_over_negatives(center, context, negatives):
    positive, negative = _scores(center, context, negatives)
    return (-torch.nn.functional.logsigmoid(positive) - torch.nn.functional.logsigmoid(-negative).mean(-1)).mean()


EXERCISE = Exercise(
    name="sgns_loss",
    reference=ref.sgns_loss,
    fixed_cases=_sgns_cases.fixed,
    random_case=_sgns_cases.random,
    edge_cases=_sgns_cases.edge,
    differentiable=("center", "context", "negatives"),
    mistakes=(
        Mistake(
            "negative_term_sign",
            "the noise words enter with the wrong sign: their term is log sigmoid(-u_k . v_c), with a minus inside, "
            "so the loss falls as the noise words' scores fall.",
            lambda center, context, negatives: ref.sgns_loss(center, context, -negatives),
        ),
        Mistake(
            "no_negative_term",
            "the noise words are missing from your loss. Add -sum_k log sigmoid(-u_k . v_c) for the K negatives "
            "of each pair.",
            lambda center, context, negatives: ref.sgns_loss(center, context, negatives[:, :0]),
        ),
        Mistake(
            "sigmoid_not_log_sigmoid",
            "you summed sigmoids instead of their logarithms. The loss is -log sigmoid(u_o . v_c) - "
            "sum_k log sigmoid(-u_k . v_c); use torch.nn.functional.logsigmoid (stable) for log sigmoid.",
            _sigmoid_not_log_sigmoid,
        ),
        Mistake(
            "log_likelihood_not_loss",
            "you returned the log-likelihood, which training maximises. The loss is its negative: put a minus in "
            "front of both log-sigmoid terms.",
            lambda center, context, negatives: -ref.sgns_loss(center, context, negatives),
        ),
        Mistake(
            "sum_over_pairs",
            "you summed over the N pairs. Average over them (.mean() over the batch), and sum over the K negatives "
            "of each pair.",
            lambda center, context, negatives: ref.sgns_loss(center, context, negatives) * center.shape[0],
        ),
        Mistake(
            "mean_over_negatives",
            "you averaged over the K negatives. Each noise word is one binary classification of its own: sum their "
            "terms, and average only over the N pairs.",
            _mean_over_negatives,
        ),
        Mistake(
            "unstable_log_sigmoid",
            "log(sigmoid(x)) becomes log(0) = -inf once sigmoid(x) rounds to 0 (from x = -710 in float64, -88.75 "
            "in float32). Use the stable form torch.nn.functional.logsigmoid(x) = min(x, 0) - log1p(exp(-|x|)).",
            _log_of_sigmoid,
        ),
    ),
    forbidden=(
        "torch.nn.functional.binary_cross_entropy_with_logits",
        "torch.binary_cross_entropy_with_logits",
        "torch.nn.BCEWithLogitsLoss.forward",
        "torch.nn.functional.binary_cross_entropy",
    ),
)
