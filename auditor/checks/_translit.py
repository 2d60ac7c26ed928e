"""Romanisation for comparing names across scripts: katakana (a table), hanzi (pypinyin, loaded
on first use), Arabic (a letter table), and one coarse key for all of them and for the Indonesian
spelling, so that rapidfuzz can compare 'Khofifah' with 霍菲法 (huo fei fa), コフィファ and خفيفة.

The key merges what the three scripts cannot tell apart in a foreign name: l and r, e/i/y, o/u/w,
p/b, s/z/sh, c/ch; h is dropped (pinyin writes kh as h, Arabic as خ), and doubled letters
collapse. pykakasi would romanise kana too, but it is GPL-3.0 and only katakana is needed here.
"""
from __future__ import annotations

import re
from functools import lru_cache

_KANA_2 = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya",
    "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo", "ジャ": "ja", "ジュ": "ju",
    "ジョ": "jo", "ジェ": "je", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu",
    "ピョ": "pyo", "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "ファ": "fa", "フィ": "fi",
    "フェ": "fe", "フォ": "fo", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi",
    "ヴェ": "ve", "ヴォ": "vo", "ツァ": "tsa", "イェ": "ye", "スィ": "si", "ズィ": "zi", "デュ": "dyu",
    "テュ": "tyu", "クァ": "kwa", "グァ": "gwa",
}
_KANA_1 = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォャュョヮ",
    ["a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu",
     "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo",
     "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "o", "n", "ga", "gi", "gu", "ge", "go", "za", "ji",
     "zu", "ze", "zo", "da", "ji", "zu", "de", "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe",
     "po", "vu", "a", "i", "u", "e", "o", "ya", "yu", "yo", "wa"]))


def katakana_romaji(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        two = text[i:i + 2]
        if two in _KANA_2:
            out.append(_KANA_2[two])
            i += 2
            continue
        c = text[i]
        if c in _KANA_1:
            out.append(_KANA_1[c])
        elif c in "ー・･=＝ッ":
            pass                    # long vowel, separators, gemination
        i += 1
    return "".join(out)


_AR = {"ا": "a", "آ": "a", "أ": "a", "إ": "i", "ى": "a", "و": "u", "ي": "i", "ة": "a", "ب": "b", "ت": "t",
       "ث": "s", "ج": "j", "ح": "", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "sy",
       "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
       "م": "m", "ن": "n", "ه": "h", "ء": "", "ؤ": "u", "ئ": "i", "پ": "p", "ڤ": "v", "گ": "g", "چ": "c"}


def arabic_latin(word: str) -> str:
    from ._scripts import ar_norm
    return "".join(_AR.get(c, "") for c in ar_norm(word))


@lru_cache(maxsize=1 << 14)
def pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin of each character (pypinyin; a non-Han character stays as it is)."""
    from pypinyin import Style, lazy_pinyin
    out = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    return tuple(out) if len(out) == len(text) else tuple(lazy_pinyin(c, style=Style.NORMAL)[0] for c in text)


_DIGRAPHS = [("kh", "k"), ("sy", "s"), ("sh", "s"), ("ch", "c"), ("tj", "c"), ("dj", "j"), ("zh", "j"),
             ("oe", "u"), ("ph", "f"), ("ng", "n"), ("ny", "n"), ("ts", "s"), ("q", "k"), ("x", "s")]
_KEY = str.maketrans({"r": "l", "e": "i", "y": "i", "o": "u", "w": "u", "p": "b", "v": "f", "z": "s",
                      "h": None, "'": None, "-": None, " ": None})


@lru_cache(maxsize=1 << 15)
def key(s: str) -> str:
    """The coarse comparison key of a romanised name."""
    s = s.lower()
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = re.sub(r"[^a-z]", "", s).translate(_KEY)
    return re.sub(r"(.)\1+", r"\1", s)


def similarity(a: str, b: str) -> float:
    """0-1 similarity of two romanised names, on their keys."""
    from rapidfuzz.distance import Indel
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    return Indel.normalized_similarity(ka, kb)
