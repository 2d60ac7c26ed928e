"""Word lists for the lexical checks: hunspell dictionaries read with spylls, a
tokenizer with local offsets, and what the source article says about names.

Shared by checks/nonword.py (AUD101) and checks/untranslated.py (AUD102, AUD103).
A module whose name starts with "_" is not imported as a check module.

Costs: the first time a dictionary is used on a machine, spylls reads it (2-3 s for
French) and its word forms are expanded from the .dic/.aff (stems, suffixes on two
levels, prefixes, circumfixes) into a sorted list kept in the user's cache folder
($AUDITOR_CACHE_DIR/lexicon or platformdirs' user cache). After that a process maps
the file and searches it in place (opening costs a millisecond), and spylls is not
loaded at all unless the dictionary compounds words. spylls' suggest (seconds per
word) is never used: nearest words come from slices of the sorted list with rapidfuzz.
"""
from __future__ import annotations

import bisect
import os
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Optional

import regex

from ..data import load_json
from ._wordforms import _cache_dir as _cache_dir     # re-exported: the frequency and bilingual caches sit beside it
from ._wordforms import _cached_forms
from ._wordtools import all_caps

_LOCK = threading.Lock()


def data() -> dict[str, Any]:
    return load_json("lexicon.json")


# ----------------------------------------------------------------------------- dictionaries

def dictionary_dirs() -> list[Path]:
    """Folders searched for hunspell dictionaries, in order."""
    dirs: list[Path] = []
    env = os.environ.get("AUDITOR_HUNSPELL_DIR", "")
    for part in env.split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    dirs += [Path(d) for d in data()["hunspell_dirs"]]
    return dirs


def find_dictionary(lang: str) -> Optional[Path]:
    """Path stem (without .aff/.dic) of the first hunspell dictionary found for `lang`."""
    names = data()["hunspell"].get(lang, [])
    for d in dictionary_dirs():
        for name in names:
            base = d / name
            if base.with_suffix(".aff").is_file() and base.with_suffix(".dic").is_file():
                return base
    return None


def available(lang: str) -> bool:
    """True where a hunspell dictionary for `lang` can be found. Raises nothing."""
    try:
        return find_dictionary(lang) is not None
    except Exception:  # a broken environment variable or folder must not break a run
        return False


def unavailable_reason(lang: str) -> Optional[str]:
    """A one-line notice for the user where the dictionary is missing, else None."""
    if available(lang):
        return None
    names = ", ".join(data()["hunspell"].get(lang, [])) or "none known"
    return (f"no hunspell dictionary for '{lang}' (looked for {names} in $AUDITOR_HUNSPELL_DIR and "
            f"{', '.join(str(d) for d in data()['hunspell_dirs'][:2])}); install it, e.g. "
            f"`apt-get install hunspell-{ {'en': 'en-us'}.get(lang, lang)}`")


class Lexicon:
    """One hunspell dictionary: fast lookups and cheap nearest-word suggestions.

    Word forms are expanded once from the .dic/.aff and kept in the user's cache folder,
    sorted, one a line; later processes map that file and search it in place (a lookup is a
    binary search; nothing is read up front). spylls' own reader (2-3 s for French) is only
    started to expand, and to confirm a missing word in a dictionary that compounds words."""

    def __init__(self, lang: str, base: Path):
        t0 = time.perf_counter()
        self.lang = lang
        self.path = str(base)
        self.name = base.name
        self._dic: Any = None
        self.spylls_seconds = 0.0
        self.forms, self.compounds = _cached_forms(base, self._dictionary)
        self._compound_parts: Optional[set[str]] = None
        self._cache: dict[str, bool] = {}
        self._by_first: dict[str, list[str]] = {}
        self._by_first_len: dict[str, dict[int, list[str]]] = {}
        self._firsts: Optional[list[str]] = None
        # answers per word, for the words an article repeats (a name 3,000 times in 100 KB: each
        # look-up is a binary search of the mapped file, each suggestion a scan of the candidates)
        self._has: dict[str, bool] = {}
        self._suggested: dict[tuple, list[tuple[str, int]]] = {}
        self.load_seconds = time.perf_counter() - t0

    @property
    def compound_parts(self) -> set[str]:
        """Parts of the dictionary's hyphenated words ("indo" of "indo-européen"): valid as a part."""
        if self._compound_parts is None:
            self._compound_parts = {p.lower() for f in self.forms.containing("-") for p in f.split("-") if p}
        return self._compound_parts

    def _dictionary(self) -> Any:
        if self._dic is None:
            from spylls.hunspell import Dictionary
            t0 = time.perf_counter()
            self._dic = Dictionary.from_files(self.path)
            self.spylls_seconds = time.perf_counter() - t0
        return self._dic

    def is_word(self, word: str, confirm: bool = False) -> bool:
        """Is `word`, as written, a word (hunspell's rules: an initial capital or all capitals
        may be added to a lower-case word, never removed from a name)? The expanded forms
        answer; with `confirm`, a word they lack is looked up with spylls too (its rules
        for compounds and case), once per word."""
        w = word.replace("’", "'")
        if not w.isascii():
            w = unicodedata.normalize("NFC", w)   # decomposed accents ("e" + U+0300)
        if self._in_forms(w):
            return True
        if w[:1].isupper() and self._in_forms(w[:1].lower() + w[1:]):
            return True
        if w.isupper() and (self._in_forms(w[:1] + w[1:].lower()) or self._in_forms(w.lower())):
            return True
        if not confirm or not self.compounds:
            return False   # the expanded forms are the whole word list
        hit = self._cache.get(w)
        if hit is None:
            try:
                hit = bool(self._dictionary().lookup(w))
            except Exception:
                hit = False
            self._cache[w] = hit
        return hit

    def _in_forms(self, w: str) -> bool:
        hit = self._has.get(w)
        if hit is None:
            if len(self._has) >= _MEMO_SIZE:
                self._has.clear()
            hit = self._has[w] = w in self.forms
        return hit

    def is_common(self, word: str) -> bool:
        """Is the lower-case form of `word` a word (a common word, not only a name)?"""
        return self.is_word(word.lower())

    def _first_letters(self) -> list[str]:
        """The distinct first characters of the forms."""
        if self._firsts is None:
            self._firsts = self.forms.first_characters()
        return self._firsts

    def _starting_with(self, c: str) -> list[str]:
        """Common (lower-case) forms starting with `c`, sorted: a slice of the sorted forms."""
        got = self._by_first.get(c)
        if got is None:
            got = [f for f in self.forms.with_prefix(c) if f.islower() and "'" not in f and len(f) > 1]
            self._by_first[c] = got
        return got

    def _by_length(self, c: str) -> dict[int, list[str]]:
        """The forms of _starting_with(c) by length (a suggestion looks at a few lengths only)."""
        got = self._by_first_len.get(c)
        if got is None:
            got = {}
            for f in self._starting_with(c):
                got.setdefault(len(f), []).append(f)
            self._by_first_len[c] = got
        return got

    def suggest(self, word: str, limit: int = 3, max_distance: int = 3) -> list[tuple[str, int]]:
        """Nearest common words by edit distance, with their distance (best first).
        Candidates share the first letter (accent-insensitively) and are within
        `max_distance` characters in length."""
        key = (word, limit, max_distance)
        got = self._suggested.get(key)
        if got is None:
            if len(self._suggested) >= _MEMO_SIZE:
                self._suggested.clear()
            got = self._suggested[key] = self._suggest(word, limit, max_distance)
        return list(got)

    def _suggest(self, word: str, limit: int, max_distance: int) -> list[tuple[str, int]]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA
        from ._wordtools import zipf
        w = unicodedata.normalize("NFC", word.lower().replace("’", "'"))
        if not w:
            return []
        base = _strip_accents(w[0])
        with _LOCK:
            firsts = [c for c in self._first_letters() if _strip_accents(c.lower()) == base and c.islower()]
            cands = [f for c in firsts for n in range(max(1, len(w) - max_distance), len(w) + max_distance + 1)
                     for f in self._by_length(c).get(n, ())]
        if not cands:
            return []
        # every candidate within the distance, whatever the order of cands (the ranking below
        # decides among equals), then the nearest distances only
        # optimal string alignment: a swap of two letters ("suspcet") is one edit, as typists make it
        hits = process.extract(w, cands, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
        if len(hits) > 50:
            cut = sorted(h[1] for h in hits)[49]
            hits = [h for h in hits if h[1] <= cut]

        def key(h):
            c, d = h[0], h[1]
            pre = 0
            for a, b in zip(c, w):
                if a != b:
                    break
                pre += 1
            suf = 0
            for a, b in zip(reversed(c), reversed(w)):
                if a != b:
                    break
                suf += 1
            # nearest first; among equals the word in commoner use (wordfreq), then the one that
            # keeps more of the word's start and end
            return (d, -round(zipf(c, self.lang)), -(pre + suf), abs(len(c) - len(w)), c)

        best = sorted(hits, key=key)[:limit]
        out = []
        for c, d, _ in best:
            if word[:1].isupper():
                c = c[:1].upper() + c[1:]
            out.append((c, int(d)))
        return out


_LEXICONS: dict[str, Optional[Lexicon]] = {}
_MEMO_SIZE = 1 << 16


def get_lexicon(lang: str) -> Optional[Lexicon]:
    """The lexicon of `lang`, read once per process; None where no dictionary is found."""
    if lang in _LEXICONS:
        return _LEXICONS[lang]
    with _LOCK:
        if lang not in _LEXICONS:
            lex: Optional[Lexicon] = None
            try:
                base = find_dictionary(lang)
                if base is not None:
                    lex = Lexicon(lang, base)
            except Exception:  # unreadable dictionary: treat as missing
                lex = None
            _LEXICONS[lang] = lex
    return _LEXICONS[lang]


# ----------------------------------------------------------------------------- text

@lru_cache(maxsize=1 << 16)
def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    """Case-, accent- and apostrophe-insensitive key of a word or phrase."""
    return _strip_accents(s.replace("’", "'").casefold())


@lru_cache(maxsize=1 << 16)
def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


# A word: letters of the Latin script (with combining accents) and digits, joined by inner apostrophes or hyphens.
_WORD = regex.compile(r"[\p{Latin}\p{N}][\p{Latin}\p{M}\p{N}]*(?:['’\-‐][\p{Latin}\p{N}][\p{Latin}\p{M}\p{N}]*)*")
# What is not prose: URLs, e-mail addresses, hashtags and mentions, domain names.
# An address or a domain starts where its run of [\w.+-] starts (the lookbehinds): tried from
# every position of a long run (100 KB of "a.a.a..." or of one word) the search was quadratic.
_MASK = regex.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+"
    r"|(?<!\w)[#@]\w+"
    r"|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|id|fr|co|go|ac|or|info|io|gov|edu|uk|us|int|eu)\b"
    r"(?:/\S*)?",
    regex.IGNORECASE)
_JOINERS = regex.compile(r"['’\-‐]")
_ROMAN = regex.compile(r"[IVXLCDM]+(?:e|er|re|ème|es|nd|st|th)?")
_START_PUNCT = set("«“\"‘'([{—–-:.!?…»”")


class Token(NamedTuple):
    text: str
    start: int          # local offsets in the segment's text
    end: int
    index: int          # position among the segment's tokens
    start_like: bool    # first word of the sentence, or right after an opening quote, dash, colon...
    gap_before: str     # the text between the previous token and this one
    masked: bool = False

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() and not self.all_caps

    @property
    def all_caps(self) -> bool:
        return all_caps(self.text)

    @property
    def has_digit(self) -> bool:
        return _has_digit(self.text)


def _in_masks(starts: list[int], masks: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) starts or ends inside one of the sorted, disjoint `masks`."""
    k = bisect.bisect_right(starts, s) - 1           # the last mask starting at or before s
    if k >= 0 and s < masks[k][1]:
        return True
    k = bisect.bisect_left(starts, e) - 1            # the last mask starting before e
    return k >= 0 and e <= masks[k][1]


def tokenize(text: str) -> list[Token]:
    masks = [(m.start(), m.end()) for m in _MASK.finditer(text)]
    starts = [a for a, _ in masks]
    toks: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        gap = text[prev_end:s]
        g = gap.strip()
        start_like = not toks or (bool(g) and g[-1] in _START_PUNCT)
        masked = bool(masks) and _in_masks(starts, masks, s, e)
        toks.append(Token(m.group(), s, e, len(toks), start_like, gap, masked))
        prev_end = e
    return toks


def is_skippable(tok: Token) -> bool:
    """Numbers, words with digits, acronyms, roman numerals, URLs, e-mails, hashtags."""
    t = tok.text
    return (tok.masked or tok.has_digit or tok.all_caps or len(t) < 2
            or bool(_ROMAN.fullmatch(t)))


# ----------------------------------------------------------------------------- the source

class SourceIndex:
    """What the source article contains, for telling names and kept terms from errors."""

    def __init__(self, text: str):
        self.words: set[str] = set()
        self.names: set[str] = set()        # tokens written with a capital in the source
        self.verbatim: set[str] = set()     # tokens exactly as written
        for m in _WORD.finditer(text):
            w = m.group()
            self.verbatim.add(w.replace("’", "'"))
            for part in ([w] + _JOINERS.split(w)) if _JOINERS.search(w) else (w,):
                if not part:
                    continue
                k = norm(part)
                self.words.add(k)
                if part[:1].isupper():
                    self.names.add(k)
        self._list = sorted(self.words)
        self.norm_text = " " + " ".join(norm(m.group()) for m in _WORD.finditer(text)) + " "
        self._fuzzy: dict[str, bool] = {}

    def has(self, word: str) -> bool:
        return norm(word) in self.words

    def has_name(self, word: str) -> bool:
        return norm(word) in self.names

    def has_verbatim(self, word: str) -> bool:
        return word.replace("’", "'") in self.verbatim

    def has_phrase(self, phrase: str) -> bool:
        words = [norm(m.group()) for m in _WORD.finditer(phrase)]
        return bool(words) and (" " + " ".join(words) + " ") in self.norm_text

    def has_fuzzy(self, word: str, cutoff: float = 80.0) -> bool:
        """A source word that looks like `word` (names transliterated or inflected:
        Putin/Poutine, Zakharova/Zakharovа, Jokowi's/Jokowi)."""
        k = norm(word)
        if k in self.words:
            return True
        if len(k) < 4:
            return False
        hit = self._fuzzy.get(k)
        if hit is None:
            from rapidfuzz import fuzz, process
            cands = [w for w in self._list if abs(len(w) - len(k)) <= max(2, len(k) // 3)]
            best = process.extractOne(k, cands, scorer=fuzz.ratio, score_cutoff=cutoff)
            hit = best is not None
            self._fuzzy[k] = hit
        return hit


# ----------------------------------------------------------------------------- per article

@dataclass
class Analysis:
    """Tokens of every translation sentence and the source index, computed once per audit."""
    tokens: dict[str, list[Token]]
    source: SourceIndex
    mid_names: set[str]             # words written capitalised mid-sentence in the translation
    claimed: dict[str, list[tuple[int, int]]] = field(default_factory=dict)   # spans the untranslated checks report


def analysis(ctx: Any) -> Analysis:
    """The shared analysis of ctx, computed on first use and kept on the context."""
    a = ctx.shared.lexical_analysis
    if a is None:
        tokens = {s.id: tokenize(s.text) for s in ctx.translation.sentences}
        src = SourceIndex("\n".join(p.text for p in ctx.source.paragraphs))
        mid = {norm(t.text) for ts in tokens.values() for t in ts if t.capitalized and not t.start_like}
        a = Analysis(tokens=tokens, source=src, mid_names=mid)
        ctx.shared.lexical_analysis = a
    return a


def lang_name(code: str) -> str:
    from ..lang import LANG_NAMES
    return LANG_NAMES.get(code, code)


def a_lang(code: str) -> str:
    """'a French', 'an English'."""
    name = lang_name(code)
    return ("an " if name[:1] in "AEIOU" else "a ") + name
