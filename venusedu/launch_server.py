"""Run a Jupyter server as the launcher's child: a free port, a private token, signals forwarded.

:func:`next_free_port` finds the port (:func:`port_is_free`: as the servers
bind it), :func:`private_token_file` and :func:`server_environment` hand the
server its token through a file only the user can read, and :func:`serve`
runs the server until it stops: it announces the URL once the server
listens, forwards SIGTERM and SIGHUP, leaves Ctrl+C to the server and returns
its exit status. The launcher (:mod:`venusedu.launch`, which imports all of
this) puts them together. :func:`page_config_folder` gives the server's page
the kernel message types whose busy status it does not show.
"""

from __future__ import annotations

import contextlib
import json
import os
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
    "port_is_free",
    "next_free_port",
    "PORT_TRIES",
    "private_token_file",
    "page_config_folder",
    "server_environment",
    "serve",
]

#: How many ports above a busy one are tried before giving up.
PORT_TRIES = 50


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


def page_config_folder(folder: str | os.PathLike) -> Path:
    """Make ``folder/labconfig/page_config.json`` and return ``folder``, a Jupyter config folder.

    The page config holds :func:`venusedu.launch_commands.untracked_message_types`:
    put on ``JUPYTER_CONFIG_PATH``, it makes JupyterLab and Notebook 7 ignore
    the kernel's busy status for widget messages (the server's own list, and
    so its activity tracking, stay as they are).
    """
    from .launch_commands import untracked_message_types

    folder = Path(folder)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    config = {"untracked_message_types": untracked_message_types()}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return folder


def _prepend(env: dict[str, str], name: str, folder: str | os.PathLike) -> None:
    env[name] = os.pathsep.join([str(folder)] + ([env[name]] if env.get(name) else []))


def server_environment(
    token_file: str | os.PathLike,
    base: dict[str, str] | None = None,
    jupyter_path: str | os.PathLike | None = None,
    config_path: str | os.PathLike | None = None,
) -> dict[str, str]:
    """The server's environment: ``JUPYTER_TOKEN_FILE`` set, ``JUPYTER_TOKEN`` removed.

    Jupyter prefers ``JUPYTER_TOKEN`` to the file, and kernels and terminals
    inherit the server's environment, so a token value is never left in it.
    ``jupyter_path`` is put first on ``JUPYTER_PATH`` (where Voilà finds
    templates), ``config_path`` first on ``JUPYTER_CONFIG_PATH``.
    """
    env = dict(os.environ if base is None else base)
    env.pop("JUPYTER_TOKEN", None)
    env["JUPYTER_TOKEN_FILE"] = str(token_file)
    if jupyter_path is not None:
        _prepend(env, "JUPYTER_PATH", jupyter_path)
    if config_path is not None:
        _prepend(env, "JUPYTER_CONFIG_PATH", config_path)
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

    The server's ``JUPYTER_CONFIG_PATH`` starts with a :func:`page_config_folder`
    in the token's private folder.

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
    _require_main_thread()
    with private_token_file(token) as token_file:
        proc = subprocess.Popen(
            cmd,
            env=server_environment(
                token_file, jupyter_path=jupyter_path, config_path=page_config_folder(token_file.parent / "config")
            ),
            cwd=cwd,
            preexec_fn=_die_with_parent,
        )
        forwarded, interrupted, previous = _take_signals(proc)
        try:
            failed = _announce_once_listening(
                proc,
                forwarded,
                interrupted,
                host=host,
                port=port,
                probe=probe,
                token=token,
                announce=announce,
                name=name,
                poll=poll,
            )
            if failed is not None:
                return failed
            status = proc.wait()
        finally:
            _stop_if_running(proc)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if forwarded and status in (-signal.SIGTERM, -signal.SIGHUP, 0):
        return 0
    return status if status >= 0 else 128 - status


def _require_main_thread() -> None:
    """Raise RuntimeError unless this is the main thread, the only one that can handle signals."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError(
            f"venusedu: serve() must run in the main thread (it was called in {threading.current_thread().name!r}): "
            "it forwards SIGTERM and SIGHUP to the server, and only the main thread can handle signals"
        )


def _take_signals(proc: subprocess.Popen) -> tuple[list[int], list[int], dict]:
    """Forward SIGTERM and SIGHUP to ``proc``, and note Ctrl+C (which reaches the server itself).

    Returns
    -------
    forwarded, interrupted : list of int
        The signals forwarded, and the Ctrl+C the launcher received, so far.
    previous : dict
        The handlers replaced, signal -> handler, to put back afterwards.
    """
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
    return forwarded, interrupted, previous


def _announce_once_listening(
    proc: subprocess.Popen,
    forwarded: list[int],
    interrupted: list[int],
    *,
    host: str,
    port: int,
    probe: str,
    token: str,
    announce: Callable[[str], None],
    name: str,
    poll: float,
) -> int | None:
    """Wait until the server listens and announce it; the launcher's exit status if it stopped before.

    Returns None when the server listens, or when it stopped after a
    forwarded signal or a Ctrl+C (its own exit status is then what counts).
    """
    while proc.poll() is None and not forwarded:
        if _listening(host, port, probe, token):
            announce(f"http://{host}:{port}")
            return None
        time.sleep(poll)
    if not forwarded and not interrupted:
        print(
            f"venusedu: error: {name} stopped (exit status {proc.returncode}) before it "
            f"listened on {host}:{port}; see its messages above",
            file=sys.stderr,
            flush=True,
        )
        return proc.returncode or 1
    return None


def _stop_if_running(proc: subprocess.Popen) -> None:
    """Terminate the server, then kill it after 15 s, if it still runs (the launcher itself is failing)."""
    if proc.poll() is None:  # the launcher itself is failing: do not leave the server behind
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(15)
        if proc.poll() is None:
            proc.kill()
