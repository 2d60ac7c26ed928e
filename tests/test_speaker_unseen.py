"""AUD601/AUD602 on shapes of article the other speaker tests do not hold: titles before a name of the
other gender, speakers the first-name lexicon does not know, speakers named by their role only.

Every sentence and name here is invented."""
from __future__ import annotations

from auditor.pipeline import audit_texts


def _found(src: str, tgt: str, lang: str, codes=("AUD601", "AUD602")):
    r = audit_texts(src, tgt, tgt_lang=lang, select=list(codes))
    assert not r.errors
    return [(r.translation.line_col(f.span.start)[0], r.translation.raw[f.span.start:f.span.end], f.suggestion)
            for f in r.findings]


def test_a_courtesy_title_of_the_other_gender_is_reported_with_its_fix():
    src = ("Dinas Kesehatan Kota Lumbang mencatat 80 kasus diare.\n"
           '"Sebagian besar menyerang balita," kata Kepala Dinas Kesehatan, Ibu Pirantika Sorongan.')
    tgt = ("The Lumbang Health Office recorded 80 cases of diarrhoea.\n"
           '"Most of them affect toddlers," said the head of the health office, Mr Pirantika Sorongan.')
    assert _found(src, tgt, "en") == [(2, "Mr", "Ms")]
    fr = ("Le service de santé de Lumbang a recensé 80 cas de diarrhée.\n"
          "« La plupart touchent des tout-petits », a déclaré la cheffe du service de santé, M. Pirantika Sorongan.")
    assert _found(src, fr, "fr") == [(2, "M.", "Mme")]
    # the right title is left alone
    ok = fr.replace("M. Pirantika", "Mme Pirantika")
    assert _found(src, ok, "fr") == []


def test_a_speaker_the_lexicon_does_not_know_is_a_person_when_the_source_names_them():
    # "Baskoro" is in no lexicon and is the subject of no speech verb here ("a marqué"); the source's "ujar Baskoro"
    # says he is a person who speaks, and the name model says a man
    src = ("Pemain baru klub itu, Baskoro Wiratmaja, mencetak dua gol pada Sabtu. "
           '"Saya ingin membawa tim ini juara," ujar Baskoro.')
    tgt = ("La nouvelle recrue du club, Baskoro Wiratmaja, a marqué deux buts samedi. "
           "« Je veux mener cette équipe au titre », a-t-elle déclaré.")
    got = _found(src, tgt, "fr")
    assert [(t, s) for _, t, s in got] == [("a-t-elle déclaré", "a-t-il déclaré")]


def test_a_name_the_model_is_sure_of_holds_against_consistent_agreement():
    # the translation agrees every form with "la recrue" (feminine); the name is a man's beyond doubt
    src = ("Pemain baru klub itu, Baskoro Wiratmaja, mengaku senang bisa bergabung. "
           '"Saya ingin membawa tim ini juara," ujar Baskoro.')
    tgt = ("La nouvelle recrue du club, Baskoro Wiratmaja, s'est dite heureuse de le rejoindre. "
           "« Je veux mener cette équipe au titre », a-t-elle déclaré.")
    got = [(t, s) for _, t, s in _found(src, tgt, "fr")]
    assert got == [("dite heureuse", "dit heureux"), ("a-t-elle déclaré", "a-t-il déclaré")]
    # an uncertain name ("Ade", for men and women) leaves the translation's choice alone
    assert _found(src.replace("Baskoro Wiratmaja", "Ade Wiratmaja").replace("ujar Baskoro", "ujar Ade"),
                  tgt.replace("Baskoro", "Ade"), "fr") == []


def test_a_place_closing_a_source_title_is_no_person():
    # "kata Kapolres Lembah Hijau": the last capitalised words are a place, not the speaker's name
    src = ('"Pelaku sudah kami tangkap," kata Kapolres Lembah Hijau.\n'
           "Warga Lembah Hijau diminta tetap tenang.")
    tgt = ("« Nous avons arrêté le suspect », a déclaré le chef de la police de Lembah Hijau.\n"
           "Les habitants de Lembah Hijau sont priés de rester calmes. Elle a ajouté que l'enquête continuait.")
    assert _found(src, tgt, "fr") == []
