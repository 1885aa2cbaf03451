"""Run nbgrader's own command-line apps in a subprocess, one course folder at a time.

A subprocess keeps nbgrader's global configuration and logging out of the caller and lets
each run point at its own course root, source and release folders.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from dl_helpers.course.layout import CourseError


def environment_with_own_scripts() -> dict[str, str]:
    """This process's environment with its Python's scripts folder first on PATH.

    nbgrader runs the ``alembic`` command by name to set up a gradebook; in a virtual
    environment that is used without being activated, it is found only this way.
    """
    env = dict(os.environ)
    scripts = str(Path(sys.executable).parent)
    env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
    return env


_EXCEPTION_LINE = re.compile(r"^\s*(?:\[ERROR\]\s*)?([A-Za-z_.]*(?:Error|Exception)\b:.*)$")


def last_error_line(log: str) -> str:
    """The last ``SomeError: message`` line of a log other than nbgrader's own summary, or its last line."""
    found = [m.group(1).strip() for m in map(_EXCEPTION_LINE.match, log.splitlines()) if m]
    found = [line for line in found if not line.startswith("nbgrader.converters.base.NbGraderException")]
    if found:
        return found[-1]
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def run_nbgrader(args: list[str], cwd: Path, settings: dict[str, object] | None = None) -> str:
    """Run ``nbgrader ARGS --Class.trait=value ...`` in ``cwd`` and return its log.

    Raises:
        CourseError: nbgrader exited with an error; the message holds its exception line.
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    command += [f"--{key}={value}" for key, value in (settings or {}).items()]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment_with_own_scripts())
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise CourseError(f"nbgrader {args[0]} failed: {last_error_line(log)}")
    return log
