"""The dimple model of MODEL.md: pin, layer transfer, surface, :func:`simulate`.

Physics only: this module imports NumPy, SciPy and the sibling modules
:mod:`venusedu.params` and :mod:`venusedu.vision`; never matplotlib or
ipywidgets.

Units. Lengths are in mm in the API (``*_mm``); wavenumbers of the grid are in
rad/mm. Where tension T (N/m), bending stiffness D (N·m) and shear modulus μ
(Pa) meet, q is converted to rad/m so that ``β = (T q + D q³)/μ`` is
dimensionless.

How the surface is built (MODEL.md section 3):

* the liposculpture dips are built directly in Fourier space from their exact
  transform (a Gaussian), placed at ``(±spacing/2, 0)`` by a phase factor:
  that is the periodic sum over all copies of the patch;
* the pins are built twice: from their exact 2-D transform
  (:func:`pin_spectrum`, band-limited, no aliasing) and sampled at the grid
  nodes (exact at the nodes, cached per pin shape). The pin's flat core ends
  in a kink at ``r = a`` that no grid resolves spectrally. The exact
  transform, filtered by ``T_inc``, is used as it is; the difference between
  the two (the content beyond the Nyquist wavenumber, aliased) is added with
  the weight ``T_inc`` takes at the Nyquist wavenumber. So without superficial
  fat (naive regime, or lipo down to the insertion level) the pit is the pin
  itself, exact at the nodes (depth = d_p + t_d), and under a grid step or
  more of fat it is the exact band-limited transform; the grid-convergence
  tests check the regimes in between;
* the muscle relief is sampled once per ``(grid, extent)`` on the periodic
  grid (sum over copies) and Fourier transformed (cached);
* ``ŝ = T_inc(q t, β) b̂ − T_inc(q t_s,loc, β) Γ̂ − S(q) L̂`` and its slopes are
  brought back with real FFTs (``scipy.fft.irfft2``); the slopes are spectral
  derivatives, exact for the band-limited field;
* nothing is kept between calls except those caches (``functools.lru_cache``
  on pure functions of the grid, returning read-only arrays). A lighting
  change reuses a previous result only when it is passed explicitly
  (``simulate(p, previous=r)``).

Examples
--------
>>> from venusedu import Params, simulate
>>> r = simulate(Params(fat_mm=4.0))
>>> r.surface_mm.shape
(256, 256)
>>> bool(r.visible), round(r.depth_mm, 2)
(True, 0.97)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import scipy.fft as _fft
from scipy import special as _sp

from . import vision
from .params import Params

__all__ = [
    "WINDOW_RADIUS_MM",
    "layer_transfer",
    "layer_transfer_laplace",
    "layer_stiffness",
    "skin_smoothing",
    "pin_profile",
    "pin_spectrum",
    "pin_decay_mm",
    "pin_amplitude_mm",
    "kappa_mm",
    "muscle_relief",
    "lipo_profile",
    "fat_from_body_fat",
    "SEX_ALIASES",
    "Profile",
    "Result",
    "simulate",
]

#: Radius of the window W around the right PSIS in which contrast and slope
#: are measured (mm), MODEL.md section 3.
WINDOW_RADIUS_MM = 40.0

# Muscle relief (MODEL.md section 3), mm; an assumption to discuss, kept smooth.
_ERECTOR_X_MM = 25.0
_ERECTOR_SIGMA_MM = 18.0
_ERECTOR_HEIGHT_MM = 6.0
_ERECTOR_FADE_Y_MM = -30.0      # the ridges fade out below this level ...
_ERECTOR_FADE_WIDTH_MM = 8.0    # ... over about this length (logistic)
_GLUTEAL_CENTRE_MM = (60.0, -60.0)
_GLUTEAL_SIGMA_MM = 30.0
_GLUTEAL_HEIGHT_MM = 8.0

# Below this Q the series of sinh(2Q) − 2Q is used (no cancellation).
_Q_SERIES = 0.5


# ----------------------------------------------------------------------------
# input checks for the array-aware public functions
# ----------------------------------------------------------------------------
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
# layer transfer (plane strain, incompressible, bonded base, shear-free top)
# ----------------------------------------------------------------------------
# The three kernels below work in place where they can: at the default grid
# every temporary is a 264 kB array, and allocating a fresh one costs page
# faults, which dominate the run time more than the arithmetic does.

def _sinh2q_minus_2q_scaled(Q: np.ndarray, E2: np.ndarray) -> np.ndarray:
    """``h(Q) = e^{−2Q} (sinh 2Q − 2Q)``, stable for every Q ≥ 0.

    Direct formula ``(1 − e^{−4Q})/2 − 2Q e^{−2Q}`` above ``_Q_SERIES``; the
    Taylor series of ``sinh x − x`` (x = 2Q ≤ 1, through x¹⁷, truncation
    error below 1e-16 relative) below it.
    """
    h = np.multiply(E2, E2)
    np.subtract(1.0, h, out=h)
    h *= 0.5
    t = np.multiply(Q, E2)
    t *= 2.0
    h -= t
    small = Q < _Q_SERIES
    if small.any():
        xs = 2.0 * Q[small]
        x2 = xs * xs
        series = 1.0 + x2 / 272.0
        for d in (210.0, 156.0, 110.0, 72.0, 42.0, 20.0):
            series = 1.0 + x2 / d * series
        h[small] = xs * x2 / 6.0 * series * E2[small]
    return h


def _t_inc(Q: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Unchecked T_inc on float arrays of one shape (Q ≥ 0, finite).

    ``T = 2E[(Q+1) + (1−Q)E²] / [(1+E²)² + 4(QE)² + β h(Q)]``, E = e^{−Q}:
    MODEL.md's formula with numerator and denominator multiplied by e^{−2Q}/2.
    """
    E = np.exp(-Q)
    E2 = np.multiply(E, E)
    den = _sinh2q_minus_2q_scaled(Q, E2)
    den *= beta
    t = np.multiply(Q, E)
    t *= t
    t *= 4.0
    den += t
    np.add(E2, 1.0, out=t)
    t *= t
    den += t
    np.subtract(1.0, Q, out=t)                   # numerator, in t
    t *= E2
    t += Q
    t += 1.0
    t *= E
    t *= 2.0
    t /= den
    return t


def _smoothing(Q: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Unchecked S = K/(K + Tq² + Dq⁴) = 1/(1 + β g(Q)), g = h / [4(QE)² + (1+E²)²]."""
    E = np.exp(-Q)
    E2 = np.multiply(E, E)
    g = _sinh2q_minus_2q_scaled(Q, E2)
    t = np.multiply(Q, E)
    t *= t
    t *= 4.0
    np.add(E2, 1.0, out=E2)
    E2 *= E2
    t += E2
    g /= t
    g *= beta
    g += 1.0
    return np.divide(1.0, g, out=g)


def _broadcast_q_beta(Q, beta):
    Qa = _nonneg_array("Q", Q, "")
    ba = _nonneg_array("beta", beta, "")
    if np.isinf(ba).any():
        raise ValueError("beta = inf is not allowed: must be a finite number >= 0")
    Qb, bb = np.broadcast_arrays(Qa, ba)
    Qb = np.array(Qb, dtype=float)
    # T_inc and S are exactly 0 (resp. the large-Q value) in float64 far
    # beyond Q = 800: e^{-Q} underflows to 0 there, so limiting Q changes no
    # result and keeps Q = inf from producing inf·0.
    return np.minimum(Qb, 800.0), np.array(bb, dtype=float)


def _scalar_or_array(arr: np.ndarray, *inputs):
    if all(np.ndim(i) == 0 for i in inputs):
        return float(arr)
    return arr


def layer_transfer(Q, beta=0.0):
    """Transfer ``T_inc(Q, β)`` of a displacement through an incompressible layer.

    Plane strain, base bonded with an imposed vertical displacement, top
    shear-free and carrying the skin (tension and bending). For a base
    displacement ``w_b cos(qx)`` the top moves ``T_inc · w_b cos(qx)``::

        T_inc = 4(Q sinh Q + cosh Q) / [4Q² + 2 cosh 2Q + 2 + β(sinh 2Q − 2Q)]

    evaluated in a form that never overflows (all hyperbolic functions
    rewritten with ``e^{−Q}`` and ``e^{−2Q}``) and with a series for
    ``sinh 2Q − 2Q`` at small Q, so that ``T_inc(0, β) = 1`` exactly.

    Parameters
    ----------
    Q : float or array_like
        ``q·h``: wavenumber (rad/m) times layer thickness (m); dimensionless,
        ≥ 0 (``inf`` allowed).
    beta : float or array_like, default 0
        ``(T q + D q³)/μ``, dimensionless, finite, ≥ 0. Broadcast against Q.

    Returns
    -------
    float or ndarray
        T_inc in [0, 1]; a float when both inputs are scalars.

    Raises
    ------
    ValueError
        Negative or NaN Q, negative, NaN or infinite beta.

    Examples
    --------
    >>> from venusedu.model import layer_transfer
    >>> round(layer_transfer(2.0, 0.0), 6), round(layer_transfer(2.0, 1.0), 6)
    (0.6068, 0.459445)
    >>> layer_transfer(0.0, 5.0)
    1.0
    >>> layer_transfer([0.5, 1e6])
    array([0.91234757, 0.        ])
    """
    Qb, bb = _broadcast_q_beta(Q, beta)
    with np.errstate(under="ignore"):
        out = _t_inc(np.atleast_1d(Qb), np.atleast_1d(bb)).reshape(Qb.shape)
    return _scalar_or_array(out, Q, beta)


def layer_transfer_laplace(Q):
    """Scalar-Laplace surrogate ``1/cosh Q`` (teaching comparison only).

    It over-smooths: at Q = 2 it gives 0.27 where :func:`layer_transfer`
    gives 0.61. Evaluated as ``2e^{−Q}/(1 + e^{−2Q})``, so it never overflows.

    Parameters
    ----------
    Q : float or array_like
        Dimensionless ``q·h`` ≥ 0.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> from venusedu.model import layer_transfer_laplace
    >>> round(layer_transfer_laplace(2.0), 4)
    0.2658
    >>> layer_transfer_laplace(1e4)
    0.0
    """
    Qa = np.minimum(_nonneg_array("Q", Q, ""), 800.0)
    with np.errstate(under="ignore"):
        E = np.exp(-Qa)
        out = 2.0 * E / (1.0 + E * E)
    return _scalar_or_array(out, Q)


def skin_smoothing(Q, beta):
    """Skin smoothing factor ``S = K / (K + T q² + D q⁴)`` of the lipo term.

    With the layer stiffness ``K`` of :func:`layer_stiffness` at ``Q = q·t_s``
    this is ``1 / (1 + β g(Q))``, ``g = (sinh 2Q − 2Q) / (4(Q² + cosh² Q))``,
    evaluated without overflow; ``S(0, β) = 1``.

    Parameters
    ----------
    Q : float or array_like
        ``q·t_s`` (dimensionless, ≥ 0).
    beta : float or array_like
        ``(T q + D q³)/μ`` (dimensionless, ≥ 0, finite).

    Returns
    -------
    float or ndarray
        S in (0, 1].

    Examples
    --------
    >>> from venusedu.model import skin_smoothing
    >>> skin_smoothing(0.0, 3.0)
    1.0
    >>> round(skin_smoothing(50.0, 4.0), 6)    # thick layer: g -> 1/2
    0.333333
    """
    Qb, bb = _broadcast_q_beta(Q, beta)
    with np.errstate(under="ignore"):
        out = _smoothing(np.atleast_1d(Qb), np.atleast_1d(bb)).reshape(Qb.shape)
    return _scalar_or_array(out, Q, beta)


def layer_stiffness(q_per_m, thickness_m, shear_modulus_pa):
    """Stiffness ``K(q) = 4 μ q (Q² + cosh² Q) / (sinh 2Q − 2Q)`` of a fat layer.

    Pressure per unit top displacement (Pa/m) of an incompressible layer of
    thickness h on a bonded base, for a wave of wavenumber q; ``Q = q h``.
    For ``Q → 0`` it grows like ``3 μ / (q² h³)`` (squeezing fat sideways
    through a thin layer is hard) and ``K(0) = inf`` exactly.

    Parameters
    ----------
    q_per_m : float or array_like
        Wavenumber (rad/m, ≥ 0).
    thickness_m : float or array_like
        Layer thickness (m, ≥ 0).
    shear_modulus_pa : float
        μ (Pa, > 0).

    Returns
    -------
    float or ndarray
        K in Pa/m (N/m³); ``inf`` where ``q h = 0``.

    Examples
    --------
    >>> from venusedu.model import layer_stiffness
    >>> K = layer_stiffness(100.0, 0.001, 750.0)    # Q = 0.1: close to 3μ/(q²h³)
    >>> round(K / (3 * 750.0 / (100.0**2 * 0.001**3)), 3)
    1.018
    """
    q = _nonneg_array("q_per_m", q_per_m, "rad/m")
    h = _nonneg_array("thickness_m", thickness_m, "m")
    mu = _positive_scalar("shear_modulus_pa", shear_modulus_pa, "Pa")
    qb, hb = np.broadcast_arrays(q, h)
    shape = qb.shape
    qb = np.atleast_1d(qb)
    Q = np.minimum(qb * np.atleast_1d(hb), 800.0)
    with np.errstate(under="ignore"):
        E = np.exp(-Q)
        E2 = E * E
        QE = Q * E
        hq = _sinh2q_minus_2q_scaled(Q, E2)
        top = mu * qb * (4.0 * QE * QE + (1.0 + E2) ** 2)
        out = np.full(Q.shape, np.inf)
        np.divide(top, hq, out=out, where=hq > 0)
    return _scalar_or_array(out.reshape(shape), q_per_m, thickness_m)


# ----------------------------------------------------------------------------
# pin (tether) and its derived lengths
# ----------------------------------------------------------------------------
def kappa_mm(params: Params) -> float:
    """``κ = T / (3 μ)`` in mm: how much a mm of deep fat widens the pin (mm²/mm).

    Examples
    --------
    >>> from venusedu import Params
    >>> from venusedu.model import kappa_mm
    >>> round(kappa_mm(Params()), 2)
    4.44
    """
    return 1000.0 * params.skin_tension_n_per_m / (3.0 * params.fat_shear_modulus_pa)


def pin_decay_mm(params: Params) -> float:
    """Pin decay length ``λ = sqrt(λ0² + κ t_d)`` (mm).

    Examples
    --------
    >>> from venusedu import Params
    >>> from venusedu.model import pin_decay_mm
    >>> pin_decay_mm(Params())     # blanket regime: no deep fat, λ = λ0
    6.0
    """
    return math.sqrt(params.pin_width_mm ** 2 + kappa_mm(params) * params.deep_fat_mm)


def pin_amplitude_mm(params: Params) -> float:
    """Pin depression at the insertion level ``χ δ0``, ``δ0 = d_p + (1 − ρ) t_d`` (mm).

    Zero without the ligament.

    Examples
    --------
    >>> from venusedu import Params
    >>> from venusedu.model import pin_amplitude_mm
    >>> pin_amplitude_mm(Params(superficial_fraction=0.0, fat_mm=10.0))
    13.0
    >>> pin_amplitude_mm(Params(ligament=False))
    0.0
    """
    if not params.ligament:
        return 0.0
    return params.pin_depth_mm + (1.0 - params.remodel_fraction) * params.deep_fat_mm


def pin_profile(r_mm, decay_mm: float, core_mm: float, depth_mm: float = 1.0):
    """Pin depression ``Γ(r) = δ0 K0(max(r, a)/λ) / K0(a/λ)`` (mm, positive down).

    The tensioned-membrane-on-foundation solution around a point tether, with
    a flat core of radius a. Evaluated with the exponentially scaled
    ``scipy.special.k0e`` so it never overflows or underflows to NaN.

    Parameters
    ----------
    r_mm : float or array_like
        Distance from the PSIS (mm, ≥ 0).
    decay_mm : float
        λ (mm, > 0).
    core_mm : float
        a (mm, > 0).
    depth_mm : float, default 1
        δ0 (mm).

    Returns
    -------
    float or ndarray
        Γ in mm; ``depth_mm`` for ``r ≤ a``.

    Examples
    --------
    >>> from venusedu.model import pin_profile
    >>> pin_profile(0.0, 6.0, 1.5, 3.0)
    3.0
    >>> round(pin_profile(6.0, 6.0, 1.5, 3.0), 4)
    0.8194
    """
    r = _nonneg_array("r_mm", r_mm, "mm")
    lam = _positive_scalar("decay_mm", decay_mm, "mm")
    a = _positive_scalar("core_mm", core_mm, "mm")
    x = np.maximum(r, a) / lam
    xa = a / lam
    with np.errstate(under="ignore"):
        out = float(depth_mm) * (_sp.k0e(x) / _sp.k0e(xa)) * np.exp(-(x - xa))
    return _scalar_or_array(out, r_mm)


def _pin_spectrum_shape(q: np.ndarray, j0qa: np.ndarray, jinc: np.ndarray,
                        lam: float, a: float) -> np.ndarray:
    """Γ̂/δ0 from precomputed J0(qa) and J1(qa)/q (see :func:`pin_spectrum`)."""
    alpha = 1.0 / lam
    xa = a * alpha
    k_ratio = float(_sp.k1e(xa) / _sp.k0e(xa))          # K1(a/λ)/K0(a/λ)
    return (2.0 * math.pi * a) * (alpha * alpha * jinc + (alpha * k_ratio) * j0qa) / (q * q + alpha * alpha)


def pin_spectrum(q_per_mm, decay_mm: float, core_mm: float, depth_mm: float = 1.0):
    """2-D Fourier transform ``Γ̂(q) = ∫ Γ(r) e^{−i q·x} d²x`` of :func:`pin_profile`.

    Closed form (Lommel integral for the K0 part plus the flat core)::

        Γ̂(q) = 2π δ0 a / (q² + α²) · [α² J1(qa)/q + α K1(αa)/K0(αa) · J0(qa)],  α = 1/λ

    Parameters
    ----------
    q_per_mm : float or array_like
        Wavenumber (rad/mm, ≥ 0).
    decay_mm, core_mm : float
        λ and a (mm, > 0).
    depth_mm : float, default 1
        δ0 (mm).

    Returns
    -------
    float or ndarray
        Γ̂ in mm³ (mm of depth times mm² of area).

    Examples
    --------
    >>> from venusedu.model import pin_spectrum
    >>> round(pin_spectrum(0.0, 6.0, 1.5, 1.0), 3)   # = ∫ Γ d²x, the pin's volume per mm of depth
    144.525
    """
    q = _nonneg_array("q_per_mm", q_per_mm, "rad/mm")
    lam = _positive_scalar("decay_mm", decay_mm, "mm")
    a = _positive_scalar("core_mm", core_mm, "mm")
    qa = q * a
    with np.errstate(divide="ignore", invalid="ignore"):
        jinc = np.where(q > 0, _sp.j1(qa) / np.where(q > 0, q, 1.0), 0.5 * a)
    out = float(depth_mm) * _pin_spectrum_shape(q, _sp.j0(qa), jinc, lam, a)
    return _scalar_or_array(out, q_per_mm)


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
    height 6 mm·m, fading out below ``y ≈ −30`` mm over ~8 mm) and two gluteal
    bulges (Gaussians at ``(±60, −60)`` mm, σ 30 mm, height 8 mm·m). An
    assumption: exact shapes are not measured; they are smooth.

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
    6.131
    >>> muscle_relief(25.0, 50.0, muscle=0.0)
    0.0
    """
    x = np.asarray(x_mm, dtype=float)
    y = np.asarray(y_mm, dtype=float)
    ridge = (_gauss(x - _ERECTOR_X_MM, _ERECTOR_SIGMA_MM) + _gauss(x + _ERECTOR_X_MM, _ERECTOR_SIGMA_MM))
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


# ----------------------------------------------------------------------------
# body fat -> fat over the PSIS (MODEL.md section 5)
# ----------------------------------------------------------------------------
#: Accepted spellings of the ``sex`` argument of :func:`fat_from_body_fat`
#: (case-insensitive, surrounding spaces ignored).
SEX_ALIASES: dict[str, str] = {
    "female": "female", "f": "female", "woman": "female", "women": "female",
    "male": "male", "m": "male", "man": "male", "men": "male",
}
_BF_RANGE = (3.0, 60.0)
_FAT_FLOOR_MM = 1.0


def fat_from_body_fat(body_fat_percent, sex: str):
    """Estimate the fat over the PSIS from body-fat percentage (MODEL.md §5).

    ``women: t = max(1, 1.0·(BF − 12))`` mm, ``men: t = max(1, 0.8·(BF − 5))``
    mm, with a ±50 % band. An **estimate**: no published regression exists
    for this site; it reproduces the ~20 mm of soft tissue measured over the
    PSIS in average adults.

    The band is ``low = max(1, 0.5 t)``, ``high = 1.5 t``: the low edge never
    goes below the 1 mm floor of the formula (and of ``Params.fat_mm``).
    Note that above about 52 % (women) or 55 % (men) the estimate exceeds
    the 40 mm upper limit of ``Params.fat_mm`` (and the high edge does from
    about 39 % and 38 %); :class:`~venusedu.params.Params` refuses such values,
    this function does not clip them.

    Parameters
    ----------
    body_fat_percent : float or array_like
        Body fat BF in %, each value finite and within 3–60 %.
    sex : str
        ``"female"``/``"f"``/``"woman"`` or ``"male"``/``"m"``/``"man"``
        (case-insensitive).

    Returns
    -------
    (estimate_mm, low_mm, high_mm) : tuple of float or of ndarray
        Floats for a scalar BF, arrays of BF's shape otherwise.

    Raises
    ------
    ValueError
        BF outside 3–60 % (or NaN/inf), or an unknown ``sex`` string.
    TypeError
        ``sex`` not a string, or BF not numeric.

    Examples
    --------
    >>> from venusedu import fat_from_body_fat
    >>> fat_from_body_fat(22.0, "female")
    (10.0, 5.0, 15.0)
    >>> fat_from_body_fat(20.0, "M")
    (12.0, 6.0, 18.0)
    """
    if not isinstance(sex, str):
        raise TypeError(
            f"sex = {sex!r} ({type(sex).__name__}) has the wrong type: must be one of the "
            f"strings {', '.join(repr(k) for k in SEX_ALIASES)}"
        )
    key = SEX_ALIASES.get(sex.strip().lower())
    if key is None:
        raise ValueError(
            f"sex = {sex!r} is not recognised: must be one of {', '.join(repr(k) for k in SEX_ALIASES)} "
            "(case-insensitive)"
        )
    if isinstance(body_fat_percent, (bool, np.bool_, str, bytes)):
        raise TypeError(
            f"body_fat_percent = {body_fat_percent!r} ({type(body_fat_percent).__name__}) has the "
            f"wrong type: must be a number between {_BF_RANGE[0]:g} and {_BF_RANGE[1]:g} %"
        )
    try:
        bf = np.asarray(body_fat_percent, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"body_fat_percent = {body_fat_percent!r} has the wrong type: must be a number "
            f"(or an array of numbers) between {_BF_RANGE[0]:g} and {_BF_RANGE[1]:g} %"
        ) from None
    lo, hi = _BF_RANGE
    bad = ~(np.isfinite(bf) & (bf >= lo) & (bf <= hi))
    if bad.any():
        v = bf[bad].ravel()[0] if bf.ndim else float(bf)
        raise ValueError(
            f"body_fat_percent = {v:g} % is not allowed: must be a finite number between "
            f"{lo:g} and {hi:g} %"
        )
    if key == "female":
        t = np.maximum(_FAT_FLOOR_MM, 1.0 * (bf - 12.0))
    else:
        t = np.maximum(_FAT_FLOOR_MM, 0.8 * (bf - 5.0))
    low = np.maximum(_FAT_FLOOR_MM, 0.5 * t)
    high = 1.5 * t
    if bf.ndim == 0:
        return float(t), float(low), float(high)
    return t, low, high


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
    x: np.ndarray            # (n,) mm, x[j] = -extent/2 + j dx
    kx: np.ndarray           # (n//2+1,) rad/mm, rfft half-plane
    ky: np.ndarray           # (n,) rad/mm
    q: np.ndarray            # (n, n//2+1) |k| rad/mm
    q2: np.ndarray
    q3: np.ndarray
    ikx: np.ndarray          # (n//2+1,) i kx with the Nyquist bin zeroed
    iky: np.ndarray          # (n, 1)  i ky with the Nyquist bin zeroed
    sign_x: np.ndarray       # (n//2+1,) (-1)^j: origin at the centre of the patch
    row_factor: np.ndarray   # (n, 1) (-1)^j / dx²  (also the continuous→DFT scaling)
    muscle_hat: np.ndarray   # (n, n//2+1) complex, rfft2 of the unit muscle relief
    muscle: np.ndarray       # (n, n) unit muscle relief (m = 1), periodic


@lru_cache(maxsize=4)
def _geometry(n: int, extent: float) -> _Geometry:
    dx = extent / n
    x = -0.5 * extent + dx * np.arange(n)
    kx = 2.0 * np.pi * _fft.rfftfreq(n, d=dx)
    ky = 2.0 * np.pi * _fft.fftfreq(n, d=dx)
    q2 = ky[:, None] ** 2 + kx[None, :] ** 2
    q = np.sqrt(q2)
    q3 = q2 * q
    kxd = kx.copy()
    kxd[-1] = 0.0
    kyd = ky.copy()
    kyd[n // 2] = 0.0
    ikx = 1j * kxd
    iky = (1j * kyd)[:, None]
    sign_x = np.where(np.arange(n // 2 + 1) % 2 == 0, 1.0, -1.0)
    row_factor = (np.where(np.arange(n) % 2 == 0, 1.0, -1.0) / (dx * dx))[:, None]
    muscle = _periodic_muscle(x, extent)
    muscle_hat = _fft.rfft2(muscle)
    return _Geometry(n, dx, *_readonly(x, kx, ky, q, q2, q3, ikx, iky, sign_x, row_factor,
                                       muscle_hat, muscle))


def _periodic_muscle(x: np.ndarray, extent: float) -> np.ndarray:
    """Unit muscle relief (m = 1) on the periodic grid: sum over images."""
    X = x[None, :]
    Y = x[:, None]
    shifts = (-extent, 0.0, extent)
    ridge_x = sum(_gauss(X + s - _ERECTOR_X_MM, _ERECTOR_SIGMA_MM) + _gauss(X + s + _ERECTOR_X_MM, _ERECTOR_SIGMA_MM)
                  for s in shifts)
    y_top = 0.5 * extent - 3.0 * _ERECTOR_FADE_WIDTH_MM
    ridge_y = sum(_logistic((Y + s - _ERECTOR_FADE_Y_MM) / _ERECTOR_FADE_WIDTH_MM)
                  * _logistic((y_top - Y - s) / _ERECTOR_FADE_WIDTH_MM) for s in shifts)
    gx, gy = _GLUTEAL_CENTRE_MM
    glut_x = sum(_gauss(X + s - gx, _GLUTEAL_SIGMA_MM) + _gauss(X + s + gx, _GLUTEAL_SIGMA_MM) for s in shifts)
    glut_y = sum(_gauss(Y + s - gy, _GLUTEAL_SIGMA_MM) for s in shifts)
    return _ERECTOR_HEIGHT_MM * ridge_x * ridge_y + _GLUTEAL_HEIGHT_MM * glut_x * glut_y


@lru_cache(maxsize=8)
def _pin_distances(n: int, extent: float, x0: float) -> np.ndarray:
    """Distances (mm) from the right PSIS (x0, 0) to the nodes with y ≥ 0.

    Row k is ``y = k·dx`` for k = 0 … n/2 (the last row, y = extent/2, is the
    periodic copy of the bottom row y = −extent/2); x uses the minimum-image
    (nearest periodic copy) distance. Read-only; depends on geometry only.
    """
    g = _geometry(n, extent)
    dxr = (g.x - x0 + 0.5 * extent) % extent - 0.5 * extent
    yy = g.dx * np.arange(n // 2 + 1)
    r = np.sqrt(yy[:, None] ** 2 + dxr[None, :] ** 2)
    r.setflags(write=False)
    return r


def _pin_grid(g: _Geometry, x0: float, lam: float, a: float) -> np.ndarray:
    """Both pins (unit depth) sampled on the periodic grid: Γ(r)/δ0 around (±x0, 0).

    Each pin is evaluated at the minimum-image distance (the nearest periodic
    copy). Only the rows y ≥ 0 of the right pin are computed with Bessel
    functions; the rest follows from the mirror symmetries y → −y and x → −x
    (x_j → x_{(n−j) mod n} on this grid), so both dimples are exact mirror
    images of each other.
    """
    n = g.n
    half = n // 2
    xa = a / lam
    z = np.maximum(_pin_distances(n, n * g.dx, x0), a)
    z *= 1.0 / lam
    top = _sp.k0e(z)                                     # K0(z) e^{z}
    z -= xa
    np.negative(z, out=z)
    np.exp(z, out=z)
    top *= z
    top *= 1.0 / float(_sp.k0e(xa))                      # K0(z)/K0(a/λ)
    right = np.empty((n, n))
    right[half:] = top[:half]                            # y = 0 … extent/2 − dx
    right[1:half] = top[half - 1:0:-1]                   # y < 0 mirrors y > 0
    right[0] = top[half]                                 # y = −extent/2 ≡ +extent/2
    both = right[:, (-np.arange(n)) % n]                 # the left pin: x -> -x
    both += right
    return both


@lru_cache(maxsize=4)
def _pin_grid_and_dft(n: int, extent: float, x0: float, lam: float, a: float):
    """Unit-depth pins on the grid and the real part of their rfft2 (read-only)."""
    g = _geometry(n, extent)
    real = _pin_grid(g, x0, lam, a)
    dft = _fft.rfft2(real).real.copy()
    return _readonly(real, dft)


@lru_cache(maxsize=4)
def _bessel(n: int, extent: float, a: float) -> tuple[np.ndarray, np.ndarray]:
    """J0(q a) and J1(q a)/q (→ a/2 at q = 0) on the rfft grid (for the pin spectrum)."""
    g = _geometry(n, extent)
    qa = g.q * a
    q_safe = np.where(g.q > 0, g.q, 1.0)
    jinc = np.where(g.q > 0, _sp.j1(qa) / q_safe, 0.5 * a)
    return _readonly(_sp.j0(qa), jinc)


class _Window(NamedTuple):
    idx: np.ndarray          # flat indices of the disc W around the right PSIS
    i0: int                  # row of y = 0


@lru_cache(maxsize=32)
def _window(n: int, extent: float, spacing: float) -> _Window:
    g = _geometry(n, extent)
    x0 = 0.5 * spacing
    dxw = (g.x - x0 + 0.5 * extent) % extent - 0.5 * extent   # minimum-image distance
    dyw = g.x                                                  # y axis = x axis; y0 = 0
    inside = dyw[:, None] ** 2 + dxw[None, :] ** 2 <= WINDOW_RADIUS_MM ** 2
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
    inv_s: np.ndarray        # 1/sqrt(1 + |∇s|²)
    inv_r: np.ndarray        # 1/sqrt(1 + |∇s_ref|²)


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
        VI = C / C_th (dimensionless); ``visible`` is ``VI >= 1``.
    visible : bool
    depth_mm : float
        Depth of the pit at the right PSIS (mm, ≥ 0): minus the minimum of
        ``pit_mm`` on the row y = 0 (a grid line) between the midline and the
        patch edge. The PSIS are grid nodes at the default spacing; otherwise
        the nearest node is at most half a grid step away (at defaults that
        changes the depth by under 0.3 %). No sub-grid refinement: a parabola
        through the samples overshoots badly on the flat-cored pin of the
        naive regime.
    width_mm : float
        Full width at half depth of the pit along x through the right PSIS,
        interpolated between grid points (mm); 0 without a pit. (If the two
        pits merge so much that the profile never rises back to half depth
        between them, the half width on the other side is used twice; if
        neither side does, the width is the distance between the pits.)
    max_slope : float
        Largest slope of the pit, ``max |∇ pit|`` in the window W (mm/mm).
    contrast : float
        C = (max ΔI − min ΔI) / (2 mean I_ref) in W (dimensionless).
    frequency_cpd : float
        f = π·1000·D_v / (360 w), cycles/degree (0 without a pit).
    threshold : float
        C_th(f) (dimensionless).
    x_mm, y_mm : ndarray
        1-D axes (mm), ``-extent/2 + k·spacing``.
    surface_mm : ndarray
        Skin surface s (mm).
    reference_mm : ndarray
        Same body without pin and lipo, s_ref (mm).
    pit_mm : ndarray
        ``s − s_ref`` (mm), ≤ 0 in the dimples.
    shading, shading_reference : ndarray
        Lambert intensity of s and s_ref (dimensionless, in [A, 1]).
    muscle_mm : ndarray
        Bone/muscle relief b under the fat (mm).
    insertion_mm : ndarray
        The insertion level (superficial fascia) relative to its rest
        position, ``−Γ`` (mm, ≤ 0 around each PSIS).
    lipo_mm : ndarray
        Fat removed by liposculpture L (mm, ≥ 0).
    pin_decay_mm, pin_amplitude_mm, kappa_mm : float
        λ, χ·δ0 and κ of MODEL.md §3 (mm).
    psis_mm : tuple of float
        ``(spacing/2, 0)``: the right PSIS, where the metrics are measured.

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
    visible: bool
    depth_mm: float
    width_mm: float
    max_slope: float
    contrast: float
    frequency_cpd: float
    threshold: float
    x_mm: np.ndarray = field(repr=False)
    y_mm: np.ndarray = field(repr=False)
    surface_mm: np.ndarray = field(repr=False)
    reference_mm: np.ndarray = field(repr=False)
    pit_mm: np.ndarray = field(repr=False)
    shading: np.ndarray = field(repr=False)
    shading_reference: np.ndarray = field(repr=False)
    muscle_mm: np.ndarray = field(repr=False)
    insertion_mm: np.ndarray = field(repr=False)
    lipo_mm: np.ndarray = field(repr=False)
    pin_decay_mm: float = 0.0
    pin_amplitude_mm: float = 0.0
    kappa_mm: float = 0.0
    _slopes: _Slopes | None = field(default=None, repr=False)

    @property
    def psis_mm(self) -> tuple[float, float]:
        """Position ``(x, y)`` of the right PSIS (mm)."""
        return (0.5 * self.params.dimple_spacing_mm, 0.0)

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
        return (float(self.x_mm[0] - h), float(self.x_mm[-1] + h),
                float(self.y_mm[0] - h), float(self.y_mm[-1] + h))

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
        return Profile(self.x_mm.copy(), self.pit_mm[i0].copy(), self.surface_mm[i0].copy(),
                       self.reference_mm[i0].copy(), self.insertion_mm[i0].copy(),
                       self.lipo_mm[i0].copy(), self.muscle_mm[i0].copy())

    def metrics(self) -> dict[str, float | bool]:
        """The scalar outputs as a dict (for tables and checks).

        Examples
        --------
        >>> from venusedu import Params, simulate
        >>> sorted(simulate(Params()).metrics())[:3]
        ['contrast', 'depth_mm', 'frequency_cpd']
        """
        names = ("visibility_index", "visible", "depth_mm", "width_mm", "max_slope",
                 "contrast", "frequency_cpd", "threshold")
        return {n: getattr(self, n) for n in names}


# ----------------------------------------------------------------------------
# simulate
# ----------------------------------------------------------------------------
def _pit_depth_and_width(row: np.ndarray, x: np.ndarray, extent: float) -> tuple[float, float]:
    """Depth and full width at half depth of the right pit on the row y = 0."""
    n = row.size
    # right half of the row, from x = 0 to x = extent/2 (= the periodic image of -extent/2)
    seg = np.concatenate((row[n // 2:], row[:1]))
    xs = np.concatenate((x[n // 2:], x[:1] + extent))
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
    above = np.flatnonzero(seg[jm + 1:] >= half)
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


def _surface(p: Params):
    """Everything that depends on the surface fields: fields, slopes, depth, width."""
    n, extent = p.grid, p.extent_mm
    g = _geometry(n, extent)
    nh = n // 2 + 1
    t = p.fat_mm
    t_s = p.superficial_fat_mm
    t_sloc = max(t_s - p.lipo_depth_mm, 0.0)     # ≥ 0 up to rounding (Params allows 1e-12)
    lam = pin_decay_mm(p)
    delta0 = pin_amplitude_mm(p)
    has_pin = delta0 > 0.0
    has_lipo = p.lipo_depth_mm > 0.0
    has_muscle = p.muscle > 0.0

    # β = (T q + D q³)/μ with q in rad/m (grid q is rad/mm)
    c1 = p.skin_tension_n_per_m * 1e3 / p.fat_shear_modulus_pa
    c3 = p.skin_bending_nm * 1e9 / p.fat_shear_modulus_pa
    beta = c1 * g.q + c3 * g.q3

    spectra = []       # spectra to bring back to real space
    t_full = _t_inc(g.q * t, beta) if has_muscle or (has_pin and t_sloc == t) else None
    if has_muscle:
        R = (p.muscle * t_full) * g.muscle_hat
        spectra += [R, R * g.ikx, R * g.iky]
    if has_pin or has_lipo:
        x0 = 0.5 * p.dimple_spacing_mm
        P = np.zeros((n, nh))
        if has_pin:
            # Both pins sampled exactly at the grid nodes (also the insertion_mm field),
            # and their DFT (real: the pair is symmetric in x and y). Cached: in the
            # blanket regime the pin shape does not change with the fat.
            unit_real, unit_samp = _pin_grid_and_dft(n, extent, x0, lam, p.pin_core_mm)
            gam_real = delta0 * unit_real
            samp = delta0 * unit_samp
            # The exact 2-D transform of the pins, sampled at the grid wavenumbers
            # (band-limited: no aliasing), in DFT units.
            j0qa, jinc = _bessel(n, extent, p.pin_core_mm)
            anal = delta0 * _pin_spectrum_shape(g.q, j0qa, jinc, lam, p.pin_core_mm)
            anal *= g.row_factor
            anal *= 2.0 * np.cos(g.kx * x0) * g.sign_x
            # samp - anal is the aliased content from beyond the Nyquist wavenumber.
            # It passes through the superficial fat with T_inc evaluated at the
            # Nyquist wavenumber: weight 1 without superficial fat (the pit is then
            # the sampled pin, exact at the nodes), ~0 once t_s,loc exceeds a grid step
            # (the pit is then the exact band-limited transform).
            q_nyq = math.pi / g.dx
            w_alias = float(_t_inc(np.array([q_nyq * t_sloc]), np.array([c1 * q_nyq + c3 * q_nyq ** 3]))[0])
            P -= (t_full if t_sloc == t else _t_inc(g.q * t_sloc, beta)) * anal
            if w_alias > 0.0:
                P -= w_alias * (samp - anal)
        if has_lipo:
            rl = p.lipo_radius_mm
            # two Gaussians at ±x0: e^{-i kx x0} + e^{+i kx x0}; (-1)^j moves the origin
            # to the centre of the patch; 1/dx² turns the continuous transform into DFT units.
            col = 2.0 * np.cos(g.kx * x0) * g.sign_x
            lhat = (2.0 * math.pi * rl * rl * p.lipo_depth_mm) * np.exp(-0.5 * rl * rl * g.q2)
            lhat *= g.row_factor
            lhat *= col
            P -= _smoothing(g.q * t_s, beta) * lhat
        spectra += [P, P * g.ikx, P * g.iky]

    # one transform per field: pocketfft is several times slower on a stacked
    # (k, n, n//2+1) batch than on k separate contiguous planes
    fields = [_fft.irfft2(sp, s=(n, n)) for sp in spectra]
    k = 0
    zeros = np.zeros((n, n))
    if has_muscle:
        ref, rx, ry = fields[0], fields[1], fields[2]
        k = 3
    else:
        ref = rx = ry = zeros
    if has_pin or has_lipo:
        pit, px, py = fields[k], fields[k + 1], fields[k + 2]
        insertion = -gam_real if has_pin else zeros
        surf = ref + pit
        sx = rx + px
        sy = ry + py
    else:
        pit = px = py = insertion = zeros
        surf, sx, sy = ref, rx, ry

    if has_lipo:
        x0 = 0.5 * p.dimple_spacing_mm
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
    if has_pin or has_lipo:
        pxw = px.ravel()[win.idx]
        pyw = py.ravel()[win.idx]
        max_slope = float(np.sqrt(np.max(pxw * pxw + pyw * pyw)))
    else:
        max_slope = 0.0
    inv_s = vision.inverse_normal_length(sx, sy)
    inv_r = inv_s if surf is ref else vision.inverse_normal_length(rx, ry)
    slopes = _Slopes(sx, sy, rx, ry, inv_s, inv_r)
    arrays = dict(surface_mm=surf, reference_mm=ref, pit_mm=pit, muscle_mm=muscle,
                  insertion_mm=insertion, lipo_mm=lipo)
    for a in (*arrays.values(), *slopes):
        a.setflags(write=False)
    scalars = dict(depth_mm=depth, width_mm=width, max_slope=max_slope,
                   pin_decay_mm=lam, pin_amplitude_mm=delta0, kappa_mm=kappa_mm(p))
    return arrays, slopes, scalars


def _view(p: Params, arrays: dict, slopes: _Slopes, scalars: dict) -> Result:
    """Shading and vision metrics for a given surface (cheap)."""
    n = p.grid
    g = _geometry(n, p.extent_mm)
    th, ph, A = p.light_elevation_deg, p.light_azimuth_deg, p.ambient
    shade = vision.shading(slopes.sx, slopes.sy, th, ph, A, inv_norm=slopes.inv_s)
    if slopes.sx is slopes.rx and slopes.sy is slopes.ry:
        shade_ref = shade
    else:
        shade_ref = vision.shading(slopes.rx, slopes.ry, th, ph, A, inv_norm=slopes.inv_r)
    shade.setflags(write=False)
    shade_ref.setflags(write=False)
    win = _window(n, p.extent_mm, p.dimple_spacing_mm)
    iref = shade_ref.ravel()[win.idx]
    if shade is shade_ref:
        c = 0.0
    else:
        c = vision.contrast(shade.ravel()[win.idx] - iref, iref)
    f = vision.spatial_frequency_cpd(scalars["width_mm"], p.view_distance_m)
    cth = vision.contrast_threshold(f, p.contrast_threshold, p.peak_frequency_cpd)
    vi = vision.visibility_index(c, f, p.contrast_threshold, p.peak_frequency_cpd)
    return Result(
        params=p, visibility_index=vi, visible=bool(vi >= 1.0), contrast=c,
        frequency_cpd=f, threshold=cth, x_mm=g.x, y_mm=g.x,
        shading=shade, shading_reference=shade_ref, _slopes=slopes,
        **arrays, **scalars,
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
        lighting, ambient, viewing distance, eye), its surface, reference and
        slopes are reused and only the shading and the vision metrics are
        recomputed: this is how an explorer makes a lighting change cheap.
        Otherwise it is ignored and everything is computed afresh. There is no
        hidden cache of results.

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
            raise TypeError(
                f"previous = {type(previous).__name__} must be a Result returned by simulate, or None"
            )
        if previous._slopes is not None and previous.params.viewing_only_difference(params):
            arrays = {k: getattr(previous, k) for k in
                      ("surface_mm", "reference_mm", "pit_mm", "muscle_mm", "insertion_mm", "lipo_mm")}
            scalars = {k: getattr(previous, k) for k in
                       ("depth_mm", "width_mm", "max_slope", "pin_decay_mm", "pin_amplitude_mm", "kappa_mm")}
            with np.errstate(under="ignore"):
                return _view(params, arrays, previous._slopes, scalars)
    with np.errstate(under="ignore"):
        arrays, slopes, scalars = _surface(params)
        return _view(params, arrays, slopes, scalars)

