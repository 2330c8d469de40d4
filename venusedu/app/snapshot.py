"""The explorer's views as one still picture, for readers without a live kernel.

:func:`static_figure` builds an :class:`~venusedu.app.explorer.Explorer` on
Agg canvases (``canvas="agg"``), stacks the pixels of the views asked for into one figure
and joins their alt texts (``venusedu.display.show(static_figure())`` in
lesson 05, for nbconvert HTML and GitHub). It is importable from
:mod:`venusedu.app.explorer` too.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from ..params import Params

__all__ = ["static_figure", "VIEW_NAMES"]


class _Snapshot:
    def __init__(self, fig, alt_text, min_text_pt=None):
        self.fig = fig
        self.alt_text = alt_text
        self.min_text_pt = min_text_pt  # of the views it is a picture of


#: The explorer's views, top to bottom.
VIEW_NAMES = ("back", "section", "visibility")


def static_figure(
    params: Params | None = None, *, views: tuple[str, ...] | str = VIEW_NAMES, dpi: float = 100.0
) -> _Snapshot:
    """The explorer's views for ``params`` in one plain (Agg) figure, with alt text.

    For static readers (nbconvert HTML, GitHub) who have no live kernel:
    ``venusedu.display.show(static_figure())``.

    Parameters
    ----------
    params : Params, optional
        The parameters (default: the explorer's starting point).
    views : tuple of str or str
        Which views, stacked in this order: any of ``"back"`` (the shaded back),
        ``"section"`` (the cross-section) and ``"visibility"`` (the signal and
        its threshold). One view per figure fits a projected slide with 18 px
        text; all three stacked do not.
    dpi : float
        Pixels per inch of the views.

    Returns
    -------
    object with ``fig`` (matplotlib Figure), ``alt_text`` (str) and ``min_text_pt``

    Examples
    --------
    >>> static_figure(views=("back", "sky"))
    Traceback (most recent call last):
    ...
    ValueError: views: unknown view 'sky'; the views are 'back', 'section', 'visibility'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..display import smallest_text_pt
    from .explorer import Explorer

    if isinstance(views, str):
        views = (views,)
    if not isinstance(views, (tuple, list)) or not views:
        raise TypeError(f"views must be a non-empty tuple of view names, not {views!r}")
    for name in views:
        if name not in VIEW_NAMES:
            raise ValueError(f"views: unknown view {name!r}; the views are " + ", ".join(repr(v) for v in VIEW_NAMES))
    app = Explorer(params, canvas="agg", dpi=dpi)
    figs = [app.figures[n] for n in views]
    # canvas="agg": every figure is on an Agg canvas
    bufs = [np.asarray(cast(FigureCanvasAgg, f.canvas).buffer_rgba()).copy() for f in figs]
    sizes = [pt for pt in map(smallest_text_pt, figs) if pt is not None]
    width = max(b.shape[1] for b in bufs)

    def pad(a):
        out = np.full((a.shape[0], width, 4), 255, dtype=np.uint8)
        out[:, : a.shape[1]] = a
        return out

    pixels = np.concatenate([pad(b) for b in bufs], axis=0)
    fig = Figure(figsize=(pixels.shape[1] / dpi, pixels.shape[0] / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.figimage(pixels, 0, 0, origin="upper")
    alt = (
        app.alt_text.replace(
            "Dimple explorer:", "The explorer at its starting point:" if params is None else "The explorer:"
        )
        + " "
        + " ".join(app.views[n].alt_text for n in views)
    )
    app.close()
    return _Snapshot(fig, alt, min(sizes) if sizes else None)
