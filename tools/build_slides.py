"""Build reveal.js slide decks of the lessons that work offline (``make slides``).

Usage: python tools/build_slides.py [--out slides] [NOTEBOOK ...]
(default: every lesson of venusedu.catalog.LESSONS that exists in notebooks/)

Each lesson becomes ``OUT/NAME.slides.html``, cut into slides by its cells'
``metadata.slideshow.slide_type`` (slide, subslide, fragment, skip, notes; a
cell without one continues the current slide), from the committed, executed
notebook: nothing is re-executed; cells tagged ``instructor`` become speaker
notes. nbconvert's slides exporter is used with the template
``tools/templates/venusedu_slides``, which loads reveal.js 5 and MathJax 3
from copies in ``OUT/_static`` (npm packages pinned in package-lock.json; run
``npm ci`` first) instead of CDNs, and loads no require.js or jQuery.
``OUT/index.html`` lists the decks.

For a projector 1280 px wide the decks are laid out on a 1280 x 720 canvas:

- each figure is shown at the size at which its smallest text is 18 px
  (from the ``dpi`` and ``min_text_pt`` that ``venusedu.display.show`` stores
  with it), or smaller if it would not fit a slide -- the build warns;
- a slide whose content is taller than 720 px continues on a new slide below
  it (in the browser, before the deck starts); code wraps instead of running
  off the slide;
- transitions are off when the viewer asks for reduced motion.

The caption ``show`` prints under a figure is left out (the figure keeps it as
alt text), as are widget views (their static alternative is shown, see
``tools/lesson_view.py``) and ``# NBVAL_...`` lines.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import math
import re
import shutil
import struct
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from lesson_view import IMAGE_MIMES, NBVAL_LINE, static_outputs

from venusedu.versions import INSTRUCTOR_TAG

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SUFFIX = ".slides.html"
#: The slide canvas (CSS px) and the room a figure alone on a slide may take.
WIDTH, HEIGHT = 1280, 720
FIGURE_BOX = (WIDTH - 16, HEIGHT - 44)
MIN_TEXT_PX = 18.0

REVEAL_FILES = [
    "LICENSE",
    "package.json",
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/reset.css",
    "dist/theme/fonts",
    "dist/theme/white.css",
    "plugin/notes/notes.js",
]
MATHJAX_FILES = [
    "LICENSE",
    "package.json",
    "es5/tex-chtml-full.js",
    "es5/output/chtml/fonts/woff-v2",
    "es5/ui",
    "es5/a11y",
    "es5/sre",
]


class BuildError(RuntimeError):
    """The build cannot go on (missing npm packages, an external URL, ...)."""


def _copy_npm(name: str, items: list[str], dest: Path) -> None:
    """Copy ``items`` of an npm package (the version package-lock.json pins) to ``dest``."""
    want = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{name}"]["version"]
    src = ROOT / "node_modules" / name
    try:
        have = json.loads((src / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise BuildError(
            f"the npm package {name} is not installed; run `npm ci` in {ROOT} (`make slides` does)"
        ) from None
    if have != want:
        raise BuildError(f"node_modules has {name} {have}, package-lock.json pins {want}; run `npm ci`")
    for item in items:
        (dest / item).parent.mkdir(parents=True, exist_ok=True)
        if (src / item).is_dir():
            shutil.copytree(src / item, dest / item, dirs_exist_ok=True)
        else:
            shutil.copy2(src / item, dest / item)


def png_size(b64: str) -> tuple[int, int]:
    """Width and height in pixels of a base64-encoded PNG."""
    head = base64.b64decode(b64[:64])
    return struct.unpack(">II", head[16:24])


def figure_scale(meta: dict, size: tuple[int, int], box: tuple[int, int] = FIGURE_BOX) -> tuple[float, str]:
    """Scale at which to show a figure on a slide, and a warning ("" if none).

    The scale makes its smallest text ``MIN_TEXT_PX`` (never smaller than
    the figure's own pixels), unless the figure would not fit ``box``.
    """
    w, h = size
    fit = min(box[0] / w, box[1] / h)
    pt, dpi = meta.get("min_text_pt"), meta.get("dpi")
    if not pt or not dpi:
        return min(1.0, fit), "no text size stored with it (show it with venusedu.display.show)"
    need = MIN_TEXT_PX / (pt * dpi / 72.0)
    for scale in (max(need, 1.0), need):  # the figure's own pixels if they are enough
        if scale <= fit:
            return scale, ""
    return fit, (
        f"{w}x{h} px with {pt:g} pt text needs {math.ceil(w * need)}x{math.ceil(h * need)} px "
        f"for {MIN_TEXT_PX:g} px text, more than a {box[0]}x{box[1]} slide; shown at "
        f"{pt * dpi / 72 * fit:.1f} px"
    )


def slide_notebook(nb, label: str = "") -> tuple[object, list[str]]:
    """The deck's notebook: notes, outputs for a static page, figures sized for the projector."""
    warnings = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if INSTRUCTOR_TAG in tags:  # teaching notes go to the speaker view (key `s`)
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "notes"
        if cell.cell_type != "code":
            continue
        cell.source = NBVAL_LINE.sub("", cell.source)
        cell.outputs = nbformat.from_dict(static_outputs(cell.outputs, captions="drop"))
        for out in cell.outputs:
            mime = next((m for m in IMAGE_MIMES[:2] if m in out.get("data", {})), None)
            if mime is None or mime != "image/png":
                continue
            meta = out.setdefault("metadata", {}).setdefault(mime, {})
            size = png_size(out.data[mime])
            scale, warning = figure_scale(meta, size)
            if warning:
                warnings.append(f"{label}: figure {meta.get('alt', '')[:50]!r}...: {warning}")
            meta["width"], meta["height"] = round(size[0] * scale), round(size[1] * scale)
    return nb, warnings


def exporter():
    from nbconvert import SlidesExporter

    return SlidesExporter(
        template_name="venusedu_slides",
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        reveal_url_prefix="_static/reveal.js",
        reveal_theme="white",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        mathjax_url="_static/mathjax/es5/tex-chtml-full.js",
    )


_LOADS = re.compile(
    r"<(?:script|link|img|iframe|source|audio|video|embed)\b[^>]*?\s(?:src|href|data)=\"([^\"]+)\"", re.I
)


def check_offline(page: Path) -> None:
    """Raise BuildError if ``page`` loads anything from another host."""
    bad = [
        u
        for u in _LOADS.findall(page.read_text(encoding="utf-8"))
        if u.startswith("//") or urlsplit(u).scheme.lower() in {"http", "https", "ftp", "ws", "wss"}
    ]
    if bad:
        raise BuildError(f"{page} loads from the web: {bad[:5]}")


def rewrite_lesson_links(text: str, available: set[str]) -> str:
    """Point links between lessons (``01_anatomy.ipynb``) at the decks."""

    def repl(m: re.Match) -> str:
        name, frag = m.group(2), m.group(3) or ""
        return f'{m.group(1)}{name}{SUFFIX}{frag}"' if f"{name}.ipynb" in available else m.group(0)

    return re.sub(r'(<a\s[^>]*?href=")(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?"', repl, text)


def _index(decks: list[tuple[Path, str]]) -> str:
    from venusedu.catalog import LESSONS

    titles = {lesson.notebook: lesson.title for lesson in LESSONS}
    items = "\n".join(
        f'<li><a href="{html.escape(d.name)}">{html.escape(n[:2] + " " + titles.get(n, n))}</a></li>' for d, n in decks
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>The dimples of Venus: slides</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;"
        "font-size:1.25rem;line-height:1.6;color:#1a1a1a}a{color:#0b5394}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>The dimples of Venus: slides</h1>\n<ul>\n{items}\n</ul>\n"
        "<p>Keys: arrows to move, <kbd>s</kbd> for the speaker view, <kbd>f</kbd> for full screen, "
        "<kbd>Esc</kbd> for the overview.</p>\n</main>\n</body>\n</html>\n"
    )


def build(out: Path, lessons: list[Path]) -> tuple[list[Path], list[str]]:
    """Write one deck per lesson plus ``index.html`` and the assets into ``out``; return decks, warnings."""
    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    if static.exists():
        shutil.rmtree(static)
    _copy_npm("reveal.js", REVEAL_FILES, static / "reveal.js")
    _copy_npm("mathjax", MATHJAX_FILES, static / "mathjax")
    shutil.copy2(TEMPLATES / "venusedu_slides" / "venusedu-slides.css", static)
    exp = exporter()
    available = {p.name for p in lessons}
    decks, warnings = [], []
    for nb_path in lessons:
        nb, warned = slide_notebook(nbformat.read(nb_path, as_version=4), nb_path.name)
        warnings += warned
        body, _ = exp.from_notebook_node(
            nb, resources={"metadata": {"name": nb_path.stem, "path": str(nb_path.parent)}}
        )
        deck = out / f"{nb_path.stem}{SUFFIX}"
        deck.write_text(rewrite_lesson_links(body, available), encoding="utf-8")
        check_offline(deck)
        decks.append((deck, nb_path.name))
    (out / "index.html").write_text(_index(decks), encoding="utf-8")
    return [d for d, _ in decks], warnings


def catalog_lessons(paths: list[str] | None = None) -> list[Path]:
    """The lessons to build: ``paths`` if given, else the catalog's lessons that exist, in order."""
    if paths:
        found = [Path(p).resolve() for p in paths]
        missing = [str(p) for p in found if not p.is_file()]
        if missing:
            raise BuildError(f"no such notebook: {', '.join(missing)}")
        return found
    from venusedu.catalog import LESSONS

    return [NOTEBOOKS / lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="lessons to build (default: all in the catalog)")
    parser.add_argument("--out", type=Path, default=ROOT / "slides", help="output folder (default: slides/)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        decks, warnings = build(args.out, catalog_lessons(args.notebooks))
    except BuildError as exc:
        print(f"build_slides: error: {exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"build_slides: warning: {warning}", file=sys.stderr)
    print(
        f"{len(decks)} decks in {args.out} ({time.perf_counter() - start:.1f} s); "
        f"open {args.out / 'index.html'}, or serve them: "
        f".venv/bin/python -m http.server -d {args.out} -b 127.0.0.1 8000"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
