"""Lesson 05: exercise references and quiz keys, checked against the model."""

from __future__ import annotations

import dataclasses
import math

import pytest

from venusedu import Params, simulate
from venusedu.exercises.explore import lipo_needed, quiz, relight
from venusedu.quiz import check_function


def test_relight_reuses_the_surface_and_matches_a_full_run():
    r = simulate(Params(fat_mm=13.0))
    for elevation in (10.0, 35.0, 90.0):
        full = simulate(dataclasses.replace(r.params, light_elevation_deg=elevation))
        assert relight(r, elevation) == pytest.approx(full.visibility_index, rel=1e-9)
    with pytest.raises(TypeError, match="Result"):
        relight(r.params, 20.0)


def test_lipo_needed_is_the_first_visible_step():
    for fat, ligament in ((25.0, True), (30.0, True), (30.0, False)):
        depth = lipo_needed(fat, ligament)
        assert math.isfinite(depth)
        base = Params(fat_mm=fat, ligament=ligament)
        assert simulate(dataclasses.replace(base, lipo_depth_mm=depth)).visible
        if depth > 0:
            assert not simulate(dataclasses.replace(base, lipo_depth_mm=depth - 0.25)).visible
    assert lipo_needed(8.0) == 0.0  # visible already
    with pytest.raises(ValueError, match="step_mm"):
        lipo_needed(10.0, step_mm=0.0)


def test_checker_rejects_a_wrong_lipo_function(capsys):
    def always_one(fat_mm, ligament=True):
        return 1.0

    assert not check_function(always_one, lipo_needed, [{"fat_mm": 25.0, "ligament": True}])
    assert "1.33× the expected" in capsys.readouterr().out  # 1.0 against the 0.75 mm expected


def test_quiz_keys_follow_the_model():
    # Q1: a light-only change reuses the surface object
    r = simulate(Params())
    lit = simulate(dataclasses.replace(r.params, light_elevation_deg=20.0), previous=r)
    assert lit.surface_mm is r.surface_mm
    assert quiz.questions[0].answer == 1
    # Q2: without the ligament only liposculpture gives a visible dimple
    no_lig = Params(ligament=False)
    assert simulate(dataclasses.replace(no_lig, fat_mm=1.0)).visibility_index == 0.0
    assert simulate(dataclasses.replace(no_lig, muscle=3.0)).visibility_index == 0.0
    assert simulate(dataclasses.replace(no_lig, light_elevation_deg=5.0)).visibility_index == 0.0
    assert simulate(dataclasses.replace(no_lig, lipo_depth_mm=6.0)).visible
    assert quiz.questions[1].options[quiz.questions[1].answer] == "Liposculpture"
    # Q4: a lipo deeper than the superficial fat is refused
    with pytest.raises(ValueError, match="lipo_depth_mm"):
        Params(fat_mm=10.0, superficial_fraction=0.5, lipo_depth_mm=6.0)
    assert quiz.questions[3].answer == 0
