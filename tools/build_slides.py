"""Build reveal.js slide decks of the lessons that work offline (``make slides``).

Usage: python tools/build_slides.py [--out slides] [--theme white] [NOTEBOOK ...]
(default: every lesson of venusedu.catalog.LESSONS that exists in notebooks/)

Each lesson becomes ``OUT/NAME.slides.html``, cut into slides by its cells'
``metadata.slideshow.slide_type`` (slide, subslide, fragment, skip, notes; a
cell without one continues the current slide), from the committed, executed
notebook: nothing is re-executed; cells tagged ``instructor`` become speaker
notes. nbconvert's slides exporter is used with the
template ``tools/templates/venusedu_slides``, which loads reveal.js 5 and
MathJax 3 from copies in ``OUT/_static`` (npm packages pinned in
package-lock.json; run ``npm ci`` first) instead of CDNs, and loads no
require.js or jQuery. ``OUT/index.html`` lists the decks.

The decks open from the folder itself; for MathJax's fonts serve it, e.g.
``python -m http.server -d slides -b 127.0.0.1 8000``.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import time
from pathlib import Path

import nbformat
from webassets import (
    ROOT,
    TEMPLATES,
    BuildError,
    catalog_lessons,
    check_offline,
    copy_mathjax,
    copy_reveal,
    rewrite_lesson_links,
)

from venusedu.versions import INSTRUCTOR_TAG

SUFFIX = ".slides.html"


def exporter(static: str, reveal_dir: str, mathjax_entry: str, theme: str):
    from nbconvert import SlidesExporter

    return SlidesExporter(
        template_name="venusedu_slides",
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        reveal_url_prefix=f"{static}/{reveal_dir}",
        reveal_theme=theme,
        reveal_scroll=True,
        mathjax_url=f"{static}/{mathjax_entry}",
    )


def _index(decks: list[tuple[Path, str]]) -> str:
    from venusedu.catalog import LESSONS

    titles = {lesson.notebook: lesson for lesson in LESSONS}
    items = []
    for deck, nb_name in decks:
        lesson = titles.get(nb_name)
        label = f"{nb_name[:2]} {lesson.title}" if lesson else nb_name
        items.append(f'<li><a href="{html.escape(deck.name)}">{html.escape(label)}</a></li>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>venusedu slides</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
        "font-size:1.25rem;line-height:1.6}</style>\n</head>\n<body>\n<main>\n"
        "<h1>The dimples of Venus: slides</h1>\n<ul>\n" + "\n".join(items) + "\n</ul>\n"
        "<p>Keys: arrows to move, <kbd>s</kbd> for the speaker view, <kbd>f</kbd> for full screen, "
        "<kbd>Esc</kbd> for the overview.</p>\n</main>\n</body>\n</html>\n"
    )


def build(out: Path, lessons: list[Path], theme: str = "white") -> list[Path]:
    """Write one deck per lesson plus ``index.html`` and the assets into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    if static.exists():
        shutil.rmtree(static)
    reveal_dir = copy_reveal(static, theme)
    mathjax_entry = copy_mathjax(static)
    exp = exporter(static.name, reveal_dir, mathjax_entry, theme)
    available = {p.name for p in lessons}
    decks = []
    for nb_path in lessons:
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:  # teaching notes go to the speaker view (key `s`)
            if INSTRUCTOR_TAG in cell.metadata.get("tags", []):
                cell.metadata.setdefault("slideshow", {})["slide_type"] = "notes"
        body, _ = exp.from_notebook_node(nb, resources={"metadata": {"name": nb_path.stem, "path": str(nb_path.parent)}})
        deck = out / f"{nb_path.stem}{SUFFIX}"
        deck.write_text(rewrite_lesson_links(body, SUFFIX, available), encoding="utf-8")
        check_offline(deck)
        decks.append((deck, nb_path.name))
    index = out / "index.html"
    index.write_text(_index(decks), encoding="utf-8")
    check_offline(index)
    return [d for d, _ in decks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="lessons to build (default: all in the catalog)")
    parser.add_argument("--out", type=Path, default=ROOT / "slides", help="output folder (default: slides/)")
    parser.add_argument("--theme", default="white", help="reveal.js theme without web fonts (default: white)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        decks = build(args.out, catalog_lessons(args.notebooks), args.theme)
    except BuildError as exc:
        print(f"build_slides: error: {exc}", file=sys.stderr)
        return 1
    for deck in decks:
        print(f"  {deck}")
    print(f"{len(decks)} decks in {args.out} ({time.perf_counter() - start:.1f} s); "
          f"open {args.out / 'index.html'}, or serve them: "
          f".venv/bin/python -m http.server -d {args.out} -b 127.0.0.1 8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
