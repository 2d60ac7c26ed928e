"""AUD501 risky-term and AUD502 glossary: on the seed, on the evaluation fixtures, on small pairs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.glossary import Entry, builtin_risky_terms, load_glossary, load_risky_terms
from auditor.pipeline import AuditOptions, audit_files, audit_texts
from auditor.types import InputError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ALL_FIXTURES = sorted(p for p in FIXTURES.iterdir() if (p / "gold.json").is_file())
CLEAN = [p for p in ALL_FIXTURES if p.name.startswith("clean-")]


def _audit_fixture(d: Path, select=("AUD5",), **extra):
    tgt = next(d.glob("translation.*.txt"))
    return audit_files(str(d / "source.id.txt"), str(tgt), AuditOptions(select=list(select), extra=extra))


def _flagged(r, code=None):
    return [(r.translation.line_col(f.span.start)[0], r.translation.raw[f.span.start:f.span.end], f)
            for f in r.findings if code is None or f.code == code]


def _one(src: str, tgt: str, lang: str, **extra):
    r = audit_texts(src, tgt, tgt_lang=lang, select=["AUD5"], extra=extra)
    return [(r.translation.raw[f.span.start:f.span.end], f) for f in r.findings if f.code.startswith("AUD5")]


# --------------------------------------------------------------------------- AUD501 on the seed

def test_seed_risky_terms_found_with_gold_spans():
    d = FIXTURES / "voi-russia-us"
    r = _audit_fixture(d, select=["AUD501"])
    got = {(line, text): f for line, text, f in _flagged(r)}
    assert set(got) == {(1, "se réchauffent"), (7, "de gagner Donald Trump"), (9, "de gagner Trump")}
    heat = got[(1, "se réchauffent")]
    assert heat.category == "mistranslation" and heat.severity == "critical"
    assert heat.evidence["source_term"] == "menghangat"
    assert "se tendent" in heat.suggestion
    assert "menghangat" in heat.message and "worse" in heat.message
    win = got[(7, "de gagner Donald Trump")]
    assert win.severity == "major" and win.evidence["source_term"] == "memenangkan Donald Trump"
    assert win.suggestion == "faire gagner Donald Trump / favoriser la victoire de Donald Trump"


def test_seed_gold_mistranslations_without_mt_overlap_findings():
    d = FIXTURES / "voi-russia-us"
    gold = json.loads((d / "gold.json").read_text("utf-8"))
    r = _audit_fixture(d, select=["AUD501"])
    lines = r.translation.raw.splitlines()
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    for g in gold["findings"]:
        if g["category"] != "mistranslation" or g["needs_mt"]:
            continue
        s = starts[g["line"] - 1] + lines[g["line"] - 1].index(g["span"])
        e = s + len(g["span"])
        assert any(f.span.start < e and s < f.span.end and f.category == "mistranslation"
                   for f in r.findings), g["span"]


# --------------------------------------------------------------------------- AUD501 on the fixtures

@pytest.mark.parametrize("d", ALL_FIXTURES, ids=lambda p: p.name)
def test_fixture_risky_terms_match_gold_exactly(d):
    """Every AUD501 finding is a gold item of the same category, and every gold mistranslation
    that needs no model is found, with the exact gold span (or inside it)."""
    gold = json.loads((d / "gold.json").read_text("utf-8"))
    r = _audit_fixture(d, select=["AUD501"])
    flagged = _flagged(r)
    want = [(g["line"], g["span"]) for g in gold["findings"]
            if g["category"] == "mistranslation" and not g["needs_mt"] and g.get("kind") != "wrong-speaker"]
    for line, span in want:              # quotes given to the wrong person are AUD602's (test_wrong_speaker)
        assert any(fl == line and (text == span or text in span) for fl, text, _ in flagged), (line, span)
    for line, text, f in flagged:
        assert any(g["line"] == line and text in g["span"] and g["category"] == f.category
                   for g in gold["findings"]), (line, text)


@pytest.mark.parametrize("d", CLEAN, ids=lambda p: p.name)
def test_clean_fixtures_raise_nothing(d):
    r = _audit_fixture(d, glossaries=[_glossary_for_clean()])
    assert r.errors == []
    assert _flagged(r) == []


def _glossary_for_clean() -> Entry:
    # a glossary entry whose term occurs in the clean fixtures and is rendered as required
    return Entry(source="Bank Indonesia", targets=("Bank Indonesia",))


def test_faulty_fixture_findings_in_detail():
    r = _audit_fixture(FIXTURES / "faulty-nikel-en", select=["AUD501"])
    got = {(line, text): f for line, text, f in _flagged(r)}
    assert set(got) == {(1, "warming up"), (6, "Rarely")}
    assert got[(1, "warming up")].severity == "critical"
    assert got[(1, "warming up")].suggestion.startswith("heat up")
    assert got[(6, "Rarely")].evidence["source_term"] == "Tidak jarang"
    r = _audit_fixture(FIXTURES / "faulty-kpk-en", select=["AUD501"])
    got = {(line, text): f for line, text, f in _flagged(r)}
    assert set(got) == {(1, "hand catch"), (2, "secured"), (6, "had time to")}
    assert "arrested" in got[(2, "secured")].suggestion


# --------------------------------------------------------------------------- AUD501 on small pairs

@pytest.mark.parametrize("src,tgt,lang,expected", [
    # the trigger needs a person after "memenangkan"
    ("Prancis memenangkan Piala Dunia 2018 di Rusia.", "La France a gagné la Coupe du monde 2018 en Russie.", "fr", []),
    ("Dia berusaha memenangkan Trump dalam pemilu.", "Il a tenté de faire gagner Trump à l’élection.", "fr", []),
    ("Dia berusaha memenangkan Trump dalam pemilu.", "He tried to help Trump win the election.", "en", []),
    ("Dia berusaha memenangkan Trump dalam pemilu.", "He tried to win Trump in the election.", "en", ["to win Trump"]),
    # context words decide: temperatures may warm, relations may not
    ("Suhu udara di Jakarta memanas pada siang hari.", "The air temperature in Jakarta warms up at midday.", "en", []),
    ("Hubungan kedua negara memanas pekan ini.", "Relations between the two countries warmed up this week.", "en", ["warmed up"]),
    ("Hubungan kedua negara memanas pekan ini.", "Relations between the two countries heated up this week.", "en", []),
    # securing goods is right, securing people is an arrest
    ("Polisi mengamankan barang bukti berupa sepeda motor.", "Police secured evidence in the form of a motorcycle.", "en", []),
    ("Polisi mengamankan dua pelaku pencurian.", "La police a sécurisé deux auteurs du vol.", "fr", ["sécurisé"]),
    ("Polisi mengamankan dua pelaku pencurian.", "La police a interpellé deux auteurs du vol.", "fr", []),
    # a dropped negation, and a kept one
    ("Tidak jarang warga membuang sampah ke sungai.", "Il n’est pas rarement vu que...", "fr", []),
    ("Tidak jarang warga membuang sampah ke sungai.", "Les habitants jettent rarement leurs déchets dans la rivière.", "fr", ["rarement"]),
    # idioms
    ("Pedagang kecil itu akhirnya gulung tikar.", "The small trader finally rolled up the mat.", "en", ["rolled up the mat"]),
    ("Ia dijadikan kambing hitam oleh atasannya.", "Il a servi de bouc émissaire à ses supérieurs.", "fr", []),
    ("Ia dijadikan kambing hitam oleh atasannya.", "Il a servi de chèvre noire à ses supérieurs.", "fr", ["chèvre noire"]),
    # the bad rendering without the source term is nobody's business here
    ("Presiden meresmikan jembatan baru.", "The president opened the new bridge, warming up the crowd.", "en", []),
])
def test_small_pairs(src, tgt, lang, expected):
    assert [t for t, _ in _one(src, tgt, lang)] == expected


def test_untranslated_rendering_takes_its_category():
    got = _one("Sejumlah ormas menggelar aksi di depan gedung DPR.",
               "Several ormas held a protest in front of the DPR building.", "en")
    assert [(t, f.category, f.severity) for t, f in got] == [("ormas", "untranslated", "major")]
    assert "left untranslated" in got[0][1].message


def test_builtin_data_is_valid_and_documented():
    terms = builtin_risky_terms()
    assert len(terms) >= 20
    assert len({t.id for t in terms}) == len(terms)
    for t in terms:
        for lang in t.bad:
            assert t.good.get(lang), (t.id, lang)
        assert t.meaning
    required = {"menghangat", "memanas", "memenangkan", "tidak-dapat-diubah", "oknum", "diamankan", "dinas",
                "pihak", "menyebut", "pemilu-sondage", "ormas", "kebijakan"}
    assert required <= {t.id for t in terms}


def test_builtin_patterns_compiled_on_first_use_all_compile():
    """The built-in terms' patterns are compiled lazily: each of them must still compile, and
    give what the eager parse of the same data gives."""
    from auditor.data import load_json
    from auditor.glossary import LazyPattern, parse_risky_terms
    eager = parse_risky_terms(load_json("risky_terms.json"), "risky_terms.json")
    lazy = builtin_risky_terms()
    assert any(isinstance(p, LazyPattern) for t in lazy for p in t.source)
    for e, t in zip(eager, lazy):
        pats = list(t.source) + list(t.source_exclude) + ([t.context] if t.context else [])
        pats += [b.regex for v in t.bad.values() for b in v] + [p for v in t.ok.values() for p in v]
        want = list(e.source) + list(e.source_exclude) + ([e.context] if e.context else [])
        want += [b.regex for v in e.bad.values() for b in v] + [p for v in e.ok.values() for p in v]
        assert [p.pattern for p in pats] == [p.pattern for p in want]
        for p in pats:
            if isinstance(p, LazyPattern):
                assert p.compiled().flags & re.IGNORECASE


def test_user_risky_terms_file(tmp_path):
    p = tmp_path / "mine.json"
    p.write_text(json.dumps({"terms": [{
        "id": "lepas-tangan", "source": ["lepas tangan"], "meaning": "to wash one's hands of it",
        "severity": "minor", "bad": {"en": [r"\breleas\w*\s+(?:the\s+|its\s+|their\s+)?hands?\b"]},
        "good": {"en": "washed his hands of it"}}]}), "utf-8")
    src, tgt = "Pemerintah tidak boleh lepas tangan.", "The government must not release its hands."
    assert _one(src, tgt, "en") == []
    got = _one(src, tgt, "en", risky_terms=[str(p)])
    assert [(t, f.severity, f.evidence["term"]) for t, f in got] == [("release its hands", "minor", "lepas-tangan")]


@pytest.mark.parametrize("content,message", [
    ("{", "invalid JSON"),
    ('{"terms": [{"id": "x", "meaning": "m", "bad": {"en": ["a"]}}]}', "needs \"source\""),
    ('{"terms": [{"id": "x", "source": ["a"], "meaning": "m", "bad": {"en": ["(unclosed"]}}]}', "bad regular expression"),
    ('{"terms": [{"id": "x", "source": ["a"], "meaning": "m", "severity": "huge", "bad": {"en": ["a"]}}]}', "severity"),
    ('[]', "list \"terms\""),
])
def test_bad_user_risky_terms_file(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        load_risky_terms(p)
    with pytest.raises(InputError, match="not found"):
        load_risky_terms(tmp_path / "missing.json")


# --------------------------------------------------------------------------- glossary loading

def test_load_csv_glossary(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("\ufeffSource,Target,Lang,Note,Forbidden\n"
                 "# comment line\n"
                 "Pemilu,élections|scrutin,fr,general election,sondages\n"
                 "\n"
                 "\"pihak berwenang\",\"the authorities\",en,,authorized party\n"
                 "KPK,KPK,,keep the acronym,\n", "utf-8")
    es = load_glossary(p)
    assert [(e.source, e.targets, e.lang, e.forbidden) for e in es] == [
        ("Pemilu", ("élections", "scrutin"), "fr", ("sondages",)),
        ("pihak berwenang", ("the authorities",), "en", ("authorized party",)),
        ("KPK", ("KPK",), None, ()),
    ]
    assert es[0].note == "general election" and es[0].origin.endswith("g.csv:3")


def test_load_csv_semicolons(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("source;target\nkebijakan;politique|mesure\n", "utf-8")
    assert load_glossary(p)[0].targets == ("politique", "mesure")


@pytest.mark.parametrize("content,message", [
    ("", "empty"),
    ("term,meaning\nx,y\n", "must name the columns"),
    ("source,target\n,politique\n", "line 2: empty source"),
    ("source,target\nkebijakan,\n", "line 2: no target"),
    ("source,target\n", "no entries"),
])
def test_bad_csv_glossary(tmp_path, content, message):
    p = tmp_path / "g.csv"
    p.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary(p)


def test_missing_and_binary_glossary(tmp_path):
    with pytest.raises(InputError, match="glossary file not found"):
        load_glossary(tmp_path / "nope.csv")
    p = tmp_path / "latin.csv"
    p.write_bytes("source,target\npemilu,élection\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_glossary(p)


TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
 <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="e1">
   <descrip type="definition">general election</descrip>
   <langSet xml:lang="id"><tig><term>pemilu</term></tig></langSet>
   <langSet xml:lang="fr-FR">
    <tig><term>élection</term><termNote type="administrativeStatus">preferredTerm-admn</termNote></tig>
    <tig><term>sondage</term><termNote type="administrativeStatus">deprecatedTerm-admn</termNote></tig>
   </langSet>
   <langSet xml:lang="en"><ntig><termGrp><term>election</term></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>
"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="id"><termSec><term>tim pemenangan</term></termSec></langSec>
   <langSec xml:lang="en">
    <termSec><term>campaign team</term></termSec>
    <termSec><term>winning team</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


def test_load_tbx_v2(tmp_path):
    p = tmp_path / "g.tbx"
    p.write_text(TBX2, "utf-8")
    es = {e.lang: e for e in load_glossary(p)}
    assert es["fr"].source == "pemilu" and es["fr"].targets == ("élection",)
    assert es["fr"].forbidden == ("sondage",) and es["fr"].note == "general election"
    assert es["en"].targets == ("election",) and es["en"].origin.endswith("#e1")


def test_load_tbx_v3(tmp_path):
    p = tmp_path / "g.tbx"
    p.write_text(TBX3, "utf-8")
    [e] = load_glossary(p)
    assert (e.source, e.targets, e.lang, e.forbidden) == ("tim pemenangan", ("campaign team",), "en", ("winning team",))


@pytest.mark.parametrize("content,message", [
    ('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa">]><martif/>', "refusing XML"),
    ('<?xml version="1.0"?><!DOCTYPE martif [<!ELEMENT martif ANY>]><martif/>', "internal subset"),
    ('<martif><text><body><termEntry>', "not well-formed"),
    ('<html><body/></html>', "not a TBX file"),
    ('<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>x</term></tig></langSet>'
     '</termEntry></body></text></martif>', "no usable entries"),
])
def test_bad_tbx(tmp_path, content, message):
    p = tmp_path / "g.tbx"
    p.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary(p)


# --------------------------------------------------------------------------- glossary violations

SRC = ("JAKARTA - KPU mulai menyusun tahapan Pemilu 2024 bersama pemerintah.\n"
       "Menurut dia, pihak berwenang akan menambah jumlah TPS.\n")


def _gl(tmp_path, rows: str) -> str:
    p = tmp_path / "g.csv"
    p.write_text("source,target,lang,forbidden\n" + rows, "utf-8")
    return str(p)


def test_glossary_forbidden_rendering_flagged_exactly(tmp_path):
    g = _gl(tmp_path, "Pemilu,élections|scrutin,fr,sondages|sondage\n")
    tgt = ("JAKARTA - La KPU a commencé à préparer le calendrier des sondages de 2024 avec le gouvernement.\n"
           "Selon lui, les autorités vont augmenter le nombre de bureaux de vote.\n")
    got = _one(SRC, tgt, "fr", glossaries=[g])
    # the built-in risky term (AUD501) knows this pitfall too
    assert [(t, f.code, f.category, f.severity) for t, f in got] == [
        ("sondages", "AUD501", "mistranslation", "major"), ("sondages", "AUD502", "terminology", "major")]
    got = got[1:]
    f = got[0][1]
    # two required renderings: two alternatives, shown joined, never one replacement
    assert f.suggestion == "élections / scrutin" and f.confidence >= 0.8
    assert f.alternatives == ("élections", "scrutin") and f.replacements == ["élections", "scrutin"]
    assert "Pemilu" in f.message and "sondages" in f.message
    assert f.evidence["source_term"] == "Pemilu"


def test_glossary_rendering_present_no_finding_with_inflection(tmp_path):
    g = _gl(tmp_path, "Pemilu,élection générale,fr,\n")
    tgt = ("JAKARTA - La KPU a commencé à préparer le calendrier des élections générales de 2024.\n"
           "Selon lui, les autorités vont augmenter le nombre de bureaux de vote.\n")
    assert _one(SRC, tgt, "fr", glossaries=[g]) == []


def test_glossary_missing_rendering_whole_sentence_low_confidence(tmp_path):
    g = _gl(tmp_path, "pihak berwenang,the authorities,en,\n")
    tgt = ("JAKARTA - The KPU has begun drawing up the stages of the 2024 election with the government.\n"
           "According to him, officials will increase the number of polling stations.\n")
    got = _one(SRC, tgt, "en", glossaries=[g])
    assert len(got) == 1
    text, f = got[0]
    assert text == "According to him, officials will increase the number of polling stations."
    assert f.confidence <= 0.4 and "the authorities" in f.message


def test_glossary_untranslated_term_flagged(tmp_path):
    g = _gl(tmp_path, "TPS,polling station,en,\n")
    tgt = ("JAKARTA - The KPU has begun drawing up the stages of the 2024 election with the government.\n"
           "According to him, the authorities will increase the number of TPS.\n")
    got = _one(SRC, tgt, "en", glossaries=[g])
    assert [(t, f.confidence) for t, f in got] == [("TPS", 0.7)]
    assert "untranslated" in got[0][1].message


def test_glossary_language_filter_and_clitics(tmp_path):
    g = _gl(tmp_path, "pemerintah,government,en,\npemerintah,gouvernement,fr,\n")
    src = "Pemerintahnya belum memberi tanggapan.\n"
    assert _one(src, "Its government has not responded yet.\n", "en", glossaries=[g]) == []
    got = _one(src, "Le pouvoir n’a pas encore répondu.\n", "fr", glossaries=[g])
    assert [f.evidence["source_term"] for _, f in got] == ["Pemerintahnya"]


def test_glossary_from_configuration_and_tbx(tmp_path):
    p = tmp_path / "g.tbx"
    p.write_text(TBX3, "utf-8")
    cfg = Config(glossaries=[str(p)])
    r = audit_texts("Tim pemenangan Prabowo melapor ke Bawaslu.\n",
                    "Prabowo's winning team reported to Bawaslu.\n", tgt_lang="en",
                    select=["AUD502"], config=cfg)
    assert [(r.translation.raw[f.span.start:f.span.end], f.code) for f in r.findings
            if f.code.startswith("AUD5")] == [("winning team", "AUD502")]


def test_glossary_entries_can_be_passed_loaded(tmp_path):
    e = Entry(source="kebijakan", targets=("policy",), forbidden=("wisdom",))
    got = _one("Pemerintah mengumumkan kebijakan baru.\n", "The government announced a new wisdom.\n", "en",
               glossaries=[e])
    assert [t for t, f in got if f.code == "AUD502"] == ["wisdom"]
