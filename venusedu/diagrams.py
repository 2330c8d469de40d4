"""Static schematics of the dimples of Venus, drawn with matplotlib.

Every drawing function takes :class:`~venusedu.params.Params` or a model
:class:`Result` and an optional :class:`matplotlib.axes.Axes`, applies
:func:`venusedu.style.context`, and returns a :class:`Drawing` holding the
figure, the axes, the named artists and an **alt text** that states what the
figure shows and its key numbers.

=============================  ============================================
:func:`posterior_view`         pelvis and lower back seen from behind
:func:`cross_section`          layers through the right PSIS, to scale
:func:`shaded_back`            what the eye sees: the shaded lower back
:func:`small_multiples_fat`    the shaded back across fat thicknesses
:func:`small_multiples_light`  the shaded back across light elevations
=============================  ============================================

:class:`CrossSection` and :class:`ShadedBack` can be moved in place with
``.update(result)`` (``set_xy`` / ``set_data`` on the existing artists, no new
artists), which is what the widget explorer calls on every slider move.

Drawing never computes physics: it reads a ``Result``. Only the small
multiples call :func:`venusedu.simulate`, once per panel.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, PathPatch, Polygon
from matplotlib.path import Path
from matplotlib.transforms import blended_transform_factory

from . import anatomy, style
from .model import Result, simulate
from .params import Params
from .vision import format_vi  # noqa: F401 - part of this module's API, used below

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure

__all__ = [
    "Drawing",
    "SmallMultiples",
    "CrossSection",
    "section_geometry",
    "section_zlim",
    "ShadedBack",
    "SignalView",
    "true_size_pixels",
    "posterior_view",
    "cross_section",
    "shaded_back",
    "small_multiples_fat",
    "small_multiples_light",
    "format_vi",
    "verdict",
    "light_in_words",
    "DEFAULT_FAT_VALUES_MM",
    "DEFAULT_ELEVATIONS_DEG",
]

_HATCHCOLOR = hasattr(Polygon, "set_hatchcolor")

#: Fat thicknesses (mm) of :func:`small_multiples_fat` by default.
DEFAULT_FAT_VALUES_MM: tuple[float, ...] = (2.0, 6.0, 10.0, 16.0, 25.0)
#: Light elevations (degrees above the skin) of :func:`small_multiples_light`.
DEFAULT_ELEVATIONS_DEG: tuple[float, ...] = (10.0, 20.0, 35.0, 60.0, 90.0)


# ----------------------------------------------------------------------------
# Small helpers: validation, words, numbers
# ----------------------------------------------------------------------------


def _check_params(params, name: str = "params"):
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise TypeError(
            f"{name} must be a venusedu.Params (or None for the defaults), got {type(params).__name__}: {params!r}"
        )
    return params


def _check_result(result, name: str = "result"):
    """Return ``result`` as a Result: a Params is simulated, anything else refused."""
    if isinstance(result, Params):
        return simulate(result)
    if not isinstance(result, Result):
        raise TypeError(
            f"{name} must be a venusedu Result from venusedu.simulate(params), or a Params, got {type(result).__name__}"
        )
    return result


def _check_ax(ax, name: str = "ax"):
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def verdict(result) -> str:
    """The verdict in words with VI and its band, as printed on figures and in alt text.

    ``"visible, VI 5.8 (3.7–9.2)"``, ``"borderline, VI 1.1 (0.7–1.8)"``,
    ``"not visible, VI 0.39 (0.25–0.62)"``; for a result outside linear theory
    no VI is quoted: ``"beyond the model (slopes 0.44)"``.

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> verdict(simulate(Params()))
    'visible, VI 5.8 (3.7–9.2)'
    >>> verdict(simulate(Params(fat_mm=1.0)))
    'beyond the model (slopes up to 0.45)'
    """
    if not result.linear:
        if result.max_slope > 0.3:
            return f"beyond the model (slopes up to {result.max_slope:.2f})"
        return "beyond the model (tether pulls too far)"
    return (
        f"{result.verdict}, VI {format_vi(result.visibility_index)} "
        f"({format_vi(result.vi_low)}–{format_vi(result.vi_high)})"
    )


_AZIMUTH_WORDS = (
    "from the right",
    "from above right",
    "from above (the head side)",
    "from above left",
    "from the left",
    "from below left",
    "from below (the feet side)",
    "from below right",
)


def light_in_words(elevation_deg: float, azimuth_deg: float) -> str:
    """Describe a light direction in words.

    Parameters
    ----------
    elevation_deg : float
        Elevation of the light above the skin plane, degrees (90 = frontal).
    azimuth_deg : float
        Azimuth in the skin plane, degrees; 0 = from the person's right (the
        right of a posterior view), 90 = from the head side.

    Returns
    -------
    str

    Examples
    --------
    >>> light_in_words(35, 0)
    'light from the right (azimuth 0°), 35° above the skin: low, raking light'
    >>> light_in_words(90, 0)
    'light straight on (90° above the skin), like a camera flash'
    """
    el = float(elevation_deg)
    az = float(azimuth_deg) % 360.0
    if el >= 89.5:
        return f"light straight on ({el:.0f}° above the skin), like a camera flash"
    words = _AZIMUTH_WORDS[int(((az + 22.5) % 360.0) // 45.0)]
    if el < 15:
        kind = "grazing light"
    elif el < 45:
        kind = "low, raking light"
    elif el < 70:
        kind = "light from high up"
    else:
        kind = "nearly frontal light"
    return f"light {words} (azimuth {az:.0f}°), {el:.0f}° above the skin: {kind}"


def _fmt_mm(v: float) -> str:
    v = float(v)
    if abs(v) >= 10 or abs(v - round(v)) < 1e-9:
        return f"{v:.0f}"
    return f"{v:.1f}"


def _fmt_depth(v: float) -> str:
    return f"{float(v):.2f}"


# ----------------------------------------------------------------------------
# Drawing objects
# ----------------------------------------------------------------------------


class Drawing:
    """A drawn figure with its alt text.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        The figure drawn into.
    ax : matplotlib.axes.Axes or numpy.ndarray of Axes
        The axes (an array for small multiples).
    alt_text : str
        What the figure shows and its key numbers, for screen readers, the
        course site and ``figures/alt-text.json``.
    artists : dict[str, Any]
        The named artists, for tests and in-place updates.
    """

    def __init__(self, fig, ax, alt_text: str, artists: dict[str, Any] | None = None):
        self.fig = fig
        self.ax = ax
        self.alt_text = alt_text
        self.artists = dict(artists or {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.alt_text[:70]}...>"

    def savefig(self, *args, **kwargs):
        """Shortcut for ``self.fig.savefig`` (alt text is not embedded)."""
        return self.fig.savefig(*args, **kwargs)

    # -- in-place (animated) mode ----------------------------------------------
    def changing_artists(self) -> list:
        """The artists that :meth:`update` may change, in drawing order.

        An app that redraws only what changes (blitting) keeps a background
        without these artists and draws them over it after every update; the
        list is asked for again after each update, because an update may
        replace an artist (the contour lines of :class:`SignalView`). The axes
        spines are included where the picture lies under them, so that a
        blitted frame shows them as a full draw does. A drawing that has no
        ``update`` returns an empty list.
        """
        return []

    def set_animated(self, animated: bool = True) -> list:
        """Mark :meth:`changing_artists` as animated (or not) and return them.

        Animated artists are left out of a full ``canvas.draw()`` and drawn by
        the caller with ``figure.draw_artist``; ``savefig`` draws them as usual,
        so a saved figure is the same either way.
        """
        artists = self.changing_artists()
        for artist in artists:
            artist.set_animated(bool(animated))
        return artists


def _check_figsize(figsize) -> tuple[float, float]:
    """``figsize`` as two floats, or a ValueError naming the allowed range (4 to 30 inches)."""
    try:
        w, h = (float(v) for v in figsize)
    except (TypeError, ValueError):
        raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r}") from None
    if any(isinstance(v, bool) for v in figsize) or not (4.0 <= w <= 30.0 and 4.0 <= h <= 30.0):
        raise ValueError(f"figsize must be (width, height) in inches, each from 4 to 30, got {figsize!r}")
    return w, h


def _new_figure(figsize, ax=None):
    """A figure and axes, or the figure of a given axes."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    return fig, ax


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


# ----------------------------------------------------------------------------
# 1. Posterior view
# ----------------------------------------------------------------------------


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
    half = spacing / 2.0
    s = spacing / anatomy.REFERENCE_SPACING_MM
    k = max(1.0, s)  # the skin (and so the whole view) grows above the reference spacing
    artists: dict[str, Any] = {}
    with style.context():
        fig, ax = _new_figure(figsize, ax)
        ax.set_aspect("equal")
        ax.set_xlim(-400 * k, 350 * k)
        ax.set_ylim(-205 * k, 236 * k)
        ax.set_axis_off()

        # body and skin
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
        # skin lines
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

        # labels, placed in two columns with leader lines
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
        artists["labels"] = labels
        ax.text(
            -25 * k,
            232 * k,
            f"Dimples of Venus seen from behind: {_fmt_mm(spacing)} mm apart, over the PSIS",
            ha="center",
            va="top",
            fontsize=style.TITLE_SIZE,
            fontweight="bold",
        )

    alt = (
        "Posterior view of the pelvis and lower back. The sacrum sits between the two "
        "hip bones; the iliac crests curve up to the level of the L4 spinous process. "
        "The posterior superior iliac spines (PSIS) lie at the level of the S2 spinous "
        "process, just lateral to the sacroiliac joints, and the two dimples of Venus "
        f"lie over them, {_fmt_mm(spacing)} mm apart ({_fmt_mm(half)} mm either side of the midline). "
        "A dashed Michaelis rhombus joins the two dimples (lateral corners), the top of "
        "the gluteal cleft (lower corner) and a point near the L4–L5 interspace (upper "
        "corner; sources differ)."
    )
    return Drawing(fig, ax, alt, artists)


# ----------------------------------------------------------------------------
# 2. Cross-section through the right PSIS
# ----------------------------------------------------------------------------

#: Height of the PSIS above the surrounding bone, mm (schematic).
PSIS_PROMINENCE_MM = 9.0


def _psis_row(result) -> int:
    return int(np.argmin(np.abs(np.asarray(result.y_mm, dtype=float))))


def section_geometry(result, half_width_mm: float = 45.0) -> dict[str, Any]:
    """Heights of the layers along the section through the right PSIS (mm).

    Heights are measured from the bone datum (the base of the deep layer with
    no muscle relief), outward positive. From the model, on the row ``y = 0``:
    the base ``b`` (muscle relief, ``Result.muscle_mm``), the displacement of
    the superficial fascia (``Result.insertion_mm``; its rest height is the
    deep layer ``h_d = bed + t_d``), the fat removed by liposculpture
    (``Result.lipo_mm``) and the skin surface (``Result.surface_mm``; the top
    of the fat rests at ``h_d + t_s``). Between the base and the fascia the
    deep layer is split in proportion into the soft bed and the deep fat.

    Schematic, not computed by the model: the bone. The PSIS tip sits at the
    datum, where the tether is anchored, and the ilium falls away by
    :data:`PSIS_PROMINENCE_MM` on either side. The tether runs from the tip to
    the fascia, which it holds ``bed − d_p + ρ t_d`` above the bone.

    Parameters
    ----------
    result : Result
        A model result.
    half_width_mm : float
        Half the width of the section around the PSIS, mm.

    Returns
    -------
    dict
        ``x`` (mm from the midline) and heights (mm): ``bone``, ``deep_fascia``
        (the base), ``bed_top``, ``insertion`` (superficial fascia),
        ``fat_top``, ``skin`` (outer skin surface), ``skin_ref`` (skin without
        tether or lipo), ``lipo`` (thickness removed), ``lipo_bottom``;
        scalars ``x_psis``, ``tip``, ``insertion_at_psis``, ``fat_mm``,
        ``superficial_mm``, ``deep_mm``, ``bed_mm``, ``dermis_mm``, ``j_psis``
        and the tether polygon ``ligament_xy`` (``None`` without a tether).
    """
    p = result.params
    x_all = np.asarray(result.x_mm, dtype=float)
    x_psis = float(p.dimple_spacing_mm) / 2.0
    cols = np.nonzero(np.abs(x_all - x_psis) <= half_width_mm + 1e-9)[0]
    i = _psis_row(result)
    x = x_all[cols]
    b = np.asarray(result.muscle_mm)[i, cols]
    ins = np.asarray(result.insertion_mm)[i, cols]
    s = np.asarray(result.surface_mm)[i, cols]
    s_ref = np.asarray(result.reference_mm)[i, cols]
    lipo = np.asarray(result.lipo_mm)[i, cols]
    t = float(p.fat_mm)
    t_s = float(p.superficial_fat_mm)
    t_d = float(p.deep_fat_mm)
    h_b = float(p.bed_mm)
    h_d = h_b + t_d
    dermis = anatomy.DERMIS_MM
    j = int(np.argmin(np.abs(x - x_psis)))
    dx = x - x_psis
    tip = 0.0
    w = np.where(dx < 0, 8.0, 11.0)  # the ilium falls away more gently laterally
    bone = tip - PSIS_PROMINENCE_MM * (1.0 - np.exp(-0.5 * (dx / w) ** 2))
    base = np.maximum(b, bone)
    insertion = np.maximum(h_d + ins, base)
    bed_top = base + (insertion - base) * (h_b / h_d)
    fat_top = np.maximum(h_d + t_s + s, insertion)
    skin = fat_top + dermis
    skin_ref = h_d + t_s + s_ref + dermis
    lipo_bottom = np.maximum(fat_top - lipo, insertion)
    ins_at_psis = float(np.interp(x_psis, x, insertion))
    has_lig = bool(p.ligament) and float(result.pull_mm) > 0.0
    lig_xy = None
    if has_lig:
        r = float(p.tether_radius_mm)
        top_l = float(np.interp(x_psis - r, x, insertion))
        top_r = float(np.interp(x_psis + r, x, insertion))
        lig_xy = np.array(
            [[x_psis - 0.9, tip], [x_psis + 0.9, tip], [x_psis + r, top_r + 0.1], [x_psis - r, top_l + 0.1]]
        )
    return {
        "x": x,
        "bone": bone,
        "deep_fascia": base,
        "bed_top": bed_top,
        "insertion": insertion,
        "fat_top": fat_top,
        "skin": skin,
        "skin_ref": skin_ref,
        "lipo": lipo,
        "lipo_bottom": lipo_bottom,
        "x_psis": x_psis,
        "tip": tip,
        "insertion_at_psis": ins_at_psis,
        "fat_mm": t,
        "superficial_mm": t_s,
        "deep_mm": t_d,
        "bed_mm": h_b,
        "dermis_mm": dermis,
        "j_psis": j,
        "ligament_xy": lig_xy,
    }


def _in_drawing_order(artists) -> list:
    """Flatten dicts/lists of artists, drop None, sort by zorder (stable)."""
    flat: list = []

    def walk(a):
        if a is None:
            return
        if isinstance(a, dict):
            for v in a.values():
                walk(v)
        elif isinstance(a, (list, tuple)):
            for v in a:
                walk(v)
        else:
            flat.append(a)

    walk(artists)
    unique = list({id(a): a for a in flat}.values())  # the first of each, in order
    return sorted(unique, key=lambda a: a.get_zorder())


def _band(x, lower, upper) -> np.ndarray:
    return np.column_stack([np.concatenate([x, x[::-1]]), np.concatenate([upper, lower[::-1]])])


class CrossSection(Drawing):
    """Cross-section through the right PSIS, to scale, updatable in place.

    Layers from the bone outward: bone with the PSIS prominence, muscle, deep
    fascia, deep fat, superficial fascia (the insertion level of the tether,
    from ``Result.insertion_mm``), superficial fat, dermis
    (:data:`venusedu.anatomy.DERMIS_MM` = 2.5 mm) and the skin surface from
    ``Result.surface_mm``; the ligament runs from the PSIS to the insertion,
    and fat removed by liposculpture is a hatched region under the dermis.
    Equal aspect: 1 mm across is 1 mm up. See :func:`section_geometry` for
    what comes from the model and what is schematic.

    Parameters
    ----------
    result : Result
        A model result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into (the layer labels go outside its right edge, the
        ligament and liposculpture labels outside its left edge). If omitted,
        a new figure sized so that 1 mm has the same length in every
        cross-section.
    half_width_mm : float
        Half the width of the section around the PSIS, mm (default 45).
    zlim : (float, float), optional
        Fixed height range, mm. Default: fitted to ``result``. The explorer
        should pass a range that fits every fat thickness it allows (see
        :func:`section_zlim`), so the axes stay still while the layers move.
    labels : bool
        Draw the layer labels (default True).
    show_verdict : bool
        Put the verdict in the title and the alt text (default True). An app
        that shows the verdict elsewhere and leaves the section alone when
        only the light changes passes False: the section then depends on the
        skin alone.

    Attributes
    ----------
    geometry : dict
        :func:`section_geometry` of the current result.
    result : Result
        The current result.

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> d = CrossSection(simulate(Params(fat_mm=4)), zlim=section_zlim())
    >>> d.update(simulate(Params(fat_mm=12)))  # moves the artists in place
    """

    #: Width of the axes of a new figure, inches (fixes the mm-per-inch scale).
    AX_WIDTH_IN = 7.2
    #: Margins of a new figure around the axes, inches (left, right, bottom, top).
    MARGINS_IN = (2.3, 3.9, 0.8, 1.3)

    def __init__(
        self, result, ax=None, *, half_width_mm: float = 45.0, zlim=None, labels: bool = True, show_verdict: bool = True
    ):
        result = _check_result(result)
        self.show_verdict = bool(show_verdict)
        _check_ax(ax)
        self.half_width_mm = float(half_width_mm)
        if zlim is not None:
            zlim = (float(zlim[0]), float(zlim[1]))
            if not (np.isfinite(zlim).all() and zlim[1] > zlim[0]):
                raise ValueError(f"zlim must be two finite heights in mm, low < high, got {zlim!r}")
        self._fixed_zlim = zlim
        self._labels_on = bool(labels)
        g = section_geometry(result, self.half_width_mm)
        zlo, zhi = self._fixed_zlim or self._fit_zlim(g)
        x0, x1 = float(g["x"][0]), float(g["x"][-1])
        artists: dict[str, Any] = {}
        with style.context():
            if ax is None:
                import matplotlib.pyplot as plt

                w_in = self.AX_WIDTH_IN
                h_in = w_in * (zhi - zlo) / (x1 - x0)
                left, right, bottom, top = self.MARGINS_IN
                fig = plt.figure(figsize=(left + w_in + right, bottom + h_in + top))
                W, H = fig.get_size_inches()
                ax = fig.add_axes((left / W, bottom / H, w_in / W, h_in / H))
            else:
                fig = ax.figure
            ax.set_aspect("equal", adjustable="box")
            ax.set_xlim(x0, x1)
            ax.set_ylim(zlo, zhi)
            for side in ("left", "top", "right"):
                ax.spines[side].set_visible(False)
            ax.set_yticks([])
            ax.set_xlabel("← midline    distance from the midline (mm)    lateral →", fontsize=style.SMALL_SIZE)
            ax.tick_params(labelsize=style.SMALL_SIZE)

            def band(role, z=1):
                # Before matplotlib 3.10 the hatch takes the edge colour, which is
                # the same colour here; `hatchcolor` exists only from 3.10 on.
                extra = {"hatchcolor": style.edge(role)} if _HATCHCOLOR else {}
                poly = Polygon(
                    np.zeros((4, 2)),
                    closed=True,
                    facecolor=style.color(role),
                    edgecolor=style.edge(role),
                    hatch=style.hatch(role),
                    linewidth=0.0,
                    zorder=z,
                    **extra,
                )
                return ax.add_patch(poly)

            artists["bone"] = band("bone")
            artists["muscle"] = band("muscle")
            artists["bed"] = band("bed")
            artists["fat_deep"] = band("fat_deep")
            artists["fat_superficial"] = band("fat_superficial")
            artists["lipo"] = band("lipo", 2)
            artists["lipo"].set_linewidth(1.4)
            artists["lipo"].set_linestyle((0, (3, 2)))
            artists["dermis"] = band("dermis", 2)
            fascia = dict(color=style.color("fascia"), lw=2.0, zorder=3)
            (artists["deep_fascia"],) = ax.plot([], [], **fascia)
            (artists["superficial_fascia"],) = ax.plot([], [], **fascia)
            (artists["bone_edge"],) = ax.plot([], [], color=style.edge("bone"), lw=1.6, zorder=3)
            artists["ligament"] = ax.add_patch(
                Polygon(
                    np.zeros((4, 2)),
                    closed=True,
                    facecolor=style.color("ligament"),
                    edgecolor=style.color("ligament"),
                    linewidth=1.0,
                    joinstyle="round",
                    zorder=4,
                )
            )
            (artists["skin"],) = ax.plot([], [], color=style.color("skin"), lw=2.4, zorder=5)
            # Text with separate arrows and leader lines rather than annotations: an
            # annotation clips its arrow at the text box by bisection on every draw
            # (5 ms each), too slow for an app that moves a dozen labels per update.
            artists["pit_marker"] = ax.text(
                0,
                0,
                "",
                ha="center",
                va="bottom",
                fontsize=style.SMALL_SIZE,
                color=style.color("highlight"),
                fontweight="bold",
                zorder=7,
                clip_on=False,
            )
            artists["pit_arrow"] = ax.add_patch(
                FancyArrowPatch(
                    (0, 0),
                    (0, 1),
                    arrowstyle="-|>,head_length=0.5,head_width=0.3",
                    mutation_scale=10,
                    color=style.color("highlight"),
                    lw=1.8,
                    shrinkA=0,
                    shrinkB=0,
                    zorder=7,
                    clip_on=False,
                )
            )
            artists["psis_label"] = ax.text(
                0, 0, "PSIS", ha="center", va="top", fontsize=style.SMALL_SIZE, fontweight="bold", zorder=6
            )
            artists["title"] = ax.text(
                0.5,
                1.0,
                "",
                transform=ax.transAxes,
                ha="center",
                va="bottom",
                fontsize=style.TITLE_SIZE,
                fontweight="bold",
            )
            # scale bar (equal aspect, so one bar serves both directions)
            (artists["scale_bar"],) = ax.plot(
                [], [], color=style.color("text"), lw=3.5, solid_capstyle="butt", zorder=6
            )
            artists["scale_text"] = ax.text(
                0, 0, "10 mm", ha="center", va="bottom", fontsize=style.SMALL_SIZE, zorder=6
            )
            # labels: right column for the layers, left column for ligament and lipo
            tr = blended_transform_factory(ax.transAxes, ax.transData)
            self._labels: dict[str, Any] = {}
            self._leaders: dict[str, Any] = {}
            if self._labels_on:
                colors = {
                    "superficial_fascia": style.color("fascia"),
                    "deep_fascia": style.color("fascia"),
                    "ligament": style.color("ligament"),
                    "lipo": style.edge("lipo"),
                }
                for key in self._LABEL_KEYS + ("ligament", "lipo"):
                    right = key not in ("ligament", "lipo")
                    self._labels[key] = ax.text(
                        1.03 if right else -0.03,
                        0,
                        "",
                        transform=tr,
                        ha="left" if right else "right",
                        va="center",
                        fontsize=style.SMALL_SIZE,
                        color=colors.get(key, style.color("text")),
                        clip_on=False,
                        zorder=7,
                    )
                    (self._leaders[key],) = ax.plot(
                        [], [], color=style.color("text"), lw=1.0, zorder=7, clip_on=False, solid_capstyle="butt"
                    )
            artists["labels"] = self._labels
            artists["leaders"] = self._leaders
        super().__init__(fig, ax, "", artists)
        self.update(result)

    _LABEL_KEYS = (
        "skin",
        "dermis",
        "fat_superficial",
        "superficial_fascia",
        "fat_deep",
        "bed",
        "deep_fascia",
        "muscle",
        "bone",
    )

    def changing_artists(self) -> list:
        """Every layer, line and label of the section, and the axes spines."""
        return _in_drawing_order([self.artists, list(self.ax.spines.values())])

    @staticmethod
    def _fit_zlim(g) -> tuple[float, float]:
        lo = float(g["tip"]) - PSIS_PROMINENCE_MM - 3.0
        hi = float(np.max(g["skin"])) + 8.0
        return lo, hi

    def update(self, result) -> None:
        """Move every artist to show ``result`` (no artists created or removed).

        Parameters
        ----------
        result : Result
            A model result (any parameters; the dimple spacing may change too).
        """
        result = _check_result(result)
        g = section_geometry(result, self.half_width_mm)
        self.geometry = g
        self.result = result
        a = self.artists
        ax = self.ax
        x = g["x"]
        x0, x1 = float(x[0]), float(x[-1])
        zlo, zhi = self._fixed_zlim or self._fit_zlim(g)
        ax.set_ylim(zlo, zhi)
        ax.set_xlim(x0, x1)
        bottom = np.full_like(x, zlo - 5.0)
        a["bone"].set_xy(_band(x, bottom, g["bone"]))
        a["bone_edge"].set_data(x, g["bone"])
        a["muscle"].set_xy(_band(x, g["bone"], g["deep_fascia"]))
        a["bed"].set_xy(_band(x, g["deep_fascia"], g["bed_top"]))
        a["fat_deep"].set_xy(_band(x, g["bed_top"], g["insertion"]))
        a["fat_superficial"].set_xy(_band(x, g["insertion"], g["fat_top"]))
        a["dermis"].set_xy(_band(x, g["fat_top"], g["skin"]))
        has_lipo = bool(np.max(g["lipo"]) > 0.05)
        if has_lipo:
            m = g["lipo"] > 0.01 * float(np.max(g["lipo"]))
            a["lipo"].set_xy(_band(x[m], g["lipo_bottom"][m], g["fat_top"][m]))
        a["lipo"].set_visible(has_lipo)
        a["deep_fascia"].set_data(x, g["deep_fascia"])
        a["superficial_fascia"].set_data(x, g["insertion"])
        a["skin"].set_data(x, g["skin"])
        has_lig = g["ligament_xy"] is not None
        if has_lig:
            a["ligament"].set_xy(g["ligament_xy"])
        a["ligament"].set_visible(has_lig)
        xp = g["x_psis"]
        a["psis_label"].set_position((xp, g["tip"] - 1.0))
        z_skin_psis = float(np.interp(xp, x, g["skin"]))
        z_text = max(z_skin_psis + 2.5, float(np.max(g["skin"])) + 1.0)
        a["pit_marker"].set_text(f"pit {_fmt_depth(result.depth_mm)} mm")
        a["pit_marker"].set_position((xp, z_text))
        a["pit_marker"].set_visible(float(result.depth_mm) >= 0.005)
        a["pit_arrow"].set_positions((xp, z_text - 0.3), (xp, z_skin_psis + 0.2))
        a["pit_arrow"].set_visible(float(result.depth_mm) >= 0.005)
        # scale bar in the air above the skin, at the left
        zb = 0.5 * (zhi + float(np.max(g["skin"][: max(len(x) // 4, 1)])))
        a["scale_bar"].set_data([x0 + 3, x0 + 13], [zb, zb])
        a["scale_text"].set_position((x0 + 8, zb + 0.5))
        p = result.params
        a["title"].set_text(
            f"{_fmt_mm(p.fat_mm)} mm of fat over the PSIS"
            + ("" if has_lig else ", no ligament")
            + (f", {_fmt_mm(p.lipo_depth_mm)} mm lipo" if has_lipo else "")
            + ("\nno pit" if float(result.depth_mm) < 0.005 else f"\npit {_fmt_depth(result.depth_mm)} mm deep")
            + (f" · {verdict(result)}" if self.show_verdict else "")
        )
        a["title"].set_color(style.color("highlight") if result.visible and self.show_verdict else style.color("text"))
        if self._labels_on:
            self._place_labels(g, has_lig, has_lipo, zlo, zhi)
        self.alt_text = self._alt(result, g, has_lig, has_lipo, self.show_verdict)

    def _place_labels(self, g, has_lig, has_lipo, zlo, zhi) -> None:
        ax = self.ax
        x = g["x"]
        k = len(x) - 4  # anchor the leaders a little inside the right edge
        xa = float(x[k])
        t_s, t_d = g["superficial_mm"], g["deep_mm"]

        def mid(lo, hi):
            return 0.5 * (float(lo[k]) + float(hi[k]))

        entries = [
            ("skin", "skin surface", float(g["skin"][k])),
            ("dermis", f"dermis {_fmt_mm(g['dermis_mm'])} mm", mid(g["fat_top"], g["skin"])),
        ]
        if t_s >= 0.05:
            entries.append(("fat_superficial", f"superficial fat {_fmt_mm(t_s)} mm", mid(g["insertion"], g["fat_top"])))
        text = "superficial fascia\n(tether insertion level)" if has_lig else "superficial fascia"
        entries.append(("superficial_fascia", text, float(g["insertion"][k])))
        if t_d >= 0.05:
            entries.append(("fat_deep", f"deep fat {_fmt_mm(t_d)} mm", mid(g["bed_top"], g["insertion"])))
        entries.append(("bed", f"soft bed {_fmt_mm(g['bed_mm'])} mm", mid(g["deep_fascia"], g["bed_top"])))
        entries.append(("deep_fascia", "deep fascia", float(g["deep_fascia"][k])))
        entries.append(("muscle", "muscle", mid(g["bone"], g["deep_fascia"])))
        entries.append(("bone", "bone (ilium)", 0.5 * (float(g["bone"][k]) + zlo)))
        # heights of the labels in data units, from the current axes size
        fig = ax.figure
        h_in = ax.get_position().height * fig.get_size_inches()[1]
        line = (style.SMALL_SIZE * 1.25 / 72.0) * (zhi - zlo) / max(h_in, 1e-6)
        heights = np.array([line * (e[1].count("\n") + 1) for e in entries])
        gaps = np.concatenate([[0.0], 0.5 * (heights[1:] + heights[:-1]) + 0.15 * line])
        y = _spread_var([e[2] for e in entries], gaps, zlo + 0.5 * heights[-1], zhi - 0.5 * heights[0])
        # leader lines end 3 points short of their label (in data x: the x limits are fixed)
        w_pt = max(ax.get_position().width * fig.get_size_inches()[0] * 72.0, 1e-6)
        x0, x1 = ax.get_xlim()

        def x_at(frac):
            return x0 + frac * (x1 - x0)

        gap = 3.0 / w_pt
        shown = set()
        for (key, text, z), yy in zip(entries, y, strict=True):
            lab = self._labels[key]
            lab.set_text(text)
            lab.set_position((1.03, yy))
            lab.set_visible(True)
            self._leaders[key].set_data([xa, x_at(1.03 - gap)], [z, yy])
            self._leaders[key].set_visible(True)
            shown.add(key)
        for key in self._LABEL_KEYS:
            if key not in shown:
                self._labels[key].set_visible(False)
                self._leaders[key].set_visible(False)
        # left column: ligament and removed fat
        xp, j = g["x_psis"], g["j_psis"]
        lig = self._labels["ligament"]
        lig.set_text("tether (PSIS to\nsuperficial fascia)")
        z_lig = 0.5 * (g["tip"] + g["insertion_at_psis"])
        y_lig = max(z_lig, zlo + 2 * line)
        lig.set_position((-0.03, y_lig))
        lig.set_visible(has_lig)
        self._leaders["ligament"].set_data([xp - 1.2, x_at(-0.03 + gap)], [z_lig, y_lig])
        self._leaders["ligament"].set_visible(has_lig)
        lip = self._labels["lipo"]
        lip.set_text("fat removed\n(liposculpture)")
        jj = max(j - 5, 0)
        z_lip = 0.5 * (float(g["lipo_bottom"][jj]) + float(g["fat_top"][jj]))
        y_lip = min(float(g["skin"][0]) + 2.0 * line, zhi - line)
        lip.set_position((-0.03, y_lip))
        lip.set_visible(has_lipo)
        self._leaders["lipo"].set_data([float(x[jj]), x_at(-0.03 + gap)], [z_lip, y_lip])
        self._leaders["lipo"].set_visible(has_lipo)

    @staticmethod
    def _alt(result, g, has_lig, has_lipo, show_verdict: bool = True) -> str:
        p = result.params
        layers = ["the PSIS", "muscle", "deep fascia", f"a {_fmt_mm(g['bed_mm'])} mm soft bed"]
        if g["deep_mm"] >= 0.05:
            layers.append(f"{_fmt_mm(g['deep_mm'])} mm of deep fat")
        layers.append("the superficial fascia (the tether's insertion level)" if has_lig else "the superficial fascia")
        if g["superficial_mm"] >= 0.05:
            layers.append(f"{_fmt_mm(g['superficial_mm'])} mm of superficial fat")
        layers.append(f"{_fmt_mm(g['dermis_mm'])} mm of dermis and the skin")
        parts = [
            f"Cross-section through the right PSIS with {_fmt_mm(p.fat_mm)} mm of fat "
            f"({_fmt_mm(g['superficial_mm'])} mm superficial, {_fmt_mm(g['deep_mm'])} mm deep), drawn to scale. "
            "From the bone outward: " + ", ".join(layers) + "."
        ]
        if has_lig:
            parts.append(
                f" A tether ties the superficial fascia to the PSIS and holds it {result.pull_mm:.1f} mm "
                "below where the surrounding tissue would put it; the fat over it passes a "
                "smoothed pit to the skin."
            )
        else:
            parts.append(" There is no tether: nothing holds the fascia down, and the layers lie evenly over the PSIS.")
        if has_lipo:
            parts.append(
                f" Liposculpture has removed up to {_fmt_mm(p.lipo_depth_mm)} mm of fat over the PSIS (hatched)."
            )
        parts.append(
            f" Pit depth {_fmt_depth(result.depth_mm)} mm, width {result.width_mm:.0f} mm"
            + (f"; {verdict(result)}." if show_verdict else ".")
        )
        return "".join(parts)


def section_zlim(fat_max_mm: float = 40.0, params=None) -> tuple[float, float]:
    """A fixed height range (mm) for cross-sections up to ``fat_max_mm`` of fat.

    Parameters
    ----------
    fat_max_mm : float
        Largest fat thickness the view must fit, mm (default 40, the model's maximum).
    params : Params, optional
        For ``bed_mm`` and ``muscle`` (the largest values are assumed when omitted).

    Returns
    -------
    (float, float)
        ``(low, high)`` heights in mm for ``CrossSection(..., zlim=...)``.
    """
    bed = 20.0 if params is None else float(params.bed_mm)
    muscle = 3.0 if params is None else float(params.muscle)
    lo = -(PSIS_PROMINENCE_MM + 3.0)
    hi = bed + float(fat_max_mm) + anatomy.DERMIS_MM + 3.0 * max(muscle, 0.0) + 7.0
    return lo, hi


def _spread_var(desired, gaps, low, high) -> np.ndarray:
    """Like :func:`_spread` with a gap per label (gap[i] between label i-1 and i)."""
    d = np.asarray(desired, dtype=float)
    n = len(d)
    y = np.clip(d, low, high)
    for _ in range(60):
        for k in range(1, n):
            y[k] = min(y[k], y[k - 1] - gaps[k])
        if y[-1] < low:
            y[-1] = low
        for k in range(n - 2, -1, -1):
            y[k] = max(y[k], y[k + 1] + gaps[k + 1])
        if y[0] > high:
            y[0] = high
        y = 0.7 * y + 0.3 * np.clip(d, low, high)
    for k in range(1, n):
        y[k] = min(y[k], y[k - 1] - gaps[k])
    return y


def cross_section(result, ax=None, **kwargs) -> CrossSection:
    """Draw the cross-section through the right PSIS (see :class:`CrossSection`).

    Parameters
    ----------
    result : Result or Params
        A model result, e.g. ``simulate(Params(fat_mm=8))``; a ``Params`` is
        simulated first.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into.
    **kwargs
        ``half_width_mm``, ``zlim`` and ``labels`` of :class:`CrossSection`.

    Returns
    -------
    CrossSection
        A :class:`Drawing` with ``.update(result)``.
    """
    return CrossSection(result, ax, **kwargs)


# ----------------------------------------------------------------------------
# 3. What the eye sees
# ----------------------------------------------------------------------------


def _resample_periodic(
    field: np.ndarray,
    x_mm: np.ndarray,
    y_mm: np.ndarray,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    shape: tuple[int, int],
) -> np.ndarray:
    """Bilinear samples of a periodic grid field at the centres of an output pixel grid."""
    from scipy.ndimage import map_coordinates

    ny, nx = shape
    dx = float(x_mm[1] - x_mm[0])
    dy = float(y_mm[1] - y_mm[0])
    xs = xlim[0] + (np.arange(nx) + 0.5) * (xlim[1] - xlim[0]) / nx
    ys = ylim[0] + (np.arange(ny) + 0.5) * (ylim[1] - ylim[0]) / ny
    ci = (ys - float(y_mm[0])) / dy
    cj = (xs - float(x_mm[0])) / dx
    CI, CJ = np.meshgrid(ci, cj, indexing="ij")
    return map_coordinates(np.asarray(field, dtype=float), [CI, CJ], order=1, mode="grid-wrap")


def _view_slices(result, xlim, ylim) -> tuple[slice, slice]:
    """Rows and columns of the grid that cover ``xlim`` x ``ylim`` (mm), one pixel beyond."""
    x = np.asarray(result.x_mm, dtype=float)
    y = np.asarray(result.y_mm, dtype=float)
    dx, dy = float(x[1] - x[0]), float(y[1] - y[0])
    c0 = max(int(np.searchsorted(x, xlim[0] - dx, side="left")), 0)
    c1 = min(int(np.searchsorted(x, xlim[1] + dx, side="right")), len(x))
    r0 = max(int(np.searchsorted(y, ylim[0] - dy, side="left")), 0)
    r1 = min(int(np.searchsorted(y, ylim[1] + dy, side="right")), len(y))
    return slice(r0, r1), slice(c0, c1)


def _slice_extent(result, rows: slice, cols: slice) -> tuple[float, float, float, float]:
    """``imshow`` extent (pixel edges, mm) of the grid cut to ``rows``, ``cols``."""
    x = np.asarray(result.x_mm, dtype=float)[cols]
    y = np.asarray(result.y_mm, dtype=float)[rows]
    hx = 0.5 * float(result.x_mm[1] - result.x_mm[0])
    hy = 0.5 * float(result.y_mm[1] - result.y_mm[0])
    return (float(x[0] - hx), float(x[-1] + hx), float(y[0] - hy), float(y[-1] + hy))


def true_size_pixels(width_mm: float, view_distance_m: float) -> int:
    """Pixels a view ``width_mm`` wide needs to look as large as the back does from ``view_distance_m``.

    The view is seen from :data:`venusedu.style.SCREEN_DISTANCE_M` on a screen at 100 % zoom.

    Examples
    --------
    >>> true_size_pixels(256.0, 1.5)      # the default patch seen from 1.5 m
    323
    """
    return max(8, int(round(width_mm * (style.SCREEN_DISTANCE_M / float(view_distance_m)) / style.CSS_PIXEL_MM)))


class ShadedBack(Drawing):
    """What the eye sees: the shaded lower back (``Result.shading``), updatable in place.

    The displayed luminance is proportional to the model's intensity
    (:func:`venusedu.style.luminance_image`: sRGB-encoded and dithered), so
    the picture shows the contrast the model computed. Small marks outside
    the frame point at the dimples, at ``x = ±spacing/2`` and ``y = 0``,
    without covering them; a compass shows where the light comes from.

    Parameters
    ----------
    result : Result
        A model result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into. If omitted, a new figure is made **at true size**:
        its pixels (at :data:`venusedu.style.FIGURE_DPI`) make the patch look,
        from 50 cm on a screen at 100 % zoom, as large as the back does from
        the result's viewing distance; next to it the filtered signal of
        :class:`SignalView` shows what the eye's contrast sensitivity picks out.
    compact : bool
        Small-multiples mode: a two-line title with the panel's value and the
        verdict, no caption.
    title : str, optional
        First title line in compact mode (e.g. ``"fat 6 mm"``).
    view_mm : float, optional
        Half-width of the shown region around the midline, mm (default: the
        whole patch; compact panels show ±90 mm).
    true_size : bool, optional
        Resample the view to true-size pixels (default: True for a new figure).

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> d = ShadedBack(simulate(Params()))
    >>> d.update(simulate(Params(light_elevation_deg=20)))
    >>> d.image_shape[1] == true_size_pixels(256.0, 1.5)
    True
    """

    def __init__(
        self,
        result,
        ax=None,
        *,
        compact: bool = False,
        title: str | None = None,
        view_mm: float | None = None,
        true_size: bool | None = None,
        signal: bool | None = None,
    ):
        result = _check_result(result)
        _check_ax(ax)
        self.compact = bool(compact)
        self.panel_title = title
        self.view_mm = view_mm
        own = ax is None
        self.true_size = own if true_size is None else bool(true_size)
        with_signal = (own and not compact) if signal is None else bool(signal)
        artists: dict[str, Any] = {}
        self.signal_view = None
        self.native_dpi = style.FIGURE_DPI
        with style.context():
            if own:
                import matplotlib.pyplot as plt

                xlim, ylim = self._limits(result)
                ny, nx = self._pixels(result, xlim, ylim)
                dpi = style.FIGURE_DPI
                # whole pixels everywhere: the picture's pixels are the PNG's pixels
                left, gap, right, bottom, top = 130, 230 if with_signal else 0, 180, 170, 135
                panels = 2 if with_signal else 1
                Wp = max(left + panels * nx + gap + right, 830)
                Hp = bottom + max(ny, 290) + top
                fig = plt.figure(figsize=(Wp / dpi, Hp / dpi), dpi=dpi)
                ax = fig.add_axes((left / Wp, bottom / Hp, nx / Wp, ny / Hp))
                if with_signal:
                    ax_sig = fig.add_axes(((left + nx + gap) / Wp, bottom / Hp, nx / Wp, ny / Hp))
                H = Hp / dpi
            else:
                fig = ax.figure
            ax.set_aspect("equal")
            artists["image"] = ax.imshow(
                np.zeros((2, 2, 3), dtype=np.uint8),
                origin="lower",
                interpolation="nearest" if self.true_size else "antialiased",
                zorder=0,
            )
            mark = dict(
                markersize=11 if not compact else 8,
                color=style.color("highlight"),
                markeredgecolor="white",
                markeredgewidth=0.8,
                linestyle="none",
                zorder=3,
                clip_on=False,
            )
            (artists["marks_top"],) = ax.plot([], [], marker="v", **mark)
            (artists["marks_bottom"],) = ax.plot([], [], marker="^", **mark)
            (artists["marks_side"],) = ax.plot([], [], marker="<", **mark)
            if not compact:
                ax.set_xlabel("x, to the right (mm)", fontsize=style.SMALL_SIZE)
                ax.set_ylabel("y, to the head (mm)", fontsize=style.SMALL_SIZE)
            else:
                ax.set_xticks([])
                ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(True)
                spine.set_linewidth(0.8)
                spine.set_color(style.edge("bone"))
            artists["compass"] = ax.add_patch(
                Circle((0, 0), 1.0, facecolor="white", alpha=0.85, edgecolor=style.color("text"), lw=1.2, zorder=4)
            )
            artists["light_arrow"] = ax.add_patch(
                FancyArrowPatch(
                    (0, 0),
                    (1, 1),
                    arrowstyle="simple,head_length=0.9,head_width=0.9,tail_width=0.35",
                    mutation_scale=12 if not compact else 9,
                    shrinkA=0,
                    shrinkB=0,
                    facecolor=style.color("light"),
                    edgecolor=style.color("text"),
                    lw=1.0,
                    zorder=5,
                )
            )
            (artists["sun"],) = ax.plot(
                [],
                [],
                "o",
                markersize=9 if not compact else 7,
                color=style.color("light"),
                markeredgecolor=style.color("text"),
                markeredgewidth=1.2,
                zorder=6,
            )
            artists["note"] = ax.text(
                0.5,
                0.06,
                "",
                transform=ax.transAxes,
                ha="center",
                va="bottom",
                fontsize=style.SMALL_SIZE,
                color=style.color("text"),
                zorder=6,
                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", alpha=0.85, edgecolor="none"),
            )
            if own and not compact:
                artists["title"] = fig.suptitle(
                    "", fontsize=style.TITLE_SIZE, fontweight="bold", x=0.5, y=1 - 0.25 / H, va="top"
                )
                ax.set_title("what the eye sees", fontsize=style.SMALL_SIZE, pad=14)
                artists["caption"] = fig.text(0.5, 0.15 / H, "", ha="center", va="bottom", fontsize=style.SMALL_SIZE)
            else:
                artists["title"] = ax.set_title(
                    "",
                    fontsize=style.TITLE_SIZE if not compact else style.SMALL_SIZE,
                    fontweight="bold",
                    pad=12 if compact else 10,
                )
        super().__init__(fig, ax, "", artists)
        self.exact_pixels = own and self.true_size
        if own and with_signal:
            self.signal_view = SignalView(result, ax_sig, view_mm=view_mm)
        self.update(result)

    def changing_artists(self) -> list:
        """The artists :meth:`update` changes.

        The picture, marks, compass, light, note, title and caption (and the
        spines, which lie over the picture); with the signal map, its artists too.
        """
        keys = (
            "image",
            "marks_top",
            "marks_bottom",
            "marks_side",
            "compass",
            "light_arrow",
            "sun",
            "note",
            "title",
            "caption",
        )
        own = _in_drawing_order([[self.artists.get(k) for k in keys], list(self.ax.spines.values())])
        if self.signal_view is not None:
            own += self.signal_view.changing_artists()
        return own

    # -- geometry --------------------------------------------------------------
    def _limits(self, result) -> tuple[tuple[float, float], tuple[float, float]]:
        x = np.asarray(result.x_mm, dtype=float)
        y = np.asarray(result.y_mm, dtype=float)
        if self.view_mm is not None:
            vx = float(self.view_mm)
            vy = min(vx * 0.6, float(y[-1]))
            if self.true_size:
                # whole pixels: the height follows from a whole number of rows
                nx = true_size_pixels(2 * vx, result.params.view_distance_m)
                ny = max(8, int(round(nx * vy / vx)))
                vy = vx * ny / nx
            return (-vx, vx), (-vy, vy)
        dx = float(x[1] - x[0])
        dy = float(y[1] - y[0])
        return (float(x[0] - dx / 2), float(x[-1] + dx / 2)), (float(y[0] - dy / 2), float(y[-1] + dy / 2))

    def _pixels(self, result, xlim, ylim) -> tuple[int, int]:
        nx = true_size_pixels(xlim[1] - xlim[0], result.params.view_distance_m)
        ny = max(8, int(round(nx * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]))))
        return ny, nx

    @property
    def image_shape(self) -> tuple[int, int]:
        """Shape ``(rows, columns)`` of the displayed image."""
        return tuple(self.artists["image"].get_array().shape[:2])

    def panel_info(self) -> dict[str, Any]:
        """Where the picture is and what it shows, for checks of the committed figures."""
        xlim, ylim = self._limits(self.result)
        r = self.result
        c = self.artists["compass"]
        overlays = [{"circle_mm": [float(c.center[0]), float(c.center[1]), float(c.get_radius())]}]
        note = self.artists["note"]
        if note.get_visible() and note.get_text():
            renderer = self.fig.canvas.get_renderer()
            note.draw(renderer)
            patch = note.get_bbox_patch()
            ext = patch.get_window_extent(renderer) if patch is not None else note.get_window_extent(renderer)
            box = ext.transformed(self.ax.transData.inverted())
            overlays.append({"box_mm": [float(box.x0), float(box.y0), float(box.x1), float(box.y1)]})
        return {
            "params": r.params.as_dict(),
            "xlim_mm": list(xlim),
            "ylim_mm": list(ylim),
            "overlays": overlays,
            "true_size": self.true_size,
            "shape_px": list(self.image_shape),
            "screen_distance_m": style.SCREEN_DISTANCE_M,
            "css_pixel_mm": style.CSS_PIXEL_MM,
            "verdict": r.verdict,
            "linear": bool(r.linear),
            "visibility_index": r.visibility_index,
            "vi_low": r.vi_low,
            "vi_high": r.vi_high,
        }

    # -- update ----------------------------------------------------------------
    def update(self, result) -> None:
        """Show ``result`` in the existing artists (``set_data``, no new artists)."""
        result = _check_result(result)
        self.result = result
        p = result.params
        a = self.artists
        ax = self.ax
        xlim, ylim = self._limits(result)
        if self.true_size:
            shape = self._pixels(result, xlim, ylim)
            intensity = _resample_periodic(result.shading, result.x_mm, result.y_mm, xlim, ylim, shape)
            extent = (xlim[0], xlim[1], ylim[0], ylim[1])
        else:
            # the grid's own pixels, cropped to the view (one pixel beyond it) when there is one
            rows, cols = _view_slices(result, xlim, ylim)
            intensity = np.asarray(result.shading)[rows, cols]
            extent = _slice_extent(result, rows, cols)
        img = a["image"]
        img.set_data(style.luminance_image(intensity))
        img.set_extent(extent)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        x0, x1 = xlim
        y0, y1 = ylim
        half = float(p.dimple_spacing_mm) / 2.0
        pad_y = 0.035 * (y1 - y0)
        pad_x = 0.035 * (x1 - x0)
        a["marks_top"].set_data([-half, half], [y1 + pad_y, y1 + pad_y])
        a["marks_bottom"].set_data([-half, half], [y0 - pad_y, y0 - pad_y])
        a["marks_side"].set_data([x1 + pad_x], [0.0])
        # compass in the top-right corner
        r = (0.085 if not self.compact else 0.075) * (x1 - x0)
        cx, cy = x1 - 1.35 * r, y1 - 1.35 * r
        a["compass"].set_center((cx, cy))
        a["compass"].set_radius(r)
        el, az = float(p.light_elevation_deg), math.radians(float(p.light_azimuth_deg))
        frontal = el >= 89.5
        rim = r * 0.82 * math.cos(math.radians(el)) / max(math.cos(math.radians(5.0)), 1e-9)
        sx, sy = cx + rim * math.cos(az), cy + rim * math.sin(az)
        a["sun"].set_data([sx], [sy])
        a["light_arrow"].set_positions(
            (cx + 0.8 * (sx - cx), cy + 0.8 * (sy - cy)), (cx - 0.55 * (sx - cx), cy - 0.55 * (sy - cy))
        )
        a["light_arrow"].set_visible(not frontal and rim > 0.25 * r)
        a["note"].set_text(_flat_light_note(result))
        a["note"].set_visible(bool(a["note"].get_text()))
        vis = verdict(result)
        if self.compact:
            a["title"].set_text(
                f"{self.panel_title or ''}\n" + vis.replace(", VI", "\nVI").replace(" (slopes", "\n(slopes")
            )
        else:
            a["title"].set_text(f"What the eye sees: {vis}")
            if "caption" in a:
                a["caption"].set_text(
                    f"{_fmt_mm(p.fat_mm)} mm of fat · dimple contrast {100 * result.contrast:.1f} % · "
                    f"{light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}\n"
                    + _true_size_note(p)
                    + " Marks at the frame point at the dimples."
                )
        a["title"].set_color(style.color("highlight") if result.visible and result.linear else style.color("text"))
        if self.signal_view is not None:
            self.signal_view.update(result)
        self.alt_text = self._alt(result, self.true_size, self.signal_view is not None)

    @staticmethod
    def _alt(result, true_size: bool = False, with_signal: bool = False) -> str:
        p = result.params
        ext = float(p.extent_mm)
        if not result.linear:
            state = "are steep pits beyond the range of the model's small-slope theory"
        elif result.verdict == "visible":
            state = "show as shading that stands out from the back"
        elif result.verdict == "borderline":
            state = "are at the edge of what the eye can see"
        else:
            state = "are too faint to see"
        alt = (
            f"Shaded lower back seen from behind, {ext:.0f} mm square, with {_fmt_mm(p.fat_mm)} mm of fat"
            + ("" if p.ligament else " and no ligament")
            + (f" after {_fmt_mm(p.lipo_depth_mm)} mm of liposculpture" if p.lipo_depth_mm > 0 else "")
            + f"; {light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}. "
            f"The dimples over both PSIS, {_fmt_mm(p.dimple_spacing_mm)} mm apart, {state}: "
            f"dimple contrast {100 * result.contrast:.1f} %, {verdict(result)}."
        )
        if true_size:
            alt += f" {_true_size_note(p)}"
        if with_signal:
            alt += (
                " Beside it, a map of what the eye's contrast sensitivity picks out, in threshold "
                f"units: {SignalView.summary(result)}."
            )
        return alt


def _true_size_note(p) -> str:
    return (
        f"Seen from {100 * style.SCREEN_DISTANCE_M:.0f} cm at 100 % zoom, the picture looks as large "
        f"as the back does from {p.view_distance_m:g} m."
    )


def _flat_light_note(result) -> str:
    """A line for views that would otherwise look like a failed, blank image."""
    p = result.params
    if p.light_elevation_deg >= 75.0:
        return "frontal light:\nlittle shading"
    if result.contrast < 0.005 and p.ligament:
        return "the dimples cast almost no shading"
    if not p.ligament and p.lipo_depth_mm == 0.0:
        return "no tether: no dimples"
    return ""


def _threshold_lines(x, y, field) -> list:
    """Lines where ``field`` (rows along ``y``) crosses -1 and +1: a list of (n, 2) arrays in mm."""
    import contourpy

    if not np.abs(field).max() >= 1.0:
        return []
    gen = contourpy.contour_generator(
        x, y, np.asarray(field, dtype=float), name="serial", line_type=contourpy.LineType.Separate
    )
    return [seg for level in (-1.0, 1.0) for seg in gen.lines(level) if len(seg) > 1]


class SignalView(Drawing):
    """What the eye's contrast sensitivity picks out of the dimples (``Result.signal``).

    The dimples' contrast image filtered by the CSF at the viewing distance, in
    threshold units, with a diverging colour map (purple darker, orange
    brighter; safe for colour-blind readers) and dashed contours at ±1: where
    the map passes them, the dimple would be at its detection threshold on a
    plain field (the verdict also accounts for masking by the back's shading).

    Parameters
    ----------
    result : Result
    ax : matplotlib.axes.Axes, optional
    view_mm : float, optional
        Half-width of the shown region, as in :class:`ShadedBack`.
    """

    LIMIT = 3.0

    def __init__(self, result, ax=None, *, view_mm: float | None = None, colorbar: bool = True):
        result = _check_result(result)
        _check_ax(ax)
        self.view_mm = view_mm
        artists: dict[str, Any] = {}
        with style.context():
            fig, ax = _new_figure((5.0, 5.0), ax)
            ax.set_aspect("equal")
            artists["image"] = ax.imshow(
                np.zeros((2, 2)),
                cmap="PuOr_r",
                vmin=-self.LIMIT,
                vmax=self.LIMIT,
                origin="lower",
                interpolation="antialiased",
                zorder=0,
            )
            # the dashed lines at ±1 threshold unit: one collection, new segments on every update
            artists["contours"] = ax.add_collection(
                LineCollection([], colors=[style.color("text")], linewidths=1.2, linestyles="dashed", zorder=2),
                autolim=False,
            )
            ax.set_title("what the eye's filter picks out", fontsize=style.SMALL_SIZE, pad=14)
            ax.set_xlabel("x, to the right (mm)", fontsize=style.SMALL_SIZE)
            ax.set_yticks([])
            artists["note"] = ax.text(
                0.5,
                0.06,
                "",
                transform=ax.transAxes,
                ha="center",
                va="bottom",
                fontsize=style.SMALL_SIZE,
                zorder=6,
                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", alpha=0.85, edgecolor="none"),
            )
            if colorbar:
                # Placed in the image's axes coordinates (as high as the image): a colour
                # bar placed by fig.colorbar(ax=...) has another width from one matplotlib
                # release to the next (3.7 and 3.11 differ by 2 pt).
                cax = ax.inset_axes((1.04, 0.0, 0.045, 1.0))
                cb = fig.colorbar(artists["image"], cax=cax, ticks=[-3, -1, 0, 1, 3])
                cb.set_label("filtered contrast (threshold units)", fontsize=style.SMALL_SIZE)
                cb.ax.tick_params(labelsize=style.SMALL_SIZE)
                artists["colorbar"] = cb
        super().__init__(fig, ax, "", artists)
        self.update(result)

    def changing_artists(self) -> list:
        """The map, its threshold lines, the note and the spines."""
        a = self.artists
        return _in_drawing_order([a["image"], a["contours"], a["note"], list(self.ax.spines.values())])

    def update(self, result) -> None:
        """Show ``result``'s filtered signal (the contour lines are redrawn)."""
        result = _check_result(result)
        self.result = result
        a = self.artists
        if self.view_mm is not None:
            vx = float(self.view_mm)
            vy = min(vx * 0.6, float(result.y_mm[-1]))
            self.ax.set_xlim(-vx, vx)
            self.ax.set_ylim(-vy, vy)
        else:
            e = result.image_extent
            self.ax.set_xlim(e[0], e[1])
            self.ax.set_ylim(e[2], e[3])
        # the grid cut to the view (one pixel beyond): the same pixels and lines inside it
        rows, cols = _view_slices(result, self.ax.get_xlim(), self.ax.get_ylim())
        sig = np.asarray(result.signal)[rows, cols]
        a["image"].set_data(sig)
        a["image"].set_extent(_slice_extent(result, rows, cols))
        a["contours"].set_segments(_threshold_lines(np.asarray(result.x_mm)[cols], np.asarray(result.y_mm)[rows], sig))
        a["note"].set_text("" if np.abs(sig).max() >= 1.0 else "nothing reaches\nthe threshold")
        a["note"].set_visible(np.abs(sig).max() < 1.0)
        self.alt_text = (
            "Map of what the eye's contrast sensitivity picks out of the dimples: " + self.summary(result) + "."
        )

    @staticmethod
    def summary(result) -> str:
        """The strongest response of the signal map, as a multiple of the threshold, in words."""
        peak = float(np.abs(np.asarray(result.signal)).max())
        if peak == 0.0:
            return "nothing at all (no dimple)"
        return f"the strongest response is {format_vi(peak)} times the detection threshold" + (
            f", reduced {result.masking:.1f} times by the back's own shading" if result.masking > 1.05 else ""
        )


def shaded_back(result, ax=None, **kwargs) -> ShadedBack:
    """Draw what the eye sees: the shaded lower back (see :class:`ShadedBack`).

    Parameters
    ----------
    result : Result
        A model result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into.
    **kwargs
        ``compact``, ``title`` and ``view_mm`` of :class:`ShadedBack`.

    Returns
    -------
    ShadedBack
        A :class:`Drawing` with ``.update(result)``.
    """
    return ShadedBack(result, ax, **kwargs)


# ----------------------------------------------------------------------------
# 4. Small multiples
# ----------------------------------------------------------------------------


def _check_values(values, name: str) -> tuple[float, ...]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    out = tuple(values)
    if not out:
        raise ValueError(f"{name} must hold at least one value")
    for v in out:
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError(f"{name} must hold numbers, got {v!r} ({type(v).__name__})")
    return out


def _validated(params, field: str, values) -> list:
    """One Params per value; ``Params`` refuses invalid values (ValueError/TypeError naming the field)."""
    return [dataclasses.replace(params, **{field: v}) for v in values]


class SmallMultiples(Drawing):
    """Panels of the shaded back across the values of one parameter (:func:`small_multiples_fat`).

    Attributes
    ----------
    results : list of Result
        The result drawn in each panel.
    panels : list of ShadedBack
        The panels, left to right.
    native_dpi : float
        The resolution the figure is laid out for.
    exact_pixels : bool
        True when the pictures' pixels are the saved PNG's pixels (a figure of its own).
    """

    results: list[Result]
    panels: list[ShadedBack]
    native_dpi: float
    exact_pixels: bool


def _small_multiples(plist, values, titles, suptitle: str, alt_intro: str, ax) -> SmallMultiples:
    """Panels of the shaded back at true size, and under each what the eye's filter picks out."""
    results = [simulate(p) for p in plist]
    view = 90.0
    fig: Figure | SubFigure
    with style.context():
        if ax is None:
            import matplotlib.pyplot as plt

            n = len(values)
            dpi = style.FIGURE_DPI
            nx = true_size_pixels(2 * view, plist[0].view_distance_m)
            ny = max(8, int(round(nx * 0.6)))
            # whole pixels everywhere: the pictures' pixels are the PNG's pixels
            bottom: float  # pixels, then inches
            gap, left, right, top, mid, bottom = 55, 30, 55, 190, 80, 25
            Wp = left + n * nx + (n - 1) * gap + right
            Hp = top + 2 * ny + mid + bottom
            fig = plt.figure(figsize=(Wp / dpi, Hp / dpi), dpi=dpi)
            axes, sig_axes = [], []
            for k in range(n):
                x = left + k * (nx + gap)
                axes.append(fig.add_axes((x / Wp, (bottom + ny + mid) / Hp, nx / Wp, ny / Hp)))
                sig_axes.append(fig.add_axes((x / Wp, bottom / Hp, nx / Wp, ny / Hp)))
            true_size = True
            h_panel, bottom, H = ny / dpi, bottom / dpi, Hp / dpi
        else:
            axes = list(np.asarray(ax, dtype=object).ravel())
            if len(axes) != len(values) or not all(isinstance(a, Axes) for a in axes):
                raise TypeError(f"ax must be None or a sequence of {len(values)} matplotlib Axes")
            fig = axes[0].figure
            sig_axes = []
            true_size = False
        panels = [
            ShadedBack(r, a, compact=True, title=t, view_mm=view, true_size=true_size, signal=False)
            for r, a, t in zip(results, axes, titles, strict=True)
        ]
        signals = []
        for r, a in zip(results, sig_axes, strict=False):
            sv = SignalView(r, a, view_mm=view, colorbar=False)
            a.set_title("")
            a.set_xticks([])
            a.set_xlabel("")
            for spine in a.spines.values():
                spine.set_visible(True)
                spine.set_linewidth(0.8)
                spine.set_color(style.edge("bone"))
            signals.append(sv)
        fig.suptitle(suptitle, fontsize=style.TITLE_SIZE, fontweight="bold", y=0.985, va="top")
        if sig_axes:
            fig.text(
                0.5,
                (bottom + h_panel + 0.12) / H,
                "below: what the eye's filter picks out (dashed: at threshold on a plain field)",
                ha="center",
                va="bottom",
                fontsize=style.SMALL_SIZE,
            )
    items = "; ".join(f"{t[0].upper()}{t[1:]}: {verdict(r)}" for t, r in zip(titles, results, strict=True))
    alt = f"{alt_intro} {items}."
    if panels and panels[0].true_size:
        alt += (
            " "
            + _true_size_note(plist[0])
            + " Under each panel, a map of what the eye's contrast sensitivity picks out."
        )
    d = SmallMultiples(fig, np.asarray(axes, dtype=object), alt, {"panels": panels, "signals": signals})
    d.results = results
    d.panels = panels
    d.native_dpi = style.FIGURE_DPI
    d.exact_pixels = bool(sig_axes)
    return d


def small_multiples_fat(fat_values_mm: Sequence[float] = DEFAULT_FAT_VALUES_MM, params=None, ax=None) -> Drawing:
    """The shaded lower back across fat thicknesses, one panel each.

    Parameters
    ----------
    fat_values_mm : sequence of float
        Fat over the PSIS for each panel, mm (each must be a valid
        ``Params.fat_mm``, 1--40 mm).
    params : Params, optional
        Everything else (default: the model defaults).
    ax : sequence of Axes, optional
        One axes per panel; a new figure if omitted.

    Returns
    -------
    Drawing
        With ``.results`` (one Result per panel) and ``.panels``
        (:class:`ShadedBack` objects). Each panel is titled with its fat and VI.

    Raises
    ------
    TypeError
        ``fat_values_mm`` is not a sequence of numbers, or ``params`` is not a Params.
    ValueError
        A fat value outside the model's range (raised by ``Params``).
    """
    p = _check_params(params)
    values = _check_values(fat_values_mm, "fat_values_mm")
    plist = _validated(p, "fat_mm", values)
    titles = [f"fat {_fmt_mm(v)} mm" for v in values]
    sup = "More fat hides the dimples: " + light_in_words(p.light_elevation_deg, p.light_azimuth_deg).split(":")[0]
    intro = (
        f"{len(values)} panels of the shaded lower back seen from behind that differ only in the "
        f"fat over the PSIS; {light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}."
    )
    return _small_multiples(plist, values, titles, sup, intro, ax)


def small_multiples_light(elevations_deg: Sequence[float] = DEFAULT_ELEVATIONS_DEG, params=None, ax=None) -> Drawing:
    """The shaded lower back across light elevations, one panel each.

    Parameters
    ----------
    elevations_deg : sequence of float
        Light elevation above the skin for each panel, degrees (5--90).
    params : Params, optional
        Everything else (default: the model defaults, 8 mm of fat).
    ax : sequence of Axes, optional
        One axes per panel; a new figure if omitted.

    Returns
    -------
    Drawing
        With ``.results`` and ``.panels``; each panel is titled with its
        elevation and VI.

    Raises
    ------
    TypeError
        ``elevations_deg`` is not a sequence of numbers, or ``params`` is not a Params.
    ValueError
        An elevation outside the model's range (raised by ``Params``).
    """
    p = _check_params(params)
    values = _check_values(elevations_deg, "elevations_deg")
    plist = _validated(p, "light_elevation_deg", values)
    titles = [f"light {v:.0f}° above skin" for v in values]
    words = light_in_words(45.0, p.light_azimuth_deg).split(" (")[0]
    sup = f"Low light reveals the dimples: {_fmt_mm(p.fat_mm)} mm of fat, {words}"
    intro = (
        f"{len(values)} panels of the shaded lower back seen from behind, with {_fmt_mm(p.fat_mm)} mm "
        f"of fat, that differ only in how high the light stands above the skin "
        f"(azimuth {float(p.light_azimuth_deg) % 360:.0f}°)."
    )
    return _small_multiples(plist, values, titles, sup, intro, ax)
