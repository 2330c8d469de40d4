"""The picture widget: a canvas in the page that shows the kernel's pixels.

:class:`Picture` sends the rectangle that changed since its last frame,
deflate-compressed in one worker thread of this module (made on first use,
``venusedu-frames``) while the explorer draws on; :class:`Frame` is a frame
prepared and not yet sent. The page's side is ``static/picture.js``.

Why not ipympl's canvas (ipympl 0.10): it takes the focus and its ``keydown``
handler calls ``preventDefault`` on every key, so Tab cannot leave it (a
keyboard trap), and its diff frames, drawn on top of each other without a
sequence check, leave ghost pieces when a fast drag sends frames faster than
the browser decodes them.
"""

from __future__ import annotations

import concurrent.futures
import functools
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import anywidget
import numpy as np
import traitlets

__all__ = ["Picture", "Frame"]

_STATIC = Path(__file__).with_name("static")
_CSS = _STATIC / "app.css"


class Picture(anywidget.AnyWidget):
    """A canvas in the page that shows an RGBA pixel buffer from the kernel.

    :meth:`show` sends the rectangle that changed since the previous frame
    (deflate-compressed RGBA, numbered); a view that missed a frame asks for a
    key frame (the whole picture). See ``static/picture.js``.

    For the benchmarks, a frame also carries ``kernel_ms``: the time from the
    start of the update (``since``) to the frame's sending; the page keeps it
    with the times the frame arrived and was shown (``data-kernel-ms``,
    ``data-received-at``, ``data-shown-at`` of the canvas), so that the time
    from a key press to new pixels splits into kernel, transfer and browser.
    """

    _esm = _STATIC / "picture.js"
    _css = _CSS
    width = traitlets.Int(1).tag(sync=True)
    height = traitlets.Int(1).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    #: The text alternative and the caption go to the page with the frame that
    #: shows their picture (so the page never describes pixels it does not show,
    #: and an update sends one message per picture): not synced traits.
    alt = traitlets.Unicode("")
    caption = traitlets.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seq = 0
        self._last: np.ndarray | None = None
        self.frames = 0
        self._sent_text: tuple[str, str] | None = None  # (alt, caption) as the page has them
        self.on_msg(self._handle)

    def _handle(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("event") == "key":
            self.send_key()

    @staticmethod
    def encode(pixels: np.ndarray) -> bytes:
        """Deflate (zlib, level 1) of a C-contiguous RGBA array."""
        return zlib.compress(np.ascontiguousarray(pixels).data, 1)  # the array's buffer, not a copy of it

    def send_key(self) -> None:
        """Send the whole current picture (for a new view, or one that missed a frame)."""
        if self._last is None:
            return
        h, w = self._last.shape[:2]
        data = self.encode(self._last)
        header = {"type": "key", "seq": self.seq, "base": -1, "x": 0, "y": 0, "w": w, "h": h, "width": w, "height": h}
        header.update(alt=self.alt, caption=self.caption)
        self._sent_text = (self.alt, self.caption)
        self.send(header, buffers=[data])

    def _text_update(self) -> dict[str, str]:
        """The text alternative and caption for the next frame, if the page has others."""
        text = (self.alt, self.caption)
        if text == self._sent_text:
            return {}
        self._sent_text = text
        return {"alt": text[0], "caption": text[1]}

    def show(self, rgba: np.ndarray, *, since: float | None = None) -> bool:
        """Show the figure buffer ``rgba`` (``(h, w, 4)`` uint8); send only what changed.

        ``since``: the :func:`time.perf_counter` at which the update began (its
        time to this frame is sent along as ``kernel_ms``). Returns True when a
        frame was sent (False: nothing changed).
        """
        frame = self.prepare(rgba, since=since)
        if frame is None:
            return False
        frame.send()
        return True

    def prepare(self, rgba: np.ndarray, *, since: float | None = None) -> Frame | None:
        """The frame that shows ``rgba``, compressing in a worker thread; None if nothing changed.

        The frame carries :attr:`alt` and :attr:`caption` when the page has
        others (a frame of text only if the pixels are the same).

        The rectangle that changed is copied now, so ``rgba`` (a canvas's
        buffer) may be drawn over at once; :meth:`Frame.send` sends it. zlib
        releases the GIL, so the explorer draws its next picture while this
        one compresses: the kernel's update is about 2 ms shorter
        (``benchmarks/bench_explorer.py``; in a page on a 2-core machine,
        where the browser and the server want the second core too, the gain
        is within the noise). Frames must be sent in the order they were
        prepared.
        """
        buf = np.asarray(rgba)
        h, w = buf.shape[:2]
        last = self._last
        if last is None or last.shape != buf.shape:
            self._last = buf.copy()
            self.seq += 1
            self.width, self.height = w, h
            return Frame(self, None, {}, since)
        diff = buf.view(np.uint32).reshape(h, w) != last.view(np.uint32).reshape(h, w)
        rows = np.flatnonzero(diff.any(axis=1))
        if rows.size == 0:
            text = self._text_update()
            return Frame(self, None, {"type": "text", **text}, since) if text else None
        cols = np.flatnonzero(diff[rows[0] : rows[-1] + 1].any(axis=0))
        y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        patch = np.ascontiguousarray(buf[y0:y1, x0:x1])  # a copy (a block of a wider array)
        last[y0:y1, x0:x1] = patch
        self.seq += 1
        header = {
            "type": "patch",
            "seq": self.seq,
            "base": self.seq - 1,
            "x": x0,
            "y": y0,
            "w": x1 - x0,
            "h": y1 - y0,
            "width": w,
            "height": h,
            **self._text_update(),
        }
        return Frame(self, _compress_in_worker(self.encode, patch), header, since)

    @property
    def pixels(self) -> np.ndarray | None:
        """The picture as last sent (what every up-to-date view shows)."""
        return None if self._last is None else self._last.copy()


@functools.cache
def _encoder() -> concurrent.futures.ThreadPoolExecutor:
    """The one thread that compresses the pictures' frames (made on first use)."""
    return concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="venusedu-frames")


def _compress_in_worker(encode: Callable[[np.ndarray], bytes], patch: np.ndarray) -> concurrent.futures.Future:
    """``encode(patch)`` in the worker thread, started before this returns.

    The caller waits until the worker runs: a thread that has just been woken
    needs the GIL, which a drawing thread gives up only every switch interval
    (5 ms), so without the wait the compression starts late and overlaps nothing.
    zlib then releases the GIL while it deflates.
    """
    started = threading.Event()

    def job() -> bytes:
        started.set()
        return encode(patch)

    future = _encoder().submit(job)
    started.wait()
    return future


class Frame:
    """A picture's frame, compressed (or compressing), not yet sent (:meth:`Picture.prepare`)."""

    def __init__(self, picture: Picture, data, header: dict, since: float | None):
        self.picture = picture
        self._data = data  # a Future of the compressed patch; None: a key frame or text only
        self.header = header
        self._since = since

    def send(self) -> None:
        """Send the frame (waiting for its compression), with its ``kernel_ms`` and ``sent_at_ms``."""
        pic = self.picture
        if self.header.get("type") == "text":
            pic.send(self.header)
            return
        if self._data is None:
            pic.send_key()
            return
        data = self._data.result()
        header = dict(self.header)
        if self._since is not None:
            header["kernel_ms"] = round(1e3 * (time.perf_counter() - self._since), 2)
            header["sent_at_ms"] = round(1e3 * time.time(), 2)  # the wall clock, shared with the page
        pic.send(header, buffers=[data])
        pic.frames += 1
