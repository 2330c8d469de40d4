"""What the eye sees: the shaded lower back (:class:`ShadedBack`, :func:`shaded_back`).

With the true-size helpers: :func:`true_size_pixels` (how many pixels make the
picture look as large as the back does from the viewing distance), the
resampling of the grid to those pixels, and the notes on the picture.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

from .. import style
from .base import Drawing, _check_ax, _check_result, _fmt_mm, _in_drawing_order, _set_limits, light_in_words, verdict
from .pixels import PixelImage, bilinear_periodic
from .signal_map import SignalView, _slice_extent, _view_slices


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
    signal : bool, optional
        Draw :class:`SignalView` beside it (default: in a new, non-compact figure).
    screen_pixels : bool
        Compute the picture at the pixels of ``ax`` on the screen: the shading is
        resampled as luminance, then encoded and dithered per screen pixel, and
        drawn without resampling (:mod:`venusedu.drawing.pixels`; the explorer).
        Default False: the grid's pixels, resampled by matplotlib.

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
        screen_pixels: bool = False,
    ):
        result = _check_result(result)
        _check_ax(ax)
        self.screen_pixels = bool(screen_pixels)
        self.compact = bool(compact)
        self.panel_title = title
        self.view_mm = view_mm
        own = ax is None
        self.true_size = own if true_size is None else bool(true_size)
        with_signal = (own and not compact) if signal is None else bool(signal)
        self.signal_view = None
        self.native_dpi = style.FIGURE_DPI
        with style.context():
            if own:
                fig, ax, ax_sig, H = self._true_size_figure(result, with_signal)
            else:
                fig, ax_sig, H = ax.figure, None, None
            ax.set_aspect("equal")
            artists = self._add_picture(ax)
            artists.update(self._add_light(ax))
            artists.update(self._add_texts(fig, ax, H))
        super().__init__(fig, ax, "", artists)
        self.exact_pixels = own and self.true_size
        if own and with_signal:
            self.signal_view = SignalView(result, ax_sig, view_mm=view_mm)
        self.update(result)

    def _true_size_figure(self, result, with_signal: bool):
        """A new figure in whole pixels around a true-size picture (and the signal map's axes beside it).

        Returns the figure, the picture's axes, the signal map's axes (or
        ``None``) and the figure's height in inches.
        """
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
        ax_sig = None
        if with_signal:
            ax_sig = fig.add_axes(((left + nx + gap) / Wp, bottom / Hp, nx / Wp, ny / Hp))
        H = Hp / dpi
        return fig, ax, ax_sig, H

    def _add_picture(self, ax) -> dict[str, Any]:
        """The picture (empty until ``update``), the marks at the frame, the axis labels and the frame."""
        compact = self.compact
        artists: dict[str, Any] = {}
        if self.screen_pixels:
            artists["image"] = PixelImage.add(ax, rgb=True, zorder=0)
        else:
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
        return artists

    def _add_light(self, ax) -> dict[str, Any]:
        """The compass in the corner, with the light's arrow and its sun."""
        compact = self.compact
        artists: dict[str, Any] = {}
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
        return artists

    def _add_texts(self, fig, ax, H: float | None) -> dict[str, Any]:
        """The note on the picture, the title and the caption.

        ``H`` is the height in inches of a figure of its own (``None`` when
        drawing into given axes): only such a figure, when not compact, has a
        figure title and a caption.
        """
        compact = self.compact
        artists: dict[str, Any] = {}
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
        if H is not None and not compact:
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
        return artists

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
        xlim, ylim = self._limits(result)
        self._update_picture(result, xlim, ylim)
        self._update_marks(result.params, xlim, ylim)
        self._update_compass(result.params, xlim, ylim)
        self._update_texts(result)
        if self.signal_view is not None:
            self.signal_view.update(result)
        self.alt_text = self._alt(result, self.true_size, self.signal_view is not None)

    def _update_picture(self, result, xlim, ylim) -> None:
        """The shading as displayed luminance, and the view's limits."""
        img = self.artists["image"]
        _set_limits(self.ax, xlim, ylim)
        if self.screen_pixels:
            img.show_field(result.shading, result.x_mm, result.y_mm, xlim, ylim, encode=style.luminance_image)
            return
        if self.true_size:
            shape = self._pixels(result, xlim, ylim)
            intensity = bilinear_periodic(result.shading, result.x_mm, result.y_mm, xlim, ylim, shape)
            extent = (xlim[0], xlim[1], ylim[0], ylim[1])
        else:
            # the grid's own pixels, cropped to the view (one pixel beyond it) when there is one
            rows, cols = _view_slices(result, xlim, ylim)
            intensity = np.asarray(result.shading)[rows, cols]
            extent = _slice_extent(result, rows, cols)
        img.set_data(style.luminance_image(intensity))
        img.set_extent(extent)

    def _update_marks(self, p, xlim, ylim) -> None:
        """The marks outside the frame that point at the dimples."""
        a = self.artists
        x0, x1 = xlim
        y0, y1 = ylim
        half = float(p.dimple_spacing_mm) / 2.0
        pad_y = 0.035 * (y1 - y0)
        pad_x = 0.035 * (x1 - x0)
        a["marks_top"].set_data([-half, half], [y1 + pad_y, y1 + pad_y])
        a["marks_bottom"].set_data([-half, half], [y0 - pad_y, y0 - pad_y])
        a["marks_side"].set_data([x1 + pad_x], [0.0])

    def _update_compass(self, p, xlim, ylim) -> None:
        """The compass in the top-right corner: the sun at the light's azimuth, the arrow of its light."""
        a = self.artists
        x0, x1 = xlim
        y1 = ylim[1]
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

    def _update_texts(self, result) -> None:
        """The note about flat light, the title with the verdict and (not compact) the caption."""
        p = result.params
        a = self.artists
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
