"""Generate, autograde and write feedback for one assignment in one process, through nbgrader's API.

Run as ``python -m dl_helpers.course.nbgrader_worker SETTINGS_JSON``; the settings name the
assignment, the students to grade, whether to generate the assignment into the gradebook
first, and nbgrader configuration as ``{"Class.trait": value}``. One process for all the
steps saves nbgrader's start-up (imports, database set-up) per step, and keeps nbgrader's global
state and logging out of the caller. It prints one JSON line per step as it goes
(``{"generated": true}``, then ``{"student": ..., "success": ..., "error": ...}`` per student),
so that a caller still learns what finished if the process dies midway.
"""

from __future__ import annotations

import json
import sys
import warnings


def main(settings_json: str) -> int:
    settings = json.loads(settings_json)
    warnings.filterwarnings("ignore")  # SQLAlchemy and traitlets chatter; results are read from the gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

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
            return 1
        _say(generated=True)
    for student in settings["students"]:
        graded = api.autograde(assignment, student, force=True, create=True)
        if graded["success"]:
            api.generate_feedback(assignment, student, force=True)
        error = "" if graded["success"] else f"{graded.get('log') or ''}\n{graded.get('error') or ''}"
        _say(student=student, success=bool(graded["success"]), error=error[-5000:])
    return 0


def _say(**fields) -> None:
    print(json.dumps(fields), flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
