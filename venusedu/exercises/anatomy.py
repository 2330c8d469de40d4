"""Lesson 01 (anatomy of the dimples): exercise references, helpers and quiz.

Coordinates follow the model (MODEL.md section 2) and
:mod:`venusedu.anatomy`: posterior view, millimetres, origin on the midline at
the level of the S2 spinous process, ``x`` to the side, ``y`` towards the head.

The reference solutions here are what the notebook's checkers compare a
student's function with; the notebook itself never uses the student's version
after the checker.

Examples
--------
>>> dimple_spacing((-50.0, 0.0), (50.0, 0.0))
100.0
>>> midline_distance((53.0, 0.0), upper=(0.0, 74.0), lower=(0.0, -56.0))
53.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..quiz import Question, Quiz

__all__ = [
    "dimple_spacing",
    "midline_distance",
    "half_diagonal_mm",
    "rotate",
    "nearest_level",
    "SPINOUS_LEVELS",
    "quiz",
]

#: Spinous-process landmarks of :mod:`venusedu.anatomy`, lowest to highest.
SPINOUS_LEVELS = ("s3_spinous", "s2_spinous", "s1_spinous", "l5_spinous", "l4_spinous")


def _point(p, name: str) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in p)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an (x, y) pair of numbers in mm, got {p!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"{name} = {p!r} must be finite (mm)")
    return x, y


def dimple_spacing(left: Sequence[float], right: Sequence[float]) -> float:
    """Distance between the two dimples (reference for exercise 1).

    Parameters
    ----------
    left, right : (x, y)
        Positions of the left and right dimples, mm.

    Returns
    -------
    float
        The straight-line distance between them, mm.

    Examples
    --------
    >>> dimple_spacing((-45.0, 2.0), (48.0, -2.0))
    93.08598175880189
    """
    (x1, y1), (x2, y2) = _point(left, "left"), _point(right, "right")
    return math.hypot(x2 - x1, y2 - y1)


def midline_distance(point: Sequence[float], upper: Sequence[float], lower: Sequence[float]) -> float:
    """Distance of a point from the midline (reference for exercise 2).

    The midline is the straight line through the upper and lower corners of
    the Michaelis rhombus; the distance is measured perpendicular to it, so it
    does not change when the whole picture is shifted or rotated.

    Parameters
    ----------
    point : (x, y)
        A dimple, mm.
    upper, lower : (x, y)
        The upper and lower corners of the rhombus, mm (must differ).

    Returns
    -------
    float
        Perpendicular distance, mm (never negative).

    Examples
    --------
    >>> round(midline_distance((10.0, 10.0), upper=(0.0, 0.0), lower=(1.0, 1.0)), 9)
    0.0
    """
    (px, py), (ux, uy), (lx, ly) = _point(point, "point"), _point(upper, "upper"), _point(lower, "lower")
    dx, dy = ux - lx, uy - ly
    length = math.hypot(dx, dy)
    if length == 0.0:
        raise ValueError("the upper and lower corners coincide, so they do not define a midline")
    return abs(dx * (py - ly) - dy * (px - lx)) / length


def half_diagonal_mm(diagonal_cm: float) -> float:
    """Each dimple's distance from the midline for a symmetric rhombus, mm.

    Parameters
    ----------
    diagonal_cm : float
        Transverse diagonal of the Michaelis rhombus (dimple to dimple), cm.

    Returns
    -------
    float
        Half the diagonal, converted to mm.

    Examples
    --------
    >>> half_diagonal_mm(10.6)
    53.0
    """
    return float(diagonal_cm) * 10.0 / 2.0


def rotate(point: Sequence[float], angle_deg: float, centre: Sequence[float] = (0.0, 0.0)) -> tuple[float, float]:
    """Rotate a point about a centre (anticlockwise, degrees) -- a tilted photo.

    Examples
    --------
    >>> [round(v, 9) for v in rotate((1.0, 0.0), 90.0)]
    [0.0, 1.0]
    """
    (x, y), (cx, cy) = _point(point, "point"), _point(centre, "centre")
    a = math.radians(float(angle_deg))
    c, s = math.cos(a), math.sin(a)
    return (cx + c * (x - cx) - s * (y - cy), cy + s * (x - cx) + c * (y - cy))


def nearest_level(y_mm: float, landmarks: Mapping[str, Sequence[float]],
                  levels: Sequence[str] = SPINOUS_LEVELS) -> str:
    """The spinous process whose height is nearest to ``y_mm``.

    Parameters
    ----------
    y_mm : float
        Height of a landmark (e.g. the PSIS), mm.
    landmarks : mapping
        Landmark name -> (x, y) in mm, e.g. from
        :func:`venusedu.anatomy.posterior_anatomy`.
    levels : sequence of str
        Landmark names to choose from.

    Returns
    -------
    str
        Level name without the ``_spinous`` suffix, upper case (e.g. ``"S2"``).

    Examples
    --------
    >>> nearest_level(3.0, {"s1_spinous": (0, 27), "s2_spinous": (0, 0)}, ["s1_spinous", "s2_spinous"])
    'S2'
    """
    best = min(levels, key=lambda k: abs(float(landmarks[k][1]) - float(y_mm)))
    return best.replace("_spinous", "").upper()


quiz = Quiz(
    "Anatomy of the dimples",
    [
        Question(
            "Over which bony landmark does each dimple of Venus lie?",
            ["The posterior superior iliac spine (PSIS)",
             "The fifth lumbar spinous process",
             "The anterior superior iliac spine (ASIS)",
             "The tip of the coccyx"],
            answer=0,
            explanation="Each dimple lies over a PSIS, the back end of the iliac crest, "
                        "over the sacroiliac joint (standard anatomy texts, e.g. Moore).",
            hints={1: "That one is on the midline; there are two dimples, one each side.",
                   2: "The ASIS is at the front of the pelvis."},
        ),
        Question(
            "In McGaugh et al. (2007), at which spinous level was the PSIS in 81 of 100 CT scans?",
            ["L4", "L5", "S2", "S4"],
            answer=2,
            explanation="The PSIS were level with the S2 spinous process in 81 % of 100 CT scans.",
        ),
        Question(
            "The transverse diagonal of a woman's Michaelis rhombus is 10.6 cm. "
            "How far is each dimple from the midline?",
            ["10.6 mm", "106 mm", "53 mm", "212 mm"],
            answer=2,
            explanation="The transverse diagonal joins the two dimples; half of 10.6 cm is 5.3 cm = 53 mm.",
            hints={1: "That is the distance between the two dimples, not from the midline.",
                   0: "Check the unit conversion: 1 cm = 10 mm."},
        ),
        Question(
            "What is the honest status of the 'short ligament from the PSIS to the skin'?",
            ["A named ligament described in every anatomy text",
             "Disproved: nothing ties the skin to the bone there",
             "Not traced to a dissection study as a named structure, but consistent with "
             "the fibrous retinacula cutis that tie skin to deeper layers",
             "A muscle tendon that grows with training"],
            answer=2,
            explanation="Popular articles repeat it without a primary source; the retinacula cutis "
                        "(Markman & Barton 1987; Lancerotto et al. 2011) make it plausible. "
                        "The model treats it as a tether and says so.",
        ),
        Question(
            "What did Aytekin et al. (2023, n = 370) find about people with visible dimples?",
            ["More low back pain",
             "Higher pelvic incidence, and no link with low back pain",
             "Weaker back muscles",
             "No difference of any kind"],
            answer=1,
            explanation="Dimples went with a higher pelvic incidence (a measure of pelvic shape) "
                        "but not with low back pain.",
        ),
    ],
)
