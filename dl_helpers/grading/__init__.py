"""What the notebooks' test cells call.

    from dl_helpers.grading import exercise
    exercise("mse_loss").check(mse_loss)

See :mod:`dl_helpers.grading.exercise` for the checks and what a failure reports.
"""

from __future__ import annotations

import importlib

from dl_helpers.grading.exercise import Case, Exercise, GradingError, Mistake, registered
from dl_helpers.grading.guard import ShortcutError

# One module per chapter; importing it registers that chapter's exercises.
CHAPTER_MODULES = (
    "dl_helpers.grading.linear_regression",
    "dl_helpers.grading.linear_classification",
    "dl_helpers.grading.optimization",
    "dl_helpers.grading.mlp_backprop",
    "dl_helpers.grading.training_deep_nets",
)


def _load_chapters() -> None:
    for module in CHAPTER_MODULES:
        importlib.import_module(module)


def exercise(name: str) -> Exercise:
    """The registered exercise called ``name`` (the name of the function students write)."""
    _load_chapters()
    exercises = registered()
    if name not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"no exercise named {name!r}; known exercises: {known}")
    return exercises[name]


__all__ = ["Case", "Exercise", "GradingError", "Mistake", "ShortcutError", "exercise"]
