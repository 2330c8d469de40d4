"""Student and instructor versions come from one source."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from venusedu.versions import strip_solution, student_notebook, write_versions

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _cell(kind, source, tags=()):
    cell = {"cell_type": kind, "metadata": {"tags": list(tags)}, "source": source}
    if kind == "code":
        cell.update(outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}], execution_count=3)
    return cell


def test_strip_solution_keeps_indentation_and_surroundings():
    src = "def f(x):\n    '''doc'''\n    # BEGIN SOLUTION\n    y = 2 * x\n    return y\n    # END SOLUTION\n\nf(1)\n"
    out = strip_solution(src, "exercise 1")
    assert out == "def f(x):\n    '''doc'''\n    raise NotImplementedError(\"Exercise: complete exercise 1\")\n\nf(1)\n"
    with pytest.raises(ValueError, match="END SOLUTION"):
        strip_solution("# BEGIN SOLUTION\nx = 1\n")
    assert strip_solution("x = 42\n").startswith("raise NotImplementedError")


def test_student_notebook_marks():
    nb = {
        "cells": [
            _cell("markdown", "intro"),
            _cell("code", "a = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n", ["solution"]),
            _cell("markdown", "the answer is 42", ["solution"]),
            _cell("markdown", "key: b, c", ["instructor"]),
            _cell("code", "print(a)"),
        ],
        "metadata": {"widgets": {"state": {}}},
    }
    student = student_notebook(nb)
    sources = ["".join(c["source"]) for c in student["cells"]]
    assert sources[0] == "intro"
    assert "b = 2" not in sources[1] and "NotImplementedError" in sources[1] and "a = 1" in sources[1]
    assert "42" not in sources[2]
    assert not any("key: b, c" in s for s in sources)
    assert all(c.get("outputs", []) == [] for c in student["cells"])
    assert "widgets" not in student["metadata"]
    assert "b = 2" in "".join(nb["cells"][1]["source"])  # source untouched


def test_write_versions(tmp_path):
    written = write_versions(ROOT / "notebooks", tmp_path)
    assert [p.name for p in written["student"]] == [p.name for p in NOTEBOOKS]
    for path in written["instructor"]:
        assert json.loads(path.read_text()) == json.loads((ROOT / "notebooks" / path.name).read_text())


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_version_fails_only_at_exercises(path, tmp_path):
    """Run the student version: the only errors allowed are the unsolved exercises."""
    source = json.loads(path.read_text(encoding="utf-8"))
    n_exercises = sum(
        1 for c in source["cells"] if c["cell_type"] == "code" and "solution" in c["metadata"].get("tags", [])
    )
    nb = nbformat.reads(json.dumps(student_notebook(source)), as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        startup_timeout=180,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    names = sorted({e.ename for e in errors})
    assert names in ([], ["NotImplementedError"]), f"unexpected errors {names} in the student version"
    if n_exercises:
        assert len(errors) >= n_exercises, f"{n_exercises} exercises but only {len(errors)} stop the student"
    else:
        assert not errors


def test_versions_command(tmp_path, capsys):
    from venusedu.cli import main

    assert main(["versions", str(tmp_path / "out"), "--source", str(ROOT / "notebooks")]) == 0
    assert f"student: {len(NOTEBOOKS)} notebooks" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "out" / "student").iterdir()) == [p.name for p in NOTEBOOKS]
    assert main(["versions", str(tmp_path / "x"), "--source", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
