"""Every path a user can mistype ends in one ``error:`` line and exit code 2.

Each case runs the real command line in a fresh process (``python -m
venusedu.cli``) and checks its whole stderr: no traceback, exactly one line
with ``error:``, and that line last; nothing is written where it should not be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def venusedu(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, "-m", "venusedu.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    err = proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-1000:], err[-2000:])
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error:" in ln]
    assert len(errors) == 1 and lines[-1] == errors[0], err
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    return errors[0]


def _unwritable(tmp_path: Path) -> Path:
    """A folder in which this process cannot create anything.

    For an ordinary user a folder without write permission; root ignores
    permissions, so for root a folder inside sysfs, where nobody can create
    one.
    """
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        return locked / "out"
    target = Path("/sys/venusedu-cannot-create-this")
    with pytest.raises(OSError):
        target.mkdir()
    return target


@pytest.fixture
def afile(tmp_path) -> Path:
    f = tmp_path / "afile.txt"
    f.write_text("not a folder")
    return f


# ------------------------------------------------------------- the cases


def output_cases(tmp_path: Path, afile: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (output path, words the error line must contain)."""
    return {
        "a file": (str(afile), ("is a file", "not a folder")),
        "under a file": (str(afile / "sub"), ("cannot be created", "is a file")),
        "unwritable": (str(_unwritable(tmp_path)), ()),
        "empty": ("", ("empty",)),
    }


CASE_NAMES = ["a file", "under a file", "unwritable", "empty"]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_versions_out(tmp_path, afile, case):
    out, words = output_cases(tmp_path, afile)[case]
    proc = venusedu("versions", out, "--source", str(NOTEBOOKS), cwd=tmp_path)
    assert_one_error_line(proc, "venusedu versions", *words)
    assert afile.read_text() == "not a folder"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_start_dir(tmp_path, afile, case):
    out, words = output_cases(tmp_path, afile)[case]
    proc = venusedu("start", out, cwd=tmp_path)
    assert_one_error_line(proc, "venusedu start", *words)
    assert afile.read_text() == "not a folder"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_figures_out(tmp_path, afile, case):
    out, words = output_cases(tmp_path, afile)[case]
    proc = venusedu("figures", "--out", out, "posterior-view", cwd=tmp_path)
    assert_one_error_line(proc, "venusedu figures", *words)
    assert afile.read_text() == "not a folder"
    assert not (tmp_path / "figures").exists()


def test_versions_out_student_is_a_file(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "student").write_text("x")
    proc = venusedu("versions", "out", "--source", str(NOTEBOOKS), cwd=tmp_path)
    assert_one_error_line(proc, "student", "is a file")
    assert not (tmp_path / "out" / "instructor").exists()  # checked before anything is written


@pytest.mark.parametrize(
    "source, words",
    [
        ("", ("empty",)),
        ("missing", ("is not a folder",)),
        ("afile.txt", ("is not a folder",)),
        ("empty-folder", ("holds no notebooks",)),
    ],
)
def test_versions_source(tmp_path, afile, source, words):
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / "readme.txt").write_text("no notebooks here")
    proc = venusedu("versions", "out", "--source", source, cwd=tmp_path)
    assert_one_error_line(proc, *words)
    assert not (tmp_path / "out").exists()


def test_start_lesson_name_is_a_folder(tmp_path):
    ws = tmp_path / "ws"
    (ws / "00_start_here.ipynb").mkdir(parents=True)
    proc = venusedu("start", "--force", "ws", cwd=tmp_path)
    assert_one_error_line(proc, "is a folder", "00_start_here.ipynb")
    assert sorted(p.name for p in ws.iterdir()) == ["00_start_here.ipynb"]


def test_start_lesson_name_is_a_symlink(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("precious")
    (ws / "00_start_here.ipynb").symlink_to(victim)
    proc = venusedu("start", "--force", "ws", cwd=tmp_path)
    assert_one_error_line(proc, "symbolic link")
    assert victim.read_text() == "precious"


def test_start_not_empty_without_force(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "mine.txt").write_text("x")
    assert_one_error_line(venusedu("start", "ws", cwd=tmp_path), "not empty", "--force")


def test_versions_without_source_uses_the_shipped_lessons(tmp_path):
    """No notebooks/ in the current folder: the lessons shipped in the package are used."""
    proc = venusedu("versions", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shipped = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for version in ("student", "instructor"):
        assert sorted(p.name for p in (tmp_path / "out" / version).iterdir()) == shipped
    assert f"student: {len(shipped)} notebooks" in proc.stdout


def test_versions_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.ipynb"
    victim.write_text("precious")
    (tmp_path / "out" / "student").mkdir(parents=True)
    (tmp_path / "out" / "student" / "00_start_here.ipynb").symlink_to(victim)
    proc = venusedu("versions", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert victim.read_text() == "precious"
    assert not (tmp_path / "out" / "student" / "00_start_here.ipynb").is_symlink()
