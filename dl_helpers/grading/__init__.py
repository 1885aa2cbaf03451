"""What the notebooks' test cells call, and how an exercise is declared.

    from dl_helpers.grading import exercise
    exercise("mse_loss").check(mse_loss)                      # the visible test
    exercise("mse_loss").check(mse_loss, "random", seed=101)  # one hidden test per property

See :mod:`dl_helpers.grading.exercise` for the properties and what a failure reports.

Adding an exercise
------------------
1. Its spec: ``dl_helpers/grading/<chapter>/<name>.py``, where ``<chapter>`` is the notebook
   folder's name without its number, defining ``EXERCISE = Exercise(name="<name>", ...)``:
   the reference, the fixed, random and edge cases, the known mistakes and the forbidden
   shortcuts. Helpers that several specs of a chapter use go in ``<chapter>/_common.py``;
   helpers of several chapters in this package (:mod:`.cases` for seeded draws,
   :mod:`.forbidden` for shortcut lists). The registry (:mod:`.registry`) finds the spec.
2. Its independent student answers: ``tests/variants/<chapter>/<name>.py``.
3. Its cells in ``solutions/NN_<chapter>/``: the solution cell (grade id ``<name>``), the visible
   test ``<name>_visible`` and one hidden test ``<name>_<property>`` per hidden property, one
   point each, with the seed :func:`~dl_helpers.grading.exercise.hidden_seed` gives.
   ``tests/test_notebook_contract.py`` checks all of this.

Declaring a mistake
-------------------
A :class:`Mistake` is what a student who made it would return, written as **the reference
transformed** wherever that expresses it, so that it reads as the mistake and cannot drift
from the reference::

    Mistake("missing_factor_two", "... both carry the factor 2/N.",
            lambda X, y, w, b: tuple(g / 2 for g in ref.mse_gradients(X, y, w, b)))
    Mistake("flipped_kernel", "...", lambda x, w: ref.conv2d(x, w.flip(-1, -2)))

Where no transformation of the reference's inputs or outputs expresses it, the mistake is a
small named function in the spec's module (``def _remainder_dropped(n, k): ...``) that
computes exactly the wrong answer, nothing else. Never a second implementation of the
reference with switches selecting the mistake. The hint is one or two sentences that name the
mistake and state the fix. List mistakes most specific first.
"""

from __future__ import annotations

from dl_helpers.grading.exercise import Case, Exercise, GradingError, Judged, Mistake
from dl_helpers.grading.guard import ShortcutError
from dl_helpers.grading.registry import registered


def exercise(name: str) -> Exercise:
    """The registered exercise called ``name`` (the name of the function students write)."""
    exercises = registered()
    if name not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"no exercise named {name!r}; known exercises: {known}")
    return exercises[name]


__all__ = [
    "Case",
    "Exercise",
    "GradingError",
    "Judged",
    "Mistake",
    "ShortcutError",
    "exercise",
]
