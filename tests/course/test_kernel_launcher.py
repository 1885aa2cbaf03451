"""The launcher every graded kernel starts through: limits set, then the kernel, and nothing heavy."""

from __future__ import annotations

import subprocess
import sys


def launch(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dl_helpers.course.kernel_launcher", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_the_limits_are_set_before_the_command_runs():
    probe = "import resource; print(resource.getrlimit(resource.RLIMIT_DATA)[0], resource.getrlimit(resource.RLIMIT_FSIZE)[0])"
    done = launch("--memory-mib", "512", "--file-mib", "8", "--", sys.executable, "-c", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(512 * 2**20), str(8 * 2**20)]


def test_no_command_is_an_error():
    done = launch("--memory-mib", "512")
    assert done.returncode == 2 and "no kernel command" in done.stderr


def test_the_launcher_loads_no_third_party_module():
    # it runs once per submission: nbformat alone (through jsonschema) costs seconds of start-up
    probe = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import dl_helpers.course.kernel_launcher\n"
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names) - {'dl_helpers'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
