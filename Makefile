# cdsanalysis: the two commands a newcomer needs are `make briefs` and `make test`
# (`make test-fast` while working: everything but the slow tests).
# Both create the virtual environment (.venv) and install the project into it when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup briefs test test-fast lint data clean-reports

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cdsanalysis needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,cluster]"
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project (editable) with its test and cluster tools

data: $(STAMP) ## clean data/raw into data/processed (cds clean)
	$(BIN)/cds clean

briefs: $(STAMP) clean-reports ## set up, clean the shipped data and build every brief into reports/
	$(BIN)/cds clean
	$(BIN)/cds briefs --force

clean-reports: ## remove built briefs (reports/)
	rm -rf reports

# pytest exits with 5 when it collected no test: for make that is a failure, not a pass.
define run_pytest
	@$(BIN)/python -m pytest $(1); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make $@: pytest collected no tests: that is a failure"; exit 1; fi; \
	exit $$status
endef

# axe-core (npm) for the browser test's accessibility check, pinned in tests/browser.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $(AXE)

test: $(STAMP) $(AXE) ## set up and run the whole test suite, docstring examples included
	$(call run_pytest,)

test-fast: $(STAMP) ## the tests not marked slow (no notebooks, browser or brief builds)
	$(call run_pytest,-m "not slow")

lint: $(STAMP) ## ruff on the package, tests, benchmarks and notebooks
	$(BIN)/ruff check cdsanalysis tests benchmarks notebooks
	$(BIN)/ruff format --check cdsanalysis tests benchmarks notebooks
