"""The layers along the section through the right PSIS, in mm (:func:`section_geometry`).

What :class:`~venusedu.drawing.section.CrossSection` draws, computed from a
``Result`` (plus the schematic bone), and :func:`section_zlim`, a fixed
height range for sections up to a given fat thickness.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import anatomy

#: Height of the PSIS above the surrounding bone, mm (schematic).
PSIS_PROMINENCE_MM = 9.0


def _psis_row(result) -> int:
    return int(np.argmin(np.abs(np.asarray(result.y_mm, dtype=float))))


def _section_rows(result, x_psis: float, half_width_mm: float) -> tuple[np.ndarray, ...]:
    """The model's rows at ``y = 0`` within ``half_width_mm`` of the PSIS.

    ``x`` and, along it, the muscle relief, the fascia's displacement, the
    surface, the reference surface and the fat removed (mm).
    """
    x_all = np.asarray(result.x_mm, dtype=float)
    cols = np.nonzero(np.abs(x_all - x_psis) <= half_width_mm + 1e-9)[0]
    i = _psis_row(result)
    fields = (result.muscle_mm, result.insertion_mm, result.surface_mm, result.reference_mm, result.lipo_mm)
    return (x_all[cols], *(np.asarray(f)[i, cols] for f in fields))


def _bone(dx: np.ndarray, tip: float) -> np.ndarray:
    """The schematic ilium at ``dx`` mm from the PSIS tip (at height ``tip``)."""
    w = np.where(dx < 0, 8.0, 11.0)  # the ilium falls away more gently laterally
    return tip - PSIS_PROMINENCE_MM * (1.0 - np.exp(-0.5 * (dx / w) ** 2))


def _tether_polygon(x, insertion, x_psis: float, tip: float, radius: float) -> np.ndarray:
    """The tether's outline: from the PSIS tip to the fascia, ``radius`` mm wide at the top."""
    top_l = float(np.interp(x_psis - radius, x, insertion))
    top_r = float(np.interp(x_psis + radius, x, insertion))
    return np.array(
        [[x_psis - 0.9, tip], [x_psis + 0.9, tip], [x_psis + radius, top_r + 0.1], [x_psis - radius, top_l + 0.1]]
    )


def section_geometry(result, half_width_mm: float = 45.0) -> dict[str, Any]:
    """Heights of the layers along the section through the right PSIS (mm).

    Heights are measured from the bone datum (the base of the deep layer with
    no muscle relief), outward positive. From the model, on the row ``y = 0``:
    the base ``b`` (muscle relief, ``Result.muscle_mm``), the displacement of
    the superficial fascia (``Result.insertion_mm``; its rest height is the
    deep layer ``h_d = bed + t_d``), the fat removed by liposculpture
    (``Result.lipo_mm``) and the skin surface (``Result.surface_mm``; the top
    of the fat rests at ``h_d + t_s``). Between the base and the fascia the
    deep layer is split in proportion into the soft bed and the deep fat.

    Schematic, not computed by the model: the bone. The PSIS tip sits at the
    datum, where the tether is anchored, and the ilium falls away by
    :data:`PSIS_PROMINENCE_MM` on either side. The tether runs from the tip to
    the fascia, which it holds ``bed − d_p + ρ t_d`` above the bone.

    Parameters
    ----------
    result : Result
        A model result.
    half_width_mm : float
        Half the width of the section around the PSIS, mm.

    Returns
    -------
    dict
        ``x`` (mm from the midline) and heights (mm): ``bone``, ``deep_fascia``
        (the base), ``bed_top``, ``insertion`` (superficial fascia),
        ``fat_top``, ``skin`` (outer skin surface), ``skin_ref`` (skin without
        tether or lipo), ``lipo`` (thickness removed), ``lipo_bottom``;
        scalars ``x_psis``, ``tip``, ``insertion_at_psis``, ``fat_mm``,
        ``superficial_mm``, ``deep_mm``, ``bed_mm``, ``dermis_mm``, ``j_psis``
        and the tether polygon ``ligament_xy`` (``None`` without a tether).
    """
    p = result.params
    x_psis = float(p.dimple_spacing_mm) / 2.0
    x, b, ins, s, s_ref, lipo = _section_rows(result, x_psis, half_width_mm)
    t = float(p.fat_mm)
    t_s = float(p.superficial_fat_mm)
    t_d = float(p.deep_fat_mm)
    h_b = float(p.bed_mm)
    h_d = h_b + t_d
    dermis = anatomy.DERMIS_MM
    j = int(np.argmin(np.abs(x - x_psis)))
    tip = 0.0
    bone = _bone(x - x_psis, tip)
    base = np.maximum(b, bone)
    insertion = np.maximum(h_d + ins, base)
    bed_top = base + (insertion - base) * (h_b / h_d)
    fat_top = np.maximum(h_d + t_s + s, insertion)
    skin = fat_top + dermis
    skin_ref = h_d + t_s + s_ref + dermis
    lipo_bottom = np.maximum(fat_top - lipo, insertion)
    ins_at_psis = float(np.interp(x_psis, x, insertion))
    has_lig = bool(p.ligament) and float(result.pull_mm) > 0.0
    lig_xy = _tether_polygon(x, insertion, x_psis, tip, float(p.tether_radius_mm)) if has_lig else None
    return {
        "x": x,
        "bone": bone,
        "deep_fascia": base,
        "bed_top": bed_top,
        "insertion": insertion,
        "fat_top": fat_top,
        "skin": skin,
        "skin_ref": skin_ref,
        "lipo": lipo,
        "lipo_bottom": lipo_bottom,
        "x_psis": x_psis,
        "tip": tip,
        "insertion_at_psis": ins_at_psis,
        "fat_mm": t,
        "superficial_mm": t_s,
        "deep_mm": t_d,
        "bed_mm": h_b,
        "dermis_mm": dermis,
        "j_psis": j,
        "ligament_xy": lig_xy,
    }


def section_zlim(fat_max_mm: float = 40.0, params=None) -> tuple[float, float]:
    """A fixed height range (mm) for cross-sections up to ``fat_max_mm`` of fat.

    Parameters
    ----------
    fat_max_mm : float
        Largest fat thickness the view must fit, mm (default 40, the model's maximum).
    params : Params, optional
        For ``bed_mm`` and ``muscle`` (the largest values are assumed when omitted).

    Returns
    -------
    (float, float)
        ``(low, high)`` heights in mm for ``CrossSection(..., zlim=...)``.
    """
    bed = 20.0 if params is None else float(params.bed_mm)
    muscle = 3.0 if params is None else float(params.muscle)
    lo = -(PSIS_PROMINENCE_MM + 3.0)
    hi = bed + float(fat_max_mm) + anatomy.DERMIS_MM + 3.0 * max(muscle, 0.0) + 7.0
    return lo, hi
