# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test build clean

$(BIN)/osce-kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/osce-kg

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'

build: install
	$(BIN)/osce-kg build

# Install, build the graph, and serve it on http://$(HOST):$(PORT)/sparql
run: build
	$(BIN)/osce-kg serve --host $(HOST) --port $(PORT)

# Install with the test extras and run every test.
test: install-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var
