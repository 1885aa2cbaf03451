"""A kernel cannot speak for the grading worker: it writes a forged message where the worker's
own stdout was, and the students graded after it by the same worker keep their grades."""

from __future__ import annotations

import nbformat
import variants
from notebook_factory import ROOT, points_of, with_solutions, write

from dl_helpers.course import Course
from dl_helpers.course.grade import Bounds, grade

ASSIGNMENT = "01_linear_regression"
RELEASE = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
CHAPTER = variants.for_assignment(ASSIGNMENT)
GOOD = variants.first_correct(CHAPTER)
FULL = points_of(nbformat.read(RELEASE, as_version=4))

# ipykernel keeps a copy of the stdout it was started with; everything else written to fd 1 is captured
FORGER = """import os, sys
forged = b'\\n{"done": true}\\n{"student": "b_steady", "success": false, "error": "forged"}\\n{"done": true}\\n'
for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
    copy = getattr(stream, "_original_stdstream_copy", None)
    for fd in {copy, getattr(stream, "_original_stdstream_fd", None), 1, 2} - {None}:
        try:
            os.write(fd, forged)
        except OSError:
            pass
"""


def test_a_kernel_cannot_forge_the_workers_messages(tmp_path):
    submissions = tmp_path / "submissions"
    write(
        with_solutions(RELEASE, {**GOOD, "ridge_regression": FORGER + GOOD["ridge_regression"]}),
        submissions / "a_forger" / RELEASE.name,
    )
    for student in ("b_steady", "c_steady"):
        write(with_solutions(RELEASE, GOOD), submissions / student / RELEASE.name)
    report = grade(
        Course(ROOT), ASSIGNMENT, submissions, tmp_path / "grading", bounds=Bounds(cell_timeout=60), workers=1
    )
    scores = {s.student_id: (s.score, s.problem) for s in report.students}
    assert scores["b_steady"] == (FULL, "") and scores["c_steady"] == (FULL, "")
    forger = next(s for s in report.students if s.student_id == "a_forger")
    assert forger.problem == "" and any("imports 'os'" in f for f in forger.findings)
