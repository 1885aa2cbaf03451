"""A class with broken, endless, greedy and hostile submissions: each gets exactly the points its
answers deserve, with a reason, and the batch completes."""

from __future__ import annotations

import copy
import html
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
import variants
from notebook_factory import ROOT, graded_cell_count, points_of, with_solutions, write

from dl_helpers.course import Course
from dl_helpers.course.grade import Bounds, grade

ASSIGNMENT = "01_linear_regression"
RELEASE = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
CHAPTER = variants.for_assignment(ASSIGNMENT)
GOOD = variants.first_correct(CHAPTER)
WRONG_MSE = variants.wrong(CHAPTER, "mse_loss")[0].source
RELEASED = nbformat.read(RELEASE, as_version=4)
FULL, MSE_POINTS = points_of(RELEASED), points_of(RELEASED, ("mse_loss",))
BEFORE_RIDGE = points_of(RELEASED, ("mse_loss", "normal_equations"))  # the exercises above ridge_regression


def _answers(**changes: str) -> nbformat.NotebookNode:
    return with_solutions(RELEASE, {**GOOD, **changes})


def _without_cell(nb, grade_id):
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def _edit_cell(nb, grade_id, source):
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
    return nb


def _duplicate_cell(nb, grade_id):
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    twin = copy.deepcopy(cell)
    twin["id"] = "twin-of-" + cell["id"]
    nb.cells.append(twin)
    return nb


# student -> (notebook, expected score, words its feedback must contain)
CLASS = {
    "steady": (_answers(), FULL, []),
    "endless": (_answers(mse_loss="while True:\n    pass\n"), FULL - MSE_POINTS, ["time allowed per cell"]),
    "crasher": (_answers(ridge_regression="import os\nos._exit(1)\n"), BEFORE_RIDGE, ["imports 'os'"]),
    "memory_bomb": (
        _answers(mse_loss="big = torch.ones(3 * 1024**3, dtype=torch.uint8)\n" + GOOD["mse_loss"]),
        FULL - MSE_POINTS,
        ["more memory"],
    ),
    "flood": (
        _answers(mse_loss="for i in range(30000):\n    print('spam ' * 20)\n" + GOOD["mse_loss"]),
        FULL,
        ["more than 100000 bytes"],
    ),
    "patches_checks": (
        _answers(
            mse_loss=WRONG_MSE
            + "\ndef exercise(name):\n    class Passes:\n        def __getattr__(self, _):\n            return lambda *a, **k: None\n    return Passes()\n"
        ),
        0,
        ["rebinds 'exercise'"],
    ),
    "patches_torch": (
        _answers(mse_loss=WRONG_MSE + "\ntorch.allclose = lambda *a, **k: True\n"),
        0,
        ["assigns torch.allclose"],
    ),
    "hides_tracebacks": (
        _answers(mse_loss=WRONG_MSE + "\nget_ipython().showtraceback = lambda *a, **k: None\n"),
        0,
        ["get_ipython"],
    ),
    "calls_builtin": (
        _answers(
            mse_loss="import torch.nn.functional as F\ndef mse_loss(input, target, reduction='mean'):\n    return F.mse_loss(input, target, reduction=reduction)\n"
        ),
        FULL - MSE_POINTS,
        ["mse_loss"],
    ),
    "deletes_test": (_without_cell(_answers(mse_loss=WRONG_MSE), "mse_loss_random"), FULL - MSE_POINTS, []),
    "edits_test": (_edit_cell(_answers(mse_loss=WRONG_MSE), "mse_loss_visible", "pass"), FULL - MSE_POINTS, []),
    "duplicates_ids": (_duplicate_cell(_answers(), "mse_loss_visible"), FULL, []),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("submissions")
    for student, (nb, _, _) in CLASS.items():
        write(nb, submissions / student / RELEASE.name)
    (submissions / "not_json").mkdir()
    (submissions / "not_json" / RELEASE.name).write_text("{ this is not a notebook")
    (submissions / "other_assignment").mkdir()
    write(
        nbformat.read(ROOT / "notebooks" / "04_mlp_backprop" / "04_mlp_backprop.ipynb", as_version=4),
        submissions / "other_assignment" / RELEASE.name,
    )
    originals = {p: p.read_bytes() for p in submissions.rglob("*") if p.is_file()}
    bounds = Bounds(cell_timeout=45, notebook_timeout=600, memory_mib=2048, max_output_bytes=100_000)
    with ThreadPoolExecutor(max_workers=2) as executor:  # any concurrent.futures.Executor can run the workers
        report = grade(
            Course(ROOT), ASSIGNMENT, submissions, tmp_path_factory.mktemp("grading"), bounds=bounds, executor=executor
        )
    return report, originals


def _student(report, student_id):
    return next(s for s in report.students if s.student_id == student_id)


@pytest.mark.parametrize("student_id", CLASS)
def test_each_submission_gets_what_its_answers_deserve_with_a_reason(graded, student_id):
    report, _ = graded
    student = _student(report, student_id)
    _, expected, words = CLASS[student_id]
    assert student.problem == "" and student.max_score == FULL
    assert student.score == expected, [(t.grade_id, t.score, t.message[:120]) for t in student.tests]
    assert len(student.tests) == graded_cell_count(RELEASED)  # no duplicated or invented test cells
    feedback = (report.workspace / "feedback" / student_id / f"{ASSIGNMENT}.html").read_text()
    for word in words:
        assert html.escape(word) in feedback


def test_bad_files_get_zero_with_a_reason_naming_the_file(graded):
    report, _ = graded
    assert "not a valid notebook" in _student(report, "not_json").problem
    other = _student(report, "other_assignment").problem
    assert "another assignment" in other and RELEASE.name in other


def test_submitted_files_are_never_modified(graded):
    _, originals = graded
    assert all(path.read_bytes() == content for path, content in originals.items())


def test_feedback_pages_show_messages_but_no_test_code(graded):
    report, _ = graded
    hidden = [
        c.source
        for c in nbformat.read(ROOT / "solutions" / ASSIGNMENT / RELEASE.name, as_version=4).cells
        if "BEGIN HIDDEN TESTS" in c.source
    ]
    page = (report.workspace / "feedback" / "deletes_test" / f"{ASSIGNMENT}.html").read_text()
    assert "Likely mistake" in page
    for source in hidden:
        for line in source.splitlines():
            if line.strip().startswith("exercise("):
                assert line.strip() not in page


def test_the_instructor_report_names_the_commonest_mistake(graded):
    report, _ = graded
    text = (report.workspace / "report.txt").read_text()
    assert "mse_loss" in text and "flagged" in text
    assert variants.wrong(CHAPTER, "mse_loss")[0].mistake is not None
    row = next(line for line in text.splitlines() if line.startswith("mse_loss"))
    assert "(" in row  # a named mistake with its count
