"""Start JupyterLab on the lessons (``make lab``) or the explorer as a Voilà app (``make app``).

``make lab`` runs ``python -m venusedu.launch --workspace workspace``: the
student's own folder ``workspace/``, made on the first run with the student
version of the lessons (exercises to solve, no answer keys, no outputs; see
:mod:`venusedu.workspace`) and never touched again. ``make lab-instructor``
runs it with ``--notebook-dir notebooks``, the instructor's source with the
solutions. ``make app`` runs ``python -m venusedu.launch --app
app/explorer_app.ipynb``. The test suite starts the servers through the very
same commands, so what the tests check is what students and instructors get.

The launcher

- checks the port first: a busy port is reported in one line and the next
  free port is used instead (the message says which, and how to choose one);
- gives the server a fresh random token **through a file** readable only by
  the user (mode 0600 in a private 0700 folder, named by the environment
  variable ``JUPYTER_TOKEN_FILE``), never on a command line, where any other
  account on the machine could read it in the process list;
- prints the URL with the token only once the server listens, and removes the
  token file when the server stops;
- stays the parent of the server: it forwards SIGTERM and SIGHUP, lets the
  server handle Ctrl+C itself, and returns the server's exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "lab_command",
    "voila_command",
    "app_template",
    "port_is_free",
    "next_free_port",
    "private_token_file",
    "server_environment",
    "serve",
    "main",
]

_HIDDEN = ("__init__.py", "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")
#: How many ports above a busy one are tried before giving up.
PORT_TRIES = 50


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _check_port(port) -> int:
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ValueError(f"port = {port!r} is not allowed: must be an integer between 1 and 65535")
    return port


def lab_command(
    notebook_dir: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 8888,
    open_browser: bool = False,
) -> list[str]:
    """Return the argv that starts JupyterLab on ``notebook_dir``.

    The command holds no token: the server reads it from the file named by
    ``JUPYTER_TOKEN_FILE`` (see :func:`server_environment`).

    Parameters
    ----------
    notebook_dir : path
        Folder the lab opens (the lessons).
    host : str
        Interface to bind; loopback by default so nothing is exposed.
    port : int
        TCP port, 1-65535. The server does not look for another one.
    open_browser : bool
        Whether JupyterLab should try to open a browser window.

    Returns
    -------
    list of str
        The command, run with the current interpreter. ``--allow-root`` is
        added only when the process runs as root.

    Examples
    --------
    >>> cmd = lab_command("notebooks", port=8890)
    >>> cmd[1:3]
    ['-m', 'jupyterlab']
    >>> any("token" in arg.lower() for arg in cmd)
    False
    """
    _check_port(port)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(notebook_dir).resolve()}",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.open_browser={open_browser}",
        # notebook_shim adapts classic Notebook server extensions (none here);
        # linking it walks every ServerApp trait and so triggers the
        # "ServerApp.token config is deprecated" warning at each start.
        "--ServerApp.jpserver_extensions=notebook_shim=False",
        # notebooks/__init__.py only lets the wheel ship the lessons; hide it
        # from the file browser along with the usual caches.
        *(f"--ContentsManager.hide_globs={pattern}" for pattern in _HIDDEN),
    ]
    if _running_as_root():
        cmd.append("--allow-root")
    return cmd


#: The Voilà template of the app page: a folder ``voila/templates/venusedu-app``
#: next to the notebook (``app/`` in the repository) is used when present.
APP_TEMPLATE = "venusedu-app"


def app_template(notebook: str | os.PathLike) -> Path | None:
    """The folder to put on ``JUPYTER_PATH`` for the app template next to ``notebook``, or None."""
    folder = Path(notebook).resolve().parent
    return folder if (folder / "voila" / "templates" / APP_TEMPLATE).is_dir() else None


def voila_command(
    notebook: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 8866, template: str | None = None
) -> list[str]:
    """Return the argv that serves ``notebook`` with Voilà, code hidden.

    ``--Voila.auto_token=True`` makes Voilà ask for a token, which it reads
    from ``JUPYTER_TOKEN_FILE`` like JupyterLab; run the command in the
    notebook's folder (Voilà reads its ``voila.json`` there). ``template``
    names a Voilà template found on ``JUPYTER_PATH``.

    Examples
    --------
    >>> cmd = voila_command("notebooks/05_explorer.ipynb", port=8870)
    >>> cmd[1:3], "--strip_sources=True" in cmd
    (['-m', 'voila'], True)
    >>> [arg for arg in cmd if "token" in arg.lower()]
    ['--Voila.auto_token=True']
    """
    _check_port(port)
    return [
        sys.executable,
        "-m",
        "voila",
        str(Path(notebook).resolve()),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--Voila.auto_token=True",
    ] + ([f"--template={template}"] if template else [])


# ------------------------------------------------------------------ the port


def _addresses(host: str, port: int) -> list[tuple]:
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return []
    return [(family, sockaddr) for family, _, _, _, sockaddr in infos]


def port_is_free(host: str, port: int) -> bool:
    """True if a server could listen on ``host:port`` right now.

    Binds with ``SO_REUSEADDR``, as the Jupyter servers (tornado) do, so a
    port in TIME_WAIT counts as free and one with a listener as busy.
    """
    addresses = _addresses(host, port)
    if not addresses:
        return False
    for family, sockaddr in addresses:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(sockaddr)
            except OSError:
                return False
    return True


def next_free_port(host: str, port: int, tries: int = PORT_TRIES) -> int | None:
    """The first free port from ``port`` upwards (``tries`` ports), or None."""
    for candidate in range(port, min(port + tries, 65536)):
        if port_is_free(host, candidate):
            return candidate
    return None


# ----------------------------------------------------------------- the token


@contextlib.contextmanager
def private_token_file(token: str) -> Iterator[Path]:
    """A file holding ``token``, readable only by this user; removed afterwards.

    The file (mode 0600) lies in a fresh folder of mode 0700 made by
    :func:`tempfile.mkdtemp`, so no other account can read or replace it.
    """
    folder = Path(tempfile.mkdtemp(prefix="venusedu-"))
    try:
        path = folder / "token"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(token)  # no newline: Jupyter reads the file as it is
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def server_environment(
    token_file: str | os.PathLike, base: dict[str, str] | None = None, jupyter_path: str | os.PathLike | None = None
) -> dict[str, str]:
    """The server's environment: ``JUPYTER_TOKEN_FILE`` set, ``JUPYTER_TOKEN`` removed.

    Jupyter prefers ``JUPYTER_TOKEN`` to the file, and kernels and terminals
    inherit the server's environment, so a token value is never left in it.
    ``jupyter_path`` is put first on ``JUPYTER_PATH`` (where Voilà finds templates).
    """
    env = dict(os.environ if base is None else base)
    env.pop("JUPYTER_TOKEN", None)
    env["JUPYTER_TOKEN_FILE"] = str(token_file)
    if jupyter_path is not None:
        env["JUPYTER_PATH"] = os.pathsep.join(
            [str(jupyter_path)] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else [])
        )
    return env


# ---------------------------------------------------------------- supervisor


def _listening(host: str, port: int, probe: str, token: str) -> bool:
    """True once an HTTP server answers on ``host:port`` (``probe`` must give 200)."""
    connect = "127.0.0.1" if host in ("", "0.0.0.0") else ("::1" if host == "::" else host)
    url = f"http://{connect if ':' not in connect else f'[{connect}]'}:{port}{probe}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with opener.open(request, timeout=2) as resp:  # noqa: S310 (a local URL)
            return resp.status == 200
    except urllib.error.HTTPError:
        return False
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: let the server receive SIGTERM if the launcher dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: nothing to do
        pass


def serve(
    cmd: list[str],
    *,
    host: str,
    port: int,
    token: str,
    probe: str,
    announce: Callable[[str], None],
    cwd: str | os.PathLike | None = None,
    name: str = "the server",
    poll: float = 0.2,
    jupyter_path: str | os.PathLike | None = None,
) -> int:
    """Run a server as a child until it stops; announce once it listens.

    Parameters
    ----------
    cmd : list of str
        The server's command (no token in it).
    host, port : str, int
        Where the server listens.
    token : str
        Written to a private file named by ``JUPYTER_TOKEN_FILE`` for the server.
    probe : str
        Path that answers 200 (with the token) once the server is ready,
        e.g. ``"/api/status"``.
    announce : callable
        Called once with the base URL ``http://host:port`` when the server
        listens; prints the address for the user.
    cwd : path, optional
        The server's working folder.
    name : str
        How messages name the server.
    poll : float
        Seconds between readiness probes.
    jupyter_path : path, optional
        Put first on the server's ``JUPYTER_PATH``.

    Returns
    -------
    int
        The server's exit status (0 after a SIGTERM or SIGHUP forwarded by
        the launcher); 1 if it stopped before it listened.

    Raises
    ------
    RuntimeError
        When called from a thread other than the main thread: only the main
        thread may handle signals, and the launcher must forward SIGTERM and
        SIGHUP to the server and keep Ctrl+C for it. Checked before the
        server starts, so nothing is left running.
    """
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError(
            f"venusedu: serve() must run in the main thread (it was called in {threading.current_thread().name!r}): "
            "it forwards SIGTERM and SIGHUP to the server, and only the main thread can handle signals"
        )
    with private_token_file(token) as token_file:
        proc = subprocess.Popen(
            cmd,
            env=server_environment(token_file, jupyter_path=jupyter_path),
            cwd=cwd,
            preexec_fn=_die_with_parent,
        )
        forwarded: list[int] = []

        def forward(signum, _frame):
            forwarded.append(signum)
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
        # Ctrl+C reaches the server directly (same process group); JupyterLab
        # then asks for confirmation, and a second Ctrl+C stops it.
        interrupted: list[int] = []
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, lambda signum, _frame: interrupted.append(signum))
        try:
            while proc.poll() is None and not forwarded:
                if _listening(host, port, probe, token):
                    announce(f"http://{host}:{port}")
                    break
                time.sleep(poll)
            else:
                if not forwarded and not interrupted:
                    print(
                        f"venusedu: error: {name} stopped (exit status {proc.returncode}) before it "
                        f"listened on {host}:{port}; see its messages above",
                        file=sys.stderr,
                        flush=True,
                    )
                    return proc.returncode or 1
            status = proc.wait()
        finally:
            if proc.poll() is None:  # the launcher itself is failing: do not leave the server behind
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(15)
                if proc.poll() is None:
                    proc.kill()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if forwarded and status in (-signal.SIGTERM, -signal.SIGHUP, 0):
        return 0
    return status if status >= 0 else 128 - status


# ---------------------------------------------------------------- entry point


def prepare_workspace(folder: str | os.PathLike) -> str:
    """Make the student's workspace ``folder`` if it is missing or empty; return what was done.

    A new workspace gets the student version of the lessons and the model's
    documents (:func:`venusedu.workspace.start_workspace`). A workspace that
    holds files is the student's own and is left exactly as it is.

    Raises
    ------
    NotADirectoryError
        If ``folder`` (or a parent) is a file.
    """
    from .workspace import start_workspace

    folder = Path(folder)
    script = Path(sys.executable).parent / "venusedu"
    with contextlib.suppress(ValueError):  # .venv/bin/venusedu when run from the checkout
        script = script.relative_to(Path.cwd())
    refresh = f"{script} start {folder} --force"
    if folder.is_dir() and any(folder.iterdir()):
        return (
            f"venusedu: your workspace {folder}/ is used as it is (your own copies); `{refresh}` "
            "brings in the newest lessons and keeps each one you changed as 'NAME (yours)'"
        )
    written = start_workspace(folder, student=True)
    lessons = sum(1 for path in written if path.suffix == ".ipynb")
    return (
        f"venusedu: made your workspace {folder}/ with {lessons} lessons to work through "
        "(the student version: exercises to solve, no answers shown)"
    )


def main(argv: list[str] | None = None) -> int:
    """Start the lab (or, with ``--app``, the Voilà app); return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m venusedu.launch", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workspace",
        metavar="DIR",
        default=None,
        help="open the student workspace DIR, made with the student version of the "
        "lessons if it is missing or empty (an existing one is left as it is)",
    )
    where.add_argument(
        "--notebook-dir",
        default=None,
        help="open this folder as it is (notebooks: the instructor's source); "
        "the default when --workspace is not given",
    )
    parser.add_argument(
        "--app",
        metavar="NOTEBOOK",
        default=None,
        help="serve this notebook with Voilà (code hidden) instead of the lab",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="port (8888 for the lab, 8866 for the app)")
    parser.add_argument("--open-browser", action="store_true")
    args = parser.parse_args(argv)
    app = args.app is not None
    port = args.port if args.port is not None else (8866 if app else 8888)
    make_hint = "make app APP_PORT=8899" if app else "make lab PORT=8899"
    if not 1 <= port <= 65535:
        parser.error(f"--port {port} is not allowed: must be an integer between 1 and 65535")
    if app:
        if not Path(args.app).is_file():
            parser.error(f"--app {args.app!r} is not a notebook file")
        if args.workspace is not None or args.notebook_dir is not None:
            parser.error("--app serves one notebook: --workspace and --notebook-dir are not allowed with it")
    elif args.workspace is not None:
        from ._files import PathError, check_output_folder

        try:  # the check `venusedu start` makes: empty, a file, under a file, unwritable
            check_output_folder(args.workspace, "--workspace")
        except PathError as exc:
            parser.error(str(exc))
        args.notebook_dir = args.workspace
    elif args.notebook_dir is None:
        args.notebook_dir = "notebooks"
    # the lab's folder, set above (the app serves a notebook, not a folder)
    notebook_dir = "" if app else str(args.notebook_dir)
    if not app and args.workspace is None and not Path(notebook_dir).is_dir():
        parser.error(f"--notebook-dir {notebook_dir!r} is not a folder")
    if not _addresses(args.host, port):
        parser.error(f"--host {args.host!r} is not an address of this machine")

    free = next_free_port(args.host, port)
    if free is None:
        print(
            f"venusedu: error: ports {port}-{port + PORT_TRIES - 1} on {args.host} are all busy; "
            f"choose another with `{make_hint}`",
            file=sys.stderr,
        )
        return 2
    if free != port:
        print(
            f"venusedu: port {port} on {args.host} is busy (another server?), so port {free} is used "
            f"instead; choose one with `{make_hint}`",
            flush=True,
        )

    if args.workspace is not None:
        try:
            print(prepare_workspace(args.workspace), flush=True)
        except (OSError, ValueError) as exc:  # unwritable, a link, a file in the way: one line, exit 2
            print(f"venusedu: error: cannot make the workspace {args.workspace!r}: {exc}", file=sys.stderr)
            return 2

    token = secrets.token_hex(24)
    templates = app_template(args.app) if app else None
    if app:
        cmd = voila_command(args.app, host=args.host, port=free, template=APP_TEMPLATE if templates else None)
        probe, cwd, what, path = "/voila/static/voila.js", Path(args.app).resolve().parent, "explorer", "/"
    else:
        cmd = lab_command(notebook_dir, host=args.host, port=free, open_browser=args.open_browser)
        probe, cwd, what, path = "/api/status", None, "lessons", "/lab"
    stop = "Ctrl+C" if app else "Ctrl+C twice"

    def announce(base: str) -> None:
        print(
            f"\n  venusedu {what}: {base}{path}?token={token}\n"
            f"  (open this URL in your browser; press {stop} to stop)\n",
            flush=True,
        )

    return serve(
        cmd,
        host=args.host,
        port=free,
        token=token,
        probe=probe,
        announce=announce,
        cwd=cwd,
        name="JupyterLab" if not app else "Voilà",
        jupyter_path=templates,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
