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
    x_all = np.asarray(result.x_mm, dtype=float)
    x_psis = float(p.dimple_spacing_mm) / 2.0
    cols = np.nonzero(np.abs(x_all - x_psis) <= half_width_mm + 1e-9)[0]
    i = _psis_row(result)
    x = x_all[cols]
    b = np.asarray(result.muscle_mm)[i, cols]
    ins = np.asarray(result.insertion_mm)[i, cols]
    s = np.asarray(result.surface_mm)[i, cols]
    s_ref = np.asarray(result.reference_mm)[i, cols]
    lipo = np.asarray(result.lipo_mm)[i, cols]
    t = float(p.fat_mm)
    t_s = float(p.superficial_fat_mm)
    t_d = float(p.deep_fat_mm)
    h_b = float(p.bed_mm)
    h_d = h_b + t_d
    dermis = anatomy.DERMIS_MM
    j = int(np.argmin(np.abs(x - x_psis)))
    dx = x - x_psis
    tip = 0.0
    w = np.where(dx < 0, 8.0, 11.0)  # the ilium falls away more gently laterally
    bone = tip - PSIS_PROMINENCE_MM * (1.0 - np.exp(-0.5 * (dx / w) ** 2))
    base = np.maximum(b, bone)
    insertion = np.maximum(h_d + ins, base)
    bed_top = base + (insertion - base) * (h_b / h_d)
    fat_top = np.maximum(h_d + t_s + s, insertion)
    skin = fat_top + dermis
    skin_ref = h_d + t_s + s_ref + dermis
    lipo_bottom = np.maximum(fat_top - lipo, insertion)
    ins_at_psis = float(np.interp(x_psis, x, insertion))
    has_lig = bool(p.ligament) and float(result.pull_mm) > 0.0
    lig_xy = None
    if has_lig:
        r = float(p.tether_radius_mm)
        top_l = float(np.interp(x_psis - r, x, insertion))
        top_r = float(np.interp(x_psis + r, x, insertion))
        lig_xy = np.array(
            [[x_psis - 0.9, tip], [x_psis + 0.9, tip], [x_psis + r, top_r + 0.1], [x_psis - r, top_l + 0.1]]
        )
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
