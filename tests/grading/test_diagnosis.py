"""Does each general diagnosis fire on the mistake it is meant for, across every case, and stay silent on correct code?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers.grading import Case, Exercise, GradingError, Mistake, exercise
from dl_helpers.grading.cases import randint, randn

LIKELY = "Likely mistake: "


def column_means(x):
    """The mean of each column of x (N, D) -> (D,)."""
    return x.mean(dim=0)


def log_softmax(x, dim=-1):
    return x - x.logsumexp(dim, keepdim=True)


def ratio(a, b):
    return a / b


def project(x, w):
    return x @ w


def _toy(reference, random_case, mistakes=(), fixed=None, **fields):
    return Exercise(
        name=reference.__name__,
        reference=reference,
        fixed_cases=fixed or (lambda: [random_case(torch.Generator().manual_seed(i)) for i in range(3)]),
        random_case=random_case,
        mistakes=mistakes,
        **fields,
    )


def _matrix(gen):
    return Case("random matrix", (randn(gen, randint(gen, 2, 6), randint(gen, 2, 5)),))


MEANS = _toy(column_means, _matrix)
SOFTMAX = _toy(log_softmax, lambda gen: Case("random", (randn(gen, 3, 4),), {"dim": 1}))
RATIO = _toy(ratio, lambda gen: Case("random", (randn(gen, 4), randn(gen, 4).abs() + 1)))
PROJECT = _toy(project, lambda gen: Case("random", (randn(gen, 3, 4), randn(gen, 4, 2))))


def _message(ex, fn, property_="fixed"):
    with pytest.raises(GradingError) as failure:
        ex.check(fn, property_, seed=1)
    return str(failure.value)


@pytest.mark.parametrize(
    ("ex", "fn", "words"),
    [
        (MEANS, lambda x: x.sum(dim=0), "times x.shape[0]"),
        (MEANS, lambda x: x.mean(dim=0) / 2, "times 1/2"),
        (MEANS, lambda x: -x.mean(dim=0), "times -1"),
        (MEANS, lambda x: x.sum(dim=0) / x.numel(), "times 1/x.shape[1]"),
        (MEANS, lambda x: x.mean(dim=0) + 0.25, "off by the same constant of +0.25"),
        (MEANS, lambda x: x.mean(dim=0, keepdim=True), "the shape is not: expected"),
        (MEANS, lambda x: (x.float().mean(dim=0) + 1e-7).double(), "float32's precision"),
        (SOFTMAX, lambda x, dim=-1: x - x.logsumexp(0, keepdim=True), "taken over dim=0"),
        (RATIO, lambda a, b: b / a, "`a` and `b` swapped"),
        (PROJECT, lambda x, w: (x @ w).T, "transposed"),
    ],
    ids=["batch size", "half", "sign", "columns", "offset", "shape", "float32", "other dim", "swapped", "transposed"],
)
def test_a_diagnosis_names_the_mistake_it_is_meant_for(ex, fn, words):
    message = _message(ex, fn)
    assert LIKELY + "" in message and words in message, message
    assert _message(ex, fn, "random").count(words) == 1  # it fits every random case too


def test_an_overflow_is_named_where_the_reference_is_finite():
    def stable(x):
        return x.logsumexp(dim=-1)

    big = _toy(stable, lambda gen: Case("large", (800 + 50 * randn(gen, 2, 3),)))
    message = _message(big, lambda x: x.exp().sum(dim=-1).log())
    assert "inf or NaN where the reference's is finite" in message


@pytest.mark.parametrize(
    ("ex", "fn"),
    [
        (MEANS, lambda x: x.sum(dim=0) / x.shape[0]),
        (SOFTMAX, lambda x, dim=-1: F.log_softmax(x, dim)),
        (RATIO, lambda a, b: a * b.reciprocal()),
        (PROJECT, lambda x, w: torch.einsum("nd,dk->nk", x, w)),
    ],
)
def test_correct_code_passes_every_property(ex, fn):
    for property_ in ex.properties:
        ex.check(fn, property_, seed=2)


def test_a_pattern_that_fits_one_case_only_is_no_diagnosis():
    def first_case_doubled(x):
        return 2 * x.mean(0) if x.shape == (4, 2) else x.mean(0) + 1

    gen = torch.Generator().manual_seed(5)

    def cases():
        return [Case("4 x 2", (randn(gen, 4, 2),)), Case("3 x 3", (randn(gen, 3, 3),))]

    ex = _toy(column_means, _matrix, fixed=cases)
    message = _message(ex, first_case_doubled)
    assert "times 2" not in message and "off by the same constant" not in message


def test_a_registered_mistake_must_fit_every_failing_case_and_equal_fits_are_both_named():
    one_case = Mistake("one_case", "ONE CASE ONLY", lambda x: x.sum(0) if x.shape[0] == 2 else x.mean(0) * 7)
    summed = Mistake("summed", "SUMMED", lambda x: x.sum(0))
    also_summed = Mistake("also_summed", "ALSO SUMMED", lambda x: x.mean(0) * x.shape[0])

    def cases():
        return [
            Case("2 rows", (randn(torch.Generator().manual_seed(0), 2, 3),)),
            Case("5 rows", (randn(torch.Generator().manual_seed(1), 5, 3),)),
        ]

    ex = _toy(column_means, _matrix, mistakes=(one_case, summed, also_summed), fixed=cases)
    message = _message(ex, lambda x: x.sum(0))
    assert LIKELY + "SUMMED" in message and LIKELY + "ALSO SUMMED" in message
    assert "ONE CASE ONLY" not in message
    assert "times x.shape[0]" not in message  # a registered mistake that fits takes priority


def test_a_refused_call_still_gets_its_values_checked_and_explained():
    def mse_loss(input, target, reduction="mean"):
        return F.mse_loss(input, target, reduction=reduction) / 2

    message = _message(exercise("mse_loss"), mse_loss)
    assert "called torch.nn.functional.mse_loss" in message
    assert LIKELY + "your loss is half the mean squared error" in message

    def honest_shortcut(input, target, reduction="mean"):
        return F.mse_loss(input, target, reduction=reduction)

    message = _message(exercise("mse_loss"), honest_shortcut)
    assert "called torch.nn.functional.mse_loss" in message and "returns the right values" in message


def test_a_message_prints_the_digits_that_show_the_difference():
    def mse_loss(input, target, reduction="mean"):
        errors = (input - target) ** 2
        out = {"mean": errors.mean(), "sum": errors.sum(), "none": errors}[reduction]
        return out * (1 + 3e-7)

    message = _message(exercise("mse_loss"), mse_loss)
    expected, got = message.split("(expected ")[1].split(")")[0].split(", got ")
    assert expected != got, message
