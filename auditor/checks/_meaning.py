"""Shared helpers of the offline meaning checks (polarity, direction, quantity, coverage).

They work on aligned units: the source sentences and the translation sentences of one aligned
pair, each side joined into one text, with its words (lower-cased, local offsets) and a way
back from an offset of the joined translation to a sentence and its local offsets. A finding
is placed on a short span: a word and the clause around it, at most MAX_SPAN characters.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple, Optional, Sequence

from ..types import Segment
from .base import Context

MAX_SPAN = 60

# words: letters (with inner hyphens kept apart), or figures
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK = re.compile(r"[,;:()«»\"“”!?]|\s[-–—]\s|\.\s")
_CONJ = {
    "fr": ("et", "mais", "car", "or", "donc", "tandis", "alors", "lorsque", "quand", "puisque", "parce",
           "qui", "que", "qu", "dont", "où", "si", "bien", "afin", "pour", "selon"),
    "en": ("and", "but", "while", "whereas", "because", "although", "though", "since", "when", "which",
           "who", "that", "if", "so", "as", "after", "before", "according"),
    "id": ("dan", "tetapi", "tapi", "namun", "sedangkan", "karena", "sehingga", "yang", "bahwa", "jika",
           "ketika", "saat", "setelah", "sebelum", "agar", "supaya", "meski", "meskipun", "walaupun",
           "padahal", "serta", "atau"),
}


class W(NamedTuple):
    """A word of a unit's text: lower-cased form, local offsets in the joined text."""
    low: str
    start: int
    end: int
    text: str


@dataclass
class Unit:
    index: int                     # index of the pair in the alignment
    src_segs: list[Segment]
    segs: list[Segment]            # translation sentences
    src: str = ""                  # joined source text
    tgt: str = ""                  # joined translation text
    starts: list[int] = field(default_factory=list)   # offset of each translation sentence in tgt
    src_starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.src, self.src_starts = _join(self.src_segs)
        self.tgt, self.starts = _join(self.segs)

    @property
    def src_words(self) -> list[W]:
        return words(self.src)

    @property
    def tgt_words(self) -> list[W]:
        return words(self.tgt)

    def locate(self, pos: int) -> tuple[Segment, int]:
        """The translation sentence holding offset pos of the joined text, and the local offset."""
        k = 0
        for i, st in enumerate(self.starts):
            if st <= pos:
                k = i
        return self.segs[k], max(0, min(pos - self.starts[k], len(self.segs[k].text)))

    def local(self, start: int, end: int) -> tuple[Segment, int, int]:
        seg, a = self.locate(start)
        b = min(len(seg.text), a + (end - start))
        return seg, a, b


def _join(segs: Sequence[Segment]) -> tuple[str, list[int]]:
    text, starts = "", []
    for s in segs:
        starts.append(len(text))
        text += s.text + " "
    return text, starts


def units(ctx: Context) -> list[Unit]:
    """The aligned units of an article (boilerplate left out), made once per audit."""
    got = ctx.shared.meaning_units
    if got is None:
        got = [Unit(k, srcs, tgts) for k, _pair, srcs, tgts in ctx.aligned_units()]
        ctx.shared.meaning_units = got
    return got


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[W, ...]:
    return tuple(W(m.group().lower(), m.start(), m.end(), m.group()) for m in _WORD.finditer(text))


def words(text: str) -> list[W]:
    return list(_words(text))


def strip_clitic(w: str) -> str:
    """Indonesian clitics and particles off a word: 'turunnya' -> 'turun', 'belumlah' -> 'belum'."""
    for suf in ("nya", "lah", "kah", "pun"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)]
    return w


def base_forms(ws: Sequence[W], vocab: frozenset) -> list[str]:
    """Lower-case words, each without its clitic only where that gives a word of vocab and the
    word itself is not one ('turunnya' -> 'turun', but 'bersalah' stays 'bersalah')."""
    out = []
    for w in ws:
        b = strip_clitic(w.low)
        out.append(b if b != w.low and w.low not in vocab and b in vocab else w.low)
    return out


class Lex:
    """A word list: an entry ending in '*' is a prefix ('augment*'), an entry with spaces a phrase
    whose words may be prefixes too ('pas encore', 'yet to'); lower case. `hits(words)` gives the
    (first, last) word indices of each match, the longest match first, no word used twice."""

    def __init__(self, entries: Iterable[str]):
        self.exact: set[str] = set()
        self.prefixes: tuple[str, ...] = ()
        prefixes: list[str] = []
        self._by_first: dict[str, list[tuple[str, ...]]] = {}     # phrases by their first word
        self._by_prefix: list[tuple[str, ...]] = []                # phrases whose first word is a prefix
        for e in entries:
            e = e.lower().replace("’", "'")
            if " " in e:
                parts = tuple(e.split())
                if parts[0].endswith("*"):
                    self._by_prefix.append(parts)
                else:
                    self._by_first.setdefault(parts[0], []).append(parts)
            elif e.endswith("*"):
                prefixes.append(e[:-1])
            else:
                self.exact.add(e)
        for v in self._by_first.values():
            v.sort(key=len, reverse=True)
        self._by_prefix.sort(key=len, reverse=True)
        self.prefixes = tuple(prefixes)
        self._memo: dict[str, bool] = {}

    def word(self, w: str) -> bool:
        got = self._memo.get(w)
        if got is None:
            got = w in self.exact or w.startswith(self.prefixes)
            self._memo[w] = got
        return got

    @staticmethod
    def _eq(pattern: str, w: str) -> bool:
        return w.startswith(pattern[:-1]) if pattern.endswith("*") else w == pattern

    def match_at(self, ws: Sequence[str], i: int) -> Optional[int]:
        """Index of the last word of the longest entry matching at ws[i], or None."""
        w = ws[i]
        cands = self._by_first.get(w, [])
        if self._by_prefix:
            cands = cands + [p for p in self._by_prefix if w.startswith(p[0][:-1])]
        best = None
        for parts in cands:
            if (best is None or len(parts) > best) and i + len(parts) <= len(ws) \
                    and all(self._eq(p, ws[i + j]) for j, p in enumerate(parts[1:], 1)):
                best = len(parts)
        if best is not None:
            return i + best - 1
        return i if self.word(w) else None

    def hits(self, ws: Sequence[str]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(ws):
            j = self.match_at(ws, i)
            if j is None:
                i += 1
            else:
                out.append((i, j))
                i = j + 1
        return out


def clause_span(text: str, start: int, end: int, lang: str, max_len: int = MAX_SPAN) -> tuple[int, int]:
    """The clause around text[start:end] (punctuation and conjunctions bound it), at most max_len
    characters, cut at word boundaries, always holding text[start:end] where it fits."""
    lo, hi = 0, len(text)
    for br in _CLAUSE_BREAK.finditer(text):
        if br.end() <= start:
            lo = br.end()
        elif br.start() >= end:
            hi = br.start()
            break
    conj = _CONJ.get(lang, ())
    for m in _WORD.finditer(text, lo, hi):
        if m.group().lower() in conj:
            if m.end() <= start and m.start() > lo:
                lo = m.start()
            elif m.start() >= end and m.start() < hi:
                hi = m.start()
                break
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1] in " ,;:":
        hi -= 1
    if hi - lo > max_len:
        mid = (start + end) // 2
        a = max(lo, min(mid - max_len // 2, hi - max_len))
        b = min(hi, a + max_len)
        a = min(a, start)
        b = max(b, min(end, a + max_len))
        while a > lo and a < start and not text[a - 1].isspace():
            a += 1
        while b < hi and b > end and not text[b].isspace():
            b -= 1
        lo, hi = a, b
        while hi > lo and text[hi - 1] in " ,;:":
            hi -= 1
    if hi <= lo:
        return start, end
    return lo, hi


def length_ratio(us: Sequence[Unit]) -> float:
    """The article's usual length ratio, translation / source (median over its longer pairs)."""
    vals = [len(u.tgt.strip()) / max(1, len(u.src.strip())) for u in us if len(u.src.strip()) > 30]
    return statistics.median(vals) if len(vals) >= 3 else 1.15


def edge_clause(text: str, at_end: bool, max_len: int = MAX_SPAN) -> tuple[int, int]:
    """The last (or first) clause of a text: bounded by a comma, semicolon, colon or dash, not by
    brackets; closing punctuation and quotes trimmed, at most max_len characters."""
    t = text.rstrip()
    if at_end:
        hi = len(t)
        while hi > 0 and t[hi - 1] in ".!?»”\"' ":
            hi -= 1
        lo = max((m.end() for m in re.finditer(r"[,;:]\s|\s[-–—]\s|[«“\"]\s?", t[:hi])), default=0)
        lo = max(lo, hi - max_len)
        while lo < hi and (t[lo].isspace() or (lo > 0 and not t[lo - 1].isspace() and t[lo - 1].isalnum())):
            lo += 1
    else:
        lo = 0
        while lo < len(t) and t[lo] in "«“\"' ":
            lo += 1
        m = re.search(r"[,;:]\s|\s[-–—]\s", t[lo:])
        hi = lo + m.start() if m else len(t)
        hi = min(hi, lo + max_len)
        while hi > lo and hi < len(t) and not t[hi].isspace() and t[hi - 1].isalnum():
            hi -= 1
    if "(" in t[lo:hi] and ")" not in t[lo:hi] and hi < len(t) and t[hi] == ")":
        hi += 1
    return (lo, hi) if hi > lo else (0, min(len(t), max_len))


def project(unit: Unit, src_pos: int, anchors: Sequence[tuple[int, int]] = ()) -> int:
    """The offset in the joined translation where a word at src_pos of the joined source would
    stand: interpolated between anchors (source offset, translation offset) - names, numbers and
    acronyms both sides write alike, plus any given - in order, crossing pairs left out."""
    from ._wordtools import fold
    src, tgt = unit.src, unit.tgt
    pts = [(0, 0), (max(len(src), 1), max(len(tgt) - 1, 0))]
    tfold_words = [(m.group().lower(), m.start()) for m in _WORD.finditer(tgt)]
    used: set[int] = set()
    for m in re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_]*[A-Z][^\W_]*", src):
        w = fold(m.group())
        if len(w) < 2 or (m.start() == 0 and not m.group()[1:2].isupper() and not w.isdigit()):
            continue
        for k, (tw, ts) in enumerate(tfold_words):
            if k not in used and fold(tw) == w:
                pts.append((m.start(), ts))
                used.add(k)
                break
    pts.extend(anchors)
    pts.sort()
    # keep a monotone chain (longest non-decreasing by translation offset, greedy)
    chain = [pts[0]]
    for p in pts[1:]:
        if p[1] >= chain[-1][1]:
            chain.append(p)
    before = max((p for p in chain if p[0] <= src_pos), key=lambda p: p[0])
    after = min((p for p in chain if p[0] > src_pos), key=lambda p: p[0], default=chain[-1])
    span_s = max(after[0] - before[0], 1)
    return int(before[1] + (after[1] - before[1]) * (src_pos - before[0]) / span_s)


def context_words(text: str, start: int, end: int, before: int = 1, after: int = 3) -> str:
    """The words around text[start:end] (for evidence: 'belum meliburkan siswanya')."""
    ws = words(text)
    idx = [i for i, w in enumerate(ws) if w.start < end and w.end > start]
    if not idx:
        return text[start:end]
    a, b = idx[0], idx[-1]
    brk = re.compile(r"[.,;:!?()«»\"“”]")
    while a > 0 and idx[0] - a < before and not brk.search(text[ws[a - 1].end:ws[a].start]):
        a -= 1
    while b + 1 < len(ws) and b - idx[-1] < after and not brk.search(text[ws[b].end:ws[b + 1].start]):
        b += 1
    return text[ws[a].start:ws[b].end]
