"""AUD005 truncated-for-model: a sentence longer than the back-translation model's input.

A seq2seq model reads at most `--max-length` tokens (and never more than its position
table). The pipeline measures every translation sentence against each model of the
back-translation chain and marks those that were cut (PairEvidence.extra["truncated"]:
model, tokens, limit); this check says so, so that a clean back-translation of the first
part of a sentence is never read as evidence about all of it. Forced decoding (the
log-probability scores) has the same limit: a pair it saw only in part is reported too
(PairEvidence.extra["logprob"][direction]["truncated"]), and AUD731 leaves such a sentence
alone where the source was cut, since the translation's tail would look improbable.
"""
from __future__ import annotations

from typing import Iterable, Optional

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
                forced = _forced_cut(ev.extra.get("logprob") or {}) if ev is not None else None
                if forced:
                    yield forced_finding(self, ctx, seg, *forced)
                continue
            tokens, limit = info.get("tokens"), info.get("limit")
            yield ctx.finding(
                self, seg, 0, len(seg.text),
                f"sentence too long for the back-translation model: it saw only the first {limit} of "
                f"{tokens} tokens, so evidence for the rest of the sentence is missing",
                confidence=1.0, model=info.get("model"), tokens=tokens, limit=limit)


def _forced_cut(logprob: dict) -> Optional[tuple[str, dict]]:
    """(direction, cut) of the first forced-decoding score that saw only part of its pair."""
    for direction in ("translation_given_source", "source_given_translation"):
        cut = (logprob.get(direction) or {}).get("truncated")
        if cut:
            return direction, cut
    return None


def forced_finding(check: Check, ctx: Context, seg, direction: str, cut: dict) -> Finding:
    limit = cut.get("limit")
    longest = max(cut.get("input_tokens", 0), cut.get("output_tokens", 0))
    what = ("the translation given the source" if direction == "translation_given_source"
            else "the source given the translation")
    return ctx.finding(
        check, seg, 0, len(seg.text),
        f"sentence pair too long for forced decoding: the scores of {what} cover only the first "
        f"{limit} of {longest} tokens, so log-probability evidence for the rest is missing",
        confidence=1.0, model=cut.get("model"), tokens=longest, limit=limit, scoring=direction)
