# zibo-analysis: run `make help` for the list of targets.
# Every target that needs Python creates .venv from requirements.lock when it
# is missing or older than the lock or pyproject.toml.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := zibo-analysis
LAB_ARGS ?=
UV_VERSION := 0.13.9
UV     := $(VENV)/bin/uv

RAW       := $(wildcard data/raw/*.txt) data/raw/sources.csv
DATA_IN   := $(RAW) data/catalog.csv data/curation.csv data/ignored.csv data/regions.csv $(wildcard data/reviewed_flags.csv)
PKG_SRC   := $(shell find src/zibo_analysis -name '*.py' -o -name '*.j2')
INDICATORS := data/processed/indicators.csv

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# uv installs the lock in seconds and compiles bytecode once (imports stay fast even where
# PYTHONDONTWRITEBYTECODE is set); pip is the fallback where uv cannot be had.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "setting up $(VENV) from requirements.lock (the first run takes a minute)"
	@if $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" 2>/dev/null; then \
	  $(UV) pip install --quiet --python $(PY) --compile-bytecode -r requirements.lock && \
	  $(UV) pip install --quiet --python $(PY) --no-deps -e . ; \
	else \
	  echo "uv could not be installed: installing with pip instead (slower)"; \
	  $(PY) -m pip install --quiet -r requirements.lock && $(PY) -m pip install --quiet --no-deps -e . ; \
	fi
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (zibo-analysis)" >/dev/null
	@# notebooks are committed without outputs: git runs nbstripout on them (see .gitattributes)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean "'$(abspath $(VENV))/bin/nbstripout' --keep-id" && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv "'$(abspath $(VENV))/bin/nbstripout' --keep-id -t"; \
	fi
	@touch $(STAMP)

.PHONY: venv
venv: $(STAMP) ## create or update .venv from the lock file

.PHONY: lock
lock: $(STAMP) ## re-resolve requirements.lock from pyproject.toml
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --universal \
	  -o requirements.lock --no-header

# make deletes a target whose recipe is interrupted after it changed the file; the build
# replaces indicators.csv atomically, so the file on disk is always a good build: keep it.
.PRECIOUS: $(INDICATORS)
$(INDICATORS): $(STAMP) $(DATA_IN) $(PKG_SRC)
	$(VENV)/bin/zibo-analysis data

.PHONY: data
data: $(INDICATORS) ## build data/processed/ from data/raw, the catalog and the curation

.PHONY: report
report: $(INDICATORS) ## run the notebooks and write reports/ (HTML)
	$(VENV)/bin/zibo-analysis report

.PHONY: wheel
wheel: $(INDICATORS) ## build dist/zibo_analysis-*.whl, the dataset inside as package data
	$(UV) build --wheel --out-dir dist

.PHONY: lab
lab: $(INDICATORS) ## open JupyterLab at the project root; new notebooks use the project kernel
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. \
	  --MappingKernelManager.default_kernel_name=$(KERNEL) \
	  $(LAB_ARGS) $$([ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: test
test: $(INDICATORS) ## run the whole test suite (after building the data)
	$(PY) -m pytest

.PHONY: bench
bench: $(STAMP) ## extractor against cn2an and chinese2digits, linearity, uncurated step; corpus MB/s and peak memory; make report cold, warm, naive
	$(PY) -m benchmarks.run

.PHONY: eval
eval: $(STAMP) ## per field, how often the facts step pre-fills it right: seeds left out in turn, and benchmarks/heldout
	$(PY) -m benchmarks.eval_facts

.PHONY: lint
lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

.PHONY: clean
clean: ## remove built outputs and caches, keep .venv
	rm -rf data/processed reports dist .pytest_cache .ruff_cache .hypothesis build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## also remove .venv
	rm -rf $(VENV)
