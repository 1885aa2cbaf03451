"""A throwaway JupyterLab server on 127.0.0.1 for the real-browser test.

    with JupyterLab(root_dir) as lab:
        page.goto(lab.url("lab/tree/widgets_tour.ipynb"))

It runs the JupyterLab of this Python (`sys.executable -m jupyterlab`) on a free port with
a random token, serves only `root_dir`, and keeps its config, settings, workspaces and
runtime files in a folder of its own, so the user's JupyterLab setup plays no part. Nothing
reaches the internet: no news feed, no update check, no extension manager (no PyPI
look-ups). `window.jupyterapp` is exposed so that the test can run JupyterLab commands.
On exit the server is asked to shut down (kernels included), then terminated, then killed.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"

# User settings the server starts with (JupyterLab settings files, one per plugin).
LAB_SETTINGS = {
    # Never fetch the Jupyter news feed or check for updates, and don't ask about it.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Attach every cell to the DOM, so that widgets below the fold exist and can be found.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


# Front-end plugins turned off (page_config.json): the extension manager, which would look up PyPI.
DISABLED_PLUGINS = ["@jupyterlab/extensionmanager-extension"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class JupyterLab:
    """`jupyter lab` serving `root_dir` on 127.0.0.1; a context manager."""

    def __init__(self, root_dir: Path, start_timeout: float = 60.0):
        self.root_dir = Path(root_dir)
        self.start_timeout = start_timeout
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.home = self.root_dir.parent / f"{self.root_dir.name}-jupyter"
        self.log_path = self.home / "server.log"
        self.process: subprocess.Popen | None = None

    def url(self, path: str = "") -> str:
        separator = "&" if "?" in path else "?"
        return f"http://{HOST}:{self.port}/{path}{separator}token={self.token}"

    def command(self) -> list[str]:
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--ServerApp.ip={HOST}",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True",
            *as_root,
        ]

    def environment(self) -> dict[str, str]:
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        }
        env = dict(os.environ)
        for variable, name in dirs.items():
            env[variable] = str(self.home / name)
            (self.home / name).mkdir(parents=True, exist_ok=True)
        page_config = self.home / "config" / "labconfig" / "page_config.json"
        page_config.parent.mkdir(parents=True, exist_ok=True)
        page_config.write_text(json.dumps({"disabledExtensions": {name: True for name in DISABLED_PLUGINS}}))
        for plugin, settings in LAB_SETTINGS.items():
            path = self.home / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        return env

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no server log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _api(self, path: str, method: str = "GET") -> int:
        request = urllib.request.Request(
            f"http://{HOST}:{self.port}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with status {self.process.returncode} before answering; "
                    f"its log ends:\n{self.log_tail()}"
                )
            try:
                if self._api("status") == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(
            f"jupyter lab did not answer /api/status within {self.start_timeout:.0f} s; "
            f"its log ends:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self._api("shutdown", method="POST")  # stops the kernels too
            self.process.wait(timeout=10)
        except (urllib.error.URLError, ConnectionError, TimeoutError, subprocess.TimeoutExpired):
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> JupyterLab:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
