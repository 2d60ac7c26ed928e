"""Omission and addition from the sentence alignment itself (model-free, always on).

The aligner leaves a source sentence unlinked when no translation sentence (or
group) matches it better than skipping; that is the classic trace of a dropped
sentence or paragraph. Likewise a translation sentence with no source
counterpart that is not known publisher boilerplate was added (or is unrelated
text pasted in). The alignment is stronger with back-translation or sentence
embeddings (both feed it when present), so confidence depends on which
evidence the alignment had.
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..boilerplate import boilerplate_sentences
from ..types import Finding, Segment
from .base import Check, CheckInfo, Context, register

MIN_WORDS = 3          # shorter unlinked material (datelines, credits) is not reported
MAJOR_WORDS = 8        # an added sentence this long is a major addition


def _words(text: str) -> int:
    return len(text.split())


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _evidence_strength(ctx: Context) -> float:
    """How far an alignment gap can be trusted, from the evidence the aligner had."""
    if "back_translation" in ctx.available and "similarity" in ctx.available:
        return 0.85
    if "back_translation" in ctx.available or "similarity" in ctx.available:
        return 0.75
    return 0.55


def _runs(ctx: Context, kind: str) -> list[list[str]]:
    """Ids of consecutive unaligned pairs of one kind, merged into runs."""
    runs: list[list[str]] = []
    prev_kind: Optional[str] = None
    for pair in ctx.alignment:
        ids = pair.src if kind == "unaligned_source" else pair.tgt
        if pair.kind == kind and ids:
            if prev_kind == kind:
                runs[-1].extend(ids)
            else:
                runs.append(list(ids))
        prev_kind = pair.kind
    return runs


@register
class Omission(Check):
    info = CheckInfo(
        code="AUD002", name="omission", category="omission", severity="major",
        summary="A source sentence has no counterpart in the translation.",
        explanation=(
            "The sentence aligner found no translation sentence for one or more source sentences: "
            "they were probably dropped (a sentence, a quote, a whole paragraph). The finding sits, "
            "zero-width, where the missing text would be (the start of the next translation sentence, "
            "or the end of the previous one) and quotes the source. Publisher boilerplate of the source "
            "('Baca juga: ...') and fragments under three words are ignored. With back-translation or "
            "sentence embeddings the alignment is more reliable and the confidence higher."),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        src_boiler = boilerplate_sentences(ctx.source, getattr(ctx.config, "boilerplate", []) or [])
        order = [p for p in ctx.alignment]
        strength = _evidence_strength(ctx)
        for run in _runs(ctx, "unaligned_source"):
            sents = [ctx.source_sentence(i) for i in run if i not in src_boiler]
            sents = [s for s in sents if _words(s.text) >= MIN_WORDS]
            if not sents:
                continue
            anchor, at_end = self._anchor(ctx, order, run[0], run[-1])
            if anchor is None:
                continue
            text = " ".join(s.text for s in sents)
            words = _words(text)
            pos = len(anchor.text) if at_end else 0
            paras = sorted({s.para + 1 for s in sents})
            where = f"paragraph{'s' if len(paras) > 1 else ''} {', '.join(map(str, paras))}"
            yield ctx.finding(
                self, anchor, pos, pos,
                f"source text missing from the translation ({where} of the source, {words} words): "
                f"“{_quote(text)}”",
                confidence=min(0.95, strength + (0.05 if words >= 12 else -0.1 if words < 6 else 0.0)),
                severity="major" if words >= 6 else "minor",
                source=text, source_sentences=[s.id for s in sents],
            )

    @staticmethod
    def _anchor(ctx: Context, order, first: str, last: str) -> tuple[Optional[Segment], bool]:
        """The translation sentence after the gap (zero-width at its start), else the one before it."""
        idx = next(k for k, p in enumerate(order) if first in p.src)
        end = next(k for k, p in enumerate(order) if last in p.src)
        for p in order[end + 1:]:
            if p.tgt and p.kind != "boilerplate":
                return ctx.translation_sentence(p.tgt[0]), False
        for p in reversed(order[:idx]):
            if p.tgt and p.kind != "boilerplate":
                return ctx.translation_sentence(p.tgt[-1]), True
        return None, False


@register
class Addition(Check):
    info = CheckInfo(
        code="AUD003", name="addition", category="addition", severity="major",
        summary="A translation sentence has no counterpart in the source.",
        explanation=(
            "The sentence aligner found no source sentence for a translation sentence that is not "
            "known publisher boilerplate: text was added, or unrelated text was pasted in. Declare "
            "recurring publisher notes as boilerplate (config `boilerplate = [...]`) so that they are "
            "reported as such instead. Fragments under three words are ignored; sentences under eight "
            "words are minor."),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        strength = _evidence_strength(ctx)
        for run in _runs(ctx, "unaligned_translation"):
            segs = [ctx.translation_sentence(i) for i in run]
            segs = [s for s in segs if not ctx.is_boilerplate(s) and _words(s.text) >= MIN_WORDS]
            for seg in segs:
                words = _words(seg.text)
                sim = ctx.evidence.get(seg.id).extra.get("similarity") if seg.id in ctx.evidence else None
                yield ctx.finding(
                    self, seg, 0, len(seg.text),
                    f"translation sentence with no counterpart in the source ({words} words)",
                    confidence=min(0.95, strength + (0.05 if words >= 12 else -0.1 if words < 6 else 0.0)),
                    severity="major" if words >= MAJOR_WORDS else "minor",
                    similarity=sim,
                )
