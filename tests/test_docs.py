"""The copies of the specification and the source list in docs/ stay verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize("name", ["MODEL.md", "SOURCES.md"])
def test_copy_matches_the_original(name):
    copy = ROOT / "docs" / name
    assert copy.is_file(), f"docs/{name} is missing"
    original = SHARED / name
    if not original.is_file():
        pytest.skip(f"no {original} beside the repository to compare with")
    assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8"), (
        f"docs/{name} differs from {original}: copy it again"
    )
