"""A submission that loops forever or kills its kernel costs that student points, with a reason,
and the rest of the class is still graded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import variants
from dl_helpers.course import Course
from dl_helpers.course.grade import grade
from notebook_factory import ROOT, with_solutions, write

ASSIGNMENT = "01_linear_regression"
RELEASE = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    chapter = variants.for_assignment(ASSIGNMENT)
    good = {name: variants.correct(chapter, name)[0].source for name in variants.exercises(chapter)}
    submissions = tmp_path_factory.mktemp("submissions")
    write(with_solutions(RELEASE, {**good, "mse_loss": "while True:\n    pass\n"}), submissions / "endless" / RELEASE.name)
    write(with_solutions(RELEASE, {**good, "ridge_regression": "import os\nos._exit(1)\n"}), submissions / "crasher" / RELEASE.name)
    write(with_solutions(RELEASE, good), submissions / "steady" / RELEASE.name)
    with ThreadPoolExecutor(max_workers=2) as executor:  # any concurrent.futures.Executor can run the workers
        return grade(Course(ROOT), ASSIGNMENT, submissions, tmp_path_factory.mktemp("grading"), cell_timeout=20, executor=executor)


def _student(report, student_id):
    return next(s for s in report.students if s.student_id == student_id)


def test_an_endless_cell_is_stopped_and_costs_only_its_exercise(report):
    endless = _student(report, "endless")
    lost = {t.grade_id for t in endless.tests if t.score < t.max_score}
    assert lost == {"mse_loss_visible", "mse_loss_hidden"}
    assert endless.score == endless.max_score - 3


def test_a_kernel_crash_gives_zero_with_a_reason(report):
    crasher = _student(report, "crasher")
    assert crasher.score == 0
    assert "kernel died" in crasher.problem


def test_the_rest_of_the_class_is_graded(report):
    steady = _student(report, "steady")
    assert steady.problem == "" and steady.score == steady.max_score
