"""Execute notebooks headless with nbclient and time them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from dl_helpers.course.layout import read_notebook


@dataclass(frozen=True)
class ExecutionResult:
    """How one notebook ran: its wall-clock seconds and, if it failed, why."""

    path: Path
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _first_line_of_error(error: Exception) -> str:
    if isinstance(error, CellExecutionError):
        name = getattr(error, "ename", "") or "error"
        value = (getattr(error, "evalue", "") or "").strip().splitlines()
        return f"{name}: {value[0] if value else ''}".strip()
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def execute_notebook(
    path: Path, timeout: int = 600, kernel_name: str = "python3", output: Path | None = None
) -> ExecutionResult:
    """Run every cell of the notebook at ``path`` in a fresh kernel started in its folder.

    Args:
        path: the notebook; it is not modified.
        timeout: seconds allowed per cell.
        kernel_name: the Jupyter kernel to run it with.
        output: where to save the executed notebook, if anywhere.
    """
    nb = read_notebook(path)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name=kernel_name, resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        error = _first_line_of_error(exc)
    seconds = time.perf_counter() - start
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, output)
    return ExecutionResult(path, seconds, error)


def timing_table(results: list[ExecutionResult], root: Path | None = None) -> str:
    """A plain-text table of notebook, seconds and status."""
    names = [str(r.path.relative_to(root) if root and r.path.is_relative_to(root) else r.path) for r in results]
    width = max([len("notebook"), *map(len, names)])
    lines = [f"{'notebook':<{width}}  {'seconds':>8}  status", f"{'-' * width}  {'-' * 8}  ------"]
    for name, result in zip(names, results):
        status = "ok" if result.ok else f"FAILED ({result.error})"
        lines.append(f"{name:<{width}}  {result.seconds:8.1f}  {status}")
    lines.append(f"{'total':<{width}}  {sum(r.seconds for r in results):8.1f}")
    return "\n".join(lines)
