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
