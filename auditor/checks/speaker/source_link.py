"""Passes 2b and 4b: what the aligned source sentence says about who a translation pronoun means.

The translation's own structure is often too thin to tell who speaks ("Il a ajouté" three paragraphs
after the speaker was named, two speakers in one paragraph); the source sentence it translates
often says it plainly:

- a personal pronoun subject ("Ia menambahkan", "Dia berharap", "Beliau ...") means a person: a body named in between ("Le programme est financé ...")
  is then no candidate antecedent (`mark_persons`, before coreference), and a sentence-initial
  "Il/Elle/He/She" with any verb is a pronoun for a person to check (`initial_pronouns`);
- an explicit speaker ("kata Wulan", "ujar Ratna", "Hendra mengatakan") names the person a pronoun
  attribution of the aligned translation sentence stands for (`speakers_from_source`, after
  coreference): the source decides, where the translation names that person somewhere.

`aligned` maps a translation sentence id to the ids of the source sentences of its aligned unit
(and, under "#unit", to the ids of the unit's translation sentences).
"""
from __future__ import annotations

import re
from typing import Optional

from .clauses import first_word, new_attr
from .fixes import swap_en, swap_fr
from .model import Article, Entity, Evidence, Mention
from .source import SourceInfo, fold

# Indonesian personal pronouns that stand for a person as a sentence's subject
_PERSON_SUBJECT = frozenset({"ia", "dia", "beliau"})
# what may stand before that subject: conjunctions and sentence adverbs ("Namun, ia ...", "Selain itu, dia ...")
_LEAD = frozenset({"namun", "tetapi", "akan", "selain", "itu", "sementara", "kemudian", "lalu", "dan", "juga",
                   "bahkan", "karena", "sebab", "oleh", "karenanya", "sedangkan", "adapun", "meski", "meskipun",
                   "walau", "walaupun", "sebelumnya", "selanjutnya", "menurutnya", "saat", "ini"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# French words after "Il"/"Elle" that make no personal subject ("Il y a", "Il faut", "Il s'agit")
_FR_IMPERSONAL = frozenset({"y", "faut", "fallait", "faudra", "s'", "semble", "semblait", "paraît", "reste",
                            "restait", "existe", "convient", "suffit", "importe", "pleut", "est", "était", "sera",
                            "serait", "ne", "n'"})
_EN_NOT_VERB = frozenset({"is", "was", "will", "would", "has", "had", "and", "or", "who", "also"})


def person_subject(text: str) -> bool:
    """Does this Indonesian sentence have a personal pronoun as its subject, near its start?"""
    words = [w.lower() for w in _WORD.findall(text)[:6]]
    for w in words:
        if w in _PERSON_SUBJECT:
            return True
        if w not in _LEAD:
            return False
    return False


def _source_attrs(src: SourceInfo, ids) -> list:
    return [a for sid in ids for a in src.attrs.get(sid, [])]


def mark_persons(art: Article, src: SourceInfo, aligned: dict, src_text: dict) -> None:
    """Pronoun attributions whose source sentence speaks of a person: `Attr.person`."""
    for s in art.sents:
        ids = aligned.get(s.seg.id)
        if not ids or s.skip:
            continue
        # "ujarnya" may stand for a body's spokesperson, and "a-t-elle ajouté" for "la police": only a
        # personal pronoun subject says a person
        if not any(person_subject(src_text.get(i, "")) for i in ids):
            continue
        for a in s.attrs:
            if a.kind == "pronoun":
                a.person = True


def initial_pronouns(art: Article, src: SourceInfo, aligned: dict, src_text: dict) -> None:
    """"Il espère que ...", "He expects ..." where the source says "Ia berharap": a pronoun for a person,
    checked like an attribution even when its verb is not one of speech."""
    for s in art.sents:
        ids = aligned.get(s.seg.id)
        if not ids or s.skip or not any(person_subject(src_text.get(i, "")) for i in ids):
            continue
        j = first_word(s)
        if j < 0 or any(a.t0 <= j <= a.t1 for a in s.attrs):
            continue
        toks = s.toks
        t = toks[j]
        if t.q or j + 1 >= len(toks) or not toks[j + 1].word or toks[j + 1].q:
            continue
        nxt = toks[j + 1].low
        if art.lang == "fr":
            if t.low not in ("il", "elle") or nxt in _FR_IMPERSONAL or toks[j + 1].cap:
                continue
            sug = swap_fr(art.L, s, j, j, None)
        else:
            if t.low not in ("he", "she") or nxt in _EN_NOT_VERB or toks[j + 1].cap:
                continue
            sug = swap_en(s, j, j)
        a = new_attr(art, s, t0=j, t1=j, pos=j, kind="pronoun", gender="m" if t.low in ("il", "he") else "f",
                     suggestion=sug, initial=True)
        a.person = True
        a.speech = False    # not a reporting verb: coreference asks more before it resolves


def _last_name_word(text: str) -> Optional[str]:
    """The last capitalised word of a source attribution ("kata Wakil Ketua DPRD Darmawan Nasution" ->
    "nasution", "Kepala Dinas X, Ratna Wulandari, mengatakan" -> "wulandari"): a name ends its phrase,
    titles come before it."""
    caps = [w for w in _WORD.findall(text)[1:] if w[:1].isupper() and not w.isupper()]
    first = _WORD.findall(text)[:1]
    if first and first[0][:1].isupper() and not first[0].isupper() and text.split()[-1] != first[0]:
        caps = [first[0]] + caps if not _is_reporting(first[0]) else caps
    return fold(caps[-1]) if caps else None


def _is_reporting(word: str) -> bool:
    from .lexicon import indonesian
    I = indonesian()
    low = word.lower()
    return low in I["reporting_after"] or low in I["according"] or low in I["reporting_before"]


def entity_for(art: Article, text: str) -> Optional[Entity]:
    """The one person of the translation whose name holds the last name word of the source attribution."""
    last = _last_name_word(text)
    if last is None:
        return None
    found = [e for e in art.entities if not e.anonymous and last in {fold(x) for x in e.tokens}]
    return found[0] if len(found) == 1 else None


def _mention_of(art: Article, e: Entity) -> Optional[Mention]:
    for s in art.sents:
        for m in s.mentions:
            if m.entity is e:
                return m
    return None


def speakers_from_source(art: Article, src: SourceInfo, units: list) -> None:
    """Each aligned unit with one explicit source speaker and one pronoun attribution in its translation
    (and no named speaker there): the pronoun stands for that speaker."""
    by_id = {s.seg.id: s for s in art.sents}
    for src_ids, tgt_ids in units:
        sents = [by_id[i] for i in tgt_ids if i in by_id and not by_id[i].skip]
        sattrs = _source_attrs(src, src_ids)
        explicit = [a for a in sattrs if a.kind == "explicit" and a.speaker]
        if not explicit or len({a.speaker for a in explicit}) != 1:
            continue
        if any(a.kind == "pronoun" for a in sattrs):
            continue        # "kata X ... ujarnya": two attributions, maybe two people
        prons = [(s, a) for s in sents for a in s.attrs if a.kind == "pronoun" and a.gender is not None]
        named = [a for s in sents for a in s.attrs if a.kind == "explicit"]
        if len(prons) != 1 or named:
            continue
        e = entity_for(art, explicit[0].text)
        if e is None:
            continue
        s, a = prons[0]
        if a.resolved is e:
            a.res_conf = max(a.res_conf, 0.9)
            continue
        a.resolved, a.res_conf, a.res_mention = e, 0.9, _mention_of(art, e)
        a.res_how = f"source '{explicit[0].text}'"
        for p in s.attrs:       # possessives follow their host
            if p.kind in ("possessive", "agreement") and p.host is a:
                p.resolved, p.res_conf, p.res_how, p.res_mention = e, a.res_conf, a.res_how, a.res_mention


def role_genders(art: Article, src: SourceInfo, units: list) -> None:
    """A speaker the source names by a role that states a gender ("kata seorang ibu rumah tangga") and the
    aligned translation by role only ("said a housewife", "a déclaré une habitante"): that person's gender,
    from the source."""
    by_id = {s.seg.id: s for s in art.sents}
    for src_ids, tgt_ids in units:
        roles = [a for a in _source_attrs(src, src_ids) if a.kind == "role"]
        if len(roles) != 1 or any(a.kind == "explicit" for a in _source_attrs(src, src_ids)):
            continue
        ents = {id(a.entity): a.entity for i in tgt_ids if i in by_id and not by_id[i].skip
                for a in by_id[i].attrs if a.kind == "explicit" and a.entity is not None}
        if len(ents) != 1:
            continue
        e = next(iter(ents.values()))
        if not e.anonymous or any(x.from_source for x in e.evidence):
            continue
        e.evidence.append(Evidence("gender_word", roles[0].raw, roles[0].gender, 0.85, 0))
