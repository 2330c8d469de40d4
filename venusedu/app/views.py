"""The explorer's three figures, built from the drawings of :mod:`venusedu.diagrams`.

* :class:`BackFigure` -- what the eye sees: :class:`~venusedu.diagrams.ShadedBack`
  (luminance-correct shading, marks at the dimples outside the frame, compass)
  and beside it :class:`~venusedu.diagrams.SignalView` (what the eye's
  contrast filter picks out). Not at true size: the caption says how much
  larger or smaller than true size it is drawn.
* :class:`SectionFigure` -- :class:`~venusedu.diagrams.CrossSection` through
  the right PSIS, to scale, with a fixed height range
  (:func:`~venusedu.diagrams.section_zlim`) so the axes stay still.
* :class:`VisibilityFigure` -- a gauge of VI with its band and the threshold,
  and VI against fat for the current settings with the current point, the
  ±50 % fat band of the body-fat estimate and a body-fat axis.

Each has ``fig`` (an Agg figure of a fixed pixel size), ``update(...)``,
``changing_artists()`` (for :class:`~venusedu.app.canvas.Blitter`), ``alt_text``
and ``caption``. Sizes are in points (at ``dpi`` 72 a point is a CSS pixel).
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .. import style
from ..bodyfat import body_fat_line, fat_line
from ..diagrams import CrossSection, ShadedBack, SignalView, format_vi, section_zlim, true_size_pixels, verdict
from ..model import Result
from ..params import Params, field_spec
from .canvas import new_agg_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["BackFigure", "SectionFigure", "VisibilityFigure", "View", "VI_LIMITS", "BACK_VIEW_MM"]

#: Fixed range of the visibility-index axes (log scale). VI = 0 (no pit) and
#: larger values are drawn at the edges of this range; the readout has the number.
VI_LIMITS = (0.01, 100.0)
#: Half-width of the shaded back shown, mm (both dimples and some back around them).
BACK_VIEW_MM = 100.0


class View(Protocol):
    """What the explorer reads of each of its three figures (the classes below)."""

    fig: Figure

    def changing_artists(self) -> list:
        """The artists an update changes (for :class:`~venusedu.app.canvas.Blitter`)."""
        ...

    @property
    def alt_text(self) -> str:
        """What the figure shows, in words."""
        ...

    @property
    def caption(self) -> str:
        """The line under the figure's picture."""
        ...


def _axes_px(fig, left, bottom, width, height):
    W, H = fig.get_size_inches() * 72.0
    return fig.add_axes((left / W, bottom / H, width / W, height / H))


class BackFigure:
    """The shaded back and the filtered signal, side by side."""

    SIZE_PX = (560, 270)
    PANEL_PX = (230, 138)

    def __init__(self, result: Result, *, dpi: float = 72.0):
        self.fig = new_agg_figure(self.SIZE_PX, dpi)
        w, h = self.PANEL_PX
        with style.context():
            # the signal panel leaves 68 px on the right for its colour bar, ticks and label
            ax = _axes_px(self.fig, 12, 62, w, h)
            ax_sig = _axes_px(self.fig, 262, 62, w, h)
            # both pictures at the screen's pixels (resampled as luminance, no second resampling)
            self.back = ShadedBack(
                result,
                ax,
                compact=True,
                title="What the eye sees",
                view_mm=BACK_VIEW_MM,
                true_size=False,
                signal=False,
                screen_pixels=True,
            )
            self.signal = SignalView(result, ax_sig, view_mm=BACK_VIEW_MM, screen_pixels=True)
            ax_sig.set_title("What the eye's filter\npicks out", fontsize=style.SMALL_SIZE, pad=12, fontweight="bold")
            # the colour bar's label in words that fit beside a 138 px bar
            self.signal.artists["colorbar"].set_label("contrast (× threshold)", fontsize=style.SMALL_SIZE)
        self.update(result)

    def update(self, result: Result) -> None:
        """Draw ``result`` in place (both panels)."""
        self.back.update(result)
        self.signal.update(result)
        self.result = result

    def changing_artists(self) -> list:
        """The artists :meth:`update` changes, of both panels."""
        return self.back.changing_artists() + self.signal.changing_artists()

    def magnification(self, params: Params) -> float:
        """How many times larger than true size the picture is drawn (at 100 % zoom, 50 cm)."""
        true_px = true_size_pixels(2 * BACK_VIEW_MM, params.view_distance_m)
        return self.PANEL_PX[0] / true_px

    @property
    def caption(self) -> str:
        """A line under the pictures: how large the back is drawn, and what each panel shows."""
        p = self.result.params
        k = self.magnification(p)
        size = (
            "at about its true size"
            if 0.9 <= k <= 1.1
            else f"{k:.1f} times larger than true size"
            if k > 1
            else f"at {k:.2f} of its true size"
        )
        return (
            f"Left: the shading as displayed luminance (its contrast is the model's), drawn {size} "
            f"for a back seen from {p.view_distance_m:.2f} m (true size: as large as it looks from "
            f"{p.view_distance_m:.2f} m when this screen is 50 cm away at 100 % zoom). Right: the same "
            "dimples through the eye's contrast filter, in threshold units (dashed: at the threshold)."
        )

    @property
    def alt_text(self) -> str:
        """What both panels show, in words."""
        return f"{self.back.alt_text} Beside it: {self.signal.alt_text}"


class SectionFigure:
    """The cross-section through the right PSIS, to scale, with a fixed height range."""

    SIZE_PX = (560, 330)

    def __init__(self, result: Result, *, dpi: float = 72.0, base: Params | None = None):
        base = result.params if base is None else base
        # the height range fits every fat and muscle the sliders allow
        zlim = section_zlim(
            field_spec("fat_mm").bounds[1],
            dataclasses.replace(base, muscle=field_spec("muscle").bounds[1], lipo_depth_mm=0.0),
        )
        self.fig = new_agg_figure(self.SIZE_PX, dpi)
        x_span = 2 * 45.0
        w = 240
        h = int(round(w * (zlim[1] - zlim[0]) / x_span))
        with style.context():
            ax = _axes_px(self.fig, 134, 58, w, h)  # room for the tether's label on the left
            self.section = CrossSection(result, ax, zlim=zlim, show_verdict=False)
        self.update(result)

    def update(self, result: Result) -> None:
        """Draw ``result`` in place."""
        self.section.update(result)
        self.result = result

    def changing_artists(self) -> list:
        """The artists :meth:`update` changes."""
        return self.section.changing_artists()

    @property
    def caption(self) -> str:
        """A line under the cross-section."""
        return "Layers through the right PSIS, drawn to scale (1 mm across is 1 mm up)."

    @property
    def alt_text(self) -> str:
        """What the cross-section shows, in words."""
        return self.section.alt_text


class VisibilityFigure:
    """Gauge of VI (band, threshold at 1) and VI against fat with the current point.

    The gauge's two zones are labelled in words ("visible" above the
    threshold, "not visible" below); the zone the bar ends in is framed, the
    band of VI (the observers' spread) is the thin line across the bar. Out
    of linear theory there is no bar and no number, and the curve is dotted
    where its points are out of it. While the curve waits for a deferred
    update it is drawn faded.
    """

    SIZE_PX = (560, 220)

    def __init__(self, result: Result, *, dpi: float = 72.0):
        self.fig = fig = new_agg_figure(self.SIZE_PX, dpi)
        ok, no = style.OKABE_ITO["bluish_green"], style.color("highlight")
        self._colors = (ok, no)
        with style.context():
            self.ax_gauge = _axes_px(fig, 62, 48, 42, 128)
            self._add_gauge(self.ax_gauge)
            self._add_gauge_marks(self.ax_gauge)
            self.ax_curve = _axes_px(fig, 140, 48, 380, 128)
            self._add_curve(self.ax_curve)
        self.sex = "female"
        self.bodyfat = True
        self.stale = False
        self._curve: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.set_axis("female", True)

    def _add_gauge(self, ax) -> None:
        """The gauge's log axis, its two zones with their words, the threshold and the zone's frame."""
        from matplotlib.patches import Rectangle

        lo, hi = VI_LIMITS
        ok, no = self._colors
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, 1)
        ax.set_xticks([])
        ax.set_ylabel("visibility (× threshold)", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2)
        ax.add_patch(Rectangle((0, 1.0), 1, hi - 1.0, color=style.tint(ok, 0.25), lw=0, zorder=0))
        ax.add_patch(Rectangle((0, lo), 1, 1.0 - lo, color=style.tint(no, 0.25), lw=0, zorder=0))
        self.gauge_threshold = ax.axhline(1.0, color=style.color("text"), lw=1.5, ls="--", zorder=3)
        self.frame = ax.add_patch(
            Rectangle(
                (0.03, 1.0),
                0.94,
                hi - 1.0,
                fill=False,
                lw=2.5,
                edgecolor=style.color("text"),
                zorder=5,
                clip_on=False,
            )
        )
        tr = ax.get_yaxis_transform()
        # The two words sit in the middle of their halves of the log scale.
        self.words = [
            ax.text(
                0.74,
                10 ** (0.5 * math.log10(end)),
                word,
                transform=tr,
                rotation=90,
                ha="center",
                va="center",
                fontsize=style.SMALL_SIZE - 3,
                zorder=4,
            )
            for word, end in (("visible", hi), ("not visible", lo))
        ]

    def _add_gauge_marks(self, ax) -> None:
        """The gauge's bar, the band of VI across it, the number under it and its title."""
        from matplotlib.patches import Rectangle

        lo = VI_LIMITS[0]
        ok = self._colors[0]
        self.bar = ax.add_patch(Rectangle((0.1, lo), 0.38, 0.0, color=ok, zorder=2))
        (self.band_line,) = ax.plot(
            [0.29, 0.29], [1.0, 1.0], color=style.color("text"), lw=2.0, solid_capstyle="butt", zorder=4
        )
        self.number = ax.text(
            0.5, -0.04, "", transform=ax.transAxes, ha="center", va="top", fontsize=style.SMALL_SIZE, zorder=5
        )
        ax.set_title("VI", fontsize=style.SMALL_SIZE)

    def _add_curve(self, ax) -> None:
        """VI against fat: the threshold, the fat band, the curve (solid and dotted), the point, the body-fat axis."""
        from matplotlib.patches import Rectangle

        lo, hi = VI_LIMITS
        fat = field_spec("fat_mm")
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, fat.high)
        ax.set_xlabel("fat over the PSIS (mm)", fontsize=style.SMALL_SIZE)
        ax.tick_params(labelsize=style.SMALL_SIZE - 2, labelleft=False)
        self.curve_threshold = ax.axhline(1.0, color=style.color("text"), lw=1.5, ls="--", zorder=3)
        ax.text(
            1.005,
            1.0,
            "VI = 1",
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=style.SMALL_SIZE - 3,
        )
        self.band = ax.add_patch(
            Rectangle(
                (0.0, 0.0),
                0.0,
                1.0,
                transform=ax.get_xaxis_transform(),
                color=style.tint(style.OKABE_ITO["sky_blue"], 0.35),
                zorder=0,
                lw=0,
            )
        )
        (self.curve,) = ax.plot([], [], color=style.OKABE_ITO["blue"], lw=2.0, zorder=4)
        (self.curve_beyond,) = ax.plot([], [], color=style.OKABE_ITO["blue"], lw=1.5, ls=":", zorder=4)
        (self.point,) = ax.plot(
            [],
            [],
            "o",
            markersize=10,
            color=style.color("highlight"),
            markeredgecolor=style.color("text"),
            zorder=6,
        )
        self.secondary = ax.secondary_xaxis("top", functions=(self.fat_to_body_fat, self.body_fat_to_fat))
        self.secondary.tick_params(labelsize=style.SMALL_SIZE - 2)

    # -- body-fat axis (static: a change is a full draw) --------------------------
    def fat_to_body_fat(self, t):
        """The body-fat axis' transform: fat over the PSIS (mm) to body fat (%)."""
        return body_fat_line(t, self.sex)

    def body_fat_to_fat(self, bf):
        """The inverse transform: body fat (%) to fat over the PSIS (mm)."""
        return fat_line(bf, self.sex)

    def set_axis(self, sex: str, bodyfat: bool) -> None:
        """Show the body-fat axis of ``sex`` (or none in the thickness mode)."""
        self.sex, self.bodyfat = sex, bool(bodyfat)
        with style.context():
            self.secondary.set_visible(self.bodyfat)
            self.secondary.spines["top"].set_visible(self.bodyfat)
            self.secondary.set_xlabel(
                f"body fat, {sex} (%, estimate)" if self.bodyfat else "", fontsize=style.SMALL_SIZE - 2
            )

    def changing_artists(self) -> list:
        """The artists :meth:`update` changes: the gauge, the band and the curve with its point."""
        arts = [
            self.frame,
            self.bar,
            self.band_line,
            self.number,
            self.gauge_threshold,
            *self.ax_gauge.spines.values(),
            self.band,
            self.curve_threshold,
            self.curve,
            self.curve_beyond,
            self.point,
            *self.ax_curve.spines.values(),
        ]
        # the band lies under the body-fat axis' line at the top
        arts.append(self.secondary.spines["top"])
        return arts

    @staticmethod
    def _clip(vi):
        return np.clip(np.asarray(vi, dtype=float), *VI_LIMITS)

    def update(self, result: Result, curve=None, band=None, stale: bool = False) -> None:
        """Show ``result``; ``curve`` = (fat, vi, linear) when it changed; ``band`` = (low, high) mm or None."""
        self.result = result
        self.stale = bool(stale)
        self.curve.set_alpha(0.3 if stale else 1.0)
        self.curve_beyond.set_alpha(0.3 if stale else 1.0)
        vi = float(result.visibility_index)
        lo, hi = VI_LIMITS
        ok, no = self._colors
        linear = bool(result.linear)
        self.bar.set_visible(linear)
        self.band_line.set_visible(linear and vi > 0)
        self.frame.set_visible(linear)
        self.bar.set_height(float(self._clip(vi)) - lo)
        self.bar.set_color(ok if vi >= 1.0 else no)
        self.band_line.set_ydata([float(self._clip(result.vi_low)), float(self._clip(result.vi_high))])
        if vi >= 1.0:
            self.frame.set_y(1.0)
            self.frame.set_height(hi - 1.0)
        else:
            self.frame.set_y(lo)
            self.frame.set_height(1.0 - lo)
        self.number.set_text(format_vi(vi) if linear else "beyond\nthe model")
        self.point.set_data([result.params.fat_mm], [float(self._clip(vi))])
        self.point.set_markerfacecolor(style.color("highlight") if linear else "white")
        if curve is not None:
            fat, v, lin = curve
            v = self._clip(v)
            self.curve.set_data(fat, np.where(lin, v, np.nan))
            # dotted where out of linear theory, joined to the neighbouring solid points
            beyond = lin.copy() == False  # noqa: E712 - array comparison
            join = beyond | np.concatenate([beyond[1:], [False]]) | np.concatenate([[False], beyond[:-1]])
            self.curve_beyond.set_data(fat, np.where(join, v, np.nan))
            self._curve = (np.asarray(fat), np.asarray(curve[1]), np.asarray(lin))
        if band is None:
            self.band.set_visible(False)
        else:
            self.band.set_visible(True)
            a, b = band
            self.band.set_x(a)
            self.band.set_width(b - a)
        self._band = band

    @property
    def caption(self) -> str:
        """A line under the gauge and the curve: how to read them."""
        return (
            "VI above 1: visible. The thin line on the bar is VI's band (observers differ); "
            "the curve is VI against fat for the settings on the left"
            + (", shaded: the ±50 % band of the fat estimate" if self._band is not None else "")
            + "."
        )

    @property
    def alt_text(self) -> str:
        """The gauge's verdict and the curve's course, in words."""
        r = self.result
        if r.linear:
            gauge = f"Visibility gauge: {verdict(r)}, threshold at VI = 1."
        else:
            gauge = f"Visibility gauge: no VI, the result is beyond the model: {'; '.join(r.validity)}."
        text = [gauge]
        if self._curve is not None:
            fat, vi, lin = self._curve
            ok = lin & (vi > 0)
            crossing = ""
            for k in range(len(fat) - 1):
                if ok[k] and ok[k + 1] and (vi[k] - 1.0) * (vi[k + 1] - 1.0) < 0:
                    a, b = math.log(vi[k]), math.log(vi[k + 1])
                    f = fat[k] + (fat[k + 1] - fat[k]) * (0.0 - a) / (b - a)
                    crossing = f" It crosses VI = 1 at about {f:.0f} mm."
                    break
            span = (
                f" From {format_vi(vi[ok][0])} at {fat[ok][0]:.0f} mm to {format_vi(vi[ok][-1])} at "
                f"{fat[ok][-1]:.0f} mm."
                if ok.any()
                else " VI is 0 at every fat."
            )
            text.append(
                "Curve of VI against fat over the PSIS for these settings"
                + ("" if not self.stale else " (being updated)")
                + "."
                + span
                + crossing
                + (" Dotted where leaner backs are beyond the model." if (~lin).any() else "")
            )
        text.append(f"The current point is at {r.params.fat_mm:.1f} mm of fat.")
        if self._band is not None:
            text.append(f"Shaded: the fat estimate's band, {self._band[0]:.1f} to {self._band[1]:.1f} mm.")
        return " ".join(text)
