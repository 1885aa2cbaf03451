"""Grading end to end through nbgrader: full marks for the solutions, zero for the blank release,
lost points and a named mistake for each wrong implementation, full marks for correct alternatives,
and a clear zero for submissions that cannot be graded, without stopping the class.
"""

from __future__ import annotations

import csv
import hashlib
import shutil

import nbformat
import pytest

from dl_helpers.course import Course
from dl_helpers.course.grade import grade
from dl_helpers.grading import exercise
from notebook_factory import ROOT, with_solutions, write
from student_variants import EXERCISES, correct, wrong

ASSIGNMENT = "01_linear_regression"
COURSE = Course(ROOT)
RELEASE = COURSE.notebooks / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOLUTION = COURSE.solutions / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
WRONG_ROUNDS = 3  # submission wrong_<i> uses the i-th wrong implementation of every exercise


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("submissions")
    shutil.copy(SOLUTION, (submissions / "solution").mkdir() or submissions / "solution" / SOLUTION.name)
    nested = submissions / "blank" / ASSIGNMENT
    nested.mkdir(parents=True)
    shutil.copy(RELEASE, nested / RELEASE.name)  # nbgrader's own layout, untouched release
    for i in range(WRONG_ROUNDS):
        implementations = {name: wrong(name)[i].source for name in EXERCISES}
        write(with_solutions(RELEASE, implementations), submissions / f"wrong_{i}" / RELEASE.name)
    alternatives = {name: correct(name)[0].source for name in EXERCISES}
    write(with_solutions(RELEASE, alternatives), submissions / "alternative" / f"{ASSIGNMENT} (1).ipynb")
    (submissions / "not_json").mkdir()
    (submissions / "not_json" / RELEASE.name).write_text("{ this is not a notebook")
    (submissions / "empty").mkdir()
    before = _tree_digest(submissions)

    workspace = tmp_path_factory.mktemp("grading")
    report = grade(COURSE, ASSIGNMENT, submissions, workspace)
    assert _tree_digest(submissions) == before, "grading modified the submitted files"
    return report


def _student(report, student_id):
    return next(s for s in report.students if s.student_id == student_id)


def _exercise_tests(student, name):
    return [t for t in student.tests if t.grade_id in (f"{name}_visible", f"{name}_hidden")]


def test_solution_gets_full_marks(graded):
    solution = _student(graded, "solution")
    assert solution.problem == ""
    assert solution.max_score >= 15
    assert solution.score == solution.max_score, [(t.grade_id, t.message) for t in solution.tests if t.score < t.max_score]


def test_blank_release_gets_zero_and_says_not_implemented(graded):
    blank = _student(graded, "blank")
    assert blank.problem == "" and blank.score == 0
    assert all("not implemented yet" in t.message for t in blank.tests)


@pytest.mark.parametrize("round_", range(WRONG_ROUNDS))
@pytest.mark.parametrize("name", EXERCISES)
def test_wrong_implementation_loses_the_exercise_points_and_names_the_mistake(graded, name, round_):
    student = _student(graded, f"wrong_{round_}")
    tests = _exercise_tests(student, name)
    assert len(tests) == 2
    assert sum(t.score for t in tests) == 0, [(t.grade_id, t.score) for t in tests]
    mistake = wrong(name)[round_].mistake
    hint = next(m.hint for m in exercise(name).mistakes if m.name == mistake)
    visible = next(t for t in tests if t.grade_id.endswith("_visible"))
    assert f"Likely mistake: {hint}" in visible.message


def test_correct_alternatives_keep_full_marks(graded):
    alternative = _student(graded, "alternative")
    assert alternative.score == alternative.max_score, [(t.grade_id, t.message) for t in alternative.tests if t.score < t.max_score]


def test_ungradable_submissions_get_zero_with_a_reason_and_the_class_is_graded(graded):
    assert "not a valid notebook" in _student(graded, "not_json").problem
    assert "no notebook found" in _student(graded, "empty").problem
    for student_id in ("not_json", "empty"):
        assert _student(graded, student_id).score == 0


def test_csv_gradebook_has_a_row_per_student_and_per_test(graded):
    with open(graded.workspace / "grades.csv") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert set(rows) == {s.student_id for s in graded.students}
    assert float(rows["solution"]["score"]) == float(rows["solution"]["max_score"])
    with open(graded.workspace / "grades_by_test.csv") as f:
        by_test = [row for row in csv.DictReader(f) if row["student_id"] == "wrong_0"]
    assert len(by_test) == 2 * len(EXERCISES)
    assert all(row["message"] for row in by_test)


def test_feedback_is_written_for_graded_students(graded):
    for student_id in ("solution", "blank", "wrong_0", "alternative"):
        pages = list((graded.workspace / "feedback" / student_id / ASSIGNMENT).glob("*.html"))
        assert pages, student_id
