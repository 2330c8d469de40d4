"""The dimple explorer: controls on the left, pictures that follow at once.

:func:`explore` returns an :class:`Explorer`, composed of

* the controls (:mod:`venusedu.app.controls`: one table from which the
  widgets, the presets, the reset and the parameters are built);
* three figures built from :mod:`venusedu.diagrams` (:mod:`venusedu.app.views`):
  what the eye sees (the shaded back and what the eye's filter picks out),
  the cross-section through the right PSIS, and the visibility index with VI
  against fat;
* the VI-against-fat curve (:mod:`venusedu.app.curve`), computed when its
  settings change, once the controls rest;
* the canvas plumbing (:mod:`venusedu.app.canvas`: only the changing artists
  are redrawn; :class:`~venusedu.app.picture.Picture` sends the pixels that
  changed) and a readout whose verdict is a live region (its words:
  :mod:`venusedu.app.readout_text`);
* the widgets' layout (:mod:`venusedu.app.layout`) and the update plumbing
  (:mod:`venusedu.app.plumbing`: one update at a time, the deferred curve's
  timer).

:func:`static_figure` (:mod:`venusedu.app.snapshot`) is the views as one still
picture, for readers without a live kernel.

Every update shows the latest result everywhere: whatever the order and speed
of the changes, the pictures, the readout and the text alternatives end on the
result of the current control values (``tests/test_explorer.py`` and the
browser tests compare them with a fresh full draw and with ``simulate``).
A change of lighting or viewing distance reuses the surface
(``simulate(p, previous=result)``) and leaves the cross-section alone.

Examples
--------
>>> from venusedu import explore
>>> app = explore()                                  # doctest: +SKIP
>>> app.controls["light_elevation_deg"].value = 20   # doctest: +SKIP
>>> app.result.visibility_index                      # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import numpy as np

from ..model import Result, simulate
from ..params import Params
from . import controls as ctl
from . import layout
from .canvas import Blitter
from .curve import CurveCache, default_curve_grid
from .plumbing import RestTimer, draw_and_send, serialised, states_after
from .readout_text import explorer_alt_text, readout_html
from .snapshot import VIEW_NAMES, static_figure
from .views import BackFigure, SectionFigure, View, VisibilityFigure

__all__ = ["Explorer", "explore", "static_figure", "VIEW_NAMES"]

_LIVE = ("auto", "live", "ipympl", "image")


def _resolve_canvas(canvas: str) -> str:
    if canvas not in _LIVE + ("agg",):
        raise ValueError(f"canvas = {canvas!r} is not allowed: use 'auto', 'live' or 'agg'")
    return "agg" if canvas == "agg" else "live"


def _starting_point(params: Params | None, fat_mode: str | None, sex: str) -> tuple[Params, str]:
    """The base parameters and the fat mode the explorer starts with (the arguments checked)."""
    if params is None:
        base, mode = Params(), fat_mode or "bodyfat"
    elif isinstance(params, Params):
        base, mode = params, fat_mode or "thickness"
    else:
        raise TypeError(f"params must be a venusedu.Params or None, got {type(params).__name__}")
    if mode not in ("bodyfat", "thickness"):
        raise ValueError(f"fat_mode = {mode!r} is not allowed: use 'bodyfat' or 'thickness'")
    if sex not in ("female", "male"):
        raise ValueError(f"sex = {sex!r} is not allowed: use 'female' or 'male'")
    return base, mode


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
        without a control (tether pull, tissue moduli, ...) is taken from it.
        Default ``Params()``.
    fat_mode : {"bodyfat", "thickness"}, optional
        How the fat is set. Default: body fat % (female, 20 % = the default
        8 mm) when ``params`` is None, fat thickness otherwise.
    sex : {"female", "male"}
        Sex of the body-fat estimate at the start (default female).
    canvas : {"auto", "live", "agg"}
        ``"live"`` (``"auto"``, the default): the figures are shown in the page
        by :class:`~venusedu.app.picture.Picture` widgets (any front end, no
        ``%matplotlib widget`` needed); ``"agg"``: Agg figures only, no
        pictures (tests, benchmarks). ``"ipympl"`` and ``"image"``, the
        canvases of earlier versions, are taken as ``"live"``.
    blit : bool
        Redraw only the changing artists (default True); False makes every
        update a full draw (same pixels, slower).
    curve_points : int
        Number of fat values of the VI-against-fat curve (default 16).
    curve_grid : int, optional
        Grid of the curve's simulations (default: 2 mm spacing, never finer
        than ``params.grid``).
    defer_curve : bool, optional
        Update the VI-against-fat curve only once the controls rest
        (``curve_delay_s`` after the last change; the stale curve is drawn
        faded meanwhile). Default (None): defer in a live Jupyter kernel,
        update at once otherwise. True without a running loop keeps the work
        until :meth:`flush`.
    curve_delay_s : float
        Rest time before a deferred curve update, seconds (default 0.25).
    dpi : float
        Resolution of the figures (default 72: 1 point = 1 CSS pixel).

    Attributes
    ----------
    widget : ipywidgets.Box
        The whole app (also shown by ``display(app)``).
    controls : dict[str, ipywidgets.DOMWidget]
        The controls by name (:data:`venusedu.app.controls.CONTROL_NAMES`),
        each with ``.value``.
    readout : venusedu.app.widgets.Readout
        The verdict (a live region) and the details, ``.value`` is its HTML.
    result : Result
        The current model result.
    figures : dict[str, matplotlib.figure.Figure]
        ``"back"``, ``"section"`` and ``"visibility"``.
    views : dict
        The figures' views (:mod:`venusedu.app.views`), with ``alt_text``.
    pictures : dict[str, Picture]
        The pictures in the page (empty with ``canvas="agg"``).
    curve : tuple of ndarray
        Fat values (mm) and VI of the current curve.
    notice : str
        The last message about a refused or clamped value or a failed update
        ("" when all is well); it is shown in the page.
    timings : dict[str, float]
        Milliseconds spent in the model, in drawing and in sending on the last update.
    """

    @serialised
    def __init__(
        self,
        params: Params | None = None,
        *,
        fat_mode: str | None = None,
        sex: str = "female",
        canvas: str = "auto",
        blit: bool = True,
        curve_points: int = 16,
        curve_grid: int | None = None,
        defer_curve: bool | None = None,
        curve_delay_s: float = 0.25,
        dpi: float = 72.0,
        _values: dict | None = None,
    ):
        from ..allocator import keep_freed_memory

        keep_freed_memory()
        base, mode = _starting_point(params, fat_mode, sex)
        self._base = base
        self.canvas_mode = _resolve_canvas(canvas)
        self.blit = bool(blit)
        self._curve = CurveCache(curve_points, default_curve_grid(base) if curve_grid is None else curve_grid)
        self.curve_grid = self._curve.grid
        self.defer_curve = defer_curve
        self.curve_delay_s = float(curve_delay_s)
        self._curve_timer = RestTimer()
        self._curve_pending = False
        self._closed = False
        self._syncing = False
        self.timings: dict[str, Any] = {}
        self.notice = ""
        self.last_error: BaseException | None = None
        self.result: Result  # set by _first_draw, once the controls are built

        self.controls = ctl.build_controls(base, mode, sex)
        with self._holding():
            if _values:
                ctl.restore(self.controls, _values)
            ctl.sync_enabled(self.controls)
        self._initial = ctl.control_values(self.controls) if not _values else _values["__initial__"]
        self._first_draw(dpi)
        self._build_widgets()
        self._show_text()
        self._send(list(self.views))

    def _first_draw(self, dpi: float) -> None:
        """Simulate the controls' parameters, build the three views and draw them in full."""
        t0 = time.perf_counter()
        r0 = simulate(self.params_from_controls())
        self.result = r0
        self._curve.compute(r0.params)
        self.back = BackFigure(r0, dpi=dpi)
        self.section = SectionFigure(r0, dpi=dpi, base=self._base)
        self.visibility = VisibilityFigure(r0, dpi=dpi)
        self.views: dict[str, View] = {"back": self.back, "section": self.section, "visibility": self.visibility}
        self.figures = {k: v.fig for k, v in self.views.items()}
        self._blitters = {k: Blitter(v.fig, v.changing_artists, blit=self.blit) for k, v in self.views.items()}
        self.visibility.set_axis(self.sex, self.fat_mode == "bodyfat")
        self.visibility.update(r0, self._curve_data(), self._band())
        for b in self._blitters.values():
            b.full_draw()
        self.timings["first_ms"] = 1e3 * (time.perf_counter() - t0)

    def _build_widgets(self) -> None:
        """The readout, the pictures (live canvas only) and the page; the controls' observers."""
        self.readout = layout.build_readout()
        self.pictures = layout.build_pictures(self.views) if self.canvas_mode == "live" else {}
        self.widget = layout.arrange(self.controls, self.readout, self.pictures)
        for name, widget in self.controls.items():
            if name == "reset":
                widget.on_click(lambda _b: self._guarded(self.reset))
            else:
                widget.observe(self._on_control, names="value")

    # -- display -----------------------------------------------------------------
    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- state -------------------------------------------------------------------
    @property
    def fat_mode(self) -> str:
        """How the fat is set: ``"bodyfat"`` (the body-fat slider) or ``"thickness"``."""
        return self.controls["fat_mode"].value

    @property
    def sex(self) -> str:
        """The sex the body-fat estimate is made for, ``"female"`` or ``"male"``."""
        return self.controls["sex"].value

    @property
    def params(self) -> Params:
        """The parameters of the current result."""
        return self.result.params

    @property
    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The curve of the visibility view: fat thicknesses (mm) and their VI."""
        return self._curve.fat_mm, self._curve.vi

    @property
    def curve_pending(self) -> bool:
        """True while the curve waits for a deferred update."""
        return self._curve_pending

    @property
    def curve_cache(self) -> CurveCache:
        """The cache behind the curve: its results, what the last update recomputed, where it is linear."""
        return self._curve

    @property
    def blitters(self) -> Mapping[str, Blitter]:
        """Each view's canvas plumbing (read only), e.g. ``blitters["back"].blits``."""
        return MappingProxyType(self._blitters)

    def params_from_controls(self) -> Params:
        """The parameters the controls show now (what the next update simulates)."""
        return ctl.params_from_controls(self.controls, self._base)

    def _curve_data(self):
        return self._curve.fat_mm, self._curve.vi, self._curve.linear

    def _band(self):
        if self.fat_mode != "bodyfat":
            return None
        _, lo, hi = ctl.fat_for_bf(self.controls["body_fat"].value, self.sex)
        return (lo, hi)

    @contextmanager
    def _holding(self):
        """Change widgets without triggering updates (one update at the end)."""
        old = self._syncing
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = old

    @serialised
    def replica(self, *, canvas: str = "agg") -> Explorer:
        """A new explorer at this one's control values, drawn from scratch (for checks)."""
        values = ctl.control_values(self.controls)
        values["__initial__"] = self._initial
        return Explorer(
            self._base,
            fat_mode=self.fat_mode,
            sex=self.sex,
            canvas=canvas,
            blit=self.blit,
            curve_points=len(self._curve.fat_mm),
            curve_grid=self._curve.grid,
            defer_curve=False,
            curve_delay_s=self.curve_delay_s,
            dpi=self.figures["back"].dpi,
            _values=values,
        )

    # -- events ------------------------------------------------------------------
    @serialised
    def _guarded(self, fn, *args):
        """Run ``fn``; an error becomes a visible notice, never a traceback from an observer."""
        try:
            fn(*args)
            return True
        except Exception as exc:  # noqa: BLE001 - shown to the user, kept for tests
            self.last_error = exc
            self._set_notice(f"Could not update the pictures: {exc}")
            return False

    def _set_notice(self, text: str) -> None:
        self.notice = text
        self.readout.notice = text

    def _on_control(self, change):
        if self._syncing:
            return
        self._guarded(self._control_changed, change)

    def _states_after_frames(self):
        """The controls' and the readout's state changes go out once the block ends (after the frames)."""
        return states_after((*self.controls.values(), self.readout))

    def _control_changed(self, change):
        with self._states_after_frames():
            self._apply_control_change(change)

    def _apply_control_change(self, change):
        owner = change["owner"]
        name = owner.name
        with self._holding():
            if name == "preset":
                if change["new"] != ctl.CUSTOM:
                    ctl.apply_preset(self.controls, change["new"])
            elif self.controls["preset"].value != ctl.CUSTOM:
                self.controls["preset"].value = ctl.CUSTOM  # the settings are now custom
            ctl.sync_enabled(self.controls)
        axis = name in ("fat_mode", "sex", "preset")
        self._refresh(axis=axis)

    def apply_preset(self, key: str) -> None:
        """Choose a preset by name (same as picking it in the menu)."""
        if key not in ctl.PRESETS:
            raise ValueError(f"preset = {key!r} is not known; the presets are: {', '.join(ctl.PRESETS)}")
        self.controls["preset"].value = key

    @serialised
    def reset(self) -> None:
        """Put every control back where it started and update once."""
        with self._states_after_frames():
            with self._holding():
                ctl.restore(self.controls, self._initial)
                for w in self.controls.values():
                    w.message = ""
            self._refresh(axis=True)

    # -- the update ----------------------------------------------------------------
    def _defer_curve_update(self) -> bool:
        """Schedule a curve update for when the controls rest; False: do it now."""
        deferred = self._curve_timer.defer(lambda: self._guarded(self.flush), self.curve_delay_s, self.defer_curve)
        if deferred:
            self._curve_pending = True
        return deferred

    @serialised
    def flush(self) -> None:
        """Do a deferred curve update now (no-op when the curve is current)."""
        self._curve_timer.cancel()
        if not self._curve_pending or self._closed:
            return
        self._curve_pending = False
        t0 = time.perf_counter()
        r = self.result
        self._curve.compute(r.params)
        self.visibility.update(r, self._curve_data(), self._band(), stale=False)
        self._blitters["visibility"].update()
        self._show_text()
        self._send(["visibility"])
        self.timings["curve_ms"] = 1e3 * (time.perf_counter() - t0)

    def _refresh(self, axis: bool = False) -> None:
        """Simulate the controls' parameters and update every view in place.

        Parameters
        ----------
        axis : bool
            The fat mode or the sex changed: the body-fat axis (static) is redrawn.
        """
        t0, c0 = time.perf_counter(), time.thread_time()
        p = self.params_from_controls()
        prev = self.result
        r = simulate(p, previous=prev)  # reuses the surface if only viewing changed
        viewing_only = prev is not None and r.surface_mm is prev.surface_mm
        self.result = r
        curve_changed = False
        if self._curve.stale(p):
            if not self._defer_curve_update():
                curve_changed = self._curve.compute(p)
        t1 = time.perf_counter()
        if self.notice and not any(w.message for w in self.controls.values()):
            self._set_notice("")
        self._show_text()
        names = ["back", "visibility"] if viewing_only else ["back", "section", "visibility"]
        draw_s, send_s = draw_and_send(  # the largest picture first
            names, lambda name: self._draw_view(name, r, axis, curve_changed), lambda name: self._frame(name, t0)
        )
        t3 = time.perf_counter()
        self.timings = {
            "model_ms": 1e3 * (t1 - t0),
            "draw_ms": 1e3 * draw_s,
            "send_ms": 1e3 * send_s,
            "total_ms": 1e3 * (t3 - t0),
            "cpu_ms": 1e3 * (time.thread_time() - c0),  # of this thread: total_ms - cpu_ms was spent waiting
            "viewing_only": viewing_only,
            "curve_recomputed": curve_changed,
            "curve_deferred": self._curve_pending,
        }

    def _draw_view(self, name: str, r: Result, axis: bool, curve_changed: bool) -> None:
        """Show ``r`` in the view ``name`` and redraw what changed on its canvas."""
        if name == "visibility":
            if axis:
                self.visibility.set_axis(self.sex, self.fat_mode == "bodyfat")
            self.visibility.update(
                r, self._curve_data() if curve_changed else None, self._band(), stale=self._curve_pending
            )
        else:
            (self.back if name == "back" else self.section).update(r)
        self._blitters[name].update(full=axis and name == "visibility")

    def _frame(self, name: str, since: float | None = None):
        """Bring the view's picture up to date: its text now, its pixels as a frame to send.

        Returns the :class:`~venusedu.app.picture.Frame`, or None (no picture, or no change).
        """
        pic = self.pictures.get(name)
        if pic is None:
            return None
        view = self.views[name]
        pic.alt = view.alt_text  # sent with the frame
        pic.caption = view.caption
        return pic.prepare(self._blitters[name].pixels, since=since)

    def _send(self, names, since: float | None = None) -> None:
        for name in names:
            frame = self._frame(name, since=since)
            if frame is not None:
                frame.send()

    def _show_text(self) -> None:
        verdict_html, state, details_html = readout_html(
            self.result, self.fat_mode, self.sex, self.controls["body_fat"].value
        )
        with self.readout.hold_sync():
            self.readout.verdict_html = verdict_html
            self.readout.state = state
            self.readout.details_html = details_html

    # -- for notebooks and tests -------------------------------------------------
    @property
    def alt_text(self) -> str:
        """The current state in words, with the key numbers."""
        return explorer_alt_text(self.result)

    @serialised
    def close(self):
        """Close every widget of the app and stop the timers."""
        self._closed = True
        self._curve_timer.cancel()
        layout.close_widgets([self.widget, *self.controls.values(), self.readout, *self.pictures.values()])

    def __repr__(self) -> str:
        return f"<Explorer: {self.alt_text}>"


def explore(params: Params | None = None, **kwargs) -> Explorer:
    """Open the dimple explorer.

    Parameters
    ----------
    params : Params, optional
        Starting parameters (default ``Params()``, set by body fat %).
    **kwargs
        Passed to :class:`Explorer` (``fat_mode``, ``sex``, ``canvas``, ``blit``,
        ``curve_points``, ``curve_grid``, ``dpi``).

    Returns
    -------
    Explorer
        Display it (last expression of a cell) to use it.
    """
    return Explorer(params, **kwargs)
