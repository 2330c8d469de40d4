"""The instructor guide quotes what the package computes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from venusedu.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")

QUIZ_MODULES = {"01": "anatomy", "02": "paradox", "03": "blanket", "04": "eye", "05": "explore", "06": "myths", "07": "sensitivity"}


@pytest.mark.parametrize("number, module", sorted(QUIZ_MODULES.items()))
def test_quiz_keys_match_the_package(number, module):
    quiz = importlib.import_module(f"venusedu.exercises.{module}").quiz
    m = re.search(rf"^- Quiz key {number}: (.+)$", GUIDE, flags=re.M)
    assert m, f"the guide has no quiz key for lesson {number}"
    quoted = dict(
        (int(k), v) for k, v in (item.split() for item in m.group(1).split("·"))
    )
    assert quoted == quiz.answer_key()


def test_lesson_plan_matches_the_catalog():
    for lesson in LESSONS:
        number = lesson.notebook[:2]
        row = re.search(rf"^\| {number} \| ([^|]+) \| (\d+) \|", GUIDE, flags=re.M)
        assert row, f"lesson {number} is missing from the lesson plan"
        assert row.group(1).strip() == lesson.title
        assert int(row.group(2)) == lesson.minutes


def test_threshold_figures():
    from venusedu.analysis import threshold_body_fat, threshold_fat_mm

    fat = threshold_fat_mm()
    quoted_fat = float(re.search(r"\*\*([\d.]+) mm\*\* of fat", GUIDE).group(1))
    assert round(fat, 1) == quoted_fat
    women = float(re.search(r"\*\*([\d.]+) %\*\* body fat for women", GUIDE).group(1))
    men = float(re.search(r"\*\*([\d.]+) %\*\* for men", GUIDE).group(1))
    for sex, quoted in (("female", women), ("male", men)):
        assert round(threshold_body_fat(sex)["body_fat"], 1) == quoted, sex
