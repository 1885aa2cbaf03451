#!/usr/bin/env python3
"""Grade a class of 40 chapter-01 submissions with plain serial nbgrader and with `dlcourse grade`.

    python benchmarks/grading.py [--students 40] [--workers N]

The class mixes correct, blank, partly wrong and hostile submissions (an endless loop, a
memory bomb, a kernel crash, a monkeypatch of the checks). Both graders get the same per-cell
timeout. Prints both wall-clock times and their ratio (target: dlcourse at least 1.8x faster
on 2 cores), each hostile submission's score under both, and dlcourse's per-submission
overhead beyond executing the notebook. Exits non-zero if a hostile submission gets a score
other than its answers deserve under dlcourse, or the target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import nbformat  # noqa: E402
import variants  # noqa: E402  (the student implementations the tests use)
from notebook_factory import points_of, with_solutions, write  # noqa: E402

from dl_helpers.course import Course  # noqa: E402
from dl_helpers.course.execute import execute_notebook  # noqa: E402
from dl_helpers.course.grade import Bounds, grade  # noqa: E402
from dl_helpers.course.nbgrader_run import environment_with_own_scripts  # noqa: E402

ASSIGNMENT = "01_linear_regression"
RELEASE = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
CELL_TIMEOUT = 30
OVERHEAD_ROUNDS = 3  # paired rounds for the per-submission overhead
SANDBOX_PAIRS = 7  # kernel starts with and without the sandbox, in turn


def build_class(folder: Path, students: int) -> dict[str, float | None]:
    """Write the submissions; return student -> the score its answers deserve (None: not checked)."""
    chapter = variants.for_assignment(ASSIGNMENT)
    names = variants.exercises(chapter)
    good = variants.first_correct(chapter)
    wrong_mse = variants.wrong(chapter, "mse_loss")[0].source
    released = nbformat.read(RELEASE, as_version=4)
    full = points_of(released)
    mse_points = points_of(released, ("mse_loss",))
    before_ridge = points_of(released, ("mse_loss", "normal_equations"))  # the exercises above ridge_regression
    hostile = {
        "endless": ({**good, "mse_loss": "while True:\n    pass\n"}, full - mse_points),
        "memory_bomb": (
            {**good, "mse_loss": "big = torch.ones(6 * 1024**3, dtype=torch.uint8)\n" + good["mse_loss"]},
            full - mse_points,
        ),
        "crash": ({**good, "ridge_regression": "import os\nos._exit(1)\n"}, before_ridge),
        "monkeypatch": (
            {
                **good,
                "mse_loss": wrong_mse
                + "\ndef exercise(name):\n    class P:\n        def __getattr__(self, _):\n            return lambda *a, **k: None\n    return P()\n",
            },
            0,
        ),
    }
    expected: dict[str, float | None] = {}
    for i in range(students):
        kind = ("correct", "blank", "partly_wrong", "correct", "hostile")[i % 5]
        student = f"s{i:02d}_{kind}"
        if kind == "correct":
            nb, score = with_solutions(RELEASE, good), full
        elif kind == "blank":
            nb, score = with_solutions(RELEASE, {}), 0
        elif kind == "partly_wrong":
            exercise = names[i % len(names)]
            nb, score = (
                with_solutions(RELEASE, {**good, exercise: variants.wrong(chapter, exercise)[0].source}),
                full - points_of(released, (exercise,)),
            )
        else:
            label = list(hostile)[(i // 5) % len(hostile)]
            student = f"s{i:02d}_{label}"
            answers, score = hostile[label]
            nb = with_solutions(RELEASE, answers)
        write(nb, folder / student / RELEASE.name)
        expected[student] = score
    return expected


def plain_nbgrader(submissions: Path, scratch: Path) -> tuple[float, dict[str, float]]:
    """`nbgrader autograde` over the whole class, as nbgrader's documentation runs it."""
    course = scratch / "nbgrader_course"
    for student_dir in submissions.iterdir():
        target = course / "submitted" / student_dir.name / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(student_dir / RELEASE.name, target)
    settings = [
        f"--CourseDirectory.root={course}",
        f"--CourseDirectory.source_directory={ROOT / 'solutions'}",
        f"--Execute.timeout={CELL_TIMEOUT}",
    ]
    env = environment_with_own_scripts()
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run(
        [*nbgrader, "generate_assignment", ASSIGNMENT, "--force", *settings],
        cwd=course,
        env=env,
        capture_output=True,
        check=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [*nbgrader, "autograde", ASSIGNMENT, "--create", "--force", *settings], cwd=course, env=env, capture_output=True
    )
    seconds = time.perf_counter() - start
    with sqlite3.connect(course / "gradebook.db") as db:
        rows = db.execute(
            "SELECT s.student_id, SUM(COALESCE(g.manual_score, g.auto_score, 0)) FROM grade g "
            "JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s ON n.assignment_id = s.id GROUP BY s.student_id"
        ).fetchall()
    return seconds, {student: score for student, score in rows}


def overhead_per_submission(scratch: Path, rounds: int = OVERHEAD_ROUNDS, k: int = 3) -> tuple[float, float, float]:
    """Seconds to execute the notebook alone, and what dlcourse adds to it (1 worker); medians.

    Returns (execute, per submission, per run). Each round executes the notebook alone, then
    grades a class of one and a class of ``k`` right after, so that the machine's drift
    cancels within a round; the run's own cost (generating the assignment, starting the
    worker, the report) is the class of one's time less one submission's.
    """
    import statistics

    chapter = variants.for_assignment(ASSIGNMENT)
    good = with_solutions(RELEASE, variants.first_correct(chapter))
    notebook = write(good, scratch / "alone" / RELEASE.name)
    executes, per_submission, per_run = [], [], []
    for r in range(rounds):
        start = time.perf_counter()
        execute_notebook(notebook)
        executes.append(time.perf_counter() - start)
        seconds = {}
        for n in (1, k):
            folder = scratch / f"round{r}_class_of_{n}"
            for i in range(n):
                write(good, folder / f"student{i}" / RELEASE.name)
            start = time.perf_counter()
            grade(
                Course(ROOT),
                ASSIGNMENT,
                folder,
                scratch / f"round{r}_grading_{n}",
                bounds=Bounds(cell_timeout=CELL_TIMEOUT),
                workers=1,
            )
            seconds[n] = time.perf_counter() - start
        submission = (seconds[k] - seconds[1]) / (k - 1)
        per_submission.append(submission - executes[-1])
        per_run.append(seconds[1] - submission)
    return statistics.median(executes), statistics.median(per_submission), statistics.median(per_run)


def sandbox_overhead(scratch: Path, runs: int = SANDBOX_PAIRS) -> tuple[float, float] | None:
    """Median seconds to start a kernel and run one cell without the sandbox, and what the sandbox adds.

    The two alternate, and the addition is the median of the differences pair by pair, so
    that the machine's drift cancels. None: no sandbox can start here.
    """
    import statistics

    import nbformat

    from dl_helpers.course.bounded_execute import BoundedExecute
    from dl_helpers.course.sandbox import bwrap_path, check_sandbox

    bwrap = bwrap_path()
    if check_sandbox(bwrap):
        return None
    plain, added = [], []
    for i in range(runs):
        pair = []
        for sandbox in ("", bwrap):
            workdir = scratch / f"kernel{sandbox and '-sandboxed'}{i}"
            workdir.mkdir()
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import torch\nprint(torch.ones(1))")])
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            start = time.perf_counter()
            BoundedExecute(timeout=60, sandbox=sandbox).preprocess(nb, {"metadata": {"path": str(workdir)}})
            pair.append(time.perf_counter() - start)
        plain.append(pair[0])
        added.append(pair[1] - pair[0])
    return statistics.median(plain), statistics.median(added)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        submissions = scratch / "submissions"
        expected = build_class(submissions, args.students)

        plain_seconds, plain_scores = plain_nbgrader(submissions, scratch)
        bounds = Bounds(cell_timeout=CELL_TIMEOUT, memory_mib=4096)
        start = time.perf_counter()
        report = grade(Course(ROOT), ASSIGNMENT, submissions, scratch / "grading", bounds=bounds, workers=args.workers)
        ours_seconds = time.perf_counter() - start
        execute, overhead, per_run = overhead_per_submission(scratch)
        kernel_times = sandbox_overhead(scratch)

    ours = {s.student_id: s for s in report.students}
    wrong = []
    print(f"{'student':<16} {'deserves':>8} {'nbgrader':>8} {'dlcourse':>8}  dlcourse's reason")
    for student, deserved in expected.items():
        mine = ours[student]
        if mine.score != deserved:
            wrong.append(student)
        if student.split("_", 1)[1] not in ("correct", "blank", "partly_wrong"):
            reason = mine.problem or (mine.findings[0] if mine.findings else "") or "; ".join(mine.bounds)
            print(f"{student:<16} {deserved:>8} {plain_scores.get(student, 0):>8g} {mine.score:>8g}  {reason[:90]}")
    ratio = plain_seconds / ours_seconds
    print()
    print(f"{args.students} submissions of {ASSIGNMENT}, per-cell timeout {CELL_TIMEOUT} s, {os.cpu_count()} cores")
    print(f"plain serial nbgrader autograde: {plain_seconds:7.1f} s")
    print(
        f"dlcourse grade --workers {args.workers}:     {ours_seconds:7.1f} s   ({ratio:.2f}x faster; target >= 1.8x: {'met' if ratio >= 1.8 else 'MISSED'})"
    )
    print(
        f"executing one notebook alone: {execute:.1f} s; dlcourse adds {overhead:.1f} s per submission "
        f"(1 worker: staging, sandbox, nbgrader, review, merge, feedback) and {per_run:.1f} s per run "
        f"(generating the assignment into the gradebook, starting the worker, the report); medians of {OVERHEAD_ROUNDS} rounds"
    )
    if kernel_times is None:
        print("no sandbox can start here: its overhead was not measured")
    else:
        plain, added = kernel_times
        print(
            f"kernel start + one cell: {plain:.2f} s without the sandbox; the sandbox adds {added:.2f} s per submission "
            f"(medians of {SANDBOX_PAIRS} pairs; target < 0.5 s: {'met' if added < 0.5 else 'MISSED'})"
        )
    print(
        json.dumps(
            {
                "plain_s": round(plain_seconds, 1),
                "dlcourse_s": round(ours_seconds, 1),
                "ratio": round(ratio, 2),
                "overhead_per_submission_s": round(overhead, 2),
                "overhead_per_run_s": round(per_run, 1),
            }
        )
    )
    if wrong:
        print(f"WRONG SCORES under dlcourse: {wrong}")
    return 1 if wrong or ratio < 1.8 else 0


if __name__ == "__main__":
    sys.exit(main())
