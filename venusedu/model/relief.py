"""Muscle relief and liposculpture in real space (docs/MODEL.md §3.5).

:func:`muscle_relief` is the shape ``b(x, y)`` of the muscle under all the fat
on an unbounded back, :func:`_periodic_muscle` the same shape made periodic on
the grid of :func:`venusedu.model.simulate`, and :func:`lipo_profile` the fat
removed by liposculpture. The constants of the relief are defined here once.
Physics only (NumPy).
"""

from __future__ import annotations

import math

import numpy as np

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
