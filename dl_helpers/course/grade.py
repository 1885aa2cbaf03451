"""Autograde a folder of submissions through nbgrader and export grades and feedback.

Submissions are read from ``SUBMISSIONS/<student_id>/<notebook>.ipynb`` or nbgrader's own
``SUBMISSIONS/<student_id>/<assignment>/<notebook>.ipynb``. They are copied into a grading
folder laid out as an nbgrader course (``submitted/``, ``autograded/``, ``feedback/`` and
``gradebook.db``); the originals are only read. The results are:

- ``grades.csv``: one row per student: score, max score, and a note for submissions that
  could not be graded (missing, empty, not a notebook);
- ``grades_by_test.csv``: one row per student and test cell, with the failure message;
- ``feedback/<student>/<assignment>/*.html``: nbgrader's feedback pages.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from dl_helpers.course.gradebook_merge import merge_submission
from dl_helpers.course.layout import Course, CourseError, read_notebook
from dl_helpers.course.nbgrader_run import environment_with_own_scripts, last_error_line

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")


@dataclass
class TestResult:
    """One graded test cell of one student."""

    grade_id: str
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


@dataclass
class GradingReport:
    assignment: str
    workspace: Path
    students: list[StudentResult]

    @property
    def max_score(self) -> float:
        return max((s.max_score for s in self.students), default=0.0)


def _find_notebooks(student_dir: Path, assignment: str) -> list[Path]:
    nested = student_dir / assignment
    folder = nested if nested.is_dir() else student_dir
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def _stage_submission(
    student_dir: Path, assignment: str, expected: list[str], target: Path
) -> str:
    """Copy one student's notebooks into ``target``; return a problem description, or "" when staged."""
    notebooks = _find_notebooks(student_dir, assignment)
    if not notebooks:
        return f"no notebook found in {student_dir}"
    by_name = {p.name: p for p in notebooks}
    if len(expected) == 1 and expected[0] not in by_name and len(notebooks) == 1:
        by_name = {expected[0]: notebooks[0]}  # a renamed copy such as "01_linear_regression (1).ipynb"
    missing = [name for name in expected if name not in by_name]
    if missing:
        return f"missing {', '.join(missing)} in {student_dir}"
    for name in expected:
        try:
            read_notebook(by_name[name])
        except CourseError as error:
            return str(error)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in expected:
        shutil.copyfile(by_name[name], target / name)
    return ""


def _grade_ids(course: Course, assignment: str) -> list[str]:
    """The assignment's graded cells' ids, in notebook order."""
    ids = []
    for path in course.source_notebooks(assignment):
        for cell in read_notebook(path).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade"):
                ids.append(meta["grade_id"])
    return ids


def _failure_messages(autograded: Path) -> dict[str, str]:
    """grade_id -> the error a test cell ended with, from an autograded notebook."""
    messages: dict[str, str] = {}
    for path in autograded.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("grade") or cell.cell_type != "code":
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    messages[meta["grade_id"]] = f"{output.get('ename')}: {output.get('evalue', '').strip()}"
                    break
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    messages[meta["grade_id"]] = "wrote to stderr: " + output.get("text", "").strip()[:500]
                    break
    return messages


def grade(
    course: Course,
    assignment: str,
    submissions: Path,
    workspace: Path,
    cell_timeout: int = 120,
    workers: int | None = None,
    executor: Executor | None = None,
) -> GradingReport:
    """Autograde every student folder in ``submissions`` and write the results into ``workspace``.

    Students are graded in parallel, each by its own nbgrader process in a private folder
    (``workers`` at a time, default: the number of cores; or on ``executor``, any
    ``concurrent.futures.Executor``), and merged into the one gradebook as they finish.
    """
    course.check_assignment(assignment)
    submissions = Path(submissions).resolve()
    if not submissions.is_dir():
        raise CourseError(f"{submissions}: no such folder of submissions")
    student_dirs = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not student_dirs:
        raise CourseError(f"{submissions}: no student folders in it (expected SUBMISSIONS/<student_id>/*.ipynb)")
    workspace = Path(workspace).resolve()
    if workspace == submissions or workspace in submissions.parents or submissions in workspace.parents:
        raise CourseError(f"the grading folder {workspace} must lie outside the submissions folder {submissions}")
    workspace.mkdir(parents=True, exist_ok=True)
    expected = [p.name for p in course.source_notebooks(assignment)]
    order = {grade_id: i for i, grade_id in enumerate(_grade_ids(course, assignment))}

    results: dict[str, StudentResult] = {}
    staged: list[str] = []
    for student_dir in student_dirs:
        student = student_dir.name
        if not STUDENT_ID.match(student):
            results[student] = StudentResult(student, 0.0, problem=f"student id {student!r} has characters other than letters, digits and _.@+-")
            continue
        problem = _stage_submission(student_dir, assignment, expected, workspace / "submitted" / student / assignment)
        if problem:
            results[student] = StudentResult(student, 0.0, problem=problem)
        else:
            staged.append(student)

    config = _nbgrader_config(course, workspace, cell_timeout)
    if executor is None and (workers == 1 or len(staged) <= 1):
        # One process does it all: no private copies to make and merge.
        outcomes = _run_worker(workspace, {"assignment": assignment, "students": staged, "generate": True, "config": config})
    else:
        _run_worker(workspace, {"assignment": assignment, "students": [], "generate": True, "config": config})
        outcomes = _grade_in_parallel(assignment, workspace, staged, config, workers, executor)

    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        for student in staged:
            outcome = outcomes[student]
            if not outcome["success"]:
                results[student] = StudentResult(student, max_score, problem=_why_not_graded(outcome["error"]))
                continue
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                results[student] = StudentResult(student, max_score, problem="nbgrader recorded no grade for this submission")
                continue
            messages = _failure_messages(workspace / "autograded" / student / assignment)
            result = StudentResult(student, max_score, score=submission.score)
            for notebook in submission.notebooks:
                for grade_ in sorted(notebook.grades, key=lambda g: order.get(g.name, len(order))):
                    if grade_.max_score == 0:
                        continue
                    result.tests.append(TestResult(grade_.name, grade_.score, grade_.max_score, messages.get(grade_.name, "")))
            results[student] = result
        for result in results.values():
            result.max_score = max_score

    report = GradingReport(assignment, workspace, [results[s.name] for s in student_dirs])
    write_csvs(report)
    return report


def _why_not_graded(nbgrader_log: str) -> str:
    """A one-line reason, for the gradebook, from the log of a failed nbgrader autograde."""
    if "DeadKernelError" in nbgrader_log or "Kernel died" in nbgrader_log:
        return "the notebook's kernel died while running it (a crash, os._exit() or running out of memory): not graded, zero"
    return "nbgrader could not grade this submission: " + last_error_line(nbgrader_log)[:300]


def _nbgrader_config(course: Course, root: Path, cell_timeout: int) -> dict[str, object]:
    return {
        "CourseDirectory.root": str(root),
        "CourseDirectory.source_directory": str(course.solutions),
        "CourseDirectory.release_directory": str(root / "release"),
        "Execute.timeout": cell_timeout,
        "Execute.interrupt_on_timeout": True,
    }


def _run_worker(cwd: Path, settings: dict) -> dict[str, dict]:
    """Run :mod:`dl_helpers.course.nbgrader_worker`; return its per-student outcomes.

    Raises:
        CourseError: the assignment was to be generated and could not be.
    """
    done = subprocess.run(
        [sys.executable, "-m", "dl_helpers.course.nbgrader_worker", json.dumps(settings)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment_with_own_scripts(),
    )
    messages = []
    for line in done.stdout.splitlines():
        try:
            messages.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # nbgrader's own output
    if settings.get("generate") and not any(m.get("generated") for m in messages):
        log = "\n".join(m["error"] for m in messages if "error" in m) + "\n" + done.stderr
        source = settings["config"]["CourseDirectory.source_directory"]
        raise CourseError(f"nbgrader could not generate {settings['assignment']} from {source}: {last_error_line(log)}")
    outcomes = {m["student"]: m for m in messages if "student" in m}
    stopped = f"the grading process stopped (exit status {done.returncode}) before this submission was graded"
    for student in settings["students"]:
        outcomes.setdefault(student, {"success": False, "error": stopped})
    return outcomes


def _grade_one(assignment: str, workspace: Path, student: str, config: dict) -> tuple[Path, dict]:
    """Autograde one student in a private course folder holding a copy of the class gradebook."""
    private = workspace / "workers" / student
    if private.exists():
        shutil.rmtree(private)
    shutil.copytree(workspace / "submitted" / student, private / "submitted" / student)
    shutil.copyfile(workspace / "gradebook.db", private / "gradebook.db")
    private_config = {**config, "CourseDirectory.root": str(private), "CourseDirectory.release_directory": str(private / "release")}
    outcome = _run_worker(private, {"assignment": assignment, "students": [student], "generate": False, "config": private_config})
    return private, outcome[student]


def _collect(private: Path, workspace: Path, assignment: str, student: str) -> None:
    """Move one student's results from its private folder into the class's (grading process only)."""
    merge_submission(workspace / "gradebook.db", private / "gradebook.db", assignment, student)
    for kind in ("autograded", "feedback"):
        target = workspace / kind / student
        if target.exists():
            shutil.rmtree(target)
        if (private / kind / student).exists():
            shutil.move(private / kind / student, target)
    shutil.rmtree(private)


def _grade_in_parallel(
    assignment: str, workspace: Path, students: list[str], config: dict, workers: int | None, executor: Executor | None
) -> dict[str, dict]:
    from tqdm.auto import tqdm

    outcomes: dict[str, dict] = {}
    pool = executor or ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        futures = {pool.submit(_grade_one, assignment, workspace, student, config): student for student in students}
        with tqdm(total=len(futures), desc=f"grading {assignment}", unit="student", disable=not futures) as progress:
            for future in as_completed(futures):
                student = futures[future]
                private, outcomes[student] = future.result()
                _collect(private, workspace, assignment, student)
                progress.update()
    finally:
        if executor is None:
            pool.shutdown(cancel_futures=True)
    shutil.rmtree(workspace / "workers", ignore_errors=True)
    return outcomes


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
                writer.writerow([report.assignment, s.student_id, t.grade_id, f"{t.score:g}", f"{t.max_score:g}", t.message])


def summary_table(report: GradingReport) -> str:
    """A plain-text table of each student's score."""
    width = max([len("student"), *(len(s.student_id) for s in report.students)])
    lines = [f"{'student':<{width}}  {'score':>11}  note", f"{'-' * width}  {'-' * 11}  ----"]
    for s in report.students:
        lines.append(f"{s.student_id:<{width}}  {s.score:5g} / {s.max_score:<3g}  {s.problem}")
    return "\n".join(lines)
