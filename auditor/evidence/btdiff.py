"""Back-translation diff: which source content the back-translation lost, which
content it gained, and where in the translation that happened.

1. Tokens of the Indonesian source and of the back-translation (also
   Indonesian) are normalised (case, accents, number separators) and matched
   one-to-one: equal, the same stem after cheap Indonesian affix stripping
   (meN-, di-, ber-, ter-, ke-, pe-, se-, per-; -kan, -an, -i, -nya, -lah,
   -kah), or close by edit distance; a positional prior breaks ties and
   tolerates reordering.
2. Unmatched content words (not function words; negations count as content)
   form runs. A source run whose place in the back-translation (between the
   back-translation tokens matched to its neighbours) holds an unmatched
   back-translation run is a substitution (`mistranslation`); a source run with
   nothing there is lost content (`omission`, or `mistranslation` when the
   translation has words at that place); a back-translation run with no source
   counterpart is an `addition`.
3. Each difference is projected onto the translation through a map from
   back-translation words to translation words: the back-translation model's
   cross-attention during forced decoding (auditor.evidence.forced) where
   available, else a lexical map (names, numbers and cognates shared by the
   back-translation and the translation, linear interpolation between them).

Everything here is pure Python over strings and index lists, so it is tested
with injected back-translations; the model only supplies the projection map.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from rapidfuzz.distance import Levenshtein

from ..data import load_json

# a currency sign written against its amount (Rp500.000, US$3) is a token of its own, so that
# the amount is a number like any other ("500.000 rupiah" in a back-translation matches it)
_TOKEN = re.compile(r"(?:Rp|US\$|\$)(?=\d)|\d+(?:[.,:]\d+)*|\w+(?:[-'’]\w+)*", re.UNICODE)
_CURRENCY = frozenset({"rp", "us$", "$"})
_PREFIXES = ("memper", "menge", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe",
             "ber", "be", "ter", "te", "di", "ke", "se")
_NASAL = {"meny": "s", "peny": "s", "mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k"}
_SUFFIXES = ("kannya", "annya", "kan", "an", "nya", "lah", "kah", "i")


@dataclass(frozen=True)
class Token:
    text: str
    start: int          # local offsets in the text it came from
    end: int
    norm: str
    content: bool
    number: bool
    name: bool


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(load_json("id_function_words.json")["words"])


def tokenize(text: str, lang: str = "id") -> list[Token]:
    fw = function_words() if lang == "id" else frozenset()
    out = []
    for k, m in enumerate(_TOKEN.finditer(text)):
        w = m.group()
        number = w[0].isdigit()
        norm = re.sub(r"[.,:]", "", w) if number else fold(w).replace("’", "'")
        name = not number and w[0].isupper() and k > 0 and len(w) > 1
        content = number or (norm not in fw and len(norm) > 1 if lang == "id" else len(norm) > 3)
        if norm in _CURRENCY and m.end() < len(text) and text[m.end()].isdigit():
            content = False
        out.append(Token(w, m.start(), m.end(), norm, content, number, name))
    return out


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """Candidate stems of an Indonesian word (over-generating on purpose; min 3 letters)."""
    cands = {word}
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            cands.add(word[:-len(suf)])
    for c in list(cands):
        for pre in _PREFIXES:
            if c.startswith(pre) and len(c) - len(pre) >= 3:
                rest = c[len(pre):]
                cands.add(rest)
                if pre in _NASAL:
                    cands.add(_NASAL[pre] + rest)
                if pre in ("mem", "pem", "men", "pen") and rest[0] not in "aeiou":
                    cands.add(pre[-1] + rest)   # me-menang-kan: the stem keeps its nasal
    return frozenset(c for c in cands if len(c) >= 3)


def token_match(a: Token, b: Token) -> float:
    """0-1 match of two Indonesian tokens."""
    if a.norm == b.norm:
        return 1.0
    if a.number or b.number:
        return 0.0
    if len(a.norm) >= 4 and len(b.norm) >= 4 and stems(a.norm) & stems(b.norm):
        return 0.92
    if min(len(a.norm), len(b.norm)) >= 5:
        r = Levenshtein.normalized_similarity(a.norm, b.norm)
        if r >= 0.8:
            return r * 0.9
    return 0.0


def match_tokens(src: Sequence[Token], bt: Sequence[Token]) -> dict[int, int]:
    """One-to-one source index -> back-translation index."""
    n, m = len(src), len(bt)
    if not n or not m:
        return {}
    cands = []
    for i, a in enumerate(src):
        for j, b in enumerate(bt):
            s = token_match(a, b)
            if s <= 0:
                continue
            eff = s - 0.5 * abs(i / max(1, n - 1) - j / max(1, m - 1))
            if eff > 0.45:
                cands.append((eff, -abs(i - j), i, j))
    cands.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in cands:
        if i in out or j in used:
            continue
        out[i] = j
        used.add(j)
    return out


def _runs(tokens: Sequence[Token], matched: set[int]) -> list[list[int]]:
    """Runs of unmatched tokens (broken by matched ones), trimmed of function words;
    runs without content are dropped."""
    runs, cur = [], []
    for k, t in enumerate(tokens):
        if k in matched:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(k)
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        while r and not tokens[r[0]].content:
            r = r[1:]
        while r and not tokens[r[-1]].content:
            r = r[:-1]
        if r:
            out.append(r)
    return out


def _is_acronym_of(tokens: Sequence[Token], run: list[int], other: Sequence[Token]) -> bool:
    """'Amerika Serikat' vs 'AS' (or the reverse): the run is written out or abbreviated on the other side."""
    words = [tokens[k] for k in run if tokens[k].content]
    if len(words) == 1 and words[0].text.isupper() and len(words[0].text) >= 2:
        acr = words[0].norm
        return any("".join(x.norm[0] for x in other[k:k + len(acr)]) == acr for k in range(len(other)))
    if len(words) >= 2:
        acr = "".join(w.norm[0] for w in words)
        return any(o.text.isupper() and o.norm == acr for o in other)
    return False


@dataclass
class Diff:
    kind: str                      # mistranslation | omission | addition
    source_words: str
    bt_words: str
    src_tokens: list[int]
    bt_tokens: list[int]
    slot: tuple[int, int]          # back-translation indices (exclusive) bounding the place
    confidence: float
    # filled by project(): translation token indices (inclusive), or an empty range at an index
    tgt_range: Optional[tuple[int, int]] = None
    content_words: int = 0
    has_name_or_number: bool = False
    extra: dict = field(default_factory=dict)


def diff(source: str, back_translation: str) -> tuple[list[Token], list[Token], dict[int, int], list[Diff]]:
    src, bt = tokenize(source), tokenize(back_translation)
    pairs = match_tokens(src, bt)
    inv = {j: i for i, j in pairs.items()}
    miss = [r for r in _runs(src, set(pairs)) if not _is_acronym_of(src, r, bt)]
    added = [r for r in _runs(bt, set(inv)) if not _is_acronym_of(bt, r, src)]
    diffs: list[Diff] = []
    used_added: set[int] = set()
    for run in miss:
        left = max((pairs[i] for i in range(run[0]) if i in pairs), default=-1)
        right = min((pairs[i] for i in range(run[-1] + 1, len(src)) if i in pairs), default=len(bt))
        inside = [k for k, a in enumerate(added) if k not in used_added and left < a[0] and a[-1] < right]
        words = " ".join(src[i].text for i in run)
        content = [src[i] for i in run if src[i].content]
        special = any(t.number or t.name for t in content)
        if inside and left < right:
            b = [j for k in inside for j in added[k]]
            used_added.update(inside)
            d = Diff("mistranslation", words, " ".join(bt[j].text for j in b), run, b, (left, right), 0.45)
        else:
            d = Diff("omission", words, "", run, [], (left, right), 0.55)
        d.content_words, d.has_name_or_number = len(content), special
        diffs.append(d)
    # a lost word next to an unmatched back-translation word is a swap (often a paraphrase, reordered)
    for d in diffs:
        if d.kind != "omission":
            continue
        left, right = d.slot
        near = [k for k, a in enumerate(added) if k not in used_added and left - 3 <= a[0] and a[-1] <= right + 3]
        if near:
            k = min(near, key=lambda k: abs(added[k][0] - left))
            used_added.add(k)
            d.kind, d.bt_tokens = "mistranslation", list(added[k])
            d.bt_words = " ".join(bt[j].text for j in added[k])
            d.confidence = 0.45
    for k, a in enumerate(added):
        if k in used_added:
            continue
        content = [bt[j] for j in a if bt[j].content]
        d = Diff("addition", "", " ".join(bt[j].text for j in a), [], a, (a[0] - 1, a[-1] + 1), 0.45)
        d.content_words, d.has_name_or_number = len(content), any(t.number or t.name for t in content)
        diffs.append(d)
    for d in diffs:
        d.confidence = round(min(0.85, d.confidence + 0.1 * (d.content_words - 1)
                                 + (0.1 if d.has_name_or_number else 0.0)), 3)
    return src, bt, pairs, diffs


# ---------------------------------------------------------------- projection

def anchor_score(a: Token, b: Token) -> float:
    """How surely a back-translation token and a translation token are the same word: a number,
    a name, a cognate (0 where they are not)."""
    if a.number:
        return 1.0 if re.sub(r"[.,:]", "", b.text) == a.norm else 0.0
    f = fold(b.text)
    if len(a.norm) < 4 or len(f) < 4:
        return 0.0
    if a.norm == f:
        return 1.0
    r = Levenshtein.normalized_similarity(a.norm, f)
    if r >= 0.75:
        return r
    # a cognate that the two languages spell differently after a shared stem
    # (tradisional / traditionnels, represi / répression, organisasi / organisation)
    if min(len(a.norm), len(f)) >= 6 and a.norm[:5] == f[:5] and r >= 0.5:
        return 0.75
    return 0.0


def lexical_projection(bt: Sequence[Token], tgt: Sequence[Token]) -> list[int]:
    """Back-translation token index -> translation token index, from shared names, numbers and
    cognates (monotonic anchors, `anchor_score`), linearly interpolated in between."""
    n, m = len(bt), len(tgt)
    if not n or not m:
        return [0] * n

    def score(a: Token, j: int) -> float:
        return anchor_score(a, tgt[j])

    # longest chain of anchors, monotonic (DP over matches)
    matches = [(i, j, s) for i in range(n) for j in range(m) if (s := score(bt[i], j)) > 0]
    best: dict[tuple[int, int], tuple[float, Optional[tuple[int, int]]]] = {}
    for i, j, s in sorted(matches):
        prev = max(((v[0], key) for key, v in best.items() if key[0] < i and key[1] < j), default=(0.0, None))
        best[(i, j)] = (prev[0] + s, prev[1])
    anchors: list[tuple[int, int]] = []
    if best:
        key: Optional[tuple[int, int]] = max(best, key=lambda k: best[k][0])
        while key is not None:
            anchors.append(key)
            key = best[key][1]
        anchors.reverse()
    pts = [(-1, -1)] + anchors + [(n, m)]
    out = [0] * n
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        for i in range(i0 + 1, i1):
            frac = (i - i0) / (i1 - i0)
            out[i] = int(round(j0 + frac * (j1 - j0)))
        if 0 <= i1 < n:
            out[i1] = j1
    return [min(m - 1, max(0, j)) for j in out]


def project(d: Diff, proj: Sequence[int], n_tgt: int, tgt: Sequence[Token]) -> None:
    """Set d.tgt_range (inclusive translation token indices; (k, k-1) for an empty place before k)."""
    if not n_tgt:
        return
    if d.bt_tokens:
        js = [proj[j] for j in d.bt_tokens if j < len(proj)]
        d.tgt_range = (min(js), max(js)) if js else None
        return
    left, right = d.slot
    lo = proj[left] + 1 if left >= 0 and left < len(proj) else 0
    hi = proj[right] - 1 if right < len(proj) else n_tgt - 1
    if lo > hi:
        # the neighbours project onto adjacent (or the same) words: an empty place between them
        d.tgt_range = (lo, lo - 1)
    else:
        d.tgt_range = (lo, hi)
    if d.kind == "omission" and lo <= hi and any(tgt[k].content or len(tgt[k].text) > 3 for k in range(lo, hi + 1)):
        # the translation has words where the source content should be: they render something else
        d.kind = "mistranslation"
