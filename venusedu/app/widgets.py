"""The explorer's own widgets: native, labelled form controls, a readout (and the picture).

They are `anywidget <https://anywidget.dev>`_ widgets (ipywidgets models with
a small ES module each, in ``static/``): the same code runs in JupyterLab,
Notebook 7 and Voilà, loads nothing from the internet, and draws native HTML
elements, so keyboard use, accessible names and focus are the browser's own.

Why not the stock ipywidgets views (ipywidgets 8.1): their sliders have no
accessible name (the description is not a ``<label>`` of the handle),
announce the raw value (the exponent of a log slider), put an unnamed number
box in the tab order and leave arrow keys to Notebook 7's cell navigation.

:class:`Picture` and :class:`Frame` live in :mod:`venusedu.app.picture`
(imported here too), which says why they replace ipympl's canvas.

Values set from Python are validated (:class:`ControlValueError`, a
``ValueError`` naming the control, the value, the unit and the range);
a number outside the control's range is clamped to it and the control shows
a message saying so.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from .picture import Frame, Picture  # noqa: F401 - part of this module's API
from .plumbing import RestTimer

__all__ = ["ControlValueError", "Slider", "Choice", "Check", "Action", "Picture", "Frame", "Readout"]

_STATIC = Path(__file__).with_name("static")
_CONTROLS_JS = _STATIC / "controls.js"
_CSS = _STATIC / "app.css"


class ControlValueError(traitlets.TraitError, ValueError):
    """A value a control cannot take (not a number, NaN, an unknown option)."""


class _Value(traitlets.TraitType):
    """A trait of any type whose every value (None too) goes to the widget's validator.

    (``traitlets.Any`` lets None through unvalidated; ``Float`` refuses a wrong
    type with a message that names neither the unit nor the range.)
    """

    allow_none = False
    info_text = "a value"


class _Control(anywidget.AnyWidget):
    _esm = _CONTROLS_JS
    _css = _CSS
    kind = traitlets.Unicode("slider").tag(sync=True)
    name = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)

    # ipywidgets names, kept for code written against the old controls
    @property
    def description(self) -> str:
        return self.label

    @property
    def tooltip(self) -> str:
        return self.help

    def _say(self, text: str) -> None:
        self.message = text


class Slider(_Control):
    """A range input for a number with a unit (linear or log scale).

    Parameters (traits)
    -------------------
    value, min, max : float
        In the control's unit (a log slider too: ``value`` is metres, not an exponent).
    step : float
        Step of the arrow keys: in the unit, or in decades for ``scale="log"``.
    unit : str
        Shown with the label and the value; ``unit_spoken`` is read out instead
        (``"degrees"`` for ``"°"``).
    fmt : str
        Format of the shown and announced value (``".1f"``).
    limits : (float, float)
        The widest range ``min``/``max`` may be given (the model's range).
    """

    kind = traitlets.Unicode("slider").tag(sync=True)
    value = _Value(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    scale = traitlets.Unicode("linear").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    unit_spoken = traitlets.Unicode("").tag(sync=True)
    fmt = traitlets.Unicode(".2f").tag(sync=True)
    continuous_update = traitlets.Bool(True)

    def __init__(self, *, limits: tuple[float, float], **kwargs):
        self._limits = (float(limits[0]), float(limits[1]))
        self._resync = RestTimer()
        self._unacknowledged = False  # a value from the page is being set, not yet acknowledged
        self._ack_at_start = False
        self._handling = threading.Lock()  # one value from a page at a time (two kernel threads may deliver them)
        super().__init__(**kwargs)
        self.on_msg(self._handle)
        self.observe(self._acknowledge_on_change, names="value")  # before any observer of the app

    def _handle(self, _widget, content, _buffers) -> None:
        """A value from the page (``{"event": "value", "ack": ...}``): set it, acknowledge it once.

        The acknowledgement is ``{"type": "ack", "value": v}``.

        The page sends slider values as custom messages, which ipywidgets
        does not hold back as it does state changes (one in flight), and keeps
        at most two on their way (``static/controls.js``). Setting the value
        runs the observers (the explorer's update). The acknowledgement
        carries the value the kernel holds and tells the page it may send the
        next one. It goes when the update ends (``"ack": "end"``, a value sent
        when none was on its way: a key press; nothing else then competes with
        the update for the machine), or as soon as the value is taken, before
        the observers run (``"ack": "start"``, a value sent while another was
        on its way: a drag). In a drag the next value is then in the kernel
        when an update ends, even when the page is slow to receive the
        pictures (on a busy 2-core machine the acknowledgement sent with them
        reached the page 31 ms after the update, median, and the kernel waited
        for the next value between half of its updates: 19 instead of 21-22
        updates a second in JupyterLab, ``benchmarks/bench_explorer.py``).
        A refused value, or the value the slider had, is acknowledged when
        the call ends (the control shows why, and the page goes back to the
        kernel's value).

        The value is not sent back as a state change when the kernel took it
        as the page sent it (a value clamped or refused is): that message,
        sent before the update, cost the page about 4 ms of each key press
        (``benchmarks/bench_explorer.py``). Other pages showing the same
        control (a second browser window) get the value as state once the
        slider has rested for :attr:`RESYNC_S` seconds.
        """
        if not (isinstance(content, dict) and content.get("event") == "value"):
            return
        value = content.get("value")
        with self._handling:
            self._unacknowledged = True
            self._ack_at_start = content.get("ack") == "start"
            try:
                # ipywidgets' property lock (what its own ``set_state`` uses, present
                # in 8.0 to 8.1): the value is sent only if it differs from the page's
                with self._lock_property(value=value):
                    self.value = value
            except ControlValueError:
                pass  # the message is on the control; the page keeps the kernel's value
            finally:
                if self._unacknowledged:  # after the update, refused, or the value it had
                    self._acknowledge()
                self._resync.defer(self._send_value, self.RESYNC_S, True)

    def _acknowledge(self) -> None:
        self._unacknowledged = False
        self.send({"type": "ack", "value": self.value})

    def _acknowledge_on_change(self, _change) -> None:
        """The first observer of ``value``: a value from the page in a drag is acknowledged as it is taken."""
        if self._unacknowledged and self._ack_at_start:
            self._acknowledge()

    #: Seconds after the last value from a page before the value is sent as state (for other pages).
    RESYNC_S = 0.5

    def _send_value(self) -> None:
        if self.comm is not None:
            self.send_state("value")

    def describe(self, value: float) -> str:
        """``value`` as shown: ``"8.0 mm"``, ``"35°"``, ``"0.50"``."""
        text = format(float(value), self.fmt)
        if not self.unit:
            return text
        return f"{text}°" if self.unit == "°" else f"{text} {self.unit}"

    def _range_text(self) -> str:
        return f"{self.describe(self.min)} to {self.describe(self.max)}"

    def _number(self, proposal_value, what: str) -> float:
        v = proposal_value
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ControlValueError(
                f"{self.name} ({self.label}) = {v!r} is not a number; give a value in "
                f"{self.unit or 'its units'} from {self._range_text()}"
            )
        v = float(v)
        if not math.isfinite(v):
            self._say(f"{v} is not a value: kept {self.describe(self.value)}")
            raise ControlValueError(
                f"{self.name} ({self.label}) {what} = {v} is not allowed; give a finite value in "
                f"{self.unit or 'its units'} from {self._range_text()}"
            )
        return v

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        v = self._number(proposal["value"], "value")
        lo, hi = float(self.min), float(self.max)
        if v < lo or v > hi:
            clamped = min(max(v, lo), hi)
            self._say(f"{self.describe(v)} is outside {self._range_text()}: set to {self.describe(clamped)}")
            return clamped
        if self.message:
            self._say("")
        return v

    def _valid_bound(self, proposal, which: str) -> float:
        v = self._number(proposal["value"], which)
        lo, hi = self._limits
        if v < lo or v > hi:
            clamped = min(max(v, lo), hi)
            self._say(
                f"the slider cannot reach {self.describe(v)} (the model's range is "
                f"{self.describe(lo)} to {self.describe(hi)}): its {which} is {self.describe(clamped)}"
            )
            return clamped
        return v

    @traitlets.validate("min")
    def _valid_min(self, proposal):
        return self._valid_bound(proposal, "min")

    @traitlets.validate("max")
    def _valid_max(self, proposal):
        return self._valid_bound(proposal, "max")

    @traitlets.observe("min", "max")
    def _keep_value_inside(self, change):
        if self.min > self.max:
            return  # set both; the value follows once they are consistent
        if not (self.min <= self.value <= self.max):
            self.value = min(max(self.value, self.min), self.max)


class Choice(_Control):
    """One of a few options: radio buttons (``kind="radio"``) or a select (``kind="select"``).

    ``options`` is a list of ``(text, value)``; ``value`` one of the values.
    ``None`` is taken as ``none_value`` when one is given (the preset menu:
    ``None`` means "custom").
    """

    kind = traitlets.Unicode("radio").tag(sync=True)
    value = _Value("").tag(sync=True)
    options: traitlets.List[Any] = traitlets.List().tag(sync=True)

    def __init__(self, *, none_value: str | None = None, **kwargs):
        self._none_value = none_value
        super().__init__(**kwargs)

    @property
    def values(self) -> list[str]:
        """The values of the options, in order."""
        return [v for _, v in self.options]

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        v = proposal["value"]
        if v is None and self._none_value is not None:
            v = self._none_value
        if v not in self.values:
            raise ControlValueError(
                f"{self.name} ({self.label}) = {v!r} is not one of the options: {', '.join(map(repr, self.values))}"
            )
        return v


class Check(_Control):
    """A checkbox."""

    kind = traitlets.Unicode("check").tag(sync=True)
    value = _Value(False).tag(sync=True)

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        v = proposal["value"]
        if not isinstance(v, (bool, np.bool_)):
            raise ControlValueError(f"{self.name} ({self.label}) = {v!r} must be True or False")
        return bool(v)


class Action(_Control):
    """A button; :meth:`on_click` registers a callback, :meth:`click` presses it."""

    kind = traitlets.Unicode("button").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[Action], Any]] = []
        self.on_msg(self._handle)

    def on_click(self, callback: Callable[[Action], Any]) -> None:
        """Call ``callback(button)`` on every press."""
        self._callbacks.append(callback)

    def click(self) -> None:
        """Press the button: call every registered callback."""
        for cb in list(self._callbacks):
            cb(self)

    def _handle(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("event") == "click":
            self.click()


class Readout(anywidget.AnyWidget):
    """The verdict (a ``role="status"`` live region: verdict, VI and fat) and details."""

    _esm = _STATIC / "status.js"
    _css = _CSS
    verdict_html = traitlets.Unicode("").tag(sync=True)
    details_html = traitlets.Unicode("").tag(sync=True)
    state = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)

    @property
    def value(self) -> str:
        """Both parts as one HTML string (what the page shows)."""
        return f"{self.verdict_html}\n{self.details_html}"
