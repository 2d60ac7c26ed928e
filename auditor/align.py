"""Sentence alignment, n:m, by dynamic programming over a similarity.

In the spirit of Gale-Church, Bleualign and vecalign: the score of linking a
group of source sentences to a group of translation sentences combines
  - a length model (expected character ratio per target language),
  - anchors: numbers and names shared by both sides (names matched loosely:
    "Putin" ~ "Poutine"),
  - character n-gram overlap of the raw texts (names, numbers, acronyms), and
  - where a back-translation exists, its chrF against the source, which is
    by far the strongest signal, and
  - where sentence embeddings exist, their cross-lingual similarity.
Material the DP leaves unlinked is returned as unaligned pairs: evidence of
omission (source) or addition/boilerplate (translation).
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable, Optional, Sequence

import regex

from .types import AlignedPair, Segment

# Expected translation length / Indonesian length, in characters.
LENGTH_RATIO = {"fr": 1.12, "en": 0.98, "zh": 0.30, "ja": 0.42, "ar": 0.92, "id": 1.0}
NAMES_IN_OWN_SCRIPT = ("zh", "ja", "ar")
MOVES = [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (1, 3), (3, 1)]
SKIP_SCORE = 0.0        # score of leaving one sentence unlinked
MIN_LINK = 0.18         # a link below this is worse than two skips
BAND = 7                # search band around the diagonal, in sentences (widened by the length difference)
MAX_CELLS = 100_000     # bound on the DP cells of one alignment (the band narrows past it: more than
                        # 7,000 paragraphs or sentences in one block, which no article has)

_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-4])[.:][0-5]\d(?![\d.,:]?\d)")
_WORD = re.compile(r"\w+", re.UNICODE)


_MARKS = regex.compile(r"\p{Mn}+")


def _fold(s: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped)."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", s)).lower()


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _fold(word)[:4]


def anchors(text: str) -> tuple[set[str], set[str]]:
    """(numbers, name stems) of a sentence."""
    nums = {re.sub(r"[.,]", "", n) for n in _NUM.findall(text)}
    # a time 'pukul 23.30' may come back as '23:30', '晚上11点30分', 'الساعة 11': its hour counts too
    for m in _TIME.finditer(text):
        h = int(m.group(1))
        nums.add(str(h))
        if h > 12:
            nums.add(str(h - 12))
    names = set()
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) >= 3 and (w[0].isupper() or w.isupper()) and not w.isdigit():
            names.add(_stem(w))
    return nums, names


def _trigrams(text: str) -> set[str]:
    t = " " + re.sub(r"\s+", " ", _fold(text)) + " "
    return {t[i:i + 3] for i in range(len(t) - 2)}


class Features:
    """Length, numbers, name stems and character trigrams of a sentence or a group of them.
    The three sets are bitsets (Python ints) over one vocabulary per alignment, so that an
    overlap is an AND and a popcount: the similarity below is called for every candidate link."""
    __slots__ = ("length", "nums", "names", "grams", "n_nums", "n_names", "n_grams")

    def __init__(self, text: str, vocab: Optional[dict[str, int]] = None, names: bool = True):
        vocab = {} if vocab is None else vocab
        nums, found = anchors(text)
        name_stems = found if names else set()
        self.length = max(1, len(text))
        self.nums = _bits(("#" + x for x in nums), vocab)
        self.names = _bits(("@" + x for x in name_stems), vocab)
        self.grams = _bits(_trigrams(text), vocab)
        self._count()

    def _count(self) -> None:
        self.n_nums, self.n_names, self.n_grams = (
            self.nums.bit_count(), self.names.bit_count(), self.grams.bit_count())


BITS = 1 << 15          # bits of a feature set: exact below this many distinct features in a
                        # document (an article has a few thousand), shared bits past it, so
                        # that memory stays bounded on huge inputs


def _bits(items: Iterable[str], vocab: dict[str, int]) -> int:
    out = 0
    for x in items:
        k = vocab.get(x)
        if k is None:
            k = vocab[x] = len(vocab) % BITS
        out |= 1 << k
    return out


def _merge(fs: Sequence[Features]) -> Features:
    if len(fs) == 1:        # features are never changed once made: one item is its own group
        return fs[0]
    out = Features.__new__(Features)
    length = nums = names = grams = 0
    for f in fs:
        length += f.length
        nums |= f.nums
        names |= f.names
        grams |= f.grams
    out.length, out.nums, out.names, out.grams = length, nums, names, grams
    out.n_nums, out.n_names, out.n_grams = nums.bit_count(), names.bit_count(), grams.bit_count()
    return out


def similarity(src: Features, tgt: Features, ratio: float, bt: Optional[float] = None,
               emb: Optional[float] = None) -> float:
    """0-1 similarity of a source group and a translation group (`emb`: cross-lingual
    sentence-embedding similarity on a 0-1 scale, where known).

    Surface part: a weighted mean of the length score exp(-1.5 |log(actual/expected)|)
    (0.35), the Jaccard overlap of numbers (0.25) and of name stems (0.25), each only where
    either side has any, and the character-trigram overlap (0.15). Called for every
    candidate link of the alignment, so written for speed (this is its hot loop)."""
    r = tgt.length / (ratio * src.length)
    total = 0.35 * (r ** 1.5 if r < 1.0 else r ** -1.5)
    weight = 0.35
    if src.n_nums or tgt.n_nums:          # Jaccard of the numbers, where either side has any
        inter = (src.nums & tgt.nums).bit_count()
        total += 0.25 * inter / (src.n_nums + tgt.n_nums - inter)
        weight += 0.25
    if src.n_names or tgt.n_names:        # ... and of the name stems
        inter = (src.names & tgt.names).bit_count()
        total += 0.25 * inter / (src.n_names + tgt.n_names - inter)
        weight += 0.25
    small = min(src.n_grams, tgt.n_grams) or 1
    grams = (src.grams & tgt.grams).bit_count() / small * 1.5
    total += 0.15 * (grams if grams < 1.0 else 1.0)
    return _with_models(total / (weight + 0.15), bt, emb)


def _band_spans(ni: int, n: int, m: int, band: int) -> tuple[int, int, int, int]:
    """(first, last) columns nj with abs(ni * m / n - nj) <= band, then those with
    abs(nj * n / m - ni) <= band: the cells of row ni inside the DP's band (n, m > 0). Each
    test holds on one run of columns; the run is found from its estimate by the test itself,
    so that it is exactly the columns where the test holds."""
    diag = ni * m / n

    def near_diag(nj: int) -> bool:
        return abs(diag - nj) <= band

    def near_row(nj: int) -> bool:
        return abs(nj * n / m - ni) <= band

    return (*_run_of(near_diag, math.ceil(diag - band), math.floor(diag + band)),
            *_run_of(near_row, math.ceil((ni - band) * m / n), math.floor((ni + band) * m / n)))


def _run_of(test: Callable[[int], bool], lo: int, hi: int) -> tuple[int, int]:
    """The run of integers where `test` holds (it holds on one run), from an estimate lo..hi
    off by a step or two at most; (1, 0) where it holds nowhere near."""
    while test(lo - 1):
        lo -= 1
    while lo <= hi + 2 and not test(lo):
        lo += 1
    if not test(lo):
        return 1, 0
    hi = max(lo, hi)
    while not test(hi):
        hi -= 1
    while test(hi + 1):
        hi += 1
    return lo, hi


def _with_models(score: float, bt: Optional[float], emb: Optional[float]) -> float:
    """The surface score combined with back-translation and embedding similarity, where known."""
    if bt is not None and emb is not None:
        return 0.25 * score + 0.5 * bt + 0.25 * emb
    if bt is not None:
        return 0.35 * score + 0.65 * bt
    if emb is not None:
        return 0.45 * score + 0.55 * emb
    return score


MIN_LINK_IN_PARA = 0.05  # inside a pair of paragraphs already linked, almost any link beats a skip
SKIP_IN_PARA = -0.35     # ... and leaving a sentence of it unlinked (a claim of omission) has a cost


def align(src: Sequence[Segment], tgt: Sequence[Segment], tgt_lang: str,
          bt_sim: Optional[Callable[[list[int], list[int]], Optional[float]]] = None,
          emb_sim: Optional[Callable[[list[int], list[int]], Optional[float]]] = None) -> list[AlignedPair]:
    """Align source sentences to translation sentences, paragraphs first (as hunalign and
    Bleualign do): paragraphs are linked 1:1 where both sides have as many, else by the same
    dynamic programme over whole paragraphs (so a dropped paragraph is left unlinked instead of
    being swallowed by a 2:1 link); then the sentences of each linked paragraph group are aligned
    among themselves, where a faithful split or merge (1:2, 2:1, 2:2) is the rule and a skip the
    exception.

    `bt_sim(src_indices, tgt_indices)` may give a 0-1 back-translation similarity
    for a candidate link (None where unknown); `emb_sim` likewise a 0-1
    cross-lingual sentence-embedding similarity.
    """
    ratio = LENGTH_RATIO.get(tgt_lang, 1.0)
    vocab: dict[str, int] = {}
    # a Chinese, Japanese or Arabic translation writes names in its own script: capitalised words
    # are no anchors there (they only made every sentence with a name look unlike its source)
    names = tgt_lang.split("-")[0].lower() not in NAMES_IN_OWN_SCRIPT
    known: dict[str, Features] = {}     # a text repeated (a dateline, a refrain, blank-ish lines) is read once

    def features(text: str) -> Features:
        f = known.get(text)
        if f is None:
            f = known[text] = Features(text, vocab, names)
        return f

    sf = [features(s.text) for s in src]
    tf = [features(t.text) for t in tgt]
    s_groups = _paragraphs(src)
    t_groups = _paragraphs(tgt)
    pf_s = [_merge([sf[k] for k in g]) for g in s_groups]
    pf_t = [_merge([tf[k] for k in g]) for g in t_groups]
    if len(s_groups) == len(t_groups) and all(
            similarity(a, b, ratio) >= MIN_LINK for a, b in zip(pf_s, pf_t)):
        blocks = list(zip(s_groups, t_groups))     # paragraph-parallel files: the usual case
    else:

        def para_link(a: list[int], b: list[int]) -> tuple[Optional[float], Optional[float]]:
            si = [k for p in a for k in s_groups[p]]
            ti = [k for p in b for k in t_groups[p]]
            return (bt_sim(si, ti) if bt_sim else None), (emb_sim(si, ti) if emb_sim else None)

        blocks = []
        for a, b, _ in _dp(pf_s, pf_t, list(range(len(pf_s))), list(range(len(pf_t))), ratio,
                           para_link if (bt_sim or emb_sim) else None, MIN_LINK, SKIP_SCORE):
            blocks.append(([k for p in a for k in s_groups[p]], [k for p in b for k in t_groups[p]]))
    pairs: list[AlignedPair] = []
    for s_idx, t_idx in blocks:
        if not t_idx or not s_idx:
            _unlinked(pairs, src, tgt, s_idx, t_idx)
            continue

        def link(a: list[int], b: list[int], s_idx=s_idx, t_idx=t_idx):
            si, ti = [s_idx[k] for k in a], [t_idx[k] for k in b]
            return (bt_sim(si, ti) if bt_sim else None), (emb_sim(si, ti) if emb_sim else None)

        for a, b, sim in _dp([sf[k] for k in s_idx], [tf[k] for k in t_idx],
                             [src[k].para for k in s_idx], [tgt[k].para for k in t_idx], ratio,
                             link if (bt_sim or emb_sim) else None, MIN_LINK_IN_PARA, SKIP_IN_PARA):
            si, ti = [s_idx[k] for k in a], [t_idx[k] for k in b]
            if si and ti:
                pairs.append(AlignedPair(src=[src[k].id for k in si], tgt=[tgt[k].id for k in ti],
                                         score=round(sim, 4)))
            else:
                _unlinked(pairs, src, tgt, si, ti)
    return pairs


def _paragraphs(segs: Sequence[Segment]) -> list[list[int]]:
    out: list[list[int]] = []
    for k, s in enumerate(segs):
        if not out or segs[out[-1][-1]].para != s.para:
            out.append([k])
        else:
            out[-1].append(k)
    return out


def _unlinked(pairs: list[AlignedPair], src, tgt, s_idx: list[int], t_idx: list[int]) -> None:
    if s_idx:
        pairs.append(AlignedPair(src=[src[k].id for k in s_idx], tgt=[], score=0.0, kind="unaligned_source"))
    if t_idx:
        pairs.append(AlignedPair(src=[], tgt=[tgt[k].id for k in t_idx], score=0.0,
                                 kind="unaligned_translation"))


class _Groups:
    """Features of a run of items of one side (0: source, 1: translation), merged once per range."""

    def __init__(self, sf: list[Features], tf: list[Features]) -> None:
        self.sides = (sf, tf)
        self.merged: dict[tuple[int, int, int], Features] = {}

    def __call__(self, side: int, a: int, b: int) -> Features:
        if b - a == 1:
            return self.sides[side][a]
        key = (side, a, b)
        if key not in self.merged:
            self.merged[key] = _merge(self.sides[side][a:b])
        return self.merged[key]


def _row_moves(i: int, n: int, m: int, band: int, group: _Groups, s_para: list) -> list[tuple]:
    """What each move from row i shares over the row's cells (the hot loop of a long article:
    the work per cell is kept to what depends on the column)."""
    both = bool(n and m)
    row_moves: list[tuple] = []
    for di, dj in MOVES:
        ni = i + di
        if ni > n:
            continue
        # the band: the columns nj where abs(ni * m / n - nj) <= band, or where
        # abs(nj * n / m - ni) <= band (two runs of columns: both tests are monotone in nj)
        spans = _band_spans(ni, n, m, band) if both else (0, -1, 0, m)
        if di == 0 or dj == 0:
            row_moves.append((di, dj, ni, spans, None, False, 0, 0.0))
        else:
            size = di if di > dj else dj
            row_moves.append((di, dj, ni, spans, group(0, i, ni), s_para[i] != s_para[ni - 1], size,
                              1.0 if size == 1 else 0.93 - 0.02 * (di + dj)))
    return row_moves


def _backtrace(back: list[dict[int, tuple[int, int, float]]], n: int, m: int) -> list[tuple]:
    """The best path, from the last cell back to the first, as (source indices, translation
    indices, similarity) in order."""
    out: list[tuple] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i].get(j)
        if step is None:   # unreachable with skips allowed, kept for safety
            break
        pi, pj, sim = step
        out.append((list(range(pi, i)), list(range(pj, j)), sim))
        i, j = pi, pj
    out.reverse()
    return out


def _dp(sf: list[Features], tf: list[Features], s_para: list, t_para: list, ratio: float,
        link: Optional[Callable[[list[int], list[int]], tuple]], min_link: float,
        skip_score: float) -> list[tuple]:
    """The n:m dynamic programme over two lists of features. `link(a, b)` gives the
    (back-translation, embedding) similarities of a candidate link where models are present.
    Returns (source indices, translation indices, similarity) in order; one side is empty for
    material left unlinked."""
    n, m = len(sf), len(tf)
    group = _Groups(sf, tf)

    NEG = -1e9
    band = max(BAND, abs(n - m) + 4)
    # Keep the work (and memory) bounded on huge inputs: at most about MAX_CELLS cells are
    # visited; a normal article never comes near it and keeps the full band. Past BAND the band
    # narrows down to one item either side of the diagonal (not BAND: 50,000 one-line paragraphs
    # against ten took 7 s), which still lets the path reach every cell it must cross.
    band = min(band, max(1, MAX_CELLS // (2 * max(n, m, 1))))
    # Only the cells inside the band are stored (one dict per row), never an n x m table.
    best: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int, float]]] = [dict() for _ in range(n + 1)]
    best[0][0] = 0.0

    for i in range(n + 1):
        if n and m:
            c, w = i * m / n, band * max(1.0, m / n)
            cols = range(max(0, math.floor(c - w) - 1), min(m, math.ceil(c + w) + 1) + 1)
        else:
            cols = range(m + 1)
        row = best[i]
        row_moves = _row_moves(i, n, m, band, group, s_para)
        for j in cols:
            cur = row.get(j, NEG)
            if cur == NEG:
                continue
            for di, dj, ni, (alo, ahi, blo, bhi), src_group, src_split, size, discount in row_moves:
                nj = j + dj
                if nj > m or not (alo <= nj <= ahi or blo <= nj <= bhi):
                    continue
                if src_group is None:
                    gain, sim = skip_score, 0.0
                else:
                    bt = emb = None
                    if link is not None:
                        bt, emb = link(list(range(i, ni)), list(range(j, nj)))
                    sim = similarity(src_group, tf[j] if dj == 1 else group(1, j, nj), ratio, bt, emb)
                    if sim < min_link:
                        continue
                    # a group link counts for each item it covers, slightly discounted
                    gain = sim * size * discount
                    # sentences of one group normally share a paragraph (they are in order:
                    # the first and the last tell)
                    if src_split or t_para[j] != t_para[nj - 1]:
                        gain *= 0.6
                val = cur + gain
                nrow = best[ni]
                if val > nrow.get(nj, NEG):
                    nrow[nj] = val
                    back[ni][nj] = (i, j, sim)

    return _backtrace(back, n, m)
