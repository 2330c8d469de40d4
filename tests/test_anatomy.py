"""Anatomy as data: landmarks follow SOURCES.md, outlines are valid smooth paths."""

from __future__ import annotations

import ast
from pathlib import Path as FsPath

import numpy as np
import pytest
from matplotlib.path import Path

from venusedu import anatomy

SPACINGS = (80.0, 100.0, 120.0)


def to_path(o: anatomy.Outline) -> Path:
    return Path(o.vertices, o.codes)


def test_path_codes_are_matplotlibs():
    assert anatomy.MOVETO == Path.MOVETO
    assert anatomy.LINETO == Path.LINETO
    assert anatomy.CURVE3 == Path.CURVE3
    assert anatomy.CURVE4 == Path.CURVE4
    assert anatomy.CLOSEPOLY == Path.CLOSEPOLY


def test_anatomy_imports_numpy_only():
    tree = ast.parse(FsPath(anatomy.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules <= {"__future__", "numpy", "dataclasses", "typing", "collections"}, modules


@pytest.mark.parametrize("name", sorted(anatomy.OUTLINES))
def test_outline_is_a_valid_bezier_path(name):
    o = anatomy.OUTLINES[name]
    assert o.name == name
    assert o.vertices.ndim == 2 and o.vertices.shape[1] == 2
    assert len(o.vertices) == len(o.codes)
    assert np.isfinite(o.vertices).all()
    assert o.codes[0] == anatomy.MOVETO
    assert set(np.unique(o.codes)) <= {anatomy.MOVETO, anatomy.CURVE4, anatomy.CLOSEPOLY}
    assert (o.codes == anatomy.CURVE4).sum() % 3 == 0  # whole cubic segments
    assert (o.codes == anatomy.CURVE4).sum() >= 6  # curves, not a polygon
    if o.closed:
        assert o.codes[-1] == anatomy.CLOSEPOLY
    to_path(o)  # matplotlib accepts it
    assert o.kind in {"bone", "hole", "joint", "skin", "body"}


def test_curves_are_smooth_at_non_corner_nodes():
    """C1 continuity: the handles either side of a smooth node are collinear."""
    v, c = anatomy.smooth_path([(0, 0), (10, 2), (20, 0), (20, 10), (0, 10)], corners=(3,))
    nodes = v[3:-1:3]  # on-curve points after the first
    for k, node in enumerate(nodes[:-1], start=1):
        before, after = v[3 * k - 1], v[3 * k + 1]
        u, w = node - before, after - node
        cross = u[0] * w[1] - u[1] * w[0]
        if k == 3:  # the corner: handles collapse onto the node
            assert np.allclose(before, node) and np.allclose(after, node)
        else:
            assert abs(cross) < 1e-9


def test_smooth_path_refuses_bad_input():
    with pytest.raises(ValueError):
        anatomy.smooth_path([(0, 0), (1, 1)], closed=True)
    with pytest.raises(ValueError):
        anatomy.smooth_path([0, 1, 2])


@pytest.mark.parametrize("spacing", SPACINGS)
def test_psis_and_dimples_follow_the_sources(spacing):
    _, m = anatomy.posterior_anatomy(spacing)
    # dimples over the PSIS, spacing/2 from the midline
    assert m["psis_right"] == pytest.approx((spacing / 2, 0.0))
    assert m["psis_left"] == pytest.approx((-spacing / 2, 0.0))
    assert m["dimple_right"] == m["psis_right"] and m["dimple_left"] == m["psis_left"]
    # PSIS level with the S2 spinous process (McGaugh et al. 2007)
    assert m["s2_spinous"][1] == pytest.approx(m["psis_right"][1])
    assert m["s2_spinous"][0] == 0.0
    # vertebral order from the head down
    ys = [
        m[k][1]
        for k in (
            "l4_spinous",
            "l4_l5_interspace",
            "l5_spinous",
            "s1_spinous",
            "s2_spinous",
            "s3_spinous",
            "sacral_apex",
            "coccyx_tip",
        )
    ]
    assert ys == sorted(ys, reverse=True)
    # the iliac crests reach about the L4 level (intercristal line)
    assert abs(m["iliac_crest_top_right"][1] - m["l4_spinous"][1]) < 20.0


@pytest.mark.parametrize("spacing", SPACINGS)
def test_michaelis_rhombus(spacing):
    c = anatomy.rhombus_corners(spacing)
    _, m = anatomy.posterior_anatomy(spacing)
    assert c["left"] == m["dimple_left"] and c["right"] == m["dimple_right"]
    assert c["lower"] == m["gluteal_cleft_top"]
    assert m["l5_spinous"][1] < c["upper"][1] < m["l4_spinous"][1]  # near L4-L5
    assert c["upper"][0] == c["lower"][0] == 0.0
    # transverse diagonal = spacing; vertical diagonal of the order of 10-13 cm
    assert c["right"][0] - c["left"][0] == pytest.approx(spacing)
    assert 100.0 <= c["upper"][1] - c["lower"][1] <= 160.0
    assert m["rhombus_upper"] == c["upper"]


@pytest.mark.parametrize("spacing", SPACINGS)
def test_skeleton_lies_inside_the_skin(spacing):
    outlines, _ = anatomy.posterior_anatomy(spacing)
    body = to_path(outlines["body"])
    for name, o in outlines.items():
        if o.kind in {"bone", "hole", "joint"}:
            pts = to_path(o).interpolated(8).vertices
            assert body.contains_points(pts).all(), name


@pytest.mark.parametrize("spacing", SPACINGS)
def test_psis_sits_on_the_hip_bone(spacing):
    outlines, m = anatomy.posterior_anatomy(spacing)
    for side in ("left", "right"):
        pts = to_path(outlines[f"hip_{side}"]).interpolated(20).vertices
        d = np.min(np.hypot(*(pts - np.array(m[f"psis_{side}"])).T))
        assert d < 3.0


def test_skeleton_scales_with_spacing_skin_only_grows():
    a, _ = anatomy.posterior_anatomy(100.0)
    b, _ = anatomy.posterior_anatomy(120.0)
    c, _ = anatomy.posterior_anatomy(80.0)
    assert np.allclose(b["sacrum"].vertices, 1.2 * a["sacrum"].vertices)
    assert np.allclose(c["sacrum"].vertices, 0.8 * a["sacrum"].vertices)
    assert np.array_equal(a["body"].vertices, c["body"].vertices)
    assert np.allclose(b["body"].vertices, 1.2 * a["body"].vertices)


def test_left_right_mirror():
    o = anatomy.OUTLINES
    for right in [k for k in o if k.endswith("_right")]:
        left = right.replace("_right", "_left")
        assert np.allclose(o[left].vertices * [-1, 1], o[right].vertices), right


def test_bad_spacing():
    with pytest.raises(ValueError, match="dimple_spacing_mm"):
        anatomy.posterior_anatomy(float("nan"))
    with pytest.raises(ValueError, match="dimple_spacing_mm"):
        anatomy.posterior_anatomy(-5)


def test_dermis_thickness_from_sources():
    assert 2.3 <= anatomy.DERMIS_MM <= 2.7  # Burk et al. 2017
