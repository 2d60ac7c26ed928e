"""Tokens of the translation for the speaker passes: words and punctuation with their offsets,
French elisions split off ("l'", "qu'"), and each word marked when it stands inside a quotation."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CLOSE_QUOTES, OPEN_QUOTES

_TOKEN = re.compile(r"(?P<w>[^\W_](?:\w|[-\u2010\u2011'’.](?=[^\W_]))*)|(?P<p>[^\s\w])")
_ELISION = re.compile(r"^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.I)


@dataclass
class Tok:
    text: str
    low: str
    start: int          # local offsets in the sentence text
    end: int
    word: bool
    q: bool = False     # inside a quotation
    cap: bool = False


def tokenize(text: str, lang: str) -> list[Tok]:
    toks: list[Tok] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group("w") is not None
        piece = m.group(0)
        if word and lang == "fr":
            em = _ELISION.match(piece)
            if em and len(piece) > em.end():
                k = em.end()
                toks.append(_tok(piece[:k], s, s + k, True))
                piece, s = piece[k:], s + k
        toks.append(_tok(piece, s, e, word))
    return toks


def _tok(text: str, s: int, e: int, word: bool) -> Tok:
    low = text.lower().replace("’", "'").replace("\u2011", "-").replace("\u2010", "-")   # "a‑t‑il", no-break hyphens
    return Tok(text, low, s, e, word, cap=word and text[:1].isupper())


def mark_quotes(toks: list[Tok], open_q: bool) -> bool:
    """Mark the words inside quotation marks; returns whether a quotation is still open."""
    for t in toks:
        if not t.word:
            if t.text in OPEN_QUOTES:
                open_q = True
                continue
            if t.text in CLOSE_QUOTES:
                open_q = False
                continue
            if t.text == '"':
                open_q = not open_q
                continue
        t.q = open_q
    return open_q


def is_acronym(t: Tok) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
