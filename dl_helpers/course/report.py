"""The instructor's view of a graded class: per exercise, how it went and the commonest mistake.

For each exercise: its points, the class's mean score, the share of students with full
marks, and the mistake the checks named most often ("Likely mistake: ..." in a failure
message) with how many students made it. Students whose submission could not be graded
count with zero. Written to ``report.csv`` and ``report.txt`` and printed by ``dlcourse grade``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dl_helpers.course.results import GradingReport
from dl_helpers.messages import LIKELY_MISTAKE

_LIKELY = re.compile(re.escape(LIKELY_MISTAKE.strip()) + r"\s*(.+?)(?:\n|$)")


@dataclass
class ExerciseSummary:
    exercise: str
    max_points: float
    mean: float
    full_marks: float  # share of students, 0..1
    mistake: str
    mistake_count: int


def summarise(report: GradingReport) -> list[ExerciseSummary]:
    points: dict[str, dict[str, float]] = defaultdict(dict)  # exercise -> student -> points
    maxima: dict[str, float] = defaultdict(float)
    mistakes: dict[str, Counter] = defaultdict(Counter)
    graded = [s for s in report.students if s.tests]
    for student in graded:
        named: dict[str, set[str]] = defaultdict(set)
        for test in student.tests:
            points[test.exercise][student.student_id] = points[test.exercise].get(student.student_id, 0.0) + test.score
            for match in _LIKELY.finditer(test.message):
                named[test.exercise].add(match.group(1).strip())
        for exercise, found in named.items():
            mistakes[exercise].update(found)  # once per student
    if graded:
        for test in graded[0].tests:
            maxima[test.exercise] += test.max_score
    everyone = len(report.students)
    rows = []
    for exercise, max_points in maxima.items():
        scores = points[exercise]
        total = sum(scores.values())
        full = sum(1 for v in scores.values() if v >= max_points)
        mistake, count = (mistakes[exercise].most_common(1) or [("", 0)])[0]
        rows.append(
            ExerciseSummary(
                exercise,
                max_points,
                total / everyone if everyone else 0.0,
                full / everyone if everyone else 0.0,
                mistake,
                count,
            )
        )
    return rows


def format_report(report: GradingReport, rows: list[ExerciseSummary]) -> str:
    graded = sum(1 for s in report.students if not s.problem)
    flagged = sum(1 for s in report.students if s.findings)
    lines = [
        f"{report.assignment}: {len(report.students)} students, {graded} graded, "
        f"{len(report.students) - graded} not gradable, {flagged} flagged for code that could tamper with the checks",
        "",
    ]
    width = max([len("exercise"), *(len(r.exercise) for r in rows)])
    lines.append(f"{'exercise':<{width}}  {'mean':>11}  {'full marks':>10}  most frequent named mistake")
    lines.append(f"{'-' * width}  {'-' * 11}  {'-' * 10}  {'-' * 27}")
    for r in rows:
        mistake = f"{r.mistake} ({r.mistake_count})" if r.mistake else "-"
        lines.append(f"{r.exercise:<{width}}  {r.mean:5.2f} / {r.max_points:<3g}  {r.full_marks:>10.0%}  {mistake}")
    return "\n".join(lines)


def write_report(report: GradingReport) -> str:
    rows = summarise(report)
    with open(report.workspace / "report.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "assignment",
                "exercise",
                "max_points",
                "mean",
                "full_marks_share",
                "most_frequent_mistake",
                "students_with_it",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    report.assignment,
                    r.exercise,
                    f"{r.max_points:g}",
                    f"{r.mean:.3f}",
                    f"{r.full_marks:.3f}",
                    r.mistake,
                    r.mistake_count,
                ]
            )
    text = format_report(report, rows)
    (report.workspace / "report.txt").write_text(text + "\n")
    return text
