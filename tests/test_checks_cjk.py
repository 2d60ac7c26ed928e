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
