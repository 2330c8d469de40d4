"""Every lesson is committed the way a student should first see it.

Executed in Restart & Run All order, outputs kept, no errors, no widget
state, the python3 kernel, and no sys.path tricks.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no lesson"
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order(path):
    cells = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(cells)}; "
        "run Kernel > Restart Kernel and Run All Cells, then save"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_error_outputs(path):
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: cell {i} stores an error output"
            if out.get("output_type") == "stream":
                assert out.get("name") != "stderr" or not re.search(r"Traceback|Error", "".join(out.get("text", ""))), (
                    f"{path.name}: cell {i} stores a traceback on stderr"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_widget_state(path):
    nb = _load(path)
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: strip metadata.widgets"
    for i, cell in enumerate(nb["cells"]):
        assert "widgets" not in cell.get("metadata", {}), f"{path.name}: cell {i} stores widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_python3_kernel(path):
    ks = _load(path).get("metadata", {}).get("kernelspec", {})
    assert ks.get("name") == "python3", f"{path.name}: kernelspec is {ks!r}, expected python3"
    assert ks.get("language") == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_sys_path_edits(path):
    for i, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] == "code":
            assert not re.search(r"sys\.path\s*(\.|\+?=|\[)", _source(cell)), (
                f"{path.name}: cell {i} edits sys.path; import the installed package instead"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path):
    """Every stored image carries alt text (nbconvert and the course site write it into <img alt>)."""
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in data:
                    meta = out.get("metadata", {})
                    alt = meta.get(mime, {}).get("alt") or meta.get("alt")
                    assert alt and len(alt.split()) >= 8, (
                        f"{path.name}: cell {i} shows a figure without alt text; "
                        "use venusedu.display.show(fig, alt=...)"
                    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_headings_in_order(path):
    """One title, and heading levels that never skip (screen readers navigate by them)."""
    levels = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        in_code = False
        for line in _source(cell).splitlines():
            if line.lstrip().startswith("```"):
                in_code = not in_code
            m = re.match(r"^(#{1,6})\s", line)
            if m and not in_code:
                levels.append(len(m.group(1)))
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"{path.name}: needs exactly one # title first"
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"{path.name}: heading level jumps from {before} to {after}"


LESSON_SECTIONS = ("Learning objectives", "Prerequisites", "Time needed", "Summary", "References")


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] not in {"00"}], ids=lambda p: p.name)
def test_lesson_template(path):
    """Each lesson states objectives, prerequisites and time, and ends with a summary and references."""
    text = "\n".join(_source(c) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    missing = [s for s in LESSON_SECTIONS if s.lower() not in text.lower()]
    assert not missing, f"{path.name}: missing {missing}"
