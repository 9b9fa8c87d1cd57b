# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make demo   set everything up, then build from examples/
#   make test   set everything up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build/demo

.PHONY: demo test setup system-deps clean

setup: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@for offer in examples/*/; do \
	  $(BIN)/offerprint check --strict "$$offer" || exit $$?; \
	done
	@echo "All examples pass 'offerprint check --strict'."

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache
