"""Sphinx configuration of the course website (``make book``).

The site is built from the committed, executed lessons (nothing is executed)
with myst-nb and sphinx-book-theme, and works offline: MathJax comes from
``node_modules`` (npm), search is Sphinx's own (a local index).
The source folder is the repository (``sphinx-build -c book . OUT``), of
which the site reads the lessons, ``docs/`` and ``book/index.md`` (the home
page; ``book/_extra/index.html`` sends the site's root there).
What the configuration cannot do -- the lessons as a reader without a kernel
sees them, the lesson list from ``venusedu.catalog`` -- is in
``tools/lesson_view.py``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

# --- Class deployment: the one place to set up the launch buttons ------------
# The public git repository of the course (Binder builds it),
# e.g. "https://github.com/your-org/venusedu", and its branch. Leave the URL
# empty and the lesson pages have no launch buttons.
REPOSITORY_URL = os.environ.get("VENUSEDU_REPOSITORY_URL", "")
REPOSITORY_BRANCH = os.environ.get("VENUSEDU_REPOSITORY_BRANCH", "main")
# A BinderHub ("https://mybinder.org" is the public one); empty: no Binder button.
BINDERHUB_URL = os.environ.get("VENUSEDU_BINDERHUB_URL", "https://mybinder.org")
# Your JupyterHub, e.g. "https://hub.your-university.edu"; empty: no JupyterHub
# button. The button opens the student's own copy of the lesson, in the folder
# the hub gives each student at first login (deploy/: WORKSPACE, "dimples").
JUPYTERHUB_URL = os.environ.get("VENUSEDU_JUPYTERHUB_URL", "")
venusedu_hub_workspace = os.environ.get("VENUSEDU_JUPYTERHUB_WORKSPACE", "dimples")
# The Binder button opens the student version too: Binder runs the repository's
# postBuild (venusedu start workspace) and the button opens workspace/<lesson>.
# ------------------------------------------------------------------------------

project = "The dimples of Venus"
author = "The venusedu developers"
copyright = "the venusedu developers"
html_title = project
language = "en"

extensions = ["myst_nb", "sphinx_design", "lesson_view"]
root_doc = "book/index"
include_patterns = ["book/index.md", "notebooks/*.ipynb", "docs/*.md"]
exclude_patterns = ["docs/course-site-intro.md"]  # part of the home page

# Notebooks are shown as committed: never executed.
nb_execution_mode = "off"
# Widget views have no state in the committed lessons; their static
# alternative is shown instead (lesson_view) and no widget script is loaded.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]
myst_heading_anchors = 3

# MathJax 3 from the local copy lesson_view puts into _static/mathjax.
mathjax_path = "mathjax/es5/tex-chtml-full.js"

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_extra_path = ["_extra"]
html_css_files = ["venusedu.css"]
html_js_files = ["venusedu.js"]
templates_path = ["_templates"]
# sphinx-book-theme's sidebar (theme.conf), with the title and the search field
# wrapped in a landmark (venusedu-brand.html); no icon links are configured.
html_sidebars = {"**": ["venusedu-brand.html", "sbt-sidebar-nav.html"]}
html_copy_source = True
html_sourcelink_suffix = ""
html_use_index = False
html_domain_indices = False
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": bool(REPOSITORY_URL),
    "repository_url": REPOSITORY_URL,
    "repository_branch": REPOSITORY_BRANCH,
    "path_to_docs": "",
    # (sphinx-book-theme needs a repository for any launch button)
    "launch_buttons": {
        "binderhub_url": BINDERHUB_URL,
        "jupyterhub_url": JUPYTERHUB_URL,
        "notebook_interface": "jupyterlab",
    }
    if REPOSITORY_URL
    else {},
    # WCAG AA colours for code in light and dark mode (accessible-pygments).
    "pygments_light_style": "a11y-light",
    "pygments_dark_style": "a11y-dark",
}
