"""The instructor guide quotes what the package computes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from venusedu.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")

QUIZ_MODULES = {
    "01": "anatomy",
    "02": "paradox",
    "03": "blanket",
    "04": "eye",
    "05": "explore",
    "06": "myths",
    "07": "sensitivity",
}


@pytest.mark.parametrize("number, module", sorted(QUIZ_MODULES.items()))
def test_quiz_keys_match_the_package(number, module):
    quiz = importlib.import_module(f"venusedu.exercises.{module}").quiz
    m = re.search(rf"^- Quiz key {number}: (.+)$", GUIDE, flags=re.M)
    assert m, f"the guide has no quiz key for lesson {number}"
    quoted = dict((int(k), v) for k, v in (item.split() for item in m.group(1).split("·")))
    assert quoted == quiz.answer_key()


def test_lesson_plan_matches_the_catalog():
    for lesson in LESSONS:
        number = lesson.notebook[:2]
        row = re.search(rf"^\| {number} \| ([^|]+) \| (\d+) \|", GUIDE, flags=re.M)
        assert row, f"lesson {number} is missing from the lesson plan"
        assert row.group(1).strip() == lesson.title
        assert int(row.group(2)) == lesson.minutes


def test_threshold_figures():
    """The threshold and the verdict's band, at the default parameters (the 256-point grid of MODEL.md §7)."""
    from venusedu import Params
    from venusedu.analysis import threshold_body_fat, threshold_fat_mm

    fat = threshold_fat_mm(Params())
    quoted_fat = float(re.search(r"\*\*([\d.]+) mm\*\* of fat", GUIDE).group(1))
    assert round(fat, 1) == quoted_fat
    women = float(re.search(r"\*\*([\d.]+) %\*\* body fat for women", GUIDE).group(1))
    men = float(re.search(r"\*\*([\d.]+) %\*\* for men", GUIDE).group(1))
    th = {sex: threshold_body_fat(sex, Params()) for sex in ("female", "male")}
    for sex, quoted in (("female", women), ("male", men)):
        assert round(th[sex]["body_fat"], 1) == quoted, sex
    band = re.search(
        r"\*visible\* up to \*\*([\d.]+) mm\*\* of fat \(\*\*([\d.]+) %\*\* women, \*\*([\d.]+) %\*\* men\) "
        r"and \*not visible\* from\s+\*\*([\d.]+) mm\*\* \(\*\*([\d.]+) %\*\* women, \*\*([\d.]+) %\*\* men\)",
        GUIDE,
    )
    assert band, "the guide quotes the verdict's band"
    quoted = [float(v) for v in band.groups()]
    computed = [
        th["female"]["fat_visible_mm"],
        th["female"]["body_fat_visible"],
        th["male"]["body_fat_visible"],
        th["female"]["fat_not_visible_mm"],
        th["female"]["body_fat_not_visible"],
        th["male"]["body_fat_not_visible"],
    ]
    assert quoted == [round(v, 1) for v in computed]


def test_single_target_threshold_in_m10():
    """M10 quotes the threshold of one dimple-sized target at the default light and distance."""
    from venusedu import Params, simulate
    from venusedu.exercises import eye

    m = re.search(r"for a single dimple-sized target about ([\d.]+) %", GUIDE)
    assert m, "M10 quotes the single-target threshold"
    r = simulate(Params())
    p = r.params
    lum = p.luminance_cd_m2 * eye.flat_brightness(p.light_elevation_deg, p.ambient)
    assert round(100 * eye.dimple_threshold(r.width_mm, p.view_distance_m, lum), 1) == float(m.group(1))
