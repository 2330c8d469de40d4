"""References inside the package and the lessons point at things that exist.

- ``MODEL.md §N`` / ``MODEL.md section N`` names a heading of ``docs/MODEL.md``
  (the project's contract since model v2), which ships with the package as
  ``venusedu.docs`` and lands in every student workspace;
- no reference to the first specification (``shared/``, ``DESIGN.md``,
  ``REVIEW.md``): those files are not part of the project;
- a repository path named in the package (``tests/test_model.py``,
  ``app/explorer_app.ipynb``, ...) is a file of the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
SECTIONS = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", MODEL, flags=re.M))
SECTION_REF = re.compile(r"MODEL\.md`{0,2},? (?:§ ?|section )(\d+(?:\.\d+)?)")
PATH_REF = re.compile(
    r"\b((?:tests|tools|benchmarks|docs|notebooks|deploy|book|app|figures)/[A-Za-z0-9_./-]*[A-Za-z0-9_])"
)
STALE = re.compile(r"shared/|DESIGN\.md|REVIEW\.md")


def _package_files() -> list[Path]:
    return sorted((ROOT / "venusedu").rglob("*.py"))


def _lesson_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


SOURCES = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in _package_files()}
SOURCES |= {str(p.relative_to(ROOT)): _lesson_text(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
SOURCES |= {str(p.relative_to(ROOT)): _lesson_text(p) for p in sorted((ROOT / "app").glob("*.ipynb"))}


GUIDES = {
    str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
    for p in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "CONTRIBUTING.md", ROOT / "README.md"]
}


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_guides_cite_model_sections_that_exist(name):
    bad = sorted({m.group(1) for m in SECTION_REF.finditer(GUIDES[name])} - SECTIONS)
    assert not bad, f"{name} cites MODEL.md §{bad}, which docs/MODEL.md does not have"


def test_the_scan_sees_the_references():
    refs = [m.group(1) for text in SOURCES.values() for m in SECTION_REF.finditer(text)]
    assert len(refs) >= 40, refs
    assert {"3.8", "4.4", "5", "9"} <= set(refs)
    assert {"3.6", "4.3", "5", "9", "11"} <= SECTIONS


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_model_section_references_exist(name):
    bad = sorted({m.group(1) for m in SECTION_REF.finditer(SOURCES[name])} - SECTIONS)
    assert not bad, f"{name} cites MODEL.md §{bad}, which docs/MODEL.md does not have"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_no_reference_to_files_outside_the_project(name):
    lines = [ln.strip() for ln in SOURCES[name].splitlines() if STALE.search(ln)]
    assert not lines, f"{name}: {lines}"


def test_repository_paths_named_in_the_package_exist():
    named = {
        m.group(1).rstrip(".") for path in _package_files() for m in PATH_REF.finditer(path.read_text(encoding="utf-8"))
    }
    assert "docs/MODEL.md" in named
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, missing
