"""The observer: how visible the dimples are on a shaded back (docs/MODEL.md §4).

:func:`observe` turns the Lambert shading of the back with and without the
dimples into a visibility index (:class:`Observation`) with the eye of
:mod:`venusedu.vision`. Physics only (NumPy, SciPy).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import scipy.fft as _fft

from .. import vision
from ..params import Params
from .grid import _gather, _geometry, _window


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
