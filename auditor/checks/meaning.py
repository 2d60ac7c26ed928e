"""Meaning checks from model evidence: cross-lingual similarity (AUD711)."""
from __future__ import annotations

from typing import Iterable

from ..types import Finding

from ..evidence.similarity import calibration
from .base import Check, CheckInfo, Context, register


@register
class MeaningDrift(Check):
    info = CheckInfo(
        code="AUD711", name="meaning-drift", category="mistranslation", severity="major",
        summary="A translation sentence is much less similar to its source than the rest of the article.",
        explanation=(
            "Source and translation sentences are embedded with a multilingual sentence encoder "
            "(by default the bundled multilingual-e5-small; offline, also with --no-mt). For each aligned "
            "pair the cosine is compared with two levels of the same article: chance (the median similarity "
            "of this translation sentence to the other source sentences) and typical (the median of the "
            "aligned pairs). A pair whose relative similarity (cosine - chance) / (typical - chance) falls "
            "below a per-language threshold is flagged: the meaning drifted, or the sentence was replaced "
            "by unrelated text. This is evidence, not proof: encoders are blind to negation, numbers and "
            "who-did-what-to-whom, so a fluent wrong sentence often passes, and a free but faithful one can "
            "score low. Thresholds: auditor/checks/data/similarity_calibration.json or config thresholds "
            "(drift_relative)."),
        needs=("similarity",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        cal = calibration(ctx.tgt_lang)
        thr = ctx.config.threshold(ctx.tgt_lang, "drift_relative", cal["drift_relative"]) if ctx.config \
            else cal["drift_relative"]
        calibrated = bool(cal.get("calibrated"))
        for pair in ctx.alignment:
            if pair.kind != "aligned":
                continue
            ev = ctx.evidence.get(pair.tgt[0])
            sim = ev.extra.get("similarity") if ev else None
            if not sim or sim.get("relative") is None:
                continue
            rel = sim["relative"]
            if rel >= thr:
                continue
            conf = min(0.85, 0.55 + 0.6 * (thr - rel))
            if not calibrated:
                conf *= 0.8
            unrelated = rel < 0.1
            for tid in pair.tgt:
                seg = ctx.translation_sentence(tid)
                what = ("reads as unrelated to its source" if unrelated
                        else "is much less similar to its source than the rest of the article")
                yield ctx.finding(
                    self, seg, 0, len(seg.text),
                    f"meaning drift: this sentence {what} (cross-lingual similarity {sim['cosine']:.3f}; "
                    f"unrelated sentences here ≈ {sim['chance']:.3f}, aligned pairs ≈ {sim['typical']:.3f})",
                    confidence=conf, severity="major" if unrelated else "minor",
                    similarity=sim,
                )
