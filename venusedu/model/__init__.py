"""The dimple model v2: the tethered, layered back on a grid, and :func:`simulate`.

Physics only: this package imports NumPy, SciPy and the sibling modules
:mod:`venusedu.params`, :mod:`venusedu.mechanics` and :mod:`venusedu.vision`;
never matplotlib or ipywidgets. ``docs/MODEL.md`` is the specification.

Everything is imported from ``venusedu.model``; the modules inside are one
idea each:

* :mod:`venusedu.model.relief`: muscle relief and liposculpture (real space);
* :mod:`venusedu.model.grid`: cached geometry of the periodic grid, the
  tethers' arrays, the window W;
* :mod:`venusedu.model.result`: :class:`Result` and :class:`Profile`;
* :mod:`venusedu.model.surface`: the surface fields, slopes, depth and width;
* :mod:`venusedu.model.observer`: :func:`observe`, what the eye makes of it;
* this package: :func:`simulate`, which puts them together.

How a result is built:

* the mechanics of :mod:`venusedu.mechanics` (two incompressible fat layers,
  the superficial fascia with its tension, a tensioned bending skin) give, for
  every wavenumber of the periodic grid, how skin and fascia answer a force on
  the fascia, a displacement of the base (the muscle relief) and fat removed by
  liposculpture. They depend on |q| only, so they are evaluated once per
  distinct |q| of the grid and gathered;
* the two tethers (and their periodic images) hold the fascia over their discs
  at ``−δ`` (``δ = d_p + (1 − ρ) t_d``) relative to the bone, whatever the
  muscle and lipo do around them. Their force densities (four functions each)
  come from a small Galerkin system: the tether's own response by an accurate
  Hankel quadrature, the other tether and the images by the grid sum;
* surfaces and slopes come back with real FFTs (``scipy.fft.irfft2``);
* the observer of :mod:`venusedu.vision` looks at the shaded back: contrast
  images filtered by the Barten CSF at the viewing distance, the dimple's
  signal, the masking by the back's own shading, VI with its band;
* nothing is kept between calls except caches of pure functions of the grid
  (``functools.lru_cache``, read-only arrays). A lighting change reuses a
  previous result only when it is passed (``simulate(p, previous=r)``).

Examples
--------
>>> from venusedu import Params, simulate
>>> r = simulate(Params(fat_mm=4.0))
>>> r.surface_mm.shape
(256, 256)
>>> r.verdict, r.linear
('visible', True)
"""

from __future__ import annotations

import numpy as np

from .. import vision
from ..bodyfat import SEX_ALIASES, fat_from_body_fat
from ..mechanics import AxisymmetricPit, axisymmetric_pit, layer_transfer_noslip
from ..params import Params
from ..transfer import layer_transfer, layer_transfer_laplace

# ``from .x import _name as _name``: a private name of a module inside,
# re-exported so that it stays importable from here, as it was before the
# model became a package (tests and tools use some of them).
from .grid import WINDOW_RADIUS_MM
from .grid import _gather as _gather
from .grid import _Geometry as _Geometry
from .grid import _geometry as _geometry
from .grid import _readonly as _readonly
from .grid import _tether_grid as _tether_grid
from .grid import _TetherGrid as _TetherGrid
from .grid import _Window as _Window
from .grid import _window as _window
from .observer import Observation, observe
from .relief import _ERECTOR_FADE_WIDTH_MM as _ERECTOR_FADE_WIDTH_MM
from .relief import _ERECTOR_FADE_Y_MM as _ERECTOR_FADE_Y_MM
from .relief import _ERECTOR_HEIGHT_MM as _ERECTOR_HEIGHT_MM
from .relief import _ERECTOR_SIGMA_MM as _ERECTOR_SIGMA_MM
from .relief import _ERECTOR_X_MM as _ERECTOR_X_MM
from .relief import _GLUTEAL_CENTRE_MM as _GLUTEAL_CENTRE_MM
from .relief import _GLUTEAL_HEIGHT_MM as _GLUTEAL_HEIGHT_MM
from .relief import _GLUTEAL_SIGMA_MM as _GLUTEAL_SIGMA_MM
from .relief import _gauss as _gauss
from .relief import _logistic as _logistic
from .relief import _nonneg_array as _nonneg_array
from .relief import _periodic_muscle as _periodic_muscle
from .relief import _positive_scalar as _positive_scalar
from .relief import _scalar_or_array as _scalar_or_array
from .relief import lipo_profile, muscle_relief
from .result import _SURFACE_ARRAYS, _SURFACE_SCALARS, Profile, Result, _Slopes
from .surface import MAX_LINEAR_SLOPE, _surface
from .surface import _pit_depth_and_width as _pit_depth_and_width
from .surface import _responses as _responses

__all__ = [
    "WINDOW_RADIUS_MM",
    "MAX_LINEAR_SLOPE",
    "layer_transfer",
    "layer_transfer_laplace",
    "layer_transfer_noslip",
    "axisymmetric_pit",
    "AxisymmetricPit",
    "muscle_relief",
    "lipo_profile",
    "fat_from_body_fat",
    "SEX_ALIASES",
    "Profile",
    "Result",
    "Observation",
    "observe",
    "simulate",
]


def _view(p: Params, arrays: dict, slopes: _Slopes, scalars: dict) -> Result:
    """Shading and vision metrics for a given surface (cheap)."""
    g = _geometry(p.grid, p.extent_mm)
    th, ph, A = p.light_elevation_deg, p.light_azimuth_deg, p.ambient
    shade = vision.shading(slopes.sx, slopes.sy, th, ph, A, inv_norm=slopes.inv_s)
    if slopes.sx is slopes.rx and slopes.sy is slopes.ry:
        shade_ref = shade
    else:
        shade_ref = vision.shading(slopes.rx, slopes.ry, th, ph, A, inv_norm=slopes.inv_r)
    shade.setflags(write=False)
    shade_ref.setflags(write=False)
    seen = observe(p, shade, shade_ref, scalars["width_mm"])._asdict()
    vi = seen["visibility_index"]
    low, high = vision.vi_band(vi)
    v = vision.verdict(vi)
    return Result(
        params=p,
        vi_low=low,
        vi_high=high,
        verdict=v,
        visible=v == "visible",
        x_mm=g.x,
        y_mm=g.x,
        shading=shade,
        shading_reference=shade_ref,
        _slopes=slopes,
        **seen,
        **arrays,
        **scalars,
    )


def simulate(params: Params, previous: Result | None = None) -> Result:
    """Simulate the lower back for *params*: surface, shading, visibility.

    Parameters
    ----------
    params : Params
        Validated inputs.
    previous : Result, optional
        A result computed earlier. If its parameters differ from *params*
        only in viewing fields (:data:`venusedu.params.VIEWING_FIELDS`:
        lighting, ambient, luminance, viewing distance), its surface,
        reference and slopes are reused and only the shading and the vision
        metrics are recomputed: this is how an explorer makes a lighting change
        cheap. Otherwise it is ignored and everything is computed afresh.
        There is no hidden cache of results.

    Returns
    -------
    Result

    Raises
    ------
    TypeError
        If *params* is not a :class:`Params` or *previous* not a :class:`Result`.

    Examples
    --------
    >>> import dataclasses
    >>> from venusedu import Params, simulate
    >>> r = simulate(Params(fat_mm=10.0))
    >>> r2 = simulate(dataclasses.replace(r.params, light_elevation_deg=60.0), previous=r)
    >>> r2.surface_mm is r.surface_mm          # the surface was reused
    True
    >>> simulate(Params(ligament=False)).visibility_index
    0.0
    """
    if not isinstance(params, Params):
        raise TypeError(f"params = {params!r} ({type(params).__name__}) must be a venusedu.Params")
    if previous is not None:
        if not isinstance(previous, Result):
            raise TypeError(f"previous = {type(previous).__name__} must be a Result returned by simulate, or None")
        if previous._slopes is not None and previous.params.viewing_only_difference(params):
            arrays = {k: getattr(previous, k) for k in _SURFACE_ARRAYS}
            scalars = {k: getattr(previous, k) for k in _SURFACE_SCALARS}
            with np.errstate(under="ignore"):
                return _view(params, arrays, previous._slopes, scalars)
    with np.errstate(under="ignore"):
        arrays, slopes, scalars = _surface(params)
        return _view(params, arrays, slopes, scalars)
