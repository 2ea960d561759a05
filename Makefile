# Everyday commands. `make serve` and `make test` set everything up on a fresh machine
# that has only Python 3.11+, make and git.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install serve build test lint typecheck unit browser check docs-build clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "kb needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(INSTALLED)

install: $(INSTALLED)  ## Install kb and its tools into .venv

serve: $(INSTALLED)  ## Serve the site at http://127.0.0.1:8000
	$(BIN)/kb serve --dev-addr 127.0.0.1:8000

build: $(INSTALLED)  ## Build the site into site/ (fails on an entry with errors)
	$(BIN)/kb build

lint: $(INSTALLED)
	$(BIN)/ruff check tooling tests bench
	$(BIN)/ruff format --check tooling tests bench

typecheck: $(INSTALLED)
	$(BIN)/mypy

# A real browser for the end-to-end tests: Debian's chromium, installed when missing and
# we may (root, as in CI). Elsewhere the e2e tests skip with a message saying how.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the end-to-end tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "No chromium: end-to-end tests will skip (sudo apt-get install chromium)"; \
		fi; }

unit: $(INSTALLED)
	$(BIN)/pytest

check: $(INSTALLED)  ## Check this repo's own knowledge base
	$(BIN)/kb check

docs-build: $(INSTALLED)
	$(BIN)/mkdocs build --strict --site-dir $(CURDIR)/.kb/test-site

test: $(INSTALLED) browser lint typecheck unit check docs-build  ## Install everything and run every test

clean:
	rm -rf $(VENV) site .kb .pytest_cache .mypy_cache .ruff_cache
