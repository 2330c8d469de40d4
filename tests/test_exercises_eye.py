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
        rtol=1e-12,
        atol=1e-12,
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
    # the half-cycle estimate lands near the centre of the channel the model sees the dimple through
    for d in (0.3, 1.5, 10.0):
        r = simulate(Params(view_distance_m=d))
        assert eye.angular_frequency_cpd(r.width_mm, d) == pytest.approx(r.frequency_cpd, rel=0.1)
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
    assert slope < 0.07
    assert eye.small_slope_contrast(slope, elevation, p.ambient) == pytest.approx(r.contrast, rel=0.05)


# -- exercise 3: the dimple's threshold from the CSF ----------------------------


def _independent_barten(f, L, X0):
    """Barten's 2003 formula typed again from docs/MODEL.md §4.2, for this test."""
    d = 5 - 3 * math.tanh(0.4 * math.log10(L * X0**2 / 40**2))
    sigma = math.sqrt((0.5 / 60) ** 2 + (0.08 / 60 * d) ** 2)
    E = math.pi * d**2 / 4 * L * (1 - (d / 9.7) ** 2 + (d / 12.4) ** 4)
    M = math.exp(-2 * math.pi**2 * sigma**2 * f**2)
    noise = (
        (2 / 0.1)
        * (1 / X0**2 + 1 / 12**2 + f**2 / 15**2)
        * (1 / (0.03 * 1.2274e6 * E) + 3e-8 / (1 - math.exp(-((f / 7) ** 2))))
    )
    return (M / 3) / math.sqrt(noise)


@pytest.mark.parametrize("w, d, L", [(17.9, 1.5, 42.0), (17.9, 10.0, 42.0), (30.0, 0.3, 5.0), (10.0, 3.0, 500.0)])
def test_dimple_threshold_is_one_over_the_csf(w, d, L):
    f = math.pi * 1000 * d / (360 * w)
    X0 = math.degrees(2 * w / (1000 * d))
    assert eye.field_deg(w, d) == pytest.approx(X0, rel=1e-12)
    assert eye.field_deg(w, d) * eye.angular_frequency_cpd(w, d) == pytest.approx(1.0, rel=1e-12)
    assert eye.dimple_threshold(w, d, L) == pytest.approx(1.0 / _independent_barten(f, L, X0), rel=1e-9)


def test_paper_estimate_of_vi_is_close_to_the_model():
    """C / C_th with the flat-skin luminance lands within 25 % of the model's VI (no masking at defaults)."""
    for kw in (
        {},
        {"view_distance_m": 0.3},
        {"view_distance_m": 10.0},
        {"fat_mm": 20.0},
        {"light_elevation_deg": 60.0},
        {"luminance_cd_m2": 1.0},
    ):
        r = simulate(Params(**kw))
        p = r.params
        L = p.luminance_cd_m2 * eye.flat_brightness(p.light_elevation_deg, p.ambient)
        paper = r.contrast / eye.dimple_threshold(r.width_mm, p.view_distance_m, L)
        assert r.masking == pytest.approx(1.0, abs=0.01)
        assert paper == pytest.approx(r.visibility_index, rel=0.25), kw


def test_dimple_threshold_checker_rejects_a_field_in_radians(capsys):
    def radians(width_mm, view_distance_m, mean_luminance_cd_m2):
        f = eye.angular_frequency_cpd(width_mm, view_distance_m)
        return 1.0 / vision.barten_csf(f, mean_luminance_cd_m2, 2 * width_mm / (1000 * view_distance_m))

    cases = [
        {"width_mm": 17.9, "view_distance_m": 1.5, "mean_luminance_cd_m2": 42.0},
        {"width_mm": 17.9, "view_distance_m": 10.0, "mean_luminance_cd_m2": 42.0},
    ]
    assert check_function(eye.dimple_threshold, eye.dimple_threshold, cases, rtol=1e-6)
    assert not check_function(radians, eye.dimple_threshold, cases, rtol=1e-6)
    assert "✘" in capsys.readouterr().out


def test_one_cycle_threshold_is_flat_at_low_frequency_and_gratings_need_less():
    L = 42.0
    low = [eye.dimple_threshold(w, 1.5, L) for w in (20.0, 40.0, 80.0)]  # 0.65, 0.33, 0.16 cycles/degree
    assert max(low) / min(low) < 1.15
    assert eye.grating_threshold(3.0, L) < 0.2 * min(low)  # many cycles: far more sensitive
    assert eye.dimple_threshold(18.0, 10.0, L) > 1.3 * eye.dimple_threshold(18.0, 1.5, L)


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
    vis = {
        th: simulate(dataclasses.replace(base, light_elevation_deg=th)).visibility_index for th in eye.LIGHT_ANGLES_DEG
    }
    hardest = min(vis, key=vis.get)
    assert hardest == 90.0
    assert f"{hardest:.0f}°" in q.options[q.answer]
    assert len({simulate(dataclasses.replace(base, light_elevation_deg=th)).depth_mm for th in vis}) == 1


def test_quiz_q2_frequency_doubles_with_distance():
    q = eye.quiz.questions[1]
    ratio = vision.spatial_frequency_cpd(20.0, 3.0) / vision.spatial_frequency_cpd(20.0, 1.5)
    assert ratio == pytest.approx(2.0)
    assert q.options[q.answer] == "It doubles"


def test_quiz_q3_the_band_makes_1_2_borderline():
    q = eye.quiz.questions[2]
    low, high = vision.vi_band(1.2)
    assert vision.verdict(1.2) == "borderline"
    assert q.options[q.answer] == f"Borderline: the band, {low:.2f} to {high:.1f}, straddles 1"


def test_quiz_q4_definition_of_vi():
    q = eye.quiz.questions[3]
    r = simulate(Params(muscle=3.0, light_elevation_deg=10.0))
    assert r.masking > 1.1  # the back's shading masks the dimple here
    from venusedu.model import WINDOW_RADIUS_MM

    X, Y = np.meshgrid(r.x_mm, r.y_mm)
    window = (X - r.params.dimple_spacing_mm / 2) ** 2 + Y**2 <= WINDOW_RADIUS_MM**2
    assert r.visibility_index == pytest.approx(float(np.abs(r.signal[window]).max()) / r.masking, rel=1e-9)
    assert "divided by the masking" in q.options[q.answer]
    # narrow pits: the eye's sensitivity falls off (option d is wrong)
    assert vision.barten_csf(60.0, 42.0, 0.1) < 1e-2


def test_quiz_renders():
    text = eye.quiz.as_text()
    assert text.count("\n   a)") == len(eye.quiz) == 4


# -- figures ---------------------------------------------------------------------


def test_figures_carry_alt_text_with_numbers():
    import matplotlib.pyplot as plt

    fig, alt = eye.plot_lambert_curves()
    assert "0.00 at 90°" in alt and "0.66 at 20°" in alt
    plt.close(fig)
    fig, alt = eye.plot_csf(42.0, [("pit", 0.77, 0.083)])
    assert "0.77 cycles/degree, contrast 0.0830" in alt
    assert f"{eye.dimple_threshold(17.9, 1.5, 42.0):.2%}"[:3] in alt
    plt.close(fig)
