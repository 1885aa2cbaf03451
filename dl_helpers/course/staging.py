"""Copy a class's submissions into the grading folder, and say why any cannot be graded.

Reads ``SUBMISSIONS/<student_id>/<notebook>.ipynb`` or nbgrader's own
``SUBMISSIONS/<student_id>/<assignment>/<notebook>.ipynb``; the originals are only read.
The copies are validated notebooks in which a grade id appears once: nbgrader stops on
duplicates, and a copied test cell must not count twice.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat

from dl_helpers.course.layout import Course, CourseError, read_notebook

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")


def _find_notebooks(student_dir: Path, assignment: str) -> list[Path]:
    nested = student_dir / assignment
    folder = nested if nested.is_dir() else student_dir
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _graded_ids(nb: nbformat.NotebookNode) -> set[str]:
    """Ids of the answer and test cells (not the locked set-up cells every chapter has)."""
    return {
        _nbgrader(c)["grade_id"]
        for c in nb.cells
        if _nbgrader(c).get("grade_id") and (_nbgrader(c).get("grade") or _nbgrader(c).get("solution"))
    }


def _without_duplicate_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The first cell of each grade id keeps it; copies become plain cells (and are read as student code)."""
    seen: set[str] = set()
    for cell in nb.cells:
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
        elif grade_id:
            seen.add(grade_id)
    return nb


def _stage_submission(student_dir: Path, assignment: str, sources: dict[str, set[str]], target: Path) -> str:
    """Copy one student's notebooks into ``target``; return a problem description, or "" when staged."""
    notebooks = _find_notebooks(student_dir, assignment)
    if not notebooks:
        return f"no notebook found in {student_dir}"
    expected = sorted(sources)
    by_name = {p.name: p for p in notebooks}
    if len(expected) == 1 and expected[0] not in by_name and len(notebooks) == 1:
        by_name = {expected[0]: notebooks[0]}  # a renamed copy such as "01_linear_regression (1).ipynb"
    missing = [name for name in expected if name not in by_name]
    if missing:
        return f"missing {', '.join(missing)} in {student_dir}"
    notebooks = {}
    for name in expected:
        try:
            notebooks[name] = read_notebook(by_name[name])
        except CourseError as error:
            return str(error)
        ids = _graded_ids(notebooks[name])
        if ids and not ids & sources[name]:
            return f"{by_name[name]}: none of its cells belong to {assignment} (a notebook of another assignment?)"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, nb in notebooks.items():
        nbformat.write(_without_duplicate_ids(nb), target / name)
    return ""


def stage_class(
    course: Course, assignment: str, submissions: Path, workspace: Path
) -> tuple[list[str], dict[str, str]]:
    """Copy every gradable submission into ``workspace/submitted``.

    Returns:
        the students staged, in order, and ``{student: why not}`` for the others.

    Raises:
        CourseError: no such folder, no student folders, or the workspace inside the submissions.
    """
    submissions = submissions.resolve()
    if not submissions.is_dir():
        raise CourseError(f"{submissions}: no such folder of submissions")
    student_dirs = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not student_dirs:
        raise CourseError(f"{submissions}: no student folders in it (expected SUBMISSIONS/<student_id>/*.ipynb)")
    if workspace == submissions or workspace in submissions.parents or submissions in workspace.parents:
        raise CourseError(f"the grading folder {workspace} must lie outside the submissions folder {submissions}")
    workspace.mkdir(parents=True, exist_ok=True)
    sources = {p.name: _graded_ids(read_notebook(p)) for p in course.source_notebooks(assignment)}
    staged, problems = [], {}
    for student_dir in student_dirs:
        student = student_dir.name
        if not STUDENT_ID.match(student):
            problems[student] = f"student id {student!r} has characters other than letters, digits and _.@+-"
            continue
        problem = _stage_submission(student_dir, assignment, sources, workspace / "submitted" / student / assignment)
        if problem:
            problems[student] = problem
        else:
            staged.append(student)
    return staged, problems
