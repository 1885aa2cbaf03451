"""Generate the student release (``notebooks/``) from the instructor source (``solutions/``) with nbgrader."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from dl_helpers.course.layout import Course, read_notebook
from dl_helpers.course.nbgrader_run import run_nbgrader


def release(course: Course, assignments: list[str] | None = None, destination: Path | None = None) -> list[Path]:
    """Regenerate the release of ``assignments`` (default: all) into ``destination`` (default: ``notebooks/``).

    Each assignment folder is replaced as a whole, so files deleted from the source disappear
    from the release too. Returns the released notebooks.
    """
    names = [course.check_assignment(a) for a in assignments] if assignments else course.assignments()
    destination = Path(destination or course.notebooks).resolve()
    for name in names:
        for path in course.source_notebooks(name):
            read_notebook(path)  # a malformed source fails here with its file name, not inside nbgrader
    released: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="dlcourse-release-") as scratch:
        for name in names:
            run_nbgrader(
                ["generate_assignment", name, "--no-db", "--force"],
                cwd=course.root,
                settings={
                    "CourseDirectory.root": course.root,
                    "CourseDirectory.source_directory": course.solutions,
                    "CourseDirectory.release_directory": scratch,
                },
            )
            target = destination / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(scratch) / name, target)
            released += sorted(target.glob("*.ipynb"))
    return released
