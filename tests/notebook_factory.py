"""Build notebooks and submissions in code, for the CLI and grading tests."""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def tiny_notebook(*sources: str) -> nbformat.NotebookNode:
    """A valid notebook whose code cells hold ``sources``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, id=f"cell-{i}") for i, source in enumerate(sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def with_solutions(release: Path, implementations: dict[str, str]) -> nbformat.NotebookNode:
    """The release notebook with the solution cell of each exercise replaced by the given source."""
    nb = nbformat.read(release, as_version=4)
    replaced = set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in implementations:
            cell.source = implementations[grade_id]
            replaced.add(grade_id)
    missing = set(implementations) - replaced
    if missing:
        raise KeyError(f"no solution cell for {sorted(missing)} in {release}")
    return nb


def points_of(nb: nbformat.NotebookNode, exercises: tuple[str, ...] | None = None) -> float:
    """The points of a notebook's test cells, all of them or those of ``exercises`` (grade ids ``<name>_*``)."""
    total = 0.0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        if exercises is None or any(meta["grade_id"].startswith(f"{name}_") for name in exercises):
            total += meta.get("points", 0)
    return total


def graded_cell_count(nb: nbformat.NotebookNode) -> int:
    """How many test cells (graded cells) a notebook has."""
    return sum(1 for cell in nb.cells if cell.get("metadata", {}).get("nbgrader", {}).get("grade"))
