"""Implementations a student might hand in for each exercise, written independently of the
mistake registry: correct alternatives (loops, other valid formulas) and plausible wrong ones,
each labelled with the mistake the grader should name.

Each implementation is source code, so the same text can be executed here and pasted into a
notebook submission for the end-to-end grading tests. One module per chapter, named like the
chapter's grading module, holds a ``VARIANTS`` list.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

# assignment -> module in this package
CHAPTERS = {
    "01_linear_regression": "linear_regression",
    "02_linear_classification": "linear_classification",
    "03_optimization": "optimization",
    "04_mlp_backprop": "mlp_backprop",
    "05_training_deep_nets": "training_deep_nets",
}


@dataclass(frozen=True)
class Variant:
    exercise: str
    label: str
    source: str
    mistake: str | None = None  # None: a correct implementation

    def load(self):
        """The function this source defines."""
        namespace: dict = {}
        exec(compile(self.source, f"<{self.exercise}:{self.label}>", "exec"), namespace)
        return namespace[self.exercise]


def variant(exercise: str, label: str, source: str, mistake: str | None = None) -> Variant:
    return Variant(exercise, label, source.strip() + "\n", mistake)


def for_assignment(assignment: str) -> list[Variant]:
    return importlib.import_module(f"variants.{CHAPTERS[assignment]}").VARIANTS


def all_variants() -> list[Variant]:
    return [v for assignment in CHAPTERS for v in for_assignment(assignment)]


def exercises(variants: list[Variant]) -> list[str]:
    return sorted({v.exercise for v in variants})


def correct(variants: list[Variant], exercise: str) -> list[Variant]:
    return [v for v in variants if v.exercise == exercise and v.mistake is None]


def first_correct(variants: list[Variant]) -> dict[str, str]:
    """Each exercise's first correct implementation (its source), by exercise name: a correct submission."""
    return {exercise: correct(variants, exercise)[0].source for exercise in exercises(variants)}


def wrong(variants: list[Variant], exercise: str) -> list[Variant]:
    return [v for v in variants if v.exercise == exercise and v.mistake is not None]
