"""Scores: sacrebleu chrF++ / BLEU of back-translation against source, MQM-style
penalties from findings (minor 1, major 5, critical 10 per 100 words), and the
auditor score: one sentence score and one article score in [0, 100] combining
chrF++, cross-lingual similarity, forced-decoding log-probabilities and the
penalties of findings, with a sacrebleu-style signature (docs/scores.md)."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

from .types import SEVERITY_WEIGHT, AuditResult, Finding

def _one_reference(metric):
    """sacrebleu writes the number of references into a signature only once the metric has
    scored something; ours always have one. Without this a process asking for a signature
    before its first score (a one-sentence article, a fresh worker) gets a ValueError."""
    metric.corpus_score([""], [[""]])
    return metric


# sacrebleu (and numpy under it) is imported on first use: a model-free audit never scores
# a back-translation, and the import costs a tenth of a second of every start
@lru_cache(maxsize=None)
def _metric(name: str):
    from sacrebleu.metrics import BLEU, CHRF
    if name == "chrf":
        return _one_reference(CHRF(word_order=2))           # chrF++
    if name == "chrf_f1":       # precision and recall weighted alike (chrF++ weighs recall twice)
        return _one_reference(CHRF(word_order=2, beta=1))
    return _one_reference(BLEU(effective_order=True))      # sentence BLEU needs effective order


def chrf_signature() -> str:
    return str(_metric("chrf").get_signature())


def bleu_signature() -> str:
    return str(_metric("bleu").get_signature())


@lru_cache(maxsize=65536)
def sentence_chrf(hyp: str, ref: str) -> float:
    return float(_metric("chrf").sentence_score(hyp, [ref]).score)


def sentence_chrf_symmetric(hyp: str, ref: str) -> float:
    """chrF++ with beta 1: a hypothesis with material the reference has not loses as much as one
    missing material. What sentence alignment needs: with chrF++'s beta 2, a back-translation of
    two sentences scores almost as well against one source sentence as its own sentence does, and
    1:2 links win over the right 1:1 ones."""
    return float(_metric("chrf_f1").sentence_score(hyp, [ref]).score)


def sentence_bleu(hyp: str, ref: str) -> float:
    return float(_metric("bleu").sentence_score(hyp, [ref]).score)


def corpus_chrf(hyps: list[str], refs: list[str]) -> float:
    from sacrebleu.metrics import CHRF
    return float(CHRF(word_order=2).corpus_score(hyps, [refs]).score)


def corpus_bleu(hyps: list[str], refs: list[str]) -> float:
    from sacrebleu.metrics import BLEU
    return float(BLEU().corpus_score(hyps, [refs]).score)


def penalty(findings: list[Finding]) -> float:
    return sum(SEVERITY_WEIGHT[f.severity] for f in findings)


def mqm_score(findings: list[Finding], words: int) -> float:
    """100 minus penalty points per 100 words (floored at 0)."""
    words = max(1, words)
    return round(max(0.0, 100.0 - penalty(findings) * 100.0 / words), 2)


def article_scores(result: AuditResult, pairs: list[tuple[str, str]]) -> dict:
    """pairs: (back-translation, source) texts of aligned pairs, where a back-translation exists."""
    words = result.translation.word_count
    counts = {s: 0 for s in ("critical", "major", "minor", "info")}
    for f in result.findings:
        counts[f.severity] += 1
    from .words import method
    scores: dict = {
        "words": words,
        "words_method": method(result.translation.lang),
        "penalty": penalty(result.findings),
        "mqm": mqm_score(result.findings, words),
        "findings_by_severity": counts,
        "aligned_pairs": sum(1 for p in result.alignment if p.kind == "aligned"),
        "unaligned_source": sum(len(p.src) for p in result.alignment if p.kind == "unaligned_source"),
        "unaligned_translation": sum(len(p.tgt) for p in result.alignment if p.kind == "unaligned_translation"),
        "chrf": None,
        "bleu": None,
    }
    if pairs:
        hyps = [h for h, _ in pairs]
        refs = [r for _, r in pairs]
        scores["chrf"] = round(corpus_chrf(hyps, refs), 2)
        scores["bleu"] = round(corpus_bleu(hyps, refs), 2)
    return scores


def sentence_penalties(findings: list[Finding]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in findings:
        if f.segment:
            out[f.segment] = out.get(f.segment, 0.0) + SEVERITY_WEIGHT[f.severity]
    return out


def corpus_signature_for(metric: str) -> Optional[str]:
    from sacrebleu.metrics import BLEU, CHRF
    if metric == "chrf":
        return str(_one_reference(CHRF(word_order=2)).get_signature())
    if metric == "bleu":
        return str(_one_reference(BLEU()).get_signature())
    return None


# --------------------------------------------------------------------------- auditor score
# One sentence score and one article score in [0, 100] from all the evidence of a run.
# The formula, its mappings and weights are documented in docs/scores.md; any change to them
# must bump SCORE_VERSION (it is in the signature).

SCORE_VERSION = 1
# weights of the components; renormalised over the components present for a sentence
SCORE_WEIGHTS = {"chrf": 0.2, "sim": 0.2, "lp": 0.2, "pen": 0.4}
CHRF_RANGE = (15.0, 65.0)      # chrF++ of back-translation vs source: 15 -> 0, 65 -> 1
LP_RANGE = (-6.0, -1.0)        # mean token log-probability (forced decoding): -6 -> 0, -1 -> 1
PEN_ZERO = 15.0                # MQM penalty points that zero the penalty component (three majors)
# findings scored at article level, not on the sentence they are anchored to: AUD002 (source
# sentences missing from the translation) is counted by scoring the missing sentences 0
ARTICLE_LEVEL_CODES = ("AUD002",)
MIN_OMITTED_WORDS = 3          # unaligned source sentences shorter than this are not scored


def _clamp(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _ramp(x: float, lo: float, hi: float) -> float:
    return _clamp((x - lo) / (hi - lo))


def sentence_components(chrf: Optional[float] = None, cosine: Optional[float] = None,
                        calibration: Optional[dict] = None, logprob_means: Sequence[float] = (),
                        penalty_points: float = 0.0, unaligned: bool = False) -> dict[str, float]:
    """The components of one sentence, each in [0, 1]; absent evidence is left out.

    chrf: sentence chrF++ (0-100) of the back-translation against the aligned source;
    cosine: cross-lingual similarity of the pair, mapped with the language's calibration
    (chance -> 0, match -> 1); logprob_means: mean token log-probabilities of the forced
    decodings present (translation given source, source given translation), averaged;
    penalty_points: MQM points of the sentence's findings. An unaligned translation sentence
    (no source counterpart) has similarity 0 when similarity evidence exists at all."""
    out: dict[str, float] = {}
    if chrf is not None:
        out["chrf"] = round(_ramp(float(chrf), *CHRF_RANGE), 4)
    if unaligned and calibration is not None:
        out["sim"] = 0.0
    elif cosine is not None and calibration is not None:
        out["sim"] = round(_ramp(float(cosine), calibration["chance"], calibration["match"]), 4)
    means = [float(m) for m in logprob_means if m is not None]
    if means:
        out["lp"] = round(_ramp(sum(means) / len(means), *LP_RANGE), 4)
    out["pen"] = round(_clamp(1.0 - penalty_points / PEN_ZERO), 4)
    return out


def combine(components: dict[str, float]) -> float:
    """Weighted mean of the components present (weights renormalised), on 0-100."""
    w = acc = 0          # summed in order from 0, as sum() does: the same floats
    for k, v in components.items():
        wk = SCORE_WEIGHTS[k]
        w += wk
        acc += wk * v
    if not w:
        return 0.0
    return round(100.0 * acc / w, 2)


def score_signature(present: Sequence[str], sim_model: Optional[str] = None, lang: str = "") -> str:
    """sacrebleu-style signature of the auditor score: version, weights, the similarity model,
    how the translation's words were counted for the penalties (auditor/words.py: `ws`, or
    `zh-char/1.5` for Chinese), and which components were present in this run."""
    from . import __version__
    from .words import method

    def w(k: str) -> str:
        return f"w{SCORE_WEIGHTS[k]:g}"

    model = (sim_model or "none").replace("|", "-").rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    model = model.replace("multilingual-", "")
    order = [k for k in SCORE_WEIGHTS if k in set(present)]
    # the mappings (CHRF_RANGE, LP_RANGE, PEN_ZERO) are fixed by the score version
    return (f"auditor-score:{SCORE_VERSION}|chrf:{w('chrf')}|sim:{model}:{w('sim')}|lp:{w('lp')}"
            f"|pen:mqm:{w('pen')}|words:{method(lang)}|present:{'+'.join(order) or 'none'}|version:{__version__}")


def apply_scores(result: AuditResult) -> dict:
    """Score every translation sentence (written to its evidence as `score`) and the article
    (returned, and stored as result.scores["score"]; its signature as result.signature["score"])."""
    from .evidence.similarity import calibration as sim_calibration
    from .types import PairEvidence

    tr, src = result.translation, result.source
    tgt_by_id = {s.id: s for s in tr.sentences}
    src_by_id = {s.id: s for s in src.sentences}
    has_sim = bool(result.signature.get("similarity"))
    cal = sim_calibration(tr.lang) if has_sim else None
    points: dict[str, float] = {}
    article_points = 0.0
    for f in result.findings:
        wgt = SEVERITY_WEIGHT[f.severity]
        if f.segment and f.segment in tgt_by_id and f.code not in ARTICLE_LEVEL_CODES:
            points[f.segment] = points.get(f.segment, 0.0) + wgt
        elif not f.segment:
            article_points += wgt
    aligned_src = sum(len(src_by_id[i].text) for p in result.alignment if p.kind == "aligned" for i in p.src)
    aligned_tgt = sum(len(tgt_by_id[i].text) for p in result.alignment if p.kind == "aligned" for i in p.tgt)
    ratio = aligned_src / aligned_tgt if aligned_src and aligned_tgt else 1.0

    units: list[tuple[float, float]] = []       # (weight, score)
    present: set[str] = set()
    omitted: list[dict] = []
    for pair in result.alignment:
        if pair.kind == "boilerplate":
            continue
        if pair.kind == "unaligned_source":
            for i in pair.src:
                s = src_by_id[i]
                if len(s.text.split()) < MIN_OMITTED_WORDS:
                    continue
                units.append((float(len(s.text)), 0.0))
                omitted.append({"source": i, "weight": len(s.text), "score": 0.0})
            continue
        unaligned = pair.kind != "aligned"
        pair_src = sum(len(src_by_id[i].text) for i in pair.src) if not unaligned else 0
        for t in pair.tgt:
            ev = result.evidence.get(t) or PairEvidence()
            sim = ev.extra.get("similarity") or {}
            lps = ev.extra.get("logprob") or {}
            comp = sentence_components(
                chrf=None if unaligned else ev.chrf,
                cosine=None if unaligned else sim.get("cosine"), calibration=cal,
                logprob_means=[] if unaligned else [d.get("mean") for d in lps.values() if isinstance(d, dict)],
                penalty_points=points.get(t, 0.0), unaligned=unaligned)
            weight = (pair_src / len(pair.tgt)) if not unaligned else len(tgt_by_id[t].text) * ratio
            score = combine(comp)
            present.update(comp)
            units.append((weight, score))
            ev.extra["score"] = {"score": score, "components": comp,
                                 "present": "+".join(k for k in SCORE_WEIGHTS if k in comp),
                                 "penalty": points.get(t, 0.0), "weight": round(weight, 1)}
            result.evidence[t] = ev
    total = sum(w for w, _ in units)
    mean = sum(w * s for w, s in units) / total if total else 100.0
    words = max(1, tr.word_count)
    article = round(max(0.0, mean - 100.0 * article_points / words), 2)
    sim_sig = result.signature.get("similarity") or {}
    sig = score_signature(sorted(present, key=list(SCORE_WEIGHTS).index), sim_sig.get("model") if has_sim else None,
                          tr.lang)
    out = {
        "article": article,
        "sentences_mean": round(mean, 2),
        "present": [k for k in SCORE_WEIGHTS if k in present],
        "weights": dict(SCORE_WEIGHTS),
        "omitted_source_sentences": omitted,
        "article_penalty": article_points,
        "signature": sig,
    }
    if present <= {"pen"}:
        out["note"] = "penalties only: no model evidence (no back-translation, similarity or log-probabilities)"
    result.scores["score"] = out
    result.signature["score"] = sig
    return out
