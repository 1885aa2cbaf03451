"""Do the chapter notebooks keep their one shape, and is a new exercise picked up with no list to edit?

The contract (:mod:`dl_helpers.course.contract`) is read from the notebooks alone; each test
below breaks one rule in a copy and checks that the contract names it.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest
from notebook_factory import ROOT

from dl_helpers.course import Course
from dl_helpers.course.contract import check_course, check_release, check_solution_notebook
from dl_helpers.grading.registry import registered

COURSE = Course(ROOT)
ASSIGNMENT = "01_linear_regression"
SOURCE = nbformat.read(COURSE.solutions / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
RELEASE = nbformat.read(COURSE.notebooks / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def test_every_notebook_keeps_the_contract():
    assert check_course(COURSE) == []


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _problems(nb):
    return check_solution_notebook(nb, "nb", registered())[0]


def _broken(change):
    nb = copy.deepcopy(SOURCE)
    change(nb)
    return _problems(nb)


def test_the_unchanged_source_has_no_problem():
    assert _problems(SOURCE) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda nb: _replace(nb, "mse_loss", 'reduction: str = "mean"', 'reduction: str = "sum"'), "signature"),
        (lambda nb: _replace(nb, "mse_loss", "target: torch.Tensor,", "targets: torch.Tensor,"), "signature"),
        (lambda nb: _replace(nb, "mse_loss", "def mse_loss(", "def mse(", count=1), "does not define"),
        (lambda nb: _replace(nb, "mse_loss", "### BEGIN SOLUTION", ""), "lacks"),
        (lambda nb: _replace(nb, "mse_loss_random", "seed=101", "seed=7"), "the convention is"),
        (lambda nb: _replace(nb, "mse_loss_edge", '"edge"', '"edge", seed=3'), "the convention is"),
        (lambda nb: _replace(nb, "mse_loss_dtypes", "### BEGIN HIDDEN TESTS", ""), "has no"),
        (lambda nb: _replace(nb, "mse_loss_visible", "check(mse_loss)", "check(mse_loss, 'random')"), "must run"),
        (lambda nb: _drop(nb, "mse_loss_gradients"), "the spec wants"),
        (lambda nb: _set_points(nb, "normal_equations_edge", 0), "worth no points"),
        (lambda nb: _rename(nb, "kfold_indices", "kfold_splits"), "no registered exercise"),
        (lambda nb: _move_to_end(nb, "mse_loss_edge"), "the spec wants"),
        (lambda nb: _unsay(nb, "`numpy.array_split` and `torch.tensor_split`"), "refuses 'array_split'"),
        (lambda nb: _unsay(nb, "and scikit-learn's `mean_squared_error`"), "refuses 'mean_squared_error'"),
    ],
    ids=[
        "default changed",
        "parameter renamed",
        "function renamed",
        "solution markers gone",
        "hidden seed off the convention",
        "seed on an unseeded property",
        "hidden markers gone",
        "visible test checks something else",
        "a property's cell missing",
        "a cell worth no points",
        "unregistered exercise",
        "a test cell moved under another exercise",
        "a refusal the text does not name",
        "another refusal the text does not name",
    ],
)
def test_a_broken_source_notebook_is_named(change, words):
    problems = _broken(change)
    assert problems and any(words in p for p in problems), problems


def _replace(nb, grade_id, old, new, count=-1):
    cell = _cell(nb, grade_id)
    assert old in cell.source, (grade_id, old)
    cell.source = cell.source.replace(old, new, count)


def _unsay(nb, words):
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and words in c.source)
    cell.source = cell.source.replace(words, "")


def _drop(nb, grade_id):
    nb.cells.remove(_cell(nb, grade_id))


def _set_points(nb, grade_id, points):
    _cell(nb, grade_id).metadata.nbgrader.points = points


def _rename(nb, grade_id, new):
    _cell(nb, grade_id).metadata.nbgrader.grade_id = new


def _move_to_end(nb, grade_id):
    cell = _cell(nb, grade_id)
    nb.cells.remove(cell)
    nb.cells.append(cell)


def test_the_committed_release_has_no_problem():
    assert check_release(SOURCE, RELEASE, "release") == []


def test_a_release_with_a_solution_or_a_missing_test_is_named():
    leaked = copy.deepcopy(RELEASE)
    _cell(leaked, "mse_loss").source = _cell(SOURCE, "mse_loss").source
    assert any("still holds ### BEGIN SOLUTION" in p for p in check_release(SOURCE, leaked, "release"))
    short = copy.deepcopy(RELEASE)
    _drop(short, "ridge_regression_random")
    assert any("differ from the source" in p for p in check_release(SOURCE, short, "release"))


def _course_copy(tmp_path, assignments=(ASSIGNMENT,)):
    for assignment in assignments:
        for folder in ("solutions", "notebooks"):
            shutil.copytree(ROOT / folder / assignment, tmp_path / folder / assignment)
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    return Course(tmp_path)


def test_an_exercise_in_two_notebooks_or_in_none_is_named(tmp_path):
    course = _course_copy(tmp_path)
    twin = copy.deepcopy(SOURCE)
    nbformat.write(twin, course.solutions / ASSIGNMENT / "second.ipynb")
    shutil.copy(course.notebooks / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", course.notebooks / ASSIGNMENT / "second.ipynb")
    only_chapter_01 = {n: s for n, s in registered().items() if s.chapter == "linear_regression"}
    problems = check_course(course, only_chapter_01)
    assert any("'mse_loss' is also in" in p for p in problems), problems

    lacking = copy.deepcopy(SOURCE)
    start = lacking.cells.index(_cell(lacking, "kfold_indices"))
    del lacking.cells[start:]
    (course.solutions / ASSIGNMENT / "second.ipynb").unlink()
    nbformat.write(lacking, course.solutions / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    problems = check_course(course, only_chapter_01)
    assert any("'kfold_indices' of dl_helpers.grading.linear_regression is in no notebook" in p for p in problems)


# -- a toy exercise, added as a contributor would: its spec, its variants, its cells ---------------------

TOY_SPEC = '''
"""Toy exercise ``double_it``: twice its input."""

import torch

from dl_helpers.grading.cases import F64, randint, randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def double_it(x):
    """2 x, shape kept."""
    return 2 * x


EXERCISE = Exercise(
    name="double_it",
    reference=double_it,
    fixed_cases=lambda: [Case("x = [1, -2]", (torch.tensor([1.0, -2.0], dtype=F64),))],
    random_case=lambda gen: Case("random", (randn(gen, randint(gen, 1, 5)),)),
    edge_cases=lambda: [Case("x = [0, 1e3]", (torch.tensor([0.0, 1e3], dtype=F64),))],
    differentiable=("x",),
    mistakes=(Mistake("squared", "you squared x; double it: 2 * x.", lambda x: x * x),),
)
'''

TOY_VARIANTS = """
from variants import variant as _v

VARIANTS = [
    _v("x + x", "def double_it(x):\\n    return x + x\\n"),
    _v("squared", "def double_it(x):\\n    return x * x\\n", "squared"),
]
"""

TOY_CHECK = """
import sys
from pathlib import Path
import variants
from dl_helpers.course import Course
from dl_helpers.course.contract import check_course
from dl_helpers.course.grade import grade
from dl_helpers.course.release import release
from dl_helpers.grading import exercise
from notebook_factory import with_solutions, write

course = Course(Path.cwd())
ex = exercise("double_it")
release(course)
found = {
    "chapter": ex.chapter,
    "properties": list(ex.properties),
    "problems": check_course(course),
    "variants": [v.label for v in variants.for_assignment("90_toy_chapter")],
}
submissions = Path(sys.argv[1])
notebook = course.notebooks / "90_toy_chapter" / "90_toy_chapter.ipynb"
for student, source in (("right", "def double_it(x):\\n    return x + x\\n"), ("wrong", "def double_it(x):\\n    return x * x\\n")):
    write(with_solutions(notebook, {"double_it": source}), submissions / student / notebook.name)
report = grade(course, "90_toy_chapter", submissions, Path(sys.argv[2]), sandbox="off")
found["scores"] = {s.student_id: [s.score, s.max_score] for s in report.students}
found["wrong_visible"] = next(t.message for s in report.students if s.student_id == "wrong" for t in s.tests if t.grade_id == "double_it_visible")
print("RESULT", __import__("json").dumps(found))
"""


def _toy_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}

    def cell(grade_id, source, **meta):
        new = nbformat.v4.new_code_cell(source, id=grade_id.replace("_", "-"))
        new.metadata["nbgrader"] = {"grade_id": grade_id, "schema_version": 3, "task": False, "locked": True, **meta}
        return new

    test = {"grade": True, "solution": False, "points": 1}
    hidden = "# Hidden test.\n### BEGIN HIDDEN TESTS\n{}\n### END HIDDEN TESTS"
    nb.cells = [
        cell("setup", "from dl_helpers.grading import exercise", grade=False, solution=False),
        cell(
            "double_it",
            "def double_it(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
            grade=False,
            solution=True,
            locked=False,
        ),
        cell("double_it_visible", 'exercise("double_it").check(double_it)', **test),
        cell("double_it_random", hidden.format('exercise("double_it").check(double_it, "random", seed=101)'), **test),
        cell("double_it_edge", hidden.format('exercise("double_it").check(double_it, "edge")'), **test),
        cell("double_it_dtypes", hidden.format('exercise("double_it").check(double_it, "dtypes", seed=102)'), **test),
        cell(
            "double_it_gradients",
            hidden.format('exercise("double_it").check(double_it, "gradients", seed=103)'),
            **test,
        ),
    ]
    return nb


def test_a_new_exercise_needs_its_spec_variants_and_cells_only(tmp_path):
    """A copy of the course gets a toy chapter; registry, contract, release and grading find it unaided."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "dl_helpers", root / "dl_helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "tests" / "variants", root / "tests" / "variants", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "tests" / "notebook_factory.py", root / "tests")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for package in (root / "dl_helpers" / "grading", root / "tests" / "variants"):
        for chapter in [p for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()]:
            shutil.rmtree(chapter)  # the copy teaches only the toy chapter
        (package / "toy_chapter").mkdir()
        (package / "toy_chapter" / "__init__.py").write_text('"""Chapter 90: a toy."""\n')
    (root / "dl_helpers" / "grading" / "toy_chapter" / "double_it.py").write_text(textwrap.dedent(TOY_SPEC))
    (root / "tests" / "variants" / "toy_chapter" / "double_it.py").write_text(textwrap.dedent(TOY_VARIANTS))
    (root / "solutions" / "90_toy_chapter").mkdir(parents=True)
    nbformat.write(_toy_notebook(), root / "solutions" / "90_toy_chapter" / "90_toy_chapter.ipynb")
    (root / "notebooks").mkdir()

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), str(root / "tests")]))
    done = subprocess.run(
        [sys.executable, "-c", TOY_CHECK, str(tmp_path / "submissions"), str(tmp_path / "grading")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((s for s in done.stdout.splitlines() if s.startswith("RESULT ")), None)
    assert line, done.stdout[-2000:] + done.stderr[-3000:]
    found = json.loads(line.removeprefix("RESULT "))
    assert found["chapter"] == "toy_chapter"
    assert found["properties"] == ["fixed", "random", "edge", "dtypes", "gradients"]
    assert found["problems"] == []
    assert found["variants"] == ["x + x", "squared"]
    assert found["scores"] == {"right": [5, 5], "wrong": [0, 5]}
    assert "Likely mistake: you squared x; double it: 2 * x." in found["wrong_visible"]
