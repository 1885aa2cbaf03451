"""Implementations a student might hand in for each exercise, written independently of the
mistake registry: correct alternatives (loops, other valid formulas) and plausible wrong ones,
each labelled with the mistake the grader should name.

Each implementation is source code, so the same text can be executed here and pasted into a
notebook submission for the end-to-end grading tests. ``<chapter>/<exercise>.py`` holds one
exercise's ``VARIANTS``, the chapter named like its grading package
(:mod:`dl_helpers.grading.registry`); chapters and exercises are found, never listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dl_helpers.course import Course
from dl_helpers.grading.registry import chapter_of

HERE = Path(__file__).parent
COURSE = Course(HERE.parents[1])


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


@dataclass(frozen=True)
class _Draft:
    label: str
    source: str
    mistake: str | None


def variant(label: str, source: str, mistake: str | None = None) -> _Draft:
    """One implementation of the exercise its module is named after; ``mistake`` None means correct."""
    return _Draft(label, source.strip() + "\n", mistake)


def _modules(package: str) -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(importlib.import_module(package).__path__) if m.name[0] != "_")


@cache
def for_assignment(assignment: str) -> list[Variant]:
    """Every variant of the chapter ``assignment`` (a folder of ``solutions/``), exercise by exercise."""
    package = f"variants.{chapter_of(assignment)}"
    found = []
    for name in _modules(package):
        drafts = importlib.import_module(f"{package}.{name}").VARIANTS
        found += [Variant(name, d.label, d.source, d.mistake) for d in drafts]
    return found


def assignments() -> list[str]:
    """The assignments in ``solutions/`` (all of them have variants: a test checks it)."""
    return COURSE.assignments()


def all_variants() -> list[Variant]:
    return [v for assignment in assignments() for v in for_assignment(assignment)]


def exercises(variants: list[Variant]) -> list[str]:
    return sorted({v.exercise for v in variants})


def correct(variants: list[Variant], exercise: str) -> list[Variant]:
    return [v for v in variants if v.exercise == exercise and v.mistake is None]


def first_correct(variants: list[Variant]) -> dict[str, str]:
    """Each exercise's first correct implementation (its source), by exercise name: a correct submission."""
    return {exercise: correct(variants, exercise)[0].source for exercise in exercises(variants)}


def wrong(variants: list[Variant], exercise: str) -> list[Variant]:
    return [v for v in variants if v.exercise == exercise and v.mistake is not None]
