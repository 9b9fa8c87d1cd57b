# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make demo   set everything up, then build the print pack for examples/ into build/demo/
#   make test   set everything up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build/demo
SITE   ?= build/site

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
	@for offer in examples/*/; do $(BIN)/offerprint check --strict $$offer > /dev/null || exit $$?; done
	@echo "All examples pass 'offerprint check --strict'. Making the print pack (the first run takes a few minutes)..."
	$(BIN)/offerprint pack examples/* --lang ur,pl,ar,bn --large-print 18,24 -o $(OUT)
	@echo; echo "Making the council's Support for Learners site (offerprint site; it reuses the pack's documents)..."
	$(BIN)/offerprint site examples/*/ --council docs/council.yaml --lang ur,pl,ar,bn --large-print 18,24 -o $(SITE)
	@echo; echo "Search works from the site's folder itself too (a USB stick, no internet): copy the whole of $(SITE)/."
	@echo; echo "The print pack is in $(OUT)/. Start with $(OUT)/README.txt: it says what to print for whom."
	@echo "The site is in $(SITE)/: open $(SITE)/index.html in a browser. The Local Offer team's report is $(SITE)/report/index.html."

# axe-core checks the web page in headless Chromium (tests/test_web.py); without npm the
# test says it is skipped and why.
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE): | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then npm install --silent --prefix $(VENV)/node axe-core@4 \
	  || echo "axe-core could not be installed: its accessibility test of the web page will be skipped"; \
	else echo "npm is missing: the axe-core accessibility test of the web page will be skipped"; fi

# Ace by DAISY checks the EPUB (tests/test_epub.py): its command-line package, run by
# puppeteer in Debian's Chromium (puppeteer's own Chromium download is not allowed).
ACE := $(VENV)/node/node_modules/.bin/ace-cli
$(ACE): | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
	  npm install --silent --prefix $(VENV)/node @daisy/ace-cli@1 \
	  || echo "Ace by DAISY could not be installed: its accessibility test of the EPUB will be skipped"; \
	else echo "npm is missing: the Ace accessibility test of the EPUB will be skipped"; fi

# The Nu Html Checker (vnu.jar, the W3C validator) checks the web page and the site's pages
# (tests/test_vnu.py); it runs on the Java that epubcheck already needs.
VNU := $(VENV)/node/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then npm install --silent --prefix $(VENV)/node vnu-jar@26 \
	  || echo "vnu-jar could not be installed: the Nu Html Checker test of the web pages will be skipped"; \
	else echo "npm is missing: the Nu Html Checker test of the web pages will be skipped"; fi

TEST_DEPS := $(VENV)/.test-deps
$(TEST_DEPS): scripts/system-deps.sh | $(STAMP)
	@bash scripts/system-deps.sh --test
	@touch $(TEST_DEPS)

test: $(STAMP) $(TEST_DEPS) $(AXE) $(ACE) $(VNU)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

clean:
	rm -rf build $(VENV) .pytest_cache
