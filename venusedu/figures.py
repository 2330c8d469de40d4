"""The figure registry and a reproducible writer: ``venusedu figures``.

Every committed figure of the course has a name here and a builder that draws
it from :mod:`venusedu.diagrams`. :func:`write_figures` renders each as SVG and
PNG into one folder, together with ``alt-text.json`` (figure name -> alt text).

Two runs give byte-identical files:

* ``svg.hashsalt`` is fixed, so the SVG element ids do not change;
* no dates or software versions in the metadata (``{"Date": None}`` for SVG,
  ``{"Software": None}`` for PNG);
* a fixed resolution (:data:`DPI`) and text rendered as paths;
* ``alt-text.json`` with sorted keys and a trailing newline.

This module imports nothing heavy at import time (the CLI lists the figure
names without loading matplotlib); the builders import the drawing code.

Examples
--------
>>> from venusedu.figures import FIGURE_NAMES
>>> "posterior-view" in FIGURE_NAMES
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = [
    "DPI",
    "FORMATS",
    "ALT_TEXT_FILE",
    "PANELS_FILE",
    "FIGURES",
    "FIGURE_NAMES",
    "UnknownFigureError",
    "build_figure",
    "save_drawing",
    "write_figures",
    "check_names",
]

#: Resolution of the PNG files, dots per inch.
DPI = 110
#: File formats written for every figure.
FORMATS: tuple[str, ...] = ("svg", "png")
#: Name of the alt-text file in the output folder.
ALT_TEXT_FILE = "alt-text.json"
#: Name of the file describing where each true-size picture of the back sits in
#: its PNG and what it shows (used to check that the picture agrees with the
#: verdict: tests/test_picture_verdict.py).
PANELS_FILE = "panels.json"
#: Fixed salt for the ids matplotlib writes into SVG files.
SVG_HASHSALT = "venusedu"


def _posterior_view():
    from .diagrams import posterior_view

    return posterior_view()


def _section(**changes):
    def build():
        from . import Params, simulate
        from .diagrams import cross_section

        return cross_section(simulate(Params(**changes)))

    return build


def _shaded(**changes):
    def build():
        from . import Params, simulate
        from .diagrams import shaded_back

        return shaded_back(simulate(Params(**changes)))

    return build


def _multiples_fat():
    from .diagrams import small_multiples_fat

    return small_multiples_fat()


def _multiples_light():
    from .diagrams import small_multiples_light

    return small_multiples_light()


#: name -> (builder, one-line description). The order is the teaching order.
FIGURES: dict[str, tuple[Callable[[], object], str]] = {
    "posterior-view": (_posterior_view, "pelvis and lower back from behind, dimples and Michaelis rhombus"),
    "cross-section-default": (_section(), "layers through the right PSIS at the model defaults (8 mm of fat)"),
    "cross-section-fat-4": (_section(fat_mm=4.0), "cross-section with 4 mm of fat"),
    "cross-section-fat-25": (_section(fat_mm=25.0), "cross-section with 25 mm of fat"),
    "cross-section-naive": (
        _section(superficial_fraction=0.0),
        "cross-section with all fat under the insertion (the naive regime)",
    ),
    "cross-section-no-ligament": (_section(ligament=False), "cross-section without the ligament: no tether, no pit"),
    "cross-section-lipo": (
        _section(ligament=False, lipo_depth_mm=5.0),
        "cross-section after liposculpture (5 mm removed) without a ligament",
    ),
    "shaded-back-default": (_shaded(), "what the eye sees at the model defaults"),
    "small-multiples-fat": (_multiples_fat, "the shaded back across fat thicknesses 2-25 mm"),
    "small-multiples-light": (_multiples_light, "the shaded back across light elevations 10-90 degrees"),
}

#: Every figure name, in teaching order.
FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)


class UnknownFigureError(ValueError):
    """A figure name that is not in :data:`FIGURES`."""


def check_names(names: Iterable[str] | None) -> list[str]:
    """Validate figure names; ``None`` or empty means all of them.

    Parameters
    ----------
    names : iterable of str or None

    Returns
    -------
    list of str
        The names, in the order given, without duplicates.

    Raises
    ------
    UnknownFigureError
        If any name is unknown; the message lists the valid names.
    TypeError
        If a name is not a string.
    """
    if names is None:
        return list(FIGURE_NAMES)
    if isinstance(names, str):
        names = [names]
    out: list[str] = []
    for n in names:
        if not isinstance(n, str):
            raise TypeError(f"figure names must be strings, got {n!r} ({type(n).__name__})")
        if n not in out:
            out.append(n)
    if not out:
        return list(FIGURE_NAMES)
    unknown = [n for n in out if n not in FIGURES]
    if unknown:
        raise UnknownFigureError(
            f"unknown figure name{'s' if len(unknown) > 1 else ''}: {', '.join(map(repr, unknown))}; "
            f"valid names: {', '.join(FIGURE_NAMES)}"
        )
    return out


def _rc() -> dict:
    from . import style

    rc = dict(style.RC)
    rc.update({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path", "savefig.dpi": DPI})
    return rc


def build_figure(name: str):
    """Draw one registered figure.

    Parameters
    ----------
    name : str
        A name from :data:`FIGURE_NAMES`.

    Returns
    -------
    venusedu.diagrams.Drawing
        With ``.fig`` and ``.alt_text``. Close ``.fig`` when done.
    """
    (name,) = check_names([name])
    import matplotlib as mpl

    with mpl.rc_context(_rc()):
        return FIGURES[name][0]()


def save_drawing(
    drawing, out_dir: str | os.PathLike, name: str, *, dpi: int = DPI, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Save a drawing reproducibly as ``out_dir/name.<format>``.

    Parameters
    ----------
    drawing : Drawing
        Anything with a ``fig`` attribute.
    out_dir : path
        Folder (created if missing).
    name : str
        File stem.
    dpi : int
        PNG resolution, dots per inch.
    formats : iterable of {"svg", "png"}

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import matplotlib as mpl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with mpl.rc_context(_rc()):
        bbox = _save_bbox(drawing, dpi)
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            if fmt == "svg":
                metadata = {"Date": None}
            elif fmt == "png":
                metadata = {"Software": None}
            else:
                raise ValueError(f"unsupported figure format {fmt!r}; use 'svg' or 'png'")
            drawing.fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata, bbox_inches=bbox)
            written.append(path)
    return written


def panel_boxes(drawing, dpi: int = DPI) -> list[dict]:
    """Where each true-size shaded-back panel of *drawing* sits in its saved PNG.

    Returns one dict per panel: :meth:`venusedu.diagrams.ShadedBack.panel_info`
    plus ``bbox_px`` = ``[left, top, right, bottom]`` in PNG pixel coordinates
    (as written by :func:`save_drawing` at *dpi*).
    """
    from .diagrams import ShadedBack

    panels = list(getattr(drawing, "panels", None) or [])
    if isinstance(drawing, ShadedBack):
        panels = [drawing]
    panels = [p for p in panels if isinstance(p, ShadedBack) and p.true_size]
    if not panels:
        return []
    import matplotlib as mpl

    fig = drawing.fig
    out = []
    with mpl.rc_context(_rc()):
        bbox = _save_bbox(drawing, dpi)
        old = fig.dpi
        try:
            fig.set_dpi(dpi)
            renderer = fig.canvas.get_renderer()
            fig.draw(renderer)
            height_px = int(round(bbox.height * dpi))
            for p in panels:
                e = p.ax.get_window_extent(renderer)
                left = e.x0 - bbox.x0 * dpi
                right = e.x1 - bbox.x0 * dpi
                top = height_px - (e.y1 - bbox.y0 * dpi)
                bottom = height_px - (e.y0 - bbox.y0 * dpi)
                info = p.panel_info()
                info["bbox_px"] = [round(left, 2), round(top, 2), round(right, 2), round(bottom, 2)]
                out.append(info)
        finally:
            fig.set_dpi(old)
    return out


def _save_bbox(drawing, dpi: int):
    """The saved area: the whole figure for drawings laid out in whole pixels, else the tight box."""
    if getattr(drawing, "exact_pixels", False):
        from matplotlib.transforms import Bbox

        w, h = drawing.fig.get_size_inches()
        return Bbox([[0.0, 0.0], [w, h]])
    return _tight_bbox(drawing.fig, dpi)


def _tight_bbox(fig, dpi: int, pad_inches: float = 0.15):
    """The tight bounding box (inches) of a figure, computed once for every format.

    Falls back to ``"tight"`` (computed by each ``savefig``) when the canvas has
    no Agg renderer.
    """
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        return "tight"
    old_dpi = fig.dpi
    try:
        fig.set_dpi(dpi)
        bbox = fig.get_tightbbox(get_renderer())
    finally:
        fig.set_dpi(old_dpi)
    return bbox.padded(pad_inches)


def write_figures(
    out_dir: str | os.PathLike = "figures",
    names: Iterable[str] | None = None,
    *,
    dpi: int = DPI,
    progress: Callable[[str, list[Path]], None] | None = None,
) -> dict[str, list[Path]]:
    """Regenerate figures as SVG and PNG, and update ``alt-text.json``.

    Parameters
    ----------
    out_dir : path
        Output folder, created if missing (default ``figures``).
    names : iterable of str, optional
        Figures to regenerate (default: all of :data:`FIGURE_NAMES`).
    dpi : int
        PNG resolution, dots per inch.
    progress : callable, optional
        Called as ``progress(name, paths)`` after each figure.

    Returns
    -------
    dict
        Figure name -> list of files written (``alt-text.json`` is written
        to ``out_dir`` as well).

    Raises
    ------
    UnknownFigureError
        For an unknown name (nothing is written).

    Notes
    -----
    ``alt-text.json`` keeps the entries of figures not regenerated this time
    (when it already exists) and drops names no longer registered.
    """
    selected = check_names(names)
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    alt_path = out / ALT_TEXT_FILE
    alt: dict[str, str] = {}
    if alt_path.is_file():
        try:
            alt = {k: v for k, v in json.loads(alt_path.read_text(encoding="utf-8")).items() if k in FIGURES}
        except (ValueError, AttributeError):
            alt = {}
    panels_path = out / PANELS_FILE
    panels: dict[str, list] = {}
    if panels_path.is_file():
        try:
            panels = {k: v for k, v in json.loads(panels_path.read_text(encoding="utf-8")).items() if k in FIGURES}
        except (ValueError, AttributeError):
            panels = {}
    written: dict[str, list[Path]] = {}
    for name in selected:
        drawing = build_figure(name)
        try:
            paths = save_drawing(drawing, out, name, dpi=dpi)
            boxes = panel_boxes(drawing, dpi)
        finally:
            plt.close(drawing.fig)
        if boxes:
            panels[name] = boxes
        else:
            panels.pop(name, None)
        alt[name] = drawing.alt_text
        written[name] = paths
        if progress is not None:
            progress(name, paths)
    alt_path.write_text(json.dumps(alt, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    panels_path.write_text(json.dumps(panels, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return written
