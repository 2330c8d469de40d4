"""Lesson 02 (the paradox): exercise references, sweeps, figures and quiz.

The naive tether ("mattress button") model holds the skin at a fixed distance
from the bone while fat raises the skin around it, so the dimple's depth is the
pin depth plus the fat thickness. The dimple model (MODEL.md) reproduces this
in its naive regime, ``superficial_fraction = 0``.

Examples
--------
>>> naive_depth(fat_mm=10.0, pin_depth_mm=3.0)
13.0
>>> round(depth_slope([0.0, 1.0, 2.0], [3.0, 4.0, 5.0]), 9)
1.0
"""

from __future__ import annotations

import dataclasses
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


def naive_depth(fat_mm, pin_depth_mm):
    """Depth of the dimple in the naive tether model (reference for exercise 1).

    The skin at the tether stays ``pin_depth_mm`` below the level it would
    have with no fat; fat raises the skin everywhere else by ``fat_mm``.

    Parameters
    ----------
    fat_mm : float or array_like
        Fat thickness, mm.
    pin_depth_mm : float
        Depth of the dimple with no fat, mm.

    Returns
    -------
    float or numpy.ndarray
        Depth, mm: ``pin_depth_mm + fat_mm``.
    """
    return np.add(pin_depth_mm, fat_mm) if np.ndim(fat_mm) else float(pin_depth_mm) + float(fat_mm)


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
    fat_mm, depth_mm, width_mm, visibility_index : numpy.ndarray
        One value per fat thickness (mm, mm, mm, dimensionless).
    params : Params
        The parameters common to every point (``fat_mm`` is varied).
    """

    fat_mm: np.ndarray
    depth_mm: np.ndarray
    width_mm: np.ndarray
    visibility_index: np.ndarray
    params: object


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
    return Sweep(s.values, s.depth_mm, s.width_mm, s.visibility_index, p)


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
    for ax, r in zip(axes, results):
        diagrams.cross_section(r, ax=ax, zlim=(-28.0, zhi))
    return fig, results


def _style():
    from .. import style

    return style


def plot_naive(fat_mm, pin_depth_mm: float = 3.0):
    """Figure: naive depth against fat thickness, with the alt text.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    style = _style()
    import matplotlib.pyplot as plt

    fat = np.asarray(fat_mm, dtype=float)
    depth = naive_depth(fat, pin_depth_mm)
    with style.context():
        fig, ax = plt.subplots(figsize=(7, 4.5))
        fig.subplots_adjust(left=0.12, right=0.96, bottom=0.15, top=0.9)
        ax.plot(fat, depth, "-o", color=style.OKABE_ITO["vermillion"], markersize=5)
        ax.set_xlabel("fat thickness t (mm)")
        ax.set_ylabel("dimple depth (mm)")
        ax.set_title("Naive tether: depth = pin depth + fat")
        ax.set_xlim(0, fat.max() * 1.05)
        ax.set_ylim(0, depth.max() * 1.1)
    alt = (f"Naive tether model: dimple depth rises in a straight line from "
           f"{depth[0]:.1f} mm at {fat[0]:.0f} mm of fat to {depth[-1]:.1f} mm at {fat[-1]:.0f} mm.")
    return fig, alt


def plot_sweeps(sweeps: dict, *, pin_depth_mm: float = 3.0):
    """Figure: depth (left) and visibility index (right) against fat, one line per sweep.

    Parameters
    ----------
    sweeps : dict of str -> Sweep
        Label -> sweep. Lines differ in colour, style and marker.
    pin_depth_mm : float
        Pin depth for the dashed grey naive line ``pin depth + fat``, mm.

    Returns
    -------
    matplotlib.figure.Figure
    """
    style = _style()
    import matplotlib.pyplot as plt

    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v")]
    colours = [style.OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple")]
    with style.context():
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8))
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.91, wspace=0.25)
        fat_all = np.concatenate([s.fat_mm for s in sweeps.values()])
        grid = np.linspace(0, fat_all.max(), 50)
        a1.plot(grid, naive_depth(grid, pin_depth_mm), color="0.5", lw=1.5, ls=(0, (2, 2)),
                label="naive: pin depth + fat")
        for i, (label, s) in enumerate(sweeps.items()):
            ls, mk = styles[i % len(styles)]
            c = colours[i % len(colours)]
            a1.plot(s.fat_mm, s.depth_mm, ls=ls, marker=mk, color=c, markersize=5, label=label)
            a2.plot(s.fat_mm, s.visibility_index, ls=ls, marker=mk, color=c, markersize=5, label=label)
        a2.axhline(1.0, color="0.3", lw=1.2)
        a2.text(fat_all.max(), 1.0, " VI = 1: just visible", va="bottom", ha="right", fontsize=style.SMALL_SIZE)
        a1.set_xlabel("fat thickness t (mm)")
        a1.set_ylabel("depth (mm)")
        a1.set_title("Depth of the dimple")
        a2.set_xlabel("fat thickness t (mm)")
        a2.set_ylabel("visibility index VI")
        a2.set_yscale("log")
        a2.set_title("Visibility under default light")
        a1.legend(loc="upper left", frameon=False)
    return fig


quiz = Quiz(
    "The paradox",
    [
        Question(
            "In the naive tether model, the pin depth is 3 mm. How deep is the dimple under 12 mm of fat?",
            ["3 mm", "9 mm", "12 mm", "15 mm"],
            answer=3,
            explanation="The skin at the tether stays put while 12 mm of fat lifts the skin around it: 3 + 12 = 15 mm.",
            hints={0: "That would be true if fat did not lift the surroundings."},
        ),
        Question(
            "In the model's naive regime (superficial_fraction = 0), how does depth change with fat?",
            ["It falls", "It grows by about 1 mm per mm of fat", "It does not change",
             "It grows by about 10 mm per mm of fat"],
            answer=1,
            explanation="All the fat lies under the insertion, so the tether holds the skin down while "
                        "the fat lifts its surroundings, as in the naive model.",
        ),
        Question(
            "What does the cellulite study of Whipple et al. (2021) show?",
            ["Cellulite dimples are caused by muscle weakness",
             "Cellulite is found only in lean people",
             "Almost all cellulite dimples (97.6 % of 173) lay over a fibrous band",
             "Fibrous bands lengthen as fat grows, so dimples disappear"],
            answer=2,
            explanation="Fibrous septa of fixed length plus expanding fat: the naive regime, seen in real skin.",
        ),
        Question(
            "The sources say more fat hides the dimples of Venus. Which two ideas does the course use to "
            "reconcile that with the naive model?",
            ["Where the fat sits relative to the tether's insertion, and what the eye sees (slope under light)",
             "The ligament dissolves in fat, and dimples are genetic",
             "Fat is compressible, and skin has no tension",
             "Muscle grows over the PSIS, and the pelvis tilts"],
            answer=0,
            explanation="Fat over the insertion works as a blanket (lesson 03); the eye sees slopes "
                        "under light, not depth (lesson 04).",
        ),
    ],
)
