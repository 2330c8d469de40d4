"""The pre-commit hooks run what `make lint` runs, with the ruff pyproject.toml pins.

`make test` (and so CI) runs `make lint` first; `.pre-commit-config.yaml`
runs the same checks before a commit. This test keeps the two from drifting:
the hooks' commands are the lint recipe's commands, the ruff of the hooks is
the release the test extra allows, and the notebook hygiene hook runs the
hygiene tests.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())

#: Upstream hook id -> the command it runs (before its args).
UPSTREAM = {"ruff-check": ["ruff", "check"], "ruff-format": ["ruff", "format"]}


def lint_commands() -> list[list[str]]:
    """The recipe of the Makefile's lint target, one command a line, ``$(BIN)/`` dropped."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = lines.index("lint: $(STAMP)")
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(shlex.split(line.strip().replace("$(BIN)/", "")))
    return recipe


def hook_commands() -> dict[str, list[str]]:
    """Each hook's command: its entry (a local hook, ``.venv/bin/`` dropped) or the upstream command, with args."""
    out = {}
    for repo in CONFIG["repos"]:
        for hook in repo["hooks"]:
            if repo["repo"] == "local":
                cmd = shlex.split(hook["entry"].replace(".venv/bin/", ""))
            else:
                cmd = list(UPSTREAM[hook["id"]])
            out[hook["id"]] = cmd + list(hook.get("args", []))
    return out


def test_make_test_runs_lint_first():
    assert re.search(r"^test: \$\(STAMP\) lint$", (ROOT / "Makefile").read_text(), re.M)


def test_hooks_run_the_lint_commands():
    hooks = hook_commands()
    hygiene = hooks.pop("notebook-hygiene")
    assert sorted(hooks.values()) == sorted(lint_commands())
    assert lint_commands() == [["ruff", "check"], ["ruff", "format", "--check"], ["mypy", "venusedu"]]
    assert hygiene[-1] == "tests/test_notebook_hygiene.py"


def test_hooks_ruff_is_the_pinned_release():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    ruff = next(r for r in extra if re.match(r"ruff\b", r))
    floor = re.fullmatch(r"ruff>=([\d.]+),<[\d.]+", ruff).group(1)
    (repo,) = [r for r in CONFIG["repos"] if r["repo"].endswith("/ruff-pre-commit")]
    assert repo["rev"] == f"v{floor}", f"pre-commit runs ruff {repo['rev']}, pyproject.toml allows {ruff}"


def test_local_hooks_use_the_venv_and_the_whole_package():
    for repo in CONFIG["repos"]:
        if repo["repo"] != "local":
            continue
        for hook in repo["hooks"]:
            assert hook["language"] == "system" and hook["entry"].startswith(".venv/bin/"), hook["id"]
            assert hook["pass_filenames"] is False, hook["id"]


def test_notebook_hook_strips_nothing():
    """The lessons stay committed executed: no hook strips outputs."""
    text = (ROOT / ".pre-commit-config.yaml").read_text()
    ids = [hook["id"] for repo in CONFIG["repos"] for hook in repo["hooks"]]
    assert not any(re.search(r"nbstripout|strip", i) for i in ids), ids
    assert "nbstripout" not in text
