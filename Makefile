# venusedu: two commands on a fresh machine.
#   make lab   - set up .venv if needed and open the lessons in JupyterLab
#   make test  - set up .venv if needed and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The environment is rebuilt only when pyproject.toml changes.
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8888
PYTEST_ARGS ?=

.PHONY: lab test env clean

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "venusedu needs Python >= 3.10")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

lab: $(STAMP)
	$(BIN)/python -m venusedu.launch --host $(HOST) --port $(PORT) --notebook-dir notebooks

# One pytest session: unit, property, validation, server and browser tests
# under tests/, and strict nbval over every lesson in notebooks/.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
