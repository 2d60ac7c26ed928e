# The two commands of the README:
#   make demo   set up, then audit the seed article (French translation of an Indonesian source)
#   make test   set up, then run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint complexity bench clean golden

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: it lies on disk as a CPU build; a bare requirement pulls CUDA (GBs)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[mt,dev,fast,ray]'   # ray: tests/test_ray.py runs a local Ray instance
	touch $(STAMP)

demo: setup
	@$(VENV)/bin/auditor audit fixtures/voi-russia-us/translation.fr.txt \
	    --source fixtures/voi-russia-us/source.id.txt; rc=$$?; \
	  echo "auditor exit code: $$rc (1 = findings at or above --fail-on)"; test $$rc -le 1

test: setup
	$(PY) -m pytest

# pyflakes and syntax errors over the code, the tests and the scripts (configuration: pyproject.toml)
lint: setup
	$(VENV)/bin/ruff check auditor cli tests benchmarks scripts

# functions above the complexity limit (15), for the structure work; informative, not a gate yet
complexity: setup
	-$(VENV)/bin/ruff check --select C901 --statistics auditor cli

# regenerate tests/golden/ (the JSON output of every fixture) after a change meant to alter it; review the diff
golden: setup
	AUDITOR_REGEN_GOLDEN=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_golden.py

bench: setup
	$(PY) benchmarks/run.py --quick

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
