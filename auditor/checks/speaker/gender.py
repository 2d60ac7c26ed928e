"""AUD601 speaker-gender: an attribution, or a title, whose gender contradicts the speaker's.

The speaker's gender comes from the source (see evidence.py). A pronoun or agreement of the
other gender ("a-t-il poursuivi" for a woman) is reported with the fix; a feminine title given to
a man ("la porte-parole", "spokeswoman") is reported on the title itself, and a correct
"a-t-il" beside it is left alone."""
from __future__ import annotations

from typing import Iterable

from ...types import Finding
from ..base import Check, CheckInfo, Context, register
from . import namegender
from .analysis import analyse
from .evidence import AGREEMENT_WEIGHT, STRONG, Chain, Forms, Listing, PersonForms, products, scores, source_gender
from .fixes import _DET_SWAP, case_like, swap_title
from .lexicon import GENDER_WORD, OTHER
from .model import Entity, Evidence


def evidence_phrase(x: Evidence) -> str:
    if x.kind == "first_name":
        return f"first name '{x.text}'"
    if x.kind == "name_model":
        return f"name '{x.text}' (indonamegender)"
    if x.kind in ("honorific", "gender_word"):
        return f"source '{x.text}'" + (f" (source line {x.line})" if x.line else "")
    if x.kind == "particle":
        return f"'{x.text}' in the name"
    if x.kind == "agreement":
        return f"'{x.text}' (line {x.line})"
    return f"'{x.text}'"


def _order(x: Evidence):
    return (not x.from_source, x.kind == "agreement", -x.weight)


@register
class SpeakerGender(Check):
    info = CheckInfo(
        code="AUD601",
        fix="safe", fix_safe_from=0.85,
        name="speaker-gender",
        category="speaker_gender",
        severity="major",
        summary="A pronoun, agreement or title in a speech attribution contradicts the speaker's gender.",
        explanation=(
            "Indonesian marks no gender in 'katanya', 'ujarnya', 'sambungnya' or 'dia', so machine "
            "translation tends to attribute quotes with the masculine ('», a-t-il poursuivi', 'he said') "
            "even when the speaker is a woman, and sometimes the reverse. This check finds speech "
            "attributions in French and English translations (inverted pronouns, 'il/elle a déclaré', "
            "'selon lui/elle', 'he/she said', 'according to him/her', 'his/her' in the attribution clause, "
            "participles that agree with a named subject such as 's'est dit(e)'), resolves who speaks "
            "(the subject of the attribution, or for a pronoun the last speaker quoted or named as "
            "subject before it, across paragraph breaks, never a person merely named inside a quote; where "
            "the aligned source sentence names the speaker ('kata X') or has a personal subject ('Ia "
            "menambahkan'), the source decides), checks what agrees with the speaker ('s'est dit "
            "satisfait', 'Interrogé par ..., X a déclaré', 'est convaincu'), and "
            "takes the speaker's gender from the source first: Indonesian honorifics ('Ibu', 'Bu', 'Mbak', "
            "'Pak', 'Bapak', 'Mas'), explicit words ('perempuan', 'pria', 'istri'), 'bin'/'binti', the first "
            "name (a bundled lexicon, then the indonamegender model where installed). Titles and agreement "
            "in the translation ('la porte-parole', 'Mme', 'spokeswoman') add confidence but never decide "
            "alone: where the source gives no gender, or another person named in between could be meant, "
            "it says nothing. A feminine title given to a man is itself reported ('la porte-parole' -> 'le "
            "porte-parole'), and the correct pronoun beside it is left alone. The finding names the "
            "speaker, the line and the evidence, and suggests the agreeing form."
        ),
        languages=("fr", "en"),
    )

    @staticmethod
    def degraded(lang: str) -> str:
        return namegender.status()

    def run(self, ctx: Context) -> Iterable[Finding]:
        if ctx.tgt_lang not in ("fr", "en"):
            return
        an = analyse(ctx)
        yield from self._titles(ctx, an)
        yield from self._attributions(ctx, an)

    def _titles(self, ctx: Context, an) -> Iterable[Finding]:
        art = an.art
        for e in art.entities:
            g = source_gender(e)
            if g is None:
                continue
            src = sorted((x for x in e.evidence if x.from_source and x.gender == g), key=_order)
            sg = scores(src)[0 if g == "f" else 1]
            own = Listing(e.evidence, MAX_LISTED)
            for s, t0, t1, ev in e.titles:
                # a feminine role noun, or a masculine abbreviation ("M.", "Mr"), for the other gender is a
                # choice, and wrong; a masculine role noun for a woman ("le directeur", "le porte-parole",
                # "spokesman") is the machine's default, and wrong too where the source is sure she is a
                # woman (an honorific, a first name), except for the nouns still used of women
                if ev.gender == g:
                    fix = _determiner_fix(art.L, s, t0, t1, ev, g)
                    if fix is not None:
                        det = s.toks[t0].text
                        ev_text = ", ".join(evidence_phrase(x) for x in src[:3])
                        listed, beyond = own.near(ev.line)
                        msg = (f"speaker: {e.name}, {ev_text}; the determiner '{det}' of '{ev.text}' is "
                               f"{GENDER_WORD[OTHER[g]]}")
                        yield ctx.finding(
                            self, s.seg, s.toks[t0].start, s.toks[t1].end, msg, suggestion=fix,
                            confidence=min(0.9, 0.9 * sg), speaker=e.name, speaker_gender=g,
                            form_gender=OTHER[g], resolution="title", gender_evidence=[x.as_dict() for x in listed],
                            gender_evidence_not_listed=beyond or None)
                    continue
                default = ev.gender == "m" and ev.kind == "title"
                if default and (sg < STRONG - 1e-9 or ev.text.split()[-1].lower() in art.L.generic_masculine):
                    continue
                fix = _noun_fix(art.L, s, t0, t1, g) or swap_title(art.L, s, t0, t1)
                if fix is None:
                    continue
                ev_text = ", ".join(evidence_phrase(x) for x in src[:3])
                listed, beyond = own.near(ev.line)
                msg = (f"speaker: {e.name}, {ev_text}; '{ev.text}' is {GENDER_WORD[ev.gender]}")
                yield ctx.finding(
                    self, s.seg, s.toks[t0].start, s.toks[t1].end, msg, suggestion=fix,
                    confidence=min(0.9, (0.75 if default else 0.9) * sg), speaker=e.name, speaker_gender=g, form_gender=ev.gender,
                    resolution="title", gender_evidence=[x.as_dict() for x in listed],
                    gender_evidence_not_listed=beyond or None)

    def _attributions(self, ctx: Context, an) -> Iterable[Finding]:
        art = an.art
        forms = None
        people: dict[int, _Person] = {}
        for s in art.sents:
            for a in s.attrs:
                if a.gender is None or a.resolved is None or a.kind not in ("pronoun", "possessive", "participle", "agreement"):
                    continue
                e = a.resolved
                p = people.get(id(e))
                if p is None:
                    forms = forms or Forms(art)
                    p = people[id(e)] = _Person(e, forms.of(e))
                g = p.gender
                if g is None or g == a.gender:
                    continue
                # the other forms resolved to this person count whole; the finding lists the nearest
                nf, nm = p.forms.others(a, "f"), p.forms.others(a, "m")
                if g == "m" and nf and p.weak_source:
                    continue          # overruled(): feminine agreement elsewhere against a weak source
                support = (p.support + p.forms.first_others(a, g, 3))[:3]
                sg = p.support_chain.score(nf if g == "f" else nm)
                so = p.against[1] if g == "f" else p.against[0]
                conf = a.res_conf * sg * (1 - 0.5 * so)
                text = s.text(a.t0, a.t1)
                line = a.res_mention.line if a.res_mention is not None else e.first_line
                ev = ", ".join(evidence_phrase(x) for x in support)
                msg = (f"speaker: {e.name}, line {line}, {ev}; '{text}' is {GENDER_WORD[a.gender]}"
                       + (f" ({a.res_how})" if a.res_how and a.res_how != "subject" else ""))
                af, am = p.chain_f.score(nf), p.chain_m.score(nm)
                own, beyond_own = p.own.near(s.line)
                near, beyond = p.forms.nearest(a, MAX_LISTED)
                yield ctx.finding(
                    self, s.seg, s.toks[a.t0].start, s.toks[a.t1].end, msg,
                    suggestion=a.suggestion, confidence=min(0.95, conf),
                    speaker=e.name, speaker_line=line, speaker_gender=g,
                    form_gender=a.gender, resolution=a.res_how or "subject",
                    gender_evidence=[x.as_dict() for x in own + near],
                    gender_evidence_not_listed=beyond_own + beyond or None,
                    gender_scores={"f": round(af, 3), "m": round(am, 3)},
                )


def _determiner_fix(L, s, t0: int, t1: int, ev: Evidence, g: str):
    """"Le directrice" for a woman: a French determiner of the other gender than both the role noun
    after it and the person; the phrase with the determiner that agrees ("La directrice"), else None.
    Only a noun with a gendered pair ("directrice"/"directeur"), whose form states its gender; an
    epicene noun ("le/la maire") takes its gender from the determiner, which cannot disagree."""
    if L.lang != "fr" or ev.kind != "title" or t1 <= t0:
        return None
    toks = s.toks
    det = toks[t0].low
    if L.det.get(det) != OTHER[g] or det not in _DET_SWAP:
        return None
    # the first role noun after the determiner (an adjective such as "nouvelle" may come between)
    noun = next((t.low for t in toks[t0 + 1:t1 + 1] if t.low in L.nouns), None)
    if noun is None or L.nouns[noun][0] != g or noun not in L.swap:
        return None
    text = s.seg.text
    return case_like(toks[t0].text, _DET_SWAP[det]) + text[toks[t0].end:toks[t1].end]


def _noun_fix(L, s, t0: int, t1: int, g: str):
    """"Le directrice" for a man: the determiner already agrees with the person, so the fix changes the
    role noun only ("Le directeur"), not the determiner as for "la chef"; None otherwise."""
    toks = s.toks
    if L.lang != "fr" or t1 <= t0 or L.det.get(toks[t0].low) != g:
        return None
    k = next((x for x in range(t0 + 1, t1 + 1) if toks[x].low in L.nouns), None)
    if k is None or toks[k].low not in L.swap or L.nouns[toks[k].low][0] != OTHER[g]:
        return None
    text = s.seg.text
    return text[toks[t0].start:toks[k].start] + case_like(toks[k].text, L.swap[toks[k].low]) + text[toks[k].end:toks[t1].end]


# A finding's `gender_evidence` lists at most this many of the translation's titles for the person
# and at most this many of the other forms resolved to them, the nearest (on an article that calls
# one person "il" 4,000 times, every finding listing every other form made a report quadratic in
# size). Everything counts in the scores; `gender_evidence_not_listed` says how many items the list
# leaves out.
MAX_LISTED = 10


class _Person:
    """What the findings on one person's forms share: the source's verdict, the evidence that
    supports it, and the scores as products over the entity's evidence then one factor per other
    form (the order scores() multiplies in over `e.evidence + agreement`, so the same figures)."""

    def __init__(self, e: Entity, forms: PersonForms) -> None:
        self.forms = forms
        self.own = Listing(e.evidence, MAX_LISTED)
        self.gender = g = source_gender(e)
        if g is None:
            return
        self.weak_source = scores([x for x in e.evidence if x.from_source])[1] < STRONG - 1e-9
        self.support = sorted((x for x in e.evidence if x.gender == g), key=_order)
        self.support_chain = Chain(products(self.support)[0 if g == "f" else 1], AGREEMENT_WEIGHT[g])
        self.against = scores([x for x in e.evidence if x.from_source and x.gender != g])
        pf, pm = products(e.evidence)
        self.chain_f, self.chain_m = Chain(pf, AGREEMENT_WEIGHT["f"]), Chain(pm, AGREEMENT_WEIGHT["m"])
