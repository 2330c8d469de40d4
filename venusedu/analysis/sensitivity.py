"""One-at-a-time sensitivity of the visibility index over the box of MODEL.md §5.

- :data:`SHAPE_FIELDS` -- the continuous parameters that shape the surface,
  the ones the study varies by default;
- :func:`elasticity` -- ``d ln VI / d ln p`` (or of another metric) by a
  central finite difference in ``ln p``;
- :func:`one_at_a_time` -- the range of VI as each parameter runs through
  its whole allowed range, every other field fixed, one
  :class:`SensitivityRow` each, with the points that leave linear theory
  (``Result.linear`` False, MODEL.md §3.8) marked; :func:`decades` -- how
  many factors of 10 a set of VI values spans.

The sweeps come from :mod:`venusedu.analysis.sweeps`; the lesson's charts
and tables of these rows are in :mod:`venusedu.exercises.sensitivity`.
Import these from :mod:`venusedu.analysis`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ..params import FIELDS, Params, field_spec
from .sweeps import METRICS, allowed_range, evaluate, sweep, sweep_params

#: The continuous parameters that shape the surface (MODEL.md §5):
#: every field outside the viewing and numerics groups, except the on/off
#: ``ligament``. These are the parameters of the one-at-a-time sensitivity.
SHAPE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.group not in ("viewing", "numerics") and f.kind == "float"
)


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
