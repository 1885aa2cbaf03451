"""Find every exercise spec: ``dl_helpers/grading/<chapter>/<exercise>.py``, each defining ``EXERCISE``.

A chapter is a subpackage of :mod:`dl_helpers.grading`, named like its notebook folder
without the number (``solutions/01_linear_regression`` -> ``dl_helpers.grading.linear_regression``).
Each of its modules whose name does not start with ``_`` is the spec of the exercise of that
name; ``_``-modules hold helpers shared by the chapter's specs. Nothing lists chapters or
exercises by hand: adding a spec file is all it takes to register an exercise.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from dl_helpers.grading.exercise import Exercise

PACKAGE = "dl_helpers.grading"


def chapter_of(assignment: str) -> str:
    """The grading package name of an assignment folder: ``01_linear_regression`` -> ``linear_regression``."""
    number, _, topic = assignment.partition("_")
    if not (number.isdigit() and topic):
        raise ValueError(f"an assignment folder is named NN_topic, got {assignment!r}")
    return topic


def _submodules(package: str, packages: bool) -> list[str]:
    module = importlib.import_module(package)
    return sorted(
        info.name
        for info in pkgutil.iter_modules(module.__path__)
        if info.ispkg == packages and not info.name.startswith("_")
    )


def chapters() -> list[str]:
    """The chapter packages in :mod:`dl_helpers.grading`, sorted by name."""
    return _submodules(PACKAGE, packages=True)


def _load_spec(chapter: str, name: str) -> Exercise:
    module = importlib.import_module(f"{PACKAGE}.{chapter}.{name}")
    spec = getattr(module, "EXERCISE", None)
    if not isinstance(spec, Exercise):
        raise TypeError(f"{module.__name__} defines no EXERCISE = Exercise(...)")
    if spec.name != name:
        raise ValueError(f"{module.__name__} defines the exercise {spec.name!r}; a spec's module is named after it")
    spec.chapter = chapter
    return spec


@cache
def registered() -> dict[str, Exercise]:
    """Every exercise of every chapter, by name (loaded once)."""
    found: dict[str, Exercise] = {}
    for chapter in chapters():
        for name in _submodules(f"{PACKAGE}.{chapter}", packages=False):
            if name in found:
                raise ValueError(f"exercise {name!r} is defined in {found[name].chapter} and in {chapter}")
            found[name] = _load_spec(chapter, name)
    return found


def exercises_of(chapter: str) -> list[Exercise]:
    """The exercises of one chapter package, sorted by name."""
    return [e for e in registered().values() if e.chapter == chapter]
