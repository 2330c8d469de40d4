"""`make lab` starts a JupyterLab that answers, bound to loopback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.servers import NOTEBOOKS, api_json, lab_server, launch_command
from venusedu.launch import lab_command

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.server


def test_make_lab_runs_the_command_the_tests_start():
    """`make lab` runs exactly the launcher command that `lab_server` starts."""
    out = subprocess.run(
        ["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(ln for ln in out.splitlines() if "venusedu.launch" in ln)
    make_args = line.split()[1:]  # drop the interpreter path
    test_args = launch_command(Path("notebooks"), 8888)[1:]
    assert make_args == test_args


def test_lab_command_binds_loopback_and_root_flag():
    cmd = lab_command(NOTEBOOKS, port=9999, token="t0k")
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert "--IdentityProvider.token=t0k" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    with pytest.raises(ValueError, match="port"):
        lab_command(NOTEBOOKS, port=0, token="x")


def test_lab_answers_and_stops(tmp_path):
    with lab_server(tmp_path) as server:
        status = api_json(server, "/api/status")
        assert "started" in status
        contents = api_json(server, "/api/contents")
        names = {item["name"] for item in contents["content"]}
        assert "00_start_here.ipynb" in names
        assert "__init__.py" not in names  # packaging detail, hidden from students
        pid = server.pid
    # stopped by its process id
    assert server.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
