"""One-parameter sweeps of the dimple model, and the resolution they run at.

The first layer of :mod:`venusedu.analysis`, which the thresholds and the
sensitivity study are built on:

- :func:`sweep_params` -- a :class:`~venusedu.params.Params` at the sweep
  resolution, ``grid = 128`` points over ``extent_mm = 256`` mm (2 mm
  spacing, :data:`SWEEP_GRID`, :data:`SWEEP_EXTENT_MM`), coarser than the
  default to stay fast in a lesson;
- :func:`allowed_range` -- the MODEL.md §5 range of a parameter, narrowed
  where other fields constrain it (liposculpture, tether pull);
- :func:`evaluate` -- the scalar metrics (:data:`METRICS`) of one point;
- :func:`sweep` -- the same metrics, ``Result.linear`` and the verdict as one
  parameter runs through a list of values (a :class:`Sweep`).

Nothing is cached between calls. Import these from :mod:`venusedu.analysis`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from ..params import Params, field_spec

#: Grid points per side used by the sweeps (2 mm spacing with the extent below).
SWEEP_GRID = 128
#: Side of the simulated patch in the sweeps (mm).
SWEEP_EXTENT_MM = 256.0

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
    from ..model import simulate  # imported late: the model is a sibling module

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
