"""The auditor score (docs/scores.md): one sentence score and one article score in [0, 100],
with a sacrebleu-style signature that says which components were present."""
import json
from functools import lru_cache

import pytest

from conftest import FIXTURES, SEED
from auditor.evidence.cache import Cache
from auditor.evidence.mt import BackTranslationChain, DecodeParams, HFTranslator
from auditor.pipeline import AuditOptions, audit_files, audit_texts
from auditor.report import render
from auditor.report.json_report import to_dict
from auditor.score import combine, score_signature, sentence_components


@lru_cache(maxsize=None)
def _seed(embed, ignore):
    return audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"),
                       AuditOptions(embed=embed, ignore=list(ignore)))


def seed(embed, ignore=()):
    """The seed audited once per set of options in this module (results are not modified by tests)."""
    return _seed(embed, tuple(ignore))


def sentence_scores(r):
    return {s["id"]: s["score"] for s in to_dict(r)["segments"] if s["side"] == "translation" and "score" in s}


def test_components_map_to_unit_range_and_weights_renormalise_over_those_present():
    cal = {"chance": 0.81, "match": 0.90}
    c = sentence_components(chrf=90.0, cosine=0.70, calibration=cal, logprob_means=[-0.2, -8.0],
                            penalty_points=5.0)
    assert c == {"chrf": 1.0, "sim": 0.0, "lp": pytest.approx(0.38), "pen": pytest.approx(2 / 3, abs=1e-4)}
    assert sentence_components() == {"pen": 1.0}
    assert combine({"pen": 1.0}) == 100.0
    assert combine({"pen": 0.0}) == 0.0
    # sim 0.2 and pen 0.4: (0.2 * 0.5 + 0.4 * 1.0) / 0.6
    assert combine({"sim": 0.5, "pen": 1.0}) == pytest.approx(83.33, abs=0.01)
    # an unaligned translation sentence has similarity 0 when similarity is computed at all
    assert sentence_components(cosine=0.95, calibration=cal, unaligned=True)["sim"] == 0.0


def test_signature_names_the_components_present():
    no_model = seed(embed=False)
    sig = no_model.signature["score"]
    assert sig.startswith("auditor-score:1|chrf:w0.2|sim:none:w0.2|lp:w0.2|pen:mqm:w0.4|words:ws|present:pen|version:")
    sc = no_model.scores["score"]
    assert sc["present"] == ["pen"] and "penalties only" in sc["note"] and sc["signature"] == sig
    with_sim = seed(embed=True)
    sig2 = with_sim.signature["score"]
    assert "|sim:e5-small-q4:w0.2|" in sig2 and "|present:sim+pen|" in sig2 and sig2 != sig
    assert "note" not in with_sim.scores["score"]
    assert score_signature(["pen", "chrf"]) != score_signature(["pen"])
    # in the JSON contract (score and signature) and the terminal header (the score and what it is made
    # of; the signature, a 100-character token, stays in the JSON: the report ends on its verdict)
    d = json.loads(render(with_sim, "json"))
    assert d["signature"]["score"] == sig2 and d["scores"]["score"]["article"] == with_sim.scores["score"]["article"]
    text = render(with_sim, "text", width=160)
    assert f"score        {with_sim.scores['score']['article']:.1f}/100 (sim+pen)" in text
    assert "penalties only" in render(no_model, "text", width=160)


def test_each_sentence_carries_its_score_and_components_in_the_json():
    r = seed(embed=True)
    segs = [s for s in to_dict(r)["segments"] if s["side"] == "translation"]
    scored = [s for s in segs if "score" in s]
    assert len(scored) == 10          # the three boilerplate sentences are not scored
    for s in scored:
        sc = s["score"]
        assert 0.0 <= sc["score"] <= 100.0 and set(sc["components"]) == {"sim", "pen"}
        assert all(0.0 <= v <= 1.0 for v in sc["components"].values()) and sc["present"] == "sim+pen"
    assert 0.0 <= r.scores["score"]["article"] <= 100.0


def test_a_critical_finding_lowers_the_sentence_score():
    with_finding = sentence_scores(seed(embed=True))
    without = sentence_scores(seed(embed=True, ignore=["AUD501"]))
    # line 1: 'se réchauffent' for 'menghangat', critical
    assert with_finding["p1s1"]["penalty"] == 10.0 and without["p1s1"]["penalty"] == 0.0
    assert with_finding["p1s1"]["score"] < without["p1s1"]["score"] - 20
    assert with_finding["p2s1"] == without["p2s1"]


def test_a_replaced_paragraph_scores_lower_than_its_neighbours():
    r = audit_files(str(FIXTURES / "evidence-replaced-fr" / "source.id.txt"),
                    str(FIXTURES / "evidence-replaced-fr" / "translation.fr.txt"), AuditOptions(tgt_lang="fr"))
    by_line = {r.translation.line_col(s.start)[0]: sentence_scores(r)[s.id] for s in r.translation.sentences}
    assert by_line[5]["components"]["sim"] < 0.2
    assert by_line[5]["score"] < min(by_line[4]["score"], by_line[6]["score"]) - 30
    # without the penalty of its finding, on similarity alone, too
    assert by_line[5]["components"]["sim"] < min(by_line[4]["components"]["sim"], by_line[6]["components"]["sim"])


def test_source_text_missing_from_the_translation_lowers_the_article_score():
    r = audit_files(str(FIXTURES / "evidence-dropped-en" / "source.id.txt"),
                    str(FIXTURES / "evidence-dropped-en" / "translation.en.txt"), AuditOptions(tgt_lang="en"))
    sc = r.scores["score"]
    assert sc["omitted_source_sentences"] and all(o["score"] == 0.0 for o in sc["omitted_source_sentences"])
    translated = [v["score"] for v in sentence_scores(r).values()]
    assert sc["article"] < min(95.0, sum(translated) / len(translated))
    # the AUD002 finding is counted once, by the missing sentences, not also on the sentence it sits on
    anchor = next(f.segment for f in r.findings if f.code == "AUD002")
    assert sentence_scores(r)[anchor]["penalty"] == 0.0


def test_scores_are_deterministic():
    a = seed(embed=True)
    b = audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"), AuditOptions(embed=True))
    assert a.scores["score"] == b.scores["score"] and sentence_scores(a) == sentence_scores(b)


def test_with_the_tiny_model_chrf_and_logprob_components_are_present_and_in_range(tiny_model, tmp_path):
    src = ("Presiden Joko Widodo meresmikan 12 bendungan di Jawa Barat pada 2023.\n"
           "Menteri Keuangan Sri Mulyani Indrawati mengumumkan defisit 2,29 persen.\n")
    tgt = ("Le président Joko Widodo a inauguré 12 barrages dans l’ouest de Java en 2023.\n"
           "La ministre des Finances Sri Mulyani Indrawati a annoncé un déficit de 2,29 %.\n")
    tr = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=32))
    back = BackTranslationChain([tr], "fr-id", Cache(tmp_path))
    r = audit_texts(src, tgt, tgt_lang="fr", embed=False, back_translator=back,
                    reverse_model=str(tiny_model), cache=Cache(tmp_path))
    assert r.scores["score"]["present"] == ["chrf", "lp", "pen"]
    assert "|present:chrf+lp+pen|" in r.signature["score"]
    for sc in sentence_scores(r).values():
        assert set(sc["components"]) == {"chrf", "lp", "pen"}
        assert all(0.0 <= v <= 1.0 for v in sc["components"].values())
        assert 0.0 <= sc["score"] <= 100.0
