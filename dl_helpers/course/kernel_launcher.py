"""Start a notebook kernel under resource limits: ``python -m dl_helpers.course.kernel_launcher [limits] -- CMD...``.

The grader starts each student's kernel through this launcher, which sets the limits on
its own process and then replaces itself with the kernel (``os.execvp``), so the kernel and
everything it starts inherit them:

- ``--memory-mib``: ``RLIMIT_DATA``, the kernel's heap and anonymous memory. An allocation
  past it fails with ``MemoryError`` / PyTorch's "can't allocate memory" in the cell that
  asked, instead of the machine swapping or the OOM killer picking a victim. (``RLIMIT_AS``
  would also count address space that libraries reserve without using.)
- ``--file-mib``: ``RLIMIT_FSIZE``, the largest file the kernel may write.
- ``--processes``: ``RLIMIT_NPROC``, processes of the kernel's user (a fork bomb fails
  with "Resource temporarily unavailable").

The kernel also gets SIGKILL when the process that started it dies (Linux's parent-death
signal), so killing a grading worker that overran its time leaves no kernel behind.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import signal
import sys

MIB = 1024 * 1024


def limit(kind: int, value: int) -> None:
    """Lower both the soft and hard limit of ``kind`` to ``value`` (never raise them)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process (and the program it becomes) when its parent exits."""
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="kernel_launcher")
    parser.add_argument("--memory-mib", type=int)
    parser.add_argument("--file-mib", type=int)
    parser.add_argument("--processes", type=int)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no kernel command after --")
    if args.memory_mib:
        limit(resource.RLIMIT_DATA, args.memory_mib * MIB)
    if args.file_mib:
        limit(resource.RLIMIT_FSIZE, args.file_mib * MIB)
    if args.processes:
        limit(resource.RLIMIT_NPROC, args.processes)
    die_with_parent()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
