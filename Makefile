# The two quick-start commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps vendor build clean

run: setup
	$(BIN)/minilat build

test: setup
	$(BIN)/pytest

setup: system-deps $(STAMP) vendor

vendor:
	@scripts/vendor-js.sh

system-deps:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

build: setup
	$(BIN)/minilat build

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
