# Two commands on a fresh machine: `make run` (install + start the bot) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-quick clean

$(STAMP): pyproject.toml setup.py
	@# A bare venv given the newest pip by the outer pip (3 s; ensurepip's old pip, then its
	@# upgrade, took 7 s, and the old pip resolves 10 s slower); where the outer Python has no
	@# pip that can install into another interpreter, the venv's own pip is upgraded instead.
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet --upgrade pip 2>/dev/null \
		|| { $(PYTHON) -m venv --clear $(VENV) && $(BIN)/pip install --quiet --upgrade pip; }
	@# setuptools notes that an editable install of a src/ + bot/ layout resolves imports through
	@# a finder (a notice, not a problem with the package): not shown.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet --no-compile -e ".[dev]"
	@# Compiled here, on every core at once (pip compiles on one, 3 s slower): the packages but
	@# their own test suites, and Assay's modules, which an editable install leaves uncompiled.
	@# Where PYTHONDONTWRITEBYTECODE is set (as on this machine) every start would compile them.
	$(BIN)/python -m compileall -j 0 -q -x '/tests?/' $(VENV)/lib src bot migrations > /dev/null
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/assay serve

# Two test processes per core: a test spends about half its time waiting on sockets and child
# processes, so one per core leaves the CPU idle.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) * 2 )))

# Bytecode caches are written for the run even where PYTHONDONTWRITEBYTECODE is set (as on this
# machine): without them every worker parses and rewrites the asserts of every test module, and
# every process compiles the helpers again, about 20 CPU-seconds a run.
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n $(TEST_JOBS) --dist worksteal

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
