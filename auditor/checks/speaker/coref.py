"""Pass 4: who each pronoun refers to.

An explicit attribution ("a déclaré X", "X said") speaks for its subject. A pronoun ("a-t-il
ajouté", "She noted", "selon elle") refers to the nearest speaker before it: the last attributed
speaker in this and the preceding sentences, across paragraph breaks, or failing that the one
person named outside quotes nearby. A body that was the subject in between ("Le ministère a
indiqué") may be what the pronoun means, and then nothing is resolved; another person named in
between who could be the antecedent makes the pronoun ambiguous (no finding). People named only
inside quotes are never speakers.
"""
from __future__ import annotations

from typing import Callable, Optional

from . import namegender
from .lexicon import NO_ATTACH_BEFORE_NAME
from .model import Article, Attr, Entity, Sent

# How far back a pronoun looks for its speaker.
MAX_SENTENCES_BACK = 10
MAX_PARAGRAPHS_BACK = 4

GenderOf = Callable[[Entity], Optional[str]]


def resolve_all(art: Article, gender_of: GenderOf) -> None:
    for s in art.sents:
        for a in s.attrs:
            if a.kind in ("participle", "explicit", "subject"):
                a.resolved, a.res_conf, a.res_how, a.res_mention = a.entity, 1.0, "subject", a.mention
    for s in art.sents:
        for a in s.attrs:
            if a.kind == "pronoun":
                _resolve(art, s, a, gender_of)
    for s in art.sents:
        for a in s.attrs:
            if a.kind in ("possessive", "agreement") and a.host is not None:
                h = a.host
                a.resolved, a.res_conf, a.res_how, a.res_mention = h.resolved, h.res_conf, h.res_how, h.res_mention


def _anchor_before(art: Article, s: Sent, a: Attr):
    """(the nearest attributed person, its sentence, bodies passed over) or (None, None, -1) where a
    body in between may be the antecedent."""
    passed = 0
    for si in range(s.idx, max(-1, s.idx - MAX_SENTENCES_BACK - 1), -1):
        t = art.sents[si]
        if s.para - t.para > MAX_PARAGRAPHS_BACK:
            break
        if t.skip:
            continue
        before = [x for x in t.attrs if si < s.idx or x.pos < a.pos]
        # a person named as subject is what a sentence-initial pronoun refers to, and what a quote's incise
        # refers to in the same paragraph (across a paragraph break the last speaker quoted is meant)
        cands = [x for x in before if x.is_anchor and (x.kind != "subject" or a.initial or t.para == s.para)]
        persons = [x for x in cands if x.entity is not None]
        # a pronoun already resolved carries its speaker on ("Selon elle, ...", "a-t-il poursuivi")
        chain = [x for x in before if x.kind == "pronoun" and x.resolved is not None and x is not a]
        if chain and (not cands or max(x.pos for x in chain) > max(x.pos for x in cands)):
            return _Chained(max(chain, key=lambda x: x.pos)), t, passed
        if persons:
            return max(persons, key=lambda x: x.pos), t, passed
        if cands:
            # a body speaking in reported speech ("The Pentagon had announced...", "La police a indiqué")
            # is not what a personal pronoun refers to: go on, unless the body was quoted (its
            # spokesperson may be speaking) or a French pronoun could agree with it
            # the source may say a person is meant ("Ia menambahkan"): then a body is no antecedent
            if all(x.kind == "nonperson" and (a.person or not t.has_quote and
                   (art.lang == "en" or (x.igender is not None and x.igender != a.gender))) for x in cands):
                passed += 1
                continue
            return None, None, -1
        if si < s.idx and art.lang == "fr" and not a.person:
            ig = _opens_with_institution(art, t)
            if ig is not None and (ig == "n" or ig == a.gender):
                return None, None, -1
    return None, None, passed


class _Chained:
    """A resolved pronoun seen as the anchor of the next one."""

    def __init__(self, a: Attr):
        self.entity, self.mention, self.pos = a.resolved, a.res_mention, a.pos


def _resolve(art: Article, s: Sent, a: Attr, gender_of: GenderOf) -> None:
    if not a.speech and not a.person:
        return          # "Il est prévu que ...": only the source can say a person is meant
    found, found_sent, passed = _anchor_before(art, s, a)
    if passed < 0:
        return
    if found is not None:
        spk = found.entity
        if _ambiguous(art, s, a, found_sent.idx, spk, gender_of):
            return
        dist = s.idx - found_sent.idx
        if not a.speech and (dist > 2 or _anyone_else(art, s, a, found_sent.idx, spk)):
            return      # "He expects ...": any person named near it may be meant, not only a speaker
        a.resolved = spk
        a.res_conf = (1.0 if dist == 0 else max(0.7, 1.0 - 0.05 * dist)) * (0.85 ** passed)
        a.res_how = "attributed speaker" if dist else "attributed speaker, same sentence"
        a.res_mention = found.mention
        return
    # fallback: the one person named outside quotes in the nearest sentence that names anyone
    if not a.speech:
        return
    for si in range(s.idx, max(-1, s.idx - 3), -1):
        t = art.sents[si]
        if t.skip or s.para - t.para > 1:
            continue
        ms = [m for m in t.mentions if m.validated and m.entity is not None and (si < s.idx or m.i0 < a.pos)]
        if not ms:
            continue
        if len({m.entity.id for m in ms}) != 1:
            return
        a.resolved, a.res_conf, a.res_how, a.res_mention = ms[0].entity, 0.6, "nearest person named", ms[0]
        return


def _opens_with_institution(art: Article, t: Sent) -> Optional[str]:
    """'m', 'f' or 'n' (gender unknown) where the sentence's subject is a body ("Le ministère a publié..."),
    None where it is not: a French pronoun of that gender may refer to it."""
    toks = t.toks
    k = 0
    # skip a leading adverbial "Dans un communiqué," / "Par ailleurs,"
    for c in range(min(len(toks), 8)):
        if toks[c].text == ",":
            k = c + 1
            break
    for start in (0, k):
        if start + 1 < len(toks) and not toks[start].q and toks[start + 1].low in art.L.institutions:
            d = toks[start].low
            if d in art.L.det and art.L.det[d] in ("m", "f"):
                return art.L.det[d]
            if d in art.L.det or d == "l'":
                return "n"
    return None


def _anyone_else(art: Article, s: Sent, a: Attr, from_sent: int, speaker: Entity) -> bool:
    """Another person named, whatever their gender, from the speaker's sentence to the pronoun."""
    for si in range(from_sent, s.idx + 1):
        for m in art.sents[si].mentions:
            if si == s.idx and m.i0 >= a.pos:
                continue
            if m.validated and m.entity is not None and m.entity is not speaker:
                return True
            if m.entity is None and _unknown_person(art, art.sents[si], m, None):
                return True
    return False


def _unknown_person(art: Article, t: Sent, m, gender: Optional[str]) -> bool:
    """A name no pass took for a person that may still be one ("La recrue, Sugiyarto X, ..."): two or
    more capitalised words, outside quotes, not a complement ("à Pasar Baru"), of the pronoun's gender
    for the name model (any gender where `gender` is None, or the model is absent and none is asked)."""
    toks = t.toks
    words = [x for x in toks[m.i0:m.i1] if x.word]
    if len(words) < 2 or toks[m.i0].q or any(x.text.isupper() for x in words):
        return False
    if m.i0 > 0 and toks[m.i0 - 1].low in NO_ATTACH_BEFORE_NAME:
        return False
    if gender is None:
        return True
    got = namegender.predict(" ".join(x.low for x in words))
    return got is not None and got[0] == gender


def _ambiguous(art: Article, s: Sent, a: Attr, from_sent: int, speaker: Entity, gender_of: GenderOf) -> bool:
    """Another person named between the speaker and the pronoun, who could be its antecedent."""
    for si in range(from_sent + 1, s.idx + 1):
        t = art.sents[si]
        for m in t.mentions:
            if si == s.idx and m.i0 >= a.pos:
                continue
            if not m.validated or m.entity is None:
                if _unknown_person(art, t, m, a.gender):
                    return True
                continue
            if m.entity is speaker:
                continue
            g = gender_of(m.entity)
            if g is not None and a.gender is not None and g != a.gender:
                continue
            return True
    return False
