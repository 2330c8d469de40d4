"""The cross-section through the right PSIS, to scale (:class:`CrossSection`, :func:`cross_section`).

The layer heights come from :func:`~venusedu.drawing.layers.section_geometry`;
this module draws them as bands and lines, moves them in place on
``update(result)``, and places the layer labels (``_spread_var`` keeps them
apart).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.patches import FancyArrowPatch, Polygon
from matplotlib.transforms import blended_transform_factory

from .. import style
from .base import Drawing, _check_ax, _check_result, _fmt_depth, _fmt_mm, _in_drawing_order, _set_limits, verdict
from .layers import PSIS_PROMINENCE_MM, section_geometry

_HATCHCOLOR = hasattr(Polygon, "set_hatchcolor")


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
    >>> from venusedu.diagrams import section_zlim
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
        with style.context():
            fig, ax = self._new_axes(ax, x0, x1, zlo, zhi)
            self._style_axes(ax, x0, x1, zlo, zhi)
            artists = self._add_layers(ax)
            artists.update(self._add_marks(ax))
            self._labels: dict[str, Any] = {}
            self._leaders: dict[str, Any] = {}
            if self._labels_on:
                self._add_labels(ax)
            artists["labels"] = self._labels
            artists["leaders"] = self._leaders
        super().__init__(fig, ax, "", artists)
        self.update(result)

    def _new_axes(self, ax, x0: float, x1: float, zlo: float, zhi: float):
        """The figure of ``ax``, or a new figure whose axes give 1 mm the same length in every section."""
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
        return fig, ax

    @staticmethod
    def _style_axes(ax, x0: float, x1: float, zlo: float, zhi: float) -> None:
        """Equal aspect, the limits, and only the bottom spine with its distance axis."""
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlim(x0, x1)
        ax.set_ylim(zlo, zhi)
        for side in ("left", "top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_yticks([])
        ax.set_xlabel("← midline    distance from the midline (mm)    lateral →", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE)

    @staticmethod
    def _add_layers(ax) -> dict[str, Any]:
        """The layer bands, the fascia and bone lines, the ligament and the skin (empty until ``update``)."""
        artists: dict[str, Any] = {}

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
        return artists

    @staticmethod
    def _add_marks(ax) -> dict[str, Any]:
        """The pit marker and arrow, the PSIS label, the title and the scale bar."""
        artists: dict[str, Any] = {}
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
        (artists["scale_bar"],) = ax.plot([], [], color=style.color("text"), lw=3.5, solid_capstyle="butt", zorder=6)
        artists["scale_text"] = ax.text(0, 0, "10 mm", ha="center", va="bottom", fontsize=style.SMALL_SIZE, zorder=6)
        return artists

    def _add_labels(self, ax) -> None:
        """The layer labels and their leader lines: right column for the layers, left for ligament and lipo."""
        tr = blended_transform_factory(ax.transAxes, ax.transData)
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
        _set_limits(ax, (x0, x1), (zlo, zhi))
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
        entries = self._label_entries(g, k, has_lig, zlo)
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
        gap = 3.0 / w_pt
        self._place_right_column(entries, y, float(x[k]), x0 + (1.03 - gap) * (x1 - x0))
        self._place_left_column(g, has_lig, has_lipo, zlo, zhi, line, x0 + (-0.03 + gap) * (x1 - x0))

    @staticmethod
    def _label_entries(g, k: int, has_lig: bool, zlo: float) -> list[tuple[str, str, float]]:
        """The right column's labels, top to bottom: (key, text, height its leader points at)."""
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
        return entries

    def _place_right_column(self, entries, y, xa: float, x_end: float) -> None:
        """Show ``entries`` at heights ``y``, leaders from ``xa`` to ``x_end``; hide the other labels."""
        shown = set()
        for (key, text, z), yy in zip(entries, y, strict=True):
            lab = self._labels[key]
            lab.set_text(text)
            lab.set_position((1.03, yy))
            lab.set_visible(True)
            self._leaders[key].set_data([xa, x_end], [z, yy])
            self._leaders[key].set_visible(True)
            shown.add(key)
        for key in self._LABEL_KEYS:
            if key not in shown:
                self._labels[key].set_visible(False)
                self._leaders[key].set_visible(False)

    def _place_left_column(self, g, has_lig, has_lipo, zlo, zhi, line: float, x_end: float) -> None:
        """The left column: the tether and the removed fat, leaders ending at ``x_end``."""
        x = g["x"]
        xp, j = g["x_psis"], g["j_psis"]
        lig = self._labels["ligament"]
        lig.set_text("tether (PSIS to\nsuperficial fascia)")
        z_lig = 0.5 * (g["tip"] + g["insertion_at_psis"])
        y_lig = max(z_lig, zlo + 2 * line)
        lig.set_position((-0.03, y_lig))
        lig.set_visible(has_lig)
        self._leaders["ligament"].set_data([xp - 1.2, x_end], [z_lig, y_lig])
        self._leaders["ligament"].set_visible(has_lig)
        lip = self._labels["lipo"]
        lip.set_text("fat removed\n(liposculpture)")
        jj = max(j - 5, 0)
        z_lip = 0.5 * (float(g["lipo_bottom"][jj]) + float(g["fat_top"][jj]))
        y_lip = min(float(g["skin"][0]) + 2.0 * line, zhi - line)
        lip.set_position((-0.03, y_lip))
        lip.set_visible(has_lipo)
        self._leaders["lipo"].set_data([float(x[jj]), x_end], [z_lip, y_lip])
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


def _spread_var(desired, gaps, low, high) -> np.ndarray:
    """Like :func:`_spread` with a gap per label (gap[i] between label i-1 and i).

    On Python floats: the same IEEE operations as on a NumPy array, element by
    element, without NumPy's cost per element (a few labels, 60 rounds: 0.5 ms
    of every explorer update as arrays, 0.1 ms as floats).
    """
    d = [float(v) for v in desired]
    g = [float(v) for v in gaps]
    low, high = float(low), float(high)
    n = len(d)
    target = [min(max(v, low), high) for v in d]  # np.clip (high where low > high, as NumPy)
    y = list(target)
    for _ in range(60):
        for k in range(1, n):
            y[k] = min(y[k], y[k - 1] - g[k])
        if y[-1] < low:
            y[-1] = low
        for k in range(n - 2, -1, -1):
            y[k] = max(y[k], y[k + 1] + g[k + 1])
        if y[0] > high:
            y[0] = high
        y = [0.7 * a + 0.3 * b for a, b in zip(y, target, strict=True)]
    for k in range(1, n):
        y[k] = min(y[k], y[k - 1] - g[k])
    return np.array(y)


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
