# venusedu: two commands on a fresh machine.
#   make lab   - set up .venv if needed and open the lessons in JupyterLab
#   make test  - set up .venv if needed and run every test
# Delivery (see docs/delivery.md):
#   make app     - the dimple explorer as a Voila app (code hidden), for a live demo
#   make slides  - reveal.js decks of the lessons in slides/, working offline
#   make book    - the course website in _build/html/ (Sphinx, book/conf.py), working offline
#   make hub     - a JupyterHub for a class on this machine (see deploy/)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The environment is rebuilt only when pyproject.toml changes.
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8888
PYTEST_ARGS ?=

.PHONY: lab test env clean app slides book hub

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "venusedu needs Python >= 3.10")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "make: could not create $(VENV); on Debian/Ubuntu install the venv module: apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	@rm -f $(VENV)/.installed-*
	@touch $@

lab: $(STAMP)
	$(BIN)/python -m venusedu.launch --host $(HOST) --port $(PORT) --notebook-dir notebooks

# One pytest session: unit, property, validation, server and browser tests
# under tests/, the Examples sections of the package's docstrings, and strict
# nbval over every lesson in notebooks/.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test: $(STAMP)
	$(BIN)/python -m pytest tests venusedu notebooks --doctest-modules $(NBVAL) $(PYTEST_ARGS)

# --- delivery -----------------------------------------------------------------
APP_PORT ?= 8866
# reveal.js and MathJax for the slides and the site, pinned in package-lock.json.
NPM_STAMP := node_modules/.installed-by-make

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The instructor's live demo: the explorer lesson served by Voila, code hidden,
# on $(HOST):$(APP_PORT) with a fresh token (the URL is printed).
app: $(STAMP)
	@test -f notebooks/05_explorer.ipynb || { echo "make app: notebooks/05_explorer.ipynb does not exist yet" >&2; exit 1; }
	@token=$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(24))'); \
	printf '\n  venusedu explorer: http://$(HOST):$(APP_PORT)/?token=%s\n  (open this URL in your browser; press Ctrl+C to stop)\n\n' "$$token"; \
	cd notebooks && exec $(CURDIR)/$(BIN)/python -m voila $(CURDIR)/notebooks/05_explorer.ipynb \
	  --no-browser --port=$(APP_PORT) --Voila.ip=$(HOST) --strip_sources=True --token="$$token"

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
