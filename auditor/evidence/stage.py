"""The evidence stage: every model-backed signal of one article, prepared in one place.

    translation ──► back-translation of each sentence   (a model chain, or a file the user gave)
    sentences   ──► sentence embeddings of both sides   (similarity.SentenceSimilarity)
                         │ both help the aligner (auditor.align), which the pipeline runs between
                         ▼ the two calls below
    aligned     ──► PairEvidence of each translation sentence: its back-translation, the chrF and
    pairs           BLEU of its pair against the source, where a supplied one came from, the
                    part a model saw when the sentence was over its input limit
                ──► similarity of each aligned pair (an unaligned sentence: its best match)
                ──► the back-translation diff placed on translation spans     (localise)
                ──► forced-decoding log-probabilities, both directions        (localise, forced)
                ──► word links from the reverse model's cross-attention       (wordalign)

`sentence_evidence` does the first part (before alignment), `attach_pair_evidence` the rest; the
result, an `ArticleEvidence`, says which kinds of evidence are `available` (the pipeline skips the
checks that need one that is missing, and says so). Every provider is optional: a model that
cannot load costs its evidence and a notice, never the audit. The back-translator comes in ready
(auditor.evidence.loader, or a supplied file); the sentence encoder, the reverse model and the
cache are named by the options and opened here, each once per process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from ..score import sentence_bleu, sentence_chrf, sentence_chrf_symmetric
from ..types import AlignedPair, Document, PairEvidence, Segment

if TYPE_CHECKING:
    from .similarity import SentenceSimilarity


class EvidenceOptions(Protocol):
    """What the evidence stage reads of the audit's options (auditor.pipeline.AuditOptions)."""
    src_lang: str
    embed: bool                 # sentence similarity on
    embed_model: Optional[str]  # None: the bundled encoder
    cache: Any                  # auditor.evidence.cache.Cache, or None
    reverse_model: Optional[str]
    logprob_scorer: Any         # a ready forced-decoding scorer (source -> translation), or None


@dataclass
class ArticleEvidence:
    """The evidence of one article. `tgt_sents`: the translation's sentences, known boilerplate
    left out (what was back-translated and embedded)."""
    src_sents: list[Segment]
    tgt_sents: list[Segment]
    lang: str                                       # the translation's language
    back_translator: Any = None                     # None: none given, or its model could not load
    bts: dict[str, str] = field(default_factory=dict)                # sentence id -> back-translation
    bt_signature: dict[str, Any] = field(default_factory=dict)
    truncated: dict[str, dict[str, Any]] = field(default_factory=dict)   # sentences a model saw in part
    similarity: Optional[SentenceSimilarity] = None
    by_sentence: dict[str, PairEvidence] = field(default_factory=dict)   # translation sentence id ->
    pairs_for_score: list[tuple[str, str]] = field(default_factory=list)  # (back-translation, source)
    logprob_signature: dict[str, Any] = field(default_factory=dict)
    has_logprobs: bool = False                      # the reverse model scored the translation

    @property
    def available(self) -> frozenset:
        """The kinds of evidence present ("back_translation", "similarity", "logprobs")."""
        return frozenset(({"back_translation"} if self.bts else set())
                         | ({"similarity"} if self.similarity is not None else set())
                         | ({"logprobs"} if self.has_logprobs else set()))

    def bt_similarity(self) -> Optional[Callable[[list[int], list[int]], float]]:
        """For the aligner: chrF of the back-translation of translation sentences against source
        sentences (by index), or None without a back-translation."""
        if not self.bts:
            return None
        bts, tgt_sents, src_sents = self.bts, self.tgt_sents, self.src_sents

        def bt_sim(s_idx: list[int], t_idx: list[int]) -> float:
            hyp = " ".join(bts[tgt_sents[k].id] for k in t_idx)
            ref = " ".join(src_sents[k].text for k in s_idx)
            return sentence_chrf_symmetric(hyp, ref) / 100.0
        return bt_sim

    def align_similarity(self) -> Optional[Callable]:
        """For the aligner: the embeddings' similarity of sentence groups, or None without them."""
        return self.similarity.align_sim if self.similarity is not None else None


def sentence_evidence(source: Document, translation: Document, tgt_sents: list[Segment], opts: EvidenceOptions,
                      back_translator: Any, notices: list[str]) -> ArticleEvidence:
    """The evidence of each sentence, before alignment: back-translations and embeddings."""
    ev = ArticleEvidence(source.sentences, tgt_sents, translation.lang)
    if back_translator is not None:
        ev.back_translator, ev.bts, ev.bt_signature, ev.truncated = _back_translate(
            back_translator, translation, tgt_sents, notices)
    if opts.embed:
        ev.similarity = _similarity(ev.src_sents, tgt_sents, translation.lang, opts, notices)
    return ev


def attach_pair_evidence(ev: ArticleEvidence, alignment: list[AlignedPair], opts: EvidenceOptions,
                         notices: list[str], lexical_link: Optional[Callable[[str], Any]] = None) -> None:
    """The evidence of each aligned pair, in ev.by_sentence (by translation sentence id).
    `lexical_link(lang)`: anchors a bilingual lexicon adds to the lexical placement of the
    back-translation diff, used where no model's cross-attention places it."""
    src_by_id = {s.id: s for s in ev.src_sents}
    provenance = getattr(ev.back_translator, "provenance", None) if ev.bts else None
    ev.by_sentence, ev.pairs_for_score = _pair_evidence(alignment, ev.bts, ev.truncated, provenance, src_by_id)
    if ev.similarity is not None:
        _similarity_evidence(ev.similarity, alignment, ev.src_sents, ev.tgt_sents, ev.by_sentence)
    ev.has_logprobs = _localised_evidence(alignment, src_by_id, {t.id: t for t in ev.tgt_sents}, ev.bts, ev.lang,
                                          ev.by_sentence, ev.back_translator, opts, notices, ev.logprob_signature,
                                          lexical_link)


def _back_translate(back_translator: Any, translation: Document, tgt_sents: list, notices: list[str]) -> tuple[
        Any, dict[str, str], dict[str, Any], dict[str, dict[str, Any]]]:
    """The back-translation of every sentence: (the back-translator, or None where its model could
    not be loaded; the back-translations by sentence id; its signature; the sentences the model saw
    only in part)."""
    from .mt import ModelUnavailable
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


def _localised_evidence(alignment, src_by_id, tgt_by_id, bts, lang: str, evidence, back_translator,
                        opts: EvidenceOptions, notices: list[str], lp_sig: Optional[dict[str, Any]] = None,
                        lexical_link: Optional[Callable[[str], Any]] = None) -> bool:
    """Back-translation diff projected on translation spans, and forced-decoding log-probabilities.
    Returns True when translation log-probabilities (the reverse model) were computed; puts the
    scoring models' signatures ("translation_given_source", "source_given_translation") in lp_sig."""
    from .localise import bt_diff_evidence, logprob_evidence, single_step_model

    step = single_step_model(back_translator) if back_translator is not None else None
    cache = opts.cache or getattr(back_translator, "cache", None)
    forward = None
    if bts:
        projector = None
        if step is not None:
            from .forced import AttentionProjector, LogProbScorer
            projector = AttentionProjector(step, cache)
            forward = LogProbScorer(step, cache)
        link = None
        if projector is None and lexical_link is not None:
            try:
                link = lexical_link(lang)
            except Exception:       # a broken lexicon only costs the extra anchors
                link = None
        bt_diff_evidence(alignment, src_by_id, tgt_by_id, bts, lang, evidence, projector, notices.append, link)
    reverse = opts.logprob_scorer
    if reverse is None and opts.reverse_model:
        reverse = _reverse_scorer(opts.reverse_model, opts.src_lang, lang, cache, notices)
    logprob_evidence(alignment, src_by_id, tgt_by_id, evidence, reverse, forward, notices.append)
    if reverse is not None:     # word links from the reverse model's cross-attention (AUD503)
        from .wordalign import reverse_aligner, word_alignment_evidence
        word_alignment_evidence(alignment, src_by_id, tgt_by_id, evidence, reverse_aligner(reverse, cache),
                                notices.append)
    if lp_sig is not None:
        for key, scorer in (("translation_given_source", reverse), ("source_given_translation", forward)):
            if scorer is not None and hasattr(scorer, "signature") and \
                    any(key in ev.extra.get("logprob", {}) for ev in evidence.values()):
                lp_sig[key] = scorer.signature()
    return reverse is not None and any("translation_given_source" in ev.extra.get("logprob", {})
                                       for ev in evidence.values())


def _reverse_scorer(model: str, src_lang: str, lang: str, cache: Any, notices: list[str]) -> Any:
    """The forced-decoding scorer of the reverse model (source -> translation language), or None
    with a notice where it cannot load."""
    from .forced import LogProbScorer
    from .loader import get_translator
    from .mt import DecodeParams, ModelUnavailable
    try:
        return LogProbScorer(get_translator(model, src_lang, lang, DecodeParams(beam_size=1), "cpu", None, False,
                                            notices.append), cache)
    except ModelUnavailable as e:
        notices.append(f"forced decoding skipped: {e}")
        return None


def _similarity(src_sents, tgt_sents, lang: str, opts: EvidenceOptions,
                notices: list[str]) -> Optional[SentenceSimilarity]:
    """Sentence embeddings of both sides (cached), or None with a notice when the encoder is missing."""
    from .similarity import EmbedderUnavailable, SentenceSimilarity, get_encoder

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
