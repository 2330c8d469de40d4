"""Body fat % and the fat over the PSIS: the one place the estimate lives (MODEL.md §9).

No published regression gives the fat over the PSIS from body-fat percentage;
the model uses a straight line per sex above a 1 mm floor,

``t = max(1, slope·(BF − offset))`` mm, with ``(slope, offset)`` from :data:`MAPPING`

(women 1.0 mm per % from 12 %, men 0.8 mm per % from 5 %), and a ±50 % band
``[max(1, 0.5 t), 1.5 t]``. Everything that converts between the two --
:func:`venusedu.fat_from_body_fat`, :func:`venusedu.analysis.body_fat_for_fat_mm`,
the explorer's body-fat slider and axis, lesson 06's reference answers -- calls
this module.

Examples
--------
>>> from venusedu.bodyfat import fat_from_body_fat, body_fat_from_fat
>>> fat_from_body_fat(22.0, "female")
(10.0, 5.0, 15.0)
>>> body_fat_from_fat(10.0, "female"), body_fat_from_fat(12.0, "m")
(22.0, 20.0)
"""

from __future__ import annotations

import numpy as np

from .checks import _check_real_array

__all__ = [
    "SEX_ALIASES",
    "BODY_FAT_RANGE",
    "FAT_FLOOR_MM",
    "MAPPING",
    "BAND",
    "ESSENTIAL_FAT",
    "sex_key",
    "fat_from_body_fat",
    "body_fat_from_fat",
    "body_fat_at_edge",
    "fat_line",
    "body_fat_line",
]

#: Accepted spellings of ``sex`` (case-insensitive, surrounding spaces ignored).
SEX_ALIASES: dict[str, str] = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "women": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "men": "male",
}
#: Body fat (%) over which the estimate is offered.
BODY_FAT_RANGE: tuple[float, float] = (3.0, 60.0)
#: The estimate never gives less than this much fat (mm).
FAT_FLOOR_MM = 1.0
#: ``{sex: (slope in mm per % body fat, offset in % body fat)}``.
MAPPING: dict[str, tuple[float, float]] = {"female": (1.0, 12.0), "male": (0.8, 5.0)}
#: The band of the estimate, as factors of ``t`` (the thin edge also keeps the floor).
BAND: tuple[float, float] = (0.5, 1.5)
#: Essential fat (% body fat), below which a body cannot stay healthy: about
#: 10–13 % for women and 2–5 % for men (MODEL.md §9). Plots that reach it mark it.
ESSENTIAL_FAT: dict[str, tuple[float, float]] = {"female": (10.0, 13.0), "male": (2.0, 5.0)}


def sex_key(sex: str) -> str:
    """``"female"`` or ``"male"`` for any spelling in :data:`SEX_ALIASES`.

    Raises
    ------
    TypeError
        ``sex`` is not a string.
    ValueError
        ``sex`` is not a known spelling.
    """
    if not isinstance(sex, str):
        raise TypeError(
            f"sex = {sex!r} ({type(sex).__name__}) has the wrong type: must be one of the "
            f"strings {', '.join(repr(k) for k in SEX_ALIASES)}"
        )
    key = SEX_ALIASES.get(sex.strip().lower())
    if key is None:
        raise ValueError(
            f"sex = {sex!r} is not recognised: must be one of {', '.join(repr(k) for k in SEX_ALIASES)} "
            "(case-insensitive)"
        )
    return key


def fat_from_body_fat(body_fat_percent, sex: str):
    """Estimate the fat over the PSIS from body-fat percentage (MODEL.md §9).

    ``women: t = max(1, 1.0·(BF − 12))`` mm, ``men: t = max(1, 0.8·(BF − 5))``
    mm, with a ±50 % band. An **estimate**: no published regression exists
    for this site; it reproduces the ~20 mm of soft tissue measured over the
    PSIS in average adults.

    The band is ``low = max(1, 0.5 t)``, ``high = 1.5 t``: the low edge never
    goes below the 1 mm floor of the formula (and of ``Params.fat_mm``).
    Note that above about 52 % (women) or 55 % (men) the estimate exceeds
    the 40 mm upper limit of ``Params.fat_mm`` (and the high edge does from
    about 39 % and 38 %); :class:`~venusedu.params.Params` refuses such values,
    this function does not clip them.

    Parameters
    ----------
    body_fat_percent : float or array_like
        Body fat BF in %, each value finite and within 3–60 %.
    sex : str
        ``"female"``/``"f"``/``"woman"`` or ``"male"``/``"m"``/``"man"``
        (case-insensitive).

    Returns
    -------
    (estimate_mm, low_mm, high_mm) : tuple of float or of ndarray
        Floats for a scalar BF, arrays of BF's shape otherwise.

    Raises
    ------
    ValueError
        BF outside 3–60 % (or NaN/inf), or an unknown ``sex`` string.
    TypeError
        ``sex`` not a string, or BF not numeric.

    Examples
    --------
    >>> from venusedu import fat_from_body_fat
    >>> fat_from_body_fat(22.0, "female")
    (10.0, 5.0, 15.0)
    >>> fat_from_body_fat(20.0, "M")
    (12.0, 6.0, 18.0)
    """
    key = sex_key(sex)
    bf = _check_real_array("body_fat_percent", body_fat_percent, *BODY_FAT_RANGE, unit="%")
    t = np.maximum(FAT_FLOOR_MM, fat_line(bf, key))
    low = np.maximum(FAT_FLOOR_MM, BAND[0] * t)
    high = BAND[1] * t
    if bf.ndim == 0:
        return float(t), float(low), float(high)
    return t, low, high


def body_fat_at_edge(fat_mm: float, sex: str, edge: str = "estimate") -> float | None:
    """The body fat (%) at which the estimate, or an edge of its band, reaches ``fat_mm``.

    Parameters
    ----------
    fat_mm : float
        Fat over the PSIS, mm.
    sex : str
        As for :func:`fat_from_body_fat`.
    edge : {"estimate", "thin", "thick"}
        The estimate ``t``, the band's thin edge ``max(1, 0.5 t)`` or its
        thick edge ``1.5 t``.

    Returns
    -------
    float or None
        None where that curve never gives ``fat_mm`` within
        :data:`BODY_FAT_RANGE` (below its floor: 1 mm, or 1.5 mm for the
        thick edge). On the floor itself, the highest body fat still on it.
    """
    factors = {"estimate": 1.0, "thin": BAND[0], "thick": BAND[1]}
    if edge not in factors:
        raise ValueError(f"edge = {edge!r} is not allowed: must be 'estimate', 'thin' or 'thick'")
    key = sex_key(sex)
    fat_mm = float(fat_mm)
    factor = factors[edge]
    floor = FAT_FLOOR_MM * (BAND[1] if edge == "thick" else 1.0)
    if not np.isfinite(fat_mm) or fat_mm < floor:
        return None
    bf = float(body_fat_line(fat_mm / factor, key))
    lo, hi = BODY_FAT_RANGE
    return bf if lo <= bf <= hi else None


def body_fat_from_fat(fat_mm, sex: str):
    """The body fat (%) whose estimate is ``fat_mm``: the exact inverse of :func:`fat_from_body_fat`.

    Parameters
    ----------
    fat_mm : float or array_like
        Fat over the PSIS, mm, from the 1 mm floor up to what 60 % body fat
        gives (48 mm for women, 44 mm for men). At the floor the answer is the
        highest body fat still on it (13 % for women, 6.25 % for men).
    sex : str
        As for :func:`fat_from_body_fat`.

    Returns
    -------
    float or ndarray
        Body fat, per cent.

    Raises
    ------
    ValueError
        ``fat_mm`` outside that range (or NaN/inf), or an unknown ``sex``.

    Examples
    --------
    >>> body_fat_from_fat([1.0, 10.0], "female")
    array([13., 22.])
    """
    key = sex_key(sex)
    top = fat_line(BODY_FAT_RANGE[1], key)
    t = _check_real_array("fat_mm", fat_mm, FAT_FLOOR_MM, float(top), unit="mm")
    bf = body_fat_line(t, key)
    return float(bf) if bf.ndim == 0 else bf


def fat_line(body_fat_percent, sex: str):
    """``slope·(BF − offset)`` mm for any real BF, without the floor or range checks (for axes)."""
    slope, offset = MAPPING[sex_key(sex)]
    return slope * (np.asarray(body_fat_percent, dtype=float) - offset)


def body_fat_line(fat_mm, sex: str):
    """``offset + t/slope`` % for any real ``t``: the inverse of :func:`fat_line` (for axes)."""
    slope, offset = MAPPING[sex_key(sex)]
    return offset + np.asarray(fat_mm, dtype=float) / slope
