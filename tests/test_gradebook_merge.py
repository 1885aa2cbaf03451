"""Do parallel workers' results land in the one gradebook once each, when a class is graded again
and when a run is killed midway and started over?"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from notebook_factory import ROOT

from dl_helpers.course import Course
from dl_helpers.course.grade import grade

ASSIGNMENT = "01_linear_regression"


def _rows(db):
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")
        }


def _class(tmp_path, students):
    submissions = tmp_path / "submissions"
    for student, folder in students.items():
        (submissions / student).mkdir(parents=True)
        shutil.copy(ROOT / folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", submissions / student)
    return submissions


def test_grading_again_in_parallel_or_serially_keeps_one_submission_per_student(tmp_path):
    submissions = _class(tmp_path, {"ada": "solutions", "bo": "notebooks"})
    workspace = tmp_path / "grading"

    first = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=2)
    rows = _rows(workspace / "gradebook.db")
    again = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=1)
    assert again.skipped == ["ada", "bo"]  # same files, tests and bounds: nothing to do
    second = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=1, regrade=True)

    assert _rows(workspace / "gradebook.db") == rows
    assert rows["submitted_assignment"] == 2 and rows["grade"] == 2 * len(first.students[0].tests)
    scores = {s.student_id: s.score for s in first.students}
    assert scores == {s.student_id: s.score for s in second.students} == {s.student_id: s.score for s in again.students}
    assert scores["ada"] == first.max_score and scores["bo"] == 0
    assert not (workspace / "workers").exists()


def test_a_run_killed_midway_is_finished_by_the_next_without_loss_or_double_counting(tmp_path):
    submissions = _class(tmp_path, {"ada": "solutions", "bo": "notebooks", "cy": "solutions"})
    workspace = tmp_path / "grading"
    command = [
        sys.executable,
        "-m",
        "dl_helpers.cli",
        "grade",
        str(submissions),
        "--assignment",
        ASSIGNMENT,
        "--out",
        str(workspace),
        "--workers",
        "1",
    ]
    run = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 300
        while not list((workspace / "graded").glob("*.json")) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.2)
        assert run.poll() is None, "the run finished before it could be interrupted"
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the grader, its worker and the kernel: as a power cut would
        run.wait()
    graded_before = sorted(p.stem for p in (workspace / "graded").glob("*.json"))
    assert 1 <= len(graded_before) < 3

    report = grade(Course(ROOT), ASSIGNMENT, submissions, workspace, workers=1)

    assert report.skipped == graded_before
    assert {s.student_id: s.score for s in report.students} == {"ada": 18, "bo": 0, "cy": 18}
    rows = _rows(workspace / "gradebook.db")
    assert rows["submitted_assignment"] == 3 and rows["grade"] == 3 * len(report.students[0].tests)
