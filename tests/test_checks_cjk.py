"""Checks on Chinese, Japanese and Arabic translations (issue 20): word counts, repeats
(AUD301), text left in Latin script, names across scripts, speaker gender and consistency.
The pairs are small invented ones, written with a bilingual eye."""
from __future__ import annotations

import pytest

from auditor.pipeline import audit_texts
from auditor.words import count_words, method


def flagged(r, prefix):
    return [(f.code, r.translation.raw[f.span.start:f.span.end])
            for f in r.findings if f.code.startswith(prefix)]


def run(src, tgt, lang, select):
    r = audit_texts(src, tgt, tgt_lang=lang, select=list(select), embed=False)
    assert not r.errors, r.errors
    return r


# ------------------------------------------------------------------ word counts
def test_chinese_and_japanese_words_come_from_characters_and_latin_runs_count_one():
    assert method("zh") == "zh-char/1.5" and method("ja") == "ja-char/2" and method("ar") == "ws"
    # 15 Han characters / 1.5 = 10, plus "COVID-19" (2 runs: COVID, 19) and "2021"
    assert count_words("东爪哇省政府的目标是完成疫苗接种COVID-19，2021年", "zh") == 2 + 1 + round(16 / 1.5)
    assert count_words("高齢者50万人", "ja") == 1 + round(5 / 2)
    assert count_words("وقالت حاكمة جاوة الشرقية", "ar") == 4
    assert count_words("Le gouvernement a déclaré", "fr") == 4


# ------------------------------------------------------------------ AUD301
SRC_SENI = "Gubernur meresmikan Pusat Seni dan Budaya Jawa Timur di Surabaya."


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "省长在泗水为东爪哇艺术和艺术中心揭幕。", "艺术和艺术"),
    ("zh", "省长在泗水为东爪哇艺术中心艺术中心揭幕。", "艺术中心艺术中心"),
    ("ja", "知事はスラバヤで東ジャワ芸術と芸術センターの開所式を行った。", "芸術と芸術"),
    ("ja", "知事はスラバヤで東ジャワ芸術の芸術が集まる文化センターの開所式を行った。", "芸術の芸術"),
    ("ar", "افتتح الحاكم مركز الفنون والفنون في سورابايا.", "الفنون والفنون"),
    ("ar", "افتتح الحاكم مركز الفنون الفنون في سورابايا.", "الفنون الفنون"),
    ("ar", "افتتح الحاكم مَركزَ الفنونِ والفُنون في سورابايا.", "الفنونِ والفُنون"),
])
def test_a_repeat_is_found_in_scripts_without_spaces_and_across_wa(lang, tgt, want):
    r = run(SRC_SENI, tgt, lang, ["AUD301"])
    assert flagged(r, "AUD301") == [("AUD301", want)]


@pytest.mark.parametrize("lang,tgt", [
    ("zh", "他看看四周，人人都在一步一步地向前走，大家常常讨论讨论。"),
    ("zh", "哈哈哈哈，他说。"),
    ("ja", "時々、人々はいろいろな店を少しずつ見て回り、ドキドキしながら一歩一歩進んだ。"),
    ("ja", "彼は日本の日本人学校と東京の東京駅の周りを一歩一歩進んだ。"),
    ("ar", "تقدم المشروع رويدا رويدا خلال العام."),
    ("ar", "زار الحاكم جاوة الغربية وجاوة الشرقية."),
])
def test_reduplication_made_on_purpose_is_left_alone(lang, tgt):
    r = run("Dia melihat sekeliling dan semua orang maju selangkah demi selangkah.", tgt, lang, ["AUD301"])
    assert flagged(r, "AUD301") == []


def test_a_coordinated_repeat_that_the_source_makes_is_left_alone():
    src = "Pemerintah membahas ekonomi dan pertumbuhan ekonomi kawasan."
    r = run(src, "政府讨论了经济和经济增长问题。", "zh", ["AUD301"])
    assert flagged(r, "AUD301") == []


# ------------------------------------------------------------------ AUD611 speaker gender
SRC_WOMAN = ("Kepala Dinas Kesehatan, Ibu Widyastuti, mengatakan kasus demam berdarah meningkat.\n"
             "\"Kami meminta warga menjaga kebersihan,\" ujarnya.")
SRC_MAN = ("Kepala Dinas Kesehatan, Pak Widyastuti, mengatakan kasus demam berdarah meningkat.\n"
           "\"Kami meminta warga menjaga kebersihan,\" ujarnya.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "卫生局局长维迪亚斯图蒂表示，登革热病例有所增加。\n“我们请居民保持清洁，”他说。", "他说"),
    ("ja", "保健局のウィディヤストゥティ局長は、デング熱の症例が増加したと述べた。\n彼は「住民に清潔を保つよう求めている」と語った。", "彼"),
    ("ar", "وقال رئيسة دائرة الصحة ويدياستوتي إن حالات حمى الضنك ارتفعت.\nوأضافت: \"نطلب من السكان الحفاظ على النظافة\".", "وقال"),
])
def test_a_masculine_form_for_a_woman_named_with_ibu_is_reported(lang, tgt, want):
    r = run(SRC_WOMAN, tgt, lang, ["AUD611"])
    assert flagged(r, "AUD611") == [("AUD611", want)]
    f = [f for f in r.findings if f.code == "AUD611"][0]
    assert "Ibu Widyastuti" in f.message and f.suggestion


@pytest.mark.parametrize("lang,tgt", [
    ("zh", "卫生局局长维迪亚斯图蒂表示，登革热病例有所增加。\n“我们请居民保持清洁，”她说。"),
    ("ja", "保健局のウィディヤストゥティ局長は、デング熱の症例が増加したと述べた。\n彼女は「住民に清潔を保つよう求めている」と語った。"),
    ("ar", "وقالت رئيسة دائرة الصحة ويدياستوتي إن حالات حمى الضنك ارتفعت.\nوأضافت: \"نطلب من السكان الحفاظ على النظافة\"، وفقا لها."),
])
def test_agreeing_forms_raise_nothing(lang, tgt):
    assert flagged(run(SRC_WOMAN, tgt, lang, ["AUD611"]), "AUD611") == []


def test_a_feminine_form_for_a_man_is_reported_too():
    tgt = "卫生局局长维迪亚斯图蒂表示，登革热病例有所增加。\n“我们请居民保持清洁，”她说。"
    assert flagged(run(SRC_MAN, tgt, "zh", ["AUD611"]), "AUD611") == [("AUD611", "她说")]


def test_the_pronoun_refers_to_the_last_person_named_and_unknown_gender_says_nothing():
    # 'katanya' is Eri's (no evidence of gender), not Khofifah's (a woman, named earlier)
    src = ("Gubernur Jawa Timur Khofifah Indar Parawansa meninjau pos vaksinasi di Surabaya.\n"
           "Menurut Eri Cahyadi, 60 persen lansia sudah divaksin.\n"
           "\"Petugas kami mendatangi rumah warga,\" katanya.")
    tgt = ("东爪哇省长霍菲法·因达尔·帕拉万萨视察了泗水的疫苗接种点。\n据埃里·查希亚迪称，60%的老年人已接种疫苗。\n"
           "“我们的工作人员会上门探访居民，”他说。")
    assert flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611") == []


def test_arabic_pronoun_suffix_of_an_attribution_phrase():
    src = "Menurut Menteri Luar Negeri Retno Marsudi, kedua negara sepakat memperkuat kerja sama."
    tgt = "ووفقا له، اتفق البلدان على تعزيز التعاون، بحسب وزيرة الخارجية ريتنو مارسودي."
    assert flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611") == [("AUD611", "له")]


# ------------------------------------------------------------------ AUD503 consistency
SRC_GUB = ("Gubernur Jawa Timur Khofifah Indar Parawansa meresmikan gedung itu.\n"
           "Gubernur juga mengajak pihak swasta mendukung kegiatan seni.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "东爪哇省长霍菲法·因达尔·帕拉万萨为该大楼揭幕。\n州长还邀请私营部门支持艺术活动。", [("AUD503", "州长")]),
    ("zh", "东爪哇省长霍菲法·因达尔·帕拉万萨为该大楼揭幕。\n省长还邀请私营部门支持艺术活动。", []),
    ("ja", "東ジャワ州のコフィファ知事が建物の開所式を行った。\n総督はまた、民間部門に芸術活動への支援を呼びかけた。", [("AUD503", "総督")]),
    ("ja", "東ジャワ州のコフィファ知事が建物の開所式を行った。\n知事はまた、民間部門に芸術活動への支援を呼びかけた。", []),
])
def test_one_indonesian_title_rendered_two_ways_in_chinese_or_japanese(lang, tgt, want):
    assert flagged(run(SRC_GUB, tgt, lang, ["AUD503"]), "AUD503") == want


def test_the_governor_of_the_central_bank_is_no_other_rendering_of_a_provincial_governor():
    src = SRC_GUB + "\nGubernur BI Perry Warjiyo hadir dalam acara itu."
    tgt = ("东爪哇省长霍菲法·因达尔·帕拉万萨为该大楼揭幕。\n省长还邀请私营部门支持艺术活动。\n"
           "印尼央行行长佩里·瓦吉约出席了活动。")
    assert flagged(run(src, tgt, "zh", ["AUD503"]), "AUD503") == []


# ------------------------------------------------------------------ AUD105 / AUD106 untranslated by script
SRC_TIKET = "\"Masyarakat ora perlu membayar tiket masuk,\" kata Gubernur Khofifah dalam rapat WHO di Surabaya."


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "“市民ora需要购买门票，”霍菲法省长在泗水举行的WHO会议上说。", "ora"),
    ("ja", "「市民はチケットを買うmeetingは不要だ」と、コフィファ知事はスラバヤでのWHO会議で述べた。", "meeting"),
    ("ar", "وقالت الحاكمة خفيفة في اجتماع WHO في سورابايا: \"لا يحتاج السكان ora إلى دفع ثمن التذاكر\".", "ora"),
])
def test_a_latin_leftover_in_chinese_japanese_or_arabic_text_is_reported(lang, tgt, want):
    r = run(SRC_TIKET, tgt, lang, ["AUD102", "AUD103", "AUD105"])
    found = flagged(r, "AUD10")
    assert [t for _, t in found] == [want], found
    if want == "ora":
        assert "Javanese" in [f for f in r.findings if f.code.startswith("AUD10")][0].message


@pytest.mark.parametrize("tgt", [
    "“市民无需购买门票，”Khofifah省长在泗水举行的WHO会议上说，会场距离市中心5km。",
    "“市民无需购买门票，”霍菲法省长说。许多人在返乡（mudik）期间使用iPhone和COVID-19应用程序。",
    "“市民无需购买门票，”霍菲法省长说。mudik（返乡）期间车站人很多。",
])
def test_names_acronyms_units_and_bracketed_terms_are_no_leftovers(tgt):
    r = run(SRC_TIKET + "\nSelama mudik, warga memakai aplikasi COVID-19.", tgt, "zh", ["AUD102", "AUD103", "AUD105"])
    assert flagged(r, "AUD10") == []


SRC_RAPAT = ("Kombes Budi Santosa mengatakan rapat DPR digelar di Jalan Melati.\n"
             "Anggota DPR hadir dalam rapat WHO itu.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "Kombes Budi Santosa说，DPR会议在Jalan Melati举行。\n国会议员出席了世卫组织（WHO）的会议。",
     ["Kombes", "DPR", "Jalan"]),
    ("ja", "Kombesのブディ・サントソ氏は、DPR会議がメラティ通りで開かれたと述べた。\n国会議員がWHOの会議に出席した。",
     ["Kombes", "DPR"]),
    ("ar", "قال العميد بودي سانتوسو إن اجتماع DPR عقد في شارع ميلاتي.\nوحضر أعضاء البرلمان اجتماع WHO.",
     ["DPR"]),
])
def test_an_indonesian_title_or_acronym_left_bare_is_a_minor_leftover(lang, tgt, want):
    r = run(SRC_RAPAT, tgt, lang, ["AUD102", "AUD103", "AUD105"])
    found = [f for f in r.findings if f.code == "AUD105"]
    assert [t for _, t in flagged(r, "AUD105")] == want
    assert {f.severity for f in found} == {"minor"}


def test_an_acronym_the_translation_glosses_once_may_stay_bare_afterwards():
    tgt = "布迪·桑托索上校说，国会（DPR）会议在梅拉蒂路举行。\nDPR议员出席了世卫组织会议。"
    assert flagged(run(SRC_RAPAT, tgt, "zh", ["AUD105"]), "AUD105") == []


def test_english_of_the_source_written_in_arabic_letters():
    src = "Pemerintah DKI Jakarta akan menggelar acara Peak Night di Taman Ismail Marzuki."
    bad = "ستنظم حكومة جاكرتا فعالية «بيك نايت» في تامان إسماعيل مرزوقي."
    good = "ستنظم حكومة جاكرتا فعالية «ليلة الذروة» في تامان إسماعيل مرزوقي."
    assert flagged(run(src, bad, "ar", ["AUD106"]), "AUD106") == [("AUD106", "بيك نايت")]
    assert flagged(run(src, good, "ar", ["AUD106"]), "AUD106") == []


# ------------------------------------------------------------------ AUD404 names across scripts
SRC_WAHYU = ("Ketua koperasi Wahyu Hidayat membuka rapat anggota.\n"
             "Wahyu mengatakan koperasi akan menjaga harga pupuk.")


@pytest.mark.parametrize("tgt,want", [
    # 维护 (weihu, to maintain) is a word, not 'Wahyu': a short name only matches near-exactly
    ("合作社主席Wahyu Hidayat主持了成员大会。\nWahyu表示，合作社将维护化肥价格。", []),
    ("合作社主席Wahyu Hidayat主持了成员大会。\n瓦赫尤表示，合作社将维持化肥价格。", [("AUD404", "Wahyu Hidayat")]),
])
def test_a_short_name_is_not_found_in_a_common_word_of_the_same_sound(tgt, want):
    assert flagged(run(SRC_WAHYU, tgt, "zh", ["AUD404"]), "AUD404") == want


SRC_RETNO = ("Menteri Luar Negeri Retno Marsudi menerima kunjungan itu di Jakarta.\n"
             "\"Kedua negara sepakat memperkuat kerja sama,\" kata Retno.\n"
             "Menurut Retno, perdagangan kedua negara meningkat.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("ja", "ルトノ・マルスディ外相はジャカルタで訪問を受けた。\n「両国は協力強化で合意した」とRetnoは述べた。\nルトノ外相によると、両国の貿易は増加した。", "Retno"),
    ("zh", "外长蕾特诺·马尔苏迪在雅加达接待了来访。\n“两国同意加强合作，”Retno说。\n据蕾特诺介绍，两国贸易有所增长。", "Retno"),
    ("ar", "استقبلت وزيرة الخارجية ريتنو مارسودي الزيارة في جاكرتا.\nوقالت Retno: \"اتفق البلدان على تعزيز التعاون\".\nووفقا لريتنو، ارتفعت التجارة بين البلدين.", "Retno"),
])
def test_one_person_in_latin_script_and_in_the_target_script_is_reported_once(lang, tgt, want):
    r = run(SRC_RETNO, tgt, lang, ["AUD404"])
    assert flagged(r, "AUD404") == [("AUD404", want)]


@pytest.mark.parametrize("lang,tgt", [
    ("ja", "ルトノ・マルスディ外相はジャカルタで訪問を受けた。\n「両国は協力強化で合意した」とルトノ氏は述べた。\nルトノ外相によると、両国の貿易は増加した。"),
    ("zh", "外长Retno Marsudi在雅加达接待了来访。\n“两国同意加强合作，”Retno说。\n据Retno介绍，两国贸易有所增长。"),
    ("zh", "外长蕾特诺·马尔苏迪（Retno Marsudi）在雅加达接待了来访。\n“两国同意加强合作，”蕾特诺说。\n据蕾特诺介绍，两国贸易有所增长。"),
])
def test_one_script_throughout_or_a_bracketed_original_is_no_switch(lang, tgt):
    assert flagged(run(SRC_RETNO, tgt, lang, ["AUD404"]), "AUD404") == []


# ------------------------------------------------------------------ AUD107 Indonesian written out
SRC_PARANG = ("Polisi menemukan sebuah golok di dekat Pasar Kenanga.\n"
              "Brigjen Arif Wibisono mengatakan pelaku sudah ditangkap.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("ja", "警察はパサール・クナンガの近くでゴロックを発見した。\nアリフ・ウィビソノ准将は、容疑者はすでに逮捕されたと述べた。",
     ["パサール", "ゴロック"]),
    ("ja", "警察はクナンガ市場の近くで山刀を発見した。\nブリグジェンのアリフ・ウィビソノ氏は、容疑者はすでに逮捕されたと述べた。",
     ["ブリグジェン"]),
    ("ar", "عثرت الشرطة على غولوك قرب باسار كينانغا.\nوقال العميد عارف ويبيسونو إن الجاني اعتقل.",
     ["غولوك", "باسار"]),
])
def test_an_indonesian_word_written_out_in_katakana_or_arabic_letters(lang, tgt, want):
    r = run(SRC_PARANG, tgt, lang, ["AUD107"])
    assert [t for _, t in flagged(r, "AUD107")] == want
    assert {f.severity for f in r.findings if f.code == "AUD107"} == {"minor"}


@pytest.mark.parametrize("lang,src,tgt", [
    # translated, names written out: nothing
    ("ja", SRC_PARANG, "警察はクナンガ市場の近くで山刀を発見した。\nアリフ・ウィビソノ准将は、容疑者はすでに逮捕されたと述べた。"),
    ("ar", SRC_PARANG, "عثرت الشرطة على ساطور قرب سوق كينانغا.\nوقال العميد عارف ويبيسونو إن الجاني اعتقل."),
    # an Indonesian word English has borrowed, an English cognate in katakana, a glossed term
    ("ja", "Pengrajin batik memakai energi surya dan merayakan mudik.",
     "バティック職人は太陽エネルギーを使い、ムディック（帰省）を祝う。"),
    # an Arabic word that an Indonesian word comes from, with its article and a suffix
    ("ar", "Para jemaah berkumpul di masjid untuk musyawarah.",
     "تجمع المصلون في المسجد للتشاور."),
])
def test_translations_names_loanwords_and_glossed_terms_are_not_written_out_words(lang, src, tgt):
    assert flagged(run(src, tgt, lang, ["AUD107"]), "AUD107") == []


def test_chinese_is_not_compared_for_written_out_words():
    r = run(SRC_PARANG, "警察在巴刹克纳加附近发现了一把戈洛克。\n阿里夫·维比索诺准将说，嫌犯已被逮捕。", "zh", ["AUD107"])
    assert flagged(r, "AUD107") == []


# ------------------------------------------------------------------ AUD222 / AUD223 typography
SRC_KUTIP = '"Kami akan terus bekerja," kata Sari. "Semua data sudah lengkap," tambahnya.'


def test_a_space_before_the_arabic_comma_is_one_finding_per_article():
    tgt = '"سنواصل العمل" ، قالت ساري. "كل البيانات مكتملة" ، أضافت ، مبتسمة.'
    r = run(SRC_KUTIP, tgt, "ar", ["AUD222"])
    assert flagged(r, "AUD222") == [("AUD222", '" ،')]
    assert "2 more places" in r.findings[0].message
    assert flagged(run(SRC_KUTIP, '"سنواصل العمل"، قالت ساري. "كل البيانات مكتملة"، أضافت.', "ar", ["AUD222"]),
                   "AUD222") == []


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "“我们会继续工作,“萨丽说。“所有数据都已齐全,”她补充道。", ["“"]),
    ("zh", "“我们会继续工作。所有数据都已齐全,“萨丽说。", ["“"]),        # the quotation runs over two sentences
    ("zh", "“我们会继续工作,”萨丽说。“所有数据都已齐全,”她补充道。", []),
    ("ja", "「我々は働き続ける」とサリ氏は述べた。", []),
])
def test_a_quotation_closed_with_an_opening_mark(lang, tgt, want):
    r = run(SRC_KUTIP, tgt, lang, ["AUD223"])
    assert [t for _, t in flagged(r, "AUD223")] == want


# ------------------------------------------------------------------ AUD405 a name in no script
SRC_BATU = ("Kepala Desa Air Hitam Dian Kartika meninjau sawah di Desa Tulungrejo.\n"
            "Menurut Dian, panen tahun ini naik.")


@pytest.mark.parametrize("lang,tgt,want", [
    # 'Air Hitam' translated word by word (黑水), the other village dropped: two places lost
    ("zh", "黑水村村长迪安·卡尔蒂卡视察了一个村庄的稻田。\n迪安说，今年的收成有所增加。", 2),
    ("ja", "黒水村のディアン・カルティカ村長は村の水田を視察した。\nディアン氏によると、今年の収穫は増えた。", 2),
    ("ar", "تفقدت رئيسة قرية المياه السوداء ديان كارتيكا حقول الأرز في القرية.\nوقالت ديان إن محصول هذا العام ارتفع.", 2),
    # the names written out or kept: nothing
    ("zh", "艾尔希塔姆村村长迪安·卡尔蒂卡视察了图隆雷久村的稻田。\n迪安说，今年的收成有所增加。", 0),
    ("ja", "アイル・ヒタム村のディアン・カルティカ村長はトゥルンレジョ村の水田を視察した。\nディアン氏によると、今年の収穫は増えた。", 0),
    ("ar", "تفقدت رئيسة قرية آير هيتام ديان كارتيكا حقول الأرز في قرية Tulungrejo.\nوقالت ديان إن محصول هذا العام ارتفع.", 0),
])
def test_a_name_of_the_source_in_no_script_is_reported(lang, tgt, want):
    r = run(SRC_BATU, tgt, lang, ["AUD405"])
    found = [f for f in r.findings if f.code == "AUD405"]
    assert len(found) == want, [f.message for f in found]


def test_a_traditional_chinese_name_of_a_city_is_its_rendering():
    src = "Wali Kota Surabaya Eri Cahyadi membuka pasar baru."
    assert flagged(run(src, "泗水市长埃里·卡希亚迪为新市场揭幕。", "zh", ["AUD405"]), "AUD405") == []


# ------------------------------------------------------------------ times in Chinese, Japanese, Arabic
SRC_RAPAT_JAM = "Rapat dewan dimulai pukul 19.45 WIB dan berakhir pukul 09.30 WIB keesokan harinya."


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "理事会会议于西印尼时间晚上7时45分开始，次日上午9点半结束。", []),
    ("ja", "理事会の会議は西部インドネシア時間の午後7時45分に始まり、翌日の午前9時30分に終わった。", []),
    ("ar", "بدأ اجتماع المجلس الساعة 7:45 مساء بتوقيت غرب إندونيسيا وانتهى الساعة 9:30 صباحا في اليوم التالي.", []),
    ("zh", "理事会会议于西印尼时间晚上8时45分开始，次日上午9点半结束。", ["AUD203"]),
    ("ja", "理事会の会議は西部インドネシア時間の午後7時40分に始まり、翌日の午前9時30分に終わった。", ["AUD203"]),
])
def test_times_written_the_chinese_japanese_or_arabic_way_are_read_as_times(lang, tgt, want):
    r = run(SRC_RAPAT_JAM, tgt, lang, ["AUD2"])
    assert sorted({f.code for f in r.findings}) == want, [(f.code, f.message) for f in r.findings]


def test_an_arabic_date_in_brackets_after_the_weekday_is_compared_as_a_date():
    src = "Polisi menggelar razia pada Senin (10/6/2024) di sejumlah titik."
    bad = "نفذت الشرطة حملة تفتيش يوم الاثنين (6 أكتوبر 2024) في عدة نقاط."
    good = "نفذت الشرطة حملة تفتيش يوم الاثنين (10 يونيو 2024) في عدة نقاط."
    assert [c for c, _ in flagged(run(src, bad, "ar", ["AUD2"]), "AUD2")] == ["AUD211"]
    assert flagged(run(src, good, "ar", ["AUD2"]), "AUD2") == []


# ------------------------------------------------------------------ AUD611 pronouns beyond the attribution
SRC_RATNA = ("Kepala Dinas Pertanian Ibu Ratna Wulandari mengatakan panen padi tahun ini meningkat.\n"
             "Menurut dia, rumahnya juga terdampak banjir.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "农业局局长拉特娜·武兰达里女士表示，今年稻米收成有所增加。\n据她说，他的房子也受到了洪水影响。", ["他"]),
    ("zh", "农业局局长拉特娜·武兰达里女士表示，今年稻米收成有所增加。\n据她说，她的房子和其他房屋也受到了洪水影响。", []),
    ("ja", "農業局のラトナ・ウランダリ局長は、今年の米の収穫が増えたと述べた。\n彼女によると、彼の家も洪水の被害を受けた。", ["彼"]),
])
def test_a_pronoun_of_the_other_gender_in_a_sentence_about_the_speaker_alone(lang, tgt, want):
    r = run(SRC_RATNA, tgt, lang, ["AUD611"])
    assert [t for _, t in flagged(r, "AUD611")] == want


def test_a_pronoun_in_a_sentence_that_names_another_person_is_left_alone():
    src = SRC_RATNA + "\nMenurut Ratna, Pak Budi Santoso juga kehilangan rumahnya."
    tgt = ("农业局局长拉特娜·武兰达里女士表示，今年稻米收成有所增加。\n据她说，她的房子也受到了洪水影响。\n"
           "拉特娜说，布迪·桑托索先生也失去了他的房子。")
    assert flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611") == []


# ------------------------------------------------------------------ AUD611 Arabic attributions, titles
SRC_SARI = "Dalam jumpa pers hari Senin, Ibu Ratna Sari mengatakan jalan desa itu rusak sejak Januari."


@pytest.mark.parametrize("tgt,want", [
    # the verb after an adverbial phrase, followed by the speaker's name
    ("وفي مؤتمر صحفي يوم الاثنين قال راتنا ساري إن طريق القرية متضرر منذ يناير.", ["قال"]),
    # 'as he said', 'as he put it'
    ("طريق القرية متضرر منذ يناير، كما قال راتنا ساري في مؤتمر صحفي يوم الاثنين.", ["قال"]),
    ("طريق القرية متضرر منذ يناير، على حد قوله في مؤتمر صحفي يوم الاثنين.", ["قوله"]),
    # a participle of attribution after the quotation
    ("\"طريق القرية متضرر منذ يناير\"، مضيفا أن الإصلاح سيبدأ قريبا.", ["مضيفا"]),
    # a title beside the name
    ("وفي مؤتمر صحفي يوم الاثنين، أوضح السيد راتنا ساري أن طريق القرية متضرر منذ يناير.", ["أوضح", "السيد"]),
    ("وفي مؤتمر صحفي يوم الاثنين قالت راتنا ساري إن طريق القرية متضرر منذ يناير، مؤكدة أن الإصلاح سيبدأ.", []),
])
def test_arabic_attributions_beyond_the_clause_opening_verb(tgt, want):
    r = run(SRC_SARI, tgt, "ar", ["AUD611"])
    assert [t for _, t in flagged(r, "AUD611")] == want


def test_a_verb_or_participle_whose_subject_is_someone_else_is_left_alone():
    src = ("Pak Budi Santoso mengatakan polisi sudah menangkap pelaku dan kasus itu sedang ditangani.\n"
           "Ibu Ratna Sari mengatakan warga yang melapor sudah dimintai keterangan.")
    tgt = ("وقال بودي سانتوسو إن الشرطة اعتقلت الجاني، مشيرة إلى أن القضية قيد المعالجة.\n"
           "وقالت راتنا ساري إن المواطن الذي قال ذلك قد استجوب.")
    assert flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611") == []


@pytest.mark.parametrize("tgt,want", [
    ("拉特纳·萨里先生周一在记者会上表示，村里的道路自一月以来一直损坏。", ["先生"]),
    ("拉特纳·萨里女士周一在记者会上表示，村里的道路自一月以来一直损坏。", []),
])
def test_a_chinese_title_of_the_other_gender_beside_the_name(tgt, want):
    assert [t for _, t in flagged(run(SRC_SARI, tgt, "zh", ["AUD611"]), "AUD611")] == want


def test_a_title_in_a_sentence_naming_one_person_who_does_not_speak():
    src = "Pak Budi Santoso membuka pameran batik di balai kota."
    assert [t for _, t in flagged(run(src, "布迪·桑托索女士在市政厅为蜡染展览揭幕。", "zh", ["AUD611"]), "AUD611")] \
        == ["女士"]
    # 'ladies and gentlemen' is no title of the person
    assert flagged(run(src, "布迪·桑托索先生向女士们、先生们致辞，为蜡染展览揭幕。", "zh", ["AUD611"]), "AUD611") == []


def test_a_verb_before_the_name_of_someone_in_its_clause_is_not_the_speakers():
    src = "Pak Budi Santoso mengatakan polisi sudah memeriksa saksi-saksi."
    tgt = "وأكد بودي سانتوسو الأمر، وقالت الشرطة إن بودي سانتوسو قدم شهادته."
    assert flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611") == []


# ------------------------------------------------------------------ AUD212 date forms
SRC_MEETING = "Rapat itu digelar pada Senin (10/6/2024) di Balai Kota."


@pytest.mark.parametrize("lang,tgt,want,sug", [
    ("zh", "会议于周一（10/6/2024）在市政厅举行。", "（10/6/2024）", "2024年6月10日"),
    ("ja", "会議は月曜日（10/6/2024）に市役所で開かれた。", "（10/6/2024）", "2024年6月10日"),
    ("ar", "عقد الاجتماع يوم الاثنين، يونيو 10، 2024 في مبنى البلدية.", "يونيو 10، 2024", "10 يونيو 2024"),
])
def test_a_date_not_written_the_chinese_japanese_or_arabic_way(lang, tgt, want, sug):
    r = run(SRC_MEETING, tgt, lang, ["AUD212"])
    assert flagged(r, "AUD212") == [("AUD212", want)]
    assert [f.suggestion for f in r.findings] == [sug]


@pytest.mark.parametrize("lang,tgt", [
    ("zh", "会议于2024年6月10日（周一）在市政厅举行。"),
    ("ja", "会議は2024年6月10日（月）に市役所で開かれた。"),
    ("ar", "عقد الاجتماع يوم الاثنين (10 يونيو 2024) في مبنى البلدية."),
    ("ar", "عقد الاجتماع يوم الاثنين 10/6/2024 في مبنى البلدية."),
])
def test_dates_written_the_target_way_raise_nothing(lang, tgt):
    assert flagged(run(SRC_MEETING, tgt, lang, ["AUD2"]), "AUD2") == []


# ------------------------------------------------------------------ AUD406 name run together
SRC_SEPEDA = "Presiden Joko Widodo bersepeda bersama Menteri Budi Karya Sumadi di Bundaran Kota."


@pytest.mark.parametrize("tgt,want", [
    ("ジョコウィドド大統領は市内のロータリーでブディ・カリヤ・スマディ大臣とサイクリングをした。",
     [("ジョコウィドド", "ジョコ・ウィドド")]),
    ("ジョコ・ウィドド大統領は市内のロータリーでブディカリヤスマディ大臣とサイクリングをした。",
     [("ブディカリヤスマディ", "ブディ・カリヤ・スマディ")]),
    ("ジョコ・ウィドド大統領は市内のロータリーでブディ・カリヤ・スマディ大臣とサイクリングをした。", []),
    ("ジョコ大統領は市内のロータリーでブディ大臣とサイクリングをした。", []),
])
def test_a_japanese_name_of_two_words_written_as_one(tgt, want):
    r = run(SRC_SEPEDA, tgt, "ja", ["AUD406"])
    assert [(r.translation.raw[f.span.start:f.span.end], f.suggestion) for f in r.findings] == want


def test_a_title_or_an_english_phrase_in_capitals_is_no_name_to_split():
    src = "Kasat Samapta memimpin acara Kick Off Bulan Tertib Lalu Lintas."
    tgt = "カサットサマプタは交通安全月間のキックオフイベントを率いた。"
    assert flagged(run(src, tgt, "ja", ["AUD406"]), "AUD406") == []


# ------------------------------------------------------------------ AUD503 bupati in three scripts
SRC_BUPATI = ("Bupati Sleman Kustini meninjau lokasi banjir di Kabupaten Sleman.\n"
              "Bupati juga meminta warga waspada.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "斯莱曼县长库斯蒂尼视察了斯莱曼县的洪水现场。\n摄政还呼吁居民保持警惕。", ["摄政"]),
    ("zh", "斯莱曼县长库斯蒂尼视察了斯莱曼县的洪水现场。\n县长还呼吁居民保持警惕。", []),
    ("ja", "スレマン県知事のクスティニ氏はスレマン県の洪水現場を視察した。\n摂政はまた、住民に警戒を呼びかけた。", ["摂政"]),
    ("ar", "تفقدت رئيسة مقاطعة سليمان كوستيني موقع الفيضانات.\nكما دعت الوصي السكان إلى توخي الحذر.", ["الوصي"]),
    ("ar", "تفقدت رئيسة مقاطعة سليمان كوستيني موقع الفيضانات.\nكما دعت رئيسة المقاطعة السكان إلى توخي الحذر.", []),
])
def test_a_regent_of_a_kingdom_and_a_district_head_for_one_bupati(lang, tgt, want):
    assert [t for _, t in flagged(run(SRC_BUPATI, tgt, lang, ["AUD503"]), "AUD503")] == want


# ------------------------------------------------------------------ AUD405 institutions
SRC_KPK = "Penyidik KPK memeriksa tiga saksi di Gedung Merah Putih pada Selasa."


@pytest.mark.parametrize("lang,tgt,lost", [
    ("ar", "استجوب محققو الحزب ثلاثة شهود في المبنى الأحمر والأبيض يوم الثلاثاء.", True),
    ("ar", "استجوب محققو لجنة مكافحة الفساد ثلاثة شهود في المبنى الأحمر والأبيض يوم الثلاثاء.", False),
    ("ar", "استجوب محققو KPK ثلاثة شهود في المبنى الأحمر والأبيض يوم الثلاثاء.", False),
    ("zh", "党的调查人员周二在红白大楼询问了三名证人。", True),
    ("zh", "肃贪委调查人员周二在红白大楼询问了三名证人。", False),
    ("ja", "汚職撲滅委員会の捜査官は火曜日、紅白ビルで証人3人を聴取した。", False),
])
def test_an_institution_rendered_as_something_else(lang, tgt, lost):
    r = run(SRC_KPK, tgt, lang, ["AUD405"])
    found = [f for f in r.findings if f.code == "AUD405" and "KPK" in f.message]
    assert bool(found) == lost


def test_an_institution_written_out_in_the_target_script_is_left_to_the_leftover_checks():
    src = "Saat ini, Polda Metro Jaya juga menyelidiki kasus tersebut."
    for lang, tgt in (("ja", "現在、ポルダメトロジャヤもこの事件を調査している。"),
                      ("ar", "وحاليا، تحقق بولدا مترو جايا أيضا في القضية.")):
        r = run(src, tgt, lang, ["AUD405"])
        assert not [f for f in r.findings if "Polda" in f.message]


# ------------------------------------------------------------------ AUD211/AUD202 dates written the target's way
@pytest.mark.parametrize("lang,src,tgt", [
    # a range that gives its year once, at the other end
    ("zh", "Sejak 1 Januari hingga 31 Mei 2024 tercatat 120 kasus.", "从2024年1月1日至5月31日，共记录了120例。"),
    ("ja", "Sejak 1 Januari hingga 31 Mei 2024 tercatat 120 kasus.", "2024年1月1日から5月31日までに120件が記録された。"),
    ("ar", "Sejak 1 Januari hingga 31 Mei 2024 tercatat 120 kasus.", "منذ 1 يناير حتى 31 مايو 2024، تم تسجيل 120 حالة."),
    # the month given both ways in Arabic
    ("ar", "Peristiwa itu terjadi pada Senin, 10 Juni 2024.", "وقع الحادث يوم الاثنين 10 يونيو/حزيران 2024."),
    # the day alone before its weekday, as Japanese and Chinese news write it
    ("ja", "Peristiwa itu terjadi pada Senin (10/6) malam.", "事件は10日月曜日の夜に発生した。"),
    ("zh", "Peristiwa itu terjadi pada Senin (10/6) malam.", "事件发生在10日（周一）晚上。"),
])
def test_dates_written_the_target_languages_way_are_no_mismatch(lang, src, tgt):
    assert flagged(run(src, tgt, lang, ["AUD2"]), "AUD2") == []


def test_the_day_alone_before_its_weekday_is_still_compared():
    r = run("Peristiwa itu terjadi pada Senin (10/6) malam.", "事件は11日月曜日の夜に発生した。", "ja", ["AUD211"])
    assert [c for c, _ in flagged(r, "AUD211")] == ["AUD211"]


# ------------------------------------------------------------------ alignment and numbers in scripts
def test_a_short_sentence_with_a_time_and_a_capitalised_word_keeps_its_counterpart():
    src = "Polisi menggelar razia di Jalan Sudirman.\nAcara dimulai pukul 10.00 WIB.\nSebanyak 20 motor diperiksa."
    for lang, tgt in (("zh", "警方在苏迪尔曼路进行了突击检查。\n活动于西部时间上午10点开始。\n共有20辆摩托车接受检查。"),
                      ("ja", "警察はスディルマン通りで取り締まりを行った。\nイベントは西部時間午前10時に始まった。\nオートバイ20台が検査された。")):
        r = run(src, tgt, lang, ["AUD0", "AUD2"])
        assert flagged(r, "AUD") == []


@pytest.mark.parametrize("src,tgt", [
    ("Sebanyak 3 juta dosis vaksin tiba.", "وصلت ثلاثة ملايين جرعة من اللقاحات."),
    ("Ini adalah pertemuan ke-3 tahun ini.", "هذا هو الاجتماع الثالث هذا العام."),
    ("Polisi menangkap 5 tersangka.", "اعتقلت الشرطة خمسة مشتبه بهم."),
])
def test_arabic_numbers_written_as_words_are_read(src, tgt):
    assert flagged(run(src, tgt, "ar", ["AUD2"]), "AUD2") == []


def test_an_arabic_number_word_that_differs_is_reported():
    r = run("Polisi menangkap 5 tersangka.", "اعتقلت الشرطة ستة مشتبه بهم.", "ar", ["AUD2"])
    assert [c for c, _ in flagged(r, "AUD2")] == ["AUD203"]


@pytest.mark.parametrize("lang,src,tgt,codes", [
    # a number inside a name: the translation may use the name its readers know
    ("ja", "Kasus COVID-19 naik 5 persen di DKI Jakarta.", "ジャカルタ首都特別州の新型コロナウイルス感染者は5％増加した。", ["AUD2"]),
    # an English word of an event's name, translated
    ("ar", "Pameran Jakarta Fair dibuka Presiden.", "افتتح الرئيس معرض جاكرتا.", ["AUD405"]),
    # a university is no person whose name needs a middle dot
    ("ja", "Ia lulusan Universitas Gadjah Mada (UGM).", "彼はガジャマダ大学（UGM）を卒業した。", ["AUD406"]),
])
def test_clean_renderings_that_looked_like_errors(lang, src, tgt, codes):
    assert flagged(run(src, tgt, lang, codes), "AUD") == []


# ------------------------------------------------------------------ AUD611 a speaker described, not named
SRC_WARGA = ("Seorang warga yang rumahnya terendam banjir meminta bantuan.\n"
             "\"Kami belum menerima bantuan apa pun,\" ujar perempuan berusia 45 tahun itu.")


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "一名房屋被洪水淹没的居民请求援助。\n“我们还没有收到任何援助，”他说。", ["他说"]),
    ("zh", "一名房屋被洪水淹没的居民请求援助。\n“我们还没有收到任何援助，”这位45岁的男子说。", ["男子"]),
    ("zh", "一名房屋被洪水淹没的居民请求援助。\n“我们还没有收到任何援助，”这位45岁的女子说。", []),
    ("ja", "浸水被害を受けた住民が支援を求めた。\n「まだ何の支援も受けていない」と彼は語った。", ["彼"]),
    ("ar", "طلب أحد السكان الذي غمرت المياه منزله المساعدة.\n\"لم نتلق أي مساعدة حتى الآن\"، قال الرجل البالغ من العمر 45 عاما.",
     ["الرجل"]),
    ("ar", "طلب أحد السكان الذي غمرت المياه منزله المساعدة.\n\"لم نتلق أي مساعدة حتى الآن\"، قالت المرأة البالغة من العمر 45 عاما.",
     []),
])
def test_a_speaker_the_source_describes_by_a_gender_noun(lang, tgt, want):
    assert [t for _, t in flagged(run(SRC_WARGA, tgt, lang, ["AUD611"]), "AUD611")] == want


@pytest.mark.parametrize("src,tgt,want", [
    ("Ibu Ratna Sari mengunjungi pasar itu pada Senin.", "زار راتنا ساري السوق يوم الاثنين.", [("زار", "زارت")]),
    ("Ibu Ratna Sari mengunjungi pasar itu pada Senin.", "زارت راتنا ساري السوق يوم الاثنين.", []),
    ("Pak Budi Santoso tiba di lokasi pada Senin.", "وصلت بودي سانتوسو إلى الموقع يوم الاثنين.", [("وصلت", "وصل")]),
    # a noun or a preposition before the name is no verb
    ("Rumah Pak Budi Santoso terendam banjir.", "غمرت المياه بيت بودي سانتوسو.", []),
    ("Pertemuan antara Ibu Ratna Sari dan warga berlangsung lancar.", "جرى اللقاء بين راتنا ساري والسكان بسلاسة.", []),
])
def test_an_arabic_verb_right_before_the_name_agrees_with_the_person(src, tgt, want):
    r = run(src, tgt, "ar", ["AUD611"])
    assert [(r.translation.raw[f.span.start:f.span.end], f.suggestion) for f in r.findings] == want


def test_a_word_that_only_sounds_like_the_name_is_no_subject():
    src = "Menteri Sosial Ratna Mulyani mengatakan pemerintah menyiapkan anggaran baru."
    tgt = "قالت وزيرة الشؤون الاجتماعية راتنا مولياني إن الحكومة تعد ميزانية جديدة."
    assert flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611") == []


# ------------------------------------------------------------------ AUD611 gender from the name model
def _name_model_available():
    from auditor.checks.speaker import namegender
    return namegender.available()


SRC_RANK = ("Kapolres Jakarta Barat Kombes Pol Hardiyanto mengatakan para pelajar sudah dipulangkan.\n"
            "\"Mereka kami serahkan kepada orang tua,\" tuturnya.")


@pytest.mark.skipif(not _name_model_available(), reason="indonamegender not installed")
@pytest.mark.parametrize("tgt,want", [
    ("西雅加达警察局长哈迪扬托表示，学生们已被送回家。\n“我们把他们交给了父母，”她说道。", ["她说"]),
    ("西雅加达警察局长哈迪扬托表示，学生们已被送回家。\n“我们把他们交给了父母，”他说道。", []),
])
def test_a_speaker_named_after_a_rank_takes_the_gender_the_name_model_gives(tgt, want):
    # 'Hardiyanto' is in no lexicon; one capitalised word after a police rank is a person
    r = run(SRC_RANK, tgt, "zh", ["AUD611"])
    assert [t for _, t in flagged(r, "AUD611")] == want
    if want:
        assert "indonamegender" in r.findings[0].message


def test_one_unknown_word_after_an_office_is_no_person_to_ask_the_name_model_about():
    # 'Bupati Bogor': a place after an office; the model would give any word a gender
    src = "Bupati Bogor mengatakan jalan itu rusak.\n\"Kami akan memperbaikinya,\" ujarnya."
    tgt = "茂物县长表示，这条道路已损坏。\n“我们会修好它，”她说。"
    assert flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611") == []


# ------------------------------------------------------------------ AUD611 speakers named by one word, or by office
SRC_ONE = "Kepala Dinas Pendidikan Kota Malang Suhartini mengatakan sekolah dibuka kembali pekan depan."


@pytest.mark.parametrize("lang,tgt,want", [
    ("zh", "玛琅市教育局局长苏哈蒂妮表示，学校将于下周重新开放。他说一切准备就绪。", ["他说"]),
    ("ar", "وقال رئيسة دائرة التعليم في مدينة مالانج سوهارتيني إن المدارس ستفتح الأسبوع المقبل.", ["وقال"]),
])
def test_a_speaker_named_by_one_word_before_the_speech_verb_is_a_person(lang, tgt, want):
    # 'Suhartini', one word after a place, right before 'mengatakan': a person, whose first name
    # the lexicon knows as a woman's
    assert [t for _, t in flagged(run(SRC_ONE, tgt, lang, ["AUD611"]), "AUD611")] == want


def test_a_place_after_an_office_before_the_speech_verb_is_no_speaker():
    src = "Bupati Bogor mengatakan jalan itu rusak.\nIbu Ani juga hadir.\n\"Kami akan memperbaikinya,\" ujarnya."
    tgt = "茂物县长表示，这条道路已损坏。\n阿尼女士也出席了。\n“我们会修好它，”她说。"
    # 'ujarnya' is Ibu Ani's, the last person named: 她 agrees
    assert flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611") == []


def test_the_office_alone_later_names_the_one_person_who_holds_it():
    src = (SRC_ONE + "\nKepala Dinas Pendidikan juga meminta orang tua mengantar anak mereka.")
    tgt = ("玛琅市教育局局长苏哈蒂妮表示，学校将于下周重新开放。\n教育局局长他还要求家长送孩子上学。")
    assert [t for _, t in flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611")] == ["他"]


def test_an_office_two_people_hold_names_neither():
    src = ("Menteri Keuangan Sri Mulyani dan Menteri Perdagangan Budi Santoso hadir.\n"
           "Menteri juga meminta pengusaha menahan harga.")
    tgt = "财政部长斯里·穆利亚尼和贸易部长布迪·桑托索出席。\n部长他还要求企业控制价格。"
    assert flagged(run(src, tgt, "zh", ["AUD611"]), "AUD611") == []


# ------------------------------------------------------------------ AUD611 Arabic: the title before the name
SRC_MENLU = "Menteri Luar Negeri Retno Marsudi mengatakan Indonesia mendukung perdamaian."


@pytest.mark.parametrize("tgt,want", [
    ("وقالت وزير الخارجية ريتنو مارسودي إن إندونيسيا تدعم السلام.", ["وزير"]),
    ("وأكدت رئيس الوفد ريتنو مارسودي أن إندونيسيا تدعم السلام.", ["رئيس"]),
    ("وقالت وزيرة الخارجية ريتنو مارسودي إن إندونيسيا تدعم السلام.", []),
    # 'مؤتمر صحفي' (a press conference) before the verb is no title
    ("وفي مؤتمر صحفي قالت ريتنو مارسودي إن إندونيسيا تدعم السلام.", []),
])
def test_arabic_a_masculine_office_before_a_womans_name(tgt, want):
    r = run(SRC_MENLU, tgt, "ar", ["AUD611"])
    assert [t for _, t in flagged(r, "AUD611")] == want
    for f in r.findings:
        assert f.suggestion.endswith("ة")


@pytest.mark.parametrize("tgt,want", [
    # 'كما أشار إلى': إلى (to) is no definite subject of the verb
    ("وقالت ريتنو مارسودي إن إندونيسيا تدعم السلام، كما أشار إلى أهمية الحوار.", ["أشار"]),
    # a pronoun suffix in 'في بيانه' (in his statement)
    ("وقالت ريتنو مارسودي في بيانه إن إندونيسيا تدعم السلام.", ["بيانه"]),
    ("وقالت ريتنو مارسودي في بيانها إن إندونيسيا تدعم السلام، كما أشارت إلى أهمية الحوار.", []),
])
def test_arabic_attribution_forms_after_kama_and_fi(tgt, want):
    r = run(SRC_MENLU, tgt, "ar", ["AUD611"])
    assert [t for _, t in flagged(r, "AUD611")] == want


# ------------------------------------------------------------------ AUD611 more verbs of attribution
SRC_TWO = ("Ibu Ratna Sari mengatakan Pak Budi Santoso sudah dipanggil polisi.")


@pytest.mark.parametrize("lang,tgt,want", [
    # the sentence names another person: only the forms of the attribution itself count
    ("zh", "拉特娜·萨丽女士表示，布迪·桑托索先生已被警方传唤。他警告说情况严重。", ["他警告"]),
    ("ja", "ラトナ・サリ氏は、ブディ・サントソ氏が警察に呼び出されたと述べた。彼は、状況は深刻だと続けた。", ["彼"]),
    ("ar", "واعتبر راتنا ساري أن بودي سانتوسو استدعي من قبل الشرطة.", ["واعتبر"]),
    ("ar", "واعتبرت راتنا ساري أن بودي سانتوسو استدعي من قبل الشرطة.", []),
])
def test_verbs_of_attribution_beyond_say(lang, tgt, want):
    assert [t for _, t in flagged(run(SRC_TWO, tgt, lang, ["AUD611"]), "AUD611")] == want


# ------------------------------------------------------------------ AUD611 names: regional titles, places before them
@pytest.mark.parametrize("src,tgt,want", [
    # 'Lale' opens a Sasak woman's name, whatever the model makes of the rest
    ("Ketua koperasi Lale Cahaya mengatakan harga gabah naik.",
     "وقال رئيسة التعاونية لالي تشاهايا إن أسعار الأرز ارتفعت.", ["وقال"]),
    ("Ketua koperasi Teuku Cahaya mengatakan harga gabah naik.",
     "وقالت رئيس التعاونية تيوكو تشاهايا إن أسعار الأرز ارتفعت.", ["وقالت"]),
])
def test_a_regional_title_that_opens_a_name_gives_the_gender(src, tgt, want):
    assert [t for _, t in flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611")] == want


def test_a_place_opening_a_name_does_not_join_two_people():
    # 'Bandung' opens both runs; the colonel is a man, the head of office named later a woman
    src = ("Komandan Kodim Bandung Kolonel Arief Santoso mengatakan jembatan itu sudah dibuka.\n"
           "Kepala Dinas PU Bandung Siti Aminah mengatakan perbaikan selesai bulan depan.")
    tgt = ("وقال قائد القيادة العسكرية في باندونغ العقيد عارف سانتوسو إن الجسر فتح.\n"
           "وقالت رئيسة دائرة الأشغال العامة في باندونغ سيتي أمينة إن الإصلاح سينتهي الشهر المقبل.")
    assert flagged(run(src, tgt, "ar", ["AUD611"]), "AUD611") == []


@pytest.mark.parametrize("tgt,want", [
    ("وبحسبه، ستنتهي الإصلاحات الشهر المقبل.", ["وبحسبه"]),
    ("وبحسبها، ستنتهي الإصلاحات الشهر المقبل.", []),
])
def test_arabic_according_to_with_the_suffix_on_the_word(tgt, want):
    src = "Kepala Dinas PU Siti Aminah meninjau jembatan itu.\nMenurut dia, perbaikan selesai bulan depan."
    full = "تفقدت رئيسة دائرة الأشغال العامة سيتي أمينة الجسر.\n" + tgt
    assert [t for _, t in flagged(run(src, full, "ar", ["AUD611"]), "AUD611")] == want


# ------------------------------------------------------------------ AUD107 titles and heads inside names
@pytest.mark.parametrize("src,tgt", [
    # 'Putri' is a title, and a first name: here a woman's name, written out as names are
    ("Juru bicara PT Angkasa, Putri Lestari, mengatakan penerbangan normal.\n"
     "\"Semua jadwal sesuai rencana,\" kata Putri di Bandara.",
     "アンカサ社のプトリ・レスタリ報道官は、運航は正常だと述べた。\n「すべての便が予定通りだ」とプトリ氏は空港で語った。"),
    # 'Pasar' inside the name of a station named after its district
    ("Penumpang turun di Stasiun Pasar Senen pada pagi hari.",
     "乗客は朝、パサール・スネン駅で降りた。"),
])
def test_a_title_or_head_inside_a_name_is_no_word_written_out(src, tgt):
    assert flagged(run(src, tgt, "ja", ["AUD107"]), "AUD107") == []


def test_a_head_before_a_name_is_still_a_word_written_out():
    src = "Warga berbelanja di pasar tradisional dekat Jalan Merdeka."
    tgt = "住民はムルデカ通り近くの伝統的なパサールで買い物をした。"
    assert flagged(run(src, tgt, "ja", ["AUD107"]), "AUD107") == [("AUD107", "パサール")]


# ------------------------------------------------------------------ AUD108 garbled words
@pytest.mark.parametrize("lang,tgt,want", [
    ("ar", "أعلنت الحكومة أن عدد زوار المستشفيلات ارتفع هذا العام.", [("AUD108", "المستشفيلات")]),
    ("ar", "أعلنت الحكومة أن عدد زوار المستشفيات ارتفع هذا العام.", []),
    ("ja", "政府は新しいシスタムを導入した。", [("AUD108", "シスタム")]),
    ("ja", "政府は新しいシステムを導入した。", []),
])
def test_a_word_garbled_by_one_letter_is_reported_with_the_word(lang, tgt, want):
    src = "Pemerintah mengumumkan jumlah pengunjung rumah sakit naik tahun ini." if lang == "ar" else \
        "Pemerintah menerapkan sistem baru."
    r = run(src, tgt, lang, ["AUD108"])
    assert flagged(r, "AUD108") == want
    for f in r.findings:
        assert f.suggestion in ("المستشفيات", "システム")


@pytest.mark.parametrize("lang,src,tgt", [
    # a name written out: closer to the source's name than to the common word one letter away
    ("ja", "Warga berkumpul di Jalan Sudirman.", "住民はジャラン・スディルマンに集まった。"),
    ("ar", "Warga berkumpul di rumah Pak Rusdi.", "تجمع السكان في منزل السيد روسدي."),
])
def test_a_name_of_the_source_written_out_is_no_garbled_word(lang, src, tgt):
    assert flagged(run(src, tgt, lang, ["AUD108"]), "AUD108") == []


# ------------------------------------------------------------------ AUD301 a name the source repeats
SRC_KANTOR = "Siswa dapat mendaftar di kantor Disdik maupun loket Disdik keliling di kota-kota."


@pytest.mark.parametrize("tgt,want", [
    # the source repeats a name, not 'kota': the repeated towns are the translation's own
    ("يمكن للطلاب التسجيل في مكاتب ديسديك أو منافذ ديسديك المتنقلة في المدن والمدن.", [("AUD301", "والمدن")]),
    # the repeat that writes the name the source repeats is faithful
    ("يمكن للطلاب التسجيل في مكتب ديسديك وديسديك المتنقل في المدن.", []),
])
def test_a_name_repeated_in_the_source_covers_only_its_own_repeat(tgt, want):
    got = flagged(run(SRC_KANTOR, tgt, "ar", ["AUD301"]), "AUD301")
    assert [(c, t.split()[-1]) for c, t in got] == want
