"""Lesson 06 (myths and interventions): exercise references, checkers and quiz keys against the model."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.optimize import brentq

from venusedu import Params, analysis, fat_from_body_fat, simulate
from venusedu.exercises import myths
from venusedu.quiz import check_function

BASE = analysis.sweep_params()


# -- exercise 1: bisection -------------------------------------------------------


@pytest.mark.parametrize(
    "f, lo, hi", [(lambda x: x * x - 2.0, 0.0, 2.0), (math.cos, 0.0, 3.0), (lambda x: 1.0 - x, -5.0, 7.0)]
)
def test_bisect_agrees_with_brentq(f, lo, hi):
    assert myths.bisect(f, lo, hi, tol=1e-9) == pytest.approx(brentq(f, lo, hi), abs=1e-8)


def test_bisect_on_the_model_finds_the_threshold():
    g = analysis.vi_function("fat_mm", BASE, target=1.0)
    root = myths.bisect(g, 1.0, 40.0, tol=0.01)
    assert root == pytest.approx(analysis.threshold_fat_mm(BASE), abs=0.01)


def test_bisect_refuses_an_unbracketed_root():
    with pytest.raises(ValueError, match="same sign"):
        myths.bisect(lambda x: x * x + 1.0, -1.0, 1.0)
    assert myths.bisect(lambda x: x, 0.0, 1.0) == 0.0


def test_bisect_checker_rejects_wrong_answers():
    cases = [{"f": lambda x: x * x - 2.0, "lo": 0.0, "hi": 2.0, "tol": 1e-6}]

    def returns_lo(f, lo, hi, tol=0.01):
        return lo

    def one_step(f, lo, hi, tol=0.01):
        return (lo + hi) / 2

    assert not check_function(returns_lo, myths.bisect, cases, rtol=0.0, atol=0.01)
    assert not check_function(one_step, myths.bisect, cases, rtol=0.0, atol=0.01)


# -- exercise 2: inverting the body-fat mapping -----------------------------------


@pytest.mark.parametrize("sex", ["female", "male"])
def test_body_fat_reference_inverts_the_model_mapping(sex):
    for bf in np.linspace(15.0, 45.0, 7):
        t = fat_from_body_fat(float(bf), sex)[0]
        assert myths.body_fat_from_fat_mm(t, sex) == pytest.approx(bf, abs=1e-9)
        assert analysis.body_fat_for_fat_mm(t, sex)[0] == pytest.approx(bf, abs=1e-6)


def test_mapping_constants_match_the_model():
    for sex, (slope, offset) in myths.MAPPING.items():
        assert fat_from_body_fat(offset + 10.0, sex)[0] == pytest.approx(slope * 10.0)
    with pytest.raises(ValueError, match="sex"):
        myths.body_fat_from_fat_mm(10.0, "other")


def test_body_fat_checker_rejects_swapped_sexes():
    def swapped(fat_mm, sex):
        return myths.body_fat_from_fat_mm(fat_mm, "male" if sex == "female" else "female")

    cases = [{"fat_mm": 10.0, "sex": "female"}, {"fat_mm": 12.0, "sex": "male"}]
    assert not check_function(swapped, myths.body_fat_from_fat_mm, cases)


# -- the claims the lesson tests ---------------------------------------------------


def test_claimed_figures():
    assert myths.CLAIMED_BODY_FAT == {"female": 22.0, "male": 32.0}


def test_the_lesson_verdict_on_22_and_32_percent():
    women = analysis.threshold_body_fat("female", BASE)
    men = analysis.threshold_body_fat("male", BASE)
    # women: 22 % is far below the threshold, outside even the verdict's band: still clearly visible there
    assert women["body_fat_visible"] > 22.0 + 5.0
    assert simulate(Params(fat_mm=fat_from_body_fat(22.0, "female")[0], grid=128)).verdict == "visible"
    # men: 32 % falls inside the verdict's band, next to the threshold (a coincidence, see the lesson)
    assert men["body_fat_visible"] < 32.0 < men["body_fat_not_visible"] and abs(men["body_fat"] - 32.0) < 2.0
    # and the estimate's own band is wide
    assert women["body_fat_high"] - women["body_fat_low"] > 20.0


def test_vi_vs_body_fat():
    bf = np.arange(14.0, 38.0, 4.0)
    out_bf, est, thin, thick, linear = myths.vi_vs_body_fat("female", bf, BASE)
    assert np.array_equal(out_bf, bf) and linear.shape == (3, bf.size)
    assert np.all(np.diff(est) < 0)
    assert np.all(thin >= est) and np.all(est >= thick)  # less fat, more visible
    assert not linear[0, 0] and linear[0, 1:].all()  # 2 mm of fat at 14 %: a steep pit


def test_essential_fat():
    assert myths.ESSENTIAL_FAT == {"female": (10.0, 13.0), "male": (2.0, 5.0)}


def test_brightness_range():
    assert myths.brightness_range(simulate(Params(muscle=0.0, ligament=False))) == 0.0
    assert myths.brightness_range(simulate(Params(muscle=3.0, ligament=False))) > 0.1


# -- quiz keys -----------------------------------------------------------------------


def test_quiz_q1_no_ligament_no_dimple_at_any_fat():
    q = myths.quiz.questions[0]
    s = analysis.sweep("fat_mm", np.linspace(1.0, 40.0, 8), analysis.sweep_params(Params(ligament=False)))
    assert np.all(s.visibility_index == 0.0)
    assert "stays exactly 0" in q.options[q.answer]


def test_quiz_q2_trained_muscle_without_ligament():
    q = myths.quiz.questions[1]
    trained = simulate(Params(muscle=3.0, ligament=False))
    untrained = simulate(Params(muscle=0.0, ligament=False))
    assert trained.visibility_index == 0.0
    assert myths.brightness_range(trained) > myths.brightness_range(untrained)
    assert q.options[q.answer].startswith("VI = 0, but")
    # with a ligament, training deepens an existing pit (the tether is anchored to bone)
    depths = [simulate(Params(muscle=m)).depth_mm for m in (0.0, 1.0, 3.0)]
    assert depths[0] < depths[1] < depths[2]
    assert "deepens an existing pit" in q.explanation


def test_quiz_q3_spot_reduction_cites_its_source():
    q = myths.quiz.questions[2]
    assert "Vispute" in q.options[q.answer] and q.options[q.answer].startswith("No")


def test_quiz_q4_men_at_32_percent():
    q = myths.quiz.questions[3]
    t = fat_from_body_fat(32.0, "male")[0]
    assert abs(t - 22.0) < 1.0  # "about 22 mm" in the prompt
    r = simulate(dataclasses.replace(BASE, fat_mm=t))
    assert r.verdict == "borderline" and r.linear
    assert q.options[q.answer].startswith("Borderline")


def test_quiz_q5_liposculpture_without_ligament():
    q = myths.quiz.questions[4]
    p = analysis.sweep_params(Params(fat_mm=30.0, ligament=False))
    s = analysis.sweep("lipo_depth_mm", [0.0, 4.0, 8.0, 12.0], p)
    assert s.linear.all()
    assert s.visibility_index[0] == 0.0 and s.verdict[-1] == "visible"
    assert np.all(np.diff(s.visibility_index) >= 0) and np.all(np.diff(s.depth_mm) >= 0)
    assert "artificial dimple" in q.options[q.answer]


def test_quiz_renders():
    assert len(myths.quiz) == 5 and "Quiz: Myths and interventions" in myths.quiz.as_text()


# -- figures -----------------------------------------------------------------------


def test_figures_carry_alt_text_with_numbers():
    import matplotlib.pyplot as plt

    fig, alt = myths.plot_vi_vs_fat({"a": ([1.0, 40.0], [2.0, 0.5]), "b": ([1.0, 40.0], [0.0, 0.0])}, threshold_mm=10.0)
    assert "10.0 mm" in alt and "VI = 0 everywhere" in fig.axes[0].get_legend().get_texts()[1].get_text()
    plt.close(fig)
    fig, alt = myths.plot_lipo({"x": ([0.0, 5.0], [0.0, 3.0])}, marks=[("x", 1.0)])
    assert "x at 1.00 mm" in alt
    plt.close(fig)
    fig, alt = myths.plot_lipo({"x": ([0.0, 5.0, 10.0], [0.0, 3.0, 30.0], [True, True, False])})
    assert "to 3.00 at 5 mm (beyond linear theory, and not drawn, from 10 mm)" in alt and "30" not in alt
    plt.close(fig)
    fig, alt = myths.plot_vi_vs_fat({"a": ([1.0, 8.0, 40.0], [26.0, 5.8, 0.2], [False, True, True])})
    assert "VI from 5.80 at 8 mm" in alt and "not drawn, at 1 mm" in alt and "26" not in alt
    plt.close(fig)
    curves = {sex: myths.vi_vs_body_fat(sex, np.arange(10.0, 30.0, 4.0), BASE) for sex in ("female", "male")}
    fig, alt = myths.plot_vi_vs_body_fat(curves)
    assert "female (essential fat, 10–13 %, shaded)" in alt and "beyond linear theory below" in alt
    assert "male (essential" not in alt.replace("female (essential", "")
    plt.close(fig)
    fig, alt = myths.plot_muscle_shading([simulate(Params(grid=128))], ["default"])
    assert "brightness range" in alt and "VI" in alt
    plt.close(fig)


def test_muscle_shading_panel_width_sets_the_figure_size_and_keeps_the_text():
    import matplotlib.pyplot as plt

    from venusedu.display import smallest_text_pt

    results = [simulate(Params(grid=128))] * 2
    default, _ = myths.plot_muscle_shading(results, ["a", "b"])
    narrow, _ = myths.plot_muscle_shading(results, ["a", "b"], panel_width_in=3.2)
    assert tuple(default.get_size_inches()) == pytest.approx((2 * 3.6 + 0.6, 4.4))
    assert tuple(narrow.get_size_inches()) == pytest.approx((2 * 3.2 + 0.6, 4.0))
    for fig in (default, narrow):
        fig.canvas.draw()
    assert smallest_text_pt(narrow) == smallest_text_pt(default)
    plt.close("all")
    for bad in (1.0, 12.0, True, "3"):
        with pytest.raises(ValueError, match="panel_width_in"):
            myths.plot_muscle_shading(results, ["a", "b"], panel_width_in=bad)
