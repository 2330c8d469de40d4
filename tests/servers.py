"""Start and stop local Jupyter servers for the tests, the way ``make lab`` and ``make app`` do.

Servers bind to 127.0.0.1 on a free port, are started through
``python -m venusedu.launch`` (which prints the URL once they listen), and
are stopped by the launcher's process id (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import json
import os
import re
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


def launch_command(notebook_dir: Path, port: int, *, workspace: bool = False) -> list[str]:
    """The command ``make lab`` runs on a student workspace (``workspace=True``, the
    Makefile's ``lab`` target) or ``make lab-instructor`` on a folder as it is."""
    return [
        sys.executable,
        "-m",
        "venusedu.launch",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workspace" if workspace else "--notebook-dir",
        str(notebook_dir),
    ]


def app_command(notebook: Path, port: int) -> list[str]:
    """The command ``make app`` runs (see the Makefile's ``app`` target)."""
    return [
        sys.executable,
        "-m",
        "venusedu.launch",
        "--app",
        str(notebook),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def _start_launcher(cmd: list[str], tmp_path: Path, log: Path, url_pattern: str, cwd: Path | None = None):
    """Start the launcher; return the process and the token from the URL it prints.

    The launcher prints the URL only once the server listens, so the server
    answers as soon as the URL is in the log.
    """
    env = fresh_jupyter_env(tmp_path)
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        m = re.search(url_pattern, log.read_text(errors="replace"))
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            raise RuntimeError(f"launcher exited early; log:\n{log.read_text()[-4000:]}")
        time.sleep(0.1)
    stop(proc)
    raise TimeoutError(f"launcher printed no URL with a token; log:\n{log.read_text()[-4000:]}")


@contextmanager
def lab_server(tmp_path: Path, notebook_dir: Path = NOTEBOOKS, *, workspace: bool = False):
    """Run JupyterLab exactly as ``make lab`` (``workspace=True``: ``notebook_dir`` is
    the student workspace, made if missing) or ``make lab-instructor`` does, on a free port.

    ``server.pid`` is the launcher's; the JupyterLab server is its child and
    stops with it.
    """
    port = free_port()
    log = tmp_path / "lab.log"
    proc, token = _start_launcher(
        launch_command(notebook_dir, port, workspace=workspace),
        tmp_path,
        log,
        rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)",
    )
    try:
        server = Server(proc, f"http://127.0.0.1:{port}", token, log)
        wait_for(f"{server.url}/api/status?token={token}", proc, log)
        yield server
    finally:
        stop(proc)


@contextmanager
def voila_server(tmp_path: Path, notebook: Path):
    """Serve one notebook with Voila (code hidden) exactly as ``make app`` does, on a free port.

    The notebook is rendered (and a kernel started) only when a browser opens
    ``/?token=...``.
    """
    port = free_port()
    log = tmp_path / "voila.log"
    proc, token = _start_launcher(
        app_command(notebook, port), tmp_path, log, rf"http://127\.0\.0\.1:{port}/\?token=([0-9a-f]+)"
    )
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


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants that are alive now (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def cmdline(pid: int) -> str:
    """The command line of a process, arguments joined by spaces ("" if it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def post_json(server: Server, path: str, body: dict | None = None, token: str | None = "") -> tuple[int, dict]:
    """POST ``body`` to the server (with the server's token unless ``token`` says otherwise)."""
    token = server.token if token == "" else token
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    request = urllib.request.Request(
        f"{server.url}{path}", data=json.dumps(body or {}).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 (loopback only)
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}
