"""Grading end to end through nbgrader, for every chapter: full marks for the solutions, zero
for the blank release, lost points and a named mistake for each wrong implementation, full marks
for correct alternatives, and a clear zero for submissions that cannot be graded, without
stopping the class or touching the submitted files.
"""

from __future__ import annotations

import csv
import hashlib
import shutil

import pytest
import variants
from notebook_factory import ROOT, with_solutions, write

from dl_helpers.course import Course
from dl_helpers.course.grade import grade
from dl_helpers.grading import exercise

COURSE = Course(ROOT)
WRONG_ROUNDS = 3  # submission wrong_<i> uses the i-th wrong implementation of every exercise


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Graded:
    """One assignment graded once for all tests: the report and the variants used."""

    def __init__(self, assignment, report, chapter_variants):
        self.assignment = assignment
        self.report = report
        self.variants = chapter_variants
        self.exercises = variants.exercises(chapter_variants)

    def student(self, student_id):
        return next(s for s in self.report.students if s.student_id == student_id)


@pytest.fixture(scope="module", params=variants.assignments())
def graded(request, tmp_path_factory):
    assignment = request.param
    chapter_variants = variants.for_assignment(assignment)
    names = variants.exercises(chapter_variants)
    release = COURSE.notebooks / assignment / f"{assignment}.ipynb"
    solution = COURSE.solutions / assignment / f"{assignment}.ipynb"

    submissions = tmp_path_factory.mktemp("submissions")
    (submissions / "solution").mkdir()
    shutil.copy(solution, submissions / "solution" / solution.name)
    nested = submissions / "blank" / assignment  # nbgrader's own layout, untouched release
    nested.mkdir(parents=True)
    shutil.copy(release, nested / release.name)
    for i in range(WRONG_ROUNDS):
        implementations = {name: variants.wrong(chapter_variants, name)[i].source for name in names}
        write(with_solutions(release, implementations), submissions / f"wrong_{i}" / release.name)
    alternatives = variants.first_correct(chapter_variants)
    write(with_solutions(release, alternatives), submissions / "alternative" / f"{assignment} (1).ipynb")
    (submissions / "not_json").mkdir()
    (submissions / "not_json" / release.name).write_text("{ this is not a notebook")
    (submissions / "empty").mkdir()
    before = _tree_digest(submissions)

    report = grade(COURSE, assignment, submissions, tmp_path_factory.mktemp("grading"))
    assert _tree_digest(submissions) == before, "grading modified the submitted files"
    return Graded(assignment, report, chapter_variants)


def _lost(student):
    return [(t.grade_id, t.score, t.message[:300]) for t in student.tests if t.score < t.max_score]


def test_solution_gets_full_marks(graded):
    solution = graded.student("solution")
    assert solution.problem == ""
    assert solution.max_score == sum(len(exercise(name).properties) for name in graded.exercises)
    assert solution.score == solution.max_score, _lost(solution)


def test_blank_release_gets_zero_and_says_not_implemented(graded):
    blank = graded.student("blank")
    assert blank.problem == "" and blank.score == 0
    assert blank.tests and all("not implemented yet" in t.message for t in blank.tests)


@pytest.mark.parametrize("round_", range(WRONG_ROUNDS))
def test_wrong_implementations_lose_the_exercise_points_and_name_the_mistake(graded, round_):
    student = graded.student(f"wrong_{round_}")
    problems = []
    for name in graded.exercises:
        ids = [f"{name}_{p}" for p in ("visible", *exercise(name).hidden_properties)]
        tests = {t.grade_id: t for t in student.tests if t.grade_id in ids}
        if sorted(tests) != sorted(ids):
            problems.append(f"{name}: expected the tests {ids}, found {sorted(tests)}")
            continue
        kept = [(i, tests[i].score) for i in (f"{name}_visible", f"{name}_random") if tests[i].score]
        if kept:  # a wrong formula loses its value points; other properties may survive (edge-only slips)
            problems.append(f"{name}: wrong implementation kept {kept}")
        mistake = variants.wrong(graded.variants, name)[round_].mistake
        hint = next(m.hint for m in exercise(name).mistakes if m.name == mistake)
        visible = tests[f"{name}_visible"]
        if f"Likely mistake: {hint}" not in visible.message:
            problems.append(f"{name}: mistake {mistake} not named; message was {visible.message[:400]!r}")
    assert not problems, "\n".join(problems)


def test_correct_alternatives_keep_full_marks(graded):
    alternative = graded.student("alternative")
    assert alternative.problem == ""
    assert alternative.score == alternative.max_score, _lost(alternative)


def test_ungradable_submissions_get_zero_with_a_reason_and_the_class_is_graded(graded):
    assert "not a valid notebook" in graded.student("not_json").problem
    assert "no notebook found" in graded.student("empty").problem
    for student_id in ("not_json", "empty"):
        assert graded.student(student_id).score == 0


def test_csv_gradebook_has_a_row_per_student_and_per_test(graded):
    workspace = graded.report.workspace
    with open(workspace / "grades.csv") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert set(rows) == {s.student_id for s in graded.report.students}
    assert float(rows["solution"]["score"]) == float(rows["solution"]["max_score"])
    with open(workspace / "grades_by_test.csv") as f:
        by_test = [row for row in csv.DictReader(f) if row["student_id"] == "wrong_0"]
    assert len(by_test) == sum(len(exercise(name).properties) for name in graded.exercises)
    lost = [row for row in by_test if float(row["score"]) < float(row["max_score"])]
    assert lost and all(row["message"] for row in lost)  # a property the wrong answer still gets right has none


def test_feedback_is_written_for_graded_students(graded):
    for student_id in ("solution", "blank", "wrong_0", "alternative"):
        page = (graded.report.workspace / "feedback" / student_id / f"{graded.assignment}.html").read_text()
        student = graded.student(student_id)
        assert f"<b>{student.score:g} / {student.max_score:g}</b>" in page
        assert all(t.grade_id in page for t in student.tests)
