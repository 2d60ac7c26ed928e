# The two commands of the README:
#   make demo   set up, then audit the seed article (French translation of an Indonesian source)
#   make test   set up, then run the test suite (all of it: what CI runs)
# and for development:
#   make test-fast  the tests that need no model, no Ray, no browser and are not slow (under a minute)
#   make lint       ruff and mypy (configuration: pyproject.toml), as CI runs them
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast lint complexity bench clean golden rules

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

# markers (pyproject.toml): mt (a model, even the tiny one), ray, browser (headless Chromium), slow
test-fast: setup
	$(PY) -m pytest -p no:cacheprovider -m "not mt and not ray and not browser and not slow"

# ruff (pyflakes, syntax errors) over the code, the tests and the scripts; mypy over the
# library and the CLI (configuration of both: pyproject.toml)
lint: setup
	$(VENV)/bin/ruff check auditor cli tests benchmarks scripts
	$(VENV)/bin/mypy

# functions above the complexity limit (15), for the structure work; informative, not a gate yet
complexity: setup
	-$(VENV)/bin/ruff check --select C901 --statistics auditor cli

# regenerate tests/golden/ (the JSON output of every fixture) after a change meant to alter it; review the diff
golden: setup
	AUDITOR_REGEN_GOLDEN=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_golden.py

# docs/rules.md, the table from code to module and class, from the registry (tests/test_rules.py checks it)
rules: setup
	$(PY) -c "from auditor.checks.table import markdown, rule_table; open('docs/rules.md', 'w').write(markdown(rule_table()))"

bench: setup
	$(PY) benchmarks/run.py --quick

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
