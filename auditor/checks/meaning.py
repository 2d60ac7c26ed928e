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


from ._btgrade import article_stats, grade  # noqa: E402


def _graded(ctx: Context, codes: tuple[str, ...]):
    """(sentence, difference, grade) of every back-translation difference worth reporting under
    one of `codes` (auditor/checks/_btgrade.py decides)."""
    stats = None
    src_of = {}
    for pair in ctx.alignment:
        for t in pair.tgt:
            src_of[t] = pair.src
    src_by_id = {s.id: s for s in ctx.source.sentences}
    para_text: dict[int, str] = {}
    for s in ctx.translation.sentences:
        para_text[s.para] = para_text.get(s.para, "") + " " + s.text
    for seg in iter_segments(ctx):
        ev = ctx.evidence.get(seg.id)
        items = ev.extra.get("bt_diff", []) if ev else []
        if not items:
            continue
        if stats is None:
            stats = article_stats(ctx)
        source = " ".join(src_by_id[s].text for s in src_of.get(seg.id, []) if s in src_by_id)
        for item in items:
            g = grade(item, seg.text, source, ctx.tgt_lang, ev.chrf, stats, ev.back_translation or "")
            if g is None or g.code not in codes or item["end"] <= item["start"]:
                continue
            if g.why in ("content lost", "term rendered differently here") and _rendered_in(
                    item["source_words"], para_text.get(seg.para, seg.text), ctx.tgt_lang,
                    1 if g.why == "term rendered differently here" else 2):
                continue    # the bilingual lexicon finds the words in the translation: the model paraphrased
            if g.category in ("untranslated", "nonword"):
                item = dict(item)
                item["start"], item["end"] = _copied_phrase(seg.text, item["start"], item["end"],
                                                            ev.back_translation or "")
            yield seg, item, g


def _rendered_in(source_words: str, translation: str, lang: str, least: int = 2) -> bool:
    """Whether the bilingual lexicon (FreeDict) finds renderings of at least half of the source
    words it knows (and it knows at least `least`) in the translation's paragraph. False where no
    lexicon is installed."""
    from . import _bilingual as bl
    from .coverage import _target_words, tally
    lex = bl.get(lang)
    if lex is None or not source_words:
        return False
    known, found, _ = tally(source_words, [w.low for w in _target_words(translation)], lex, lang)
    return known >= least and found >= 0.5 * known


def _copied_phrase(text: str, start: int, end: int, bt: str, most: int = 60) -> tuple[int, int]:
    """The span widened over the neighbouring words that the back-translation copied as well
    ('Agency' -> 'National Intelligence Agency'), to at most `most` characters."""
    import re
    words = {w.lower() for w in re.findall(r"\w+", bt)}
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    inside = [k for k, (a, b) in enumerate(spans) if a < end and start < b]
    if not inside:
        return start, end
    lo, hi = inside[0], inside[-1]
    while lo > 0 and text[spans[lo - 1][0]:spans[lo - 1][1]].lower() in words and \
            text[spans[lo - 1][0]:spans[lo - 1][0] + 1].isupper() == text[spans[lo][0]].isupper() and \
            spans[hi][1] - spans[lo - 1][0] <= most:
        lo -= 1
    while hi + 1 < len(spans) and text[spans[hi + 1][0]:spans[hi + 1][1]].lower() in words and \
            text[spans[hi + 1][0]].isupper() == text[spans[hi][0]].isupper() and spans[hi + 1][1] - spans[lo][0] <= most:
        hi += 1
    return spans[lo][0], spans[hi][1]


def _evidence(ctx: Context, seg, item: dict, g) -> dict:
    ev = {"back_translation": ctx.evidence[seg.id].back_translation, "signal": item.get("signal"),
          "why": g.why, "source_words": item["source_words"] or None,
          "back_translation_words": item["back_translation_words"] or None,
          "projection": item["projection"]}
    for k in ("kept_elsewhere", "names", "back_translation_names", "gap"):
        if item.get(k):
            ev[k] = item[k]
    return ev


def _message(item: dict, here: str, g) -> str:
    s, b = item["source_words"], item["back_translation_words"]
    sig = item.get("signal")
    if sig == "not_yet":
        return f"source “{s}” (not yet) came back as “{b}” (already): “{here}” says the opposite"
    if sig == "negation":
        return f"the negation of source “{s}” is missing from the back-translation: “{here}” may say the opposite"
    if sig == "negation_added":
        return f"the back-translation has a negation the source has not (“{b}”): check “{here}”"
    if sig == "direction":
        return f"source “{s}” came back as “{b}”, the opposite direction: “{here}”"
    if sig in ("number", "unit") and s and b:
        return f"source “{s}” came back as “{b}”: “{here}” has another quantity"
    if sig == "number" and s:
        return f"the figure “{s}” of the source is not in the back-translation: missing near “{here}”?"
    if sig == "number":
        return f"“{here}” came back as “{b}”, a figure the source does not have"
    if sig == "contrast":
        return f"source “{s}” came back as “{b}”, a word of opposite meaning: “{here}”"
    if g.category in ("nonword", "untranslated"):
        return f"“{b}” came back untranslated from the translation: “{here}” is no rendering of source “{s}”" \
            if s else f"“{b}” came back untranslated from the translation: “{here}”"
    if item["kind"] == "addition":
        return f"“{here}” came back as “{b}”, which is not in the source"
    if b:
        extra = " (rendered faithfully elsewhere in the article)" if item.get("kept_elsewhere") else ""
        return f"source “{s}”{extra} came back as “{b}” in the back-translation: “{here}” may not render it"
    return f"source “{s}” has no counterpart in the back-translation: probably omitted near “{here}”"


@register
class BTMissingContent(Check):
    info = CheckInfo(
        code="AUD721", name="bt-missing-content", category="omission", severity="minor",
        summary="Source content that the back-translation lost or changed (a negation, a direction, a figure, "
                "a term, a clause); the span of the translation that should carry it is flagged.",
        explanation=(
            "The back-translation (translation -> Indonesian: a model's, or one given with --back-translation) "
            "is compared word by word with the source. What a paraphrasing back-translation legitimately "
            "changes counts as equal: Indonesian affixes (me-, di-, ber-, ter-, -kan, -i, -nya) and "
            "reduplication, synonyms and clipped forms, abbreviations and their written-out forms "
            "(Pemprov = pemerintah provinsi, Sulsel = Sulawesi Selatan), aliases of one entity, numbers and "
            "units in any format (1,5 juta = 1.500.000, empat belas = 14, 8 persen = 8%). What is left is "
            "reported only where the evidence is strong: a negation lost ('belum' come back as 'sudah' is "
            "critical), a direction reversed (naik / turun), a figure or a unit changed, words of exclusive "
            "meaning swapped (jual / beli), a word copied untranslated; or where a second sign agrees: lost "
            "content (two content words or more) when the back-translation is as much shorter than the "
            "article's own ratio, a term rendered faithfully elsewhere in the article but not here, a reworded "
            "pair whose chrF falls far under the article's. Other differences (one-word swaps: a back-translation "
            "model paraphrases) stay in the JSON evidence (`bt_diff`). Spans are placed through the back-"
            "translation model's cross-attention where a model is given, else a lexical alignment of names, "
            "numbers and cognates, and kept to 60 characters. The back-translation makes its own errors: treat "
            "this as a pointer for a reviewer."),
        needs=("back_translation",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for seg, item, g in _graded(ctx, ("AUD721",)):
            here = seg.text[item["start"]:item["end"]]
            yield ctx.finding(self, seg, item["start"], item["end"], _message(item, here, g),
                              confidence=g.confidence, severity=g.severity, category=g.category,
                              **_evidence(ctx, seg, item, g))


@register
class BTAddedContent(Check):
    info = CheckInfo(
        code="AUD722", name="bt-added-content", category="addition", severity="minor",
        summary="The back-translation has content that is not in the source (a clause, a figure, a negation, "
                "an untranslated word); the span that produced it is flagged.",
        explanation=(
            "Back-translation content with no counterpart in the source (see AUD721 for what counts as equal) "
            "is projected on the translation words that produced it. Reported: a figure or a negation the "
            "source lacks, a word copied untranslated from the translation, and added content (two content "
            "words or more) when the back-translation is as much longer than the article's own ratio of "
            "back-translation to source length. Smaller differences stay in the JSON evidence (`bt_diff`)."),
        needs=("back_translation",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for seg, item, g in _graded(ctx, ("AUD722",)):
            here = seg.text[item["start"]:item["end"]]
            yield ctx.finding(self, seg, item["start"], item["end"], _message(item, here, g),
                              confidence=g.confidence, severity=g.severity, category=g.category,
                              **_evidence(ctx, seg, item, g))


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
