"""Chapter 04 exercise ``softmax_cross_entropy_backward``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.forbidden import AUTOGRAD


def _ce_fixed() -> list[Case]:
    logits = torch.tensor([[2.0, 1.0, 0.1, -1.0], [0.5, 0.5, 2.5, 1.0], [-1.0, 3.0, 0.0, 0.2]], dtype=F64)
    gen = torch.Generator().manual_seed(3)
    return [
        Case("3 samples, 4 classes", (logits, torch.tensor([0, 3, 1]))),
        Case("1 sample, 2 classes", (torch.tensor([[1.0, -1.0]], dtype=F64), torch.tensor([1]))),
        Case("5 samples, 3 classes", (2 * _randn(gen, 5, 3), torch.tensor([2, 0, 1, 1, 2]))),
        Case(
            "logits around 1000 (exp(1000) overflows)",
            (torch.tensor([[1000.0, 999.0, 990.0], [-5.0, 1000.0, 0.0]], dtype=F64), torch.tensor([1, 1])),
        ),
    ]


def _ce_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 1, 10), _randint(gen, 2, 8)
    target = torch.randint(0, k, (n,), generator=gen)
    scale = (3.0, 1000.0)[_randint(gen, 0, 1)]  # half the cases have logits that overflow a naive exp
    return Case(f"random N={n}, K={k}, logits of scale {scale:g}", (scale * _randn(gen, n, k), target))


def _ce_edge() -> list[Case]:
    return [
        Case(
            "logits of -1000 (exp underflows to 0)",
            (torch.tensor([[-1000.0, -1001.0, -1010.0]], dtype=F64), torch.tensor([2])),
        ),
        Case("equal logits", (torch.zeros(2, 5, dtype=F64), torch.tensor([4, 0]))),
        Case("a confident correct prediction", (torch.tensor([[40.0, 0.0, 0.0]], dtype=F64), torch.tensor([0]))),
        Case("logits of -1e4 and 0", (torch.tensor([[-1e4, 0.0], [0.0, -1e4]], dtype=F64), torch.tensor([0, 0]))),
    ]


def _one_hot(input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
    return ref.one_hot(target, input.shape[1]).to(input.dtype)  # (N, K), in the logits' dtype


def _naive_softmax(input: Tensor, dim: int = 1) -> Tensor:  # noqa: A002
    e = torch.exp(input)
    return e / e.sum(dim=dim, keepdim=True)


EXERCISE = Exercise(
    name="softmax_cross_entropy_backward",
    reference=ref.softmax_cross_entropy_backward,
    fixed_cases=_ce_fixed,
    random_case=_ce_random,
    edge_cases=_ce_edge,
    mistakes=(
        Mistake(
            "not_divided_by_batch",
            "you forgot to divide by the batch size N: F.cross_entropy averages over the N samples, so the gradient is (softmax(o) - onehot(y)) / N.",
            lambda input, target: input.shape[0] * ref.softmax_cross_entropy_backward(input, target),
        ),
        Mistake(
            "one_hot_missing",
            "you left out the one-hot target: the gradient is (softmax(o) - onehot(y)) / N, so the true class' entry is lowered by 1/N.",
            lambda input, target: ref.softmax(input, 1) / input.shape[0],
        ),
        Mistake(
            "wrong_sign",
            "your gradient has the wrong sign: it is softmax(o) minus the one-hot target (raising the true class' logit lowers the loss).",
            lambda input, target: -ref.softmax_cross_entropy_backward(input, target),
        ),
        Mistake(
            "softmax_over_batch",
            "you took the softmax over dim 0 (the batch); normalise each row over the classes (dim 1).",
            lambda input, target: (ref.softmax(input, 0) - _one_hot(input, target)) / input.shape[0],
        ),
        Mistake(
            "divided_by_all_elements",
            "you divided by N * K, the number of logits; F.cross_entropy's mean runs over the N samples only.",
            lambda input, target: ref.softmax_cross_entropy_backward(input, target) / input.shape[1],
        ),
        Mistake(
            "log_probabilities",
            "you used log-probabilities; the gradient of the cross-entropy uses the probabilities softmax(o) themselves.",
            lambda input, target: (ref.log_softmax(input, 1) - _one_hot(input, target)) / input.shape[0],
        ),
        Mistake(
            "softmax_overflows",
            "your softmax overflows for large logits (exp(1000) = inf, and inf / inf = NaN): subtract each row's maximum before exp.",
            lambda input, target: (_naive_softmax(input) - _one_hot(input, target)) / input.shape[0],
        ),
    ),
    forbidden=(*AUTOGRAD, "torch.nn.functional.cross_entropy", "torch._C._nn.cross_entropy_loss"),
)
