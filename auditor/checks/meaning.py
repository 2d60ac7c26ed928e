"""Meaning checks from model evidence: cross-lingual similarity (AUD711)."""
from __future__ import annotations

from typing import Iterable

from ..types import Finding

from ..evidence.similarity import calibration
from .base import Check, CheckInfo, Context, iter_segments, register


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
            "score low. Beside this relative threshold, an absolute floor per language (a cosine, or a low "
            "cosine with a small margin over the sentence's own chance level) flags a pair as unrelated whatever "
            "the rest of the article, so that gibberish is caught in a uniformly poor translation (calibrated on "
            "faithful fixture pairs against invented gibberish: benchmarks/similarity_floor.py). Thresholds: "
            "auditor/checks/data/similarity_calibration.json or config thresholds (drift_relative, floor_cosine, "
            "floor_soft_cosine, floor_margin)."),
        needs=("similarity",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        cal = calibration(ctx.tgt_lang)
        thr = ctx.config.threshold(ctx.tgt_lang, "drift_relative", cal["drift_relative"]) if ctx.config \
            else cal["drift_relative"]
        if ctx.config:
            cal = dict(cal)
            for k in ("floor_cosine", "floor_soft_cosine", "floor_margin"):
                if cal.get(k) is not None:
                    cal[k] = ctx.config.threshold(ctx.tgt_lang, k, cal[k])
        calibrated = bool(cal.get("calibrated"))
        for pair in ctx.alignment:
            if pair.kind != "aligned":
                continue
            ev = ctx.evidence.get(pair.tgt[0])
            sim = ev.extra.get("similarity") if ev else None
            if not sim or sim.get("relative") is None:
                continue
            rel = sim["relative"]
            floor = floor_hit(sim, cal)
            if rel >= thr and not floor:
                continue
            conf = min(0.85, 0.55 + 0.6 * max(0.0, thr - rel))
            if not calibrated:
                conf *= 0.8
            unrelated = rel < 0.1 or floor
            for tid in pair.tgt:
                seg = ctx.translation_sentence(tid)
                if floor and rel >= thr:
                    what = (f"reads as unrelated to its source, whatever the rest of the article: cross-lingual "
                            f"similarity {sim['cosine']:.3f}, {sim['cosine'] - sim['chance']:+.3f} over unrelated "
                            f"sentences here ({sim['chance']:.3f}), under the floor for {ctx.tgt_lang} "
                            f"(cosine {cal['floor_cosine']:.2f}, or {cal['floor_soft_cosine']:.2f} with a margin "
                            f"under {cal['floor_margin']:+.3f})")
                else:
                    what = ("this sentence " + ("reads as unrelated to its source" if unrelated
                            else "is much less similar to its source than the rest of the article")
                            + f" (cross-lingual similarity {sim['cosine']:.3f}; unrelated sentences here ≈ "
                              f"{sim['chance']:.3f}, aligned pairs ≈ {sim['typical']:.3f})")
                yield ctx.finding(
                    self, seg, 0, len(seg.text), f"meaning drift: {what}",
                    confidence=conf, severity="major" if unrelated else "minor",
                    similarity=sim, floor=bool(floor) or None,
                )


def floor_hit(sim: dict, cal: dict) -> bool:
    """The absolute floor: a pair whose cosine is under floor_cosine, or under floor_soft_cosine
    with a margin over the chance level of its own sentence under floor_margin, reads as unrelated
    however poor the rest of the article (the relative threshold compares with the article's
    typical pair, which a uniformly poor translation pulls down). Languages without a calibrated
    floor have none."""
    fc, fs, fm = cal.get("floor_cosine"), cal.get("floor_soft_cosine"), cal.get("floor_margin")
    cos, chance = sim.get("cosine"), sim.get("chance")
    if fc is None or cos is None:
        return False
    if cos < fc:
        return True
    return fs is not None and fm is not None and chance is not None and cos < fs and cos - chance < fm


MIN_COVERAGE = 0.5


def _bt_items(ctx: Context, kinds: tuple[str, ...]):
    for seg in iter_segments(ctx):
        ev = ctx.evidence.get(seg.id)
        for item in (ev.extra.get("bt_diff", []) if ev else []):
            if item["kind"] in kinds:
                yield seg, item


def _worth_reporting(item: dict) -> bool:
    """Back-translation models paraphrase: a one-word swap is a synonym more often than an error.
    Report lost content, or differences of two content words or more, or with a number (a one-word
    name swap such as Kali -> Sungai is left to the entity checks).
    Where the back-translation matches under MIN_COVERAGE of the source content, it is too far from the
    source to localise anything (a garbled back-translation, or a sentence wrong as a whole, which
    AUD711 and the chrF score judge): nothing is reported from it."""
    if item.get("coverage", 1.0) < MIN_COVERAGE:
        return False
    if item["content_words"] >= 2 or _has_number(item):
        return True
    return item["kind"] in ("omission", "mistranslation") and not item["back_translation_words"]


def _has_number(item: dict) -> bool:
    return any(c.isdigit() for c in item["source_words"] + item["back_translation_words"])


def _severity(item: dict) -> str:
    return "major" if item["content_words"] >= 3 or item["name_or_number"] else "minor"


@register
class BTMissingContent(Check):
    info = CheckInfo(
        code="AUD721", name="bt-missing-content", category="omission", severity="minor",
        summary="Source content is missing from the back-translation; the span of the translation that should carry it is flagged.",
        explanation=(
            "The back-translation (translation -> Indonesian) is compared word by word with the source "
            "(normalised, Indonesian affixes stripped, abbreviations matched to their expansions). Source "
            "content words with no counterpart in the back-translation are placed on the translation "
            "through the back-translation model's cross-attention (or, for pivot chains and models without "
            "attention, a lexical alignment of names, numbers and cognates). Where the translation has words "
            "at that place the finding is a mistranslation (they render something else); where it has none, "
            "an omission. One-word swaps with a word in the back-translation are kept as evidence only "
            "(`bt_diff` in the JSON report): back-translation models paraphrase. The back-translation model "
            "makes its own errors, so treat this as a pointer for a reviewer."),
        needs=("back_translation",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for seg, item in _bt_items(ctx, ("omission", "mistranslation")):
            if not _worth_reporting(item):
                continue
            here = seg.text[item["start"]:item["end"]]
            if item["back_translation_words"]:
                msg = (f"source “{item['source_words']}” came back as “{item['back_translation_words']}” "
                       f"in the back-translation: “{here}” may not render it")
            elif here:
                msg = (f"source “{item['source_words']}” has no counterpart in the back-translation: "
                       f"“{here}” probably does not render it")
            else:
                msg = (f"source “{item['source_words']}” has no counterpart in the back-translation: "
                       f"probably omitted here")
            yield ctx.finding(self, seg, item["start"], item["end"], msg, confidence=item["confidence"],
                              severity=_severity(item), category=item["kind"],
                              back_translation=ctx.evidence[seg.id].back_translation,
                              source_words=item["source_words"],
                              back_translation_words=item["back_translation_words"] or None,
                              projection=item["projection"])


@register
class BTAddedContent(Check):
    info = CheckInfo(
        code="AUD722", name="bt-added-content", category="addition", severity="minor",
        summary="The back-translation has content that is not in the source; the span that produced it is flagged.",
        explanation=(
            "Back-translation content words with no counterpart in the source (see AUD721 for the matching) "
            "are projected on the translation words that produced them (cross-attention, or a lexical "
            "alignment). Reported when at least two content words, or a name or a number, were added; "
            "smaller differences stay in the JSON evidence (`bt_diff`)."),
        needs=("back_translation",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for seg, item in _bt_items(ctx, ("addition",)):
            if not _worth_reporting(item) or item["end"] <= item["start"]:
                continue
            here = seg.text[item["start"]:item["end"]]
            yield ctx.finding(self, seg, item["start"], item["end"],
                              f"“{here}” came back as “{item['back_translation_words']}”, which is not in the source",
                              confidence=item["confidence"], severity=_severity(item),
                              back_translation=ctx.evidence[seg.id].back_translation,
                              back_translation_words=item["back_translation_words"],
                              projection=item["projection"])


@register
class ImprobableTokens(Check):
    info = CheckInfo(
        code="AUD731", name="improbable-tokens", category="mistranslation", severity="minor",
        summary="A run of translation tokens the reverse model finds very improbable given the source.",
        explanation=(
            "Forced decoding (Prism-style): the reverse model (Indonesian -> translation language) scores "
            "each token of the translation given the source. Tokens far below both an absolute threshold "
            "and the sentence's own mean log-probability, merged into runs, are suspect spans: a wrong "
            "word, a non-word, a calque. Thresholds: config thresholds `logprob_token` (default -7.0) and "
            "`logprob_margin` (default 4.0 below the sentence mean)."),
        needs=("logprobs",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        cfg = ctx.config
        thr = cfg.threshold(ctx.tgt_lang, "logprob_token", -7.0) if cfg else -7.0
        margin = cfg.threshold(ctx.tgt_lang, "logprob_margin", 4.0) if cfg else 4.0
        for seg in iter_segments(ctx):
            ev = ctx.evidence.get(seg.id)
            lp = (ev.extra.get("logprob") or {}).get("translation_given_source") if ev else None
            if not lp or not lp.get("tokens_detail") or lp.get("mean") is None:
                continue
            if (lp.get("truncated") or {}).get("input_tokens", 0) > (lp.get("truncated") or {}).get("limit", 1 << 30):
                continue   # the model saw only the start of the source: the rest would look improbable (AUD005 says so)
            cut = min(thr, lp["mean"] - margin)
            runs: list[list[dict]] = []
            last = -10
            for k, t in enumerate(lp["tokens_detail"]):
                if t["start"] is None or t["logprob"] >= cut:
                    continue
                if runs and k - last <= 2:
                    runs[-1].append(t)
                else:
                    runs.append([t])
                last = k
            for run in runs:
                start, end = run[0]["start"], run[-1]["end"]
                # widen to whole words
                while start > 0 and seg.text[start - 1].isalnum():
                    start -= 1
                while end < len(seg.text) and seg.text[end].isalnum():
                    end += 1
                worst = min(t["logprob"] for t in run)
                yield ctx.finding(self, seg, start, end,
                                  f"“{seg.text[start:end]}” is improbable given the source "
                                  f"(log-probability {worst:.1f}; sentence mean {lp['mean']:.1f})",
                                  confidence=min(0.7, 0.3 + 0.05 * (cut - worst)),
                                  logprob=round(worst, 3), logprob_mean=lp["mean"])
