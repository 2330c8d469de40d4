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
dimensionless. This package never imports matplotlib.

The package is cut by idea, and every name is importable from here
(``from venusedu.analysis import sweep``), where the lessons, the exercises
and the tests take them:

- :mod:`venusedu.analysis.sweeps` -- the sweep resolution, allowed ranges,
  :func:`evaluate` and :func:`sweep`;
- :mod:`venusedu.analysis.thresholds` -- :func:`vi_function`,
  :func:`crossing`, the fat and body-fat thresholds;
- :mod:`venusedu.analysis.sensitivity` -- :data:`SHAPE_FIELDS`,
  :func:`elasticity`, :func:`one_at_a_time` and :func:`decades`;
- :mod:`venusedu.analysis.verdict` -- :func:`verdict_text`.

Examples
--------
>>> from venusedu import Params
>>> from venusedu.analysis import threshold_fat_mm
>>> t = threshold_fat_mm(Params())
>>> 15.0 < t < 25.0
True
"""

from __future__ import annotations

from .sensitivity import SHAPE_FIELDS, SensitivityRow, decades, elasticity, one_at_a_time
from .sweeps import (
    METRICS,
    SWEEP_EXTENT_MM,
    SWEEP_GRID,
    Sweep,
    allowed_range,
    evaluate,
    sweep,
    sweep_params,
)
from .sweeps import _simulate as _simulate
from .thresholds import (
    body_fat_for_fat_mm,
    crossing,
    threshold_band_fat_mm,
    threshold_body_fat,
    threshold_fat_mm,
    vi_function,
)
from .verdict import verdict_text

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
