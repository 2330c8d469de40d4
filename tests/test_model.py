"""Unit tests of the physics building blocks and of simulate (docs/MODEL.md §3–§7)."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import pkgutil
import warnings
from decimal import Decimal, getcontext

import numpy as np
import pytest

import venusedu
from venusedu import Params, Result, fat_from_body_fat, model, simulate, vision
from venusedu import params as params_mod
from venusedu.model import (
    MAX_LINEAR_SLOPE,
    layer_transfer,
    layer_transfer_laplace,
    lipo_profile,
    muscle_relief,
)

REFERENCE_T_INC = [
    # shear-free (model v1) reference values (checked against solve_bvp in test_validation.py)
    (0.5, 0.0, 0.912348),
    (1.0, 0.0, 0.803964),
    (2.0, 0.0, 0.606800),
    (2.0, 1.0, 0.459445),
    (4.0, 0.5, 0.144098),
    (8.0, 0.0, 0.006038),
]


def t_inc_decimal(Q: float, beta: float) -> float:
    """MODEL.md's formula evaluated literally in 50-digit decimal arithmetic."""
    getcontext().prec = 50
    q, b = Decimal(Q), Decimal(beta)
    e, ei = q.exp(), (-q).exp()
    sinh, cosh = (e - ei) / 2, (e + ei) / 2
    e2, e2i = (2 * q).exp(), (-2 * q).exp()
    sinh2, cosh2 = (e2 - e2i) / 2, (e2 + e2i) / 2
    num = 4 * (q * sinh + cosh)
    den = 4 * q * q + 2 * cosh2 + 2 + b * (sinh2 - 2 * q)
    return float(num / den)


# ---------------------------------------------------------------------------
# layer transfer
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("Q,beta,expected", REFERENCE_T_INC)
def test_layer_transfer_reference_values(Q, beta, expected):
    assert layer_transfer(Q, beta) == pytest.approx(expected, abs=5e-7)


@pytest.mark.parametrize("Q", [0.0, 1e-12, 1e-8, 1e-4, 0.01, 0.3, 0.4999999, 0.5, 0.5000001, 0.9, 3.0, 20.0, 60.0])
@pytest.mark.parametrize("beta", [0.0, 0.1, 1.0, 10.0, 1e4])
def test_layer_transfer_matches_high_precision_formula(Q, beta):
    assert layer_transfer(Q, beta) == pytest.approx(t_inc_decimal(Q, beta), rel=2e-13, abs=1e-300)


def test_layer_transfer_limits():
    betas = np.array([0.0, 0.5, 3.0, 1e6])
    assert np.all(layer_transfer(0.0, betas) == 1.0)  # exact, volume conservation
    for Q in (20.0, 40.0, 100.0):
        assert layer_transfer(Q, 0.0) == pytest.approx(2 * (1 + Q) * np.exp(-Q), rel=1e-12)
    # monotone decreasing in Q and in beta
    Q = np.linspace(0, 30, 3001)
    for b in (0.0, 1.0, 10.0):
        assert np.all(np.diff(layer_transfer(Q, b)) < 0)
    assert np.all(np.diff(layer_transfer(1.5, np.linspace(0, 50, 101))) < 0)


def test_layer_transfer_is_stable_for_huge_q():
    Q = np.array([100.0, 700.0, 710.0, 750.0, 1e4, 1e200, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = layer_transfer(Q, 2.0)
            lap = layer_transfer_laplace(Q)
    assert np.all(np.isfinite(out)) and np.all(out >= 0) and out[-1] == 0.0
    assert np.all(np.isfinite(lap)) and lap[-1] == 0.0


def test_layer_transfer_broadcasts_and_returns_floats_for_scalars():
    out = layer_transfer(np.linspace(0, 4, 5)[:, None], np.array([0.0, 1.0, 2.0]))
    assert out.shape == (5, 3)
    assert isinstance(layer_transfer(1.0, 0.0), float)
    assert layer_transfer([0.5, 1.0]).shape == (2,)
    assert layer_transfer(np.zeros((0,))).shape == (0,)


@pytest.mark.parametrize("Q,beta", [(-1.0, 0.0), (np.nan, 0.0), (1.0, -0.5), (1.0, np.nan), (1.0, np.inf)])
def test_layer_transfer_refuses_bad_input(Q, beta):
    with pytest.raises(ValueError):
        layer_transfer(Q, beta)


def test_laplace_surrogate_over_smooths():
    assert layer_transfer_laplace(2.0) == pytest.approx(1 / np.cosh(2.0), rel=1e-14)
    assert layer_transfer_laplace(2.0) == pytest.approx(0.27, abs=0.005)  # MODEL.md §3
    Q = np.linspace(0.05, 10, 200)
    assert np.all(layer_transfer_laplace(Q) < layer_transfer(Q, 0.0))
    assert layer_transfer_laplace(0.0) == 1.0


# ---------------------------------------------------------------------------
# lipo, muscle
# ---------------------------------------------------------------------------
def test_lipo_and_muscle_shapes():
    assert lipo_profile(0.0, 2.0, 10.0) == 2.0
    assert lipo_profile(10.0, 2.0, 10.0) == pytest.approx(2.0 * np.exp(-0.5))
    # erector ridge: 6 mm high at x = ±25 well above the fade, nothing far below
    assert muscle_relief(25.0, 60.0, 1.0) == pytest.approx(6.0, abs=0.25)
    assert muscle_relief(-25.0, 60.0, 1.0) == muscle_relief(25.0, 60.0, 1.0)
    assert muscle_relief(25.0, -120.0, 1.0) < 0.8
    # gluteal bulge centre: 8 mm·m (plus a little erector tail)
    assert muscle_relief(70.0, -70.0, 2.0) == pytest.approx(16.0, abs=0.3)
    # low over the bony PSIS
    assert muscle_relief(50.0, 0.0, 1.0) < 2.0
    assert muscle_relief(0.0, 0.0, 0.0) == 0.0


# ---------------------------------------------------------------------------
# body fat (MODEL.md §5)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bf,sex,expected",
    [
        (18, "female", 6.0),
        (22, "female", 10.0),
        (30, "female", 18.0),
        (10, "male", 4.0),
        (20, "male", 12.0),
        (32, "male", 21.6),  # MODEL.md rounds 21.6 to 22
        (5, "female", 1.0),
        (3, "male", 1.0),  # 1 mm floor
    ],
)
def test_fat_from_body_fat_table(bf, sex, expected):
    est, low, high = fat_from_body_fat(bf, sex)
    assert est == pytest.approx(expected)
    assert high == pytest.approx(1.5 * expected)
    assert low == pytest.approx(max(1.0, 0.5 * expected))
    assert low >= 1.0 and low <= est <= high


@pytest.mark.parametrize("sex", ["female", "Female", " F ", "woman", "WOMEN", "f"])
def test_fat_from_body_fat_accepts_female_spellings(sex):
    assert fat_from_body_fat(25.0, sex) == fat_from_body_fat(25.0, "female")


@pytest.mark.parametrize("sex", ["male", "M", "man", "Men"])
def test_fat_from_body_fat_accepts_male_spellings(sex):
    assert fat_from_body_fat(25.0, sex) == fat_from_body_fat(25.0, "male")


def test_fat_from_body_fat_errors():
    with pytest.raises(ValueError) as exc:
        fat_from_body_fat(20.0, "other")
    assert "'female'" in str(exc.value) and "'male'" in str(exc.value)
    with pytest.raises(TypeError, match="sex"):
        fat_from_body_fat(20.0, 1)  # type: ignore[arg-type]
    for bad in (2.9, 60.5, float("nan"), float("inf"), -5.0):
        with pytest.raises(ValueError) as exc:
            fat_from_body_fat(bad, "female")
        msg = str(exc.value)
        assert "body_fat_percent" in msg and "%" in msg and "between 3 and 60 %" in msg
    with pytest.raises(TypeError, match="body_fat_percent"):
        fat_from_body_fat("20", "male")
    with pytest.raises(TypeError, match="body_fat_percent"):
        fat_from_body_fat(True, "male")
    with pytest.raises(ValueError, match="body_fat_percent"):
        fat_from_body_fat([20.0, 70.0], "male")


def test_fat_from_body_fat_is_array_aware_and_monotone():
    bf = np.linspace(3, 60, 58)
    for sex in ("female", "male"):
        est, low, high = fat_from_body_fat(bf, sex)
        assert est.shape == low.shape == high.shape == bf.shape
        assert np.all(np.diff(est) >= 0) and np.all(low <= est) and np.all(est <= high)
        assert [fat_from_body_fat(float(b), sex)[0] for b in bf] == pytest.approx(est)


# ---------------------------------------------------------------------------
# vision helpers
# ---------------------------------------------------------------------------
def test_vision_spatial_frequency_of_a_width():
    assert vision.spatial_frequency_cpd(10.0, 1.5) == pytest.approx(np.pi * 1500 / 3600)
    with pytest.raises(ValueError, match="width_mm"):
        vision.spatial_frequency_cpd(-1.0, 1.5)


def test_vision_shading_lambert():
    # flat surface: A + (1 - A) sin θ
    z = np.zeros((3, 3))
    assert np.allclose(vision.shading(z, z, 30.0, 0.0, 0.2), 0.2 + 0.8 * 0.5)
    # a facet facing away from a grazing light is in full shadow: I = A
    s = vision.shading(np.array([5.0]), np.array([0.0]), 10.0, 0.0, 0.3)
    assert s[0] == pytest.approx(0.3)
    # azimuth 90° lights from +y
    up = vision.shading(np.array([0.0]), np.array([-0.2]), 35.0, 90.0, 0.3)
    down = vision.shading(np.array([0.0]), np.array([0.2]), 35.0, 90.0, 0.3)
    assert up[0] > down[0]


# ---------------------------------------------------------------------------
# simulate
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def default_result() -> Result:
    return simulate(Params())


def test_public_api_exports():
    assert venusedu.Params is Params and venusedu.simulate is simulate
    assert venusedu.fat_from_body_fat is fat_from_body_fat and venusedu.Result is Result
    assert isinstance(venusedu.__version__, str)


def test_result_fields_shapes_and_read_only(default_result):
    r = default_result
    n = r.params.grid
    for name in (
        "surface_mm",
        "reference_mm",
        "pit_mm",
        "shading",
        "shading_reference",
        "signal",
        "muscle_mm",
        "insertion_mm",
        "lipo_mm",
    ):
        a = getattr(r, name)
        assert a.shape == (n, n), name
        assert a.dtype == np.float64 and np.all(np.isfinite(a)), name
        assert not a.flags.writeable, name
        with pytest.raises(ValueError):
            a[0, 0] = 1.0
    assert r.x_mm.shape == r.y_mm.shape == (n,)
    assert r.x_mm[0] == -128.0 and r.x_mm[1] - r.x_mm[0] == 1.0
    assert isinstance(r.visible, bool) and isinstance(r.linear, bool)
    for name in (
        "visibility_index",
        "vi_low",
        "vi_high",
        "depth_mm",
        "width_mm",
        "rim_mm",
        "max_slope",
        "pull_mm",
        "contrast",
        "frequency_cpd",
        "threshold",
        "masking",
    ):
        v = getattr(r, name)
        assert isinstance(v, float) and np.isfinite(v), name
    assert r.verdict in ("visible", "borderline", "not visible")
    assert r.visible == (r.verdict == "visible") == (r.vi_low >= 1)
    assert r.image_extent == (-128.5, 127.5, -128.5, 127.5)


def test_result_relations(default_result):
    r = default_result
    assert np.allclose(r.pit_mm, r.surface_mm - r.reference_mm, atol=1e-12)
    assert r.depth_mm == pytest.approx(-r.pit_mm.min(), rel=1e-9)
    assert r.lipo_mm.max() == 0.0
    assert r.threshold == pytest.approx(r.contrast / r.visibility_index)
    assert r.vi_low == pytest.approx(r.visibility_index / 10**0.2)
    # the tether holds the insertion near −δ (blanket regime: δ = d_p) over its disc ...
    i0 = r.params.grid // 2
    j = int(np.argmin(np.abs(r.x_mm - 50.0)))
    assert r.insertion_mm[i0, j] == pytest.approx(-r.params.tether_pull_mm, abs=0.2)
    # ... while the muscle lifts the surroundings: the tether pulls by d_p plus that lift
    assert r.pull_mm == pytest.approx(r.params.tether_pull_mm + muscle_relief(50.0, 0.0), rel=0.05)
    assert r.metrics()["verdict"] == r.verdict


def test_image_orientation_surface_ij_is_at_y_i_x_j(default_result):
    r = default_result
    yi = lambda y: int(np.argmin(np.abs(r.y_mm - y)))  # noqa: E731
    xj = lambda x: int(np.argmin(np.abs(r.x_mm - x)))  # noqa: E731
    # erector ridge at x = +25: present at y = +50, faded out at y = -100
    assert r.muscle_mm[yi(50), xj(25)] > 5.0
    assert r.muscle_mm[yi(-100), xj(25)] < 3.0
    # the muscle field agrees with the unbounded muscle_relief in the middle of the patch
    for x, y in [(25, 50), (60, -60), (0, 0), (-40, 20)]:
        assert r.muscle_mm[yi(y), xj(x)] == pytest.approx(muscle_relief(float(x), float(y)), abs=0.02)
    # the pit is deepest at the PSIS, (±50, 0)
    i, j = np.unravel_index(np.argmin(r.pit_mm), r.pit_mm.shape)
    assert r.y_mm[i] == 0.0 and abs(abs(r.x_mm[j]) - 50.0) <= 1.0


def test_lipo_field(default_result):
    r = simulate(dataclasses.replace(default_result.params, lipo_depth_mm=4.0, lipo_radius_mm=12.0))
    i0 = r.params.grid // 2
    j = int(np.argmin(np.abs(r.x_mm - 50.0)))
    assert r.lipo_mm[i0, j] == pytest.approx(4.0, rel=1e-6)
    assert r.lipo_mm[i0, j + 12] == pytest.approx(4.0 * np.exp(-0.5), rel=1e-6)
    assert r.depth_mm > default_result.depth_mm


def test_profile_is_the_row_through_both_psis(default_result):
    r = default_result
    p = r.profile()
    i0 = r.params.grid // 2
    assert r.y_mm[i0] == 0.0
    assert np.array_equal(p.pit_mm, r.pit_mm[i0]) and np.array_equal(p.surface_mm, r.surface_mm[i0])
    assert np.array_equal(p.x_mm, r.x_mm) and np.array_equal(p.insertion_mm, r.insertion_mm[i0])
    assert -p.pit_mm.min() == pytest.approx(r.depth_mm, rel=1e-9)
    # interpolated half-depth width agrees with the row
    half = -r.depth_mm / 2
    inside = r.x_mm[(p.pit_mm < half) & (r.x_mm > 0)]
    assert inside.max() - inside.min() <= r.width_mm <= inside.max() - inside.min() + 2 * r.params.grid_spacing_mm


def test_no_pit_gives_exact_zeros():
    for kw in (
        dict(ligament=False),
        dict(ligament=False, muscle=3.0, light_elevation_deg=5.0),
        dict(ligament=False, muscle=0.0, fat_mm=1.0),
    ):
        r = simulate(Params(**kw))
        assert r.visibility_index == 0.0 and r.depth_mm == 0.0 and r.width_mm == 0.0
        assert r.contrast == 0.0 and r.frequency_cpd == 0.0 and r.max_slope == 0.0
        assert r.verdict == "not visible" and r.visible is False and r.masking == 1.0
        assert 0.001 < r.threshold < 0.05 and np.all(r.signal == 0.0)
        assert np.all(r.pit_mm == 0.0) and np.array_equal(r.shading, r.shading_reference)


def test_muscle_zero_gives_a_flat_reference():
    r = simulate(Params(muscle=0.0))
    assert np.all(r.reference_mm == 0.0) and np.all(r.muscle_mm == 0.0)
    assert np.allclose(r.shading_reference, 0.3 + 0.7 * np.sin(np.radians(35.0)))


def test_previous_reuses_the_surface_for_viewing_changes(default_result):
    r = default_result
    p2 = dataclasses.replace(
        r.params,
        light_elevation_deg=70.0,
        light_azimuth_deg=120.0,
        ambient=0.1,
        view_distance_m=6.0,
        luminance_cd_m2=10.0,
    )
    fast = simulate(p2, previous=r)
    fresh = simulate(p2)
    assert fast.surface_mm is r.surface_mm and fast.reference_mm is r.reference_mm
    assert fast.params is p2
    assert np.array_equal(fast.shading, fresh.shading)
    assert np.array_equal(fast.shading_reference, fresh.shading_reference)
    assert fast.metrics() == fresh.metrics()
    assert fast.metrics() != r.metrics()


def test_previous_is_ignored_when_the_surface_changes(default_result):
    r = default_result
    p2 = dataclasses.replace(r.params, fat_mm=3.0, ambient=0.5)
    out = simulate(p2, previous=r)
    assert out.surface_mm is not r.surface_mm
    assert out.depth_mm > r.depth_mm
    assert out.metrics() == simulate(p2).metrics()


def test_simulate_type_errors(default_result):
    with pytest.raises(TypeError, match="Params"):
        simulate({"fat_mm": 8.0})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="previous"):
        simulate(Params(), previous="nope")  # type: ignore[arg-type]


def test_simulate_is_deterministic_and_has_no_hidden_state(default_result):
    again = simulate(Params())
    assert again.metrics() == default_result.metrics()
    assert np.array_equal(again.surface_mm, default_result.surface_mm)


def test_plausibility_targets_of_model_md():
    """docs/MODEL.md §7: the targets the v2 defaults are held to."""
    lean = {t: simulate(Params(fat_mm=t)) for t in (4.0, 5.0)}
    for t, r in lean.items():  # lean: a pit of 2-5 mm depth, 10-25 mm wide
        assert 2.0 <= r.depth_mm <= 5.0, (t, r.depth_mm)
        assert 10.0 <= r.width_mm <= 25.0, (t, r.width_mm)
        assert r.linear
    default = simulate(Params())  # visible indoors at a conversational distance
    assert default.verdict == "visible" and default.linear
    # 20+ mm of fat: visible while at most ~80 % of it lies over the insertion
    assert simulate(Params(fat_mm=25.0, superficial_fraction=0.8)).verdict == "visible"
    assert simulate(Params(fat_mm=30.0, superficial_fraction=1.0)).verdict == "not visible"


def test_default_threshold_and_band():
    """The fat at which VI = 1 at defaults, and the band edges quoted in MODEL.md §7."""
    from scipy.optimize import brentq

    def vi(t, target=1.0):
        return simulate(Params(fat_mm=t)).visibility_index - target

    t1 = brentq(vi, 10.0, 30.0, xtol=0.01)
    lo = brentq(lambda t: vi(t, 10**0.2), 5.0, 30.0, xtol=0.01)  # last "visible"
    hi = brentq(lambda t: vi(t, 10**-0.2), 10.0, 35.0, xtol=0.01)  # first "not visible"
    assert lo < t1 < hi
    assert 19.0 < t1 < 23.0 and 15.0 < lo < 19.0 and 23.0 < hi < 29.0


def test_linear_guard_speaks_up():
    lean = simulate(Params(fat_mm=1.0))
    assert not lean.linear and lean.max_slope > MAX_LINEAR_SLOPE
    assert any("slopes" in v for v in lean.validity)
    naive = simulate(Params(superficial_fraction=0.0, fat_mm=30.0))
    assert not naive.linear and naive.depth_mm > 25.0
    deep = simulate(Params(muscle=3.0, bed_mm=3.0, tether_pull_mm=3.0))
    assert any("layer" in v for v in deep.validity)
    assert simulate(Params()).validity == ()


def test_naive_regime_depth_is_the_pull():
    """f_s = 0: the skin lies on the fascia and the tether holds it at −δ = −(d_p + t_d)."""
    for fat in (2.0, 10.0, 25.0):
        p = Params(superficial_fraction=0.0, fat_mm=fat, muscle=0.0)
        r = simulate(p)
        assert r.depth_mm == pytest.approx(p.tether_pull_mm + fat, rel=0.02)


def test_training_deepens_an_existing_dimple_but_cannot_make_one():
    weak, strong = simulate(Params(muscle=0.0, fat_mm=12.0)), simulate(Params(muscle=3.0, fat_mm=12.0))
    assert strong.depth_mm > 1.5 * weak.depth_mm
    assert strong.visibility_index > weak.visibility_index
    for m in (0.0, 1.0, 3.0):
        assert simulate(Params(ligament=False, muscle=m)).visibility_index == 0.0


def test_read_only_cached_geometry():
    g = model._geometry(128, 256.0)
    assert not g.q.flags.writeable and not g.muscle_hat.flags.writeable
    assert model._geometry(128, 256.0) is g


@pytest.mark.parametrize("module", [params_mod, venusedu.fields, model, vision, venusedu.mechanics])
def test_docstring_examples_run(module):
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    # of a package (venusedu.model, venusedu.mechanics), the docstrings of its modules too
    inside = [
        importlib.import_module(f"{module.__name__}.{m.name}")
        for m in pkgutil.iter_modules(module.__dict__.get("__path__", []))
    ]
    tests = [t for m in [module, *inside] for t in finder.find(m)]
    assert sum(len(t.examples) for t in tests) > 5
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
