"""Small text helpers shared by the duplication, casing and entity checks.

Words here are runs of letters and digits. `fold` makes text comparable
case- and accent-insensitively: its words, folded, joined by single spaces
("l’État-Unis !" -> "l etat unis"), so that a phrase search is a plain regex.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .base import per_audit

# a word part: letters/digits only ("États", "Unis", "l", "unité")
WORD_PART = re.compile(r"[^\W_]+")
# a word with inner apostrophes kept ("Ma'ruf"), hyphens splitting ("Rusia-Amerika")
WORD_APOS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# French elided prefixes: "l'", "d'", "qu'"...
ELISION = re.compile(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


class Tok(NamedTuple):
    """A word and its local offsets (a tuple: made by the thousand, shared by the checks)."""
    text: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        return bool(self.text) and self.text[0].isupper()

    @property
    def is_acronym(self) -> bool:
        return all_caps(self.text)


@lru_cache(maxsize=1 << 16)
def all_caps(word: str) -> bool:
    """Two letters or more, all of them capitals ("DPR", "G-20")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@per_audit
def _tokens(text: str, pattern: re.Pattern) -> tuple[Tok, ...]:
    new = tuple.__new__      # Tok(...) without its Python-level __new__: thousands per article
    return tuple(new(Tok, (m.group(), m.start(), m.end())) for m in pattern.finditer(text))


def tokens(text: str, pattern: re.Pattern = WORD_PART) -> list[Tok]:
    """The words of `text` (Tok is frozen: the tokens of a sentence are made once, however
    many checks ask for them)."""
    return list(_tokens(text, pattern))


def strip_accents(s: str) -> str:          # called on whole texts too: not memoised (fold_word is)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold_word(s: str) -> str:
    """Case- and accent-insensitive form of one word."""
    return strip_accents(s).casefold()


def fold(s: str) -> str:
    """Case- and accent-insensitive text: words folded, everything else one space."""
    words = WORD_PART.findall(strip_accents(s).casefold())
    return " ".join(words)


def contains_phrase(folded_text: str, folded_phrase: str, prefix: bool = False) -> bool:
    """Whole-word search of a folded phrase in a folded text ("prefix": the last word may go on)."""
    if not folded_phrase:
        return False
    tail = r"\w*" if prefix else ""
    return re.search(r"(?<!\w)" + re.escape(folded_phrase) + tail + r"(?!\w)", folded_text) is not None


def strip_elision(text: str) -> tuple[str, int]:
    """("d'Antonov") -> ("Antonov", 2): the word without a French elided prefix, and its shift."""
    m = ELISION.match(text)
    if m and len(text) > m.end():
        return text[m.end():], m.end()
    return text, 0


def is_title_case_line(text: str) -> bool:
    """A headline in Title Case or ALL CAPS: most longer words start with a capital."""
    words = [w for w in WORD_PART.findall(text) if len(w) >= 4 and w[0].isalpha()]
    if len(words) < 3:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower <= 0.15 * len(words)


def prev_nonspace(text: str, pos: int) -> str:
    """The last non-space character before text[pos], or '' at the start."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


# ---------------------------------------------------------------- Indonesian lexicon
_HUNSPELL_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")


@lru_cache(maxsize=None)
def indonesian_common_words() -> frozenset[str]:
    """Lower-case Indonesian words from the system's hunspell id_ID dictionary, if one is installed.

    Used only to tell a capitalised common word ("Provinsi", "Kota") from a name; the checks
    work without it (the entity table covers the frequent words), only a little less precisely.
    """
    for d in _HUNSPELL_DIRS:
        p = Path(d) / "id_ID.dic"
        if p.is_file():
            out = set()
            try:
                with open(p, encoding="utf-8", errors="replace") as f:
                    next(f, None)  # the count
                    for line in f:
                        w = line.split("/", 1)[0].strip()
                        if w and w[0].islower() and " " not in w:
                            out.add(w)
            except OSError:
                return frozenset()
            return frozenset(out)
    return frozenset()


_ID_PREFIXES = ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe",
                "ber", "be", "ter", "te", "ke", "di", "se")
_ID_SUFFIXES = ("kannya", "annya", "kan", "an", "nya", "i")
# the nasal prefixes drop the root's first consonant: menulis < tulis, memukul < pukul
_ID_NASAL = {"meny": "s", "peny": "s", "mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k"}


@lru_cache(maxsize=1 << 15)
def indonesian_derived(word: str) -> bool:
    """Is this lower-case word an Indonesian dictionary word or a regular derivation of one
    (ter-baru-kan, per-ikan-an, ke-laut-an, men-[t]ulis)? A confix needs a root of three letters
    or more; a prefix or a suffix alone, four or more, and only the productive verbal prefixes
    (me-, di-, ter-, ber-) count alone, so that names such as "Permana" stay names."""
    common = indonesian_common_words()
    if not common:
        return False
    if word in common:
        return True
    for pre in ("",) + _ID_PREFIXES:
        if pre and not word.startswith(pre):
            continue
        rest = word[len(pre):]
        for suf in ("",) + _ID_SUFFIXES:
            if not (pre or suf) or (suf and not rest.endswith(suf)):
                continue
            root = rest[:len(rest) - len(suf)] if suf else rest
            if pre and not suf and pre not in ("me", "mem", "men", "meng", "meny", "di", "ter", "ber"):
                continue
            need = 3 if (pre and suf) else 4
            if len(root) < need:
                continue
            if root in common or (pre in _ID_NASAL and _ID_NASAL[pre] + root in common):
                return True
    return False


@lru_cache(maxsize=1 << 15)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of a word in a language (0 where unknown or wordfreq is absent)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    try:
        return zipf_frequency(word, lang)
    except LookupError:
        return 0.0
    except ImportError:   # wordfreq's Chinese and Japanese need jieba / MeCab (wordfreq[cjk]): unknown
        return 0.0


def levenshtein(a: str, b: str) -> int:
    try:
        from rapidfuzz.distance import Levenshtein
        return Levenshtein.distance(a, b)
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

