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
from typing import Any, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, PathPatch, Polygon
from matplotlib.path import Path
from matplotlib.transforms import blended_transform_factory

from . import anatomy, style
from .model import Result, simulate
from .params import Params

__all__ = [
    "Drawing",
    "CrossSection",
    "section_geometry",
    "section_zlim",
    "ShadedBack",
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
            f"{name} must be a venusedu.Params (or None for the defaults), "
            f"got {type(params).__name__}: {params!r}"
        )
    return params


def _check_result(result, name: str = "result"):
    """Return ``result`` as a Result: a Params is simulated, anything else refused."""
    if isinstance(result, Params):
        return simulate(result)
    if not isinstance(result, Result):
        raise TypeError(
            f"{name} must be a venusedu Result from venusedu.simulate(params), or a Params, "
            f"got {type(result).__name__}"
        )
    return result


def _check_ax(ax, name: str = "ax"):
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def format_vi(vi: float) -> str:
    """Visibility index as printed on figures and in alt text.

    Two significant digits below 10, whole numbers above.

    Examples
    --------
    >>> format_vi(2.345), format_vi(0.4249), format_vi(0.0), format_vi(12.6)
    ('2.3', '0.42', '0', '13')
    """
    vi = float(vi)
    if vi == 0.0:
        return "0"
    if vi >= 10.0:
        return f"{vi:.0f}"
    if vi >= 1.0:
        return f"{vi:.1f}"
    if vi >= 0.01:
        return f"{vi:.2f}"
    return f"{vi:.1g}"


def verdict(result) -> str:
    """``"visible, VI = 2.3"`` or ``"not visible, VI = 0.42"``."""
    word = "visible" if bool(result.visible) else "not visible"
    return f"{word}, VI = {format_vi(result.visibility_index)}"


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


def posterior_view(params=None, ax=None) -> Drawing:
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
        Axes to draw into; a new 14 × 9.5 inch figure if omitted.

    Returns
    -------
    Drawing
        ``.fig``, ``.ax``, ``.alt_text``, ``.artists`` (keys include
        ``"rhombus"``, ``"dimple_left"``, ``"dimple_right"``, ``"labels"``).

    Raises
    ------
    TypeError
        ``params`` is not a Params, or ``ax`` is not an Axes.

    Examples
    --------
    >>> d = posterior_view()
    >>> "100 mm apart" in d.alt_text
    True
    """
    p = _check_params(params)
    _check_ax(ax)
    spacing = float(p.dimple_spacing_mm)
    outlines, marks = anatomy.posterior_anatomy(spacing)
    half = spacing / 2.0
    s = spacing / anatomy.REFERENCE_SPACING_MM
    k = max(1.0, s)  # the skin (and so the whole view) grows above the reference spacing
    artists: dict[str, Any] = {}
    with style.context():
        fig, ax = _new_figure((15.0, 8.7), ax)
        ax.set_aspect("equal")
        ax.set_xlim(-400 * k, 350 * k)
        ax.set_ylim(-205 * k, 236 * k)
        ax.set_axis_off()

        # body and skin
        artists["body"] = ax.add_patch(PathPatch(_path(outlines["body"]), facecolor=style.color("body"),
                                                 edgecolor="none", zorder=0))
        # bones
        bone_kw = dict(facecolor=style.color("bone"), edgecolor=style.edge("bone"), linewidth=1.4)
        for side in ("left", "right"):
            artists[f"hip_{side}"] = ax.add_patch(PathPatch(
                _path(outlines[f"hip_{side}"], [outlines[f"obturator_{side}"]]), zorder=1, **bone_kw))
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
            artists[f"si_joint_{side}"] = ax.add_patch(PathPatch(
                Path(o.vertices, o.codes), facecolor="none", edgecolor=style.edge("bone"),
                linewidth=2.2, linestyle=(0, (4, 2.5)), zorder=3))
        # skin lines
        for key in ("skin_flank_left", "skin_flank_right", "gluteal_cleft",
                    "gluteal_fold_left", "gluteal_fold_right"):
            o = outlines[key]
            artists[key] = ax.add_patch(PathPatch(Path(o.vertices, o.codes), facecolor="none",
                                                  edgecolor=style.color("skin"), linewidth=2.4,
                                                  capstyle="round", zorder=4))
        # dimples: soft shadows over the PSIS
        for side, x in (("left", -half), ("right", half)):
            shadows = []
            for rx, ry in ((17, 14), (13, 11), (9.5, 8), (6, 5), (3.5, 3)):
                shadows.append(ax.add_patch(Ellipse((x, 0.0), 2 * rx, 2 * ry, facecolor=style.color("text"),
                                                    edgecolor="none", alpha=0.10, zorder=5)))
            artists[f"dimple_{side}"] = shadows
        # Michaelis rhombus
        corners = anatomy.rhombus_corners(spacing)
        rh = np.array([corners[k] for k in ("upper", "right", "lower", "left")])
        artists["rhombus"] = ax.add_patch(Polygon(rh, closed=True, facecolor="none",
                                                  edgecolor=style.color("highlight"), linewidth=2.6,
                                                  linestyle=(0, (6, 3)), zorder=6))
        ax.plot(rh[:, 0], rh[:, 1], "o", color=style.color("highlight"), markersize=9,
                markeredgecolor="white", markeredgewidth=1.5, zorder=7)
        # PSIS points on the bone
        psis = np.array([marks["psis_left"], marks["psis_right"]])
        ax.plot(psis[:, 0], psis[:, 1], "+", color=style.edge("bone"), markersize=14,
                markeredgewidth=2.2, zorder=7)

        # labels, placed in two columns with leader lines
        labels = []
        lab = dict(fontsize=style.SMALL_SIZE + 1, va="center")

        def label(text, xy, xytext, ha, color=None, weight="normal"):
            a = ax.annotate(text, xy=xy, xytext=xytext, ha=ha, color=color or style.color("text"),
                            fontweight=weight, zorder=9,
                            arrowprops=dict(arrowstyle="-", color=color or style.color("text"),
                                            lw=1.2, shrinkA=4, shrinkB=3), **lab)
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
        label("dimple over the PSIS\n(fossa lumbalis lateralis),\n" + f"{_fmt_mm(half)} mm from the midline",
              (-half - 6, 2), (xl, 38 * k), "right", hl, "bold")
        label("S2 spinous process\n(level of the PSIS)", (-5, 0), (xl, -36 * k), "right")
        label("lower corner:\ntop of the gluteal cleft", corners["lower"], (xl, -96 * k), "right", hl)
        flank = outlines["skin_flank_left"].vertices
        fy = np.argmin(np.abs(flank[:, 1] + 100 * k))
        label("skin outline", (flank[fy, 0], flank[fy, 1]), (xl, -150 * k), "right")
        artists["labels"] = labels
        ax.text(-25 * k, 232 * k, f"Dimples of Venus seen from behind: {_fmt_mm(spacing)} mm apart, over the PSIS",
                ha="center", va="top", fontsize=style.TITLE_SIZE, fontweight="bold")

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

#: Visible length of the ligament between the PSIS and the superficial fascia
#: when nothing stretches it, mm (schematic: "a short ligament").
LIGAMENT_MM = 3.0
#: Height of the PSIS above the surrounding bone, mm (schematic).
PSIS_PROMINENCE_MM = 9.0


def _psis_row(result) -> int:
    return int(np.argmin(np.abs(np.asarray(result.y_mm, dtype=float))))


def section_geometry(result, half_width_mm: float = 45.0) -> dict[str, Any]:
    """Heights of the layers along the section through the right PSIS (mm).

    From the model: the muscle relief ``b`` (``Result.muscle_mm``, the base of
    the fat), the superficial-fascia displacement ``−Γ``
    (``Result.insertion_mm``), the fat removed by liposculpture
    (``Result.lipo_mm``) and the skin surface (``Result.surface_mm``), all on
    the row ``y = 0``. Heights are measured outward from the base level of
    the fat, so the top of the fat is ``fat_mm + surface_mm``.

    Schematic, not computed by the model: the bone. The PSIS tip sits
    ``pin_depth_mm`` + :data:`LIGAMENT_MM` below the base level (so it does
    not move when fat, lighting or the ligament change) and the bone falls
    away by :data:`PSIS_PROMINENCE_MM` on either side. With the ligament the
    deep fascia follows the pinned insertion (its dip is the pin shape scaled
    to the pin depth, so the deep fat keeps its thickness ``(1 − f_s)·t``
    except where the pin compresses it) and opens into a narrow slot for the
    ligament; without it the deep fascia dips over the PSIS tip and fat fills
    that small hollow.

    Parameters
    ----------
    result : Result
        A model result.
    half_width_mm : float
        Half the width of the section around the PSIS, mm.

    Returns
    -------
    dict
        ``x`` (mm from the midline) and heights (mm, outward positive):
        ``bone``, ``deep_fascia``, ``insertion`` (superficial fascia),
        ``fat_top``, ``skin`` (outer skin surface), ``skin_ref`` (skin without
        tether or lipo), ``lipo`` (thickness removed), ``lipo_bottom``;
        scalars ``x_psis``, ``tip`` (height of the PSIS tip),
        ``insertion_at_psis``, ``fat_mm``, ``superficial_mm``, ``deep_mm``,
        ``dermis_mm``, ``j_psis`` (index of the PSIS in ``x``) and the
        ligament polygon ``ligament_xy`` (``None`` without a ligament).
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
    t_s = float(p.superficial_fraction) * t
    t_d = t - t_s
    d_p = float(p.pin_depth_mm)
    dermis = anatomy.DERMIS_MM
    j = int(np.argmin(np.abs(x - x_psis)))
    dx = x - x_psis
    b0 = float(np.interp(x_psis, x, b))
    tip = b0 - d_p - LIGAMENT_MM
    w = np.where(dx < 0, 8.0, 11.0)  # the ilium falls away more gently laterally
    bone = tip - PSIS_PROMINENCE_MM * (1.0 - np.exp(-0.5 * (dx / w) ** 2))
    insertion = b + t_d + ins
    amplitude = float(-np.min(ins)) if ins.size else 0.0
    has_lig = bool(p.ligament) and amplitude > 1e-9
    if has_lig:
        g = -ins / amplitude  # the pin shape, 1 at the PSIS
        deep_fascia = b - d_p * g - LIGAMENT_MM * np.exp(-0.5 * (dx / 1.4) ** 2)
    else:
        deep_fascia = b - (d_p + LIGAMENT_MM) * np.exp(-0.5 * (dx / 3.5) ** 2)
    fat_top = t + s
    # the model smooths the muscle relief through the whole fat (T_inc(q t)) but
    # the insertion level is drawn from the raw relief; keep it under the skin
    insertion = np.minimum(insertion, fat_top)
    deep_fascia = np.minimum(np.maximum(deep_fascia, bone), insertion)
    skin = fat_top + dermis
    skin_ref = t + s_ref + dermis
    lipo_bottom = np.maximum(fat_top - lipo, insertion)
    ins_at_psis = float(np.interp(x_psis, x, insertion))
    lig_xy = None
    if has_lig:
        top_l = float(np.interp(x_psis - 1.8, x, insertion))
        top_r = float(np.interp(x_psis + 1.8, x, insertion))
        lig_xy = np.array([[x_psis - 0.9, tip + 0.2], [x_psis + 0.9, tip + 0.2],
                           [x_psis + 1.8, top_r + 0.15], [x_psis - 1.8, top_l + 0.15]])
    return {
        "x": x, "bone": bone, "deep_fascia": deep_fascia, "insertion": insertion,
        "fat_top": fat_top, "skin": skin, "skin_ref": skin_ref, "lipo": lipo,
        "lipo_bottom": lipo_bottom, "x_psis": x_psis, "tip": tip,
        "insertion_at_psis": ins_at_psis, "fat_mm": t, "superficial_mm": t_s,
        "deep_mm": t_d, "dermis_mm": dermis, "j_psis": j, "ligament_xy": lig_xy,
    }


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

    def __init__(self, result, ax=None, *, half_width_mm: float = 45.0, zlim=None, labels: bool = True):
        result = _check_result(result)
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
                poly = Polygon(np.zeros((4, 2)), closed=True, facecolor=style.color(role),
                               edgecolor=style.edge(role), hatch=style.hatch(role),
                               linewidth=0.0, zorder=z, **extra)
                return ax.add_patch(poly)

            artists["bone"] = band("bone")
            artists["muscle"] = band("muscle")
            artists["fat_deep"] = band("fat_deep")
            artists["fat_superficial"] = band("fat_superficial")
            artists["lipo"] = band("lipo", 2)
            artists["lipo"].set_linewidth(1.4)
            artists["lipo"].set_linestyle((0, (3, 2)))
            artists["dermis"] = band("dermis", 2)
            fascia = dict(color=style.color("fascia"), lw=2.0, zorder=3)
            artists["deep_fascia"], = ax.plot([], [], **fascia)
            artists["superficial_fascia"], = ax.plot([], [], **fascia)
            artists["bone_edge"], = ax.plot([], [], color=style.edge("bone"), lw=1.6, zorder=3)
            artists["ligament"] = ax.add_patch(Polygon(np.zeros((4, 2)), closed=True,
                                                       facecolor=style.color("ligament"),
                                                       edgecolor=style.color("ligament"),
                                                       linewidth=1.0, joinstyle="round", zorder=4))
            artists["skin"], = ax.plot([], [], color=style.color("skin"), lw=2.4, zorder=5)
            artists["pit_marker"] = ax.annotate(
                "", xy=(0, 0), xytext=(0, 0), ha="center", va="bottom", fontsize=style.SMALL_SIZE,
                color=style.color("highlight"), fontweight="bold", zorder=7, annotation_clip=False,
                arrowprops=dict(arrowstyle="-|>,head_length=0.5,head_width=0.3", color=style.color("highlight"),
                                lw=1.8, shrinkA=1, shrinkB=1))
            artists["psis_label"] = ax.text(0, 0, "PSIS", ha="center", va="top",
                                            fontsize=style.SMALL_SIZE, fontweight="bold", zorder=6)
            artists["title"] = ax.text(0.5, 1.0, "", transform=ax.transAxes, ha="center", va="bottom",
                                       fontsize=style.TITLE_SIZE, fontweight="bold")
            # scale bar (equal aspect, so one bar serves both directions)
            artists["scale_bar"], = ax.plot([], [], color=style.color("text"), lw=3.5,
                                            solid_capstyle="butt", zorder=6)
            artists["scale_text"] = ax.text(0, 0, "10 mm", ha="center", va="bottom",
                                            fontsize=style.SMALL_SIZE, zorder=6)
            # labels: right column for the layers, left column for ligament and lipo
            tr = blended_transform_factory(ax.transAxes, ax.transData)
            self._labels: dict[str, Any] = {}
            if self._labels_on:
                colors = {"superficial_fascia": style.color("fascia"), "deep_fascia": style.color("fascia"),
                          "ligament": style.color("ligament"), "lipo": style.edge("lipo")}
                for key in self._LABEL_KEYS + ("ligament", "lipo"):
                    right = key not in ("ligament", "lipo")
                    a = ax.annotate("", xy=(0, 0), xytext=(1.03 if right else -0.03, 0),
                                    textcoords=tr, ha="left" if right else "right", va="center",
                                    fontsize=style.SMALL_SIZE, color=colors.get(key, style.color("text")),
                                    annotation_clip=False, zorder=7,
                                    arrowprops=dict(arrowstyle="-", color=style.color("text"), lw=1.0,
                                                    shrinkA=3, shrinkB=0))
                    self._labels[key] = a
            artists["labels"] = self._labels
        super().__init__(fig, ax, "", artists)
        self.update(result)

    _LABEL_KEYS = ("skin", "dermis", "fat_superficial", "superficial_fascia", "fat_deep",
                   "deep_fascia", "muscle", "bone")

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
        a["fat_deep"].set_xy(_band(x, g["deep_fascia"], g["insertion"]))
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
        a["pit_marker"].xy = (xp, z_skin_psis + 0.2)
        a["pit_marker"].set_position((xp, z_text))
        a["pit_marker"].set_visible(float(result.depth_mm) >= 0.005)
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
            + f" · {verdict(result)}"
        )
        a["title"].set_color(style.color("highlight") if result.visible else style.color("text"))
        if self._labels_on:
            self._place_labels(g, has_lig, has_lipo, zlo, zhi)
        self.alt_text = self._alt(result, g, has_lig, has_lipo)

    def _place_labels(self, g, has_lig, has_lipo, zlo, zhi) -> None:
        ax = self.ax
        x = g["x"]
        k = len(x) - 4  # anchor the leaders a little inside the right edge
        xa = float(x[k])
        t_s, t_d = g["superficial_mm"], g["deep_mm"]

        def mid(lo, hi):
            return 0.5 * (float(lo[k]) + float(hi[k]))

        fasciae_together = t_d < 0.05
        entries = [("skin", "skin surface", float(g["skin"][k])),
                   ("dermis", f"dermis {_fmt_mm(g['dermis_mm'])} mm", mid(g["fat_top"], g["skin"]))]
        if t_s >= 0.05:
            entries.append(("fat_superficial", f"superficial fat {_fmt_mm(t_s)} mm",
                            mid(g["insertion"], g["fat_top"])))
        if fasciae_together:
            text = ("superficial fascia (tether\ninsertion) on deep fascia" if has_lig
                    else "superficial fascia\non deep fascia")
        else:
            text = "superficial fascia\n(tether insertion level)" if has_lig else "superficial fascia"
        entries.append(("superficial_fascia", text, float(g["insertion"][k])))
        if not fasciae_together:
            entries.append(("fat_deep", f"deep fat {_fmt_mm(t_d)} mm", mid(g["deep_fascia"], g["insertion"])))
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
        shown = set()
        for (key, text, z), yy in zip(entries, y):
            lab = self._labels[key]
            lab.set_text(text)
            lab.xy = (xa, z)
            lab.set_position((1.03, yy))
            lab.set_visible(True)
            shown.add(key)
        for key in self._LABEL_KEYS:
            if key not in shown:
                self._labels[key].set_visible(False)
        # left column: ligament and removed fat
        xp, j = g["x_psis"], g["j_psis"]
        lig = self._labels["ligament"]
        lig.set_text("ligament\n(PSIS to skin)")
        z_lig = 0.5 * (g["tip"] + g["insertion_at_psis"])
        lig.xy = (xp - 1.2, z_lig)
        lig.set_position((-0.03, max(z_lig, zlo + 2 * line)))
        lig.set_visible(has_lig)
        lip = self._labels["lipo"]
        lip.set_text("fat removed\n(liposculpture)")
        jj = max(j - 5, 0)
        lip.xy = (float(x[jj]), 0.5 * (float(g["lipo_bottom"][jj]) + float(g["fat_top"][jj])))
        lip.set_position((-0.03, min(float(g["skin"][0]) + 2.0 * line, zhi - line)))
        lip.set_visible(has_lipo)

    @staticmethod
    def _alt(result, g, has_lig, has_lipo) -> str:
        p = result.params
        layers = ["the PSIS", "muscle", "deep fascia"]
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
            parts.append(" A short ligament ties the superficial fascia to the PSIS.")
        else:
            parts.append(" There is no ligament: nothing holds the skin down, and fat fills the small hollow over the PSIS.")
        if has_lipo:
            parts.append(f" Liposculpture has removed up to {_fmt_mm(p.lipo_depth_mm)} mm of fat over the PSIS (hatched).")
        parts.append(
            f" Pit depth {_fmt_depth(result.depth_mm)} mm, width {result.width_mm:.0f} mm, "
            f"visibility index {format_vi(result.visibility_index)} "
            f"({'visible' if result.visible else 'not visible'})."
        )
        return "".join(parts)


def section_zlim(fat_max_mm: float = 40.0, params=None) -> tuple[float, float]:
    """A fixed height range (mm) for cross-sections up to ``fat_max_mm`` of fat.

    Parameters
    ----------
    fat_max_mm : float
        Largest fat thickness the view must fit, mm (default 40, the model's maximum).
    params : Params, optional
        For ``pin_depth_mm`` and ``muscle`` (the largest values are assumed when omitted).

    Returns
    -------
    (float, float)
        ``(low, high)`` heights in mm for ``CrossSection(..., zlim=...)``.
    """
    pin = 6.0 if params is None else float(params.pin_depth_mm)
    muscle = 3.0 if params is None else float(params.muscle)
    lo = -(pin + LIGAMENT_MM + PSIS_PROMINENCE_MM + 3.0)
    hi = float(fat_max_mm) + anatomy.DERMIS_MM + 9.0 * max(muscle, 0.0) + 7.0
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


class ShadedBack(Drawing):
    """The shaded lower back (``Result.shading``), updatable in place.

    Grey colormap with fixed limits 0..1 (so brightness means the same in
    every panel), triangles under both dimples, a compass showing where the
    light comes from, the light in words and the visibility verdict.

    Parameters
    ----------
    result : Result
        A model result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure if omitted.
    compact : bool
        Small-multiples mode: a two-line title with the panel's value and VI,
        no caption under the image.
    title : str, optional
        First title line in compact mode (e.g. ``"fat 6 mm"``).
    view_mm : float, optional
        Half-width of the shown region around the midline, mm (default: the
        whole simulated patch; compact panels show ±110 mm).

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> d = ShadedBack(simulate(Params()))
    >>> d.update(simulate(Params(light_elevation_deg=20)))
    """

    def __init__(self, result, ax=None, *, compact: bool = False, title: str | None = None,
                 view_mm: float | None = None):
        result = _check_result(result)
        _check_ax(ax)
        self.compact = bool(compact)
        self.panel_title = title
        self.view_mm = view_mm
        artists: dict[str, Any] = {}
        with style.context():
            if ax is None:
                import matplotlib.pyplot as plt

                fig = plt.figure(figsize=(9.0, 10.2))
                ax = fig.add_axes((0.1, 0.17, 0.84, 0.7))
            else:
                fig = ax.figure
            ax.set_aspect("equal")
            artists["image"] = ax.imshow(np.zeros((2, 2)), cmap="gray", vmin=0.0, vmax=1.0,
                                         origin="lower", interpolation="bilinear", zorder=0)
            tri = dict(marker="^", markersize=12 if not compact else 9, color=style.color("highlight"),
                       markeredgecolor="white", markeredgewidth=1.2, linestyle="none", zorder=3)
            artists["psis_marks"], = ax.plot([], [], **tri)
            if not compact:
                ax.set_xlabel("x, to the right (mm)", fontsize=style.SMALL_SIZE)
                ax.set_ylabel("y, to the head (mm)", fontsize=style.SMALL_SIZE)
                artists["psis_text"] = ax.text(0, 0, "dimples over the PSIS", ha="center", va="top",
                                               fontsize=style.SMALL_SIZE, color="white", zorder=3,
                                               fontweight="bold")
            else:
                ax.set_xticks([])
                ax.set_yticks([])
                for spine in ax.spines.values():
                    spine.set_visible(True)
                    spine.set_linewidth(0.8)
                    spine.set_color(style.edge("bone"))
            # compass: where the light comes from
            artists["compass"] = ax.add_patch(Circle((0, 0), 1.0, facecolor="white", alpha=0.85,
                                                     edgecolor=style.color("text"), lw=1.2, zorder=4))
            artists["light_arrow"] = ax.add_patch(FancyArrowPatch(
                (0, 0), (1, 1), arrowstyle="simple,head_length=0.9,head_width=0.9,tail_width=0.35",
                mutation_scale=14 if not compact else 11, shrinkA=0, shrinkB=0,
                facecolor=style.color("light"), edgecolor=style.color("text"), lw=1.0, zorder=5))
            artists["sun"], = ax.plot([], [], "o", markersize=12 if not compact else 9,
                                      color=style.color("light"), markeredgecolor=style.color("text"),
                                      markeredgewidth=1.2, zorder=6)
            artists["compass_label"] = ax.text(0, 0, "light", ha="center", va="top",
                                               fontsize=style.SMALL_SIZE, zorder=6)
            artists["title"] = ax.set_title("", fontsize=style.TITLE_SIZE if not compact else style.LABEL_SIZE,
                                             fontweight="bold", pad=10)
            if not compact:
                artists["caption"] = ax.text(0.5, -0.13, "", transform=ax.transAxes, ha="center", va="top",
                                             fontsize=style.SMALL_SIZE, wrap=False)
        super().__init__(fig, ax, "", artists)
        self.update(result)

    def update(self, result) -> None:
        """Show ``result`` in the existing artists (``set_data``, no new artists)."""
        result = _check_result(result)
        self.result = result
        p = result.params
        a = self.artists
        ax = self.ax
        x = np.asarray(result.x_mm, dtype=float)
        y = np.asarray(result.y_mm, dtype=float)
        dx = float(x[1] - x[0]) if len(x) > 1 else 1.0
        dy = float(y[1] - y[0]) if len(y) > 1 else 1.0
        img = a["image"]
        img.set_data(np.asarray(result.shading))
        img.set_extent((x[0] - dx / 2, x[-1] + dx / 2, y[0] - dy / 2, y[-1] + dy / 2))
        if self.view_mm is not None:
            vx = float(self.view_mm)
            vy = min(vx * 0.6, float(y[-1]))
            ax.set_xlim(-vx, vx)
            ax.set_ylim(-vy, vy)
        else:
            ax.set_xlim(x[0] - dx / 2, x[-1] + dx / 2)
            ax.set_ylim(y[0] - dy / 2, y[-1] + dy / 2)
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        half = float(p.dimple_spacing_mm) / 2.0
        off = 0.1 * (y1 - y0)
        a["psis_marks"].set_data([-half, half], [-off, -off])
        if "psis_text" in a:
            a["psis_text"].set_position((0.0, -off - 0.04 * (y1 - y0)))
        # compass in the top-right corner
        r = (0.085 if not self.compact else 0.075) * (x1 - x0)
        cx, cy = x1 - 1.35 * r, y1 - 1.35 * r
        a["compass"].set_center((cx, cy))
        a["compass"].set_radius(r)
        el, az = float(p.light_elevation_deg), math.radians(float(p.light_azimuth_deg))
        frontal = el >= 89.5
        # the sun sits on the rim in the direction the light comes from, closer
        # to the centre the higher it stands
        rim = r * 0.82 * math.cos(math.radians(el)) / max(math.cos(math.radians(5.0)), 1e-9)
        sx, sy = cx + rim * math.cos(az), cy + rim * math.sin(az)
        a["sun"].set_data([sx], [sy])
        a["light_arrow"].set_positions((cx + 0.8 * (sx - cx), cy + 0.8 * (sy - cy)),
                                       (cx - 0.55 * (sx - cx), cy - 0.55 * (sy - cy)))
        a["light_arrow"].set_visible(not frontal and rim > 0.25 * r)
        a["compass_label"].set_position((cx, cy - 1.08 * r))
        vis = verdict(result)
        if self.compact:
            a["title"].set_text(f"{self.panel_title or ''}\n{vis}")
        else:
            a["title"].set_text(f"What the eye sees: {vis}")
            a["caption"].set_text(
                f"{_fmt_mm(p.fat_mm)} mm of fat · contrast {100 * result.contrast:.1f} % "
                f"(threshold {100 * result.threshold:.1f} %)\n"
                + light_in_words(p.light_elevation_deg, p.light_azimuth_deg)
            )
        a["title"].set_color(style.color("highlight") if result.visible else style.color("text"))
        self.alt_text = self._alt(result)

    @staticmethod
    def _alt(result) -> str:
        p = result.params
        ext = float(p.extent_mm)
        state = "show as shadows" if result.visible else "are too faint to see"
        return (
            f"Shaded lower back seen from behind, {ext:.0f} mm square, with {_fmt_mm(p.fat_mm)} mm of fat"
            + ("" if p.ligament else " and no ligament")
            + (f" after {_fmt_mm(p.lipo_depth_mm)} mm of liposculpture" if p.lipo_depth_mm > 0 else "")
            + f"; {light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}. "
            f"The dimples over both PSIS, {_fmt_mm(p.dimple_spacing_mm)} mm apart, {state}: "
            f"contrast {100 * result.contrast:.1f} % against a threshold of {100 * result.threshold:.1f} %, "
            f"visibility index {format_vi(result.visibility_index)} "
            f"({'visible' if result.visible else 'not visible'})."
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


def _small_multiples(plist, values, titles, suptitle: str, alt_intro: str, ax) -> Drawing:

    results = [simulate(p) for p in plist]
    with style.context():
        if ax is None:
            import matplotlib.pyplot as plt

            n = len(values)
            w_panel, h_panel = 3.3, 3.3 * 0.6
            W, H = w_panel * n + 0.2 * (n - 1) + 0.4, h_panel + 1.3
            fig, axes = plt.subplots(1, n, figsize=(W, H), squeeze=False)
            axes = axes[0]
            fig.subplots_adjust(left=0.2 / W, right=1 - 0.2 / W, bottom=0.1 / H, top=(0.1 + h_panel) / H,
                                wspace=0.2 / w_panel)
        else:
            axes = np.asarray(ax, dtype=object).ravel()
            if len(axes) != len(values) or not all(isinstance(a, Axes) for a in axes):
                raise TypeError(f"ax must be None or a sequence of {len(values)} matplotlib Axes")
            fig = axes[0].figure
        panels = [ShadedBack(r, a, compact=True, title=t, view_mm=90.0)
                  for r, a, t in zip(results, axes, titles)]
        fig.suptitle(suptitle, fontsize=style.TITLE_SIZE, fontweight="bold", y=0.985, va="top")
    items = "; ".join(f"{t[0].upper()}{t[1:]}: {verdict(r)}" for t, r in zip(titles, results))
    alt = f"{alt_intro} {items}."
    d = Drawing(fig, np.asarray(axes, dtype=object), alt, {"panels": panels})
    d.results = results
    d.panels = panels
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
    intro = (f"{len(values)} panels of the shaded lower back seen from behind that differ only in the "
             f"fat over the PSIS; {light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}.")
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
    intro = (f"{len(values)} panels of the shaded lower back seen from behind, with {_fmt_mm(p.fat_mm)} mm "
             f"of fat, that differ only in how high the light stands above the skin "
             f"(azimuth {float(p.light_azimuth_deg) % 360:.0f}°).")
    return _small_multiples(plist, values, titles, sup, intro, ax)
