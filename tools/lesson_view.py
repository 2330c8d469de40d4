"""The lessons as a reader without a kernel sees them (course site and slides).

:func:`static_lesson` turns a committed, executed lesson (a notebook dict)
into what a static page should show; nothing is executed. It keys on the
markings the package and the lessons use, never on a lesson's wording:

- a cell tagged ``instructor`` (teaching notes, quiz keys) is left out;
- a code cell tagged ``solution`` shows the exercise as the student gets it
  (``venusedu.versions.strip_solution``), and its solution in a collapsed
  dropdown; a markdown cell tagged ``solution`` (a written answer) is collapsed;
- ``# NBVAL_...`` marker lines are removed from the code;
- an output that is a widget view (``application/vnd.jupyter.widget-view+json``)
  shows its static alternative (``text/html``, an image, ``text/markdown``,
  e.g. the quiz's questions with the answers behind a click) and never its
  ``text/plain`` repr; without an alternative it is left out;
- an image output's alt text (``outputs[i].metadata[mime]["alt"]``, written by
  ``venusedu.display.show``) goes on the image; the caption ``show`` prints
  below it (the same text, after ``venusedu.display.CAPTION_PREFIX``) is shown
  in the body font and hidden from screen readers, so the text is read once.

``setup`` makes this module a Sphinx extension (``book/conf.py``): the
transformation is applied to every notebook as Sphinx reads it, and MathJax is
copied from ``node_modules`` (npm, package-lock.json) into the site.
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
from pathlib import Path

from venusedu.display import CAPTION_PREFIX
from venusedu.versions import INSTRUCTOR_TAG, SOLUTION_TAG, strip_solution

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
NBVAL_LINE = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", re.M)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def image_alt(output: dict) -> str | None:
    """The alt text stored with an image output, or None."""
    meta = output.get("metadata", {})
    for mime in IMAGE_MIMES:
        if mime in output.get("data", {}):
            alt = meta.get(mime, {}).get("alt") or meta.get("alt")
            return str(alt) if alt else None
    return None


def _dropdown(title: str, body: str) -> str:
    """A MyST (sphinx-design) dropdown, its fence longer than any fence inside."""
    runs = [len(m) for m in re.findall(r"^:{3,}", body, flags=re.M)]
    fence = ":" * max([3] + [n + 1 for n in runs])
    return f"{fence}{{dropdown}} {title}\n{body.rstrip()}\n{fence}\n"


def _code_fence(code: str, lang: str = "python") -> str:
    runs = [len(m) for m in re.findall(r"`{3,}", code)]
    fence = "`" * max([3] + [n + 1 for n in runs])
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}\n"


def static_outputs(outputs: list[dict], *, captions: str = "mark") -> list[dict]:
    """Outputs a static page can show: widget views replaced, captions marked (or dropped).

    Parameters
    ----------
    outputs : list of dict
        A code cell's outputs.
    captions : {"mark", "drop"}
        What to do with the caption ``venusedu.display.show`` prints under a
        figure (its alt text): an ``aria-hidden`` HTML caption, or nothing.
    """
    if captions not in ("mark", "drop"):
        raise ValueError(f"captions = {captions!r} is not allowed: use 'mark' or 'drop'")
    shown, last_alt = [], None
    for out in outputs:
        out = copy.deepcopy(out)
        data = out.get("data", {})
        if WIDGET_VIEW in data:
            data.pop(WIDGET_VIEW)
            data.pop("text/plain", None)  # a widget's text/plain is its repr
            if not data:
                continue
        alt = image_alt(out)
        if alt:
            last_alt = alt
        elif out.get("output_type") == "stream" and last_alt:
            text = _text(out.get("text"))
            caption = f"{CAPTION_PREFIX}{last_alt}"
            if text.startswith(caption):
                shown += (
                    []
                    if captions == "drop"
                    else [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {
                                "text/html": f'<p class="venusedu-caption" aria-hidden="true">'
                                f"{html.escape(caption)}</p>"
                            },
                        }
                    ]
                )
                out["text"] = text[len(caption) :].lstrip("\n")
                last_alt = None
                if not out["text"]:
                    continue
        shown.append(out)
    return shown


def _split_images(cell: dict) -> list[dict]:
    """One cell per image output, each with its alt text as myst-nb's cell-level image option.

    myst-nb takes an image's alt text from the cell's metadata
    (``mystnb.image.alt``), not from the output, so a cell with several
    figures becomes several cells; the later ones have no code of their own.
    """
    groups, current, n_images = [], [], 0
    for out in cell.get("outputs", []):
        if any(m in out.get("data", {}) for m in IMAGE_MIMES):
            if n_images:
                groups.append(current)
                current, n_images = [], 0
            n_images += 1
        current.append(out)
    groups.append(current)
    cells = []
    for i, outs in enumerate(groups):
        part = (
            copy.deepcopy(cell)
            if i == 0
            else {
                "cell_type": "code",
                "execution_count": cell.get("execution_count"),
                "source": "",
                "metadata": {"tags": ["remove-input"]},
                "id": f"{cell.get('id', 'cell')}-{i}",
            }
        )
        part["outputs"] = outs
        alts = [a for a in map(image_alt, outs) if a]
        if alts:
            part["metadata"].setdefault("mystnb", {}).setdefault("image", {})["alt"] = alts[0]
        cells.append(part)
    return cells


def static_lesson(nb: dict) -> dict:
    """Return the static view of a lesson (a new dict; ``nb`` is untouched).

    Parameters
    ----------
    nb : dict
        A notebook (nbformat 4, as read with ``json.load``), executed.

    Returns
    -------
    dict
        The notebook a static page renders; see the module docstring.
    """
    view = copy.deepcopy(nb)
    cells = []
    for cell in nb.get("cells", []):
        tags = _tags(cell)
        if INSTRUCTOR_TAG in tags:
            continue
        cell = copy.deepcopy(cell)
        if cell["cell_type"] == "markdown" and SOLUTION_TAG in tags:
            cell["source"] = _dropdown("Answer", _text(cell["source"]))
        if cell["cell_type"] != "code":
            cells.append(cell)
            continue
        source = NBVAL_LINE.sub("", _text(cell.get("source")))
        cell["source"] = source
        cell["outputs"] = static_outputs(cell.get("outputs", []))
        if SOLUTION_TAG in tags:
            cell.get("metadata", {}).get("jupyter", {}).pop("source_hidden", None)
            solution = {
                "cell_type": "markdown",
                "metadata": {},
                "id": f"{cell.get('id', 'cell')}-solution",
                "source": _dropdown("Solution", _code_fence(source)),
            }
            has_outputs = bool(cell["outputs"])
            cell["source"] = strip_solution(source)
            stub = dict(cell, outputs=[])
            cells += [stub, solution]
            if has_outputs:  # what the solution printed, below the dropdown
                cell["metadata"] = dict(cell.get("metadata", {}), tags=sorted(tags | {"remove-input"}))
                cells += _split_images(cell)
            continue
        cells += _split_images(cell)
    view["cells"] = cells
    return view


# ------------------------------------------------------------ Sphinx extension

#: What of the npm package ``mathjax`` the site serves: the combined TeX +
#: CommonHTML component, its fonts, and what its menu loads on demand.
MATHJAX_ITEMS = ("LICENSE", "es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2", "es5/ui", "es5/a11y", "es5/sre")


#: The line of the site's home page (``book/index.md``) that :func:`lesson_list` replaces.
LESSONS_MARKER = "% lessons: the table and the table of contents come from venusedu.catalog.LESSONS"


def lesson_list(folder: str = "notebooks", link_prefix: str = "../") -> str:
    """The lessons of ``venusedu.catalog.LESSONS`` as a MyST table and a (sidebar) toctree."""
    from venusedu.catalog import LESSONS

    rows = [
        f"| {les.notebook[:2]} | [{les.title}]({link_prefix}{folder}/{les.notebook}) | {les.minutes} min "
        f"| {les.question} |"
        for les in LESSONS
        if (ROOT / folder / les.notebook).is_file()
    ]
    docs = [f"/{folder}/{Path(les.notebook).stem}" for les in LESSONS if (ROOT / folder / les.notebook).is_file()]
    total = sum(les.minutes for les in LESSONS)
    return "\n".join(
        [
            f"Take the lessons in order; about {total} minutes in all.",
            "",
            "| # | lesson | time | the question |",
            "|---|---|---|---|",
            *rows,
            "",
            "```{toctree}",
            ":caption: Lessons",
            ":hidden:",
            "",
            *docs,
            "```",
            "",
        ]
    )


def _read_source(app, docname: str, source: list[str]) -> None:
    # doc2path gives a str up to Sphinx 7.3 and a path from 7.4 on
    if Path(app.env.doc2path(docname)).suffix == ".ipynb":
        source[0] = json.dumps(static_lesson(json.loads(source[0])))
    elif docname == app.config.root_doc:
        source[0] = source[0].replace(LESSONS_MARKER, lesson_list())


def _copy_mathjax(app, exc) -> None:
    if exc is not None or app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    src, dest = ROOT / "node_modules" / "mathjax", Path(app.outdir) / "_static" / "mathjax"
    for item in MATHJAX_ITEMS:
        if not (src / item).exists():
            raise ExtensionError(f"{src / item} is missing: run `npm ci` in {ROOT} (`make book` does)")
        (dest / item).parent.mkdir(parents=True, exist_ok=True)
        if (src / item).is_dir():
            shutil.copytree(src / item, dest / item, dirs_exist_ok=True)
        else:
            shutil.copy2(src / item, dest / item)


#: Where a launched lesson opens, per launch button of sphinx-book-theme: the
#: student version, never the committed notebooks (which hold the solutions).
#: Binder runs the repository's ``postBuild`` (``venusedu start workspace``);
#: a class hub of ``deploy/`` gives each student ``~/<workspace>`` at first login.
BINDER_WORKSPACE = "workspace"


def launch_url(kind: str, base: str, notebook: str, *, hub_workspace: str = "dimples", binder_repo: str = "") -> str:
    """The launch link of a lesson that opens the student's copy of it.

    Parameters
    ----------
    kind : {"binder", "jupyterhub"}
        The launch button.
    base : str
        The BinderHub or JupyterHub URL (``book/conf.py``).
    notebook : str
        The lesson's file name, e.g. ``"01_anatomy.ipynb"``.
    hub_workspace : str
        The folder of a student's home that holds the lessons on the hub.
    binder_repo : str
        Binder's repository path (``v2/gh/ORG/REPO/BRANCH``) for ``"binder"``.
    """
    base = base.rstrip("/")
    if kind == "binder":
        return f"{base}/{binder_repo}?urlpath=lab/tree/{BINDER_WORKSPACE}/{notebook}"
    if kind == "jupyterhub":
        return f"{base}/hub/user-redirect/lab/tree/{hub_workspace}/{notebook}"
    raise ValueError(f"kind must be 'binder' or 'jupyterhub', not {kind!r}")


def _student_launch_links(app, pagename, templatename, context, doctree) -> None:
    """Point sphinx-book-theme's Binder and JupyterHub buttons at the student version.

    The theme opens the page's source file, ``notebooks/<lesson>`` (the
    instructor source, with solutions); this runs after it (priority 502)
    and rewrites both links with :func:`launch_url`.
    """
    if not pagename.startswith("notebooks/"):
        return
    notebook = Path(pagename).name + ".ipynb"
    launch = app.config.html_theme_options.get("launch_buttons", {})
    hub_workspace = app.config.venusedu_hub_workspace
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Binder":
                base = launch["binderhub_url"].strip("/")
                repo = button["url"].split("?", 1)[0][len(base) + 1 :]  # v2/gh/ORG/REPO/BRANCH
                button["url"] = launch_url("binder", base, notebook, binder_repo=repo)
            elif button.get("text") == "JupyterHub":
                button["url"] = launch_url(
                    "jupyterhub", launch["jupyterhub_url"], notebook, hub_workspace=hub_workspace
                )


def setup(app):
    app.add_config_value("venusedu_hub_workspace", "dimples", "html")
    app.connect("html-page-context", _student_launch_links, priority=502)
    app.connect("source-read", _read_source)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
