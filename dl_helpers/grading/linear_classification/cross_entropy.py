"""Chapter 02 exercise ``cross_entropy``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, labels as _labels, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _ce_fixed() -> list[Case]:
    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0], [0.0, 0.0, 0.0]], dtype=F64)
    target = torch.tensor([0, 1, 1, 2])
    return [
        Case("4 samples, 3 classes", (logits, target)),
        Case("4 samples, 3 classes, reduction='sum'", (logits, target), {"reduction": "sum"}),
        Case("4 samples, 3 classes, reduction='none'", (logits, target), {"reduction": "none"}),
        Case(
            "logits [1000, 999] and [-1000, -999], reduction='none'",
            (torch.tensor([[1000.0, 999.0], [-1000.0, -999.0]], dtype=F64), torch.tensor([0, 0])),
            {"reduction": "none"},
        ),
        Case(
            "logits [1000, -1000] and [-1000, 1000], the wrong class far ahead, reduction='none'",
            (torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], dtype=F64), torch.tensor([1, 0])),
            {"reduction": "none"},
        ),
    ]


def _ce_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 1, 8), _randint(gen, 2, 6)
    scale = (1.0, 3.0, 1000.0)[_randint(gen, 0, 2)]
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(
        f"random N={n}, K={k}, logits of size about {scale:g}, reduction={reduction!r}",
        (scale * _randn(gen, n, k), _labels(gen, n, k)),
        {"reduction": reduction},
    )


def _ce_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(31)
    return [
        Case("one sample", (torch.tensor([[0.3, -1.2, 2.0]], dtype=F64), torch.tensor([2]))),
        Case("one class (loss 0)", (torch.tensor([[5.0], [-7.0]], dtype=F64), torch.tensor([0, 0]))),
        Case("all logits shifted by +1e4", (_randn(gen, 5, 4) + 1e4, torch.tensor([0, 1, 2, 3, 0]))),
        Case("10 classes, 30 samples", (_randn(gen, 30, 10), _labels(gen, 30, 10))),
    ]


EXERCISE = Exercise(
    name="cross_entropy",
    reference=ref.cross_entropy,
    fixed_cases=_ce_fixed,
    random_case=_ce_random,
    edge_cases=_ce_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "log_of_softmax",
            "you took the log of softmax probabilities: a class far behind the leader gets probability 0 (exp(-2000) underflows) "
            "and log(0) = -inf, so its loss is inf instead of 2000. Use l = logsumexp(o) - o[y], which never forms the probability.",
            lambda input, target, reduction="mean": F.nll_loss(
                torch.log(ref.softmax(input, dim=1)), target, reduction=reduction
            ),
        ),
        Mistake(
            "no_max_subtraction",
            "you exponentiated the raw logits: exp(1000) overflows to inf (and exp(-1000) underflows to 0), so the loss is inf or nan. "
            "Use the stable logsumexp, which subtracts each row's maximum first.",
            lambda input, target, reduction="mean": F.nll_loss(
                input - torch.log(torch.exp(input).sum(dim=1, keepdim=True)), target, reduction=reduction
            ),
        ),
        Mistake(
            "softmax_over_batch",
            "you normalised over the batch (dim 0); each sample's softmax runs over its K classes, dim=1 of the (N, K) logits.",
            lambda input, target, reduction="mean": F.nll_loss(
                ref.log_softmax(input, dim=0), target, reduction=reduction
            ),
        ),
        Mistake(
            "sum_instead_of_mean",
            "you summed the per-sample losses; with reduction='mean' divide by the number of samples N.",
            lambda input, target, reduction="mean": ref.cross_entropy(
                input, target, "sum" if reduction == "mean" else reduction
            ),
        ),
        Mistake(
            "mean_over_all_logits",
            "you averaged over all N * K entries (for example (one_hot * log_probs).mean()); the mean runs over the N samples only.",
            # the mean over N samples divided once more by the K classes
            lambda input, target, reduction="mean": (
                ref.cross_entropy(input, target, reduction) / (input.shape[1] if reduction == "mean" else 1)
            ),
        ),
        Mistake(
            "missing_minus",
            "your loss is negative: the cross-entropy is minus the log-probability of the true class, logsumexp(o) - o[y] >= 0.",
            lambda input, target, reduction="mean": -ref.cross_entropy(input, target, reduction),
        ),
        Mistake(
            "reduction_ignored",
            "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the (N,) per-sample losses.",
            lambda input, target, reduction="mean": ref.cross_entropy(input, target),
        ),
    ),
    forbidden=(
        "torch.nn.functional.cross_entropy",
        "torch._C._nn.cross_entropy_loss",
        "torch.nn.CrossEntropyLoss.forward",
        "torch.nn.functional.nll_loss",
        "torch._C._nn.nll_loss_nd",
        "torch.nn.functional.log_softmax",
        "torch.log_softmax",
        "torch.Tensor.log_softmax",
        "torch.logsumexp",
        "torch.special.logsumexp",
        "torch.Tensor.logsumexp",
        "dl_helpers.reference.activations.log_softmax",
        "dl_helpers.reference.backprop.softmax_cross_entropy_forward",
        "dl_helpers.reference.classification.logsumexp",
    ),
)
