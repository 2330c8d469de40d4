"""Show a figure in a notebook with its alt text.

:func:`show` renders a matplotlib figure to PNG, displays it with the alt text
in the output's metadata (``make book`` and ``make slides`` write it into
``<img alt=...>``) and prints the alt text as a caption, so a screen reader,
a reader without colour and strict nbval all see the same key numbers. The
course site shows that caption once, hidden from screen readers (they read
the alt text); the slides leave it out.
"""

from __future__ import annotations

import io

__all__ = ["show", "figure_png", "smallest_text_pt", "CAPTION_PREFIX"]

#: Printed before the alt text under a figure; the course site recognises the
#: caption by it (and the alt text) and marks it as read once.
CAPTION_PREFIX = "Figure: "


def figure_png(fig, *, dpi: int = 100) -> bytes:
    """Render a matplotlib figure to PNG bytes (no date or software metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def smallest_text_pt(fig) -> float | None:
    """Size in points of the smallest visible text of a drawn figure, or None if it has none.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.text(0.1, 0.1, "small", fontsize=9)
    >>> _ = fig.text(0.5, 0.5, "big", fontsize=20)
    >>> smallest_text_pt(fig)
    9.0
    """
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else None


def show(figure, alt: str | None = None, *, dpi: int = 100, caption: bool = True) -> None:
    """Display a figure with alt text and print the alt text as a caption.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or object with ``fig`` and ``alt_text``
        What to show; drawings from :mod:`venusedu.diagrams` carry their own
        alt text.
    alt : str, optional
        Alt text; required when ``figure`` is a bare Figure.
    dpi : int
        Resolution of the PNG, dots per inch.
    caption : bool
        Also print the alt text below the figure (default True).

    Notes
    -----
    The output's metadata (``metadata["image/png"]``) holds ``alt`` and, for
    the slides (``make slides`` sizes each figure so that its smallest text
    is at least 18 px on a 1280 px wide projector), ``dpi`` and
    ``min_text_pt``: the smallest text in points (:func:`smallest_text_pt`,
    or the figure object's own ``min_text_pt`` for a figure that is a
    picture of other figures).
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    fig = getattr(figure, "fig", figure)
    alt = alt if alt is not None else getattr(figure, "alt_text", None)
    if not hasattr(fig, "savefig"):
        raise TypeError(f"figure must be a matplotlib Figure or a drawing with .fig, got {type(figure).__name__}")
    if not alt or not str(alt).strip():
        raise ValueError("alt text is required: describe what the figure shows and its key numbers")
    png = figure_png(fig, dpi=dpi)  # draws the figure, so its tick labels exist
    meta = {"alt": alt, "dpi": dpi}
    min_pt = getattr(figure, "min_text_pt", None) or smallest_text_pt(fig)
    if min_pt is not None:
        meta["min_text_pt"] = min_pt
    display(Image(data=png, format="png", metadata=meta))
    plt.close(fig)
    if caption:
        print(f"{CAPTION_PREFIX}{alt}")
