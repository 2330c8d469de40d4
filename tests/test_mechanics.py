"""Mechanics of model v2 (venusedu.mechanics) against independent computations.

The layer coefficients are checked against a direct numerical solution of the
Stokes-type layer problem written here (the general solution, its boundary
conditions as a 4×4 linear system, solved with numpy for each H); the tether
basis against numerical Hankel transforms; the periodic-grid solution of
`simulate` against the isolated-tether Hankel solution. The finite-element
check of the whole layered problem is tests/test_validation_v2.py.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import integrate, special

from venusedu import Params, simulate
from venusedu import mechanics as mech
from venusedu.transfer import layer_transfer


def _layer_by_linear_solve(H: float, top: str) -> tuple[float, float, float, float]:
    """σ/(μq) on both faces of a layer, by solving for W = (A+Bz)e^{qz} + (C+Dz)e^{−qz}.

    Returns (σ_top per W_bottom, σ_top per W_top, σ_bottom per W_bottom, σ_bottom per W_top)
    with q = 1 and h = H. U = W'/q; p = (U'' − q² U)/q (per μ); σ = −p + 2W'; τ = U' + qW.
    """
    q, h = 1.0, H

    def basis(z):
        e, f = math.exp(q * z), math.exp(-q * z)
        # columns: A, B, C, D; rows: W, W', W'', W'''
        return np.array(
            [
                [e, z * e, f, z * f],
                [q * e, (1 + q * z) * e, -q * f, (1 - q * z) * f],
                [q * q * e, (2 * q + q * q * z) * e, q * q * f, (-2 * q + q * q * z) * f],
                [q**3 * e, (3 * q * q + q**3 * z) * e, -(q**3) * f, (3 * q * q - q**3 * z) * f],
            ]
        )

    b0, bh = basis(0.0), basis(h)
    rows = [b0[0], bh[0], b0[1]]
    if top == "no-slip":
        rows.append(bh[1])
    else:  # τ/μ = U' + qW = W''/q + qW = 0
        rows.append(bh[2] / q + q * bh[0])
    M = np.array(rows)

    def stresses(coef):
        def sig(b):
            W, W1, W2, W3 = b @ coef
            U1 = W2 / q
            U3 = W3 / q  # not needed beyond p
            p = (W3 / q - q * q * W1 / q) / q
            del U1, U3
            return -p + 2.0 * W1

        return sig(bh), sig(b0)

    out = []
    for rhs in (np.array([1.0, 0, 0, 0]), np.array([0, 1.0, 0, 0])):
        coef = np.linalg.solve(M, rhs)
        out.append(stresses(coef))
    (st_b, sb_b), (st_t, sb_t) = out
    return st_b, st_t, sb_b, sb_t


@pytest.mark.parametrize("H", [0.05, 0.3, 0.59, 0.61, 1.0, 2.5, 6.0, 15.0])
def test_noslip_coefficients_match_a_direct_solution(H):
    a, c, d = mech.layer_coefficients(H)
    st_b, st_t, sb_b, sb_t = _layer_by_linear_solve(H, "no-slip")
    # σ_top = −c W_b + a W_t ; σ_bottom = −a W_b + c W_t
    assert -c[0] == pytest.approx(st_b, rel=1e-7)
    assert a[0] == pytest.approx(st_t, rel=1e-7)
    assert -a[0] == pytest.approx(sb_b, rel=1e-7)
    assert c[0] == pytest.approx(sb_t, rel=1e-7)
    assert d[0] == pytest.approx(a[0] - c[0], rel=1e-5, abs=1e-12)


@pytest.mark.parametrize("H", [0.05, 0.4, 1.0, 3.0, 12.0])
def test_shear_free_coefficients_match_a_direct_solution(H):
    at, ab, c = mech.layer_coefficients_shear_free(H)
    st_b, st_t, sb_b, sb_t = _layer_by_linear_solve(H, "shear-free")
    assert -c[0] == pytest.approx(st_b, rel=1e-7)
    assert at[0] == pytest.approx(st_t, rel=1e-7)
    assert -ab[0] == pytest.approx(sb_b, rel=1e-7)
    assert c[0] == pytest.approx(sb_t, rel=1e-7)
    assert at[0] * ab[0] - c[0] ** 2 == pytest.approx(4.0, rel=1e-6)


def test_small_h_series_join_the_closed_forms_smoothly():
    H = np.array([0.6 - 1e-9, 0.6 + 1e-9])
    a, c, d = mech.layer_coefficients(H)
    assert np.allclose(a[0], a[1], rtol=1e-6) and np.allclose(c[0], c[1], rtol=1e-6)
    assert np.allclose(d[0], d[1], rtol=1e-4)
    # thin-layer limits: a ≈ c ≈ 12/H³, a − c ≈ H/2
    a, c, d = mech.layer_coefficients(1e-3)
    assert a[0] * 1e-9 == pytest.approx(12.0, rel=1e-3)
    assert d[0] == pytest.approx(0.5e-3, rel=1e-2)


@pytest.mark.parametrize("Q,beta", [(0.3, 0.0), (1.0, 1.0), (2.0, 1.0), (4.0, 0.5), (8.0, 0.0)])
def test_shear_free_coefficients_give_model_v1_transfer(Q, beta):
    at, ab, c = mech.layer_coefficients_shear_free(Q)
    assert c[0] / (at[0] + beta) == pytest.approx(layer_transfer(Q, beta), rel=1e-12)


def test_noslip_transfer_reference_values():
    # no-slip transfer at Q = 1, β = 1 is 0.905, against 0.718 for the shear-free top
    assert mech.layer_transfer_noslip(1.0, 1.0) == pytest.approx(0.90489, abs=2e-5)
    assert layer_transfer(1.0, 1.0) == pytest.approx(0.71764, abs=2e-5)
    assert mech.layer_transfer_noslip(0.0, 5.0) == 1.0
    assert 0.0 <= mech.layer_transfer_noslip(800.0, 0.0) < 1e-300
    out = mech.layer_transfer_noslip(np.array([0.0, 1.0]), 0.0)
    assert out.shape == (2,)
    for bad in (-1.0, math.nan):
        with pytest.raises(ValueError):
            mech.layer_transfer_noslip(bad)


def _responses(**kw):
    base = dict(
        superficial_mm=8.0,
        deep_mm=8.0,
        skin_tension_n_per_m=10.0,
        skin_bending_nm=3.5e-4,
        fascia_tension_n_per_m=10.0,
        shear_modulus_pa=750.0,
    )
    base.update(kw)
    return base


def test_mode_responses_limits():
    q = np.array([1e-5, 0.05, 0.5, 5.0])
    r = mech.mode_responses(q, **_responses())
    # long waves: base displacement passes, lipo lowers the skin by as much, force moves nothing
    assert r.skin_base[0] == pytest.approx(1.0, abs=1e-6)
    assert r.fascia_base[0] == pytest.approx(1.0, abs=1e-6)
    assert r.skin_lipo[0] == pytest.approx(-1.0, abs=1e-6)
    assert abs(r.fascia_force[0]) < 1e-9
    assert np.all(np.diff(r.skin_base) < 0)  # shorter waves are smoothed more
    # thick superficial fat decouples the skin from the fascia
    thick = mech.mode_responses(q, **_responses(superficial_mm=200.0))
    assert abs(thick.skin_force[2]) < 1e-20
    # no superficial fat: the skin is the fascia
    none = mech.mode_responses(q, **_responses(superficial_mm=0.0))
    assert np.array_equal(none.skin_force, none.fascia_force)
    # and a very thin layer is close to it
    thin = mech.mode_responses(q, **_responses(superficial_mm=1e-3))
    assert np.allclose(thin.skin_force, none.skin_force, rtol=1e-2)
    with pytest.raises(ValueError, match="top"):
        mech.mode_responses(q, **_responses(), top="sticky")


def test_shear_free_top_is_a_softer_blanket():
    q = np.array([0.05, 0.2, 0.5])
    ns = mech.mode_responses(q, **_responses())
    sf = mech.mode_responses(q, **_responses(), top="shear-free")
    assert np.all(np.abs(sf.skin_force) < np.abs(ns.skin_force))


@pytest.mark.parametrize("j", [0, 1, 2, 3])
@pytest.mark.parametrize("qa", [0.0, 0.7, 2.0, 5.5])
def test_tether_basis_is_the_hankel_transform_of_its_density(j, qa):
    a = 1.3
    q = qa / a
    # unit-force density ∝ (1 − r²/a²)^{j − 1/2} on r ≤ a, transformed as ∫ p J0(qr) 2πr dr
    nu = j - 0.5

    def dens(r):
        return (1.0 - (r / a) ** 2) ** nu

    norm = integrate.quad(lambda r: dens(r) * 2 * np.pi * r, 0, a, limit=200)[0]
    val = integrate.quad(lambda r: dens(r) * special.j0(q * r) * 2 * np.pi * r, 0, a, limit=200)[0] / norm
    assert mech.tether_basis(np.array([q]), a, 4)[j, 0] == pytest.approx(val, abs=1e-7)


def test_four_tether_functions_are_converged():
    p = Params()
    r = np.linspace(0.0, 150.0, 1501)
    depths = {}
    for size in (2, 4, 6):
        pit = mech.axisymmetric_pit(p, r, size=size)
        depths[size] = -pit.skin_mm.min()
    assert abs(depths[4] / depths[6] - 1.0) < 5e-3
    assert abs(depths[2] / depths[6] - 1.0) > abs(depths[4] / depths[6] - 1.0)


def test_axisymmetric_pit_holds_the_fascia_on_its_disc():
    p = Params(fat_mm=5.0, muscle=0.0)
    r = np.linspace(0.0, 150.0, 3001)
    pit = mech.axisymmetric_pit(p, r)
    disc = r <= 0.8 * p.tether_radius_mm
    assert np.all(np.abs(pit.fascia_mm[disc] + p.tether_target_mm) < 0.05 * p.tether_target_mm)
    assert pit.force < 0.0  # it pulls
    assert pit.skin_mm.max() > 0.0  # with a rim


def test_fat_is_incompressible_the_rim_carries_the_volume():
    r = simulate(Params(muscle=0.0))
    vol_pit = float(np.minimum(r.pit_mm, 0.0).sum())
    assert abs(float(r.pit_mm.sum())) < 1e-9 * abs(vol_pit)
    assert abs(float(r.insertion_mm.sum())) < 1e-9 * abs(float(np.minimum(r.insertion_mm, 0).sum()))
    assert r.rim_mm > 0.0


def test_pit_depth_width_definitions():
    r = np.linspace(0, 150, 3001)
    d, w = mech.pit_depth_width(r, -np.exp(-0.5 * (r / 8.0) ** 2))
    assert d == pytest.approx(1.0, abs=1e-9)
    assert w == pytest.approx(2 * 8.0 * math.sqrt(2 * math.log(2)), abs=0.02)
    assert mech.pit_depth_width(r, np.zeros_like(r)) == (0.0, 0.0)


CASES = [dict(fat_mm=t, superficial_fraction=fs) for fs in (1.0, 0.5, 0.0) for t in (2.0, 10.0, 30.0)]


@pytest.mark.parametrize("kw", CASES, ids=lambda kw: f"t{kw['fat_mm']:g}-fs{kw['superficial_fraction']:g}")
def test_periodic_grid_solution_matches_the_isolated_hankel_solution(kw):
    """FFT on the periodic patch with both tethers vs one tether by Hankel quadrature.

    The other tether (100 mm away) and the periodic images change the depth by
    well under 0.5 %; the grid adds the rest. Tolerance: 1 % in depth, 2 % in
    width (the width of the broad naive pits is read off a 1 mm grid).
    """
    p = Params(muscle=0.0, **kw)
    res = simulate(p)
    r = np.linspace(0.0, 150.0, 3001)
    pit = mech.axisymmetric_pit(p, r)
    depth = -pit.skin_mm.min()
    j = int(np.argmin(pit.skin_mm))
    half = pit.skin_mm[j] / 2
    k = j + int(np.flatnonzero(pit.skin_mm[j:] >= half)[0])
    width = 2 * float(np.interp(half, pit.skin_mm[k - 1 : k + 1], r[k - 1 : k + 1]))
    assert res.depth_mm == pytest.approx(depth, rel=1e-2)
    assert res.width_mm == pytest.approx(width, rel=2e-2)


def test_tether_never_pushes():
    # deep lipo with a ligament: the lipo lowers the skin; the tether stays taut or goes slack
    p = Params(fat_mm=20.0, lipo_depth_mm=19.0, muscle=0.0, tether_pull_mm=0.0)
    r = simulate(p)
    assert r.pull_mm >= 0.0
    slack = dataclasses.replace(p, ligament=False)
    # with a zero pull and no muscle or deep fat, the tether holds the fascia where lipo leaves it
    assert simulate(slack).depth_mm == pytest.approx(r.depth_mm, rel=0.05)


def test_self_interaction_quadrature_is_converged(monkeypatch):
    """The Hankel quadrature of the tether's own response stops at q = 120/a; going to
    400/a with panels half as wide changes the skin pit by < 5e-4 (relative)."""
    r = np.linspace(0.0, 150.0, 1501)
    cases = [Params(), Params(fat_mm=2.0), Params(superficial_fraction=0.0, fat_mm=10.0)]
    base = [mech.axisymmetric_pit(p, r).skin_mm for p in cases]

    def fine(radius_mm, size):
        q, w = mech._gauss_legendre_panels(400.0 / radius_mm, 0.5 / radius_mm)
        return q, w / (2 * np.pi), mech.tether_basis(q, radius_mm, size)

    # patched where self_interaction looks it up (venusedu/mechanics/axisymmetric.py)
    monkeypatch.setattr(mech.axisymmetric, "_self_quadrature", fine)
    for p, b in zip(cases, base, strict=True):
        f = mech.axisymmetric_pit(p, r).skin_mm
        assert np.max(np.abs(f - b)) < 5e-4 * np.abs(f).max()
