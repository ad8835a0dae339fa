# Development tasks. Needs only python3 (3.11+) and make: everything else is
# installed into .venv on first use. `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check

# Paths checked by ruff; ones that do not exist (yet) are left out.
LINT_PATHS := $(wildcard src tests benchmarks examples docs plugins)

# The plugins (each its own distribution) installed with the package, and tested.
PLUGINS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml examples/*/pyproject.toml))

.DEFAULT_GOAL := help
.PHONY: help install test demo lint format type docs bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# ------------------------------------------------------------- environments
# One virtual environment; each extra is installed once, recorded by a stamp
# file, and again whenever pyproject.toml changes.

$(VENV)/.installed: pyproject.toml $(addsuffix /pyproject.toml,$(PLUGINS))
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[test]' $(addprefix -e ,$(PLUGINS))
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed
	$(PIP) install -e '.[$*]'
	touch $@

install: $(VENV)/.installed  ## create .venv with the package, its plugins and test tools

# ------------------------------------------------------------------ targets

test: $(VENV)/.installed  ## run the tests, doctests, documentation examples and plugins' tests
	$(BIN)/python -m pytest
	set -e; for plugin in $(PLUGINS); do $(BIN)/python -m pytest $$plugin/tests; done

demo: $(VENV)/.installed  ## check the built-in policy against the example month; HTML report too
	$(BIN)/python -m servicepolicy demo

lint: $(VENV)/.installed-lint  ## ruff check and ruff format --check
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: $(VENV)/.installed-lint  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

type: $(VENV)/.installed-type  ## mypy --strict on src and the plugins' sources
	$(BIN)/mypy --strict src
	set -e; for plugin in $(PLUGINS); do $(BIN)/mypy --strict $$plugin/src; done

# -E: always re-read every page, so autodoc never shows stale docstrings.
docs: $(VENV)/.installed-docs  ## build the HTML docs, warnings are errors
	$(BIN)/sphinx-build -E -n -W --keep-going -b html docs docs/_build/html

bench: $(VENV)/.installed-bench  ## run the benchmarks against their peers (a few minutes)
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/bench_workforce.py
	$(BIN)/python benchmarks/bench_tickets.py
	$(BIN)/python benchmarks/bench_sla.py
	$(BIN)/python benchmarks/bench_erlang.py
	$(BIN)/python benchmarks/bench_kpi.py
	$(BIN)/python benchmarks/bench_check.py --sizes 5,10

clean:  ## remove .venv, build output and caches
	rm -rf $(VENV) .tox build dist docs/_build .pytest_cache .mypy_cache .ruff_cache .hypothesis
	rm -rf src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
