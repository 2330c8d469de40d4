"""Lesson 01 (anatomy of the dimples): exercise references, helpers and quiz.

Coordinates follow the model (MODEL.md §2) and
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


def nearest_level(y_mm: float, landmarks: Mapping[str, Sequence[float]], levels: Sequence[str] = SPINOUS_LEVELS) -> str:
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
            [
                "The spinous process of the fifth lumbar vertebra (L5)",
                "The anterior superior iliac spine (ASIS)",
                "The posterior superior iliac spine (PSIS)",
                "The top of the gluteal cleft, over the coccyx",
            ],
            answer=2,
            explanation="Each dimple lies over a PSIS, the back end of the iliac crest, "
            "over the sacroiliac joint (standard anatomy texts, e.g. Moore).",
            hints={
                0: "The L5 spinous process is on the midline; the dimples come in a pair, one each side, "
                "about 5 cm from the midline.",
                1: "The ASIS is the front end of the iliac crest, at the front of the pelvis; the dimples "
                "mark its back end.",
                3: "The top of the gluteal cleft is the lower corner of the Michaelis rhombus, on the "
                "midline (a single pit there is a sacral dimple, a different thing); the dimples are "
                "the rhombus's two side corners.",
            },
        ),
        Question(
            "In McGaugh et al. (2007), at which spinous level was the PSIS in 81 of 100 CT scans?",
            ["L4", "L5", "S1", "S2"],
            answer=3,
            explanation="The PSIS were level with the S2 spinous process in 81 % of 100 CT scans.",
            hints={
                0: "The iliac crests reach up to about the L4 spinous process; the PSIS, at their back "
                "ends, lie lower.",
                1: "Near L4–L5 lies the upper corner of the Michaelis rhombus; the dimples, its side "
                "corners, lie lower.",
                2: "One segment too high. The PSIS sat at another level in 19 of the 100 scans, so a level "
                "counted from them by touch can be one segment off; in the other 81 they sat lower.",
            },
        ),
        Question(
            "The transverse diagonal of a woman's Michaelis rhombus is 10.6 cm. "
            "How far is each dimple from the midline?",
            ["53 mm", "106 mm", "10.6 mm", "212 mm"],
            answer=0,
            explanation="The transverse diagonal joins the two dimples; half of 10.6 cm is 5.3 cm = 53 mm.",
            hints={
                1: "That is the whole diagonal, the distance between the two dimples, not from the midline.",
                2: "A unit slip: 1 cm = 10 mm, so 10.6 cm is 106 mm, and the midline lies halfway.",
                3: "That doubles the diagonal instead of halving it: the diagonal runs from dimple to "
                "dimple, and the midline crosses it halfway.",
            },
        ),
        Question(
            "What is the honest status of the 'short ligament from the PSIS to the skin'?",
            [
                "A named ligament from the PSIS to the dermis, described in the standard anatomy texts and atlases",
                "Untraced as a named structure, but plausible: the retinacula cutis tie skin to deeper layers",
                "Disproved: dissections found nothing that ties the skin to the bone over the PSIS",
                "A slip of the gluteus maximus tendon into the skin, which grows with training",
            ],
            answer=1,
            explanation="Popular articles repeat it without a primary source; the retinacula cutis "
            "(Markman & Barton 1987; Lancerotto et al. 2011) make it plausible. "
            "The model treats it as a tether and says so.",
            hints={
                0: "M1: the name circulates in popular articles, but no anatomy text or dissection study "
                "describes such a ligament as a named structure.",
                2: "Untraced is not disproved: fibrous retinacula cutis do tie skin to deeper layers, so a "
                "tether is plausible, and the model keeps it as an assumption you can switch off.",
                3: "Gluteus maximus arises from the ilium and sacrum and inserts on the femur and the "
                "iliotibial tract, not on the skin (lesson 06 shows what training can and cannot do).",
            },
            misconceptions={0: "M1"},
        ),
        Question(
            "What did Aytekin et al. (2023, n = 370) find about people with visible dimples?",
            [
                "More low back pain, so the dimples call for a medical check",
                "Weaker back muscles, so the dimples are a sign of poor fitness",
                "Higher pelvic incidence, and no link with low back pain",
                "No difference of any kind from people without dimples",
            ],
            answer=2,
            explanation="Dimples went with a higher pelvic incidence (a measure of pelvic shape) "
            "but not with low back pain.",
            hints={
                0: "M7: the dimples were not associated with low back pain. The pit doctors examine is the "
                "midline sacral dimple of newborns, a different structure.",
                1: "M7: the study looked at the shape of the pelvis and at back pain, not at strength; the "
                "dimples are an anatomical variant, not a sign of health or fitness.",
                3: "They did differ: dimples went with a higher pelvic incidence, an angle describing the "
                "shape of the pelvis. No medical significance is not the same as no association.",
            },
            misconceptions={0: "M7", 1: "M7"},
        ),
    ],
)
