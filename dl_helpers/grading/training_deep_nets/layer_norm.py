"""Chapter 05 exercise ``layer_norm``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.training_deep_nets._common import _NORM_SHORTCUTS, _affine, _variance_over_n_minus_1


def _ln_fixed() -> list[Case]:
    x2 = torch.tensor([[1.0, 2.0, 4.0, -1.0], [0.0, 0.5, 3.0, 2.5]], dtype=F64)  # (2, 4)
    x3 = (2 * _randn(_gen(30), 2, 3, 4)).round(decimals=1)  # (2, 3, 4)
    g = _gen(31)
    return [
        Case(
            "(2, 4) input, normalized_shape=(4,), with weight and bias",
            (x2, (4,), torch.tensor([1.0, 0.5, 2.0, -1.0], dtype=F64), torch.tensor([0.0, 1.0, 0.0, 0.5], dtype=F64)),
        ),
        Case("(2, 3, 4) input, normalized_shape=(4,), no weight or bias", (x3, (4,))),
        Case(
            "(2, 3, 4) input, normalized_shape=(3, 4), with weight and bias",
            (x3, (3, 4), _randn(g, 3, 4), _randn(g, 3, 4)),
        ),
        Case("(3, 5) input, normalized_shape=(5,), eps=0.1", (_randn(g, 3, 5), (5,)), {"eps": 0.1}),
    ]


def _ln_random(gen: torch.Generator) -> Case:
    k = _randint(gen, 1, 2)  # normalise over the last 1 or 2 dimensions
    normalized_shape = tuple(_randint(gen, 2, 5) for _ in range(k))
    leading = tuple(_randint(gen, 1, 4) for _ in range(_randint(gen, 1, 2)))
    shape = leading + normalized_shape
    x = _randn(gen, *shape) * 2 + float(_randn(gen, 1))
    if _randint(gen, 0, 2):
        args = (x, normalized_shape, _randn(gen, *normalized_shape), _randn(gen, *normalized_shape))
    else:
        args = (x, normalized_shape)
    return Case(
        f"random {shape} input, normalized_shape={normalized_shape}, {'with' if len(args) == 4 else 'no'} weight and bias",
        args,
    )


def _ln_edge() -> list[Case]:
    g = _gen(32)
    constant = _randn(g, 3, 4)
    constant[1] = 7.0
    return [
        Case("a single sample (1, 6)", (_randn(g, 1, 6), (6,))),
        Case("a constant row (variance 0)", (constant, (4,), _randn(g, 4), _randn(g, 4))),
        Case(
            "one feature, normalized_shape=(1,)",
            (_randn(g, 3, 1), (1,), torch.ones(1, dtype=F64), torch.full((1,), 0.5, dtype=F64)),
        ),
        Case("values around 1000", (1000 + _randn(g, 4, 5), (5,))),
        Case("(2, 2, 3, 3) input normalised over (2, 3, 3)", (_randn(g, 2, 2, 3, 3), (2, 3, 3))),
    ]


def _trailing_dims(normalized_shape) -> tuple[int, ...]:
    """The dimensions layer norm reduces over: the last len(normalized_shape)."""
    return tuple(range(-(1 if isinstance(normalized_shape, int) else len(normalized_shape)), 0))


def _unbiased_variance(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = _trailing_dims(normalized_shape)
    centred = input - input.mean(dim=dims, keepdim=True)
    return _affine(centred / torch.sqrt(_variance_over_n_minus_1(input, dims) + eps), weight, bias)


def _eps_outside_sqrt(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = _trailing_dims(normalized_shape)
    centred = input - input.mean(dim=dims, keepdim=True)
    return _affine(centred / (input.var(dim=dims, correction=0, keepdim=True).sqrt() + eps), weight, bias)


EXERCISE = Exercise(
    name="layer_norm",
    reference=ref.layer_norm,
    fixed_cases=_ln_fixed,
    random_case=_ln_random,
    edge_cases=_ln_edge,
    differentiable=("input",),
    mistakes=(
        Mistake(
            "unbiased_variance",
            "you normalised with the unbiased variance (dividing by n - 1, the default of torch.var); layer norm "
            "uses the biased variance mean((x - mean)^2): pass unbiased=False (correction=0).",
            _unbiased_variance,
        ),
        Mistake(
            "normalised_over_the_batch",
            "you normalised over the batch dimension (the axes of batch norm); layer norm takes a mean and a "
            "variance per sample, over the last len(normalized_shape) dimensions.",
            lambda input, normalized_shape, weight=None, bias=None, eps=1e-5: _affine(
                ref.layer_norm(input.movedim(0, -1), input.shape[0], eps=eps).movedim(-1, 0), weight, bias
            ),
        ),
        Mistake(
            "last_dimension_only",
            "you normalised over the last dimension only; normalise over all the trailing dimensions that "
            "normalized_shape names, dims = (-len(normalized_shape), ..., -1).",
            lambda input, normalized_shape, weight=None, bias=None, eps=1e-5: _affine(
                ref.layer_norm(input, input.shape[-1], eps=eps), weight, bias
            ),
        ),
        Mistake(
            "eps_outside_sqrt",
            "you added eps to the standard deviation; it goes inside the square root: (x - mean) / sqrt(var + eps).",
            _eps_outside_sqrt,
        ),
        Mistake(
            "weight_and_bias_ignored",
            "you ignored weight and bias: after normalising, multiply by weight and add bias (both shaped "
            "normalized_shape, applied elementwise).",
            lambda input, normalized_shape, weight=None, bias=None, eps=1e-5: ref.layer_norm(
                input, normalized_shape, None, None, eps
            ),
        ),
    ),
    forbidden=_NORM_SHORTCUTS,
)
