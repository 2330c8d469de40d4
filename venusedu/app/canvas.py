"""Canvas plumbing: draw a figure's changing artists over a cached background.

A :class:`Blitter` owns one Agg figure. Its changing artists (the drawings'
``changing_artists()``, asked again after every update) are marked animated,
so a full ``canvas.draw()`` leaves them out; the figure's pixels then are the
static background, which is copied, and the changing artists are drawn over
it. An update restores the background and draws them again -- the same
operations in the same order, so a blitted frame and a full draw of the same
state have the same pixels (``tests/test_explorer.py`` checks it). A full
draw happens whenever the static content may have changed: the first frame,
a change of figure size or of any axes' limits (compared on every update), or
when the caller says so (:meth:`Blitter.full_draw`).

Text is the most expensive thing matplotlib rasterises, so tick labels and
axis labels stay in the background; the cost of an update is the changing
artists only.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .. import style

__all__ = ["Blitter", "DRAW_LOCK", "new_agg_figure"]

#: Held by every drawing of the explorer's figures and every update of an
#: explorer (:mod:`venusedu.app.explorer`, by
#: :func:`venusedu.app.plumbing.serialised`). JupyterLab 4.4 and later with
#: ipykernel 7 deliver widget messages on a kernel subshell's thread as well as
#: on the main thread, so two controls can change at once in two threads; the
#: figures, the FreeType fonts the text caches (:mod:`venusedu.app.textcache`)
#: share, and matplotlib's rcParams (which :func:`venusedu.style.context` sets
#: while drawing) are not thread-safe. Re-entrant: an update draws, and a
#: preset changes controls.
DRAW_LOCK = threading.RLock()


@functools.cache
def _hatch_width_per_artist() -> bool:
    from matplotlib.patches import Patch

    return hasattr(Patch, "set_hatch_linewidth")  # matplotlib >= 3.10


def _text_caching_canvas_class():
    """An Agg canvas whose renderer caches text (layouts and glyph bitmaps).

    matplotlib 3.11 rasterises every glyph of every string on every draw
    (``RendererAgg._draw_text_glyphs_and_boxes``): 2-4 ms for a label, more
    than the explorer's whole drawing budget when a dozen labels move with the
    layers. This renderer draws horizontal, non-math text from caches instead:
    the layout of each (string, font) and the bitmap of each glyph at each
    1/64-pixel offset, merged into one coverage mask per line and drawn at the
    line's origin rounded to whole pixels. For a whole-pixel origin the glyphs
    are the ones matplotlib renders (FreeType gets the same 26.6 positions);
    where two glyphs overlap the mask keeps the larger coverage instead of
    blending twice. Rotated text and mathtext take matplotlib's own path.
    Used only by the explorer's figures; saved figures are untouched.

    The caches use FreeType entry points that matplotlib 3.11 has
    (``FT2Font._layout``, ``_render_glyph``, ``_set_transform``,
    ``ft2font.RenderMode``); with an older matplotlib (3.10 and before, the
    newest there is for Python 3.10) the plain Agg canvas is used, which
    draws the same figures, only slower. The renderer and its caches are in
    :mod:`venusedu.app.textcache`, imported only once the entry points are there.
    """
    global _CANVAS_CLASS
    if _CANVAS_CLASS is not None:
        return _CANVAS_CLASS
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    try:
        from matplotlib.ft2font import FT2Font, RenderMode  # noqa: F401 - only checked for
    except ImportError:  # matplotlib < 3.11
        _CANVAS_CLASS = FigureCanvasAgg
        return _CANVAS_CLASS
    if not all(hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform")):
        _CANVAS_CLASS = FigureCanvasAgg
        return _CANVAS_CLASS
    from .textcache import TextCachingCanvas  # the renderer and its caches (needs the entry points above)

    _CANVAS_CLASS = TextCachingCanvas
    return _CANVAS_CLASS


_CANVAS_CLASS: type | None = None


def new_agg_figure(size_pt: tuple[int, int], dpi: float):
    """A matplotlib Figure on a plain Agg canvas, ``size_pt`` = (width, height) in points.

    At ``dpi`` 72 a point is a pixel (a CSS pixel at 100 % zoom).
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size_pt[0] / 72.0, size_pt[1] / 72.0), dpi=dpi)
    _text_caching_canvas_class()(fig)
    return fig


class Blitter:
    """Keep ``fig``'s static background; redraw only ``artists()`` on an update.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        On an Agg canvas.
    artists : callable
        Returns the artists that change, in drawing order (asked after every update).
    blit : bool
        False: every update is a full draw (same pixels, slower).
    """

    def __init__(self, fig, artists: Callable[[], Iterable], *, blit: bool = True):
        self.fig = fig
        self._artists = artists
        self.use_blit = bool(blit)
        self._bg: Any = None  # the canvas's saved background (a BufferRegion)
        self._signature: tuple | None = None
        self.blits = 0

    def _current(self) -> list:
        arts = list(self._artists())
        for a in arts:
            a.set_animated(True)
        return arts

    def _static_signature(self) -> tuple:
        sig = [tuple(self.fig.canvas.get_width_height())]
        for ax in self.fig.axes:
            # the position as set (original=True skips apply_aspect; the limits are in the signature)
            sig.append((ax.get_xlim(), ax.get_ylim(), ax.get_visible(), tuple(ax.get_position(original=True).bounds)))
        return tuple(sig)

    def full_draw(self) -> None:
        """Draw everything now (the background is copied before the changing artists)."""
        with DRAW_LOCK:
            self._full_draw()

    def _full_draw(self) -> None:
        arts = self._current()
        with style.context():
            canvas = self.fig.canvas
            canvas.draw()
            self._bg = canvas.copy_from_bbox(self.fig.bbox)
            renderer = canvas.get_renderer()
            for a in arts:
                a.draw(renderer)
        self._signature = self._static_signature()

    def update(self, *, full: bool = False) -> None:
        """Show the changing artists' new state (a full draw when the background may be stale)."""
        with DRAW_LOCK:
            if full or not self.use_blit or self._bg is None or self._static_signature() != self._signature:
                self._full_draw()
                return
            arts = self._current()
            canvas = self.fig.canvas
            # The changing artists took venusedu's rcParams when they were made;
            # before matplotlib 3.10 a patch's hatch width is read when it is
            # drawn, so only then is the (costly) rc_context needed here.
            with contextlib.nullcontext() if _hatch_width_per_artist() else style.context():
                canvas.restore_region(self._bg)
                renderer = canvas.get_renderer()
                for a in arts:
                    a.draw(renderer)
            self.blits += 1

    @property
    def pixels(self) -> np.ndarray:
        """The figure's RGBA pixels now, ``(height, width, 4)`` uint8 (a view of the buffer)."""
        return np.asarray(self.fig.canvas.buffer_rgba())
