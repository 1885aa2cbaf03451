"""Is notebooks/ exactly what nbgrader generates from solutions/, with nothing a student must not see?"""

from __future__ import annotations

import json

import nbformat
import pytest
from notebook_factory import ROOT

from dl_helpers.course import Course
from dl_helpers.course.release import release

COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignments()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    destination = tmp_path_factory.mktemp("release")
    release(COURSE, destination=destination)
    return destination


def _files(folder):
    return sorted(
        p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
    )


def test_every_assignment_is_released():
    assert ASSIGNMENTS, "no assignments in solutions/"
    assert sorted(p.name for p in COURSE.notebooks.iterdir() if p.is_dir()) == ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_equals_a_fresh_nbgrader_release(regenerated, assignment):
    committed, fresh = COURSE.notebooks / assignment, regenerated / assignment
    assert _files(committed) == _files(fresh)
    for relative in _files(fresh):
        if relative.suffix == ".ipynb":
            ours = json.loads((committed / relative).read_text())
            theirs = json.loads((fresh / relative).read_text())
            assert ours == theirs, (
                f"notebooks/{assignment}/{relative} differs from nbgrader's release: run `dlcourse release`"
            )
        else:
            assert (committed / relative).read_bytes() == (fresh / relative).read_bytes()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_hidden_tests_or_outputs(assignment):
    for path in (COURSE.notebooks / assignment).glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
                assert marker not in cell.source, f"{path.name}: {marker} left in cell {cell.get('id')}"
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{path.name}: output left in {cell.get('id')}"
                )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_keeps_every_exercise_signature_with_a_stub(assignment):
    from dl_helpers.grading import exercise

    for source in COURSE.source_notebooks(assignment):
        released = nbformat.read(COURSE.notebooks / assignment / source.name, as_version=4)
        solution_cells = [  # the exercises' code cells; a manually graded answer cell (grade=True) is no exercise
            c
            for c in released.cells
            if c.cell_type == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("solution")
            and not c.metadata.nbgrader.get("grade")
        ]
        assert solution_cells
        for cell in solution_cells:
            name = cell.metadata.nbgrader.grade_id
            exercise(name)  # every solution cell is a registered exercise
            assert f"def {name}(" in cell.source and "raise NotImplementedError()" in cell.source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_sources_carry_no_outputs(assignment):
    for path in COURSE.source_notebooks(assignment):
        nb = nbformat.read(path, as_version=4)
        assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code"), f"{path.name} has outputs"
