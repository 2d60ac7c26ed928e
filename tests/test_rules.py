"""The rule table (docs/rules.md, auditor/checks/table.py) and what every rule must come with:
an explanation for `auditor explain`, a fixture on which it fires, and a test that names it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.checks.table import markdown, rule_table

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
RULES = rule_table()

# Codes that fire on no fixture yet (the fixtures' JSON in tests/golden/, audited with --no-mt), and
# why. A code that gains a fixture must leave this list; a new code must not join it without reason.
NO_FIXTURE_YET = {
    "AUD001": "every fixture is in its declared language",
    "AUD003": "no fixture adds a whole sentence",
    "AUD005": "needs a model (truncation for the model)", "AUD722": "needs a model's back-translation",
    "AUD731": "needs a model (token log-probabilities)",
    "AUD105": "no fixture", "AUD107": "no fixture", "AUD108": "no fixture (invented cases in test_checks_cjk)",
    "AUD204": "no fixture", "AUD222": "no fixture",
    "AUD223": "no fixture", "AUD405": "no fixture", "AUD502": "needs a user glossary",
    "AUD745": "no fixture", "AUD746": "no fixture", "AUD406": "no fixture (invented cases in test_checks_cjk)",
}


def _fired() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for g in (TESTS / "golden").glob("*.json"):
        for code in re.findall(r'"code": "(AUD\d{3})"', g.read_text("utf-8")):
            out.setdefault(code, set()).add(g.stem)
    return out


def _named_in_tests() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in TESTS.rglob("test_*.py"):
        if t.name in ("test_rules.py", "test_golden.py"):
            continue
        for code in set(re.findall(r"AUD\d{3}", t.read_text("utf-8"))):
            out.setdefault(code, set()).add(t.name)
    return out


def test_docs_rules_md_is_the_registry():
    """docs/rules.md is generated: `make rules` after adding, moving or renaming a check."""
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == markdown(RULES)


def test_the_table_names_every_code_once_with_its_class():
    import importlib
    assert len({r.code for r in RULES}) == len(RULES) and "AUD001" in {r.code for r in RULES}
    for r in RULES:
        assert getattr(importlib.import_module(r.module), r.cls).info.code == r.code


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_explained_beyond_its_summary(rule):
    from auditor.checks.base import load_all
    info = load_all()[rule.code].info
    assert info.summary.strip() and len(info.explanation.split()) >= 12
    assert info.explanation.strip() != info.summary.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_named_by_a_test(rule):
    assert rule.code in _named_in_tests(), f"{rule.code}: no test file names it"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_fires_on_a_fixture(rule):
    fired = rule.code in _fired()
    if rule.code in NO_FIXTURE_YET:
        assert not fired, f"{rule.code} fires on {sorted(_fired()[rule.code])} now: take it out of NO_FIXTURE_YET"
    else:
        assert fired, f"{rule.code}: no fixture in fixtures/ on which it fires (tests/golden/)"


def test_the_gap_list_names_only_real_codes():
    assert set(NO_FIXTURE_YET) <= {r.code for r in RULES}
