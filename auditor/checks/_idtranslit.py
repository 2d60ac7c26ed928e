"""Indonesian words written out in katakana or Arabic letters (AUD107, checks/untranslated_script.py).

The words of a source sentence a translation must translate (`_source_terms`), the spans of a
Japanese or Arabic sentence that could write one out, romanised (`_target_spans`), and how close a
span comes to a word (`_close`), with what tells a name, an English loanword or an established Arabic
word apart (`_name_like`, `english_cognate`, `_katakana_compound`, `_arabic_word`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ._scripts import LATIN_WORD, ar_norm, arabic_words
from ._wordtools import zipf

MIN_KEY = 4                 # letters of the comparison key of an Indonesian word
MAX_TARGET_ZIPF = 2.5       # a form this frequent in the target language is an established word


def _tkey(s: str) -> str:
    """The cross-script key of _translit, with m and n merged (katakana ン writes both:
    'tambak' is タンバック), as this check compares common words, not names."""
    from ._translit import key
    return key(s).replace("m", "n")


_ONSET = {"c": "s", "g": "k", "d": "t", "j": "s"}
_COGNATE_ENDINGS = [("asi", "ation"), ("si", "sion"), ("si", "tion"), ("si", "cy"), ("tas", "ty"), ("ik", "ic"),
                    ("ika", "ics"), ("if", "ive"), ("al", "al"), ("i", "y"), ("", "")]


def english_cognate(word: str) -> bool:
    """An Indonesian word that is an English word respelt ('energi', 'teknologi', 'informasi',
    'ekonomi'): Japanese writes the English in katakana, Arabic and Chinese may borrow it, so
    its writing out is no sign of a word left untranslated."""
    w = word.lower()
    for a, b in _COGNATE_ENDINGS:
        if a and not w.endswith(a):
            continue
        stem = w[:len(w) - len(a)] if a else w
        for form in {stem + b, (stem + b).replace("k", "c"), (stem + b).replace("f", "ph"),
                     (stem + b).replace("k", "ch"), (stem + b).replace("s", "c").replace("k", "c")}:
            if zipf(form, "en") >= 3.0:
                return True
    return False


def _katakana_compound(form: str) -> bool:
    """A katakana run made of a common katakana word and more ('クリーンエネルギー'): English
    loanwords, not an Indonesian word written out."""
    for i in range(3, len(form) - 2):
        if zipf(form[:i], "ja") >= 3.5 or zipf(form[i:], "ja") >= 3.5:
            return True
    return False


_EPENTHETIC = re.compile(r"(?<=[bcdfgjklmnprstvz])[uo](?=[bcdfgjklmnprstvz]|$)")


def _close(word_key: str, romanised: str, threshold: float, lang: str = "") -> tuple[float, bool]:
    """Similarity of an Indonesian word's key and a romanised target span. For katakana the
    vowel that Japanese adds after a consonant ('poruda' for 'polda', 'kasatto') is also tried
    dropped; a katakana run that writes several words ('kasattosamaputa') is matched on its
    start or end by the longest word keys. Returns the similarity (0 below `threshold`) and whether
    it was found on such a part only."""
    from rapidfuzz.distance import Indel
    forms = [romanised]
    if lang == "ja":
        forms.append(_EPENTHETIC.sub("", romanised.replace("tt", "t").replace("kk", "k")))
    best = 0.0
    partial = False
    n = len(word_key)
    for f in forms:
        k = _tkey(f)
        if not k:
            continue
        if word_key[-1] not in "aiu" and k[-1] == "u" and len(k) > 1 and k[-2] not in "aiu":
            k = k[:-1]
        parts = [k]
        if lang == "ja" and n >= 5 and len(k) > n + 2:
            parts += [k[:n], k[-n:]]
        for i, part in enumerate(parts):
            if _ONSET.get(part[0], part[0]) == _ONSET.get(word_key[0], word_key[0]):
                sim = Indel.normalized_similarity(word_key, part)   # a transliteration keeps the first sound
                if sim > best:
                    best, partial = sim, i > 0
    return (best if best >= threshold else 0.0), partial


def _source_terms(src: str, idlex, stop: frozenset, names, terms: frozenset) -> list[tuple[str, str]]:
    """(word, key) of the Indonesian common words and titles of a source sentence that a
    translation must translate: titles, ranks and heads of names in any case; other words in
    lower case, known to the Indonesian dictionary or frequent in Indonesian, not English, not
    function words, not first names. `terms`: indonesian_terms() of checks/untranslated_script.py."""
    out: dict[str, tuple[str, str]] = {}
    found = list(LATIN_WORD.finditer(src))
    for i, m in enumerate(found):
        w = m.group()
        low = w.lower()
        if low in out:
            continue
        if low in terms:
            if _inside_name(src, found, i, terms, names):
                continue
        elif not w.islower() or len(low) < 5 or low in stop or low in names:
            continue
        elif not ((idlex is not None and idlex.is_word(low)) or zipf(low, "id") >= 3.0):
            continue
        elif zipf(low, "en") >= 1.0:
            continue            # English, or an Indonesian word English has borrowed ('batik', 'sate')
        elif english_cognate(low):
            continue
        k = _tkey(low)
        if len(k) >= MIN_KEY:
            out[low] = (w, k)
    return list(out.values())


def _inside_name(src: str, found: list, i: int, terms: frozenset, names) -> bool:
    """Is the title or head found[i] part of a name: a first name before a capitalised word
    ('Putri Anggraeni'), or a head after another capitalised head ('Stasiun Pasar Turi', the
    station of a district named after its market)?"""
    w = found[i].group()
    if not w[:1].isupper():
        return False
    prev = found[i - 1] if i else None
    initial = prev is None or bool(re.search(r"[.!?\"“]\s*$", src[prev.end():found[i].start()]))
    if w.lower() in names and not initial:
        return True
    if w.lower() in _titles_and_ranks():
        return False
    nxt = found[i + 1] if i + 1 < len(found) else None
    joined_next = nxt is not None and src[found[i].end():nxt.start()] == " " and nxt.group()[:1].isupper()
    return prev is not None and src[prev.end():found[i].start()] == " " and prev.group()[:1].isupper() \
        and not initial and joined_next


@lru_cache(maxsize=1)
def _titles_and_ranks() -> frozenset:
    from .entities import table
    tab = table()
    return frozenset({k[0] for k, e in tab.by_key.items() if e.kind == "title" and len(k) == 1} | set(tab.ranks))


def _target_spans(text: str, lang: str, syllables: int) -> Iterable[tuple[int, int, str]]:
    """(start, end, romanisation) of spans of `text` that could write an Indonesian word out:
    katakana runs (and their parts between ・), Arabic words (also without the article or a
    one-letter prefix). Chinese is left out: any window of hanzi has a pinyin reading, and on
    real pages the comparison found chance likenesses, not transliterations."""
    from ._scripts import KATAKANA_RUN
    from ._translit import arabic_latin, katakana_romaji
    if lang == "ja":
        for m in KATAKANA_RUN.finditer(text):
            yield m.start(), m.end(), katakana_romaji(m.group())
            pos = m.start()
            parts = re.split(r"([・･=＝])", m.group())
            if len(parts) > 1:
                for part in parts:
                    if part and part not in "・･=＝":
                        yield pos, pos + len(part), katakana_romaji(part)
                    pos += len(part)
    elif lang == "ar":
        for w in arabic_words(text):
            n = ar_norm(w.text)
            yield w.start, w.end, arabic_latin(n)
            for p in ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف"):
                if n.startswith(p) and len(n) - len(p) >= 3:
                    yield w.start, w.end, arabic_latin(n[len(p):])


_AR_SUFFIXES = ("هما", "هم", "هن", "ها", "ات", "ون", "ين", "ه", "ي", "ة")
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك", "س")


def _arabic_word(form: str) -> bool:
    """An established Arabic word under its clitics and inflection (وبولايتها: ولاية): a prefix
    and a suffix stripped, one of the forms frequent in Arabic (wordfreq, which keeps hamza,
    alif maqsura and ta marbuta as written: the forms are looked up as written and folded)."""
    from ._scripts import _AR_MARKS
    raw = _AR_MARKS.sub("", form)
    stems = {raw}
    for p in _AR_PREFIXES:
        if raw.startswith(p) and len(raw) - len(p) >= 2:
            stems.add(raw[len(p):])
    for st in list(stems):
        for suf in _AR_SUFFIXES:
            if st.endswith(suf) and len(st) - len(suf) >= 2:
                stems.add(st[:-len(suf)])
                stems.add(st[:-len(suf)] + "ة")
    def freq(x: str) -> float:
        return max(zipf(x, "ar"), zipf(ar_norm(x), "ar"))
    return freq(raw) >= MAX_TARGET_ZIPF or any(freq(x) >= MAX_TARGET_ZIPF + 1.0 for x in stems if len(x) >= 3)


def _source_names(src: str, terms: frozenset, idlex) -> list[str]:
    """Keys of the capitalised words of the source that are no title or head and no word of the
    dictionary ('Bekasi', 'Heru'; not a sentence's first word 'Saat')."""
    out = set()
    for m in LATIN_WORD.finditer(src):
        w = m.group()
        if w[:1].isupper() and not w.isupper() and w.lower() not in terms and len(w) >= 3 \
                and not (idlex is not None and idlex.is_word(w.lower())):
            out.add(_tkey(w))
    return [k for k in out if k]


def _name_like(romanised: str, word_key: str, sim: float, names: list[str]) -> bool:
    """The span writes out a name of the source at least as well as the common word: a name
    rendered, not a word left."""
    from rapidfuzz.distance import Indel
    k = _tkey(romanised)
    return any(n != word_key and Indel.normalized_similarity(n, k) >= sim for n in names)
