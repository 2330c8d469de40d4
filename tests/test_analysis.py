"""Parameter sweeps, visibility thresholds and sensitivity (venusedu.analysis)."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import numpy as np
import pytest

from venusedu import Params, analysis, fat_from_body_fat, simulate
from venusedu.params import FIELDS

BASE = analysis.sweep_params()


def _dense_crossing(values, vi, target=1.0):
    """Where a sampled, decreasing VI curve crosses *target*, by linear interpolation in ln VI."""
    vi = np.asarray(vi)
    i = int(np.nonzero((vi[:-1] >= target) & (vi[1:] < target))[0][0])
    a, b = math.log(vi[i]), math.log(vi[i + 1])
    return values[i] + (math.log(target) - a) / (b - a) * (values[i + 1] - values[i])


def test_sweep_params_sets_the_sweep_resolution_only():
    p = analysis.sweep_params(Params(fat_mm=12.0))
    assert (p.grid, p.extent_mm, p.fat_mm) == (analysis.SWEEP_GRID, analysis.SWEEP_EXTENT_MM, 12.0)
    assert p.grid_spacing_mm == 2.0
    with pytest.raises(TypeError):
        analysis.sweep_params({"fat_mm": 3.0})


def test_shape_fields_are_the_continuous_surface_fields():
    expected = {f.name for f in FIELDS if f.group not in ("viewing", "numerics") and f.kind == "float"}
    assert set(analysis.SHAPE_FIELDS) == expected
    assert "ligament" not in analysis.SHAPE_FIELDS and "light_elevation_deg" not in analysis.SHAPE_FIELDS


def test_sweep_matches_single_runs():
    values = [2.0, 10.0, 30.0]
    s = analysis.sweep("fat_mm", values, BASE)
    assert s.name == "fat_mm" and s.values.tolist() == values
    for v, vi, d in zip(values, s.visibility_index, s.depth_mm, strict=True):
        r = simulate(dataclasses.replace(BASE, fat_mm=v))
        assert vi == r.visibility_index and d == r.depth_mm
    for m in analysis.METRICS:
        assert getattr(s, m).shape == (3,)
    for v, lin, verdict in zip(values, s.linear, s.verdict, strict=True):
        r = simulate(dataclasses.replace(BASE, fat_mm=v))
        assert lin == r.linear and verdict == r.verdict


def test_sweep_marks_results_beyond_linear_theory():
    s = analysis.sweep("fat_mm", [1.0, 8.0], BASE)
    assert s.linear.tolist() == [False, True]  # a 1 mm blanket leaves a steep pit (slopes > 0.3)
    assert s.max_slope[0] > 0.3 > s.max_slope[1]


def test_viewing_sweep_reuses_the_surface_and_agrees_with_fresh_runs():
    s = analysis.sweep("light_elevation_deg", [20.0, 35.0, 90.0], BASE)
    assert np.all(s.depth_mm == s.depth_mm[0])
    fresh = [simulate(dataclasses.replace(BASE, light_elevation_deg=t)).visibility_index for t in (20.0, 35.0, 90.0)]
    np.testing.assert_allclose(s.visibility_index, fresh, rtol=1e-12)
    assert s.visibility_index[0] > s.visibility_index[1] > s.visibility_index[2]


def test_sweep_refuses_bad_input():
    with pytest.raises(KeyError, match="not a parameter"):
        analysis.sweep("fat", [1.0])
    with pytest.raises(ValueError, match="non-empty"):
        analysis.sweep("fat_mm", [])
    with pytest.raises(ValueError, match="fat_mm"):
        analysis.sweep("fat_mm", [50.0])


def test_evaluate_returns_every_metric():
    m = analysis.evaluate(BASE, fat_mm=5.0)
    assert set(m) == set(analysis.METRICS)
    assert m["visibility_index"] == simulate(dataclasses.replace(BASE, fat_mm=5.0)).visibility_index


def test_threshold_fat_by_root_finding_agrees_with_a_dense_sweep():
    t = analysis.threshold_fat_mm(BASE)
    fats = np.arange(1.0, 40.01, 0.25)
    dense = analysis.sweep("fat_mm", fats, BASE)
    assert np.all(np.diff(dense.visibility_index) < 0)  # blanket regime: one crossing
    assert dense.linear[fats >= 4.0].all()
    assert abs(t - _dense_crossing(fats, dense.visibility_index)) < 0.02
    assert abs(analysis.evaluate(BASE, fat_mm=t)["visibility_index"] - 1.0) < 1e-3


def test_threshold_band_brackets_the_threshold():
    visible, not_visible = analysis.threshold_band_fat_mm(BASE)
    t = analysis.threshold_fat_mm(BASE)
    assert visible < t < not_visible
    f = 10**0.2
    assert analysis.evaluate(BASE, fat_mm=visible)["visibility_index"] == pytest.approx(f, abs=2e-3)
    assert analysis.evaluate(BASE, fat_mm=not_visible)["visibility_index"] == pytest.approx(1 / f, abs=2e-3)
    # the verdict changes there: a little thinner is visible, a little thicker not visible
    assert simulate(dataclasses.replace(BASE, fat_mm=visible - 0.1)).verdict == "visible"
    assert simulate(dataclasses.replace(BASE, fat_mm=visible + 0.1)).verdict == "borderline"
    assert simulate(dataclasses.replace(BASE, fat_mm=not_visible - 0.1)).verdict == "borderline"
    assert simulate(dataclasses.replace(BASE, fat_mm=not_visible + 0.1)).verdict == "not visible"


def test_threshold_fat_moves_with_the_light_and_grid_barely_matters():
    low = analysis.threshold_fat_mm(analysis.sweep_params(Params(light_elevation_deg=20.0)))
    mid = analysis.threshold_fat_mm(BASE)
    flash = analysis.threshold_fat_mm(analysis.sweep_params(Params(light_elevation_deg=90.0)))
    assert low > mid > flash
    fine = analysis.threshold_fat_mm(Params())  # default 256-point grid
    assert abs(mid / fine - 1) < 0.01


def test_no_crossing_gives_nan():
    assert math.isnan(analysis.threshold_fat_mm(analysis.sweep_params(Params(ligament=False))))
    # visible at every fat in the naive regime with a very deep pin
    assert math.isnan(
        analysis.threshold_fat_mm(analysis.sweep_params(Params(superficial_fraction=0.0, tether_pull_mm=6.0)))
    )


def test_crossing_of_liposculpture_without_ligament():
    base = analysis.sweep_params(Params(fat_mm=15.0, ligament=False))
    d = analysis.crossing("lipo_depth_mm", base)
    assert 0.0 < d < 15.0
    assert abs(analysis.evaluate(base, lipo_depth_mm=d)["visibility_index"] - 1.0) < 1e-3
    with pytest.raises(ValueError, match="low end"):
        analysis.crossing("fat_mm", BASE, bracket=(10.0, 5.0))


def test_allowed_range_respects_liposculpture():
    p = Params(fat_mm=10.0, superficial_fraction=0.5, lipo_depth_mm=2.0)
    assert analysis.allowed_range("lipo_depth_mm", p) == (0.0, 5.0)
    assert analysis.allowed_range("fat_mm", p) == (4.0, 40.0)
    assert analysis.allowed_range("superficial_fraction", p) == (0.2, 1.0)
    assert analysis.allowed_range("tether_pull_mm", p) == (0.0, 6.0)
    assert analysis.allowed_range("tether_pull_mm", Params(bed_mm=4.0)) == (0.0, 4.0)
    assert analysis.allowed_range("bed_mm", Params(tether_pull_mm=5.0)) == (5.0, 20.0)
    with pytest.raises(ValueError, match="continuous"):
        analysis.allowed_range("ligament", p)
    for name in ("fat_mm", "superficial_fraction", "lipo_depth_mm"):  # both ends are valid Params
        for v in analysis.allowed_range(name, p):
            dataclasses.replace(p, **{name: v})
    for q, name in ((Params(bed_mm=4.0), "tether_pull_mm"), (Params(tether_pull_mm=5.0), "bed_mm")):
        for v in analysis.allowed_range(name, q):
            dataclasses.replace(q, **{name: v})


@pytest.mark.parametrize("sex, slope, offset", [("female", 1.0, 12.0), ("male", 0.8, 5.0)])
def test_body_fat_for_fat_mm_inverts_the_mapping_and_its_band(sex, slope, offset):
    for t in (4.0, 10.0, 18.0):
        est, low, high = analysis.body_fat_for_fat_mm(t, sex)
        assert est == pytest.approx(offset + t / slope, abs=1e-6)
        assert low == pytest.approx(offset + t / (1.5 * slope), abs=1e-6)  # thick edge of the band
        assert high == pytest.approx(offset + t / (0.5 * slope), abs=1e-6)  # thin edge
        assert fat_from_body_fat(est, sex)[0] == pytest.approx(t, abs=1e-6)
        assert fat_from_body_fat(low, sex)[2] == pytest.approx(t, abs=1e-6)
        assert fat_from_body_fat(high, sex)[1] == pytest.approx(t, abs=1e-6)


def test_body_fat_outside_the_mapping_is_nan():
    est, low, high = analysis.body_fat_for_fat_mm(30.0, "female")  # thin edge needs 72 % body fat
    assert math.isfinite(est) and math.isfinite(low) and math.isnan(high)
    with pytest.raises(ValueError, match="sex"):
        analysis.body_fat_for_fat_mm(10.0, "x")
    with pytest.raises(ValueError, match="fat_mm"):
        analysis.body_fat_for_fat_mm(-1.0, "male")


def test_threshold_body_fat_is_consistent():
    women = analysis.threshold_body_fat("female", BASE)
    men = analysis.threshold_body_fat("male", BASE)
    assert women["fat_mm"] == men["fat_mm"] == analysis.threshold_fat_mm(BASE)
    for sex, th in (("female", women), ("male", men)):
        assert th["body_fat_low"] < th["body_fat"] < th["body_fat_high"]
        assert th["fat_visible_mm"] < th["fat_mm"] < th["fat_not_visible_mm"]
        assert th["body_fat_visible"] < th["body_fat"] < th["body_fat_not_visible"]
        assert th["body_fat_visible"] == pytest.approx(
            analysis.body_fat_for_fat_mm(th["fat_visible_mm"], sex)[0], abs=1e-9
        )
    # the same fat is reached at a lower body fat in men by the §9 estimate
    assert men["body_fat"] < women["body_fat"]
    none = analysis.threshold_body_fat("male", analysis.sweep_params(Params(ligament=False)))
    assert all(math.isnan(v) for v in none.values())


def test_elasticity_of_irrelevant_parameters_is_zero():
    # blanket regime: no deep fat for remodelling to act on; no lipo for its radius to shape
    assert analysis.elasticity("remodel_fraction", BASE) == 0.0
    assert analysis.elasticity("lipo_radius_mm", BASE) == 0.0
    assert analysis.elasticity("lipo_depth_mm", BASE) == 0.0  # p = 0
    # the spacing matters mostly through the muscle relief under the insertion (the
    # dimple sits on the flank of an erector ridge, which lifts its surroundings)
    flat = analysis.elasticity("dimple_spacing_mm", dataclasses.replace(BASE, muscle=0.0))
    assert abs(flat) < 0.2 and analysis.elasticity("dimple_spacing_mm", BASE) < -0.5
    # ...but remodelling matters once there is deep fat
    deep = analysis.sweep_params(Params(superficial_fraction=0.5, remodel_fraction=0.5))
    assert analysis.elasticity("remodel_fraction", deep) < 0


def test_elasticity_matches_an_independent_difference():
    e = analysis.elasticity("tether_pull_mm", BASE)
    p0 = BASE.tether_pull_mm
    h = 0.01
    up = analysis.evaluate(BASE, tether_pull_mm=p0 * (1 + h))["visibility_index"]
    down = analysis.evaluate(BASE, tether_pull_mm=p0 * (1 - h))["visibility_index"]
    independent = (up - down) / (2 * h * p0) * p0 / analysis.evaluate(BASE)["visibility_index"]
    assert e == pytest.approx(independent, rel=0.03)
    assert analysis.elasticity("fat_mm", BASE) < 0 < e


def test_elasticity_at_the_end_of_a_range_is_one_sided():
    e = analysis.elasticity("superficial_fraction", BASE)  # default 1 is the top of 0..1
    assert math.isfinite(e) and e < 0


def test_elasticity_refuses_a_zero_metric_and_bad_steps():
    with pytest.raises(ValueError, match="logarithm"):
        analysis.elasticity("fat_mm", analysis.sweep_params(Params(ligament=False)))
    with pytest.raises(ValueError, match="rel_step"):
        analysis.elasticity("fat_mm", BASE, rel_step=0.0)
    with pytest.raises(ValueError, match="metric"):
        analysis.elasticity("fat_mm", BASE, metric="beauty")


def test_one_at_a_time_covers_every_shape_parameter_and_is_sorted():
    rows = analysis.one_at_a_time(BASE, n=3)
    assert {r.name for r in rows} == set(analysis.SHAPE_FIELDS)
    decs = [r.decades for r in rows]
    assert decs == sorted(decs, reverse=True)
    by = {r.name: r for r in rows}
    for r in rows:
        assert (r.low, r.high) == analysis.allowed_range(r.name, BASE)
        assert r.values[0] == r.low and r.values[-1] == r.high and len(r.vi) == 3
        assert r.vi_min == r.vi.min() and r.vi_max == r.vi.max()
        assert r.base_value == getattr(BASE, r.name)
    assert by["remodel_fraction"].decades == 0.0 and by["lipo_radius_mm"].decades == 0.0
    for r in rows:  # linear flags agree with fresh runs
        fresh = [simulate(dataclasses.replace(BASE, **{r.name: float(v)})).linear for v in r.values]
        assert r.linear.tolist() == fresh
        assert r.linear_decades <= r.decades + 1e-12
    # the low end of the superficial fraction (the naive regime) leaves linear theory
    assert not by["superficial_fraction"].linear[0] and by["superficial_fraction"].linear[-1]
    # the widest body parameter is the superficial fraction (the lessons say so)
    body = [r for r in rows if r.status not in ("slider", "intervention")]
    assert body[0].name == "superficial_fraction" and body[0].status == "assumption"
    with pytest.raises(ValueError, match="n ="):
        analysis.one_at_a_time(BASE, n=1)


def test_log_scale_fields_are_swept_geometrically():
    (row,) = analysis.one_at_a_time(BASE, ["fat_shear_modulus_pa"], n=3)
    assert row.values[1] == pytest.approx(math.sqrt(300.0 * 3000.0))


def test_decades():
    assert analysis.decades([0.5, 5.0]) == pytest.approx(1.0)
    assert analysis.decades([0.0, 0.0]) == 0.0
    assert analysis.decades([0.0, 1.0]) == math.inf
    with pytest.raises(ValueError):
        analysis.decades([])
    with pytest.raises(ValueError):
        analysis.decades([-1.0, 1.0])


def test_analysis_does_not_import_matplotlib():
    code = "import sys, venusedu.analysis; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_verdict_text():
    r = simulate(BASE)
    assert analysis.verdict_text(r) == (f"visible (VI {r.visibility_index:.1f}, band {r.vi_low:.1f}–{r.vi_high:.1f})")
    thick = simulate(dataclasses.replace(BASE, fat_mm=30.0))
    assert thick.verdict == "not visible" and analysis.verdict_text(thick).startswith("not visible (VI 0.")
    steep = simulate(dataclasses.replace(BASE, fat_mm=10.0, superficial_fraction=0.0))
    assert not steep.linear
    assert analysis.verdict_text(steep) == f"beyond linear theory (slopes up to {steep.max_slope:.2f}): no verdict"
    assert "VI" not in analysis.verdict_text(steep)
