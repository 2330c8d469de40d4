"""Lesson 03 (the fat blanket): exercise references, sweeps, figures and quiz.

Fat that lies *over* the tether's insertion filters the tether's pull before
it reaches the skin. In model v2 (docs/MODEL.md §3) each Fourier component of
wavenumber ``q`` of the insertion's pit reaches the skin with the transfer of
a no-slip layer under a skin of stiffness ``β``,
``T_ns(Q, β) = c(Q) / (a(Q) + β)``, ``Q = q t_s``. The lesson compares it with
the shear-free top of model v1 (:func:`venusedu.model.layer_transfer`) and
with a scalar Laplace layer, ``1/cosh(Q)``, and finds, with the isolated-tether
solution (:func:`tether_pit`), what does the smoothing: the fat, the skin's
tension or its bending.

What the lesson computes with the model (the skin's stiffness, the isolated
tether's pit, the transfer curves, the superficial-fraction table) is in
:mod:`venusedu.exercises.blanket_model`; the lesson imports it from here,
with the references, figures and quiz.

Examples
--------
>>> round(float(laplace_transfer(0.0)), 12)
1.0
>>> half_fat([0.0, 10.0, 20.0], [1.0, 0.6, 0.2])
12.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..quiz import Question, Quiz
from .blanket_model import (
    SKIN_CASES,
    TetherPit,
    crossing,
    fraction_table,
    pull_share,
    skin_beta,
    tether_pit,
    transfer_vs_wavelength,
)

__all__ = [
    "laplace_transfer",
    "half_fat",
    "crossing",
    "skin_beta",
    "SKIN_CASES",
    "TetherPit",
    "tether_pit",
    "pull_share",
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
        The share of the tether's pull that reaches the skin at each
        thickness (decreasing through 0.5).

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
        ax.plot(lam, c["no_slip_bare"], "-", color=ok["blue"], label="no-slip, fat only (β = 0)")
        ax.plot(lam, c["no_slip_with_skin"], "--", color=ok["bluish_green"], label="no-slip, with the skin (model)")
        ax.plot(lam, c["shear_free_bare"], "-.", color=ok["orange"], label="shear-free, fat only (model v1)")
        ax.plot(lam, c["laplace"], ":", color=ok["vermillion"], lw=2.5, label="surrogate 1/cosh Q")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(lam.min(), lam.max())
        ax.set_xlabel("wavelength of the bump (mm)")
        ax.set_ylabel("transfer to the skin (share of the bump that reaches it)")
        ax.set_title(f"Through {thickness_mm:g} mm of fat")
        ax.legend(loc="upper left", frameon=False)
    return fig, c


def _lin(sweep) -> np.ndarray:
    lin = getattr(sweep, "linear", None)
    return np.ones(len(sweep.fat_mm), bool) if lin is None else np.asarray(lin, bool)


def plot_blanket(sweep, threshold_fat_mm: float | None = None, band_fat_mm=None):
    """Figure: depth and visibility index against fat in the blanket regime.

    Results beyond linear theory are drawn with open markers (depth) or left
    out (VI).

    Parameters
    ----------
    sweep : venusedu.exercises.paradox.Sweep
    threshold_fat_mm : float, optional
        Where VI crosses 1, marked with a vertical line.
    band_fat_mm : (float, float), optional
        Where the verdict stops being "visible" and becomes "not visible";
        the borderline zone between them is shaded.

    Returns
    -------
    matplotlib.figure.Figure
    """
    style = _style()
    import matplotlib.pyplot as plt

    ok = style.OKABE_ITO
    lin = _lin(sweep)
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8))
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.91, wspace=0.25)
        a1.plot(sweep.fat_mm, sweep.depth_mm, "-", color=ok["blue"])
        a1.plot(sweep.fat_mm[lin], sweep.depth_mm[lin], "o", color=ok["blue"], markersize=5)
        if (~lin).any():
            a1.plot(
                sweep.fat_mm[~lin],
                sweep.depth_mm[~lin],
                "o",
                mfc="white",
                mec=ok["blue"],
                markersize=6,
                label="beyond linear theory",
            )
            a1.legend(loc="upper right", frameon=False)
        a1.set_xlabel("fat over the insertion t (mm)")
        a1.set_ylabel("depth (mm)")
        a1.set_ylim(0, None)
        a1.set_title("Depth (f_s = 1)")
        a2.plot(sweep.fat_mm[lin], sweep.visibility_index[lin], "-s", color=ok["vermillion"], markersize=5)
        a2.axhline(1.0, color="0.3", lw=1.2)
        if band_fat_mm is not None and all(math.isfinite(v) for v in band_fat_mm):
            for a in (a1, a2):
                a.axvspan(band_fat_mm[0], band_fat_mm[1], color="0.88", zorder=0)
            a2.text(
                0.5 * (band_fat_mm[0] + band_fat_mm[1]),
                0.97,
                "borderline",
                ha="center",
                va="top",
                transform=a2.get_xaxis_transform(),
                fontsize=style.SMALL_SIZE,
            )
        a2.set_yscale("log")
        a2.set_xlabel("fat over the insertion t (mm)")
        a2.set_ylabel("visibility index VI (1 = just visible)")
        a2.set_title("Visibility (f_s = 1), within linear theory")
        if threshold_fat_mm is not None:
            for a in (a1, a2):
                a.axvline(threshold_fat_mm, color="0.3", ls=":", lw=1.5)
            a2.text(
                threshold_fat_mm,
                1.12,
                f" VI = 1 at {threshold_fat_mm:.1f} mm",
                va="bottom",
                ha="left",
                fontsize=style.SMALL_SIZE,
            )
    return fig


#: Line style and marker of each superficial fraction in :func:`plot_fraction`, in turn.
_FRACTION_STYLES = [
    ("-", "o"),
    ("--", "s"),
    (":", "^"),
    ("-.", "D"),
    ((0, (5, 1, 1, 1)), "v"),
    ((0, (1, 1)), "P"),
    ((0, (3, 1, 1, 1, 1, 1)), "X"),
]
_FRACTION_COLOURS = ("vermillion", "orange", "reddish_purple", "sky_blue", "bluish_green", "blue", "black")


def _plot_fraction_line(a1, a2, table: dict, i: int, colour) -> str:
    """Draw the depth and VI lines of the ``i``-th superficial fraction; return its part of the alt text."""
    fats = table["fats"]
    f = table["fractions"][i]
    ls, mk = _FRACTION_STYLES[i % len(_FRACTION_STYLES)]
    lin = np.asarray(table["linear"][i], bool)
    d, v = table["depth_mm"][i], table["visibility_index"][i]
    a1.plot(fats, d, ls=ls, color=colour, label=f"f_s = {f:.2f}")
    a1.plot(fats[lin], d[lin], ls="none", marker=mk, color=colour, markersize=5)
    a1.plot(fats[~lin], d[~lin], ls="none", marker=mk, mfc="white", mec=colour, markersize=6)
    if lin.any():
        a2.plot(fats[lin], v[lin], ls=ls, marker=mk, color=colour, markersize=5)
    part = f"f_s = {f:.2f}: depth {d[0]:.2f} mm at {fats[0]:g} mm of fat, {d[-1]:.2f} mm at {fats[-1]:g} mm"
    if not lin.any():
        part += ", beyond linear theory throughout"
    elif not lin.all():
        part += f", within linear theory from {fats[np.flatnonzero(lin)[0]]:g} mm"
    return part


def _label_fraction_axes(fig, a1, a2, style) -> None:
    """Scales, labels and titles of :func:`plot_fraction`'s panels, and the legend of the fractions."""
    a1.plot([], [], ls="none", marker="o", mfc="white", mec="0.3", label="open: beyond\nlinear theory")
    a1.set_yscale("log")
    a1.set_xlabel("fat thickness t (mm)")
    a1.set_ylabel("depth (mm)")
    a1.set_title("Depth")
    a2.axhline(1.0, color="0.3", lw=1.2)
    a2.set_yscale("log")
    a2.set_xlabel("fat thickness t (mm)")
    a2.set_ylabel("visibility index VI (1 = just visible)")
    a2.set_title("Visibility, within linear theory")
    fig.legend(
        *a1.get_legend_handles_labels(),
        loc="center left",
        bbox_to_anchor=(0.835, 0.5),
        frameon=False,
        fontsize=style.SMALL_SIZE,
        title="superficial\nfraction",
    )


def plot_fraction(table: dict):
    """Figure: depth and VI against fat, one line per superficial fraction.

    Depths beyond linear theory are drawn with open markers; their VI is left
    out.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    style = _style()
    import matplotlib.pyplot as plt

    colours = [style.OKABE_ITO[k] for k in _FRACTION_COLOURS]
    parts = []
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(13.5, 4.8))
        fig.subplots_adjust(left=0.07, right=0.83, bottom=0.14, top=0.91, wspace=0.25)
        for i in range(len(table["fractions"])):
            parts.append(_plot_fraction_line(a1, a2, table, i, colours[i % len(colours)]))
        _label_fraction_axes(fig, a1, a2, style)
    alt = (
        "Depth (left) and visibility index (right) against fat, one line per superficial fraction f_s, "
        "both on log scales; depths beyond linear theory are drawn open and their VI left out. "
        + "; ".join(parts)
        + "."
    )
    return fig, alt


quiz = Quiz(
    "The fat blanket",
    [
        Question(
            "At Q = q·h = 2, what share of a bump passes a fat layer bonded to the skin above it (no-slip, "
            "no skin stiffness, beta = 0), and what does the 1/cosh surrogate say?",
            [
                "no-slip 0.27, surrogate 0.71",
                "no-slip 0.61, surrogate 0.27",
                "no-slip 0.71, surrogate 0.27",
                "no-slip 1.00, surrogate 0.27",
            ],
            answer=2,
            explanation="Incompressible fat cannot be squeezed, so it passes much more of the pull "
            "than the scalar surrogate predicts: 0.71 against 0.27.",
            hints={
                0: "Swapped: the surrogate is the one that over-smooths. Fat cannot be squeezed, so the top "
                "of the layer follows the bottom more closely than a diffusing temperature would.",
                1: "0.61 is the shear-free transfer, fat sliding under the skin as in version 1 of the "
                "model; bonded to the skin, the fat keeps its thickness better and passes more.",
                3: "The whole pull passes (T = 1) only at Q = 0, a very broad pull that moves the whole "
                "layer; at Q = 2 part of the wave is smoothed.",
            },
        ),
        Question(
            "Which bumps does a layer of fat let through best?",
            [
                "Long wavelengths (broad bumps)",
                "Short wavelengths (narrow bumps)",
                "All wavelengths alike, as fat cannot be squeezed",
                "None: the fat fills in every bump",
            ],
            answer=0,
            explanation="Transfer depends on Q = 2π h / wavelength: broad features pass, narrow ones "
            "are smoothed. A narrow tether dimple is exactly what fat hides.",
            hints={
                1: "Reversed: a narrow bump has a short wavelength and so a large Q for the same fat, and "
                "large Q is what the layer smooths.",
                2: "Incompressibility makes fat pass more than the surrogate says, but the transfer still "
                "falls with Q; all wavelengths pass alike only in the limit Q = 0.",
                3: "M2: the fat does not fill the bump; it passes broad shapes and damps narrow ones.",
            },
            misconceptions={3: "M2"},
        ),
        Question(
            "In the blanket regime (all fat over the insertion, f_s = 1), what happens to the dimple as fat increases?",
            [
                "It gets deeper and more visible",
                "It gets shallower and less visible",
                "It gets deeper, but its slopes and visibility fall",
                "Nothing: the tether's pull is the same",
            ],
            answer=1,
            explanation="Fat over the insertion filters the tether's pull: depth and VI both fall "
            "(MODEL.md §6, property 2).",
            hints={
                0: "M2: that is the naive regime, with the fat under the insertion (lesson 02), not the blanket.",
                2: "That happens when part of the fat lies under the insertion (f_s = 0.55, question 5); "
                "with all of it over the insertion the depth falls too.",
                3: "The pull at the insertion is the same, but a thicker blanket passes less of it to the "
                "skin and spreads what it passes.",
            },
            misconceptions={0: "M2"},
        ),
        Question(
            "What is the honest status of the superficial fraction f_s?",
            [
                "Measured by CT at the PSIS, with the total soft tissue",
                "Fixed by the mechanics of incompressible fat",
                "Exactly 0.5: anatomy shows a superficial and a deep fat layer",
                "A modelling assumption: nobody has measured it at the PSIS",
            ],
            answer=3,
            explanation="It is the key unknown of the model: f_s = 0 makes fat deepen the dimple, "
            "f_s = 1 makes it hide it.",
            hints={
                0: "M9: CT measured the total soft tissue over the PSIS (19.6 ± 10.9 mm, Mantovani et al. "
                "2016), not how the fat divides around the insertion.",
                1: "M9: mechanics says what fat does where it lies; where it lies is anatomy, and nobody "
                "has measured it.",
                2: "M9: anatomy shows that both layers exist (Markman & Barton 1987; Lancerotto et al. "
                "2011), not how added fat divides between them.",
            },
            misconceptions={0: "M9", 1: "M9", 2: "M9"},
        ),
        Question(
            "With 55 % of the fat over the insertion (f_s = 0.55), the fat grows from 25 to 40 mm. "
            "What does the model say?",
            [
                "Deeper and more visible",
                "Deeper but less visible",
                "Shallower but more visible",
                "Shallower and less visible",
            ],
            answer=1,
            explanation="The pit deepens a little, but it also widens, so its slopes fall and the eye sees less "
            "of it (lesson 04): depth and visibility can move in opposite directions.",
            hints={
                0: "M3: deeper is not more visible. The pit also widens, so its slopes, and the shading the "
                "eye sees, fall.",
                2: "Both halves are reversed: the 45 % of the fat under the insertion deepens the pit, and "
                "the wider pit has gentler slopes.",
                3: "That is the blanket regime (f_s = 1). With 45 % of the fat under the insertion, the "
                "added deep fat still deepens the pit.",
            },
            misconceptions={0: "M3"},
        ),
    ],
)
