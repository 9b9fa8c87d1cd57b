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
	@set -e; for offer in examples/*/; do \
	  name=$$(basename $$offer); mkdir -p $(OUT)/$$name; \
	  $(BIN)/offerprint check --strict $$offer > $(OUT)/$$name/check.txt; \
	  $(BIN)/offerprint build $$offer --format standard -o $(OUT)/$$name/standard.pdf; \
	  $(BIN)/offerprint build $$offer --format large-print --size 18 -o $(OUT)/$$name/large-print-18pt.pdf; \
	  $(BIN)/offerprint build $$offer --format large-print --size 24 -o $(OUT)/$$name/large-print-24pt.pdf; \
	  $(BIN)/offerprint build $$offer --format text -o $(OUT)/$$name/plain-text.txt; \
	done
	@echo; echo "The demo documents are in $(OUT)/ (one folder per example school)."

# axe-core checks the web page in headless Chromium (tests/test_web.py); without npm the
# test says it is skipped and why.
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE): | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then npm install --silent --prefix $(VENV)/node axe-core@4 \
	  || echo "axe-core could not be installed: its accessibility test of the web page will be skipped"; \
	else echo "npm is missing: the axe-core accessibility test of the web page will be skipped"; fi

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache
