# Two commands on a fresh machine with Python 3.11+ and make:
#   make run   - the bot (no token in .env: the offline demo chat in this terminal)
#   make test  - ruff, mypy and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest fuzz bench load format clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy bot handlers storage ui tests bench

pytest: $(STAMP)
	$(BIN)/pytest

# The stateful fuzz test at length (about 25,000 steps; FUZZ_EXAMPLES, FUZZ_STEPS, FUZZ_STATS).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider -s

bench: $(STAMP)
	$(BIN)/python -m bench

load: $(STAMP)
	$(BIN)/python -m bot load $(FILE)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
