"""The passes in order, once per audit, shared by AUD601 and AUD602.

    source ──► mentions ──► attributions ──► evidence ──► coreference ──► source speakers
    (Indonesian   (names,      (fr / en          (source      (pronouns to
     speakers,     titles)      reporting         first)       speakers, across
     honorifics)                forms)                         paragraphs)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..base import Context
from . import attr_en, attr_fr, coref, evidence, source_coref, source_link
from .quote_pairs import quote_pairs, unit_alike
from .clauses import subject_anchor
from .mentions import find_mentions, relink
from .model import Article, Entity
from .source import SourceInfo, fold, read_source


@dataclass
class Analysis:
    art: Article
    src: SourceInfo
    src_text: dict = field(default_factory=dict)     # source sentence id -> its text
    quotes: list = field(default_factory=list)       # quoted sentences paired by order (quote_pairs)


def static_gender(e: Entity) -> Optional[str]:
    """What a reader of the translation would take the person's gender to be (titles included):
    used only to tell whether a person named in between could be a pronoun's antecedent."""
    return evidence.decide(*evidence.scores(e.evidence))


def analyse(ctx: Context) -> Analysis:
    got = ctx.shared.speaker_analysis
    if got is not None:
        return got
    units = [([x.id for x in srcs], [x.id for x in tgts]) for _k, _p, srcs, tgts in ctx.aligned_units()]
    an = build(ctx.translation, ctx.source, ctx.tgt_lang, frozenset(ctx.boilerplate_ids), units)
    ctx.shared.speaker_analysis = an
    return an


def build(translation, source, lang: str, skip_ids: frozenset = frozenset(),
          units: Optional[list] = None) -> Analysis:
    """`units`: the aligned (source sentence ids, translation sentence ids); without it, the source's
    sentences are not linked to the translation's."""
    src = read_source(source)
    units = units or []
    aligned = {t: s_ids for s_ids, t_ids in units for t in t_ids}
    src_text = {seg.id: seg.text for p in source.paragraphs for seg in p.sentences} if source is not None else {}
    art = Article.read(translation, lang, skip_ids)
    art.src_persons, art.src_words = frozenset(src.persons), frozenset(src.words)
    art.tgt_words = frozenset(fold(t.text) for x in art.sents for t in x.toks if t.word)
    find_mentions(art)
    _attributions(art, lang)
    if relink(art):             # a speaker promoted late is named again earlier or later: read once more
        for s in art.sents:
            s.attrs = []
        _attributions(art, lang)
    source_link.initial_pronouns(art, src, aligned, src_text)
    source_link.mark_persons(art, src, aligned, src_text)
    evidence.collect(art, src)
    source_link.role_genders(art, src, units)
    coref.resolve_all(art, static_gender)
    # where the numbers say the aligner paired the wrong sentences, their source says nothing of them
    tgt_text = {x.seg.id: x.seg.text for x in art.sents}
    paired = [u for u in units if unit_alike(src_text, tgt_text, *u)]
    source_link.speakers_from_source(art, src, paired)
    quotes = quote_pairs(source, translation, skip_ids) if units else []
    source_link.speakers_from_source(art, src, quotes)
    source_coref.apply(art, src, paired, src_text)
    return Analysis(art, src, src_text, quotes)


def _attributions(art: Article, lang: str) -> None:
    attrs = attr_fr.find if lang == "fr" else attr_en.find
    for s in art.sents:
        if not s.skip:
            attrs(art, s)
            subject_anchor(art, s)
