# Two commands for a fresh machine: `make run` and `make test`.
# Both create .venv when it is missing and install the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= corpus
DB ?= warehouse/newsfacts.duckdb
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: run test check bench bench-quality clean browser

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsfacts run --corpus $(CORPUS) --db $(DB)

# Everything: lint, unit, integration and reliability tests (what CI runs), one worker per
# core; a test file runs whole in one worker, so its module fixtures are built once.
test: $(STAMP) browser
	$(BIN)/ruff check extractors flows warehouse tests
	$(BIN)/python -m pytest -n auto --dist loadfile

# The fast loop while editing: lint and the unit tests.
check: $(STAMP)
	$(BIN)/ruff check extractors flows warehouse tests
	$(BIN)/python -m pytest -q tests/unit -m "not slow"

# The report's browser test needs Debian's chromium; install it where we can
# (root with apt), otherwise say that those tests will be skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "newsfacts: could not install chromium; the browser tests will be skipped"; \
	  else echo "newsfacts: chromium not found; the browser tests will be skipped"; fi; }

# The README's picture of the report, taken by the browser test.
docs/report.png: $(STAMP) browser
	NEWSFACTS_SCREENSHOT=$@ $(BIN)/python -m pytest -q tests/integration/test_report_browser.py -k picture

bench-quality: $(STAMP)
	$(BIN)/python -m tests.benchmarks.quality

# The big-story cases read ../shared/eval/make_corpus.py and its seeds; without
# ../shared they are skipped with a message (one_topic says so itself).
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.throughput
	@if [ -f ../shared/eval/make_corpus.py ]; then \
	  $(BIN)/python -m tests.benchmarks.linking && $(BIN)/python -m tests.benchmarks.stories_speed; \
	else echo "linking and story-grouping benchmarks skipped: ../shared/eval/make_corpus.py not found"; fi
	$(BIN)/python -m tests.benchmarks.one_topic

clean:
	rm -rf $(VENV) .prefect warehouse/newsfacts.duckdb warehouse/reports
