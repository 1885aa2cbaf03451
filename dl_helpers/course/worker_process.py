"""A long-lived :mod:`dl_helpers.course.nbgrader_worker` process that runs one grading job at a time."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from dl_helpers.course.nbgrader_run import environment_with_own_scripts


class WorkerProcess:
    """Starts the worker on first use, and again after it was killed or died.

    Args:
        log: file the worker's stderr (nbgrader's log) is appended to.
        threads: OpenMP threads for the kernels it starts (default: the environment's), so
            that workers side by side do not each take every core.
    """

    def __init__(self, log: Path, threads: int | None = None):
        self.log = log
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()

    def _start(self) -> subprocess.Popen:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "a") as stderr:
            env = environment_with_own_scripts()
            if self.threads and "OMP_NUM_THREADS" not in env:
                env["OMP_NUM_THREADS"] = str(self.threads)  # the kernels' share of the cores
            process = subprocess.Popen(
                [sys.executable, "-m", "dl_helpers.course.nbgrader_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env=env,
                start_new_session=True,  # its own process group: killed as a whole on a timeout
            )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(process, self.lines), daemon=True).start()
        return process

    @staticmethod
    def _read(process: subprocess.Popen, lines: queue.Queue) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)  # end of output: the process exited

    def start(self) -> None:
        """Start the worker now if it is not running (:meth:`run` also does)."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()

    def run(self, settings: dict, timeout: float) -> tuple[list[dict], str]:
        """Run one job; return its JSON messages and "" or why the job did not finish."""
        self.start()
        self.process.stdin.write(json.dumps(settings) + "\n")
        self.process.stdin.flush()
        messages: list[dict] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                return messages, f"took longer than {timeout:.0f} s and was stopped"
            if line is None:
                status = self.process.wait()
                self.process = None
                return messages, f"the grading process stopped (exit status {status})"
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue  # not a message (the worker writes nothing else here)
            if message.get("done"):
                return messages, ""
            messages.append(message)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it may have exited since poll()
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def close(self) -> None:
        """Let the worker finish at the end of its input; kill it if it does not."""
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
