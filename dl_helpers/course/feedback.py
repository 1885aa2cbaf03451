"""A feedback page per student: every test's points and failure message, never a test's code.

nbgrader's own feedback is the graded notebook, hidden tests included. These pages are made
from the gradebook's scores and the messages the checks printed, so a student learns what
failed and why (expected vs got, the likely mistake) without seeing the hidden tests.
"""

from __future__ import annotations

import html
from pathlib import Path

from dl_helpers.course.results import GradingReport, StudentResult

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
td.points { white-space: nowrap; text-align: right; }
tr.full td.points { color: #1a7f37; } tr.lost td.points { color: #b42318; }
pre { white-space: pre-wrap; margin: 0; font-size: .9em; }
.problem { background: #fff4e5; border-left: 4px solid #f79009; padding: .6rem 1rem; }
"""


def _page(assignment: str, student: StudentResult) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>{e(assignment)}: feedback for {e(student.student_id)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(assignment)}</h1>",
        f"<p>Student <b>{e(student.student_id)}</b>: <b>{student.score:g} / {student.max_score:g}</b> points.</p>",
    ]
    if student.problem:
        parts.append(f"<p class='problem'>Your submission could not be graded: {e(student.problem)}</p>")
    if student.findings:
        items = "".join(f"<li>{e(f)}</li>" for f in student.findings)
        parts.append(
            "<div class='problem'><p>Code in your notebook could change what the checks see, so the tests after it "
            f"were not counted:</p><ul>{items}</ul></div>"
        )
    if student.bounds:
        items = "".join(f"<li>{e(b)}</li>" for b in student.bounds)
        parts.append(
            f"<div class='problem'><p>Your notebook hit a limit while it was graded:</p><ul>{items}</ul></div>"
        )
    if student.tests:
        parts.append("<table><tr><th>exercise</th><th>test</th><th>points</th><th>what the check said</th></tr>")
        for t in student.tests:
            row = "full" if t.score >= t.max_score else "lost"
            message = f"<pre>{e(t.message)}</pre>" if t.message else ("passed" if row == "full" else "")
            parts.append(
                f"<tr class='{row}'><td>{e(t.exercise)}</td><td>{e(t.grade_id)}</td>"
                f"<td class='points'>{t.score:g} / {t.max_score:g}</td><td>{message}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def feedback_path(report: GradingReport, student_id: str) -> Path:
    return report.workspace / "feedback" / student_id / f"{report.assignment}.html"


def write_feedback(report: GradingReport) -> None:
    """Write ``feedback/<student>/<assignment>.html`` for every student of the report."""
    for student in report.students:
        path = feedback_path(report, student.student_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(report.assignment, student), encoding="utf-8")
