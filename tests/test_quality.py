"""The quality bar of the model-free checks, measured as `auditor eval` measures it, on every
fixture with gold annotations (and every clean fixture)."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import ROOT as _ROOT, run_set  # noqa: E402

pytestmark = pytest.mark.slow    # audits every fixture with gold annotations


@pytest.fixture(scope="module")
def measured():
    return run_set(_ROOT / "fixtures", embed=False)


def test_recall_and_precision_on_model_free_gold(measured):
    o = measured["report"]["overall"]
    assert o["gold"] >= 40
    assert o["recall"] >= 0.9, measured["report"]["missed"]
    assert o["precision"] >= 0.85, measured["report"]["unmatched"]


def test_clean_articles_raise_at_most_one_finding(measured):
    clean = [r for r in measured["rows"] if r[1] == "clean"]
    assert len(clean) >= 20
    assert max(r[4] for r in clean) <= 1, [r for r in clean if r[4] > 1]


def test_every_model_free_gold_item_of_the_seed_is_found(measured):
    seed = [r for r in measured["rows"] if r[0].startswith("voi-russia-us/")][0]
    gold = json.loads((ROOT / "fixtures/voi-russia-us/gold.json").read_text("utf-8"))
    need = [g for g in gold["findings"] if not g["needs_mt"]]
    assert seed[2] == len(need) and seed[3] == len(need)
