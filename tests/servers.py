"""Start and stop local Jupyter servers for the tests.

Servers bind to 127.0.0.1 on a free port, are polled until ``/api/status``
answers, and are stopped by their process id (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A file every Voila 0.5 install serves from /voila/static/ (its readiness probe).
VOILA_PROBE = "voila.js"

# Lab user settings written into the fresh settings folder: no news/update
# toast asking a question, every notebook cell attached to the DOM (windowing
# off) so a browser finds cell outputs without scrolling, and no autosave.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
    # A browser test runs the committed lessons; it must never write them back.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": False,
    },
}


def fresh_jupyter_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a server with no state from earlier runs or from $HOME.

    Config, runtime, lab settings, workspaces and the IPython profile live
    under ``tmp_path``; kernels and lab extensions are still found in
    ``sys.prefix`` (the venv), so the python3 kernel needs no selection dialog.
    """
    dirs = {
        "JUPYTER_CONFIG_DIR": tmp_path / "jupyter-config",
        "JUPYTER_RUNTIME_DIR": tmp_path / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": tmp_path / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp_path / "workspaces",
        "IPYTHONDIR": tmp_path / "ipython",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, value in LAB_SETTINGS.items():
        f = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value, indent=2))
    env = dict(os.environ, **{k: str(v) for k, v in dirs.items()})
    env.pop("JUPYTER_PATH", None)
    return env


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    token: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (loopback only)
        return resp.status, resp.read()


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 90.0) -> bytes:
    """Poll ``url`` until it answers 200; fail early if the server died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode} before answering; log:\n{log.read_text()[-4000:]}"
            )
        try:
            status, body = _get(url)
            if status == 200:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout} s ({last}); log:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop a server by its process id: SIGTERM, then SIGKILL."""
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def launch_command(notebook_dir: Path, port: int) -> list[str]:
    """The command ``make lab`` runs (see the Makefile's ``lab`` target)."""
    return [
        sys.executable, "-m", "venusedu.launch",
        "--host", "127.0.0.1", "--port", str(port), "--notebook-dir", str(notebook_dir),
    ]


@contextmanager
def lab_server(tmp_path: Path, notebook_dir: Path = NOTEBOOKS):
    """Run JupyterLab exactly as ``make lab`` does, on a free port.

    The launcher prints the URL with its token and then replaces itself by the
    server, so the process id we hold is the server's.
    """
    port = free_port()
    log = tmp_path / "lab.log"
    env = fresh_jupyter_env(tmp_path)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            launch_command(notebook_dir, port), stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        deadline = time.monotonic() + 30
        token = None
        while token is None and time.monotonic() < deadline:
            m = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)", log.read_text())
            if m:
                token = m.group(1)
            elif proc.poll() is not None:
                raise RuntimeError(f"launcher exited early; log:\n{log.read_text()[-4000:]}")
            else:
                time.sleep(0.1)
        if token is None:
            raise TimeoutError(f"launcher printed no URL with a token; log:\n{log.read_text()[-4000:]}")
        server = Server(proc, f"http://127.0.0.1:{port}", token, log)
        wait_for(f"{server.url}/api/status?token={token}", proc, log)
        yield server
    finally:
        stop(proc)


@contextmanager
def voila_server(tmp_path: Path, notebook: Path):
    """Serve one notebook with Voila (code hidden) on a free port, with a token.

    Voila 0.5 has no ``/voila/api/status``; readiness is polled on its static
    file handler (``/voila/static/...``), which answers as soon as the server
    listens, without executing the notebook. The notebook is rendered (and a
    kernel started) only when a browser opens ``/?token=...``.
    """
    port = free_port()
    token = secrets.token_hex(16)
    log = tmp_path / "voila.log"
    env = fresh_jupyter_env(tmp_path)
    cmd = [
        sys.executable, "-m", "voila", str(notebook),
        "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
        "--strip_sources=True", f"--token={token}",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=notebook.parent)
    server = Server(proc, f"http://127.0.0.1:{port}", token, log)
    try:
        wait_for(f"{server.url}/voila/static/{VOILA_PROBE}", proc, log, timeout=90)
        yield server
    finally:
        stop(proc)


def api_json(server: Server, path: str) -> dict:
    status, body = _get(f"{server.url}{path}?token={server.token}")
    assert status == 200
    return json.loads(body)
