"""The explorer's widgets around its figures: the readout, the pictures, the page layout, closing.

:class:`~venusedu.app.explorer.Explorer` builds its controls with
:mod:`venusedu.app.controls`; this module makes the other widgets
(:class:`~venusedu.app.widgets.Readout` and one
:class:`~venusedu.app.picture.Picture` per view), arranges them with the
controls into the page (controls on the left, the readout and the pictures on
the right, wrapping on narrow screens) and closes every widget of the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import controls as ctl

__all__ = ["PICTURE_LABELS", "build_readout", "build_pictures", "arrange", "close_widgets"]

#: The label of each view's picture (read by screen readers).
PICTURE_LABELS = {
    "back": "What the eye sees",
    "section": "Cross-section through the PSIS",
    "visibility": "Visibility index",
}


def build_readout():
    """The readout: the verdict (a live region) and the details."""
    from .widgets import Readout

    readout = Readout()
    readout.add_class("venusedu-readout")
    return readout


def build_pictures(names: Iterable[str]) -> dict:
    """A labelled :class:`~venusedu.app.picture.Picture` for each of the views ``names``."""
    from .picture import Picture

    pictures = {}
    for name in names:
        pic = Picture(label=PICTURE_LABELS[name])
        pic.add_class(f"venusedu-figure-{name}")
        pictures[name] = pic
    return pictures


def arrange(controls: Mapping, readout, pictures: Mapping):
    """The whole app: the controls (in the order of the table) beside the readout and the pictures."""
    import ipywidgets as w

    left = w.VBox(
        [controls[row.name] for row in ctl.CONTROLS],
        layout=w.Layout(flex="1 1 280px", max_width="360px", min_width="0"),
    )
    left.add_class("vx-controls")
    right = w.VBox([readout, *pictures.values()], layout=w.Layout(flex="1 1 320px", max_width="600px", min_width="0"))
    right.add_class("vx-views")
    box = w.Box(
        [left, right],
        layout=w.Layout(
            display="flex", flex_flow="row wrap", align_items="flex-start", width="100%", overflow="visible"
        ),
    )
    box.add_class("venusedu-explorer")
    return box


def close_widgets(roots: Iterable) -> None:
    """Close each widget of ``roots`` and everything under it (children, layouts, styles), once each."""
    seen: set[int] = set()
    found: list = []

    def walk(w):
        if w is None or id(w) in seen:
            return
        seen.add(id(w))
        for child in getattr(w, "children", ()) or ():
            walk(child)
        for attr in ("layout", "style"):
            walk(getattr(w, attr, None))
        found.append(w)

    for w in roots:
        walk(w)
    for w in found:
        close = getattr(w, "close", None)
        if callable(close) and hasattr(w, "comm"):
            close()
