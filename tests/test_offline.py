"""Offline guarantee: the lessons and the package never need the network.

A ``sitecustomize`` module, put first on ``PYTHONPATH`` of a child process
(a Jupyter kernel, or a plain interpreter), replaces the socket functions that
reach other hosts (``socket.socket.connect``/``connect_ex``/``sendto``,
``socket.create_connection``, ``socket.getaddrinfo``, ``socket.gethostbyname``)
by guards that let loopback through (the kernel talks to the test over ZMQ on
127.0.0.1) and refuse everything else with ``OSError(ENETUNREACH)``, writing
each attempt to a log file. A blocked attempt fails the test even if the code
caught the error: it would hang or slow down a classroom without a network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from tests.servers import fresh_jupyter_env
from venusedu.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PRESENT = [lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]

GUARD = textwrap.dedent('''\
    """Refuse network access to anything but loopback (venusedu's offline tests)."""
    import errno
    import ipaddress
    import os
    import socket

    _LOG = os.environ.get("VENUSEDU_NET_LOG")
    _real = {
        "connect": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "sendto": socket.socket.sendto,
        "create_connection": socket.create_connection,
        "getaddrinfo": socket.getaddrinfo,
        "gethostbyname": socket.gethostbyname,
    }
    _LOCAL = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
              socket.gethostname().lower()}


    def is_local(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").lower()
        if host in _LOCAL or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False


    def _refuse(what, target):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {what} {target!r}\\n")
        raise OSError(errno.ENETUNREACH, f"network access blocked by the offline test: {what} {target!r}")


    def _check(family, address, what):
        if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, (str, bytes)):
            return  # a Unix socket path
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_local(host):
            _refuse(what, address)


    def connect(self, address):
        _check(self.family, address, "connect")
        return _real["connect"](self, address)


    def connect_ex(self, address):
        _check(self.family, address, "connect_ex")
        return _real["connect_ex"](self, address)


    def sendto(self, data, *args):
        _check(self.family, args[-1], "sendto")
        return _real["sendto"](self, data, *args)


    def create_connection(address, *args, **kwargs):
        if not is_local(address[0]):
            _refuse("create_connection", address)
        return _real["create_connection"](address, *args, **kwargs)


    def getaddrinfo(host, *args, **kwargs):
        if not is_local(host):
            _refuse("getaddrinfo", host)
        return _real["getaddrinfo"](host, *args, **kwargs)


    def gethostbyname(host):
        if not is_local(host):
            _refuse("gethostbyname", host)
        return _real["gethostbyname"](host)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    ''')


@pytest.fixture
def offline_env(tmp_path) -> dict[str, str]:
    """Environment for a child process whose network access is limited to loopback."""
    guard_dir = tmp_path / "offline-guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    env = fresh_jupyter_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(guard_dir), env.get("PYTHONPATH", "")] if p)
    env["VENUSEDU_NET_LOG"] = str(tmp_path / "net.log")
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    env["MPLBACKEND"] = "Agg"
    return env


def attempts(env: dict[str, str]) -> list[str]:
    log = Path(env["VENUSEDU_NET_LOG"])
    return log.read_text().splitlines() if log.exists() else []


def test_the_guard_blocks_other_hosts_and_lets_loopback_through(offline_env, tmp_path):
    """Checked without sending a packet: the real socket functions are swapped for recorders."""
    script = textwrap.dedent("""\
        import json, socket, sitecustomize as guard
        calls = []
        for name in list(guard._real):
            guard._real[name] = (lambda name: lambda *a, **k: calls.append(name) or "passed")(name)
        results = {}
        def attempt(label, fn):
            try:
                fn()
                results[label] = "passed"
            except OSError as exc:
                results[label] = "blocked" if "offline test" in str(exc) else repr(exc)
        s = socket.socket()
        attempt("connect 127.0.0.1", lambda: s.connect(("127.0.0.1", 9)))
        attempt("connect localhost", lambda: s.connect(("localhost", 9)))
        attempt("connect ::1", lambda: socket.socket(socket.AF_INET6).connect(("::1", 9, 0, 0)))
        attempt("connect 198.51.100.7", lambda: s.connect(("198.51.100.7", 80)))
        attempt("connect_ex pypi.org", lambda: s.connect_ex(("pypi.org", 443)))
        attempt("sendto 198.51.100.7", lambda: socket.socket(type=socket.SOCK_DGRAM).sendto(b"x", ("198.51.100.7", 53)))
        attempt("getaddrinfo example.org", lambda: socket.getaddrinfo("example.org", 443))
        attempt("getaddrinfo localhost", lambda: socket.getaddrinfo("localhost", 80))
        attempt("create_connection example.org", lambda: socket.create_connection(("example.org", 80)))
        attempt("gethostbyname example.org", lambda: socket.gethostbyname("example.org"))
        s.close()
        print(json.dumps(results))
        """)
    out = subprocess.run(
        [sys.executable, "-c", script], env=offline_env, cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    results = json.loads(out)
    assert {k for k, v in results.items() if v == "passed"} == {
        "connect 127.0.0.1",
        "connect localhost",
        "connect ::1",
        "getaddrinfo localhost",
    }
    assert {k for k, v in results.items() if v == "blocked"} == set(results) - {
        "connect 127.0.0.1",
        "connect localhost",
        "connect ::1",
        "getaddrinfo localhost",
    }
    assert len(attempts(offline_env)) == 6


@pytest.mark.parametrize("name", PRESENT)
def test_lesson_runs_offline(offline_env, name):
    """Each lesson runs top to bottom in a kernel that cannot reach the network."""
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import socket as _s, sys as _sys\nprint(_s.socket.connect.__module__, 'sitecustomize' in _sys.modules)"
        )
    )
    client = NotebookClient(
        nb, timeout=300, startup_timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env=offline_env)
    guard_check = "".join(o.get("text", "") for o in nb.cells[-1].outputs).split()
    assert guard_check == ["sitecustomize", "True"], f"the guard was not active in the kernel: {guard_check}"
    assert not attempts(offline_env), f"{name} tried to reach the network: {attempts(offline_env)}"


ENTRY_POINTS = textwrap.dedent('''\
    """Import every venusedu module and run the main entry points (network guarded)."""
    import contextlib, importlib, io, pkgutil, sys
    from pathlib import Path

    import venusedu
    from venusedu import cli

    out = Path(sys.argv[1])
    imported = []
    for mod in pkgutil.walk_packages(venusedu.__path__, "venusedu."):
        importlib.import_module(mod.name)
        imported.append(mod.name)

    parser = cli.build_parser()
    commands = sorted(next(a for a in parser._actions if a.dest == "command").choices)
    for argv in [["--version"], ["--help"]] + [[c, "--help"] for c in commands]:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli.main(argv)

    runs = {
        "start": ["start", str(out / "workspace")],
        "versions": ["versions", str(out / "versions"), "--source", sys.argv[2]],
        "figures": ["figures", "--out", str(out / "figures")],
    }
    for command, argv in runs.items():
        if command in commands:
            with contextlib.redirect_stdout(io.StringIO()):
                assert cli.main(argv) == 0, argv

    from venusedu import Params, simulate
    from venusedu.catalog import lesson_table
    from venusedu.launch import lab_command

    simulate(Params())
    lesson_table()
    lab_command(out)
    print(len(imported), " ".join(commands))
    ''')


def test_package_entry_points_make_no_connection(offline_env, tmp_path):
    """Importing every module and running the command line makes no connection attempt."""
    script = tmp_path / "entry_points.py"
    script.write_text(ENTRY_POINTS)
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path), str(NOTEBOOKS)],
        env=offline_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    n_modules, *commands = proc.stdout.split()
    assert int(n_modules) >= 5
    assert "start" in commands
    assert not attempts(offline_env), f"connection attempts: {attempts(offline_env)}"
