"""Lesson 06 (myths and interventions): exercise references, helpers, figures and quiz.

Popular articles make claims about the dimples of Venus: they are genetic,
exercise cannot make them, weight loss reveals them, they show at "22 % body
fat in women, 32 % in men", surgery can create them. This module holds the
references for the lesson's exercises (a bisection root-finder and the
inverse of the body-fat estimate of docs/MODEL.md §9) and its figures; the
measures the figures draw (the brightness range of a shaded back, VI against
body fat) are in :mod:`venusedu.exercises.myths_measures`, imported here.

Examples
--------
>>> round(bisect(lambda x: x * x - 2.0, 0.0, 2.0, tol=1e-9), 6)
1.414214
>>> body_fat_from_fat_mm(10.0, "female"), body_fat_from_fat_mm(12.0, "male")
(22.0, 20.0)
"""

from __future__ import annotations

import math

import numpy as np

from ..bodyfat import ESSENTIAL_FAT, MAPPING, body_fat_from_fat  # lesson 06 reads the tables here
from ..quiz import Question, Quiz
from .myths_measures import BodyFatCurve, brightness_range, vi_vs_body_fat

__all__ = [
    "bisect",
    "body_fat_from_fat_mm",
    "MAPPING",
    "CLAIMED_BODY_FAT",
    "ESSENTIAL_FAT",
    "plot_vi_vs_fat",
    "plot_muscle_shading",
    "brightness_range",
    "plot_vi_vs_body_fat",
    "vi_vs_body_fat",
    "BodyFatCurve",
    "plot_lipo",
    "quiz",
]


#: The popular claim under test: body fat (%) said to "improve visibility".
#: Untraced (SOURCES.md); 32 % is the women's obesity line of the American
#: Council on Exercise categories, not a men's figure.
CLAIMED_BODY_FAT: dict[str, float] = {"female": 22.0, "male": 32.0}


def bisect(f, lo, hi, tol=0.01):
    """Find a root of *f* between *lo* and *hi* by bisection (reference for exercise 1).

    Halve the bracket, keeping the half whose ends give *f* opposite signs,
    until it is narrower than *tol*.

    Parameters
    ----------
    f : callable
        ``float -> float``, continuous, with ``f(lo)`` and ``f(hi)`` of
        opposite signs.
    lo, hi : float
        The bracket (same unit as the root).
    tol : float
        Width of the final bracket (same unit).

    Returns
    -------
    float
        The middle of the final bracket.

    Raises
    ------
    ValueError
        If ``f(lo)`` and ``f(hi)`` have the same sign.
    """
    lo, hi = float(lo), float(hi)
    f_lo, f_hi = f(lo), f(hi)
    if f_lo == 0:
        return lo
    if f_hi == 0:
        return hi
    if (f_lo > 0) == (f_hi > 0):
        raise ValueError(f"f({lo:g}) = {f_lo:g} and f({hi:g}) = {f_hi:g} have the same sign: no root bracketed")
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        f_mid = f(mid)
        if f_mid == 0:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def body_fat_from_fat_mm(fat_mm, sex):
    """Body fat (%) at which the §9 estimate gives *fat_mm* over the PSIS (reference for exercise 2).

    docs/MODEL.md §9 says ``t = 1.0·(BF − 12)`` mm for women and
    ``t = 0.8·(BF − 5)`` mm for men (above the 1 mm floor), so
    ``BF = 12 + t/1.0`` and ``BF = 5 + t/0.8``.

    Parameters
    ----------
    fat_mm : float
        Fat over the PSIS, mm (> 1, above the mapping's floor).
    sex : {"female", "male"}

    Returns
    -------
    float
        Body fat, per cent.
    """
    return body_fat_from_fat(float(fat_mm), sex)  # the package's exact inverse


# ---------------------------------------------------------------------------
# Figures (matplotlib imported only when drawing)
# ---------------------------------------------------------------------------


def _plt():
    import matplotlib.pyplot as plt

    from .. import style

    return plt, style


def plot_vi_vs_fat(curves, *, threshold_mm=None):
    """Figure: VI against fat over the PSIS, one line per case.

    Parameters
    ----------
    curves : dict of str -> (fat_mm, vi) or (fat_mm, vi, linear)
        Label -> arrays. A curve that is 0 everywhere is drawn on the axis
        floor and labelled "VI = 0". With ``linear`` (booleans,
        ``Result.linear``), points beyond linear theory are left out and the
        alt text says where.
    threshold_mm : float, optional
        Fat at which the first curve crosses VI = 1, marked with a dotted line.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    plt, style = _plt()
    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]
    colours = [style.OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange")]
    floor = 1e-2
    parts = []
    with style.context():
        fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
        for i, (label, curve) in enumerate(curves.items()):
            fat, vi = np.asarray(curve[0], float), np.asarray(curve[1], float)
            lin = np.asarray(curve[2], bool) if len(curve) > 2 else np.ones(fat.size, bool)
            ls, mk = styles[i % 4]
            shown = np.where(vi > floor, vi, floor)
            ax.plot(
                fat[lin],
                shown[lin],
                ls=ls,
                marker=mk,
                markersize=5,
                color=colours[i % 4],
                label=label + (" (VI = 0 everywhere)" if not vi.any() else ""),
            )
            k0, k1 = np.flatnonzero(lin)[[0, -1]]
            part = f"{label}: VI from {vi[k0]:.2f} at {fat[k0]:g} mm to {vi[k1]:.2f} at {fat[k1]:g} mm"
            if not lin.all():
                part += f" (beyond linear theory, and not drawn, at {', '.join(f'{v:g}' for v in fat[~lin])} mm)"
            parts.append(part)
        ax.axhline(1.0, color="0.3", lw=1.2)
        ax.text(ax.get_xlim()[1], 1.0, "VI = 1: just visible ", ha="right", va="bottom", fontsize=style.SMALL_SIZE)
        if threshold_mm is not None and math.isfinite(threshold_mm):
            ax.axvline(threshold_mm, color="0.3", ls=":", lw=1.5)
            ax.text(threshold_mm, floor * 1.3, f" {threshold_mm:.1f} mm", fontsize=style.SMALL_SIZE)
            parts.append(f"the first crosses VI = 1 at {threshold_mm:.1f} mm")
        ax.set_yscale("log")
        ax.set_ylim(floor * 0.8, None)
        ax.set_xlabel("fat over the PSIS t (mm)")
        ax.set_ylabel("visibility index VI (1 = just visible)")
        ax.legend(loc="upper right", frameon=False)
    alt = "Visibility index against fat thickness (log scale). " + "; ".join(parts) + "."
    return fig, alt


def plot_muscle_shading(results, titles, *, panel_width_in: float = 3.6):
    """Figure: shaded backs side by side, drawn with :func:`venusedu.diagrams.shaded_back`.

    Grey shading with fixed limits, so brightness means the same in every
    panel and no colour is needed.

    Parameters
    ----------
    results : sequence of Result
    titles : sequence of str
        First title line of each panel (the second is the VI verdict).
    panel_width_in : float
        Width of each panel, inches (default 3.6; the figure is 0.8 inch
        taller than a panel, for the titles); the text keeps its size,
        so a narrower panel gives a smaller figure with relatively larger text
        (e.g. 3.2 for four panels on a 1280 px slide at 18 px text).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        With each panel's VI and brightness range (:func:`brightness_range`).
    """
    plt, style = _plt()
    from .. import diagrams

    n = len(results)
    if (
        isinstance(panel_width_in, bool)
        or not isinstance(panel_width_in, (int, float))
        or not 1.5 <= panel_width_in <= 10.0
    ):
        raise ValueError(f"panel_width_in must be a width in inches from 1.5 to 10, got {panel_width_in!r}")
    with style.context():
        fig, axes = plt.subplots(1, n, figsize=(panel_width_in * n + 0.6, panel_width_in + 0.8), squeeze=False)
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.04, top=0.8, wspace=0.08)
        for ax, r, title in zip(axes[0], results, titles, strict=False):
            diagrams.shaded_back(r, ax, compact=True, title=title, view_mm=110.0)
    parts = "; ".join(
        f"{t}: {diagrams.verdict(r)}, brightness range {brightness_range(r):.2f}"
        for t, r in zip(titles, results, strict=False)
    )
    light = diagrams.light_in_words(results[0].params.light_elevation_deg, results[0].params.light_azimuth_deg)
    alt = f"{n} shaded lower backs side by side, {light}. {parts}."
    return fig, alt


def _shade_essential_fat(ax, bf, lo_e: float, hi_e: float, style) -> str:
    """Shade the essential-fat range where the plot reaches it; return its words for the alt text."""
    if not bf[0] <= hi_e:
        return ""
    ax.axvspan(max(lo_e, bf[0]), hi_e, color="0.85", zorder=0)
    ax.text(
        0.5 * (max(lo_e, bf[0]) + hi_e),
        0.98,
        "essential\nfat",
        ha="center",
        va="top",
        transform=ax.get_xaxis_transform(),
        fontsize=style.SMALL_SIZE,
    )
    return f" (essential fat, {lo_e:g}–{hi_e:g} %, shaded)"


def _body_fat_panel(ax, sex, curve, claimed, essential, style) -> str:
    """One panel of :func:`plot_vi_vs_body_fat` (one sex); return its part of the alt text."""
    c = {"female": style.OKABE_ITO["vermillion"], "male": style.OKABE_ITO["blue"]}.get(sex, "k")
    bf, est, thin, thick = (np.asarray(a, float) for a in curve[:4])
    lin = np.asarray(curve.linear, bool)
    ls, mk = {"female": ("-", "o"), "male": ("--", "s")}.get(sex, ("-", "o"))
    both = lin[1] & lin[2]
    ax.fill_between(
        bf,
        np.minimum(thin, thick),
        np.maximum(thin, thick),
        where=both,
        facecolor="none",
        edgecolor=c,
        hatch={"female": "//", "male": "\\\\"}.get(sex, "//"),
        lw=0,
        label="±50 % fat band",
    )
    ax.plot(bf[lin[0]], est[lin[0]], ls=ls, marker=mk, markersize=5, color=c, label="estimate")
    ax.axhline(1.0, color="0.3", lw=1.2)
    lo_e, hi_e = essential.get(sex, (math.nan, math.nan))
    part = _shade_essential_fat(ax, bf, lo_e, hi_e, style)
    if sex in claimed:
        ax.axvline(claimed[sex], color="0.3", ls=":", lw=1.8)
        ax.text(claimed[sex], 0.07, f" claim: {claimed[sex]:g} %", fontsize=style.SMALL_SIZE)
    ax.set_yscale("log")
    ax.set_ylim(0.05, None)
    ax.set_xlim(bf[0], bf[-1])
    ax.set_title(f"{sex}")
    ax.set_xlabel("body fat (%)")
    ax.legend(loc="upper right", frameon=False)
    k0, k1 = np.flatnonzero(lin[0])[[0, -1]]
    return f"{sex}{part}: VI {est[k0]:.2f} at {bf[k0]:g} % falling to {est[k1]:.2f} at {bf[k1]:g} %" + (
        f", beyond linear theory below {bf[k0]:g} %" if k0 > 0 else ""
    )


def plot_vi_vs_body_fat(curves, claimed=CLAIMED_BODY_FAT, essential=ESSENTIAL_FAT):
    """Figure: VI against body fat for women and men, with the ±50 % band of the §9 estimate.

    Results beyond linear theory are left out (the band is drawn only where
    both of its edges are within linear theory); essential fat is shaded.

    Parameters
    ----------
    curves : dict of str -> BodyFatCurve
        Sex -> :func:`vi_vs_body_fat`.
    claimed : dict of str -> float
        The popular claim's body fat per sex, marked with a vertical line.
    essential : dict of str -> (float, float)
        Essential-fat range per sex (%), shaded where the plot reaches it.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    plt, style = _plt()
    with style.context():
        fig, axes = plt.subplots(
            1, len(curves), figsize=(6.2 * len(curves), 4.8), layout="constrained", sharey=True, squeeze=False
        )
        parts = [
            _body_fat_panel(ax, sex, curve, claimed, essential, style)
            for ax, (sex, curve) in zip(axes[0], curves.items(), strict=True)
        ]
        axes[0][0].set_ylabel("visibility index VI (1 = just visible)")
    alt = (
        "Visibility index against body fat, with a hatched band for the ±50 % uncertainty of the fat "
        "estimate and a dotted line at the claimed figure. " + "; ".join(parts) + "."
    )
    return fig, alt


def plot_lipo(curves, *, marks=()):
    """Figure: VI against the depth of liposculpture, one line per case (linear axes).

    Parameters
    ----------
    curves : dict of str -> (lipo_depth_mm, vi) or (lipo_depth_mm, vi, linear)
        With ``linear``, points beyond linear theory are left out and the alt
        text says from where.
    marks : sequence of (label, depth_mm)
        Depths at which a curve crosses VI = 1, marked with a symbol on the
        VI = 1 line and labelled.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    plt, style = _plt()
    styles = [("-", "o"), ("--", "s"), (":", "^")]
    colours = [style.OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green")]
    parts = []
    with style.context():
        fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
        top, right = 0.0, 0.0
        for i, (label, curve) in enumerate(curves.items()):
            depth, vi = np.asarray(curve[0], float), np.asarray(curve[1], float)
            lin = np.asarray(curve[2], bool) if len(curve) > 2 else np.ones(depth.size, bool)
            ls, mk = styles[i % 3]
            ax.plot(depth[lin], vi[lin], ls=ls, marker=mk, markersize=5, color=colours[i % 3], label=label)
            top = max(top, float(vi[lin].max()))
            right = max(right, float(depth.max()))
            k0, k1 = np.flatnonzero(lin)[[0, -1]]
            part = f"{label}: VI from {vi[k0]:.2f} at {depth[k0]:g} mm to {vi[k1]:.2f} at {depth[k1]:g} mm"
            if not lin.all():
                part += f" (beyond linear theory, and not drawn, from {depth[~lin][0]:g} mm)"
            parts.append(part)
        ax.axhline(1.0, color="0.3", lw=1.2)
        ax.text(ax.get_xlim()[1], 1.0, "VI = 1 ", ha="right", va="bottom", fontsize=style.SMALL_SIZE)
        for i, (label, d) in enumerate(marks):
            if math.isfinite(d):
                ax.plot([d], [1.0], marker="D", ms=9, mfc="white", mec="k", ls="none", zorder=5)
                ax.annotate(
                    f"{label}: VI = 1 at {d:.2f} mm",
                    xy=(d, 1.0),
                    xytext=(0.5 * right, (0.3 - 0.1 * i) * top),
                    fontsize=style.SMALL_SIZE,
                    arrowprops=dict(arrowstyle="-", color="0.3", lw=1),
                )
                parts.append(f"{label} at {d:.2f} mm")
        ax.set_ylim(0, top * 1.08)
        ax.set_xlabel("fat removed over each PSIS Δ (mm)")
        ax.set_ylabel("visibility index VI (1 = just visible)")
        ax.legend(loc="upper left", frameon=False)
    alt = "Visibility index against the depth of liposculpture. " + "; ".join(parts) + "."
    return fig, alt


# ---------------------------------------------------------------------------
# Quiz (answer keys checked against the model in tests/test_exercises_myths.py)
# ---------------------------------------------------------------------------

quiz = Quiz(
    "Myths and interventions",
    [
        Question(
            "In the model, a back has no tether at the PSIS. What does thinning the fat over the PSIS do to VI?",
            [
                "VI rises above 1 once about 5 mm of fat is left",
                "VI rises steadily, as it does with a tether",
                "VI stays exactly 0 at every fat thickness",
                "VI falls, since thin fat smooths the skin more",
            ],
            answer=2,
            explanation="Without a tether nothing pulls the skin down: there is no pit for thinner fat to reveal.",
            hints={
                0: "That would need a pit under the fat; with no tether the fascia is not held down anywhere.",
                1: "With a tether, thinner fat passes more of its pull to the skin; with none there is no pull "
                "to pass.",
                3: "M2 turned round: fat smooths a pit, it cannot make one, and thinner fat smooths less.",
            },
            misconceptions={3: "M2"},
        ),
        Question(
            "A strength athlete (muscle = 3) has no ligament. What does the model say?",
            [
                "VI = 0, but ridges beside the spine can look like dimples",
                "VI > 1: trained erector spinae pull the skin in over the PSIS",
                "VI = 0, and the back's shading is the same as an untrained one's",
                "VI rises a little: the muscle deepens the pit over the bone",
            ],
            answer=0,
            explanation="Muscle lifts everything above it; with a tether anchored to the bone that deepens an "
            "existing pit, but with no tether there is nothing to hold the skin down. The muscle "
            "does change the shape of the back around it.",
            hints={
                1: "M5: muscle cannot pull skin in; it lifts everything above it, and without a tether "
                "nothing holds the skin down over the PSIS.",
                2: "The trained back's brightness range is as large as that of one with a ligament: the "
                "ridges beside the spine and the gluteal bulges shade it.",
                3: "M5: muscle deepens a pit only where a tether anchors it to the bone; with no tether "
                "there is no pit to deepen.",
            },
            misconceptions={1: "M5", 3: "M5"},
        ),
        Question(
            "Can crunches or back extensions remove the fat over the PSIS in particular?",
            [
                "Yes: training a region burns the fat over it first, the PSIS included",
                "Only with heavy weights and many sets, which burn the fat near the muscles",
                "Yes, but only in people who already carry little fat over the PSIS",
                "No: abdominal training left the local fat unchanged (Vispute et al. 2011)",
            ],
            answer=3,
            explanation="Spot reduction does not work: exercise does not choose where fat is lost.",
            hints={
                0: "M6: spot reduction does not work; in a trial of abdominal training the fat over the "
                "trained muscles did not change.",
                1: "M6: the load does not choose the site either; fat is lost across the body in a pattern "
                "one does not choose.",
                2: "M6: no amount of fat makes spot reduction work; losing fat everywhere is what can "
                "reveal dimples that are already there.",
            },
            misconceptions={0: "M6", 1: "M6", 2: "M6"},
        ),
        Question(
            "By the course's estimate, a man at 32 % body fat has about 22 mm of fat over the PSIS. "
            "In the model at default lighting, is his dimple visible?",
            [
                "Yes, clearly: 22 mm of fat is thin enough for VI well above 1",
                "Borderline: VI is close to 1 and its band straddles 1",
                "No: VI is far below 1, since 32 % is the obesity line",
            ],
            answer=1,
            explanation="The model's threshold for men falls near 31 % body fat, so at 32 % the dimple is "
            "borderline. That is a coincidence to note, not a confirmation: the estimate for men "
            "has no source, and 32 % is the women's obesity line in the American Council on "
            "Exercise categories.",
            hints={
                0: "At the defaults VI reaches 1 at about 21 mm of fat over the PSIS: 22 mm is right at the "
                "threshold, not well below it.",
                2: "M8: 32 % is the women's obesity line in the American Council on Exercise categories, "
                "which says nothing about a man's dimples; in the model he sits at the threshold.",
            },
            misconceptions={2: "M8"},
        ),
        Question(
            "In the model, with no ligament, what can liposculpture over the PSIS do?",
            [
                "Nothing: without a ligament no dimple can ever appear, whatever is done",
                "Removing enough fat makes a visible artificial dimple (VI ≥ 1)",
                "It makes the back flatter, as less fat means less relief",
                "Make a dimple, but only if a suture adds a man-made tether",
            ],
            answer=1,
            explanation="Taking out fat locally lowers the skin there: a pit the surgeon shapes. Surgeons "
            "often add a dermis-to-fascia suture, a man-made tether.",
            hints={
                0: "True of fat loss, training and light, but liposculpture carves the hollow itself: in "
                "the model, removing all of 8 mm or more of superficial fat makes a visible artificial "
                "dimple.",
                2: "Removing fat locally lowers the skin there and nowhere else: a pit, not a flatter back.",
                3: "Surgeons often add a dermis-to-fascia suture, but in the model the carved hollow alone "
                "reaches VI ≥ 1 with no tether at all.",
            },
        ),
    ],
)
