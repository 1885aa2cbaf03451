#!/usr/bin/env python3
"""Set up the course in a local virtual environment, then open JupyterLab or run the tests.

    python3 course.py lab     # set up, then open JupyterLab on the student notebooks
    python3 course.py test    # set up, then lint (ruff) and run the whole test suite (extra arguments go to pytest)

Needs only Python 3.10+. The environment lives in ./.venv (or $DL_VENV) and is reused;
it is refreshed when pyproject.toml changes. PyTorch is installed first: on a machine
without an NVIDIA GPU the CPU build is taken, from a local wheelhouse that pip is
configured with (PIP_FIND_LINKS) when it has one, else from PyTorch's CPU index
(override with $DL_TORCH_INDEX_URL), so that no multi-GB CUDA build is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("DL_VENV", ROOT / ".venv"))
TORCH_CPU_INDEX = os.environ.get("DL_TORCH_INDEX_URL", "https://download.pytorch.org/whl/cpu")
STAMP = VENV / ".dl-course-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: object, check: bool = True) -> int:
    print("+", " ".join(map(str, command)), flush=True)
    return subprocess.run([str(c) for c in command], check=check, env=activated_environment()).returncode


def activated_environment() -> dict[str, str]:
    """The environment as `activate` would leave it: the venv's scripts first on PATH."""
    env = dict(os.environ, VIRTUAL_ENV=str(VENV))
    env["PATH"] = str(venv_python().parent) + os.pathsep + env.get("PATH", "")
    return env


def has_nvidia_gpu() -> bool:
    return (
        shutil.which("nvidia-smi") is not None
        and subprocess.run(["nvidia-smi", "-L"], capture_output=True).returncode == 0
    )


def torch_installed(python: Path) -> bool:
    return subprocess.run([str(python), "-c", "import torch"], capture_output=True).returncode == 0


def install_torch(python: Path) -> None:
    pip = [python, "-m", "pip", "install"]
    if has_nvidia_gpu():
        run(*pip, "torch")  # PyPI's Linux wheels are CUDA builds
        return
    # A CPU build: a local wheelhouse first (offline machines, classrooms), then PyTorch's CPU index.
    if run(*pip, "--no-index", "--no-deps", "torch", check=False) == 0:
        return
    run(*pip, "torch", "--index-url", TORCH_CPU_INDEX)


def setup() -> Path:
    """Create or reuse the virtual environment and install the course into it."""
    if sys.version_info < (3, 10):  # noqa: UP036 (this script must explain itself on an older Python)
        sys.exit(f"course.py needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        run(sys.executable, "-m", "venv", VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and torch_installed(python):
        return python
    run(python, "-m", "pip", "install", "--upgrade", "pip")
    if not torch_installed(python):
        install_torch(python)
    run(python, "-m", "pip", "install", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test", "setup"):
        print(__doc__.strip())
        return 2
    python = setup()
    command, extra = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "lab":
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers run as root
        return run(python, "-m", "jupyter", "lab", "notebooks", *as_root, *extra, check=False)
    if command == "test":
        lint = [
            run(python, "-m", "ruff", "check", ".", check=False),
            run(python, "-m", "ruff", "format", "--check", ".", check=False),
        ]
        return run(python, "-m", "pytest", *extra, check=False) or max(lint)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
