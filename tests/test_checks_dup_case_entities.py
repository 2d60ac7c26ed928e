"""Duplication (AUD301-302), casing (AUD311-312) and entity (AUD401-402) checks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checks.base import load_all
from auditor.pipeline import audit_files, audit_texts

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures"
SEED = FIX / "voi-russia-us"
MINE = ("AUD30", "AUD31", "AUD40")


def flagged(r, codes=MINE):
    """(code, category, flagged text) of each finding of these checks, in file order."""
    return [(f.code, f.category, r.translation.raw[f.span.start:f.span.end])
            for f in r.findings if f.code.startswith(codes)]


def run(src, tgt, lang, select=MINE):
    r = audit_texts(src, tgt, tgt_lang=lang, select=list(select))
    assert not r.errors, r.errors
    return r


# ------------------------------------------------------------------ registry
def test_checks_are_registered_with_their_categories():
    checks = load_all()
    expect = {"AUD301": ("repeated-words", "duplication", "major"),
              "AUD302": ("parenthesis-repeat", "duplication", "major"),
              "AUD311": ("capitalised-inside-sentence", "casing", "minor"),
              "AUD312": ("name-casing", "casing", "minor"),
              "AUD401": ("entity-missing", "entity", "major"),
              "AUD402": ("entity-misspelled", "entity", "major")}
    for code, (name, cat, sev) in expect.items():
        info = checks[code].info
        assert (info.name, info.category, info.severity) == (name, cat, sev)
        assert len(info.explanation) > 100


# ------------------------------------------------------------------ the seed
@pytest.fixture(scope="module")
def seed():
    r = audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"))
    assert not r.errors, r.errors
    return r


def _gold(category):
    gold = json.loads((SEED / "gold.json").read_text("utf-8"))
    return [g for g in gold["findings"] if g["category"] == category]


@pytest.mark.parametrize("category,code", [("casing", "AUD31"), ("duplication", "AUD302")])
def test_seed_gold_findings_are_found(seed, category, code):
    raw = seed.translation.raw
    for g in _gold(category):
        line_start = sum(len(l) + 1 for l in raw.split("\n")[:g["line"] - 1])
        gs = raw.index(g["span"], line_start)
        gspan = (gs, gs + len(g["span"]))
        hits = [f for f in seed.findings if f.code.startswith(code) and f.category == category
                and f.span.start < gspan[1] and gspan[0] < f.span.end]
        assert hits, (g, flagged(seed))


def test_seed_findings_of_these_checks_are_exactly_the_expected_ones(seed):
    mine = flagged(seed)
    assert mine == [
        ("AUD312", "casing", "Voi"),
        ("AUD311", "casing", "Les"),                          # ", Les États-Unis" (gold note)
        ("AUD302", "duplication", "Les États-Unis (États-Unis)"),
    ]
    dup = next(f for f in seed.findings if f.code == "AUD302")
    assert dup.suggestion == "les États-Unis"
    assert "(AS)" in dup.message
    voi = next(f for f in seed.findings if f.code == "AUD312")
    assert voi.suggestion == "VOI"
    assert seed.translation.line_col(voi.span.start) == (7, 1)


def test_seed_has_no_entity_finding(seed):
    """Exonyms (Poutine, Moscou, États-Unis, russe, ukrainiennes), titles and institutions are accepted."""
    assert [x for x in flagged(seed) if x[1] == "entity"] == []


# ------------------------------------------------------------------ clean fixtures
CLEAN = sorted((d, t) for d in FIX.glob("dupent-clean-*") for t in d.glob("translation.*.txt"))


@pytest.mark.parametrize("d,t", CLEAN, ids=[f"{d.name}-{t.name}" for d, t in CLEAN])
def test_clean_fixtures_raise_nothing(d, t):
    r = audit_files(str(d / "source.id.txt"), str(t))
    assert not r.errors, r.errors
    assert flagged(r) == []


def test_clean_fixtures_cover_fr_and_en():
    assert {t.name for _, t in CLEAN} == {"translation.fr.txt", "translation.en.txt"}
    assert len({d for d, _ in CLEAN}) >= 2


def test_clean_fixtures_hold_without_the_system_dictionary(monkeypatch):
    """The hunspell id_ID list is optional: without it the clean fixtures stay clean."""
    from auditor.checks import _wordtools
    monkeypatch.setattr(_wordtools, "_HUNSPELL_DIRS", ())
    _wordtools.indonesian_common_words.cache_clear()
    try:
        for d, t in CLEAN:
            r = audit_files(str(d / "source.id.txt"), str(t))
            assert flagged(r) == [], (d, t)
    finally:
        _wordtools.indonesian_common_words.cache_clear()


# ------------------------------------------------------------------ faulty fixture
FAULTY = FIX / "dupent-faulty-soenarko"


def test_faulty_fixture_fr():
    r = audit_files(str(FAULTY / "source.id.txt"), str(FAULTY / "translation.fr.txt"))
    got = flagged(r)
    assert got == [
        ("AUD402", "entity", "Soinarko"),
        ("AUD301", "duplication", "que que"),
        ("AUD302", "duplication", "Bareskrim (Bareskrim)"),
        ("AUD401", "entity", "Selon le porte-parole de la police"),   # the clause where the name belongs
        ("AUD311", "casing", "Les"),
    ]
    miss = next(f for f in r.findings if f.code == "AUD402")
    assert miss.suggestion == "Soenarko" and miss.severity == "major"
    lost = next(f for f in r.findings if f.code == "AUD401")
    assert "Dedi Prasetyo" in lost.message and lost.severity == "major"


def test_faulty_fixture_en():
    r = audit_files(str(FAULTY / "source.id.txt"), str(FAULTY / "translation.en.txt"))
    got = flagged(r)
    assert got == [
        ("AUD402", "entity", "Soinarko"),
        ("AUD301", "duplication", "the the"),
        ("AUD401", "entity", "According to a police spokesman"),
        ("AUD311", "casing", "The"),
    ]
    assert next(f for f in r.findings if f.code == "AUD301").suggestion == "the"


# ------------------------------------------------------------------ AUD301
@pytest.mark.parametrize("lang,text,span,suggestion", [
    ("fr", "Il a parlé de de la situation économique.", "de de", "de"),
    ("en", "He read the the report yesterday.", "the the", "the"),
    ("en", "The report the report was published on Monday.", "The report the report", "The report"),
    ("fr", "Le président a salué l’unité et l’unité de la nation.", "l’unité et l’unité", "l’unité"),
])
def test_repeated_words_found(lang, text, span, suggestion):
    r = run("Presiden menyampaikan pernyataan itu.", text, lang, ["AUD301"])
    assert flagged(r) == [("AUD301", "duplication", span)]
    assert r.findings[0].suggestion == suggestion


@pytest.mark.parametrize("lang,text", [
    ("fr", "Nous nous sommes vus et vous vous êtes parlé."),
    ("fr", "De plus en plus de gens partent, encore et encore."),
    ("fr", "Des milliers et des milliers de personnes ont manifesté."),
    ("en", "He had had enough, and he said that that was final."),
    ("en", "Prices rose more and more, again and again, bigger and bigger."),
    ("fr", "Il a dit bye bye à 20 20 reprises."),
    ("fr", "La politique de De Gaulle reste étudiée."),
    ("fr", "Il passe ses vacances à Bora Bora."),
])
def test_repeated_words_legitimate(lang, text):
    r = run("Dia berlibur ke Bora Bora.", text, lang, ["AUD301"])
    assert flagged(r) == []


def test_repeated_words_when_the_source_repeats_too():
    r = run("Kata Ayo Ayo diteriakkan massa.", "Les manifestants ont crié Ayo Ayo.", "fr", ["AUD301"])
    assert flagged(r) == []


def test_repeat_across_sentences_or_commas_is_not_a_repeat():
    r = run("Dia datang.", "Non, non, il n’est pas venu. Venu hier.", "fr", ["AUD301"])
    assert flagged(r) == []


# ------------------------------------------------------------------ AUD302
def test_parenthesis_repeat_after_and_before():
    r = run("KPK menahan tersangka.",
            "La Commission anticorruption (KPK) KPK a arrêté le suspect, selon la Banque mondiale (banque mondiale).",
            "fr", ["AUD302"])
    assert flagged(r) == [("AUD302", "duplication", "(KPK) KPK"),
                          ("AUD302", "duplication", "la Banque mondiale (banque mondiale)")]


def test_parenthesis_with_acronym_is_fine():
    r = run("Amerika Serikat (AS) dan Bank Indonesia (BI).",
            "Les États-Unis (US) et la Banque d’Indonésie (BI) ont parlé.", "fr", ["AUD302"])
    assert flagged(r) == []


# ------------------------------------------------------------------ AUD311
@pytest.mark.parametrize("lang,text,span", [
    ("en", "Officials read the report, The president said on Monday.", "The"),
    ("fr", "Selon le rapport, Les relations restent tendues avec la Russie.", "Les"),
    ("fr", "Il a rencontré des responsables, La Russie et la France ont signé.", "La"),
])
def test_capitalised_function_word_found(lang, text, span):
    r = run("Presiden berbicara.", text, lang, ["AUD311"])
    assert flagged(r) == [("AUD311", "casing", span)]
    assert r.findings[0].suggestion == span.lower()


@pytest.mark.parametrize("lang,src,text", [
    ("fr", "Presiden berbicara.", "Le président a dit : « Les relations sont bonnes. » La Haye a répondu."),
    ("fr", "Presiden berbicara.", "JAKARTA - Les relations sont tendues, selon Le Monde et selon La Croix."),
    ("fr", "Presiden berbicara.", "Il vit à La Haye, près du Caire, et lit Le Figaro."),
    ("en", "Menurut The Jakarta Post, presiden berbicara.", "According to The Jakarta Post, the president spoke."),
    ("en", "Presiden berbicara.", "He watched the film The Lord of the Rings, then met Group A players."),
    ("fr", "Presiden berbicara.", "Les Relations Entre La Russie Et Les États-Unis Se Réchauffent Encore"),
    ("fr", "Marine Le Pen berbicara.", "Le président a critiqué Marine Le Pen, puis Le Pen a répondu."),
])
def test_capitalised_function_word_legitimate(lang, src, text):
    r = run(src, text, lang, ["AUD311"])
    assert flagged(r) == []


# ------------------------------------------------------------------ AUD312
def test_name_casing_acronym_and_brand():
    r = run("Aplikasi DigitalSiber dan KPK diluncurkan.",
            "L’application Digitalsiber et le Kpk ont été lancés.", "fr", ["AUD312"])
    assert flagged(r) == [("AUD312", "casing", "Digitalsiber"), ("AUD312", "casing", "Kpk")]
    assert [f.suggestion for f in r.findings] == ["DigitalSiber", "KPK"]


def test_a_place_name_and_an_acronym_of_the_source_written_in_lower_case():
    # names and acronyms that the web writes often enough for a word list to know them
    src = "Menurut data PLN, ratusan rumah di Surabaya Utara masih gelap."
    tgt = "Selon les données de pln, des centaines de maisons du nord de surabaya restent sans courant."
    r = run(src, tgt, "fr", ["AUD312"])
    assert flagged(r) == [("AUD312", "casing", "pln"), ("AUD312", "casing", "surabaya")]
    assert [f.suggestion for f in r.findings] == ["PLN", "Surabaya"]
    # a place name that is also a common word of the language stays alone ("paris", bets)
    r = run("Ia tiba di Paris kemarin.", "Les paris sont ouverts depuis hier.", "fr", ["AUD312"])
    assert flagged(r) == []


def test_name_casing_leaves_datelines_common_words_and_word_acronyms():
    src = "JAKARTA - Kasus COVID-19 di AS naik, kata WHO."
    tgt = "JAKARTA - As cases of Covid-19 rise in the US, Jakarta waits, as the Who said."
    r = run(src, tgt, "en", ["AUD312"])
    # "As"/"as" are English words; "Covid" is accepted style; "Jakarta" is the dateline's word
    assert flagged(r) == [("AUD312", "casing", "Who")]


# ------------------------------------------------------------------ AUD401 / AUD402
def test_soenarko_misspelled():
    r = run("Polisi memeriksa mantan Danjen Kopassus Soenarko di Jakarta.",
            "La police a interrogé l’ancien commandant des Kopassus Soinarko à Jakarta.", "fr", ["AUD40"])
    assert flagged(r) == [("AUD402", "entity", "Soinarko")]
    f = r.findings[0]
    assert f.suggestion == "Soenarko" and f.severity == "major" and 0 < f.confidence < 1


def test_indonesian_names_article_clean_fr_and_en():
    src = ("Presiden Joko Widodo bertemu Menteri Pertahanan Prabowo Subianto dan Menteri Keuangan "
           "Sri Mulyani Indrawati di Surabaya, Jawa Timur.\n"
           "KPK dan DPR membahas anggaran Kementerian Keuangan untuk Jawa Barat bersama TNI.")
    fr = ("Le président Joko Widodo a rencontré le ministre de la Défense Prabowo Subianto et la ministre "
          "des Finances Sri Mulyani Indrawati à Surabaya, dans l’est de Java.\n"
          "Le KPK et la DPR ont examiné le budget du ministère des Finances pour Java occidental avec la TNI.")
    en = ("President Joko Widodo met Defense Minister Prabowo Subianto and Finance Minister "
          "Sri Mulyani Indrawati in Surabaya, East Java.\n"
          "The KPK and the DPR discussed the Finance Ministry's budget for West Java with the TNI.")
    for lang, tgt in (("fr", fr), ("en", en)):
        r = run(src, tgt, lang)
        assert flagged(r) == [], lang


def test_exonyms_and_spelling_variants_are_accepted():
    src = ("Presiden Rusia Vladimir Putin menelepon Presiden Soekarno dan Menteri Luar Negeri Rusia "
           "Sergey Lavrov di Moskow.")
    tgt = "Le président russe Vladimir Poutine a appelé le président Sukarno et le ministre russe Sergueï Lavrov à Moscou."
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == []


def test_name_missing_but_named_in_the_same_paragraph_or_by_pronoun():
    src = ("Menteri Keuangan Sri Mulyani berbicara. Sri Mulyani mengatakan anggaran aman.\n"
           "Sri Mulyani menambahkan inflasi terkendali.")
    tgt = ("La ministre des Finances Sri Mulyani a pris la parole. Selon elle, le budget est sûr.\n"
           "Elle a ajouté que l’inflation était maîtrisée.")
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == []


def test_name_missing_elsewhere_named_is_a_note():
    src = "Sri Mulyani Indrawati tiba di Jakarta.\nPejabat itu bertemu wartawan, kata Sri Mulyani Indrawati."
    tgt = "Sri Mulyani Indrawati est arrivée à Jakarta.\nLa responsable a rencontré des journalistes, a-t-on appris."
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == [("AUD401", "entity", "La responsable a rencontré des journalistes")]
    assert r.findings[0].severity == "info" and r.findings[0].confidence < 0.5


def test_place_dropped_only_when_never_mentioned():
    src = "Delegasi dari Jepang tiba di Jakarta.\nDelegasi Jepang kemudian pulang."
    tgt = "Une délégation japonaise est arrivée à Jakarta.\nLa délégation est ensuite repartie."
    assert flagged(run(src, tgt, "fr", ["AUD40"])) == []
    tgt2 = "Une délégation est arrivée à Jakarta.\nLa délégation est ensuite repartie."
    r = run(src, tgt2, "fr", ["AUD40"])
    assert [x[:2] for x in flagged(r)] == [("AUD401", "entity")] * 2
    assert all(f.severity == "info" for f in r.findings)       # a note, never failing a run


def test_casing_checks_split_a_word_that_is_also_a_source_acronym():
    """'As' after a comma is the English word (AUD311); 'the Who' is the source's WHO (AUD312)."""
    r = run("Presiden AS berbicara kepada WHO.", "The US president spoke, As expected, to the Who.",
            "en", ["AUD31"])
    assert flagged(r) == [("AUD311", "casing", "As"), ("AUD312", "casing", "Who")]
    assert [f.suggestion for f in r.findings] == ["as", "WHO"]


# ------------------------------------------------------------------ names on unseen text
def test_gallicised_indonesian_first_name_is_a_misspelling():
    """'Ismaël' for the Indonesian 'Ismail' is no exonym: reported, on the name, with the source spelling."""
    src = "Pelatih Ismail Halim mengatakan tim siap.\nIsmail menambahkan, empat pemain tiba besok."
    tgt = ("L'entraîneur Ismail Halim a dit que l'équipe était prête.\n"
           "Ismaël a ajouté que quatre joueurs arrivaient demain.")
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == [("AUD402", "entity", "Ismaël")]
    assert r.findings[0].suggestion == "Ismail"


def test_an_indonesian_first_name_respelt_as_a_french_one_beside_the_right_surname():
    """'Marc' (a French word and name) for the Indonesian first name 'Markus', the surname kept:
    reported on the first name, with the source spelling."""
    src = "Ketua panitia, Markus Wijaya, mengatakan acara dimulai pukul delapan."
    tgt = "Le président du comité, Marc Wijaya, a indiqué que l'événement commençait à huit heures."
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == [("AUD402", "entity", "Marc")]
    assert r.findings[0].suggestion == "Markus"
    # another first name altogether (not starting alike) is no respelling of this one
    src = "Ketua panitia, Markus Wijaya, mengatakan acara dimulai pukul delapan."
    tgt = "Le président du comité, Victor Wijaya, a indiqué que l'événement commençait à huit heures."
    assert [c for c, _, _ in flagged(run(src, tgt, "fr", ["AUD40"])) if c == "AUD402"] == []


def test_foreign_name_in_the_target_language_spelling_is_accepted():
    src = "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Jakarta."
    tgt = "Le ministre russe des Affaires étrangères, Sergueï Lavrov, est arrivé à Jakarta."
    assert flagged(run(src, tgt, "fr", ["AUD40"])) == []


def test_surname_changed_next_to_a_right_first_name():
    """'Hasanah' beside a right 'Lestari' stands where the source's 'Hasan' stands."""
    src = "Kepala dinas, Lestari Hasan, menyebut masalah itu sudah selesai."
    tgt = "La cheffe du service, Lestari Hasanah, a indiqué que le problème était réglé."
    r = run(src, tgt, "fr", ["AUD40"])
    assert flagged(r) == [("AUD402", "entity", "Hasanah")]
    assert r.findings[0].suggestion == "Hasan"


def test_capitalised_indonesian_derived_word_and_regional_abbreviation_are_no_names():
    src = ("DPR membahas Rancangan Undang-Undang Energi Baru dan Terbarukan bersama Ketua KPU Jatim "
           "Budi Waluyo pada Senin.")
    tgt = ("La DPR a examiné le projet de loi sur les énergies nouvelles et renouvelables avec le "
           "président de la KPU de Java oriental, Budi Waluyo, lundi.")
    assert flagged(run(src, tgt, "en" if False else "fr", ["AUD40"])) == []


def test_missing_name_is_reported_on_a_short_span_where_it_belongs():
    src = ("Bantuan itu diserahkan di Balai Kota Semarang pada Senin, 4 Maret 2024, oleh Wali Kota Semarang "
           "Hendrar Prihadi kepada 120 keluarga yang terdampak banjir di kawasan pesisir utara kota.")
    tgt = ("L'aide a été remise lundi 4 mars 2024 à l'hôtel de ville de Semarang, par le maire, "
           "à 120 familles touchées par les inondations dans la zone côtière au nord de la ville.")
    r = run(src, tgt, "fr", ["AUD401"])
    [f] = r.findings
    assert f.span.end - f.span.start <= 60
    assert "par le maire" in r.translation.raw[f.span.start:f.span.end]


def test_repeats_after_a_comma_and_parentheses_said_twice():
    r = run("Harga naik, misalnya dua liter beras.", "Les prix montent, par exemple deux litres, par exemple "
            "deux litres de riz.", "fr", ["AUD30"])
    assert flagged(r) == [("AUD301", "duplication", "par exemple deux litres, par exemple deux litres")]
    r = run("Komisi Pemberantasan Korupsi (KPK) memeriksa saksi.",
            "The Corruption Eradication Commission (KPK) (KPK) questioned witnesses.", "en", ["AUD30"])
    assert flagged(r) == [("AUD301", "duplication", "(KPK) (KPK)")]
    assert r.findings[0].suggestion == "(KPK)"
    # a short word said twice for emphasis is no slip
    assert flagged(run("Dia berkata tidak, tidak.", "Il a dit non, non, jamais.", "fr", ["AUD30"])) == []


def test_capitalised_article_after_a_comma_before_a_common_noun():
    r = run("Sementara itu, Komisi Pemilihan Umum mengingatkan tim kampanye.",
            "Par ailleurs, La Commission électorale a rappelé les règles aux équipes.", "fr", ["AUD31"])
    assert flagged(r) == [("AUD311", "casing", "La")]
    # a newspaper's name after a preposition stays alone
    assert flagged(run("Menurut harian itu, situasinya tenang.", "Selon Le Monde, la situation est calme.",
                       "fr", ["AUD31"])) == []


def test_names_and_acronyms_of_the_source_written_in_lower_case():
    src = "Menurut KPK, pemimpin FPI Habib Rizieq diperiksa di Polda Banten."
    tgt = "Selon la kpk, le chef du FPI, Habib rizieq, a été interrogé par la police de banten."
    r = run(src, tgt, "fr", ["AUD312"])
    assert flagged(r) == [("AUD312", "casing", "kpk"), ("AUD312", "casing", "rizieq"),
                          ("AUD312", "casing", "banten")]
    assert [f.suggestion for f in r.findings] == ["KPK", "Rizieq", "Banten"]


def test_office_abbreviations_and_capitalised_common_words_are_no_missing_names():
    """Capitalised runs with nothing that says 'person' (an office's syllable abbreviation, a law's
    title word, the jurisdiction before a rank) are rendered in the translation's own words."""
    src = ("Kasubag Humas Polres Bantul Iptu Sari Dewi mengatakan pelaku dijerat Undang-Undang tentang "
           "Perlindungan Anak.")
    tgt = ("La porte-parole de la police de Bantul, la lieutenante Sari Dewi, a indiqué que l'auteur "
           "était poursuivi en vertu de la loi sur la protection de l'enfance.")
    assert flagged(run(src, tgt, "fr", ["AUD40"])) == []
    # the person's name itself, dropped, is still reported
    tgt2 = ("La porte-parole de la police de Bantul a indiqué que l'auteur était poursuivi en vertu "
            "de la loi sur la protection de l'enfance.")
    r = run(src, tgt2, "fr", ["AUD401"])
    assert [(f.code, f.severity) for f in r.findings] == [("AUD401", "major")]
    assert "Sari Dewi" in r.findings[0].message


def test_acronym_written_in_lower_case_is_a_casing_finding_only():
    r = run("Penyidik KPK memeriksa saksi di Jakarta.", "Les enquêteurs de la kpk ont entendu un témoin à Jakarta.",
            "fr", ["AUD31", "AUD40"])
    assert flagged(r) == [("AUD312", "casing", "kpk")]


def test_street_name_translated_word_by_word():
    src = "Massa melarikan diri ke Gang Kelinci setelah dibubarkan polisi."
    r = run(src, "The crowd fled to Rabbit Alley after police dispersed it.", "en", ["AUD40"])
    assert flagged(r) == [("AUD402", "entity", "Rabbit Alley")]
    assert r.findings[0].severity == "minor"
    # kept as written, or with its head translated: no finding
    for tgt in ("The crowd fled to Gang Kelinci after police dispersed it.",
                "The crowd fled to Kelinci Alley after police dispersed it."):
        assert flagged(run(src, tgt, "en", ["AUD40"])) == []


def test_a_name_shortened_to_the_starts_of_its_words_is_not_missing():
    src = "Gubernur Bambang Santoso meresmikan jembatan baru di Kabupaten Malang."
    short = run(src, "Governor Bamsan inaugurated a new bridge in Malang Regency.", "en")
    assert [c for c, _, _ in flagged(short) if c == "AUD401"] == []
    lost = run(src, "The governor inaugurated a new bridge in Malang Regency.", "en")
    assert [c for c, _, _ in flagged(lost) if c == "AUD401"] == ["AUD401"]


def test_an_indonesian_name_in_lower_case_is_reported_though_word_counts_know_it():
    r = run("Bupati Agus Santoso meninjau lokasi banjir di Kabupaten Demak.",
            "Le régent agus santoso a inspecté le site des inondations dans la régence de Demak.", "fr")
    assert [(c, t) for c, _, t in flagged(r) if c == "AUD312"] == [("AUD312", "agus"), ("AUD312", "santoso")]
    assert [f.suggestion for f in r.findings if f.code == "AUD312"] == ["Agus", "Santoso"]


@pytest.mark.parametrize("tgt,lang,word", [
    ("Les secours ont attendu longtemps, Finalement Agus est arrivé sur place.", "fr", "Finalement"),
    ("The rescuers waited for hours, Finally Agus arrived at the site.", "en", "Finally"),
])
def test_a_clause_adverb_capitalised_inside_a_sentence_is_reported_even_before_a_name(tgt, lang, word):
    r = run("Tim penyelamat menunggu berjam-jam, akhirnya Agus tiba di lokasi.", tgt, lang)
    assert ("AUD311", "casing", word) in flagged(r)


def test_a_clause_adverb_at_the_start_of_a_sentence_is_left_alone():
    r = run("Tim penyelamat menunggu berjam-jam. Akhirnya Agus tiba di lokasi.",
            "The rescuers waited for hours. Finally Agus arrived at the site.", "en")
    assert [c for c, _, _ in flagged(r) if c == "AUD311"] == []


def test_an_indonesian_name_respelt_the_french_way_is_misspelt_a_foreign_one_is_not():
    r = run("Wali Kota Pekanbaru Firdaus hadir bersama Presiden Rusia Vladimir Putin.",
            "Le maire de Pekanbaru Firdaous était présent avec le président russe Vladimir Poutine.", "fr")
    assert [(c, t) for c, _, t in flagged(r)] == [("AUD402", "Firdaous")]
    assert r.findings[0].suggestion == "Firdaus"


@pytest.mark.parametrize("src,tgt", [
    ("Arus mudik di Jalan Lintas Kalimantan padat sejak pagi.",
     "La circulation sur l'axe transkalimantanais est dense depuis le matin."),
    ("Truk logistik melintasi Jalan Lintas Sulawesi setiap malam.",
     "Les camions de fret empruntent chaque nuit la route transsulawesienne."),
])
def test_a_place_rendered_as_an_adjective_after_a_prefix_is_not_missing(src, tgt):
    r = run(src, tgt, "fr")
    assert [c for c, _, _ in flagged(r) if c == "AUD401"] == []


@pytest.mark.parametrize("lang,text,span", [
    ("en", "Officers of the Joint Patrol And Guard Unit searched the river.", "And"),
    ("fr", "Les agents de la Brigade Fluviale Et Portuaire ont fouillé le fleuve.", "Et"),
])
def test_capitalised_conjunction_inside_a_name_found(lang, text, span):
    r = run("Petugas menyisir sungai.", text, lang, ["AUD311"])
    assert flagged(r) == [("AUD311", "casing", span)]
    assert r.findings[0].suggestion == span.lower()


@pytest.mark.parametrize("lang,src,text", [
    ("en", "Petugas menyisir sungai.", "Officers of the Joint Patrol and Guard Unit searched the river."),
    ("en", "Band Salt And Pepper tampil.", "The band Salt And Pepper performed."),
    ("en", "Petugas menyisir sungai.", "Joint Patrol And Guard Unit Searches The River"),
])
def test_capitalised_conjunction_legitimate(lang, src, text):
    r = run(src, text, lang, ["AUD311"])
    assert flagged(r) == []
