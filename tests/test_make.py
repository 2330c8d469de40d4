"""The Makefile and the CI tools: a .venv that repairs itself, no race, a matrix, no network.

The make tests run the real Makefile in a scratch folder (a copy of it and of
pyproject.toml) with the two install commands replaced by cheap stand-ins
(``INSTALL=``, ``PIP_UPGRADE=``), so they check the Makefile's own logic --
creating, repairing and locking ``.venv`` -- without downloading anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import test_matrix  # noqa: E402  (tools/test_matrix.py)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def _base_python() -> str:
    """A python that can make venvs: this one's base interpreter."""
    return str(Path(sys._base_executable).resolve()) if hasattr(sys, "_base_executable") else sys.executable


@pytest.fixture
def scratch(tmp_path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def make_env(folder: Path, install: str, *, background: bool = False):
    cmd = ["make", "--no-print-directory", "env", f"PYTHON={_base_python()}", f"INSTALL={install}", "PIP_UPGRADE=:"]
    if background:
        return subprocess.Popen(cmd, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=300)


def _stamps(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / ".venv").glob(".installed-*"))


def test_make_repairs_a_venv_without_pip(scratch):
    subprocess.run([_base_python(), "-m", "venv", "--without-pip", str(scratch / ".venv")], check=True)
    py = scratch / ".venv" / "bin" / "python"
    assert subprocess.run([str(py), "-m", "pip", "--version"], capture_output=True).returncode != 0
    proc = make_env(scratch, "echo installed >> install.log")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "has no pip; restoring it" in proc.stdout
    assert subprocess.run([str(py), "-m", "pip", "--version"], capture_output=True).returncode == 0
    assert (scratch / "install.log").read_text() == "installed\n" and len(_stamps(scratch)) == 1
    # up to date now: nothing is installed again
    assert make_env(scratch, "echo again >> install.log").returncode == 0
    assert (scratch / "install.log").read_text() == "installed\n"


def test_make_recreates_a_venv_whose_python_is_broken(scratch):
    bin_dir = scratch / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(scratch / "no-such-python")  # e.g. the interpreter was removed
    proc = make_env(scratch, "echo installed >> install.log")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert subprocess.run([str(bin_dir / "python"), "-m", "pip", "--version"], capture_output=True).returncode == 0


def test_two_first_runs_at_once_do_not_race(scratch):
    """Both succeed; the second waits for the first and installs nothing."""
    install = "echo start >> install.log; sleep 3; echo end >> install.log"
    first = make_env(scratch, install, background=True)
    second = make_env(scratch, install, background=True)
    out = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, out
    assert (scratch / "install.log").read_text() == "start\nend\n", out
    assert len(_stamps(scratch)) == 1


def test_matrix_versions_are_the_classifiers_and_requires_python():
    versions = test_matrix.supported_versions()
    assert versions == ["3.10", "3.11", "3.12", "3.13"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == f">={versions[0]}"


def test_floors_are_read_for_every_ranged_dependency():
    floors = test_matrix.declared_floors()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    ranged = [r for r in project["dependencies"] + extras["test"] + extras["hub"] if ">=" in r]
    assert len(floors) == len(ranged) and floors["nbconvert"] == "7.16.5"
    assert floors["numpy"] == "1.24" and floors["setuptools"] == "77" and floors["jupyterhub"] == "5.3"
    assert floors["sphinx-book-theme"] == "1.1.4" and floors["sphinx"] == "7.3.4"


def test_matrix_installs_the_extras_of_the_default_venv():
    """The matrix and floor runs test what `make test` tests: the same extras."""
    out = subprocess.run(
        ["make", "-n", "-B", "venv-locked", "PIP_UPGRADE=:"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    extras = set(re.search(r"-e '\.\[([a-z,]+)\]'", out).group(1).split(","))
    assert extras == set(test_matrix.EXTRAS)


def test_matrix_finds_this_interpreter():
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    found = test_matrix.find_interpreters([version])
    assert version in found
    out = subprocess.run(
        [found[version], "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(tuple(sys.version_info[:2]))


def test_matrix_lists_a_covered_python_without_running_it(tmp_path, monkeypatch, capsys):
    """CI's matrix does not run again the Python `make test` ran; a run of nothing else fails."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    monkeypatch.setattr(test_matrix, "ROOT", tmp_path)  # the report goes to tmp_path/.venv-matrix
    status = test_matrix.main(["--python", version, "--covered", version, "--uv", sys.executable])
    report = (tmp_path / ".venv-matrix" / "report.md").read_text()
    assert re.search(rf"\| {re.escape(version)} \(.*\| covered by make test \|", report), report
    assert status == 1  # nothing ran
    assert not (tmp_path / ".venv-matrix" / f"py{version}").exists()


def test_matrix_reads_pytest_reports(tmp_path):
    """Outcomes are counted per test case; an expected failure is not a skip."""
    report = tmp_path / "junit.xml"
    report.write_text(
        textwrap.dedent("""\
        <testsuites><testsuite name="pytest" tests="7" failures="1" errors="1" skipped="3" time="5">
        <testcase classname="t" name="a"/>
        <testcase classname="t" name="b"/>
        <testcase classname="t" name="c"><failure message="no"/></testcase>
        <testcase classname="t" name="d"><error message="broken fixture"/></testcase>
        <testcase classname="t" name="e"><skipped type="pytest.skip" message="no browser"/></testcase>
        <testcase classname="t" name="f"><skipped type="pytest.skip" message="3.10"/></testcase>
        <testcase classname="t" name="g"><skipped type="pytest.xfail" message="known"/></testcase>
        </testsuite></testsuites>""")
    )
    run = test_matrix.Run("3.10", sys.executable)
    test_matrix.read_junit(report, run)
    assert (run.passed, run.failed, run.errors, run.skipped, run.xfailed) == (2, 1, 1, 2, 1)
    assert "| 2 | 1 | 1 | 2 | 1 |" in test_matrix.table([run], "t")


def test_offline_cuts_the_network_but_not_loopback():
    """tools/offline.py runs the command with loopback only -- or refuses to run it at all."""
    code = textwrap.dedent("""\
        import errno, socket
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0)); server.listen()
            with socket.create_connection(server.getsockname(), timeout=5):
                pass
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.connect(("192.0.2.1", 9))
                print("reachable")
            except OSError as exc:
                print("unreachable", exc.errno == errno.ENETUNREACH)
        """)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "offline.py"), "--", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if proc.returncode == 3:  # no network namespace possible here: the command did not run
        assert "offline: error:" in proc.stderr and proc.stdout == ""
    else:
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == ["unreachable", "True"]


def test_a_suite_run_leaves_nothing_behind_and_has_a_time_limit(tmp_path):
    """tools/test_matrix.run_suite kills what a suite leaves in its process group (a
    server of a crashed worker would hold CI's output pipe open) and stops a run
    that takes longer than its limit."""
    pid_file = tmp_path / "pid"
    leave_behind = (
        "import subprocess, sys; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))"
    )
    assert test_matrix.run_suite([sys.executable, "-c", leave_behind], dict(os.environ), 60) == 0
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pid), "the process the suite left behind still runs"

    t0 = time.monotonic()
    assert test_matrix.run_suite([sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ), 1) is None
    assert time.monotonic() - t0 < 20


def _running(pid: int) -> bool:
    """Whether the process runs (a zombie, killed and waiting to be reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
