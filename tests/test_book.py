"""`make book`: the course website, static and offline.

Built as `make book` builds it (tools/build_book.py) into a temporary folder,
from the committed, executed lessons.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.test_slides import (  # noqa: F401 (node_modules is a fixture)
    EXTERNAL,
    external_loads,
    local_target,
    node_modules,
    parse,
    serve,
    watch_offline,
)
from venusedu.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PRESENT = [lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]
PAGES = [f"lessons/{Path(n).stem}.html" for n in PRESENT]
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


@pytest.fixture(scope="module")
def book(node_modules, tmp_path_factory) -> Path:  # noqa: F811 - the fixture imported above
    out = tmp_path_factory.mktemp("book")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_book.py"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"build_book failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def test_make_book_runs_the_build_the_tests_run():
    out = subprocess.run(["make", "-n", "-B", "book"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "npm ci" in out
    assert ".venv/bin/python tools/build_book.py --out _build/html" in out


def test_every_lesson_has_a_page(book):
    assert sorted(p.relative_to(book).as_posix() for p in (book / "lessons").glob("*.html")) == sorted(PAGES)
    for name in PRESENT:
        assert (book / "lessons" / name).read_bytes() == (NOTEBOOKS / name).read_bytes()


@pytest.mark.parametrize("name", PRESENT)
def test_lesson_page_offers_the_notebook_and_links_pages(book, name):
    page = book / "lessons" / f"{Path(name).stem}.html"
    text = page.read_text(encoding="utf-8")
    assert re.search(rf'<a[^>]*\bdownload\b[^>]*href="{re.escape(name)}"|<a[^>]*href="{re.escape(name)}"[^>]*\bdownload\b', text)
    to_notebooks = [u for u in parse(page).links if u.split("#")[0] in PRESENT]
    assert to_notebooks == [name], f"links to notebooks instead of pages: {to_notebooks}"


def test_index_lists_the_lessons_in_order(book):
    links = [u for u in parse(book / "index.html").links if u.startswith("lessons/")]
    assert links == PAGES


@pytest.mark.parametrize("page", ["index.html"] + PAGES)
def test_links_resolve(book, page):
    path = book / page
    broken = []
    for url in parse(path).links + [u for _, _, u in parse(path).loads]:
        target = local_target(path, url)
        if target is not None and not target.exists():
            broken.append(url)
    assert not broken, f"{page}: links to missing files: {broken}"


@pytest.mark.parametrize("page", ["index.html"] + PAGES)
def test_page_loads_nothing_from_the_web(book, page):
    bad = external_loads(book / page)
    assert not bad, f"{page} loads from the web: {bad[:10]}"


@pytest.mark.parametrize("name", PRESENT)
def test_figures_are_kept_with_alt_text(book, name):
    page = book / "lessons" / f"{Path(name).stem}.html"
    imgs = parse(page).imgs
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    n_outputs = sum(
        1 for c in nb.cells
        if c.cell_type == "code" and "instructor" not in c.metadata.get("tags", [])
        for o in c.get("outputs", []) if any(m in o.get("data", {}) for m in IMAGE_MIMES)
    )
    assert len(imgs) >= n_outputs, f"{name}: {n_outputs} image outputs but {len(imgs)} <img> on the page"
    no_alt = [i.get("src", "")[:60] for i in imgs if not (i.get("alt") or "").strip()]
    assert not no_alt, (
        f"{name}: {len(no_alt)} image(s) without alt text; show figures with "
        f"venusedu.display.show(fig, alt=...) (output metadata 'alt'): {no_alt}"
    )


@pytest.mark.browser
def test_lesson_page_renders_offline_in_chromium(book, page):
    """A lesson page with every non-local request blocked: nothing blocked, figures drawn, math typeset."""
    name = PAGES[-1]
    blocked, failed, errors = watch_offline(page)
    with serve(book) as base:
        page.goto(f"{base}/index.html", wait_until="load")
        page.click(f"a[href='{name}']")
        page.wait_for_load_state("load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000)
        page.evaluate("() => MathJax.startup.promise")
        broken = page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt)"
        )
        assert not broken, f"images not drawn: {broken}"
        page.click("nav.venusedu-nav-top a.venusedu-home")
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html")
    assert not blocked, f"the page tried to reach the network: {blocked}"
    assert not failed, f"requests failed: {failed}"
    assert not errors, f"JavaScript errors: {errors}"


def test_student_site_leaves_out_teaching_notes_and_solution_code(node_modules, tmp_path):  # noqa: F811
    v4 = nbformat.v4
    out = v4.new_output("stream", name="stdout", text="EXPECTED-RESULT-789\n")
    cells = [
        v4.new_markdown_cell("# Synthetic lesson"),
        v4.new_code_cell("QUIZ_KEY_123 = 1", execution_count=1, metadata={"tags": ["instructor"]}),
        v4.new_code_cell("SOLUTION_CODE_456 = 2\nprint('EXPECTED-RESULT-789')", execution_count=2,
                         outputs=[out], metadata={"tags": ["solution"]}),
        v4.new_markdown_cell("WRITTEN-ANSWER-000", metadata={"tags": ["solution"]}),
        v4.new_markdown_cell("KEEP-THIS-TEXT"),
    ]
    src = tmp_path / "synthetic.ipynb"
    nbformat.write(v4.new_notebook(cells=cells), src)
    for audience, hidden in [("student", True), ("instructor", False)]:
        site = tmp_path / audience
        proc = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "build_book.py"), "--out", str(site),
             "--audience", audience, str(src)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        text = (site / "lessons" / "synthetic.html").read_text()
        assert "KEEP-THIS-TEXT" in text and "EXPECTED-RESULT-789" in text
        for secret in ("QUIZ_KEY_123", "SOLUTION_CODE_456", "WRITTEN-ANSWER-000"):
            assert (secret not in text) == hidden, (audience, secret)
