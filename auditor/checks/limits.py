"""AUD005 truncated-for-model: a sentence longer than the back-translation model's input.

A seq2seq model reads at most `--max-length` tokens (and never more than its position
table). The pipeline measures every translation sentence against each model of the
back-translation chain and marks those that were cut (PairEvidence.extra["truncated"]:
model, tokens, limit); this check says so, so that a clean back-translation of the first
part of a sentence is never read as evidence about all of it.
"""
from __future__ import annotations

from typing import Iterable

from ..types import Finding
from .base import Check, CheckInfo, Context, iter_segments, register


@register
class TruncatedForModel(Check):
    info = CheckInfo(
        code="AUD005", name="truncated-for-model", category="omission", severity="minor",
        summary="sentence longer than the model's input limit: back-translation evidence covers only its start",
        explanation=(
            "The back-translation model reads a limited number of tokens per sentence (--max-length, "
            "256 by default, and at most the model's own limit). A longer sentence is truncated: the "
            "model translates only its first tokens, so the back-translation, its chrF and every "
            "check that compares it with the source say nothing about the rest, and an omission there "
            "would go unseen. This finding marks such sentences (the whole sentence, with the token "
            "count and the limit) so that a reviewer reads the end of it by hand. Very long sentences "
            "are rare in news copy; they usually come from a missing full stop or a table flattened "
            "into one line."),
        languages=(),
        needs=("back_translation",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for seg in iter_segments(ctx):
            ev = ctx.evidence.get(seg.id)
            info = ev.extra.get("truncated") if ev is not None else None
            if not info:
                continue
            tokens, limit = info.get("tokens"), info.get("limit")
            yield ctx.finding(
                self, seg, 0, len(seg.text),
                f"sentence too long for the back-translation model: it saw only the first {limit} of "
                f"{tokens} tokens, so evidence for the rest of the sentence is missing",
                confidence=1.0, model=info.get("model"), tokens=tokens, limit=limit)
