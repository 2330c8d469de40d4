"""The dimple explorer: sliders on the left, pictures that follow at once.

:func:`explore` returns an :class:`Explorer`, a small ipywidgets app:

* **controls** -- body fat % with sex (mapped to fat over the PSIS by
  :func:`venusedu.fat_from_body_fat`, with its ±50 % band) *or* the fat
  thickness itself (a toggle between the two modes); ligament present/absent;
  superficial fraction; muscle training; liposculpture depth (its maximum
  follows the superficial fat, so no combination is invalid); light elevation
  and azimuth; viewing distance; presets; reset. Every control has a tooltip
  and is keyboard-operable (Tab to it, arrow keys / Page Up / Page Down).
* **views**, updated in place -- the shaded lower back, the cross-section
  through the right PSIS (to scale) with the pit profile under it
  (magnified), and the visibility index: a gauge with the threshold at 1, and
  VI against fat thickness for the current settings with the current point
  marked. An HTML readout says "visible"/"not visible" in words with the
  numbers.

Built for speed (DESIGN.md, "Interactivity that feels instant")
----------------------------------------------------------------
The figures are created once. On a change the existing artists get new data
(``set_data`` / ``set_xy`` / ``set_ydata``) and only those artists are redrawn
on top of a cached background (blitting: ``restore_region``, ``draw_artist``,
``canvas.blit``). With ipympl, ``blit`` sends the changed pixels to the browser
at once, with no round trip. A full ``draw_idle`` redraw would re-render every
tick label and title: with this matplotlib that costs 20-50 ms per figure,
more than the whole update budget, so it is done only when the static content
changes (first display, resize, a new pit-depth scale, a change of sex in the
body-fat mode). Pass ``blit=False`` to use plain ``draw_idle`` instead.

A change of lighting or viewing distance calls ``simulate(p, previous=result)``,
which reuses the surface (``result.surface_mm`` is the same array), and redraws
only the shaded view and the visibility views; the cross-section is untouched.

The VI-against-fat curve is computed on a coarser grid (by default 16 fat
values from 1 to 40 mm on a 128-point grid, 2 mm spacing, VI within 2 % of the
full grid). Its surfaces are computed only when a parameter that shapes the
surface changes -- ligament, superficial fraction, muscle, liposculpture; not
the fat, not the lighting. On a lighting change the cached surfaces are re-lit
(``simulate(..., previous=...)``) so that the curve shows the current light.
In a live kernel both happen once the sliders rest (0.25 s after the last
change; the stale curve is drawn faded meanwhile), so dragging a slider never
waits for the curve's 16 simulations; :meth:`Explorer.flush` does it at once.
Where the liposculpture depth exceeds the superficial fat of a curve point it
is capped at that point's superficial fat.

Without ipympl (tests, the Agg backend, the inline backend) the same code runs
on plain Agg figures; ``canvas="image"`` shows them in ``ipywidgets.Image``
views refreshed after each update.

Examples
--------
>>> from venusedu import explore
>>> app = explore()                                  # doctest: +SKIP
>>> app.controls["light_elevation_deg"].value = 20   # doctest: +SKIP
>>> app.result.visibility_index                      # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
import time
from contextlib import contextmanager
from typing import Any

import numpy as np

from . import style
from .model import Result, fat_from_body_fat, simulate
from .params import SURFACE_FIELDS, VIEWING_FIELDS, Params, field_spec

__all__ = [
    "Explorer",
    "explore",
    "static_figure",
    "PRESETS",
    "CONTROL_NAMES",
    "BODY_FAT_RANGE",
    "VI_LIMITS",
]

#: Body-fat slider range (%). The upper end keeps the estimate for both sexes
#: inside ``Params.fat_mm`` (≤ 40 mm: 38 mm for women, 36 mm for men at 50 %).
BODY_FAT_RANGE = (3.0, 50.0)
#: Fixed range of the visibility-index axes (log scale). VI = 0 (no pit) and
#: larger values are drawn at the edges of this range; the readout has the number.
VI_LIMITS = (0.01, 100.0)
#: Names of the entries of :attr:`Explorer.controls`, in display order.
CONTROL_NAMES = (
    "preset", "fat_mode", "sex", "body_fat", "fat_mm", "ligament", "superficial_fraction",
    "muscle", "lipo_depth_mm", "light_elevation_deg", "light_azimuth_deg", "view_distance_m",
    "reset",
)
#: Model fields the controls set (everything else comes from the ``params``
#: given to :func:`explore`).
CONTROLLED_FIELDS = (
    "fat_mm", "ligament", "superficial_fraction", "muscle", "lipo_depth_mm",
    "light_elevation_deg", "light_azimuth_deg", "view_distance_m",
)

#: Presets: bodies, not lights (the light and viewing distance stay as they
#: are). Body fat is given for each sex; choosing a preset switches to the
#: body-fat mode and keeps the selected sex.
PRESETS: dict[str, dict[str, Any]] = {
    "lean athlete": dict(body_fat={"female": 17.0, "male": 10.0}, ligament=True,
                         superficial_fraction=1.0, muscle=2.0, lipo_depth_mm=0.0),
    "average": dict(body_fat={"female": 25.0, "male": 18.0}, ligament=True,
                    superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0),
    "higher body fat": dict(body_fat={"female": 40.0, "male": 36.0}, ligament=True,
                            superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0),
    "no ligament": dict(body_fat={"female": 17.0, "male": 10.0}, ligament=False,
                        superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0),
    "after liposculpture": dict(body_fat={"female": 30.0, "male": 24.0}, ligament=True,
                                superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=10.0),
}

#: Value of the preset dropdown when the controls match no preset.
CUSTOM = "custom"
_figure_numbers = itertools.count(9001)


# ----------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------
def _bf_for_fat(fat_mm: float, sex: str) -> float:
    """Body fat % whose estimate (MODEL.md §5) is ``fat_mm``, clipped to the slider."""
    bf = fat_mm + 12.0 if sex == "female" else fat_mm / 0.8 + 5.0
    return float(min(max(bf, BODY_FAT_RANGE[0]), BODY_FAT_RANGE[1]))


def _fat_for_bf(bf: float, sex: str) -> tuple[float, float, float]:
    """(estimate, low, high) in mm; the estimate clipped to the range of ``fat_mm``."""
    t, lo, hi = fat_from_body_fat(float(bf), sex)
    spec = field_spec("fat_mm")
    return float(min(max(t, spec.low), spec.high)), float(lo), float(hi)


def _fmt_vi(vi: float) -> str:
    vi = float(vi)
    if vi == 0.0:
        return "0"
    if vi >= 10.0:
        return f"{vi:.1f}"
    return f"{vi:.2f}"


def _even_at_least(n: float) -> int:
    n = int(math.ceil(n))
    return n + (n % 2)


def _tooltip(name: str, extra: str = "") -> str:
    s = field_spec(name)
    text = f"{s.description} ({s.range_text()}; {s.status})"
    return f"{text}. {extra}" if extra else text


def _band_xy(x, lower, upper) -> np.ndarray:
    return np.column_stack([np.concatenate([x, x[::-1]]), np.concatenate([upper, lower[::-1]])])


# ----------------------------------------------------------------------------
# blitting: redraw only what changed
# ----------------------------------------------------------------------------
class _Blitter:
    """Keep a figure's static background; redraw only its animated artists.

    The animated artists are excluded from a full draw; after every full draw
    (first display, resize, ``full_draw``) the background is copied and the
    animated artists are drawn on top, so a full draw always shows everything.
    """

    def __init__(self, fig, artists, *, blit: bool = True):
        self.fig = fig
        self.artists = sorted(artists, key=lambda a: a.get_zorder())
        self.use_blit = bool(blit)
        if self.use_blit:
            for a in self.artists:
                a.set_animated(True)
        self._bg = None
        self._bg_size = None
        self.full_draws = 0
        self.blits = 0
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def _size(self):
        return tuple(self.fig.canvas.get_width_height(physical=True))

    def _on_draw(self, event):
        if not self.use_blit:
            self.full_draws += 1
            return
        canvas = self.fig.canvas
        self._bg = canvas.copy_from_bbox(self.fig.bbox)
        self._bg_size = self._size()
        self._draw_animated()
        self.full_draws += 1

    def _draw_animated(self):
        for a in self.artists:
            self.fig.draw_artist(a)

    def full_draw(self):
        """Redraw everything now (after a change of static content)."""
        with style.context():
            self.fig.canvas.draw()

    def update(self):
        """Show the animated artists' new state."""
        if not self.use_blit:
            self.fig.canvas.draw_idle()
            return
        if self._bg is None or self._bg_size != self._size():
            self.full_draw()
            return
        canvas = self.fig.canvas
        canvas.restore_region(self._bg)
        self._draw_animated()
        canvas.blit(self.fig.bbox)
        self.blits += 1


# ----------------------------------------------------------------------------
# the views, drawn into given axes (used by the app and by static_figure)
# ----------------------------------------------------------------------------
class _BackView:
    """The shaded lower back (``Result.shading``), grey scale 0..1, and the light.

    Shows the part of the patch around the dimples (±100 mm across, ±80 mm
    up and down, 1 mm pixels), converted to 8-bit grey once per update: an
    RGBA uint8 image that the axes only enlarge is about five times cheaper
    for matplotlib to draw than a float image it has to normalise and shrink.
    """

    HALF_WIDTH_MM = 100.0
    HALF_HEIGHT_MM = 80.0

    def __init__(self, ax, result: Result):
        from matplotlib.patches import Circle

        p = result.params
        self.ax = ax
        x = np.asarray(result.x_mm)
        y = np.asarray(result.y_mm)
        half_w = min(self.HALF_WIDTH_MM, 0.5 * p.dimple_spacing_mm + 50.0)
        cols = np.flatnonzero(np.abs(x) <= half_w + 1e-9)
        rows = np.flatnonzero(np.abs(y) <= self.HALF_HEIGHT_MM + 1e-9)
        self._sl = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        h = 0.5 * p.grid_spacing_mm
        ext = (float(x[cols[0]] - h), float(x[cols[-1]] + h), float(y[rows[0]] - h), float(y[rows[-1]] + h))
        self.image = ax.imshow(self._rgba(result), origin="lower", extent=ext,
                               interpolation="nearest", zorder=0)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        ax.set_aspect("equal")
        ax.set_title("What the eye sees", fontsize=style.LABEL_SIZE, fontweight="bold")
        ax.set_xlabel("x (mm)", fontsize=style.SMALL_SIZE)
        ax.set_ylabel("y (mm)", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2)
        half = 0.5 * p.dimple_spacing_mm
        self.marks, = ax.plot([-half, half], [-0.12 * (ext[3] - ext[2])] * 2, linestyle="none",
                              marker="^", markersize=9, color=style.color("highlight"),
                              markeredgecolor="white", zorder=3)
        # compass: where the light comes from (top right corner)
        w = ext[1] - ext[0]
        self.r = 0.1 * w
        self.c = (ext[1] - 1.25 * self.r, ext[3] - 1.25 * self.r)
        self.compass = ax.add_patch(Circle(self.c, self.r, facecolor="white", alpha=0.85,
                                           edgecolor=style.color("text"), lw=1.0, zorder=4))
        self.ray, = ax.plot([], [], color=style.color("text"), lw=1.5, zorder=5)
        self.sun, = ax.plot([], [], "o", markersize=9, color=style.color("light"),
                            markeredgecolor=style.color("text"), markeredgewidth=1.0, zorder=6)
        # everything over the image is redrawn with it (the spines too: the image
        # lies under them)
        self.animated = [self.image, self.marks, self.compass, self.ray, self.sun,
                         *ax.spines.values()]
        self.update(result)

    def _rgba(self, result: Result) -> np.ndarray:
        s = np.asarray(result.shading)[self._sl]
        g = np.clip(s * 255.0 + 0.5, 0.0, 255.0).astype(np.uint8)
        out = np.empty(g.shape + (4,), dtype=np.uint8)
        out[..., :3] = g[..., None]
        out[..., 3] = 255
        return out

    def update(self, result: Result):
        self.image.set_data(self._rgba(result))
        p = result.params
        el = math.radians(p.light_elevation_deg)
        az = math.radians(p.light_azimuth_deg)
        rim = self.r * 0.85 * math.cos(el)
        cx, cy = self.c
        sx, sy = cx + rim * math.cos(az), cy + rim * math.sin(az)
        self.sun.set_data([sx], [sy])
        self.ray.set_data([sx, cx], [sy, cy])


def _zlow_for(params: Params, half_width_mm: float, grid: int) -> float:
    """Lowest height the cross-section needs (bone with no muscle), mm."""
    from .diagrams import section_geometry

    lo = np.inf
    for muscle in (field_spec("muscle").low, field_spec("muscle").high):
        q = dataclasses.replace(params, muscle=muscle, grid=grid, fat_mm=field_spec("fat_mm").low,
                                lipo_depth_mm=0.0)
        g = section_geometry(simulate(q), half_width_mm)
        lo = min(lo, float(np.min(g["bone"])) - 2.0)
    return lo


class _SectionView:
    """Cross-section through the right PSIS (to scale) and the pit profile (magnified)."""

    DEPTH_SCALES_MM = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0)
    #: Heights (mm) the top of the cross-section snaps to: the axes stay still
    #: while the skin moves below the current level (a new level redraws all).
    TOP_LEVELS_MM = (15.0, 25.0, 35.0, 50.0, 70.0)

    def __init__(self, ax_cs, ax_pit, result: Result, zlow: float, half_width_mm: float = 45.0):
        from .diagrams import section_geometry

        self._geometry = section_geometry
        self.half_width_mm = half_width_mm
        self.ax_cs, self.ax_pit = ax_cs, ax_pit
        g = section_geometry(result, half_width_mm)
        x0, x1 = float(g["x"][0]), float(g["x"][-1])
        ax = ax_cs
        ax.set_xlim(x0, x1)
        self._zlo = zlow
        self.top = None
        ax.set_aspect("equal", adjustable="box", anchor="S")
        ax.set_yticks([])
        for side in ("left", "top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2)
        ax.set_title("Section at the PSIS, to scale", fontsize=style.LABEL_SIZE, fontweight="bold")
        from matplotlib.patches import Polygon

        def band(role, z):
            return ax.add_patch(Polygon(np.zeros((4, 2)), closed=True, facecolor=style.color(role),
                                        edgecolor="none", linewidth=0.0, zorder=z))

        self.bands = {role: band(role, z) for role, z in (
            ("bone", 1), ("muscle", 1), ("fat_deep", 1), ("fat_superficial", 1), ("lipo", 2),
            ("dermis", 2))}
        fascia = dict(color=style.color("fascia"), lw=1.6, zorder=3)
        self.deep_fascia, = ax.plot([], [], **fascia)
        self.insertion, = ax.plot([], [], **fascia)
        self.ligament, = ax.plot([], [], color=style.color("ligament"), lw=4.0,
                                 solid_capstyle="round", zorder=4)
        self.skin, = ax.plot([], [], color=style.color("skin"), lw=2.0, zorder=5)
        # pit profile, magnified
        ax = ax_pit
        ax.set_xlim(x0, x1)
        ax.axhline(0.0, color=style.color("text"), lw=0.8, zorder=1)
        ax.set_xlabel("distance from the midline (mm)", fontsize=style.SMALL_SIZE)
        ax.set_ylabel("pit (mm)", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2)
        self.pit, = ax.plot([], [], color=style.color("highlight"), lw=2.0, zorder=3)
        self.width, = ax.plot([], [], color=style.color("fascia"), lw=1.5, marker="|",
                              markersize=10, zorder=4)
        self.scale = None
        self.animated = [*self.bands.values(), self.deep_fascia, self.insertion, self.ligament,
                         self.skin, self.pit, self.width, *ax_cs.spines.values()]
        self.update(result)

    def depth_scale(self, depth_mm: float) -> float:
        for s in self.DEPTH_SCALES_MM:
            if depth_mm <= 0.9 * s:
                return s
        return self.DEPTH_SCALES_MM[-1]

    def top_level(self, skin_top_mm: float) -> float:
        for level in self.TOP_LEVELS_MM:
            if skin_top_mm + 2.0 <= level:
                return level
        return max(self.TOP_LEVELS_MM[-1], skin_top_mm + 2.0)

    def update(self, result: Result) -> bool:
        """Move the artists; return True if an axis range changed (needs a full draw)."""
        g = self._geometry(result, self.half_width_mm)
        x = g["x"]
        changed = False
        top = self.top_level(float(np.max(g["skin"])))
        if top != self.top:
            self.top = top
            self.ax_cs.set_ylim(self._zlo, top)
            changed = True
        zlo = np.full_like(x, self._zlo)
        b = self.bands
        b["bone"].set_xy(_band_xy(x, zlo, g["bone"]))
        b["muscle"].set_xy(_band_xy(x, g["bone"], g["deep_fascia"]))
        b["fat_deep"].set_xy(_band_xy(x, g["deep_fascia"], g["insertion"]))
        b["fat_superficial"].set_xy(_band_xy(x, g["insertion"], g["fat_top"]))
        has_lipo = result.params.lipo_depth_mm > 0
        b["lipo"].set_xy(_band_xy(x, g["lipo_bottom"], g["fat_top"]))
        b["lipo"].set_visible(bool(has_lipo))
        b["dermis"].set_xy(_band_xy(x, g["fat_top"], g["skin"]))
        self.deep_fascia.set_data(x, g["deep_fascia"])
        self.insertion.set_data(x, g["insertion"])
        self.skin.set_data(x, g["skin"])
        xp = g["x_psis"]
        self.ligament.set_data([xp, xp], [g["tip"], g["insertion_at_psis"]])
        self.ligament.set_visible(bool(result.params.ligament))
        # pit profile through the PSIS row, same x window
        row = result.params.grid // 2
        xs = np.asarray(result.x_mm)
        cols = np.abs(xs - xp) <= self.half_width_mm + 1e-9
        self.pit.set_data(xs[cols], np.asarray(result.pit_mm)[row, cols])
        d, w = float(result.depth_mm), float(result.width_mm)
        if d > 0 and w > 0:
            self.width.set_data([xp - w / 2, xp + w / 2], [-d / 2, -d / 2])
            self.width.set_visible(True)
        else:
            self.width.set_visible(False)
        scale = self.depth_scale(d)
        if scale != self.scale:
            self.scale = scale
            self.ax_pit.set_ylim(-scale, 0.25 * scale)
            changed = True
        return changed


class _VisibilityView:
    """Gauge (VI bar, threshold at 1, verdict) and VI against fat with the current point.

    The gauge's two zones are labelled in words ("visible" above the
    threshold, "not visible" below); the zone the bar ends in is framed and
    the number is written under the bar. (Words that never change are drawn
    once, in the background: rasterising text is the most expensive thing
    matplotlib does on an update.) While the curve waits for a deferred
    update it is drawn faded.
    """

    def __init__(self, ax_gauge, ax_curve, result: Result):
        from matplotlib.patches import Rectangle

        lo, hi = VI_LIMITS
        fat = field_spec("fat_mm")
        ok, no = style.OKABE_ITO["bluish_green"], style.color("highlight")
        self._colors = (ok, no)
        self._tints = (style.tint(ok, 0.25), style.tint(no, 0.25))
        # gauge
        ax = ax_gauge
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, 1)
        ax.set_xticks([])
        ax.set_ylabel("visibility index VI", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2)
        ax.add_patch(Rectangle((0, 1.0), 1, hi - 1.0, color=self._tints[0], lw=0, zorder=0))
        ax.add_patch(Rectangle((0, lo), 1, 1.0 - lo, color=self._tints[1], lw=0, zorder=0))
        self.gauge_threshold = ax.axhline(1.0, color=style.color("text"), lw=1.5, ls="--", zorder=3)
        self.frame = ax.add_patch(Rectangle((0.03, 1.0), 0.94, hi - 1.0, fill=False, lw=2.5,
                                            edgecolor=style.color("text"), zorder=5, clip_on=False))
        tr = ax.get_yaxis_transform()
        self.words = [
            ax.text(0.72, 10 ** (0.5 * math.log10(hi)), "visible", transform=tr, rotation=90,
                    ha="center", va="center", fontsize=style.SMALL_SIZE - 3, zorder=4),
            ax.text(0.72, 10 ** (0.5 * math.log10(lo)), "not visible", transform=tr, rotation=90,
                    ha="center", va="center", fontsize=style.SMALL_SIZE - 3, zorder=4),
        ]
        self.bar = ax.add_patch(Rectangle((0.1, lo), 0.38, 0.0, color=ok, zorder=2))
        self.number = ax.text(0.5, -0.03, "", transform=ax.transAxes, ha="center", va="top",
                              fontsize=style.SMALL_SIZE, zorder=5)
        ax.set_title("VI", fontsize=style.SMALL_SIZE)
        # curve
        ax = ax_curve
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, fat.high)
        ax.set_xlabel("fat over the PSIS (mm)", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2, labelleft=False)
        self.curve_threshold = ax.axhline(1.0, color=style.color("text"), lw=1.5, ls="--", zorder=3)
        ax.text(1.005, 1.0, "VI = 1", transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=style.SMALL_SIZE - 3)
        self.band = ax.add_patch(Rectangle((0.0, 0.0), 0.0, 1.0, transform=ax.get_xaxis_transform(),
                                           color=style.tint(style.OKABE_ITO["sky_blue"], 0.35),
                                           zorder=0, lw=0))
        self.curve, = ax.plot([], [], color=style.OKABE_ITO["blue"], lw=2.0, zorder=4)
        self.point, = ax.plot([], [], "o", markersize=10, color=style.color("highlight"),
                              markeredgecolor=style.color("text"), zorder=6)
        # redrawn on every update, with what lies over them (threshold lines, spines)
        self.animated = [self.frame, self.bar, self.number, self.gauge_threshold,
                         self.band, self.curve_threshold, self.curve, self.point,
                         *ax_gauge.spines.values(), *ax_curve.spines.values()]
        self.update(result)

    @staticmethod
    def _clip(vi):
        return np.clip(np.asarray(vi, dtype=float), *VI_LIMITS)

    def update(self, result: Result, curve=None, band=None, stale: bool = False):
        self.curve.set_alpha(0.3 if stale else 1.0)
        vi = float(result.visibility_index)
        lo, hi = VI_LIMITS
        ok, no = self._colors
        self.bar.set_height(float(self._clip(vi)) - lo)
        self.bar.set_color(ok if result.visible else no)
        if result.visible:
            self.frame.set_y(1.0)
            self.frame.set_height(hi - 1.0)
        else:
            self.frame.set_y(lo)
            self.frame.set_height(1.0 - lo)
        self.number.set_text(_fmt_vi(vi))
        self.point.set_data([result.params.fat_mm], [float(self._clip(vi))])
        if curve is not None:
            self.curve.set_data(curve[0], self._clip(curve[1]))
        if band is None:
            self.band.set_visible(False)
        else:
            self.band.set_visible(True)
            a, b = band
            self.band.set_x(a)
            self.band.set_width(b - a)


# ----------------------------------------------------------------------------
# the app
# ----------------------------------------------------------------------------
_CANVAS_CLASS = None


def _ipympl_canvas_class():
    """ipympl's Canvas with a well-formed picture snapshot.

    Until a browser view reports "initialized", ipympl keeps a PNG snapshot of
    the figure in the ``_data_url`` trait for the first view to show. ipympl
    0.10 stores it *without* the ``data:image/png;base64,`` prefix when it
    comes from a draw (only its own display path adds the prefix), and a view
    that receives it fails ("HTMLImageElement ... broken state") and stays
    blank. The explorer draws before its views exist (Run All, Voila), so it
    sends the snapshot with the prefix.
    """
    global _CANVAS_CLASS
    if _CANVAS_CLASS is None:
        from base64 import b64encode

        from ipympl.backend_nbagg import Canvas
        from PIL import Image

        class _Canvas(Canvas):
            def send_binary(self, data):
                if self.syncing_data_url:
                    buf = self._last_buff.view(dtype=np.uint8).reshape((*self._last_buff.shape, 4))
                    with io.BytesIO() as png:
                        Image.fromarray(buf).save(png, format="png")
                        self._data_url = "data:image/png;base64," + b64encode(png.getvalue()).decode("ascii")
                self.send({"data": '{"type": "binary"}'}, buffers=[data])

        _CANVAS_CLASS = _Canvas
    return _CANVAS_CLASS


def _resolve_canvas(canvas: str) -> str:
    if canvas not in ("auto", "ipympl", "agg", "image"):
        raise ValueError(f"canvas = {canvas!r} is not allowed: use 'auto', 'ipympl', 'agg' or 'image'")
    if canvas != "auto":
        return canvas
    import matplotlib

    backend = str(matplotlib.get_backend()).lower()
    if "ipympl" in backend or backend == "widget":
        return "ipympl"
    return "image"


class Explorer:
    """The dimple explorer app (see the module docstring).

    Creating an explorer calls :func:`venusedu.allocator.keep_freed_memory`:
    glibc then keeps freed memory in the kernel process for reuse, which halves
    the time of every update (the arrays of a simulation need not be
    page-faulted again). This is a process-wide setting; it is documented there.

    Parameters
    ----------
    params : Params, optional
        Starting point; the controls start at its values and every parameter
        without a control (pin depth, tissue moduli, ...) is taken from it.
        Default ``Params()``.
    fat_mode : {"bodyfat", "thickness"}, optional
        How the fat is set. Default: body fat % (female, 20 % = the default
        8 mm) when ``params`` is None, fat thickness otherwise.
    canvas : {"auto", "ipympl", "agg", "image"}
        ``"ipympl"``: interactive ipympl canvases (``%matplotlib widget``);
        ``"agg"``: plain Agg figures, no picture widgets (tests, benchmarks);
        ``"image"``: Agg figures shown as ``ipywidgets.Image``; ``"auto"``
        (default): ipympl when it is the matplotlib backend, else ``"image"``.
    blit : bool
        Redraw only the changing artists (default True); False uses
        ``canvas.draw_idle()`` (a full redraw) on every update.
    curve_points : int
        Number of fat values of the VI-against-fat curve (default 16).
    curve_grid : int, optional
        Grid of the curve's simulations (default: 2 mm spacing, 128 points for
        the default 256 mm patch, never finer than ``params.grid``).
    defer_curve : bool, optional
        Update the VI-against-fat curve only once the sliders rest
        (``curve_delay_s`` after the last change; the stale curve is drawn
        faded meanwhile), so that dragging a slider never waits for the 16
        simulations of the curve. Default (None): defer in a live Jupyter
        kernel (an IPython kernel with a running asyncio loop), update at once
        otherwise (scripts, tests). True without such a loop keeps the work
        until :meth:`flush`.
    curve_delay_s : float
        Rest time before a deferred curve update, seconds (default 0.25).
    dpi : float
        Resolution of the figures (default 72: 1 point = 1 CSS pixel).

    Attributes
    ----------
    widget : ipywidgets.Box
        The whole app (also shown by ``display(app)``).
    controls : dict[str, ipywidgets.Widget]
        The controls by name (:data:`CONTROL_NAMES`).
    readout : ipywidgets.HTML
        "visible"/"not visible" in words with the numbers.
    result : Result
        The current model result.
    figures : dict[str, matplotlib.figure.Figure]
        ``"back"``, ``"section"`` and ``"visibility"``.
    curve : tuple of ndarray
        Fat values (mm) and VI of the current curve.
    timings : dict[str, float]
        Milliseconds spent in the model and in drawing on the last update.
    """

    def __init__(self, params: Params | None = None, *, fat_mode: str | None = None,
                 canvas: str = "auto", blit: bool = True, curve_points: int = 16,
                 curve_grid: int | None = None, defer_curve: bool | None = None,
                 curve_delay_s: float = 0.25, dpi: float = 72.0):
        import ipywidgets as w

        from .allocator import keep_freed_memory

        # every slider move simulates: keep freed memory in the process so the
        # repeated 0.5 MB arrays do not page-fault each time (venusedu.allocator)
        keep_freed_memory()
        if params is None:
            base = Params()
            mode = fat_mode or "bodyfat"
        elif isinstance(params, Params):
            base = params
            mode = fat_mode or "thickness"
        else:
            raise TypeError(f"params must be a venusedu.Params or None, got {type(params).__name__}")
        if mode not in ("bodyfat", "thickness"):
            raise ValueError(f"fat_mode = {mode!r} is not allowed: use 'bodyfat' or 'thickness'")
        if not isinstance(curve_points, int) or curve_points < 2:
            raise ValueError(f"curve_points = {curve_points!r} must be an integer >= 2")
        self._base = base
        self.canvas_mode = _resolve_canvas(canvas)
        self.blit = bool(blit)
        if curve_grid is None:
            curve_grid = min(base.grid, _even_at_least(base.extent_mm / 2.0))
        self.curve_grid = int(curve_grid)
        self.curve_fat_mm = np.geomspace(field_spec("fat_mm").low, field_spec("fat_mm").high,
                                         curve_points)
        self._syncing = False
        self.defer_curve = defer_curve
        self.curve_delay_s = float(curve_delay_s)
        self._curve_handle = None
        self._curve_pending = False
        self._closed = False
        self._curve_key = None
        self._curve_viewing = None
        self._curve_results: list[Result] = []
        self.curve = (self.curve_fat_mm, np.zeros_like(self.curve_fat_mm))
        self.timings: dict[str, float] = {}
        self.updates = 0
        self.result: Result | None = None

        # -- controls ---------------------------------------------------------
        lay = w.Layout(width="340px")
        sty = {"description_width": "135px"}

        def slider(name, desc, step, fmt, low=None, high=None, extra=""):
            s = field_spec(name)
            lo = s.low if low is None else low
            hi = s.high if high is None else high
            value = min(max(float(getattr(base, name)), lo), hi)
            if s.scale == "log":
                return w.FloatLogSlider(value=value, base=10.0, min=math.log10(lo), max=math.log10(hi),
                                        step=step, description=desc, readout_format=fmt,
                                        tooltip=_tooltip(name, extra), continuous_update=True,
                                        style=sty, layout=lay)
            return w.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc,
                                 readout_format=fmt, tooltip=_tooltip(name, extra),
                                 continuous_update=True, style=sty, layout=lay)

        sex = "female"
        c: dict[str, Any] = {}
        c["preset"] = w.Dropdown(
            options=[("(custom)", CUSTOM)] + [(k, k) for k in PRESETS], value=CUSTOM,
            description="Preset", style=sty, layout=lay,
            tooltip="Set the body controls to a typical case (the light stays as it is)")
        c["fat_mode"] = w.ToggleButtons(
            options=[("body fat %", "bodyfat"), ("fat (mm)", "thickness")], value=mode,
            description="Set fat by", style={**sty, "button_width": "100px"},
            tooltips=["Body fat percentage and sex, mapped to fat over the PSIS (estimate, ±50 %)",
                      "Fat thickness over the PSIS directly, in mm"],
            tooltip="Choose how to set the fat: body fat % (an estimate) or the thickness itself")
        c["sex"] = w.ToggleButtons(
            options=[("female", "female"), ("male", "male")], value=sex, description="Sex",
            style={**sty, "button_width": "100px"},
            tooltips=["women: fat ≈ BF − 12 mm", "men: fat ≈ 0.8 (BF − 5) mm"],
            tooltip="Sex used by the body-fat → fat-thickness estimate (MODEL.md §5)")
        c["body_fat"] = w.FloatSlider(
            value=_bf_for_fat(base.fat_mm, sex), min=BODY_FAT_RANGE[0], max=BODY_FAT_RANGE[1],
            step=0.5, description="Body fat (%)", readout_format=".1f", style=sty, layout=lay,
            continuous_update=True,
            tooltip="Whole-body fat percentage (3–50 %); mapped to the fat over the PSIS by an "
                    "estimate with a ±50 % band (no published regression exists for this site)")
        c["fat_mm"] = slider("fat_mm", "Fat over PSIS (mm)", 0.1, ".1f")
        c["ligament"] = w.Checkbox(
            value=bool(base.ligament), description="Ligament present", style=sty, layout=lay,
            indent=True, tooltip=_tooltip("ligament", "Without it there is no tether and no dimple"))
        c["superficial_fraction"] = slider("superficial_fraction", "Superficial fraction", 0.05, ".2f",
                                           extra="0 = naive mattress-button, 1 = blanket")
        c["muscle"] = slider("muscle", "Muscle training", 0.1, ".1f")
        t_s = base.superficial_fat_mm
        c["lipo_depth_mm"] = slider("lipo_depth_mm", "Liposculpture (mm)", 0.1, ".1f", high=t_s,
                                    extra="The maximum follows the superficial fat")
        c["light_elevation_deg"] = slider("light_elevation_deg", "Light elevation (°)", 1.0, ".0f")
        c["light_azimuth_deg"] = slider("light_azimuth_deg", "Light azimuth (°)", 5.0, ".0f")
        c["view_distance_m"] = slider("view_distance_m", "View distance (m)", 0.02, ".2f")
        c["reset"] = w.Button(description="Reset", icon="undo", layout=w.Layout(width="120px"),
                              tooltip="Put every control back where it started")
        for name, widget in c.items():
            widget.add_class(f"venusedu-control-{name}")
        self.controls = c
        self._names = {id(widget): name for name, widget in c.items()}
        self.fat_text = w.HTML(layout=w.Layout(width="340px"))
        self.fat_text.add_class("venusedu-fat-text")
        self.readout = w.HTML()
        self.readout.add_class("venusedu-readout")
        self.curve_note = w.HTML(
            f"<small>Curve: VI at {curve_points} fat values on a {self.curve_grid}-point grid "
            f"({base.extent_mm / self.curve_grid:g} mm spacing; the app's own point uses "
            f"{base.grid} points); new surfaces only when ligament, superficial fraction, muscle or "
            f"liposculpture change, re-lit when the light changes, redrawn once the sliders rest "
            f"(faded while it waits); liposculpture capped at each point's superficial fat.</small>")
        self._initial = self._control_values()

        # -- figures and views ------------------------------------------------
        self._sync_dependents()
        p0 = self._params_from_controls()
        t0 = time.perf_counter()
        r0 = simulate(p0)
        self.result = r0
        self._compute_curve(r0.params)
        zlow = _zlow_for(base, 45.0, self.curve_grid)
        with style.context():
            self.figures = {
                "back": self._new_figure((4.4, 4.2), dpi),
                "section": self._new_figure((4.4, 4.2), dpi),
                "visibility": self._new_figure((8.8, 2.8), dpi),
            }
            fb = self.figures["back"]
            ax_back = fb.add_axes((0.17, 0.13, 0.78, 0.76))
            self.back = _BackView(ax_back, r0)
            fs = self.figures["section"]
            ax_cs = fs.add_axes((0.04, 0.4, 0.92, 0.52))
            ax_pit = fs.add_axes((0.17, 0.13, 0.78, 0.19))
            self.section = _SectionView(ax_cs, ax_pit, r0, zlow)
            fv = self.figures["visibility"]
            ax_g = fv.add_axes((0.1, 0.18, 0.07, 0.62))
            ax_c = fv.add_axes((0.2, 0.18, 0.74, 0.62))
            self.visibility = _VisibilityView(ax_g, ax_c, r0)
            self._secondary = ax_c.secondary_xaxis(
                "top", functions=(self._fat_to_bf, self._bf_to_fat))
            self._secondary.tick_params(labelsize=style.SMALL_SIZE - 2)
            self._secondary_label()
        self._blitters = {
            "back": _Blitter(fb, self.back.animated, blit=self.blit),
            "section": _Blitter(fs, self.section.animated, blit=self.blit),
            # the band lies under the body-fat axis' spine at the top
            "visibility": _Blitter(fv, self.visibility.animated + [self._secondary.spines["top"]],
                                   blit=self.blit),
        }
        self.visibility.update(r0, self.curve, self._band())
        self._update_text()
        for b in self._blitters.values():
            b.full_draw()
        self.timings["first_ms"] = 1e3 * (time.perf_counter() - t0)
        self._images = {}
        self.widget = self._layout()
        for widget in c.values():
            if isinstance(widget, w.Button):
                widget.on_click(lambda _b: self.reset())
            else:
                widget.observe(self._on_control, names="value")
        self._refresh_images()

    # -- figures ---------------------------------------------------------------
    def _new_figure(self, size, dpi):
        from matplotlib.figure import Figure

        fig = Figure(figsize=size, dpi=dpi)
        if self.canvas_mode == "ipympl":
            from ipympl.backend_nbagg import FigureManager

            canvas = _ipympl_canvas_class()(fig)
            FigureManager(canvas, next(_figure_numbers))
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.toolbar_visible = False
            canvas.resizable = False
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            FigureCanvasAgg(fig)
        return fig

    def _layout(self):
        import ipywidgets as w

        c = self.controls
        controls = w.VBox([c[n] for n in CONTROL_NAMES if n != "reset"]
                          + [self.fat_text, c["reset"]],
                          layout=w.Layout(width="350px", flex="0 0 auto"))
        views = {}
        alt = {
            "back": "Shaded lower back seen from behind, lit from the direction of the yellow dot; "
                    "the triangles mark the dimples over the PSIS.",
            "section": "Cross-section through the right PSIS drawn to scale (bone, muscle, deep fat, "
                       "superficial fat, dermis, ligament) and, below, the pit profile magnified, "
                       "with its width at half depth.",
            "visibility": "Visibility gauge (bar, threshold VI = 1 dashed) and VI against fat over "
                          "the PSIS for the current settings, the current point in red.",
        }
        for name, fig in self.figures.items():
            if self.canvas_mode == "ipympl":
                view = fig.canvas
            elif self.canvas_mode == "image":
                view = w.Image(format="png")
                self._images[name] = view
            else:
                view = w.HTML(f"<i>[{name} figure: Agg only]</i>")
            view.add_class(f"venusedu-figure-{name}")
            # No tooltip here: a tooltip on an ipympl canvas, or on any box
            # around it, stops the canvas view from rendering (ipympl 0.10 in
            # JupyterLab 4 and Voila). The descriptions are in ``figure_text``.
            views[name] = view
        self.figure_text = alt
        for view in views.values():
            view.layout.flex = "0 0 auto"
        right = w.VBox([self.readout,
                        w.HBox([views["back"], views["section"]], layout=w.Layout(flex_flow="row wrap")),
                        views["visibility"], self.curve_note],
                       layout=w.Layout(flex="0 1 auto", width="650px"))
        box = w.HBox([controls, right], layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        box.add_class("venusedu-explorer")
        return box

    def _refresh_images(self, names=None):
        if self.canvas_mode != "image":
            return
        from PIL import Image

        for name in names or self.figures:
            fig = self.figures[name]
            buf = np.asarray(fig.canvas.buffer_rgba())
            out = io.BytesIO()
            Image.fromarray(buf).save(out, format="png", compress_level=1)
            self._images[name].value = out.getvalue()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self):
        """Close every widget of the app (and the ipympl canvases) and stop the timers.

        All of them, not just the outer box: a box left open that still lists
        a closed child would break the widget state a front end asks for (and
        with it every widget on the page).
        """
        self._closed = True
        if self._curve_handle is not None:
            self._curve_handle.cancel()
            self._curve_handle = None
        seen = set()

        def walk(w):
            if w is None or id(w) in seen:
                return
            seen.add(id(w))
            for child in getattr(w, "children", ()) or ():
                walk(child)
            for attr in ("toolbar", "layout", "style"):
                walk(getattr(w, attr, None))
            yield_list.append(w)

        yield_list = []
        walk(self.widget)
        for w in [*self.controls.values(), self.readout, self.fat_text, self.curve_note,
                  *self._images.values(), *(f.canvas for f in self.figures.values())]:
            walk(w)
        for w in yield_list:
            close = getattr(w, "close", None)
            if callable(close) and hasattr(w, "comm"):
                close()

    # -- controls -> params ----------------------------------------------------
    @property
    def fat_mode(self) -> str:
        return self.controls["fat_mode"].value

    @property
    def sex(self) -> str:
        return self.controls["sex"].value

    @property
    def params(self) -> Params:
        """The parameters the controls describe now."""
        return self.result.params

    def _control_values(self) -> dict[str, Any]:
        return {n: wd.value for n, wd in self.controls.items() if n != "reset"}

    def _value(self, name: str) -> float:
        """A slider's value clipped to the field's range (``10**min`` of a log
        slider, or a value typed into the readout, may fall a rounding error
        outside it)."""
        s = field_spec(name)
        return float(min(max(float(self.controls[name].value), s.low), s.high))

    def _params_from_controls(self) -> Params:
        c = self.controls
        fat = self._value("fat_mm")
        fs = self._value("superficial_fraction")
        values = dict(
            fat_mm=fat, ligament=bool(c["ligament"].value), superficial_fraction=fs,
            muscle=self._value("muscle"),
            lipo_depth_mm=min(max(float(c["lipo_depth_mm"].value), 0.0), fs * fat),
            light_elevation_deg=self._value("light_elevation_deg"),
            light_azimuth_deg=self._value("light_azimuth_deg"),
            view_distance_m=self._value("view_distance_m"),
        )
        return dataclasses.replace(self._base, **values)

    @contextmanager
    def _holding(self):
        """Change widgets without triggering updates (one update at the end)."""
        old = self._syncing
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = old

    def _sync_dependents(self):
        """Enable/disable by mode, fat from body fat, lipo maximum from superficial fat."""
        c = self.controls
        with self._holding():
            bodyfat = c["fat_mode"].value == "bodyfat"
            c["body_fat"].disabled = not bodyfat
            c["sex"].disabled = not bodyfat
            c["fat_mm"].disabled = bodyfat
            if bodyfat:
                t, _, _ = _fat_for_bf(c["body_fat"].value, c["sex"].value)
                c["fat_mm"].value = t
            t_s = self._value("superficial_fraction") * self._value("fat_mm")
            lipo = c["lipo_depth_mm"]
            if lipo.value > t_s:
                lipo.value = t_s
            lipo.max = t_s       # max first would clip the value the same way
            lipo.disabled = t_s <= 0.0

    def _band(self):
        if self.fat_mode != "bodyfat":
            return None
        _, lo, hi = _fat_for_bf(self.controls["body_fat"].value, self.sex)
        return (lo, hi)

    def _fat_to_bf(self, t):
        t = np.asarray(t, dtype=float)
        return t + 12.0 if self.sex == "female" else t / 0.8 + 5.0

    def _bf_to_fat(self, bf):
        bf = np.asarray(bf, dtype=float)
        return bf - 12.0 if self.sex == "female" else 0.8 * (bf - 5.0)

    def _secondary_label(self):
        bodyfat = self.fat_mode == "bodyfat"
        self._secondary.set_visible(bodyfat)
        self._secondary.spines["top"].set_visible(bodyfat)
        self._secondary.set_xlabel(f"body fat, {self.sex} (%, estimate)" if bodyfat else "",
                                   fontsize=style.SMALL_SIZE - 2)

    # -- events ----------------------------------------------------------------
    def _on_control(self, change):
        if self._syncing:
            return
        name = self._names.get(id(change["owner"]), "?")
        with self._holding():
            if name == "preset":
                if change["new"] != CUSTOM:
                    self._apply_preset(change["new"])
            elif self.controls["preset"].value != CUSTOM:
                self.controls["preset"].value = CUSTOM   # the settings are now custom
        self._sync_dependents()
        # the body-fat axis of the VI plot depends on the mode and the sex
        full = {"visibility"} if name in ("fat_mode", "sex", "preset") else set()
        self._refresh(full)

    def _apply_preset(self, key: str):
        preset = PRESETS[key]
        c = self.controls
        c["fat_mode"].value = "bodyfat"
        c["body_fat"].value = preset["body_fat"][c["sex"].value]
        c["ligament"].value = preset["ligament"]
        c["superficial_fraction"].value = preset["superficial_fraction"]
        c["muscle"].value = preset["muscle"]
        self._sync_dependents()                  # fat and the lipo maximum first
        c["lipo_depth_mm"].value = min(preset["lipo_depth_mm"], c["lipo_depth_mm"].max)

    def apply_preset(self, key: str) -> None:
        """Choose a preset by name (same as picking it in the dropdown)."""
        if key not in PRESETS:
            raise ValueError(f"preset = {key!r} is not known; the presets are: {', '.join(PRESETS)}")
        self.controls["preset"].value = key

    def reset(self) -> None:
        """Put every control back where it started and update once."""
        c = self.controls
        with self._holding():
            for name in ("preset", "fat_mode", "sex", "body_fat", "fat_mm", "ligament",
                         "superficial_fraction", "muscle", "light_elevation_deg",
                         "light_azimuth_deg", "view_distance_m"):
                c[name].value = self._initial[name]
            self._sync_dependents()
            c["lipo_depth_mm"].value = min(self._initial["lipo_depth_mm"], c["lipo_depth_mm"].max)
        self._sync_dependents()
        self._refresh({"visibility"})

    # -- the update ------------------------------------------------------------
    def _curve_key_of(self, p: Params):
        return tuple(getattr(p, n) for n in SURFACE_FIELDS if n != "fat_mm")

    @staticmethod
    def _viewing_of(p: Params):
        return tuple(getattr(p, n) for n in VIEWING_FIELDS)

    def _curve_stale(self, p: Params) -> bool:
        return self._curve_key_of(p) != self._curve_key or self._viewing_of(p) != self._curve_viewing

    def _compute_curve(self, p: Params) -> None:
        """VI against fat: new surfaces if the shape changed, else re-lit cached ones."""
        key = self._curve_key_of(p)
        viewing = {n: getattr(p, n) for n in VIEWING_FIELDS}
        if key != self._curve_key or not self._curve_results:
            results = []
            for fat in self.curve_fat_mm:
                fat = float(fat)
                q = dataclasses.replace(p, fat_mm=fat, grid=self.curve_grid,
                                        lipo_depth_mm=min(p.lipo_depth_mm, p.superficial_fraction * fat))
                results.append(simulate(q))
            self._curve_key = key
        else:
            results = [simulate(dataclasses.replace(r.params, **viewing), previous=r)
                       for r in self._curve_results]
        self._curve_results = results
        self._curve_viewing = self._viewing_of(p)
        self.curve = (self.curve_fat_mm, np.array([r.visibility_index for r in results]))

    def _event_loop(self):
        """The running asyncio loop of a live Jupyter kernel, else None."""
        import asyncio
        import sys

        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
        if getattr(shell, "kernel", None) is None:
            return None     # a script, a test, a plain IPython terminal
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    def _defer_curve_update(self) -> bool:
        """Schedule a curve update for when the sliders rest; False: do it now."""
        if self.defer_curve is False:
            return False
        loop = self._event_loop()
        if loop is None and not self.defer_curve:
            return False
        if self._curve_handle is not None:
            self._curve_handle.cancel()
            self._curve_handle = None
        self._curve_pending = True
        if loop is not None:
            self._curve_handle = loop.call_later(self.curve_delay_s, self.flush)
        return True

    @property
    def curve_pending(self) -> bool:
        """True while the curve waits for a deferred update."""
        return self._curve_pending

    def flush(self) -> None:
        """Do a deferred curve update now (no-op when the curve is current)."""
        if self._curve_handle is not None:
            self._curve_handle.cancel()
            self._curve_handle = None
        if not self._curve_pending or self._closed:
            return
        self._curve_pending = False
        t0 = time.perf_counter()
        r = self.result
        if self._curve_stale(r.params):
            self._compute_curve(r.params)
        self.visibility.update(r, self.curve, self._band())
        self._blitters["visibility"].update()
        self._refresh_images(["visibility"])
        self.timings["curve_ms"] = 1e3 * (time.perf_counter() - t0)

    def _refresh(self, full: set[str] | None = None) -> None:
        """Simulate the controls' parameters and update the views in place.

        Parameters
        ----------
        full : set of str, optional
            Figures whose static content changed and need a full redraw.
        """
        full = set(full or ())
        t0 = time.perf_counter()
        p = self._params_from_controls()
        prev = self.result
        r = simulate(p, previous=prev)          # reuses the surface if only viewing changed
        viewing_only = prev is not None and r.surface_mm is prev.surface_mm
        self.result = r
        curve_changed = False
        if self._curve_stale(p):
            if not self._defer_curve_update():
                self._compute_curve(p)
                curve_changed = True
        t1 = time.perf_counter()
        dirty = ["back", "visibility"]
        self.back.update(r)
        if not viewing_only:
            if self.section.update(r):
                full.add("section")
            dirty.append("section")
        self.visibility.update(r, self.curve if curve_changed else None, self._band(),
                               stale=self._curve_pending)
        if "visibility" in full:
            with style.context():
                self._secondary_label()
        for name in dirty:
            if name in full:
                self._blitters[name].full_draw()
            else:
                self._blitters[name].update()
        t2 = time.perf_counter()
        self._update_text()
        self._refresh_images(dirty)
        self.updates += 1
        self.timings = {"model_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1),
                        "total_ms": 1e3 * (time.perf_counter() - t0),
                        "viewing_only": viewing_only, "curve_recomputed": curve_changed,
                        "curve_deferred": self._curve_pending, "full_draws": sorted(full)}

    def _update_text(self):
        r = self.result
        p = r.params
        ok = style.OKABE_ITO["bluish_green"]
        word = "Visible" if r.visible else "Not visible"
        color = ok if r.visible else style.color("highlight")
        lig = "" if p.ligament else " · no ligament"
        lipo = f" · {p.lipo_depth_mm:.1f} mm liposculpture" if p.lipo_depth_mm > 0 else ""
        self.readout.value = (
            f"<div style='font-size:1.15em'><b style='color:{color}'>{word}</b>: "
            f"VI = <b>{_fmt_vi(r.visibility_index)}</b> (visible at VI ≥ 1) · "
            f"{p.fat_mm:.1f} mm of fat{lig}{lipo}</div>"
            f"<div>pit {r.depth_mm:.2f} mm deep, {r.width_mm:.1f} mm wide · contrast "
            f"{100 * r.contrast:.2f} % (threshold {100 * r.threshold:.2f} % at "
            f"{r.frequency_cpd:.2f} cycles/°)</div>"
        )
        if self.fat_mode == "bodyfat":
            bf = self.controls["body_fat"].value
            t, lo, hi = _fat_for_bf(bf, self.sex)
            self.fat_text.value = (
                f"<small>{self.sex}, {bf:.1f} % body fat → about <b>{t:.1f} mm</b> of fat over the "
                f"PSIS (estimate; ±50 % band {lo:.1f}–{hi:.1f} mm, shaded on the VI plot)</small>")
        else:
            self.fat_text.value = (
                f"<small>fat over the PSIS set directly: <b>{p.fat_mm:.1f} mm</b> "
                f"(superficial {p.superficial_fat_mm:.1f} mm, deep {p.deep_fat_mm:.1f} mm)</small>")

    # -- for notebooks and tests -------------------------------------------------
    @property
    def alt_text(self) -> str:
        """The current state in words, with the key numbers."""
        r = self.result
        p = r.params
        return (
            f"Dimple explorer: {p.fat_mm:.1f} mm of fat over the PSIS"
            + ("" if p.ligament else ", no ligament")
            + (f", {p.lipo_depth_mm:.1f} mm of liposculpture" if p.lipo_depth_mm > 0 else "")
            + f", light {p.light_elevation_deg:.0f}° above the skin at azimuth "
            f"{p.light_azimuth_deg:.0f}°, seen from {p.view_distance_m:.1f} m. "
            f"Pit {r.depth_mm:.2f} mm deep and {r.width_mm:.1f} mm wide; contrast "
            f"{100 * r.contrast:.2f} % against a threshold of {100 * r.threshold:.2f} %: "
            f"visibility index {_fmt_vi(r.visibility_index)}, "
            f"{'visible' if r.visible else 'not visible'}."
        )

    def __repr__(self) -> str:
        return f"<Explorer: {self.alt_text}>"


def explore(params: Params | None = None, **kwargs) -> Explorer:
    """Open the dimple explorer.

    Parameters
    ----------
    params : Params, optional
        Starting parameters (default ``Params()``, set by body fat %).
    **kwargs
        Passed to :class:`Explorer` (``fat_mode``, ``canvas``, ``blit``,
        ``curve_points``, ``curve_grid``, ``dpi``).

    Returns
    -------
    Explorer
        Display it (last expression of a cell) to use it; in JupyterLab run
        ``%matplotlib widget`` first for the interactive figures.
    """
    return Explorer(params, **kwargs)


class _Snapshot:
    def __init__(self, fig, alt_text, min_text_pt=None):
        self.fig = fig
        self.alt_text = alt_text
        self.min_text_pt = min_text_pt  # of the views it is a picture of


def static_figure(params: Params | None = None, *, dpi: float = 100.0) -> _Snapshot:
    """The explorer's views for ``params`` in one plain (Agg) figure, with alt text.

    For static readers (nbconvert HTML, GitHub) who have no live kernel:
    ``venusedu.display.show(static_figure())``.

    Returns
    -------
    object with ``fig`` (matplotlib Figure) and ``alt_text`` (str)
    """
    app = Explorer(params, canvas="agg", dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from venusedu.display import smallest_text_pt

    figs = [app.figures[n] for n in ("back", "section", "visibility")]
    bufs = [np.asarray(f.canvas.buffer_rgba()) for f in figs]
    sizes = [pt for pt in map(smallest_text_pt, figs) if pt is not None]
    top = np.concatenate([bufs[0], bufs[1]], axis=1)
    bottom = bufs[2]
    width = max(top.shape[1], bottom.shape[1])

    def pad(a):
        out = np.full((a.shape[0], width, 4), 255, dtype=np.uint8)
        out[:, : a.shape[1]] = a
        return out

    pixels = np.concatenate([pad(top), pad(bottom)], axis=0)
    fig = Figure(figsize=(pixels.shape[1] / dpi, pixels.shape[0] / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.figimage(pixels, 0, 0, origin="upper")
    alt = app.alt_text.replace("Dimple explorer:", "The explorer at its starting point:")
    app.close()
    return _Snapshot(fig, alt, min(sizes) if sizes else None)
