"""Run a student's kernel in a bubblewrap sandbox that reaches nothing but its own scratch folder.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``, the sandbox Flatpak
uses) starts the kernel in new Linux namespaces with a file system made of:

- read-only: the system (``/usr``, ``/etc``...), the Python environment and ``dl_helpers``;
- writable: a private ``/tmp`` and a fresh working folder, both in memory with a size cap
  (the assignment's own files, if it ships any, appear in it read-only);
- the kernel's sockets: a private folder of Unix sockets the grader talks to it through.

Nothing else of the machine exists inside: not ``solutions/``, not the gradebook, not the
submissions, not other students' folders, not the instructor's home; no network (its own
empty network namespace), no other processes (its own PID namespace). When the grader runs
as root the kernel also runs as an unprivileged user of its own, so its process bound
(``RLIMIT_NPROC``) counts only its own processes: a fork bomb stops there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dl_helpers

SANDBOX_UID_BASE = 61000  # unprivileged, unnamed user ids for sandboxed kernels (root graders only)


def bwrap_path() -> str | None:
    """The bubblewrap executable (``DL_BWRAP`` overrides the search on PATH), or None."""
    override = os.environ.get("DL_BWRAP")
    if override:
        return override if os.access(override, os.X_OK) else None
    return shutil.which("bwrap")


def sandbox_user() -> int | None:
    """A user id of its own for this worker's kernels, when the grader may switch users (root)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    return SANDBOX_UID_BASE + os.getpid() % 4000


def _namespaces(uid: int | None) -> list[str]:
    if uid is None:  # an ordinary user: bubblewrap needs a user namespace of its own
        return ["--unshare-all"]
    # root: no user namespace, so that the kernel's own user id below is a real one, with
    # only the capabilities needed to switch to it
    return [
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--cap-add",
        "CAP_SETUID",
        "--cap-add",
        "CAP_SETGID",
    ]


def _as_user(uid: int | None) -> list[str]:
    """Inside the sandbox: become ``uid`` with no capabilities left (root graders only)."""
    if uid is None:
        return []
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
    ]


def _system_binds() -> list[str]:
    args: list[str] = []
    for path in ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        p = Path(path)
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), path]
        elif p.exists():
            args += ["--ro-bind", path, path]
    for device in sorted(Path("/dev").glob("nvidia*")):  # CUDA, where there is a GPU
        args += ["--dev-bind", str(device), str(device)]
    return args


def _environment_paths() -> list[Path]:
    """The folders a kernel needs from the machine: the venv, the Python it was made from, dl_helpers."""
    paths = {
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.executable).resolve().parent.parent,
        Path(dl_helpers.__file__).resolve().parent,
    }
    return sorted(paths)


def _python_binds() -> list[str]:
    return [arg for path in _environment_paths() for arg in ("--ro-bind", str(path), str(path))]


def _parents(*paths: Path) -> list[str]:
    """Create the folders above bind points traversable (bubblewrap makes them 0700 for root)."""
    parents = sorted(
        {parent for path in paths for parent in path.parents if parent != Path("/")}, key=lambda p: len(p.parts)
    )
    return [arg for parent in parents for arg in ("--perms", "0755", "--dir", str(parent))]


def sandbox_command(
    bwrap: str,
    workdir: Path,
    sockets: Path,
    uid: int | None,
    scratch_mib: int = 256,
) -> list[str]:
    """The command prefix that runs a kernel sandboxed, with ``workdir`` as its working folder."""
    workdir, sockets = workdir.resolve(), sockets.resolve()
    for needed in _environment_paths():
        if workdir == needed or workdir in needed.parents:
            raise ValueError(f"the sandbox's working folder {workdir} would hide {needed}: use a folder of its own")
    size = str(scratch_mib * 1024 * 1024)
    args = [
        bwrap,
        *_namespaces(uid),  # pid, network, ipc, uts, cgroup (and user) namespaces of its own
        "--die-with-parent",
        "--new-session",
        # /tmp first: the environment, the working folder or the sockets may lie under it
        "--perms",
        "1777",
        "--size",
        size,
        "--tmpfs",
        "/tmp",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        *_system_binds(),
        *_parents(*_environment_paths(), workdir, sockets),
        *_python_binds(),
        "--perms",
        "1777",
        "--size",
        size,
        "--tmpfs",
        str(workdir),
    ]
    if workdir.is_dir():
        for path in sorted(workdir.iterdir()):
            if path.is_file() and path.suffix != ".ipynb":  # files the assignment ships, read-only
                args += ["--ro-bind", str(path), str(path)]
    args += [
        "--bind",
        str(sockets),
        str(sockets),
        "--chdir",
        str(workdir),
        "--clearenv",
        "--setenv",
        "PATH",
        f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "--setenv",
        "HOME",
        "/tmp",
        "--setenv",
        "TMPDIR",
        "/tmp",
        "--setenv",
        "MPLCONFIGDIR",
        "/tmp/matplotlib",
        "--setenv",
        "LANG",
        "C.UTF-8",
    ]
    for name in ("DL_DEVICE", "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS"):
        if name in os.environ:
            args += ["--setenv", name, os.environ[name]]
    return args + ["--", *_as_user(uid)]


def check_sandbox(bwrap: str | None) -> str:
    """ "" when a sandboxed process can start here, else why not."""
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    uid = sandbox_user()
    probe = [bwrap, *_namespaces(uid), "--die-with-parent", "--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev"]
    probe += [*_system_binds(), *_parents(*_environment_paths()), *_python_binds()]
    probe += ["--", *_as_user(uid), sys.executable, "-c", "import dl_helpers"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap could not start: {error}"
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bubblewrap could not start a sandbox here ({reason}); user namespaces may be disabled"
    return ""
