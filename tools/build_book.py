"""Build the course website: a static, offline HTML site of the lessons (``make book``).

Usage: python tools/build_book.py [--out _build/html] [--strict] [NOTEBOOK ...]
(default: every lesson of venusedu.catalog.LESSONS that exists in notebooks/)

Layout of OUT::

    index.html               course home: introduction and the lesson list (from the catalog)
    lessons/NAME.html        one page per lesson, with previous/next links
    lessons/NAME.ipynb       the lesson to download and run
    _static/                 MathJax 3 (npm, package-lock.json) and the site's CSS
    ...                      images the lessons' markdown shows by relative path

The pages are made from the committed, executed notebooks (nothing is
re-executed) with nbconvert and the template ``tools/templates/venusedu_book``:
figures keep the alt text stored with them (``venusedu.display.show``), and no
page loads anything from the network. The site is for students: cells tagged
``instructor`` (teaching notes, quiz keys) are left out, and cells tagged
``solution`` show their output but not their code (``--audience instructor``
keeps everything).

Why not a Jupyter Book 2 / MyST site: ``myst build --html`` renders through a
site theme (book-theme) that mystmd downloads as a prebuilt bundle at build
time (template metadata from api.mystmd.org, the bundle from GitHub); the theme
is published neither on npm nor on PyPI, so it cannot be installed from the
registries this project may use. See docs/delivery.md.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from webassets import (
    ROOT,
    TEMPLATES,
    BuildError,
    catalog_lessons,
    check_offline,
    copy_mathjax,
    rewrite_lesson_links,
    url_refs,
)

COURSE = "The dimples of Venus"
INTRO = ROOT / "docs" / "course-site-intro.md"
CSS = TEMPLATES / "venusedu_book" / "venusedu.css"


def _lesson_meta():
    from venusedu.catalog import LESSONS

    return {lesson.notebook: lesson for lesson in LESSONS}


def _label(nb_name: str) -> str:
    lesson = _lesson_meta().get(nb_name)
    return f"{nb_name[:2]} {lesson.title}" if lesson else Path(nb_name).stem


def _copy_local_images(page: Path, source_dir: Path, out: Path) -> list[str]:
    """Copy images a page refers to by relative path (from the lesson's folder); return the missing ones."""
    missing = []
    for tag, attr, url in url_refs(page.read_text(encoding="utf-8")):
        parts = urlsplit(url)
        if tag != "img" or parts.scheme or not parts.path or url.startswith("//"):
            continue
        rel = unquote(parts.path)
        src = (source_dir / rel).resolve()
        dest = (page.parent / rel).resolve()
        if not dest.is_relative_to(out.resolve()):
            raise BuildError(f"{page.name}: image {url!r} lies outside the site folder")
        if src.is_file() and src.is_relative_to(ROOT):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
        else:
            missing.append(url)
    return missing


def _images_without_alt(page: Path) -> int:
    from html.parser import HTMLParser

    count = 0

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal count
            if tag == "img" and not (dict(attrs).get("alt") or "").strip():
                count += 1

    P().feed(page.read_text(encoding="utf-8"))
    return count


def _index_page(lessons: list[Path]) -> str:
    from nbconvert.filters.markdown import markdown2html

    built = {p.name for p in lessons}
    rows = []
    for lesson in _lesson_meta().values():
        num = html.escape(lesson.notebook[:2])
        if lesson.notebook in built:
            href = f"lessons/{Path(lesson.notebook).stem}.html"
            title = f'<a href="{html.escape(href)}">{html.escape(lesson.title)}</a>'
        else:
            title = f'{html.escape(lesson.title)} <span class="pending">(in preparation)</span>'
        rows.append(
            f'<tr><td class="num">{num}</td><td>{title}</td>'
            f'<td class="min">{lesson.minutes} min</td><td>{html.escape(lesson.question)}</td></tr>'
        )
    extra = [p for p in lessons if p.name not in _lesson_meta()]
    for p in extra:  # notebooks given on the command line that the catalog does not list
        rows.append(f'<tr><td class="num"></td><td><a href="lessons/{html.escape(p.stem)}.html">'
                    f'{html.escape(p.stem)}</a></td><td></td><td></td></tr>')
    intro = markdown2html(INTRO.read_text(encoding="utf-8")) if INTRO.is_file() else ""
    total = sum(lesson.minutes for lesson in _lesson_meta().values())
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(COURSE)}: lessons in anatomy and physics</title>
<link rel="stylesheet" href="_static/venusedu.css">
</head>
<body>
<main class="venusedu-index">
<h1>{html.escape(COURSE)}</h1>
<p><em>Lessons in anatomy and physics for undergraduate students and their instructors.</em></p>
{intro}
<h2>The lessons</h2>
<p>Take them in order; about {total} minutes in all.</p>
<table>
<thead><tr><th scope="col">#</th><th scope="col">lesson</th><th scope="col">time</th><th scope="col">question</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</main>
</body>
</html>
"""


def build(out: Path, lessons: list[Path], *, strict: bool = False, audience: str = "student") -> list[Path]:
    """Write the site into ``out``; return the lesson pages.

    ``audience="student"`` leaves out cells tagged ``instructor`` and the code
    of cells tagged ``solution`` (their outputs stay); ``"instructor"`` keeps all.
    """
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    for sub in ("_static", "lessons"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    static = out / "_static"
    mathjax_entry = copy_mathjax(static)
    shutil.copy2(CSS, static / CSS.name)
    exporter = HTMLExporter(
        template_name="venusedu_book",
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        mathjax_url=f"../_static/{mathjax_entry}",
    )
    if audience == "student":
        from nbconvert.preprocessors import TagRemovePreprocessor
        from venusedu.versions import INSTRUCTOR_TAG, SOLUTION_TAG

        # Teaching notes and quiz keys stay off the students' site; an
        # exercise's solution shows its result but not its code.
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={INSTRUCTOR_TAG}, remove_input_tags={SOLUTION_TAG}),
            enabled=True,
        )
    (out / "lessons").mkdir()
    available = {p.name for p in lessons}
    pages, problems = [], []
    for i, nb_path in enumerate(lessons):
        nav = {
            "course": COURSE,
            "home": "../index.html",
            "download": nb_path.name,
            "prev": {"href": f"{lessons[i - 1].stem}.html", "title": _label(lessons[i - 1].name)} if i else None,
            "next": ({"href": f"{lessons[i + 1].stem}.html", "title": _label(lessons[i + 1].name)}
                     if i + 1 < len(lessons) else None),
        }
        resources = {
            "metadata": {"name": f"{_label(nb_path.name)} | {COURSE}", "path": str(nb_path.parent)},
            "venusedu_nav": nav,
            "venusedu_css": f"../_static/{CSS.name}",
        }
        body, _ = exporter.from_filename(str(nb_path), resources=resources)
        page = out / "lessons" / f"{nb_path.stem}.html"
        page.write_text(rewrite_lesson_links(body, ".html", available), encoding="utf-8")
        shutil.copy2(nb_path, out / "lessons" / nb_path.name)
        check_offline(page)
        missing = _copy_local_images(page, nb_path.parent, out)
        if missing:
            problems.append(f"{nb_path.name}: images not found: {missing}")
        no_alt = _images_without_alt(page)
        if no_alt:
            problems.append(f"{nb_path.name}: {no_alt} image(s) without alt text "
                            "(show figures with venusedu.display.show(fig, alt=...))")
        pages.append(page)
    index = out / "index.html"
    index.write_text(_index_page(lessons), encoding="utf-8")
    check_offline(index)
    for problem in problems:
        print(f"build_book: warning: {problem}", file=sys.stderr)
    if strict and problems:
        raise BuildError(f"{len(problems)} problem(s), see the warnings above")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="lessons to build (default: all in the catalog)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html", help="output folder")
    parser.add_argument("--strict", action="store_true", help="fail on missing images or alt text")
    parser.add_argument("--audience", choices=["student", "instructor"], default="student",
                        help="student (default): without instructor cells and solution code; "
                             "instructor: the lessons as they are")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        pages = build(args.out, catalog_lessons(args.notebooks), strict=args.strict, audience=args.audience)
    except BuildError as exc:
        print(f"build_book: error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(pages)} lesson pages in {args.out} ({time.perf_counter() - start:.1f} s); "
          f"open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
