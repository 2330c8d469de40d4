"""Predict, test, explain (lessons v2, items 1 and 5): counted in every lesson from 01 to 07.

- at least two predictions: a code cell that sets ``predicted_NAME = None`` for the
  student to fill in, before a later cell reveals the answer with
  ``compare_prediction(predicted_NAME, ...)``;
- at least one reasoning exercise: a markdown cell headed "Reasoning exercise", then a
  markdown cell tagged ``solution`` with the model answer and a rubric, which the
  student version replaces by a prompt.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from venusedu.catalog import LESSONS
from venusedu.versions import student_notebook

ROOT = Path(__file__).resolve().parents[1]
TAUGHT = [lesson.notebook for lesson in LESSONS if not lesson.notebook.startswith("00")]
PREDICT = re.compile(r"^(predicted_\w+) = None\b", flags=re.M)


def _cells(name):
    return nbformat.read(ROOT / "notebooks" / name, as_version=4).cells


@pytest.mark.parametrize("name", TAUGHT)
def test_two_predictions_before_their_reveal(name):
    cells = _cells(name)
    found = {}
    for i, cell in enumerate(cells):
        if cell.cell_type == "code":
            for var in PREDICT.findall(cell.source):
                found.setdefault(var, i)
    assert len(found) >= 2, f"{name}: predictions {sorted(found)}"
    for var, at in found.items():
        reveal = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code" and i > at and re.search(rf"compare_prediction\(\s*{var}\b", c.source)
        ]
        assert reveal, f"{name}: {var} is never compared with the result after it is asked for"


@pytest.mark.parametrize("name", TAUGHT)
def test_a_reasoning_exercise_with_answer_and_rubric_hidden_from_students(name):
    cells = _cells(name)
    exercises = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and re.search(r"^#+ .*Reasoning exercise", c.source, flags=re.M)
    ]
    assert exercises, f"{name}: no reasoning exercise"
    for i in exercises:
        answer = next((c for c in cells[i + 1 :] if c.cell_type == "markdown"), None)
        assert answer is not None and "solution" in answer.metadata.get("tags", []), (
            f"{name}: the reasoning exercise in cell {i} has no model answer tagged 'solution' after it"
        )
        assert "*Rubric" in answer.source and "point" in answer.source, f"{name}: the model answer has no rubric"
    student = student_notebook(nbformat.read(ROOT / "notebooks" / name, as_version=4))
    text = "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in student["cells"])
    assert "*Rubric" not in text and "Instructor's answer" not in text
