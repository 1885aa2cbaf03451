"""Do parallel workers' results land in the one gradebook once each, also when a class is graded again?"""

from __future__ import annotations

import shutil
import sqlite3

from dl_helpers.course import Course
from dl_helpers.course.grade import grade
from notebook_factory import ROOT

ASSIGNMENT = "01_linear_regression"


def _rows(db):
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")
        }


def test_grading_again_in_parallel_or_serially_keeps_one_submission_per_student(tmp_path):
    submissions = tmp_path / "submissions"
    for student, folder in (("ada", "solutions"), ("bo", "notebooks")):
        (submissions / student).mkdir(parents=True)
        shutil.copy(ROOT / folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", submissions / student)
    workspace = tmp_path / "grading"

    first = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=2)
    rows = _rows(workspace / "gradebook.db")
    second = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=1)  # one process, no merging

    assert _rows(workspace / "gradebook.db") == rows
    assert rows["submitted_assignment"] == 2 and rows["grade"] == 2 * len(first.students[0].tests)
    scores = {s.student_id: s.score for s in first.students}
    assert scores == {s.student_id: s.score for s in second.students}
    assert scores["ada"] == first.max_score and scores["bo"] == 0
    assert not (workspace / "workers").exists()
