"""Mechanics of model v2: a tethered, layered back solved per Fourier mode.

The lower back is modelled, from the bone outwards, as (``docs/MODEL.md`` §3):

* a rigid **base** (bone and deep fascia), raised by the muscle relief b(x, y);
* the **deep layer** of thickness ``h_d = bed + t_d``: the soft bed under the
  superficial fascia plus the deep fat ``t_d = (1 − f_s) t``;
* the **superficial fascia** (the insertion level of the tether): a membrane
  with tension ``T_f``, inextensible in its plane;
* the **superficial fat** of thickness ``t_s = f_s t``;
* the **skin**: a plate with tension ``T`` and bending stiffness ``D``, much
  stiffer in its plane than fat, so the fat does not slip under it (no-slip).

Both fat layers are linear, isotropic and incompressible with shear modulus
μ. Every interface is no-slip, so each layer is described by how the normal
stress on its faces follows the vertical displacements of its faces. For one
Fourier mode of wavenumber q and a layer of thickness h (``H = q h``), in units
of ``μ q``::

    σ_top = −c(H) W_bottom + a(H) W_top,     σ_bottom = −a(H) W_bottom + c(H) W_top
    a = (2H + sinh 2H) / (sinh²H − H²),       c = 2 (H cosh H + sinh H) / (sinh²H − H²)

(the Stokes-type solution ``W = (A + Bz) e^{qz} + (C + Dz) e^{−qz}`` with
``W' = 0`` on both faces). The skin and the fascia are then two coupled
equations per mode, solved in closed form (:func:`mode_responses`).

The **tether** holds the fascia over its attachment disc (radius a) at a fixed
height above the bone: it is a constraint, and the force it needs is part of
the solution. The force density on the disc is expanded in the functions
``(1 − r²/a²)^{j − 1/2}``, j = 0 … K−1 (the first one is the rigid-punch
distribution), and the constraint is imposed in the Galerkin sense on the same
functions. Because the muscle relief lifts the surroundings but not the bone
the tether is anchored to, the muscle (like deep fat) raises everything except
the attachment. The tether only pulls: if the constraint would need it to
push, it is slack.

This module is physics only (NumPy and SciPy). :func:`axisymmetric_pit` solves
one isolated tether with a Hankel transform; :mod:`venusedu.model` uses the
same mode responses on the periodic grid with both tethers and the muscle.

Examples
--------
>>> from venusedu.mechanics import layer_transfer_noslip
>>> round(layer_transfer_noslip(1.0, 1.0), 4)       # Q = q h, β = (T q + D q³)/μ
0.9049
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import special as _sp

__all__ = [
    "TETHER_BASIS_SIZE",
    "layer_coefficients",
    "layer_coefficients_shear_free",
    "layer_transfer_noslip",
    "ModeResponses",
    "mode_responses",
    "tether_basis",
    "AxisymmetricPit",
    "axisymmetric_pit",
    "pit_depth_width",
]

#: Number of functions in the expansion of the tether's force density. Four
#: terms change the skin pit by < 0.5 % against six (``tests/test_mechanics.py``).
TETHER_BASIS_SIZE = 4

# Layers thinner than this (mm) are treated as absent (see mode_responses).
_THIN_MM = 1e-6

# Below this H the hyperbolic expressions lose digits to cancellation and the
# Taylor series are used instead.
_H_SERIES = 0.6
_N_SERIES = 14


def _series(H: np.ndarray, coeffs: np.ndarray) -> np.ndarray:
    """Σ coeffs[n] H^(2n+1) (odd powers), Horner form in H²."""
    H2 = H * H
    out = np.full_like(H, coeffs[-1])
    for c in coeffs[-2::-1]:
        out = out * H2 + c
    return out * H


def _coefficient_tables():
    f = [math.factorial(k) for k in range(2 * _N_SERIES + 3)]
    n = np.arange(_N_SERIES)
    # S = sinh²H − H² = Σ_{n≥2} 2^{2n−1} H^{2n} / (2n)! = H³ Σ_k s_k H^{2k+1}
    s = np.array([2.0 ** (2 * k + 3) / f[2 * k + 4] for k in n])
    # 2H + sinh 2H = 4H + Σ_{n≥1} 2^{2n+1} H^{2n+1} / (2n+1)!
    an = np.array([4.0 if k == 0 else 2.0 ** (2 * k + 1) / f[2 * k + 1] for k in n])
    # 2(H cosh H + sinh H) = Σ 2 (1/(2n)! + 1/(2n+1)!) H^{2n+1}
    cn = np.array([2.0 * (1.0 / f[2 * k] + 1.0 / f[2 * k + 1]) for k in n])
    return s, an, cn


_S_SERIES, _A_SERIES, _C_SERIES = _coefficient_tables()
_D_SERIES = _A_SERIES - _C_SERIES  # a − c numerator: starts at H⁵/6


def layer_coefficients(H) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normal-stress coefficients ``a(H)``, ``c(H)`` and ``a − c`` of a no-slip layer.

    For a layer of incompressible material between two faces that do not slip
    (u = 0 on both), a vertical displacement mode ``W cos(q x)`` of the faces
    gives, in units of ``μ q``, ``σ_top = −c W_bottom + a W_top`` and
    ``σ_bottom = −a W_bottom + c W_top``.

    Parameters
    ----------
    H : array_like
        ``q h`` (dimensionless, > 0).

    Returns
    -------
    a, c, a_minus_c : ndarray
        Dimensionless. ``a → 2`` and ``c → 0`` for a thick layer; both grow like
        ``12/H³`` for a thin one, while ``a − c ≈ H/2`` (computed by series
        there, without cancellation).

    Examples
    --------
    >>> from venusedu.mechanics import layer_coefficients
    >>> a, c, d = layer_coefficients([1.0, 30.0])
    >>> [round(float(v), 4) for v in a], [round(float(v), 4) for v in c]
    ([14.7649, 2.0], [14.2655, 0.0])
    """
    H = np.atleast_1d(np.asarray(H, dtype=float))
    E = np.exp(-H)
    E2 = E * E
    den = (1.0 - E2) ** 2 - 4.0 * H * H * E2  # 4 e^{−2H} (sinh²H − H²)
    small = H < _H_SERIES
    den[small] = 1.0
    a = (8.0 * H * E2 + 2.0 * (1.0 - E2 * E2)) / den
    c = 4.0 * E * (H * (1.0 + E2) + (1.0 - E2)) / den
    d = a - c
    if small.any():
        h = H[small]
        S = _series(h, _S_SERIES) * h**3  # sinh²h − h²
        a[small] = _series(h, _A_SERIES) / S
        c[small] = _series(h, _C_SERIES) / S
        d[small] = _series(h, _D_SERIES) / S
    return a, c, d


def layer_coefficients_shear_free(H) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients of a layer with a no-slip bottom and a **shear-free** top.

    ``σ_top = −c W_bottom + a_top W_top``, ``σ_bottom = −a_bottom W_bottom + c W_top``
    in units of ``μ q``, with ``S' = sinh 2H − 2H``::

        a_top = (4H² + 2 cosh 2H + 2)/S',  a_bottom = 4 cosh²H / S',  c = 4 (H sinh H + cosh H)/S'

    and the identity ``a_top a_bottom − c² = 4``. This is the top condition of
    model v1 (``venusedu.model.layer_transfer``); v2 uses a no-slip skin and
    keeps this one for comparison (``docs/MODEL.md`` §3.4).

    Parameters
    ----------
    H : array_like
        ``q h`` (> 0).

    Returns
    -------
    a_top, a_bottom, c : ndarray

    Examples
    --------
    >>> from venusedu.mechanics import layer_coefficients_shear_free
    >>> at, ab, c = layer_coefficients_shear_free(2.0)
    >>> round(float(at[0] * ab[0] - c[0] ** 2), 9)
    4.0
    """
    H = np.atleast_1d(np.asarray(H, dtype=float))
    E = np.exp(-H)
    E2 = E * E
    sp = (1.0 - E2 * E2) / 2.0 - 2.0 * H * E2  # e^{−2H}(sinh 2H − 2H)
    small = H < _H_SERIES
    if small.any():
        h = H[small]
        x = 2.0 * h
        x2 = x * x
        series = 1.0 + x2 / 342.0
        for dd in (272.0, 210.0, 156.0, 110.0, 72.0, 42.0, 20.0):
            series = 1.0 + x2 / dd * series
        sp[small] = x * x2 / 6.0 * series * E2[small]
    a_top = (4.0 * H * H * E2 + (1.0 + E2) ** 2) / sp
    a_bottom = (1.0 + E2) ** 2 / sp
    c = 2.0 * E * (H * (1.0 - E2) + (1.0 + E2)) / sp
    return a_top, a_bottom, c


def layer_transfer_noslip(Q, beta=0.0):
    """Transfer of a base displacement through one layer under a no-slip skin.

    ``T_ns(Q, β) = c(Q) / (a(Q) + β)``: the top of a layer of thickness h on a
    bonded base moved by ``w_b cos(q x)`` moves by ``T_ns · w_b cos(q x)`` when
    it carries a skin of tension T and bending stiffness D that it cannot slip
    under (``β = (T q + D q³)/μ``, q in rad/m). Compare
    :func:`venusedu.model.layer_transfer`, the shear-free top of model v1.

    Parameters
    ----------
    Q : float or array_like
        ``q h`` ≥ 0.
    beta : float or array_like
        β ≥ 0.

    Returns
    -------
    float or ndarray
        In [0, 1]; exactly 1 at Q = 0.

    Examples
    --------
    >>> from venusedu.mechanics import layer_transfer_noslip
    >>> layer_transfer_noslip(0.0, 3.0)
    1.0
    >>> round(layer_transfer_noslip(2.0, 1.0), 4)
    0.5514
    """
    Qa = np.asarray(Q, dtype=float)
    ba = np.asarray(beta, dtype=float)
    if np.isnan(Qa).any() or (Qa < 0).any() or np.isnan(ba).any() or (ba < 0).any() or np.isinf(ba).any():
        raise ValueError("Q and beta must be numbers >= 0 (beta finite)")
    Qb, bb = np.broadcast_arrays(np.minimum(Qa, 700.0), ba)
    out = np.ones(Qb.shape)
    pos = Qb > 0
    if pos.any():
        a, c, _ = layer_coefficients(Qb[pos])
        out[pos] = c / (a + bb[pos])
    if np.ndim(Q) == 0 and np.ndim(beta) == 0:
        return float(out)
    return out


class ModeResponses(NamedTuple):
    """Responses of the layered back to one Fourier mode (see :func:`mode_responses`).

    All are dimensionless ratios of amplitudes, functions of q:

    * ``fascia_force``, ``skin_force``: fascia and skin displacement per unit
      vertical force density on the fascia, in units of ``1/(μ q)``;
    * ``fascia_base``, ``skin_base``: per unit displacement of the base (muscle);
    * ``fascia_lipo``, ``skin_lipo``: per unit fat removed at the top of the
      superficial fat (liposculpture; the skin sinks, ``skin_lipo < 0``).
    """

    fascia_force: np.ndarray
    skin_force: np.ndarray
    fascia_base: np.ndarray
    skin_base: np.ndarray
    fascia_lipo: np.ndarray
    skin_lipo: np.ndarray


def mode_responses(
    q_per_mm,
    *,
    superficial_mm: float,
    deep_mm: float,
    skin_tension_n_per_m: float,
    skin_bending_nm: float,
    fascia_tension_n_per_m: float,
    shear_modulus_pa: float,
    top: str = "no-slip",
) -> ModeResponses:
    """Per-mode response of skin and fascia to the tether, the muscle and lipo.

    Per mode (units of ``μ q``; ``β = (T q + D q³)/μ``, ``β_f = T_f q/μ``, q in
    rad/m), with ``W_s``, ``W_f``, ``W_b`` the skin, fascia and base
    displacements, ``L`` the fat removed and ``f`` the force density on the
    fascia::

        skin:    −β W_s + c_s W_f − a_s (W_s + L) = 0
        fascia:  −β_f W_f + c_d W_b − a_d W_f − a_s' W_f + c_s (W_s + L) + f = 0

    (``a_s' = a_s`` for the no-slip skin). Eliminating ``W_s``::

        W_f = (c_d W_b + f + c_s β L/(a_s + β)) / K_f,
        K_f = β_f + a_d + [a_s' (a_s + β) − c_s²]/(a_s + β)
        W_s = (c_s W_f − a_s L)/(a_s + β)

    With no superficial fat the skin lies on the fascia (``W_s = W_f``,
    ``K_f = β + β_f + a_d``).

    Parameters
    ----------
    q_per_mm : array_like
        Wavenumbers (rad/mm, > 0).
    superficial_mm, deep_mm : float
        ``t_s ≥ 0`` and ``h_d > 0`` (mm).
    skin_tension_n_per_m, skin_bending_nm, fascia_tension_n_per_m : float
        T (N/m), D (N·m), T_f (N/m).
    shear_modulus_pa : float
        μ (Pa).
    top : {"no-slip", "shear-free"}
        Condition between the superficial fat and the skin. "no-slip" is the
        model's choice; "shear-free" (model v1) is kept for comparison.

    Returns
    -------
    ModeResponses

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.mechanics import mode_responses
    >>> r = mode_responses(np.array([1e-4, 0.1]), superficial_mm=8.0, deep_mm=8.0,
    ...                    skin_tension_n_per_m=10.0, skin_bending_nm=3.5e-4,
    ...                    fascia_tension_n_per_m=10.0, shear_modulus_pa=750.0)
    >>> [round(float(v), 3) for v in r.skin_base]          # long waves pass unchanged
    [1.0, 0.797]
    """
    if top not in ("no-slip", "shear-free"):
        raise ValueError(f"top = {top!r} is not allowed: must be 'no-slip' or 'shear-free'")
    q = np.asarray(q_per_mm, dtype=float)
    qm = q * 1e3
    mu = float(shear_modulus_pa)
    beta = (skin_tension_n_per_m * qm + skin_bending_nm * qm**3) / mu
    beta_f = fascia_tension_n_per_m * qm / mu
    a_d, c_d, _ = layer_coefficients(q * deep_mm)
    # A superficial layer thinner than _THIN_MM changes no response by more than
    # about 1e-6 relative and is treated as absent (thinner still, its coefficients
    # ~ 12/H³ would overflow).
    if superficial_mm > _THIN_MM:
        Hs = q * superficial_mm
        if top == "no-slip":
            a_s, c_s, d_s = layer_coefficients(Hs)
            a_sb = a_s
            # a_s(a_s + β) − c_s² = (a_s − c_s)(a_s + c_s) + a_s β, without cancellation
            schur = (d_s * (a_s + c_s) + a_s * beta) / (a_s + beta)
        else:
            a_s, a_sb, c_s = layer_coefficients_shear_free(Hs)
            schur = (4.0 + a_sb * beta) / (a_s + beta)
        K_f = beta_f + a_d + schur
        skin_per_fascia = c_s / (a_s + beta)
        fascia_force = 1.0 / K_f
        fascia_base = c_d * fascia_force
        fascia_lipo = c_s * beta / (a_s + beta) * fascia_force
        skin_lipo = skin_per_fascia * fascia_lipo - a_s / (a_s + beta)
    else:
        K_f = beta + beta_f + a_d
        skin_per_fascia = np.ones_like(q)
        fascia_force = 1.0 / K_f
        fascia_base = c_d * fascia_force
        fascia_lipo = np.zeros_like(q)
        skin_lipo = np.zeros_like(q)
    return ModeResponses(
        fascia_force, skin_per_fascia * fascia_force, fascia_base, skin_per_fascia * fascia_base, fascia_lipo, skin_lipo
    )


def tether_basis(q_per_mm, radius_mm: float, size: int = TETHER_BASIS_SIZE) -> np.ndarray:
    """Fourier transforms of the tether's force-density functions.

    Function j is ``(1 − r²/a²)^{j − 1/2}`` on the disc r ≤ a, scaled to a unit
    total force; its 2-D transform is ``(2j+1)!! · j_j(q a)/(q a)^j`` (a
    spherical Bessel function; j = 0 gives ``sin(qa)/(qa)``, the rigid punch).

    Parameters
    ----------
    q_per_mm : array_like
        Wavenumbers (rad/mm, ≥ 0).
    radius_mm : float
        a (mm, > 0).
    size : int
        Number of functions K.

    Returns
    -------
    ndarray
        Shape ``(size,) + q.shape``; every function is 1 at q = 0.

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.mechanics import tether_basis
    >>> B = tether_basis(np.array([0.0, np.pi / 2]), 1.0, size=2)
    >>> [[round(float(v), 4) for v in row] for row in B]
    [[1.0, 0.6366], [1.0, 0.774]]
    """
    q = np.asarray(q_per_mm, dtype=float)
    x = q * float(radius_mm)
    tiny = x < 1e-6
    xs = np.where(tiny, 1.0, x)
    out = np.empty((size,) + q.shape)
    dfact = 1.0
    for j in range(size):
        if j:
            dfact *= 2 * j + 1
        v = dfact * _sp.spherical_jn(j, xs) / xs**j
        # small x: j_j(x)/x^j (2j+1)!! = 1 − x²/(2(2j+3)) + …
        out[j] = np.where(tiny, 1.0 - x * x / (2.0 * (2 * j + 3)), v)
    return out


# ----------------------------------------------------------------------------
# one isolated tether (Hankel transform): the reference the FE solution checks
# ----------------------------------------------------------------------------
def _gauss_legendre_panels(q_max: float, panel: float, order: int = 16):
    """Nodes and weights of composite Gauss–Legendre on [0, q_max]."""
    x, w = np.polynomial.legendre.leggauss(order)
    n = max(1, int(math.ceil(q_max / panel)))
    edges = np.linspace(0.0, q_max, n + 1)
    mid = 0.5 * (edges[1:] + edges[:-1])
    half = 0.5 * (edges[1:] - edges[:-1])
    nodes = (mid[:, None] + half[:, None] * x[None, :]).ravel()
    weights = (half[:, None] * w[None, :]).ravel()
    return nodes, weights


@lru_cache(maxsize=16)
def _self_quadrature(radius_mm: float, size: int):
    """Quadrature nodes, weights/(2π) and basis values for :func:`self_interaction` (read-only)."""
    q, w = _gauss_legendre_panels(120.0 / radius_mm, 1.0 / radius_mm)
    B = tether_basis(q, radius_mm, size)
    w = w / (2.0 * math.pi)
    for a in (q, w, B):
        a.setflags(write=False)
    return q, w, B


def self_interaction(responses_at, radius_mm: float, size: int = TETHER_BASIS_SIZE):
    """Galerkin matrix of one isolated tether: ``A_ij = (1/2π) ∫ G_f(q) B_i B_j dq``.

    ``responses_at(q)`` returns the :class:`ModeResponses` at wavenumbers q
    (rad/mm). ``G_f/q`` (fascia displacement per unit force, the 1/q of
    ``1/(μ q)`` included) is integrated against ``B_i B_j q dq/(2π)``:
    composite Gauss–Legendre up to ``q = 120/a`` (the remainder changes the
    skin pit by < 5e-4, ``tests/test_mechanics.py``).

    Returns
    -------
    A : ndarray (size, size)
        Fascia displacement (Galerkin average) per unit force, arbitrary units
        shared with the grid solution.
    """
    q, w, B = _self_quadrature(float(radius_mm), int(size))
    g = responses_at(q).fascia_force * w  # ∫ (G_f / q) B B q dq / 2π
    return (B * g) @ B.T


class AxisymmetricPit(NamedTuple):
    """One isolated tether, solved with a Hankel transform (:func:`axisymmetric_pit`).

    Attributes
    ----------
    r_mm : ndarray
        Distance from the tether (mm).
    skin_mm, fascia_mm : ndarray
        Displacement of the skin and of the fascia (mm, positive up; 0 far away).
    force : float
        Total tether force (arbitrary units; negative: it pulls down).
    """

    r_mm: np.ndarray
    skin_mm: np.ndarray
    fascia_mm: np.ndarray
    force: float


def _responses_for(params, top: str = "no-slip"):
    def at(q):
        return mode_responses(
            q,
            superficial_mm=params.superficial_fat_mm,
            deep_mm=params.deep_layer_mm,
            skin_tension_n_per_m=params.skin_tension_n_per_m,
            skin_bending_nm=params.skin_bending_nm,
            fascia_tension_n_per_m=params.fascia_tension_n_per_m,
            shear_modulus_pa=params.fat_shear_modulus_pa,
            top=top,
        )

    return at


def axisymmetric_pit(params, r_mm, top: str = "no-slip", size: int = TETHER_BASIS_SIZE) -> AxisymmetricPit:
    """Skin and fascia around one isolated tether, no muscle, no lipo.

    The layered problem of this module on an unbounded back with a single
    tether that holds the fascia at ``−δ``, ``δ = d_p + (1 − ρ) t_d``, over its
    disc. Solved per mode and brought back with a Hankel transform
    ``w(r) = (1/2π) ∫ W(q) J0(q r) q dq`` (composite Gauss–Legendre quadrature).
    This is the same problem the independent finite-element solution in the
    tests solves; :func:`venusedu.simulate` solves it on a periodic grid with
    both tethers, the muscle and liposculpture.

    Parameters
    ----------
    params : venusedu.Params
    r_mm : array_like
        Distances from the tether (mm, ≥ 0).
    top : {"no-slip", "shear-free"}
        Skin condition (see :func:`mode_responses`).
    size : int
        Number of tether basis functions.

    Returns
    -------
    AxisymmetricPit

    Examples
    --------
    >>> from venusedu import Params
    >>> from venusedu.mechanics import axisymmetric_pit, pit_depth_width
    >>> import numpy as np
    >>> r = np.linspace(0.0, 150.0, 601)
    >>> pit = axisymmetric_pit(Params(), r)
    >>> bool(np.all(np.abs(pit.fascia_mm[r <= 3.0] + 2.0) < 0.1))    # held near −d_p = −2 mm
    True
    """
    return hankel_pit(_responses_for(params, top), params.tether_radius_mm, params.tether_target_mm, r_mm, size)


def hankel_pit(responses_at, radius_mm: float, pull_mm: float, r_mm, size: int = TETHER_BASIS_SIZE) -> AxisymmetricPit:
    """One isolated tether holding the fascia at ``−pull_mm`` over its disc, for any layer responses.

    The solver behind :func:`axisymmetric_pit`: the tether's force from
    :func:`self_interaction`, then ``w(r) = (1/2π) ∫ W(q) J0(q r) q dq`` by
    composite Gauss–Legendre up to ``q = 400/a``. ``responses_at(q)`` returns the
    :class:`ModeResponses` at wavenumbers q (rad/mm), e.g. a
    :func:`mode_responses` with another skin or top condition.

    Parameters
    ----------
    responses_at : callable
    radius_mm : float
        Attachment disc radius a (mm).
    pull_mm : float
        How far the tether holds the fascia down, δ (mm).
    r_mm : array_like
        Distances from the tether (mm, ≥ 0).
    size : int
        Number of tether basis functions.

    Returns
    -------
    AxisymmetricPit
    """
    r = np.atleast_1d(np.asarray(r_mm, dtype=float))
    a = float(radius_mm)
    A = self_interaction(responses_at, a, size)
    force_coeffs = np.linalg.solve(A, np.full(size, -float(pull_mm)))
    q, w = _gauss_legendre_panels(400.0 / a, 0.5 / a)
    R = responses_at(q)
    load = force_coeffs @ tether_basis(q, a, size)
    # the responses are per unit force in units of 1/(μ q): with the q dq of
    # the Hankel transform the q cancels
    kern = _sp.j0(np.outer(r, q)) * (w / (2.0 * math.pi))
    fascia = kern @ (R.fascia_force * load)
    skin = kern @ (R.skin_force * load)
    return AxisymmetricPit(r, skin, fascia, float(force_coeffs.sum()))


def pit_depth_width(r_mm, w_mm, reference_mm: float = 100.0) -> tuple[float, float]:
    """Depth and full width at half depth of an axisymmetric pit ``w(r)``.

    ``depth = w(reference) − min w`` and the width is ``2 r_half`` where
    ``w(r_half) = min w + depth/2`` (linear interpolation), the definitions
    the finite-element validation uses.

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.mechanics import pit_depth_width
    >>> r = np.linspace(0, 150, 1501)
    >>> d, w = pit_depth_width(r, -np.exp(-0.5 * (r / 10.0) ** 2))
    >>> round(d, 3), round(w, 2)        # a Gaussian: FWHM = 2.3548 σ
    (1.0, 23.55)
    """
    r = np.asarray(r_mm, dtype=float)
    w = np.asarray(w_mm, dtype=float)
    ref = float(np.interp(reference_mm, r, w))
    j = int(np.argmin(w))
    depth = ref - float(w[j])
    if depth <= 0.0:
        return 0.0, 0.0
    half = float(w[j]) + 0.5 * depth
    above = np.flatnonzero(w[j:] >= half)
    if not above.size:
        return depth, float("nan")
    k = j + int(above[0])
    rh = r[k - 1] + (half - w[k - 1]) / (w[k] - w[k - 1]) * (r[k] - r[k - 1])
    return depth, float(2.0 * rh)
