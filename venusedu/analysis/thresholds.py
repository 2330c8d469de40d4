"""Where the visibility index crosses a value: thresholds in fat and in body fat.

Root-finding on top of the sweeps of :mod:`venusedu.analysis.sweeps`:

- :func:`vi_function` -- ``VI − target`` as a function of one parameter, for
  root-finding exercises; :func:`crossing` -- its root, found with
  :func:`scipy.optimize.brentq` (VI is a smooth function of the parameters
  because widths are interpolated);
- :func:`threshold_fat_mm` -- the fat thickness over the PSIS at which VI
  crosses 1; :func:`threshold_band_fat_mm` -- where the verdict changes from
  "visible" to "borderline" and from "borderline" to "not visible" (the
  ±0.2 log-unit band of VI, MODEL.md §4.4);
- :func:`body_fat_for_fat_mm` and :func:`threshold_body_fat` -- the same
  threshold as a body-fat percentage, through the §9 estimate
  :func:`venusedu.fat_from_body_fat` and its ±50 % band.

Import these from :mod:`venusedu.analysis`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy.optimize import brentq

from ..bodyfat import body_fat_at_edge, sex_key
from ..params import Params, field_spec
from .sweeps import allowed_range, evaluate, sweep_params


def vi_function(name: str, base: Params | None = None, *, target: float = 0.0):
    """Return ``g(x) = VI(base with name = x) − target`` as a function of one number.

    Handy for root-finding exercises: with ``target=1`` its root is the
    value of the parameter at which the dimple becomes just visible.

    Parameters
    ----------
    name : str
        A continuous field of :class:`Params`.
    base : Params, optional
        The fixed fields (default ``sweep_params()``).
    target : float
        Subtracted from VI (dimensionless).

    Returns
    -------
    callable
        ``float -> float``.
    """
    base = sweep_params() if base is None else base
    field_spec(name)

    def g(x: float) -> float:
        return evaluate(base, **{name: float(x)})["visibility_index"] - target

    g.__name__ = f"vi_minus_{target:g}_vs_{name}"
    return g


def crossing(
    name: str,
    base: Params | None = None,
    *,
    target: float = 1.0,
    bracket: Sequence[float] | None = None,
    xtol: float = 1e-3,
) -> float:
    """Value of one parameter at which the visibility index crosses *target*.

    Solves ``VI(base with name = x) = target`` with
    :func:`scipy.optimize.brentq`. VI must change sign about *target* between
    the ends of the bracket; if it crosses more than once, one crossing is
    returned.

    Parameters
    ----------
    name : str
        A continuous field of :class:`Params` (e.g. ``"lipo_depth_mm"``).
    base : Params, optional
        Every other field (default ``sweep_params()``: defaults on the
        128-point sweep grid).
    target : float
        The VI to reach (default 1, the visibility threshold).
    bracket : (low, high), optional
        Values of the parameter that bracket the crossing (default: the whole
        range allowed with *base*, see :func:`allowed_range`).
    xtol : float
        Absolute tolerance of the root, in the unit of the parameter.

    Returns
    -------
    float
        The crossing, or ``nan`` when ``VI − target`` has the same sign at
        both ends of the bracket (visible everywhere, or nowhere -- e.g.
        without a ligament or liposculpture, where VI = 0).
    """
    base = sweep_params() if base is None else base
    lo, hi = allowed_range(name, base) if bracket is None else (float(bracket[0]), float(bracket[1]))
    if not lo < hi:
        raise ValueError(
            f"bracket = ({lo:g}, {hi:g}) is not allowed for {name}: the low end must be below the high end"
        )
    g = vi_function(name, base, target=target)
    g_lo, g_hi = g(lo), g(hi)
    if g_lo == 0.0:
        return float(lo)
    if g_hi == 0.0:
        return float(hi)
    if (g_lo > 0) == (g_hi > 0):
        return math.nan
    return float(brentq(g, lo, hi, xtol=xtol))


def threshold_fat_mm(
    base: Params | None = None, *, target: float = 1.0, bracket: Sequence[float] | None = None, xtol: float = 1e-3
) -> float:
    """Fat thickness over the PSIS at which the visibility index crosses *target*.

    :func:`crossing` for ``fat_mm``. In the blanket regime
    (``superficial_fraction = 1``, no liposculpture) VI never increases with
    fat while the thinner case is within linear theory (MODEL.md §6, property
    2), so there is one crossing: thinner fat than this shows the dimple,
    thicker fat hides it. A result with VI near 1 is a shallow pit, well
    within linear theory.

    Parameters
    ----------
    base : Params, optional
        Every other field (default ``sweep_params()``: defaults on the
        128-point sweep grid). Its ``fat_mm`` is ignored.
    target : float
        The VI to reach (default 1, the visibility threshold).
    bracket : (low, high), optional
        Fat thicknesses (mm) that bracket the crossing (default: the whole
        range allowed with *base*, 1–40 mm unless liposculpture narrows it).
    xtol : float
        Absolute tolerance of the root, mm.

    Returns
    -------
    float
        The fat thickness in mm, or ``nan`` when VI − target does not change
        sign over the bracket (visible at every fat, or at none -- e.g.
        without a ligament, where VI = 0 everywhere).

    Examples
    --------
    >>> import math
    >>> from venusedu import Params
    >>> from venusedu.analysis import threshold_fat_mm
    >>> math.isnan(threshold_fat_mm(Params(ligament=False, grid=128)))
    True
    """
    return crossing("fat_mm", base, target=target, bracket=bracket, xtol=xtol)


def threshold_band_fat_mm(
    base: Params | None = None, *, bracket: Sequence[float] | None = None, xtol: float = 1e-3
) -> tuple[float, float]:
    """Fat thicknesses at which the verdict changes, from the band of VI.

    VI carries a band of ±0.2 log units (×/÷ 1.58,
    :data:`venusedu.vision.THRESHOLD_BAND_LOG10`) for the spread of thresholds
    between observers: the verdict is "visible" while the whole band is at or
    above 1 (VI ≥ 1.58), "not visible" once it is all below 1 (VI < 0.63),
    and "borderline" in between (MODEL.md §4.4). This function returns the
    two fat thicknesses where VI crosses those two values.

    Parameters
    ----------
    base : Params, optional
        Every other field (default ``sweep_params()``).
    bracket : (low, high), optional
        Fat thicknesses (mm) to search (default: the allowed range).
    xtol : float
        Absolute tolerance of the roots, mm.

    Returns
    -------
    (visible_up_to, not_visible_from) : tuple of float
        Fat thicknesses in mm; ``nan`` where VI does not cross the value.

    Examples
    --------
    >>> from venusedu.analysis import threshold_band_fat_mm, threshold_fat_mm
    >>> low, high = threshold_band_fat_mm()
    >>> bool(low < threshold_fat_mm() < high)
    True
    """
    from ..vision import THRESHOLD_BAND_LOG10

    f = 10.0**THRESHOLD_BAND_LOG10
    return (
        threshold_fat_mm(base, target=f, bracket=bracket, xtol=xtol),
        threshold_fat_mm(base, target=1.0 / f, bracket=bracket, xtol=xtol),
    )


def body_fat_for_fat_mm(fat_mm: float, sex: str) -> tuple[float, float, float]:
    """Invert the body-fat estimate of MODEL.md §9, band included.

    :func:`venusedu.fat_from_body_fat` gives, for a body-fat percentage, an
    estimate of the fat over the PSIS and a ±50 % band. This function answers
    the reverse question: at what body fat does the fat over the PSIS reach
    *fat_mm*? It inverts the estimate and both band edges exactly
    (:func:`venusedu.bodyfat.body_fat_at_edge`).

    Parameters
    ----------
    fat_mm : float
        Fat over the PSIS, mm.
    sex : {"female", "male"}
        Which mapping to use.

    Returns
    -------
    (estimate, low, high) : tuple of float
        Body fat in per cent: the estimate, and the lowest and highest body
        fat consistent with the band (``low`` where the band's thick edge
        reaches *fat_mm*, ``high`` where its thin edge does). ``nan`` for a
        value outside the mapping's validity, 3–60 % body fat.

    Examples
    --------
    >>> from venusedu.analysis import body_fat_for_fat_mm
    >>> [round(v, 2) for v in body_fat_for_fat_mm(10.0, "female")]
    [22.0, 18.67, 32.0]
    """
    sex = sex_key(sex)
    t = float(fat_mm)
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"fat_mm = {fat_mm!r} mm is not allowed: must be a finite number > 0 mm")
    # the thick edge reaches fat_mm at the lower body fat, the thin edge at the higher
    est, low, high = (body_fat_at_edge(t, sex, edge) for edge in ("estimate", "thick", "thin"))

    def nan_if_none(v: float | None) -> float:
        return math.nan if v is None else v

    return nan_if_none(est), nan_if_none(low), nan_if_none(high)


def threshold_body_fat(sex: str, base: Params | None = None) -> dict[str, float]:
    """Body fat at which the dimple crosses the visibility threshold (VI = 1).

    Finds the threshold fat thickness with :func:`threshold_fat_mm`, then
    converts it with :func:`body_fat_for_fat_mm`. Two uncertainties are
    reported, and they are different things:

    * the band of the body-fat estimate (±50 % in fat, MODEL.md §9): how far
      the fat over the PSIS of a person with this body fat may differ from
      the estimate (``body_fat_low``, ``body_fat_high``);
    * the band of VI (observers, ±0.2 log units, MODEL.md §4.4): where the
      verdict stops being "visible" and where it becomes "not visible"
      (:func:`threshold_band_fat_mm`), converted with the estimate
      (``body_fat_visible``, ``body_fat_not_visible``).

    Parameters
    ----------
    sex : {"female", "male"}
    base : Params, optional
        The other fields (default ``sweep_params()``).

    Returns
    -------
    dict
        ``fat_mm`` (threshold thickness), ``body_fat`` (estimate, %),
        ``body_fat_low`` and ``body_fat_high`` (the ±50 % band of the
        estimate, %), ``fat_visible_mm`` and ``fat_not_visible_mm`` (the
        verdict's band, mm) and ``body_fat_visible``,
        ``body_fat_not_visible`` (the same, as body fat by the estimate, %).
        Values are ``nan`` where no crossing exists or the mapping's range
        (3–60 %) is left.
    """
    sex = sex_key(sex)
    keys = (
        "fat_mm",
        "body_fat",
        "body_fat_low",
        "body_fat_high",
        "fat_visible_mm",
        "fat_not_visible_mm",
        "body_fat_visible",
        "body_fat_not_visible",
    )
    t = threshold_fat_mm(base)
    if math.isnan(t):
        return dict.fromkeys(keys, math.nan)
    est, low, high = body_fat_for_fat_mm(t, sex)
    visible, not_visible = threshold_band_fat_mm(base)
    bf = [math.nan if math.isnan(v) else body_fat_for_fat_mm(v, sex)[0] for v in (visible, not_visible)]
    return dict(zip(keys, (t, est, low, high, visible, not_visible, *bf), strict=True))
