"""Evaluation against gold annotations: hand-computed precision, recall, F1 and character F1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.evaluate import evaluate, evaluate_many, format_table, locate_gold
from auditor.types import InputError

ROOT = Path(__file__).resolve().parent.parent

#       0123456789012345 / line 2 starts at 15
TEXT = "aaaa bbbb cccc\ndddd eeee\n"
GOLD = {"src_lang": "id", "tgt_lang": "fr", "findings": [
    {"line": 1, "span": "bbbb", "category": "nonword", "severity": "major", "needs_mt": False},          # [5,9)
    {"line": 2, "span": "eeee", "category": "untranslated", "severity": "minor", "needs_mt": False},     # [20,24)
    {"line": 1, "span": "cccc", "category": "mistranslation", "severity": "major", "needs_mt": True},    # [10,14)
]}


def F(cat, s, e, sev="major", code="AUD999"):
    return {"code": code, "category": cat, "severity": sev, "start": s, "end": e, "text": TEXT[s:e]}


RESULT = {"findings": [
    F("nonword", 5, 9),                     # f1: matches gold 1
    F("boilerplate", 18, 24, "minor"),      # f2: matches gold 2 (boilerplate counts as untranslated)
    F("casing", 0, 4, "minor"),             # f3: false
    F("mistranslation", 11, 13),            # f4: matches gold 3 (needs_mt)
    F("nonword", 10, 12),                   # f5: overlaps gold 3 but with another category
]}


def test_gold_located_by_line_and_span():
    gs = locate_gold(GOLD, TEXT)
    assert [(g.start, g.end, g.line) for g in gs] == [(5, 9, 1), (20, 24, 2), (10, 14, 1)]


def test_span_metrics_by_hand():
    rep = evaluate(RESULT, GOLD, TEXT)
    o = rep["overall"]
    assert (o["gold"], o["found"], o["findings"], o["matched"], o["ignored"]) == (3, 3, 5, 3, 0)
    assert o["recall"] == 1.0 and o["precision"] == pytest.approx(0.6) and o["f1"] == pytest.approx(0.75)
    a = rep["overall_any"]
    assert (a["found"], a["findings"], a["matched"]) == (3, 5, 4)
    assert a["precision"] == pytest.approx(0.8) and a["f1"] == pytest.approx(2 * 0.8 / 1.8)
    c = rep["by_category"]
    assert (c["nonword"]["findings"], c["nonword"]["matched"], c["nonword"]["precision"]) == (2, 1, 0.5)
    assert c["untranslated"]["recall"] == 1.0 and c["untranslated"]["precision"] == 1.0
    assert "boilerplate" not in c
    assert c["casing"]["precision"] == 0.0 and c["casing"]["recall"] is None and c["casing"]["f1"] is None
    assert rep["missed"] == []
    assert [(u["category"], u["text"], u["line"]) for u in rep["unmatched"]] == [
        ("casing", "aaaa", 1), ("nonword", "cc", 1)]
    assert rep["unmatched"][1]["overlaps_gold"] == ["mistranslation"]


def test_character_metrics_by_hand():
    ch = evaluate(RESULT, GOLD, TEXT)["char"]
    # gold chars: [5,9) [10,14) [20,24) = 12; predicted: [0,4) [5,9) [10,13) [18,24) = 17; overlap 4+3+4 = 11
    assert (ch["gold"], ch["predicted"], ch["overlap"]) == (12, 17, 11)
    assert ch["precision"] == pytest.approx(11 / 17) and ch["recall"] == pytest.approx(11 / 12)
    assert ch["f1"] == pytest.approx(22 / 29)
    major, minor = ch["by_severity"]["major"], ch["by_severity"]["minor"]
    assert (major["gold"], major["predicted"], major["overlap"]) == (8, 7, 7)
    assert (minor["gold"], minor["predicted"], minor["overlap"]) == (4, 10, 4)
    assert minor["precision"] == pytest.approx(0.4)
    assert "critical" not in ch["by_severity"]


def test_no_mt_only_turns_mt_gold_into_dont_care():
    rep = evaluate(RESULT, GOLD, TEXT, no_mt_only=True)
    o, a = rep["overall"], rep["overall_any"]
    # f4 (same category as the excluded gold item) is ignored; f5 is still false in the same-category view
    assert (o["gold"], o["found"], o["findings"], o["matched"], o["ignored"]) == (2, 2, 4, 2, 1)
    assert o["precision"] == 0.5 and o["f1"] == pytest.approx(2 / 3)
    assert (a["findings"], a["matched"], a["ignored"]) == (3, 2, 2)
    assert a["f1"] == pytest.approx(0.8)
    ch = rep["char"]
    assert (ch["gold"], ch["predicted"], ch["overlap"]) == (8, 14, 8)
    assert ch["f1"] == pytest.approx(8 / 11)


def test_skip_category():
    rep = evaluate(RESULT, GOLD, TEXT, skip_categories=["nonword"])
    o = rep["overall"]
    assert (o["gold"], o["found"], o["findings"], o["matched"]) == (2, 2, 3, 2)
    assert "nonword" not in rep["by_category"]


def test_missed_items_say_what_found_them():
    res = {"findings": [F("typography", 6, 8)]}
    rep = evaluate(res, GOLD, TEXT, no_mt_only=True)
    assert rep["overall"]["recall"] == 0.0 and rep["overall_any"]["recall"] == 0.5
    assert [(m["span"], m["found_as"]) for m in rep["missed"]] == [("bbbb", ["typography"]), ("eeee", [])]


def test_boilerplate_finding_outside_gold_is_false():
    gold = {"findings": [{"line": 2, "span": "dddd eeee", "category": "untranslated", "severity": "minor"}]}
    res = {"findings": [F("boilerplate", 15, 24, "info"), F("boilerplate", 0, 4, "info")]}
    rep = evaluate(res, gold, TEXT)
    assert rep["by_category"]["untranslated"]["matched"] == 1
    assert rep["overall"]["precision"] == 0.5
    assert rep["unmatched"][0]["category"] == "boilerplate"
    # and min_severity drops info findings altogether
    rep = evaluate(res, gold, TEXT, min_severity="minor")
    assert rep["overall"]["findings"] == 0 and rep["overall"]["precision"] is None


def test_offsets_occurrence_crlf_and_errors():
    text = "ab ab\r\ncd ab\r\n"
    gold = {"findings": [
        {"line": 1, "span": "ab", "occurrence": 2, "category": "duplication"},
        {"line": 2, "span": "ab", "category": "duplication"},
        {"start": 7, "end": 9, "category": "nonword"},
    ]}
    gs = locate_gold(gold, text)
    assert [(g.start, g.end, g.line, g.span) for g in gs] == [(3, 5, 1, "ab"), (10, 12, 2, "ab"), (7, 9, 2, "cd")]
    with pytest.raises(InputError, match="not found on line 1"):
        locate_gold({"findings": [{"line": 1, "span": "zz", "category": "nonword"}]}, text)
    with pytest.raises(InputError, match="not a line"):
        locate_gold({"findings": [{"line": 9, "span": "ab", "category": "nonword"}]}, text)
    with pytest.raises(InputError, match="list \"findings\""):
        evaluate({"nope": []}, gold, text)


def test_offset_mismatch_reported():
    res = {"findings": [{"category": "nonword", "start": 5, "end": 9, "text": "bbb "}]}
    rep = evaluate(res, GOLD, TEXT)
    assert rep["offset_mismatches"] == [{"index": 0, "code": "", "start": 5, "end": 9, "text": "bbb ",
                                         "at_offsets": "bbbb"}]


def test_nothing_to_compare_is_undefined_not_perfect():
    rep = evaluate({"findings": []}, {"findings": []}, TEXT)
    assert rep["overall"]["precision"] is None and rep["overall"]["recall"] is None
    assert rep["char"]["f1"] is None


def test_evaluate_many_is_micro_averaged():
    text = "one two three\n"
    g1 = {"findings": [{"line": 1, "span": "one", "category": "nonword"},
                       {"line": 1, "span": "three", "category": "number"}]}
    r1 = {"findings": [{"category": "nonword", "start": 0, "end": 3}]}
    g2 = {"findings": []}
    r2 = {"findings": [{"category": "casing", "start": 4, "end": 7}, {"category": "casing", "start": 8, "end": 13}]}
    rep = evaluate_many([("a", r1, g1, text), ("b", r2, g2, text)])
    o = rep["overall"]
    assert (o["gold"], o["found"], o["findings"], o["matched"]) == (2, 1, 3, 1)
    assert o["precision"] == pytest.approx(1 / 3) and o["recall"] == 0.5 and o["f1"] == pytest.approx(0.4)
    # characters: gold 3+5, predicted 3 + 3+5, overlap 3 (the "three" of b has no gold there)
    assert (rep["char"]["gold"], rep["char"]["predicted"], rep["char"]["overlap"]) == (8, 11, 3)
    assert [f["fixture"] for f in rep["fixtures"]] == ["a", "b"]
    assert {u["fixture"] for u in rep["unmatched"]} == {"b"}
    assert rep["missed"][0]["fixture"] == "a"
    # reports made earlier can be combined too
    again = evaluate_many([("a", evaluate(r1, g1, text)), evaluate(r2, g2, text)])
    assert again["overall"] == rep["overall"]


def test_format_table():
    table = format_table(evaluate(RESULT, GOLD, TEXT, no_mt_only=True))
    lines = table.splitlines()
    assert lines[0].split() == ["category", "gold", "found", "recall", "finds", "match", "ignor", "prec", "F1"]
    casing = next(ln for ln in lines if ln.startswith("casing"))
    assert casing.split() == ["casing", "0", "0", "-", "1", "0", "0", "0.000", "-"]
    assert any(ln.startswith("all (same cat.)") and ln.split()[-1] == "0.667" for ln in lines)
    assert "characters: gold 8, predicted 14, overlap 8" in table
    assert "findings matching no gold item:" in table and "\u201caaaa\u201d" in table


@pytest.mark.slow      # audits the seed article
def test_seed_evaluation_of_an_audit_result():
    """evaluate() also takes an AuditResult; on the seed the risky-term check finds all three
    gold mistranslations that need no model, and nothing else."""
    from auditor.pipeline import AuditOptions, audit_files
    d = ROOT / "fixtures" / "voi-russia-us"
    r = audit_files(str(d / "source.id.txt"), str(d / "translation.fr.txt"), AuditOptions(select=["AUD501"]))
    gold = json.loads((d / "gold.json").read_text("utf-8"))
    rep = evaluate(r, gold, r.translation.raw, no_mt_only=True)
    m = rep["by_category"]["mistranslation"]
    assert (m["gold"], m["found"], m["findings"], m["matched"]) == (3, 3, 3, 3)
    assert rep["offset_mismatches"] == []


def test_signatures_are_whole_in_a_fresh_process():
    """sacrebleu learns the number of references on its first score: a process that asks for a
    signature first (a one-sentence article, a fresh feed worker) must still get nrefs:1."""
    import subprocess
    import sys
    code = ("from auditor.score import chrf_signature, bleu_signature, corpus_signature_for\n"
            "print(chrf_signature()); print(bleu_signature()); print(corpus_signature_for('bleu'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert len(lines) == 3 and all(l.startswith("nrefs:1|") for l in lines), out
    assert "nc:6|nw:2" in lines[0] and "eff:yes" in lines[1] and "eff:no" in lines[2]
