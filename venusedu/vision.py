"""What the eye sees: shading, contrast sensitivity, masking, the verdict.

``docs/MODEL.md`` section 4. Pure functions on NumPy arrays and floats; this
module imports NumPy only. Slopes are dimensionless (mm per mm), angles in
degrees, distances in metres, widths in mm, luminances in cd/m².

The observer of model v2 (used by :func:`venusedu.simulate`):

1. the back is shaded (:func:`shading`), with the dimples and without them;
2. both images become contrast images ``c = I/Ī − 1`` (Ī: mean of the back
   around the dimple) and are filtered by the contrast sensitivity function of
   Barten (1999) at the viewing distance (:func:`barten_csf`): a filtered
   value of 1 is a pattern at its detection threshold;
3. the dimple's signal is the largest filtered value of the difference the
   dimples make; the back's own shading near the dimple's spatial frequency
   masks it, raising the threshold by :func:`masking_elevation`
   (Legge & Foley 1980);
4. ``VI = signal / elevation``, with a band of ±0.2 log units for the spread
   of thresholds between observers (:func:`verdict`).

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
    "cycles_per_degree",
    "pupil_diameter_mm",
    "barten_csf",
    "channel_gain",
    "masking_elevation",
    "THRESHOLD_BAND_LOG10",
    "MASKING_EXPONENT",
    "CHANNEL_SIGMA_OCTAVES",
    "vi_band",
    "verdict",
]

#: Half-width of the uncertainty band of VI, in log10 units (×/÷ 1.58): the
#: spread of contrast thresholds between observers with normal vision plus the
#: error of the detection model (an estimate; docs/MODEL.md §4.4).
THRESHOLD_BAND_LOG10 = 0.2
#: Slope of threshold elevation against masker contrast (in threshold units)
#: on log-log axes above the masker's own threshold (Legge & Foley 1980).
MASKING_EXPONENT = 0.6
#: Standard deviation (octaves) of the log-Gaussian spatial-frequency channel
#: through which the back's own shading masks the dimple (full width at half
#: height 1.2 octaves, the bandwidth of masking; Legge & Foley 1980).
CHANNEL_SIGMA_OCTAVES = 0.5

# Barten (1999, 2003) model constants (photopic, binocular)
_BARTEN_K = 3.0  # signal-to-noise ratio at threshold
_BARTEN_T = 0.1  # integration time (s)
_BARTEN_ETA = 0.03  # quantum efficiency
_BARTEN_P = 1.2274e6  # photon conversion factor (photons / (s deg² Td)), 555 nm
_BARTEN_PHI0 = 3e-8  # spectral density of neural noise (s deg²)
_BARTEN_U0 = 7.0  # lateral-inhibition frequency (cycles/deg)
_BARTEN_XMAX = 12.0  # largest integration area (deg)
_BARTEN_NMAX = 15.0  # largest number of cycles integrated
_BARTEN_SIGMA0 = 0.5 / 60  # line-spread constant (deg)
_BARTEN_CAB = 0.08 / 60  # aberration growth with pupil (deg / mm)


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
            f"mean reference intensity = {mean} is not allowed: contrast needs a lit reference (mean > 0) in the window"
        )
    return spread / (2.0 * mean)


def spatial_frequency_cpd(width_mm: float, view_distance_m: float) -> float:
    """Spatial frequency of a pit of width *w* seen from *D_v*, in cycles/degree.

    ``f = π · 1000 · D_v / (360 · w)``.

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
        raise ValueError(f"view_distance_m = {view_distance_m} m is not allowed: must be a finite number > 0 m")
    if width_mm == 0.0:
        return 0.0
    return math.pi * 1000.0 * view_distance_m / (360.0 * width_mm)


def cycles_per_degree(q_per_mm, view_distance_m: float):
    """Spatial frequency in cycles/degree of a wavenumber on the skin.

    ``f = q · 1000 · D_v / 360``: q/(2π) cycles per mm times the
    ``1000 D_v π/180`` mm that one degree covers at the distance ``D_v`` (m).

    Examples
    --------
    >>> from venusedu.vision import cycles_per_degree
    >>> round(cycles_per_degree(0.2, 1.5), 4)    # a 31 mm wavelength seen from 1.5 m
    0.8333
    """
    out = np.asarray(q_per_mm, dtype=float) * (1000.0 * float(view_distance_m) / 360.0)
    return float(out) if np.ndim(q_per_mm) == 0 else out


def pupil_diameter_mm(luminance_cd_m2: float, field_deg: float) -> float:
    """Pupil diameter (mm) for a field of luminance L and size X0 (Barten 1999).

    ``d = 5 − 3 tanh(0.4 log10(L X0² / 40²))``.

    Examples
    --------
    >>> from venusedu.vision import pupil_diameter_mm
    >>> round(pupil_diameter_mm(100.0, 60.0), 3)
    2.793
    """
    L = float(luminance_cd_m2)
    X = float(field_deg)
    if not (L > 0 and X > 0 and math.isfinite(L) and math.isfinite(X)):
        raise ValueError(f"luminance_cd_m2 = {L} and field_deg = {X} must be finite numbers > 0")
    return 5.0 - 3.0 * math.tanh(0.4 * math.log10(L * X * X / 1600.0))


def barten_csf(f_cpd, luminance_cd_m2: float, field_deg: float):
    """Contrast sensitivity of the human eye (Barten 1999; the 2003 formula).

    Sensitivity S = 1 / (threshold modulation) of a pattern of spatial
    frequency f seen on a field of mean luminance L and angular size X0::

        S(f) = (M_opt(f)/k) / sqrt( (2/T) (1/X0² + 1/X_max² + f²/N_max²)
                                     × (1/(η p E) + Φ0 / (1 − exp(−(f/u0)²))) )

    with the optical transfer ``M_opt = exp(−2π² σ² f²)``,
    ``σ = sqrt(σ0² + (C_ab d)²)``, the pupil d of :func:`pupil_diameter_mm` and
    the retinal illuminance ``E = (π d²/4) L (1 − (d/9.7)² + (d/12.4)⁴)``
    (Trolands). Constants: k = 3, T = 0.1 s, η = 0.03, p = 1.2274e6,
    Φ0 = 3e-8 s deg², u0 = 7 cycles/deg, X_max = 12°, N_max = 15,
    σ0 = 0.5 arcmin, C_ab = 0.08 arcmin/mm. ``tests/test_vision.py`` checks this
    against the independent implementation in ``colour-science``.

    Parameters
    ----------
    f_cpd : float or array_like
        Spatial frequency (cycles/degree, ≥ 0). S(0) = 0.
    luminance_cd_m2 : float
        Mean (adapting) luminance L (cd/m², > 0).
    field_deg : float
        Angular size X0 of the pattern (degrees, > 0).

    Returns
    -------
    float or ndarray
        Contrast sensitivity (dimensionless, ≥ 0).

    Examples
    --------
    >>> from venusedu.vision import barten_csf
    >>> round(float(barten_csf(4.0, 100.0, 60.0)))   # near the peak, large bright field
    657
    >>> float(barten_csf(0.0, 100.0, 60.0))
    0.0
    """
    f = np.asarray(f_cpd, dtype=float)
    L = float(luminance_cd_m2)
    X0 = float(field_deg)
    d = pupil_diameter_mm(L, X0)
    sigma = math.hypot(_BARTEN_SIGMA0, _BARTEN_CAB * d)
    E = math.pi * d * d / 4.0 * L * (1.0 - (d / 9.7) ** 2 + (d / 12.4) ** 4)
    f2 = f * f
    m_opt = np.exp(-2.0 * math.pi**2 * sigma**2 * f2)
    size = 1.0 / (X0 * X0) + 1.0 / (_BARTEN_XMAX**2) + f2 / (_BARTEN_NMAX**2)
    with np.errstate(divide="ignore"):
        neural = _BARTEN_PHI0 / -np.expm1(-f2 / (_BARTEN_U0**2))
    noise = (2.0 / _BARTEN_T) * size * (1.0 / (_BARTEN_ETA * _BARTEN_P * E) + neural)
    out = (m_opt / _BARTEN_K) / np.sqrt(noise)
    out = np.where(f > 0.0, out, 0.0)
    return float(out) if np.ndim(f_cpd) == 0 else out


def channel_gain(f_cpd, centre_cpd: float, sigma_octaves: float = CHANNEL_SIGMA_OCTAVES):
    """Log-Gaussian spatial-frequency channel centred on ``centre_cpd``.

    ``G(f) = exp(−log2(f/f_c)² / (2 σ²))``, 0 at f = 0.

    Examples
    --------
    >>> from venusedu.vision import channel_gain
    >>> [round(float(g), 3) for g in channel_gain([0.0, 1.0, 2.0], 1.0)]
    [0.0, 1.0, 0.135]
    """
    f = np.asarray(f_cpd, dtype=float)
    if not (centre_cpd > 0):
        raise ValueError(f"centre_cpd = {centre_cpd} cycles/degree must be > 0")
    with np.errstate(divide="ignore"):
        z = np.log2(np.where(f > 0, f, 1.0) / centre_cpd) / sigma_octaves
    out = np.where(f > 0, np.exp(-0.5 * z * z), 0.0)
    return float(out) if np.ndim(f_cpd) == 0 else out


def masking_elevation(masker_threshold_units: float, exponent: float = MASKING_EXPONENT) -> float:
    """Rise of the detection threshold caused by a visible masker.

    ``E = max(1, m)^ε``: a masker below its own threshold (m < 1, in threshold
    units) leaves the threshold alone; above it the threshold rises as a
    power ε ≈ 0.6 of the masker contrast (Legge & Foley 1980, "Contrast
    masking in human vision"; the small facilitation near m = 1 is left out).

    Examples
    --------
    >>> from venusedu.vision import masking_elevation
    >>> masking_elevation(0.5), round(masking_elevation(10.0), 3)
    (1.0, 3.981)
    """
    m = float(masker_threshold_units)
    if not (m >= 0 and math.isfinite(m)):
        raise ValueError(f"masker contrast = {m} (threshold units) must be a finite number >= 0")
    return max(1.0, m) ** exponent


def vi_band(vi: float, band_log10: float = THRESHOLD_BAND_LOG10) -> tuple[float, float]:
    """The uncertainty band ``(VI / 10^b, VI · 10^b)`` of a visibility index.

    Examples
    --------
    >>> from venusedu.vision import vi_band
    >>> [round(v, 3) for v in vi_band(1.0)]
    [0.631, 1.585]
    """
    f = 10.0**band_log10
    return float(vi) / f, float(vi) * f


def format_vi(vi: float) -> str:
    """Visibility index as printed on figures, in alt text and in the lessons' verdicts.

    Two significant digits below 10, whole numbers above.

    Examples
    --------
    >>> from venusedu.vision import format_vi
    >>> format_vi(2.345), format_vi(0.4249), format_vi(0.0), format_vi(12.6)
    ('2.3', '0.42', '0', '13')
    """
    vi = float(vi)
    if vi == 0.0:
        return "0"
    if vi >= 10.0:
        return f"{vi:.0f}"
    if vi >= 1.0:
        return f"{vi:.1f}"
    if vi >= 0.01:
        return f"{vi:.2f}"
    return f"{vi:.1g}"


def verdict(vi: float, band_log10: float = THRESHOLD_BAND_LOG10) -> str:
    """``"visible"``, ``"borderline"`` or ``"not visible"`` for a visibility index.

    Visible when the whole band is at or above 1, not visible when it is all
    below 1, borderline when it straddles 1.

    Examples
    --------
    >>> from venusedu.vision import verdict
    >>> verdict(2.0), verdict(1.2), verdict(0.5)
    ('visible', 'borderline', 'not visible')
    """
    low, high = vi_band(vi, band_log10)
    if low >= 1.0:
        return "visible"
    if high < 1.0:
        return "not visible"
    return "borderline"
