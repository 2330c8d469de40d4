"""Cached geometry of the periodic grid of :func:`venusedu.model.simulate`.

Pure functions of their arguments, cached with ``functools.lru_cache`` and
returning read-only arrays: the wavenumbers and the distinct |q| of the grid
(:func:`_geometry`), the arrays of the two tethers (:func:`_tether_grid`) and
the window W around the right PSIS (:func:`_window`, radius
:data:`WINDOW_RADIUS_MM`). Nothing is computed at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import scipy.fft as _fft

from .. import mechanics
from .relief import _periodic_muscle

#: Radius of the window W around the right PSIS in which the dimple is looked
#: for, its slopes measured and the back's masking shading taken (mm).
WINDOW_RADIUS_MM = 40.0


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


def _gather(values: np.ndarray, g: _Geometry, at_zero: float) -> np.ndarray:
    out = values[g.q_index]
    out[0, 0] = at_zero
    return out
