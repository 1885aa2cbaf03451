"""Every exercise: do correct alternatives pass and plausible wrong answers fail, naming the mistake?

The implementations come from tests/variants/, written independently of the mistake
registry they are checked against.
"""

from __future__ import annotations

import pytest
from variants import all_variants

from dl_helpers.grading import GradingError, exercise

VARIANTS = all_variants()

CORRECT = [v for v in VARIANTS if v.mistake is None]
WRONG = [v for v in VARIANTS if v.mistake is not None]


def _ids(variants):
    return [f"{v.exercise}-{v.label.replace(' ', '_')}" for v in variants]


def test_every_exercise_has_a_correct_alternative_and_three_wrong_answers():
    for name in {v.exercise for v in VARIANTS}:
        assert sum(v.exercise == name for v in CORRECT) >= 1, name
        assert sum(v.exercise == name for v in WRONG) >= 3, name


@pytest.mark.parametrize("variant", CORRECT, ids=_ids(CORRECT))
def test_correct_alternative_passes_every_check(variant):
    ex, fn = exercise(variant.exercise), variant.load()
    for property_ in ex.properties:
        ex.check(fn, property_, seed=11)


@pytest.mark.parametrize("variant", WRONG, ids=_ids(WRONG))
def test_wrong_answer_fails_the_visible_check_naming_its_mistake(variant):
    ex, fn = exercise(variant.exercise), variant.load()
    with pytest.raises(GradingError) as failure:
        ex.check(fn)
    hint = next(m.hint for m in ex.mistakes if m.name == variant.mistake)
    message = str(failure.value)
    assert f"Likely mistake: {hint}" in message
    assert "Inputs:" in message and "expected" in message and "got" in message


@pytest.mark.parametrize("variant", WRONG, ids=_ids(WRONG))
def test_wrong_answer_fails_the_random_checks(variant):
    ex, fn = exercise(variant.exercise), variant.load()
    with pytest.raises(GradingError):
        ex.check(fn, "random", seed=11)


def test_every_registered_mistake_differs_from_the_reference_on_the_fixed_cases():
    from dl_helpers.grading.compare import compare
    from dl_helpers.grading.exercise import _clone

    for name in {v.exercise for v in VARIANTS}:
        ex = exercise(name)
        for mistake in (m for m in ex.mistakes if m.fn is not None):  # the others only a judge can name
            differs = False
            for case in list(ex.fixed_cases()) + list(ex.edge_cases()):
                try:  # each call gets its own copy: a Generator argument must give both the same draws
                    wrong = mistake.fn(*_clone(case.args), **_clone(case.kwargs))
                except Exception:
                    differs = True
                    continue
                if compare(ex.reference(*_clone(case.args), **_clone(case.kwargs)), wrong) is not None:
                    differs = True
            assert differs, f"{name}: mistake {mistake.name} is indistinguishable from the reference"
