"""Lesson 02: exercise references, their checkers, sweeps and the quiz key."""

from __future__ import annotations

import numpy as np
import pytest

from venusedu import Params
from venusedu.exercises import paradox as ex
from venusedu.quiz import check_function

FATS = [1.0, 2.0, 5.0, 10.0, 20.0, 40.0]


@pytest.fixture(scope="module")
def naive_sweep():
    return ex.fat_sweep(FATS, superficial_fraction=0.0)


@pytest.fixture(scope="module")
def blanket_sweep():
    return ex.fat_sweep(FATS, superficial_fraction=1.0)


# -- references ---------------------------------------------------------------------


def test_naive_depth_is_pull_plus_fat():
    assert ex.naive_depth(12.0, 2.0) == 14.0
    assert isinstance(ex.naive_depth(12.0, 2.0), float)
    np.testing.assert_allclose(ex.naive_depth(np.array(FATS), 2.0), np.array(FATS) + 2.0)


def test_depth_slope_is_the_least_squares_slope():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([3.0, 4.2, 4.9, 6.1])
    assert ex.depth_slope(x, y) == pytest.approx(np.polyfit(x, y, 1)[0])
    assert ex.depth_slope([0.0, 5.0], [1.0, 11.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        ex.depth_slope([1.0], [2.0])
    with pytest.raises(ValueError):
        ex.depth_slope([1.0, 2.0], [2.0, 3.0, 4.0])


# -- the model in its naive regime reproduces the naive model (MODEL.md property 5) ------------


def test_naive_regime_follows_the_naive_model(naive_sweep):
    from venusedu.model import muscle_relief

    pull = naive_sweep.params.tether_pull_mm
    extra = naive_sweep.depth_mm - ex.naive_depth(naive_sweep.fat_mm, pull)
    # the muscle relief under the insertion (1.6 mm at the PSIS) adds to the pull, like deep fat
    relief = muscle_relief(0.5 * naive_sweep.params.dimple_spacing_mm, 0.0)
    assert np.all(extra > relief - 0.05) and np.all(extra < relief + 1.0)
    assert np.all(np.diff(naive_sweep.depth_mm) > 0)
    assert ex.depth_slope(naive_sweep.fat_mm, naive_sweep.depth_mm) == pytest.approx(1.0, abs=0.1)
    # ... but every one of these pits is too steep for the model's linear theory
    assert not naive_sweep.linear.any() and np.all(naive_sweep.max_slope > 0.3)
    assert np.all(naive_sweep.rim_mm > 0)


def test_naive_regime_without_muscle_is_the_naive_model():
    s = ex.fat_sweep(FATS, superficial_fraction=0.0, muscle=0.0)
    np.testing.assert_allclose(s.depth_mm, ex.naive_depth(s.fat_mm, 2.0), atol=0.2)


def test_blanket_regime_goes_the_other_way(blanket_sweep):
    assert np.all(np.diff(blanket_sweep.depth_mm) < 0)
    assert np.all(np.diff(blanket_sweep.visibility_index) < 0)
    lin = blanket_sweep.linear
    assert lin[2:].all() and not lin[0]  # 1 mm of fat leaves a steep pit
    assert blanket_sweep.visibility_index[lin][0] > 1.0 > blanket_sweep.visibility_index[-1]


def test_fat_sweep_keeps_the_other_parameters():
    base = Params(grid=ex.SWEEP_GRID, tether_pull_mm=3.0)
    s = ex.fat_sweep([3.0, 6.0], base, superficial_fraction=0.0)
    assert s.params.tether_pull_mm == 3.0 and s.params.superficial_fraction == 0.0
    assert s.fat_mm.tolist() == [3.0, 6.0]
    assert s.depth_mm.shape == s.width_mm.shape == s.visibility_index.shape == s.linear.shape == (2,)


# -- checkers accept the reference and reject a wrong answer ----------------------------


def test_checker_naive_depth(capsys):
    cases = [
        {"fat_mm": 0.0, "tether_pull_mm": 2.0},
        {"fat_mm": 12.0, "tether_pull_mm": 2.0},
        {"fat_mm": 25.0, "tether_pull_mm": 1.5},
    ]
    assert check_function(ex.naive_depth, ex.naive_depth, cases)
    assert "✔" in capsys.readouterr().out

    def forgets_fat(fat_mm, tether_pull_mm):  # the skin does not rise with fat
        return tether_pull_mm

    assert not check_function(forgets_fat, ex.naive_depth, cases, name="naive_depth")
    assert "✘" in capsys.readouterr().out


def test_checker_depth_slope(capsys, naive_sweep):
    cases = [
        {"fat_mm": naive_sweep.fat_mm, "depth_mm": naive_sweep.depth_mm},
        {"fat_mm": [0.0, 1.0, 2.0, 3.0], "depth_mm": [3.0, 4.2, 4.9, 6.1]},
        {"fat_mm": [2.0, 5.0, 20.0], "depth_mm": [1.4, 0.9, 0.3]},
    ]
    assert check_function(ex.depth_slope, ex.depth_slope, cases)
    capsys.readouterr()

    def endpoints(fat_mm, depth_mm):
        return (depth_mm[-1] - depth_mm[0]) / (fat_mm[-1] - fat_mm[0])

    assert not check_function(endpoints, ex.depth_slope, cases, name="depth_slope")
    assert "✘" in capsys.readouterr().out


# -- figures --------------------------------------------------------------------------


def test_figures_draw(naive_sweep, blanket_sweep):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, alt = ex.plot_naive(np.array([0.0, 10.0, 40.0]), 2.0)
    assert "2.0 mm at 0 mm" in alt and "42.0 mm at 40 mm" in alt
    fig2, alt2 = ex.plot_sweeps({"naive": naive_sweep, "blanket": blanket_sweep})
    # no VI is quoted for the naive regime, beyond linear theory at every fat
    naive_part, blanket_part = alt2.split("; blanket")
    assert "VI" not in naive_part.split("naive:")[1].replace("no VI", "")
    assert "every result beyond linear theory" in naive_part
    k = int(np.flatnonzero(blanket_sweep.linear)[0])
    assert f"VI from {blanket_sweep.visibility_index[k]:.2g} at {blanket_sweep.fat_mm[k]:.0f} mm" in blanket_part
    assert f"beyond linear theory up to {blanket_sweep.fat_mm[k - 1]:g} mm of fat" in blanket_part
    fig3, results = ex.section_pair((4.0, 16.0), Params(superficial_fraction=0.0))
    assert [r.params.fat_mm for r in results] == [4.0, 16.0]
    assert results[1].depth_mm > results[0].depth_mm
    for f in (fig, fig2, fig3):
        plt.close(f)


# -- the quiz key ---------------------------------------------------------------------


def _right(q):
    return q.options[q.answer]


def test_quiz_key(naive_sweep):
    qs = ex.quiz.questions
    assert 3 <= len(qs) <= 5
    # Q1: the naive depth, computed with the model's default pull
    assert Params().tether_pull_mm == 2.0 and "pull is 2 mm" in qs[0].prompt
    assert _right(qs[0]) == f"{ex.naive_depth(12.0, 2.0):.0f} mm"
    # Q2: the model's naive regime grows by about 1 mm per mm of fat
    slope = ex.depth_slope(naive_sweep.fat_mm, naive_sweep.depth_mm)
    assert _right(qs[1]) == f"It grows by about {slope:.0f} mm per mm of fat"
    # Q3: Whipple et al. 2021
    assert "97.6 % of 173" in _right(qs[2])
    # Q4: the two ideas of the resolution
    assert "insertion" in _right(qs[3]) and "eye" in _right(qs[3])
    for i, q in enumerate(qs, 1):
        assert ex.quiz.check(i, q.correct_letter).startswith(f"Q{i} {q.correct_letter}) Correct")
        wrong = "abcd"[(q.answer + 1) % len(q.options)]
        assert "Not quite" in ex.quiz.check(i, wrong)
