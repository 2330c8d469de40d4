"""Lesson 07 (sensitivity and the unknowns): exercise references, table, figures and quiz.

Which parameters of the dimple model matter most, and which of them has
anybody measured? The sweeps themselves live in :mod:`venusedu.analysis`
(:func:`~venusedu.analysis.one_at_a_time`, :func:`~venusedu.analysis.elasticity`).

Examples
--------
>>> round(log_elasticity(vi_minus=2.0, vi_plus=1.0, p_minus=9.0, p_plus=11.0), 4)
-3.4542
>>> vi_decades([0.2, 2.0, 20.0])
2.0
"""

from __future__ import annotations

import math

import numpy as np

from ..quiz import Question, Quiz

__all__ = [
    "log_elasticity",
    "vi_decades",
    "status_table",
    "sensitivity_table",
    "plot_tornado",
    "plot_elasticities",
    "PLAIN_NAMES",
    "plain_name",
    "quiz",
]

#: What the charts call each parameter of the study: plain words, the
#: symbol of MODEL.md in brackets (the tables keep the field names).
PLAIN_NAMES = {
    "fat_mm": "fat over the PSIS",
    "superficial_fraction": "share of fat over the insertion",
    "tether_pull_mm": "tether pull",
    "tether_radius_mm": "tether radius",
    "remodel_fraction": "deep fat the tether takes up",
    "bed_mm": "soft bed under the fascia",
    "muscle": "muscle relief",
    "lipo_depth_mm": "liposculpture depth",
    "lipo_radius_mm": "liposculpture radius",
    "dimple_spacing_mm": "distance between the dimples",
    "fat_shear_modulus_pa": "stiffness of the fat",
    "skin_tension_n_per_m": "tension of the skin",
    "skin_bending_nm": "bending stiffness of the skin",
    "fascia_tension_n_per_m": "tension of the fascia",
    "light_elevation_deg": "light above the skin",
    "light_azimuth_deg": "direction of the light",
    "ambient": "share of ambient light",
    "luminance_cd_m2": "brightness of the skin",
    "view_distance_m": "viewing distance",
}


def plain_name(name: str) -> str:
    """A parameter's name in plain words with its symbol, for a chart.

    Examples
    --------
    >>> plain_name("superficial_fraction")
    'share of fat over the insertion ($f_s$)'
    >>> plain_name("muscle")
    'muscle relief (m)'
    """
    from ..params import field_spec

    symbol = field_spec(name).symbol
    if "_" in symbol:
        symbol = f"${symbol}$"
    words = PLAIN_NAMES.get(name, name.replace("_", " "))
    return f"{words} ({symbol})" if symbol else words


def log_elasticity(vi_minus, vi_plus, p_minus, p_plus):
    """Elasticity by a finite difference in logarithms (reference for exercise 1).

    ``E = (ln VI₊ − ln VI₋) / (ln p₊ − ln p₋)``: the percentage change of VI
    per percentage change of the parameter p, between two nearby values.

    Parameters
    ----------
    vi_minus, vi_plus : float
        VI at ``p_minus`` and at ``p_plus`` (dimensionless, > 0).
    p_minus, p_plus : float
        Two values of the parameter, in its unit (> 0, different).

    Returns
    -------
    float
        Dimensionless.
    """
    vi_minus, vi_plus, p_minus, p_plus = map(float, (vi_minus, vi_plus, p_minus, p_plus))
    if min(vi_minus, vi_plus, p_minus, p_plus) <= 0:
        raise ValueError("VI and the parameter values must be > 0 to take logarithms")
    if p_minus == p_plus:
        raise ValueError("p_minus and p_plus must differ")
    return (math.log(vi_plus) - math.log(vi_minus)) / (math.log(p_plus) - math.log(p_minus))


def vi_decades(vi):
    """How many factors of 10 a set of VI values spans, ``log10(max/min)`` (reference for exercise 2).

    The length of a parameter's bar in a tornado chart drawn on a log scale.

    Parameters
    ----------
    vi : sequence of float
        Visibility indices (dimensionless, > 0).

    Returns
    -------
    float
        Decades (dimensionless).
    """
    v = np.asarray(vi, dtype=float)
    if v.size == 0 or np.any(v <= 0) or not np.all(np.isfinite(v)):
        raise ValueError("vi must be a non-empty sequence of finite numbers > 0")
    return float(math.log10(v.max() / v.min()))


def _fmt_value(v) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if v is None:
        return "–"
    return f"{float(v):.4g}"


def status_table(groups=("body", "tether", "tissue", "intervention", "viewing")) -> str:
    """The parameter table with the status of every number, from :class:`Params` metadata.

    Parameters
    ----------
    groups : sequence of str
        Which groups of fields to list (default: all but numerics).

    Returns
    -------
    str
        Plain text, one row per field: name, default, range, unit, status.
    """
    from ..params import parameter_table

    rows = [r for r in parameter_table() if r["group"] in groups]
    head = f"{'parameter':<22} {'default':>8} {'range':>15}  {'unit':<8} status"
    lines = [head, "-" * len(head)]
    for r in rows:
        rng = "bool" if r["low"] is None else f"{_fmt_value(r['low'])}–{_fmt_value(r['high'])}"
        lines.append(f"{r['name']:<22} {_fmt_value(r['default']):>8} {rng:>15}  {r['unit'] or '–':<8} {r['status']}")
    return "\n".join(lines)


def sensitivity_table(rows) -> str:
    """Plain-text table of a one-at-a-time study (rows from :func:`venusedu.analysis.one_at_a_time`).

    Columns: parameter, range swept, VI at the low and the high end (a ``*``
    marks a value beyond linear theory, where the model does not vouch for
    VI), VI range in decades, the same over the values within linear theory
    only, elasticity at the base point, status.
    """

    def vi(v, linear):
        return f"{v:.2f}" + (" " if linear else "*")

    def dec(d):
        return "inf" if math.isinf(d) else f"{d:.2f}"

    head = f"{'parameter':<22} {'range':>12} {'VI(low)':>8} {'VI(high)':>8} {'decades':>7} {'linear':>6} {'elast.':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        rng = f"{_fmt_value(r.low)}–{_fmt_value(r.high)}"
        lin = getattr(r, "linear", None)
        lin = np.ones(len(r.vi), bool) if lin is None else np.asarray(lin, bool)
        lines.append(
            f"{r.name:<22} {rng:>12} {vi(r.vi[0], lin[0]):>8} {vi(r.vi[-1], lin[-1]):>8} "
            f"{dec(r.decades):>7} {dec(r.linear_decades):>6} {r.elasticity:>6.2f}"
        )
    if not all(np.all(r.linear) for r in rows):
        lines.append("* beyond linear theory (slopes above 0.3): a steep pit, VI not reliable")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Figures (matplotlib imported only when drawing)
# ---------------------------------------------------------------------------


def _plt():
    import matplotlib.pyplot as plt

    from .. import style

    return plt, style


def plot_tornado(rows, *, top: int | None = None, row_height_in: float = 0.55):
    """Tornado chart of a one-at-a-time study, readable without colour.

    One horizontal bar per parameter from the smallest to the largest VI
    over its range, on a log axis, the widest at the top. The end reached at
    the parameter's *low* value is marked with an open circle, the *high*
    end with a filled square, and both VI values are written beside the bar;
    a vertical line marks VI at the base point, another VI = 1. An end beyond
    linear theory is marked with a cross instead and its value written with a
    ``*``: the pit is steep there, and the model does not vouch for its VI.

    Parameters
    ----------
    rows : sequence of SensitivityRow
        From :func:`venusedu.analysis.one_at_a_time` (sorted, widest first).
    top : int, optional
        Draw only the first *top* rows.
    row_height_in : float
        Height of each bar's row, inches (default 0.55); the figure is
        ``row_height_in * rows + 2`` inches tall and the text keeps its size
        (0.37 fits 14 rows on a 1280 x 720 slide at 18 px text).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    plt, style = _plt()
    _check_row_height(row_height_in)
    rows = list(rows)[: top or None]
    n = len(rows)
    floor = 1e-3
    with style.context():
        fig, ax = plt.subplots(figsize=(11, row_height_in * n + 2.0), layout="constrained")
        any_beyond = False
        for i, r in enumerate(rows):
            y = n - 1 - i
            lin = np.asarray(getattr(r, "linear", np.ones(len(r.vi), bool)), bool)
            lo_vi, hi_vi = max(r.vi_min, floor), max(r.vi_max, floor)
            ax.barh(y, hi_vi - lo_vi, left=lo_vi, height=0.6, color="0.85", edgecolor="k", hatch="//", lw=1)
            for k, (mk, mfc, ms) in ((0, ("o", "white", 9)), (-1, ("s", "k", 8))):
                if lin[k]:
                    ax.plot([max(r.vi[k], floor)], [y], marker=mk, mfc=mfc, mec="k", ms=ms, ls="none")
                else:
                    any_beyond = True
                    ax.plot([max(r.vi[k], floor)], [y], marker="X", mfc="white", mec="k", ms=10, ls="none")
            txt = [f"{r.vi[k]:.2f}" + ("" if lin[k] else "*") for k in (0, -1)]
            ax.text(hi_vi * 1.15, y, f"{txt[0]} → {txt[1]}", va="center", fontsize=style.SMALL_SIZE)
        base = rows[0].vi_base if rows else 1.0
        ax.axvline(base, color="k", ls="--", lw=1.5)
        ax.axvline(1.0, color="0.4", ls=":", lw=1.5)
        ax.set_yticks(range(n))
        ax.set_yticklabels([plain_name(r.name) for r in reversed(rows)])
        ax.set_xscale("log")
        xmax = max(r.vi_max for r in rows) if rows else 10
        ax.set_xlim(max(min(r.vi_min for r in rows) * 0.5, floor * 0.8) if rows else 0.1, xmax * 8)
        ax.set_xlabel("visibility index VI (1 = just visible; log scale)")
        ax.set_title(
            "One at a time: ○ low end, ■ high end"
            + (", ✕ beyond linear theory (*)" if any_beyond else "")
            + "\n-- VI at the base point, ⋯ VI = 1"
        )

    def end(r, k):
        lin = np.asarray(getattr(r, "linear", np.ones(len(r.vi), bool)), bool)
        return f"{r.vi[k]:.2f}" + ("" if lin[k] else " (beyond linear theory)")

    widest = "; ".join(f"{r.name} {end(r, 0)} to {end(r, -1)}" for r in rows[:3])
    alt = (
        f"Tornado chart of the visibility index as each of {n} parameters runs over its range, others at "
        f"their defaults; base VI {base:.2f}. Widest bars: {widest}."
    )
    return fig, alt


def _check_row_height(row_height_in) -> None:
    if (
        isinstance(row_height_in, bool)
        or not isinstance(row_height_in, (int, float))
        or not 0.25 <= row_height_in <= 2.0
    ):
        raise ValueError(f"row_height_in must be a height in inches from 0.25 to 2, got {row_height_in!r}")


def plot_elasticities(rows, *, row_height_in: float = 0.5):
    """Bar chart of the elasticities d ln VI / d ln p at the base point.

    Parameters
    ----------
    rows : sequence of SensitivityRow
    row_height_in : float
        Height of each bar's row, inches (default 0.5); the figure is
        ``row_height_in * rows + 1.8`` inches tall and the text keeps its size
        (0.38 fits 14 rows on a 1280 x 720 slide at 18 px text).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    plt, style = _plt()
    _check_row_height(row_height_in)
    rows = sorted(rows, key=lambda r: abs(r.elasticity))
    with style.context():
        fig, ax = plt.subplots(figsize=(9, row_height_in * len(rows) + 1.8), layout="constrained")
        vals = [r.elasticity for r in rows]
        ax.barh(range(len(rows)), vals, height=0.6, color="0.8", edgecolor="k", hatch="..")
        for i, v in enumerate(vals):
            ax.text(v, i, f" {v:+.2f} ", va="center", ha="left" if v >= 0 else "right", fontsize=style.SMALL_SIZE)
        ax.axvline(0.0, color="k", lw=1)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([plain_name(r.name) for r in rows])
        lim = max(abs(v) for v in vals) * 1.6 if vals else 1
        ax.set_xlim(-lim, lim)
        ax.set_xlabel("elasticity d ln VI / d ln p (% per %)")
    big = sorted(rows, key=lambda r: -abs(r.elasticity))[:3]
    alt = (
        "Elasticity of the visibility index for each parameter at the defaults. Largest in size: "
        + "; ".join(f"{r.name} {r.elasticity:+.2f}" for r in big)
        + "."
    )
    return fig, alt


# ---------------------------------------------------------------------------
# Quiz (answer keys checked against the model in tests/test_exercises_sensitivity.py)
# ---------------------------------------------------------------------------

quiz = Quiz(
    "Sensitivity and the unknowns",
    [
        Question(
            "Suppose the elasticity of VI with respect to a parameter p is −2, and p grows by 5 %. What happens to VI?",
            ["It grows by about 10 %", "It falls by about 10 %", "It falls by 2 %", "It falls by about 50 %"],
            answer=1,
            explanation="An elasticity E means: 1 % more p gives about E % more VI; −2 × 5 % = −10 %.",
            hints={
                0: "A sign slip: a negative elasticity means VI falls as p grows.",
                2: "That is the change for 1 % more p; for 5 % more, multiply by 5.",
                3: "That reads −2 as halving VI. An elasticity relates relative changes: it multiplies the "
                "5 % change of p.",
            },
        ),
        Question(
            "In the blanket regime (superficial_fraction = 1), the elasticity for remodel_fraction is exactly 0. Why?",
            [
                "Remodelling is only a hypothesis, so the model leaves it out",
                "The tether has fully remodelled already, so its pull stays d_p",
                "Remodelling matters only once the fat is thicker than 20 mm",
                "Remodelling acts on deep fat, and there is none at f_s = 1",
            ],
            answer=3,
            explanation="The tether's pull is δ = d_p + (1 − ρ)·t_d and t_d = (1 − f_s)·t = 0, so ρ has nothing "
            "to act on.",
            hints={
                0: "Being a hypothesis does not take it out of the model: with deep fat (f_s = 0.5, "
                "ρ = 0.5) the same elasticity is not 0.",
                1: "At the defaults ρ = 0: no remodelling at all. The pull does not depend on ρ because t_d = 0.",
                2: "It is not how much fat there is but where it lies: at f_s = 1 all of it is over the "
                "insertion, and t_d = 0 at any thickness.",
            },
        ),
        Question(
            "Which of these parameters is an assumption that nobody has measured?",
            [
                "fat_shear_modulus_pa (the fat's stiffness, by MR elastography)",
                "skin_tension_n_per_m (the skin's resting tension, on the arm)",
                "superficial_fraction (the share of fat over the insertion)",
                "dimple_spacing_mm (from Michaelis rhombus studies of women)",
            ],
            answer=2,
            explanation="The superficial fraction is the model's key unknown; the others come from measurements.",
            hints={
                0: "M9: measured in vivo by MR elastography (Hatt et al. 2023); its caveat is that this was "
                "at 50 Hz and long-term behaviour is softer, not that nobody measured it.",
                1: "M9: measured, on the arm (Flynn et al. 2011); its caveat is the site, not that nobody measured it.",
                3: "M9: measured in women (Alijahan et al. 2014); only the men's value is an estimate.",
            },
            misconceptions={0: "M9", 1: "M9", 3: "M9"},
        ),
        Question(
            "Which measurement would best pin down the superficial fraction at the PSIS?",
            [
                "An ultrasound scan over the PSIS that locates the superficial fascia",
                "A questionnaire on exercise habits, since training moves fat from the PSIS",
                "Body-mass index or body-fat percentage, which set the fat over the PSIS",
                "Photographs of the dimples under a frontal flash, rated by observers",
            ],
            answer=0,
            explanation="The superficial fraction is the share of fat above the superficial fascia; only "
            "imaging of the layers at that site can measure it (a proposal, not yet done).",
            hints={
                1: "M6: exercise does not choose where fat is lost, and habits say nothing about how the fat "
                "divides around the insertion.",
                2: "They give at most the total fat, through an estimate with a ±50 % band, not how it "
                "divides around the insertion.",
                3: "M4: a frontal flash flattens the dimples (lesson 04), and photographs show surfaces, not layers.",
            },
            misconceptions={1: "M6", 3: "M4"},
        ),
    ],
)
