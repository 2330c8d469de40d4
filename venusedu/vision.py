"""What the eye sees: Lambert shading, contrast, threshold, visibility index.

MODEL.md section 3, "Shading" and "What the eye sees". Pure functions on NumPy
arrays and floats; this module imports NumPy only. Slopes are dimensionless
(mm per mm), angles in degrees, distances in metres, widths in mm.

Examples
--------
>>> import numpy as np
>>> from venusedu import vision
>>> flat = np.zeros((4, 4))
>>> float(vision.shading(flat, flat, elevation_deg=90.0, azimuth_deg=0.0, ambient=0.3)[0, 0])
1.0
>>> round(vision.spatial_frequency_cpd(10.0, 1.5), 4)
1.309
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "light_direction",
    "inverse_normal_length",
    "shading",
    "contrast",
    "spatial_frequency_cpd",
    "contrast_threshold",
    "visibility_index",
]

# exp() of anything above this overflows a float64; a threshold that large is
# reported as the largest float (the eye's real cut-off, ~60 cycles/degree,
# is reached long before; see contrast_threshold).
_MAX_EXP = 700.0


def light_direction(elevation_deg: float, azimuth_deg: float) -> tuple[float, float, float]:
    """Unit vector towards the light, ``l = (cos θ cos φ, cos θ sin φ, sin θ)``.

    Parameters
    ----------
    elevation_deg : float
        Elevation θ of the light above the skin plane (degrees; 90 is frontal).
    azimuth_deg : float
        Azimuth φ of the light in the skin plane (degrees, from +x towards +y).

    Returns
    -------
    tuple of float
        ``(lx, ly, lz)``, dimensionless.

    Examples
    --------
    >>> from venusedu.vision import light_direction
    >>> [round(c, 6) for c in light_direction(90.0, 0.0)]
    [0.0, 0.0, 1.0]
    """
    th = math.radians(elevation_deg)
    ph = math.radians(azimuth_deg)
    return (math.cos(th) * math.cos(ph), math.cos(th) * math.sin(ph), math.sin(th))


def inverse_normal_length(sx: np.ndarray, sy: np.ndarray) -> np.ndarray:
    """``1 / sqrt(1 + sx² + sy²)``: the z component of the unit surface normal.

    Depends on the surface only, so it can be computed once and reused for
    every lighting (see :func:`shading`).

    Parameters
    ----------
    sx, sy : ndarray
        Slopes ∂s/∂x and ∂s/∂y (dimensionless, mm/mm).

    Returns
    -------
    ndarray
        Same shape as the slopes, in (0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.vision import inverse_normal_length
    >>> float(inverse_normal_length(np.array(0.75), np.array(0.0)))
    0.8
    """
    sx = np.asarray(sx, dtype=float)
    sy = np.asarray(sy, dtype=float)
    out = np.multiply(sx, sx, out=np.empty(np.broadcast_shapes(sx.shape, sy.shape)))
    out += sy * sy
    out += 1.0
    np.sqrt(out, out=out)
    return np.divide(1.0, out, out=out)


def shading(
    sx: np.ndarray,
    sy: np.ndarray,
    elevation_deg: float,
    azimuth_deg: float,
    ambient: float,
    inv_norm: np.ndarray | None = None,
) -> np.ndarray:
    """Lambert shading with ambient light, ``I = A + (1 − A)·max(0, n·l)``.

    The normal is ``n = (−∂x s, −∂y s, 1)/|…|``.

    Parameters
    ----------
    sx, sy : ndarray
        Surface slopes ∂s/∂x, ∂s/∂y (dimensionless).
    elevation_deg, azimuth_deg : float
        Light elevation θ and azimuth φ (degrees).
    ambient : float
        Ambient share A (0–1, dimensionless).
    inv_norm : ndarray, optional
        Precomputed :func:`inverse_normal_length` of the same slopes.

    Returns
    -------
    ndarray
        Intensity in [A, 1], same shape as the slopes.

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.vision import shading
    >>> s = shading(np.array([0.0, -0.1]), np.zeros(2), 35.0, 0.0, 0.3)
    >>> bool(s[1] > s[0])   # light from +x: a surface falling towards +x faces it
    True
    """
    lx, ly, lz = light_direction(elevation_deg, azimuth_deg)
    if inv_norm is None:
        inv_norm = inverse_normal_length(sx, sy)
    ndotl = lz - lx * sx
    if ly != 0.0:
        ndotl -= ly * sy
    np.maximum(ndotl, 0.0, out=ndotl)
    ndotl *= inv_norm
    ndotl *= 1.0 - ambient
    ndotl += ambient
    return ndotl


def contrast(delta_i: np.ndarray, reference_i: np.ndarray) -> float:
    """Contrast ``C = (max ΔI − min ΔI) / (2 · mean I_ref)`` over a window.

    Parameters
    ----------
    delta_i : ndarray
        ``I[s] − I[s_ref]`` at the points of the window (dimensionless).
    reference_i : ndarray
        ``I[s_ref]`` at the same points.

    Returns
    -------
    float
        Contrast (dimensionless, ≥ 0). Exactly 0 when ``delta_i`` is all zero.

    Raises
    ------
    ValueError
        If the window is empty, or the reference is completely dark there
        (mean 0), where a Weber contrast is undefined.

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.vision import contrast
    >>> contrast(np.array([-0.1, 0.0, 0.1]), np.full(3, 0.5))
    0.2
    """
    d = np.asarray(delta_i)
    if d.size == 0:
        raise ValueError("contrast needs at least one point in the window; got none")
    spread = float(d.max() - d.min())
    if spread == 0.0:
        return 0.0
    mean = float(np.mean(reference_i))
    if not mean > 0.0:
        # only possible with no ambient light and the whole window facing away
        # from the light; the Weber contrast is undefined there
        raise ValueError(
            f"mean reference intensity = {mean} is not allowed: contrast needs a lit "
            "reference (mean > 0) in the window"
        )
    return spread / (2.0 * mean)


def spatial_frequency_cpd(width_mm: float, view_distance_m: float) -> float:
    """Spatial frequency of a pit of width *w* seen from *D_v*:
    ``f = π · 1000 · D_v / (360 · w)`` cycles/degree.

    The full width at half depth is taken as half a cycle. A width of 0
    (no pit) gives 0, not infinity.

    Parameters
    ----------
    width_mm : float
        Full width at half depth (mm, ≥ 0).
    view_distance_m : float
        Viewing distance (m, > 0).

    Returns
    -------
    float
        Cycles per degree.

    Examples
    --------
    >>> from venusedu.vision import spatial_frequency_cpd
    >>> spatial_frequency_cpd(0.0, 1.5)
    0.0
    >>> round(spatial_frequency_cpd(20.0, 3.0), 4)
    1.309
    """
    if not (math.isfinite(width_mm) and width_mm >= 0.0):
        raise ValueError(f"width_mm = {width_mm} mm is not allowed: must be a finite number >= 0 mm")
    if not (math.isfinite(view_distance_m) and view_distance_m > 0.0):
        raise ValueError(
            f"view_distance_m = {view_distance_m} m is not allowed: must be a finite number > 0 m"
        )
    if width_mm == 0.0:
        return 0.0
    return math.pi * 1000.0 * view_distance_m / (360.0 * width_mm)


def contrast_threshold(frequency_cpd: float, c_min: float, peak_cpd: float) -> float:
    """Contrast threshold of the eye, ``C_th(f)``.

    ``C_th = C_min`` for ``f ≤ f_p`` and
    ``C_min · (f_p/f) · exp(f/f_p − 1)`` above (continuous at ``f_p``).

    Parameters
    ----------
    frequency_cpd : float
        Spatial frequency f (cycles/degree, ≥ 0).
    c_min : float
        Threshold at and below the peak, C_min (dimensionless).
    peak_cpd : float
        Peak frequency f_p (cycles/degree).

    Returns
    -------
    float
        Threshold (dimensionless). Always finite: for frequencies far beyond
        the eye's cut-off, where ``exp`` would overflow, the largest float is
        returned (the pattern is invisible either way).

    Examples
    --------
    >>> from venusedu.vision import contrast_threshold
    >>> contrast_threshold(1.0, 0.02, 3.0)
    0.02
    >>> round(contrast_threshold(6.0, 0.02, 3.0), 6)
    0.027183
    """
    f = float(frequency_cpd)
    if f <= peak_cpd:
        return float(c_min)
    x = f / peak_cpd - 1.0 + math.log(peak_cpd / f)
    if x > _MAX_EXP:
        return float(np.finfo(float).max)
    return float(c_min) * math.exp(x)


def visibility_index(contrast_value: float, frequency_cpd: float, c_min: float, peak_cpd: float) -> float:
    """Visibility index ``VI = C / C_th(f)``; visible when ``VI ≥ 1``.

    Computed as ``(C / C_min) · (f/f_p) · exp(1 − f/f_p)`` above the peak, so
    it never overflows. ``C = 0`` gives exactly 0.

    Parameters
    ----------
    contrast_value : float
        Contrast C (dimensionless).
    frequency_cpd : float
        Spatial frequency f (cycles/degree).
    c_min, peak_cpd : float
        Threshold parameters, see :func:`contrast_threshold`.

    Returns
    -------
    float
        VI (dimensionless, ≥ 0).

    Examples
    --------
    >>> from venusedu.vision import visibility_index
    >>> visibility_index(0.04, 1.0, 0.02, 3.0)
    2.0
    >>> visibility_index(0.0, 0.0, 0.02, 3.0)
    0.0
    """
    c = float(contrast_value)
    if c == 0.0:
        return 0.0
    f = float(frequency_cpd)
    vi = c / c_min
    if f > peak_cpd:
        r = f / peak_cpd
        vi *= r * math.exp(1.0 - r)
    return vi
