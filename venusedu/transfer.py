"""One-layer transfer functions, for teaching and for checking.

:func:`layer_transfer` is the transfer of a base displacement through one
incompressible layer whose top carries the skin without shear (the top
condition of model v1; model v2 uses a no-slip skin, see
:func:`venusedu.mechanics.layer_transfer_noslip`), and
:func:`layer_transfer_laplace` the scalar-Laplace surrogate ``1/cosh Q`` that
lesson 03 compares them with. NumPy only.

Examples
--------
>>> from venusedu.transfer import layer_transfer, layer_transfer_laplace
>>> round(layer_transfer(2.0), 4), round(layer_transfer_laplace(2.0), 4)
(0.6068, 0.2658)
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["layer_transfer", "layer_transfer_laplace"]

# Below this Q the series of sinh(2Q) − 2Q is used (no cancellation).
_Q_SERIES = 0.5


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
    np.subtract(1.0, Q, out=t)  # numerator, in t
    t *= E2
    t += Q
    t += 1.0
    t *= E
    t *= 2.0
    t /= den
    return t


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
    >>> from venusedu.transfer import layer_transfer
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
    >>> from venusedu.transfer import layer_transfer_laplace
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
