"""The explorer in a browser page: servers, a check notebook and in-page probes.

Shared by ``tests/test_browser.py`` (behaviour) and
``benchmarks/bench_explorer.py --browser`` (latency and frame rate).

The page runs the app page's own cells (``app/explorer_app.ipynb``) followed
by a check cell: a *check* button that flushes the app, shows a second
explorer drawn from scratch at the same control values (``app.replica``) and
writes the final parameters as JSON, so a test can compare every canvas of the
app pixel for pixel with a fresh full draw, and the readout with ``simulate``
computed in the test process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
APP_DIR = ROOT / "app"
APP_PAGE = APP_DIR / "explorer_app.ipynb"
CHECK_NOTEBOOK = "explorer_check.ipynb"
APP_TIMEOUT_MS = 120_000  # a first render on a loaded 2-core machine can take over a minute
FIGURES = ("back", "section", "visibility")
APP = ".venusedu-explorer:not(.venusedu-check-out .venusedu-explorer)"
REPLICA = ".venusedu-check-out .venusedu-explorer"

CHECK_CELL = """\
# NBVAL_IGNORE_OUTPUT
import json as _json

import ipywidgets as _w
from IPython.display import display as _display

_check_out = _w.Output()
_check_out.add_class("venusedu-check-out")
_check_state = _w.Textarea(layout=_w.Layout(width="100%"), description="state")
_check_state.add_class("venusedu-check-state")
_check_button = _w.Button(description="check")
_check_button.add_class("venusedu-check")

# a log of what the kernel did, for a replay when a check fails: every control
# change, the thread it came on (JupyterLab delivers widget messages on a
# kernel subshell's thread too), the pictures' pixels after it and the update's
# timings (model, drawing, sending). The pixels' checksums are taken from the
# pictures' own buffers, without copying them (``Picture.pixels``): this log runs
# after every update of the benchmarks, and a student's kernel does not spend it
import threading as _threading
import time as _time
import zlib as _zlib

_events = []
_t0 = _time.perf_counter()


def _log(change):
    _events.append([round(1e3 * (_time.perf_counter() - _t0), 1), _threading.current_thread().name,
                    change["owner"].name, change["old"], change["new"],
                    {k: _zlib.crc32(b"" if p._last is None else p._last) for k, p in app.pictures.items()},
                    {k: round(v, 2) for k, v in app.timings.items() if k.endswith("_ms")}])


for _control in app.controls.values():
    if hasattr(_control, "value"):
        _control.observe(_log, names="value")


def _check(_b):
    app.flush()
    ref = app.replica(canvas="live")
    _check_out.clear_output()
    with _check_out:
        _display(ref.widget)
    _check_state.value = _json.dumps({"params": app.result.params.as_dict(), "fat_mode": app.fat_mode,
                                      "sex": app.sex, "notice": app.notice, "error": repr(app.last_error),
                                      "seq": {k: p.seq for k, p in app.pictures.items()},
                                      "values": {k: c.value for k, c in app.controls.items() if hasattr(c, "value")},
                                      "replica_params": ref.result.params.as_dict(),
                                      "kernel_diff": {k: int((p.pixels != ref.pictures[k].pixels).any(axis=2).sum())
                                                      for k, p in app.pictures.items()},
                                      "events": _events})


_check_button.on_click(_check)
_display(_w.VBox([_check_button, _check_state, _check_out]))
"""


def write_check_notebook(folder: Path) -> Path:
    """The app page's cells and the check cell, in ``folder``, with the app's template and Voila config."""
    shutil.copytree(APP_DIR / "voila", folder / "voila", dirs_exist_ok=True)
    shutil.copy2(APP_DIR / "voila.json", folder / "voila.json")
    nb = nbformat.read(APP_PAGE, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))
    path = folder / CHECK_NOTEBOOK
    nbformat.write(nb, path)
    return path


# -- in the page -----------------------------------------------------------------
def canvas(scope: str, name: str) -> str:
    return f"{scope} .venusedu-figure-{name} canvas"


def wait_for_app(page, scope: str = APP) -> None:
    """Until every canvas of the explorer in ``scope`` shows a frame."""
    try:
        page.locator(f"{scope} .venusedu-control-body_fat input[type=range]").wait_for(
            state="visible", timeout=APP_TIMEOUT_MS
        )
    except Exception as exc:
        # say how far the notebook got: the cells' prompts, errors in outputs, the kernel's status
        where = page.evaluate("""() => ({
            prompts: [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.innerText.trim()),
            errors: [...document.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
                    .map(e => e.innerText.slice(0, 300)),
            kernel: document.querySelector('.jp-Notebook-ExecutionIndicator, .jp-KernelStatus')
                        ?.getAttribute('data-status')
                    || document.querySelector('.jp-KernelStatus')?.innerText || ''})""")
        raise AssertionError(
            f"the explorer did not appear in {APP_TIMEOUT_MS / 1e3:.0f} s: {where} ({env_note()})"
            + (f"; after Run All: {'; '.join(RUN_LOG[-20:])}" if RUN_LOG else "")
        ) from exc
    page.wait_for_function(
        """(sel) => { const c = [...document.querySelectorAll(sel)];
                      return c.length === 3 && c.every(x => x.dataset.seq !== undefined); }""",
        arg=f"{scope} .vx-picture canvas",
        timeout=APP_TIMEOUT_MS,
    )


def seqs(page, scope: str = APP) -> dict[str, int]:
    return page.evaluate(
        """(scope) => Object.fromEntries(['back', 'section', 'visibility'].map(
        n => [n, Number(document.querySelector(`${scope} .venusedu-figure-${n} canvas`).dataset.seq)]))""",
        scope,
    )


def wait_until_idle(page, quiet_ms: int = 1500, timeout_s: float = 60.0, scope: str = APP) -> None:
    """Until no canvas of the app has changed for ``quiet_ms`` (the deferred curve included)."""
    deadline = time.monotonic() + timeout_s
    last, since = seqs(page, scope), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = seqs(page, scope)
        if now != last:
            last, since = now, time.monotonic()
        elif 1e3 * (time.monotonic() - since) >= quiet_ms:
            return
    raise AssertionError(f"the pictures kept changing for {timeout_s} s")


def readout(page, scope: str = APP) -> str:
    return page.locator(f"{scope} .vx-readout").inner_text().strip()


def verdict_text(page, scope: str = APP) -> str:
    return page.locator(f"{scope} .vx-verdict").inner_text().strip()


def readout_numbers(text: str) -> dict:
    m = re.search(r"VI ([0-9.]+) \(([0-9.]+)–([0-9.]+)\) · ([0-9.]+) mm of fat", text)
    pit = re.search(r"Pit ([0-9.]+) mm deep, ([0-9.]+) mm wide", text)
    fat = re.search(r"· ([0-9.]+) mm of fat", text)
    return {
        "vi": m and m.group(1),
        "low": m and m.group(2),
        "high": m and m.group(3),
        "fat": fat and float(fat.group(1)),
        "depth": pit and float(pit.group(1)),
        "width": pit and float(pit.group(2)),
    }


# Arm a probe: at the next keydown, note the time; resolve with the time until
# every canvas of the app has shown a new frame (dataset.seq set right after
# the pixels are put on the canvas), per canvas, and that frame's split:
# ``kernel`` (the update's time in the kernel until the frame was sent, from the
# frame), ``received`` and ``shown`` (ms after the key press; picture.js), and
# ``down``, the frame's way from the kernel to the page (by the wall clock,
# which the kernel and the browser share on one machine).
ARM_LATENCY = """(scope) => {
  const names = ['back', 'section', 'visibility'];
  const canvases = names.map(n => document.querySelector(`${scope} .venusedu-figure-${n} canvas`));
  const start = canvases.map(c => c.dataset.seq);
  window.__vx_latency = new Promise((resolve) => {
    // On window, in the capture phase: the controls stop a key's propagation at the
    // window (controls.js, so that the front end's shortcuts do not see it), and a
    // listener on the document would never hear the press.
    window.addEventListener('keydown', () => {
      const t0 = performance.now();
      const out = {};
      const split = window.__vx_split = {};
      const obs = new MutationObserver(() => {
        canvases.forEach((c, i) => {
          if (out[names[i]] === undefined && c.dataset.seq !== start[i]) {
            out[names[i]] = performance.now() - t0;
            split[names[i]] = {kernel: Number(c.dataset.kernelMs || NaN),
                               received: Number(c.dataset.receivedAt) - t0,
                               shown: Number(c.dataset.shownAt) - t0,
                               down: Number(c.dataset.receivedWall) - Number(c.dataset.sentAt || NaN)};
          }
        });
        if (Object.keys(out).length === names.length) { obs.disconnect(); resolve(out); }
      });
      canvases.forEach(c => obs.observe(c, {attributes: true, attributeFilter: ['data-seq']}));
      setTimeout(() => { obs.disconnect(); resolve(out); }, 10000);
    }, {once: true, capture: true});
  });
}"""

# Record every new frame of the app's canvases (time, canvas) until stopped.
# (and every input event of the app's controls, as "input": how fast the mouse moved the value)
START_FRAME_LOG = """(scope) => {
  const names = ['back', 'section', 'visibility'];
  window.__vx_frames = [];
  window.__vx_observers = names.map(n => {
    const c = document.querySelector(`${scope} .venusedu-figure-${n} canvas`);
    const obs = new MutationObserver(() => window.__vx_frames.push([performance.now(), n]));
    obs.observe(c, {attributes: true, attributeFilter: ['data-seq']});
    return obs;
  });
  const root = document.querySelector(scope);
  window.__vx_input = () => window.__vx_frames.push([performance.now(), 'input']);
  root.addEventListener('input', window.__vx_input, true);
  window.__vx_input_root = root;
}"""
STOP_FRAME_LOG = """() => { window.__vx_observers.forEach(o => o.disconnect());
  window.__vx_input_root.removeEventListener('input', window.__vx_input, true);
  return window.__vx_frames; }"""

# A drag at the rate of the screen, for the frame rate: for ``ms`` milliseconds,
# at every animation frame (60 a second), move the range input ``sel`` one step
# along a there-and-back path and fire its input event, as the browser does
# while the thumb is dragged (the same code in controls.js runs). Resolves with
# the number of input events fired. (Playwright's mouse cannot go this fast here:
# each move waits for the busy page, about 14 a second.)
SCREEN_RATE_DRAG = """([sel, ms]) => new Promise((resolve) => {
  const input = document.querySelector(sel);
  const lo = Number(input.min), hi = Number(input.max), step = Number(input.step) || (hi - lo) / 100;
  const n = Math.round((hi - lo) / step);
  let k = Math.round((Number(input.value) - lo) / step), dir = 1, fired = 0;
  const t0 = performance.now();
  const tick = () => {
    if (performance.now() - t0 >= ms) { resolve(fired); return; }
    if (k + dir < 0 || k + dir > n) dir = -dir;
    k += dir;
    input.value = String(lo + k * step);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    fired++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""

# Differing pixels between the app's canvas and the replica's, per figure.
COMPARE = """([app, ref]) => Object.fromEntries(['back', 'section', 'visibility'].map(n => {
  const a = document.querySelector(`${app} .venusedu-figure-${n} canvas`);
  const b = document.querySelector(`${ref} .venusedu-figure-${n} canvas`);
  if (a.width !== b.width || a.height !== b.height) return [n, -1];
  const da = a.getContext('2d').getImageData(0, 0, a.width, a.height).data;
  const db = b.getContext('2d').getImageData(0, 0, b.width, b.height).data;
  let diff = 0;
  for (let i = 0; i < da.length; i += 4) {
    if (da[i] !== db[i] || da[i + 1] !== db[i + 1] || da[i + 2] !== db[i + 2] || da[i + 3] !== db[i + 3]) diff++;
  }
  return [n, diff];
}))"""


def press_and_time(page, key: str, scope: str = APP) -> dict[str, float]:
    """Press ``key`` (on the focused element); ms until each canvas showed a new frame.

    The split of each frame's time (see ``ARM_LATENCY``) is then :func:`latency_split`.
    """
    page.evaluate(ARM_LATENCY, scope)
    page.keyboard.press(key)
    return page.evaluate("window.__vx_latency")


def latency_split(page) -> dict[str, dict[str, float]]:
    """Of the last :func:`press_and_time`: per canvas, ``kernel``, ``received`` and ``shown`` (ms)."""
    return page.evaluate("window.__vx_split")


def drag(page, selector: str, *, steps: int = 60, duration_ms: int = 3000, there_and_back: bool = True, moves: int = 1):
    """Drag the thumb of the range input ``selector`` across its track with the mouse.

    ``steps`` pauses along the way, each reached in ``moves`` mouse moves (one
    Playwright call, so 3 moves per step triple the rate of input events: a
    Playwright call costs about 25 ms here, which limits one move per call to
    about 14 events a second).
    """
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    x0, x1 = box["x"] + 6, box["x"] + box["width"] - 6
    value = float(page.locator(selector).input_value())
    lo = float(page.locator(selector).get_attribute("min"))
    hi = float(page.locator(selector).get_attribute("max"))
    start = x0 + (x1 - x0) * (value - lo) / (hi - lo)
    page.mouse.move(start, y)
    page.mouse.down()
    path = (
        list(_ramp(start, x1, steps // 2)) + list(_ramp(x1, x0 + 0.3 * (x1 - x0), steps // 2))
        if there_and_back
        else list(_ramp(start, x1, steps))
    )
    pause = duration_ms / max(len(path), 1)
    for x in path:
        page.mouse.move(x, y, steps=moves)
        page.wait_for_timeout(pause)
    page.mouse.up()


def _ramp(a, b, n):
    for k in range(1, n + 1):
        yield a + (b - a) * k / n


def check(page):
    """Press the check button; return the state JSON and wait for the replica."""
    before = page.locator(".venusedu-check-state textarea").input_value()
    page.locator("button.venusedu-check").click()
    page.wait_for_function(
        """(old) => { const t = document.querySelector('.venusedu-check-state textarea');
                      return t && t.value && t.value !== old; }""",
        arg=before,
        timeout=APP_TIMEOUT_MS,
    )
    wait_for_app(page, REPLICA)
    state = json.loads(page.locator(".venusedu-check-state textarea").input_value())
    return state


def open_lab(page, server, notebook_name: str, ui: str = "lab") -> None:
    """Open the notebook in JupyterLab (``ui="lab"``) or Notebook 7 (``"notebook"``) and run all cells."""
    path = f"/lab/tree/{notebook_name}" if ui == "lab" else f"/notebooks/{notebook_name}"
    page.goto(f"{server.url}{path}?token={server.token}", timeout=APP_TIMEOUT_MS)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=APP_TIMEOUT_MS)
    page.wait_for_timeout(500)
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
    # Run All can be lost: the cells stay unexecuted ("[ ]:"), or queued ("[*]:")
    # while the kernel reports idle (CI, Python 3.10, on an idle machine; here
    # about 1 start in 20 on Python 3.10). Pressing Run All again did not help
    # there: the page's kernel connection was stuck. So the page is loaded
    # again (a new connection to the same kernel) and Run All pressed again.
    _wait_for_kernel_idle(page)
    RUN_LOG.clear()
    for attempt in range(4):
        RUN_LOG.append(f"Run All #{attempt + 1}")
        _settle_dialog(page)
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        if _cells_run(page) or attempt == 3:
            break
        print(f"open_lab: Run All lost (attempt {attempt + 1}): {'; '.join(RUN_LOG[-5:])}; loading the page again")
        _reload(page)
    wait_for_app(page)
    RUN_LOG.clear()  # only a failing open_lab reports it


def _reload(page) -> None:
    """Load the notebook page again (leaving it despite unsaved changes) and wait for its kernel."""

    def leave(dialog) -> None:
        dialog.accept()

    page.on("dialog", leave)
    try:
        page.reload(timeout=APP_TIMEOUT_MS)
    finally:
        page.remove_listener("dialog", leave)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=APP_TIMEOUT_MS)
    page.wait_for_timeout(500)
    _settle_dialog(page)
    _wait_for_kernel_idle(page)


_CELL_STATE = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(p => p.innerText.trim());
    const status = document.querySelector('.jp-Notebook-ExecutionIndicator')
        ?.getAttribute('data-status') || '';
    return {prompts, status,
            app: !!document.querySelector('.venusedu-control-body_fat input[type=range]')};
}"""

#: The prompts and kernel states seen after each Run All (reported if the app never appears).
RUN_LOG: list[str] = []

#: how long queued cells may wait on an idle kernel before Run All counts as lost
LOST_RUN_S = 15.0


def _wait_for_kernel_idle(page) -> None:
    """Until the notebook's kernel reports idle (a front end without the
    indicator is not waited for)."""
    page.wait_for_function(
        """() => { const i = document.querySelector('.jp-Notebook-ExecutionIndicator');
                   return !i || i.getAttribute('data-status') === 'idle'; }""",
        timeout=APP_TIMEOUT_MS,
    )


def _cells_run(page, lost_after: float = LOST_RUN_S, start_within: float = 20.0) -> bool:
    """After Run All: True once the cells run (a cell has finished, or the app is
    shown); False if none started within ``start_within`` seconds, or they stayed
    queued on an idle kernel for ``lost_after`` seconds, which means the kernel
    never got the requests."""
    start = time.monotonic()
    idle_since: float | None = None
    seen = None
    while time.monotonic() - start < APP_TIMEOUT_MS / 1e3:
        state = page.evaluate(_CELL_STATE)
        prompts = state["prompts"]
        if (prompts, state["status"]) != seen:  # what the page went through, for a failure message
            seen = (prompts, state["status"])
            RUN_LOG.append(f"{time.monotonic() - start:.1f} s: {' '.join(prompts)} kernel {state['status'] or '?'}")
        if state["app"] or any(re.fullmatch(r"\[[0-9]+\]:?", p) for p in prompts):
            return True
        queued = any(p.startswith("[*]") for p in prompts)
        now = time.monotonic()
        if not queued:
            if now - start > start_within:
                return False  # never started
            idle_since = None
        elif state["status"] == "idle":
            idle_since = idle_since if idle_since is not None else now
            if now - idle_since > lost_after:
                return False
        else:
            idle_since = None
        page.wait_for_timeout(250)
    return True  # let wait_for_app report how far the notebook got


def _settle_dialog(page) -> None:
    """A dialog JupyterLab opens while the kernel is slow to come up (seen on a loaded
    machine: it blocks the menu bar). The kernel picker is answered with its default
    (the notebook's own kernel), again while it stays open (its accept button does
    nothing until the kernel list has loaded); any other dialog is a failure,
    reported with its text."""
    dialog = page.locator(".jp-Dialog")
    deadline = time.monotonic() + APP_TIMEOUT_MS / 1e3
    text = ""
    while dialog.count():
        text = dialog.first.inner_text()
        if "kernel" not in text.lower() or not page.locator(".jp-Dialog .jp-mod-accept").count():
            raise AssertionError(f"JupyterLab shows a dialog: {text!r} ({env_note()})")
        if time.monotonic() > deadline:
            raise AssertionError(f"JupyterLab's kernel dialog stays open: {text!r} ({env_note()})")
        try:
            page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5_000)
            dialog.first.wait_for(state="detached", timeout=5_000)
        except Exception:  # still open (or replaced by another): look again
            page.wait_for_timeout(500)


def env_note() -> str:
    load = os.getloadavg()
    return f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores"
