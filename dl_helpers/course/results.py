"""A graded class as data, read from the gradebook and the reviews, and the files made from it.

- ``grades.csv``: one row per student: score, max score, and why a submission could not be
  graded (missing, empty, not a notebook, another assignment's notebook);
- ``grades_by_test.csv``: one row per student and test cell, with its failure message;
- ``feedback/<student>/<assignment>.html``: :mod:`dl_helpers.course.feedback`;
- ``report.txt`` / ``report.csv``: :mod:`dl_helpers.course.report`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from dl_helpers.course.layout import Course, read_notebook
from dl_helpers.course.nbgrader_run import last_error_line
from dl_helpers.course.review import read_review


@dataclass
class TestResult:
    """One graded test cell of one student."""

    grade_id: str
    exercise: str
    score: float
    max_score: float
    message: str = ""


@dataclass
class StudentResult:
    """A student's grade for one assignment, or why there is none."""

    student_id: str
    max_score: float
    score: float = 0.0
    problem: str = ""
    tests: list[TestResult] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # code that could tamper with the checks
    bounds: list[str] = field(default_factory=list)  # cells a time, memory or output bound stopped


@dataclass
class GradingReport:
    assignment: str
    workspace: Path
    students: list[StudentResult]
    skipped: list[str] = field(default_factory=list)  # graded by an earlier run from the same files

    @property
    def max_score(self) -> float:
        return max((s.max_score for s in self.students), default=0.0)


def test_cells(course: Course, assignment: str) -> dict[str, str]:
    """grade_id -> the exercise it tests (the solution cell above it), in notebook order."""
    tests: dict[str, str] = {}
    for path in course.source_notebooks(assignment):
        exercise = ""
        for cell in read_notebook(path).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution"):
                exercise = meta["grade_id"]
            elif meta.get("grade") and meta.get("points"):
                tests[meta["grade_id"]] = exercise or meta["grade_id"]
    return tests


def why_not_graded(error: str) -> str:
    """A one-line reason, for the gradebook, from the log of a failed grading."""
    if error.startswith("grading this submission"):
        return error + ": zero"
    if "DeadKernelError" in error or "Kernel died" in error:
        return "the notebook's kernel died while running it (a crash, os._exit() or running out of memory): zero"
    return "nbgrader could not grade this submission: " + last_error_line(error)[:300]


def collect_results(
    course: Course,
    assignment: str,
    workspace: Path,
    staged: list[str],
    outcomes: dict[str, dict],
    problems: dict[str, str],
) -> GradingReport:
    from nbgrader.api import Gradebook, MissingEntry

    tests = test_cells(course, assignment)
    order = {grade_id: i for i, grade_id in enumerate(tests)}
    results = {student: StudentResult(student, 0.0, problem=problem) for student, problem in problems.items()}
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        for student in staged:
            outcome = outcomes[student]
            if not outcome["success"]:
                results[student] = StudentResult(student, max_score, problem=why_not_graded(outcome["error"]))
                continue
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                results[student] = StudentResult(
                    student, max_score, problem="nbgrader recorded no grade for this submission"
                )
                continue
            review = read_review(workspace / "autograded" / student / assignment)
            result = StudentResult(
                student, max_score, score=submission.score, findings=review["findings"], bounds=review.get("bounds", [])
            )
            for notebook in submission.notebooks:
                for grade in sorted(notebook.grades, key=lambda g: order.get(g.name, len(order))):
                    if grade.max_score:
                        message = review["tests"].get(grade.name, "")
                        result.tests.append(
                            TestResult(
                                grade.name, tests.get(grade.name, grade.name), grade.score, grade.max_score, message
                            )
                        )
            results[student] = result
    for result in results.values():
        result.max_score = max_score
    return GradingReport(assignment, workspace, [results[s] for s in sorted(results)])


def write_csvs(report: GradingReport) -> None:
    """Write ``grades.csv`` (a row per student) and ``grades_by_test.csv`` (a row per test cell)."""
    with open(report.workspace / "grades.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["assignment", "student_id", "score", "max_score", "problem"])
        for s in report.students:
            writer.writerow([report.assignment, s.student_id, f"{s.score:g}", f"{s.max_score:g}", s.problem])
    with open(report.workspace / "grades_by_test.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["assignment", "student_id", "test", "score", "max_score", "message"])
        for s in report.students:
            for t in s.tests:
                writer.writerow(
                    [report.assignment, s.student_id, t.grade_id, f"{t.score:g}", f"{t.max_score:g}", t.message]
                )


def write_results(report: GradingReport) -> None:
    from dl_helpers.course.feedback import write_feedback
    from dl_helpers.course.report import write_report

    write_csvs(report)
    write_feedback(report)
    write_report(report)


def summary_table(report: GradingReport) -> str:
    """A plain-text table of each student's score."""
    width = max([len("student"), *(len(s.student_id) for s in report.students)])
    lines = [f"{'student':<{width}}  {'score':>11}  note", f"{'-' * width}  {'-' * 11}  ----"]
    for s in report.students:
        note = s.problem or ("tampering: " + s.findings[0] if s.findings else "")
        lines.append(f"{s.student_id:<{width}}  {s.score:5g} / {s.max_score:<3g}  {note}")
    return "\n".join(lines)
