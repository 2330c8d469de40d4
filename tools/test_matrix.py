"""Run the whole test suite on every supported Python found here, or at the dependency floors.

``make test-matrix`` runs, for each supported Python (the ``Programming
Language :: Python :: 3.X`` classifiers of ``pyproject.toml``) found on this
machine, the suite of ``make test`` in a virtual environment of its own
(``.venv-matrix/py3.X``) with the newest releases the ranges allow.

``make test-floors`` runs it once, on the oldest supported Python found, in
``.venv-floors/py3.X`` with every direct dependency at the lowest release its
range allows (``uv pip install --resolution lowest-direct``): the declared
floors must hold.

Interpreters are looked for as ``python3.X`` on ``PATH`` and in pyenv
(``$(pyenv root)/versions/3.X.*``). Environments are made with uv (installed
into ``.venv`` from PyPI by make) and reused while ``pyproject.toml`` is
unchanged. Installing needs the network; running does not: with ``--offline``
every run happens in a network namespace with nothing but loopback
(``tools/offline.py``).

A table with, per Python, the releases of the key packages and the numbers
of passed, failed, skipped and expected-to-fail (``xfail``) tests and the time, is printed at the end and
written to ``<venv folder>/report.md``. ``--covered 3.X`` lists a version
whose suite ran already (CI's ``make test`` in ``.venv``) without running it again. The exit status is non-zero if a
run failed, a test was skipped (unless ``--allow-skips``) or no supported
Python was found.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
#: Changes whenever prepare() installs differently, so old environments are rebuilt.
_INSTALL_RECIPE = "uv-seed-reinstall-floors-1"
KEY_PACKAGES = (
    "numpy",
    "scipy",
    "matplotlib",
    "jupyterlab",
    "nbconvert",
    "voila",
    "sphinx",
    "sphinx-book-theme",
    "jupyterhub",
)
#: The extras every run installs: those of the Makefile's .venv (tests/test_make.py checks).
EXTRAS = ("test", "hub")


def supported_versions(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The ``3.X`` versions the classifiers of pyproject.toml declare, oldest first."""
    classifiers = tomllib.loads(pyproject.read_text())["project"]["classifiers"]
    found = {m.group(1) for c in classifiers if (m := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c))}
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def _pyenv_root() -> Path | None:
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        out = subprocess.run([pyenv, "root"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return Path(out.stdout.strip())
    default = Path.home() / ".pyenv"
    return default if default.is_dir() else None


def _version_of(python: str) -> str | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def find_interpreters(versions: list[str]) -> dict[str, str]:
    """Version -> path of a working interpreter of that version (the newest patch release)."""
    root = _pyenv_root()
    found: dict[str, str] = {}
    for version in versions:
        candidates = []
        if root is not None:
            patches = glob.glob(str(root / "versions" / f"{version}.*" / "bin" / f"python{version}"))
            patches = [p for p in patches if re.search(rf"/{re.escape(version)}\.\d+/bin/", p)]
            candidates += sorted(
                patches, key=lambda p: int(re.search(rf"/{re.escape(version)}\.(\d+)/", p).group(1)), reverse=True
            )
        on_path = shutil.which(f"python{version}")
        if on_path:
            candidates.append(on_path)
        for candidate in candidates:
            if _version_of(candidate) == version:
                found[version] = candidate
                break
    return found


@dataclass
class Run:
    version: str
    python: str
    packages: dict[str, str] = field(default_factory=dict)
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    seconds: float = 0.0
    install_seconds: float = 0.0
    status: str = "not run"

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _stamp(floors: bool, python: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(f"{floors}:{python}:{_INSTALL_RECIPE}".encode())
    return digest.hexdigest()[:16]


def prepare(run: Run, venv: Path, uv: str, floors: bool) -> Path:
    """Create (or reuse) the environment of one run; return its python."""
    py = venv / "bin" / "python"
    stamp = venv / f".installed-{_stamp(floors, run.python)}"
    if stamp.is_file() and py.exists():
        return py
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([uv, "venv", "--quiet", "--seed", "--python", run.python, str(venv)], check=True)
    cmd = [uv, "pip", "install", "--quiet", "--python", str(py), "-e", f".[{','.join(EXTRAS)}]"]
    if floors:
        # --reinstall: the seeded setuptools (the newest) must not stand in for the floor
        cmd[3:3] = ["--resolution", "lowest-direct", "--reinstall"]
    subprocess.run(cmd, cwd=ROOT, check=True)
    stamp.touch()
    return py


def declared_floors(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Direct dependency -> its declared lower bound (``>=X``): runtime and the :data:`EXTRAS`."""
    project = tomllib.loads(pyproject.read_text())["project"]
    floors = {}
    extras = [req for extra in EXTRAS for req in project["optional-dependencies"][extra]]
    for req in [*project["dependencies"], *extras]:
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)[^;]*?>=\s*([0-9][^,;\s]*)", req)
        if m:
            floors[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return floors


def floor_mismatches(py: Path) -> list[str]:
    """Direct dependencies installed above the lowest release their range allows.

    A release is "at the floor" when it is the declared bound, or the lowest
    existing release above it (e.g. setuptools 77.0.1 for ``>=77``: no 77.0.0).
    """
    floors = declared_floors()
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for n in json.loads(sys.argv[1]):\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))"
    )
    import json

    out = subprocess.run([str(py), "-c", code, json.dumps(list(floors))], capture_output=True, text=True, check=True)
    installed = json.loads(out.stdout)
    bad = []
    for name, floor in floors.items():
        have = installed.get(name)
        if have is None:
            continue  # not for this Python (an environment marker)
        want, got = floor.split("."), have.split(".")
        if got[: len(want)] != want and not (len(want) == 1 and got[0] == want[0]):
            bad.append(f"{name} {have} (floor {floor})")
    return bad


def package_versions(py: Path) -> dict[str, str]:
    code = f"import importlib.metadata as m\nfor n in {KEY_PACKAGES!r}:\n    print(n, m.version(n))"
    out = subprocess.run([str(py), "-c", code], capture_output=True, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines())


def read_junit(path: Path, run: Run) -> None:
    """Count the outcomes in a pytest JUnit report.

    pytest reports an expected failure (``xfail``) as a ``<skipped
    type="pytest.xfail">``; it is counted as ``xfailed``, not as a skip.
    """
    root = ET.parse(path).getroot()
    run.passed = run.failed = run.errors = run.skipped = run.xfailed = 0
    for case in root.iter("testcase"):
        outcome = {child.tag: child for child in case}
        if "failure" in outcome:
            run.failed += 1
        elif "error" in outcome:
            run.errors += 1
        elif "skipped" in outcome:
            if outcome["skipped"].get("type") == "pytest.xfail":
                run.xfailed += 1
            else:
                run.skipped += 1
        else:
            run.passed += 1


def run_suite(cmd: list[str], env: dict[str, str], timeout: float) -> int | None:
    """Run one suite in its own process group; its exit status, or None when it timed out.

    Whatever the suite leaves behind in its group (a server or kernel of a
    crashed worker) is killed when it ends: such a process holds the output
    pipe open, and CI's stage would wait for it until its own time limit.
    """
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    try:
        returncode: int | None = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        print(f"\n=== the suite ran longer than {timeout / 60:.0f} min: stopped", flush=True)
        returncode = None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
    return returncode


def table(runs: list[Run], title: str) -> str:
    head = [
        "Python",
        *KEY_PACKAGES,
        "passed",
        "failed",
        "errors",
        "skipped",
        "xfailed",
        "tests (min)",
        "install (min)",
        "result",
    ]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in runs:
        cells = [
            f"{r.version} ({Path(r.python).resolve().parent.parent.name})" if r.python else r.version,
            *(r.packages.get(p, "–") for p in KEY_PACKAGES),
            str(r.passed),
            str(r.failed),
            str(r.errors),
            str(r.skipped),
            str(r.xfailed),
            f"{r.seconds / 60:.1f}",
            f"{r.install_seconds / 60:.1f}",
            r.status,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floors", action="store_true", help="install the lowest releases the ranges allow")
    parser.add_argument("--uv", default=str(Path(sys.executable).with_name("uv")), help="the uv executable")
    parser.add_argument("--offline", action="store_true", help="run the tests with the network cut")
    parser.add_argument("--allow-skips", action="store_true", help="do not count skipped tests as a failure")
    parser.add_argument(
        "--suite-timeout",
        type=float,
        default=40.0,
        metavar="MIN",
        help="stop one suite run after this many minutes and count it failed (default 40; a run takes about 6)",
    )
    parser.add_argument(
        "--python",
        action="append",
        default=None,
        metavar="3.X",
        help="only these versions (default: every supported one found)",
    )
    parser.add_argument(
        "--covered",
        action="append",
        default=[],
        metavar="3.X",
        help="versions whose suite ran already with the newest releases (CI's make test): "
        "listed as covered, not run again",
    )
    parser.add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        help="after --: the suite's pytest arguments (the Makefile passes those of make test)",
    )
    args = parser.parse_args(argv)
    pytest_args = args.pytest_args[1:] if args.pytest_args[:1] == ["--"] else args.pytest_args

    versions = supported_versions()
    wanted = args.python or versions
    unknown = sorted(set(wanted) - set(versions))
    if unknown:
        parser.error(f"--python {', '.join(unknown)}: supported are {', '.join(versions)}")
    found = find_interpreters(wanted)
    if args.floors:
        oldest = next((v for v in wanted if v in found), None)
        wanted = [oldest] if oldest else wanted[:1]
    if not found:
        print(f"test-matrix: error: no supported Python ({', '.join(wanted)}) found on this machine", file=sys.stderr)
        return 2
    if not Path(args.uv).exists():
        print(f"test-matrix: error: uv not found at {args.uv} (make installs it into .venv)", file=sys.stderr)
        return 2

    base = ROOT / (".venv-floors" if args.floors else ".venv-matrix")
    title = "Dependency floors (uv --resolution lowest-direct)" if args.floors else "Python matrix (newest releases)"
    runs: list[Run] = []
    started = time.monotonic()
    for version in wanted:
        run = Run(version, found.get(version, ""))
        runs.append(run)
        if not run.python:
            run.status = "not found"
            continue
        if version in args.covered and not args.floors:
            run.status = "covered by make test"
            continue
        venv = base / f"py{version}"
        print(f"\n=== {title}: Python {version} ({run.python}) in {venv.relative_to(ROOT)}", flush=True)
        t0 = time.monotonic()
        try:
            py = prepare(run, venv, args.uv, args.floors)
        except subprocess.CalledProcessError as exc:
            run.status = f"install failed ({exc.returncode})"
            continue
        run.install_seconds = time.monotonic() - t0
        run.packages = package_versions(py)
        print("    " + ", ".join(f"{k} {v}" for k, v in run.packages.items()), flush=True)
        if args.floors:
            above = floor_mismatches(py)
            if above:
                print("    not at the floor: " + ", ".join(above), flush=True)
                run.status = "not at the floors"
                continue
        report = venv / "junit.xml"
        report.unlink(missing_ok=True)
        cmd = [str(py), "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}", *pytest_args]
        if args.offline:
            cmd = [str(py), str(ROOT / "tools" / "offline.py"), "--", *cmd]
        env = dict(os.environ, VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
        t0 = time.monotonic()
        returncode = run_suite(cmd, env, args.suite_timeout * 60)
        run.seconds = time.monotonic() - t0
        if report.is_file():
            read_junit(report, run)
        if returncode == 0 and run.failed == run.errors == 0 and (args.allow_skips or run.skipped == 0):
            run.status = "ok"
        elif returncode == 0 and run.skipped:
            run.status = "skips"
        else:
            run.status = "timed out" if returncode is None else f"failed ({returncode})"
    text = table(runs, title) + f"\nTotal {(time.monotonic() - started) / 60:.1f} min.\n"
    base.mkdir(exist_ok=True)
    (base / "report.md").write_text(text)
    print("\n" + text, flush=True)
    ran = [r for r in runs if r.status not in ("not found", "covered by make test")]
    return 0 if ran and all(r.ok for r in ran) else 1


if __name__ == "__main__":
    sys.exit(main())
