"""Packaging: the console script works and the two environment files agree."""

from __future__ import annotations

import re
import subprocess
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

import pytest

import venusedu

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from PyPI names
CONDA_NAMES = {"build": "python-build"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";", 1)[0]  # environment markers have no conda equivalent
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*?)\s*$", requirement)
    assert m, requirement
    return _canon(m.group(1)), m.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(data["dependencies"])
    for extra in data.get("optional-dependencies", {}).values():
        reqs += [r for r in extra if not r.startswith("venusedu")]
    out = {}
    for req in reqs:
        name, spec = _split(req)
        out[CONDA_NAMES.get(name, name)] = spec
    return out


def environment_requirements() -> tuple[dict[str, str], list[str]]:
    """Parse environment.yml's conda and pip dependency lists (no YAML library needed)."""
    conda, pip = {}, []
    section = None
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if re.match(r"^\S", line):
            section = line.split(":")[0]
            continue
        if section != "dependencies":
            continue
        item = line.strip()
        if item == "- pip:":
            section = "pip"
            continue
        assert item.startswith("- "), raw
        name, spec = _split(item[2:])
        conda[name] = spec
    in_pip = False
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        if raw.strip() == "- pip:":
            in_pip = True
            continue
        if in_pip and raw.strip().startswith("- "):
            pip.append(raw.strip()[2:])
    return conda, pip


def test_environment_matches_pyproject():
    conda, pip = environment_requirements()
    conda.pop("python", None)
    conda.pop("pip", None)
    # a package conda-forge lacks (at the version needed) is pip-installed by the environment
    for req in pip:
        if req not in (".", "-e ."):
            name, spec = _split(req)
            assert name not in conda, f"{name} is in both the conda and the pip list of environment.yml"
            conda[name] = spec
    pyproj = pyproject_requirements()
    only_py = sorted(set(pyproj) - set(conda))
    only_env = sorted(set(conda) - set(pyproj))
    assert not only_py, f"in pyproject.toml but not environment.yml: {only_py}"
    assert not only_env, f"in environment.yml but not pyproject.toml: {only_env}"
    differ = {n: (pyproj[n], conda[n]) for n in pyproj if pyproj[n] != conda[n]}
    assert not differ, f"version ranges differ (pyproject, environment.yml): {differ}"
    assert "." in pip or "-e ." in pip, "environment.yml must pip-install the package itself"


def test_drift_detector_can_fail(monkeypatch):
    """The comparison above notices a package missing from one side."""
    conda, _ = environment_requirements()
    conda.pop("numpy")
    assert "numpy" in set(pyproject_requirements()) - set(conda)


def test_upper_pins_have_a_reason():
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.search(r'"[^"]*<[^"]*"', line):
            above = lines[i - 1].strip()
            assert above.startswith("#"), f"upper pin without a comment saying why: {line.strip()}"


def test_python_requirement():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert data["requires-python"] == ">=3.10"


def test_console_script_version():
    out = subprocess.run(
        [sys.executable, "-m", "venusedu.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"venusedu {venusedu.__version__}"
    script = Path(sys.executable).with_name("venusedu")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"venusedu {venusedu.__version__}"
