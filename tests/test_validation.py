"""Validation of the model against independent numerics (docs/MODEL.md §8).

(a) the one-layer transfers (shear-free and no-slip skin) against a
    boundary-value solution of the compressible plane-strain Navier equations
    at ν → 0.5 (scipy.integrate.solve_bvp);
(b) grid convergence of simulate (halve the spacing, double the extent);
(c) the rendered contrast against the small-slope formula.

The layered mechanics with the tether are checked against an independent
finite-element solution in tests/test_validation_v2.py and against the
isolated-tether Hankel solution in tests/test_mechanics.py; the observer
against a re-implementation in tests/test_vision.py.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import integrate

from venusedu import Params, simulate
from venusedu.mechanics import layer_transfer_noslip
from venusedu.model import WINDOW_RADIUS_MM, layer_transfer

# ---------------------------------------------------------------------------
# (a) layer transfer vs the Navier equations
# ---------------------------------------------------------------------------


def navier_transfer(Q: float, beta: float, nu: float, top: str = "shear-free") -> float:
    """Top/base displacement ratio of a compressible elastic layer (plane strain).

    Displacements u = U(ζ) sin(qx), w = W(ζ) cos(qx), ζ = q z in [0, Q].
    Navier: μ∇²u + (λ+μ)∇(∇·u) = 0. Base bonded (U = 0) with W = 1; top
    shear-free (U' − W = 0) and loaded by the skin, σ_zz = −(T q² + D q⁴) W,
    i.e. (λ/μ)(U + W') + 2W' + βW = 0.
    """
    a = 2 * nu / (1 - 2 * nu)  # λ/μ
    c = a + 1  # (λ+μ)/μ

    def rhs(z, y):
        U, Up, W, Wp = y
        return np.vstack([Up, (1 + c) * U + c * Wp, Wp, (W - c * Up) / (1 + c)])

    def bc(y0, y1):
        top_tangential = y1[1] - y1[2] if top == "shear-free" else y1[0]  # no slip: U = 0
        return np.array([y0[0], y0[2] - 1.0, top_tangential, a * (y1[0] + y1[3]) + 2 * y1[3] + beta * y1[2]])

    z = np.linspace(0.0, Q, 41)
    y = np.zeros((4, z.size))
    y[2] = 1.0
    sol = integrate.solve_bvp(rhs, bc, z, y, tol=1e-9, max_nodes=200_000)
    assert sol.status == 0, sol.message
    return float(sol.sol(Q)[2])


Q_VALUES = [0.2, 0.5, 1.0, 2.0, 4.0, 8.0]
BETA_VALUES = [0.0, 0.5, 1.0, 3.0, 10.0]


@pytest.mark.parametrize("Q", Q_VALUES)
def test_t_inc_matches_navier_bvp_nearly_incompressible(Q):
    for beta in BETA_VALUES:
        bvp = navier_transfer(Q, beta, nu=0.4999)
        assert abs(layer_transfer(Q, beta) - bvp) < 1e-3, (Q, beta, bvp)


@pytest.mark.parametrize("Q,beta", [(0.2, 10.0), (1.0, 1.0), (2.0, 0.0), (8.0, 3.0)])
def test_t_inc_is_the_incompressible_limit(Q, beta):
    """Richardson extrapolation in (1 − 2ν) of two BVP solutions: relative 1e-4."""
    e1, e2 = 1 - 2 * 0.4999, 1 - 2 * 0.49999
    t1, t2 = navier_transfer(Q, beta, 0.4999), navier_transfer(Q, beta, 0.49999)
    limit = t2 - (t1 - t2) * e2 / (e1 - e2)
    assert layer_transfer(Q, beta) == pytest.approx(limit, rel=1e-4)
    # and the compressible layer differs visibly: the test can tell them apart
    assert abs(navier_transfer(Q, beta, 0.3) / layer_transfer(Q, beta) - 1) > 0.01


@pytest.mark.parametrize(
    "Q,beta,expected",
    [
        (0.5, 0.0, 0.912348),
        (1.0, 0.0, 0.803964),
        (2.0, 0.0, 0.606800),
        (2.0, 1.0, 0.459445),
        (4.0, 0.5, 0.144098),
        (8.0, 0.0, 0.006038),
    ],
)
def test_reference_values_against_navier(Q, beta, expected):
    assert navier_transfer(Q, beta, 0.4999) == pytest.approx(expected, abs=1e-3)
    assert layer_transfer(Q, beta) == pytest.approx(expected, abs=5e-7)


def test_laplace_surrogate_fails_the_navier_check():
    # the scalar surrogate is not the elastic answer: at Q = 2 it is off by > 0.3
    assert abs(1 / np.cosh(2.0) - navier_transfer(2.0, 0.0, 0.4999)) > 0.3


@pytest.mark.parametrize("Q", [0.3, 1.0, 2.5, 6.0])
@pytest.mark.parametrize("beta", [0.0, 1.0, 5.0])
def test_noslip_transfer_matches_navier_bvp(Q, beta):
    """The no-slip skin of model v2: the same Navier check with U = 0 on top."""
    assert layer_transfer_noslip(Q, beta) == pytest.approx(navier_transfer(Q, beta, 0.49999, top="no-slip"), abs=2e-4)


# ---------------------------------------------------------------------------
# (b) grid convergence
# ---------------------------------------------------------------------------

CONVERGENCE_CASES = [
    dict(),
    dict(fat_mm=2.0, light_elevation_deg=20.0),
    dict(fat_mm=30.0),
    dict(fat_mm=20.0, superficial_fraction=0.5),
    dict(fat_mm=12.0, lipo_depth_mm=6.0, lipo_radius_mm=8.0),
    dict(ligament=False, fat_mm=10.0, lipo_depth_mm=8.0),
    dict(fat_mm=10.0, superficial_fraction=0.0),
    dict(dimple_spacing_mm=91.3, fat_mm=5.0, light_azimuth_deg=40.0),
]


@pytest.mark.parametrize("kw", CONVERGENCE_CASES)
def test_grid_convergence(kw):
    base = simulate(Params(**kw))
    finer = simulate(Params(**kw, grid=512))  # half the spacing
    larger = simulate(Params(**kw, grid=512, extent_mm=512.0))  # twice the extent
    # outside linear theory (the naive case: slopes above 1) VI is not meant to be
    # quoted; it is still converged to 3 %
    vi_tol = 0.01 if base.linear else 0.03
    for other in (finer, larger):
        assert other.depth_mm == pytest.approx(base.depth_mm, rel=0.01)
        assert other.visibility_index == pytest.approx(base.visibility_index, rel=vi_tol)
        assert other.width_mm == pytest.approx(base.width_mm, rel=0.01)


def test_coarse_grid_limit_is_within_a_few_percent():
    """At the coarsest allowed spacing (2 mm) the defaults are still within 3 %."""
    base = simulate(Params(grid=512))
    coarse = simulate(Params(grid=128))
    assert coarse.depth_mm == pytest.approx(base.depth_mm, rel=0.03)
    assert coarse.visibility_index == pytest.approx(base.visibility_index, rel=0.03)


# ---------------------------------------------------------------------------
# (c) rendered contrast vs the small-slope formula
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fat", [10.0, 20.0, 35.0])
@pytest.mark.parametrize(
    "theta,phi,ambient",
    [
        (35.0, 0.0, 0.3),
        (20.0, 45.0, 0.1),
        (60.0, 200.0, 0.5),
        (10.0, 90.0, 0.3),
        (80.0, 0.0, 0.0),
    ],
)
def test_contrast_matches_small_slope_formula(fat, theta, phi, ambient):
    p = Params(fat_mm=fat, muscle=0.0, light_elevation_deg=theta, light_azimuth_deg=phi, ambient=ambient)
    r = simulate(p)
    assert 0 < r.max_slope < 0.05
    # directional slope of the pit along the light's azimuth, by finite differences
    gy, gx = np.gradient(r.pit_mm, r.y_mm, r.x_mm)
    th, ph = np.radians(theta), np.radians(phi)
    dl = np.cos(ph) * gx + np.sin(ph) * gy
    X, Y = np.meshgrid(r.x_mm, r.y_mm)
    w = (X - p.dimple_spacing_mm / 2) ** 2 + Y**2 <= WINDOW_RADIUS_MM**2
    max_dl = np.max(np.abs(dl[w]))
    predicted = (1 - ambient) * np.cos(th) * max_dl / (ambient + (1 - ambient) * np.sin(th))
    assert r.contrast == pytest.approx(predicted, rel=0.10)


def test_contrast_formula_is_not_satisfied_by_a_wrong_model():
    # the check has teeth: dropping the factor 2 of MODEL.md's contrast would fail it
    p = Params(fat_mm=20.0, muscle=0.0)
    r = simulate(p)
    gy, gx = np.gradient(r.pit_mm, r.y_mm, r.x_mm)
    th = np.radians(35.0)
    predicted = 0.7 * np.cos(th) * np.max(np.abs(gx)) / (0.3 + 0.7 * np.sin(th))
    assert 2 * r.contrast != pytest.approx(predicted, rel=0.10)
    assert r.contrast == pytest.approx(predicted, rel=0.10)


def test_convergence_cases_are_distinct():
    depths = {round(simulate(Params(**kw, grid=128)).depth_mm, 6) for kw in CONVERGENCE_CASES}
    assert len(depths) == len(CONVERGENCE_CASES)


def test_doubling_the_extent_without_refining_is_refused():
    # 256 points over 512 mm would be 2 mm spacing: allowed; 1024 mm is beyond the range
    assert Params(extent_mm=512.0).grid_spacing_mm == 2.0
    with pytest.raises(ValueError, match="extent_mm"):
        dataclasses.replace(Params(), extent_mm=1024.0)
