"""The dimple model v2: the tethered, layered back on a grid, and :func:`simulate`.

Physics only: this module imports NumPy, SciPy and the sibling modules
:mod:`venusedu.params`, :mod:`venusedu.mechanics` and :mod:`venusedu.vision`;
never matplotlib or ipywidgets. ``docs/MODEL.md`` is the specification.

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

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import scipy.fft as _fft

from . import mechanics, vision
from .bodyfat import SEX_ALIASES, fat_from_body_fat
from .mechanics import AxisymmetricPit, axisymmetric_pit, layer_transfer_noslip
from .params import Params
from .transfer import layer_transfer, layer_transfer_laplace

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

#: Radius of the window W around the right PSIS in which the dimple is looked
#: for, its slopes measured and the back's masking shading taken (mm).
WINDOW_RADIUS_MM = 40.0
#: Largest pit slope (mm/mm) up to which the linear (small-slope) theory is
#: trusted; beyond it :attr:`Result.linear` is False.
MAX_LINEAR_SLOPE = 0.3

# Muscle relief (docs/MODEL.md §3.5), mm; an assumption to discuss, kept smooth.
_ERECTOR_X_MM = 25.0
_ERECTOR_SIGMA_MM = 18.0
_ERECTOR_HEIGHT_MM = 6.0
_ERECTOR_FADE_Y_MM = 0.0  # the ridges fade out below this level (the PSIS) ...
_ERECTOR_FADE_WIDTH_MM = 8.0  # ... over about this length (logistic)
_GLUTEAL_CENTRE_MM = (70.0, -70.0)
_GLUTEAL_SIGMA_MM = 30.0
_GLUTEAL_HEIGHT_MM = 8.0


def _scalar_or_array(arr, *inputs):
    if all(np.ndim(i) == 0 for i in inputs):
        return float(arr)
    return arr


def _nonneg_array(name: str, value, unit: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.size and (np.isnan(arr).any() or (arr < 0).any()):
        bad = arr[np.isnan(arr) | (arr < 0)].ravel()[0]
        u = f" {unit}" if unit else ""
        raise ValueError(f"{name} = {bad}{u} is not allowed: must be a number >= 0{u} (not NaN)")
    return arr


def _positive_scalar(name: str, value, unit: str) -> float:
    v = float(value)
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(f"{name} = {v} {unit} is not allowed: must be a finite number > 0 {unit}")
    return v


# ----------------------------------------------------------------------------
# muscle relief and liposculpture (real space)
# ----------------------------------------------------------------------------
def _logistic(z):
    # 1/(1 + e^{-z}) without overflow for large |z|
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _gauss(u, sigma):
    return np.exp(-0.5 * (u / sigma) ** 2)


def muscle_relief(x_mm, y_mm, muscle: float = 1.0):
    """Muscle relief ``b(x, y)`` under all the fat (mm, positive up).

    Two erector spinae ridges (Gaussian in x at ``x = ±25`` mm, σ 18 mm,
    height 6 mm·m, fading out below the level of the PSIS, y ≈ 0, over ~8 mm:
    at S2 the muscle is mostly tendon) and two gluteal bulges (Gaussians at
    ``(±70, −70)`` mm, σ 30 mm, height 8 mm·m). At the PSIS themselves, which
    are bone, the relief is low (1.6 mm·m). An assumption: exact shapes are not
    measured; they are smooth.

    This is the shape on an unbounded back. :func:`simulate` uses the same
    shapes made periodic on its patch: the ridges also taper off over the top
    ~3 cm of the patch, so that the top edge meets the bottom edge smoothly.

    Parameters
    ----------
    x_mm, y_mm : float or array_like
        Position (mm), x to the side, y towards the head; broadcast together.
    muscle : float, default 1
        Training factor m (0 none, 1 typical, 3 trained).

    Returns
    -------
    float or ndarray
        b in mm.

    Examples
    --------
    >>> from venusedu.model import muscle_relief
    >>> round(muscle_relief(25.0, 50.0), 3)     # on an erector ridge
    6.116
    >>> round(muscle_relief(50.0, 0.0), 2)      # at the right PSIS
    1.57
    >>> muscle_relief(25.0, 50.0, muscle=0.0)
    0.0
    """
    x = np.asarray(x_mm, dtype=float)
    y = np.asarray(y_mm, dtype=float)
    ridge = _gauss(x - _ERECTOR_X_MM, _ERECTOR_SIGMA_MM) + _gauss(x + _ERECTOR_X_MM, _ERECTOR_SIGMA_MM)
    ridge = ridge * _logistic((y - _ERECTOR_FADE_Y_MM) / _ERECTOR_FADE_WIDTH_MM)
    gx, gy = _GLUTEAL_CENTRE_MM
    glut = (_gauss(x - gx, _GLUTEAL_SIGMA_MM) + _gauss(x + gx, _GLUTEAL_SIGMA_MM)) * _gauss(y - gy, _GLUTEAL_SIGMA_MM)
    out = float(muscle) * (_ERECTOR_HEIGHT_MM * ridge + _GLUTEAL_HEIGHT_MM * glut)
    return _scalar_or_array(out, x_mm, y_mm)


def lipo_profile(r_mm, depth_mm: float, radius_mm: float):
    """Fat removed by liposculpture, ``L(r) = Δ exp(−r² / (2 r_l²))`` (mm).

    Parameters
    ----------
    r_mm : float or array_like
        Distance from the PSIS (mm, ≥ 0).
    depth_mm : float
        Δ (mm, ≥ 0).
    radius_mm : float
        r_l (mm, > 0).

    Returns
    -------
    float or ndarray
        L in mm.

    Examples
    --------
    >>> from venusedu.model import lipo_profile
    >>> lipo_profile(0.0, 2.0, 10.0)
    2.0
    """
    r = _nonneg_array("r_mm", r_mm, "mm")
    rl = _positive_scalar("radius_mm", radius_mm, "mm")
    with np.errstate(under="ignore"):
        out = float(depth_mm) * _gauss(r, rl)
    return _scalar_or_array(out, r_mm)


# body fat -> fat over the PSIS: venusedu.bodyfat (fat_from_body_fat and
# SEX_ALIASES are re-exported here)
# ----------------------------------------------------------------------------
# cached geometry of the grid (pure functions of their arguments)
# ----------------------------------------------------------------------------
def _readonly(*arrays):
    for a in arrays:
        a.setflags(write=False)
    return arrays


class _Geometry(NamedTuple):
    n: int
    dx: float
    x: np.ndarray  # (n,) mm, x[j] = -extent/2 + j dx
    kx: np.ndarray  # (n//2+1,) rad/mm, rfft half-plane
    ky: np.ndarray  # (n,) rad/mm
    q: np.ndarray  # (n, n//2+1) |k| rad/mm
    q_unique: np.ndarray  # sorted distinct |k| > 0 (rad/mm)
    q_index: np.ndarray  # (n, n//2+1) index into q_unique (0 for q = 0, see q_zero)
    ikx: np.ndarray  # (n//2+1,) i kx with the Nyquist bin zeroed
    iky: np.ndarray  # (n, 1)  i ky with the Nyquist bin zeroed
    shift: np.ndarray  # (n, n//2+1) (-1)^(jx+jy) / dx²: continuous FT (origin at the
    # centre of the patch) -> rfft2 of the samples
    col_weight: np.ndarray  # (n//2+1,) weights turning a half-plane sum into a full-plane sum
    muscle_hat: np.ndarray  # (n, n//2+1) complex, rfft2 of the unit muscle relief
    muscle: np.ndarray  # (n, n) unit muscle relief (m = 1), periodic


@lru_cache(maxsize=4)
def _geometry(n: int, extent: float) -> _Geometry:
    dx = extent / n
    x = -0.5 * extent + dx * np.arange(n)
    kx = 2.0 * np.pi * _fft.rfftfreq(n, d=dx)
    ky = 2.0 * np.pi * _fft.fftfreq(n, d=dx)
    q = np.sqrt(ky[:, None] ** 2 + kx[None, :] ** 2)
    # distinct |k|: k² is (2π/L)² (i² + j²) with integers, so group on i² + j² exactly
    ii = np.rint(ky * extent / (2 * np.pi)).astype(np.int64)
    jj = np.rint(kx * extent / (2 * np.pi)).astype(np.int64)
    key = ii[:, None] ** 2 + jj[None, :] ** 2
    keys, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(key.shape)
    q_unique = (2 * np.pi / extent) * np.sqrt(keys.astype(float))
    if keys[0] == 0:  # drop q = 0 (handled apart)
        q_unique = q_unique[1:]
        q_index = np.maximum(inverse - 1, 0)
    else:  # pragma: no cover - the grid always has q = 0
        q_index = inverse
    kxd = kx.copy()
    kxd[-1] = 0.0
    kyd = ky.copy()
    kyd[n // 2] = 0.0
    ikx = 1j * kxd
    iky = (1j * kyd)[:, None]
    sx = np.where(np.arange(n // 2 + 1) % 2 == 0, 1.0, -1.0)
    sy = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    shift = sy[:, None] * sx[None, :] / (dx * dx)
    col_weight = np.full(n // 2 + 1, 2.0)
    col_weight[0] = 1.0
    col_weight[-1] = 1.0
    muscle = _periodic_muscle(x, extent)
    muscle_hat = _fft.rfft2(muscle)
    return _Geometry(
        n, dx, *_readonly(x, kx, ky, q, q_unique, q_index, ikx, iky, shift, col_weight, muscle_hat, muscle)
    )


def _periodic_muscle(x: np.ndarray, extent: float) -> np.ndarray:
    """Unit muscle relief (m = 1) on the periodic grid: sum over images."""
    X = x[None, :]
    Y = x[:, None]
    shifts = (-extent, 0.0, extent)
    ridge_x = sum(
        _gauss(X + s - _ERECTOR_X_MM, _ERECTOR_SIGMA_MM) + _gauss(X + s + _ERECTOR_X_MM, _ERECTOR_SIGMA_MM)
        for s in shifts
    )
    y_top = 0.5 * extent - 3.0 * _ERECTOR_FADE_WIDTH_MM
    ridge_y = sum(
        _logistic((Y + s - _ERECTOR_FADE_Y_MM) / _ERECTOR_FADE_WIDTH_MM)
        * _logistic((y_top - Y - s) / _ERECTOR_FADE_WIDTH_MM)
        for s in shifts
    )
    gx, gy = _GLUTEAL_CENTRE_MM
    glut_x = sum(_gauss(X + s - gx, _GLUTEAL_SIGMA_MM) + _gauss(X + s + gx, _GLUTEAL_SIGMA_MM) for s in shifts)
    glut_y = sum(_gauss(Y + s - gy, _GLUTEAL_SIGMA_MM) for s in shifts)
    return _ERECTOR_HEIGHT_MM * ridge_x * ridge_y + _GLUTEAL_HEIGHT_MM * glut_x * glut_y


class _TetherGrid(NamedTuple):
    load: np.ndarray  # (K, n, nh) DFT of the pair's force-density functions / q
    probe: np.ndarray  # (K, n, nh) complex: <psi_j, w> = Re Σ W_dft · probe_j
    cross: np.ndarray  # (K, K, U) weights of the other tether and the images, per |q|


@lru_cache(maxsize=8)
def _tether_grid(n: int, extent: float, x0: float, a: float) -> _TetherGrid:
    """Grid arrays of the two tethers at (±x0, 0) with disc radius a (read-only)."""
    g = _geometry(n, extent)
    K = mechanics.TETHER_BASIS_SIZE
    B = mechanics.tether_basis(g.q, a, K)  # (K, n, nh), real
    q_safe = np.where(g.q > 0, g.q, 1.0)
    pair = 2.0 * np.cos(g.kx * x0)  # e^{-ik x0} + e^{+ik x0}
    load = B * (pair[None, :] * g.shift / q_safe)[None]
    load[:, 0, 0] = 0.0
    # Galerkin average around the right tether of a field with DFT W:
    # (1/n²) Σ_full W(k) B_j(q) e^{i k·(x0 − x_first)}, x_first = (−L/2, −L/2)
    phase = np.exp(1j * g.kx * x0)[None, :] * g.shift * (g.dx * g.dx)
    probe = B * (phase * g.col_weight[None, :] / (n * n))[None]
    # the other tether and all images: (1/L²) Σ_full (G_f/q) B_i B_j cos(2 kx x0),
    # grouped by |q| (the tether's own term is integrated apart, more accurately)
    w = (np.cos(2.0 * g.kx * x0) * g.col_weight)[None, :] / (extent * extent) / q_safe
    w = np.broadcast_to(w, g.q.shape).copy()
    w[0, 0] = 0.0
    idx = g.q_index.ravel()
    U = g.q_unique.size
    cross = np.empty((K, K, U))
    flat = B.reshape(K, -1)
    mask0 = g.q.ravel() > 0
    for i in range(K):
        for j in range(i, K):
            v = np.bincount(idx[mask0], weights=(flat[i] * flat[j] * w.ravel())[mask0], minlength=U)
            cross[i, j] = cross[j, i] = v
    return _TetherGrid(*_readonly(load, probe, cross))


class _Window(NamedTuple):
    idx: np.ndarray  # flat indices of the disc W around the right PSIS
    i0: int  # row of y = 0


@lru_cache(maxsize=32)
def _window(n: int, extent: float, spacing: float) -> _Window:
    g = _geometry(n, extent)
    x0 = 0.5 * spacing
    dxw = (g.x - x0 + 0.5 * extent) % extent - 0.5 * extent  # minimum-image distance
    dyw = g.x  # y axis = x axis; y0 = 0
    inside = dyw[:, None] ** 2 + dxw[None, :] ** 2 <= WINDOW_RADIUS_MM**2
    idx = np.flatnonzero(inside)
    idx.setflags(write=False)
    return _Window(idx, n // 2)


# ----------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------
# simulate
# ----------------------------------------------------------------------------
_SURFACE_ARRAYS = ("surface_mm", "reference_mm", "pit_mm", "muscle_mm", "insertion_mm", "lipo_mm")
_SURFACE_SCALARS = ("depth_mm", "width_mm", "rim_mm", "max_slope", "pull_mm", "linear", "validity")


def _pit_depth_and_width(row: np.ndarray, x: np.ndarray, extent: float) -> tuple[float, float]:
    """Depth and full width at half depth of the right pit on the row y = 0."""
    n = row.size
    # right half of the row, from x = 0 to x = extent/2 (= the periodic image of -extent/2)
    seg = np.concatenate((row[n // 2 :], row[:1]))
    xs = np.concatenate((x[n // 2 :], x[:1] + extent))
    jm = int(np.argmin(seg))
    vertex = seg[jm]
    if vertex >= 0.0:
        return 0.0, 0.0
    depth = -float(vertex)
    half = 0.5 * vertex
    dx = xs[1] - xs[0]
    left = right = None
    above = np.flatnonzero(seg[:jm] >= half)
    if above.size:
        j = int(above[-1])
        left = xs[j] + (half - seg[j]) / (seg[j + 1] - seg[j]) * dx
    above = np.flatnonzero(seg[jm + 1 :] >= half)
    if above.size:
        j = jm + 1 + int(above[0])
        right = xs[j - 1] + (half - seg[j - 1]) / (seg[j] - seg[j - 1]) * dx
    xm = xs[jm]
    if left is not None and right is not None:
        width = right - left
    elif left is not None:
        width = 2.0 * (xm - left)
    elif right is not None:
        width = 2.0 * (right - xm)
    else:
        width = xs[-1] - xs[0]
    return depth + 0.0, float(width)


def _gather(values: np.ndarray, g: _Geometry, at_zero: float) -> np.ndarray:
    out = values[g.q_index]
    out[0, 0] = at_zero
    return out


def _responses(p: Params, q) -> mechanics.ModeResponses:
    return mechanics.mode_responses(
        q,
        superficial_mm=p.superficial_fat_mm,
        deep_mm=p.deep_layer_mm,
        skin_tension_n_per_m=p.skin_tension_n_per_m,
        skin_bending_nm=p.skin_bending_nm,
        fascia_tension_n_per_m=p.fascia_tension_n_per_m,
        shear_modulus_pa=p.fat_shear_modulus_pa,
    )


def _surface(p: Params):
    """Everything that depends on the surface fields: fields, slopes, depth, width."""
    n, extent = p.grid, p.extent_mm
    g = _geometry(n, extent)
    x0 = 0.5 * p.dimple_spacing_mm
    has_pin = p.ligament
    has_lipo = p.lipo_depth_mm > 0.0
    has_muscle = p.muscle > 0.0

    R = _responses(p, g.q_unique)
    lipo_dft = None
    if has_lipo:
        rl = p.lipo_radius_mm
        lipo_dft = (
            (2.0 * math.pi * rl * rl * p.lipo_depth_mm)
            * np.exp(-0.5 * rl * rl * g.q * g.q)
            * (2.0 * np.cos(g.kx * x0))[None, :]
            * g.shift
        )

    # q = 0: the incompressible layers keep their volume, so a force on the fascia
    # moves nothing on average; a uniform lift of the base lifts everything; fat
    # removed evenly lowers the skin by as much.
    spectra = []
    fascia_hat = None
    if has_muscle:
        muscle_dft = p.muscle * g.muscle_hat
        ref_hat = _gather(R.skin_base, g, 1.0) * muscle_dft
        spectra += [ref_hat, ref_hat * g.ikx, ref_hat * g.iky]
        fascia_hat = _gather(R.fascia_base, g, 1.0) * muscle_dft
    pit_hat = None
    pull = 0.0
    if has_lipo:
        skin_lipo = _gather(R.skin_lipo, g, -1.0)
        fascia_lipo = _gather(R.fascia_lipo, g, 0.0)
        pit_hat = skin_lipo * lipo_dft
        f_l = fascia_lipo * lipo_dft
        fascia_hat = f_l if fascia_hat is None else fascia_hat + f_l
    if has_pin:
        tg = _tether_grid(n, extent, x0, p.tether_radius_mm)
        A = mechanics.self_interaction(lambda q: _responses(p, q), p.tether_radius_mm)
        A += np.tensordot(tg.cross, R.fascia_force, axes=([2], [0]))
        around = np.zeros(A.shape[0])  # what muscle and lipo do to the fascia at the disc
        if fascia_hat is not None:
            around = np.einsum("kij,ij->k", tg.probe, fascia_hat).real
        target = -p.tether_target_mm
        coeffs = np.linalg.solve(A, target - around)
        if coeffs.sum() < 0.0:  # the tether pulls; a tether never pushes (slack)
            pull = float(around[0] - target)
            load = np.tensordot(coeffs, tg.load, axes=([0], [0]))
            fascia_force = _gather(R.fascia_force, g, 0.0)
            skin_force = _gather(R.skin_force, g, 0.0)
            t_hat = skin_force * load
            pit_hat = t_hat if pit_hat is None else pit_hat + t_hat
            f_t = fascia_force * load
            fascia_hat = f_t if fascia_hat is None else fascia_hat + f_t
    if pit_hat is not None:
        surf_hat = pit_hat + spectra[0] if has_muscle else pit_hat
        spectra += [surf_hat, surf_hat * g.ikx, surf_hat * g.iky]
    if fascia_hat is not None:
        spectra.append(fascia_hat)

    # one transform per field: pocketfft is several times slower on a stacked
    # (k, n, n//2+1) batch than on k separate contiguous planes
    fields = [_fft.irfft2(sp, s=(n, n)) for sp in spectra]
    zeros = np.zeros((n, n))
    k = 0
    if has_muscle:
        ref, rx, ry = fields[0], fields[1], fields[2]
        k = 3
    else:
        ref = rx = ry = zeros
    if pit_hat is not None:
        surf, sx, sy = fields[k], fields[k + 1], fields[k + 2]
        pit = surf - ref if has_muscle else surf  # the same field, without another transform
        k += 3
    else:
        pit = zeros
        surf, sx, sy = ref, rx, ry
    insertion = fields[k] if fascia_hat is not None else zeros

    if has_lipo:
        rl = p.lipo_radius_mm
        shifts = (-extent, 0.0, extent)
        lx = sum(_gauss(g.x + s - x0, rl) + _gauss(g.x + s + x0, rl) for s in shifts)
        ly = sum(_gauss(g.x + s, rl) for s in shifts)
        lipo = p.lipo_depth_mm * (ly[:, None] * lx[None, :])
    else:
        lipo = zeros
    muscle = p.muscle * g.muscle if has_muscle else zeros

    depth, width = _pit_depth_and_width(pit[n // 2], g.x, extent)
    win = _window(n, extent, p.dimple_spacing_mm)
    if pit_hat is not None:
        pxw = sx.ravel()[win.idx] - rx.ravel()[win.idx]
        pyw = sy.ravel()[win.idx] - ry.ravel()[win.idx]
        max_slope = float(np.sqrt(np.max(pxw * pxw + pyw * pyw)))
        rim = max(0.0, float(pit.ravel()[win.idx].max()))
    else:
        max_slope = rim = 0.0
    notes = []
    if max_slope > MAX_LINEAR_SLOPE:
        notes.append(
            f"the pit's slopes reach {max_slope:.2f} ({math.degrees(math.atan(max_slope)):.0f}°), "
            f"above {MAX_LINEAR_SLOPE}: beyond the small-slope theory of the model, so its "
            "depth and its verdict are not reliable"
        )
    if pull > p.deep_layer_mm:
        notes.append(
            f"the tether pulls the insertion {pull:.1f} mm down into a layer only "
            f"{p.deep_layer_mm:.1f} mm thick: more than the layer under it, which linear "
            "theory cannot describe"
        )
    inv_s = vision.inverse_normal_length(sx, sy)
    inv_r = inv_s if surf is ref else vision.inverse_normal_length(rx, ry)
    slopes = _Slopes(sx, sy, rx, ry, inv_s, inv_r)
    arrays = dict(surface_mm=surf, reference_mm=ref, pit_mm=pit, muscle_mm=muscle, insertion_mm=insertion, lipo_mm=lipo)
    for a in (*arrays.values(), *slopes):
        a.setflags(write=False)
    scalars = dict(
        depth_mm=depth,
        width_mm=width,
        rim_mm=rim,
        max_slope=max_slope,
        pull_mm=pull,
        linear=not notes,
        validity=tuple(notes),
    )
    return arrays, slopes, scalars


class Observation(NamedTuple):
    """What the observer of :func:`observe` makes of a shaded back.

    Attributes
    ----------
    visibility_index : float
        Signal over masked threshold (VI).
    contrast : float
        Weber contrast of the dimple (half the range of ``(I − I_ref)/Ī`` in W).
    frequency_cpd : float
        Centre of the channel the dimple is seen through (cycles/degree).
    masking : float
        Threshold elevation by the back's own shading (≥ 1).
    threshold : float
        Weber contrast the dimple would need for VI = 1.
    signal : ndarray
        CSF-filtered contrast image of the dimples (threshold units).
    """

    visibility_index: float
    contrast: float
    frequency_cpd: float
    masking: float
    threshold: float
    signal: np.ndarray


def observe(params: Params, shading: np.ndarray, shading_reference: np.ndarray, width_mm: float) -> Observation:
    """Look for the dimples in a shaded back (docs/MODEL.md §4).

    1. Contrast images relative to the mean Ī of the back in the window W
       around the right PSIS: the dimples ``(I − I_ref)/Ī`` and the back
       ``I_ref/Ī``.
    2. Both filtered by the Barten CSF (:func:`venusedu.vision.barten_csf`) at
       the viewing distance, for the adapting luminance ``L Ī`` and a field
       the size of the dimple (two widths at half depth).
    3. The signal is the largest |filtered dimple| in W. The channel it is
       seen through is a log-Gaussian (σ = 0.5 octave) around the
       power-weighted mean frequency of the filtered dimple; the back's own
       shading in that channel, as an amplitude (√2 × its RMS in W), raises
       the threshold by :func:`venusedu.vision.masking_elevation`.
    4. ``VI = signal / elevation``.

    Parameters
    ----------
    params : Params
        Grid, window, luminance and viewing distance are read from it.
    shading, shading_reference : ndarray
        Lambert intensity of the back with and without the dimples,
        shape ``(grid, grid)``.
    width_mm : float
        Width of the dimple at half depth (mm); 0 means no dimple.

    Returns
    -------
    Observation

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> from venusedu.model import observe
    >>> r = simulate(Params())
    >>> o = observe(r.params, r.shading, r.shading_reference, r.width_mm)
    >>> o.visibility_index == r.visibility_index
    True
    """
    p = params
    shade = np.asarray(shading, dtype=float)
    shade_ref = np.asarray(shading_reference, dtype=float)
    n = p.grid
    if shade.shape != (n, n) or shade_ref.shape != (n, n):
        raise ValueError(
            f"shading and shading_reference must have shape ({n}, {n}) "
            f"(the grid of params); got {shade.shape} and {shade_ref.shape}"
        )
    g = _geometry(n, p.extent_mm)
    win = _window(n, p.extent_mm, p.dimple_spacing_mm)
    iref_w = shade_ref.ravel()[win.idx]
    mean = float(iref_w.mean())
    zeros = np.zeros((n, n))
    zeros.setflags(write=False)
    none: dict[str, Any] = dict(visibility_index=0.0, contrast=0.0, frequency_cpd=0.0, masking=1.0, signal=zeros)
    if shade is shade_ref or width_mm == 0.0 or not mean > 0.0 or np.array_equal(shade, shade_ref):
        S1 = vision.barten_csf(
            vision.cycles_per_degree(g.q_unique, p.view_distance_m), max(p.luminance_cd_m2 * mean, 1e-3), 2.0
        )
        return Observation(**dict(none, threshold=1.0 / float(S1.max())))
    lum = p.luminance_cd_m2 * mean
    to_deg = 180.0 / (math.pi * 1000.0 * p.view_distance_m)
    field_deg = max(2.0 * width_mm, 2.0 * g.dx) * to_deg
    f_u = vision.cycles_per_degree(g.q_unique, p.view_distance_m)
    S = _gather(vision.barten_csf(f_u, lum, field_deg), g, 0.0)
    c_sig = (shade - shade_ref) * (1.0 / mean)
    c_hat = _fft.rfft2(c_sig)
    signal = _fft.irfft2(S * c_hat, s=(n, n))
    d = float(np.abs(signal.ravel()[win.idx]).max())
    c_w = c_sig.ravel()[win.idx]
    contrast = 0.5 * float(c_w.max() - c_w.min())
    if d == 0.0:
        return Observation(**dict(none, contrast=contrast, threshold=1.0 / float(S.max())))
    # the channel the dimple is seen through, and the back's shading in it
    # centre: the power-weighted mean log frequency of the CSF-weighted signal
    weight = np.abs(c_hat) * S
    weight *= weight
    weight *= g.col_weight[None, :]
    weight[0, 0] = 0.0
    q_safe = np.where(g.q > 0, g.q, 1.0)
    q_c = float(np.exp(np.sum(weight * np.log(q_safe)) / np.sum(weight)))
    f_c = vision.cycles_per_degree(q_c, p.view_distance_m)
    G = _gather(vision.channel_gain(f_u, f_c), g, 0.0)
    masker = _fft.irfft2(S * G * _fft.rfft2(shade_ref), s=(n, n)) * (1.0 / mean)
    m_w = masker.ravel()[win.idx]
    m_w = m_w - m_w.mean()
    m = math.sqrt(2.0) * float(np.sqrt(np.mean(m_w * m_w)))
    E = vision.masking_elevation(m)
    vi = d / E
    signal.setflags(write=False)
    return Observation(vi, contrast, f_c, E, contrast / vi, signal)


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
