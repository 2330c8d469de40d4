"""The posterior view: the pelvis and lower back seen from behind (:func:`posterior_view`).

The outlines come from :mod:`venusedu.anatomy`; this module turns them into
patches (``_path``, with holes wound opposite to their outline), places the
labels in two columns and writes the alt text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.patches import Ellipse, PathPatch, Polygon
from matplotlib.path import Path

from .. import anatomy, style
from .base import Drawing, _check_ax, _check_figsize, _check_params, _fmt_mm, _new_figure


def _path(outline: anatomy.Outline, holes: Sequence[anatomy.Outline] = ()) -> Path:
    verts = [outline.vertices]
    codes = [outline.codes]
    for hole in holes:
        # holes need the opposite winding of the outer outline
        v = hole.vertices
        if _signed_area(v) * _signed_area(outline.vertices) > 0:
            v, c = _reverse_path(hole.vertices, hole.codes)
        else:
            c = hole.codes
        verts.append(v)
        codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes))


def _signed_area(v: np.ndarray) -> float:
    x, y = v[:, 0], v[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _reverse_path(v: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reverse a closed MOVETO/CURVE4.../CLOSEPOLY path."""
    body = v[:-1] if c[-1] == anatomy.CLOSEPOLY else v
    rev = body[::-1]
    codes = np.array([anatomy.MOVETO] + [anatomy.CURVE4] * (len(rev) - 1), dtype=np.uint8)
    if c[-1] == anatomy.CLOSEPOLY:
        rev = np.vstack([rev, rev[:1]])
        codes = np.append(codes, np.uint8(anatomy.CLOSEPOLY))
    return rev, codes


def posterior_view(params=None, ax=None, *, figsize=(15.0, 8.7)) -> Drawing:
    """The pelvis and lower back seen from behind, with the dimples and the rhombus.

    Draws the sacrum (with its posterior foramina and median crest), both hip
    bones with their iliac crests, the PSIS, the sacroiliac joints, the L4
    and L5 vertebrae, the skin outline of the lower back, the two dimples
    over the PSIS and the Michaelis rhombus with its four corners labelled.
    Coordinates are millimetres (``x`` to the person's right, ``y`` to the
    head, origin at S2 on the midline); the PSIS -- and the dimples -- sit at
    ``(±dimple_spacing_mm / 2, 0)``, level with the S2 spinous process.

    Parameters
    ----------
    params : Params, optional
        Only ``dimple_spacing_mm`` is used (default 100 mm).
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure of ``figsize`` if omitted.
    figsize : (float, float)
        Width and height of a new figure, inches (default 15 × 8.7). The
        labels keep their size in points, so a smaller figure has relatively
        larger text (13.3 × 7.8 fits a 1280 × 720 slide at 18 px text).

    Returns
    -------
    Drawing
        ``.fig``, ``.ax``, ``.alt_text``, ``.artists`` (keys include
        ``"rhombus"``, ``"dimple_left"``, ``"dimple_right"``, ``"labels"``).

    Raises
    ------
    TypeError
        ``params`` is not a Params, or ``ax`` is not an Axes.
    ValueError
        ``figsize`` is not two sizes from 4 to 30 inches.

    Examples
    --------
    >>> d = posterior_view()
    >>> "100 mm apart" in d.alt_text
    True
    """
    p = _check_params(params)
    _check_ax(ax)
    figsize = _check_figsize(figsize)
    spacing = float(p.dimple_spacing_mm)
    outlines, marks = anatomy.posterior_anatomy(spacing)
    k = _view_scale(spacing)
    artists: dict[str, Any] = {}
    with style.context():
        fig, ax = _new_figure(figsize, ax)
        ax.set_aspect("equal")
        ax.set_xlim(-400 * k, 350 * k)
        ax.set_ylim(-205 * k, 236 * k)
        ax.set_axis_off()
        _draw_bones(ax, outlines, artists)
        _draw_skin_lines(ax, outlines, artists)
        _draw_dimples_and_rhombus(ax, spacing, marks, artists)
        artists["labels"] = _draw_labels(ax, spacing, outlines, marks)
        ax.text(
            -25 * k,
            232 * k,
            f"Dimples of Venus seen from behind: {_fmt_mm(spacing)} mm apart, over the PSIS",
            ha="center",
            va="top",
            fontsize=style.TITLE_SIZE,
            fontweight="bold",
        )
    return Drawing(fig, ax, _alt(spacing), artists)


def _view_scale(spacing: float) -> float:
    """How much the view grows: the skin (and so the whole view) grows above the reference spacing."""
    return max(1.0, spacing / anatomy.REFERENCE_SPACING_MM)


def _draw_bones(ax, outlines, artists: dict[str, Any]) -> None:
    """The body, then the hip bones, sacrum, coccyx, L4 and L5, and the sacroiliac joints."""
    # the body
    artists["body"] = ax.add_patch(
        PathPatch(_path(outlines["body"]), facecolor=style.color("body"), edgecolor="none", zorder=0)
    )
    # bones
    bone_kw = dict(facecolor=style.color("bone"), edgecolor=style.edge("bone"), linewidth=1.4)
    for side in ("left", "right"):
        artists[f"hip_{side}"] = ax.add_patch(
            PathPatch(_path(outlines[f"hip_{side}"], [outlines[f"obturator_{side}"]]), zorder=1, **bone_kw)
        )
    foramina = [outlines[k] for k in sorted(outlines) if k.startswith("foramen_")]
    artists["sacrum"] = ax.add_patch(PathPatch(_path(outlines["sacrum"], foramina), zorder=2, **bone_kw))
    artists["coccyx"] = ax.add_patch(PathPatch(_path(outlines["coccyx"]), zorder=2, **bone_kw))
    for i in (1, 2, 3, 4):
        ax.add_patch(PathPatch(_path(outlines[f"s{i}_tubercle"]), zorder=3, **bone_kw))
    for v in ("l4", "l5"):
        ax.add_patch(PathPatch(_path(outlines[f"{v}_arch"]), zorder=2, **bone_kw))
        artists[f"{v}_spinous"] = ax.add_patch(PathPatch(_path(outlines[f"{v}_spinous"]), zorder=3, **bone_kw))
    for side in ("left", "right"):
        o = outlines[f"si_joint_{side}"]
        artists[f"si_joint_{side}"] = ax.add_patch(
            PathPatch(
                Path(o.vertices, o.codes),
                facecolor="none",
                edgecolor=style.edge("bone"),
                linewidth=2.2,
                linestyle=(0, (4, 2.5)),
                zorder=3,
            )
        )


def _draw_skin_lines(ax, outlines, artists: dict[str, Any]) -> None:
    """The flanks, the gluteal cleft and the gluteal folds."""
    for key in ("skin_flank_left", "skin_flank_right", "gluteal_cleft", "gluteal_fold_left", "gluteal_fold_right"):
        o = outlines[key]
        artists[key] = ax.add_patch(
            PathPatch(
                Path(o.vertices, o.codes),
                facecolor="none",
                edgecolor=style.color("skin"),
                linewidth=2.4,
                capstyle="round",
                zorder=4,
            )
        )


def _draw_dimples_and_rhombus(ax, spacing: float, marks, artists: dict[str, Any]) -> None:
    """Soft shadows over the PSIS, the dashed Michaelis rhombus and the PSIS points."""
    half = spacing / 2.0
    # dimples: soft shadows over the PSIS
    for side, x in (("left", -half), ("right", half)):
        shadows = []
        for rx, ry in ((17, 14), (13, 11), (9.5, 8), (6, 5), (3.5, 3)):
            shadows.append(
                ax.add_patch(
                    Ellipse(
                        (x, 0.0),
                        2 * rx,
                        2 * ry,
                        facecolor=style.color("text"),
                        edgecolor="none",
                        alpha=0.10,
                        zorder=5,
                    )
                )
            )
        artists[f"dimple_{side}"] = shadows
    # Michaelis rhombus
    corners = anatomy.rhombus_corners(spacing)
    rh = np.array([corners[k] for k in ("upper", "right", "lower", "left")])
    artists["rhombus"] = ax.add_patch(
        Polygon(
            rh,
            closed=True,
            facecolor="none",
            edgecolor=style.color("highlight"),
            linewidth=2.6,
            linestyle=(0, (6, 3)),
            zorder=6,
        )
    )
    ax.plot(
        rh[:, 0],
        rh[:, 1],
        "o",
        color=style.color("highlight"),
        markersize=9,
        markeredgecolor="white",
        markeredgewidth=1.5,
        zorder=7,
    )
    # PSIS points on the bone
    psis = np.array([marks["psis_left"], marks["psis_right"]])
    ax.plot(psis[:, 0], psis[:, 1], "+", color=style.edge("bone"), markersize=14, markeredgewidth=2.2, zorder=7)


def _draw_labels(ax, spacing: float, outlines, marks) -> list:
    """The labels, placed in two columns with leader lines (right: the pelvis; left: rhombus, dimples, spine, skin)."""
    half = spacing / 2.0
    s = spacing / anatomy.REFERENCE_SPACING_MM
    k = _view_scale(spacing)
    corners = anatomy.rhombus_corners(spacing)
    labels = []
    lab = dict(fontsize=style.SMALL_SIZE + 1, va="center")

    def label(text, xy, xytext, ha, color=None, weight="normal"):
        a = ax.annotate(
            text,
            xy=xy,
            xytext=xytext,
            ha=ha,
            color=color or style.color("text"),
            fontweight=weight,
            zorder=9,
            arrowprops=dict(arrowstyle="-", color=color or style.color("text"), lw=1.2, shrinkA=4, shrinkB=3),
            **lab,
        )
        labels.append(a)
        return a

    hl = style.color("highlight")
    xr, xl = 212.0 * k, -212.0 * k
    crest = marks["iliac_crest_top_right"]
    si = outlines["si_joint_right"].vertices
    label("iliac crest", (crest[0] + 24 * s, crest[1] - 7 * s), (xr, 150 * k), "left")
    label("ilium", (100 * s, 50 * s), (xr, 88 * k), "left")
    label("sacroiliac joint", (si[4, 0], si[4, 1]), (xr, 38 * k), "left")
    label("PSIS (posterior\nsuperior iliac spine)", (half + 4, -2), (xr, -12 * k), "left")
    label("sacrum", (24 * s, -46 * s), (xr, -66 * k), "left")
    label("coccyx", (2, -96 * s), (xr, -112 * k), "left")
    label("upper corner: near L4–L5\n(sources differ)", corners["upper"], (xl, 178 * k), "right", hl)
    mid = (np.array(corners["upper"]) + np.array(corners["left"])) / 2
    label("L5 spinous process", (-5, marks["l5_spinous"][1]), (xl, 130 * k), "right")
    label("Michaelis rhombus", tuple(mid), (xl, 90 * k), "right", hl, "bold")
    label(
        "dimple over the PSIS\n(fossa lumbalis lateralis),\n" + f"{_fmt_mm(half)} mm from the midline",
        (-half - 6, 2),
        (xl, 38 * k),
        "right",
        hl,
        "bold",
    )
    label("S2 spinous process\n(level of the PSIS)", (-5, 0), (xl, -36 * k), "right")
    label("lower corner:\ntop of the gluteal cleft", corners["lower"], (xl, -96 * k), "right", hl)
    flank = outlines["skin_flank_left"].vertices
    fy = np.argmin(np.abs(flank[:, 1] + 100 * k))
    label("skin outline", (flank[fy, 0], flank[fy, 1]), (xl, -150 * k), "right")
    return labels


def _alt(spacing: float) -> str:
    """The alt text of the posterior view."""
    half = spacing / 2.0
    return (
        "Posterior view of the pelvis and lower back. The sacrum sits between the two "
        "hip bones; the iliac crests curve up to the level of the L4 spinous process. "
        "The posterior superior iliac spines (PSIS) lie at the level of the S2 spinous "
        "process, just lateral to the sacroiliac joints, and the two dimples of Venus "
        f"lie over them, {_fmt_mm(spacing)} mm apart ({_fmt_mm(half)} mm either side of the midline). "
        "A dashed Michaelis rhombus joins the two dimples (lateral corners), the top of "
        "the gluteal cleft (lower corner) and a point near the L4–L5 interspace (upper "
        "corner; sources differ)."
    )
