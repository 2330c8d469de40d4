"""The finite-element reference (tests/fe_layered.py) against closed forms.

The FE solver is the independent method that validates the package's model v2
mechanics (tests/test_validation_v2.py), so it is itself checked here against
what it must reproduce:

* single Fourier/Hankel modes through one incompressible layer, and through
  two layers separated by an inextensible fascia with tension: closed forms
  of the plane-strain problem (a biharmonic stream function per layer), for
  a shear-free and a no-slip top, with tension and with bending;
* volume conservation of each layer, exactly (incompressibility);
* mesh and domain convergence of depth and width;
* limits: very thick superficial fat hides the pit; with no superficial fat
  the skin holds the tether's pull over the disc and joins it smoothly.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from tests import fe_layered as fe

# FE_SPEC's default material values (SI), and the pit geometry
DEFAULTS = dict(mu_pa=750.0, tension_n_per_m=10.0, bending_nm=3.5e-4, fascia_tension_n_per_m=10.0)
RADIUS_MM = 4.0
BED_MM = 8.0
PULL_MM = 3.0


@functools.cache
def fe_case(t_s, h_d, pull, *, top="no-slip", mesh_scale=1.0, r_out_mm=250.0):
    """FE solution on the whole domain r in [0, r_out_mm] (cached)."""
    return fe.solve(
        t_s, h_d, pull, RADIUS_MM, top=top, mesh_scale=mesh_scale, r_out_mm=r_out_mm, r_max_mm=None, **DEFAULTS
    )


def validation_case(f_s, fat):
    """(t_s, h_d, delta) of FE_SPEC's validation cases."""
    return f_s * fat, BED_MM + (1 - f_s) * fat, PULL_MM + (1 - f_s) * fat


# ----------------------------------------------------------------------------
# closed forms (plane strain, q = 1, mu = 1)
#
# u_x = f'(z) sin x, u_z = -f(z) cos x with f = (A + B z) cosh z + (C + D z) sinh z
# in each layer (div u = 0, biharmonic stream function). Then
# sigma_xz = (f'' + f) sin x and sigma_zz = (f''' - 3 f') cos x, and the plate
# (D lap^2 w - T lap w = -sigma_zz, beta = T + D) reads f''' - 3 f' - beta f = 0
# at the top; an inextensible fascia (f' = 0 on both sides, f continuous) with
# tension T_f balances f_above''' - f_below''' + T_f f = 0.


def _modes(s):
    """f, f', f'', f''' of the four basis functions at z = s."""
    c, sh = np.cosh(s), np.sinh(s)
    return (
        np.array([c, s * c, sh, s * sh]),
        np.array([sh, c + s * sh, c, sh + s * c]),
        np.array([c, 2 * sh + s * c, sh, 2 * c + s * sh]),
        np.array([sh, 3 * c + s * sh, c, 3 * sh + s * c]),
    )


def transfer_one_layer(Q, beta, top):
    """w_top / w_base of one layer (4 x 4 system)."""
    f0, f1_0, _, _ = _modes(0.0)
    f, f1, f2, f3 = _modes(Q)
    tangential = f2 + f if top == "shear-free" else f1
    M = np.array([f1_0, f0, tangential, f3 - 3 * f1 - beta * f])
    c = np.linalg.solve(M, [0.0, 1.0, 0.0, 0.0])
    return f @ c / (f0 @ c)


def transfer_two_layers(Q_d, Q_s, beta, fascia_beta, top):
    """w_top / w_base through a deep layer, a fascia and a superficial layer (8 x 8)."""
    z = np.zeros(4)
    f0, f1_0, _, _ = _modes(0.0)
    g, g1, _, g3 = _modes(Q_d)
    h, h1, h2, h3 = _modes(Q_d + Q_s)
    tangential = h2 + h if top == "shear-free" else h1
    M = np.array(
        [
            np.r_[f1_0, z],
            np.r_[f0, z],  # bonded base
            np.r_[g1, z],
            np.r_[z, g1],  # inextensible fascia, both sides
            np.r_[g, -g],  # w continuous
            np.r_[fascia_beta * g - g3, g3],  # fascia force balance
            np.r_[z, tangential],
            np.r_[z, h3 - 3 * h1 - beta * h],  # top
        ]
    )
    c = np.linalg.solve(M, np.r_[0.0, 1.0, np.zeros(6)])
    return h @ c[4:] / (f0 @ c[:4])


def t_inc(Q, beta):
    """FE_SPEC's closed form, shear-free top."""
    return 4 * (Q * np.sinh(Q) + np.cosh(Q)) / (4 * Q**2 + 2 * np.cosh(2 * Q) + 2 + beta * (np.sinh(2 * Q) - 2 * Q))


def test_closed_forms_agree_with_the_spec():
    """The stream-function system reproduces FE_SPEC's formula and numbers."""
    for Q, beta in [(0.3, 0.0), (1.0, 1.0), (2.0, 0.0), (2.0, 1.0), (4.0, 5.0)]:
        assert transfer_one_layer(Q, beta, "shear-free") == pytest.approx(t_inc(Q, beta), rel=1e-12)
    assert t_inc(1, 1) == pytest.approx(0.7177, abs=1e-4)  # 0.717639
    assert t_inc(2, 0) == pytest.approx(0.606800, abs=5e-7)
    assert t_inc(2, 1) == pytest.approx(0.459445, abs=5e-7)
    assert transfer_one_layer(1.0, 1.0, "no-slip") == pytest.approx(0.905, abs=5e-4)
    # a very thin deep layer under an inextensible fascia is a bonded base
    assert transfer_two_layers(1e-3, 1.5, 0.7, 0.0, "no-slip") == pytest.approx(
        transfer_one_layer(1.5, 0.7, "no-slip"), rel=1e-5
    )


@pytest.mark.parametrize("top", ["shear-free", "no-slip"])
@pytest.mark.parametrize(
    "Q, beta, share",
    [(1.0, 1.0, 0.5), (2.0, 0.0, 0.5), (2.0, 1.0, 0.5), (0.5, 3.0, 0.0), (0.5, 3.0, 1.0), (3.0, 10.0, 0.2)],
)
def test_single_layer_mode_plane_strain(Q, beta, share, top):
    """Plane-strain FE transfer = closed form (tension-only and bending-only plates too)."""
    got = fe.plane_strain_transfer(Q, beta, top=top, tension_share=share)
    assert got == pytest.approx(transfer_one_layer(Q, beta, top), rel=2e-4)


@pytest.mark.parametrize("top", ["shear-free", "no-slip"])
@pytest.mark.parametrize("Q, beta, share", [(1.0, 1.0, 0.5), (2.0, 0.0, 0.5), (0.5, 3.0, 0.0)])
def test_single_layer_mode_axisymmetric(Q, beta, share, top):
    """The axisymmetric solver transfers a J0 mode as plane strain transfers cos (hoop terms)."""
    got = fe.axisymmetric_transfer(Q, beta, top=top, tension_share=share)
    assert got == pytest.approx(transfer_one_layer(Q, beta, top), rel=2e-4)


@pytest.mark.parametrize("top", ["shear-free", "no-slip"])
@pytest.mark.parametrize("geometry", ["plane", "axi"])
@pytest.mark.parametrize(
    "Q_d, Q_s, beta, fascia_beta", [(1.0, 0.5, 1.0, 2.0), (0.5, 1.0, 0.3, 0.0), (2.0, 1.0, 1.0, 1.0)]
)
def test_two_layer_mode_with_fascia(Q_d, Q_s, beta, fascia_beta, geometry, top):
    """Fascia (u_r = 0, tension, pressure jump) between two layers = closed form."""
    transfer = fe.plane_strain_transfer if geometry == "plane" else fe.axisymmetric_transfer
    got = transfer(Q_s, beta, top=top, deep_Q=Q_d, fascia_beta=fascia_beta)
    assert got == pytest.approx(transfer_two_layers(Q_d, Q_s, beta, fascia_beta, top), rel=2e-4)


def test_fascia_tension_matters_in_the_mode_test():
    """The two-layer check is sensitive to the fascia's tension (it is not inert)."""
    a = transfer_two_layers(1.0, 0.5, 1.0, 0.0, "no-slip")
    b = transfer_two_layers(1.0, 0.5, 1.0, 2.0, "no-slip")
    assert abs(a - b) > 0.05 * a
    assert fe.plane_strain_transfer(0.5, 1.0, top="no-slip", deep_Q=1.0, fascia_beta=0.0) == pytest.approx(a, rel=2e-4)


# ----------------------------------------------------------------------------
# the tethered pit


@pytest.mark.parametrize(
    "f_s, fat, top",
    [(0.0, 10.0, "no-slip"), (0.5, 5.0, "shear-free"), (1.0, 2.0, "shear-free"), (1.0, 20.0, "no-slip")],
)
def test_volume_is_conserved(f_s, fat, top):
    """int w_s r dr = int w_f r dr = 0 over the whole domain (both layers incompressible)."""
    t_s, h_d, pull = validation_case(f_s, fat)
    sol = fe_case(t_s, h_d, pull, top=top)
    pit = pull * RADIUS_MM**2 / 2  # volume of the held disc, per radian
    assert abs(fe.volume_mm3(sol.r_mm, sol.skin_mm)) < 1e-8 * pit
    assert abs(fe.volume_mm3(sol.r_mm, sol.fascia_mm)) < 1e-8 * pit
    # and the rim carries it: the inward part alone is not small
    inward = fe.volume_mm3(sol.r_mm, np.minimum(sol.skin_mm, 0.0))
    assert inward < -0.01 * pit


@pytest.mark.slow
@pytest.mark.parametrize("f_s, fat", [(0.0, 2.0), (0.5, 2.0), (1.0, 5.0)])
def test_mesh_convergence(f_s, fat):
    """Halving every mesh spacing changes depth and width by < 1 % (measured: < 0.1 %)."""
    t_s, h_d, pull = validation_case(f_s, fat)
    d0, w0 = fe.depth_width(*fe_case(t_s, h_d, pull)[:2])
    d1, w1 = fe.depth_width(*fe_case(t_s, h_d, pull, mesh_scale=0.5)[:2])
    assert d0 == pytest.approx(d1, rel=2e-3)
    assert w0 == pytest.approx(w1, rel=2e-3)


@pytest.mark.slow
def test_outer_wall_is_far_enough():
    """Moving the symmetry wall from 250 to 400 mm changes nothing visible."""
    t_s, h_d, pull = validation_case(0.0, 30.0)  # the widest rim
    d0, w0 = fe.depth_width(*fe_case(t_s, h_d, pull)[:2])
    d1, w1 = fe.depth_width(*fe_case(t_s, h_d, pull, r_out_mm=400.0)[:2])
    assert d0 == pytest.approx(d1, rel=1e-5)
    assert w0 == pytest.approx(w1, rel=1e-5)


def test_thick_superficial_fat_hides_the_pit():
    """Skin depth falls steadily with superficial fat and vanishes for very thick fat."""
    # a coarser mesh is enough for this limit (and keeps the 60 mm case quick)
    depths = [fe.depth_width(*fe_case(t_s, BED_MM, PULL_MM, mesh_scale=1.5)[:2])[0] for t_s in (2.0, 10.0, 30.0, 60.0)]
    assert all(a > b for a, b in itertools.pairwise(depths)), depths
    assert depths[0] > 0.5 * PULL_MM
    assert depths[-1] < 0.01 * PULL_MM


def test_skin_on_the_tether_holds_the_pull():
    """t_s = 0: the skin is the fascia, held at -delta over the disc, joined to it smoothly."""
    sol = fe_case(0.0, 10.0, 5.0)
    assert np.array_equal(sol.skin_mm, sol.fascia_mm)
    disc = sol.r_mm <= RADIUS_MM + 1e-9
    np.testing.assert_allclose(sol.skin_mm[disc], -5.0, atol=1e-12)
    assert sol.skin_mm[~disc].min() > -5.0
    # the weakly clamped joint: slope just outside the disc is far below the pit's steepest
    slope = np.gradient(sol.skin_mm, sol.r_mm)
    i = np.searchsorted(sol.r_mm, RADIUS_MM)
    first = (sol.skin_mm[i + 2] - sol.skin_mm[i]) / (sol.r_mm[i + 2] - sol.r_mm[i])
    assert 0 <= first < 0.1 * slope.max()
    # and it shrinks with the mesh (clamping converges)
    fine = fe_case(0.0, 10.0, 5.0, mesh_scale=0.5)
    j = np.searchsorted(fine.r_mm, RADIUS_MM)
    first_fine = (fine.skin_mm[j + 2] - fine.skin_mm[j]) / (fine.r_mm[j + 2] - fine.r_mm[j])
    assert first_fine < 0.6 * first


def test_superficial_fat_makes_the_pit_shallower_and_wider():
    """Same tether, more fat between fascia and skin: the skin pit is shallower and wider."""
    d_thin, w_thin = fe.depth_width(*fe_case(2.0, BED_MM, PULL_MM)[:2])
    d_thick, w_thick = fe.depth_width(*fe_case(10.0, BED_MM, PULL_MM)[:2])
    assert d_thick < d_thin and w_thick > w_thin


def test_no_slip_top_deepens_the_pit():
    """A no-slip top transfers more of the pull than a shear-free one (as one mode does)."""
    d_ns, _ = fe.depth_width(*fe_case(8.0, BED_MM, PULL_MM)[:2])
    d_sf, _ = fe.depth_width(*fe_case(8.0, BED_MM, PULL_MM, top="shear-free")[:2])
    assert d_ns > 1.05 * d_sf


def test_linear_in_the_pull():
    """Linear theory: doubling the pull doubles the deflection."""
    a = fe_case(2.0, BED_MM, PULL_MM)
    b = fe_case(2.0, BED_MM, 2 * PULL_MM)
    np.testing.assert_allclose(b.skin_mm, 2 * a.skin_mm, rtol=1e-9, atol=1e-12)


# ----------------------------------------------------------------------------
# the measures and the input checks


def test_depth_width_of_a_gaussian():
    r = np.linspace(0.0, 150.0, 30001)
    s = 7.0
    w = -2.0 * np.exp(-((r / s) ** 2))
    depth, width = fe.depth_width(r, w)
    assert depth == pytest.approx(2.0, rel=1e-9)
    assert width == pytest.approx(2 * s * np.sqrt(np.log(2)), rel=1e-6)


def test_depth_is_measured_from_w_at_100_mm():
    r = np.linspace(0.0, 150.0, 1501)
    w = -np.exp(-r / 5.0) + 0.25  # the level at 100 mm is 0.25
    depth, _ = fe.depth_width(r, w)
    assert depth == pytest.approx(1.0 - np.exp(-20.0), rel=1e-12)


def test_depth_width_rejects_bad_input():
    r = np.linspace(0.0, 150.0, 11)
    with pytest.raises(ValueError, match="100 mm"):
        fe.depth_width(np.linspace(0.0, 50.0, 11), -np.ones(11))
    with pytest.raises(ValueError, match="no pit"):
        fe.depth_width(r, np.zeros(11))
    with pytest.raises(ValueError, match="same length"):
        fe.depth_width(r, np.zeros(5))


def test_volume_rule_is_exact_for_p2_traces():
    """Simpson per element integrates a quadratic times r exactly."""
    r = np.array([0.0, 0.5, 1.0, 2.0, 3.0])
    w = 1 - 2 * r + 0.3 * r**2
    exact = 0.5 * 3**2 - 2 * 3**3 / 3 + 0.3 * 3**4 / 4
    assert fe.volume_mm3(r, w) == pytest.approx(exact, rel=1e-13)


@pytest.mark.parametrize(
    "name, value, match",
    [
        ("t_s_mm", -1.0, "t_s_mm = -1.0 mm"),
        ("h_d_mm", 0.0, "h_d_mm = 0.0 mm"),
        ("pull_mm", float("nan"), "pull_mm"),
        ("radius_mm", -4.0, "radius_mm"),
    ],
)
def test_solve_rejects_bad_geometry(name, value, match):
    args = dict(t_s_mm=2.0, h_d_mm=8.0, pull_mm=3.0, radius_mm=4.0)
    args[name] = value
    with pytest.raises(ValueError, match=match):
        fe.solve(**args, **DEFAULTS)


def test_solve_rejects_bad_options():
    with pytest.raises(ValueError, match="top"):
        fe.solve(2.0, 8.0, 3.0, 4.0, top="slip", **DEFAULTS)
    with pytest.raises(ValueError, match="mu_pa"):
        fe.solve(2.0, 8.0, 3.0, 4.0, **{**DEFAULTS, "mu_pa": 0.0})
    with pytest.raises(ValueError, match="r_out_mm"):
        fe.solve(2.0, 8.0, 3.0, 4.0, r_out_mm=100.0, **DEFAULTS)
    with pytest.raises(TypeError, match="t_s_mm"):
        fe.solve("2", 8.0, 3.0, 4.0, **DEFAULTS)
