"""The explorer in a real browser: Voilà (the app page), JupyterLab 4 and Notebook 7, in Chromium.

Each test starts its own server on 127.0.0.1 (stopped by process id when the
test ends) and opens the app page's cells plus a check cell
(:mod:`tests.explorer_page`). In every front end:

* the body-fat slider takes ArrowLeft/Right, PageUp/PageDown, Home and End
  and the readout follows;
* a fast mouse drag, then idle: every canvas of the app is compared pixel for
  pixel with a second explorer drawn from scratch at the same control values,
  and the readout's numbers with ``simulate`` of the final parameters,
  computed here;

* axe-core (``tests/axe.py``) finds no serious or critical violation in the
  explorer (the counts of all impacts are printed), and the keyboard can
  leave it (no trap);

and, in Voilà, axe-core finds none on the whole app page, which loads nothing
from outside 127.0.0.1, shows no code and no lesson exercise, and reflows at
320 px and at 200 % zoom. Latency and frame
rate are measured by ``benchmarks/bench_explorer.py --browser``, not here.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.axe import axe_violations, blocking
from tests.explorer_page import (
    APP,
    APP_PAGE,
    COMPARE,
    REPLICA,
    check,
    drag,
    open_lab,
    readout,
    readout_numbers,
    seqs,
    wait_for_app,
    wait_until_idle,
    write_check_notebook,
)
from tests.servers import api_json, lab_server, voila_server
from tests.test_slides import node_modules  # noqa: F401 - a fixture: axe-core from npm, as pinned

ROOT = Path(__file__).resolve().parents[1]
BROWSER = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]
SLIDER = f"{APP} .venusedu-control-body_fat input[type=range]"
#: How many canvases of each picture the page holds (the app's and the replica's: 2 each).
VIEWS = """() => Object.fromEntries(['back', 'section', 'visibility'].map(
    n => [n, document.querySelectorAll(`.venusedu-figure-${n} canvas`).length]))"""


def browser_test(fn):
    for mark in BROWSER:
        fn = mark(fn)
    return fn


# -- shared checks ---------------------------------------------------------------
def check_keys(page):
    """Arrow keys, PageUp/PageDown, Home/End move the body-fat slider; the readout follows."""
    from venusedu.app.controls import fat_for_bf

    inp = page.locator(SLIDER)
    inp.focus()
    expected = {"ArrowRight": 20.5, "ArrowLeft": 20.0, "PageUp": None, "PageDown": 20.0, "End": 50.0, "Home": 3.0}
    for key, want in expected.items():
        before = float(inp.input_value())
        text = readout(page)
        page.keyboard.press(key)
        page.wait_for_function(
            "([sel, old]) => document.querySelector(sel).innerText.trim() !== old",
            arg=[f"{APP} .vx-readout", text],
            timeout=20_000,
        )
        value = float(inp.input_value())
        if want is None:
            assert value > before + 1.0, (key, before, value)  # a big step
        else:
            assert value == pytest.approx(want), (key, value)
        fat = readout_numbers(readout(page))["fat"]
        assert fat == pytest.approx(round(fat_for_bf(value, "female")[0], 1)), (key, readout(page))
        assert page.evaluate("(sel) => document.activeElement === document.querySelector(sel)", SLIDER), (
            f"{key} moved the focus away from the slider"
        )
    # the value is announced rounded, in its unit
    assert inp.get_attribute("aria-valuetext") == "3.0 percent body fat"


def check_fresh_draw_and_readout(page):
    """After a fast drag and idle, every canvas equals a fresh full draw; the readout equals simulate."""
    from venusedu import Params, simulate
    from venusedu.diagrams import format_vi

    drag(page, SLIDER, steps=50, duration_ms=2500, moves=3)  # ~40 input events a second
    light = f"{APP} .venusedu-control-light_elevation_deg input"
    page.locator(light).focus()
    for key in ["ArrowLeft"] * 4 + ["PageDown"]:
        page.keyboard.press(key)  # keys in a burst, no waiting
    wait_until_idle(page)
    state = check(page)
    assert state["error"] == "None" and state["notice"] == "", state
    # the kernel has the values the sliders show (the slider's flow control sent the last one)
    for sel, name in ((SLIDER, "body_fat"), (light, "light_elevation_deg")):
        assert float(page.locator(sel).input_value()) == pytest.approx(state["values"][name]), (name, state["values"])
    diff = page.evaluate(COMPARE, [APP, REPLICA])
    if os.environ.get("VENUSEDU_FLAKE_DIR"):  # keep the kernel's log for a replay
        out = Path(os.environ["VENUSEDU_FLAKE_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        (out / f"state-{time.strftime('%H%M%S')}-{'bad' if any(diff.values()) else 'ok'}.json").write_text(
            json.dumps(dict(state, diff=diff))
        )
    assert diff == {"back": 0, "section": 0, "visibility": 0}, (
        f"pixels differing from a fresh draw: {diff}; in the kernel: {state['kernel_diff']}; frames sent "
        f"{state['seq']}, shown {seqs(page)}; views {page.evaluate(VIEWS)}; parameters of the fresh draw that differ: "
        f"{ {k: (v, state['replica_params'][k]) for k, v in state['params'].items() if state['replica_params'][k] != v} }"  # noqa: E501
    )
    r = simulate(Params(**state["params"]))
    got = readout_numbers(readout(page))
    assert got["fat"] == pytest.approx(round(r.params.fat_mm, 1))
    if r.linear:
        assert (got["vi"], got["low"], got["high"]) == (
            format_vi(r.visibility_index),
            format_vi(r.vi_low),
            format_vi(r.vi_high),
        )
        assert got["depth"] == pytest.approx(round(r.depth_mm, 2))
        assert got["width"] == pytest.approx(round(r.width_mm))
    else:
        assert "Beyond the model" in readout(page)
    # the text alternatives follow the result
    alt = page.locator(f"{APP} .venusedu-figure-section canvas").get_attribute("aria-label")
    from venusedu.drawing.base import _fmt_mm

    assert f"{_fmt_mm(r.params.fat_mm)} mm of fat" in alt, alt


def kernel_activity(server) -> datetime.datetime:
    """The latest ``last_activity`` of the server's kernels."""
    stamps = [k["last_activity"].replace("Z", "+00:00") for k in api_json(server, "/api/kernels")]
    return max(datetime.datetime.fromisoformat(t) for t in stamps)


def check_accessibility(page, scope: str):
    """No serious/critical axe violations in the explorer; names, states, focus, live region."""
    found = axe_violations(page, scope)
    counts: dict[str, int] = {}
    for v in found:
        counts[v["impact"]] = counts.get(v["impact"], 0) + v["count"]
    print(
        f"axe-core in the explorer ({page.url.split('?')[0]}): "
        + (
            ", ".join(
                f"{k} {n} ({', '.join(v['id'] for v in found if v['impact'] == k)})" for k, n in sorted(counts.items())
            )
            or "no violations"
        )
    )
    bad = blocking(found)
    assert not bad, "axe-core, serious or critical:\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}; {v['nodes']}" for v in bad
    )
    # every control has an accessible name with its unit
    names = page.evaluate(
        """(scope) => [...document.querySelectorAll(`${scope} input, ${scope} select, ${scope} button`)]
        .map(e => [e.type, e.labels && e.labels[0] ? e.labels[0].innerText : (e.closest('fieldset')?.querySelector('legend')?.innerText || e.innerText)])""",  # noqa: E501 - one line of JavaScript
        scope,
    )
    assert all(n for _, n in names), names
    ranges = dict((n, t) for t, n in names if t == "range")
    for label in ("Body fat (%)", "Fat over the PSIS (mm)", "Light above the skin (°)", "Viewing distance (m)"):
        assert any(label in n for n in ranges), (label, ranges)
    assert (
        page.locator(f"{scope} .venusedu-control-view_distance_m input").get_attribute("aria-valuetext")
        == "1.50 metres"
    )
    # toggle state exposed: radios, checked
    assert page.locator(f"{scope} .venusedu-control-fat_mode input[type=radio]:checked").count() == 1
    # the inactive slider is out of the tab order (disabled)
    assert page.locator(f"{scope} .venusedu-control-fat_mm input").is_disabled()
    # the verdict is a live region with verdict, VI and fat
    live = page.locator(f"{scope} .vx-verdict")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    assert re.search(r"(visible|borderline|beyond the model).*· [0-9.]+ mm of fat", live.inner_text(), re.I), (
        live.inner_text()
    )
    # canvases: images with a text alternative, not focusable
    for c in page.locator(f"{scope} .vx-picture canvas").all():
        assert c.get_attribute("role") == "img" and len(c.get_attribute("aria-label")) > 60
        assert c.evaluate("e => e.tabIndex") < 0
    # focus ring: 2 px, at least 3:1 against white
    inp = page.locator(f"{scope} .venusedu-control-light_azimuth_deg input")
    inp.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = inp.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert style[0] == "solid" and style[1] == "2px", style
    assert contrast(style[2], "rgb(255, 255, 255)") >= 3.0, style


#: The focused element as "tag.class1.class2[aria-label]", for failure messages.
_DESCRIBE_FOCUS = """() => { const e = document.activeElement; if (!e) return null;
    const label = e.getAttribute('aria-label') || e.getAttribute('title') || '';
    return e.tagName.toLowerCase() + [...e.classList].slice(0, 3).map(c => '.' + c).join('')
        + (label ? `[${label.slice(0, 40)}]` : ''); }"""


def check_no_keyboard_trap(page, scope: str):
    """Tab goes through every enabled control once and then leaves the explorer; Shift+Tab back."""
    page.locator(f"{scope} .venusedu-control-preset select").focus()
    visited = []
    for _ in range(60):
        inside = page.evaluate("(scope) => !!document.activeElement.closest(scope)", scope)
        if not inside:
            break
        visited.append(page.evaluate("() => document.activeElement.closest('[class*=venusedu-control-]')?.className"))
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never left the explorer: {visited[-5:]}")
    assert not any(v and "venusedu-control-fat_mm" in v for v in visited), "the inactive slider is a tab stop"
    assert any(v and "venusedu-control-reset" in v for v in visited)
    # and back in with Shift+Tab (past any front-end control between, e.g. JupyterLab's cell toolbar),
    # arriving on the last control
    back = []
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("(scope) => !!document.activeElement.closest(scope)", scope):
            break
        back.append(page.evaluate(_DESCRIBE_FOCUS))
    else:
        raise AssertionError(f"Shift+Tab does not come back into the explorer; focus went to {back}")
    assert page.evaluate("() => !!document.activeElement.closest('.venusedu-control-reset')")


def contrast(a: str, b: str) -> float:
    def lum(rgb):
        vals = [int(v) / 255 for v in re.findall(r"[0-9.]+", rgb)[:3]]
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in vals]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_reflow(page, width: int, height: int = 900):
    """At ``width`` CSS px: no horizontal scroll, nothing of the app cut off, controls above pictures."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    scroll = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"horizontal scroll at {width} px: {scroll}"
    boxes = page.evaluate(
        """(scope) => [...document.querySelectorAll(`${scope} .vx-control, ${scope} canvas, ${scope} .vx-readout`)]
        .map(e => { const r = e.getBoundingClientRect(); return [e.className || e.tagName, r.left, r.right]; })""",
        APP,
    )
    cut = [b for b in boxes if b[1] < -0.5 or b[2] > width + 0.5]
    assert not cut, f"cut off at {width} px: {cut[:5]}"
    if width < 640:
        top_views = page.locator(f"{APP} .vx-views").bounding_box()["y"]
        bottom_controls = page.locator(f"{APP} .vx-controls").bounding_box()
        assert bottom_controls["y"] + bottom_controls["height"] <= top_views + 1, "controls not above pictures"


# -- the tests ---------------------------------------------------------------------
@browser_test
def test_voila_app_page(page, tmp_path, node_modules):  # noqa: F811
    notebook = write_check_notebook(tmp_path)
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with voila_server(tmp_path, notebook) as server:
        cmdline = Path(f"/proc/{server.process.pid}/cmdline").read_bytes().decode()
        assert server.token not in cmdline, "the token is on the app server's command line"
        conn = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]), timeout=30)
        conn.request("GET", "/")
        assert conn.getresponse().status in (302, 401, 403), "the app page opens without the token"
        conn.close()
        page.on(
            "request",
            lambda req: (
                outside.append(req.url)
                if not re.match(
                    rf"^(http://127\.0\.0\.1:{server.url.rsplit(':', 1)[1]}/|ws://127\.0\.0\.1|data:|blob:)", req.url
                )
                else None
            ),
        )
        page.goto(f"{server.url}/?token={server.token}", timeout=90_000)
        wait_for_app(page)
        body = page.locator("body").inner_text()
        assert "The dimple explorer" in body and "What to try" in body
        for word in ("Exercise", "Check your answer", "Quiz", "import ", "explore()", "grid", "cache"):
            assert word not in body, f"the app page shows {word!r}"
        check_keys(page)
        check_fresh_draw_and_readout(page)
        check_accessibility(page, APP)
        whole = blocking(axe_violations(page))
        assert not whole, f"axe-core on the whole app page: {whole}"
        check_no_keyboard_trap(page, APP)
        for width in (640, 320):  # 200 % zoom of a 1280 px window; a phone
            check_reflow(page, width)
    assert not outside, f"the app page loaded from outside 127.0.0.1: {outside}"
    assert not errors, f"JavaScript errors in the page: {errors}"


# JupyterLab's own chrome (menus, side bars, status bar) is not the explorer's
# output; axe runs on the explorer's element only (tests/axe.py, a selector).
LAB_EXCLUDED = ("the JupyterLab shell: menu bar, side bars, tab bar, status bar, cell toolbars",)


@browser_test
def test_jupyterlab(page, tmp_path, node_modules):  # noqa: F811
    folder = tmp_path / "nb"
    folder.mkdir()
    write_check_notebook(folder)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with lab_server(tmp_path, notebook_dir=folder) as server:
        open_lab(page, server, "explorer_check.ipynb", ui="lab")
        before = kernel_activity(server)
        check_keys(page)
        # the page ignores the kernel's busy status for widget messages
        # (venusedu.launch_commands.untracked_message_types), but the server
        # still counts them as activity: an idle-culler sees the student
        assert kernel_activity(server) > before
        check_fresh_draw_and_readout(page)
        check_accessibility(page, APP)
        check_no_keyboard_trap(page, APP)
    assert not errors, f"JavaScript errors in the page: {errors}"


# Notebook 7.6 itself throws at load ("reading 'schema'", raised in its own
# bundle static/notebook/notebook_core.*.js, not in a widget's code);
# errors from that bundle are not the explorer's.
NB7_OWN = "/static/notebook/notebook_core."


@browser_test
def test_notebook7(page, tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    write_check_notebook(folder)
    errors: list[str] = []
    page.on(
        "pageerror",
        lambda exc: None if NB7_OWN in (exc.stack or "").split("\n", 2)[1] else errors.append(f"{exc}\n{exc.stack}"),
    )
    with lab_server(tmp_path, notebook_dir=folder) as server:
        open_lab(page, server, "explorer_check.ipynb", ui="notebook")
        page.locator(SLIDER).focus()  # focus in a cell's output makes that cell the active one
        page.wait_for_timeout(300)
        active = page.evaluate(
            "() => [...document.querySelectorAll('.jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
        )
        check_keys(page)
        after = page.evaluate(
            "() => [...document.querySelectorAll('.jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
        )
        assert after == active, "the arrow keys moved the notebook's cell selection"
        check_fresh_draw_and_readout(page)
        check_accessibility(page, APP)
        check_no_keyboard_trap(page, APP)
    assert not errors, f"JavaScript errors in the page: {errors}"


def test_app_page_has_no_lesson_content():
    import nbformat

    nb = nbformat.read(APP_PAGE, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown", "code"]
    for word in ("Exercise", "Quiz", "solution", "Check your answer", "Question"):
        assert word not in text
    assert "What to try" in text and "explore()" in nb.cells[-1].source


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_browser_skips_locally_and_fails_on_ci(tmp_path, ci):
    """tests/conftest.py: no Chromium -> skip with an install hint; with CI=true -> fail."""
    env = dict(os.environ, VENUSEDU_CHROMIUM=str(tmp_path / "no-such-chromium"), CI=ci)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rsf",
            "-q",
            "tests/test_browser.py::test_voila_app_page",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    text = out.stdout + out.stderr
    assert "apt-get install chromium" in text, text[-2000:]
    if ci:
        assert out.returncode != 0 and ("1 error" in text or "1 failed" in text), text[-2000:]
        assert "CI=true" in text
    else:
        assert out.returncode == 0 and "1 skipped" in text, text[-2000:]
