"""Content-word coverage through a bilingual lexicon (FreeDict, see checks/_bilingual.py).

AUD745 lost-clause    a sentence or clause of the source (inside one aligned pair) has no
                      counterpart in the translation: its content words have lexicon renderings,
                      none of which the translation has, while the rest of the pair is rendered,
                      and the translation is as much shorter as that clause is long.
AUD746 misread-word   a translation word whose only link back to the source is a near-spelling:
                      its Indonesian rendering is not in the source, but a word one or two letters
                      away is ('adults' = dewasa, for the abbreviation 'Dewas'): the word or
                      abbreviation was read as another, more common one.

A source word counts as rendered where the translation has one of its lexicon renderings (forms
compared by a crude stem: 'inondations' ~ 'inonder'), the same word (names, numbers, acronyms) or a
close spelling of it (loanwords: inflasi ~ inflation). The lexicon is small and news paraphrases
freely: a single unrendered word is no evidence (measured: under half of the source words that the
lexicon knows have one of its renderings in a faithful translation), so only whole clauses are
reported, and only where the lengths agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from rapidfuzz.distance import Levenshtein

from ..evidence.btdiff import function_words, stems
from ..types import Finding
from . import _bilingual as bl
from ._meaning import Unit, W, clause_span, edge_clause, length_ratio, project, units, words
from ._wordtools import indonesian_derived, zipf
from .base import Check, CheckInfo, Context, register

_SUB = re.compile(r"(?<=[.!?;])[\"”»]?\s+(?=[«\"“]?\s?[A-Z])")
_STOP = {
    "en": {"the", "and", "for", "that", "with", "this", "from", "was", "were", "are", "has", "have", "had", "will",
           "would", "said", "says", "its", "their", "his", "her", "they", "which", "who", "been", "also", "but",
           "not", "into", "than", "then", "there", "about", "after", "before", "over", "such", "some", "more"},
    "fr": {"les", "des", "une", "dans", "pour", "que", "qui", "est", "sont", "été", "avec", "sur", "par", "aux",
           "ces", "son", "ses", "leur", "leurs", "elle", "il", "ils", "elles", "été", "plus", "mais", "aussi",
           "cette", "selon", "déclaré", "été", "avait", "avoir", "être", "fait", "dont", "entre", "comme"},
}


def _target_words(text: str) -> list[W]:
    return [w for w in words(text) if w.low.isalpha() and len(w.low) > 2]


def rendered(w: W, first: bool, tws: list[str], lex: "bl.BiLexicon", lang: str) -> Optional[bool]:
    """True where the translation renders source word w, False where the lexicon knows it and
    the translation has none of its renderings, None where nothing can be said (a name, a
    word the lexicon lacks)."""
    lw = w.low
    f = bl.fold(lw)
    if any(f == bl.fold(t) for t in tws):
        return True
    if len(lw) >= 5 and any(len(t) >= 5 and Levenshtein.normalized_similarity(f, bl.fold(t)) >= 0.7 for t in tws):
        return True                     # a loanword: inflasi ~ inflation
    if w.text[:1].isupper() and not first:
        return None                     # a name
    tr, _ = lex.translations(lw)
    if not tr:
        return None
    for t in tr:
        for x in t.split():
            if len(x) > 2 and any(bl.same_word(x, y, lang) for y in tws):
                return True
    return False


@dataclass
class Part:
    start: int          # offsets in the unit's joined source
    end: int
    text: str
    known: int          # content words the lexicon (or spelling) can judge
    found: int          # of those, rendered
    lost: list[str]     # unrendered words


def content_words(text: str) -> list[W]:
    """The source's content words (no function words, three letters or more); a reduplicated word
    ('rumah-rumah', a plural) counts once."""
    fw = function_words()
    ws = [w for w in words(text) if w.low.isalpha() and w.low not in fw and len(w.low) > 2]
    return [w for i, w in enumerate(ws) if not (i and w.low == ws[i - 1].low and text[ws[i - 1].end:w.start] == "-")]


def tally(source_text: str, tws: list[str], lex: "bl.BiLexicon", lang: str) -> tuple[int, int, list[str]]:
    """Of the content words of `source_text`: how many the lexicon can judge, how many of those
    the translation words `tws` render, and the unrendered ones."""
    known = found = 0
    lost = []
    for i, w in enumerate(content_words(source_text)):
        r = rendered(w, i == 0, tws, lex, lang)
        if r is None:
            continue
        known += 1
        if r:
            found += 1
        else:
            lost.append(w.text)
    return known, found, lost


def parts(unit: Unit, lex: "bl.BiLexicon", lang: str) -> list[Part]:
    tws = [w.low for w in _target_words(unit.tgt)]
    out = []
    pos = 0
    text = unit.src.rstrip()
    pieces = _SUB.split(text)
    for piece in pieces:
        k = text.find(piece, pos)
        pos = k + len(piece)
        known, found, lost = tally(piece, tws, lex, lang)
        out.append(Part(k, k + len(piece), piece, known, found, lost))
    return out


@dataclass
class Lost:
    part: Part
    pos: int            # where in the joined translation the gap is
    expected_full: float
    expected_without: float


def lost_clauses(unit: Unit, lex: "bl.BiLexicon", lang: str, ratio: float) -> list[Lost]:
    ps = parts(unit, lex, lang)
    if len(ps) < 2:
        return []
    out = []
    tgt_fold = bl.fold(unit.tgt)
    tgt_digits = set(re.findall(r"\d+", unit.tgt))
    for k, p in enumerate(ps):
        rest_known = sum(x.known for j, x in enumerate(ps) if j != k)
        rest_found = sum(x.found for j, x in enumerate(ps) if j != k)
        if p.known < 3 or p.found > 0.3 * p.known:
            continue
        if rest_known < 3 or rest_found < 0.5 * rest_known:
            continue
        full = ratio * len(unit.src.strip())
        actual = len(unit.tgt.strip())
        short = actual < 0.85 * full
        # the part's names and numbers, all absent from the translation
        anchors = [w for i, w in enumerate(words(p.text)) if (w.low.isdigit() or (w.text[:1].isupper() and i > 0))
                   and w.low not in function_words()]
        gone = bool(anchors) and not any(
            (w.low in tgt_digits) if w.low.isdigit() else re.search(rf"(?<!\w){re.escape(bl.fold(w.low))}", tgt_fold)
            for w in anchors)
        if not (short or gone):
            continue
        if not gone and p.known < 5 and actual >= 0.7 * full:
            continue        # a few words the lexicon cannot find, in a translation of about the right length
        if k == len(ps) - 1:
            pos = len(unit.tgt.rstrip())             # the gap is at the end
            if re.search(r"[\"”»]\s*[,.]?\s*\w", p.text):
                # ... or, where the part closes a quote before its attribution, at the closing quote
                closing = [m.start() for m in re.finditer(r"[\"”»]", unit.tgt)]
                if len(closing) >= 1 and (len(closing) % 2 == 0 or "»" in unit.tgt or "”" in unit.tgt):
                    pos = closing[-1]
        elif k == 0:
            pos = 0
        else:
            pos = project(unit, p.start)
        out.append(Lost(p, pos, full, ratio * (len(unit.src.strip()) - len(p.text))))
    return out


def _lexicon(ctx: Context) -> Optional["bl.BiLexicon"]:
    return bl.get(ctx.tgt_lang)


@register
class LostClause(Check):
    info = CheckInfo(
        code="AUD745", name="lost-clause", category="omission", severity="major",
        summary="A sentence or clause inside an aligned pair has no counterpart in the translation (bilingual lexicon and lengths agree).",
        explanation=(
            "Inside each aligned pair, the source is cut into sentences (also inside quotes, which the "
            "segmenter keeps whole). A part whose content words have renderings in the bilingual lexicon "
            "(FreeDict eng-ind, with eng-fra/fra-eng as a pivot for French) and none of them in the "
            "translation, while the rest of the pair is rendered, is reported where a second sign agrees: the "
            "translation is shorter than the article's usual length ratio predicts, or the part's names and "
            "numbers are all absent from it. The "
            "span is the translation just before the gap; the evidence lists the unrendered words. Single "
            "words are never reported: the lexicon is small and translations paraphrase, so a lone unrendered "
            "word says little. Skipped, with a notice, where the dictionaries are not installed "
            "(apt-get install dict-freedict-eng-ind dict-freedict-eng-fra dict-freedict-fra-eng)."),
        languages=("fr", "en"),
    )

    @staticmethod
    def unavailable(lang: str) -> Optional[str]:
        return bl.unavailable_reason(lang)

    def run(self, ctx: Context) -> Iterable[Finding]:
        lex = _lexicon(ctx)
        if lex is None:
            return
        us = units(ctx)
        ratio = length_ratio(us)
        para_words: dict[int, list[str]] = {}
        for seg in ctx.translation.sentences:
            para_words.setdefault(seg.para, []).extend(w.low for w in _target_words(seg.text))
        for u in us:
            for lost in lost_clauses(u, lex, ctx.tgt_lang, ratio)[:1]:
                if _rendered_in_paragraph(lost.part, u, para_words, lex, ctx.tgt_lang):
                    continue        # the sentence alignment put its rendering in a neighbouring unit
                end = len(u.tgt.rstrip())
                pos = min(lost.pos, end)
                if pos >= end:
                    lo, hi = edge_clause(u.tgt, True)
                elif pos > 0 and u.tgt[pos] in "\"”»":
                    lo, hi = edge_clause(u.tgt[:pos], True)
                elif pos == 0:
                    lo, hi = edge_clause(u.tgt, False)
                else:
                    lo, hi = clause_span(u.tgt, max(0, pos - 2), pos, ctx.tgt_lang)
                seg, a, b = u.local(lo, hi)
                p = lost.part
                yield ctx.finding(
                    self, seg, a, b,
                    f"the source part “{_short(p.text)}” seems to have no counterpart in the translation "
                    f"({p.known - p.found} of its {p.known} words known to the lexicon have no rendering here: "
                    f"{', '.join(p.lost[:6])}{_shorter(u, lost)})",
                    confidence=0.7, source_words=p.text, unrendered=p.lost,
                    lexicon=ctx.tgt_lang and "freedict")


def _rendered_in_paragraph(p: Part, u: Unit, para_words: dict[int, list[str]], lex: "bl.BiLexicon",
                           lang: str) -> bool:
    """Whether the words of a lost part are rendered in the translation's whole paragraph (or
    paragraphs) of the unit: then the part is there, only aligned to another sentence."""
    tws = [w for para in sorted({s.para for s in u.segs}) for w in para_words.get(para, ())]
    known, found, _ = tally(p.text, tws, lex, lang) if tws else (0, 0, [])
    return known > 0 and found > 0.3 * known


def _shorter(u: Unit, lost: Lost) -> str:
    pct = round(100 * (1 - len(u.tgt.strip()) / lost.expected_full))
    return f"; the translation is {pct} % shorter than usual" if pct >= 10 else ""


def _short(s: str, n: int = 80) -> str:
    s = s.strip()
    return s if len(s) <= n else s[:n - 1].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------- misread words

_CAP_ABBREV = re.compile(r"^[A-Z][a-z]+$|^[A-Z]{2,}[a-z]*$")


def misreads(unit: Unit, lex: "bl.BiLexicon", lang: str) -> list[tuple[W, str, W]]:
    """(translation word, its Indonesian rendering, the source word it looks like)."""
    fw = function_words()
    src_ws = [w for w in words(unit.src) if w.low.isalpha() and len(w.low) >= 3]
    src_low = {w.low for w in src_ws}
    src_stems = set()
    for w in src_ws:
        src_stems |= stems(w.low)
    stop = _STOP.get(lang, set())
    out = []
    for t in _target_words(unit.tgt):
        if t.low in stop or len(t.low) < 4:
            continue
        if t.text[:1].isupper() and t.start > 0:
            continue                     # a name of the translation
        back = [b for b in lex.back(t.low) if " " not in b and len(b) >= 4]
        if not back:
            continue
        if any(b in src_low or (stems(b) & src_stems) for b in back):
            continue                     # linked to the source
        # any spelling link of the translation word itself to the source (a loanword, a name)
        if any(Levenshtein.normalized_similarity(bl.fold(t.low), bl.fold(s.low)) >= 0.7 for s in src_ws):
            continue
        best = None
        for b in back:
            if zipf(b, "id") < 3.0:
                continue                 # a misreading goes towards a common word
            for s in src_ws:
                if s.low in fw or s.low == b or stems(s.low) & stems(b):
                    continue
                if not _misreadable(s, b):
                    continue
                cand = (Levenshtein.distance(s.low, b), -len(b), b, s)
                if best is None or cand < best:
                    best = cand
        if best is not None:
            out.append((t, best[2], best[3]))
    return out


def _misreadable(s: W, b: str) -> bool:
    """Could source word s be read as the common word b? An abbreviation or a name-like word that
    b starts with, or ends with, one or two letters longer ('Dewas' -> 'dewasa'). Spelling variants
    and derivations of b ('narkotika' / 'narkotik', 'massal' / 'massa'), abbreviations built from b
    ('Polri' from 'polisi') and lowercase words do not qualify: a lowercase word that is no
    Indonesian word one letter away from b is a typo of the source, and rendering b is right."""
    y = s.low
    if not s.text[:1].isupper():
        return False
    if not (0 < len(b) - len(y) <= 2 and b.startswith(y)):
        return False
    return zipf(y, "id") < 3.0 and not indonesian_derived(y)


@register
class MisreadWord(Check):
    info = CheckInfo(
        code="AUD746", name="misread-word", category="mistranslation", severity="major",
        summary="A translation word renders an Indonesian word one or two letters away from a source word: the source word was misread.",
        explanation=(
            "Each content word of the translation is looked up in the bilingual lexicon (FreeDict, "
            "target language -> Indonesian, through English for French). Where none of its Indonesian "
            "renderings is in the aligned source sentence, nor the word itself by spelling, but one of them "
            "is one or two letters away from a source word that nothing else in the translation renders "
            "(an abbreviation such as 'Dewas' read as 'dewasa', adults), the word is flagged with both "
            "Indonesian words as evidence. Skipped, with a notice, where the dictionaries are not installed."),
        languages=("fr", "en"),
    )

    @staticmethod
    def unavailable(lang: str) -> Optional[str]:
        return bl.unavailable_reason(lang)

    def run(self, ctx: Context) -> Iterable[Finding]:
        lex = _lexicon(ctx)
        if lex is None:
            return
        for u in units(ctx):
            for t, b, s in misreads(u, lex, ctx.tgt_lang)[:1]:
                seg, a, e = u.local(t.start, t.end)
                yield ctx.finding(
                    self, seg, a, e,
                    f"“{t.text}” means “{b}” in Indonesian, which the source does not have; the source has "
                    f"“{s.text}”, one or two letters away: probably misread",
                    confidence=0.6, source_words=s.text, lexicon_entry=f"{t.low} = {b}")
