"""One isolated tether, solved with a Hankel transform: the reference the FE solution checks.

:func:`self_interaction` is the Galerkin matrix of one tether's own response
(also the self term of the grid solution of :mod:`venusedu.model`);
:func:`axisymmetric_pit` and :func:`hankel_pit` solve one tether on an
unbounded back, and :func:`pit_depth_width` measures the pit the way the
finite-element validation does. NumPy and SciPy.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import special as _sp

from .modes import TETHER_BASIS_SIZE, mode_responses, tether_basis


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
