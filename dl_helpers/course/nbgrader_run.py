"""Run nbgrader's own command-line apps in a subprocess, one course folder at a time.

A subprocess keeps nbgrader's global configuration and logging out of the caller and lets
each run point at its own course root, source and release folders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dl_helpers.course.layout import CourseError


def run_nbgrader(
    args: list[str], cwd: Path, settings: dict[str, object] | None = None, check: bool = True
) -> str:
    """Run ``nbgrader ARGS --Class.trait=value ...`` in ``cwd`` and return its log.

    Raises:
        CourseError: nbgrader exited with an error and ``check`` is true; the message holds
            its last error lines.
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    command += [f"--{key}={value}" for key, value in (settings or {}).items()]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    log = done.stdout + done.stderr
    if check and done.returncode != 0:
        errors = [line for line in log.splitlines() if "ERROR" in line or "Error" in line] or log.splitlines()[-3:]
        raise CourseError(f"nbgrader {args[0]} failed: " + " | ".join(line.strip() for line in errors[-3:]))
    return log
