"""AUD602 wrong-speaker: the translation gives a quote or a claim to another person than the source.

The source names who speaks ("kata A", "ujar A", "A mengatakan", "menurut A"); the translation's
attribution in the aligned sentence names its own speaker ("a déclaré B", "B a dit que", "selon B",
"B said"). Where the translation's speaker is a person the source sentence names, but not as its
speaker, the quote has been given to the wrong person ("Menurut A, B tidak hadir" rendered "B a
dit que A n'était pas présent"). The finding is on the translation's attribution, with the
source's attribution as evidence. A speaker named only elsewhere in the article counts too, where
the source's speaker is another person of the translation and the translation's does not speak in
a neighbouring source sentence (the sentence pairing may have slipped). Where the source
attributes with a pronoun only, nothing is said.
"""
from __future__ import annotations

from typing import Iterable

from ...types import Finding
from ..base import Check, CheckInfo, Context, register
from . import source_link
from .analysis import analyse
from .evidence import source_gender
from .model import Attr, Sent
from .quote_pairs import unit_alike
from .source import fold, speaker_name

MAX_SPAN = 60


def _span(s: Sent, a: Attr) -> tuple[int, int]:
    m = a.mention
    t0, t1 = a.t0, a.t1
    if m is not None:
        t0, t1 = min(t0, m.i0), max(t1, m.i1 - 1)
    start, end = s.toks[t0].start, s.toks[t1].end
    if end - start > MAX_SPAN and m is not None:
        # the name the translation gives the words to, without the verb far from it
        names = a.entity.tokens if a.entity is not None else set()
        k = next((k for k in range(m.i0, m.i1) if s.toks[k].cap and s.toks[k].low in names), m.i0)
        start, end = s.toks[k].start, s.toks[m.i1 - 1].end
    if end - start > MAX_SPAN:
        start, end = s.toks[a.t0].start, s.toks[a.t1].end
    return start, end


@register
class WrongSpeaker(Check):
    info = CheckInfo(
        code="AUD602",
        name="wrong-speaker",
        category="mistranslation",
        severity="major",
        summary="A quote or claim is attributed to another person than the source's speaker.",
        explanation=(
            "The source says who speaks: 'kata A', 'ujar A', 'tutur A', 'A mengatakan', 'menurut A'. "
            "Machine translation sometimes hands the words to another person of the same sentence, "
            "most often when the source reports one person speaking about another ('Menurut A, B tidak "
            "hadir' rendered 'B a dit que A n'était pas présent'), or when a quote is followed by several "
            "names. This check reads the source's attributions and the translation's (French and English "
            "reporting verbs, 'selon X', 'according to X'), and reports a translation attribution whose "
            "speaker is named in the aligned source sentence but is not its speaker, or is another person of "
            "the article while the source's speaker is a person the translation names too ('kata A' rendered "
            "'a déclaré B', B quoted elsewhere; not where B speaks in a neighbouring source sentence, since "
            "the sentence pairing may have slipped). The finding is on the translation's attribution, with "
            "the source attribution and the source's speaker as evidence (no automatic fix: the sentence "
            "usually needs rewording). A source attribution by pronoun only ('katanya') gives no finding."
        ),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        if ctx.tgt_lang not in ("fr", "en"):
            return
        an = analyse(ctx)
        by_id = {s.seg.id: s for s in an.art.sents}
        order = list(an.src.attrs)
        index = {sid: k for k, sid in enumerate(order)}
        units = list(ctx.aligned_units())
        # source sentence id -> the persons its aligned translation names as speakers
        said_by = {x.id: {id(a.entity if a.kind == "explicit" else a.resolved)
                          for t in tgts if t.id in by_id for a in by_id[t.id].attrs
                          if a.kind == "explicit" and a.entity is not None
                          or a.kind == "pronoun" and a.resolved is not None}
                   for _k, _pair, srcs, tgts in units for x in srcs}
        # the quoted sentences paired by order too, where the aligner may have slipped (quote_pairs)
        src_seg = {x.id: x for p in ctx.source.paragraphs for x in p.sentences} if ctx.source is not None else {}
        tgt_seg = {x.id: x for p in ctx.translation.paragraphs for x in p.sentences}
        quoted = [(None, None, [src_seg[i] for i in a if i in src_seg], [tgt_seg[i] for i in b if i in tgt_seg])
                  for a, b in an.quotes]
        seen: set = set()
        for f in self._units(ctx, an, by_id, order, index, units + quoted, said_by):
            key = (f.span.start, f.span.end)
            if key not in seen:
                seen.add(key)
                yield f

    def _units(self, ctx, an, by_id, order, index, units, said_by) -> Iterable[Finding]:
        tgt_text = {i: s.seg.text for i, s in by_id.items()}
        for _k, _pair, srcs, tgts in units:
            if not unit_alike(an.src_text, tgt_text, [x.id for x in srcs], [x.id for x in tgts]):
                continue        # the numbers say these are not each other's translation
            src_attrs = [a for x in srcs for a in an.src.attrs.get(x.id, []) if a.kind == "explicit"]
            if not src_attrs:
                continue
            yield from self._dropped_name(ctx, an, srcs, tgts, by_id)
            speakers = set().union(*(a.speaker for a in src_attrs))
            named = set().union(*(a.names for a in src_attrs))
            own_verb = set().union(*(a.subjects for a in src_attrs)) - speakers
            for seg in tgts:
                s = by_id.get(seg.id)
                if s is None:
                    continue
                for a in s.attrs:
                    if a.kind != "explicit" or a.entity is None or a.entity.anonymous:
                        continue
                    # the person's name words, not the title's ("Deputy Governor", "la porte-parole")
                    words = {fold(t.text) for t in s.toks[a.mention.i0:a.mention.i1]
                             if t.word and t.cap and t.low in a.entity.tokens} if a.mention is not None else set()
                    # a capitalised role word opening the sentence ("Defendant X said") is no name: names
                    # are written as in the source
                    words = (words & an.src.words) or words
                    if not words and a.mention is not None and a.mention.title_gender is not None:
                        # "Selon la ministre": a title alone, standing for the person the article gave it to
                        words = {fold(w) for w in a.entity.tokens} & an.src.words
                    if not words or words & speakers or words & own_verb:
                        continue
                    if not words <= named and not self._elsewhere(an, a.entity, words, srcs, src_attrs, order, index, s,
                                                                  said_by):
                        continue
                    src = next(x for x in src_attrs if x.speaker)
                    start, end = _span(s, a)
                    said = ", ".join(f"'{x.text}'" for x in src_attrs)
                    msg = (f"wrong speaker: the translation gives these words to {a.entity.name}; "
                           f"the source attributes them with {said}")
                    yield ctx.finding(
                        self, seg, start, end, msg, suggestion=None, confidence=0.8,
                        translation_speaker=a.entity.name, source_attribution=[x.text for x in src_attrs],
                        source_speaker=sorted(src.speaker))

    def _dropped_name(self, ctx: Context, an, srcs, tgts, by_id) -> Iterable[Finding]:
        """The source names its speaker ("ujar X Y"), the translation drops the name and attributes with a
        pronoun ("he said") that a reader takes for the previous speaker, another person of the source: the
        words go to the wrong person. Not where the source speaker is named anywhere in the translation, nor
        where the source ever names the previous speaker with one of the source speaker's words (a nickname)."""
        all_src = [a for x in srcs for a in an.src.attrs.get(x.id, [])]
        explicit = [a for a in all_src if a.kind == "explicit" and a.speaker]
        if len(explicit) != 1 or len(explicit) != len(all_src):
            return
        name = set(speaker_name(explicit[0].raw or explicit[0].text))
        if not name or name & an.art.tgt_words:
            return
        sents = [by_id[x.id] for x in tgts if x.id in by_id]
        attrs = [(s, a) for s in sents for a in s.attrs if a.kind in ("explicit", "pronoun", "subject", "participle")]
        if len(attrs) != 1 or attrs[0][1].kind != "pronoun":
            return
        s, a = attrs[0]
        e = a.resolved
        if e is None or e.anonymous or not a.res_how.startswith("attributed speaker") or a.res_conf < 0.85:
            return
        words = {fold(w) for w in e.tokens}
        if words & name or not words <= an.src.words:
            return
        g = source_gender(e)
        if g is None or g != a.gender:
            return          # a pronoun that does not agree with the previous speaker points at no one
        for other in (x for xs in an.src.attrs.values() for x in xs):
            if other.speaker & words and other.speaker & name:
                return      # one person under two names ("Joko Widodo (Jokowi)")
        said = f"'{explicit[0].text}'"
        msg = (f"wrong speaker: '{s.text(a.t0, a.t1)}' gives these words to {e.name}; the source attributes them "
               f"with {said}, a person the translation does not name")
        yield ctx.finding(self, s.seg, s.toks[a.t0].start, s.toks[a.t1].end, msg, suggestion=None, confidence=0.7,
                          translation_speaker=e.name, source_attribution=[explicit[0].text],
                          source_speaker=sorted(explicit[0].speaker))

    @staticmethod
    def _elsewhere(an, ent, words: set, srcs, src_attrs, order: list, index: dict, s: Sent,
                   said_by: dict) -> bool:
        """The translation names as speaker a person of the article whom this source sentence does not
        name, while the source's speaker is another person of the translation ("kata A" rendered "a
        déclaré B", B quoted elsewhere): a wrong speaker too, unless B speaks in a neighbouring source
        sentence (the alignment may have slipped) or the quote marks disagree. Where that neighbour's own
        translation gives its words to A, the speakers were swapped, not the sentences."""
        if not words <= an.src.words:
            return False
        ents = {id(e) for a in src_attrs if a.kind == "explicit"
                for e in [source_link.entity_for(an.art, a.text)] if e is not None}
        if id(ent) in ents:
            return False
        if not ents and not _other_person(an, ent, src_attrs):
            return False
        if _quoted(" ".join(x.text for x in srcs)) != s.has_quote:
            return False
        k = min(index.get(x.id, 0) for x in srcs)
        for sid in order[max(0, k - 2):k + 3]:
            if _quoted(an.src_text.get(sid, "")) != s.has_quote:
                continue        # not a sentence this translation could be of
            if sid not in {x.id for x in srcs} and said_by.get(sid, set()) & (ents | {id(ent)}):
                continue        # its translation names this sentence's speaker (swapped speakers), or
                #                 its own speaker: B's words are translated there, not here
            for a in an.src.attrs.get(sid, []):
                if a.kind == "explicit" and words & a.speaker or words & a.subjects:
                    return False
        return True


def _other_person(an, ent, src_attrs) -> bool:
    """The source's speaker is a person the translation names but has no entity for (a first name the
    lexicon does not know, named after a preposition): still another person than `ent`, where no word
    of the source speaker's name is one of `ent`'s and `ent` is not named beside the source's speaker as
    one person ("Joko Widodo (Jokowi)")."""
    mine = {fold(w) for w in ent.tokens}
    spk = set().union(*(a.speaker for a in src_attrs if a.kind == "explicit"))
    if not spk or spk & mine or not spk <= an.art.tgt_words:
        return False
    for xs in an.src.attrs.values():
        for x in xs:
            if x.speaker & mine and x.speaker & spk:
                return False
    return True


def _quoted(text: str) -> bool:
    return any(c in text for c in '"“”«»')
