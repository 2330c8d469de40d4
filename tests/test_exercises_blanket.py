"""Lesson 03: exercise references, their checkers, helpers and the quiz key."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from venusedu import Params, simulate
from venusedu.exercises import blanket as ex
from venusedu.exercises.paradox import fat_sweep
from venusedu.model import layer_transfer, layer_transfer_laplace, layer_transfer_noslip
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
    assert np.all(layer_transfer(Q, 0.0) <= layer_transfer_noslip(Q, 0.0) + 1e-12)
    assert layer_transfer(2.0, 0.0) == pytest.approx(0.61, abs=0.005)
    assert layer_transfer_noslip(2.0, 0.0) == pytest.approx(0.71, abs=0.005)


def test_checker_laplace(capsys):
    cases = [{"Q": Q} for Q in (0.0, 0.5, 1.0, 2.0, 8.0, 30.0)]
    assert check_function(ex.laplace_transfer, ex.laplace_transfer, cases, rtol=1e-9, atol=1e-15)
    capsys.readouterr()

    def exp_only(Q):  # the large-Q tail without the 2 and the denominator
        return float(np.exp(-Q))

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


def test_half_fat_of_the_model_and_what_does_the_smoothing():
    fats = np.arange(2.0, 21.0, 1.0)
    half = {skin: ex.half_fat(fats, ex.pull_share(fats, skin=skin)) for skin in ex.SKIN_CASES}
    assert 5.0 < half["both"] < 6.5
    # the fat alone needs about twice as much; bending does a little more than tension
    assert half["both"] < half["bending"] < half["tension"] < half["none"]
    assert half["none"] > 1.8 * half["both"]
    # consistent with the full profile at that fat (the share at the interpolated half)
    assert ex.tether_pit(Params(fat_mm=half["both"])).share == pytest.approx(0.5, abs=0.01)
    # the shear-free top of model v1 smooths more
    shear_free = ex.half_fat(fats, ex.pull_share(fats, top="shear-free"))
    assert shear_free < half["both"] - 1.0


def test_checker_half_fat(capsys):
    cases = [
        {"fat_mm": [0.0, 10.0, 20.0], "transfer": [1.0, 0.6, 0.2]},
        {"fat_mm": [1.0, 2.0, 4.0, 8.0], "transfer": [0.9, 0.7, 0.45, 0.2]},
    ]
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
    np.testing.assert_allclose(ex.skin_beta(np.array([q, 2 * q]), p), [expected, ex.skin_beta(2 * q, p)])
    assert ex.skin_beta(q, p, bending=False) == pytest.approx(p.skin_tension_n_per_m * q / p.fat_shear_modulus_pa)
    assert ex.skin_beta(q, p, tension=False) == pytest.approx(p.skin_bending_nm * q**3 / p.fat_shear_modulus_pa)
    assert ex.skin_beta(q, p, tension=False, bending=False) == 0.0


def test_transfer_vs_wavelength():
    c = ex.transfer_vs_wavelength(np.array([2 * math.pi * 4.0]), 8.0)  # Q = 2
    assert c["Q"][0] == pytest.approx(2.0)
    assert c["no_slip_bare"][0] == pytest.approx(layer_transfer_noslip(2.0, 0.0))
    assert c["shear_free_bare"][0] == pytest.approx(layer_transfer(2.0, 0.0))
    assert c["laplace"][0] == pytest.approx(layer_transfer_laplace(2.0))
    assert c["no_slip_with_skin"][0] < c["no_slip_bare"][0]


@pytest.mark.parametrize("fat", [2.0, 8.0, 20.0])
def test_tether_pit_matches_the_2d_model(fat):
    """The isolated tether (Hankel transform) against simulate's periodic FFT grid with two tethers."""
    p = Params(fat_mm=fat, muscle=0.0)
    pit = ex.tether_pit(p)
    model = simulate(p)
    assert pit.depth_mm == pytest.approx(model.depth_mm, rel=0.01)
    assert pit.width_mm == pytest.approx(model.width_mm, rel=0.03)
    assert ex.tether_pit(p, skin="none").depth_mm > pit.depth_mm
    assert ex.tether_pit(Params(fat_mm=fat, ligament=False)).depth_mm == pytest.approx(pit.depth_mm)  # no muscle used
    with pytest.raises(ValueError, match="skin"):
        ex.tether_pit(p, skin="tight")


def test_tether_pit_is_the_packages_isolated_tether():
    from venusedu.mechanics import axisymmetric_pit

    r = np.linspace(0.0, 150.0, 301)
    for top in ("no-slip", "shear-free"):
        p = Params(fat_mm=6.0, superficial_fraction=0.7)
        ref = axisymmetric_pit(p, r, top=top)
        pit = ex.tether_pit(p, top=top, r_mm=r)
        np.testing.assert_allclose(pit.skin_mm, ref.skin_mm, atol=1e-9)
        np.testing.assert_allclose(pit.fascia_mm, ref.fascia_mm, atol=1e-9)
    assert pit.pull_mm == pytest.approx(2.0 + 0.3 * 6.0)


@pytest.mark.parametrize("skin", ["both", "tension", "none"])
def test_skin_is_the_fascia_pit_filtered_by_the_layer_transfer(skin):
    """Independent check of each skin case: Hankel-transform the fascia's profile, multiply by
    T_ns(q t_s, β) with that skin's β, transform back at r = 0 and compare with the skin's pit."""
    from scipy import special
    from scipy.integrate import simpson

    p = Params(fat_mm=6.0)
    r = np.linspace(0.0, 250.0, 2501)
    pit = ex.tether_pit(p, skin=skin, r_mm=r)
    q = np.linspace(1e-4, 4.0, 1601)  # rad/mm
    fascia_hat = simpson(pit.fascia_mm[None, :] * special.j0(np.outer(q, r)) * r, x=r, axis=1) * 2 * np.pi
    beta = ex.skin_beta(q * 1e3, p, tension=skin in ("both", "tension"), bending=skin == "both")
    skin_at_0 = simpson(fascia_hat * layer_transfer_noslip(q * p.superficial_fat_mm, beta) * q, x=q) / (2 * np.pi)
    assert skin_at_0 == pytest.approx(pit.skin_mm[0], abs=0.01 * pit.depth_mm)


def test_figures_draw():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, curves = ex.plot_transfer(np.geomspace(5, 300, 20), 8.0)
    assert set(curves) >= {"no_slip_bare", "no_slip_with_skin", "shear_free_bare", "laplace"}
    sweep = fat_sweep([2.0, 10.0, 20.0], superficial_fraction=1.0)
    fig2 = ex.plot_blanket(sweep, 20.9, (17.0, 25.2))
    table = ex.fraction_table([0.0, 1.0], [5.0, 20.0])
    assert table["depth_mm"].shape == table["linear"].shape == (2, 2)
    fig3, alt = ex.plot_fraction(table)
    assert "f_s = 0.00" in alt and "beyond linear theory throughout" in alt.split("f_s = 1.00")[0]
    for f in (fig, fig2, fig3):
        plt.close(f)


# -- the quiz key ------------------------------------------------------------------------


def _right(q):
    return q.options[q.answer]


def test_quiz_key():
    qs = ex.quiz.questions
    assert 3 <= len(qs) <= 5
    # Q1: the two numbers, computed
    assert _right(qs[0]) == (f"no-slip {layer_transfer_noslip(2.0, 0.0):.2f}, surrogate {ex.laplace_transfer(2.0):.2f}")
    # Q2: broad waves pass better than narrow ones, with and without the skin
    c = ex.transfer_vs_wavelength(np.array([10.0, 200.0]), 8.0)
    assert c["no_slip_with_skin"][1] > c["no_slip_with_skin"][0] and c["no_slip_bare"][1] > c["no_slip_bare"][0]
    assert _right(qs[1]).startswith("Long wavelengths")
    # Q3: blanket regime, both fall (MODEL.md property 2)
    s = fat_sweep([2.0, 10.0, 30.0], superficial_fraction=1.0)
    assert np.all(np.diff(s.depth_mm) < 0) and np.all(np.diff(s.visibility_index) < 0)
    assert _right(qs[2]) == "It gets shallower and less visible"
    # Q4: f_s is an assumption in the parameter table
    assert Params.spec("superficial_fraction").status == "assumption"
    assert _right(qs[3]).startswith("A modelling assumption")
    # Q5: f_s = 0.55, fat 25 -> 40 mm, both within linear theory
    assert "f_s = 0.55" in qs[4].prompt and "25 to 40 mm" in qs[4].prompt
    t = ex.fraction_table([0.55], [25.0, 40.0])
    assert t["linear"].all()
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
