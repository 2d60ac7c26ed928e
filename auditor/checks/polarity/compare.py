"""The comparison of one aligned unit: the negations of both sides paired by position, and the
issues left (a negation missing or added; 'belum' rendered by 'already', 'sudah' by 'not yet')."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .._meaning import W, Unit, clause_span, context_words, project
from .lexicon import Item
from .paraphrase import paraphrased
from .source import source_already, source_items
from .target import already_words, not_yet_spans, target_items

_SENT_END = re.compile(r"[.!?][\"”»]?\s+(?=[«\"“]?\s?[A-Z])")


def sentences(text: str) -> int:
    """Sentences of a text, also inside quotes (the segmenter keeps a quote whole)."""
    return 1 + len(_SENT_END.findall(text.strip()))


@dataclass
class Issue:
    kind: str               # missing | added | belum_already | sudah_not_yet
    start: int              # span in the joined translation
    end: int
    severity: str
    confidence: float
    message: str
    source_words: str
    evidence: dict
    category: str = "mistranslation"


def _match(src: list[Item], tgt: list[Item], unit: Unit) -> tuple[list[Item], list[Item]]:
    """Source strong negations and translation strong negations left without a partner once each
    is paired with the nearest partner by projected position (strong with strong first, then
    strong with soft)."""
    proj = {id(s): project(unit, s.start) for s in src}
    left_src = [s for s in src if s.kind == "strong"]
    left_tgt = [t for t in tgt if t.kind == "strong"]
    soft_src = [s for s in src if s.kind == "soft"]
    soft_tgt = [t for t in tgt if t.kind == "soft"]

    def pair(a_list, b_list, a_pos, b_pos):
        cands = sorted(((abs(a_pos(a) - b_pos(b)), i, j) for i, a in enumerate(a_list) for j, b in enumerate(b_list)))
        ua, ub = set(), set()
        for _, i, j in cands:
            if i in ua or j in ub:
                continue
            ua.add(i)
            ub.add(j)
        return [a for i, a in enumerate(a_list) if i not in ua], [b for j, b in enumerate(b_list) if j not in ub]

    spos = lambda s: proj[id(s)]      # noqa: E731
    tpos = lambda t: t.start          # noqa: E731
    left_src, left_tgt = pair(left_src, left_tgt, spos, tpos)
    # the source's soft words may be rendered by a negation ("gagal" -> "did not succeed"); an idiom
    # built on a negation may take two words ("tidak hanya" -> "pas ... uniquement")
    soft_src = soft_src + [s for s in soft_src if s.note == "neutral"]
    left_tgt, soft_src = pair(left_tgt, soft_src, tpos, spos)
    # then the source's negations and soft words take the translation's soft words, nearest first
    # ("menolak" -> "refused", "tidak dapat diubah" -> "irréversible")
    rest, _ = pair(left_src + soft_src, soft_tgt, spos, tpos)
    left_src = [x for x in rest if x.kind == "strong"]
    return left_src, left_tgt


@dataclass
class _Sides:
    """The negations found on both sides of a unit, and what the issues' evidence lists."""
    unit: Unit
    lang: str
    src_items: list[Item]
    tgt_items: list[Item]

    def __post_init__(self) -> None:
        self.tgt_strong = [t for t in self.tgt_items if t.kind == "strong"]
        self.not_yet = not_yet_spans(self.unit.tgt, self.lang)
        self.src_already = source_already(self.unit.src)
        self.evidence = {"source_negations": [context_words(self.unit.src, s.start, s.end)
                                              for s in self.src_items if s.kind == "strong"],
                         "translation_negations": [t.text for t in self.tgt_items if t.kind == "strong"]}


def analyse(unit: Unit, lang: str, coverage: Optional[float] = None) -> list[Issue]:
    """The negation issues of one aligned unit. coverage: the share of the unit's source words
    that the translation renders by the bilingual lexicon (None without one), to tell a lost
    sentence (the rest is rendered) from a sentence rewritten or garbled as a whole."""
    sides = _Sides(unit, lang, source_items(unit.src), target_items(unit.tgt, lang))
    missing, added = _match(sides.src_items, sides.tgt_items, unit)
    taken: set = set()
    missing = [s for s in missing if not paraphrased(s, unit, lang, taken)]
    issues: list[Issue] = []
    already = already_words(unit.tgt, lang)
    # "belum" rendered by an "already" that no sudah / telah / pernah of the source explains
    if missing and already:
        reversed_ = _belum_already(sides, already)
        if reversed_ is not None:
            issues.append(reversed_)
            missing = []
    if missing:
        issues.append(_missing(sides, missing[0], coverage))
    if added:
        issues.append(_added(sides, added[0]))
    return issues


def _belum_already(sides: _Sides, already: list[W]) -> Optional[Issue]:
    """'belum' (not yet) rendered by an 'already' of the translation: the statement is reversed."""
    unit, tgt_strong = sides.unit, sides.tgt_strong
    span = max(40, len(unit.tgt) // 5)
    explained = set()
    for sa in sides.src_already:
        p = project(unit, sa.start)
        near = [a for a in already if id(a) not in explained and abs(a.start - p) <= span]
        if near:
            explained.add(id(min(near, key=lambda a: abs(a.start - p))))
    free_already = [a for a in already if id(a) not in explained
                    and not any(x <= a.start < y + 40 for x, y in sides.not_yet)
                    and not any(0 <= a.start - t.end <= 8 for t in tgt_strong)]     # "not already", "pas déjà"
    belums = [x for x in sides.src_items if x.note == "not_yet" and x.kind == "strong"]
    if not (free_already and belums):
        return None
    b = belums[0]
    pos = project(unit, b.start)
    a = min(free_already, key=lambda x: abs(x.start - pos))
    lo, hi = clause_span(unit.tgt, a.start, a.end, sides.lang)
    sw = context_words(unit.src, b.start, b.end)
    return Issue(
        "belum_already", lo, hi, "critical", 0.9,
        f"the source says “{sw}” (belum: not yet); the translation says “{a.text}”: "
        f"the statement is reversed", sw,
        {**sides.evidence, "translation_words": a.text})


def _missing(sides: _Sides, s: Item, coverage: Optional[float]) -> Issue:
    """A negation of the source that the translation does not render."""
    unit, lang, tgt_items, tgt_strong = sides.unit, sides.lang, sides.tgt_items, sides.tgt_strong
    pos = project(unit, s.start)
    sw = context_words(unit.src, s.start, s.end)
    quiet = not tgt_strong and not [t for t in tgt_items if t.kind == "soft"]
    lo, hi = clause_span(unit.tgt, max(0, pos - 1), min(len(unit.tgt.rstrip()), pos + 1), lang)
    # no negation of the translation in the clause where this one belongs
    alone = quiet or not any(t.start < hi and lo < t.end for t in tgt_items)
    what = "belum (not yet)" if s.note == "not_yet" else s.text.lower()
    n_src = sum(1 for x in sides.src_items if x.kind == "strong")
    msg = (f"the source negates here (“{sw}”: {what}) and the translation has no negation that renders it"
           + ("" if quiet else f" ({n_src} negation{'s' if n_src > 1 else ''} in the source, "
                               f"{len(tgt_strong)} in the translation)"))
    # past the end of a translation shorter by a sentence: the clause itself is missing
    cat = "mistranslation"
    if sentences(unit.src) > sentences(unit.tgt) and (coverage is None or coverage >= 0.5):
        cat = "omission"
        msg = (f"the source goes on with a negation (“{sw}”) that the translation does not render: "
               f"a sentence of the source seems to be missing here")
    return Issue("missing", lo, hi, "major" if alone else "minor", 0.75 if alone else 0.5, msg, sw,
                 dict(sides.evidence), cat)


def _added(sides: _Sides, t: Item) -> Issue:
    """A negation the source cannot account for; 'sudah' (already) rendered by 'not yet'."""
    unit, tgt_strong = sides.unit, sides.tgt_strong
    src_soft = [x for x in sides.src_items if x.kind == "soft"]
    src_strong = [x for x in sides.src_items if x.kind == "strong"]
    lo, hi = clause_span(unit.tgt, t.start, t.end, sides.lang)
    ny = [sp for sp in sides.not_yet if sp[0] <= t.start <= sp[1] or t.start <= sp[0] <= t.end + 20]
    if ny and sides.src_already and not src_strong:
        sw = context_words(unit.src, sides.src_already[0].start, sides.src_already[0].end)
        return Issue(
            "sudah_not_yet", lo, hi, "critical", 0.85,
            f"the source says “{sw}” (already done); the translation says “{unit.tgt[ny[0][0]:ny[0][1]]}” "
            f"(not yet): the statement is reversed", sw, dict(sides.evidence))
    quiet = not src_strong and not src_soft
    msg = (f"“{t.text}” negates, and the source has no negation here"
           + ("" if quiet else f" ({len(src_strong)} negation{'s' if len(src_strong) != 1 else ''} in the "
                               f"source, {len(tgt_strong)} in the translation)"))
    # Kept for the neighbours' sake (a negation carried over a sentence boundary) but never
    # reported: translations add negations of their own far more often than they drop one
    # ("not easy", "did not change", French "ne ... pas moins"); on the clean and faulty
    # articles of the frozen blind sets none of these reports was an error (0 of 9).
    return Issue("added", lo, hi, "info", 0.5 if quiet else 0.35, msg, "", dict(sides.evidence))


def unit_coverage(unit: Unit, lex, lang: str) -> Optional[float]:
    """The share of the source's known words that the translation renders (the bilingual lexicon),
    where the translation has fewer sentences than the source; else None."""
    if lex is None or sentences(unit.src) <= sentences(unit.tgt):
        return None
    from ..coverage import parts
    ps = parts(unit, lex, lang)
    known = sum(p.known for p in ps)
    return sum(p.found for p in ps) / known if known >= 4 else None
