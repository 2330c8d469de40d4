"""Lesson 05 (the dimple explorer): exercise references and quiz.

The two exercises turn what students do with the sliders into code: re-light
the same skin without recomputing it, and find how much liposculpture brings
a hidden dimple back.

Examples
--------
>>> from venusedu import Params, simulate
>>> r = simulate(Params(fat_mm=13.0))
>>> relight(r, 90.0) < relight(r, 15.0)
True
>>> lipo_needed(30.0)
1.0
"""

from __future__ import annotations

import dataclasses
import math

from ..model import Result, simulate
from ..params import Params
from ..quiz import Question, Quiz

__all__ = ["relight", "lipo_needed", "LIPO_STEP_MM", "quiz"]

#: Step of the liposculpture scan in exercise 2, mm.
LIPO_STEP_MM = 0.25


def relight(result: Result, elevation_deg: float) -> float:
    """Visibility index of the same skin under a light at another elevation.

    Reference for exercise 1. Only the light changes, so the surface of
    ``result`` is reused (``simulate(..., previous=result)``): no new surface
    is computed, exactly as the explorer does when the light slider moves.

    Parameters
    ----------
    result : Result
        A simulated back.
    elevation_deg : float
        New light elevation above the skin plane, degrees (5-90).

    Returns
    -------
    float
        The visibility index VI (dimensionless; "visible" when its whole band
        is at or above 1, i.e. VI ≥ 1.58).

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> r = simulate(Params())
    >>> relight(r, r.params.light_elevation_deg) == r.visibility_index
    True
    """
    if not isinstance(result, Result):
        raise TypeError(f"result must be a venusedu Result, got {type(result).__name__}")
    params = dataclasses.replace(result.params, light_elevation_deg=float(elevation_deg))
    return simulate(params, previous=result).visibility_index


def lipo_needed(fat_mm: float, ligament: bool = True, step_mm: float = LIPO_STEP_MM) -> float:
    """Smallest liposculpture depth, in steps of ``step_mm``, that makes the dimple visible.

    Reference for exercise 2. Scans ``lipo_depth_mm = 0, step, 2 step, ...``
    up to the superficial fat (the most that can be removed) at the default
    body and light, and returns the first depth whose verdict is "visible"
    (``Result.visible``: the whole band of VI at or above 1).

    Parameters
    ----------
    fat_mm : float
        Fat over the PSIS, mm (1-40).
    ligament : bool
        Whether the tether is there.
    step_mm : float
        Scan step, mm (> 0).

    Returns
    -------
    float
        The depth in mm, or ``math.inf`` when even removing all the
        superficial fat leaves the dimple invisible.

    Examples
    --------
    >>> lipo_needed(8.0)
    0.0
    """
    if not (isinstance(step_mm, (int, float)) and math.isfinite(step_mm) and step_mm > 0):
        raise ValueError(f"step_mm = {step_mm!r} mm is not allowed: must be a positive number of mm")
    base = Params(fat_mm=fat_mm, ligament=ligament)
    n_steps = int(math.floor(base.superficial_fraction * base.fat_mm / step_mm + 1e-9))
    for k in range(n_steps + 1):
        depth = k * step_mm
        if simulate(dataclasses.replace(base, lipo_depth_mm=depth)).visible:
            return depth
    return math.inf


quiz = Quiz(
    "The dimple explorer",
    [
        Question(
            "You move only the light elevation slider. What changes?",
            [
                "The skin's shape too: a low, raking light makes the pit itself deeper",
                "Only the shading and the verdict; the skin's shape stays the same",
                "Only the picture's brightness: the contrast and the verdict stay the same",
            ],
            answer=1,
            explanation="Light changes how the same skin is seen, not its shape, so simulate(..., "
            "previous=...) reuses the surface and recomputes only the shading and the metrics.",
            hints={
                0: "M3 turned round: a dimple that shows better is not a deeper one. The light moves no "
                "skin: depth and width stay as they were.",
                2: "The elevation changes the contrast itself, not just the brightness: the lower the light, "
                "the more a small tilt changes the brightness, (1 − A)·cos θ per unit slope.",
            },
            misconceptions={0: "M3"},
        ),
        Question(
            "The ligament is switched off. Which control can still make a visible dimple?",
            ["Fat (lose enough of it)", "Muscle training", "A low, raking light", "Liposculpture"],
            answer=3,
            explanation="Without a tether there is no pit for fat loss, muscle or light to reveal; "
            "liposculpture carves a hollow itself.",
            hints={
                0: "Weight loss reveals dimples that are there; with no tether there is no pit for the fat "
                "to hide, and VI stays 0 at every fat.",
                1: "M5: muscle lifts the skin around a tether anchored to the bone; with no tether nothing "
                "holds the skin down, and training only makes ridges beside the spine.",
                2: "A raking light reveals the slopes of a pit that exists; with no tether there is none to "
                "reveal, at any light.",
            },
            misconceptions={1: "M5"},
        ),
        Question(
            "With the fat set by body fat %, the explorer shades a band around the fat over the PSIS. "
            "What does the band stand for?",
            [
                "The measurement error of the ultrasound that measured the fat over the PSIS",
                "The spread between observers: VI's band of ±0.2 log units (÷/× 1.58)",
                "The ±50 % uncertainty of the fat over the PSIS estimated from body fat",
                "The range of soft tissue over the PSIS in a CT study of 67 adults",
            ],
            answer=2,
            explanation="No study maps body fat to the fat over the PSIS; the course's mapping is an "
            "estimate, shown with a ±50 % band wherever it is used.",
            hints={
                0: "M9: nobody has measured this by ultrasound. No study maps body fat to the fat over the "
                "PSIS; the mapping is the course's estimate.",
                1: "That band is on VI, and it sets the verdict (lesson 04); this one is on the fat "
                "thickness, and comes from the body-fat estimate.",
                3: "The CT study (19.6 ± 10.9 mm, Mantovani et al. 2016) is what the estimate was built to "
                "match, not its band.",
            },
            misconceptions={0: "M9"},
        ),
        Question(
            "In the model, how deep can liposculpture over the PSIS go?",
            [
                "Through the fat over the tether's insertion, and no deeper",
                "Through all the fat, superficial and deep, down to the muscle",
                "Any depth: removing fat simply lowers the skin by as much",
            ],
            answer=0,
            explanation="The model removes fat above the insertion (t_s); a deeper removal has no "
            "meaning in it and Params refuses it, so the slider never offers it.",
            hints={
                1: "The deep fat lies under the superficial fascia, where the tether holds the insertion; "
                "the model removes fat at the top of the superficial fat only (MODEL.md §3.7).",
                2: "Removing fat evenly does lower the skin by as much, but the model removes it only at the "
                "top of the superficial fat, so at most t_s = f_s·t.",
            },
        ),
    ],
)
