"""Does dlcourse answer bad input with one clear line and a non-zero exit, never a traceback?"""

from __future__ import annotations

import subprocess
import sys

import pytest
from notebook_factory import ROOT, tiny_notebook, write


def dlcourse(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dl_helpers.cli", *args], cwd=cwd, capture_output=True, text=True)


def assert_one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("dlcourse")
    for fragment in fragments:
        assert fragment in lines[0]


def test_no_command():
    assert_one_line_error(dlcourse(), "required")


def test_unknown_command():
    assert_one_line_error(dlcourse("publish"), "invalid choice")


def test_bad_option_value():
    assert_one_line_error(dlcourse("execute", "--timeout", "soon"), "invalid int value")


def test_release_of_an_unknown_assignment():
    assert_one_line_error(dlcourse("release", "99_nothing"), "unknown assignment '99_nothing'", "01_linear_regression")


def test_outside_a_course_folder(tmp_path):
    assert_one_line_error(dlcourse("release", cwd=tmp_path), "not inside a course folder")


def test_execute_a_missing_notebook(tmp_path):
    assert_one_line_error(dlcourse("execute", str(tmp_path / "nope.ipynb")), "no such file")


@pytest.mark.parametrize(
    "content", ["this is not json", '{"cells": "nope"}', ""], ids=["text", "wrong-schema", "empty"]
)
def test_execute_a_malformed_notebook(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_text(content)
    assert_one_line_error(dlcourse("execute", str(path)), "broken.ipynb", "not a valid notebook")


def test_grade_a_missing_folder(tmp_path):
    assert_one_line_error(
        dlcourse(
            "grade", str(tmp_path / "nobody"), "--assignment", "01_linear_regression", "--out", str(tmp_path / "g")
        ),
        "no such folder",
    )


def test_grade_an_empty_folder(tmp_path):
    (tmp_path / "subs").mkdir()
    assert_one_line_error(
        dlcourse("grade", str(tmp_path / "subs"), "--assignment", "01_linear_regression", "--out", str(tmp_path / "g")),
        "no student folders",
    )


def test_grade_an_unknown_assignment(tmp_path):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    assert_one_line_error(
        dlcourse("grade", str(tmp_path / "subs"), "--assignment", "nope", "--out", str(tmp_path / "g")),
        "unknown assignment 'nope'",
    )


def test_grade_without_an_assignment(tmp_path):
    assert_one_line_error(dlcourse("grade", str(tmp_path)), "--assignment")


def test_execute_prints_a_timing_table_and_fails_on_a_failing_notebook(tmp_path):
    good = write(tiny_notebook("x = 1 + 1"), tmp_path / "good.ipynb")
    bad = write(tiny_notebook("raise ValueError('boom')"), tmp_path / "bad.ipynb")
    done = dlcourse("execute", str(good), str(bad), cwd=tmp_path)
    assert done.returncode == 1
    assert "good.ipynb" in done.stdout and "ok" in done.stdout
    assert "FAILED (ValueError: boom)" in done.stdout
    assert "total" in done.stdout


def test_nbgrader_errors_are_reduced_to_the_exception_line():
    from dl_helpers.course.nbgrader_run import last_error_line

    log = """[INFO] Updating assignment
[ERROR] Traceback (most recent call last):
      File "x.py", line 1, in f
    FileNotFoundError: [Errno 2] No such file or directory: 'alembic'
[ERROR] There was an error processing assignment
    nbgrader.converters.base.NbGraderException: Please see the above traceback
"""
    assert last_error_line(log) == "FileNotFoundError: [Errno 2] No such file or directory: 'alembic'"
    assert last_error_line("just one line\n") == "just one line"


def test_grade_with_zero_workers(tmp_path):
    assert_one_line_error(
        dlcourse("grade", str(tmp_path), "--assignment", "01_linear_regression", "--workers", "0"), "must be at least 1"
    )
