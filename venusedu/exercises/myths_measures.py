"""Lesson 06 (myths and interventions): the measures its figures draw.

The brightness range of a shaded back (:func:`brightness_range`: how much a
trained back's ridges shade it, ligament or not) and the visibility index
against body fat through the estimate of docs/MODEL.md §9, with its ±50 %
band (:func:`vi_vs_body_fat`, :class:`BodyFatCurve`). The lesson imports
them from :mod:`venusedu.exercises.myths`, with its references, figures and
quiz.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["brightness_range", "BodyFatCurve", "vi_vs_body_fat"]


def brightness_range(result, half_mm: float = 100.0) -> float:
    """Spread of brightness across the back: max − min of ``Result.shading`` near the PSIS.

    Parameters
    ----------
    result : Result
    half_mm : float
        Half-side of the central square considered, mm (default 100: both
        dimples, the erector ridges and the upper gluteal bulges).

    Returns
    -------
    float
        Brightness range (dimensionless, 0 for a uniformly lit back).
    """
    x, y = np.asarray(result.x_mm), np.asarray(result.y_mm)
    ix = np.abs(x) <= half_mm
    iy = np.abs(y) <= half_mm
    patch = np.asarray(result.shading)[np.ix_(iy, ix)]
    return float(patch.max() - patch.min())


class BodyFatCurve(NamedTuple):
    """VI against body fat through the §9 estimate (:func:`vi_vs_body_fat`).

    Attributes
    ----------
    body_fat : ndarray
        Body fat, per cent.
    estimate, thin, thick : ndarray
        VI at the estimated fat over the PSIS, at the band's thin edge (0.5×,
        less fat) and at its thick edge (1.5×).
    linear : ndarray of bool, shape (3, n)
        Whether each of the three results is within linear theory.
    """

    body_fat: np.ndarray
    estimate: np.ndarray
    thin: np.ndarray
    thick: np.ndarray
    linear: np.ndarray


def vi_vs_body_fat(sex, body_fat, base=None) -> BodyFatCurve:
    """VI against body fat through the §9 estimate, with its ±50 % band.

    Parameters
    ----------
    sex : {"female", "male"}
    body_fat : sequence of float
        Body fat, per cent (3–60, and low enough that 1.5× the estimated fat
        stays within the model's 40 mm).
    base : Params, optional
        The other fields (default: defaults on the sweep grid).

    Returns
    -------
    BodyFatCurve
    """
    from .. import fat_from_body_fat
    from ..analysis import sweep

    bf = np.asarray(body_fat, dtype=float)
    sweeps = [sweep("fat_mm", t, base) for t in fat_from_body_fat(bf, sex)]
    estimate, thin, thick = (s.visibility_index for s in sweeps)
    return BodyFatCurve(bf, estimate, thin, thick, np.array([s.linear for s in sweeps]))
