"""Parameter sweeps, visibility thresholds and sensitivity of the dimple model.

Shared helpers for the lessons (04, 06, 07) and the explorer:

- :func:`sweep` -- visibility index (VI), depth and the other metrics as one
  parameter runs through a list of values, everything else fixed;
- :func:`threshold_fat_mm` -- the fat thickness over the PSIS at which VI
  crosses 1, found with :func:`scipy.optimize.brentq` (VI is a smooth function
  of the fat because widths are interpolated); :func:`threshold_band_fat_mm`
  -- where the verdict changes from "visible" to "borderline" and from
  "borderline" to "not visible" (the ±0.2 log-unit band of VI, MODEL.md §4.4);
- :func:`body_fat_for_fat_mm` and :func:`threshold_body_fat` -- the same
  threshold as a body-fat percentage, through the §9 estimate
  :func:`venusedu.fat_from_body_fat` and its ±50 % band;
- :func:`elasticity` and :func:`one_at_a_time` -- one-at-a-time sensitivity
  over the parameter box of MODEL.md §5: elasticities ``d ln VI / d ln p`` by
  central finite differences in ``ln p``, and the range of VI as each
  parameter runs through its whole range, with the points that leave linear
  theory (``Result.linear`` False, MODEL.md §3.8) marked;
- :func:`verdict_text` -- a result's verdict in words, which says "beyond
  linear theory" instead of quoting a VI the model cannot vouch for.

Sweeps run on a coarser grid than the default to stay fast in a lesson:
``grid = 128`` points over ``extent_mm = 256`` mm (2 mm spacing,
:data:`SWEEP_GRID`, :data:`SWEEP_EXTENT_MM`); see :func:`sweep_params`.
Nothing is cached between calls.

Units: lengths in mm, body fat in per cent, VI and elasticities
dimensionless. This module never imports matplotlib.

Examples
--------
>>> from venusedu import Params
>>> from venusedu.analysis import threshold_fat_mm
>>> t = threshold_fat_mm(Params())
>>> 15.0 < t < 25.0
True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from scipy.optimize import brentq

from .bodyfat import body_fat_at_edge, sex_key
from .params import FIELDS, Params, field_spec
from .vision import format_vi

__all__ = [
    "SWEEP_GRID",
    "SWEEP_EXTENT_MM",
    "SHAPE_FIELDS",
    "METRICS",
    "Sweep",
    "SensitivityRow",
    "sweep_params",
    "allowed_range",
    "evaluate",
    "sweep",
    "vi_function",
    "crossing",
    "threshold_fat_mm",
    "threshold_band_fat_mm",
    "body_fat_for_fat_mm",
    "threshold_body_fat",
    "elasticity",
    "one_at_a_time",
    "decades",
    "verdict_text",
]

#: Grid points per side used by the sweeps (2 mm spacing with the extent below).
SWEEP_GRID = 128
#: Side of the simulated patch in the sweeps (mm).
SWEEP_EXTENT_MM = 256.0

#: The continuous parameters that shape the surface (MODEL.md §5):
#: every field outside the viewing and numerics groups, except the on/off
#: ``ligament``. These are the parameters of the one-at-a-time sensitivity.
SHAPE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.group not in ("viewing", "numerics") and f.kind == "float"
)

#: Scalar metrics of a :class:`venusedu.model.Result` that a sweep records.
METRICS: tuple[str, ...] = (
    "visibility_index",
    "vi_low",
    "vi_high",
    "depth_mm",
    "width_mm",
    "rim_mm",
    "max_slope",
    "pull_mm",
    "contrast",
    "frequency_cpd",
    "threshold",
    "masking",
)


def _simulate(p: Params, previous=None):
    from .model import simulate  # imported late: the model is a sibling module

    return simulate(p, previous)


def sweep_params(base: Params | None = None, *, grid: int = SWEEP_GRID, extent_mm: float = SWEEP_EXTENT_MM) -> Params:
    """Return *base* with the sweep resolution (``grid`` points over ``extent_mm``).

    Parameters
    ----------
    base : Params, optional
        Starting parameters (default ``Params()``).
    grid : int
        Grid points per side (default 128).
    extent_mm : float
        Side of the simulated patch, mm (default 256).

    Returns
    -------
    Params

    Examples
    --------
    >>> from venusedu.analysis import sweep_params
    >>> sweep_params().grid, sweep_params().extent_mm
    (128, 256.0)
    """
    base = Params() if base is None else base
    if not isinstance(base, Params):
        raise TypeError(f"base = {base!r} ({type(base).__name__}) must be a Params")
    return dataclasses.replace(base, grid=grid, extent_mm=extent_mm)


def allowed_range(name: str, base: Params | None = None) -> tuple[float, float]:
    """The range a parameter may take with every other field of *base* fixed.

    This is the MODEL.md §5 range, narrowed where fields constrain each
    other: ``lipo_depth_mm`` may not exceed the superficial fat
    ``superficial_fraction × fat_mm``, so with liposculpture in *base* the
    fat and the superficial fraction cannot fall below what it removes; and
    the tether pull ``tether_pull_mm`` may not exceed the bed ``bed_mm``.

    Parameters
    ----------
    name : str
        A continuous field of :class:`Params`.
    base : Params, optional
        The other fields (default ``Params()``).

    Returns
    -------
    (low, high) : tuple of float
        In the unit of the field.

    Examples
    --------
    >>> from venusedu import Params
    >>> from venusedu.analysis import allowed_range
    >>> allowed_range("lipo_depth_mm", Params(fat_mm=10.0, superficial_fraction=0.5))
    (0.0, 5.0)
    >>> allowed_range("fat_mm")
    (1.0, 40.0)
    >>> allowed_range("bed_mm", Params(tether_pull_mm=5.0))
    (5.0, 20.0)
    """
    base = Params() if base is None else base
    spec = field_spec(name)
    if spec.kind != "float":
        raise ValueError(f"{name} is not a continuous parameter (kind {spec.kind!r}); it has no range to sweep")
    low, high = (float(b) for b in spec.bounds)
    lipo = base.lipo_depth_mm
    if name == "lipo_depth_mm":
        high = min(high, base.superficial_fat_mm)
    elif name == "fat_mm" and lipo > 0:
        low = max(low, lipo / base.superficial_fraction)
    elif name == "superficial_fraction" and lipo > 0:
        low = max(low, lipo / base.fat_mm)
    elif name == "tether_pull_mm":
        high = min(high, base.bed_mm)
    elif name == "bed_mm":
        low = max(low, base.tether_pull_mm)
    return low, high


def evaluate(base: Params | None = None, **changes) -> dict[str, float]:
    """Simulate *base* with *changes* and return the scalar metrics.

    Parameters
    ----------
    base : Params, optional
        Starting parameters (default ``Params()``), used at their own grid.
    **changes
        Field values to replace, e.g. ``fat_mm=12.0``.

    Returns
    -------
    dict
        ``{metric: value}`` for every name in :data:`METRICS` (VI and its
        band, depth, width and rim in mm, maximum slope, tether pull in mm,
        contrast, frequency in cycles/degree, threshold contrast, masking).
        Whether the result is within linear theory is not in it: use
        :func:`sweep` or :func:`venusedu.simulate` for that.
    """
    base = Params() if base is None else base
    r = _simulate(dataclasses.replace(base, **changes) if changes else base)
    return {m: float(getattr(r, m)) for m in METRICS}


class Sweep(NamedTuple):
    """Metrics of the model along a one-parameter sweep.

    Attributes
    ----------
    name : str
        The parameter swept.
    values : ndarray
        Its values, in its unit.
    visibility_index, vi_low, vi_high : ndarray
        VI and its band at each value (dimensionless); these and the fields
        below are the metrics of :data:`METRICS`.
    depth_mm, width_mm, rim_mm, max_slope, pull_mm : ndarray
        Depth, width, rim and pull in mm; the largest slope in mm/mm.
    contrast, frequency_cpd, threshold, masking : ndarray
        Contrast (dimensionless), frequency in cycles/degree, the threshold
        contrast, and masking (≥ 1).
    linear : ndarray of bool
        ``Result.linear`` at each value: False where the solution leaves
        linear theory (MODEL.md §3.8) and its numbers are not to be trusted.
    verdict : tuple of str
        ``Result.verdict`` at each value ("visible", "borderline",
        "not visible"); read it together with ``linear``.
    """

    name: str
    values: np.ndarray
    visibility_index: np.ndarray
    vi_low: np.ndarray
    vi_high: np.ndarray
    depth_mm: np.ndarray
    width_mm: np.ndarray
    rim_mm: np.ndarray
    max_slope: np.ndarray
    pull_mm: np.ndarray
    contrast: np.ndarray
    frequency_cpd: np.ndarray
    threshold: np.ndarray
    masking: np.ndarray
    linear: np.ndarray
    verdict: tuple


def sweep(name: str, values: Iterable[float], base: Params | None = None) -> Sweep:
    """Run the model as one parameter takes each of *values*.

    Parameters
    ----------
    name : str
        A field of :class:`Params` (e.g. ``"fat_mm"``, ``"light_elevation_deg"``).
    values : iterable of float
        The values, in the unit of the field; each must be allowed with the
        rest of *base* (``ValueError`` from :class:`Params` otherwise).
    base : Params, optional
        The fixed fields, at their own grid (default ``sweep_params()``:
        defaults at the sweep resolution).

    Returns
    -------
    Sweep

    Examples
    --------
    >>> from venusedu.analysis import sweep
    >>> s = sweep("fat_mm", [2.0, 10.0, 30.0])
    >>> bool(s.visibility_index[0] > s.visibility_index[-1])
    True
    """
    base = sweep_params() if base is None else base
    field_spec(name)  # KeyError with the list of fields for a typo
    vals = np.asarray(list(values), dtype=float)
    if vals.ndim != 1 or vals.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence of numbers, got shape {vals.shape}")
    cast = int if field_spec(name).kind == "int" else float
    rows, linear, verdicts, previous = [], [], [], None
    for v in vals:
        # a viewing field alone reuses the surface of the previous point
        # (simulate's ``previous`` argument; no cache outlives this call)
        change: dict[str, Any] = {name: cast(v)}
        previous = _simulate(dataclasses.replace(base, **change), previous)
        rows.append({m: float(getattr(previous, m)) for m in METRICS})
        linear.append(bool(previous.linear))
        verdicts.append(str(previous.verdict))
    return Sweep._make(
        (name, vals, *(np.array([r[m] for r in rows]) for m in METRICS), np.array(linear, dtype=bool), tuple(verdicts))
    )


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
    from .vision import THRESHOLD_BAND_LOG10

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


def elasticity(
    name: str, base: Params | None = None, *, rel_step: float = 0.05, metric: str = "visibility_index"
) -> float:
    """Elasticity ``d ln M / d ln p`` of a metric M with respect to parameter p.

    "If p grows by 1 %, M grows by about (elasticity) %." Computed by a
    central finite difference in ``ln p``:
    ``[ln M(p·e^h) − ln M(p·e^−h)] / 2h`` with ``h = rel_step``; one-sided
    next to an end of the allowed range.

    Parameters
    ----------
    name : str
        A continuous field of :class:`Params`.
    base : Params, optional
        The point at which to differentiate (default ``sweep_params()``).
    rel_step : float
        The step h in ``ln p`` (default 0.05, about 5 %).
    metric : str
        One of :data:`METRICS` (default ``"visibility_index"``).

    Returns
    -------
    float
        Dimensionless. Exactly 0 when p = 0 (``p · dM/dp`` vanishes there)
        and when M does not depend on p at all.

    Raises
    ------
    ValueError
        If the metric is 0 at *base* (e.g. no ligament: VI = 0), where a
        logarithm is undefined, or for a bad ``rel_step`` or metric.
    """
    base = sweep_params() if base is None else base
    if metric not in METRICS:
        raise ValueError(f"metric = {metric!r} is not allowed: must be one of {', '.join(METRICS)}")
    if not (math.isfinite(rel_step) and 0 < rel_step < 0.5):
        raise ValueError(f"rel_step = {rel_step!r} is not allowed: must be a number between 0 and 0.5")
    p0 = float(getattr(base, name))
    low, high = allowed_range(name, base)
    m0 = evaluate(base)[metric]
    if m0 <= 0.0:
        raise ValueError(
            f"{metric} = {m0:g} at the base point, so its logarithm is undefined: "
            "the elasticity needs a positive metric (is there a ligament or liposculpture?)"
        )
    if p0 == 0.0:
        return 0.0
    up, down = p0 * math.exp(rel_step), p0 * math.exp(-rel_step)
    if up > high:
        up, h_up = p0, 0.0
    else:
        h_up = rel_step
    if down < low:
        down, h_down = p0, 0.0
    else:
        h_down = rel_step
    if h_up + h_down == 0.0:
        raise ValueError(f"{name} = {p0:g} has no room to move inside its range ({low:g}, {high:g})")
    m_up = m0 if h_up == 0.0 else evaluate(base, **{name: up})[metric]
    m_down = m0 if h_down == 0.0 else evaluate(base, **{name: down})[metric]
    if m_up == m_down:
        return 0.0
    if m_up <= 0.0 or m_down <= 0.0:
        raise ValueError(f"{metric} reaches 0 within a step of {name} = {p0:g}; use a smaller rel_step")
    return (math.log(m_up) - math.log(m_down)) / (h_up + h_down)


class SensitivityRow(NamedTuple):
    """One parameter's row of a one-at-a-time sensitivity study.

    Attributes
    ----------
    name, unit, status : str
        The field, its unit and its status (MODEL.md §5).
    low, high, base_value : float
        The range swept and the base value (unit of the field).
    values : ndarray
        The values swept, from low to high.
    vi : ndarray
        VI at each value (dimensionless).
    vi_base : float
        VI at the base point.
    vi_min, vi_max : float
        Smallest and largest VI over the sweep.
    elasticity : float
        ``d ln VI / d ln p`` at the base point (see :func:`elasticity`).
    linear : ndarray of bool
        Whether each value's result is within linear theory
        (``Result.linear``, MODEL.md §3.8). A VI outside it is drawn and
        tabled as such: it says that the pit is steep, not how visible it is.
    """

    name: str
    unit: str
    status: str
    low: float
    high: float
    base_value: float
    values: np.ndarray
    vi: np.ndarray
    vi_base: float
    vi_min: float
    vi_max: float
    elasticity: float
    linear: np.ndarray

    @property
    def decades(self) -> float:
        """``log10(vi_max / vi_min)``: how many factors of 10 the sweep spans (inf if VI reaches 0)."""
        return decades(self.vi)

    @property
    def linear_decades(self) -> float:
        """:attr:`decades` over the values within linear theory only (0 if fewer than two are)."""
        v = self.vi[self.linear]
        return decades(v) if v.size >= 2 else 0.0


def decades(vi: Sequence[float] | np.ndarray) -> float:
    """How many decades (factors of 10) a set of VI values spans: ``log10(max/min)``.

    Parameters
    ----------
    vi : sequence of float or ndarray
        Visibility indices (dimensionless, ≥ 0).

    Returns
    -------
    float
        ``log10(max(vi) / min(vi))``; ``inf`` if the minimum is 0 and the
        maximum is not; 0 for all-zero input.

    Examples
    --------
    >>> from venusedu.analysis import decades
    >>> decades([0.5, 5.0, 2.0])
    1.0
    """
    v = np.asarray(vi, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)) or np.any(v < 0):
        raise ValueError("vi must be a non-empty sequence of finite numbers >= 0")
    vmax, vmin = float(v.max()), float(v.min())
    if vmax == 0.0:
        return 0.0
    if vmin == 0.0:
        return math.inf
    return math.log10(vmax / vmin)


def one_at_a_time(
    base: Params | None = None, names: Sequence[str] = SHAPE_FIELDS, *, n: int = 5, rel_step: float = 0.05
) -> list[SensitivityRow]:
    """One-at-a-time sensitivity of VI over the parameter box of MODEL.md §5.

    Each parameter in *names* runs through ``n`` evenly spaced values (evenly
    in ``ln p`` for fields whose slider scale is logarithmic) across its
    allowed range while every other field keeps its *base* value; the
    elasticity at the base point is added.

    Parameters
    ----------
    base : Params, optional
        The base point (default ``sweep_params()``: defaults, 128-point grid).
        VI must be positive there (a ligament or liposculpture).
    names : sequence of str
        Continuous fields to vary (default :data:`SHAPE_FIELDS`, every shape
        parameter; viewing fields may be added).
    n : int
        Values per parameter, ≥ 2 (the two ends are always included).
    rel_step : float
        Step of the elasticity (see :func:`elasticity`).

    Returns
    -------
    list of SensitivityRow
        Sorted from the widest VI range (in decades) to the narrowest.
    """
    base = sweep_params() if base is None else base
    if not isinstance(n, int) or n < 2:
        raise ValueError(f"n = {n!r} is not allowed: must be an integer >= 2")
    vi0 = evaluate(base)["visibility_index"]
    rows = []
    for name in names:
        spec = field_spec(name)
        low, high = allowed_range(name, base)
        if spec.scale == "log" and low > 0:
            values = np.exp(np.linspace(math.log(low), math.log(high), n))
        else:
            values = np.linspace(low, high, n)
        values[0], values[-1] = low, high  # exact ends despite exp/log rounding
        s = sweep(name, values, base)
        rows.append(
            SensitivityRow(
                name=name,
                unit=spec.unit,
                status=spec.status,
                low=low,
                high=high,
                base_value=float(getattr(base, name)),
                values=values,
                vi=s.visibility_index,
                vi_base=vi0,
                vi_min=float(s.visibility_index.min()),
                vi_max=float(s.visibility_index.max()),
                elasticity=elasticity(name, base, rel_step=rel_step),
                linear=s.linear,
            )
        )
    rows.sort(key=lambda r: -r.decades)
    return rows


def verdict_text(result) -> str:
    """The verdict of a result in words, with VI and its band, or why there is none.

    A result outside linear theory (``result.linear`` False, MODEL.md §3.8)
    gets no VI: the text says so and gives the steepest slope instead.

    Parameters
    ----------
    result : venusedu.model.Result

    Returns
    -------
    str

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> from venusedu.analysis import verdict_text
    >>> verdict_text(simulate(Params(grid=128)))
    'visible (VI 5.8, band 3.7–9.2)'
    >>> verdict_text(simulate(Params(fat_mm=1.0, grid=128)))
    'beyond linear theory (slopes up to 0.45): no verdict'
    >>> verdict_text(simulate(Params(ligament=False, grid=128)))
    'not visible (VI 0: no pit)'
    """
    if not result.linear:
        return f"beyond linear theory (slopes up to {result.max_slope:.2f}): no verdict"
    vi = float(result.visibility_index)
    if vi == 0.0:
        return "not visible (VI 0: no pit)"
    return f"{result.verdict} (VI {format_vi(vi)}, band {format_vi(result.vi_low)}–{format_vi(result.vi_high)})"
