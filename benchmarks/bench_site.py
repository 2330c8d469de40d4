"""Benchmark: how long the course site and the slides take to build, and what axe-core finds on them.

Usage::

    .venv/bin/python benchmarks/bench_site.py [--out DIR]

Builds the site exactly as ``make book`` does (Sphinx, ``book/conf.py``, from
the committed executed lessons) and the decks as ``make slides`` does, timing
each build, then opens every site page in headless Chromium in the light and
the dark colour scheme, and every slide of every deck on a 1280 x 720 screen,
and runs axe-core (WCAG 2.x A/AA and best practices, pinned in
``package-lock.json``) on each. Prints the build times and a table of the
violations per page by impact (``critical/serious/moderate/minor``).

The tests (``tests/test_book.py``, ``tests/test_slides.py``) assert that no
page or slide has a serious or critical violation; this script reports every
count, and its exit status is 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.axe import axe_violations  # noqa: E402
from tests.test_book import DEPLOYMENT, PAGES, _visit, sphinx_command  # noqa: E402
from tests.test_slides import DECKS, PROJECTOR, _open, _projector, build_slides, serve  # noqa: E402

IMPACTS = ("critical", "serious", "moderate", "minor")


RULES: dict[tuple[str, str], int] = {}


def _counts(violations: list[dict], into: dict[str, int]) -> None:
    for v in violations:
        into[v["impact"]] = into.get(v["impact"], 0) + v["count"]
        RULES[v["id"], v["impact"]] = RULES.get((v["id"], v["impact"]), 0) + v["count"]


def _fmt(counts: dict[str, int]) -> str:
    return "/".join(str(counts.get(k, 0)) for k in IMPACTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_site.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="build here (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {str(args.out)!r} is a file, not a folder")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        book = out / "html"
        t0 = time.perf_counter()
        subprocess.run(
            sphinx_command(book), cwd=ROOT, check=True, capture_output=True, env={**os.environ, **DEPLOYMENT}
        )
        t_book = time.perf_counter() - t0
        slides = out / "slides"
        t0 = time.perf_counter()
        build_slides(slides)
        t_slides = time.perf_counter() - t0
        print(f"make book   (Sphinx, {len(PAGES)} pages checked): {t_book:6.1f} s")
        print(f"make slides ({len(DECKS)} decks):                 {t_slides:6.1f} s\n")

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            print(f"site: axe violations per page ({'/'.join(IMPACTS)}; nodes)")
            print(f"  {'page':<44} {'light':>9} {'dark':>9}")
            per_scheme: dict[str, dict[str, dict[str, int]]] = {}
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                with serve(book) as base:
                    for name in PAGES:
                        _visit(page, base, name)
                        counts: dict[str, int] = {}
                        _counts(axe_violations(page), counts)
                        per_scheme.setdefault(name, {})[scheme] = counts
                context.close()
            for name, schemes in per_scheme.items():
                print(f"  {name:<44} {_fmt(schemes['light']):>9} {_fmt(schemes['dark']):>9}")

            print(f"\nslides: axe violations per deck on {PROJECTOR['width']}x{PROJECTOR['height']}")
            context, page = _projector(browser, reduced_motion="reduce")
            with serve(slides) as base:
                for deck in DECKS:
                    indices = _open(page, base, deck)
                    counts = {}
                    for ix in indices:
                        page.evaluate(f"() => Reveal.slide({ix['h']}, {ix.get('v') or 0})")
                        _counts(axe_violations(page, ".reveal .slides section.present"), counts)
                    print(f"  {deck:<44} {len(indices):3d} slides {_fmt(counts):>9}")
            context.close()
            browser.close()
    print("\nrules violated (nodes over every page, scheme and slide):")
    for (rule, impact), n in sorted(RULES.items(), key=lambda kv: IMPACTS.index(kv[0][1])):
        print(f"  {rule:<32} {impact:<9} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
