# Fresh clone: `make run` installs everything into .venv and starts ClauseLens;
# `make test` installs everything into .venv and runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint perf train clean installer

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/clauselens

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

perf: $(STAMP)
	$(BIN)/python -m pytest -q -s tests/perf

# The offline bundle (installer/README.md): dist/clauselens/ and, on Linux, a .tar.gz with install.sh;
# then its smoke test (no Python on PATH, the window offscreen).
$(VENV)/.installer: $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e ".[dev,installer]"
	touch $(VENV)/.installer

installer: $(VENV)/.installer
	$(BIN)/python installer/build.py
	$(BIN)/python -m pytest -q -s tests/perf/test_bundle_smoke.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build dist *.egg-info
