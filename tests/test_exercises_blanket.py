"""Lesson 03: exercise references, their checkers, helpers and the quiz key."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from venusedu import Params, simulate
from venusedu.exercises import blanket as ex
from venusedu.exercises.paradox import fat_sweep
from venusedu.model import layer_transfer, layer_transfer_laplace
from venusedu.quiz import check_function


# -- exercise 1: the surrogate ---------------------------------------------------------

def test_laplace_transfer_is_one_over_cosh():
    Q = np.array([0.0, 0.3, 1.0, 2.0, 5.0, 20.0])
    np.testing.assert_allclose(ex.laplace_transfer(Q), 1.0 / np.cosh(Q), rtol=1e-12)
    np.testing.assert_allclose(ex.laplace_transfer(Q), layer_transfer_laplace(Q), rtol=1e-12)
    assert isinstance(ex.laplace_transfer(2.0), float)
    assert ex.laplace_transfer(2.0) == pytest.approx(0.27, abs=0.005)


def test_laplace_transfer_never_overflows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = ex.laplace_transfer(np.array([700.0, 1e4, np.inf]))
    assert np.all(np.isfinite(out)) and np.all(out < 1e-300)


def test_surrogate_over_smooths_the_exact_layer():
    Q = np.linspace(0.1, 8.0, 50)
    assert np.all(ex.laplace_transfer(Q) < layer_transfer(Q, 0.0))
    assert layer_transfer(2.0, 0.0) == pytest.approx(0.61, abs=0.005)


def test_checker_laplace(capsys):
    cases = [{"Q": Q} for Q in (0.0, 0.5, 1.0, 2.0, 8.0, 30.0)]
    assert check_function(ex.laplace_transfer, ex.laplace_transfer, cases, rtol=1e-9, atol=1e-15)
    capsys.readouterr()
    exp_only = lambda Q: float(np.exp(-Q))  # the large-Q tail without the 2 and the denominator
    assert not check_function(exp_only, ex.laplace_transfer, cases, rtol=1e-9, atol=1e-15)
    assert "✘" in capsys.readouterr().out


# -- exercise 2: half the pull ----------------------------------------------------------

def test_half_fat_interpolates():
    assert ex.half_fat([0.0, 10.0, 20.0], [1.0, 0.6, 0.2]) == pytest.approx(12.5)
    t = np.linspace(1.0, 10.0, 10)
    f = 1.2 - 0.1 * t  # 0.5 at t = 7
    assert ex.half_fat(t, f) == pytest.approx(7.0)
    assert ex.half_fat(t, f) == pytest.approx(float(np.interp(0.5, f[::-1], t[::-1])))
    with pytest.raises(ValueError):
        ex.half_fat([1.0, 2.0], [0.4, 0.3])
    with pytest.raises(ValueError):
        ex.half_fat([1.0, 2.0], [0.9, 0.8])


def test_half_fat_of_the_model_is_below_two_mm():
    fine = fat_sweep(np.linspace(1.0, 4.0, 13), superficial_fraction=1.0)
    pull = fine.depth_mm / Params().pin_depth_mm
    half = ex.half_fat(fine.fat_mm, pull)
    assert 1.0 < half < 2.0
    # consistent with the axisymmetric depth at that fat (independent 1-D computation)
    at_half = ex.axisymmetric_depth(Params(fat_mm=half)) / Params().pin_depth_mm
    assert at_half == pytest.approx(0.5, abs=0.02)


def test_checker_half_fat(capsys):
    cases = [{"fat_mm": [0.0, 10.0, 20.0], "transfer": [1.0, 0.6, 0.2]},
             {"fat_mm": [1.0, 2.0, 4.0, 8.0], "transfer": [0.9, 0.7, 0.45, 0.2]}]
    assert check_function(ex.half_fat, ex.half_fat, cases)
    capsys.readouterr()

    def nearest_sample(fat_mm, transfer):
        return float(np.asarray(fat_mm)[np.argmin(np.abs(np.asarray(transfer) - 0.5))])

    assert not check_function(nearest_sample, ex.half_fat, cases)
    assert "✘" in capsys.readouterr().out


# -- helpers ---------------------------------------------------------------------------

def test_crossing():
    assert ex.crossing([0.0, 1.0, 2.0], [3.0, 2.0, 0.0], 1.0) == pytest.approx(1.5)
    assert ex.crossing([0.0, 1.0], [10.0, 0.1], 1.0, log=True) == pytest.approx(0.5)
    assert ex.crossing([0.0, 1.0], [0.0, 2.0], 1.0) == pytest.approx(0.5)  # rising works too
    with pytest.raises(ValueError):
        ex.crossing([0.0, 1.0], [3.0, 2.0], 1.0)


def test_skin_beta_formula():
    p = Params()
    q = 2 * math.pi / 0.025
    expected = (p.skin_tension_n_per_m * q + p.skin_bending_nm * q**3) / p.fat_shear_modulus_pa
    assert ex.skin_beta(q, p) == pytest.approx(expected)
    np.testing.assert_allclose(ex.skin_beta(np.array([q, 2 * q]), p),
                               [expected, ex.skin_beta(2 * q, p)])


def test_transfer_vs_wavelength():
    c = ex.transfer_vs_wavelength(np.array([2 * math.pi * 4.0]), 8.0)  # Q = 2
    assert c["Q"][0] == pytest.approx(2.0)
    assert c["exact_bare"][0] == pytest.approx(layer_transfer(2.0, 0.0))
    assert c["laplace"][0] == pytest.approx(layer_transfer_laplace(2.0))
    assert c["exact_with_skin"][0] < c["exact_bare"][0]


@pytest.mark.parametrize("transfer", ["exact", "bare", "laplace"])
@pytest.mark.parametrize("fat", [1.0, 8.0, 40.0])
def test_axisymmetric_depth_matches_adaptive_quadrature(fat, transfer):
    from scipy.integrate import quad

    from venusedu.model import pin_spectrum

    p = Params(fat_mm=fat)

    def f(q):
        Q = q * fat
        T = {"exact": lambda: layer_transfer(Q, ex.skin_beta(q * 1e3, p)),
             "bare": lambda: layer_transfer(Q, 0.0),
             "laplace": lambda: layer_transfer_laplace(Q)}[transfer]()
        return pin_spectrum(q, p.pin_width_mm, p.pin_core_mm, p.pin_depth_mm) * T * q / (2 * math.pi)

    reference, _ = quad(f, 0.0, np.inf, limit=500)
    assert ex.axisymmetric_depth(p, transfer) == pytest.approx(reference, rel=1e-4)


def test_axisymmetric_depth_without_superficial_fat_is_the_pin_amplitude():
    p = Params(fat_mm=10.0, superficial_fraction=0.0)
    assert ex.axisymmetric_depth(p) == pytest.approx(p.pin_depth_mm + 10.0)


@pytest.mark.parametrize("fat", [2.0, 8.0, 20.0])
def test_axisymmetric_depth_matches_the_2d_model(fat):
    p = Params(fat_mm=fat)
    assert ex.axisymmetric_depth(p) == pytest.approx(simulate(p).depth_mm, rel=0.01)
    assert ex.axisymmetric_depth(p, "bare") > ex.axisymmetric_depth(p)
    assert ex.axisymmetric_depth(Params(ligament=False)) == 0.0
    with pytest.raises(ValueError):
        ex.axisymmetric_depth(p, "cosh")


def test_figures_draw():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, curves = ex.plot_transfer(np.geomspace(5, 300, 20), 8.0)
    assert set(curves) >= {"exact_bare", "exact_with_skin", "laplace"}
    sweep = fat_sweep([2.0, 10.0, 20.0], superficial_fraction=1.0)
    fig2 = ex.plot_blanket(sweep, 10.0)
    table = ex.fraction_table([0.0, 1.0], [5.0, 20.0])
    assert table["depth_mm"].shape == (2, 2)
    fig3 = ex.plot_fraction(table)
    for f in (fig, fig2, fig3):
        plt.close(f)


# -- the quiz key ------------------------------------------------------------------------

def _right(q):
    return q.options[q.answer]


def test_quiz_key():
    qs = ex.quiz.questions
    assert 3 <= len(qs) <= 5
    # Q1: the two numbers, computed
    assert _right(qs[0]) == (f"exact {layer_transfer(2.0, 0.0):.2f}, "
                             f"surrogate {ex.laplace_transfer(2.0):.2f}")
    # Q2: broad waves pass better than narrow ones, with and without the skin
    c = ex.transfer_vs_wavelength(np.array([10.0, 200.0]), 8.0)
    assert c["exact_with_skin"][1] > c["exact_with_skin"][0] and c["exact_bare"][1] > c["exact_bare"][0]
    assert _right(qs[1]).startswith("Long wavelengths")
    # Q3: blanket regime, both fall (MODEL.md property 2)
    s = fat_sweep([2.0, 10.0, 30.0], superficial_fraction=1.0)
    assert np.all(np.diff(s.depth_mm) < 0) and np.all(np.diff(s.visibility_index) < 0)
    assert _right(qs[2]) == "It gets shallower and less visible"
    # Q4: f_s is an assumption in the parameter table
    assert Params.spec("superficial_fraction").status == "assumption"
    assert _right(qs[3]).startswith("A modelling assumption")
    # Q5: f_s = 0.5, fat 5 -> 20 mm
    t = ex.fraction_table([0.5], [5.0, 20.0])
    deeper = t["depth_mm"][0, 1] > t["depth_mm"][0, 0]
    more_visible = t["visibility_index"][0, 1] > t["visibility_index"][0, 0]
    expected = f"{'Deeper' if deeper else 'Shallower'} {'and more' if more_visible else 'but less'} visible"
    if not deeper:
        expected = f"Shallower {'but more' if more_visible else 'and less'} visible"
    assert _right(qs[4]) == expected
    for i, q in enumerate(qs, 1):
        assert ex.quiz.check(i, q.correct_letter).startswith(f"Q{i} {q.correct_letter}) Correct")
        wrong = "abcd"[(q.answer + 1) % len(q.options)]
        assert "Not quite" in ex.quiz.check(i, wrong)
