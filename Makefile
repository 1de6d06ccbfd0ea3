# zibo-analysis: run `make help` for the list of targets.
# Every target that needs Python creates .venv when it is missing or older than the locks
# or pyproject.toml: `make data` and `make report` install requirements.lock (what they run,
# nothing else), `make test`, `lint` and `bench` add requirements-dev.lock, `make lab`
# requirements-lab.lock (JupyterLab), `make pdf` requirements-pdf.lock (WeasyPrint). `make lock`
# resolves all four together.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LAB_STAMP := $(VENV)/.installed-lab
PDF_STAMP := $(VENV)/.installed-pdf
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

# $(call install,LOCK): install a lock into .venv with uv, or with pip where uv cannot be had.
# --no-deps: every lock is complete, and packages the locks leave out on purpose (jionlp's
# segmenter, see pyproject.toml) stay out. No bytecode here: `zibo_analysis.bytecode`
# compiles what the commands import (bytecode.lock), not every module installed.
define install
	@if [ -x $(UV) ]; then \
	  $(UV) pip install --quiet --python $(PY) --no-deps -r $(1); \
	else \
	  echo "uv could not be installed: installing with pip instead (slower)"; \
	  $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --default-pip >/dev/null; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --no-compile --no-deps -r $(1); \
	fi
endef

# .venv without pip (ensurepip takes seconds): uv goes in with the interpreter's own pip
# (`pip --python`), else with a pip bootstrapped into .venv; the package manager is uv from
# PyPI either way, and pip installs the locks only where uv cannot be had at all.
$(STAMP): requirements.lock bytecode.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@echo "setting up $(VENV) from requirements.lock (the first run takes about ten seconds)"
	@test -x $(UV) || $(PYTHON) -m pip --python $(PY) install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" >/dev/null 2>&1 || \
	  { $(PY) -m ensurepip --default-pip >/dev/null 2>&1 && \
	    $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" >/dev/null 2>&1; } || true
	$(call install,requirements.lock)
	@if [ -x $(UV) ]; then $(UV) pip install --quiet --python $(PY) --no-deps -e . ; \
	else $(PY) -m pip install --quiet --disable-pip-version-check --no-compile --no-deps -e . ; fi
	@$(PY) -m zibo_analysis.bytecode report
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (zibo-analysis)" >/dev/null
	@# notebooks are committed without outputs: git runs nbstripout on them (see .gitattributes)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean "'$(abspath $(VENV))/bin/nbstripout' --keep-id" && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv "'$(abspath $(VENV))/bin/nbstripout' --keep-id -t"; \
	fi
	@touch $(STAMP)

# what `make test`, `lint` and `bench` add: pytest, hypothesis, ruff, the benchmark's rivals
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	@echo "adding the test and benchmark tools from requirements-dev.lock"
	$(call install,requirements-dev.lock)
	@$(PY) -m zibo_analysis.bytecode tests
	@touch $(DEV_STAMP)

# what `make lab` adds: JupyterLab
$(LAB_STAMP): $(STAMP) requirements-lab.lock
	@echo "adding JupyterLab from requirements-lab.lock"
	$(call install,requirements-lab.lock)
	@touch $(LAB_STAMP)

# what `make pdf` adds: WeasyPrint (it renders with the system's Pango)
$(PDF_STAMP): $(STAMP) requirements-pdf.lock
	@echo "adding WeasyPrint from requirements-pdf.lock"
	$(call install,requirements-pdf.lock)
	@touch $(PDF_STAMP)

.PHONY: venv
venv: $(STAMP) ## create or update .venv from requirements.lock (what make data and make report run)

.PHONY: venv-dev
venv-dev: $(DEV_STAMP) ## add the test, lint and benchmark tools (requirements-dev.lock)

# One resolution of everything (runtime, the dev group, every extra) into .venv, then each
# lock taken from it, so that a package has the same version in every lock. Versions already
# locked are kept where they still fit (uv prefers the pins of the file it writes, seeded
# from the three locks); `make lock UPGRADE=--upgrade` takes the newest that fit.
LOCK_ARGS := --python-version 3.11 --universal --no-header --quiet
ALL_LOCK  := $(VENV)/requirements-all.lock
UPGRADE   ?=
.PHONY: lock
lock: $(STAMP) ## re-resolve the four locks from pyproject.toml, then bytecode.lock (what a report imports)
	cat requirements.lock requirements-dev.lock requirements-lab.lock requirements-pdf.lock > $(ALL_LOCK)
	$(UV) pip compile pyproject.toml --group dev --all-extras $(UPGRADE) $(LOCK_ARGS) -o $(ALL_LOCK)
	$(UV) pip compile pyproject.toml -c $(ALL_LOCK) $(LOCK_ARGS) -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev -c $(ALL_LOCK) $(LOCK_ARGS) -o requirements-dev.lock
	$(UV) pip compile pyproject.toml --extra lab -c $(ALL_LOCK) $(LOCK_ARGS) -o requirements-lab.lock
	$(UV) pip compile pyproject.toml --extra pdf -c $(ALL_LOCK) $(LOCK_ARGS) -o requirements-pdf.lock
	@grep -c '==' requirements.lock requirements-dev.lock requirements-lab.lock requirements-pdf.lock
	@$(MAKE) --no-print-directory venv
	$(PY) -m zibo_analysis.bytecode record bytecode.lock

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

.PHONY: pdf
pdf: report $(PDF_STAMP) ## write reports/report.pdf: the index and every page, bookmarks, links, fonts embedded
	$(PY) -m zibo_analysis.report.pdf reports reports/report.pdf

.PHONY: wheel
wheel: $(INDICATORS) ## build dist/zibo_analysis-*.whl, the dataset inside as package data
	$(UV) build --wheel --out-dir dist

# JupyterLab draws Chinese with the machine's fonts: a small labextension in .venv brings the
# CJK font the pages use (zibo_analysis/report/lab.py), so that no machine shows boxes.
LAB_FONT := $(VENV)/share/jupyter/labextensions/zibo-analysis-cjk/package.json
$(LAB_FONT): $(STAMP) src/zibo_analysis/report/lab.py
	$(PY) -m zibo_analysis.report.lab

.PHONY: lab
lab: $(LAB_STAMP) $(INDICATORS) $(LAB_FONT) ## open JupyterLab at the project root, with the CJK font; new notebooks use the project kernel
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. \
	  --MappingKernelManager.default_kernel_name=$(KERNEL) \
	  $(LAB_ARGS) $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# Both use every core (pytest-xdist; tests/shared.py: what the workers build once and share):
# a worker per processor (on two cores 140 s, with a third worker 150 s: its collection and
# the contention cost more than it gains on the tests' waits); worksteal: a worker that runs
# out of tests takes some of another's.
WORKERS  = $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")
XDIST    = -n $(WORKERS) --dist worksteal

.PHONY: test
test: $(DEV_STAMP) $(INDICATORS) ## run the whole test suite on every core (after building the data)
	$(PY) -m pytest $(XDIST)

.PHONY: test-fast
test-fast: $(DEV_STAMP) $(INDICATORS) ## the suite without the end-to-end tests marked slow (report, browser, notebooks, wheel)
	$(PY) -m pytest $(XDIST) -m "not slow"

.PHONY: bench
bench: $(DEV_STAMP) ## every speed and size figure beside its goal and the load: extractor, facts, start-up, corpus, per core, analysis, set-up, report
	$(PY) -m benchmarks.run

.PHONY: eval
eval: $(STAMP) ## per field, how often the facts step pre-fills it right: seeds left out in turn, and benchmarks/heldout
	$(PY) -m benchmarks.eval_facts

.PHONY: lint
lint: $(DEV_STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

.PHONY: clean
clean: ## remove built outputs and caches, keep .venv
	rm -rf data/processed reports dist .pytest_cache .ruff_cache .hypothesis build
	@# src/'s bytecode stays: the set-up compiled it (zibo_analysis.bytecode), and where
	@# PYTHONDONTWRITEBYTECODE is set no command would write it again
	find . \( -path ./$(VENV) -o -path ./src \) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## also remove .venv
	rm -rf $(VENV)
