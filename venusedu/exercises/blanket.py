"""Lesson 03 (the fat blanket): exercise references, sweeps, figures and quiz.

Fat that lies *over* the tether's insertion filters the pin's pull before it
reaches the skin. Each Fourier component of wavenumber ``q`` passes a layer of
thickness ``h`` with the transfer ``T_inc(Q, beta)``, ``Q = q h``
(MODEL.md section 3). A scalar Laplace layer would give ``1/cosh(Q)``
instead; the lesson compares the two.

Examples
--------
>>> round(float(laplace_transfer(0.0)), 12)
1.0
>>> half_fat([0.0, 10.0, 20.0], [1.0, 0.6, 0.2])
12.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..quiz import Question, Quiz

__all__ = [
    "laplace_transfer",
    "half_fat",
    "crossing",
    "skin_beta",
    "axisymmetric_depth",
    "transfer_vs_wavelength",
    "plot_transfer",
    "plot_blanket",
    "fraction_table",
    "plot_fraction",
    "quiz",
]


def laplace_transfer(Q):
    """The scalar-Laplace surrogate ``1/cosh(Q)`` (reference for exercise 1).

    Written as ``2 e^(-Q) / (1 + e^(-2Q))`` so that large ``Q`` gives a tiny
    number instead of an overflow.

    Parameters
    ----------
    Q : float or array_like
        Dimensionless layer thickness ``q h`` (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Fraction of a surface wave of the base that reaches the top.
    """
    Q = np.abs(np.asarray(Q, dtype=float))
    e = np.exp(-Q)
    out = 2.0 * e / (1.0 + e * e)
    return float(out) if out.ndim == 0 else out


def half_fat(fat_mm: Sequence[float], transfer: Sequence[float]) -> float:
    """Fat thickness where a falling transfer crosses one half (reference for exercise 2).

    Linear interpolation between the two sweep points either side of 0.5.

    Parameters
    ----------
    fat_mm : sequence of float
        Increasing fat thicknesses, mm.
    transfer : sequence of float
        The share of the pin's pull that reaches the skin at each thickness
        (decreasing through 0.5).

    Returns
    -------
    float
        Fat thickness at which the transfer is 0.5, mm.
    """
    t = np.asarray(fat_mm, dtype=float)
    f = np.asarray(transfer, dtype=float)
    if t.shape != f.shape or t.ndim != 1 or t.size < 2:
        raise ValueError("fat_mm and transfer must be 1-D sequences of the same length, at least 2")
    below = np.flatnonzero(f <= 0.5)
    if f[0] < 0.5 or below.size == 0:
        raise ValueError("the transfer must start above 0.5 and fall below it within the sweep")
    i = int(below[0])
    if i == 0:
        return float(t[0])
    return float(t[i - 1] + (0.5 - f[i - 1]) * (t[i] - t[i - 1]) / (f[i] - f[i - 1]))


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


def axisymmetric_depth(params=None, transfer: str = "exact") -> float:
    """Depth of one pin seen through the superficial fat, by a Hankel transform (mm).

    ``depth = (1/2π) ∫ Γ̂(q) T(q t_s) q dq``, with the pin spectrum
    :func:`venusedu.model.pin_spectrum` and one of three transfers, integrated
    by Simpson's rule on 4001 points up to where every transfer has fallen
    below 1e-30. With ``"exact"`` this is an independent 1-D check of the
    model's 2-D FFT depth (one pin, no lipo; the other pin is 80 mm or more
    away and adds nothing measurable).

    Parameters
    ----------
    params : Params, optional
        Default ``Params()``.
    transfer : {"exact", "bare", "laplace"}
        ``T_inc(Q, beta)`` with the skin's beta, ``T_inc(Q, 0)`` (fat alone,
        no skin tension or bending), or the surrogate ``1/cosh Q``.

    Returns
    -------
    float
        Depth of the skin over the PSIS, mm.
    """
    from scipy.integrate import simpson

    from .. import Params
    from ..model import layer_transfer, layer_transfer_laplace, pin_amplitude_mm, pin_decay_mm, pin_spectrum

    p = params if params is not None else Params()
    if transfer not in ("exact", "bare", "laplace"):
        raise ValueError(f"transfer must be 'exact', 'bare' or 'laplace', got {transfer!r}")
    h = p.superficial_fat_mm
    lam, a, d0 = pin_decay_mm(p), p.pin_core_mm, pin_amplitude_mm(p)
    if d0 == 0.0:
        return 0.0
    if h == 0.0:
        return float(d0)  # no layer: the skin follows the pin exactly (T = 1)
    q = np.linspace(0.0, 80.0 / h, 4001)  # rad/mm; every transfer is below 1e-30 beyond
    Q = q * h
    if transfer == "exact":
        T = layer_transfer(Q, skin_beta(q * 1e3, p))
    elif transfer == "bare":
        T = layer_transfer(Q, 0.0)
    else:
        T = layer_transfer_laplace(Q)
    return float(simpson(pin_spectrum(q, lam, a, d0) * T * q, x=q) / (2.0 * np.pi))


def skin_beta(q_per_m, params=None):
    """The skin's stiffness against the fat, ``beta = (T q + D q^3) / mu``.

    Parameters
    ----------
    q_per_m : float or array_like
        Wavenumber, rad/m.
    params : Params, optional
        Supplies T, D and mu (default ``Params()``).

    Returns
    -------
    float or numpy.ndarray
        beta (dimensionless).
    """
    from .. import Params

    p = params if params is not None else Params()
    q = np.asarray(q_per_m, dtype=float)
    out = (p.skin_tension_n_per_m * q + p.skin_bending_nm * q**3) / p.fat_shear_modulus_pa
    return float(out) if out.ndim == 0 else out


def transfer_vs_wavelength(wavelength_mm, thickness_mm: float, params=None) -> dict:
    """Transfer through a fat layer against wavelength, three ways.

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
        ``"Q"``, ``"beta"``, ``"exact_with_skin"`` (T_inc with the skin's
        beta), ``"exact_bare"`` (T_inc with beta = 0) and ``"laplace"``
        (1/cosh Q).
    """
    from ..model import layer_transfer, layer_transfer_laplace

    lam = np.asarray(wavelength_mm, dtype=float)
    q_per_mm = 2.0 * np.pi / lam
    Q = q_per_mm * float(thickness_mm)
    beta = skin_beta(q_per_mm * 1e3, params)
    return {
        "Q": Q,
        "beta": beta,
        "exact_with_skin": np.asarray(layer_transfer(Q, beta)),
        "exact_bare": np.asarray(layer_transfer(Q, 0.0)),
        "laplace": np.asarray(layer_transfer_laplace(Q)),
    }


def _style():
    from .. import style

    return style


def plot_transfer(wavelength_mm, thickness_mm: float, params=None):
    """Figure: transfer against wavelength for one fat thickness.

    Returns
    -------
    fig : matplotlib.figure.Figure
    curves : dict
        As :func:`transfer_vs_wavelength`.
    """
    style = _style()
    import matplotlib.pyplot as plt

    lam = np.asarray(wavelength_mm, dtype=float)
    c = transfer_vs_wavelength(lam, thickness_mm, params)
    ok = style.OKABE_ITO
    with style.context():
        fig, ax = plt.subplots(figsize=(9, 5))
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.14, top=0.9)
        ax.plot(lam, c["exact_bare"], "-", color=ok["blue"], label="exact, fat only (β = 0)")
        ax.plot(lam, c["exact_with_skin"], "--", color=ok["bluish_green"], label="exact, with skin tension")
        ax.plot(lam, c["laplace"], ":", color=ok["vermillion"], lw=2.5, label="surrogate 1/cosh Q")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(lam.min(), lam.max())
        ax.set_xlabel("wavelength of the bump (mm)")
        ax.set_ylabel("transfer to the skin")
        ax.set_title(f"Through {thickness_mm:g} mm of fat")
        ax.legend(loc="upper left", frameon=False)
    return fig, c


def plot_blanket(sweep, threshold_fat_mm: float | None = None):
    """Figure: depth and visibility index against fat in the blanket regime.

    Parameters
    ----------
    sweep : venusedu.exercises.paradox.Sweep
    threshold_fat_mm : float, optional
        Where VI crosses 1, marked with a vertical line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    style = _style()
    import matplotlib.pyplot as plt

    ok = style.OKABE_ITO
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8))
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.91, wspace=0.25)
        a1.plot(sweep.fat_mm, sweep.depth_mm, "-o", color=ok["blue"], markersize=5)
        a1.set_xlabel("fat over the insertion t (mm)")
        a1.set_ylabel("depth (mm)")
        a1.set_ylim(0, None)
        a1.set_title("Depth (f_s = 1)")
        a2.plot(sweep.fat_mm, sweep.visibility_index, "-s", color=ok["vermillion"], markersize=5)
        a2.axhline(1.0, color="0.3", lw=1.2)
        a2.set_yscale("log")
        a2.set_xlabel("fat over the insertion t (mm)")
        a2.set_ylabel("visibility index VI")
        a2.set_title("Visibility (f_s = 1)")
        if threshold_fat_mm is not None:
            for a in (a1, a2):
                a.axvline(threshold_fat_mm, color="0.3", ls=":", lw=1.5)
            a2.text(threshold_fat_mm, 1.12, f" VI = 1 at {threshold_fat_mm:.1f} mm",
                    va="bottom", ha="left", fontsize=style.SMALL_SIZE)
    return fig


def fraction_table(fractions: Sequence[float], fats: Sequence[float], base=None) -> dict:
    """Depth and VI for every (superficial fraction, fat) pair.

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
        ``"fractions"``, ``"fats"`` and ``"depth_mm"``, ``"visibility_index"``
        arrays of shape ``(len(fractions), len(fats))``.
    """
    from .paradox import SWEEP_GRID, fat_sweep
    from .. import Params

    p = base if base is not None else Params(grid=SWEEP_GRID)
    sweeps = [fat_sweep(fats, p, superficial_fraction=float(f)) for f in fractions]
    return {
        "fractions": np.asarray(fractions, dtype=float),
        "fats": np.asarray(fats, dtype=float),
        "depth_mm": np.array([s.depth_mm for s in sweeps]),
        "visibility_index": np.array([s.visibility_index for s in sweeps]),
    }


def plot_fraction(table: dict):
    """Figure: depth against fat, one line per superficial fraction.

    Returns
    -------
    matplotlib.figure.Figure
    """
    style = _style()
    import matplotlib.pyplot as plt

    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v")]
    colours = [style.OKABE_ITO[k] for k in ("vermillion", "orange", "reddish_purple", "bluish_green", "blue")]
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(13.5, 4.8))
        fig.subplots_adjust(left=0.07, right=0.83, bottom=0.14, top=0.91, wspace=0.25)
        for i, f in enumerate(table["fractions"]):
            ls, mk = styles[i % len(styles)]
            kw = dict(ls=ls, marker=mk, color=colours[i % len(colours)], markersize=5, label=f"f_s = {f:.2f}")
            a1.plot(table["fats"], table["depth_mm"][i], **kw)
            a2.plot(table["fats"], table["visibility_index"][i], **kw)
        a1.set_yscale("log")
        a1.set_xlabel("fat thickness t (mm)")
        a1.set_ylabel("depth (mm)")
        a1.set_title("Depth")
        a2.axhline(1.0, color="0.3", lw=1.2)
        a2.set_yscale("log")
        a2.set_xlabel("fat thickness t (mm)")
        a2.set_ylabel("visibility index VI")
        a2.set_title("Visibility")
        fig.legend(*a1.get_legend_handles_labels(), loc="center left", bbox_to_anchor=(0.835, 0.5), frameon=False,
                   fontsize=style.SMALL_SIZE, title="superficial\nfraction")
    return fig


quiz = Quiz(
    "The fat blanket",
    [
        Question(
            "At Q = q·h = 2, what share of a bump passes an incompressible fat layer with no skin tension "
            "(beta = 0), and what does the 1/cosh surrogate say?",
            ["exact 0.61, surrogate 0.27", "exact 0.27, surrogate 0.61",
             "both 0.50", "exact 1.00, surrogate 0.27"],
            answer=0,
            explanation="Incompressible fat cannot be squeezed, so it passes much more of the pull "
                        "than the scalar surrogate predicts: 0.61 against 0.27.",
            hints={1: "Which one over-smooths? Look at the printed values again."},
        ),
        Question(
            "Which bumps does a layer of fat let through best?",
            ["Short wavelengths (narrow bumps)", "Long wavelengths (broad bumps)",
             "All wavelengths equally", "None: fat blocks every bump"],
            answer=1,
            explanation="Transfer depends on Q = 2π h / wavelength: broad features pass, narrow ones "
                        "are smoothed. A narrow tether dimple is exactly what fat hides.",
        ),
        Question(
            "In the blanket regime (all fat over the insertion, f_s = 1), what happens to the dimple "
            "as fat increases?",
            ["It gets deeper and more visible", "Depth grows but visibility falls",
             "Nothing changes", "It gets shallower and less visible"],
            answer=3,
            explanation="Fat over the insertion filters the pin's pull: depth and VI both fall "
                        "(MODEL.md property 2).",
        ),
        Question(
            "What is the honest status of the superficial fraction f_s?",
            ["Measured by CT at the PSIS", "Fixed by the laws of mechanics",
             "A modelling assumption: nobody has measured where the fat sits relative to the insertion",
             "Always exactly 0.5"],
            answer=2,
            explanation="It is the key unknown of the model: f_s = 0 makes fat deepen the dimple, "
                        "f_s = 1 makes it hide it.",
        ),
        Question(
            "With half the fat over the insertion (f_s = 0.5), the fat grows from 5 to 20 mm. "
            "What does the model say?",
            ["Deeper and more visible", "Deeper but less visible",
             "Shallower but more visible", "Shallower and less visible"],
            answer=1,
            explanation="The pit deepens, but it also widens, so its slopes fall and the eye sees less of it "
                        "(lesson 04): depth and visibility switch at different f_s.",
        ),
    ],
)
