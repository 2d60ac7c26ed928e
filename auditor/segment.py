"""Sentence segmentation per language.

The boundaries come from `sentencex` (Wikimedia's segmenter, ~300 languages,
maintained). On top of it we undo the splits it makes after abbreviations and
initials that news copy is full of ("M. Trump", "A.I. Antonov", "50 av. J.-C.",
"Mr. Biden", "dr. Budi"): the abbreviation lists are data, per language.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Optional

import sentencex

from .types import Document, Segment
from .data import load_json

_INITIAL = re.compile(r"(?:^|[\s(«\"'])(?:\w\.){1,3}$")


@lru_cache(maxsize=None)
def _abbreviations(lang: str) -> frozenset[str]:
    table = load_json("abbreviations.json")
    return frozenset(a.lower() for a in table.get(lang, []) + table.get("*", []))


def _ends_with_abbreviation(chunk: str, lang: str) -> bool:
    stripped = chunk.rstrip()
    if not stripped.endswith("."):
        return False
    if _INITIAL.search(stripped) and len(stripped.split()[-1].rstrip(".")) <= 5:
        last = stripped.split()[-1]
        # "A.", "A.I.", "J." : one-letter initials, not "2020." nor "fin."
        if all(len(p) == 1 and p.isalpha() for p in last.strip("«\"'(").split(".")[:-1]):
            return True
    last = stripped.split()[-1].lstrip("«\"'(").lower()
    return last in _abbreviations(lang)


def _tail(text: str, s: int, e: int, n: int = 100) -> str:
    """The end of text[s:e] without its trailing whitespace: at most n characters, all that the
    merge tests read (the last word, and a last word over 5 characters is neither an initial nor
    an abbreviation). Slicing the whole growing sentence for each piece made 100 KB of sentences
    that start in lower case (each merged into the one before) quadratic: 3 s."""
    while e > s and text[e - 1].isspace():
        e -= 1
    return text[max(s, e - n):e]


MAX_SENTENCE_CHARS = 2000   # a longer run without a sentence end is cut (at a space) for the checks


def split_sentences(text: str, lang: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """(start, end) local offsets of each sentence of `text`, whitespace trimmed."""
    return _sentences(text, lang, max_chars)[0]


def _boundaries(text: str, lang: str) -> list[list[int]]:
    """sentencex's sentences, made to cover the text exactly (no gap, no overlap)."""
    try:
        bounds = [(b["start_index"], b["end_index"]) for b in sentencex.get_sentence_boundaries(lang or "en", text)]
    except Exception:  # an unknown language code: fall back to the generic rules
        bounds = [(b["start_index"], b["end_index"]) for b in sentencex.get_sentence_boundaries("en", text)]
    if not bounds:
        bounds = [(0, len(text))]
    fixed: list[list[int]] = []
    pos = 0
    for s, e in bounds:
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos and fixed:
            fixed[-1][1] = s
        fixed.append([s, e])
        pos = e
    if not fixed:
        fixed = [[0, len(text)]]
    fixed[0][0] = 0
    fixed[-1][1] = max(fixed[-1][1], len(text))
    return fixed


def _merge_false_ends(text: str, lang: str, fixed: list[list[int]]) -> list[list[int]]:
    """A sentence joined to the previous one where that one ends on an abbreviation, or where it
    starts with a hyphen, bracket, comma or semicolon, or lower case after a full stop."""
    merged: list[list[int]] = []
    for s, e in fixed:
        if merged:
            prev = _tail(text, merged[-1][0], merged[-1][1])
            nxt = text[s:min(e, s + 8)].lstrip() or text[s:e].lstrip()
            if _ends_with_abbreviation(prev, lang) or (nxt[:1] in ("-", ")", ",", ";") ) \
                    or (nxt[:1].islower() and prev.rstrip().endswith(".") and not prev.rstrip().endswith("..")):
                merged[-1][1] = e
                continue
        merged.append([s, e])
    return merged


def _trimmed(text: str, merged: list[list[int]]) -> list[tuple[int, int]]:
    """The sentences with their white space trimmed, never ending inside a character cluster."""
    out = []
    prev_end = 0
    for s, e in merged:
        # never end a sentence between a character and its combining marks
        e = cluster_end(text, e)
        s = max(s, prev_end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
            prev_end = e
    return out


def _sentences(text: str, lang: str, max_chars: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The sentences, and the (length, pieces) of every run longer than `max_chars` that was cut."""
    if not text.strip():
        return [], []
    out = _trimmed(text, _merge_false_ends(text, lang, _boundaries(text, lang)))
    if not max_chars or all(e - s <= max_chars for s, e in out):
        return out, []
    cut: list[tuple[int, int]] = []
    pieces: list[tuple[int, int]] = []
    for s, e in out:
        if e - s <= max_chars:
            pieces.append((s, e))
            continue
        parts = _cut(text, s, e, max_chars)
        cut.append((e - s, len(parts)))
        pieces.extend(parts)
    return pieces, cut


def _cut(text: str, s: int, e: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut text[s:e] into pieces of at most max_chars, at the last space where there is one."""
    parts = []
    while e - s > max_chars:
        limit = s + max_chars
        k = limit
        while k > s + max_chars // 2 and not text[k].isspace():
            k -= 1
        if not text[k].isspace():           # no space: cut between two whole characters
            k = cluster_start(text, limit)
            if k <= s:
                k = limit
        j = k
        while j > s and text[j - 1].isspace():
            j -= 1
        parts.append((s, j))
        while k < e and text[k].isspace():
            k += 1
        s = k
    if e > s:
        parts.append((s, e))
    return parts


def is_extender(ch: str) -> bool:
    """A character that belongs to the one before it: a combining mark, an emoji skin tone."""
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or "\U0001F3FB" <= ch <= "\U0001F3FF"


def _attached(text: str, pos: int) -> bool:
    """True where text[pos] extends text[pos - 1] (a mark after a space or a control stands alone)."""
    if not 0 < pos < len(text):
        return False
    prev = text[pos - 1]
    if prev == "\r" and text[pos] == "\n":
        return True
    return is_extender(text[pos]) and not prev.isspace() and unicodedata.category(prev) != "Cc"


def cluster_end(text: str, pos: int) -> int:
    """`pos` moved forward past the marks (and the LF of a CRLF) that belong to the character before it."""
    while _attached(text, pos):
        pos += 1
    return pos


def cluster_start(text: str, pos: int) -> int:
    """`pos` moved back to the character that the marks at `pos` belong to."""
    while _attached(text, pos):
        pos -= 1
    return pos


def segment_document(doc: Document, lang: str, notify: Optional[Callable[[str], None]] = None,
                     max_chars: int = MAX_SENTENCE_CHARS) -> Document:
    """Split every paragraph into sentences. A run longer than `max_chars` with no sentence
    end is cut into pieces, and `notify` is told so (never silently)."""
    for p in doc.paragraphs:
        p.sentences = []
        spans, cut = _sentences(p.text, lang, max_chars)
        if notify:
            for length, n in cut:
                line, _ = doc.line_col(p.start)
                notify(f"{doc.path} line {line}: a run of {length:,} characters with no sentence end "
                       f"was cut into {n} pieces of at most {max_chars:,} characters for the checks")
        for k, (s, e) in enumerate(spans):
            p.sentences.append(Segment(
                id=f"p{p.index + 1}s{k + 1}", para=p.index, index=k,
                text=p.text[s:e], offsets=tuple(p.offsets[s:e]),
            ))
    return doc
