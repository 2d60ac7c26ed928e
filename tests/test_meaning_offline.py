"""Offline meaning checks (AUD741-AUD746) and the absolute floor of AUD711: what a user sees.

Every pair here is invented for these tests."""
from __future__ import annotations

import pytest

from auditor.checks import _bilingual
from auditor.checks.base import Context, load_all
from auditor.checks.meaning import MeaningDrift, floor_hit
from auditor.pipeline import audit_texts
from auditor.reader import read_text
from auditor.types import AlignedPair, PairEvidence

MINE = ["AUD741", "AUD742", "AUD743", "AUD744", "AUD745", "AUD746"]


def run(src: str, tgt: str, lang: str, codes=None):
    r = audit_texts(src, tgt, tgt_lang=lang, select=codes or MINE, embed=False)
    assert not r.errors, r.errors
    return r


def flagged(r, codes=None) -> list[tuple[str, str, str]]:
    codes = codes or MINE
    return [(f.code, f.severity, r.translation.raw[f.span.start:f.span.end]) for f in r.findings
            if f.code in codes]


needs_lexicon = pytest.mark.skipif(_bilingual.unavailable_reason("fr") is not None,
                                   reason="FreeDict dictionaries not installed")


# ---------------------------------------------------------------- registry

def test_checks_are_registered():
    checks = load_all()
    want = {"AUD741": ("negation-mismatch", "mistranslation"), "AUD742": ("direction-flip", "mistranslation"),
            "AUD743": ("vague-quantity", "number"), "AUD744": ("unit-mismatch", "number"),
            "AUD745": ("lost-clause", "omission"), "AUD746": ("misread-word", "mistranslation")}
    for code, (name, cat) in want.items():
        info = checks[code].info
        assert (info.name, info.category) == (name, cat)
        assert info.languages == ("fr", "en") and not info.needs
        assert len(info.explanation) > 200


# ---------------------------------------------------------------- polarity

SRC_BELUM = "Polisi belum menemukan senjata yang digunakan pelaku dalam penyerangan itu."


def test_belum_rendered_as_deja_is_critical_with_the_source_negation_as_evidence():
    r = run(SRC_BELUM, "La police a déjà retrouvé l'arme utilisée par l'auteur de l'attaque.", "fr")
    [f] = [f for f in r.findings if f.code == "AUD741"]
    assert f.severity == "critical"
    assert "déjà" in r.translation.raw[f.span.start:f.span.end]
    assert f.span.end - f.span.start <= 60
    assert "belum" in f.evidence["source_words"]


def test_belum_rendered_as_not_yet_or_yet_to_is_fine():
    assert flagged(run(SRC_BELUM, "La police n'a pas encore retrouvé l'arme utilisée par l'auteur de l'attaque.", "fr")) == []
    assert flagged(run(SRC_BELUM, "Police have yet to find the weapon used by the attacker.", "en")) == []
    assert flagged(run(SRC_BELUM, "Police have not found the weapon the attacker used yet.", "en")) == []


def test_belum_as_already_in_english():
    r = run(SRC_BELUM, "Police have already found the weapon used by the attacker.", "en")
    assert [(c, s) for c, s, _ in flagged(r)] == [("AUD741", "critical")]


def test_sudah_rendered_as_not_yet_is_critical():
    r = run("Pemerintah sudah membayar ganti rugi kepada warga yang terdampak.",
            "The government has not yet paid compensation to the affected residents.", "en")
    [f] = [f for f in r.findings if f.code == "AUD741"]
    assert f.severity == "critical" and "sudah" in f.evidence["source_words"]


def test_a_dropped_negation_is_reported_on_its_clause():
    src = "Wali kota mengatakan sekolah tidak akan ditutup selama perbaikan jalan berlangsung."
    r = run(src, "Le maire a déclaré que les écoles seraient fermées pendant les travaux de voirie.", "fr")
    [f] = [f for f in r.findings if f.code == "AUD741"]
    assert f.severity == "major" and f.category == "mistranslation"
    assert "tidak" in f.evidence["source_words"]
    assert f.evidence["translation_negations"] == []
    r = run(src, "The mayor said schools would be closed while the road works are under way.", "en")
    assert [c for c, _, _ in flagged(r)] == ["AUD741"]


def test_an_added_negation_alone_is_not_reported():
    """Translations add negations of their own ('not easy' for 'sulit'): not reported, except
    'sudah' rendered by 'not yet' (above)."""
    r = run("Proses itu sulit bagi warga lanjut usia.", "The process is not easy for elderly residents.", "en")
    assert flagged(r, ["AUD741"]) == []


@pytest.mark.parametrize("src,tgt,lang", [
    # idioms built on a negation word and not rendered by one
    ("Kami tidak hanya membangun jalan, tetapi juga jembatan.", "Nous construisons non seulement des routes, mais aussi des ponts.", "fr"),
    ("Kami tidak hanya membangun jalan, tetapi juga jembatan.", "We are building bridges as well as roads.", "en"),
    # a double negation
    ("Bukan tidak mungkin harga kembali naik bulan depan.", "Il est possible que les prix augmentent de nouveau le mois prochain.", "fr"),
    # negative-meaning verbs on either side
    ("Ia menolak memberikan keterangan kepada wartawan.", "He refused to speak to reporters.", "en"),
    ("Ia tidak mau memberikan keterangan kepada wartawan.", "Il a refusé de s'exprimer devant les journalistes.", "fr"),
    ("Tim penyelamat gagal menjangkau lokasi longsor.", "Les secouristes n'ont pas réussi à atteindre le lieu du glissement de terrain.", "fr"),
    ("Gedung itu tidak layak huni setelah gempa.", "The building was uninhabitable after the earthquake.", "en"),
    ("Para pedagang tidak menghiraukan larangan itu.", "The traders ignored the ban.", "en"),
    ("Para pedagang tidak menghiraukan larangan itu.", "Les commerçants ont ignoré l'interdiction.", "fr"),
    # ne ... que is 'only', not a negation; the expletive ne is none either
    ("Hanya tiga orang yang hadir dalam rapat itu.", "Il n'y avait que trois personnes à la réunion.", "fr"),
    ("Warga diminta mengungsi sebelum air naik.", "Les habitants ont été priés de partir avant que l'eau ne monte.", "fr"),
    # an Indonesian slogan kept verbatim in the translation keeps its negation
    ('Spanduk bertuliskan "Tidak ada kompromi" dipasang di depan kantor.', 'A banner reading "Tidak ada kompromi" (no compromise) was hung outside the office.', "en"),
    # "No." is a number
    ("Ia dijerat Pasal 2 Undang-Undang Nomor 31 Tahun 1999.", "He was charged under Article 2 of Law No. 31 of 1999.", "en"),
    # 'tidak sampai' before a figure is 'less than'
    ("Antrean di loket itu tidak sampai sepuluh menit.", "The queue at the counter took less than ten minutes.", "en"),
    ("Perbaikan jembatan tak sampai 3 hari.", "La réparation du pont a pris moins de 3 jours.", "fr"),
])
def test_negation_traps_raise_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang), ["AUD741"]) == []


@pytest.mark.parametrize("src,tgt,lang", [
    # a negated change rendered by a word of stasis
    ("Harga gula di pasar tradisional tidak naik selama sebulan terakhir.",
     "Sugar prices at traditional markets have stayed flat over the past month.", "en"),
    ("Jumlah pengunjung museum tidak pernah turun di bawah 2.000 orang per pekan.",
     "Museum attendance remained above 2,000 visitors a week.", "en"),
    ("Dewan memutuskan untuk tidak mengubah tarif parkir tahun depan.",
     "Le conseil a décidé de laisser les tarifs de stationnement inchangés l'an prochain.", "fr"),
    ("Produksi pabrik itu tidak mengalami penurunan meski hujan deras.",
     "La production de l'usine est restée stable malgré les fortes pluies.", "fr"),
    # a contrastive 'bukan' rendered by a comparison
    ("Kemacetan lebih disebabkan oleh perbaikan jalan, bukan karena volume kendaraan bertambah.",
     "The congestion is caused more by road works than by any growth in traffic.", "en"),
    ("Kemacetan disebabkan oleh perbaikan jalan, bukan oleh hujan.",
     "Les embouteillages sont dus aux travaux plutôt qu'à la pluie.", "fr"),
])
def test_a_negation_rendered_by_a_paraphrase_raises_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang), ["AUD741"]) == []


@pytest.mark.parametrize("src,tgt,lang", [
    # the change stated as it happened: the negation is lost, whatever else stays
    ("Harga gula di pasar tradisional tidak naik selama sebulan terakhir.",
     "Sugar prices at traditional markets rose and stayed high over the past month.", "en"),
    ("Produksi pabrik itu tidak mengalami penurunan meski hujan deras.",
     "La production de l'usine a baissé puis est restée faible malgré les fortes pluies.", "fr"),
    # a negation of no change and no contrast is not excused by a word of stasis
    ("Warga tidak menerima bantuan sejak banjir.", "Residents have received aid and remained in shelters since the flood.", "en"),
])
def test_a_lost_negation_is_not_excused_by_a_word_of_stasis(src, tgt, lang):
    assert [c for c, _, _ in flagged(run(src, tgt, lang), ["AUD741"])] == ["AUD741"]


@needs_lexicon
def test_a_negated_word_of_negative_meaning_may_be_rendered_as_a_positive():
    """'tidak menunda' (not delay) -> 'early'; but 'tidak akan berhenti' -> 'will stop' renders the
    verb and loses the negation."""
    src = "Petugas meminta warga tidak menunda pendaftaran."
    assert flagged(run(src, "Officials urged residents to register early.", "en"), ["AUD741"]) == []
    src = "Kami tidak akan berhenti sampai jalan itu diperbaiki."
    r = run(src, "Nous nous arrêterons dès que la route sera réparée.", "fr")
    assert [c for c, _, _ in flagged(r, ["AUD741"])] == ["AUD741"]


def test_a_lost_negation_in_a_sentence_with_others_is_found_by_position():
    src = '"Kami tidak boleh menyerah. Tanpa kerja keras, kami tidak akan menang," kata pelatih.'
    r = run(src, '"We must not give up. Without hard work, we will win," the coach said.', "en")
    [f] = [f for f in r.findings if f.code == "AUD741"]
    assert "we will win" in r.translation.raw[f.span.start:f.span.end]


# ---------------------------------------------------------------- direction

def test_a_reversed_movement_is_flagged_on_the_translation_word():
    r = run("Harga cabai di pasar tradisional naik 15 persen pekan ini.",
            "Le prix du piment sur les marchés traditionnels a baissé de 15 % cette semaine.", "fr")
    [f] = [f for f in r.findings if f.code == "AUD742"]
    assert f.severity == "major" and "baissé" in r.translation.raw[f.span.start:f.span.end]
    assert f.evidence["source_words"].startswith("cabai naik") or "naik" in f.evidence["source_words"]
    assert f.evidence["family"] == "rise/fall"


@pytest.mark.parametrize("src,tgt,lang,word", [
    ("Persija menang 2-1 atas Persib.", "Persija lost 2-1 to Persib.", "en", "lost"),
    ("Ekspor batu bara Indonesia meningkat tahun ini.", "Indonesia's coal imports increased this year.", "en", "imports"),
    ("Neraca perdagangan mencatat surplus 3 miliar dolar AS.", "La balance commerciale a enregistré un déficit de 3 milliards de dollars.", "fr", "déficit"),
    ("Rupiah menguat terhadap dolar AS.", "The rupiah weakened against the US dollar.", "en", "weakened"),
    ("Kementerian membantah kabar tersebut.", "Le ministère a confirmé cette information.", "fr", "confirmé"),
])
def test_reversed_outcomes(src, tgt, lang, word):
    r = run(src, tgt, lang, ["AUD742"])
    assert [w for _, _, w in flagged(r)] and word in flagged(r)[0][2]


@pytest.mark.parametrize("src,tgt,lang", [
    ("Ia naik kereta ke Bandung setelah harga tiket turun.", "He took the train to Bandung after ticket prices fell.", "en"),
    ("Harga beras tidak naik bulan ini.", "Rice prices remained stable this month.", "en"),
    ("Pemerintah menilai impor beras sangat penting.", "The government considers rice imports very important.", "en"),
    ("Inflasi turun, sementara harga emas naik.", "Inflation eased while the price of gold rose.", "en"),
    ("Juru bicara itu menolak berkomentar soal kenaikan harga.", "The spokesman declined to comment on the price increase.", "en"),
    ("Massa menuntut pembebasan rekan mereka yang masih ditahan polisi.",
     "The crowd demanded the release of their friend, who is still detained by the police.", "en"),
    ("Massa menuntut pembebasan rekan mereka yang masih ditahan polisi.",
     "La foule a réclamé la libération de leur ami, toujours détenu par la police.", "fr"),
])
def test_direction_traps_raise_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang), ["AUD742"]) == []


def test_swapped_directions_are_flagged_as_minor():
    r = run("Harga beras naik, sedangkan harga cabai turun.", "The price of rice fell, while the price of chili rose.", "en")
    assert [(c, s) for c, s, _ in flagged(r)] == [("AUD742", "minor")]


# ---------------------------------------------------------------- quantities and units

@pytest.mark.parametrize("src,tgt,lang,bad", [
    ("Belasan rumah rusak akibat angin kencang.", "Dozens of houses were damaged by strong winds.", "en", "Dozens"),
    ("Belasan rumah rusak akibat angin kencang.", "Des dizaines de maisons ont été endommagées par des vents violents.", "fr", "Des dizaines"),
    ("Ratusan warga mengungsi ke balai desa.", "Thousands of residents fled to the village hall.", "en", "Thousands"),
    ("Puluhan ribu buruh berunjuk rasa di depan gedung DPR.", "Des centaines d'ouvriers ont manifesté devant le Parlement.", "fr", "Des centaines"),
    ("Sepertiga warga belum menerima bantuan.", "A quarter of residents have not yet received aid.", "en", "A quarter"),
])
def test_a_vague_quantity_changed_in_magnitude(src, tgt, lang, bad):
    r = run(src, tgt, lang, ["AUD743"])
    [f] = r.findings
    assert f.severity == "major" and r.translation.raw[f.span.start:f.span.end] == bad
    assert "source_words" in f.evidence


@pytest.mark.parametrize("src,tgt,lang", [
    ("Belasan rumah rusak akibat angin kencang.", "More than a dozen houses were damaged by strong winds.", "en"),
    ("Belasan rumah rusak akibat angin kencang.", "Une quinzaine de maisons ont été endommagées par des vents violents.", "fr"),
    ("Belasan rumah rusak akibat angin kencang.", "Plus d'une dizaine de maisons ont été endommagées.", "fr"),
    ("Puluhan ribu buruh berunjuk rasa.", "Des dizaines de milliers d'ouvriers ont manifesté.", "fr"),
    ("Puluhan warga terluka.", "Dozens of residents were injured.", "en"),
    ("Rapat berlangsung setengah jam, dan sepertiga anggota hadir.", "The meeting lasted 30 minutes and a third of the members attended.", "en"),
    ("Pada kuartal ketiga, setengah dari target tercapai.", "In the third quarter, half of the target was reached.", "en"),
])
def test_right_vague_quantities_raise_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang, ["AUD743"]), ["AUD743"]) == []


def test_a_unit_changed_without_conversion():
    r = run("Longsor menutup jalan sepanjang 10 kilometer.", "The landslide blocked 10 miles of road.", "en", ["AUD744"])
    [f] = r.findings
    assert f.severity == "major" and r.translation.raw[f.span.start:f.span.end] == "10 miles"
    assert f.evidence["source_unit"] == "kilometer" and f.evidence["dimension"] == "length"


@pytest.mark.parametrize("src,tgt,lang", [
    ("Longsor menutup jalan sepanjang 10 kilometer.", "The landslide blocked about 6.2 miles of road.", "en"),
    ("Suhu mencapai 30 derajat Celsius.", "Temperatures reached 86°F.", "en"),
    ("Panen mencapai 2,3 juta ton.", "La récolte a atteint 2,3 millions de tonnes.", "fr"),
])
def test_converted_or_same_units_raise_nothing(src, tgt, lang):
    assert flagged(run(src, tgt, lang, ["AUD744"]), ["AUD744"]) == []


# ---------------------------------------------------------------- lexicon coverage

@needs_lexicon
def test_a_lost_sentence_inside_a_quote_is_an_omission_at_the_gap():
    src = ('"Kami sudah mengirim tim medis ke lokasi banjir. Warga diminta membawa kartu identitas dan obat pribadi '
           'saat datang ke posko pengungsian," kata Siti Rahayu.')
    tgt = '"We have sent a medical team to the flood site," said Siti Rahayu.'
    r = run(src, tgt, "en", ["AUD745"])
    [f] = r.findings
    assert f.category == "omission"
    assert "flood site" in r.translation.raw[f.span.start:f.span.end]
    assert f.evidence["unrendered"] and "Warga diminta" in f.evidence["source_words"]


@needs_lexicon
def test_a_whole_translation_raises_no_lost_clause():
    src = ('"Kami sudah mengirim tim medis ke lokasi banjir. Warga diminta membawa kartu identitas dan obat pribadi '
           'saat datang ke posko pengungsian," kata Siti Rahayu.')
    tgt = ('"We have sent a medical team to the flood site. Residents are asked to bring their identity cards and '
           'personal medicines when they come to the evacuation post," said Siti Rahayu.')
    assert flagged(run(src, tgt, "en", ["AUD745"])) == []


@needs_lexicon
@pytest.mark.parametrize("lang,tgt,word", [
    ("en", "The chairman of the KPK adults, Tumpak Hatorangan, said the ethics hearing would be held next week.", "adults"),
    ("fr", "Le président des adultes de la KPK, Tumpak Hatorangan, a déclaré que l'audience aurait lieu la semaine prochaine.", "adultes"),
])
def test_an_abbreviation_misread_as_a_common_word(lang, tgt, word):
    src = "Ketua Dewas KPK, Tumpak Hatorangan, mengatakan sidang etik akan digelar pekan depan."
    r = run(src, tgt, lang, ["AUD746"])
    [f] = r.findings
    assert r.translation.raw[f.span.start:f.span.end] == word
    assert f.evidence["source_words"] == "Dewas" and f.evidence["lexicon_entry"].endswith("dewasa")


@needs_lexicon
def test_a_typo_in_the_source_rendered_as_meant_is_no_misreading():
    src = "Anggaran pendidkan daerah itu naik tahun ini."
    tgt = "The region's education budget rose this year."
    assert flagged(run(src, tgt, "en", ["AUD746"])) == []


@needs_lexicon
def test_an_abbreviation_rendered_by_its_meaning_is_no_misreading():
    src = "Personel gabungan TNI dan Polri dikerahkan ke lokasi kebakaran."
    tgt = "Joint military and police personnel were deployed to the fire site."
    assert flagged(run(src, tgt, "en", ["AUD746"])) == []


def test_without_dictionaries_the_lexicon_checks_are_skipped_with_a_notice(monkeypatch, tmp_path):
    monkeypatch.setattr(_bilingual, "dictd_dirs", lambda: [tmp_path])
    _bilingual.get.cache_clear()
    try:
        r = run("Ketua Dewas KPK mengatakan sidang digelar.", "The KPK adults chairman said the hearing was held.", "en")
        assert not [f for f in r.findings if f.code in ("AUD745", "AUD746")]
        notes = [n for n in r.notices if "AUD745" in n or "AUD746" in n]
        assert len(notes) == 2 and all("dict-freedict-eng-ind" in n for n in notes)
        assert all("\n" not in n for n in notes)
    finally:
        _bilingual.get.cache_clear()


def test_dictd_reading(tmp_path):
    import gzip
    body = "refuse /rɪˈfjuːz/ <v>\nmenolak 2.\n(intransitive) decline\n 3.\n(transitive) decline\n"
    (tmp_path / "x.dict.dz").write_bytes(gzip.compress(body.encode()))
    (tmp_path / "x.index").write_text("refuse\tA\t" + _b64(len(body.encode())) + "\n", "utf-8")
    [(head, text)] = list(_bilingual.read_dictd(tmp_path / "x.index", tmp_path / "x.dict.dz"))
    assert head == "refuse"
    assert _bilingual.parse_entry(text, glossed=True) == ("v", ["menolak"])


def _b64(n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        out = alphabet[n % 64] + out
        n //= 64
        if not n:
            return out


# ---------------------------------------------------------------- AUD711 absolute floor

def test_floor_hit():
    cal = {"floor_cosine": 0.84, "floor_soft_cosine": 0.86, "floor_margin": 0.05}
    assert floor_hit({"cosine": 0.83, "chance": 0.70}, cal)
    assert floor_hit({"cosine": 0.85, "chance": 0.82}, cal)
    assert not floor_hit({"cosine": 0.85, "chance": 0.70}, cal)
    assert not floor_hit({"cosine": 0.83, "chance": 0.70}, {"floor_cosine": None})


def test_the_floor_flags_gibberish_in_a_uniformly_poor_article():
    """Injected similarity evidence (a test double): the article's typical pair is low, so the
    relative measure of the gibberish pair is fine; the absolute floor still flags it."""
    src = read_text("Satu kalimat.\nDua kalimat.\n", path="s.txt", fmt="txt")
    tgt = read_text("One sentence.\nTwo sentences.\n", path="t.txt", fmt="txt")
    src.lang, tgt.lang = "id", "en"
    from auditor.segment import segment_document
    segment_document(src, "id")
    segment_document(tgt, "en")
    s, t = src.sentences, tgt.sentences
    alignment = [AlignedPair([s[0].id], [t[0].id], 1.0), AlignedPair([s[1].id], [t[1].id], 1.0)]
    ev = {t[0].id: PairEvidence(extra={"similarity": {"cosine": 0.83, "chance": 0.80, "typical": 0.845, "relative": 0.67}}),
          t[1].id: PairEvidence(extra={"similarity": {"cosine": 0.86, "chance": 0.80, "typical": 0.845, "relative": 1.3}})}
    ctx = Context(source=src, translation=tgt, src_lang="id", tgt_lang="en", alignment=alignment, evidence=ev,
                  available=frozenset({"similarity"}))
    got = list(MeaningDrift().run(ctx))
    assert [f.segment for f in got] == [t[0].id]
    assert got[0].severity == "major" and got[0].evidence["floor"] is True


@needs_lexicon
def test_content_the_back_translation_lost_but_the_lexicon_finds_in_the_translation_is_a_paraphrase():
    from auditor.checks.meaning import _rendered_in
    para = "Police closed the road. Motor vehicles were diverted to the toll road."
    assert _rendered_in("kendaraan bermotor dialihkan", para, "en")
    assert not _rendered_in("kendaraan bermotor dialihkan", "Police closed the road for two hours.", "en")


def test_tidak_sampai_without_a_figure_is_still_a_negation():
    r = run("Bantuan dari pemerintah tidak sampai ke desa itu.", "Government aid reached the village.", "en")
    assert [c for c, _, _ in flagged(r, ["AUD741"])] == ["AUD741"]
