"""The surface of the tethered, layered back: fields, slopes, depth and width.

:func:`_surface` computes everything of a :class:`~venusedu.model.Result` that
depends on the surface (not on the lighting), in named steps: the spectra of
the body without the tethers (muscle relief and liposculpture), the tethers'
force densities from their Galerkin system and what they add, the fields back
in real space, the measures of the pit (depth, width, rim, slope) and the
checks of the linear theory (:data:`MAX_LINEAR_SLOPE`). Physics only (NumPy,
SciPy and :mod:`venusedu.mechanics`, :mod:`venusedu.vision`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import scipy.fft as _fft

from .. import mechanics, vision
from ..params import Params
from .grid import _gather, _Geometry, _geometry, _tether_grid, _window
from .relief import _gauss
from .result import _Slopes

#: Largest pit slope (mm/mm) up to which the linear (small-slope) theory is
#: trusted; beyond it :attr:`Result.linear` is False.
MAX_LINEAR_SLOPE = 0.3


def _pit_depth_and_width(row: np.ndarray, x: np.ndarray, extent: float) -> tuple[float, float]:
    """Depth and full width at half depth of the right pit on the row y = 0."""
    n = row.size
    # right half of the row, from x = 0 to x = extent/2 (= the periodic image of -extent/2)
    seg = np.concatenate((row[n // 2 :], row[:1]))
    xs = np.concatenate((x[n // 2 :], x[:1] + extent))
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
    above = np.flatnonzero(seg[jm + 1 :] >= half)
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


def _responses(p: Params, q) -> mechanics.ModeResponses:
    return mechanics.mode_responses(
        q,
        superficial_mm=p.superficial_fat_mm,
        deep_mm=p.deep_layer_mm,
        skin_tension_n_per_m=p.skin_tension_n_per_m,
        skin_bending_nm=p.skin_bending_nm,
        fascia_tension_n_per_m=p.fascia_tension_n_per_m,
        shear_modulus_pa=p.fat_shear_modulus_pa,
    )


def _lipo_dft(p: Params, g: _Geometry, x0: float) -> np.ndarray:
    """Fat removed at both PSIS: its continuous FT, as the rfft2 of the samples."""
    rl = p.lipo_radius_mm
    return (
        (2.0 * math.pi * rl * rl * p.lipo_depth_mm)
        * np.exp(-0.5 * rl * rl * g.q * g.q)
        * (2.0 * np.cos(g.kx * x0))[None, :]
        * g.shift
    )


_Hat = np.ndarray | None


def _untethered_spectra(p: Params, g: _Geometry, R: mechanics.ModeResponses) -> tuple[_Hat, _Hat, _Hat]:
    """Spectra of the body without the tethers: ``(reference, pit, insertion)``.

    The reference is the skin over the muscle relief (None without muscle),
    the pit what liposculpture does to the skin (None without lipo), the
    insertion what both do to the fascia (None with neither).
    """
    # q = 0: the incompressible layers keep their volume, so a force on the fascia
    # moves nothing on average; a uniform lift of the base lifts everything; fat
    # removed evenly lowers the skin by as much.
    ref_hat = pit_hat = fascia_hat = None
    if p.muscle > 0.0:
        muscle_dft = p.muscle * g.muscle_hat
        ref_hat = _gather(R.skin_base, g, 1.0) * muscle_dft
        fascia_hat = _gather(R.fascia_base, g, 1.0) * muscle_dft
    if p.lipo_depth_mm > 0.0:
        lipo_dft = _lipo_dft(p, g, 0.5 * p.dimple_spacing_mm)
        pit_hat = _gather(R.skin_lipo, g, -1.0) * lipo_dft
        f_l = _gather(R.fascia_lipo, g, 0.0) * lipo_dft
        fascia_hat = f_l if fascia_hat is None else fascia_hat + f_l
    return ref_hat, pit_hat, fascia_hat


def _add_tethers(
    p: Params, g: _Geometry, R: mechanics.ModeResponses, pit_hat: _Hat, fascia_hat: _Hat
) -> tuple[float, _Hat, _Hat]:
    """Solve for the tethers' force densities and add what they do: ``(pull, pit, insertion)``.

    The tethers hold the fascia over their discs at ``-tether_target_mm``
    (Galerkin system: the tether's own response by Hankel quadrature, the other
    tether and the images by the grid sum). A slack tether (one that would have
    to push) adds nothing and its pull is 0.
    """
    tg = _tether_grid(p.grid, p.extent_mm, 0.5 * p.dimple_spacing_mm, p.tether_radius_mm)
    A = mechanics.self_interaction(lambda q: _responses(p, q), p.tether_radius_mm)
    A += np.tensordot(tg.cross, R.fascia_force, axes=([2], [0]))
    around = np.zeros(A.shape[0])  # what muscle and lipo do to the fascia at the disc
    if fascia_hat is not None:
        around = np.einsum("kij,ij->k", tg.probe, fascia_hat).real
    target = -p.tether_target_mm
    coeffs = np.linalg.solve(A, target - around)
    if not coeffs.sum() < 0.0:  # the tether pulls; a tether never pushes (slack)
        return 0.0, pit_hat, fascia_hat
    pull = float(around[0] - target)
    load = np.tensordot(coeffs, tg.load, axes=([0], [0]))
    t_hat = _gather(R.skin_force, g, 0.0) * load
    f_t = _gather(R.fascia_force, g, 0.0) * load
    pit_hat = t_hat if pit_hat is None else pit_hat + t_hat
    fascia_hat = f_t if fascia_hat is None else fascia_hat + f_t
    return pull, pit_hat, fascia_hat


class _Fields(NamedTuple):
    ref: np.ndarray  # reference surface s_ref and its slopes
    rx: np.ndarray
    ry: np.ndarray
    surf: np.ndarray  # surface s and its slopes (the reference's own arrays without a pit)
    sx: np.ndarray
    sy: np.ndarray
    pit: np.ndarray  # s - s_ref
    insertion: np.ndarray  # displacement of the fascia
    zeros: np.ndarray  # the one array of zeros standing for every absent field


def _fields(g: _Geometry, ref_hat: _Hat, pit_hat: _Hat, fascia_hat: _Hat) -> _Fields:
    """The fields and slopes in real space, one inverse transform per field."""
    n = g.n
    spectra = []
    if ref_hat is not None:
        spectra += [ref_hat, ref_hat * g.ikx, ref_hat * g.iky]
    if pit_hat is not None:
        surf_hat = pit_hat + ref_hat if ref_hat is not None else pit_hat
        spectra += [surf_hat, surf_hat * g.ikx, surf_hat * g.iky]
    if fascia_hat is not None:
        spectra.append(fascia_hat)

    # one transform per field: pocketfft is several times slower on a stacked
    # (k, n, n//2+1) batch than on k separate contiguous planes
    fields = [_fft.irfft2(sp, s=(n, n)) for sp in spectra]
    zeros = np.zeros((n, n))
    k = 0
    if ref_hat is not None:
        ref, rx, ry = fields[0], fields[1], fields[2]
        k = 3
    else:
        ref = rx = ry = zeros
    if pit_hat is not None:
        surf, sx, sy = fields[k], fields[k + 1], fields[k + 2]
        pit = surf - ref if ref_hat is not None else surf  # the same field, without another transform
        k += 3
    else:
        pit = zeros
        surf, sx, sy = ref, rx, ry
    insertion = fields[k] if fascia_hat is not None else zeros
    return _Fields(ref, rx, ry, surf, sx, sy, pit, insertion, zeros)


def _lipo_field(p: Params, g: _Geometry, zeros: np.ndarray) -> np.ndarray:
    """Fat removed by liposculpture on the periodic grid (``zeros`` without lipo)."""
    if not p.lipo_depth_mm > 0.0:
        return zeros
    rl = p.lipo_radius_mm
    x0 = 0.5 * p.dimple_spacing_mm
    shifts = (-p.extent_mm, 0.0, p.extent_mm)
    lx = sum(_gauss(g.x + s - x0, rl) + _gauss(g.x + s + x0, rl) for s in shifts)
    ly = sum(_gauss(g.x + s, rl) for s in shifts)
    return p.lipo_depth_mm * (ly[:, None] * lx[None, :])


def _pit_measures(p: Params, g: _Geometry, f: _Fields, has_pit: bool) -> tuple[float, float, float, float]:
    """Depth, width, rim and largest slope of the right pit (window W)."""
    n, extent = p.grid, p.extent_mm
    depth, width = _pit_depth_and_width(f.pit[n // 2], g.x, extent)
    win = _window(n, extent, p.dimple_spacing_mm)
    if has_pit:
        pxw = f.sx.ravel()[win.idx] - f.rx.ravel()[win.idx]
        pyw = f.sy.ravel()[win.idx] - f.ry.ravel()[win.idx]
        max_slope = float(np.sqrt(np.max(pxw * pxw + pyw * pyw)))
        rim = max(0.0, float(f.pit.ravel()[win.idx].max()))
    else:
        max_slope = rim = 0.0
    return depth, width, rim, max_slope


def _validity(p: Params, max_slope: float, pull: float) -> list[str]:
    """Plain-language reasons why the result leaves the linear theory (empty if none)."""
    notes = []
    if max_slope > MAX_LINEAR_SLOPE:
        notes.append(
            f"the pit's slopes reach {max_slope:.2f} ({math.degrees(math.atan(max_slope)):.0f}°), "
            f"above {MAX_LINEAR_SLOPE}: beyond the small-slope theory of the model, so its "
            "depth and its verdict are not reliable"
        )
    if pull > p.deep_layer_mm:
        notes.append(
            f"the tether pulls the insertion {pull:.1f} mm down into a layer only "
            f"{p.deep_layer_mm:.1f} mm thick: more than the layer under it, which linear "
            "theory cannot describe"
        )
    return notes


def _surface(p: Params):
    """Everything that depends on the surface fields: fields, slopes, depth, width."""
    g = _geometry(p.grid, p.extent_mm)
    R = _responses(p, g.q_unique)
    ref_hat, pit_hat, fascia_hat = _untethered_spectra(p, g, R)
    pull = 0.0
    if p.ligament:
        pull, pit_hat, fascia_hat = _add_tethers(p, g, R, pit_hat, fascia_hat)
    f = _fields(g, ref_hat, pit_hat, fascia_hat)
    lipo = _lipo_field(p, g, f.zeros)
    muscle = p.muscle * g.muscle if p.muscle > 0.0 else f.zeros
    depth, width, rim, max_slope = _pit_measures(p, g, f, pit_hat is not None)
    notes = _validity(p, max_slope, pull)
    sx, sy, rx, ry = f.sx, f.sy, f.rx, f.ry
    inv_s = vision.inverse_normal_length(sx, sy)
    inv_r = inv_s if f.surf is f.ref else vision.inverse_normal_length(rx, ry)
    slopes = _Slopes(sx, sy, rx, ry, inv_s, inv_r)
    arrays = dict(
        surface_mm=f.surf, reference_mm=f.ref, pit_mm=f.pit, muscle_mm=muscle, insertion_mm=f.insertion, lipo_mm=lipo
    )
    for a in (*arrays.values(), *slopes):
        a.setflags(write=False)
    scalars = dict(
        depth_mm=depth,
        width_mm=width,
        rim_mm=rim,
        max_slope=max_slope,
        pull_mm=pull,
        linear=not notes,
        validity=tuple(notes),
    )
    return arrays, slopes, scalars
