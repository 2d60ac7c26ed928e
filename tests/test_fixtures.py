"""The shared evaluation set: every fixture is well formed and its gold spans exist."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.evaluate import locate_gold
from auditor.types import CATEGORIES, SEVERITIES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALL = sorted(p for p in FIXTURES.iterdir() if (p / "gold.json").is_file())


def test_enough_fixtures_in_both_languages():
    langs = [json.loads((d / "gold.json").read_text("utf-8"))["tgt_lang"] for d in ALL]
    assert langs.count("fr") >= 3 and langs.count("en") >= 3
    assert sum(d.name.startswith("clean-") for d in ALL) >= 4


@pytest.mark.parametrize("d", ALL, ids=lambda p: p.name)
def test_fixture_well_formed(d):
    gold = json.loads((d / "gold.json").read_text("utf-8"))
    assert gold["about"] and gold["src_lang"] == "id" and gold["tgt_lang"] in ("fr", "en", "zh", "ja", "ar")
    src = (d / "source.id.txt").read_text("utf-8")
    tgt = (d / f"translation.{gold['tgt_lang']}.txt").read_text("utf-8")
    assert 4 <= len(src.splitlines()) <= 12
    assert len(tgt.splitlines()) >= len(src.splitlines())
    items = locate_gold(gold, tgt)          # raises where a span is not on its line
    for g, raw in zip(items, gold["findings"]):
        assert g.category in CATEGORIES and g.severity in SEVERITIES
        assert tgt[g.start:g.end] == raw["span"]
        assert "needs_mt" in raw and raw.get("note")
    if d.name.startswith("clean-"):
        assert gold["findings"] == []
    else:
        assert gold["findings"]
