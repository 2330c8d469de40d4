"""`make book`: the course website (Sphinx, myst-nb, sphinx-book-theme), static and offline.

Built as `make book` builds it (the same sphinx-build command) into a
temporary folder, from the committed, executed lessons, with the launch
buttons configured (the class-deployment settings of book/conf.py, given as
environment variables).
"""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tests.axe import axe_violations, blocking
from tests.test_slides import (  # noqa: F401 (node_modules is a fixture)
    external_loads,
    local_target,
    node_modules,
    parse,
    serve,
    watch_offline,
)
from venusedu.catalog import LESSONS
from venusedu.quiz import Quiz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lesson_view  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
PRESENT = [lesson.notebook for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).is_file()]
LESSON_PAGES = [f"notebooks/{Path(n).stem}.html" for n in PRESENT]
DOC_PAGES = [f"docs/{n}.html" for n in ("MODEL", "SOURCES", "instructor-guide", "delivery")]
PAGES = ["index.html", "book/index.html", *LESSON_PAGES, *DOC_PAGES, "search.html"]
DEPLOYMENT = {
    "VENUSEDU_REPOSITORY_URL": "https://github.com/example-org/venusedu",
    "VENUSEDU_REPOSITORY_BRANCH": "main",
    "VENUSEDU_BINDERHUB_URL": "https://mybinder.org",
    "VENUSEDU_JUPYTERHUB_URL": "https://hub.example.edu",
}


def sphinx_command(out: Path) -> list[str]:
    """The `make book` build: the Makefile's command line with OUT as the output folder."""
    dry = subprocess.run(["make", "-n", "-B", "book"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in dry.splitlines() if "sphinx-build" in ln)
    argv = shlex.split(line)
    assert argv[-1] == "_build/html", line
    return [sys.executable, "-m", "sphinx", *argv[1:-1], str(out)]


@pytest.fixture(scope="module")
def book(node_modules, tmp_path_factory) -> Path:  # noqa: F811 - the fixture imported above
    out = tmp_path_factory.mktemp("book") / "html"
    start = time.perf_counter()
    proc = subprocess.run(
        sphinx_command(out), cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **DEPLOYMENT}
    )
    assert proc.returncode == 0, f"the site build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    print(f"site built in {time.perf_counter() - start:.1f} s")
    return out


def _nb(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def _outputs(nb: dict):
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            yield cell, out


# ----------------------------------------------------------- build and files


def test_make_book_runs_sphinx_on_the_committed_lessons():
    out = subprocess.run(["make", "-n", "-B", "book"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "npm ci" in out
    assert re.search(r"sphinx-build .*-W .*-c book \. _build/html", out), out
    conf = (ROOT / "book" / "conf.py").read_text()
    assert 'nb_execution_mode = "off"' in conf


def test_every_lesson_and_document_has_a_page(book):
    for page in PAGES:
        assert (book / page).is_file(), page
    assert (book / "searchindex.js").is_file()
    for name in PRESENT:  # the download is the committed notebook itself
        assert (book / "_sources" / "notebooks" / name).read_bytes() == (NOTEBOOKS / name).read_bytes()


@pytest.mark.parametrize("name", PRESENT)
def test_lesson_page_has_download_and_launch_buttons(book, name):
    """Download gives the page's notebook; Binder and the hub open the student's copy.

    notebooks/ is the instructor source (solutions executed): no launch link
    may open it. Binder opens workspace/ (made by the repository's postBuild),
    the hub the folder deploy/ gives each student at first login."""
    text = (book / "notebooks" / f"{Path(name).stem}.html").read_text(encoding="utf-8")
    assert re.search(r'class="[^"]*btn-download-source-button', text)
    assert f'href="../_sources/notebooks/{name}"' in text
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]
    launches = [h for h in hrefs if h.startswith(("https://mybinder.org", "https://hub.example.edu"))]
    binder = f"https://mybinder.org/v2/gh/example-org/venusedu/main?urlpath=lab/tree/workspace/{name}"
    hub = f"https://hub.example.edu/hub/user-redirect/lab/tree/dimples/{name}"
    assert launches == [binder, hub]
    assert not [h for h in hrefs if "lab/tree/notebooks" in h or "git-pull" in h]


def test_launch_folders_are_the_ones_binder_and_the_hub_make():
    """The Binder button's workspace/ is what postBuild makes, and the hub button's
    folder is deploy/'s WORKSPACE (local hub and Zero to JupyterHub alike)."""
    post = (ROOT / "postBuild").read_text()
    assert os.access(ROOT / "postBuild", os.X_OK)
    assert f"venusedu start {lesson_view.BINDER_WORKSPACE}" in post
    local = (ROOT / "deploy" / "jupyterhub_config.py").read_text()
    workspace = re.search(r'^WORKSPACE = "([^"]+)"', local, flags=re.M).group(1)
    conf = (ROOT / "book" / "conf.py").read_text()
    assert f'"VENUSEDU_JUPYTERHUB_WORKSPACE", "{workspace}"' in conf
    assert f'venusedu start "$HOME/{workspace}"' in (ROOT / "deploy" / "config.yaml").read_text()
    with pytest.raises(ValueError, match="kind must be"):
        lesson_view.launch_url("colab", "https://x", "01_anatomy.ipynb")


def test_postbuild_makes_the_student_workspace(tmp_path):
    """postBuild, run as repo2docker runs it (in the repository's copy), leaves the
    student version in workspace/: no solution executed, the exercise stubs in."""
    shutil.copy2(ROOT / "postBuild", tmp_path / "postBuild")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["./postBuild"], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    made = sorted(p.name for p in (tmp_path / "workspace").glob("*.ipynb"))
    assert made == sorted(PRESENT)
    student = nbformat.read(tmp_path / "workspace" / "01_anatomy.ipynb", as_version=4)
    assert not any(c.get("outputs") for c in student.cells if c.cell_type == "code")
    assert "NotImplementedError" in "".join(c.source for c in student.cells)


def test_home_page_lists_the_lessons_in_catalog_order(book):
    links = [u for u in parse(book / "book" / "index.html").links if u.startswith("../notebooks/")]
    wanted = [f"../{p}" for p in LESSON_PAGES]
    in_table = [u for u in links if u in wanted]
    assert in_table[: len(wanted)] == wanted, "the sidebar lists the lessons in catalog order"
    assert "Take the lessons in order" in (book / "book" / "index.html").read_text()
    assert parse(book / "index.html").links == ["book/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_links_resolve(book, page):
    path = book / page
    refs = parse(path)
    broken = [
        u
        for u in refs.links + [u for _, _, u in refs.loads]
        if (t := local_target(path, u)) is not None and not t.exists()
    ]
    assert not broken, f"{page}: links to missing files: {broken}"


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_nothing_from_the_web(book, page):
    bad = external_loads(book / page)
    assert not bad, f"{page} loads from the web: {bad[:10]}"


def test_mathjax_is_the_local_pinned_copy(book):
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/mathjax"]["version"]
    srcs = [u for t, _, u in parse(book / "notebooks" / "03_fat_blanket.html").loads if t == "script"]
    assert "../_static/mathjax/es5/tex-chtml-full.js" in srcs
    assert (book / "_static" / "mathjax" / "es5" / "tex-chtml-full.js").is_file()
    assert lock == json.loads((ROOT / "node_modules" / "mathjax" / "package.json").read_text())["version"]


# ------------------------------------------------- what a reader without a kernel sees


@pytest.mark.parametrize("name", PRESENT)
def test_figures_have_alt_text_read_once(book, name):
    page = book / "notebooks" / f"{Path(name).stem}.html"
    text = page.read_text(encoding="utf-8")
    alts = [
        lesson_view.image_alt(o)
        for _, o in _outputs(_nb(name))
        if any(m in o.get("data", {}) for m in lesson_view.IMAGE_MIMES)
    ]
    imgs = [i for i in parse(page).imgs if "_images/" in (i.get("src") or "")]
    assert len(imgs) == len(alts), f"{name}: {len(alts)} figures, {len(imgs)} <img> in the lesson"
    assert [i.get("alt") for i in imgs] == alts, "each figure carries its own alt text"
    for alt in alts:
        # The printed caption stays on the page, but hidden from screen readers.
        assert text.count(f'<p class="venusedu-caption" aria-hidden="true">Figure: {_html(alt)}</p>') == 1
        assert f"Figure: {_html(alt)}" not in re.sub(r'<p class="venusedu-caption".*?</p>', "", text)


def _html(s: str) -> str:
    return html.escape(s)


@pytest.mark.parametrize("name", PRESENT)
def test_lesson_page_makes_sense_without_a_kernel(book, name):
    text = (book / "notebooks" / f"{Path(name).stem}.html").read_text(encoding="utf-8")
    assert "NBVAL_" not in text
    assert "Answer with the buttons" not in text
    assert "widget-view+json" not in text and "HBox(children" not in text and "VBox(children" not in text
    nb = _nb(name)
    for cell in nb["cells"]:
        if "instructor" in cell["metadata"].get("tags", []):
            for out in cell.get("outputs", []):
                printed = "".join(out.get("text", "")).strip()
                assert not printed or _html(printed) not in text, "teaching notes stay off the site"
    n_solutions = sum(1 for c in nb["cells"] if "solution" in c["metadata"].get("tags", []))
    assert text.count('class="sd-summary-title') >= n_solutions, "each solution is behind a click"


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in PRESENT
        if any("venusedu-quiz" in "".join(o.get("data", {}).get("text/html", "")) for _, o in _outputs(_nb(n)))
    ],
)
def test_quiz_renders_questions_with_answers_behind_a_click(book, name):
    text = (book / "notebooks" / f"{Path(name).stem}.html").read_text(encoding="utf-8")
    quiz_html = re.search(r'<div class="venusedu-quiz".*?</ol><p><em>', text, re.S).group(0)
    n_questions = quiz_html.count("<details>")
    assert n_questions >= 1 and quiz_html.count("<summary>Answer to question") == n_questions
    assert quiz_html.count('<ol type="a">') == n_questions


def test_exercise_shows_its_code_and_hides_the_solution(book):
    text = (book / "notebooks" / "01_anatomy.html").read_text(encoding="utf-8")
    assert "NotImplementedError" in text, "the exercise as the student gets it"
    body = re.search(r'<details class="sd-sphinx-override sd-dropdown.*?</details>', text, re.S).group(0)
    assert "Solution" in body and "BEGIN SOLUTION" in body


# --------------------------------------------------- lesson_view on synthetic lessons


def _cell(kind, source, tags=(), outputs=None, **meta):
    cell = {
        "cell_type": kind,
        "id": f"c{abs(hash(source)) % 10**8}",
        "metadata": {"tags": list(tags), **meta},
        "source": source,
    }
    if kind == "code":
        cell.update(outputs=outputs or [], execution_count=1)
    return cell


def _png(alt):
    return {
        "output_type": "display_data",
        "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Image>"},
        "metadata": {"image/png": {"alt": alt}},
    }


def test_static_lesson_is_keyed_on_markings_not_wording():
    widget = {"model_id": "x", "version_major": 2, "version_minor": 0}
    quiz = Quiz("t", [__import__("venusedu.quiz", fromlist=["Question"]).Question("q?", ["a", "b"], 1, "why")])
    nb = {
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": [
            _cell(
                "code",
                "# NBVAL_IGNORE_OUTPUT\napp = make()\napp",
                outputs=[
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"application/vnd.jupyter.widget-view+json": widget, "text/plain": "VBox(children=())"},
                    }
                ],
            ),
            _cell(
                "code",
                "quiz",
                outputs=[
                    {
                        "output_type": "execute_result",
                        "metadata": {},
                        "execution_count": 2,
                        "data": quiz._repr_mimebundle_(),
                    }
                ],
            ),
            _cell(
                "code",
                "show(a); show(b); print('rest')",
                outputs=[
                    _png("first alt"),
                    {"output_type": "stream", "name": "stdout", "text": "Figure: first alt\n"},
                    _png("second alt"),
                    {"output_type": "stream", "name": "stdout", "text": "Figure: second alt\nrest\n"},
                ],
            ),
            _cell(
                "code",
                "print(quiz.answer_key())",
                tags=["instructor"],
                outputs=[{"output_type": "stream", "name": "stdout", "text": "SECRET-KEY"}],
            ),
            _cell(
                "code",
                "def f(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n",
                tags=["solution"],
                **{"jupyter": {"source_hidden": True}},
            ),
            _cell("markdown", "::: note\nWritten answer\n:::", tags=["solution"]),
        ],
    }
    before = json.dumps(nb)
    view = lesson_view.static_lesson(nb)
    assert json.dumps(nb) == before, "the input is not changed"
    cells = view["cells"]
    assert cells[0]["source"] == "app = make()\napp" and cells[0]["outputs"] == [], "no repr, no marker"
    assert list(cells[1]["outputs"][0]["data"]) == ["text/html"], "the quiz's static alternative only"
    # two figures: two cells, each with its own alt; captions marked, the rest kept
    assert cells[2]["metadata"]["mystnb"]["image"]["alt"] == "first alt"
    assert cells[3]["metadata"]["mystnb"]["image"]["alt"] == "second alt"
    assert "remove-input" in cells[3]["metadata"]["tags"]
    caption = cells[3]["outputs"][1]["data"]["text/html"]
    assert caption == '<p class="venusedu-caption" aria-hidden="true">Figure: second alt</p>'
    assert cells[3]["outputs"][2]["text"] == "rest\n"
    assert "SECRET-KEY" not in json.dumps(view)
    stub, solution, answer = cells[4], cells[5], cells[6]
    assert "NotImplementedError" in stub["source"] and "return 2 * x" not in stub["source"]
    assert solution["source"].startswith(":::{dropdown} Solution\n```python\n") and "return 2 * x" in solution["source"]
    assert answer["source"].startswith("::::{dropdown} Answer\n"), "fence longer than the one inside"
    assert all("id" in c for c in cells)


# ------------------------------------------------------------------- in Chromium


@pytest.mark.browser
def test_site_works_offline_search_and_math(book, page):
    """Every non-local request blocked: nothing blocked, figures drawn, math typeset, search answers."""
    blocked, failed, errors = watch_offline(page)
    with serve(book) as base:
        page.goto(f"{base}/index.html", wait_until="load")
        page.wait_for_url("**/book/index.html")
        page.click("nav.bd-links a[href='../notebooks/03_fat_blanket.html']")
        page.wait_for_load_state("load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000)
        page.evaluate("() => MathJax.startup.promise")
        assert page.locator("mjx-container").count() > 0
        broken = page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt)"
        )
        assert not broken, f"images not drawn: {broken}"
        assert page.locator(".prev-next-area a.left-prev").count() == 1
        assert page.locator(".prev-next-area a.right-next").count() == 1
        assert page.locator("nav.page-toc a").count() >= 3, "per-page contents"
        page.goto(f"{base}/search.html?q=ligament", wait_until="load")
        page.wait_for_selector("#search-results li", timeout=20_000)
        assert page.locator("#search-results li").count() >= 3
    assert not blocked, f"the site tried to reach the network: {blocked}"
    assert not failed, f"requests failed: {failed}"
    assert not errors, f"JavaScript errors: {errors}"


def _visit(page, base, name):
    """Open a page and wait until it is settled: the redirect followed, the theme applied."""
    page.goto(f"{base}/{name}", wait_until="load")
    if name == "index.html":  # a redirect to book/index.html
        page.wait_for_url("**/book/index.html")
        page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement.dataset.theme", timeout=20_000)
    page.wait_for_timeout(300)  # the theme's colour transitions


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page(book, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        with serve(book) as base:
            for name in PAGES:
                _visit(page, base, name)
                if name != "index.html":  # the redirect page has no theme
                    theme = page.evaluate("() => document.documentElement.dataset.theme")
                    assert theme == scheme, f"{name}: the site does not follow prefers-color-scheme"
                bad = blocking(axe_violations(page))
                if bad:
                    found[name] = [(v["id"], v["count"], v["nodes"][:2]) for v in bad]
    finally:
        context.close()
    assert not found, f"axe ({scheme}): {found}"


@pytest.mark.browser
def test_figures_have_a_light_backdrop_in_dark_mode(book, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        with serve(book) as base:
            page.goto(f"{base}/notebooks/01_anatomy.html", wait_until="load")
            body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            backdrop = page.evaluate(
                "() => getComputedStyle(document.querySelector('.cell_output img')).backgroundColor"
            )
    finally:
        context.close()
    assert body not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), body
    assert backdrop == "rgb(255, 255, 255)", backdrop


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pct-zoom-of-1280"])
def test_pages_reflow_without_horizontal_scrolling(book, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    try:
        with serve(book) as base:
            for name in PAGES:
                _visit(page, base, name)
                sw, cw = page.evaluate(
                    "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                if sw > cw:
                    wide[name] = (sw, cw)
    finally:
        context.close()
    assert not wide, f"page-level horizontal scrolling at {width} px: {wide}"


@pytest.mark.browser
def test_quiz_answer_opens_from_the_keyboard(book, page):
    with serve(book) as base:
        page.goto(f"{base}/notebooks/01_anatomy.html", wait_until="load")
        summary = page.locator(".venusedu-quiz summary").first
        assert not page.locator(".venusedu-quiz details").first.evaluate("d => d.open")
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator(".venusedu-quiz details").first.evaluate("d => d.open")
        download = page.locator("a.btn-download-source-button").first
        assert download.get_attribute("download") is not None
