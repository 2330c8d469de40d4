"""The outputs of :func:`venusedu.model.simulate`: :class:`Result` and :class:`Profile`.

Plain containers (a frozen dataclass and named tuples) with the docs of every
output; ``_SURFACE_ARRAYS`` and ``_SURFACE_SCALARS`` name the fields of a
result that depend on the surface only, which a lighting change reuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..params import Params


class Profile(NamedTuple):
    """Cross-section of a :class:`Result` along the x axis through both PSIS (y = 0).

    Attributes
    ----------
    x_mm : ndarray
        Positions (mm).
    pit_mm, surface_mm, reference_mm, insertion_mm, lipo_mm, muscle_mm : ndarray
        The 2-D fields of the result on the row y = 0 (mm).

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> prof = simulate(Params()).profile()
    >>> float(prof.x_mm[prof.pit_mm.argmin()]) in (-50.0, 50.0)
    True
    """

    x_mm: np.ndarray
    pit_mm: np.ndarray
    surface_mm: np.ndarray
    reference_mm: np.ndarray
    insertion_mm: np.ndarray
    lipo_mm: np.ndarray
    muscle_mm: np.ndarray


class _Slopes(NamedTuple):
    sx: np.ndarray
    sy: np.ndarray
    rx: np.ndarray
    ry: np.ndarray
    inv_s: np.ndarray  # 1/sqrt(1 + |∇s|²)
    inv_r: np.ndarray  # 1/sqrt(1 + |∇s_ref|²)


@dataclass(frozen=True, eq=False)
class Result:
    """Output of :func:`simulate`: the surface, its shading and what the eye sees.

    All 2-D arrays have shape ``(grid, grid)`` and are read-only;
    ``a[i, j]`` is located at ``(y_mm[i], x_mm[j])`` (draw with
    ``imshow(a, origin="lower", extent=r.image_extent)``). Heights are in mm,
    positive up (towards the viewer).

    Attributes
    ----------
    params : Params
        The inputs.
    visibility_index : float
        VI: the dimple's contrast signal after the eye's contrast sensitivity,
        in units of its detection threshold on this back (masking included).
    vi_low, vi_high : float
        The band of VI from the spread of thresholds between observers
        (×/÷ 10^0.2, :data:`venusedu.vision.THRESHOLD_BAND_LOG10`).
    verdict : str
        ``"visible"`` (the whole band ≥ 1), ``"not visible"`` (all < 1) or
        ``"borderline"``.
    visible : bool
        ``verdict == "visible"``.
    linear : bool
        False when the solution leaves the linear theory the model rests on
        (pit slopes above :data:`MAX_LINEAR_SLOPE`, or a tether pulling the
        insertion further than the layer under it is thick); ``validity``
        says why. Numbers of such a result are not to be trusted.
    validity : tuple of str
        Plain-language reasons why ``linear`` is False (empty otherwise).
    depth_mm : float
        Depth of the pit at the right PSIS (mm, ≥ 0): minus the minimum of
        ``pit_mm`` on the row y = 0 between the midline and the patch edge,
        measured from the same body without the dimples.
    width_mm : float
        Full width at half depth of the pit along x through the right PSIS,
        interpolated between grid points (mm); 0 without a pit.
    rim_mm : float
        Height of the rim around the pit (mm): the volume the tether pulls down
        is pushed up around it (fat is incompressible).
    max_slope : float
        Largest slope of the pit, ``max |∇ pit|`` in the window W (mm/mm).
    pull_mm : float
        How far the tether holds the insertion below where the untethered body
        would put it over the tether's disc (mm): ``δ`` plus what the muscle
        relief and liposculpture do there. 0 without a ligament.
    contrast : float
        Weber contrast of the dimple: half the range of ``(I − I_ref)/Ī`` in W.
    frequency_cpd : float
        Spatial frequency at which the eye sees the dimple best (the peak of its
        CSF-weighted spectrum), cycles/degree (0 without a pit).
    threshold : float
        The Weber contrast this dimple would need to reach VI = 1
        (``contrast / VI``; without a pit, the lowest grating threshold).
    masking : float
        Factor by which the back's own shading raises the threshold (≥ 1).
    x_mm, y_mm : ndarray
        1-D axes (mm), ``-extent/2 + k·spacing``.
    surface_mm : ndarray
        Skin surface s (mm).
    reference_mm : ndarray
        Same body without tether and lipo, s_ref (mm).
    pit_mm : ndarray
        ``s − s_ref`` (mm), < 0 in the dimples.
    shading, shading_reference : ndarray
        Lambert intensity of s and s_ref (dimensionless, in [A, 1]); displayed
        luminance is proportional to it.
    signal : ndarray
        The dimples' contrast image filtered by the eye's contrast
        sensitivity, in threshold units (|signal| ≥ 1: at or above threshold
        on a plain background).
    muscle_mm : ndarray
        Muscle relief b under the deep layer (mm).
    insertion_mm : ndarray
        Displacement of the insertion level (superficial fascia) from its rest
        position (mm), tether, muscle and lipo included.
    lipo_mm : ndarray
        Fat removed by liposculpture L (mm, ≥ 0).

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> r = simulate(Params())
    >>> r.pit_mm.shape == (r.params.grid, r.params.grid)
    True
    >>> p = r.profile()
    >>> round(float(p.pit_mm.min()), 2) == round(-r.depth_mm, 2)
    True
    """

    params: Params
    visibility_index: float
    vi_low: float
    vi_high: float
    verdict: str
    visible: bool
    linear: bool
    validity: tuple
    depth_mm: float
    width_mm: float
    rim_mm: float
    max_slope: float
    pull_mm: float
    contrast: float
    frequency_cpd: float
    threshold: float
    masking: float
    x_mm: np.ndarray = field(repr=False)
    y_mm: np.ndarray = field(repr=False)
    surface_mm: np.ndarray = field(repr=False)
    reference_mm: np.ndarray = field(repr=False)
    pit_mm: np.ndarray = field(repr=False)
    shading: np.ndarray = field(repr=False)
    shading_reference: np.ndarray = field(repr=False)
    signal: np.ndarray = field(repr=False)
    muscle_mm: np.ndarray = field(repr=False)
    insertion_mm: np.ndarray = field(repr=False)
    lipo_mm: np.ndarray = field(repr=False)
    _slopes: _Slopes | None = field(default=None, repr=False)

    @property
    def image_extent(self) -> tuple[float, float, float, float]:
        """``(left, right, bottom, top)`` in mm for ``imshow(..., origin="lower")``.

        Pixel centres are at ``x_mm``/``y_mm``; the extent spans the pixel edges.

        Examples
        --------
        >>> from venusedu import Params, simulate
        >>> simulate(Params(grid=128)).image_extent
        (-129.0, 127.0, -129.0, 127.0)
        """
        h = 0.5 * self.params.grid_spacing_mm
        return (float(self.x_mm[0] - h), float(self.x_mm[-1] + h), float(self.y_mm[0] - h), float(self.y_mm[-1] + h))

    def profile(self) -> Profile:
        """Cross-section along x through both PSIS (the row y = 0).

        Returns
        -------
        Profile
            Copies of the 1-D rows (mm).

        Examples
        --------
        >>> from venusedu import Params, simulate
        >>> prof = simulate(Params()).profile()
        >>> prof.x_mm.shape == prof.pit_mm.shape
        True
        """
        i0 = self.params.grid // 2
        return Profile(
            self.x_mm.copy(),
            self.pit_mm[i0].copy(),
            self.surface_mm[i0].copy(),
            self.reference_mm[i0].copy(),
            self.insertion_mm[i0].copy(),
            self.lipo_mm[i0].copy(),
            self.muscle_mm[i0].copy(),
        )

    def metrics(self) -> dict[str, object]:
        """The scalar outputs as a dict (for tables and checks).

        Examples
        --------
        >>> from venusedu import Params, simulate
        >>> sorted(simulate(Params()).metrics())[:3]
        ['contrast', 'depth_mm', 'frequency_cpd']
        """
        names = (
            "visibility_index",
            "vi_low",
            "vi_high",
            "verdict",
            "visible",
            "linear",
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
        return {n: getattr(self, n) for n in names}


_SURFACE_ARRAYS = ("surface_mm", "reference_mm", "pit_mm", "muscle_mm", "insertion_mm", "lipo_mm")
_SURFACE_SCALARS = ("depth_mm", "width_mm", "rim_mm", "max_slope", "pull_mm", "linear", "validity")
