# Two commands for a fresh machine: `make run` and `make test`.
# Both create .venv when it is missing and install the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= corpus
DB ?= warehouse/newsfacts.duckdb
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: run test lint bench bench-quality clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsfacts run --corpus $(CORPUS) --db $(DB)

test: $(STAMP)
	$(BIN)/ruff check extractors flows warehouse tests
	$(BIN)/python -m pytest

bench-quality: $(STAMP)
	$(BIN)/python -m tests.benchmarks.quality

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.throughput

clean:
	rm -rf $(VENV) .prefect warehouse/newsfacts.duckdb warehouse/reports
