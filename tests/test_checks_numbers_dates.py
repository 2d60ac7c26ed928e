"""Numbers (AUD201-203), dates (AUD211-213) and French spacing (AUD221): what a user sees."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checks.base import load_all
from auditor.checks.dates import find_dates
from auditor.pipeline import audit_files, audit_texts

FIX = Path(__file__).resolve().parent.parent / "fixtures"
MINE = ["AUD20", "AUD21", "AUD22"]
NBSP, NNBSP = "\u00a0", "\u202f"


def run(src: str, tgt: str, lang: str):
    r = audit_texts(src, tgt, tgt_lang=lang, select=MINE)
    assert not r.errors, r.errors
    return r


def flagged(r) -> list[tuple[str, str, str]]:
    # (language findings of the pipeline, AUD001, are not ours)
    return [(f.code, f.category, r.translation.raw[f.span.start:f.span.end]) for f in r.findings
            if any(f.code.startswith(p) for p in MINE)]


def audit_fixture(name: str, lang: str):
    d = FIX / name
    r = audit_files(str(d / "source.id.txt"), str(d / f"translation.{lang}.txt"))
    assert not r.errors, r.errors
    return r


def mine(r):
    return [f for f in r.findings if any(f.code.startswith(p) for p in MINE)]


# ---------------------------------------------------------------- registry

def test_checks_are_registered_with_their_categories():
    checks = load_all()
    want = {"AUD201": ("number-missing", "number", "major"), "AUD202": ("number-added", "number", "major"),
            "AUD203": ("number-mismatch", "number", "major"), "AUD204": ("number-format", "number", "minor"),
            "AUD211": ("date-mismatch", "mistranslation", "major"),
            "AUD212": ("date-form", "date_format", "minor"), "AUD213": ("month-case", "casing", "minor"),
            "AUD221": ("french-spacing", "typography", "minor")}
    for code, (name, cat, sev) in want.items():
        info = checks[code].info
        assert (info.name, info.category, info.severity) == (name, cat, sev)
        assert len(info.explanation) > 80


# ---------------------------------------------------------------- the seed

def test_seed_gold_date_format_found_and_nothing_else():
    d = FIX / "voi-russia-us"
    r = audit_fixture("voi-russia-us", "fr")
    gold = [g for g in json.loads((d / "gold.json").read_text("utf-8"))["findings"]
            if g["category"] == "date_format"]
    assert len(gold) == 1
    found = mine(r)
    # exactly one finding of these checks on the seed: the gold one, reported once
    assert [(f.code, f.category) for f in found] == [("AUD212", "date_format")]
    f = found[0]
    assert r.translation.raw[f.span.start:f.span.end] == gold[0]["span"] == "mardi, Mars 16"
    assert r.translation.line_col(f.span.start)[0] == gold[0]["line"]
    assert f.suggestion == "mardi 16 mars"
    assert "day before the month" in f.message and "lower case" in f.message


# ---------------------------------------------------------------- clean fixtures

@pytest.mark.parametrize("name,lang", [("num-clean-fr", "fr"), ("num-clean-en", "en"), ("num-clean-fr2", "fr")])
def test_clean_fixtures_raise_nothing(name, lang):
    r = audit_fixture(name, lang)
    assert mine(r) == []


# ---------------------------------------------------------------- faulty fixtures

def test_faulty_french_fixture():
    r = audit_fixture("num-faulty-fr", "fr")
    got = flagged(r)
    line4 = r.translation.raw.splitlines()[3]
    assert sorted(got) == sorted([
        ("AUD203", "number", "1 520"),
        ("AUD212", "date_format", "mardi, Mars 16"),
        ("AUD203", "number", "deux"),
        ("AUD202", "number", "40"),
        ("AUD221", "typography", "«N"),
        ("AUD221", "typography", "a»"),
        ("AUD201", "number", line4),
        ("AUD203", "number", "2,5 milliards"),
        ("AUD213", "casing", "Février"),
        ("AUD211", "date_format", "jeudi 17 mars 2021"),         # the weekday alone is wrong
    ])
    by = {(f.code, r.translation.raw[f.span.start:f.span.end]): f for f in r.findings}
    assert by[("AUD203", "1 520")].suggestion == f"1{NNBSP}250"
    assert "1.250" in by[("AUD203", "1 520")].message
    assert by[("AUD203", "deux")].suggestion == "trois"
    assert by[("AUD203", "2,5 milliards")].suggestion == "2,5 billions"
    assert "10^12" in by[("AUD203", "2,5 milliards")].message
    assert "12,5" in by[("AUD201", line4)].message and "persen" in by[("AUD201", line4)].message
    assert by[("AUD211", "jeudi 17 mars 2021")].suggestion == "mercredi 17 mars 2021"
    assert by[("AUD213", "Février")].suggestion == "février"
    assert by[("AUD221", "«N")].suggestion == f"«{NBSP}N"


def test_faulty_english_fixture():
    r = audit_fixture("num-faulty-en", "en")
    got = flagged(r)
    line3 = r.translation.raw.splitlines()[2]
    assert sorted(got) == sorted([
        ("AUD203", "number", "27.55 billion"),
        ("AUD211", "date_format", "Tuesday, February 15, 2021"),  # the weekday alone is wrong
        ("AUD201", "number", line3),
        ("AUD203", "number", "Three"),
        ("AUD203", "number", "3 p.m."),
        ("AUD211", "mistranslation", "Thursday (19/2)"),
    ])
    by = {(f.code, r.translation.raw[f.span.start:f.span.end]): f for f in r.findings}
    assert by[("AUD203", "27.55 billion")].suggestion == "27.55 million"
    assert by[("AUD211", "Tuesday, February 15, 2021")].suggestion == "Monday, February 15, 2021"
    assert by[("AUD211", "Thursday (19/2)")].suggestion == "Thursday (18/2)"
    assert by[("AUD203", "Three")].suggestion == "Two"
    assert "14.00" in by[("AUD203", "3 p.m.")].message


# ---------------------------------------------------------------- numbers: equivalences

EQUIVALENT = [
    ("Anggaran Rp 2,5 triliun untuk 1.000 desa.", "Un budget de 2,5 billions de roupies pour 1 000 villages.", "fr"),
    ("Anggaran Rp 2,5 triliun untuk 1.000 desa.", "Un budget de 2 500 milliards de roupies pour 1 000 villages.", "fr"),
    ("Anggaran Rp 2,5 triliun untuk 1.000 desa.", "A budget of IDR 2.5 trillion for 1,000 villages.", "en"),
    ("Anggaran Rp 2,5 triliun untuk 1.000 desa.", f"Un budget de 2,5{NBSP}billions de roupies pour 1{NNBSP}000 villages.", "fr"),
    ("Inflasi naik 10 persen menjadi 2,5 persen.", "L'inflation a augmenté de 10 % pour atteindre 2,5 %.", "fr"),
    ("Inflasi naik 10 persen menjadi 2,5 persen.", "Inflation rose 10 percent to 2.5 percent.", "en"),
    ("Laporan setebal 15 halaman itu dirilis.", "Le rapport de 15 pages a été publié.", "fr"),
    ("Tiga sumber mengatakan dua orang tewas.", "Trois sources ont déclaré que deux personnes étaient mortes.", "fr"),
    ("Tiga sumber mengatakan 2 orang tewas.", "Three sources said two people were killed.", "en"),
    ("Sebanyak 25 orang hadir.", "Vingt-cinq personnes étaient présentes.", "fr"),
    ("Sebanyak 95 orang hadir.", "Quatre-vingt-quinze personnes étaient présentes.", "fr"),
    ("Dua puluh lima orang hadir.", "25 people attended.", "en"),
    ("Dia adalah anak ke-3 dari 5 bersaudara.", "Il est le troisième de cinq frères et sœurs.", "fr"),
    ("Dia adalah anak ke-3 dari 5 bersaudara.", "He is the 3rd of 5 siblings.", "en"),
    ("Rapat digelar pukul 10.30 WIB.", "La réunion s'est tenue à 10 h 30.", "fr"),
    ("Rapat digelar pukul 14.00 WIB.", "The meeting was held at 2 p.m.", "en"),
    ("Kasus Covid-19 mencapai 1.250.000 pada 2021.", "Les cas de Covid-19 ont atteint 1,25 million en 2021.", "fr"),
    ("KPK memiliki waktu 1 x 24 jam.", "The KPK has 24 hours.", "en"),
    ("Ini ujian di abad ke-21.", "C'est un test au XXIe siècle.", "fr"),
    ("Rapat digelar pada 19-20 Maret 2024.", "The meeting was held on March 19-20, 2024.", "en"),
    ("Sebanyak 15 orang tewas dan 2.500 rumah rusak.", "15人死亡，2500座房屋受损。", "zh"),
    ("Sebanyak 15 orang tewas dan 2.500 rumah rusak.", "１５人が死亡し、2,500棟の家屋が損壊した。", "ja"),
    ("Sebanyak 15 orang tewas dan 2.500 rumah rusak.", "لقي ١٥ شخصا حتفهم وتضرر ٢٥٠٠ منزل.", "ar"),
    ("Tiga sumber mengatakan hal itu.", "三名消息人士透露了这一点。", "zh"),
    ("Anggaran Rp 2,5 triliun.", "政府准备了2.5万亿印尼盾的预算。", "zh"),
    ("Anggaran Rp 2,5 triliun.", "政府は2兆5000億ルピアの予算を準備した。", "ja"),
]


@pytest.mark.parametrize("src,tgt,lang", EQUIVALENT)
def test_equivalent_numbers_raise_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang)) == []


# ---------------------------------------------------------------- numbers: errors

def test_changed_figure_is_one_mismatch_on_the_translated_number():
    r = run("Sebanyak 25 orang dirawat di RSUD Cibinong.", "Some 26 people were treated at Cibinong hospital.", "en")
    assert flagged(r) == [("AUD203", "number", "26")]
    f = r.findings[0]
    assert f.suggestion == "25" and "«25»" in f.message and f.severity == "major"


def test_missing_number_flags_the_sentence_and_names_the_number():
    tgt = "Some people were treated at Cibinong hospital."
    r = run("Sebanyak 25 orang dirawat di RSUD Cibinong.", tgt, "en")
    assert flagged(r) == [("AUD201", "number", tgt)]
    assert "25" in r.findings[0].message and "Sebanyak 25 orang" in r.findings[0].message


def test_added_number_flags_the_number():
    r = run("Banjir merendam rumah warga di Bekasi.", "Les inondations ont submergé 300 maisons à Bekasi.", "fr")
    assert flagged(r) == [("AUD202", "number", "300")]
    assert "no counterpart" in r.findings[0].message


def test_scale_error_indonesian_miliar_as_french_billion():
    r = run("Ekspor mencapai US$ 1,9 miliar.", "Les exportations ont atteint 1,9 billion de dollars.", "fr")
    assert flagged(r) == [("AUD203", "number", "1,9 billion")]
    assert r.findings[0].suggestion == "1,9 milliard"


def test_wrong_year_is_a_mismatch():
    r = run("Pemilu AS 2020 digelar 3 November.", "L'élection américaine de 2021 a eu lieu le 3 novembre.", "fr")
    assert flagged(r) == [("AUD203", "number", "2021")]
    assert r.findings[0].suggestion == "2020"


def test_indonesian_thousands_dropped_is_a_mismatch():
    r = run("Anggaran itu untuk 1.000 desa di Jawa Barat.", "The budget is for 1 village in West Java.", "en")
    assert flagged(r) == [("AUD203", "number", "1")]
    assert r.findings[0].suggestion == "1,000"


@pytest.mark.parametrize("src,tgt,lang,span,suggestion,reads", [
    ("Anggaran itu untuk 1.000 desa di Jawa Barat.", "The budget is for 1.000 villages in West Java.", "en",
     "1.000", "1,000", "reads as 1 in English"),
    ("Inflasi naik menjadi 2,5 persen.", "Inflation rose to 2,5 percent.", "en", "2,5", "2.5", "not a valid figure"),
    ("Inflasi naik menjadi 2,5 persen.", "L'inflation est passée à 2.5 %.", "fr", "2.5", "2,5", "not a valid figure"),
    ("Anggaran itu untuk 1.000 desa di Jawa Barat.", "Le budget est destiné à 1,000 villages de Java.", "fr",
     "1,000", f"1{NNBSP}000", "reads as 1 in French"),
    ("Anggaran Rp 2,5 triliun.", "A budget of IDR 2,5 trillion.", "en", "2,5", "2.5", "not a valid figure"),
])
def test_figure_copied_in_the_indonesian_convention(src, tgt, lang, span, suggestion, reads):
    r = run(src, tgt, lang)
    assert flagged(r) == [("AUD204", "number", span)]
    f = r.findings[0]
    assert f.suggestion == suggestion and reads in f.message and f.severity == "minor"


def test_arabic_indic_digits_compared_by_value():
    r = run("Sebanyak 15 orang tewas dan 2.500 rumah rusak pada Selasa (16/3).",
            "لقي ١٥ شخصا حتفهم وتضرر ٢٥٠ منزل يوم الثلاثاء ١٦ مارس.", "ar")
    assert flagged(r) == [("AUD203", "number", "٢٥٠")]


def test_number_moved_to_the_neighbouring_sentence_is_not_reported():
    src = ("Banjir melanda Bekasi pada pagi hari dan merendam rumah warga di 12 kecamatan.\n"
           "Warga mengungsi ke masjid dan sekolah terdekat.")
    tgt = ("Les inondations ont frappé Bekasi dans la matinée et submergé les maisons des habitants.\n"
           "Les habitants de 12 districts ont fui vers les mosquées et les écoles les plus proches.")
    assert flagged(run(src, tgt, "fr")) == []


def test_boilerplate_and_unaligned_sentences_are_skipped():
    src = "Sebanyak 25 orang dirawat di RSUD Cibinong."
    tgt = ("25 personnes ont été soignées à l'hôpital de Cibinong.\n"
           "The English, Chinese, Japanese, Arabic, and French versions are automatically generated by the AI. "
           "So there may still be 3 inaccuracies in translating, please always see Indonesian as our main language.")
    assert flagged(run(src, tgt, "fr")) == []


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text,lang,fields", [
    ("dirilis Selasa, 16 Maret, waktu setempat", "id", (1, 16, 3, None)),
    ("kata Retno, Kamis (28/10).", "id", (3, 28, 10, None)),
    ("hingga Rabu (17/3/2021) lalu", "id", (2, 17, 3, 2021)),
    ("pada 16 Mar 2021", "id", (None, 16, 3, 2021)),
    ("publié mardi, Mars 16, heure locale", "fr", (1, 16, 3, None)),
    ("le 16 mars 2021", "fr", (None, 16, 3, 2021)),
    ("on Tuesday, March 16, 2021", "en", (1, 16, 3, 2021)),
    ("on 16 March 2021", "en", (None, 16, 3, 2021)),
    ("2021年3月16日星期二", "zh", (1, 16, 3, 2021)),
    ("3月16日（火）", "ja", (1, 16, 3, None)),
    ("الثلاثاء ١٦ مارس ٢٠٢١", "ar", (1, 16, 3, 2021)),
])
def test_dates_are_read(text, lang, fields):
    ds = find_dates(text, lang)
    assert len(ds) == 1
    d = ds[0]
    assert (d.weekday, d.day, d.month, d.year) == fields


@pytest.mark.parametrize("text,lang", [
    ("Warga mengungsi sejak minggu lalu.", "id"),     # minggu = week
    ("Minggu lalu, warga mengungsi.", "id"),
    ("They may 16 times refuse.", "en"),
    ("En mars 20 personnes ont été arrêtées.", "fr"),  # not "mars 20"
    ("3/4 penduduk sudah divaksin.", "id"),            # a fraction, not 3 April
])
def test_things_that_are_not_dates(text, lang):
    assert [d for d in find_dates(text, lang) if d.day is not None or d.weekday is not None] == []


def test_date_rewritten_as_weekday_is_reported_once_by_the_date_check():
    r = run("Sebanyak 25 orang dirawat di RSUD Cibinong, Selasa (16/3).",
            "25 people were treated at Cibinong hospital on Tuesday.", "en")
    assert flagged(r) == [("AUD211", "mistranslation", "Tuesday")]
    f = r.findings[0]
    assert f.severity == "minor" and "day (16)" in f.message and f.suggestion == "Tuesday, March 16"


def test_wrong_day_and_weekday_reported_once():
    r = run("Sebanyak 25 orang dirawat di RSUD Cibinong, Selasa (16/3).",
            "25 personnes ont été soignées à l'hôpital de Cibinong mercredi 17 mars.", "fr")
    assert flagged(r) == [("AUD211", "mistranslation", "mercredi 17 mars")]
    assert r.findings[0].severity == "major" and r.findings[0].suggestion == "mardi 16 mars"


@pytest.mark.parametrize("tgt,span,suggestion", [
    ("Le rapport a été publié Mars 16, heure locale.", "Mars 16", "16 mars"),
    ("Le rapport a été publié mardi, 16 mars, heure locale.", "mardi, 16 mars", "mardi 16 mars"),
    ("Le rapport a été publié le 1 mars 2021.", "1 mars 2021", "1er mars 2021"),
    ("Le rapport a été publié mardi, Mars 16, 2021.", "mardi, Mars 16, 2021", "mardi 16 mars 2021"),
    ("Le rapport a été publié mardi 16 mars, 2021.", "mardi 16 mars, 2021", "mardi 16 mars 2021"),
])
def test_french_date_form(tgt, span, suggestion):
    src = "Laporan itu dirilis pada Selasa, 16 Maret 2021."
    r = audit_texts(src, tgt, tgt_lang="fr", select=["AUD212", "AUD213"])
    assert flagged(r) == [("AUD212", "date_format", span)]
    assert r.findings[0].suggestion == suggestion


@pytest.mark.parametrize("tgt,word", [
    ("Le rapport a été publié le 16 Mars.", "Mars"),
    ("Le rapport a été publié le Mardi 16 mars.", "Mardi"),
])
def test_french_month_case(tgt, word):
    r = audit_texts("Laporan itu dirilis pada Selasa, 16 Maret.", tgt, tgt_lang="fr", select=["AUD213"])
    assert flagged(r) == [("AUD213", "casing", word)]
    assert r.findings[0].suggestion == word.lower()


@pytest.mark.parametrize("tgt,word", [
    ("Les ventes ont reculé en Février 2024, selon l'institut.", "Février"),
    ("Le rapport sera publié Mardi soir, selon l'institut.", "Mardi"),
])
def test_french_month_before_a_year_and_lone_weekday_case(tgt, word):
    r = audit_texts("Laporan itu dirilis.", tgt, tgt_lang="fr", select=["AUD213"])
    assert flagged(r) == [("AUD213", "casing", word)]


@pytest.mark.parametrize("tgt,word", [
    ("The report was published on 16 march 2021.", "march"),
    ("The report was published on tuesday, March 16.", "tuesday"),
    ("Sales fell in february 2024, the institute said.", "february"),
])
def test_english_month_or_weekday_in_lower_case(tgt, word):
    r = audit_texts("Laporan itu dirilis.", tgt, tgt_lang="en", select=["AUD213"])
    assert flagged(r) == [("AUD213", "casing", word)]
    assert r.findings[0].suggestion == word.capitalize()


def test_english_lower_case_may_and_march_as_verbs_are_left_alone():
    tgt = "Prices may 10 times exceed the target; workers march 2 kilometres to the office on Friday."
    r = audit_texts("Laporan itu dirilis.", tgt, tgt_lang="en", select=["AUD213"])
    assert flagged(r) == []


@pytest.mark.parametrize("lang,tgt,word", [
    ("fr", "La réunion s'est tenue le 7 Maret 2024 à Bandung.", "Maret"),
    ("en", "The meeting was held on Kamis, March 7, 2024, in Bandung.", "Kamis"),
    ("en", "The meeting was held on Thursday, 7 Maret 2024, in Bandung.", "Maret"),
])
def test_indonesian_month_or_weekday_left_in_a_date_is_untranslated(lang, tgt, word):
    r = audit_texts("Rapat digelar pada Kamis, 7 Maret 2024, di Bandung.", tgt, tgt_lang=lang, select=["AUD102"])
    assert [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings] == [("AUD102", word)]


def test_month_names_english_shares_and_weekdays_in_names_are_no_indonesian():
    src = "Pameran Jumat Berkah digelar pada 7 April 2024 di Bandung."
    tgt = "The Jumat Berkah fair was held on 7 April 2024 in Bandung."
    r = audit_texts(src, tgt, tgt_lang="en", select=["AUD102"])
    assert r.findings == []


@pytest.mark.parametrize("tgt", [
    "Mardi 16 mars, le rapport a été publié.",              # sentence start
    "La mission Mars 2020 de la NASA a atterri en février.",  # the planet, no day next to it
    "« Mardi 16 mars, nous étions prêts », a-t-il dit.",
])
def test_french_month_case_leaves_alone(tgt):
    r = audit_texts("Laporan itu dirilis.", tgt, tgt_lang="fr", select=["AUD212", "AUD213"])
    assert flagged(r) == []


# ---------------------------------------------------------------- French spacing

@pytest.mark.parametrize("tgt,span,suggestion", [
    ("Il a dit «Bonjour à tous», puis il est parti.", "«B", f"«{NBSP}B"),
    ("Le ministre a répondu: non.", "u:", f"u{NBSP}:"),
    ("Pourquoi le ministre est-il parti?", "i?", f"i{NNBSP}?"),
    ("Le ministre a refusé; il est parti.", "é;", f"é{NNBSP};"),
])
def test_french_spacing_flags(tgt, span, suggestion):
    r = audit_texts("Menteri itu menolak.", tgt, tgt_lang="fr", select=["AUD221"])
    got = [(f.code, f.category, r.translation.raw[f.span.start:f.span.end], f.suggestion) for f in r.findings]
    assert ("AUD221", "typography", span, suggestion) in got
    assert all(f.severity == "minor" for f in r.findings)


def test_french_spacing_one_finding_per_occurrence():
    r = audit_texts("Menteri itu menolak.", "Il a dit «Bonjour» et «Merci».", tgt_lang="fr", select=["AUD221"])
    assert [r.translation.raw[f.span.start:f.span.end] for f in r.findings] == ["«B", "r»", "«M", "i»"]


@pytest.mark.parametrize("tgt", [
    f"Il a dit «{NBSP}Bonjour{NBSP}» puis : « Merci » ; enfin{NNBSP}!",
    "Voir https://voi.id/berita/123?id=4 pour les détails.",
    "La réunion commence à 10:30 et le score était de 3:1.",
    "Le site affiche \"Terms of use: read carefully\" en anglais.",
    "La version anglaise dit Why do we care? sans traduction.",
])
def test_french_spacing_leaves_alone(tgt):
    r = audit_texts("Menteri itu menolak.", tgt, tgt_lang="fr", select=["AUD221"])
    assert flagged(r) == []


def test_french_spacing_not_run_on_english():
    r = audit_texts("Menteri itu menolak.", "The minister said: no. Why?", tgt_lang="en", select=["AUD221"])
    assert flagged(r) == []


# ---------------------------------------------------------------- robustness

from hypothesis import given, settings, strategies as st  # noqa: E402

from auditor.checks.numbers import extract  # noqa: E402
from auditor.checks.typography import spacing_problems  # noqa: E402
from auditor.types import Segment  # noqa: E402

_ALPHABET = st.sampled_from(list("0123456789 ,.:;?!/()«»-年月日") + ["Maret", "mars", "Selasa", "mardi", "March",
                                                                    "Mars", "juta", "billions", "h", "pukul"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_ALPHABET, max_size=25).map("".join), st.sampled_from(["id", "fr", "en", "zh", "ja", "ar"]))
def test_date_and_spacing_spans_stay_inside_the_text(text, lang):
    for d in find_dates(text, lang):
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text
    seg = Segment(id="p1s1", para=0, index=0, text=text, offsets=tuple(range(len(text))))
    for n in extract(seg, lang, []):
        assert 0 <= n.start < n.end <= len(text) and n.values
    if lang == "fr":
        for a, b, msg, sug in spacing_problems(text):
            assert 0 <= a < b <= len(text) and msg and sug


def test_noon_and_midnight_are_times():
    from auditor.pipeline import audit_texts
    src = "Hingga pukul 12.00 WIB tercatat lima gempa susulan."
    for tgt, lang in (("Jusqu'à midi, cinq répliques ont été enregistrées.", "fr"),
                      ("Until noon, five aftershocks were recorded.", "en")):
        assert [f.code for f in audit_texts(src, tgt, tgt_lang=lang, select=["AUD2"]).findings] == []
    r = audit_texts(src.replace("12.00", "14.00"), "Jusqu'à midi, cinq répliques ont été enregistrées.",
                    tgt_lang="fr", select=["AUD2"])
    assert [f.code for f in r.findings] == ["AUD201"]     # 14.00 is not there
    # "midi" with no time in the source is no added figure
    assert audit_texts("Massa berkumpul sejak siang.", "La foule s'est rassemblée depuis midi.",
                       tgt_lang="fr", select=["AUD2"]).findings == []


def test_indonesian_numeric_date_after_a_weekday():
    from auditor.pipeline import audit_texts
    src = "Polisi menangkap pelaku pada Kamis (7/3/2024)."
    r = audit_texts(src, "La police a arrêté le suspect jeudi (7/3/2024).", tgt_lang="fr", select=["AUD21"])
    assert [(f.code, f.suggestion) for f in r.findings] == [("AUD212", "jeudi 7 mars 2024")]
    r = audit_texts(src, "Police arrested the suspect on Thursday (7/3/2024).", tgt_lang="en", select=["AUD21"])
    assert [f.code for f in r.findings] == ["AUD212"]
    # 18/2 cannot be read as a month first: left alone
    r = audit_texts("Rapat digelar Kamis (18/2).", "The meeting was held on Thursday (18/2).", tgt_lang="en",
                    select=["AUD21"])
    assert r.findings == []


def test_a_year_left_out_of_a_full_date_is_news_style_but_a_bare_weekday_drops_the_date():
    src = "Rapat digelar pada Rabu (5/6/2024) di Jakarta."
    r = run(src, "La réunion s'est tenue le mercredi 5 juin à Jakarta.", "fr")
    assert flagged(r) == []
    r = run(src, "La réunion s'est tenue mercredi à Jakarta.", "fr")
    assert [(c, t) for c, _, t in flagged(r)] == [("AUD211", "mercredi")]
    assert r.findings[0].severity == "minor"


def test_a_count_after_a_french_date_and_comma_is_no_year():
    r = run("Pada 16 Maret, 2.000 buruh berbaris.", "Le 16 mars, 2000 ouvriers ont défilé.", "fr")
    assert flagged(r) == []


@pytest.mark.parametrize("lang,tgt,span", [
    ("fr", "L'événement a eu lieu le lundi 8 décembre à Surabaya.", "lundi 8 décembre"),
    ("en", "The event took place on Monday, December 8 in Surabaya.", "Monday, December 8"),
])
def test_day_and_month_swapped_is_a_date_convention_error(lang, tgt, span):
    r = run("Acara berlangsung pada Senin (12/8) di Surabaya.", tgt, lang)
    assert flagged(r) == [("AUD211", "date_format", span)]
    assert "swaps the day and the month" in r.findings[0].message
    # another wrong day is a wrong fact
    r = run("Acara berlangsung pada Senin (12/8) di Surabaya.", tgt.replace("8", "9"), lang)
    assert [c for _, c, _ in flagged(r)] == ["mistranslation"]


@pytest.mark.parametrize("tgt,span,suggestion", [
    ("La réunion s'est tenue le 17 February 2025 au palais.", "17 February 2025", "17 février 2025"),
    ("La réunion s'est tenue February 17, 2025 au palais.", "February 17, 2025", "17 février 2025"),
    ("La réunion s'est tenue le Monday, February 17, 2025 au palais.", "Monday, February 17, 2025",
     "lundi 17 février 2025"),
])
def test_english_month_name_in_a_french_date(tgt, span, suggestion):
    r = run("Rapat digelar pada Senin (17/2/2025) di istana.", tgt, "fr")
    found = [f for f in mine(r) if f.code == "AUD212"]
    assert [r.translation.raw[f.span.start:f.span.end] for f in found] == [span]
    assert found[0].category == "date_format" and found[0].suggestion == suggestion


@pytest.mark.parametrize("tgt", [
    "La réunion s'est tenue le lundi 17 février 2025 au palais.",
    "Les militants de l'opération May Day se sont réunis au palais le 17 février 2025.",
])
def test_french_dates_and_english_names_without_a_date_are_left_alone(tgt):
    r = run("Rapat digelar pada Senin (17/2/2025) di istana.", tgt, "fr")
    assert [f for f in mine(r) if f.code == "AUD212"] == []


def test_weekday_alone_wrong_is_a_date_format_mismatch():
    # day, month and year agree; only the weekday name is wrong: reported, in the date category
    r = run("Rapat digelar pada Kamis, 4 Juni 2026 di Bandung.",
            "La réunion s'est tenue le vendredi 4 juin 2026 à Bandung.", "fr")
    assert flagged(r) == [("AUD211", "date_format", "vendredi 4 juin 2026")]
    assert r.findings[0].suggestion == "jeudi 4 juin 2026"


def test_wrong_day_stays_a_mistranslation():
    r = run("Rapat digelar pada Kamis, 4 Juni 2026 di Bandung.",
            "The meeting was held on Thursday, June 9, 2026 in Bandung.", "en")
    assert [(c, cat) for c, cat, _ in flagged(r)] == [("AUD211", "mistranslation")]
