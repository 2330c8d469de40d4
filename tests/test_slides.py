"""`make slides`: reveal.js decks of the lessons that work offline (`make app`: test_lab_server.py).

The decks are built exactly as `make slides` builds them (tools/build_slides.py),
into a temporary folder. reveal.js and MathJax come from node_modules/, which
`npm ci` fills from package-lock.json once per test run when it is missing or
stale; without npm the tests skip (fail on CI, CI=true).
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from venusedu.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PRESENT = [lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]
BUILD_SLIDES = ROOT / "tools" / "build_slides.py"

# Tags and attributes whose URLs a browser loads.
LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
}
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""(?:@import\s+|url\(\s*)['"]?([^'")\s;]+)""")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str, str]] = []
        self.links: list[str] = []
        self.styles: list[str] = []
        self.imgs: list[dict] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        for name in LOADING_ATTRS.get(tag, ()):
            value = attrs_d.get(name)
            if value:
                urls = [p.strip().split()[0] for p in value.split(",") if p.strip()] if name == "srcset" else [value]
                self.loads += [(tag, name, u) for u in urls]
        if tag == "a" and attrs_d.get("href"):
            self.links.append(attrs_d["href"])
        if tag == "img":
            self.imgs.append(attrs_d)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def local_target(page: Path, url: str) -> Path | None:
    """The file a relative URL of ``page`` points at, or None for data:/fragment URLs."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("#") or not parts.path:
        return None
    return (page.parent / parts.path).resolve()


def external_loads(page: Path) -> list[str]:
    """External URLs the page (and the local CSS it links) would load."""
    refs = parse(page)
    bad = [f"<{t} {a}={u}>" for t, a, u in refs.loads if EXTERNAL.match(u)]
    bad += [f"<style> {u}" for css in refs.styles for u in CSS_URL.findall(css) if EXTERNAL.match(u)]
    for tag, _attr, url in refs.loads:
        target = local_target(page, url)
        if tag == "link" and target is not None and target.suffix == ".css" and target.is_file():
            bad += [f"{target.name}: {u}" for u in CSS_URL.findall(target.read_text()) if EXTERNAL.match(u)]
    return bad


# -------------------------------------------------------------------- fixtures


def _lock_versions() -> dict[str, str]:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return {k.removeprefix("node_modules/"): v["version"] for k, v in lock["packages"].items() if k}


def _installed_ok() -> bool:
    for name, version in _lock_versions().items():
        pkg = ROOT / "node_modules" / name / "package.json"
        if not pkg.is_file() or json.loads(pkg.read_text())["version"] != version:
            return False
    return True


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """node_modules/ as package-lock.json pins it (`npm ci` once per run if needed)."""
    if not _installed_ok():
        npm = shutil.which("npm")
        if npm is None:
            msg = (
                "npm is not installed (apt-get install npm); "
                "the slides and the course site need reveal.js and MathJax from npm"
            )
            if _in_ci():
                pytest.fail(f"{msg} -- CI=true, so this is an error", pytrace=False)
            pytest.skip(msg)
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        if proc.returncode != 0 or not _installed_ok():
            msg = f"`npm ci` failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
            if _in_ci():
                pytest.fail(msg, pytrace=False)
            pytest.skip(msg)
    return ROOT / "node_modules"


def build_slides(out: Path, *notebooks: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, str(BUILD_SLIDES), "--out", str(out), *map(str, notebooks)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"build_slides failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def slides(node_modules, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    build_slides(out)
    return out


@contextmanager
def serve(folder: Path):
    """A static file server for ``folder`` on 127.0.0.1 (a free port), in a thread."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


# ----------------------------------------------------------------------- tests


def test_make_slides_runs_the_build_the_tests_run():
    out = subprocess.run(["make", "-n", "-B", "slides"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "npm ci" in out
    assert re.search(r"python\S* tools/build_slides\.py --out slides", out), out


def test_reveal_pin_matches_nbconvert_template_layout():
    """package.json pins reveal.js 5, whose files are where nbconvert's reveal template expects them."""
    pins = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert pins["reveal.js"].startswith("5."), pins
    assert _lock_versions()["reveal.js"] == pins["reveal.js"], "package-lock.json is stale: run npm install"


def test_every_lesson_has_a_deck(slides):
    decks = sorted(p.name for p in slides.glob("*.slides.html"))
    assert decks == sorted(n.replace(".ipynb", ".slides.html") for n in PRESENT)
    links = parse(slides / "index.html").links
    assert links == [n.replace(".ipynb", ".slides.html") for n in PRESENT]


@pytest.mark.parametrize("name", ["index.html"] + [n.replace(".ipynb", ".slides.html") for n in PRESENT])
def test_deck_loads_nothing_from_the_web(slides, name):
    page = slides / name
    bad = external_loads(page)
    assert not bad, f"{name} loads from the web: {bad[:10]}"
    refs = parse(page)
    missing = [u for _, _, u in refs.loads if (t := local_target(page, u)) is not None and not t.is_file()]
    assert not missing, f"{name} refers to files that were not copied: {missing}"
    if name != "index.html":
        srcs = [u for t, _, u in refs.loads if t == "script"]
        assert "_static/reveal.js/dist/reveal.js" in srcs
        assert not [s for s in srcs if re.search(r"require|jquery|mermaid", s, re.I)], srcs


def test_local_reveal_is_the_pinned_version(slides):
    assert (slides / "_static" / "reveal.js" / "dist" / "reveal.js").is_file()
    for name in ("reveal.js", "mathjax"):
        meta = json.loads((slides / "_static" / name / "package.json").read_text())
        assert meta["version"] == _lock_versions()[name]


PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2b5b3f90000000049454e44ae426082"
    )
).decode()


def _slide(cell, kind):
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def test_slideshow_metadata_cuts_the_deck(node_modules, tmp_path):
    """slide / subslide / fragment / skip / notes from the cells' metadata; alt text kept."""
    v4 = nbformat.v4
    image = v4.new_output(
        "display_data",
        data={"image/png": PNG_1PX, "text/plain": "<Figure>"},
        metadata={"image/png": {"alt": "A one-pixel test image."}},
    )
    cells = [
        _slide(v4.new_markdown_cell("# First slide $E = mc^2$"), "slide"),
        _slide(v4.new_markdown_cell("a fragment"), "fragment"),
        _slide(v4.new_code_cell("show()", execution_count=1, outputs=[image]), "-"),
        _slide(v4.new_markdown_cell("speaker notes here"), "notes"),
        _slide(v4.new_markdown_cell("SKIPPED TEXT"), "skip"),
        v4.new_code_cell("TEACHING_NOTE = 1", execution_count=2, metadata={"tags": ["instructor"]}),
        _slide(v4.new_markdown_cell("## A subslide"), "subslide"),
        _slide(v4.new_markdown_cell("# Second slide"), "slide"),
    ]
    nb = v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    )
    src = tmp_path / "synthetic.ipynb"
    nbformat.write(nb, src)
    build_slides(tmp_path / "out", src)
    text = (tmp_path / "out" / "synthetic.slides.html").read_text()
    body = text.split('<div class="slides">', 1)[1]
    assert body.count("<section") == 5  # 2 slides: (2 subslides) + (1 subslide), each wrapped
    assert re.search(r'<div class="fragment">\s*<div class="jp-Cell.*?a fragment', body, re.S)
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', body, re.S)
    assert any("speaker notes here" in n for n in notes)
    assert any("TEACHING_NOTE" in n for n in notes), "instructor cells become speaker notes"
    assert "SKIPPED TEXT" not in body
    imgs = parse(tmp_path / "out" / "synthetic.slides.html").imgs
    assert [i.get("alt") for i in imgs] == ["A one-pixel test image."]
    assert not external_loads(tmp_path / "out" / "synthetic.slides.html")


def watch_offline(page):
    """Abort every non-local request of ``page`` and record what went wrong.

    Returns the lists ``(blocked, failed, errors)``: requests to other hosts
    (aborted), failed or >= 400 responses, and JavaScript errors.
    """
    blocked, failed, errors = [], [], []

    def route(r):
        host = urlsplit(r.request.url).hostname or ""
        if r.request.url.startswith(("data:", "blob:", "about:")) or host in {"127.0.0.1", "localhost"}:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append(f"{req.url} {req.failure}"))
    page.on("response", lambda resp: resp.status >= 400 and failed.append(f"{resp.url} {resp.status}"))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return blocked, failed, errors


@pytest.mark.browser
@pytest.mark.parametrize("name", PRESENT[:1] + PRESENT[-1:] if len(PRESENT) > 1 else PRESENT)
def test_deck_renders_offline_in_chromium(slides, page, name):
    """reveal.js initialises and MathJax loads with every non-local request blocked."""
    blocked, failed, errors = watch_offline(page)
    with serve(slides) as base:
        page.goto(f"{base}/{name.replace('.ipynb', '.slides.html')}", wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
        n_slides = page.evaluate("() => Reveal.getTotalSlides()")
        assert n_slides >= 1
        assert page.locator(".reveal .slides section").count() >= 1
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000)
        page.evaluate("() => MathJax.startup.promise")
        if n_slides > 1:
            page.evaluate("() => Reveal.next()")
            page.wait_for_function("() => Reveal.getSlidePastCount() >= 1")
        page.wait_for_timeout(300)
    assert not blocked, f"the deck tried to reach the network: {blocked}"
    assert not failed, f"requests failed: {failed}"
    assert not errors, f"JavaScript errors: {errors}"


# ------------------------------------------------- a 1280 x 720 projector

DECKS = [n.replace(".ipynb", ".slides.html") for n in PRESENT]
PROJECTOR = {"width": 1280, "height": 720}
MIN_TEXT_PX = 18.0
# the room a figure alone on a slide has (the slide less its padding)
FIGURE_BOX = (1264, 676)

SLIDE_STATE = """() => {
  const s = Reveal.getCurrentSlide(), W = Reveal.getConfig().width;
  const wide = [...s.querySelectorAll('pre, img, table, .jp-Cell')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > W + 1)
    .map(e => e.tagName + ' ' + (e.textContent || e.alt || '').trim().slice(0, 40));
  return {height: s.scrollHeight, width: s.scrollWidth, wide: wide,
          text: (s.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60)};
}"""


def _figures(name: str) -> dict[str, tuple[float, int, tuple[int, int]]]:
    """alt text -> (smallest text in pt, dpi, PNG size) of the lesson's figures."""
    out = {}
    for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("image/png", {})
            if "image/png" in o.get("data", {}) and meta.get("alt"):
                head = base64.b64decode(o["data"]["image/png"][:64])
                size = tuple(int.from_bytes(head[i : i + 4], "big") for i in (16, 20))
                out[meta["alt"]] = (meta.get("min_text_pt"), meta.get("dpi"), size)
    return out


def _too_large(name: str) -> list[str]:
    """Figures that cannot be shown on a 1280 x 720 slide with 18 px text (their own layout)."""
    bad = []
    for alt, (pt, dpi, (w, h)) in _figures(name).items():
        if pt and dpi:
            need = MIN_TEXT_PX / (pt * dpi / 72)
            if w * need > FIGURE_BOX[0] or h * need > FIGURE_BOX[1]:
                bad.append(f"{alt[:40]}... ({w}x{h} px, {pt:g} pt: {w * need:.0f}x{h * need:.0f} px at 18 px)")
    return bad


def _projector(browser, **kw):
    context = browser.new_context(viewport=PROJECTOR, device_scale_factor=1, **kw)
    context.set_default_timeout(30_000)
    return context, context.new_page()


def _open(page, base, deck):
    page.goto(f"{base}/{deck}", wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
    # the deck's own layout pass, after the math is typeset
    page.wait_for_function("() => document.body.dataset.slidesFitted === 'true'", timeout=20_000)
    return page.evaluate("() => Reveal.getSlides().map(s => Reveal.getIndices(s))")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_fits_the_projector_and_passes_axe(slides, browser, deck):
    """On a 1280 x 720 screen: no slide taller or wider than the screen, nothing runs off it, axe clean."""
    from tests.axe import BLOCKING, axe_violations

    context, page = _projector(browser, reduced_motion="reduce")
    misfits, serious, counts = [], [], {}
    try:
        with serve(slides) as base:
            indices = _open(page, base, deck)
            assert page.evaluate("() => Reveal.getScale()") == pytest.approx(1.0)
            for ix in indices:
                page.evaluate(f"() => Reveal.slide({ix['h']}, {ix.get('v') or 0})")
                state = page.evaluate(SLIDE_STATE)
                if state["height"] > PROJECTOR["height"] or state["width"] > PROJECTOR["width"] or state["wide"]:
                    misfits.append((ix["h"], ix.get("v"), state))
                for v in axe_violations(page, ".reveal .slides section.present"):
                    counts[v["impact"]] = counts.get(v["impact"], 0) + v["count"]
                    if v["impact"] in BLOCKING:
                        serious.append((ix["h"], ix.get("v"), v["id"], v["nodes"][:2]))
    finally:
        context.close()
    print(f"{deck}: {len(indices)} slides, axe {counts or 'clean'}")
    assert not misfits, f"{deck}: slides that do not fit 1280x720: {misfits[:5]}"
    assert not serious, f"{deck}: axe serious/critical: {serious[:5]}"


def _figure_marks(deck):
    name = deck.replace(".slides.html", ".ipynb")
    too_large = _too_large(name)
    if too_large:
        return pytest.param(
            deck,
            marks=pytest.mark.xfail(
                strict=True,
                reason=(
                    "figures too large for a 1280x720 slide at 18 px text; they need a slide layout: "
                    + "; ".join(too_large)
                ),
            ),
        )
    return deck


@pytest.mark.browser
@pytest.mark.parametrize("deck", [_figure_marks(d) for d in DECKS])
def test_figure_text_is_at_least_18px_when_projected(slides, browser, deck):
    """Smallest text of each figure (pt x dpi / 72 x rendered / natural width x deck scale) >= 18 px."""
    figures = _figures(deck.replace(".slides.html", ".ipynb"))
    context, page = _projector(browser, reduced_motion="reduce")
    try:
        with serve(slides) as base:
            indices = _open(page, base, deck)
            shown = {}
            for ix in indices:
                page.evaluate(f"() => Reveal.slide({ix['h']}, {ix.get('v') or 0})")
                shown.update(
                    page.evaluate("""() => Object.fromEntries(
                  [...Reveal.getCurrentSlide().querySelectorAll('img')].filter(i => i.alt)
                    .map(i => [i.alt, [i.getBoundingClientRect().width, i.naturalWidth]]))""")
                )
            scale = page.evaluate("() => Reveal.getScale()")
    finally:
        context.close()
    assert set(shown) == set(figures), "every figure of the lesson is on a slide"
    small = []
    for alt, (rendered, natural) in shown.items():
        pt, dpi, _ = figures[alt]
        assert pt and dpi, f"no text size stored with the figure {alt[:40]!r}: re-run the lesson"
        px = pt * dpi / 72 * rendered / natural * scale
        if px < MIN_TEXT_PX - 0.05:
            small.append(f"{alt[:40]}...: {px:.1f} px")
    assert not small, f"{deck}: figure text below {MIN_TEXT_PX:g} px: {small}"


@pytest.mark.browser
def test_transitions_follow_prefers_reduced_motion(slides, browser):
    deck = DECKS[-1]
    for motion, want in (("reduce", "none"), ("no-preference", "slide")):
        context, page = _projector(browser, reduced_motion=motion)
        try:
            with serve(slides) as base:
                _open(page, base, deck)
                got = page.evaluate("() => [Reveal.getConfig().transition, Reveal.getConfig().backgroundTransition]")
        finally:
            context.close()
        assert got[0] == want, (motion, got)
        assert (got[1] == "none") == (motion == "reduce"), (motion, got)
