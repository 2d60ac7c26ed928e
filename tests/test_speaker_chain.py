"""The source's chain of speakers (source_coref), persons named by role only as a subject, companions
in apposition, and swapped speakers (AUD602).

Every sentence and name here is invented."""
from __future__ import annotations

from auditor.pipeline import audit_texts


def _found(src: str, tgt: str, lang: str, codes=("AUD601", "AUD602")):
    r = audit_texts(src, tgt, tgt_lang=lang, select=list(codes), embed=False)   # the sentence pairing without a model
    assert not r.errors
    return [(f.code, r.translation.line_col(f.span.start)[0], r.translation.raw[f.span.start:f.span.end],
             f.suggestion) for f in r.findings]


# a woman introduced by honorific as a subject (no attribution), sentences about a place, then "katanya"
SRC_CHAIN = ("YOGYAKARTA - Seorang penjual gudeg bertahan 40 tahun di pasar yang sama.\n"
             "Bu Sumiyati, penjual gudeg itu, mulai berjualan sejak 1984.\n"
             "Pasar itu kini ramai oleh wisatawan.\n"
             '"Dulu pembeli hanya warga sekitar," katanya.')
TGT_CHAIN = ("YOGYAKARTA - A gudeg seller has stayed 40 years in the same market.\n"
             "Mrs Sumiyati, the seller, began trading in 1984.\n"
             "The market is now crowded with tourists.\n"
             '"In the past, buyers were only local residents," {} said.')


def test_the_source_chain_tells_who_a_pronoun_means_paragraphs_later():
    assert _found(SRC_CHAIN, TGT_CHAIN.format("he"), "en") == [("AUD601", 4, "he said", "she said")]
    assert _found(SRC_CHAIN, TGT_CHAIN.format("she"), "en") == []


def test_the_source_chain_after_a_correct_incise_across_paragraphs():
    src = ("MEDAN - Rumah sakit daerah membuka layanan cuci darah baru.\n"
           "Direktur rumah sakit, Fitri Handayani, mengatakan layanan itu melayani 40 pasien per hari.\n"
           '"Kami menambah 12 mesin baru," ujar Fitri.\n'
           "Layanan dibuka setiap hari kecuali Minggu.\n"
           '"Antrean pasien akan jauh berkurang," ungkapnya.')
    tgt = ("MEDAN - L'hôpital régional ouvre un nouveau service de dialyse.\n"
           "La directrice de l'hôpital, Fitri Handayani, a déclaré que ce service accueillait 40 patients par jour.\n"
           "« Nous avons ajouté 12 nouvelles machines », a-t-elle expliqué.\n"
           "Le service est ouvert tous les jours sauf le dimanche.\n"
           "« La file d'attente sera bien plus courte », a-t-{} affirmé.")
    assert _found(src, tgt.format("il"), "fr") == [("AUD601", 5, "a-t-il affirmé", "a-t-elle affirmé")]
    assert _found(src, tgt.format("elle"), "fr") == []


def test_another_person_named_after_the_speaker_breaks_the_chain():
    src = ("DEPOK - Polisi menangkap dua pelaku begal.\n"
           "Kasat Reskrim, Dwi Astuti, mengatakan kedua pelaku menyasar pengendara perempuan.\n"
           "Salah satu korban, Budi Santoso, mengalami luka di tangan.\n"
           '"Pelaku diancam hukuman sembilan tahun," katanya.')
    tgt = ("DEPOK - Police arrested two robbers.\n"
           "The head of the criminal unit, Dwi Astuti, said the two suspects targeted female riders.\n"
           "One of the victims, Budi Santoso, suffered an injury to his hand.\n"
           '"The perpetrators face nine years in prison," she said.')
    assert _found(src, tgt, "en") == []


def test_a_person_named_by_role_only_as_subject_is_a_candidate_antecedent():
    src = ("BEKASI - Seorang pencuri motor ditangkap warga.\n"
           'Ketua RT, Sulastri Wahyuni, mengatakan pelaku sempat dipukuli warga. "Kami menelepon polisi," ujarnya.\n'
           "Kapolsek Bekasi Timur kemudian datang ke lokasi.\n"
           '"Pelaku sudah kami tahan," katanya.')
    tgt = ("BEKASI - A motorcycle thief was caught by residents.\n"
           'The neighbourhood head, Sulastri Wahyuni, said the suspect had been beaten. "We called the police," '
           "she said.\nThe East Bekasi police chief then came to the scene.\n"
           '"The suspect is now in our custody," he said.')
    assert _found(src, tgt, "en") == []
    # "A ministry spokesman said": a person, not a body the pronoun could skip over
    src = ("JAKARTA - Kementerian mencatat 300 kasus baru.\n"
           "Direktur Pencegahan, Maya Puspitasari, mengatakan kasus terbanyak di Jawa Barat.\n"
           "Juru bicara kementerian menyebut pihaknya menyiapkan obat.\n"
           '"Stok obat aman," ujarnya.')
    tgt = ("JAKARTA - The ministry recorded 300 new cases.\n"
           "The director of prevention, Maya Puspitasari, said most cases were in West Java.\n"
           "A ministry spokesman said it was preparing medicine.\n"
           '"Medicine stocks are safe," he said.')
    assert _found(src, tgt, "en") == []


SRC_SWAP = ("PADANG - Pemerintah provinsi memperpanjang status tanggap darurat longsor.\n"
            "Gubernur, Irwan Syahputra, dan Kepala BPBD, Novi Andriani, meninjau lokasi pada Kamis.\n"
            '"Status diperpanjang 14 hari," kata Irwan.\n'
            '"Logistik masih cukup untuk sepekan," ujar Novi.')


def test_swapped_speakers_of_neighbouring_quotes():
    tgt = ("PADANG - The provincial government has extended the landslide emergency status.\n"
           "Governor Irwan Syahputra and the head of the disaster agency, Novi Andriani, visited the site on Thursday.\n"
           '"The status has been extended by 14 days," {} said.\n'
           '"Logistics are still sufficient for a week," said {}.')
    got = _found(SRC_SWAP, tgt.format("Novi", "Irwan"), "en")
    assert [(c, ln) for c, ln, _t, _s in got] == [("AUD602", 3), ("AUD602", 4)]
    assert "Novi" in got[0][2] and "Irwan" in got[1][2]
    assert _found(SRC_SWAP, tgt.format("Irwan", "Novi"), "en") == []


def test_a_companion_in_apposition_is_not_the_speaker():
    src = ("KEDIRI - Pemerintah kabupaten meresmikan jembatan gantung baru.\n"
           "Bupati Kediri, Hanafi Rahman, didampingi Kepala Dinas PUPR, Sri Rejeki, mengatakan jembatan itu "
           "menghubungkan dua desa.")
    right = ("KEDIRI - Le gouvernement du district a inauguré un nouveau pont suspendu.\n"
             "Le chef du district de Kediri, Hanafi Rahman, accompagné de la cheffe du service des travaux publics, "
             "Sri Rejeki, a déclaré que le pont reliait deux villages.")
    wrong = ("KEDIRI - Le gouvernement du district a inauguré un nouveau pont suspendu.\n"
             "La cheffe du service des travaux publics, Sri Rejeki, accompagnée du chef du district de Kediri, "
             "Hanafi Rahman, a déclaré que le pont reliait deux villages.")
    assert _found(src, right, "fr") == []
    assert [(c, ln, t) for c, ln, t, _s in _found(src, wrong, "fr")] == [("AUD602", 2, "Sri Rejeki")]


def test_a_role_word_opening_the_sentence_is_not_part_of_the_name():
    src = ("AMBON - Sidang kasus korupsi dana desa ditunda.\n"
           "Menurut jaksa penuntut umum, Maria Latuconsina, terdakwa Yosef Pattiasina tidak hadir karena sakit.")
    tgt = ("AMBON - The village fund corruption trial has been postponed.\n"
           "Defendant Yosef Pattiasina said that public prosecutor Maria Latuconsina was absent due to illness.")
    assert [(c, ln) for c, ln, _t, _s in _found(src, tgt, "en")] == [("AUD602", 2)]


def test_source_antecedents_alone():
    from auditor.checks.speaker.analysis import build
    from auditor.checks.speaker.source_coref import antecedents
    from auditor.reader import read_text
    from auditor.segment import segment_document

    def doc(text, lang):
        d = read_text(text, path=f"x.{lang}.txt", fmt="txt")
        d.lang = lang
        segment_document(d, lang)
        return d

    an = build(doc(TGT_CHAIN.format("he"), "en"), doc(SRC_CHAIN, "id"), "en")
    got = {sid: e.name for sid, e in antecedents(an.art, an.src, an.src_text).items()}
    assert list(got.values()) == ["Sumiyati"]          # "katanya", two sentences after her
    # someone else named in between: no antecedent
    src = SRC_CHAIN.replace("Pasar itu kini ramai oleh wisatawan", "Pasar itu kini juga didatangi Joko Susilo, seorang pemandu")
    tgt = TGT_CHAIN.replace("The market is now crowded with tourists", "The market is now also visited by Joko Susilo, a guide")
    an = build(doc(tgt.format("he"), "en"), doc(src, "id"), "en")
    assert antecedents(an.art, an.src, an.src_text) == {}


def test_la_chef_is_a_feminine_title_and_her_son_no_title_of_hers():
    src = ("BOGOR - Banjir merendam 300 rumah.\n"
           "Kepala BPBD, Ratna Kusumawati, mengatakan air mulai surut.")
    tgt = ("BOGOR - Les inondations ont touché 300 maisons.\n"
           "La chef de l'agence, Ratna Kusumawati, a indiqué que l'eau commençait à baisser.")
    assert _found(src, tgt, "fr") == []
    # for a man, the feminine determiner is the error
    got = _found(src.replace("Ratna Kusumawati", "Bambang Hermawan").replace("Kepala", "Pak Kepala"),
                 tgt.replace("Ratna Kusumawati", "Bambang Hermawan"), "fr")
    assert got == [("AUD601", 2, "La chef", "Le chef")]
    src = ("BEKASI - Kasus demam berdarah naik.\n"
           "Seorang ibu, Yanti Suryani, mengatakan anaknya dirawat lima hari.")
    tgt = ("BEKASI - Dengue cases are rising.\n"
           "A mother, Yanti Suryani, said her son had been hospitalized for five days.")
    assert _found(src, tgt, "en") == []


def test_a_title_alone_standing_for_the_wrong_person():
    src = ("DENPASAR - Festival seni digelar sepekan.\n"
           "Menteri Pariwisata, Retno Palupi, mengatakan festival menarik wisatawan.\n"
           "Ketua panitia, Joko Priyatno, menjelaskan ada 40 pertunjukan.\n"
           "Menurut Joko, pengunjung diperkirakan mencapai 50.000 orang.")
    tgt = ("DENPASAR - Un festival des arts se tient pendant une semaine.\n"
           "La ministre du Tourisme, Retno Palupi, a déclaré que le festival attirait les touristes.\n"
           "Le président du comité, Joko Priyatno, a expliqué qu'il y avait 40 spectacles.\n"
           "Selon {}, les visiteurs devraient atteindre 50 000 personnes.")
    got = _found(src, tgt.format("la ministre"), "fr")
    assert [(c, ln, t) for c, ln, t, _s in got] == [("AUD602", 4, "Selon la ministre")]
    assert _found(src, tgt.format("le président"), "fr") == []


def test_a_complement_name_is_not_the_title_s_person():
    src = ("JAKARTA - Pasar terbakar.\n"
           "Juru bicara perusahaan daerah Pasar Raya, Ibu Nurul Hidayati, menyebut pedagang akan direlokasi.")
    tgt = ("JAKARTA - Un marché a brûlé.\n"
           "{} porte-parole de la société municipale Pasar Raya, Nurul Hidayati, a indiqué que les commerçants "
           "seraient relogés.")
    assert [(c, ln, t, fix) for c, ln, t, fix in _found(src, tgt.format("Le"), "fr")] == \
        [("AUD601", 2, "Le porte-parole", "La porte-parole")]
    assert _found(src, tgt.format("La"), "fr") == []


def test_a_quote_given_to_the_next_speaker_whose_own_words_are_translated_too():
    src = ("BEKASI - Kasus demam berdarah naik.\n"
           'Seorang ibu, Yanti Suryani, bercerita putranya dirawat. "Trombositnya turun," tutur Yanti. '
           "Kepala Puskesmas, dr. Agung Saputra, mengatakan ruang rawat penuh.")
    tgt = ("BEKASI - Dengue cases are rising.\n"
           'A mother, Yanti Suryani, said her son was in hospital. "His platelets dropped," said {}. '
           "The head of the health center, Dr. Agung Saputra, said the wards were full.")
    got = _found(src, tgt.format("Dr. Agung Saputra"), "en")
    assert [(c, ln) for c, ln, _t, _s in got] == [("AUD602", 2)] and "Agung" in got[0][2]
    assert _found(src, tgt.format("Yanti"), "en") == []


def test_quotes_paired_by_order_where_the_sentence_pairing_slips():
    src = ("MEDAN - Dua pejabat berbeda pendapat soal tarif air.\n"
           "Direktur PDAM, Bambang Sitorus, mengatakan tarif harus naik, sedangkan anggota DPRD, Lina Marpaung, "
           'menolak. "Warga sudah terbebani," tegas Lina. "Kami merugi setiap bulan," ujar Bambang.')
    tgt = ("MEDAN - Deux responsables s'opposent sur le prix de l'eau.\n"
           "Le directeur de la compagnie des eaux, Bambang Sitorus, a déclaré que le tarif devait augmenter, tandis "
           "que la députée Lina Marpaung s'y est opposée. « Les habitants sont déjà accablés », a-t-{} martelé. "
           "« Nous perdons de l'argent chaque mois », a déclaré Bambang.")
    assert _found(src, tgt.format("il"), "fr") == [("AUD601", 2, "a-t-il martelé", "a-t-elle martelé")]
    assert _found(src, tgt.format("elle"), "fr") == []
    from auditor.checks.speaker.quote_pairs import quote_pairs
    from auditor.reader import read_text
    from auditor.segment import segment_document
    docs = []
    for text, lang in ((src, "id"), (tgt.format("il"), "fr")):
        d = read_text(text, path=f"x.{lang}.txt", fmt="txt")
        d.lang = lang
        segment_document(d, lang)
        docs.append(d)
    pairs = quote_pairs(docs[0], docs[1])
    assert len(pairs) == 2 and all("«" in next(s.text for p in docs[1].paragraphs for s in p.sentences if s.id == b[0])
                                   for _a, b in pairs)


def test_quotes_the_translator_reordered_are_no_swap():
    src = ("MEDAN - Dua pejabat berbeda pendapat soal tarif air.\n"
           "Direktur PDAM, Bambang Sitorus, dan anggota DPRD, Lina Marpaung, berdebat. "
           '"Warga sudah terbebani 30 persen," tegas Lina. "Kami merugi Rp2 miliar setiap bulan," ujar Bambang.')
    tgt = ("MEDAN - Deux responsables s'opposent sur le prix de l'eau.\n"
           "Le directeur de la compagnie des eaux, Bambang Sitorus, et la députée Lina Marpaung ont débattu. "
           "« Nous perdons 2 milliards de roupies chaque mois », a déclaré Bambang. "
           "« Les habitants sont déjà accablés à 30 % », a déclaré Lina.")
    assert [c for c, *_ in _found(src, tgt, "fr")] == []
