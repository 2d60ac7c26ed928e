"""Pass 2c: the source's quotes paired with the translation's, by order within each paragraph.

The sentence aligner pairs sentences by length and shared tokens; in a paragraph of short quotes
and attributions it may slip by one ("« ... », a-t-il martelé" paired with the next source sentence's
"ujar B"). A quotation is translated as a quotation, in the same order: where a source paragraph and
the translation's paragraph of the same place hold as many quoted sentences, the k-th quoted sentence
of one is the k-th of the other. These pairs are handed to the passes that read the source's speaker
of a translation sentence, beside the aligner's units.
"""
from __future__ import annotations

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
        out.extend(([a], [b]) for a, b in zip(sq, tq))
    return out
