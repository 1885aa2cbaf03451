#!/usr/bin/env python3
"""Median time to execute each solution notebook, and to autograde one submission of it.

    python benchmarks/notebooks.py [--runs 3] [ASSIGNMENT ...]

Targets on a 2-core CPU machine: every chapter executes in 60 s or less, and grading one
submission (nbgrader generate_assignment + autograde + review and feedback, through `dlcourse grade`)
takes at most twice the notebook's own execution time.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dl_helpers.course import Course
from dl_helpers.course.execute import execute_notebook
from dl_helpers.course.grade import grade

TARGET_SECONDS = 60.0  # every chapter: about a minute on a 2-core laptop CPU


def median_seconds(action, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def execute(notebook: Path) -> None:
    result = execute_notebook(notebook)
    if not result.ok:
        raise SystemExit(f"{notebook} failed: {result.error}")


def grade_one(course: Course, name: str, notebook: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "submissions" / "student"
        submissions.mkdir(parents=True)
        shutil.copy(notebook, submissions / notebook.name)
        report = grade(course, name, submissions.parent, Path(scratch) / "grading")
        student = report.students[0]
        if student.score != student.max_score:
            raise SystemExit(f"{name}: the solution scored {student.score}/{student.max_score}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    course = Course.find(Path(__file__).parent)
    names = args.assignments or course.assignments()

    print(f"{'assignment':<24} {'execute s':>10} {'grade 1 s':>10} {'grade/exec':>10}  target")
    for name in names:
        notebook = course.source_notebooks(name)[0]
        execute_median, execute_all = median_seconds(functools.partial(execute, notebook), args.runs)
        grade_median, grade_all = median_seconds(functools.partial(grade_one, course, name, notebook), args.runs)
        ratio = grade_median / execute_median
        verdict = [
            f"execute <= {TARGET_SECONDS:g} s: {'met' if execute_median <= TARGET_SECONDS else 'MISSED'}",
            f"grade <= 2 x execute: {'met' if ratio <= 2 else 'MISSED'}",
        ]
        print(f"{name:<24} {execute_median:10.1f} {grade_median:10.1f} {ratio:10.2f}  {'; '.join(verdict)}")
        print(
            f"{'':<24} runs: execute {', '.join(f'{t:.1f}' for t in execute_all)}; grade {', '.join(f'{t:.1f}' for t in grade_all)}"
        )


if __name__ == "__main__":
    main()
