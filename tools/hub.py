"""Run the class's JupyterHub on this machine: ``make hub``.

Usage::

    .venv/bin/python tools/hub.py [--port 8000]

Starts JupyterHub with ``deploy/jupyterhub_config.py`` (configurable-http-proxy
from ``node_modules``, shared-password login, local-process servers, idle
culler), everything on 127.0.0.1, with its cookie secret, database and the
students' homes in a new temporary folder. Prints the URL, the class password
and how to stop it; Ctrl+C (or ``kill PID`` of this process) stops the hub by
its process id, which stops the proxy and every student's server, and removes
the temporary folder.

The same :func:`running_hub` starts the hub for the class tests and for
``benchmarks/bench_class.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
HOST = "127.0.0.1"

__all__ = ["Hub", "running_hub", "free_port", "stop_pid", "main"]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _check_port(port: int) -> int:
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ValueError(f"port = {port!r} is not allowed: must be an integer from 1 to 65535")
    return port


@dataclass
class Hub:
    """A running hub: its process, public URL, class password and state folder."""

    process: subprocess.Popen
    url: str
    password: str
    state: Path
    log: Path | None

    @property
    def pid(self) -> int:
        return self.process.pid


def stop_pid(process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Stop a process and what it started, by their ids.

    SIGTERM to ``process`` (JupyterHub then stops the idle culler, every
    student's server and the proxy), SIGKILL if it has not exited within
    ``timeout`` seconds; then any of its descendants still running (recorded
    before the signal) get SIGTERM and, 10 s later, SIGKILL.
    """
    import psutil

    if process.poll() is not None:
        return
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            continue
    alive = [p for p in descendants if p.is_running()]
    for p in alive:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(alive, timeout=10)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass


def _default_sigint():
    # A shell starts background jobs with SIGINT ignored, and exec keeps that;
    # JupyterHub stops its services and servers with SIGINT first.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:] if log else ""
            raise RuntimeError(f"jupyterhub exited with status {process.returncode} before answering\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/hub/health", timeout=2) as resp:  # noqa: S310 (loopback)
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{url}/hub/health did not answer within {timeout} s ({last})")


def hub_environment(
    state: Path, *, port: int, password: str, cull_timeout: int = 3600, cull_every: int = 300, start_timeout: int = 180
) -> dict[str, str]:
    """The environment ``deploy/jupyterhub_config.py`` reads, with fresh tokens.

    The proxy's token is made here and passed only in ``CONFIGPROXY_AUTH_TOKEN``
    (JupyterHub hands it on to configurable-http-proxy in the same variable).
    """
    if len(password) < 8:
        raise ValueError(f"password has {len(password)} characters; the class password needs 8 or more")
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("JUPYTERHUB_", "JPY_"))]:
        del env[key]  # started from inside a hub server: do not inherit its identity
    env.update(
        VENUSEDU_HUB_STATE=str(state),
        VENUSEDU_HUB_PORT=str(_check_port(port)),
        VENUSEDU_HUB_API_PORT=str(free_port()),
        VENUSEDU_HUB_PROXY_API_PORT=str(free_port()),
        VENUSEDU_HUB_PASSWORD=password,
        VENUSEDU_HUB_CULL_TIMEOUT=str(cull_timeout),
        VENUSEDU_HUB_CULL_EVERY=str(cull_every),
        VENUSEDU_HUB_START_TIMEOUT=str(start_timeout),
        CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(32),
    )
    return env


@contextmanager
def running_hub(
    state: Path | None = None,
    *,
    port: int | None = None,
    password: str | None = None,
    log: Path | None = None,
    cull_timeout: int = 3600,
    cull_every: int = 300,
    start_timeout: int = 180,
    ready_timeout: float = 90.0,
):
    """Start the class hub, yield a :class:`Hub`, stop it by its pid on exit.

    Parameters
    ----------
    state : path, optional
        Folder for the cookie secret, database and homes. Default: a new
        temporary folder, removed when the hub stops.
    port : int, optional
        Public port on 127.0.0.1 (default: a free one).
    password : str, optional
        Class password (default: a random one).
    log : path, optional
        File for the hub's output (default: the terminal).
    cull_timeout, cull_every : int
        Idle-culler settings, seconds.
    start_timeout : int
        Seconds a student's server may take to start.
    ready_timeout : float
        Seconds to wait for ``/hub/health``.
    """
    if not PROXY.exists() and not shutil.which("configurable-http-proxy"):
        raise FileNotFoundError(f"configurable-http-proxy not found at {PROXY}; run `npm ci` in {ROOT} (make hub does)")
    own_state = state is None
    state = Path(tempfile.mkdtemp(prefix="venusedu-hub-")) if own_state else Path(state)
    state.mkdir(parents=True, exist_ok=True)
    port = free_port() if port is None else _check_port(port)
    password = password or secrets.token_urlsafe(9)
    env = hub_environment(
        state,
        port=port,
        password=password,
        cull_timeout=cull_timeout,
        cull_every=cull_every,
        start_timeout=start_timeout,
    )
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)]
    out = open(log, "ab") if log else None
    try:
        # A session of its own: Ctrl+C in the terminal reaches this launcher only,
        # which then stops the hub (and through it the proxy and servers) by pid.
        proc = subprocess.Popen(
            cmd,
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
    finally:
        if out:
            out.close()
    hub = Hub(proc, f"http://{HOST}:{port}", password, state, log)
    try:
        _wait_healthy(hub.url, proc, log, ready_timeout)
        yield hub
    finally:
        stop_pid(proc)
        if own_state:
            shutil.rmtree(state, ignore_errors=True)


def banner(hub: Hub) -> str:
    """What ``make hub`` prints once the hub answers."""
    return "\n".join(
        [
            "",
            f"  venusedu class hub: {hub.url}/",
            f"  log in with any user name and the class password: {hub.password}",
            f"  (each new user gets the lessons in ~/dimples; homes in {hub.state / 'home'})",
            f"  stop it: press Ctrl+C here, or run `kill {os.getpid()}`",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/hub.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="public port on 127.0.0.1 (default 8000)")
    parser.add_argument(
        "--cull-timeout",
        type=int,
        metavar="S",
        default=os.environ.get("VENUSEDU_HUB_CULL_TIMEOUT", "3600"),
        help="stop a student's server idle this many seconds (default 3600)",
    )
    parser.add_argument(
        "--cull-every",
        type=int,
        metavar="S",
        default=os.environ.get("VENUSEDU_HUB_CULL_EVERY", "300"),
        help="check for idle servers every S seconds (default 300)",
    )
    parser.add_argument("--json", action="store_true", help="print the URL and pids as one JSON line too")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port {args.port} is not allowed: must be an integer from 1 to 65535")
    for opt in ("cull_timeout", "cull_every"):
        if getattr(args, opt) < 1:
            parser.error(f"--{opt.replace('_', '-')} {getattr(args, opt)} is not allowed: must be >= 1 s")

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    password = os.environ.get("VENUSEDU_HUB_PASSWORD") or None
    try:
        with running_hub(
            port=args.port, password=password, cull_timeout=args.cull_timeout, cull_every=args.cull_every
        ) as hub:
            print(banner(hub), flush=True)
            if args.json:
                print(json.dumps({"url": hub.url, "hub_pid": hub.pid, "pid": os.getpid()}), flush=True)
            hub.process.wait()
            print(f"hub: jupyterhub exited with status {hub.process.returncode}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nhub: stopped", flush=True)
        return 0
    except (RuntimeError, TimeoutError, FileNotFoundError, ValueError) as exc:
        print(f"hub: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
