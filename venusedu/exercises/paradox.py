"""Lesson 02 (the paradox): exercise references, sweeps, figures and quiz.

The naive tether ("mattress button") model holds the skin at a fixed distance
from the bone while fat raises the skin around it, so the dimple's depth is the
tether's pull plus the fat thickness, ``d_p + t``. The dimple model
(docs/MODEL.md, §3.6: the tether holds the insertion at ``δ = d_p + t_d``)
does the same in its naive regime, ``superficial_fraction = 0``, where all the
fat is deep fat, ``t_d = t``: a tether of fixed length makes this so in both.
What the model adds is the shape of the pit (its width and its rim), and the
warning that such pits are too steep for its linear theory (``Result.linear``).

Examples
--------
>>> naive_depth(fat_mm=10.0, tether_pull_mm=2.0)
12.0
>>> round(depth_slope([0.0, 1.0, 2.0], [3.0, 4.0, 5.0]), 9)
1.0
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Sequence

import numpy as np

from ..analysis import SWEEP_GRID, sweep
from ..quiz import Question, Quiz

__all__ = [
    "naive_depth",
    "depth_slope",
    "Sweep",
    "fat_sweep",
    "plot_naive",
    "plot_sweeps",
    "section_pair",
    "SWEEP_GRID",
    "quiz",
]


def naive_depth(fat_mm, tether_pull_mm):
    """Depth of the dimple in the naive tether model (reference for exercise 1).

    The skin at the tether stays ``tether_pull_mm`` (the pull ``d_p``) below
    the level it would have with no fat; fat raises the skin everywhere else
    by ``fat_mm``.

    Parameters
    ----------
    fat_mm : float or array_like
        Fat thickness t under the tether's insertion, mm.
    tether_pull_mm : float
        Depth of the dimple with no fat, d_p, mm.

    Returns
    -------
    float or numpy.ndarray
        Depth, mm: ``d_p + t``.
    """
    return np.add(tether_pull_mm, fat_mm) if np.ndim(fat_mm) else float(tether_pull_mm) + float(fat_mm)


def depth_slope(fat_mm: Sequence[float], depth_mm: Sequence[float]) -> float:
    """Growth of depth per mm of fat: the least-squares slope (reference for exercise 2).

    Parameters
    ----------
    fat_mm, depth_mm : sequence of float
        A sweep: fat thicknesses and the depths found, mm (same length, >= 2).

    Returns
    -------
    float
        Slope of the best straight line through the points, mm of depth per mm of fat.
    """
    x = np.asarray(fat_mm, dtype=float)
    y = np.asarray(depth_mm, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("fat_mm and depth_mm must be 1-D sequences of the same length, at least 2")
    xm = x - x.mean()
    return float(np.dot(xm, y - y.mean()) / np.dot(xm, xm))


@dataclasses.dataclass(frozen=True)
class Sweep:
    """Metrics of the model over a range of fat thicknesses.

    Attributes
    ----------
    fat_mm, depth_mm, width_mm, rim_mm, max_slope, visibility_index : numpy.ndarray
        One value per fat thickness (mm, mm, mm, mm, mm/mm, dimensionless).
    linear : numpy.ndarray of bool
        Whether each result is within linear theory (``Result.linear``); the
        numbers of the others, VI above all, are not to be quoted.
    params : Params
        The parameters common to every point (``fat_mm`` is varied).
    """

    fat_mm: np.ndarray
    depth_mm: np.ndarray
    width_mm: np.ndarray
    visibility_index: np.ndarray
    params: object
    rim_mm: np.ndarray | None = None
    max_slope: np.ndarray | None = None
    linear: np.ndarray | None = None


def fat_sweep(fat_mm: Sequence[float], base=None, **changes) -> Sweep:
    """Run the model for each fat thickness.

    Parameters
    ----------
    fat_mm : sequence of float
        Fat thicknesses, mm.
    base : Params, optional
        Starting parameters (default ``Params(grid=SWEEP_GRID)``).
    **changes
        Further fields to change, e.g. ``superficial_fraction=0.0``.

    Returns
    -------
    Sweep
    """
    from .. import Params

    p = base if base is not None else Params(grid=SWEEP_GRID)
    if changes:
        p = dataclasses.replace(p, **changes)
    s = sweep("fat_mm", fat_mm, p)
    return Sweep(s.values, s.depth_mm, s.width_mm, s.visibility_index, p, s.rim_mm, s.max_slope, s.linear)


def section_pair(fats_mm=(4.0, 16.0), base=None):
    """Figure: cross-sections through the right PSIS for two fat thicknesses, one above the other.

    Parameters
    ----------
    fats_mm : pair of float
        Fat thicknesses, mm.
    base : Params, optional
        Everything but the fat (default ``Params()``, the blanket regime; pass
        ``Params(superficial_fraction=0.0)`` for the naive regime).

    Returns
    -------
    fig : matplotlib.figure.Figure
    results : list of Result
        The two model results drawn.
    """
    style = _style()
    import matplotlib.pyplot as plt

    from .. import Params, diagrams, simulate

    p = base if base is not None else Params()
    results = [simulate(dataclasses.replace(p, fat_mm=float(t))) for t in fats_mm]
    zhi = max(r.params.fat_mm for r in results) + 16.0
    with style.context():
        fig, axes = plt.subplots(len(results), 1, figsize=(11.0, 5.4 * len(results)))
        fig.subplots_adjust(left=0.18, right=0.68, top=0.92, bottom=0.07, hspace=0.45)
    for ax, r in zip(axes, results, strict=True):
        diagrams.cross_section(r, ax=ax, zlim=(-28.0, zhi))
    return fig, results


def _style():
    from .. import style

    return style


def plot_naive(fat_mm, tether_pull_mm: float = 2.0):
    """Figure: naive depth against fat thickness, with the alt text.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    style = _style()
    import matplotlib.pyplot as plt

    fat = np.asarray(fat_mm, dtype=float)
    depth = naive_depth(fat, tether_pull_mm)
    with style.context():
        fig, ax = plt.subplots(figsize=(7, 4.5))
        fig.subplots_adjust(left=0.12, right=0.96, bottom=0.15, top=0.9)
        ax.plot(fat, depth, "-o", color=style.OKABE_ITO["vermillion"], markersize=5)
        ax.set_xlabel("fat thickness t (mm)")
        ax.set_ylabel("dimple depth (mm)")
        ax.set_title("Naive tether: depth = pull + fat")
        ax.set_xlim(0, fat.max() * 1.05)
        ax.set_ylim(0, depth.max() * 1.1)
    alt = (
        f"Naive tether model: dimple depth rises in a straight line from "
        f"{depth[0]:.1f} mm at {fat[0]:.0f} mm of fat to {depth[-1]:.1f} mm at {fat[-1]:.0f} mm."
    )
    return fig, alt


def _linear(s) -> np.ndarray:
    return np.ones(len(s.fat_mm), bool) if s.linear is None else np.asarray(s.linear, bool)


#: Line style and marker of each sweep in :func:`plot_sweeps`, in turn.
_SWEEP_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v")]
_SWEEP_COLOURS = ("blue", "vermillion", "bluish_green", "orange", "reddish_purple")


def _linearity_words(label: str, s, lin: np.ndarray) -> tuple[str, str | None]:
    """What the alt text adds about results beyond linear theory, and the VI panel's note if there is no VI."""
    if lin.all():
        return "", None
    if lin.any():
        k = int(np.flatnonzero(lin)[0])
        if k > 0 and lin[k:].all():
            return f" (beyond linear theory up to {s.fat_mm[k - 1]:g} mm of fat: no VI there)", None
        return f" ({int((~lin).sum())} of {lin.size} results beyond linear theory: no VI for them)", None
    note = textwrap.fill(f"{label}: beyond linear theory at every fat, so no VI", 34)
    return "; every result beyond linear theory, so no VI", note


def _plot_sweep(a1, a2, label: str, s, ls, mk, c) -> tuple[str, str | None]:
    """Draw one sweep's depth and VI lines; return its part of the alt text and its VI-panel note, if any."""
    lin = _linear(s)
    a1.plot(s.fat_mm, s.depth_mm, ls=ls, color=c, label=label)
    a1.plot(s.fat_mm[lin], s.depth_mm[lin], ls="none", marker=mk, color=c, markersize=6)
    if (~lin).any():
        a1.plot(s.fat_mm[~lin], s.depth_mm[~lin], ls="none", marker=mk, mfc="white", mec=c, markersize=6)
    part = (
        f"{label}: depth from {s.depth_mm[0]:.2f} mm at {s.fat_mm[0]:.0f} mm of fat to "
        f"{s.depth_mm[-1]:.2f} mm at {s.fat_mm[-1]:.0f} mm"
    )
    if lin.any():
        a2.plot(s.fat_mm[lin], s.visibility_index[lin], ls=ls, marker=mk, color=c, markersize=5, label=label)
        k0, k1 = np.flatnonzero(lin)[[0, -1]]
        part += (
            f"; VI from {s.visibility_index[k0]:.2g} at {s.fat_mm[k0]:.0f} mm to "
            f"{s.visibility_index[k1]:.2g} at {s.fat_mm[k1]:.0f} mm"
        )
    words, note = _linearity_words(label, s, lin)
    return part + words, note


def _finish_sweep_axes(a1, a2, sweeps: dict, fat_max: float, notes: list, any_open: bool, style) -> None:
    """The VI = 1 line, the notes, legends, labels and scales of :func:`plot_sweeps`'s panels."""
    a2.axhline(1.0, color="0.3", lw=1.2)
    a2.text(fat_max, 1.0, " VI = 1: just visible", va="bottom", ha="right", fontsize=style.SMALL_SIZE)
    if notes:
        a2.text(0.03, 0.04, "\n".join(notes), transform=a2.transAxes, ha="left", va="bottom", fontsize=style.SMALL_SIZE)
    if a2.get_legend_handles_labels()[0]:
        a2.legend(loc="upper right", frameon=False, fontsize=style.SMALL_SIZE)
    if any_open:
        a1.plot([], [], ls="none", marker="o", mfc="white", mec="0.3", label="open: beyond linear theory")
    a1.set_xlabel("fat thickness t (mm)")
    a1.set_ylabel("depth (mm)")
    a1.set_title("Depth of the dimple")
    a1.set_ylim(0, 1.45 * max(float(np.max(s.depth_mm)) for s in sweeps.values()))
    a2.set_xlabel("fat thickness t (mm)")
    a2.set_ylabel("visibility index VI (1 = just visible)")
    a2.set_yscale("log")
    a2.set_title("Visibility under default light")
    a1.legend(loc="upper left", frameon=False)


def plot_sweeps(sweeps: dict, *, tether_pull_mm: float = 2.0):
    """Figure: depth (left) and visibility index (right) against fat, one line per sweep.

    Results beyond linear theory (``Sweep.linear`` False) are drawn with open
    markers on the depth panel and are left out of the VI panel: the model
    does not vouch for their VI. A sweep with no result within linear theory
    gets a note in the VI panel instead of a line.

    Parameters
    ----------
    sweeps : dict of str -> Sweep
        Label -> sweep. Lines differ in colour, style and marker.
    tether_pull_mm : float
        Tether pull d_p for the dashed grey naive line ``d_p + t``, mm.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        The numbers drawn, and which results are beyond linear theory.
    """
    style = _style()
    import matplotlib.pyplot as plt

    colours = [style.OKABE_ITO[k] for k in _SWEEP_COLOURS]
    parts, notes = [], []
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8))
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.91, wspace=0.25)
        fat_all = np.concatenate([s.fat_mm for s in sweeps.values()])
        grid = np.linspace(0, fat_all.max(), 50)
        a1.plot(grid, naive_depth(grid, tether_pull_mm), color="0.5", lw=1.5, ls=(0, (2, 2)), label="naive: pull + fat")
        for i, (label, s) in enumerate(sweeps.items()):
            ls, mk = _SWEEP_STYLES[i % len(_SWEEP_STYLES)]
            part, note = _plot_sweep(a1, a2, label, s, ls, mk, colours[i % len(colours)])
            parts.append(part)
            if note is not None:
                notes.append(note)
        any_open = any((~_linear(s)).any() for s in sweeps.values())
        _finish_sweep_axes(a1, a2, sweeps, fat_all.max(), notes, any_open, style)
    alt = (
        "Left: depth against fat, with the naive line pull + fat dashed; right: visibility index on a "
        "log scale, within linear theory only. " + "; ".join(parts) + "."
    )
    return fig, alt


quiz = Quiz(
    "The paradox",
    [
        Question(
            "In the naive tether model, the tether's pull is 2 mm. How deep is the dimple under 12 mm of fat?",
            ["2 mm", "10 mm", "12 mm", "14 mm"],
            answer=3,
            explanation="The skin at the tether stays put while 12 mm of fat lifts the skin around it: 2 + 12 = 14 mm.",
            hints={
                0: "That keeps the depth fixed by the tether. The tether fixes only the skin on it; the fat "
                "lifts the skin around it by 12 mm.",
                1: "That subtracts the pull from the fat (12 − 2). The two add: the tethered point is already "
                "2 mm down with no fat, and the surroundings rise by 12 mm.",
                2: "That counts the fat and forgets the pull: with no fat the pit is already 2 mm deep.",
            },
        ),
        Question(
            "In the model's naive regime (superficial_fraction = 0), how does depth change with fat?",
            [
                "It grows by about 1 mm per mm of fat",
                "It falls: the fat fills the pit from below",
                "It does not change: the tether fixes the depth",
                "It grows by about 10 mm per mm of fat",
            ],
            answer=0,
            explanation="All the fat lies under the insertion, and the tether's length is fixed: it holds the "
            "insertion, and the skin on it, while the fat lifts the surroundings, as in the naive "
            "model. The agreement is built in, not a test.",
            hints={
                1: "M2: fat under the insertion cannot fill the pit; it lifts the skin around the held-down "
                "point, so the pit deepens.",
                2: "The tether fixes the insertion's distance from the bone, not the height of the skin "
                "around it, which the fat lifts.",
                3: "Ten times too fast: a millimetre of fat under the insertion lifts the surroundings by "
                "one millimetre, no more.",
            },
            misconceptions={1: "M2"},
        ),
        Question(
            "What does the cellulite study of Whipple et al. (2021) show?",
            [
                "Cellulite dimples deepen by about 1 mm per mm of fat, as the naive model says",
                "Cellulite dimples sit over weak muscle rather than over fibrous bands",
                "Almost all cellulite dimples (97.6 % of 173) lay over a fibrous band",
                "Fibrous bands lengthen as fat grows, so cellulite dimples disappear",
            ],
            answer=2,
            explanation="The study shows where cellulite dimples sit: over fibrous bands. How their depth "
            "changes with fat it did not measure; that fat expanding around bands of fixed "
            "length deepens them is the naive model's explanation.",
            hints={
                0: "That is the usual explanation, the mattress button, not a finding: the study showed "
                "where the dimples sit, not how their depth changes with fat.",
                1: "The study found a fibrous band under nearly every dimple; it says nothing about muscle.",
                3: "The study did not follow bands as fat grew. That a tether lengthens (remodelling) is "
                "a hypothesis of the model, and with bands of fixed length fat deepens the pits.",
            },
        ),
        Question(
            "The sources say more fat hides the dimples of Venus. Which two ideas does the course use to "
            "reconcile that with the naive model?",
            [
                "Fat fills the pit from above, and the tether stretches to let the skin rise as fat grows",
                "Where the fat lies relative to the insertion, and what the eye sees: slope, not depth",
                "Fat is compressible, so the pit squeezes it out, and the skin has no tension to resist",
                "A deeper pit is always easier to see, and the naive model simply overstates the depth",
            ],
            answer=1,
            explanation="Fat over the insertion works as a blanket (lesson 03); the eye sees slopes "
            "under light, not depth (lesson 04).",
            hints={
                0: "M2: fat does not fill the pit; fat over the insertion smooths it like a blanket. A "
                "stretching tether (remodelling) is a hypothesis, and even a fully remodelled one "
                "leaves the pull d_p whatever the fat.",
                2: "The model treats fat as incompressible (it cannot be squeezed), and the skin's tension "
                "is measured (on the arm); neither idea resolves the paradox.",
                3: "M3: the eye sees slopes under light, not depth, so a pit can deepen while becoming "
                "harder to see (lesson 03). And the naive depth is right where all the fat lies under "
                "the insertion: the model agrees with it (1 mm per mm, built in).",
            },
            misconceptions={0: "M2", 3: "M3"},
        ),
    ],
)
