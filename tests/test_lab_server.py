"""`make lab` and `make app`: servers people can trust on a shared machine.

The servers are started exactly as the Makefile starts them (``python -m
venusedu.launch``). Checked: the token is on no command line of the launcher,
the server or any process they start (kernels, terminals), only in a file
readable by the user alone; terminals answer the token and nobody else; the
URL is printed once the server listens; a busy port is reported in one line
and the next free port used; no deprecation warning at start.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import (
    NOTEBOOKS,
    _get,
    api_json,
    app_command,
    cmdline,
    free_port,
    fresh_jupyter_env,
    lab_server,
    launch_command,
    post_json,
    process_tree,
    stop,
    voila_server,
)
from venusedu.launch import lab_command, next_free_port, port_is_free, serve, server_environment, voila_command

ROOT = Path(__file__).resolve().parents[1]
EXPLORER = NOTEBOOKS / "05_explorer.ipynb"

pytestmark = pytest.mark.server


def _make_line(target: str, *variables: str) -> list[str]:
    out = subprocess.run(
        ["make", "-n", target, *variables], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(ln for ln in out.splitlines() if "venusedu.launch" in ln)
    return line.split()[1:]  # drop the interpreter path


def test_make_lab_runs_the_command_the_tests_start():
    """`make lab` (the student workspace) and `make lab-instructor` (the source) run
    exactly the launcher commands that `lab_server` starts."""
    assert _make_line("lab") == launch_command(Path("workspace"), 8888, workspace=True)[1:]
    assert _make_line("lab", "WORKSPACE=mine") == launch_command(Path("mine"), 8888, workspace=True)[1:]
    assert _make_line("lab-instructor") == launch_command(Path("notebooks"), 8888)[1:]
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "/workspace/" in ignored, "the student workspace of `make lab` must not be committed"


def test_workspace_is_made_once_then_left_as_it_is(tmp_path, monkeypatch):
    from venusedu.launch import prepare_workspace

    monkeypatch.chdir(tmp_path)
    message = prepare_workspace("workspace")
    assert "made your workspace workspace/" in message and "student version" in message
    lesson = tmp_path / "workspace" / "03_fat_blanket.ipynb"
    nb = json.loads(lesson.read_text())
    assert all(not cell.get("outputs") for cell in nb["cells"])
    assert "raise NotImplementedError" in "".join("".join(cell["source"]) for cell in nb["cells"])
    assert (tmp_path / "workspace" / "MODEL.md").is_file()
    lesson.write_text("my own work")
    (tmp_path / "workspace" / "01_anatomy.ipynb").unlink()
    message = prepare_workspace("workspace")
    assert "used as it is" in message and "start workspace --force" in message
    assert lesson.read_text() == "my own work"
    assert not (tmp_path / "workspace" / "01_anatomy.ipynb").exists()  # nothing is added behind the student's back


def test_workspace_that_cannot_be_made_is_one_error_line(tmp_path):
    (tmp_path / "afile").write_text("x")
    for folder in ("afile", "afile/ws"):
        proc = subprocess.run(
            [sys.executable, "-m", "venusedu.launch", "--workspace", folder, "--port", "9"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, proc
        lines = proc.stderr.strip().splitlines()
        assert lines[-1].startswith("python -m venusedu.launch: error: --workspace") and "is a file" in lines[-1]
        assert "Traceback" not in proc.stderr


def test_make_app_runs_the_command_the_tests_start():
    assert _make_line("app", "APP_PORT=8871") == app_command(Path("app/explorer_app.ipynb"), 8871)[1:]


def test_make_app_serves_the_app_page_with_its_template(tmp_path):
    """The app page's folder carries its Voila template; a notebook elsewhere gets Voila's default."""
    from venusedu.launch import APP_TEMPLATE, app_template

    assert app_template(ROOT / "app" / "explorer_app.ipynb") == ROOT / "app"
    assert (ROOT / "app" / "voila.json").is_file()
    assert app_template(EXPLORER) is None
    cmd = voila_command(ROOT / "app" / "explorer_app.ipynb", port=9997, template=APP_TEMPLATE)
    assert cmd[-1] == "--template=venusedu-app" and "--strip_sources=True" in cmd
    env = server_environment(
        tmp_path / "token", base={"JUPYTER_TOKEN": "x" * 48, "JUPYTER_PATH": "/a"}, jupyter_path=ROOT / "app"
    )
    assert "JUPYTER_TOKEN" not in env and env["JUPYTER_PATH"] == f"{ROOT / 'app'}{os.pathsep}/a"


def test_commands_bind_loopback_and_carry_no_token():
    cmd = lab_command(NOTEBOOKS, port=9999)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port_retries=0" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    app = voila_command(EXPLORER, port=9998)
    assert "--Voila.ip=127.0.0.1" in app and "--strip_sources=True" in app
    assert "--Voila.auto_token=True" in app  # a token is required, read from JUPYTER_TOKEN_FILE
    for arg in cmd + app:
        assert not re.search(r"(?<!auto_)token\s*=", arg, re.I), arg
    with pytest.raises(ValueError, match="port"):
        lab_command(NOTEBOOKS, port=0)


def test_widget_messages_do_not_make_the_page_show_the_kernel_busy():
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    from venusedu.launch_commands import untracked_message_types

    types = untracked_message_types()
    assert "comm_msg" in types and len(types) == len(set(types))
    assert set(MappingKernelManager().untracked_message_types) <= set(types)  # jupyter_server's own, kept
    assert not any("untracked" in a for a in lab_command(NOTEBOOKS, port=9999))  # the page's list only


def _page_config(server) -> dict:
    """The JupyterLab page's config (``jupyter-config-data``), as the browser gets it."""
    _, html = _get(f"{server.url}/lab?token={server.token}", timeout=30)
    found = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, html[:2000]
    return json.loads(found.group(1))


def _wait_for_process(root: int, needle: str, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in process_tree(root):
            if needle in cmdline(pid):
                return pid
        time.sleep(0.2)
    raise AssertionError(f"no process with {needle!r} under {root}: {[cmdline(p)[:120] for p in process_tree(root)]}")


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def _check_no_token_anywhere(tree: list[int], token: str, *, environment: bool = True) -> set[int]:
    """The token is on no command line of ``tree``; with ``environment``, in no environment either.

    A process's environment (unlike its command line) is readable by its
    owner only; that is checked for every process. Returns the processes
    checked (those still running when their turn came).
    """
    assert token and len(token) >= 32
    checked = set()
    for pid in tree:
        line = cmdline(pid)
        assert token not in line, f"the token is on the command line of {pid}: {line[:200]}"
        try:
            info = Path(f"/proc/{pid}/environ").stat()
            env = _environ(pid)
        except (FileNotFoundError, ProcessLookupError):  # a short-lived child (a shell's helper) ended meanwhile
            continue
        checked.add(pid)
        assert stat.S_IMODE(info.st_mode) & 0o077 == 0 and info.st_uid == os.getuid(), oct(info.st_mode)
        assert "JUPYTER_TOKEN" not in env, f"process {pid} has JUPYTER_TOKEN in its environment"
        if environment:
            assert token not in "".join(env.values()), f"process {pid} has the token in its environment"
    return checked


def _check_private_token_file(pid: int, token: str) -> Path:
    path = Path(_environ(pid)["JUPYTER_TOKEN_FILE"])
    info, folder = path.stat(), path.parent.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600, oct(info.st_mode)
    assert stat.S_IMODE(folder.st_mode) == 0o700, oct(folder.st_mode)
    assert info.st_uid == os.getuid() == folder.st_uid
    assert path.read_text() == token
    return path


def test_lab_token_is_on_no_command_line_and_terminals_need_it(tmp_path):
    """`make lab` as a student first runs it: the workspace is made with the student
    version, served, and nobody else can use the lab or its terminal."""
    with lab_server(tmp_path, tmp_path / "workspace", workspace=True) as server:
        log = server.log.read_text()
        # the URL is printed once the server listens: the first request answers
        assert "venusedu lessons:" in log and "made your workspace" in log
        status = api_json(server, "/api/status")
        assert "started" in status
        # the page ignores the kernel's busy and idle answers to widget messages
        assert "comm_msg" in _page_config(server)["untracked_message_types"]
        names = {item["name"] for item in api_json(server, "/api/contents")["content"]}
        assert {"00_start_here.ipynb", "MODEL.md", "SOURCES.md"} <= names
        assert "__init__.py" not in names  # packaging detail, hidden from students
        # the student version: no answers in sight
        nb = api_json(server, "/api/contents/03_fat_blanket.ipynb")["content"]
        assert all(not cell.get("outputs") for cell in nb["cells"])
        assert not any("instructor" in cell["metadata"].get("tags", []) for cell in nb["cells"])
        assert "raise NotImplementedError" in "".join(cell["source"] for cell in nb["cells"])
        # a kernel and a terminal, as a student would start them
        code, kernel = post_json(server, "/api/kernels", {"name": "python3"})
        assert code == 201, code
        code, terminal = post_json(server, "/api/terminals")
        assert code == 200 and terminal.get("name"), (code, terminal)
        # terminals answer only the token
        assert post_json(server, "/api/terminals", token=None)[0] == 403
        assert post_json(server, "/api/terminals", token="0" * 48)[0] == 403
        lab = _wait_for_process(server.pid, "-m jupyterlab")
        kernel_pid = _wait_for_process(server.pid, "ipykernel_launcher")
        tree = process_tree(server.pid)
        assert len(tree) >= 4, [cmdline(p)[:100] for p in tree]  # launcher, lab, kernel, shell
        checked = _check_no_token_anywhere(tree, server.token)
        assert {server.pid, lab, kernel_pid} <= checked, (checked, tree)
        token_file = _check_private_token_file(lab, server.token)
        # no deprecation warning while the server started
        assert "Deprecat" not in log and "deprecated" not in log, log[-3000:]
    assert server.process.poll() is not None
    for pid in tree:
        assert not Path(f"/proc/{pid}").exists() or cmdline(pid) == "", f"process {pid} outlived the lab"
    assert not token_file.exists() and not token_file.parent.exists()


@pytest.mark.slow
def test_app_token_is_on_no_command_line(tmp_path):
    with voila_server(tmp_path, EXPLORER) as server:
        assert "venusedu explorer:" in server.log.read_text()
        with pytest.raises(urllib.error.HTTPError):  # no token: the app is refused
            opener = urllib.request.build_opener(_NoRedirect)
            opener.open(f"{server.url}/", timeout=30)
        status, body = _get(f"{server.url}/?token={server.token}", timeout=300)  # renders: starts a kernel
        assert status == 200 and b"<html" in body.lower()
        voila = _wait_for_process(server.pid, "-m voila")
        _wait_for_process(server.pid, "ipykernel_launcher")
        tree = process_tree(server.pid)
        # Voila hands the request (URL, query string) to the kernel in its
        # environment, which only the owner can read: allowed there.
        checked = _check_no_token_anywhere(tree, server.token, environment=False)
        assert {server.pid, voila} <= checked, (checked, tree)
        token_file = _check_private_token_file(voila, server.token)
        assert "Deprecat" not in server.log.read_text()
    assert server.process.poll() is not None
    assert not token_file.parent.exists()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect to the login page is a refusal
        return None


def _launch(tmp_path: Path, port: int) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "launch.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            launch_command(NOTEBOOKS, port), stdout=out, stderr=subprocess.STDOUT, env=fresh_jupyter_env(tmp_path)
        )
    return proc, log


def _wait_for_url(proc, log: Path, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/lab\?token=([0-9a-f]+)", log.read_text())
        if m:
            return m
        assert proc.poll() is None, log.read_text()[-3000:]
        time.sleep(0.05)
    raise AssertionError(log.read_text()[-3000:])


def test_busy_port_moves_to_the_next_free_one_and_says_so(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        assert not port_is_free("127.0.0.1", busy)
        expected = next_free_port("127.0.0.1", busy)
        proc, log = _launch(tmp_path, busy)
        try:
            m = _wait_for_url(proc, log)
            port, token = int(m.group(1)), m.group(2)
            text = log.read_text()
            assert port == expected != busy
            notice = [ln for ln in text.splitlines() if "is busy" in ln]
            assert len(notice) == 1, text[-2000:]
            assert f"port {busy}" in notice[0] and f"port {port} is used" in notice[0]
            assert "make lab PORT=" in notice[0]
            # printed once listening: the very first request answers, no retry
            status, _ = _get(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=10)
            assert status == 200
            assert text.index("is busy") < text.index("/lab?token=")
        finally:
            stop(proc)


def test_url_is_printed_only_after_the_server_listens(tmp_path):
    port = free_port()
    proc, log = _launch(tmp_path, port)
    try:
        m = _wait_for_url(proc, log)
        status, body = _get(f"http://127.0.0.1:{port}/api/status?token={m.group(2)}", timeout=10)
        assert status == 200 and "started" in json.loads(body)
    finally:
        stop(proc)


def test_a_server_that_stops_before_listening_gets_no_url(tmp_path, capsys):
    """serve() announces nothing and says why in one line when the server dies first."""
    announced = []
    port = free_port()
    rc = serve(
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        host="127.0.0.1",
        port=port,
        token="t" * 48,
        probe="/api/status",
        announce=announced.append,
        name="JupyterLab",
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 3 and announced == []
    assert len(err) == 1 and err[0].startswith("venusedu: error: JupyterLab stopped (exit status 3)")
    assert f"127.0.0.1:{port}" in err[0]


def test_serve_outside_the_main_thread_is_refused_before_the_server_starts(tmp_path):
    """Signals are handled on the main thread only: serve() says so at once and starts nothing
    (a server started first would be left running when installing the handlers failed)."""
    import threading

    marker = tmp_path / "started"
    outcome: list[BaseException] = []

    def call():
        try:
            serve(
                [sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"],
                host="127.0.0.1",
                port=free_port(),
                token="t" * 48,
                probe="/api/status",
                announce=lambda url: None,
            )
        except BaseException as exc:  # noqa: BLE001 - the test reports what was raised
            outcome.append(exc)

    worker = threading.Thread(target=call, name="not-main")
    worker.start()
    worker.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], RuntimeError), outcome
    assert "main thread" in str(outcome[0]) and "'not-main'" in str(outcome[0])
    time.sleep(0.5)
    assert not marker.exists(), "the server was started although serve() refused"


def test_ctrl_c_before_listening_stops_quietly(capsys):
    """Ctrl+C reaches the launcher and the server (one process group): the server's
    exit is what the user asked for, not an error to explain."""
    announced = []
    code = "import os, signal, sys, time; os.kill(os.getppid(), signal.SIGINT); time.sleep(0.5); sys.exit(130)"
    rc = serve(
        [sys.executable, "-c", code],
        host="127.0.0.1",
        port=free_port(),
        token="t" * 48,
        probe="/api/status",
        announce=announced.append,
        name="JupyterLab",
    )
    err = capsys.readouterr().err
    assert rc == 130 and announced == []
    assert "error:" not in err, err


def test_bad_launcher_arguments_end_in_one_error_line(tmp_path):
    for args in (
        ["--notebook-dir", str(tmp_path / "missing")],
        ["--port", "0"],
        ["--app", str(tmp_path / "missing.ipynb")],
        ["--port", "http"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "venusedu.launch", *args], capture_output=True, text=True, timeout=60
        )
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert lines[-1].startswith("python -m venusedu.launch: error:"), proc.stderr
        assert sum("error:" in ln for ln in lines) == 1
