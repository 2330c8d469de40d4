"""`venusedu start DIR`: the lessons ship in the wheel and run from a workspace.

Unit tests drive :mod:`venusedu.workspace` and the command line in this
environment. The wheel tests build the sdist and wheel from a copy of the
source tree without the network (``--no-isolation``: the build backend is in
the ``test`` extra), install the wheel into a fresh virtual environment outside the
repository (its dependencies borrowed from this environment through a ``.pth``
file, so nothing is downloaded), run ``venusedu start``
with that environment's console script, and execute every copied lesson in a
kernel of that environment.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.test_offline import GUARD
from venusedu.catalog import LESSONS
from venusedu.cli import main as cli_main
from venusedu.workspace import (
    WorkspaceConflictError,
    WorkspaceNotEmptyError,
    shipped_lessons,
    start_workspace,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CATALOG = [lesson.notebook for lesson in LESSONS]
# The catalog's lessons that are written so far, in teaching order.
PRESENT = [name for name in CATALOG if (NOTEBOOKS / name).is_file()]


def _markdown_images(nb_path: Path) -> list[str]:
    """Relative image paths referenced by the markdown cells of a notebook."""
    refs = []
    for cell in nbformat.read(nb_path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        refs += re.findall(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)", cell.source)
        refs += re.findall(r"<img[^>]*\ssrc=[\"']([^\"']+)", cell.source)
    return [r for r in refs if not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", r, re.I)]


# ------------------------------------------------------------------ unit tests


def test_every_lesson_is_in_the_catalog():
    on_disk = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    stray = sorted(set(on_disk) - set(CATALOG))
    assert not stray, f"notebooks/ holds lessons missing from venusedu.catalog.LESSONS: {stray}"
    assert "00_start_here.ipynb" in PRESENT


def test_shipped_lessons_match_catalog():
    assert shipped_lessons() == PRESENT


def test_start_copies_the_lessons_and_documents_instructor_version(tmp_path):
    dest = tmp_path / "course" / "ws"  # parents are created
    written = start_workspace(dest, student=False)
    names = sorted(p.relative_to(dest).as_posix() for p in written)
    on_disk = sorted(p.name for p in dest.rglob("*") if p.is_file())
    assert names == on_disk
    assert sorted(n for n in names if n.endswith(".ipynb")) == sorted(PRESENT)
    assert "__init__.py" not in names
    for name in PRESENT:
        assert (dest / name).read_bytes() == (NOTEBOOKS / name).read_bytes(), name
    # the model and its sources, beside the lessons (lessons v2, item 9)
    for name in ("MODEL.md", "SOURCES.md"):
        assert (dest / name).read_bytes() == (ROOT / "docs" / name).read_bytes(), name


def test_start_student_version_is_the_default(tmp_path):
    import json

    written = start_workspace(tmp_path / "ws")
    assert sorted(p.name for p in written if p.suffix == ".ipynb") == sorted(PRESENT)
    n_unsolved = 0
    for name in PRESENT:
        source = json.loads((NOTEBOOKS / name).read_text())
        student = json.loads((tmp_path / "ws" / name).read_text())
        assert all(c.get("outputs", []) == [] for c in student["cells"]), name
        text = "".join("".join(c["source"]) for c in student["cells"])
        n_unsolved += text.count("raise NotImplementedError")
        has_solutions = any("solution" in c["metadata"].get("tags", []) for c in source["cells"])
        assert ("BEGIN SOLUTION" in text) is False
        # answer keys and teaching notes are left out
        assert not any("instructor" in c["metadata"].get("tags", []) for c in student["cells"]), name
        if has_solutions:
            assert "raise NotImplementedError" in text, name
    assert n_unsolved >= 2 * (len(PRESENT) - 2)  # two exercises a lesson, not 00 or 05
    assert (tmp_path / "ws" / "MODEL.md").read_bytes() == (ROOT / "docs" / "MODEL.md").read_bytes()


@pytest.mark.parametrize("name", PRESENT)
def test_copied_lessons_find_their_images(tmp_path, name):
    """Images a lesson's markdown shows by relative path are copied along."""
    start_workspace(tmp_path / "ws")
    missing = [r for r in _markdown_images(tmp_path / "ws" / name) if not (tmp_path / "ws" / r).exists()]
    assert not missing, (
        f"{name} shows images that the workspace lacks: {missing}; keep them beside the "
        "lessons and add their pattern to [tool.setuptools.package-data] in pyproject.toml"
    )


def test_start_into_empty_existing_folder(tmp_path):
    dest = tmp_path / "ws"
    dest.mkdir()
    assert start_workspace(dest)


def test_start_refuses_a_folder_that_is_not_empty(tmp_path):
    dest = tmp_path / "ws"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceNotEmptyError, match="--force"):
        start_workspace(dest)
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_force_keeps_an_edited_lesson_under_a_new_name(tmp_path):
    """README: `--force` refreshes the lessons; a changed lesson is kept as NAME (yours).ipynb."""
    dest = tmp_path / "ws"
    start_workspace(dest, student=False)
    lesson, other = PRESENT[1], PRESENT[0]
    stem = lesson[: -len(".ipynb")]
    (dest / lesson).write_text("edited by a student")
    (dest / "notes.txt").write_text("mine")
    untouched = (dest / other).stat().st_mtime_ns
    kept = []
    start_workspace(dest, force=True, student=False, on_keep=lambda a, b: kept.append((a.name, b.name)))
    assert (dest / lesson).read_bytes() == (NOTEBOOKS / lesson).read_bytes()  # the fresh lesson
    assert (dest / f"{stem} (yours).ipynb").read_text() == "edited by a student"
    assert kept == [(lesson, f"{stem} (yours).ipynb")]
    assert (dest / "notes.txt").read_text() == "mine"
    assert (dest / other).stat().st_mtime_ns == untouched  # identical lessons are not rewritten
    # a second edit and refresh never overwrites the first kept copy
    (dest / lesson).write_text("edited again")
    start_workspace(dest, force=True, student=False)
    assert (dest / f"{stem} (yours).ipynb").read_text() == "edited by a student"
    assert (dest / f"{stem} (yours 2).ipynb").read_text() == "edited again"
    # nothing else was kept: the unchanged lessons have no "(yours)" copy
    yours = sorted(p.name for p in dest.glob("* (yours*).ipynb"))
    assert yours == [f"{stem} (yours 2).ipynb", f"{stem} (yours).ipynb"]


def test_force_never_follows_a_symlink_out_of_the_workspace(tmp_path):
    dest = tmp_path / "ws"
    start_workspace(dest)
    outside = tmp_path / "outside.ipynb"
    outside.write_text("a file outside the workspace")
    lesson = PRESENT[1]
    (dest / lesson).unlink()
    (dest / lesson).symlink_to(outside)
    (dest / PRESENT[0]).write_text("edited")  # refused as a whole: not even this is refreshed
    with pytest.raises(WorkspaceConflictError, match="symbolic link"):
        start_workspace(dest, force=True)
    assert outside.read_text() == "a file outside the workspace"
    assert (dest / lesson).is_symlink()
    assert (dest / PRESENT[0]).read_text() == "edited"
    assert not list(dest.glob("* (yours*)"))
    # a dangling link is refused the same way (it would create a file outside)
    outside.unlink()
    with pytest.raises(WorkspaceConflictError, match="symbolic link"):
        start_workspace(dest, force=True)
    assert not outside.exists()


def test_force_refuses_a_folder_named_like_a_lesson(tmp_path):
    dest = tmp_path / "ws"
    dest.mkdir()
    (dest / PRESENT[0]).mkdir()
    (dest / PRESENT[0] / "inside.txt").write_text("mine")
    with pytest.raises(WorkspaceConflictError, match="is a folder"):
        start_workspace(dest, force=True)
    assert (dest / PRESENT[0] / "inside.txt").read_text() == "mine"
    assert sorted(p.name for p in dest.iterdir()) == [PRESENT[0]]


def test_readme_states_the_promise_these_tests_check():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "never overwrites your work" in text
    assert "`NAME (yours).ipynb`" in text and "symbolic link" in text


def test_cli_start_reports_the_kept_copy(tmp_path, capsys):
    dest = tmp_path / "ws"
    assert cli_main(["start", str(dest)]) == 0
    (dest / PRESENT[0]).write_text("student work")
    capsys.readouterr()
    assert cli_main(["start", "--force", str(dest)]) == 0
    out = capsys.readouterr().out
    stem = PRESENT[0][: -len(".ipynb")]
    assert f"Your changed {PRESENT[0]} is kept as '{stem} (yours).ipynb'" in out
    assert (dest / f"{stem} (yours).ipynb").read_text() == "student work"


def test_cli_start_refuses_with_exit_code_2(tmp_path, capsys):
    dest = tmp_path / "ws"
    assert cli_main(["start", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "00_start_here.ipynb" in out and str(dest.resolve()) in out
    before = (dest / "00_start_here.ipynb").read_bytes()
    (dest / "00_start_here.ipynb").write_text("student work")
    assert cli_main(["start", str(dest)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("venusedu start: error:") and "not empty" in err and "--force" in err
    assert (dest / "00_start_here.ipynb").read_text() == "student work"
    assert cli_main(["start", "--force", str(dest)]) == 0
    assert (dest / "00_start_here.ipynb").read_bytes() == before
    assert (dest / "00_start_here (yours).ipynb").read_text() == "student work"


def test_cli_start_copies_the_student_version_unless_instructor_is_asked(tmp_path, capsys):
    import json

    assert cli_main(["start", str(tmp_path / "s")]) == 0
    assert "(student version: exercises to solve)" in capsys.readouterr().out
    assert cli_main(["start", "--student", str(tmp_path / "s2")]) == 0  # the old flag still works
    assert cli_main(["start", "--instructor", str(tmp_path / "i")]) == 0
    out = capsys.readouterr().out
    assert "(instructor's version, with solutions)" in out and "MODEL.md and SOURCES.md" in out
    name = "03_fat_blanket.ipynb"
    student = json.loads((tmp_path / "s" / name).read_text())
    assert (tmp_path / "s2" / name).read_bytes() == (tmp_path / "s" / name).read_bytes()
    assert all(not c.get("outputs") for c in student["cells"])
    assert (tmp_path / "i" / name).read_bytes() == (NOTEBOOKS / name).read_bytes()
    with pytest.raises(SystemExit) as exc:
        cli_main(["start", "--student", "--instructor", str(tmp_path / "x")])
    assert exc.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_cli_start_refuses_a_file(tmp_path, capsys):
    target = tmp_path / "afile"
    target.write_text("x")
    assert cli_main(["start", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_cli_start_as_a_process(tmp_path):
    """`python -m venusedu.cli start` exits 2 with a message on stderr when refusing."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "x").write_text("x")
    proc = subprocess.run(
        [sys.executable, "-m", "venusedu.cli", "start", "ws"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 2, proc
    assert "--force" in proc.stderr and proc.stdout == ""


def test_every_subpackage_is_packaged():
    """pyproject lists packages explicitly (package-dir mapping); none may be forgotten."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(d.relative_to(ROOT).parts)
        for d in [ROOT / "venusedu", *(ROOT / "venusedu").rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert "venusedu.lessons" in listed


# ----------------------------------------------------------------- wheel tests

_SOURCE_ITEMS = [
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "MANIFEST.in",
    "setup.cfg",
    "setup.py",
    "venusedu",
    "notebooks",
    "docs",
]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")


def _repo_python_files() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "venusedu").rglob("*.py") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """Build the wheel, install it into a fresh venv outside the repo, start a workspace."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for item in _SOURCE_ITEMS:
        path = ROOT / item
        if path.is_dir():
            shutil.copytree(path, src / item, ignore=_IGNORE)
        elif path.is_file():
            shutil.copy2(path, src / item)
    dist = base / "dist"
    # Offline: the build backend comes from this environment (the test extra
    # lists it), not from an isolated environment downloaded from PyPI; the
    # network guard of tests/test_offline.py refuses any other host.
    guard = base / "offline-guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    net_log = base / "net.log"
    build_env = dict(
        os.environ,
        VENUSEDU_NET_LOG=str(net_log),
        PYTHONPATH=os.pathsep.join(p for p in [str(guard), os.environ.get("PYTHONPATH", "")] if p),
    )
    build = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        env=build_env,
    )
    assert build.returncode == 0, f"python -m build failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    assert not net_log.exists(), f"the build tried to reach the network: {net_log.read_text()}"
    (wheel,) = dist.glob("venusedu-*.whl")
    (sdist,) = dist.glob("venusedu-*.tar.gz")  # the wheel above was built from this sdist

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # Borrow this environment's packages (numpy, jupyter, pip, ...): a plain path
    # line, so the editable install's own .pth hook over there is not run here.
    (purelib / "_venusedu_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            "--disable-pip-version-check",
            "--quiet",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    # A kernelspec that runs this environment's python, found by absolute path.
    kernels = base / "kernels"
    (kernels / "python3").mkdir(parents=True)
    (kernels / "python3" / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(py), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (wheel test)",
                "language": "python",
            }
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "jcfg"),
        ("JUPYTER_DATA_DIR", "jdata"),
        ("JUPYTER_RUNTIME_DIR", "jrun"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "mpl"),
    ]:
        (base / sub).mkdir()
        env[var] = str(base / sub)

    # the instructor's version: every lesson, solutions included, must run on the wheel
    start = subprocess.run(
        [str(venv / "bin" / "venusedu"), "start", "workspace", "--instructor"],
        cwd=base,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert start.returncode == 0, start.stderr
    return {
        "base": base,
        "wheel": wheel,
        "sdist": sdist,
        "venv": venv,
        "python": py,
        "purelib": purelib,
        "kernels": kernels,
        "env": env,
        "workspace": base / "workspace",
        "start_output": start.stdout,
    }


@pytest.mark.slow
def test_wheel_contents(wheel_env):
    with zipfile.ZipFile(wheel_env["wheel"]) as zf:
        names = set(zf.namelist())
    missing = sorted(_repo_python_files() - names)
    assert not missing, f"modules missing from the wheel: {missing}"
    for lesson in PRESENT:
        assert f"venusedu/lessons/{lesson}" in names
    assert not [n for n in names if "checkpoint" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_wheel_is_imported_not_the_checkout(wheel_env):
    out = subprocess.run(
        [
            str(wheel_env["python"]),
            "-c",
            "import venusedu, venusedu.workspace as w; print(venusedu.__file__); print(w.shipped_lessons())",
        ],
        cwd=wheel_env["base"],
        capture_output=True,
        text=True,
        env=wheel_env["env"],
        check=True,
    ).stdout.splitlines()
    assert Path(out[0]).is_relative_to(wheel_env["purelib"]), out[0]
    assert not Path(out[0]).is_relative_to(ROOT)
    assert ast.literal_eval(out[1]) == PRESENT


@pytest.mark.slow
def test_wheel_start_made_the_workspace(wheel_env):
    ws = wheel_env["workspace"]
    assert sorted(p.name for p in ws.glob("*.ipynb")) == sorted(PRESENT)
    assert not (ws / "__init__.py").exists()
    assert f"Copied {len(PRESENT)} lesson" in wheel_env["start_output"]
    again = subprocess.run(
        [str(wheel_env["venv"] / "bin" / "venusedu"), "start", "workspace"],
        cwd=wheel_env["base"],
        capture_output=True,
        text=True,
        env=wheel_env["env"],
    )
    assert again.returncode == 2 and "--force" in again.stderr
    for name in ("MODEL.md", "SOURCES.md"):
        assert (ws / name).read_bytes() == (ROOT / "docs" / name).read_bytes(), name
    # the default, from the wheel too, is the student version
    student = subprocess.run(
        [str(wheel_env["venv"] / "bin" / "venusedu"), "start", "student-ws"],
        cwd=wheel_env["base"],
        capture_output=True,
        text=True,
        env=wheel_env["env"],
    )
    assert student.returncode == 0, student.stderr
    lesson = json.loads((wheel_env["base"] / "student-ws" / "03_fat_blanket.ipynb").read_text())
    assert all(not c.get("outputs") for c in lesson["cells"])
    assert "raise NotImplementedError" in "".join("".join(c["source"]) for c in lesson["cells"])


@pytest.mark.slow
def test_wheel_versions_uses_the_packaged_lessons(wheel_env):
    """`venusedu versions OUT` from a wheel install, outside any checkout (no notebooks/ folder)."""
    base = wheel_env["base"]
    assert not (base / "notebooks").exists()
    proc = subprocess.run(
        [str(wheel_env["venv"] / "bin" / "venusedu"), "versions", "handout"],
        cwd=base,
        capture_output=True,
        text=True,
        env=wheel_env["env"],
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for version in ("student", "instructor"):
        assert sorted(p.name for p in (base / "handout" / version).glob("*.ipynb")) == sorted(PRESENT)
    assert f"student: {len(PRESENT)} notebooks" in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", PRESENT)
def test_copied_lesson_runs_with_the_wheel(wheel_env, name):
    """Each lesson copied by `venusedu start` runs top to bottom on the installed wheel."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    ws = wheel_env["workspace"]
    nb = nbformat.read(ws / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import venusedu\nprint(venusedu.__file__)"))
    ksm = KernelSpecManager(kernel_dirs=[str(wheel_env["kernels"])], ensure_native_kernel=False)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(ws)}})
    try:
        client.execute(env=wheel_env["env"])  # the kernel starts in the workspace (resources path)
    finally:  # a kernel manager passed in is not shut down by nbclient
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    where = Path("".join(o.get("text", "") for o in nb.cells[-1].outputs).strip())
    assert where.is_relative_to(wheel_env["purelib"]), f"the kernel imported venusedu from {where}"
