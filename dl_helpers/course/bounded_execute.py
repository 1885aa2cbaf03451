"""nbgrader's ``Execute`` with bounds for a whole notebook, so one submission cannot hold up a class.

:class:`BoundedExecute` replaces ``Execute`` among nbgrader's autograde preprocessors. On top
of nbgrader's per-cell timeout it adds:

- a **wall-clock bound for the whole notebook**: each cell gets at most the time left, and
  once the time is spent the remaining cells are not run;
- **a kernel that dies** (a crash, ``os._exit``, the OOM killer) costs only the cells from
  that one on: the cells that finished keep their outputs and their points;
- an **output bound per cell**: past ``max_output_bytes`` further output is dropped, so a
  cell printing in a loop cannot fill the grader's memory or the gradebook;
- **resource limits on the kernel** (memory, file size, processes) through
  :mod:`dl_helpers.course.kernel_launcher`, and, with ``sandbox`` set to bubblewrap's path,
  the kernel in a sandbox of its own (:mod:`dl_helpers.course.sandbox`), talking to the
  grader over Unix sockets since it has no network;
- **warnings are not failures**: nbgrader scores a test cell with any stderr output as zero;
  stderr text (a PyTorch or NumPy warning) is kept as stdout, so only an exception fails a test;
- **the kernel is killed at the end**, not asked to shut down: a graded kernel has nothing
  to save, and one slow to exit (or kept alive by the student's code) would otherwise cost
  seconds of jupyter_client's shutdown wait per submission.

A cell that was not run, or was cut short, ends with an error output whose ``ename`` is
:data:`NOT_RUN` or :data:`OUTPUT_LIMIT` and whose ``evalue`` says why; nbgrader scores it zero.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer, List, Unicode

NOT_RUN = "NotRun"
OUTPUT_LIMIT = "OutputLimit"


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _size(msg_content: dict) -> int:
    if "text" in msg_content:
        return len(msg_content["text"])
    return len(json.dumps(msg_content.get("data", {}))) + len(json.dumps(msg_content.get("traceback", [])))


class LimitedKernelManager(AsyncKernelManager):
    """Starts the kernel through the resource-limiting launcher (and an optional prefix, a sandbox)."""

    launcher_arguments = List(Unicode(), help="Arguments for dl_helpers.course.kernel_launcher.").tag(config=True)
    command_prefix = List(Unicode(), help="A command the kernel runs inside, e.g. a sandbox.").tag(config=True)
    kernel_user = Integer(-1, help="User id the sandboxed kernel runs as (-1: the grader's).").tag(config=True)

    def format_kernel_cmd(self, extra_arguments=None):
        if self.kernel_user >= 0:  # written for the grader's user; the kernel must read it
            os.chown(self.connection_file, self.kernel_user, self.kernel_user)
        command = super().format_kernel_cmd(extra_arguments)
        launcher = [sys.executable, "-m", "dl_helpers.course.kernel_launcher", *self.launcher_arguments, "--"]
        return [*self.command_prefix, *launcher, *command]


class BoundedExecute(Execute):
    """nbgrader's ``Execute`` with a notebook deadline, an output bound and partial credit after a crash."""

    notebook_timeout = Integer(600, help="Seconds for the whole notebook; later cells are not run.").tag(config=True)
    max_output_bytes = Integer(1_000_000, help="Output kept per cell; the rest is dropped.").tag(config=True)
    memory_mib = Integer(4096, help="Memory (RLIMIT_DATA) of the kernel, MiB; 0: no limit.").tag(config=True)
    file_mib = Integer(256, help="Largest file the kernel may write, MiB; 0: no limit.").tag(config=True)
    processes = Integer(0, help="RLIMIT_NPROC of the kernel's user; 0: no limit.").tag(config=True)
    sandbox = Unicode("", help="bubblewrap's path: run each kernel in a sandbox; empty: not isolated.").tag(config=True)
    iopub_timeout = Integer(
        30, help="Seconds to wait for a finished cell's last outputs (nbclient's 4 s is short on a busy machine)."
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", LimitedKernelManager)
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(*args, **kwargs)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, LimitedKernelManager):
            for flag, value in (
                ("--memory-mib", self.memory_mib),
                ("--file-mib", self.file_mib),
                ("--processes", self.processes),
            ):
                if value:
                    km.launcher_arguments = [*km.launcher_arguments, flag, str(value)]
            if self.sandbox:
                self._sandbox(km)
        return km

    def _sandbox(self, km: LimitedKernelManager) -> None:
        from dl_helpers.course.sandbox import sandbox_command, sandbox_user

        uid = sandbox_user()
        self._sockets = Path(tempfile.mkdtemp(prefix="dl-kernel-"))
        if uid is not None:
            os.chown(self._sockets, uid, uid)
            km.kernel_user = uid
        # SIGINT to the process group would reach bubblewrap, not the kernel in its own
        # session: ask the kernel to interrupt itself over its control channel instead
        km.kernel_spec.interrupt_mode = "message"
        km.transport = "ipc"
        km.ip = str(self._sockets / "kernel")
        km.connection_file = str(self._sockets / "kernel.json")
        workdir = Path(self.resources.get("metadata", {}).get("path") or ".")
        km.command_prefix = sandbox_command(self.sandbox, workdir, self._sockets, uid)

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.notebook_timeout
        self._stopped = ""  # why the remaining cells are not run
        self._cut_by_deadline = False  # the running cell's time was cut to the deadline
        self._output_bytes: dict[int, int] = {}
        self.timeout_func = self._time_for_cell
        self._sockets = None
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._sockets is not None:
                shutil.rmtree(self._sockets, ignore_errors=True)

    def _time_for_cell(self, cell) -> int:
        left = max(1, math.ceil(self._deadline - time.monotonic()))
        self._cut_by_deadline = not (self.timeout and 0 < self.timeout < left)
        return left if self._cut_by_deadline else self.timeout

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if not self._stopped and time.monotonic() >= self._deadline:
            self._stopped = f"the notebook's time limit of {self.notebook_timeout} s was reached before this cell"
        if self._stopped:
            cell.outputs = [_error(NOT_RUN, self._stopped)]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
            timed_out = any(o.get("ename") == "CellTimeoutError" for o in cell.outputs if o.output_type == "error")
            if timed_out and self._cut_by_deadline:
                self._stopped = f"the notebook's time limit of {self.notebook_timeout} s was reached before this cell"
            return cell, resources
        except DeadKernelError:
            self._stopped = "the kernel died in an earlier cell (a crash, os._exit() or running out of memory)"
            cell.outputs.append(
                _error(
                    NOT_RUN, "the kernel died while running this cell (a crash, os._exit() or running out of memory)"
                )
            )
            return cell, resources
        except CellTimeoutError:  # the kernel did not answer an interrupt, or its outputs never ended
            self._stopped = "an earlier cell stopped answering and the kernel could not be interrupted"
            cell.outputs.append(_error(NOT_RUN, "this cell stopped answering and was abandoned"))
            return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg["msg_type"] == "stream" and content.get("name") == "stderr":
            content["name"] = "stdout"
        if msg["msg_type"] in ("stream", "display_data", "execute_result", "error", "update_display_data"):
            used = self._output_bytes.get(cell_index, 0)
            if used > self.max_output_bytes:
                return None
            used += _size(content)
            self._output_bytes[cell_index] = used
            if used > self.max_output_bytes:
                outs.append(
                    _error(
                        OUTPUT_LIMIT, f"this cell printed more than {self.max_output_bytes} bytes; the rest was dropped"
                    )
                )
                return None
        return super().output(outs, msg, display_id, cell_index)
