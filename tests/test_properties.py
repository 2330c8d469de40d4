"""Property-based tests (hypothesis) of docs/MODEL.md §6, over the whole parameter box.

The strategies draw every field from its full range (a 128-point grid over
256 mm, the coarsest allowed spacing, keeps the run short; the default grid is
checked in tests/test_model.py). Runs are derandomized so that CI is
reproducible. Each property is stated in MODEL.md §6 together with where it
does not hold; the tests check it where it is claimed, and the documented
exceptions are pinned in tests/test_model.py.
"""

from __future__ import annotations

import dataclasses
import os
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from venusedu import Params, simulate
from venusedu.params import FIELDS

# 200 examples per property, derandomized (reproducible CI). For a deeper, random
# search set e.g. VENUSEDU_HYPOTHESIS_EXAMPLES=3000 VENUSEDU_HYPOTHESIS_RANDOM=1.
EXAMPLES = max(200, int(os.environ.get("VENUSEDU_HYPOTHESIS_EXAMPLES", "200")))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("VENUSEDU_HYPOTHESIS_RANDOM", "") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GRID = dict(grid=128, extent_mm=256.0)
RANGED = [f for f in FIELDS if f.kind == "float" and f.name not in ("lipo_depth_mm", "extent_mm")]


def _floats(spec):
    return st.floats(spec.low, spec.high, allow_nan=False, allow_infinity=False)


@st.composite
def params(draw, **fixed):
    """Any valid Params (on the property-test grid), with some fields fixed."""
    kw = {}
    for spec in RANGED:
        if spec.name not in fixed:
            kw[spec.name] = draw(_floats(spec))
    if "ligament" not in fixed:
        kw["ligament"] = draw(st.booleans())
    kw.update(fixed)
    kw.update(GRID)
    if "lipo_depth_mm" not in fixed:
        share = draw(st.floats(0.0, 1.0))
        kw["lipo_depth_mm"] = share * kw["superficial_fraction"] * kw["fat_mm"]
    if "tether_pull_mm" not in fixed:  # the pull may not exceed the bed
        kw["tether_pull_mm"] = min(kw["tether_pull_mm"], kw["bed_mm"])
    return Params(**kw)


def run(p: Params):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return simulate(p)


#: How far VI may move against the pit in properties 2 and 4 (relative). VI is
#: the pit's contrast over a threshold that depends on the pit's own frequency
#: and on masking by the muscle relief; where a change moves all three, VI can
#: step against the depth by a little (largest found: 2.1 %, MODEL.md section 6).
VI_TOLERANCE = 0.05


def not_above(a: float, b: float) -> bool:
    """a <= b up to rounding."""
    return a <= b * (1 + 1e-9) + 1e-12


# 1 --------------------------------------------------------------------------
@SETTINGS
@given(params(ligament=False, lipo_depth_mm=0.0))
def test_1_no_ligament_no_lipo_means_no_dimple(p):
    r = run(p)
    assert r.depth_mm == 0.0 and r.visibility_index == 0.0 and r.verdict == "not visible"
    assert r.contrast == 0.0 and r.width_mm == 0.0 and r.frequency_cpd == 0.0
    assert r.pull_mm == 0.0 and r.linear
    assert np.all(r.pit_mm == 0.0)


# 2 --------------------------------------------------------------------------
@SETTINGS
@given(params(superficial_fraction=1.0, lipo_depth_mm=0.0), st.floats(0.0, 1.0))
def test_2_blanket_more_fat_never_deepens_or_shows_more(p, share):
    """From half the tether's radius on, fat only smooths; slopes fall with fat everywhere.

    Thinner blankets stiffen the top: a thicker one lets the fascia pit deepen
    more than it smooths it (up to about 16 % over the box; the independent FE
    shows the same rise, ``tests/test_validation_v2.py``).
    """
    thicker = dataclasses.replace(p, fat_mm=p.fat_mm + share * (40.0 - p.fat_mm))
    a, b = run(p), run(thicker)
    if p.fat_mm >= 0.5 * p.tether_radius_mm:
        assert not_above(b.depth_mm, a.depth_mm)
    assert not_above(b.max_slope, a.max_slope)
    if a.linear:  # within VI_TOLERANCE (docs/MODEL.md section 6)
        assert b.visibility_index <= (1 + VI_TOLERANCE) * a.visibility_index + 1e-12


# 3 --------------------------------------------------------------------------
@SETTINGS
@given(params(ligament=False, lipo_depth_mm=0.0), st.floats(0.0, 3.0))
def test_3_exercise_cannot_create_a_tether_dimple(p, other_muscle):
    a = run(p)
    b = run(dataclasses.replace(p, muscle=other_muscle))
    assert a.visibility_index == 0.0 and b.visibility_index == 0.0
    assert a.depth_mm == 0.0 and b.depth_mm == 0.0
    # ...although the muscles do change the look of the region. How much depends on the
    # light and the blanket (under grazing-free light and thick fat a 0.1 change moved the
    # shading by 5e-7, inside np.allclose's tolerance), so only "changes" is claimed here;
    # test_3_muscle_relief_shows_under_thin_fat bounds the size where it is visible.
    if abs(other_muscle - p.muscle) > 0.1:
        assert not np.array_equal(a.shading_reference, b.shading_reference)


def test_3_muscle_relief_shows_under_thin_fat():
    """At the default light, 0.1 more muscle moves the shading by more than 0.005 through 2-40 mm of fat."""
    for fat in (2.0, 10.0, 20.0, 40.0):
        p = Params(fat_mm=fat, ligament=False, muscle=1.0, **GRID)
        a, b = run(p), run(dataclasses.replace(p, muscle=1.1))
        assert np.max(np.abs(a.shading_reference - b.shading_reference)) > 0.005, fat


@SETTINGS
@given(params(ligament=True, lipo_depth_mm=0.0), st.floats(0.0, 1.0))
def test_3_muscle_makes_an_existing_dimple_deeper(p, share):
    """The tether is anchored to bone: muscle under the insertion lifts the surroundings."""
    stronger = dataclasses.replace(p, muscle=p.muscle + share * (3.0 - p.muscle))
    a, b = run(p), run(stronger)
    assert not_above(a.depth_mm, b.depth_mm)
    assert not_above(a.pull_mm, b.pull_mm)


# 4 --------------------------------------------------------------------------
@SETTINGS
@given(params(ligament=False), st.floats(0.0, 1.0))
def test_4_lipo_without_ligament_never_lowers_the_pit(p, share):
    deeper = dataclasses.replace(p, lipo_depth_mm=p.lipo_depth_mm + share * (p.superficial_fat_mm - p.lipo_depth_mm))
    a, b = run(p), run(deeper)
    assert not_above(a.depth_mm, b.depth_mm)
    if b.linear:  # within VI_TOLERANCE (docs/MODEL.md section 6)
        assert a.visibility_index <= (1 + VI_TOLERANCE) * b.visibility_index + 1e-12


@SETTINGS
@given(st.floats(8.0, 40.0), st.floats(5.0, 20.0), st.floats(0.0, 3.0), st.floats(80.0, 120.0))
def test_4_deep_lipo_creates_a_visible_artificial_dimple(fat, radius, muscle, spacing):
    """No ligament, default viewing: removing all of >= 8 mm of superficial fat shows."""
    p = Params(
        ligament=False,
        fat_mm=fat,
        lipo_depth_mm=fat,
        lipo_radius_mm=radius,
        muscle=muscle,
        dimple_spacing_mm=spacing,
        **GRID,
    )
    r = run(p)
    assert r.visible
    assert not run(dataclasses.replace(p, lipo_depth_mm=0.0)).visible


# 5 --------------------------------------------------------------------------
@SETTINGS
@given(params(superficial_fraction=0.0, ligament=True, lipo_depth_mm=0.0), st.floats(0.0, 1.0))
def test_5_naive_regime_depth_grows_with_fat(p, share):
    thicker = dataclasses.replace(p, fat_mm=p.fat_mm + share * (40.0 - p.fat_mm))
    a, b = run(p), run(thicker)
    if p.remodel_fraction <= 0.9:
        assert not_above(a.depth_mm, b.depth_mm)
        if thicker.fat_mm > p.fat_mm + 0.01:
            assert b.depth_mm > a.depth_mm
    # nearly or fully remodelled the extra pull (1 - rho) t is small: no trend claimed


# 6 --------------------------------------------------------------------------
@SETTINGS
@given(params())
def test_6_every_output_is_finite_and_silent(p):
    r = run(p)
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
        assert np.isfinite(v) and v >= 0.0, (name, v)
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
        assert a.shape == (p.grid, p.grid) and np.all(np.isfinite(a)), name
    assert np.all((r.shading >= p.ambient - 1e-12) & (r.shading <= 1 + 1e-12))
    assert r.vi_low <= r.visibility_index <= r.vi_high
    assert r.visible == (r.verdict == "visible") == (r.vi_low >= 1.0)
    assert r.masking >= 1.0
    assert r.linear == (not r.validity)


# 7 --------------------------------------------------------------------------
@SETTINGS
@given(params())
def test_7_left_and_right_dimples_mirror(p):
    r = run(p)
    n = p.grid
    mirror = (-np.arange(n)) % n  # x_j -> -x_j on this grid
    scale = max(1.0, float(np.abs(r.surface_mm).max()))
    for name in ("surface_mm", "reference_mm", "pit_mm", "insertion_mm", "lipo_mm", "muscle_mm"):
        a = getattr(r, name)
        assert np.max(np.abs(a - a[:, mirror])) <= 1e-9 * scale, name
    # light mirrored as well: the shading mirrors
    q = dataclasses.replace(p, light_azimuth_deg=(180.0 - p.light_azimuth_deg) % 360.0)
    rq = simulate(q, previous=r)
    assert np.max(np.abs(rq.shading - r.shading[:, mirror])) <= 1e-9
    # the left pit has the depth of the right one
    i0 = n // 2
    row = r.pit_mm[i0]
    assert abs(row[: n // 2 + 1].min() - row[n // 2 :].min()) <= 1e-9 * scale


@SETTINGS
@given(params(ligament=True), st.floats(0.0, 1.0))
def test_4_lipo_with_ligament_never_lowers_the_pit(p, share):
    deeper = dataclasses.replace(p, lipo_depth_mm=p.lipo_depth_mm + share * (p.superficial_fat_mm - p.lipo_depth_mm))
    a, b = run(p), run(deeper)
    assert not_above(a.depth_mm, b.depth_mm)
