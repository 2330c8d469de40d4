"""Validation of the model against independent numerics (MODEL.md §7).

(a) T_inc against a boundary-value solution of the compressible plane-strain
    Navier equations at ν → 0.5 (scipy.integrate.solve_bvp);
(b) the K0 pin shape against a radial finite-difference solution of
    T∇²w − k w = 0;
(c) the 2-D FFT surface of the pins against an axisymmetric Hankel transform;
(d) grid convergence (halve the spacing, double the extent);
(e) the rendered contrast against the small-slope formula.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import integrate, special
from scipy.linalg import solve_banded

from venusedu import Params, simulate
from venusedu.model import (
    WINDOW_RADIUS_MM,
    layer_stiffness,
    layer_transfer,
    pin_decay_mm,
    pin_profile,
    pin_spectrum,
)

# ---------------------------------------------------------------------------
# (a) layer transfer vs the Navier equations
# ---------------------------------------------------------------------------


def navier_transfer(Q: float, beta: float, nu: float) -> float:
    """Top/base displacement ratio of a compressible elastic layer (plane strain).

    Displacements u = U(ζ) sin(qx), w = W(ζ) cos(qx), ζ = q z in [0, Q].
    Navier: μ∇²u + (λ+μ)∇(∇·u) = 0. Base bonded (U = 0) with W = 1; top
    shear-free (U' − W = 0) and loaded by the skin, σ_zz = −(T q² + D q⁴) W,
    i.e. (λ/μ)(U + W') + 2W' + βW = 0.
    """
    a = 2 * nu / (1 - 2 * nu)          # λ/μ
    c = a + 1                           # (λ+μ)/μ

    def rhs(z, y):
        U, Up, W, Wp = y
        return np.vstack([Up, (1 + c) * U + c * Wp, Wp, (W - c * Up) / (1 + c)])

    def bc(y0, y1):
        return np.array([y0[0], y0[2] - 1.0, y1[1] - y1[2], a * (y1[0] + y1[3]) + 2 * y1[3] + beta * y1[2]])

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


@pytest.mark.parametrize("Q,beta,expected", [
    (0.5, 0.0, 0.912348), (1.0, 0.0, 0.803964), (2.0, 0.0, 0.606800),
    (2.0, 1.0, 0.459445), (4.0, 0.5, 0.144098), (8.0, 0.0, 0.006038),
])
def test_reference_values_against_navier(Q, beta, expected):
    assert navier_transfer(Q, beta, 0.4999) == pytest.approx(expected, abs=1e-3)
    assert layer_transfer(Q, beta) == pytest.approx(expected, abs=5e-7)


def navier_top_compliance(Q: float, nu: float) -> float:
    """−W(top) of a layer with a fixed base under a unit normal pressure p = μq
    (shear-free top): the dimensionless compliance μq/K."""
    a = 2 * nu / (1 - 2 * nu)
    c = a + 1

    def rhs(z, y):
        U, Up, W, Wp = y
        return np.vstack([Up, (1 + c) * U + c * Wp, Wp, (W - c * Up) / (1 + c)])

    def bc(y0, y1):
        return np.array([y0[0], y0[2], y1[1] - y1[2], a * (y1[0] + y1[3]) + 2 * y1[3] + 1.0])

    z = np.linspace(0.0, Q, 41)
    sol = integrate.solve_bvp(rhs, bc, z, np.zeros((4, z.size)), tol=1e-9, max_nodes=200_000)
    assert sol.status == 0, sol.message
    return -float(sol.sol(Q)[2])


@pytest.mark.parametrize("Q", [0.3, 1.0, 2.5, 6.0])
def test_layer_stiffness_matches_navier_bvp(Q):
    """K(q) of MODEL.md (used for the lipo term) is the stiffness of the same layer."""
    mu, q = 750.0, 1000.0                          # Pa, rad/m
    K = layer_stiffness(q, Q / q, mu)
    # thin layers are very sensitive to compressibility (squeeze flow), so
    # extrapolate two nearly incompressible solutions in (1 − 2ν)
    e1, e2 = 1 - 2 * 0.4999, 1 - 2 * 0.49999
    c1, c2 = navier_top_compliance(Q, 0.4999), navier_top_compliance(Q, 0.49999)
    limit = c2 - (c1 - c2) * e2 / (e1 - e2)
    assert mu * q / K == pytest.approx(limit, rel=1e-4)


def test_laplace_surrogate_fails_the_navier_check():
    # the scalar surrogate is not the elastic answer: at Q = 2 it is off by > 0.3
    assert abs(1 / np.cosh(2.0) - navier_transfer(2.0, 0.0, 0.4999)) > 0.3


# ---------------------------------------------------------------------------
# (b) K0 pin vs a radial finite-difference solution
# ---------------------------------------------------------------------------


def radial_fd(tension: float, k: float, a: float, n: int = 20_000):
    """Solve T(w'' + w'/r) − k w = 0 on [a, R], w(a) = 1, w(R) = 0 (2nd order FD)."""
    lam = np.sqrt(tension / k)
    R = a + 30 * lam
    r = np.linspace(a, R, n)
    h = r[1] - r[0]
    ri = r[1:-1]
    lower = tension * (1 / h**2 - 1 / (2 * h * ri))
    diag = -2 * tension / h**2 - k + 0 * ri
    upper = tension * (1 / h**2 + 1 / (2 * h * ri))
    m = ri.size
    ab = np.zeros((3, m))
    ab[0, 1:] = upper[:-1]
    ab[1] = diag
    ab[2, :-1] = lower[1:]
    rhs = np.zeros(m)
    rhs[0] = -lower[0] * 1.0                   # w(a) = 1
    w = solve_banded((1, 1), ab, rhs)
    return r, np.concatenate(([1.0], w, [0.0]))


@pytest.mark.parametrize("tension,k,a", [
    (10.0, 10.0 / 0.006**2, 0.0015),   # defaults: λ = 6 mm, a = 1.5 mm (SI units)
    (5.0, 5.0 / 0.003**2, 0.0005),     # narrowest pin
    (30.0, 3 * 300.0 / 0.02, 0.003),   # k = 3μ/t_d: wide pin over 20 mm of deep fat
])
def test_pin_shape_matches_finite_differences(tension, k, a):
    r, w = radial_fd(tension, k, a)
    lam = np.sqrt(tension / k)
    sel = r <= a + 6 * lam
    model = pin_profile(r[sel] * 1000, lam * 1000, a * 1000)
    assert np.max(np.abs(model - w[sel]) / w[sel]) < 0.005


# ---------------------------------------------------------------------------
# (c) FFT surface vs Hankel transform
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("q", [0.0, 0.05, 0.3, 1.0, 2.5, 6.0])
def test_pin_spectrum_closed_form_against_quadrature(q):
    lam, a = 6.0, 1.5
    core, _ = integrate.quad(lambda r: special.j0(q * r) * r, 0, a)
    tail, _ = integrate.quad(lambda r: pin_profile(r, lam, a) * special.j0(q * r) * r, a, a + 60 * lam,
                             limit=2000)
    assert pin_spectrum(q, lam, a) == pytest.approx(2 * np.pi * (core + tail), rel=1e-7, abs=1e-9)


def hankel_pit(p: Params, r_mm: np.ndarray) -> np.ndarray:
    """Pit of both pins at distance r from the right PSIS along the x axis (y = 0),
    -(1/2π) ∫ Γ̂(q) T_inc(q t_s, β) [J0(q r) + J0(q |spacing + r|)] q dq."""
    lam = pin_decay_mm(p)
    t_s = p.superficial_fat_mm
    qmax = 60.0 / max(t_s, 0.5)
    q = np.linspace(0.0, qmax, 400_001)
    qm = q * 1000
    beta = (p.skin_tension_n_per_m * qm + p.skin_bending_nm * qm**3) / p.fat_shear_modulus_pa
    kernel = pin_spectrum(q, lam, p.pin_core_mm, p.pin_depth_mm) * layer_transfer(q * t_s, beta) * q
    out = []
    for r in np.atleast_1d(r_mm):
        f = kernel * (special.j0(q * r) + special.j0(q * (p.dimple_spacing_mm + r)))
        out.append(-integrate.trapezoid(f, q) / (2 * np.pi))
    return np.array(out)


@pytest.mark.parametrize("kw", [
    dict(),                                            # defaults, 8 mm of fat
    dict(fat_mm=2.0),
    dict(fat_mm=25.0, skin_tension_n_per_m=25.0, fat_shear_modulus_pa=2000.0),
    dict(fat_mm=4.0, pin_width_mm=3.0, pin_core_mm=0.5, skin_bending_nm=1e-4),
])
def test_fft_surface_matches_hankel_transform(kw):
    p = Params(muscle=0.0, **kw)
    r = simulate(p)
    depth_h = -hankel_pit(p, np.array([0.0]))[0]
    assert r.depth_mm == pytest.approx(depth_h, rel=0.01)
    # the profile away from the centre too (within 1 % of the depth)
    i0 = p.grid // 2
    x0 = p.dimple_spacing_mm / 2
    offsets = np.array([3.0, 8.0, 15.0, 30.0])
    j = np.searchsorted(r.x_mm, x0 + offsets)
    fft_vals = r.pit_mm[i0, j]
    hank = hankel_pit(p, r.x_mm[j] - x0)
    assert np.max(np.abs(fft_vals - hank)) < 0.01 * depth_h


# ---------------------------------------------------------------------------
# (d) grid convergence
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
    finer = simulate(Params(**kw, grid=512))                     # half the spacing
    larger = simulate(Params(**kw, grid=512, extent_mm=512.0))   # twice the extent
    for other in (finer, larger):
        assert other.depth_mm == pytest.approx(base.depth_mm, rel=0.01)
        assert other.visibility_index == pytest.approx(base.visibility_index, rel=0.01)
        assert other.width_mm == pytest.approx(base.width_mm, rel=0.01)


def test_coarse_grid_limit_is_within_a_few_percent():
    """At the coarsest allowed spacing (2 mm) the defaults are still within 3 %."""
    base = simulate(Params(grid=512))
    coarse = simulate(Params(grid=128))
    assert coarse.depth_mm == pytest.approx(base.depth_mm, rel=0.03)
    assert coarse.visibility_index == pytest.approx(base.visibility_index, rel=0.03)


# ---------------------------------------------------------------------------
# (e) rendered contrast vs the small-slope formula
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fat", [10.0, 20.0, 35.0])
@pytest.mark.parametrize("theta,phi,ambient", [
    (35.0, 0.0, 0.3), (20.0, 45.0, 0.1), (60.0, 200.0, 0.5), (10.0, 90.0, 0.3), (80.0, 0.0, 0.0),
])
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
