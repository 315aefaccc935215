# Two commands on a fresh machine: `make run` (install + start the bot) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-quick clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/assay serve

# Two test processes per core: a test spends about half its time waiting on sockets and child
# processes, so one per core leaves the CPU idle.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) * 2 )))

test: $(STAMP)
	$(BIN)/pytest -q -n $(TEST_JOBS)

lint: $(STAMP)
	$(BIN)/ruff check src bot tests bench migrations
	$(BIN)/ruff format --check src bot tests bench migrations
	$(BIN)/mypy src bot
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run_all.py --quick

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
