"""Lesson 04 (what the eye sees): exercise references, checkers and quiz keys against the model."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from venusedu import Params, simulate, vision
from venusedu.exercises import eye
from venusedu.quiz import check_function


# -- exercise 1: Lambert intensity ---------------------------------------------

@pytest.mark.parametrize("elevation", [5.0, 20.0, 35.0, 60.0, 90.0])
@pytest.mark.parametrize("ambient", [0.0, 0.3, 0.9])
def test_lambert_reference_agrees_with_the_model_shading(elevation, ambient):
    slopes = np.linspace(-4.0, 4.0, 81)  # includes patches in full shadow
    np.testing.assert_allclose(
        eye.lambert_intensity(slopes, elevation, ambient),
        vision.shading(slopes, np.zeros_like(slopes), elevation, 0.0, ambient),
        rtol=1e-12, atol=1e-12,
    )


def test_lambert_reference_scalars_and_limits():
    assert isinstance(eye.lambert_intensity(0.1, 35.0), float)
    assert eye.lambert_intensity(0.0, 90.0, 0.3) == pytest.approx(1.0)
    assert eye.lambert_intensity(100.0, 20.0, 0.3) == pytest.approx(0.3)  # in shadow: ambient only
    assert eye.lambert_intensity(0.1, 35.0) < eye.lambert_intensity(0.0, 35.0) < eye.lambert_intensity(-0.1, 35.0)


def test_lambert_checker_rejects_wrong_answers(capsys):
    cases = [{"slope": s, "elevation_deg": t, "ambient": 0.3} for s, t in [(0.05, 35.0), (3.0, 20.0), (0.0, 90.0)]]

    def wrong_sign(slope, elevation_deg, ambient=0.3):
        th = math.radians(elevation_deg)
        return ambient + (1 - ambient) * max(0.0, (math.sin(th) + slope * math.cos(th)) / math.sqrt(1 + slope**2))

    def no_shadow(slope, elevation_deg, ambient=0.3):
        th = math.radians(elevation_deg)
        return ambient + (1 - ambient) * (math.sin(th) - slope * math.cos(th)) / math.sqrt(1 + slope**2)

    assert check_function(eye.lambert_intensity, eye.lambert_intensity, cases)
    assert not check_function(wrong_sign, eye.lambert_intensity, cases)
    assert not check_function(no_shadow, eye.lambert_intensity, cases)
    assert "✘" in capsys.readouterr().out


# -- exercise 2: spatial frequency -----------------------------------------------

def test_frequency_reference_agrees_with_the_model():
    for w, d in [(23.3, 1.5), (10.0, 0.5), (5.0, 10.0)]:
        assert eye.angular_frequency_cpd(w, d) == pytest.approx(vision.spatial_frequency_cpd(w, d), rel=1e-12)
    r = simulate(Params())
    assert eye.angular_frequency_cpd(r.width_mm, 1.5) == pytest.approx(r.frequency_cpd, rel=1e-12)
    with pytest.raises(ValueError, match="width_mm"):
        eye.angular_frequency_cpd(0.0, 1.5)
    with pytest.raises(ValueError, match="view_distance_m"):
        eye.angular_frequency_cpd(10.0, -1.0)


def test_frequency_checker_rejects_a_missing_factor_of_two():
    def half_cycle_is_a_cycle(width_mm, view_distance_m):
        return math.pi * 1000 * view_distance_m / (180 * width_mm)

    cases = [{"width_mm": 20.0, "view_distance_m": 1.5}]
    assert not check_function(half_cycle_is_a_cycle, eye.angular_frequency_cpd, cases)


# -- exercise 3: small-slope contrast --------------------------------------------

@pytest.mark.parametrize("elevation", [20.0, 35.0, 60.0])
def test_small_slope_formula_matches_the_renderer_on_a_flat_back(elevation):
    p = Params(muscle=0.0, light_elevation_deg=elevation)
    r = simulate(p)
    slope = eye.window_max_slope_along_light(r, p)
    assert slope < 0.05
    assert eye.small_slope_contrast(slope, elevation, p.ambient) == pytest.approx(r.contrast, rel=0.05)


def test_small_slope_contrast_vanishes_under_a_frontal_light():
    assert eye.small_slope_contrast(0.05, 90.0, 0.3) == 0.0
    assert eye.small_slope_contrast(0.05, 20.0, 0.3) > eye.small_slope_contrast(0.05, 60.0, 0.3) > 0


def test_window_slope_along_the_light_is_the_steepest_slope_for_light_from_the_side():
    p = Params()
    r = simulate(p)
    assert eye.window_max_slope_along_light(r, p) == pytest.approx(r.max_slope, rel=0.02)
    q = Params(light_azimuth_deg=90.0)
    assert eye.window_max_slope_along_light(simulate(q), q) == pytest.approx(r.max_slope, rel=0.05)


def test_frontal_flash_contrast_is_second_order_on_a_flat_back():
    r = simulate(Params(muscle=0.0, light_elevation_deg=90.0))
    assert r.contrast == pytest.approx((1 - 0.3) * r.max_slope**2 / 4, rel=0.1)


# -- quiz keys -------------------------------------------------------------------

def test_quiz_q1_frontal_flash_hides_the_dimple_most():
    q = eye.quiz.questions[0]
    base = Params()
    vis = {th: simulate(dataclasses.replace(base, light_elevation_deg=th)).visibility_index
           for th in eye.LIGHT_ANGLES_DEG}
    hardest = min(vis, key=vis.get)
    assert hardest == 90.0
    assert f"{hardest:.0f}°" in q.options[q.answer]
    assert len({simulate(dataclasses.replace(base, light_elevation_deg=th)).depth_mm for th in vis}) == 1


def test_quiz_q2_frequency_doubles_with_distance():
    q = eye.quiz.questions[1]
    ratio = vision.spatial_frequency_cpd(20.0, 3.0) / vision.spatial_frequency_cpd(20.0, 1.5)
    assert ratio == pytest.approx(2.0)
    assert q.options[q.answer] == "It doubles"


def test_quiz_q3_visibility_index_below_the_peak():
    q = eye.quiz.questions[2]
    vi = vision.visibility_index(0.01, 2.0, 0.02, 3.0)
    assert vi == pytest.approx(0.5)
    assert f"VI = {vi:g}" in q.options[q.answer] and q.options[q.answer].startswith("No")


def test_quiz_q4_definition_of_vi():
    q = eye.quiz.questions[3]
    r = simulate(Params())
    assert r.visibility_index == pytest.approx(r.contrast / r.threshold, rel=1e-12)
    assert "contrast / threshold" in q.options[q.answer]
    # narrow pits: the threshold rises faster than any contrast gain (option d is wrong)
    assert vision.visibility_index(0.5, 60.0, 0.02, 3.0) < 1e-3


def test_quiz_renders():
    text = eye.quiz.as_text()
    assert text.count("\n   a)") == len(eye.quiz) == 4


# -- figures ---------------------------------------------------------------------

def test_figures_carry_alt_text_with_numbers():
    import matplotlib.pyplot as plt

    fig, alt = eye.plot_lambert_curves()
    assert "0.00 at 90°" in alt and "0.66 at 20°" in alt
    plt.close(fig)
    fig, alt = eye.plot_threshold_curve(0.02, 3.0, [("pit", 0.56, 0.025)])
    assert "0.020" in alt and "0.56" in alt
    plt.close(fig)
