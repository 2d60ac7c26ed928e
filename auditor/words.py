"""Word counts for MQM normalisation (penalty points per 100 words), per language.

French, English and Arabic: whitespace-separated tokens (Arabic clitics stay on their word, as
Arabic word counts do in translation practice). Chinese and Japanese write no spaces, and counting
whitespace tokens gave a 400-character Chinese article 8 "words" (one major finding: MQM 44).
There, as ISO 5060 allows and translation practice does, the count is made from characters: each
Han, kana or Hangul character counts 1/F word, F being the characters per French word of the
same content (zh 1.5, ja 2.0: measured 1.32-1.53 and 2.06-2.12 on the project's parallel fixtures
clean-vaksin-* and clean-apbn-*, in line with the 1.5-1.8 Chinese and 2-3 Japanese characters per
English word that translation pricing uses), and each run of other letters or digits (a Latin
name, "COVID-19", "2021") counts one word. So a clean article and one finding weigh the same in a
Chinese or Japanese translation as in a French one of the same content. The method is named in the
score signature (`words:zh-char/1.5`, `words:ws`).
"""
from __future__ import annotations

import regex

# characters per word of the same content (French words), by language
CHARS_PER_WORD = {"zh": 1.5, "ja": 2.0}

CJK_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー々〆〇]")
_OTHER_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")


def _base(lang: str) -> str:
    return (lang or "").split("-")[0].lower()


def method(lang: str) -> str:
    """How words are counted for `lang`, as written in the score signature."""
    f = CHARS_PER_WORD.get(_base(lang))
    return f"{_base(lang)}-char/{f:g}" if f else "ws"


def count_words(text: str, lang: str) -> int:
    """Words of `text` in `lang` for MQM normalisation (see the module's docstring)."""
    f = CHARS_PER_WORD.get(_base(lang))
    if not f:
        return len(text.split())
    chars = len(CJK_CHAR.findall(text))
    others = len(_OTHER_WORD.findall(CJK_CHAR.sub(" ", text)))
    return others + int(round(chars / f))
