"""AUD602 wrong-speaker: the source's speaker against the speaker the translation gives the words.

Every name here is invented."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checks.base import load_all
from auditor.pipeline import AuditOptions, audit_files, audit_texts

FIX = Path(__file__).resolve().parent.parent / "fixtures"
FAULTY = [FIX / "speaker-fr-wrong-speaker", FIX / "speaker-en-wrong-speaker", FIX / "speaker-en-wrong-speaker-council",
          FIX / "speaker-fr-wrong-speaker-elsewhere", FIX / "speaker-en-wrong-speaker-elsewhere"]


def _flagged(r):
    return [(r.translation.line_col(f.span.start)[0], r.translation.raw[f.span.start:f.span.end])
            for f in r.findings if f.code == "AUD602"]


@pytest.mark.parametrize("d", FAULTY, ids=lambda p: p.name)
def test_fixture_spans(d):
    tgt = next(d.glob("translation.*.txt"))
    r = audit_files(str(d / "source.id.txt"), str(tgt), AuditOptions(select=["AUD602"]))
    assert not r.errors
    gold = json.loads((d / "gold.json").read_text("utf-8"))["findings"]
    assert sorted(_flagged(r)) == sorted((g["line"], g["span"]) for g in gold if g["category"] == "mistranslation")
    for f in r.findings:
        assert (f.category, f.severity) == ("mistranslation", "major")
        assert f.evidence["source_attribution"] and f.evidence["source"]


def test_according_to_a_turned_into_b_said():
    r = audit_texts("Menurut Bayu Anggoro, Damar Prasetyo tidak hadir dalam rapat.",
                    "Damar Prasetyo a dit que Bayu Anggoro n'était pas présent à la réunion.",
                    tgt_lang="fr", select=["AUD602"])
    assert _flagged(r) == [(1, "Damar Prasetyo a dit")]
    f = r.findings[0]
    assert "'Menurut Bayu Anggoro'" in f.message and f.evidence["translation_speaker"] == "Damar Prasetyo"


def test_right_speaker_and_unknowable_cases_are_silent():
    cases = [
        # the right speaker, with or without the title
        ("Menurut Bayu Anggoro, Damar Prasetyo tidak hadir.", "Selon Bayu Anggoro, Damar Prasetyo était absent.", "fr"),
        ('"Kami siap," kata Kepala Dinas, Bayu Anggoro, usai bertemu Damar Prasetyo.',
         '"We are ready," said the head of the office, Bayu Anggoro, after meeting Damar Prasetyo.', "en"),
        # a person with a verb of their own in the source ("meminta") may be a speaker in the translation
        ("Wali Kota Bayu Anggoro meminta warga tenang, sementara Damar Prasetyo menyatakan dukungannya.",
         "Le maire Bayu Anggoro a demandé aux habitants de rester calmes, tandis que Damar Prasetyo a déclaré son soutien.",
         "fr"),
        # the source attributes by pronoun only: nothing to compare
        ('"Kami siap," ujarnya kepada Damar Prasetyo.', '« Nous sommes prêts », a déclaré Damar Prasetyo.', "fr"),
        # a speaker the source sentence does not name
        ('"Kami siap," kata Bayu.', '« Nous sommes prêts », a déclaré Bayou.', "fr"),
    ]
    for src, tgt, lang in cases:
        r = audit_texts(src, tgt, tgt_lang=lang, select=["AUD602"])
        assert not r.errors and r.findings == [], (tgt, [f.message for f in r.findings])


def test_registered_with_an_explanation():
    info = load_all()["AUD602"].info
    assert (info.name, info.category, info.severity) == ("wrong-speaker", "mistranslation", "major")
    assert set(info.languages) == {"fr", "en"} and "menurut" in info.explanation.lower()


ELSEWHERE_SRC = (FIX / "speaker-fr-wrong-speaker-elsewhere" / "source.id.txt").read_text("utf-8")
ELSEWHERE_TGT = (FIX / "speaker-fr-wrong-speaker-elsewhere" / "translation.fr.txt").read_text("utf-8")


def test_speaker_named_elsewhere_is_wrong_only_against_a_source_speaker_of_the_translation():
    r = audit_texts(ELSEWHERE_SRC, ELSEWHERE_TGT, tgt_lang="fr", select=["AUD602"])
    assert _flagged(r) == [(3, "a déclaré Lukman")]
    f = r.findings[0]
    assert "kata Fransiska" in f.message and f.suggestion is None
    # the right speaker: silent
    ok = ELSEWHERE_TGT.replace("a déclaré Lukman.", "a déclaré Fransiska.")
    assert audit_texts(ELSEWHERE_SRC, ok, tgt_lang="fr", select=["AUD602"]).findings == []
    # the source speaker only as a title ("kata kepala dinas"): no person to compare with, silent
    src = ELSEWHERE_SRC.replace('," kata Fransiska.', '," kata kepala dinas.')
    assert src != ELSEWHERE_SRC
    assert audit_texts(src, ELSEWHERE_TGT, tgt_lang="fr", select=["AUD602"]).findings == []


def test_speaker_of_a_neighbouring_quote_may_be_an_alignment_slip():
    # Lukman is quoted in the next source sentence too, and its translation gives no speaker: the pairing
    # may have slipped, so nothing is said
    src = ELSEWHERE_SRC.replace("Menurut Lukman, pembangunan jalan akses akan selesai tahun depan.",
                                '"Jalan akses selesai tahun depan," kata Lukman.')
    tgt = ELSEWHERE_TGT.replace("Selon Lukman, la route d'accès sera achevée l'année prochaine.",
                                "« La route d'accès sera achevée l'année prochaine. »")
    assert audit_texts(src, tgt, tgt_lang="fr", select=["AUD602"]).findings == []
    # ... but where that next quote is translated and given to Lukman as well, his own words are there:
    # the first quote is Fransiska's, given to the wrong person
    tgt = ELSEWHERE_TGT.replace("Selon Lukman, la route d'accès sera achevée l'année prochaine.",
                                "« La route d'accès sera achevée l'année prochaine », a déclaré Lukman.")
    assert _flagged(audit_texts(src, tgt, tgt_lang="fr", select=["AUD602"])) == [(3, "a déclaré Lukman")]
