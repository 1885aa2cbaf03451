#!/usr/bin/env python3
"""Chapter 06's targets, read from one execution of its solution notebook.

    python benchmarks/convolutional_networks.py

Targets: the notebook executes in 60 s or less on a 2-core CPU; LeNet reaches at least 98 % test
accuracy on the digits; on digits placed at random on a 16x16 canvas the small CNN is at least
10 percentage points ahead of the MLP with as many parameters. The speed-up of the unfold
convolution over the loop over positions is printed too (no target: it depends on the machine).
The numbers are the ones the notebook prints, parsed from its outputs, so the two cannot disagree.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import nbformat

from dl_helpers.course import Course
from dl_helpers.course.execute import execute_notebook

ASSIGNMENT = "06_convolutional_networks"
TARGET_SECONDS = 60.0
LENET_TARGET = 0.98
GAP_TARGET_POINTS = 10.0


def printed_text(notebook: Path) -> str:
    """Everything the executed notebook printed, cell after cell."""
    nb = nbformat.read(notebook, as_version=4)
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"the notebook printed nothing matching {pattern!r}")
    return float(match.group(1))


def main() -> None:
    course = Course.find(Path(__file__).parent)
    source = course.source_notebooks(ASSIGNMENT)[0]
    with tempfile.TemporaryDirectory() as scratch:
        executed = Path(scratch) / source.name
        result = execute_notebook(source, output=executed)
        if not result.ok:
            raise SystemExit(f"{source} failed: {result.error}")
        text = printed_text(executed)
    lenet = number(r"LeNet: .*test accuracy ([\d.]+)%", text) / 100
    cnn = number(r"small CNN .*test accuracy ([\d.]+)%", text) / 100
    mlp = number(r"MLP \(hidden width \d+\) .*test accuracy ([\d.]+)%", text) / 100
    speedup = number(r"unfold \+ matmul is (\d+) times faster", text)
    gap = 100 * (cnn - mlp)
    rows = [
        ("execution", f"{result.seconds:.1f} s", f"<= {TARGET_SECONDS:g} s", result.seconds <= TARGET_SECONDS),
        ("LeNet test accuracy (digits)", f"{lenet:.1%}", f">= {LENET_TARGET:.0%}", lenet >= LENET_TARGET),
        ("small CNN, moved digits", f"{cnn:.1%}", "", None),
        ("equal-size MLP, moved digits", f"{mlp:.1%}", "", None),
        ("CNN ahead of MLP", f"{gap:.1f} points", f">= {GAP_TARGET_POINTS:g} points", gap >= GAP_TARGET_POINTS),
        ("unfold speed-up over loops", f"{speedup:.0f}x", "printed only", None),
    ]
    for name, value, target, met in rows:
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(f"{name:<30} {value:>14}  {target:<16} {verdict}")


if __name__ == "__main__":
    main()
