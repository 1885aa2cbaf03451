"""After nbgrader has autograded a submission: decide what its results can be trusted for, and say why.

Runs in the grading process (never in the student's kernel). For each autograded notebook it

1. scans the student's code with :mod:`dl_helpers.course.tamper`; every test cell after the
   first cell with a finding is set to zero in the gradebook (as a manual score, so
   nbgrader's own reports and exports agree), because what it printed cannot be trusted;
   so is a test whose score is outside 0..its points (nbgrader takes a number a test cell
   displays as its partial credit);
2. collects each test cell's failure message (the check's explanation, a time, memory or
   output bound, a crashed kernel), and every cell a bound stopped or cut short, into
   ``review.json`` beside the autograded notebook,
   which the feedback pages, the CSV files and the instructor report are made from.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from dl_helpers.course.bounded_execute import NOT_RUN, OUTPUT_LIMIT
from dl_helpers.course.tamper import Instructor, scan_notebook

REVIEW_FILE = "review.json"


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def failure_message(cell) -> str:
    """Why a graded code cell failed, from its outputs ("" when it passed)."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            if output.get("ename") in (NOT_RUN, OUTPUT_LIMIT):
                return output.get("evalue", "")
            return f"{output.get('ename')}: {output.get('evalue', '').strip()}"
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "wrote to stderr: " + output.get("text", "").strip()[:500]
    return ""


def stopped_by_bound(cell) -> str:
    """Why a cell was stopped or cut short by a bound (time, memory, output, a dead kernel), or ""."""
    errors = [
        (o.get("ename", ""), o.get("evalue", "")) for o in cell.get("outputs", []) if o.get("output_type") == "error"
    ]
    for ename, evalue in errors:
        if ename in (NOT_RUN, OUTPUT_LIMIT):
            return evalue
    if any(ename == "CellTimeoutError" for ename, _ in errors):
        return "stopped: it ran longer than the time allowed per cell"
    if any(ename == "MemoryError" or "can't allocate memory" in evalue for ename, evalue in errors):
        return "stopped: it asked for more memory than the notebook may use"
    return ""


def review_notebook(autograded: nbformat.NotebookNode, source: nbformat.NotebookNode) -> dict:
    """The review of one autograded notebook: test messages, untrusted tests, findings and bounds hit."""
    findings = scan_notebook(autograded, Instructor.from_notebook(source))
    first = findings[0] if findings else None
    tests: dict[str, str] = {}
    untrusted: list[str] = []
    bounds: list[str] = []
    for index, cell in enumerate(autograded.cells):
        meta = _nbgrader(cell)
        if cell.cell_type == "code" and (why := stopped_by_bound(cell)):
            bounds.append(f"cell {meta.get('grade_id') or cell.get('id') or index}: {why}")
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        if first is not None and index > first.cell_index:
            untrusted.append(meta["grade_id"])
            tests[meta["grade_id"]] = (
                f"not counted: {first} (code that can change what the checks see makes every later test untrustworthy)"
            )
        else:
            tests[meta["grade_id"]] = failure_message(cell)
    return {
        "tests": tests,
        "untrusted": untrusted,
        "findings": [str(f) for f in findings],
        "bounds": _first_of_each(bounds),
    }


def _first_of_each(events: list[str]) -> list[str]:
    """Drop repeats of the same reason ("not run: the time limit was reached") after its first cell."""
    seen, kept = set(), []
    for event in events:
        reason = event.split(": ", 1)[1]
        if reason not in seen:
            seen.add(reason)
            kept.append(event)
    return kept


def review_submission(course_root: Path, source_root: Path, gradebook_url: str, assignment: str, student: str) -> dict:
    """Review every autograded notebook of one submission, zero its untrusted tests, write ``review.json``."""
    from nbgrader.api import Gradebook

    folder = course_root / "autograded" / student / assignment
    review: dict = {"tests": {}, "untrusted": [], "findings": [], "bounds": []}
    for path in sorted(folder.glob("*.ipynb")):
        autograded = nbformat.read(path, as_version=4)
        source = nbformat.read(source_root / assignment / path.name, as_version=4)
        part = review_notebook(autograded, source)
        with Gradebook(gradebook_url) as gradebook:
            notebook = gradebook.find_submission_notebook(path.stem, assignment, student)
            for grade in notebook.grades:
                if grade.auto_score is not None and not 0 <= grade.auto_score <= grade.max_score:
                    # only a kernel that printed its own score could do this: not points, tampering
                    part["findings"].append(
                        f"test {grade.name} reported {grade.auto_score:g} of {grade.max_score:g} points"
                    )
                    part["tests"][grade.name] = (
                        f"not counted: it reported {grade.auto_score:g} of {grade.max_score:g} points"
                    )
                    part["untrusted"].append(grade.name)
            for grade_id in part["untrusted"]:
                grade = gradebook.find_grade(grade_id, path.stem, assignment, student)
                grade.manual_score = 0.0
                grade.needs_manual_grade = False
            gradebook.db.commit()
        review["tests"].update(part["tests"])
        for key in ("untrusted", "findings", "bounds"):
            review[key] += part[key]
    (folder / REVIEW_FILE).write_text(json.dumps(review, indent=1))
    return review


def read_review(folder: Path) -> dict:
    """The review written by :func:`review_submission` (empty when there is none)."""
    path = folder / REVIEW_FILE
    if not path.is_file():
        return {"tests": {}, "untrusted": [], "findings": [], "bounds": []}
    return json.loads(path.read_text())
