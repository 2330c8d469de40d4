"""VI against fat for the explorer's current settings, computed only when needed.

The curve's surfaces depend on the fields that shape the skin (ligament,
superficial fraction, muscle, liposculpture, the tissue constants) but not on
the fat, which is the curve's axis, nor on the light and the viewing distance:
a change of those re-lights the cached surfaces (``simulate(...,
previous=...)``). The curve runs on a coarser grid than the app's own point
(2 mm spacing by default; VI within a few per cent of the full grid).
Where the liposculpture depth exceeds the superficial fat of a curve point it
is capped at that point's superficial fat.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..model import Result, simulate
from ..params import SURFACE_FIELDS, VIEWING_FIELDS, Params, field_spec

__all__ = ["CurveCache", "default_curve_grid"]


def default_curve_grid(params: Params) -> int:
    """2 mm spacing (an even number of points), never finer than ``params.grid``."""
    n = int(math.ceil(params.extent_mm / 2.0))
    return min(params.grid, n + (n % 2))


class CurveCache:
    """VI at ``points`` fat values from the model's lowest to its highest fat.

    Parameters
    ----------
    points : int
        Number of fat values (geometric spacing), at least 2.
    grid : int
        Grid of the curve's simulations.

    Attributes
    ----------
    fat_mm, vi : ndarray
        The current curve (``vi`` zero before the first :meth:`compute`).
    linear : ndarray of bool
        Which points are within linear theory.
    results : list of Result
        The curve's results (for re-lighting).
    recomputed : str
        What the last :meth:`compute` did: ``"surfaces"``, ``"relit"`` or ``""``.
    """

    def __init__(self, points: int, grid: int):
        if not isinstance(points, int) or isinstance(points, bool) or points < 2:
            raise ValueError(f"curve_points = {points!r} must be an integer >= 2")
        self.fat_mm = np.geomspace(*field_spec("fat_mm").bounds, points)
        self.grid = int(grid)
        self.vi = np.zeros_like(self.fat_mm)
        self.linear = np.ones(self.fat_mm.shape, dtype=bool)
        self.results: list[Result] = []
        self._shape_key: tuple | None = None
        self._viewing_key: tuple | None = None
        self.recomputed = ""

    @staticmethod
    def shape_key(p: Params) -> tuple:
        """The fields besides ``fat_mm`` that shape the curve's surfaces: new ones mean new simulations."""
        return tuple(getattr(p, n) for n in SURFACE_FIELDS if n != "fat_mm") + (p.extent_mm,)

    @staticmethod
    def viewing_key(p: Params) -> tuple:
        """The viewing fields: new ones mean the curve's surfaces are lit and seen again."""
        return tuple(getattr(p, n) for n in VIEWING_FIELDS)

    def stale(self, p: Params) -> bool:
        """True when the curve does not show ``p``'s settings."""
        return self.shape_key(p) != self._shape_key or self.viewing_key(p) != self._viewing_key

    def compute(self, p: Params) -> bool:
        """Bring the curve up to date for ``p``; return True if anything was computed."""
        self.recomputed = ""
        if not self.stale(p):
            return False
        if self.shape_key(p) != self._shape_key or not self.results:
            results = []
            for fat in self.fat_mm:
                fat = float(fat)
                q = dataclasses.replace(
                    p, fat_mm=fat, grid=self.grid, lipo_depth_mm=min(p.lipo_depth_mm, p.superficial_fraction * fat)
                )
                results.append(simulate(q))
            self.recomputed = "surfaces"
        else:
            viewing = {n: getattr(p, n) for n in VIEWING_FIELDS}
            results = [simulate(dataclasses.replace(r.params, **viewing), previous=r) for r in self.results]
            self.recomputed = "relit"
        self.results = results
        self._shape_key = self.shape_key(p)
        self._viewing_key = self.viewing_key(p)
        self.vi = np.array([r.visibility_index for r in results])
        self.linear = np.array([bool(r.linear) for r in results])
        return True
