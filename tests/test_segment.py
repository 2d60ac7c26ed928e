import pytest

from auditor.segment import split_sentences


def sents(text, lang):
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "M. Trump est arrivé. Il a parlé.", ["M. Trump est arrivé.", "Il a parlé."]),
    ("fr", "A.I. Antonov a été rappelé. Moscou attend.", ["A.I. Antonov a été rappelé.", "Moscou attend."]),
    ("fr", "« Nous attendons. » Puis il est parti.", ["« Nous attendons. »", "Puis il est parti."]),
    ("fr", "« Nous sommes prêts », a-t-elle dit. Fin.", ["« Nous sommes prêts », a-t-elle dit.", "Fin."]),
    ("en", "Mr. Biden spoke on Monday. \"We will act.\" Then he left.",
     ["Mr. Biden spoke on Monday.", "\"We will act.\"", "Then he left."]),
    ("id", "Kata dr. Budi, \"Kami siap.\" Lalu ia pergi.", ["Kata dr. Budi, \"Kami siap.\"", "Lalu ia pergi."]),
    ("zh", "今天天气很好。你好吗？我很好！", ["今天天气很好。", "你好吗？", "我很好！"]),
    ("ja", "今日は晴れです。明日は雨ですか？", ["今日は晴れです。", "明日は雨ですか？"]),
    ("ar", "هل أنت هنا؟ نعم أنا هنا.", ["هل أنت هنا؟", "نعم أنا هنا."]),
])
def test_sentence_boundaries(lang, text, expected):
    assert sents(text, lang) == expected


def test_jc_abbreviation_stays_inside():
    out = sents("En 52 av. J.-C. César assiège Alésia. Puis il rentre.", "fr")
    assert out[-1] == "Puis il rentre."
    assert "J.-C." in out[0]
