# The two quick-start commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps vendor build serve clean

run: setup
	$(BIN)/minilat build
	$(BIN)/minilat serve --host 127.0.0.1 --port 8000

test: SYSTEM_DEPS := test
test: setup
	$(BIN)/pytest

SYSTEM_DEPS ?= run
setup: system-deps $(STAMP) vendor

vendor:
	@scripts/vendor-js.sh

system-deps:
	@scripts/system-deps.sh $(SYSTEM_DEPS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

build: setup
	$(BIN)/minilat build

serve: setup
	$(BIN)/minilat serve

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
