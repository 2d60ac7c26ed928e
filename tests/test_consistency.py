"""AUD503 inconsistent-rendering: one Indonesian term rendered with different meanings in one article.

Where the check's logic needs a known back-translation, it is injected through the evidence
interface (`InjectedBackTranslation`, a test double from test_evidence_spans); where it needs a
known word alignment, a test double aligner fills the `word_alignment` evidence through
auditor.evidence.wordalign. The reverse model's cross-attention itself runs on the tiny model.
"""
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED
from test_evidence_spans import InjectedBackTranslation, seed_double
from auditor.checks.base import Context
from auditor.checks.consistency import InconsistentRendering
from auditor.evidence.wordalign import reverse_aligner, word_alignment_evidence
from auditor.pipeline import AuditOptions, audit_files, audit_texts
from auditor.report.json_report import to_dict

CODE = ["AUD503"]


def lines(path):
    return [l for l in Path(path).read_text("utf-8").splitlines() if l.strip()]


def fx(name, lang):
    return FIXTURES / name / "source.id.txt", FIXTURES / name / f"translation.{lang}.txt"


def bt_double(name, lang, **changes):
    """TEST DOUBLE: back-translation = the aligned source line, with (old, new) replaced on given lines."""
    src, tgt = (lines(p) for p in fx(name, lang))
    table = {t: s for t, s in zip(tgt, src)}
    for n, (old, new) in changes.items():
        k = int(n[1:]) - 1
        assert old in src[k]
        table[tgt[k]] = src[k].replace(old, new)
    return InjectedBackTranslation(table)


def audit(name, lang, back=None, **kw):
    s, t = fx(name, lang)
    return audit_files(str(s), str(t), AuditOptions(tgt_lang=lang, embed=False, select=kw.pop("select", CODE), **kw),
                       back_translator=back)


def flagged(r):
    return [(f.code, f.category, f.severity, r.translation.raw[f.span.start:f.span.end]) for f in r.findings]


PEMERASAN_BT = dict(l3=("Kasus pemerasan", "Kasus penindasan"), l8=("menangani pemerasan", "menangani penistaan"))


@pytest.mark.parametrize("lang,renderings", [
    ("fr", ["répression", "extorsion", "blasphème"]),
    ("en", ["oppression", "extortion", "blasphemy"]),
])
def test_term_rendered_three_ways_is_one_finding_listing_every_place(lang, renderings):
    name = f"consist-faulty-{lang}-pemerasan"
    r = audit(name, lang, bt_double(name, lang, **PEMERASAN_BT))
    assert flagged(r) == [("AUD503", "terminology", "major", renderings[0])]
    f = r.findings[0]
    assert r.translation.line_col(f.span.start)[0] == 3
    assert f.message.startswith(f"“pemerasan” rendered as “{renderings[0]}” (l.3), “{renderings[1]}” (l.5), "
                                f"“{renderings[2]}” (l.8)")
    assert f.suggestion == renderings[1]
    places = f.evidence["places"]
    assert [(p["text"], p["line"], p["deviating"]) for p in places] == [
        (renderings[0], 3, True), (renderings[1], 5, False), (renderings[2], 8, True)]
    # every place points at its text in the file, with line and column
    raw = r.translation.raw
    for p in places:
        assert raw[p["start"]:p["end"]] == p["text"]
        assert r.translation.line_col(p["start"]) == (p["line"], p["column"])
    assert places[0]["back_translation_words"] == "penindasan" and places[1]["back_translation_kept_term"] is True
    # the JSON report carries the places; the terminal report lists them under the finding
    jf = to_dict(r)["findings"][0]
    assert jf["text"] == renderings[0] and len(jf["evidence"]["places"]) == 3


def test_the_same_article_without_models_raises_nothing():
    # 'pemerasan' has a single sense in the table: without a back-translation nothing tells the
    # renderings apart, and the check stays silent
    for lang in ("fr", "en"):
        assert audit(f"consist-faulty-{lang}-pemerasan", lang).findings == []


def test_a_perfect_back_translation_raises_nothing():
    name = "consist-faulty-fr-pemerasan"
    assert audit(name, "fr", bt_double(name, "fr")).findings == []


def test_two_senses_of_the_table_are_reported_without_any_model():
    r = audit("consist-faulty-en-tersangka", "en")
    assert flagged(r) == [("AUD503", "terminology", "major", "defendant")]
    f = r.findings[0]
    assert r.translation.line_col(f.span.start)[0] == 3
    assert f.message == ("“tersangka” rendered as “suspect” (l.1, l.2, l.4), “defendant” (l.3): "
                         "different senses (accused, suspect)")
    assert f.suggestion == "suspect" and f.confidence == 0.7
    assert [p["line"] for p in f.evidence["places"]] == [1, 2, 3, 4]

    r = audit("consist-faulty-fr-kabupaten", "fr")
    assert flagged(r) == [("AUD503", "terminology", "minor", "district")]
    f = r.findings[0]
    assert r.translation.line_col(f.span.start)[0] == 3
    assert "“régence” (l.1, l.2), “district” (l.3, l.4)" in f.message and f.suggestion == "régence"


def test_sense_word_explained_by_another_source_word_does_not_count():
    # 'district' in a sentence whose source also says 'kecamatan' may render that word
    src = ("Gempa merusak 57 rumah di Kabupaten Cianjur, Jawa Barat.\n"
           "Sebagian besar rumah yang rusak berada di Kecamatan Cugenang, Kabupaten Cianjur.\n")
    tgt = ("Le séisme a endommagé 57 maisons dans la régence de Cianjur, à Java-Ouest.\n"
           "La plupart des maisons endommagées se trouvent dans le district de Cugenang, régence de Cianjur.\n")
    assert audit_texts(src, tgt, tgt_lang="fr", select=CODE, embed=False).findings == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_consistent_renderings_inflections_and_pronouns_raise_nothing(lang):
    name = f"consist-clean-{lang}-timah"
    assert audit(name, lang).findings == []
    # the back-translation paraphrases: a pronoun for 'kedua tersangka' (l.5), 'berkas' for 'dokumen' (l.6,
    # rendered 'document' where l.4 has 'documents': an inflection)
    back = bt_double(name, lang, l5=("Kedua tersangka ditahan", "Mereka ditahan"),
                     l6=("Setiap dokumen", "Setiap berkas"))
    r = audit(name, lang, back)
    assert r.findings == [] and r.errors == []


def test_inflected_rendering_lost_by_the_back_translation_is_not_an_inconsistency():
    name = "consist-faulty-fr-pemerasan"
    s, t = fx(name, "fr")
    tgt = t.read_text("utf-8").replace("répression", "extorsion").replace("le blasphème", "les extorsions")
    back = bt_double(name, "fr", **PEMERASAN_BT)
    back.table = {k.replace("répression", "extorsion").replace("le blasphème", "les extorsions"): v
                  for k, v in back.table.items()}
    r = audit_texts(s.read_text("utf-8"), tgt, tgt_lang="fr", select=CODE, embed=False, back_translator=back)
    assert r.findings == []


def test_glossary_alternatives_are_synonyms_by_design(tmp_path):
    # l.7 says 'marchands' where every other line says 'commerçants', and its back-translation
    # lost 'pedagang': an inconsistency, unless the user's glossary allows both renderings
    name = "consist-faulty-fr-pemerasan"
    s, t = fx(name, "fr")
    tgt = t.read_text("utf-8").replace("Ade Ary a demandé aux commerçants", "Ade Ary a demandé aux marchands")
    back = bt_double(name, "fr", l7=("meminta pedagang", "meminta penjual"))
    back.table = {k.replace("aux commerçants", "aux marchands"): v for k, v in back.table.items()}
    r = audit_texts(s.read_text("utf-8"), tgt, tgt_lang="fr", select=CODE, embed=False, back_translator=back)
    assert [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings] == [("AUD503", "marchands")]
    assert r.findings[0].message.startswith("“pedagang” rendered as “commerçants” (l.1, l.2, l.3, l.4, l.6), "
                                            "“marchands” (l.7)")
    g = tmp_path / "g.csv"
    g.write_text("source,target\npedagang,commerçant|marchand\n", "utf-8")
    r = audit_texts(s.read_text("utf-8"), tgt, tgt_lang="fr", select=CODE, embed=False, back_translator=back,
                    extra={"glossaries": [str(g)]})
    assert r.findings == []


def test_clean_fixtures_and_the_seed_raise_nothing():
    names = sorted(p.parent.name for p in FIXTURES.glob("*clean*/source.id.txt")) + ["voi-russia-us"]
    assert len(names) >= 20
    for name in names:
        for t in sorted((FIXTURES / name).glob("translation.*.txt")):
            lang = t.name.split(".")[1]
            r = audit(name, lang)
            assert r.findings == [], (name, lang, [f.message for f in r.findings])
            # with a back-translation equal to the source (nothing lost), too
            back = InjectedBackTranslation(dict(zip(lines(t), lines(FIXTURES / name / "source.id.txt"))))
            assert audit(name, lang, back).findings == [], (name, lang)


def test_seed_with_paraphrasing_back_translations_raises_nothing():
    src = lines(SEED / "source.id.txt")
    r = audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"),
                    AuditOptions(select=CODE, embed=False),
                    back_translator=seed_double(
                        l4=src[3].replace("dalam pernyataan di situs web", "dalam komunike di situs web"),
                        l6=src[5].replace("Pernyataan itu", "Deklarasi itu")))
    assert r.findings == [] and r.errors == []


# ------------------------------------------------------------------ word alignment (reverse model)

class InjectedAligner:
    """TEST DOUBLE for the reverse model's cross-attention: each translation word is linked to the
    source word given for it in `links` (by text), else to the source word at the same relative
    place (moved past the source words of `links`)."""
    name = "injected word alignment (test double)"

    def __init__(self, links):
        self.links = links

    def project(self, sources, translations):
        out = []
        for s, t in zip(sources, translations):
            sw = [m.group() for m in re.finditer(r"\d+(?:[.,:]\d+)*|\w+(?:[-'’]\w+)*", s)]
            tw = [m.group() for m in re.finditer(r"\d+(?:[.,:]\d+)*|\w+(?:[-'’]\w+)*", t)]
            linked = {sw.index(v) for v in self.links.values() if v in sw}
            row = []
            for j, w in enumerate(tw):
                if w in self.links and self.links[w] in sw:
                    row.append(sw.index(self.links[w]))
                else:   # anything else: the source word at the same relative place, never a linked one
                    k = min(len(sw) - 1, round(j * len(sw) / max(1, len(tw))))
                    while k in linked and k + 1 < len(sw):
                        k += 1
                    row.append(k)
            out.append(row)
        return out


def _with_word_alignment(r, aligner):
    ev = dict(r.evidence)
    src_by_id = {s.id: s for s in r.source.sentences}
    tgt_by_id = {s.id: s for s in r.translation.sentences}
    assert word_alignment_evidence(r.alignment, src_by_id, tgt_by_id, ev, aligner)
    return Context(source=r.source, translation=r.translation, src_lang="id", tgt_lang=r.translation.lang,
                   alignment=r.alignment, evidence=ev, options={}, available=frozenset({"back_translation"}))


def test_word_alignment_places_the_renderings():
    name = "consist-faulty-fr-pemerasan"
    r = audit(name, "fr", bt_double(name, "fr", **PEMERASAN_BT))
    aligner = InjectedAligner({"répression": "pemerasan", "l’extorsion": "pemerasan", "blasphème": "pemerasan"})
    ctx = _with_word_alignment(r, aligner)
    found = list(InconsistentRendering().run(ctx))
    assert len(found) == 1
    f = found[0]
    assert r.translation.raw[f.span.start:f.span.end] == "répression"
    assert [p["rendering_from"] for p in f.evidence["places"]] == ["word-alignment"] * 3
    assert f.confidence > r.findings[0].confidence    # attention placement is stronger evidence


def test_word_alignment_on_a_pronoun_is_not_a_rendering():
    name = "consist-clean-fr-timah"
    r = audit(name, "fr", bt_double(name, "fr", l5=("Kedua tersangka ditahan", "Mereka ditahan")))
    ctx = _with_word_alignment(r, InjectedAligner({"Ils": "tersangka", "suspects": "tersangka"}))
    assert list(InconsistentRendering().run(ctx)) == []


def test_reverse_model_cross_attention_gives_word_links(tiny_model, tmp_path):
    from auditor.evidence.cache import Cache
    from auditor.evidence.forced import LogProbScorer
    from auditor.evidence.mt import DecodeParams, HFTranslator

    tr = HFTranslator(str(tiny_model), "id", "fr", DecodeParams(beam_size=1, max_length=32))
    reverse = LogProbScorer(tr, Cache(tmp_path))
    src = "Kasus pemerasan ini terungkap setelah seorang pedagang melapor."
    tgt = "Cette affaire d’extorsion a été découverte après la plainte d’un commerçant."
    r = audit_texts(src, tgt, tgt_lang="fr", select=CODE, embed=False)
    ev = dict(r.evidence)
    aligner = reverse_aligner(reverse, Cache(tmp_path))
    assert word_alignment_evidence(r.alignment, {s.id: s for s in r.source.sentences},
                                   {s.id: s for s in r.translation.sentences}, ev, aligner)
    wa = ev[r.translation.sentences[0].id].extra["word_alignment"]
    assert wa["method"] == "reverse-attention" and wa["source"] == src
    words = re.findall(r"\w+(?:[-'’]\w+)*", tgt)
    assert len(wa["links"]) == len(words)
    for ts, te, ss, se in wa["links"]:
        assert 0 <= ts < te <= len(tgt) and 0 <= ss < se <= len(src)
    # cached: a second projector over the same cache computes nothing
    again = reverse_aligner(LogProbScorer(tr, Cache(tmp_path)), Cache(tmp_path))
    again.project([src], [tgt])
    assert again.stats["cached"] == 1 and again.stats["computed"] == 0


def test_garbage_model_evidence_raises_nothing(tiny_model, tmp_path):
    """The tiny model's back-translations and attention are random: the check must see that the
    back-translation is too far from the source to say anything, and stay silent."""
    from auditor.evidence.cache import Cache
    from auditor.evidence.forced import LogProbScorer
    from auditor.evidence.mt import BackTranslationChain, DecodeParams, HFTranslator

    name = "consist-faulty-fr-pemerasan"
    back = BackTranslationChain([HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=48))],
                                "fr-id", Cache(tmp_path))
    r = audit(name, "fr", back, reverse_model=str(tiny_model), cache=Cache(tmp_path))
    assert r.errors == [] and r.findings == []
    reverse = LogProbScorer(HFTranslator(str(tiny_model), "id", "fr", DecodeParams(beam_size=1, max_length=48)),
                            Cache(tmp_path))
    ctx = _with_word_alignment(r, reverse_aligner(reverse, Cache(tmp_path)))
    assert list(InconsistentRendering().run(ctx)) == []


def test_sarif_points_at_every_place_of_an_inconsistent_term(capsys, monkeypatch):
    """Code-scanning tools show a multi-place finding's other places as related locations."""
    import json as _json
    import sys as _sys
    from auditor_cli.main import main
    d = FIXTURES / "consist-faulty-en-tersangka"
    monkeypatch.setattr(_sys, "argv", ["auditor", "audit", str(d / "translation.en.txt"), "--source",
                                       str(d / "source.id.txt"), "--no-mt", "--no-embed", "-f", "sarif",
                                       "--select", "AUD503"])
    with pytest.raises(SystemExit):
        main()
    res = _json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert len(res) == 1
    raw = (d / "translation.en.txt").read_text("utf-8")
    rel = res[0]["relatedLocations"]
    assert [r["message"]["text"] for r in rel].count("suspect") >= 2 and "defendant" in [r["message"]["text"] for r in rel]
    for r in rel:
        reg = r["physicalLocation"]["region"]
        assert raw[reg["charOffset"]:reg["charOffset"] + reg["charLength"]].lower() == r["message"]["text"].lower()


def test_a_calque_that_round_trips_is_no_reference_against_a_real_translation():
    """'massa' (a crowd) rendered twice as the calque 'masses', which comes back as 'massa', and
    once as 'crowd', which comes back as 'kerumunan': the calque is no evidence that 'crowd' is
    the odd one out."""
    src = ("Massa berkumpul di depan kantor bupati sejak pagi.\n"
           "Polisi meminta massa membubarkan diri.\n"
           "Menjelang sore, massa akhirnya bergerak ke alun-alun.\n")
    tgt = ("The masses gathered in front of the regent's office in the morning.\n"
           "Police asked the masses to disperse.\n"
           "Towards the evening, the crowd finally moved to the town square.\n")
    back = InjectedBackTranslation({
        "The masses gathered in front of the regent's office in the morning.":
            "Massa berkumpul di depan kantor bupati pada pagi hari.",
        "Police asked the masses to disperse.": "Polisi meminta massa untuk membubarkan diri.",
        "Towards the evening, the crowd finally moved to the town square.":
            "Menjelang sore, kerumunan akhirnya bergerak ke alun-alun kota.",
    })
    r = audit_texts(src, tgt, tgt_lang="en", select=CODE, embed=False, back_translator=back)
    assert [f for f in r.findings if f.severity != "info"] == []


def test_a_lexical_placement_the_dictionary_does_not_confirm_is_a_guess():
    """AUD503 counts a rendering placed by projecting back-translation words lexically only where the
    bilingual lexicon links it to the term or to the back-translation's word; otherwise it is shown
    as info (the place is a guess)."""
    from auditor.checks import _bilingual as bl
    from auditor.checks.consistency import _unlinked
    if bl.get("fr") is None or bl.get("en") is None:
        pytest.skip("FreeDict lexicons not installed")
    assert _unlinked(["rumah"], "house", "en") is False
    assert _unlinked(["rumah"], "une maison", "fr") is False
    assert _unlinked(["rumah"], "aucune", "fr") is True
    # a word the lexicon does not know: nothing to judge by
    assert _unlinked(["xyzq"], "maison", "fr") is False
