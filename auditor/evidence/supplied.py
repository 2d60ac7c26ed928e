"""A back-translation supplied by the user (`--back-translation FILE`, or `back_translation`
in a feed manifest) instead of one made by a model.

The file is the translation translated back into the source language by any system (a CMS
that keeps DeepL or Google output, an opus-mt run elsewhere, a human), in any format the
reader takes, paragraph-parallel to the translation. It is read and segmented like any
article; then, paragraph by paragraph, its sentences are aligned to the translation's with
the project's aligner (auditor.align, n:m: one translation sentence may map to several
back-translation sentences and the other way round). A back-translation sentence that covers
several translation sentences is split between them at the point a lexical projection
(auditor.evidence.btdiff) puts the boundary, preferring a comma or other punctuation.

It then stands where the model's back-translator stands (`pipeline.BackTranslator`): the
back-translation diff (AUD721/722), chrF/BLEU, AUD503's renderings and the alignment of source
and translation read it exactly as they read a model's output. No model is loaded for it,
nothing of it goes to (or comes from) the model cache, and its signature names the file. The
features that need a model (cross-attention projection, forced decoding) run only when a
model is given as well (`with_model`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..types import Document, InputError, Segment

SIGNATURE_PREFIX = "bt:file:"


@dataclass
class Piece:
    """The back-translation of one translation sentence: its text and where it lies in the file."""
    text: str
    sentences: list[str]            # ids of the back-translation sentences it comes from
    start: int                      # file offsets (code points) in the back-translation file
    end: int
    split: bool = False             # part of a back-translation sentence shared with another sentence


def _joined(segs: Sequence[Segment]) -> tuple[str, list[int]]:
    """The texts of some sentences joined by one space, and the file offset of each character
    (a joining space takes the offset after the sentence before it)."""
    text, offsets = "", []
    for s in segs:
        if text:
            text += " "
            offsets.append(offsets[-1] + 1 if offsets else s.start)
        text += s.text
        offsets.extend(s.offsets)
    return text, offsets


def paragraph_groups(bt: Sequence[Segment], tr: Sequence[Segment], lang: str) -> list[tuple[list[int], list[int]]]:
    """The sentences of one pair of parallel paragraphs in n:m groups (indices into `bt` and
    `tr`), in order, each with at least one sentence on each side, covering both sides whole.

    The aligner links the sentences (the back-translation on its Indonesian side, so that its
    length model holds); what it leaves unlinked joins a neighbouring group: the back-translation
    is by contract a translation of this paragraph, so each of its sentences belongs to some
    translation sentence, and each translation sentence has some back-translation."""
    if not bt or not tr:
        return []
    whole = [(list(range(len(bt))), list(range(len(tr))))]
    if len(bt) == 1 or len(tr) == 1:
        return whole
    from ..align import align

    b_pos = {s.id: k for k, s in enumerate(bt)}
    t_pos = {s.id: k for k, s in enumerate(tr)}
    groups: list[tuple[list[int], list[int]]] = []
    pending: tuple[list[int], list[int]] = ([], [])      # unlinked material since the last link
    for pair in align(list(bt), list(tr), lang):
        b = [b_pos[i] for i in pair.src]
        t = [t_pos[i] for i in pair.tgt]
        if pair.kind != "aligned":
            pending[0].extend(b)
            pending[1].extend(t)
            continue
        if pending[0] and pending[1]:
            groups.append(pending)                 # unlinked on both sides between two links
        elif groups:
            groups[-1][0].extend(pending[0])       # on one side only: with the link before
            groups[-1][1].extend(pending[1])
        else:
            b, t = pending[0] + b, pending[1] + t  # ... or, at the start, with the link after
        pending = ([], [])
        groups.append((b, t))
    if pending[0] and pending[1]:
        groups.append(pending)
    elif groups:
        groups[-1][0].extend(pending[0])
        groups[-1][1].extend(pending[1])
    if not groups:
        return whole
    return [(sorted(b), sorted(t)) for b, t in groups]


_BREAK = set(",;:—–()«»“”\"'.!?")


def split_points(bt_text: str, tr_texts: Sequence[str], lang: str, sentence_starts: Sequence[int] = ()) -> list[int]:
    """Character offsets in `bt_text` where to cut it into len(tr_texts) pieces, one for each
    translation sentence, in order.

    The back-translation's words are projected onto the translation's (btdiff.lexical_projection:
    names, numbers and cognates as anchors). Each cut goes where the fewest anchored words fall on
    the wrong side of it; among those places, it prefers the start of a back-translation sentence
    (`sentence_starts`), then punctuation, near the place proportional to the sentences' lengths."""
    from . import btdiff

    n = len(tr_texts)
    if n <= 1:
        return []
    bt_tok = btdiff.tokenize(bt_text, "id")
    T = len(bt_tok)
    if not T:
        return [len(bt_text)] * (n - 1)
    tr_tok: list[Any] = []
    owner: list[int] = []
    for k, t in enumerate(tr_texts):
        g = btdiff.tokenize(t, lang)
        tr_tok.extend(g)
        owner.extend([k] * len(g))
    # (sentence it lands in, or None for a word placed by interpolation only)
    landing: list[Optional[int]] = [None] * T
    if tr_tok:
        for j, tj in enumerate(btdiff.lexical_projection(bt_tok, tr_tok)):
            if btdiff.anchor_score(bt_tok[j], tr_tok[tj]) > 0:
                landing[j] = owner[tj]
    total = sum(len(t) for t in tr_texts) or 1
    starts = sorted(sentence_starts)

    def gap_cost(c: int) -> float:
        """0 at the start of a back-translation sentence, a little more at punctuation, more inside a clause."""
        a, b = bt_tok[c - 1].end, bt_tok[c].start
        if any(a <= s <= b for s in starts):
            return 0.0
        return 0.1 if any(ch in _BREAK for ch in bt_text[a:b]) else 0.25

    cuts: list[int] = []
    lo = 1
    for k in range(n - 1):
        if T - lo < n - 1 - k or lo >= T:   # fewer words than sentences: the rest get nothing
            cuts.append(len(bt_text))
            continue
        hi = T - (n - 1 - k)                # leave a word for each sentence still to come
        frac = sum(len(t) for t in tr_texts[:k + 1]) / total
        best: Optional[tuple[tuple[int, float], int]] = None
        wrong_before = sum(1 for j in range(lo) if landing[j] is not None and landing[j] > k)
        wrong_after = sum(1 for j in range(lo, T) if landing[j] is not None and landing[j] <= k)
        for c in range(lo, hi + 1):
            if c > lo:
                x = landing[c - 1]
                wrong_before += x is not None and x > k
                wrong_after -= x is not None and x <= k
            key = (wrong_before + wrong_after, abs(c / T - frac) + gap_cost(c))
            if best is None or key < best[0]:
                best = (key, c)
        c = best[1] if best is not None else lo
        cuts.append(bt_tok[c].start)
        lo = c + 1
    return cuts


def align_back_translation(translation: Document, bt: Document, lang: str) -> dict[str, Piece]:
    """The back-translation of every translation sentence (both documents segmented, with as
    many paragraphs)."""
    out: dict[str, Piece] = {}
    for tp, bp in zip(translation.paragraphs, bt.paragraphs):
        tr, bs = tp.sentences, bp.sentences
        if not bs:      # (the reader keeps no empty paragraph)
            for s in tr:
                out[s.id] = Piece("", [], bp.start, bp.start)
            continue
        for b_idx, t_idx in paragraph_groups(bs, tr, lang):
            segs = [bs[k] for k in b_idx]
            text, offs = _joined(segs)
            ids = [s.id for s in segs]
            if len(t_idx) == 1:
                out[tr[t_idx[0]].id] = Piece(text, ids, offs[0], offs[-1] + 1)
                continue
            spans, pos = [], 0              # each back-translation sentence in the joined text
            for s in segs:
                spans.append((pos, pos + len(s.text)))
                pos += len(s.text) + 1
            cuts = split_points(text, [tr[k].text for k in t_idx], lang, [a for a, _ in spans[1:]])
            bounds = [0] + cuts + [len(text)]
            for k, t in enumerate(t_idx):
                a, b = bounds[k], bounds[k + 1]
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if b <= a:
                    out[tr[t].id] = Piece("", [], offs[min(a, len(offs) - 1)], offs[min(a, len(offs) - 1)], True)
                    continue
                inside = [m for m, (x, y) in enumerate(spans) if x < b and a < y]
                whole = spans[inside[0]][0] >= a and spans[inside[-1]][1] <= b
                out[tr[t].id] = Piece(text[a:b], [ids[m] for m in inside], offs[a], offs[b - 1] + 1,
                                      split=not whole)
    return out


class SuppliedBackTranslation:
    """A back-translation read from a file, aligned to the translation it belongs to.

    Implements the pipeline's BackTranslator protocol (`name`, `back_translate`, `signature`),
    plus `bind(translation)` (called by the pipeline once the translation is segmented) and
    `back_translate_segments` (by sentence, so that a sentence repeated in an article keeps the
    back-translation of each of its places)."""

    def __init__(self, doc: Document, src_lang: str = "id", digest: Optional[str] = None,
                 label: Optional[str] = None):
        self.doc = doc
        self.src_lang = src_lang
        self.label = label or Path(doc.path).name or doc.path
        self.digest = digest or hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass")).hexdigest()
        self.steps: Optional[list[Any]] = None     # a model given as well: cross-attention, forced decoding
        self.cache: Any = None
        self.model_signature: Optional[dict[str, Any]] = None
        self.pieces: dict[str, Piece] = {}
        self.lang: Optional[str] = None
        self._by_text: dict[str, str] = {}
        self._bound = False

    @classmethod
    def read(cls, path: str, fmt: Optional[str] = None, encoding: Optional[str] = None,
             src_lang: str = "id") -> "SuppliedBackTranslation":
        from ..reader import read_file
        return cls(read_file(path, fmt=fmt, encoding=encoding), src_lang)

    @classmethod
    def from_text(cls, text: str, path: str, fmt: Optional[str] = None,
                  src_lang: str = "id") -> "SuppliedBackTranslation":
        from ..reader import read_text
        return cls(read_text(text, path=path, fmt=fmt), src_lang)

    def with_model(self, chain: Any) -> "SuppliedBackTranslation":
        """Lend the back-translation model's steps (and cache) to the features that need the
        model itself; the back-translation text still comes from the file only."""
        if chain is not None:
            self.steps = list(getattr(chain, "steps", None) or []) or None
            self.cache = getattr(chain, "cache", None)
            try:
                self.model_signature = chain.signature()
            except Exception:
                self.model_signature = None
        return self

    @property
    def name(self) -> str:
        return SIGNATURE_PREFIX + self.label

    # ------------------------------------------------------------------ binding
    def check(self, translation: Document) -> None:
        """InputError (one line, exit 2) unless the file has as many paragraphs as the translation."""
        n, m = len(self.doc.paragraphs), len(translation.paragraphs)
        if n != m:
            raise InputError(f"{self.doc.path}: the back-translation has {n} paragraph{'s' * (n != 1)}, the "
                             f"translation {translation.path} {m}: it must be paragraph-parallel to the translation")

    def bind(self, translation: Document) -> None:
        """Segment the back-translation and align its sentences to the (segmented) translation's."""
        self.check(translation)
        from ..segment import segment_document
        if not any(p.sentences for p in self.doc.paragraphs):
            segment_document(self.doc, self.src_lang)
        self.lang = translation.lang
        self.pieces = align_back_translation(translation, self.doc, translation.lang)
        self._by_text = {}
        for s in translation.sentences:
            if s.id in self.pieces:
                self._by_text.setdefault(s.text, self.pieces[s.id].text)
        self._bound = True

    # ------------------------------------------------------------------ the BackTranslator protocol
    def back_translate_segments(self, segs: Sequence[Segment]) -> list[str]:
        if not self._bound:
            raise RuntimeError("SuppliedBackTranslation.bind(translation) must come first")
        return [self.pieces[s.id].text if s.id in self.pieces else "" for s in segs]

    def back_translate(self, texts: list[str]) -> list[str]:
        if not self._bound:
            raise RuntimeError("SuppliedBackTranslation.bind(translation) must come first")
        return [self._by_text.get(t, "") for t in texts]

    def provenance(self, sid: str) -> Optional[dict[str, Any]]:
        """Where the back-translation of a translation sentence lies in the file."""
        p = self.pieces.get(sid)
        if p is None:
            return None
        line, col = self.doc.line_col(p.start)
        d: dict[str, Any] = {"sentences": p.sentences, "start": p.start, "end": p.end, "line": line, "column": col}
        if p.split:
            d["split"] = True
        return d

    def signature(self) -> dict[str, Any]:
        sig: dict[str, Any] = {
            "id": self.name,
            "source": "file",
            "path": self.doc.path,
            "sha256": self.digest,
            "format": self.doc.format,
            "direction": f"{self.lang}-{self.src_lang}" if self.lang else None,
            "paragraphs": len(self.doc.paragraphs),
            "sentences": sum(len(p.sentences) for p in self.doc.paragraphs),
            "models": [],
            "backend": "file",
        }
        if self.model_signature and self.steps:
            sig["projection_model"] = self.model_signature
        return sig


__all__ = ["Piece", "SuppliedBackTranslation", "align_back_translation", "paragraph_groups",
           "split_points"]
