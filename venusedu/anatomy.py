"""Anatomy of the lower back as data: landmarks and outlines in millimetres.

Posterior view (the observer stands behind the person), in the coordinates of
the model (MODEL.md §2): origin on the midline at the level of the S2
spinous process, ``x`` to the person's right (the observer's right), ``y``
towards the head. Everything here is plain numbers -- no plotting -- in the
spirit of nilearn's glass-brain outlines: :mod:`venusedu.diagrams` turns the
vertex and code arrays into :class:`matplotlib.path.Path` objects.

Proportions (SOURCES.md):

* the PSIS lie at the level of the S2 spinous process (McGaugh et al. 2007,
  81 % of 100 CT scans), so both PSIS sit on ``y = 0``;
* the dimples lie over the PSIS, each about 50 mm from the midline; the
  distance between them is ``dimple_spacing_mm`` (default 100 mm, 95--110 mm
  measured in women);
* the Michaelis rhombus has its lateral corners at the dimples, its lower
  corner at the top of the gluteal cleft and its upper corner near the L4--L5
  interspace (sources differ: some put it at the L5 spinous process).

Everything not in that list (the exact curve of an iliac crest, the size of a
foramen) is drawn to look right on a schematic, not measured.

Outlines are cubic Bézier curves built from a few key points with
Catmull--Rom tangents (:func:`smooth_path`). The path codes are the integer
values matplotlib uses (:data:`MOVETO` ... :data:`CLOSEPOLY`) so this module
needs only numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "MOVETO",
    "LINETO",
    "CURVE3",
    "CURVE4",
    "CLOSEPOLY",
    "REFERENCE_SPACING_MM",
    "DERMIS_MM",
    "Outline",
    "smooth_path",
    "LANDMARKS",
    "OUTLINES",
    "posterior_anatomy",
    "rhombus_corners",
]

# matplotlib.path.Path codes (checked against matplotlib in tests/test_anatomy.py)
MOVETO = 1
LINETO = 2
CURVE3 = 3
CURVE4 = 4
CLOSEPOLY = 79

#: The dimple spacing (mm) the outlines below are drawn for.
REFERENCE_SPACING_MM = 100.0

#: Dermis thickness over the sacrum, mm (Burk et al. 2017: 2.3--2.7 mm, 20 MHz
#: ultrasound, n = 50). Used by the cross-section.
DERMIS_MM = 2.5


@dataclass(frozen=True)
class Outline:
    """One outline as path data.

    Attributes
    ----------
    name : str
        Key, e.g. ``"ilium_right"``.
    vertices : numpy.ndarray, shape (n, 2)
        Vertex coordinates in mm (x to the right, y up).
    codes : numpy.ndarray of uint8, shape (n,)
        matplotlib path codes (:data:`MOVETO`, :data:`LINETO`, :data:`CURVE4`,
        :data:`CLOSEPOLY`).
    kind : str
        What it is: ``"bone"``, ``"hole"`` (drawn as part of the bone it sits
        in), ``"joint"``, ``"skin"`` or ``"body"``.
    closed : bool
        Whether the outline is a closed region.
    """

    name: str
    vertices: np.ndarray
    codes: np.ndarray
    kind: str
    closed: bool = True
    holes: tuple[str, ...] = field(default=())

    def scaled(self, factor: float) -> Outline:
        """The same outline scaled about the origin (S2 on the midline)."""
        return Outline(self.name, self.vertices * float(factor), self.codes.copy(), self.kind, self.closed, self.holes)

    def mirrored(self, name: str) -> Outline:
        """The left-right mirror image (x -> -x) under a new name."""
        v = self.vertices.copy()
        v[:, 0] *= -1.0
        return Outline(
            name, v, self.codes.copy(), self.kind, self.closed, tuple(h.replace("_right", "_left") for h in self.holes)
        )


def smooth_path(
    points: Sequence[Sequence[float]],
    *,
    closed: bool = True,
    corners: Sequence[int] = (),
    tension: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """A smooth cubic Bézier path through key points.

    Tangents follow the Catmull--Rom rule (each handle parallel to the chord
    between the neighbouring points, length ``tension / 3`` of it); at the
    indices in ``corners`` the handles collapse so the curve has a sharp corner.

    Parameters
    ----------
    points : sequence of (x, y)
        Key points in mm, at least 2 (3 for a closed path).
    closed : bool
        Close the path back to the first point.
    corners : sequence of int
        Indices of points drawn as sharp corners.
    tension : float
        Handle length factor; 0 gives straight segments, 0.5 is Catmull--Rom.

    Returns
    -------
    vertices : numpy.ndarray, shape (n, 2)
    codes : numpy.ndarray of uint8, shape (n,)

    Examples
    --------
    >>> v, c = smooth_path([(0, 0), (10, 0), (10, 10)], closed=True)
    >>> v.shape, int(c[0]), int(c[-1])
    ((11, 2), 1, 79)
    """
    p = np.asarray(points, dtype=float)
    n = len(p)
    if p.ndim != 2 or p.shape[1] != 2 or n < (3 if closed else 2):
        raise ValueError("smooth_path needs an (n, 2) array of key points")
    corner = np.zeros(n, dtype=bool)
    corner[list(corners)] = True
    tangents = np.zeros_like(p)
    for i in range(n):
        if corner[i]:
            continue
        if closed:
            prev, nxt = p[(i - 1) % n], p[(i + 1) % n]
        else:
            prev, nxt = p[max(i - 1, 0)], p[min(i + 1, n - 1)]
        tangents[i] = (nxt - prev) * tension / 3.0 * (1.0 if closed or 0 < i < n - 1 else 2.0)
    verts = [p[0]]
    codes = [MOVETO]
    segments = n if closed else n - 1
    for i in range(segments):
        a, b = p[i], p[(i + 1) % n]
        ta, tb = tangents[i], tangents[(i + 1) % n]
        chord = np.linalg.norm(b - a)
        # keep handles within the segment so the curve never loops
        la, lb = np.linalg.norm(ta), np.linalg.norm(tb)
        if la > 0.45 * chord:
            ta = ta * 0.45 * chord / la
        if lb > 0.45 * chord:
            tb = tb * 0.45 * chord / lb
        verts += [a + ta, b - tb, b]
        codes += [CURVE4, CURVE4, CURVE4]
    if closed:
        verts.append(p[0])
        codes.append(CLOSEPOLY)
    return np.array(verts), np.array(codes, dtype=np.uint8)


def _outline(name, points, kind, *, closed=True, corners=(), tension=0.5, holes=()):
    v, c = smooth_path(points, closed=closed, corners=corners, tension=tension)
    return Outline(name, v, c, kind, closed, tuple(holes))


def _ellipse(cx, cy, rx, ry, n=8):
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return np.column_stack([cx + rx * np.cos(t), cy + ry * np.sin(t)])


# ----------------------------------------------------------------------------
# Landmarks (mm, reference spacing 100 mm). Right side; left side mirrored.
# ----------------------------------------------------------------------------

_HALF = REFERENCE_SPACING_MM / 2.0

LANDMARKS: dict[str, tuple[float, float]] = {
    "psis_right": (_HALF, 0.0),
    "psis_left": (-_HALF, 0.0),
    "dimple_right": (_HALF, 0.0),
    "dimple_left": (-_HALF, 0.0),
    "s1_spinous": (0.0, 27.0),
    "s2_spinous": (0.0, 0.0),
    "s3_spinous": (0.0, -22.0),
    "l5_spinous": (0.0, 55.0),
    "l4_spinous": (0.0, 92.0),
    "l4_l5_interspace": (0.0, 74.0),
    "iliac_crest_top_right": (104.0, 101.0),
    "iliac_crest_top_left": (-118.0, 97.0),
    "si_joint_right": (39.0, 8.0),
    "si_joint_left": (-39.0, 8.0),
    "sacral_apex": (0.0, -74.0),
    "coccyx_tip": (0.0, -104.0),
    "gluteal_cleft_top": (0.0, -56.0),
}

#: Landmarks that belong to the skeleton (scaled with the dimple spacing).
_SKELETAL = {k for k in LANDMARKS if k not in {"gluteal_cleft_top"}}


def rhombus_corners(dimple_spacing_mm: float = REFERENCE_SPACING_MM) -> dict[str, tuple[float, float]]:
    """Corners of the Michaelis rhombus (mm).

    Parameters
    ----------
    dimple_spacing_mm : float
        Distance between the dimples, mm.

    Returns
    -------
    dict
        ``"upper"`` (near L4--L5; sources differ), ``"right"`` and ``"left"``
        (the dimples, over the PSIS) and ``"lower"`` (top of the gluteal cleft).
    """
    s = float(dimple_spacing_mm) / REFERENCE_SPACING_MM
    up = LANDMARKS["l4_l5_interspace"]
    low = LANDMARKS["gluteal_cleft_top"]
    return {
        "upper": (0.0, up[1] * s),
        "right": (dimple_spacing_mm / 2.0, 0.0),
        "lower": (0.0, low[1] * max(1.0, s)),
        "left": (-dimple_spacing_mm / 2.0, 0.0),
    }


# ----------------------------------------------------------------------------
# Outlines
# ----------------------------------------------------------------------------

# Right hip bone (ilium, ischium, pubis) seen from behind, clockwise from the
# posterior end of the iliac crest. The PSIS is the small posterior bulge on
# the medial border at y = 0; the PIIS lies below it above the greater sciatic
# notch.
_HIP_RIGHT = [
    (44.0, 46.0),  # 0 posterior end of the iliac crest (over the sacral ala)
    (54.0, 76.0),  # 1
    (76.0, 95.0),  # 2
    (104.0, 101.0),  # 3 highest point of the crest
    (128.0, 94.0),  # 4
    (141.0, 74.0),  # 5 iliac tubercle, the widest point (inter-crest ~28 cm)
    (143.0, 50.0),  # 6
    (138.0, 34.0),  # 7 ASIS (seen edge-on from behind)
    (130.0, 22.0),  # 8 notch between ASIS and AIIS
    (126.0, 6.0),  # 9 AIIS
    (120.0, -22.0),  # 10 narrowest part of the ilium, above the acetabulum
    (124.0, -52.0),  # 11 posterior rim of the acetabulum
    (114.0, -84.0),  # 12 body of the ischium
    (96.0, -112.0),  # 13
    (76.0, -131.0),  # 14 ischial tuberosity
    (54.0, -133.0),  # 15
    (30.0, -123.0),  # 16 ischiopubic ramus
    (9.0, -114.0),  # 17 lower end of the pubic symphysis
    (6.0, -92.0),  # 18 upper end of the pubic symphysis
    (26.0, -86.0),  # 19 superior pubic ramus (seen through the outlet)
    (46.0, -90.0),  # 20 lesser sciatic notch
    (48.0, -76.0),  # 21 ischial spine
    (64.0, -56.0),  # 22 greater sciatic notch, deepest point
    (58.0, -36.0),  # 23
    (44.0, -24.0),  # 24 PIIS
    (44.0, -11.0),  # 25 notch between PIIS and PSIS
    (49.0, 0.0),  # 26 PSIS
    (44.0, 22.0),  # 27 medial border over the SI joint
]
_HIP_CORNERS = (7, 17, 18, 21, 24, 26)

_OBTURATOR_RIGHT = [(40.0, -102.0), (58.0, -97.0), (78.0, -103.0), (84.0, -116.0), (68.0, -124.0), (46.0, -117.0)]

# Sacrum, right half from the top of the median crest down to the apex; the
# left half is the mirror image.
_SACRUM_RIGHT_HALF = [
    (0.0, 44.0),
    (12.0, 46.0),
    (24.0, 54.0),  # superior articular process
    (33.0, 47.0),
    (45.0, 43.0),  # ala, under the ilium
    (45.0, 22.0),
    (41.0, -8.0),
    (35.0, -30.0),
    (25.0, -52.0),
    (17.0, -62.0),  # inferior lateral angle
    (8.0, -72.0),
]

_COCCYX = [
    (0.0, -74.0),
    (7.0, -77.0),
    (6.0, -88.0),
    (3.5, -99.0),
    (0.0, -104.0),
    (-3.5, -99.0),
    (-6.0, -88.0),
    (-7.0, -77.0),
]

# Posterior sacral foramina (centre x, y, radius x, y), right side.
_FORAMINA_RIGHT = [(20.0, 24.0, 5.0, 4.0), (19.0, 2.0, 4.5, 3.6), (17.0, -20.0, 4.0, 3.2), (13.5, -41.0, 3.4, 2.8)]


def _vertebra(cy: float, name: str) -> list[Outline]:
    """Posterior view of a lumbar vertebra: arch with transverse processes, spinous process."""
    arch = [
        (0.0, cy + 17.0),
        (9.0, cy + 16.0),
        (15.0, cy + 22.0),
        (22.0, cy + 19.0),  # superior articular
        (24.0, cy + 10.0),
        (44.0, cy + 13.0),
        (50.0, cy + 8.0),
        (44.0, cy + 4.0),  # transverse process
        (24.0, cy + 2.0),
        (20.0, cy - 10.0),
        (13.0, cy - 14.0),
        (0.0, cy - 8.0),  # inferior articular
    ]
    full = arch + [(-x, y) for x, y in reversed(arch[1:-1])]
    spinous = _ellipse(0.0, cy - 2.0, 6.0, 12.0, n=8)
    return [
        _outline(f"{name}_arch", full, "bone", corners=(0, 11, 2, 20), tension=0.45),
        _outline(f"{name}_spinous", spinous, "bone"),
    ]


def _build_outlines() -> dict[str, Outline]:
    out: dict[str, Outline] = {}
    hip = _outline("hip_right", _HIP_RIGHT, "bone", corners=_HIP_CORNERS, holes=("obturator_right",))
    out["hip_right"] = hip
    out["hip_left"] = hip.mirrored("hip_left")
    obt = _outline("obturator_right", _OBTURATOR_RIGHT, "hole")
    out["obturator_right"] = obt
    out["obturator_left"] = obt.mirrored("obturator_left")

    half = _SACRUM_RIGHT_HALF
    # right half down to the apex, then the mirrored left half back up
    sacrum = half + [(0.0, -75.0)] + [(-x, y) for x, y in reversed(half[1:])]
    out["sacrum"] = _outline("sacrum", sacrum, "bone", corners=(2, len(sacrum) - 2), tension=0.5)
    out["coccyx"] = _outline("coccyx", _COCCYX, "bone")
    for i, (cx, cy, rx, ry) in enumerate(_FORAMINA_RIGHT, start=1):
        f = _outline(f"foramen_s{i}_right", _ellipse(cx, cy, rx, ry), "hole")
        out[f.name] = f
        out[f"foramen_s{i}_left"] = f.mirrored(f"foramen_s{i}_left")
    # Median sacral crest: tubercles of S1-S4 (fused spinous processes)
    for i, y in enumerate((27.0, 0.0, -22.0, -42.0), start=1):
        r = (5.5, 6.5) if i < 3 else (4.5, 5.0)
        out[f"s{i}_tubercle"] = _outline(f"s{i}_tubercle", _ellipse(0.0, y, *r), "bone")
    for outline in _vertebra(LANDMARKS["l5_spinous"][1], "l5") + _vertebra(LANDMARKS["l4_spinous"][1], "l4"):
        out[outline.name] = outline

    # Sacroiliac joints: the visible joint line along the medial border of the ilium
    si = _outline("si_joint_right", [(41.0, 44.0), (40.0, 20.0), (38.0, -4.0), (40.0, -22.0)], "joint", closed=False)
    out["si_joint_right"] = si
    out["si_joint_left"] = si.mirrored("si_joint_left")

    # Skin: the silhouette of the lower back (waist, flanks over the iliac
    # crests, hips), the gluteal cleft and the gluteal folds. Not scaled with
    # the skeleton.
    flank = [
        (118.0, 210.0),
        (110.0, 160.0),
        (126.0, 118.0),
        (162.0, 70.0),
        (182.0, 0.0),
        (190.0, -70.0),
        (188.0, -125.0),
        (178.0, -175.0),
    ]
    out["skin_flank_right"] = _outline("skin_flank_right", flank, "skin", closed=False)
    out["skin_flank_left"] = out["skin_flank_right"].mirrored("skin_flank_left")
    cleft = [(0.0, -56.0), (0.0, -80.0), (0.5, -130.0), (0.0, -190.0)]
    out["gluteal_cleft"] = _outline("gluteal_cleft", cleft, "skin", closed=False)
    fold = [(8.0, -168.0), (55.0, -182.0), (115.0, -184.0), (162.0, -170.0)]
    out["gluteal_fold_right"] = _outline("gluteal_fold_right", fold, "skin", closed=False)
    out["gluteal_fold_left"] = out["gluteal_fold_right"].mirrored("gluteal_fold_left")
    body = flank + [(-x, y) for x, y in reversed(flank)]
    out["body"] = _outline("body", body, "body", corners=(0, len(flank) - 1, len(flank), len(body) - 1))
    return out


#: Every outline at the reference dimple spacing (100 mm), keyed by name.
OUTLINES: dict[str, Outline] = _build_outlines()

#: Outlines that belong to the body surface (not scaled with the skeleton).
_SURFACE_KINDS = {"skin", "body"}


def posterior_anatomy(
    dimple_spacing_mm: float = REFERENCE_SPACING_MM,
) -> tuple[dict[str, Outline], dict[str, tuple[float, float]]]:
    """Outlines and landmarks for a given distance between the dimples.

    The skeleton is scaled about the origin (S2 on the midline) so that the
    PSIS -- and the dimples over them -- lie at ``±dimple_spacing_mm / 2``.
    The skin outline keeps its size for spacings up to the reference 100 mm
    and grows with the skeleton above it, so that a wide pelvis stays inside
    the body.

    Parameters
    ----------
    dimple_spacing_mm : float
        Distance between the two dimples, mm (MODEL.md allows 80--120).

    Returns
    -------
    outlines : dict[str, Outline]
    landmarks : dict[str, tuple[float, float]]
        Landmark coordinates in mm, including the rhombus corners as
        ``"rhombus_upper"`` etc.

    Examples
    --------
    >>> outlines, marks = posterior_anatomy(110.0)
    >>> [round(v, 6) for v in marks["psis_right"]]
    [55.0, 0.0]
    """
    s = float(dimple_spacing_mm) / REFERENCE_SPACING_MM
    if not np.isfinite(s) or s <= 0:
        raise ValueError(f"dimple_spacing_mm must be a positive finite number of mm, got {dimple_spacing_mm!r}")
    k_skin = max(1.0, s)
    outlines = {k: o.scaled(k_skin if o.kind in _SURFACE_KINDS else s) for k, o in OUTLINES.items()}
    marks = {
        k: ((v[0] * s, v[1] * s) if k in _SKELETAL else (v[0] * k_skin, v[1] * k_skin)) for k, v in LANDMARKS.items()
    }
    for k, v in rhombus_corners(dimple_spacing_mm).items():
        marks[f"rhombus_{k}"] = v
    return outlines, marks
