"""AUD108 garbled-word: a katakana or Arabic word that is no word, one letter away from a common one.

Japanese and Arabic have no Hunspell dictionary here (AUD101 covers French and English), but
wordfreq knows their words. A katakana run (each part between ・) or an Arabic word (its
diacritics left out) that wordfreq does not know, one edit (a letter dropped, added or
changed) away from a word it knows as common, is a garbled word: 'المستشفيلات' for
'المستشفيات', 'シスタム' for 'システム'. Names are what a translation most often writes that no
word list knows, so a form that romanises as close to a capitalised word of the source as its
common neighbour does (a name written out, 'ジャラン' for 'Jalan' next to 'ジャパン') is left alone.
Chinese is not checked: any sequence of characters can be a name or a word that a list lacks.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

import regex

from ..types import Finding
from ._scripts import KATAKANA_RUN, arabic_words, base_lang
from ._translit import arabic_latin, katakana_romaji, similarity
from ._wordtools import zipf
from .base import Check, CheckInfo, Context, register

LANGS = ("ja", "ar")
# zipf of the common neighbour, by language: Arabic words carry clitics, and a rare inflection of
# a word sits one letter from a common one far more often than in katakana
NEIGHBOUR_ZIPF = {"ja": 3.0, "ar": 3.5}
MIN_LEN = {"ja": 3, "ar": 4}
ECHO = 0.6           # romanisation similarity from which a form writes a source name out
_KANA = tuple(chr(c) for c in range(0x30A1, 0x30F7)) + ("ー",)
_ARABIC = tuple("ابتثجحخدذرزسشصضطظعغفقكلمنهوىيةءأإآؤئ")
_AR_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")
_SOURCE_NAME = re.compile(r"[A-Z][A-Za-z'’-]{2,}")


def _edits(word: str, alphabet: tuple[str, ...]) -> Iterable[str]:
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]
        for c in alphabet:
            if c != word[i]:
                yield word[:i] + c + word[i + 1:]
    for i in range(len(word) + 1):
        for c in alphabet:
            yield word[:i] + c + word[i:]


@lru_cache(maxsize=4096)
def neighbour(word: str, lang: str) -> Optional[str]:
    """The most frequent word one edit away from `word`, as common as NEIGHBOUR_ZIPF, or None;
    None too where `word` itself is a word."""
    if zipf(word, lang) > 0:
        return None
    best, best_z = None, NEIGHBOUR_ZIPF[lang]
    for cand in _edits(word, _KANA if lang == "ja" else _ARABIC):
        z = zipf(cand, lang)
        if z >= best_z:
            best, best_z = cand, z
    return best


def _romanise(form: str, lang: str) -> str:
    return katakana_romaji(form) if lang == "ja" else arabic_latin(form)


def writes_a_name(form: str, near: str, lang: str, names: set[str]) -> bool:
    """Does `form` write a name of the source out at least as closely as its common neighbour does?"""
    rf, rn = _romanise(form, lang), _romanise(near, lang)
    forms = [(rf, rn)]
    if lang == "ar" and len(form) > 4 and form[0] in "وبلف":
        forms.append((_romanise(form[1:], lang), _romanise(near[1:], lang)))
    for a, b in forms:
        for name in names:
            s = similarity(a, name)
            if s >= ECHO and similarity(b, name) <= s:
                return True
    return False


def _spans(text: str, lang: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, form to look up) of the katakana parts or Arabic words of `text`."""
    if lang == "ja":
        for m in KATAKANA_RUN.finditer(text):
            pos = m.start()
            for part in re.split(r"([・･=＝])", m.group()):
                if part and part not in "・･=＝":
                    yield pos, pos + len(part), part
                pos += len(part)
    else:
        for w in arabic_words(text):
            yield w.start, w.end, _AR_MARKS.sub("", w.text)


@register
class GarbledWord(Check):
    info = CheckInfo(
        code="AUD108", name="garbled-word", category="nonword", severity="major",
        summary="Japanese, Arabic: a katakana or Arabic word that is no word, one letter away from a common one.",
        explanation=(
            "There is no Hunspell dictionary for Japanese or Arabic here, but wordfreq knows their "
            "words. A katakana run (each part between ・) or an Arabic word (diacritics left out) that "
            "wordfreq does not know and that one edit (a letter dropped, added or changed) turns into "
            "a common word is reported, with that word as the suggestion ('المستشفيلات' for "
            "'المستشفيات'). A form that writes out a capitalised word of the source (a name) at "
            "least as closely as its common neighbour does is a name, not a garbled word, and is "
            "left alone. Chinese is not checked: characters make names and words no list holds."),
        languages=LANGS,
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in LANGS:
            return
        names = {w.lower() for w in _SOURCE_NAME.findall(ctx.source.raw)} if ctx.source is not None else set()
        seen: set[str] = set()
        for seg in ctx.translation.sentences:
            for start, end, form in _spans(seg.text, lang):
                if len(form) < MIN_LEN[lang] or form in seen:
                    continue
                near = neighbour(form, lang)
                if near is None or writes_a_name(form, near, lang, names):
                    continue
                seen.add(form)
                yield ctx.finding(self, seg, start, end,
                                  f"“{seg.text[start:end]}” is no {'Japanese' if lang == 'ja' else 'Arabic'} "
                                  f"word (wordfreq); one letter away: “{near}”",
                                  suggestion=near, confidence=0.7, neighbour=near,
                                  neighbour_zipf=round(zipf(near, lang), 2))

