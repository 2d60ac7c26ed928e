"""Scores: sacrebleu chrF++ / BLEU of back-translation against source, and
MQM-style penalties from findings (minor 1, major 5, critical 10 per 100 words)."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from sacrebleu.metrics import BLEU, CHRF

from .types import SEVERITY_WEIGHT, AuditResult, Finding

def _one_reference(metric):
    """sacrebleu writes the number of references into a signature only once the metric has
    scored something; ours always have one. Without this a process asking for a signature
    before its first score (a one-sentence article, a fresh worker) gets a ValueError."""
    metric.corpus_score([""], [[""]])
    return metric


_CHRF = _one_reference(CHRF(word_order=2))              # chrF++
_BLEU = _one_reference(BLEU(effective_order=True))      # sentence BLEU needs effective order


def chrf_signature() -> str:
    return str(_CHRF.get_signature())


def bleu_signature() -> str:
    return str(_BLEU.get_signature())


@lru_cache(maxsize=65536)
def sentence_chrf(hyp: str, ref: str) -> float:
    return float(_CHRF.sentence_score(hyp, [ref]).score)


def sentence_bleu(hyp: str, ref: str) -> float:
    return float(_BLEU.sentence_score(hyp, [ref]).score)


def corpus_chrf(hyps: list[str], refs: list[str]) -> float:
    return float(CHRF(word_order=2).corpus_score(hyps, [refs]).score)


def corpus_bleu(hyps: list[str], refs: list[str]) -> float:
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
    scores: dict = {
        "words": words,
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
    if metric == "chrf":
        return str(_one_reference(CHRF(word_order=2)).get_signature())
    if metric == "bleu":
        return str(_one_reference(BLEU()).get_signature())
    return None
