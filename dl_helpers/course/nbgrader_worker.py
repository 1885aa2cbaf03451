"""Generate and autograde through nbgrader's API in a long-lived process, and review each result.

Run as ``python -m dl_helpers.course.nbgrader_worker``; it reads one job per line of stdin,
as JSON: the assignment, the students to grade, whether to generate the assignment into the
gradebook first, and nbgrader configuration as ``{"Class.trait": value}`` (each job may
point at another course folder). For each job it prints one JSON line per step as it goes
(``{"generated": true}``, then ``{"student": ..., "success": ..., "error": ...}`` per
student, then ``{"done": true}``), so that a caller still learns what finished if the
process dies midway. It exits at the end of its input.

One process for many jobs pays nbgrader's start-up (imports, database set-up: seconds)
once instead of once per student, and keeps nbgrader's global state and logging out of
the caller.

The messages go out on a copy of the stdout it was started with, which no child inherits;
its own stdout then points at its stderr (the log). Every kernel it starts inherits stdout,
and a student's code must not be able to write messages that speak for the worker (a
forged "done" would hand the next student's job the wrong results).
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path


def run_job(settings: dict) -> None:
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    from dl_helpers.course.review import review_submission

    config = Config()
    for key, value in settings["config"].items():
        section, trait = key.rsplit(".", 1)
        config[section][trait] = value
    api = NbGraderAPI(config=config)
    assignment = settings["assignment"]

    if settings.get("generate", True):
        generated = api.generate_assignment(assignment, force=True)
        if not generated["success"]:
            _say(error=f"{generated.get('log') or ''}\n{generated.get('error') or ''}")
            return
        _say(generated=True)
    coursedir = api.coursedir
    for student in settings["students"]:
        graded = api.autograde(assignment, student, force=True, create=True)
        error = "" if graded["success"] else f"{graded.get('log') or ''}\n{graded.get('error') or ''}"
        if graded["success"]:
            try:
                review_submission(
                    Path(coursedir.root), Path(coursedir.source_directory), coursedir.db_url, assignment, student
                )
            except Exception as failure:  # a review that cannot be made must not pass as a clean one
                error = f"the graded notebook could not be reviewed: {type(failure).__name__}: {failure}"
        _say(student=student, success=not error, error=error[-5000:])


_channel = sys.stdout


def main() -> int:
    global _channel
    _channel = os.fdopen(os.dup(sys.stdout.fileno()), "w")  # os.dup: not inherited by children
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    warnings.filterwarnings("ignore")  # SQLAlchemy and traitlets chatter; results are read from the gradebook
    import nbgrader.apps  # noqa: F401  (seconds: paid before the first job arrives, by a worker started early)

    for line in sys.stdin:
        if line.strip():
            run_job(json.loads(line))
            _say(done=True)
    return 0


def _say(**fields) -> None:
    _channel.write(json.dumps(fields) + "\n")
    _channel.flush()


if __name__ == "__main__":
    sys.exit(main())
