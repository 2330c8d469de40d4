"""Lesson 07 (sensitivity and the unknowns): exercise references, checkers, table and quiz keys."""

from __future__ import annotations

import math

import numpy as np
import pytest

from venusedu import Params, analysis
from venusedu.exercises import sensitivity
from venusedu.params import FIELDS, field_spec
from venusedu.quiz import check_function

BASE = analysis.sweep_params()


# -- exercise 1: elasticity by finite differences --------------------------------


@pytest.mark.parametrize("k", [-2.0, -0.5, 0.0, 1.0, 3.0])
def test_log_elasticity_of_a_power_law_is_its_exponent(k):
    p_lo, p_hi = 2.0, 2.3
    assert sensitivity.log_elasticity(p_lo**k, p_hi**k, p_lo, p_hi) == pytest.approx(k, abs=1e-12)


def test_log_elasticity_agrees_with_the_package_elasticity():
    p0 = BASE.tether_pull_mm
    h = 0.05
    vi = [analysis.evaluate(BASE, tether_pull_mm=p0 * math.exp(s))["visibility_index"] for s in (-h, h)]
    e = sensitivity.log_elasticity(vi[0], vi[1], p0 * math.exp(-h), p0 * math.exp(h))
    assert e == pytest.approx(analysis.elasticity("tether_pull_mm", BASE, rel_step=h), rel=1e-12)


def test_log_elasticity_refuses_bad_input():
    with pytest.raises(ValueError):
        sensitivity.log_elasticity(0.0, 1.0, 1.0, 2.0)
    with pytest.raises(ValueError):
        sensitivity.log_elasticity(1.0, 1.0, 2.0, 2.0)


def test_elasticity_checker_rejects_a_plain_slope():
    def slope_not_log(vi_minus, vi_plus, p_minus, p_plus):
        return (vi_plus - vi_minus) / (p_plus - p_minus)

    cases = [{"vi_minus": 2.0, "vi_plus": 1.0, "p_minus": 9.0, "p_plus": 11.0}]
    assert not check_function(slope_not_log, sensitivity.log_elasticity, cases)


# -- exercise 2: decades -----------------------------------------------------------


def test_vi_decades():
    assert sensitivity.vi_decades([0.2, 2.0, 20.0]) == pytest.approx(2.0)
    assert sensitivity.vi_decades([1.25]) == 0.0
    rows = analysis.one_at_a_time(BASE, ["tether_pull_mm"], n=3)
    assert sensitivity.vi_decades(rows[0].vi) == pytest.approx(rows[0].decades)
    with pytest.raises(ValueError):
        sensitivity.vi_decades([0.0, 1.0])


def test_decades_checker_rejects_natural_logs():
    def natural_log(vi):
        return float(np.log(np.max(vi) / np.min(vi)))

    assert not check_function(natural_log, sensitivity.vi_decades, [{"vi": [0.2, 2.0, 20.0]}])


# -- tables ------------------------------------------------------------------------


def test_status_table_is_printed_from_the_metadata():
    text = sensitivity.status_table()
    lines = text.splitlines()
    listed = [f for f in FIELDS if f.group != "numerics"]
    assert len(lines) == 2 + len(listed)
    for f, line in zip(listed, lines[2:], strict=True):
        assert line.startswith(f.name) and line.rstrip().endswith(f.status)
    assert "grid" not in [line.split()[0] for line in lines[2:]]


def test_sensitivity_table_lists_every_row_and_marks_results_beyond_linear_theory():
    rows = analysis.one_at_a_time(BASE, ["fat_mm", "remodel_fraction"], n=3)
    text = sensitivity.sensitivity_table(rows)
    lines = text.splitlines()
    assert "fat_mm" in text and "remodel_fraction" in text and len(lines) == 5
    fat = next(r for r in rows if r.name == "fat_mm")
    assert not fat.linear[0]  # 1 mm of fat: a steep pit
    assert f"{fat.vi[0]:.2f}*" in lines[2] and lines[-1].startswith("* beyond linear theory")
    rows = analysis.one_at_a_time(BASE, ["remodel_fraction"], n=3)
    assert "*" not in sensitivity.sensitivity_table(rows)


# -- quiz keys -----------------------------------------------------------------------


def test_quiz_q1_elasticity_arithmetic():
    q = sensitivity.quiz.questions[0]
    change = 1.05**-2.0 - 1.0  # E = -2, p up by 5 %
    assert -0.11 < change < -0.09
    assert q.options[q.answer] == "It falls by about 10 %"


def test_quiz_q2_remodelling_has_nothing_to_act_on_without_deep_fat():
    q = sensitivity.quiz.questions[1]
    assert BASE.deep_fat_mm == 0.0
    assert analysis.elasticity("remodel_fraction", BASE) == 0.0
    deep = analysis.sweep_params(Params(superficial_fraction=0.5, remodel_fraction=0.5))
    assert analysis.elasticity("remodel_fraction", deep) != 0.0
    assert "deep fat" in q.options[q.answer]


def test_quiz_q3_statuses_come_from_the_parameter_table():
    q = sensitivity.quiz.questions[2]
    names = [opt.split()[0] for opt in q.options]
    statuses = [field_spec(n).status for n in names]
    assert statuses[q.answer] == "assumption"
    assert all(s.startswith("measured") for i, s in enumerate(statuses) if i != q.answer)


def test_quiz_q4_and_rendering():
    q = sensitivity.quiz.questions[3]
    assert "ultrasound" in q.options[q.answer] and "superficial fascia" in q.options[q.answer]
    assert len(sensitivity.quiz) == 4


# -- the lesson's conclusions ------------------------------------------------------


def test_superficial_fraction_is_the_most_influential_unknown():
    rows = analysis.one_at_a_time(BASE, n=3)
    body = [r for r in rows if r.status not in ("slider", "intervention")]
    by_range = sorted(body, key=lambda r: -sensitivity.vi_decades(r.vi))
    assert by_range[0].name == "superficial_fraction"
    assert not by_range[0].linear[0]  # ...but its low end is beyond linear theory,
    by_elasticity = sorted(body, key=lambda r: -abs(r.elasticity))
    assert by_elasticity[0].name == "superficial_fraction"  # so the local measure, at a linear base, decides
    assert abs(by_elasticity[0].elasticity) > 2 * abs(by_elasticity[1].elasticity)


def test_threshold_moves_far_with_the_superficial_fraction():
    t1 = analysis.threshold_fat_mm(BASE)
    t9 = analysis.threshold_fat_mm(analysis.sweep_params(Params(superficial_fraction=0.9)))
    assert t9 > 1.5 * t1


# -- figures -----------------------------------------------------------------------


def test_figures_carry_alt_text_with_numbers():
    import matplotlib.pyplot as plt

    rows = analysis.one_at_a_time(BASE, ["fat_mm", "tether_pull_mm", "remodel_fraction"], n=3)
    fig, alt = sensitivity.plot_tornado(rows)
    assert "3 parameters" in alt and f"fat_mm {rows[0].vi[0]:.2f} (beyond linear theory) to" in alt
    plt.close(fig)
    fig, alt = sensitivity.plot_elasticities(rows)
    assert f"{rows[0].elasticity:+.2f}" in alt or "tether_pull_mm" in alt
    plt.close(fig)


def test_row_height_sets_the_chart_height_and_rejects_bad_values():
    import matplotlib.pyplot as plt

    rows = analysis.one_at_a_time(BASE, ["fat_mm", "tether_pull_mm", "remodel_fraction"], n=3)
    for plot, default, base_in in ((sensitivity.plot_tornado, 0.55, 2.0), (sensitivity.plot_elasticities, 0.5, 1.8)):
        fig, _ = plot(rows)
        assert fig.get_size_inches()[1] == pytest.approx(default * 3 + base_in)
        fig, _ = plot(rows, row_height_in=0.37)
        assert fig.get_size_inches()[1] == pytest.approx(0.37 * 3 + base_in)
        plt.close("all")
        for bad in (0.1, 3.0, False, None):
            with pytest.raises(ValueError, match="row_height_in"):
                plot(rows, row_height_in=bad)
