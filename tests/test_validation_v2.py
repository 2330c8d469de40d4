"""Model v2 mechanics against the independent finite-element solution.

The package solves the tethered, layered back per Fourier/Hankel mode;
tests/fe_layered.py solves the same axisymmetric, exactly incompressible
problem (one tether, isolated) with Taylor-Hood finite elements and shares no
code with the package. For superficial fraction f_s in {0, 0.5, 1} and fat
t in {2, 5, 10, 20, 30} mm (t_s = f_s t, h_d = bed + (1 - f_s) t,
delta = tether_pull + (1 - f_s) t, no remodelling, no muscle) the skin pit's
depth (w(100 mm) - min w) and full width at half depth must agree within
5 %. The FE's own accuracy (mesh refinement) is better than 0.1 %.

Run with ``-s`` to see the table; each failure message carries its row.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import numpy as np
import pytest

import venusedu
import venusedu.model as model
from tests import fe_layered as fe

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.05  # relative, depth and width
FRACTIONS = (0.0, 0.5, 1.0)
FATS_MM = (2.0, 5.0, 10.0, 20.0, 30.0)
R_PACKAGE_MM = np.linspace(0.0, 150.0, 3001)  # 0.05 mm sampling for the package's pit

HEADER = (
    f"{'f_s':>4} {'fat':>5} | {'FE depth':>9} {'FE width':>9} | {'pkg depth':>9} {'pkg width':>9}"
    f" | {'err depth':>9} {'err width':>9}"
)


def case_params(f_s, fat_mm):
    """The package's Params for one validation case (isolated tether, no remodelling, no muscle)."""
    values = {"fat_mm": fat_mm, "superficial_fraction": f_s}
    names = {f.name for f in dataclasses.fields(venusedu.Params)}
    if "remodel_fraction" in names:
        values["remodel_fraction"] = 0.0
    for muscle in ("muscle_mm", "muscle"):
        if muscle in names:
            values[muscle] = 0.0
    return dataclasses.replace(venusedu.Params(), **values)


@functools.cache
def fe_depth_width(t_s, h_d, pull, radius, mu, tension, bending, fascia_tension, top):
    """FE depth and width (mm) of one case, cached for the session."""
    sol = fe.solve(
        t_s,
        h_d,
        pull,
        radius,
        mu_pa=mu,
        tension_n_per_m=tension,
        bending_nm=bending,
        fascia_tension_n_per_m=fascia_tension,
        top=top,
    )
    return fe.depth_width(sol.r_mm, sol.skin_mm)


@pytest.fixture(scope="module")
def table():
    rows = []
    yield rows
    if rows:
        print(
            "\nModel v2 vs independent FE (no-slip top), tolerance "
            f"{TOLERANCE:.0%} in depth and width\n{HEADER}\n" + "\n".join(rows)
        )


@pytest.mark.parametrize("fat_mm", FATS_MM)
@pytest.mark.parametrize("f_s", FRACTIONS)
def test_pit_matches_finite_elements(f_s, fat_mm, table):
    p = case_params(f_s, fat_mm)
    t_s = f_s * fat_mm
    h_d = p.bed_mm + (1.0 - f_s) * fat_mm
    pull = p.tether_pull_mm + (1.0 - f_s) * fat_mm
    fe_depth, fe_width = fe_depth_width(
        t_s,
        h_d,
        pull,
        p.tether_radius_mm,
        p.fat_shear_modulus_pa,
        p.skin_tension_n_per_m,
        p.skin_bending_nm,
        p.fascia_tension_n_per_m,
        "no-slip",
    )

    pit = model.axisymmetric_pit(p, R_PACKAGE_MM, top="no-slip")
    depth, width = fe.depth_width(np.asarray(pit.r_mm), np.asarray(pit.skin_mm))

    err_d = depth / fe_depth - 1.0
    err_w = width / fe_width - 1.0
    row = (
        f"{f_s:4.1f} {fat_mm:5.1f} | {fe_depth:9.4f} {fe_width:9.3f} | {depth:9.4f} {width:9.3f}"
        f" | {err_d:+9.2%} {err_w:+9.2%}"
    )
    table.append(row)
    assert abs(err_d) <= TOLERANCE and abs(err_w) <= TOLERANCE, f"\n{HEADER}\n{row}"


@pytest.mark.parametrize("fat_mm,gain", [(2.0, 0.23), (8.0, 0.29), (20.0, 0.13)])
def test_no_slip_skin_deepens_the_pit_as_documented(fat_mm, gain):
    """docs/MODEL.md §3.4: the no-slip pit is 23 / 29 / 13 % deeper than the shear-free one."""
    p = dataclasses.replace(case_params(1.0, fat_mm))
    depths = {}
    for top in ("no-slip", "shear-free"):
        fe_d, _ = fe_depth_width(
            fat_mm,
            p.bed_mm,
            p.tether_pull_mm,
            p.tether_radius_mm,
            p.fat_shear_modulus_pa,
            p.skin_tension_n_per_m,
            p.skin_bending_nm,
            p.fascia_tension_n_per_m,
            top,
        )
        pit = model.axisymmetric_pit(p, R_PACKAGE_MM, top=top)
        pkg_d, _ = fe.depth_width(pit.r_mm, pit.skin_mm)
        depths[top] = (fe_d, pkg_d)
    fe_gain = depths["no-slip"][0] / depths["shear-free"][0] - 1
    pkg_gain = depths["no-slip"][1] / depths["shear-free"][1] - 1
    assert fe_gain == pytest.approx(gain, abs=0.006)
    assert pkg_gain == pytest.approx(gain, abs=0.006)


def test_a_thin_blanket_deepens_the_pit_before_it_smooths_it():
    """docs/MODEL.md §6, property 2: below half the tether's radius, more fat can deepen the pit.

    Blanket regime (f_s = 1), tether radius 7.5 mm, stiff fat (3000 Pa), skin
    tension 20 N/m, fascia tension 10 N/m, bed 4 mm, pull 1 mm. The FE and the
    package both find the skin pit deeper at 2.5 mm of fat than at 1 mm, and
    shallower again at 8 mm; they agree within the 5 % tolerance at each.
    """
    base = dataclasses.replace(
        case_params(1.0, 1.0),
        tether_radius_mm=7.5,
        fat_shear_modulus_pa=3000.0,
        skin_tension_n_per_m=20.0,
        fascia_tension_n_per_m=10.0,
        bed_mm=4.0,
        tether_pull_mm=1.0,
    )
    fe_d, pkg_d = [], []
    for t in (1.0, 2.5, 8.0):
        p = dataclasses.replace(base, fat_mm=t)
        fe_d.append(
            fe_depth_width(
                t,
                p.bed_mm,
                p.tether_pull_mm,
                p.tether_radius_mm,
                p.fat_shear_modulus_pa,
                p.skin_tension_n_per_m,
                p.skin_bending_nm,
                p.fascia_tension_n_per_m,
                "no-slip",
            )[0]
        )
        pit = model.axisymmetric_pit(p, R_PACKAGE_MM, top="no-slip")
        pkg_d.append(fe.depth_width(pit.r_mm, pit.skin_mm)[0])
    for f, k in zip(fe_d, pkg_d, strict=True):
        assert k == pytest.approx(f, rel=TOLERANCE)
    for d in (fe_d, pkg_d):
        assert d[1] > 1.03 * d[0], d  # deeper with more fat while t_s < a/2 ...
        assert d[2] < d[1], d  # ... and shallower once the blanket is thick
    # the figures docs/MODEL.md section 6 quotes
    text = " ".join((ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8").split())
    fe_text = "depth {:.3f} mm at 1 mm of fat, {:.3f} mm at 2.5 mm, {:.3f} mm at 8 mm".format(*fe_d)
    pkg_text = "the package {:.3f}, {:.3f}, {:.3f} mm".format(*pkg_d)
    assert fe_text in text and pkg_text in text, (fe_text, pkg_text)
