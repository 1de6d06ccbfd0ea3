# zibo-analysis: run `make help` for the list of targets.
# Every target that needs Python creates .venv from requirements.lock when it
# is missing or older than the lock or pyproject.toml.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := zibo-analysis
LAB_ARGS ?=

RAW       := $(wildcard data/raw/*.txt) data/raw/sources.csv
DATA_IN   := $(RAW) data/catalog.csv data/curation.csv data/ignored.csv data/regions.csv
PKG_SRC   := $(wildcard src/zibo_analysis/*.py)
INDICATORS := data/processed/indicators.csv

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "setting up $(VENV) from requirements.lock (first run takes a few minutes)"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (zibo-analysis)" >/dev/null
	@touch $(STAMP)

.PHONY: venv
venv: $(STAMP) ## create or update .venv from the lock file

.PHONY: lock
lock: ## re-resolve requirements.lock from pyproject.toml (needs uv on PATH)
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal \
	  -o requirements.lock --no-header

$(INDICATORS): $(STAMP) $(DATA_IN) $(PKG_SRC)
	$(VENV)/bin/zibo-analysis data

.PHONY: data
data: $(INDICATORS) ## build data/processed/ from data/raw, the catalog and the curation

.PHONY: report
report: $(INDICATORS) ## run the notebooks and write reports/ (HTML)
	$(VENV)/bin/zibo-analysis report

.PHONY: lab
lab: $(INDICATORS) ## open JupyterLab on notebooks/ with the project kernel
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_ARGS) $$([ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: test
test: $(INDICATORS) ## run the whole test suite (after building the data)
	$(PY) -m pytest

.PHONY: bench
bench: $(STAMP) ## extractor throughput against cn2an; make report cold, warm and naive
	$(PY) -m benchmarks.run

.PHONY: lint
lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

.PHONY: clean
clean: ## remove built outputs and caches, keep .venv
	rm -rf data/processed reports .pytest_cache .ruff_cache .hypothesis build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## also remove .venv
	rm -rf $(VENV)
