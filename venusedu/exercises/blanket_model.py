"""Lesson 03 (the fat blanket): what the lesson computes with the model.

The skin's stiffness against the fat (:func:`skin_beta`), the pit of one
isolated tether with a choice of skin and of top condition
(:func:`tether_pit`, :func:`pull_share`), the transfer through a fat layer
against wavelength (:func:`transfer_vs_wavelength`), the depth and VI of a
sweep over fat for several superficial fractions (:func:`fraction_table`) and
where a sampled curve crosses a level (:func:`crossing`). The lesson imports
them from :mod:`venusedu.exercises.blanket`, with its references, figures
and quiz.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

__all__ = [
    "crossing",
    "skin_beta",
    "SKIN_CASES",
    "TetherPit",
    "tether_pit",
    "pull_share",
    "transfer_vs_wavelength",
    "fraction_table",
]

#: What the skin over the fat is made of in :func:`tether_pit`: both its
#: tension and its bending stiffness (the model), one of them, or neither
#: (the fat alone, under a skin with no stiffness).
SKIN_CASES: tuple[str, ...] = ("both", "tension", "bending", "none")


def crossing(x: Sequence[float], y: Sequence[float], level: float = 1.0, *, log: bool = False) -> float:
    """Where a sampled curve first crosses a level, by linear interpolation.

    Parameters
    ----------
    x : sequence of float
        Increasing sample positions.
    y : sequence of float
        Values at ``x``.
    level : float
        The level to cross.
    log : bool
        Interpolate ``log(y)`` against ``x`` (for quantities plotted on a log
        scale, such as the visibility index); ``y`` and ``level`` must be > 0.

    Returns
    -------
    float
        The ``x`` of the first crossing.

    Raises
    ------
    ValueError
        If ``y`` never crosses ``level``.

    Examples
    --------
    >>> crossing([0.0, 1.0, 2.0], [3.0, 2.0, 0.0], level=1.0)
    1.5
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    lv = float(level)
    if log:
        ys, lv = np.log(ys), np.log(lv)
    d = ys - lv
    idx = np.flatnonzero(np.sign(d[:-1]) * np.sign(d[1:]) <= 0)
    if idx.size == 0:
        raise ValueError(f"the curve does not cross {level} within the samples")
    i = int(idx[0])
    if d[i] == d[i + 1]:
        return float(xs[i])
    return float(xs[i] + (xs[i + 1] - xs[i]) * d[i] / (d[i] - d[i + 1]))


def skin_beta(q_per_m, params=None, *, tension: bool = True, bending: bool = True):
    """The skin's stiffness against the fat, ``beta = (T q + D q^3) / mu``.

    Parameters
    ----------
    q_per_m : float or array_like
        Wavenumber, rad/m.
    params : Params, optional
        Supplies T, D and mu (default ``Params()``).
    tension, bending : bool
        Keep the tension term ``T q`` and the bending term ``D q³`` (both by
        default); switch one off to see what the other does.

    Returns
    -------
    float or numpy.ndarray
        beta (dimensionless).

    Examples
    --------
    >>> import math
    >>> round(skin_beta(2 * math.pi / 0.025), 2)      # a 25 mm wave, default skin
    10.76
    >>> skin_beta(100.0, tension=False, bending=False)
    0.0
    """
    from .. import Params

    p = params if params is not None else Params()
    q = np.asarray(q_per_m, dtype=float)
    out = (
        (p.skin_tension_n_per_m * q if tension else 0.0) + (p.skin_bending_nm * q**3 if bending else 0.0)
    ) / p.fat_shear_modulus_pa
    out = np.asarray(out, dtype=float) + np.zeros_like(q)
    return float(out) if out.ndim == 0 else out


class TetherPit(NamedTuple):
    """One isolated tether, solved per Fourier mode and brought back by a Hankel transform.

    Attributes
    ----------
    r_mm : ndarray
        Distance from the tether (mm).
    skin_mm, fascia_mm : ndarray
        Displacement of the skin and of the superficial fascia (the
        insertion level), mm, positive up, 0 far away.
    depth_mm : float
        Depth of the skin's pit (mm), measured from the level 100 mm away
        (:func:`venusedu.mechanics.pit_depth_width`).
    width_mm : float
        Width of the skin's pit at half depth (mm); ``nan`` if *r_mm* was too
        coarse to find it.
    pull_mm : float
        How far the tether holds the fascia down over its disc,
        ``δ = d_p + (1 − ρ) t_d`` (mm).
    """

    r_mm: np.ndarray
    skin_mm: np.ndarray
    fascia_mm: np.ndarray
    depth_mm: float
    width_mm: float
    pull_mm: float

    @property
    def share(self) -> float:
        """Share of the tether's pull that reaches the skin: ``depth / pull``."""
        return self.depth_mm / self.pull_mm


def tether_pit(params=None, *, skin: str = "both", top: str = "no-slip", r_mm=None) -> TetherPit:
    """The pit of one isolated tether, with a choice of skin and of top condition.

    The layered mechanics of model v2 (docs/MODEL.md §3, :mod:`venusedu.mechanics`:
    deep layer, fascia with its tension, superficial fat, skin) for a single
    tether that holds the fascia at ``−δ``, ``δ = d_p + (1 − ρ) t_d``, over its
    disc, with no muscle and no liposculpture. The skin can be the model's
    (tension and bending), keep only one of them, or neither; the fat can be
    bonded to it (no-slip, the model) or slide under it (shear-free, model
    v1). Each Fourier mode is solved with
    :func:`venusedu.mechanics.mode_responses` and the pit with
    :func:`venusedu.mechanics.hankel_pit` (the tether's force, then the Hankel
    transform ``w(r) = (1/2π) ∫ W(q) J0(q r) q dq``).

    With ``skin="both"`` and ``top="no-slip"`` this is the problem
    :func:`venusedu.mechanics.axisymmetric_pit` solves (which the tests check
    against an independent finite-element solution).

    Parameters
    ----------
    params : Params, optional
        Default ``Params()``. Its muscle and lipo are ignored.
    skin : {"both", "tension", "bending", "none"}
        Which of the skin's stiffnesses to keep.
    top : {"no-slip", "shear-free"}
        Condition between the superficial fat and the skin.
    r_mm : array_like, optional
        Distances from the tether (mm); default 0 to 150 mm in 0.25 mm steps.

    Returns
    -------
    TetherPit

    Examples
    --------
    >>> from venusedu import Params
    >>> pit = tether_pit(Params(fat_mm=8.0))
    >>> pit.pull_mm, round(pit.depth_mm, 2), round(pit.share, 2)
    (2.0, 0.72, 0.36)
    """
    from .. import Params, mechanics

    p = params if params is not None else Params()
    if skin not in SKIN_CASES:
        raise ValueError(f"skin = {skin!r} is not allowed: must be one of {', '.join(map(repr, SKIN_CASES))}")
    T = p.skin_tension_n_per_m if skin in ("both", "tension") else 0.0
    D = p.skin_bending_nm if skin in ("both", "bending") else 0.0

    def responses(q):
        return mechanics.mode_responses(
            q,
            superficial_mm=p.superficial_fat_mm,
            deep_mm=p.deep_layer_mm,
            skin_tension_n_per_m=T,
            skin_bending_nm=D,
            fascia_tension_n_per_m=p.fascia_tension_n_per_m,
            shear_modulus_pa=p.fat_shear_modulus_pa,
            top=top,
        )

    r = np.linspace(0.0, 150.0, 601) if r_mm is None else r_mm
    pit = mechanics.hankel_pit(responses, p.tether_radius_mm, p.tether_target_mm, r)
    r, skin_mm, fascia_mm = pit.r_mm, pit.skin_mm, pit.fascia_mm
    depth, width = mechanics.pit_depth_width(r, skin_mm)
    return TetherPit(r, skin_mm, fascia_mm, depth, width, float(p.tether_target_mm))


def pull_share(fat_mm, params=None, **kwargs) -> np.ndarray:
    """Share of the tether's pull that reaches the skin, for each fat thickness.

    ``depth / pull`` of :func:`tether_pit` with ``fat_mm`` replaced, the
    depth from the skin's displacement at the tether (r = 0, the bottom of
    the pit) and 100 mm away.

    Parameters
    ----------
    fat_mm : sequence of float
        Fat thicknesses over the insertion, mm.
    params : Params, optional
        The other fields (default ``Params()``).
    **kwargs
        ``skin`` and ``top``, passed to :func:`tether_pit`.

    Returns
    -------
    numpy.ndarray
    """
    import dataclasses

    from .. import Params

    p = params if params is not None else Params()
    return np.array(
        [
            tether_pit(dataclasses.replace(p, fat_mm=float(t)), r_mm=(0.0, 100.0), **kwargs).share
            for t in np.atleast_1d(fat_mm)
        ]
    )


def transfer_vs_wavelength(wavelength_mm, thickness_mm: float, params=None) -> dict:
    """Transfer through a fat layer against wavelength, four ways.

    Parameters
    ----------
    wavelength_mm : array_like
        Wavelengths, mm.
    thickness_mm : float
        Fat thickness over the insertion, mm.
    params : Params, optional
        Skin and fat properties (default ``Params()``).

    Returns
    -------
    dict of numpy.ndarray
        ``"Q"``, ``"beta"``, ``"no_slip_with_skin"`` (the model's transfer
        ``T_ns(Q, β)``), ``"no_slip_bare"`` (``T_ns(Q, 0)``: the fat alone),
        ``"shear_free_bare"`` (model v1's top, ``T_sf(Q, 0)``) and
        ``"laplace"`` (1/cosh Q).
    """
    from ..model import layer_transfer, layer_transfer_laplace, layer_transfer_noslip

    lam = np.asarray(wavelength_mm, dtype=float)
    q_per_mm = 2.0 * np.pi / lam
    Q = q_per_mm * float(thickness_mm)
    beta = skin_beta(q_per_mm * 1e3, params)
    return {
        "Q": Q,
        "beta": beta,
        "no_slip_with_skin": np.asarray(layer_transfer_noslip(Q, beta)),
        "no_slip_bare": np.asarray(layer_transfer_noslip(Q, 0.0)),
        "shear_free_bare": np.asarray(layer_transfer(Q, 0.0)),
        "laplace": np.asarray(layer_transfer_laplace(Q)),
    }


def fraction_table(fractions: Sequence[float], fats: Sequence[float], base=None) -> dict:
    """Depth, VI and linearity for every (superficial fraction, fat) pair.

    Parameters
    ----------
    fractions : sequence of float
        Superficial fractions f_s (0..1).
    fats : sequence of float
        Fat thicknesses, mm.
    base : Params, optional
        Default ``Params(grid=SWEEP_GRID)``.

    Returns
    -------
    dict
        ``"fractions"``, ``"fats"`` and ``"depth_mm"``, ``"visibility_index"``,
        ``"linear"`` arrays of shape ``(len(fractions), len(fats))``.
    """
    from .. import Params
    from .paradox import SWEEP_GRID, fat_sweep

    p = base if base is not None else Params(grid=SWEEP_GRID)
    sweeps = [fat_sweep(fats, p, superficial_fraction=float(f)) for f in fractions]
    return {
        "fractions": np.asarray(fractions, dtype=float),
        "fats": np.asarray(fats, dtype=float),
        "depth_mm": np.array([s.depth_mm for s in sweeps]),
        "visibility_index": np.array([s.visibility_index for s in sweeps]),
        "linear": np.array([s.linear for s in sweeps]),
    }
