"""The speaker passes, each alone: source, mentions, attributions, evidence, coreference, fixes.

Every name here is invented."""
from __future__ import annotations

import pytest

from auditor.checks.speaker import namegender
from auditor.checks.speaker.analysis import build
from auditor.checks.speaker.evidence import source_gender
from auditor.checks.speaker.fixes import swap_title
from auditor.checks.speaker.lexicon import lang_data
from auditor.checks.speaker.model import Article
from auditor.checks.speaker.mentions import find_mentions
from auditor.checks.speaker.source import attributions, read_source
from auditor.pipeline import audit_texts
from auditor.reader import read_text
from auditor.segment import segment_document


def _doc(text: str, lang: str):
    d = read_text(text, path=f"x.{lang}.txt", fmt="txt")
    d.lang = lang
    segment_document(d, lang)
    return d


def _an(tgt: str, lang: str, src: str = ""):
    src = src or "\n".join(f"Kalimat {i}." for i in range(tgt.count("\n") + 1))
    return build(_doc(tgt, lang), _doc(src, "id"), lang)


def _attrs(an):
    return [(s.line, a.kind, s.text(a.t0, a.t1), a.resolved.name if a.resolved else None)
            for s in an.art.sents for a in s.attrs]


# ------------------------------------------------------------------ pass 0: the source

def test_source_attributions():
    got = attributions("s", '"Kami siap," kata juru bicara dinas, Sekar Ayuningrum, di Solo.')
    assert [(a.kind, sorted(a.speaker)) for a in got] == [("explicit", ["ayuningrum", "sekar"])]
    assert got[0].text == "kata Sekar Ayuningrum"
    got = attributions("s", "Menurut Bayu Anggoro, Damar Prasetyo tidak hadir.")
    assert [sorted(a.speaker) for a in got] == [["anggoro", "bayu"]]      # the comma ends the speaker
    assert {"damar", "prasetyo"} <= got[0].names
    got = attributions("s", "Kepala dinas, Bayu Anggoro, mengatakan jalan itu rusak.")
    assert sorted(got[0].speaker) == ["anggoro", "bayu", "kepala"] or sorted(got[0].speaker) == ["anggoro", "bayu"]
    assert [a.kind for a in attributions("s", '"Kami siap," ujarnya.')] == ["pronoun"]
    assert [a.kind for a in attributions("s", "Menurutnya, harga naik.")] == ["pronoun"]
    assert [a.kind for a in attributions("s", "Ia mengatakan harga naik.")] == ["pronoun"]
    # a person with a verb of their own is recorded as such
    got = attributions("s", "Wali Kota Bayu Anggoro meminta warga tenang, sementara Damar menyatakan dukungan.")
    assert "bayu" in got[0].subjects


def test_source_gender_evidence():
    info = read_source(_doc("Ibu Sekar Ayuningrum datang bersama Pak Bayu.\n"
                            "Pengusaha perempuan Lintang Kirana hadir. Damar, seorang pria, menolak.\n"
                            "Ratri, istri Bagas Wicaksono, ikut bicara.", "id"))
    assert info.honorifics["sekar"][0][:2] == ("f", "Ibu Sekar Ayuningrum")
    assert info.honorifics["bayu"][0][0] == "m"
    assert info.gender_words["lintang"][0][0] == "f"
    assert info.gender_words["damar"][0][0] == "m"
    assert info.gender_words["ratri"][0][0] == "f" and info.gender_words["bagas"][0][0] == "m"
    # "tim putri" is a women's team, not a statement about the name after it
    info = read_source(_doc("Tim voli putri Jawa Tengah menang.", "id"))
    assert "jawa" not in info.gender_words


# ------------------------------------------------------------------ pass 1: mentions

def test_titles_reach_their_name_across_complements_commas_and_parentheses():
    art = Article.read(_doc("La directrice du centre régional (BPBD), Sekar Ayuningrum, a déclaré que tout allait bien.\n"
                            "La présidente des affaires sociales, culturelles et sportives de la ville, Lintang Kirana, "
                            "a indiqué que le budget était prêt.", "fr"), "fr")
    find_mentions(art)
    named = {e.name: [x.text for x in e.evidence] for e in art.entities}
    assert named["Sekar Ayuningrum"] == ["La directrice"]
    assert named["Lintang Kirana"] == ["La présidente"]
    # the title's place is kept: a title that contradicts the source can itself be reported
    s, t0, t1, ev = art.entities[0].titles[0]
    assert s.text(t0, t1) == "La directrice"


# ------------------------------------------------------------------ pass 2: attributions

def test_french_forms():
    an = _an("« Nous sommes prêts », a déclaré la ministre Sekar Ayuningrum.\n"
             "Selon elle, les travaux commenceront en mai. Elle a ajouté que le budget était prêt.\n"
             "Bayu Anggoro, chef du district, estime que le calendrier est serré.", "fr")
    got = _attrs(an)
    assert (1, "explicit", "a déclaré la ministre Sekar Ayuningrum", "Sekar Ayuningrum") in got or \
        any(k == "explicit" and r == "Sekar Ayuningrum" for _, k, _, r in got)
    assert (2, "pronoun", "Selon elle", "Sekar Ayuningrum") in got
    assert (2, "pronoun", "Elle a ajouté", "Sekar Ayuningrum") in got
    assert any(k == "explicit" and t == "estime" and r == "Bayu Anggoro" for _, k, t, r in got)
    initial = [a.initial for s in an.art.sents for a in s.attrs if a.kind == "pronoun"]
    assert initial == [True, True]


def test_english_forms():
    an = _an("\"We are ready,\" said Sekar Ayuningrum, the minister.\n"
             "She noted that work would start in May, according to her office.\n"
             "\"It will be hard,\" he said in his statement.", "en")
    kinds = [(k, t) for _, k, t, _ in _attrs(an)]
    assert ("pronoun", "She noted") in kinds and ("pronoun", "he said") in kinds
    assert ("possessive", "his") in kinds


# ------------------------------------------------------------------ pass 3: evidence

def test_the_translation_never_decides_alone():
    an = _an("« Nous sommes prêts », a déclaré la porte-parole Zorya Velikan.\n« Merci », a-t-il ajouté.", "fr")
    e = next(e for e in an.art.entities if e.name == "Zorya Velikan")
    assert [x.kind for x in e.evidence] == ["title"]
    assert source_gender(e) is None


def test_source_honorific_decides_and_a_marked_title_needs_strong_evidence():
    src = '"Kami siap," kata juru bicara Pak Bayu Anggoro.\n"Terima kasih," sambungnya.'
    an = _an("« Nous sommes prêts », a déclaré la porte-parole Bayu Anggoro.\n« Merci », a-t-il ajouté.", "fr", src)
    e = next(e for e in an.art.entities if e.name == "Bayu Anggoro")
    assert source_gender(e) == "m"
    assert {x.kind for x in e.evidence if x.from_source} >= {"honorific"}


@pytest.mark.skipif(not namegender.available(), reason="indonamegender not installed")
def test_name_model_alone_does_not_overrule_a_feminine_title():
    # "Ade" is given to men and women; a model's guess must not override the translator's "la"
    src = "Bupati Ade Kusnadi ditahan."
    an = _an("La régente Ade Kusnadi a été placée en détention.", "fr", src)
    e = next(e for e in an.art.entities if e.name == "Ade Kusnadi")
    if any(x.kind == "name_model" and x.gender == "m" for x in e.evidence):
        assert source_gender(e) is None


@pytest.mark.skipif(not namegender.available(), reason="indonamegender not installed")
def test_name_model_runs_on_one_thread_with_the_same_answer_and_leaves_torchs_threads(monkeypatch):
    """The tiny name model is asked on one torch thread (on a busy two-core machine its thread
    pool made it 60 times slower), gives the answer it gives on two, and torch's setting is
    back as it was for the other users of torch in the process."""
    import torch
    real = namegender._predictor()
    seen = []

    class Recording:
        def predict(self, name):
            seen.append(torch.get_num_threads())
            return real.predict(name)

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        two = real.predict("Siti Rahmawati")
        monkeypatch.setattr(namegender, "_predictor", lambda: Recording())
        namegender.predict.cache_clear()
        assert namegender.predict("Siti Rahmawati") == ("f", float(two["confidence"]))
        assert seen == [1] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
        namegender.predict.cache_clear()


def test_degraded_without_the_name_model(monkeypatch):
    monkeypatch.setattr(namegender, "_predictor", lambda: None)
    monkeypatch.setitem(namegender._STATE, "note", "indonamegender not available: first-name lexicon only")
    namegender.predict.cache_clear()
    src = "Peneliti Lintang Kirana mengatakan harga naik.\nIa mencatat, permintaan meningkat."
    r = audit_texts(src, "Lintang Kirana, a researcher, said prices rose.\nHe noted that demand had risen.",
                    tgt_lang="en", select=["AUD601"])
    assert not r.errors and r.findings == []           # unknown gender stays silent
    assert any("AUD601 speaker-gender runs degraded" in n for n in r.notices)
    namegender.predict.cache_clear()


# ------------------------------------------------------------------ pass 4: coreference

def test_pronoun_chain_across_paragraphs_and_bodies():
    an = _an("La présidente de la commission, Sekar Ayuningrum, a indiqué que le texte était prêt.\n"
             "Le ministère serait le premier à l'appliquer.\n"
             "Selon elle, les décrets suivront. « Nous irons vite », a-t-il poursuivi.", "fr")
    got = _attrs(an)
    # "il" could be the ministry for "Selon elle"'s neighbour, but "Selon elle" carries the speaker on
    assert (3, "pronoun", "Selon elle", "Sekar Ayuningrum") in got
    assert (3, "pronoun", "a-t-il poursuivi", "Sekar Ayuningrum") in got


def test_subject_of_the_paragraph_is_the_quote_speaker():
    an = _an("« Le marché est fragile », a déclaré Sekar Ayuningrum. Par ailleurs, le chef des commerçants, "
             "Bayu Anggoro, a rejeté le projet. « Nous n'avons pas de place », a-t-elle déclaré.", "fr")
    assert _attrs(an)[-1][2:] == ("a-t-elle déclaré", "Bayu Anggoro")


def test_subject_named_in_another_paragraph_is_not_an_incise_speaker():
    an = _an("« Le dialogue reste ouvert », a déclaré la porte-parole Sekar Ayuningrum.\n"
             "La vice-présidente Lintang Kirana est arrivée à Jakarta mardi.\n"
             "« Nous répondrons », a-t-il ajouté.", "fr")
    assert _attrs(an)[-1][2:] == ("a-t-il ajouté", "Sekar Ayuningrum")


# ------------------------------------------------------------------ fixes

@pytest.mark.parametrize("lang,text,want", [
    ("fr", "la porte-parole", "le porte-parole"),
    ("fr", "La directrice générale", "Le directeur général"),
    ("fr", "la nouvelle présidente", "le nouveau président"),
    ("en", "spokeswoman", "spokesman"),
])
def test_swap_title(lang, text, want):
    art = Article.read(_doc(text + " X.", lang), lang)
    s = art.sents[0]
    n = len(text.split())
    assert swap_title(lang_data(lang), s, 0, n - 1) == want


def test_consistent_feminine_forms_overrule_weak_source_evidence():
    # only a second given name says "man" (weight 0.6); the translation says "elle" twice, a choice
    src = '"Kami siap," kata Lintang Bayu Setiawan.\n"Terima kasih," sambungnya. Menurutnya, semua lancar.'
    tgt = ("« Nous sommes prêts », a déclaré Lintang Bayu Setiawan.\n"
           "« Merci », a-t-elle ajouté. Selon elle, tout se passe bien.")
    r = audit_texts(src, tgt, tgt_lang="fr", select=["AUD601"])
    assert not r.errors and r.findings == []
    # one feminine form alone against the same evidence is reported
    r = audit_texts(src, "« Nous sommes prêts », a déclaré Lintang Bayu Setiawan.\n« Merci », a-t-elle ajouté.",
                    tgt_lang="fr", select=["AUD601"])
    assert [f.suggestion for f in r.findings] == ["a-t-il ajouté"]
