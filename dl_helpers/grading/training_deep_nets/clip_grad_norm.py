"""Chapter 05 exercise ``clip_grad_norm``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice as _choice, randint as _randint, randn as _randn, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _clip_fixed() -> list[Case]:
    g = _gen(70)
    return [
        Case(
            "two gradients with norms 3 and 4 (global norm 5), max_norm=1",
            ([torch.tensor([3.0, 0.0], dtype=F64), torch.tensor([[0.0], [4.0]], dtype=F64)], 1.0),
        ),
        Case(
            "two gradients with global norm 0.5, max_norm=1 (no clipping)",
            ([torch.tensor([0.3], dtype=F64), torch.tensor([0.0, -0.4], dtype=F64)], 1.0),
        ),
        Case(
            "gradients of shapes (2, 3), (3,), (1,), max_norm=2",
            ([2 * _randn(g, 2, 3), 2 * _randn(g, 3), 2 * _randn(g, 1)], 2.0),
        ),
        Case(
            "two gradients, max_norm=0.5, norm_type=inf (the largest magnitude)",
            ([torch.tensor([1.0, -3.0], dtype=F64), torch.tensor([2.0], dtype=F64)], 0.5),
            {"norm_type": math.inf},
        ),
        Case(
            "two gradients, max_norm=2, norm_type=1",
            ([torch.tensor([1.0, -3.0], dtype=F64), torch.tensor([[2.0, 0.5]], dtype=F64)], 2.0),
            {"norm_type": 1.0},
        ),
    ]


def _clip_random(gen: torch.Generator) -> Case:
    k = _randint(gen, 1, 4)
    scale = 10 ** (2 * float(torch.rand(1, generator=gen, dtype=F64)) - 1)  # 0.1 .. 10
    grads = [scale * _randn(gen, *(_randint(gen, 1, 4) for _ in range(_randint(gen, 1, 2)))) for _ in range(k)]
    max_norm = _choice(gen, (0.5, 1.0, 2.0, 5.0))
    norm_type = _choice(gen, (2.0, 2.0, 2.0, 1.0, math.inf))
    shapes = ", ".join(str(tuple(g.shape)) for g in grads)
    return Case(
        f"random gradients of shapes {shapes}, max_norm={max_norm}, norm_type={norm_type}",
        (grads, max_norm),
        {"norm_type": norm_type},
    )


def _clip_edge() -> list[Case]:
    g = _gen(71)
    return [
        Case("all-zero gradients", ([torch.zeros(3, dtype=F64), torch.zeros(2, 2, dtype=F64)], 1.0)),
        Case("a single gradient", ([_randn(g, 5) * 4], 1.0)),
        Case("gradients of size 1e100", ([1e100 * _randn(g, 3), 1e100 * _randn(g, 2)], 1.0)),
        Case("a 0-dim gradient and a vector", ([torch.tensor(5.0, dtype=F64), _randn(g, 3)], 2.0)),
        Case("a huge max_norm (nothing clipped)", ([_randn(g, 4), _randn(g, 2, 2)], 1e6)),
    ]


def _clipped_by(grads, max_norm: float, total_norm: Tensor) -> tuple[list[Tensor], Tensor]:
    """The reference's rescaling, min(1, max_norm / (total_norm + 1e-6)), with another total norm."""
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm


def _missing_epsilon(grads, max_norm, norm_type=2.0):
    _, total_norm = ref.clip_grad_norm(grads, max_norm, norm_type)
    coef = torch.clamp(max_norm / total_norm, max=1.0)
    return [g * coef for g in grads], total_norm


def _each_gradient_clipped_separately(grads, max_norm, norm_type=2.0):
    _, total_norm = ref.clip_grad_norm(grads, max_norm, norm_type)
    return [ref.clip_grad_norm([g], max_norm, norm_type)[0][0] for g in grads], total_norm


def _always_rescaled(grads, max_norm, norm_type=2.0):
    _, total_norm = ref.clip_grad_norm(grads, max_norm, norm_type)
    return [g * (max_norm / (total_norm + 1e-6)) for g in grads], total_norm


def _sum_of_norms(grads, max_norm, norm_type=2.0):
    return _clipped_by(grads, max_norm, sum(ref.clip_grad_norm([g], max_norm, norm_type)[1] for g in grads))


def _norm_after_clipping(grads, max_norm, norm_type=2.0):
    clipped, _ = ref.clip_grad_norm(grads, max_norm, norm_type)
    return clipped, ref.clip_grad_norm(clipped, max_norm, norm_type)[1]


def _norm_not_rooted(grads, max_norm, norm_type=2.0):
    _, total_norm = ref.clip_grad_norm(grads, max_norm, norm_type)
    return _clipped_by(grads, max_norm, total_norm if math.isinf(norm_type) else total_norm**norm_type)


EXERCISE = Exercise(
    name="clip_grad_norm",
    reference=ref.clip_grad_norm,
    fixed_cases=_clip_fixed,
    random_case=_clip_random,
    edge_cases=_clip_edge,
    mistakes=(
        Mistake(
            "missing_epsilon",
            "your factor is max_norm / total_norm; PyTorch divides by total_norm + 1e-6 (which also keeps "
            "all-zero gradients from dividing by zero).",
            _missing_epsilon,
        ),
        Mistake(
            "each_gradient_clipped_separately",
            "you clipped each gradient by its own norm; clip_grad_norm_ computes ONE norm over all gradients "
            "together (as if concatenated) and scales every gradient by the same factor, which keeps the "
            "direction of the whole update.",
            _each_gradient_clipped_separately,
        ),
        Mistake(
            "always_rescaled",
            "you rescaled gradients whose norm was already below max_norm (scaling them up); the factor is "
            "min(1, max_norm / (total_norm + 1e-6)), so small gradients stay as they are.",
            _always_rescaled,
        ),
        Mistake(
            "sum_of_norms",
            "your total norm is the sum of the per-gradient norms; the global norm is the norm of the vector of "
            "norms, (sum_i ||g_i||^p)^(1/p): for p = 2, sqrt(sum_i ||g_i||^2).",
            _sum_of_norms,
        ),
        Mistake(
            "norm_after_clipping",
            "you returned the norm after clipping; like torch.nn.utils.clip_grad_norm_, return the total norm "
            "of the gradients as they came in.",
            _norm_after_clipping,
        ),
        Mistake(
            "norm_not_rooted",
            "your total norm is the sum of |g|^p without the p-th root (for p = 2, the squared norm); take "
            "(sum |g|^p)^(1/p).",
            _norm_not_rooted,
        ),
        Mistake(
            "norm_type_ignored",
            "you always used the 2-norm; use norm_type: p = 1 sums magnitudes, p = inf takes the largest "
            "magnitude (torch.linalg.vector_norm(g, norm_type) handles every p).",
            lambda grads, max_norm, norm_type=2.0: ref.clip_grad_norm(grads, max_norm, 2.0),
        ),
    ),
    forbidden=(
        "torch.nn.utils.clip_grad_norm_",
        "torch.nn.utils.clip_grad_norm",
        "torch.nn.utils.clip_grads_with_norm_",
        "torch.nn.utils.get_total_norm",
        "dl_helpers.reference.regularization._total_norm",
    ),
)
