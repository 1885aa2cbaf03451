"""Does the README's chapter table say what the notebooks hold: every chapter, its exercises, its points?"""

from __future__ import annotations

import re

import nbformat
import pytest
from notebook_factory import ROOT, points_of

from dl_helpers.course import Course

COURSE = Course(ROOT)
ROW = re.compile(r"^\| `notebooks/(?P<assignment>\d\d_\w+)` \| [^|]+ \| (?P<exercises>[^|]+) \| (?P<points>\d+) \|$")


def _table() -> dict[str, tuple[list[str], int]]:
    rows = {}
    for line in (ROOT / "README.md").read_text().splitlines():
        match = ROW.match(line)
        if match:
            exercises = re.findall(r"`(\w+)`", match["exercises"])
            rows[match["assignment"]] = (exercises, int(match["points"]))
    return rows


def test_every_chapter_has_a_row():
    assert sorted(_table()) == COURSE.assignments()


@pytest.mark.parametrize("assignment", COURSE.assignments())
def test_the_row_lists_the_notebooks_exercises_in_order_and_their_points(assignment):
    nb = nbformat.read(COURSE.source_notebooks(assignment)[0], as_version=4)
    solutions = [
        c.metadata.nbgrader.grade_id
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and not c.metadata.nbgrader.get("grade")
    ]
    exercises, points = _table()[assignment]
    assert exercises == solutions
    assert points == points_of(nb)
