"""One incompressible layer per Fourier mode: its normal-stress coefficients.

:func:`layer_coefficients` (no-slip faces) and
:func:`layer_coefficients_shear_free` (a shear-free top, model v1) give how the
normal stress on the faces of a layer follows the vertical displacements of
its faces (``docs/MODEL.md`` §3); Taylor series replace the hyperbolic
expressions for thin layers. :func:`layer_transfer_noslip` is the transfer of
a base displacement through one layer under a no-slip skin. NumPy only.
"""

from __future__ import annotations

import math

import numpy as np

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
