"""Every lesson is committed the way a student should first see it.

Executed in Restart & Run All order, outputs kept, no errors, no widget
state, the python3 kernel, and no sys.path tricks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)


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
                assert out.get("name") != "stderr" or not re.search(
                    r"Traceback|Error", "".join(out.get("text", ""))
                ), f"{path.name}: cell {i} stores a traceback on stderr"


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
