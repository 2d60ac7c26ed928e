from auditor.pipeline import audit_files, audit_texts


def test_seed_paragraphs_align_one_to_one_and_boilerplate_is_left_out(seed):
    r = audit_files(str(seed["source"]), str(seed["translation"]))
    aligned = [p for p in r.alignment if p.kind == "aligned"]
    para = {s.id: s.para for s in r.translation.sentences}
    spara = {s.id: s.para for s in r.source.sentences}
    covered = {para[t] for p in aligned for t in p.tgt}
    assert covered == set(range(10))                      # French paragraphs 1-10
    for p in aligned:
        assert {para[t] for t in p.tgt} == {spara[s] for s in p.src}
    assert [p.kind for p in r.alignment if 10 in {para[t] for t in p.tgt}] == ["boilerplate"]


SRC = """Presiden Joko Widodo meresmikan bendungan baru di Jawa Barat pada Senin, 5 April 2021.
Bendungan itu menelan biaya Rp 2,5 triliun dan mengairi 15.000 hektare sawah.
Menurut Kementerian PUPR, pembangunan dimulai pada 2017 oleh 1.200 pekerja.
Warga sekitar menyambut baik proyek tersebut karena banjir sering terjadi.
Gubernur Ridwan Kamil mengatakan bendungan kedua akan dibangun pada 2023."""

TGT_FULL = """President Joko Widodo inaugurated a new dam in West Java on Monday, April 5, 2021.
The dam cost IDR 2.5 trillion and irrigates 15,000 hectares of rice fields.
According to the PUPR Ministry, construction began in 2017 with 1,200 workers.
Local residents welcomed the project because floods are frequent.
Governor Ridwan Kamil said a second dam would be built in 2023."""


def test_dropped_paragraph_is_unaligned_source():
    lines = TGT_FULL.splitlines()
    tgt = "\n".join(lines[:2] + lines[3:])
    r = audit_texts(SRC, tgt, tgt_lang="en")
    missing = [s for p in r.alignment if p.kind == "unaligned_source" for s in p.src]
    assert missing == ["p3s1"]
    pairs = {tuple(p.src): tuple(p.tgt) for p in r.alignment if p.kind == "aligned"}
    assert pairs[("p4s1",)] == ("p3s1",) and pairs[("p5s1",)] == ("p4s1",)


def test_added_paragraph_is_unaligned_translation():
    lines = TGT_FULL.splitlines()
    extra = "Read the full story and subscribe to our newsletter for daily updates on politics."
    tgt = "\n".join(lines[:3] + [extra] + lines[3:])
    r = audit_texts(SRC, tgt, tgt_lang="en")
    added = [t for p in r.alignment if p.kind == "unaligned_translation" for t in p.tgt]
    assert added == ["p4s1"]


def test_one_source_sentence_split_in_two():
    src = "Presiden Joko Widodo meresmikan bendungan di Jawa Barat dan mengatakan proyek senilai Rp 2,5 triliun itu selesai tepat waktu."
    tgt = ("President Joko Widodo inaugurated the dam in West Java. "
           "He said the IDR 2.5 trillion project was finished on time.")
    r = audit_texts(src, tgt, tgt_lang="en")
    assert [(p.src, p.tgt) for p in r.alignment] == [(["p1s1"], ["p1s1", "p1s2"])]


# paragraphs first, then sentences (without any model)
SRC7 = """SEMARANG - Pemerintah Kota Semarang menyalurkan bantuan kepada 300 keluarga korban banjir pada Selasa (5/3/2024).
Banjir merendam 12 kelurahan setelah hujan deras turun selama dua hari. Air mencapai ketinggian 80 sentimeter.
Kepala BPBD Semarang, Endro Wibowo, mengatakan tim telah mengevakuasi 450 warga ke tempat yang aman.
Sebanyak 25 perahu karet dikerahkan untuk menjangkau permukiman yang terisolasi di wilayah timur kota.
Pemerintah juga membuka enam dapur umum yang menyediakan 3.000 porsi makanan setiap hari.
Warga diminta tetap waspada karena BMKG memperkirakan hujan lebat masih akan turun hingga akhir pekan.
Kerugian akibat banjir diperkirakan mencapai Rp 4,5 miliar, menurut perhitungan sementara pemerintah kota."""

TGT7 = """SEMARANG - The Semarang city government distributed aid to 300 families of flood victims on Tuesday (5/3/2024).
Floods submerged 12 urban villages after two days of heavy rain. The water reached a height of 80 centimetres.
The head of the Semarang BPBD, Endro Wibowo, said the team had evacuated 450 residents to safe places.
As many as 25 rubber boats were deployed to reach isolated settlements in the east of the city.
The government also opened six public kitchens serving 3,000 meals every day.
Residents were asked to remain vigilant as the BMKG forecasts heavy rain until the end of the week.
Losses from the floods are estimated at IDR 4.5 billion, according to the city government's provisional count."""


def test_a_paragraph_dropped_from_seven_is_an_omission_not_a_two_to_one_link():
    lines = TGT7.splitlines()
    tgt = "\n".join(lines[:4] + lines[5:])          # the public-kitchens paragraph is gone
    r = audit_texts(SRC7, tgt, tgt_lang="en", embed=False)
    missing = [s for p in r.alignment if p.kind == "unaligned_source" for s in p.src]
    assert missing == ["p5s1"]
    assert [f.code for f in r.findings if f.code == "AUD002"] == ["AUD002"]


def test_faithful_split_and_merge_inside_a_paragraph_are_no_omission_or_addition():
    src = SRC7.replace("selama dua hari. Air mencapai", "selama dua hari, dan air mencapai")
    tgt = TGT7.replace("were deployed to reach isolated settlements", "were deployed. They reached isolated "
                       "settlements")
    r = audit_texts(src, tgt, tgt_lang="en", embed=False)
    assert [p.kind for p in r.alignment if p.kind != "aligned"] == []
    assert not [f for f in r.findings if f.code in ("AUD002", "AUD003")]


def test_second_sentence_with_a_gloss_is_linked_to_its_source_sentence():
    """Two sentences on each side; the second translation sentence is longer (a gloss added)."""
    src = ("Bupati Sleman, Kustini Purnomo, menyebut pemerintah menyiapkan 40 tenda dan dua dapur umum di "
           "setiap titik pengungsian. Ia juga meminta warga menjaga kebersihan lingkungan bersama-sama.")
    tgt = ("La régente de Sleman, Kustini Purnomo, a indiqué que les autorités avaient installé 40 tentes et "
           "deux cuisines collectives sur chaque site d'hébergement. Elle a aussi demandé aux habitants "
           "d'entretenir ensemble la propreté de leur quartier, selon la tradition du « kerja bakti » "
           "(travail communautaire).")
    r = audit_texts(src, tgt, tgt_lang="fr", embed=False)
    assert [(p.src, p.tgt) for p in r.alignment] == [(["p1s1"], ["p1s1"]), (["p1s2"], ["p1s2"])]
