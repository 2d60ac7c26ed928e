"""The lexical checks: AUD101 non-word, AUD102/AUD103 untranslated, AUD104 boilerplate."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checks import _lexicon
from auditor.config import Config
from auditor.pipeline import audit_files, audit_texts

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
LEXICAL = ["AUD101", "AUD102", "AUD103", "AUD104"]

needs_fr_en_id = pytest.mark.skipif(
    not all(_lexicon.available(l) for l in ("fr", "en", "id")),
    reason="hunspell dictionaries fr, en_US and id_ID are not installed (Debian: hunspell-fr hunspell-en-us hunspell-id)")


def flagged(result, codes=LEXICAL):
    """(code, category, flagged text) of every finding of `codes`, in file order."""
    return [(f.code, f.category, result.translation.raw[f.span.start:f.span.end])
            for f in result.findings if f.code in codes]


def audit_fixture(name: str, lang: str, **kw):
    d = FIX / name
    return audit_files(str(d / "source.id.txt"), str(d / f"translation.{lang}.txt"), **kw)


def audit(src: str, tgt: str, lang: str, select=LEXICAL, **kw):
    return audit_texts(src, tgt, tgt_lang=lang, select=list(select), **kw)


# ----------------------------------------------------------------------------- the seed

@needs_fr_en_id
def test_seed_gold_findings_in_scope_are_found_and_nothing_else():
    r = audit_fixture("voi-russia-us", "fr")
    gold = json.loads((FIX / "voi-russia-us" / "gold.json").read_text("utf-8"))["findings"]
    mine = [f for f in r.findings if f.code in LEXICAL]
    lines = r.translation.raw.split("\n")

    def found(line: int, text: str, category: str) -> bool:
        start = sum(len(l) + 1 for l in lines[:line - 1]) + lines[line - 1].index(text)
        end = start + len(text)
        return any(f.span.start < end and start < f.span.end and f.category == category for f in mine)

    for g in gold:
        if g["category"] == "nonword" or (g["category"] == "untranslated" and g["line"] == 6):
            assert found(g["line"], g["span"], g["category"]), g
    assert found(7, "Intelligence", "untranslated")        # part of the gold line-7 span
    assert found(11, "The English, Chinese", "boilerplate")  # gold line 11, declared boilerplate
    assert flagged(r) == [
        ("AUD101", "nonword", "irréfiable"),
        ("AUD103", "untranslated", "National Intelligence Agency"),
        ("AUD103", "untranslated", "Intelligence"),
        ("AUD104", "boilerplate", lines[10]),
    ]


@needs_fr_en_id
def test_seed_nonword_message_lists_nearest_dictionary_words():
    r = audit_fixture("voi-russia-us", "fr")
    f = next(f for f in r.findings if f.code == "AUD101")
    assert f.severity == "major"
    # spelling alone points to "irréfutable" (2 edits); the source's "tidak dapat diubah",
    # rendered "irréversible", gives the word meant
    assert f.suggestion == "irréversible"
    assert f.message.startswith("“irréfiable” is not a French word; the source calls for "
                                "“irréversible”; nearest words by spelling: irréfutable")
    # the candidates are real French words close in spelling
    lex = _lexicon.get_lexicon("fr")
    assert f.evidence["candidates"] and all(lex.is_word(c) for c in f.evidence["candidates"])
    assert f.evidence["source"].startswith('"Kami berkepentingan')


# ----------------------------------------------------------------------------- clean text

@needs_fr_en_id
@pytest.mark.parametrize("name,lang", [("lex-clean-fr", "fr"), ("lex-clean-fr2", "fr"),
                                       ("lex-clean-en", "en"), ("lex-clean-en2", "en")])
def test_clean_fixtures_raise_nothing(name, lang):
    r = audit_fixture(name, lang)
    assert flagged(r) == []
    assert not r.errors


# ----------------------------------------------------------------------------- faulty text

@needs_fr_en_id
def test_faulty_fr_fixture():
    r = audit_fixture("lex-faulty-fr", "fr")
    assert flagged(r) == [
        ("AUD103", "untranslated", "Corruption Eradication Commission"),
        ("AUD102", "untranslated", "dan"),
        ("AUD101", "nonword", "judiciare"),
        ("AUD101", "nonword", "corrupsion"),
        ("AUD103", "untranslated", "the government said"),
        ("AUD102", "untranslated", "pengadilan tindak pidana korupsi"),
    ]
    sugg = {r.translation.raw[f.span.start:f.span.end]: f.suggestion for f in r.findings if f.code == "AUD101"}
    assert sugg == {"judiciare": "judiciaire", "corrupsion": "corruption"}


@needs_fr_en_id
def test_faulty_en_fixture():
    r = audit_fixture("lex-faulty-en", "en")
    assert flagged(r) == [
        ("AUD102", "untranslated", "dan"),
        ("AUD101", "nonword", "proccess"),
        ("AUD102", "untranslated", "yang menjadi ujian"),
    ]
    f = next(f for f in r.findings if f.code == "AUD101")
    assert f.suggestion == "process"
    assert f.message.startswith("“proccess” is not an English word")
    assert "AUD103" not in r.signature["checks"]   # English cannot be "left in English"


# ----------------------------------------------------------------------------- AUD101 rules

SRC = "Juru bicara Maria Zakharova mengatakan hal itu di Jakarta, Senin."


@needs_fr_en_id
def test_nonword_elision_hyphen_and_case():
    tgt = ("La porte-parole a parlé d’une dégradation irréfiable, a-t-elle dit, et d’irréfiable "
           "lutte anti-corrupsion aujourd’hui.")
    r = audit(SRC, tgt, "fr", select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "irréfiable"), ("AUD101", "nonword", "irréfiable"),
                          ("AUD101", "nonword", "corrupsion")]


@needs_fr_en_id
def test_nonword_leaves_names_numbers_acronyms_urls_alone():
    tgt = ("Maria Zakharova, porte-parole, a déclaré lundi à Jakarta que le BNPB et Kemenlu avaient publié "
           "3 500 documents en 2024, le 1er mars, au XXIe siècle, via https://kemlu.go.id/irrefiable, "
           "contact@irrefiable.org, #irréfiable et @kemlu, comme l’a rapporté le quotidien Kompazz.")
    r = audit(SRC, tgt, "fr", select=["AUD101"])
    assert flagged(r) == []


@needs_fr_en_id
def test_nonword_at_sentence_start_is_reported_with_less_confidence():
    r = audit(SRC, "Gouvernemant a déclaré lundi que tout va bien.", "fr", select=["AUD101"])
    [f] = r.findings
    assert r.translation.raw[f.span.start:f.span.end] == "Gouvernemant"
    assert f.suggestion == "Gouvernement"
    assert f.confidence < 0.9
    # the same word as a name in mid-sentence is left alone
    r = audit(SRC, "Lundi, Gouvernemant a déclaré que tout va bien.", "fr", select=["AUD101"])
    assert r.findings == []


@needs_fr_en_id
def test_nonword_english_variants_and_possessive():
    tgt = ("The organisation's favourite colour, Zakharova's defence, was re-elected in mid-2023 "
           "by a well-known co-founder, but the goverment travelled.")
    r = audit(SRC, tgt, "en", select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "goverment")]
    assert r.findings[0].suggestion == "government"


@needs_fr_en_id
def test_nonword_names_and_terms_of_the_source_are_left_alone():
    src = "Warga merayakan mudik dengan naik ojek, kata Zakharova."
    tgt = "Les habitants célèbrent le mudik en ojek, selon Zakharovа. Zakharov a parlé."
    r = audit(src, tgt, "fr", select=["AUD101"])
    assert flagged(r) == []


@needs_fr_en_id
def test_nonword_suggestion_follows_the_users_glossary(tmp_path):
    gl = tmp_path / "g.csv"
    gl.write_text("source,target\nmembingungkan,déroutante\n", "utf-8")
    src = "Situasinya rumit dan membingungkan."
    r = audit(src, "Une situation inextriquable et dérourante.", "fr", select=["AUD101"],
              extra={"glossaries": [str(gl)]})
    assert [(t, f.suggestion) for (_, _, t), f in zip(flagged(r), r.findings)] == [
        ("inextriquable", "inextricable"), ("dérourante", "déroutante")]
    # without the glossary nothing in the source points to "déroutante"
    r = audit(src, "Une situation inextriquable et dérourante.", "fr", select=["AUD101"])
    assert r.findings[1].suggestion != "déroutante"


@needs_fr_en_id
def test_nonword_decomposed_accents():
    # "è" and "é" written as a letter and a combining accent (U+0300, U+0301)
    tgt = "Les prix ont augmenté de 3 centime\u0300tres, une de\u0301gradation irre\u0301fiable."
    r = audit(SRC, tgt, "fr", select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "irre\u0301fiable")]


# ----------------------------------------------------------------------------- AUD102 rules

@needs_fr_en_id
def test_indonesian_function_words_and_runs():
    src = "Presiden Joko Widodo bertemu warga Jawa Barat dan Leonardo di Caprio."
    tgt = ("Le président Joko Widodo a rencontré les habitants de Jawa Barat dan les acteurs, "
           "yang sangat senang, et Leonardo di Caprio, selon le principe du yin et du yang.")
    r = audit(src, tgt, "fr", select=["AUD102"])
    assert flagged(r) == [("AUD102", "untranslated", "dan"),
                          ("AUD102", "untranslated", "yang sangat senang")]
    assert all(f.severity == "major" for f in r.findings)


@needs_fr_en_id
def test_indonesian_terms_kept_on_purpose_are_left_alone():
    src = "Wisatawan menyukai nasi goreng dan mudik Lebaran."
    tgt = "Tourists like nasi goreng (fried rice), the “mudik” exodus and Lebaran."
    assert flagged(audit(src, tgt, "en", select=["AUD102"])) == []
    tgt = "Tourists like nasi goreng and the exodus."
    assert flagged(audit(src, tgt, "en", select=["AUD102"])) == [("AUD102", "untranslated", "nasi goreng")]


# ----------------------------------------------------------------------------- AUD103 rules

@needs_fr_en_id
def test_english_kept_names_from_the_source_are_left_alone():
    src = ("Laporan Human Rights Watch dan Bank of America dikutip Reuters di Washington, "
           "serta artikel 'The Art of the Deal'.")
    tgt = ("Le rapport de Human Rights Watch et de Bank of America a été cité par Reuters à Washington, "
           "ainsi que le livre « The Art of the Deal ».")
    assert flagged(audit(src, tgt, "fr", select=["AUD103"])) == []


@needs_fr_en_id
def test_english_titles_function_words_and_sentences():
    src = "Badan Intelijen Nasional AS mengatakan pemerintah akan bertindak."
    tgt = ("Selon la Central Intelligence Agency, le gouvernement agira with force. "
           "The government will act quickly against the threat.")
    r = audit(src, tgt, "fr", select=["AUD103"])
    assert flagged(r) == [("AUD103", "untranslated", "Central Intelligence Agency"),
                          ("AUD103", "untranslated", "with"),
                          ("AUD103", "untranslated", "The government will act quickly against the threat")]
    assert "sentence left in English" in r.findings[-1].message


@needs_fr_en_id
def test_english_in_a_chinese_translation():
    src = "Badan Intelijen Nasional AS mengatakan hal itu, seperti dikutip Reuters."
    tgt = "据Reuters报道，美国National Intelligence Agency表示，政府将在下周对此采取进一步行动。"
    r = audit(src, tgt, "zh", select=["AUD103"])
    assert flagged(r) == [("AUD103", "untranslated", "National Intelligence Agency")]


@needs_fr_en_id
def test_english_check_does_not_run_on_english_targets():
    r = audit("Badan Intelijen Nasional.", "The National Intelligence Agency said so.", "en", select=["AUD103"])
    assert r.findings == [] and "AUD103" not in r.signature["checks"]


# ----------------------------------------------------------------------------- AUD104

def test_boilerplate_one_finding_per_paragraph_with_user_pattern():
    src = "Presiden berbicara di Jakarta.\n"
    tgt = ("Le président a parlé à Jakarta.\n"
           "Ce texte est traduit par une machine. Merci de votre compréhension.\n")
    r = audit(src, tgt, "fr", select=["AUD104"], config=Config(boilerplate=[r"traduit par une machine"]))
    [f] = r.findings
    assert (f.code, f.category, f.severity) == ("AUD104", "boilerplate", "info")
    assert r.translation.raw[f.span.start:f.span.end] == (
        "Ce texte est traduit par une machine. Merci de votre compréhension.")
    assert "traduit par une machine" in f.message and "no counterpart in the source" in f.message
    assert not r.fails("minor")


# ----------------------------------------------------------------------------- dictionaries

def test_missing_dictionary_reports_nothing_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setattr(_lexicon, "dictionary_dirs", lambda: [tmp_path])
    monkeypatch.setattr(_lexicon, "_LEXICONS", {})
    from auditor.checks.nonword import NonWord, available
    assert available("fr") is False
    assert "no hunspell dictionary for 'fr'" in NonWord.unavailable("fr")
    r = audit(SRC, "Une dégradation irréfiable.", "fr", select=["AUD101", "AUD102", "AUD103"])
    assert r.findings == [] and not r.errors


@needs_fr_en_id
def test_without_the_target_dictionary_the_untranslated_checks_stay_silent(monkeypatch):
    real = _lexicon.find_dictionary
    monkeypatch.setattr(_lexicon, "find_dictionary", lambda lang: None if lang == "fr" else real(lang))
    monkeypatch.setattr(_lexicon, "_LEXICONS", {})
    from auditor.checks.untranslated import UntranslatedEnglish, UntranslatedIndonesian
    assert "'fr'" in UntranslatedEnglish.unavailable("fr") and "'fr'" in UntranslatedIndonesian.unavailable("fr")
    assert UntranslatedEnglish.unavailable("zh") is None      # no dictionary needed for Chinese
    tgt = "La National Intelligence Agency a publié une information importante dan yang baru."
    r = audit("Badan Intelijen Nasional.", tgt, "fr")
    assert flagged(r) == [] and not r.errors


def test_dictionary_folder_from_environment(monkeypatch, tmp_path):
    d = tmp_path / "dicts"
    d.mkdir()
    (d / "fr.aff").write_text("SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n", encoding="utf-8")
    (d / "fr.dic").write_text("4\nle/S\nchat/S\ndort\nnoir/S\n", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_HUNSPELL_DIR", str(d))
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_lexicon, "_LEXICONS", {})
    assert _lexicon.find_dictionary("fr") == d / "fr"
    lex = _lexicon.get_lexicon("fr")
    assert lex.is_word("chats") and lex.is_word("Le") and not lex.is_word("chien")
    assert list((tmp_path / "cache" / "lexicon").iterdir())   # the expanded forms are kept
    r = audit("Kucing hitam tidur.", "le chat noir dort le chot noirs le chuen", "fr", select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "chot"), ("AUD101", "nonword", "chuen")]
    chot, chien = r.findings
    assert chot.suggestion == "chat"
    # three edits from both "chat" and "chats": listed, but no single suggestion
    assert chien.suggestion is None and chien.evidence["candidates"] == ["chat", "chats"]   # commoner first


# ------------------------------------------------------------------ untranslated on unseen text
def test_a_bare_indonesian_word_in_running_text_is_reported():
    src = "Harga gabah diperkirakan turun menjelang panen raya pada April."
    tgt = "Le prix du paddy devrait baisser à l'approche de la panen raya en avril."
    assert flagged(audit(src, tgt, "fr", select=["AUD102"])) == [("AUD102", "untranslated", "panen raya")]


def test_a_single_bare_indonesian_word_is_minor():
    src = "Warga diminta tidak membuang sampah ke selokan."
    tgt = "Les habitants sont priés de ne pas jeter leurs déchets dans les selokan."
    r = audit(src, tgt, "fr", select=["AUD102"])
    assert flagged(r) == [("AUD102", "untranslated", "selokan")]
    assert r.findings[0].severity == "minor"


def test_indonesian_terms_kept_with_a_gloss_are_no_error():
    src = ("DPR menargetkan RUU disahkan dalam rapat paripurna. Jutaan warga akan mudik tahun ini, "
           "kata dia.")
    tgt = ("The DPR aims to pass the bill at a plenary session (rapat paripurna). Millions of people "
           "will go on mudik, the annual homecoming exodus, this year, he said.")
    assert flagged(audit(src, tgt, "en", select=["AUD102"])) == []


@needs_fr_en_id
@pytest.mark.parametrize("lang,tgt,word", [
    # a word no dictionary lists (a slang word, or a typo of the source), copied as is
    ("fr", "Les manifestants ont tenté de merangsak dans l'enceinte du tribunal.", "merangsak"),
    ("en", "The protesters tried to merangsak into the court compound.", "merangsak"),
])
def test_a_word_copied_from_the_source_that_no_language_knows_is_untranslated(lang, tgt, word):
    src = "Para pengunjuk rasa mencoba merangsak masuk ke halaman pengadilan."
    r = audit(src, tgt, lang, select=["AUD101", "AUD102"])
    assert flagged(r) == [("AUD102", "untranslated", word)]
    assert r.findings[0].severity == "minor"


@needs_fr_en_id
def test_an_indonesian_word_before_a_french_reporting_verb_is_not_glossed():
    """In French "a" after a comma is a verb, not the English article that opens a gloss."""
    src = "Air sungai sudah surut, kata kepala desa."
    tgt = "L'eau de la rivière a déjà surut, a déclaré le chef du village."
    assert flagged(audit(src, tgt, "fr", select=["AUD102"])) == [("AUD102", "untranslated", "surut")]


@needs_fr_en_id
def test_source_words_kept_on_purpose_are_no_untranslated_words():
    src = ("Sebanyak 40 daftar isian masalah (DIM) belum dibahas. Massa meneriakkan \"hidup rakyat kecil\" "
           "dan kata-kata kasar seperti bangsat. Pedagang di minimarket menutup toko.")
    fr = ("Quelque 40 points de la liste des problèmes (daftar isian masalah, DIM) n'ont pas été examinés. "
          "La foule a scandé « hidup rakyat kecil » et des mots grossiers tels que bangsat. "
          "Les commerçants du minimarket ont fermé boutique.")
    en = ("Some 40 items of the problem list (daftar isian masalah, DIM) have not been discussed. "
          "The crowd chanted \"hidup rakyat kecil\" and swear words such as bangsat. "
          "Traders at the minimarket closed their shops.")
    assert flagged(audit(src, fr, "fr", select=["AUD102"])) == []
    assert flagged(audit(src, en, "en", select=["AUD102"])) == []


@needs_fr_en_id
def test_a_term_glossed_once_may_stand_bare_afterwards():
    src = "Jutaan warga akan mudik tahun ini. Jalan tol padat selama mudik berlangsung."
    tgt = ("Des millions d'habitants partiront pour le mudik (l'exode annuel des fêtes) cette année. "
           "Les autoroutes sont saturées pendant le mudik tout entier.")
    assert flagged(audit(src, tgt, "fr", select=["AUD102"])) == []
    bare = ("Des millions d'habitants partiront cette année. Les autoroutes sont saturées pendant le "
            "mudik tout entier.")
    assert flagged(audit(src, bare, "fr", select=["AUD102"])) == [("AUD102", "untranslated", "mudik")]


def test_nonword_suggestions_count_a_swap_as_one_edit_and_words_in_use_are_no_nonwords():
    r = audit("Polisi menangkap tersangka.", "La police a arrêté le suspcet (ndlr : un homme de 30 ans).", "fr",
              select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "suspcet")]
    assert r.findings[0].suggestion == "suspect"
    r = audit("Porsi energi terbarukan naik.", "The share of renewables rose.", "en", select=["AUD101"])
    assert flagged(r) == []


def test_indonesian_rank_or_title_left_as_is():
    r = audit("Kapolda Jawa Tengah Irjen Ahmad Luthfi mengatakan situasi aman.",
              "Kapolda of Central Java Irjen Ahmad Luthfi said the situation was safe.", "en", select=["AUD102"])
    assert flagged(r) == [("AUD102", "untranslated", "Kapolda"), ("AUD102", "untranslated", "Irjen")]
    assert "police chief" in r.findings[0].message and r.findings[0].severity == "minor"
    # glossed, or given in parentheses after its translation: kept on purpose
    r = audit("Kombes Budi Hartono memimpin operasi.",
              "Le commissaire Budi Hartono (Kombes) a dirigé l'opération.", "fr", select=["AUD102"])
    assert flagged(r) == []


def test_a_rank_inside_a_street_name_stays():
    r = audit("Massa berkumpul di Jalan Letjen Suprapto.", "The crowd gathered on Jalan Letjen Suprapto.", "en",
              select=["AUD102"])
    assert flagged(r) == []


@needs_fr_en_id
def test_a_hyphenated_english_compound_is_english_left_not_a_non_word():
    r = audit("Polisi masih menyelidiki kasus tabrak lari di dekat pasar ikan.",
              "La police enquête toujours sur le hit-and-run près du marché aux poissons.", "fr")
    got = [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings]
    assert got == [("AUD103", "hit-and-run")]
    # French words built the same way are French
    r = audit("Selama akhir pekan, toko itu tutup.", "Pendant le week-end, le magasin est resté fermé.", "fr")
    assert r.findings == []


@needs_fr_en_id
def test_a_closed_compound_of_two_english_words_is_english_not_indonesian():
    r = audit("Warga desa itu membuka minimarket baru di dekat stasiun.",
              "The villagers opened a new minimarket near the station.", "en")
    assert [f for f in r.findings if f.code == "AUD102"] == []


@needs_fr_en_id
def test_an_english_word_french_dictionaries_list_but_french_hardly_uses_is_english_left():
    r = audit("Pemerintah daerah mengundang semua pemangku kepentingan ke rapat itu.",
              "Le gouvernement régional a invité tous les stakeholders à la réunion.", "fr")
    assert [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings] == [("AUD103", "stakeholders")]
    # an anglicism that French uses every day is French
    r = audit("Polisi menutup area parkir di depan stadion.", "La police a fermé le parking devant le stade.", "fr")
    assert r.findings == []


@needs_fr_en_id
@pytest.mark.parametrize("tgt,english", [
    ("La circulation devant l’East Surabaya District Court est restée fluide.", "East Surabaya District Court"),
    ("La police de North Sumatra a ouvert une enquête.", "North Sumatra"),
])
def test_english_words_around_a_source_name_are_english_left(tgt, english):
    src = ("Arus lalu lintas di depan PN Surabaya Timur terpantau lancar." if "Surabaya" in tgt
           else "Polisi Sumatra Utara membuka penyelidikan.")
    r = audit(src, tgt, "fr")
    assert [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings] == [("AUD103", english)]


@needs_fr_en_id
def test_an_english_name_the_source_writes_too_is_kept():
    r = audit("Saham-saham di Wall Street dan bursa New York melemah.",
              "Les actions de Wall Street et la bourse de New York ont reculé.", "fr")
    assert r.findings == []


@needs_fr_en_id
@pytest.mark.parametrize("src,tgt,lang,span,fix", [
    ("Warga merayakan pesta besar di alun-alun.", "Les habitants ont célébré une grande fêt e sur la place.",
     "fr", "fêt e", "fête"),
    ("Polisi menahan tersangka itu di Bandung.", "La police a placé le suspe ct en détention à Bandung.",
     "fr", "suspe ct", "suspect"),
    ("Pemerintah daerah menunda proyek itu.", "The local governmen t postponed the project.",
     "en", "governmen t", "government"),
])
def test_a_word_broken_by_a_space_is_one_finding_with_the_joined_word(src, tgt, lang, span, fix):
    r = audit_texts(src, tgt, tgt_lang=lang, select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", span)]
    assert r.findings[0].suggestion == fix


@needs_fr_en_id
@pytest.mark.parametrize("tgt,lang", [
    ("Il a choisi le plan B avant de partir, a dit le maire.", "fr"),
    ("He set the files a part from the others and went in to the office.", "en"),
    ("The two plans were discussed before the vote.", "en"),
])
def test_words_that_happen_to_join_into_a_word_are_left_alone(tgt, lang):
    r = audit_texts("Rencana itu dibahas sebelum pemungutan suara.", tgt, tgt_lang=lang, select=["AUD101"])
    assert flagged(r) == []


@needs_fr_en_id
@pytest.mark.parametrize("tgt,lang", [
    ("Les habitants organisent des rondes de nuit, appelées ronda malam, pour la sécurité du quartier.", "fr"),
    ("Les vendeurs de rue, dits pedagang kaki lima, ne peuvent plus vendre sur les trottoirs.", "fr"),
    ("Residents hold night patrols, known as ronda malam, to keep the neighbourhood safe.", "en"),
])
def test_an_indonesian_term_named_as_a_term_beside_its_translation_is_kept_on_purpose(tgt, lang):
    src = "Warga menggelar ronda malam dan melarang pedagang kaki lima berjualan di trotoar."
    r = audit_texts(src, tgt, tgt_lang=lang, select=["AUD102"])
    assert flagged(r) == []


@needs_fr_en_id
def test_the_same_indonesian_term_left_bare_in_running_text_is_reported():
    r = audit_texts("Warga menggelar ronda malam untuk menjaga keamanan kampung.",
                    "Les habitants organisent la ronda malam pour assurer la sécurité du quartier.",
                    tgt_lang="fr", select=["AUD102"])
    assert [(c, t) for c, _, t in flagged(r)] == [("AUD102", "ronda malam")]


@needs_fr_en_id
@pytest.mark.parametrize("src,tgt,lang", [
    ("Para nelayan menjual ikan di muara sungai.", "The fishermen sell fish at the rivermouth market.", "en"),
    ("Jalan Trans-Kalimantan rusak parah di Sulawesi dan Kalimantan.",
     "La route transkalimantanaise est très endommagée, comme le réseau sulawesien.", "fr"),
])
def test_compounds_of_common_words_and_words_made_from_source_names_are_words(src, tgt, lang):
    r = audit_texts(src, tgt, tgt_lang=lang, select=["AUD101"])
    assert flagged(r) == []


@needs_fr_en_id
def test_a_misspelt_word_is_still_a_non_word_beside_source_names():
    r = audit_texts("Jalan di Kalimantan rusak parah.", "La route de Kalimantan est très endomagée.",
                    tgt_lang="fr", select=["AUD101"])
    assert flagged(r) == [("AUD101", "nonword", "endomagée")]


@needs_fr_en_id
@pytest.mark.parametrize("tgt,lang,found", [
    ("Les habitants perpétuent le nyadran – la visite des tombes – chaque année.", "fr", []),
    ("Residents keep up nyadran - visiting the graves - every year.", "en", []),
    ("Les habitants perpétuent le nyadran chaque année.", "fr", [("AUD102", "untranslated", "nyadran")]),
])
def test_an_indonesian_term_glossed_between_dashes_is_kept_on_purpose(tgt, lang, found):
    r = audit_texts("Warga menggelar tradisi nyadran setiap tahun.", tgt, tgt_lang=lang, select=["AUD102"])
    assert flagged(r) == found


@needs_fr_en_id
def test_english_weekday_left_in_french_is_untranslated():
    r = audit("Pencarian dilanjutkan hingga Rabu pukul 12.00.",
              "Les recherches se poursuivront jusqu'à Wednesday 12 h.", "fr")
    assert flagged(r) == [("AUD103", "untranslated", "Wednesday")]


@needs_fr_en_id
@pytest.mark.parametrize("src,tgt", [
    ("Theresa May bertemu presiden.", "Theresa May a rencontré le président."),
    ("Diskon Black Friday dimulai.", "Les remises du Black Friday ont commencé."),
    ("Pencarian dilanjutkan hingga Rabu.", "Les recherches se poursuivront jusqu'à mercredi."),
])
def test_english_date_names_that_are_names_or_french_are_not_reported(src, tgt):
    assert [c for c in flagged(audit(src, tgt, "fr")) if c[2] in ("May", "Friday")] == []


def test_a_title_that_ends_a_name_the_source_writes_so_stays():
    # the last word of a person's name is also a title: the source has the whole name verbatim
    r = audit("Kepala sekolah, Sekar Ayu Putri, mengatakan kelas dimulai pukul tujuh.",
              "La directrice de l'école, Sekar Ayu Putri, a indiqué que les cours commençaient à sept heures.",
              "fr", select=["AUD102"])
    assert flagged(r) == []
    # the same word kept as a title before a name is still reported
    r = audit("Kapolda Jawa Tengah Irjen Ahmad Luthfi mengatakan situasi aman.",
              "Selon Kapolda Ahmad Luthfi, la situation est sûre.", "fr", select=["AUD102"])
    assert ("AUD102", "untranslated", "Kapolda") in flagged(r)
