"""Every file CONTRIBUTING.md names exists, so its recipes stay true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

#: Stand-ins for the file a contributor makes (``notebooks/NN_name.ipynb``).
PLACEHOLDER = re.compile(r"NN|NAME")


def named_paths(text: str) -> list[str]:
    """The repository paths in backticks: with a folder, or a file name with an extension."""
    paths = []
    for code in re.findall(r"`([^`\n]+)`", text):
        token = code.split()[-1] if code.startswith(".venv/") else code
        if re.fullmatch(r"[\w.\-]+(/[\w.\-]+)+/?|[\w\-]+\.(md|py|ipynb|toml|yml|yaml|json)", token):
            paths.append(token)
    return paths


def test_contributing_names_files():
    paths = named_paths(TEXT)
    assert "venusedu/params.py" in paths and "venusedu/app/controls.py" in paths and "venusedu/figures.py" in paths
    assert len(paths) > 30


def test_every_named_file_exists():
    missing = [p for p in named_paths(TEXT) if not PLACEHOLDER.search(p) and not (ROOT / p).exists()]
    assert not missing, f"CONTRIBUTING.md names files that do not exist: {missing}"


def test_the_check_can_fail():
    assert named_paths("edit `venusedu/nowhere.py` and `tools/x.py`") == ["venusedu/nowhere.py", "tools/x.py"]
    assert not (ROOT / "venusedu/nowhere.py").exists()
