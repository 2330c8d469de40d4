"""What the eye's contrast sensitivity picks out of the dimples (:class:`SignalView`).

Also the helpers that cut the model's grid to a view (``_view_slices``,
``_slice_extent``), shared with :class:`~venusedu.drawing.shaded.ShadedBack`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.collections import LineCollection

from .. import style
from ..vision import format_vi
from .base import Drawing, _check_ax, _check_result, _in_drawing_order, _new_figure, _set_limits
from .pixels import PixelImage


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
    colorbar : bool
        Draw the colour bar beside the map (default True).
    screen_pixels : bool
        Resample the signal to the pixels of ``ax`` on the screen and draw it
        without resampling again (:mod:`venusedu.drawing.pixels`; the explorer).
    """

    LIMIT = 3.0

    def __init__(
        self, result, ax=None, *, view_mm: float | None = None, colorbar: bool = True, screen_pixels: bool = False
    ):
        result = _check_result(result)
        _check_ax(ax)
        self.view_mm = view_mm
        self.screen_pixels = bool(screen_pixels)
        artists: dict[str, Any] = {}
        with style.context():
            fig, ax = _new_figure((5.0, 5.0), ax)
            ax.set_aspect("equal")
            if self.screen_pixels:
                artists["image"] = PixelImage.add(ax, rgb=False, cmap="PuOr_r", zorder=0)
                artists["image"].set_clim(-self.LIMIT, self.LIMIT)
            else:
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
            _set_limits(self.ax, (-vx, vx), (-vy, vy))
        else:
            e = result.image_extent
            _set_limits(self.ax, (e[0], e[1]), (e[2], e[3]))
        # the grid cut to the view (one pixel beyond): the same pixels and lines inside it
        xlim, ylim = self.ax.get_xlim(), self.ax.get_ylim()
        rows, cols = _view_slices(result, xlim, ylim)
        sig = np.asarray(result.signal)[rows, cols]
        if self.screen_pixels:
            a["image"].show_field(result.signal, result.x_mm, result.y_mm, xlim, ylim)
        else:
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
