"""Scripts: what the checks for Chinese, Japanese and Arabic translations share.

Chinese and Japanese write no spaces; Arabic attaches conjunctions, prepositions and the article
to the word (و, ف, ب, ل, ك, ال). These helpers find runs of a script, normalise Arabic for
comparison and split its one-letter prefixes, and name the target languages concerned.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

CJK_LANGS = ("zh", "ja")
SCRIPT_LANGS = ("zh", "ja", "ar")

# a run of Chinese characters and kana (the iteration marks and the long-vowel mark included)
CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ゝゞヽヾ]+")
KATAKANA_RUN = regex.compile(r"[\p{Katakana}ー]+(?:[・･=＝][\p{Katakana}ー]+)*")
HAN = regex.compile(r"\p{Han}")
# an Arabic word: letters and marks of the Arabic script
# (the harakat are of the Inherited script: marks are taken whatever their script)
ARABIC_WORD = regex.compile(r"[\p{Arabic}&&\p{L}][[\p{Arabic}&&\p{L}]\p{Mn}\u0640]*", regex.V1)
# a Latin-script word (letters with their accents, inner apostrophes and hyphens)
LATIN_WORD = regex.compile(r"\p{Latin}[\p{Latin}\p{M}]*(?:['’\-][\p{Latin}][\p{Latin}\p{M}]*)*")

_AR_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")      # harakat, dagger alif, tatweel
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def base_lang(lang: str) -> str:
    return (lang or "").split("-")[0].lower()


def is_cjk(lang: str) -> bool:
    return base_lang(lang) in CJK_LANGS


@lru_cache(maxsize=1 << 16)
def ar_norm(word: str) -> str:
    """An Arabic word without diacritics and tatweel, alif and ya/ta marbuta forms folded."""
    return _AR_MARKS.sub("", word).translate(_AR_FOLD)


class Word(NamedTuple):
    text: str
    start: int
    end: int


def arabic_words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in ARABIC_WORD.finditer(text)]


def has_script(text: str, lang: str) -> bool:
    """Does the text hold characters of the target language's own script?"""
    lang = base_lang(lang)
    if lang in CJK_LANGS:
        return CJK_RUN.search(text) is not None
    if lang == "ar":
        return ARABIC_WORD.search(text) is not None
    return False
