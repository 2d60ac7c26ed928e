"""Pass 2c: the source's quotes paired with the translation's, by order within each paragraph.

The sentence aligner pairs sentences by length and shared tokens; in a paragraph of short quotes
and attributions it may slip by one ("« ... », a-t-il martelé" paired with the next source sentence's
"ujar B"). A quotation is translated as a quotation, in the same order: where a source paragraph and
the translation's paragraph of the same place hold as many quoted sentences, the k-th quoted sentence
of one is the k-th of the other. These pairs are handed to the passes that read the source's speaker
of a translation sentence, beside the aligner's units.
"""
from __future__ import annotations

import re
from typing import Optional

from ...types import Document

QUOTE_CHARS = '"“”«»'


def _quoted(text: str) -> bool:
    return any(c in text for c in QUOTE_CHARS)


def quote_pairs(source: Optional[Document], translation: Document, skip_ids: frozenset = frozenset()) -> list:
    """[([source sentence id], [translation sentence id])] for each quoted sentence paired by order."""
    if source is None or len(source.paragraphs) != len(translation.paragraphs):
        return []
    out: list[tuple[list[str], list[str]]] = []
    for sp, tp in zip(source.paragraphs, translation.paragraphs):
        sq = [s.id for s in sp.sentences if _quoted(s.text)]
        tq = [s.id for s in tp.sentences if _quoted(s.text) and s.id not in skip_ids]
        if len(sq) != len(tq) or len(sq) < 2:
            continue        # one quote is the aligner's to pair; unequal counts: no order to trust
        texts = {s.id: s.text for s in sp.sentences} | {s.id: s.text for s in tp.sentences}
        if not all(alike(texts[a], texts[b]) for a, b in zip(sq, tq)):
            continue        # the translator may have reordered the quotes: no pairs from this paragraph
        out.extend(([a], [b]) for a, b in zip(sq, tq))
    return out


_DIGITS = re.compile(r"\d+")


def alike(src: str, tgt: str) -> bool:
    """Could this translation sentence be this source sentence? Lengths within a factor of two and a
    half, and the same numbers where both hold any (thousands separators aside)."""
    ls, lt = len(src), len(tgt)
    if not ls or not lt or max(ls, lt) > 2.5 * min(ls, lt):
        return False
    ns = {n.lstrip("0") for n in _DIGITS.findall(src.replace(".", "").replace(",", ""))}
    nt = {n.lstrip("0") for n in _DIGITS.findall(tgt.replace(".", "").replace(",", "").replace("\u202f", "")
                                                  .replace("\u00a0", "").replace(" ", ""))}
    return not ns or not nt or ns == nt


def unit_alike(src_text: dict, tgt_text: dict, src_ids, tgt_ids) -> bool:
    """Could these translation sentences be these source sentences (alike(), over the unit)? The
    aligner's pairing is taken as given unless the numbers or lengths say otherwise."""
    return alike(" ".join(src_text.get(i, "") for i in src_ids), " ".join(tgt_text.get(i, "") for i in tgt_ids))
