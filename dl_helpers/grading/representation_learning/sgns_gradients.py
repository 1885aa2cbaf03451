"""sgns_gradients: the gradients of the SGNS loss with respect to the centre, context and noise vectors, by hand."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.exercise import Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD
from dl_helpers.grading.representation_learning import _sgns_cases


def _errors(center, context, negatives):
    """sigmoid(u_o . v_c) (N, 1) and sigmoid(u_k . v_c) (N, K, 1), and N."""
    positive = (center * context).sum(-1, keepdim=True)
    negative = negatives @ center.unsqueeze(-1)
    return torch.sigmoid(positive), torch.sigmoid(negative), center.shape[0]


def _positive_error_flipped(center, context, negatives):
    """(1 - s) where the derivative has (s - 1)."""
    s_pos, s_neg, n = _errors(center, context, negatives)
    return (
        ((1 - s_pos) * context + (s_neg * negatives).sum(1)) / n,
        (1 - s_pos) * center / n,
        s_neg * center.unsqueeze(1) / n,
    )


def _negatives_with_minus_sigmoid(center, context, negatives):
    """sigmoid(-u_k . v_c) where the derivative has sigmoid(u_k . v_c)."""
    s_pos, s_neg, n = _errors(center, context, negatives)
    return (
        ((s_pos - 1) * context + ((1 - s_neg) * negatives).sum(1)) / n,
        (s_pos - 1) * center / n,
        (1 - s_neg) * center.unsqueeze(1) / n,
    )


def _context_gradient_times_context(center, context, negatives):
    """d loss / d u_o written with u_o where v_c belongs."""
    grad_center, grad_context, grad_negatives = ref.sgns_gradients(center, context, negatives)
    s_pos, _, n = _errors(center, context, negatives)
    return grad_center, (s_pos - 1) * context / n, grad_negatives


EXERCISE = Exercise(
    name="sgns_gradients",
    reference=ref.sgns_gradients,
    fixed_cases=_sgns_cases.fixed,
    random_case=_sgns_cases.random,
    edge_cases=_sgns_cases.edge,
    mistakes=(
        Mistake(
            "missing_batch_mean",
            "your gradients are N times too large: the loss is a mean over the N pairs, so every gradient carries a "
            "factor 1/N.",
            lambda center, context, negatives: tuple(
                g * center.shape[0] for g in ref.sgns_gradients(center, context, negatives)
            ),
        ),
        Mistake(
            "gradient_ascent_sign",
            "every gradient has the wrong sign (you differentiated the log-likelihood, not the loss). The derivative "
            "of -log sigmoid(x) is sigmoid(x) - 1, and of -log sigmoid(-x) it is sigmoid(x).",
            lambda center, context, negatives: tuple(-g for g in ref.sgns_gradients(center, context, negatives)),
        ),
        Mistake(
            "positive_error_flipped",
            "the real pair's factor has the wrong sign: d/dx of -log sigmoid(x) is sigmoid(x) - 1 (negative), "
            "not 1 - sigmoid(x).",
            _positive_error_flipped,
        ),
        Mistake(
            "negatives_with_minus_sigmoid",
            "for the noise words you used sigmoid(-u_k . v_c). The derivative of -log sigmoid(-x) with respect to x "
            "is sigmoid(x) = sigmoid(u_k . v_c).",
            _negatives_with_minus_sigmoid,
        ),
        Mistake(
            "negatives_missing_from_center",
            "grad_center misses the noise words: v_c appears in every u_k . v_c too, so add sum_k sigmoid(u_k . v_c) u_k.",
            lambda center, context, negatives: (
                ref.sgns_gradients(center, context, negatives[:, :0])[0],
                *ref.sgns_gradients(center, context, negatives)[1:],
            ),
        ),
        Mistake(
            "context_gradient_uses_context",
            "d loss / d u_o is (sigmoid(u_o . v_c) - 1) times v_c, the centre vector: the derivative of a dot product "
            "with respect to one vector is the other vector.",
            _context_gradient_times_context,
        ),
    ),
    forbidden=(*AUTOGRAD, "dl_helpers.reference.embeddings.sgns_loss"),
)
