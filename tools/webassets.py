"""Shared by tools/build_slides.py and tools/build_book.py: lessons, local web assets, offline checks.

The browser assets (reveal.js, MathJax 3) come from the npm registry, pinned in
package.json / package-lock.json and installed into node_modules/ by
``npm ci`` (the Makefile's ``slides`` and ``book`` targets run it). They are
copied next to the generated pages, so the output folder works without a
network and can be copied anywhere (a USB stick, a lecture-hall PC).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NODE_MODULES = ROOT / "node_modules"
TEMPLATES = Path(__file__).resolve().parent / "templates"

# What of each npm package is served. MathJax: the combined TeX + CommonHTML
# component, its fonts, and the pieces its menu loads on demand (menu,
# accessibility, speech rules), so no request ever leaves the folder.
REVEAL_FILES = [
    "LICENSE",
    "package.json",
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/reset.css",
    "dist/theme/fonts",
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
MATHJAX_ENTRY = "es5/tex-chtml-full.js"


class BuildError(RuntimeError):
    """The build cannot go on (missing npm packages, an external URL, ...)."""


def catalog_lessons(paths: list[str] | None = None) -> list[Path]:
    """The lessons to build: ``paths`` if given, else the catalog's lessons that exist, in order."""
    if paths:
        out = [Path(p).resolve() for p in paths]
        missing = [str(p) for p in out if not p.is_file()]
        if missing:
            raise BuildError(f"no such notebook: {', '.join(missing)}")
        return out
    from venusedu.catalog import LESSONS

    return [NOTEBOOKS / lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]


def npm_package(name: str) -> Path:
    """Folder of an installed npm package, checked against package-lock.json's version."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    want = lock["packages"][f"node_modules/{name}"]["version"]
    folder = NODE_MODULES / name
    try:
        have = json.loads((folder / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise BuildError(
            f"the npm package {name} is not installed in {NODE_MODULES}; run `npm ci` in {ROOT} "
            "(`make slides` and `make book` do this)"
        ) from None
    if have != want:
        raise BuildError(f"node_modules has {name} {have}, package-lock.json pins {want}; run `npm ci`")
    return folder


def _copy_items(src_root: Path, items: list[str], dest_root: Path) -> None:
    for item in items:
        src, dest = src_root / item, dest_root / item
        if not src.exists():
            raise BuildError(f"{src} is missing from the npm package; run `npm ci`")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest)


_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")


def copy_reveal(static: Path, theme: str) -> str:
    """Copy reveal.js (and one theme) to ``static/reveal.js``; return that folder's name.

    Themes that import web fonts from a CDN are refused.
    """
    src = npm_package("reveal.js")
    theme_css = src / "dist" / "theme" / f"{theme}.css"
    if not theme_css.is_file():
        raise BuildError(f"reveal.js has no theme {theme!r}")
    external = [u for u in _CSS_IMPORT.findall(theme_css.read_text()) if is_external(u)]
    if external:
        raise BuildError(f"the reveal.js theme {theme!r} loads {external} from the web; choose another theme")
    dest = static / "reveal.js"
    _copy_items(src, REVEAL_FILES + [f"dist/theme/{theme}.css"], dest)
    return dest.name


def copy_mathjax(static: Path) -> str:
    """Copy MathJax 3 to ``static/mathjax``; return the entry script's path relative to ``static``."""
    dest = static / "mathjax"
    _copy_items(npm_package("mathjax"), MATHJAX_FILES, dest)
    return f"{dest.name}/{MATHJAX_ENTRY}"


# ---------------------------------------------------------------- HTML checks

# Attributes that make a browser fetch something (a link's href is fetched only
# when followed, but a page for offline use should not point outside either).
URL_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
    "a": ("href",),
}


def is_external(url: str) -> bool:
    """True for URLs that leave the folder: a scheme other than data/file/about, or ``//host``."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return bool(scheme) and scheme not in {"data", "file", "about", "javascript", "mailto"}


class _RefCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        wanted = URL_ATTRS.get(tag, ())
        for name, value in attrs:
            if name in wanted and value:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                self.refs += [(tag, name, u) for u in urls]


def url_refs(html: str) -> list[tuple[str, str, str]]:
    """Every (tag, attribute, url) in an HTML document that a browser would load or follow."""
    parser = _RefCollector()
    parser.feed(html)
    parser.close()
    return parser.refs


def check_offline(page: Path) -> None:
    """Raise BuildError if ``page`` loads or links anything outside its folder tree."""
    bad = [f"<{t} {a}={u!r}>" for t, a, u in url_refs(page.read_text(encoding="utf-8")) if is_external(u) and t != "a"]
    if bad:
        raise BuildError(f"{page} refers to external URLs: {bad[:5]}")


def rewrite_lesson_links(html: str, suffix: str, available: set[str]) -> str:
    """Point links between lessons (``01_anatomy.ipynb``) at the generated pages."""

    def repl(m: re.Match) -> str:
        name, frag = m.group(2), m.group(3) or ""
        if f"{name}.ipynb" not in available:
            return m.group(0)
        return f'{m.group(1)}{name}{suffix}{frag}"'

    # Not links with a `download` attribute: those offer the notebook itself.
    return re.sub(r'(<a\s(?![^>]*\bdownload\b)[^>]*?href=")(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?"', repl, html)
