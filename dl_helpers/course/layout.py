"""Where a course's files live: ``solutions/`` (nbgrader source) and ``notebooks/`` (the release)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat


class CourseError(Exception):
    """A problem with the user's input (paths, names, files) that the CLI reports in one line."""


CONFIG_FILE = "nbgrader_config.py"


@dataclass(frozen=True)
class Course:
    """A course folder: ``root/solutions/NN_topic/NN_topic.ipynb`` and its release in ``root/notebooks/``."""

    root: Path

    @classmethod
    def find(cls, start: Path | str | None = None) -> Course:
        """The course containing ``start`` (default: the working directory), found by its nbgrader config."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file() and (folder / "solutions").is_dir():
                return cls(folder)
        raise CourseError(f"{here} is not inside a course folder (no {CONFIG_FILE} next to a solutions/ folder)")

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def assignments(self) -> list[str]:
        """Names of the assignments (chapter folders) in ``solutions/``, in course order."""
        return sorted(p.name for p in self.solutions.iterdir() if p.is_dir() and not p.name.startswith("."))

    def check_assignment(self, name: str) -> str:
        """Return ``name`` if ``solutions/name`` exists, else raise a CourseError listing the known ones."""
        if name not in self.assignments():
            known = ", ".join(self.assignments()) or "none"
            raise CourseError(f"unknown assignment {name!r} (assignments in {self.solutions}: {known})")
        return name

    def source_notebooks(self, assignment: str) -> list[Path]:
        """The notebooks of one assignment in ``solutions/``."""
        return sorted((self.solutions / assignment).glob("*.ipynb"))


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read and validate a notebook, raising CourseError naming the file when it is not one."""
    if not path.is_file():
        raise CourseError(f"{path}: no such notebook")
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises many types for malformed JSON or schema
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CourseError(f"{path}: not a valid notebook ({first_line})") from None
    return nb
