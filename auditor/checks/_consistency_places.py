"""Placing and comparing the renderings of the consistency check (AUD503, checks/consistency.py).

The content words of a rendering, a span narrowed or snapped to them (a pronoun or a bare article
is no rendering), when two renderings are the same up to inflection, where a rendering occurs in
another sentence, the consensus of the occurrences the back-translation kept, and the evidence that
judges a rendering: the bilingual lexicon (`_unlinked`), a cognate spelling, the reverse model's
log-probability.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..types import Segment
from ._consistency_terms import CONSENSUS, MAX_RENDERING_WORDS, MIN_TERM_LETTERS, _data, _Occ, _target_function_words
from ._wordtools import WORD_APOS, fold_word
from .base import Context

_ELIDED = re.compile(r"^(?:[ldjmntsc]|qu)['’](.+)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _content_words(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, folded word) of each content word of text (elided French articles cut off)."""
    fw = _target_function_words(lang)
    out = []
    for m in WORD_APOS.finditer(text):
        w = m.group()
        # French elision: l'extorsion -> extorsion
        mm = _ELIDED.match(w)
        start = m.start()
        if mm:
            start += mm.start(1)
            w = mm.group(1)
        f = fold_word(w)
        if f in fw or len(f) < 3 or w[0].isdigit():
            continue
        out.append((start, m.end(), f))
    return tuple(out)


def _trim(seg: Segment, start: int, end: int, lang: str) -> Optional[tuple[int, int]]:
    """The span narrowed to its content words (None when there are none or too many)."""
    words = _content_words(seg.text[start:end], lang)
    if not words or len(words) > MAX_RENDERING_WORDS:
        return None
    return start + words[0][0], start + words[-1][1]


_DETERMINERS = {
    "fr": {"le", "la", "les", "l", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
           "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "d"},
    "en": {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "your"},
}


_VERB_CUES = {"fr": {"de", "d", "à", "pour", "sans", "ne", "se", "s"}, "en": {"to", "will", "would", "can", "could",
                                                                           "may", "might", "must", "should"}}


SNAP_WINDOW = 3


def _pronoun_near(seg: Segment, start: int, end: int, lang: str, margin: int) -> bool:
    """A pronoun of the target language (checks/data/consistency.json) in text[start:end] or
    within `margin` words of it."""
    pron = {fold_word(w) for w in _data().get("target_pronouns", {}).get(lang, [])}
    toks = list(WORD_APOS.finditer(seg.text))
    inside = [k for k, m in enumerate(toks) if m.start() < max(end, start + 1) and start < m.end()]
    if not inside:
        return False
    for k in range(max(0, inside[0] - margin), min(len(toks), inside[-1] + margin + 1)):
        w = fold_word(toks[k].group())
        if w in pron:
            return True
    return False


def _snap(seg: Segment, start: int, end: int, lang: str) -> Optional[tuple[int, int]]:
    """A noun-like content word at or near a lexically projected place (which is approximate:
    interpolated between names, numbers and cognates). Candidates within SNAP_WINDOW words are
    scored by distance, with a cost for verb-like words (French infinitive after 'de'/'à', English
    word after 'to' or a modal) and for words without a determiner before them."""
    toks = list(WORD_APOS.finditer(seg.text))
    if not toks:
        return None
    inside = [k for k, m in enumerate(toks) if m.start() < max(end, start + 1) and start < m.end()]
    if not inside:
        inside = [min(range(len(toks)), key=lambda k: abs(toks[k].start() - start))]
    lo, hi = inside[0], inside[-1]
    fw = _target_function_words(lang)
    det, cue = _DETERMINERS.get(lang, set()), _VERB_CUES.get(lang, set())
    best: Optional[tuple[float, int]] = None
    for k in range(max(0, lo - SNAP_WINDOW), min(len(toks), hi + SNAP_WINDOW + 1)):
        words = _content_words(toks[k].group(), lang)
        w = toks[k].group()
        if not words or (w[:1].isupper() and k > 0) or any(c.isdigit() for c in w):
            continue
        dist = 0 if lo <= k <= hi else min(abs(k - lo), abs(k - hi))
        prev = fold_word(toks[k - 1].group()) if k else ""
        elided = re.match(r"^([ldjmntsc]|qu)['’]", w, re.IGNORECASE)
        prev_w = fold_word(elided.group(1)) if elided else prev
        cost = float(dist)
        verbish = prev_w in cue and (lang != "fr" or re.search(r"(?:er|ir|re)$", words[0][2]))
        if verbish:
            cost += 1.5
        if prev_w not in det and prev_w not in fw:
            cost += 0.2
        elif prev_w not in det:
            cost += 0.4
        if best is None or cost < best[0]:
            best = (cost, k)
    if best is None:
        return None
    m = toks[best[1]]
    words = _content_words(m.group(), lang)
    return m.start() + words[0][0], m.start() + words[-1][1]


def _same_inflection(a: str, b: str) -> bool:
    """The same word up to inflection or derivation (folded words): renderings that differ only so
    are one rendering for this check."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 2 and len(short) >= 3:
        return True
    if len(short) >= 5 and long_.endswith(short):
        return True       # a compound: anticorruption / corruption
    cp = 0
    for x, y in zip(a, b):
        if x != y:
            break
        cp += 1
    # one word family: inondées / inondations, extorsion / extorquer
    return cp >= 5 and cp >= 0.6 * len(short)


def _same_rendering(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if len(a) == len(b):
        return all(_same_inflection(x, y) for x, y in zip(a, b))
    # "la répression" vs "répression policière": the head word is shared
    return any(_same_inflection(x, y) for x in a for y in b) and min(len(a), len(b)) == 1


def _unlinked(id_words: list[str], placed: str, lang: str) -> bool:
    """True where the bilingual lexicon (FreeDict) knows some of `id_words` and none of their
    renderings is a word of `placed`, nor any placed word rendered back as one of them. False
    where no lexicon is installed or it knows none of the words: nothing to judge by."""
    from . import _bilingual as bl
    lex = bl.get(lang)
    if lex is None:
        return False
    tw = [w for w in re.findall(r"\w+", placed.lower()) if len(w) >= 3]
    known = False
    for w in id_words:
        got = [r for r in lex.translations(w.lower())[0] if " " not in r]
        known = known or bool(got)
        if any(bl.same_word(r, t, lang) for r in got for t in tw):
            return False
        if any(w.lower() in lex.back(t) for t in tw):
            return False
    return known


def _cognate(o: _Occ, lang: str) -> bool:
    """Is a content word of the rendering a near-spelling of the Indonesian term (masses / massa,
    polisi / police)?"""
    from rapidfuzz.fuzz import ratio
    term = fold_word(o.term.split()[0]) if o.term else ""
    if len(term) < MIN_TERM_LETTERS:
        return False
    return any(ratio(term, fold_word(w)) >= 70 and term[:3] == fold_word(w)[:3]
               for _, _, w in _content_words(o.text, lang))


def _order(o: _Occ) -> tuple[int, int]:
    seg = o.seg or o.segs[0]
    return (seg.span(o.start, o.end).start if o.located else seg.start, o.pair)


def _occurs_in(a: _Occ, b: _Occ, lang: str) -> bool:
    """Does a's rendering (up to inflection) occur anywhere in b's translation sentences?"""
    words = [w for _, _, w in _content_words(a.text, lang)]
    if not words:
        return False
    for seg in b.segs:
        there = [w for _, _, w in _content_words(seg.text, lang)]
        for k in range(len(there) - len(words) + 1):
            if all(_same_inflection(x, y) for x, y in zip(words, there[k:k + len(words)])):
                return True
    return False


def _consensus(occs: list[_Occ], lang: str) -> None:
    """Kept occurrences placed only approximately: where a word (up to inflection) sits near the
    approximate place of two kept occurrences or more, it is their rendering; kept occurrences
    whose sentence lacks it are left without a usable place (`ambiguous`)."""
    weak = [o for o in occs if o.faithful and not o.decisive]
    kept = [o for o in occs if o.faithful]
    if len(kept) < 2 or not weak:
        return
    decided = [o for o in kept if o.decisive]
    cands: list[_Occ] = []
    for o in decided:
        cands.append(o)
    for o in weak:
        cands.extend(_near(o, lang))
    best, support = None, 1
    for c in cands:
        n = sum(1 for o in kept if (c.seg in o.segs) or _occurs_in(c, o, lang))
        if n > support:
            best, support = c, n
    if best is None:
        return
    for o in weak:
        hit = None
        for seg in o.segs:
            for m in WORD_APOS.finditer(seg.text):
                probe = _Occ(o.key, o.term, o.pair, o.src_text, o.src_span, o.src_idx, [seg], seg, m.start(), m.end())
                if _content_words(m.group(), lang) and _occurs_in(best, probe, lang) and \
                        _same_rendering([w for _, _, w in _content_words(m.group(), lang)],
                                        [w for _, _, w in _content_words(best.text, lang)]):
                    hit = (seg, m.start(), m.end())
                    break
            if hit:
                break
        if hit:
            o.seg, o.start, o.end = hit
            o.how = CONSENSUS
        else:
            o.ambiguous = True


def _near(o: _Occ, lang: str) -> list[_Occ]:
    """Pseudo-occurrences for each content word within SNAP_WINDOW words of o's approximate place
    (its whole sentence when it has none)."""
    out = []
    for seg in o.segs:
        toks = list(WORD_APOS.finditer(seg.text))
        if o.located and o.seg is seg:
            at = [k for k, m in enumerate(toks) if m.start() < o.end and o.start < m.end()] or [0]
            lo, hi = max(0, at[0] - SNAP_WINDOW), at[-1] + SNAP_WINDOW + 1
        elif o.located:
            continue
        else:
            lo, hi = 0, len(toks)
        for m in toks[lo:hi]:
            if _content_words(m.group(), lang):
                out.append(_Occ(o.key, o.term, o.pair, o.src_text, o.src_span, o.src_idx, o.segs, seg,
                                m.start(), m.end()))
    return out


def _mean_logprob(ctx: Context, o: _Occ) -> Optional[float]:
    ev = ctx.evidence.get(o.seg.id) if o.seg is not None else None
    lp = (ev.extra.get("logprob") or {}).get("translation_given_source") if ev else None
    toks = (lp or {}).get("tokens_detail") or []
    vals = [t["logprob"] for t in toks if t.get("start") is not None and t["start"] < o.end and o.start < t["end"]]
    return sum(vals) / len(vals) if vals else None
