# venusedu: two commands on a fresh machine.
#   make lab   - set up .venv if needed and open the lessons in JupyterLab
#                (your workspace/: the student version, made on the first run)
#   make test  - set up .venv if needed, run make lint, then every test
# Delivery (see docs/delivery.md):
#   make lab-instructor - JupyterLab on notebooks/, the lessons with their solutions
#   make app     - the dimple explorer as an app page (Voila, code hidden), for a live demo
#   make slides  - reveal.js decks of the lessons in slides/, working offline
#   make book    - the course website in _build/html/ (Sphinx, book/conf.py), working offline
#   make hub     - a JupyterHub for a class on this machine (see deploy/)
# Maintenance:
#   make lint        - ruff check, ruff format --check and mypy (configured in pyproject.toml)
#   make test-matrix - the suite on every supported Python found here
#   make test-floors - the suite with every dependency at its declared floor
#   make baselines   - redraw figures/ and the test baselines after a change
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The environment is rebuilt only when pyproject.toml changes. Two first runs
# at once (`make lab` in one terminal, `make test` in another) take turns: the
# second waits under a lock (flock) and then finds the environment ready. A
# .venv whose python is broken is made anew; one without pip gets pip back.
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
LOCK := .venv.lock
PIP_UPGRADE ?= $(BIN)/python -m pip install --quiet --upgrade pip
INSTALL ?= $(BIN)/python -m pip install --quiet -e '.[test,hub]'
HOST ?= 127.0.0.1
PORT ?= 8888
# The student's own folder that `make lab` opens (gitignored).
WORKSPACE ?= workspace
PYTEST_ARGS ?=
MATRIX_ARGS ?=
VENV_HINT := on Debian/Ubuntu install the venv module: apt-get install python3-venv

.PHONY: lab lab-instructor test lint env clean app slides book hub baselines test-matrix test-floors venv-locked npm-assets

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "venusedu needs Python >= 3.10")'
	@if command -v flock >/dev/null 2>&1; then \
	  flock $(LOCK) $(MAKE) --no-print-directory venv-locked; \
	else \
	  $(MAKE) --no-print-directory venv-locked; \
	fi

# Set up .venv; run by the rule above, under the lock.
venv-locked:
	@if [ -f $(STAMP) ]; then exit 0; fi; \
	if ! $(BIN)/python -c '' >/dev/null 2>&1; then \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) || { echo "make: could not create $(VENV); $(VENV_HINT)" >&2; rm -rf $(VENV); exit 1; }; \
	fi; \
	if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	  echo "make: $(VENV) has no pip; restoring it with ensurepip"; \
	  $(BIN)/python -m ensurepip --upgrade >/dev/null || { echo "make: could not restore pip in $(VENV); $(VENV_HINT)" >&2; exit 1; }; \
	fi; \
	$(PIP_UPGRADE) && $(INSTALL) && rm -f $(VENV)/.installed-* && touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python -m venusedu.launch --host $(HOST) --port $(PORT) --workspace $(WORKSPACE)

lab-instructor: $(STAMP)
	$(BIN)/python -m venusedu.launch --host $(HOST) --port $(PORT) --notebook-dir notebooks

# One pytest session: unit, property, validation, server and browser tests
# under tests/, the Examples sections of the package's docstrings, and strict
# nbval over every lesson in notebooks/.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

SUITE := tests venusedu notebooks --doctest-modules $(NBVAL)

# The usual tooling, configured in pyproject.toml: lint (pyflakes, pycodestyle,
# bugbear, pyupgrade, isort, pydocstyle), the format, and the package's types.
# make test runs it first, so CI does; .pre-commit-config.yaml runs the same
# commands (tests/test_precommit.py keeps the two alike).
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy venusedu

test: $(STAMP) lint
	$(BIN)/python -m pytest $(SUITE) $(PYTEST_ARGS)

# The same suite on every supported Python found here (pyenv or python3.X on
# PATH), each in its own venv under .venv-matrix/; and once with every direct
# dependency at its declared floor (.venv-floors/). Both print a table.
# Environments are made with uv, installed into .venv from PyPI.
UV := $(BIN)/uv

$(UV): | $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'

test-matrix: $(STAMP) | $(UV)
	$(BIN)/python tools/test_matrix.py $(MATRIX_ARGS) -- $(SUITE) $(PYTEST_ARGS)

test-floors: $(STAMP) | $(UV)
	$(BIN)/python tools/test_matrix.py --floors $(MATRIX_ARGS) -- $(SUITE) $(PYTEST_ARGS)

# After an intended change of a drawing: redraw figures/ and the test
# baselines in tests/baseline_images/ (look at them before committing).
baselines: $(STAMP)
	$(BIN)/python tools/update_baselines.py

# --- delivery -----------------------------------------------------------------
APP_PORT ?= 8866
# reveal.js and MathJax for the slides and the site, pinned in package-lock.json.
NPM_STAMP := node_modules/.installed-by-make

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

npm-assets: $(NPM_STAMP)

# The explorer as an app: its own page (app/explorer_app.ipynb: a title, a line
# of introduction, what to try, the explorer) served by Voila, code hidden, on
# $(HOST):$(APP_PORT) (the next free port if busy) with a fresh token, through
# the same launcher as make lab: the token reaches Voila in a private file, never
# a command line or an environment variable; the URL is printed once the page
# answers. The page's template (app/voila/templates/venusedu-app) drops Voila's
# CDN stylesheets; app/voila.json (read from app/, the server's working folder)
# leaves out Notebook 7's lab extension, which does not load in Voila.
app: $(STAMP)
	$(BIN)/python -m venusedu.launch --app app/explorer_app.ipynb --host $(HOST) --port $(APP_PORT)

slides: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/build_slides.py --out slides

# The course site: Sphinx reads the repository (the lessons, docs/ and
# book/index.md) with the configuration in book/; warnings are errors.
book: $(STAMP) $(NPM_STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html -c book . _build/html

# --- a class hub -----------------------------------------------------------------
# JupyterHub with deploy/jupyterhub_config.py on 127.0.0.1:$(HUB_PORT): class
# password, a server per student with the lessons in ~/dimples, idle servers
# culled; state in a temporary folder. Prints the URL and how to stop it.
HUB_PORT ?= 8000

hub: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/hub.py --port $(HUB_PORT)

clean:
	rm -rf $(VENV) .venv-matrix .venv-floors $(LOCK) build dist *.egg-info .pytest_cache .hypothesis .ruff_cache .mypy_cache
