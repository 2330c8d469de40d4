"""The explorer's update plumbing: one update at a time, and work kept until the controls rest.

* :func:`serialised` -- a method decorator: the method runs holding
  :data:`~venusedu.app.canvas.DRAW_LOCK`, so updates arriving on two threads
  (JupyterLab's kernel subshells) run one after the other;
* :func:`event_loop` -- the running asyncio loop of a live Jupyter kernel
  (None in a script, a test or a plain IPython terminal);
* :class:`RestTimer` -- whether to defer work until the controls rest, and
  the one pending call on such a loop (the explorer's deferred curve
  update), cancelled on the loop's own thread;
* :func:`draw_and_send` -- draw the views one after another, each one's frame
  compressing while the next is drawn;
* :func:`states_after` -- widgets' state messages held until a block (the
  update that sends the frames) ends.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from .canvas import DRAW_LOCK

if TYPE_CHECKING:
    import asyncio

__all__ = ["serialised", "event_loop", "RestTimer", "draw_and_send", "states_after"]


def serialised(method):
    """Run ``method`` holding :data:`~venusedu.app.canvas.DRAW_LOCK`: one update at a time.

    Widget messages can arrive on two threads (JupyterLab's kernel subshells);
    an update that starts while another runs waits for it, then reads the
    controls' values as they are by then.
    """

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with DRAW_LOCK:
            return method(self, *args, **kwargs)

    return run


def event_loop():
    """The running asyncio loop of a live Jupyter kernel, else None."""
    import asyncio
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is None:
        return None  # a script, a test, a plain IPython terminal
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class RestTimer:
    """At most one pending call on an event loop (which may run in another thread)."""

    def __init__(self) -> None:
        self._handle: tuple[asyncio.AbstractEventLoop, asyncio.Handle] | None = None

    def defer(self, callback: Callable[[], object], delay_s: float, when: bool | None) -> bool:
        """Call ``callback`` ``delay_s`` seconds after the last change, as ``when`` says; False: call it now.

        ``when`` is the explorer's ``defer_curve``: False never defers; None
        defers in a live Jupyter kernel only; True always defers, and without
        a running loop nothing is scheduled (the caller does the work when
        asked to, :meth:`~venusedu.app.explorer.Explorer.flush`). A pending
        call is cancelled first.
        """
        if when is False:
            return False
        loop = event_loop()
        if loop is None and not when:
            return False
        self.cancel()
        if loop is not None:
            self._handle = (loop, loop.call_later(delay_s, callback))
        return True

    def cancel(self) -> None:
        """Cancel the pending call, if any, on its own loop."""
        if self._handle is None:
            return
        loop, handle = self._handle
        self._handle = None
        if loop is event_loop() or loop.is_closed():
            handle.cancel()
        else:
            loop.call_soon_threadsafe(handle.cancel)


def draw_and_send(names: Iterable[str], draw: Callable[[str], Any], frame: Callable[[str], Any]) -> tuple[float, float]:
    """``draw(name)``, then ``frame(name)``, for each name; send each frame once the next view is drawn.

    ``frame`` returns a :class:`~venusedu.app.picture.Frame` (compressing in
    a worker thread, :meth:`~venusedu.app.picture.Picture.prepare`) or None.
    A frame prepared is sent even if a later view fails to draw, so the page
    stays in step. Returns the seconds spent drawing and preparing and
    sending frames.
    """
    draw_s = send_s = 0.0
    pending = None
    try:
        for name in names:
            ta = time.perf_counter()
            draw(name)
            tb = time.perf_counter()
            ready = frame(name)
            if pending is not None:
                pending.send()
            pending = ready
            draw_s += tb - ta
            send_s += time.perf_counter() - tb
    finally:
        if pending is not None:
            tb = time.perf_counter()
            pending.send()
            send_s += time.perf_counter() - tb
    return draw_s, send_s


@contextmanager
def states_after(widgets: Iterable[Any]):
    """Send the ``widgets``' state changes once the block ends (``hold_sync`` of each).

    The explorer's update sends its pictures inside the block, and the state
    messages (the fat slider that follows body fat, the liposculpture maximum,
    the readout) after them, so that the page lays those out once the pictures
    are shown, not while they are on their way. The readout follows its
    pictures by the time of one message.
    """
    with ExitStack() as stack:
        for w in widgets:
            stack.enter_context(w.hold_sync())
        yield
