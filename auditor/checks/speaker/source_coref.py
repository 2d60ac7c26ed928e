"""Pass 4c: who a source pronoun attribution means, read in the Indonesian source.

"katanya", "ujarnya", "menurutnya", "Ia menambahkan" carry no gender, but the source's chain of
speakers is written by a person and its names do not change: the pronoun means the person the
source last gave the floor to (an explicit speaker, "kata X", "X mengatakan", or a person who is a
sentence's subject, "Bu X mulai berjualan ..."), as long as no other person is named outside quotes
in between. The translation's pronoun attribution of that source sentence ("he said" three
paragraphs later, after sentences about a body) then stands for that person, where the translation
names them.

Persons are the translation's named people (mentions pass) whose name words the source sentence
holds outside its quotes; nothing else of the translation is read here.
"""
from __future__ import annotations

import re
from typing import Optional

from .model import Article, Entity
from .source import SourceInfo, _subjects, fold
from .source_link import entity_for, person_subject

# how many source sentences a pronoun looks back for the person who last had the floor
MAX_BACK = 8
# a person named within the first words of a sentence is its subject ("Bu X, penjual ..., mulai ...")
SUBJECT_WITHIN = 3

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»')
_TOK = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?", re.UNICODE)


def _persons(art: Article, text: str) -> list[tuple[Entity, bool]]:
    """(person, is the sentence's subject) for each translation person the text names outside quotes,
    in order of first mention."""
    bare = _QUOTED.sub(" ", text)
    toks = [(m.group(0), m.start(), m.end()) for m in _TOK.finditer(bare)]
    subjects = set(_subjects(toks))
    out: list[tuple[Entity, bool]] = []
    seen: set[int] = set()
    for k, (w, _s, _e) in enumerate(toks):
        if not w[:1].isupper():
            continue
        fw = fold(w)
        ids = art.by_token.get(fw) or art.by_token.get(w.lower()) or ()
        ents = [art.entities[i] for i in ids if not art.entities[i].anonymous]
        if len({e.id for e in ents}) != 1:
            continue
        e = ents[0]
        if e.id in seen:
            continue
        seen.add(e.id)
        out.append((e, fw in subjects or k < SUBJECT_WITHIN))
    return out


def antecedents(art: Article, src: SourceInfo, src_text: dict, units: Optional[list] = None) -> dict[str, Entity]:
    """Source sentence id -> the person its pronoun attribution (or personal pronoun subject) means.
    `units` (aligned source and translation sentence ids): a sentence whose translation has another
    speaker or subject ("the police chief said", "La police a indiqué") breaks the chain too, since
    the source may name that one by role only ("Kapolsek membenarkan ...")."""
    by_id = {s.seg.id: s for s in art.sents}
    tgt_of = {i: [by_id[t] for t in tgt_ids if t in by_id] for src_ids, tgt_ids in units or [] for i in src_ids}
    out: dict[str, Entity] = {}
    last: Optional[Entity] = None
    spoke = False           # `last` had the floor (an attribution), not only a sentence of their own
    age = 0
    for sid, text in src_text.items():
        attrs = src.attrs.get(sid, [])
        explicit = [a for a in attrs if a.kind == "explicit" and a.speaker]
        pronoun = any(a.kind == "pronoun" for a in attrs) or person_subject(text)
        persons = _persons(art, text)
        age += 1
        if explicit:
            ents = {id(e): e for e in (entity_for(art, a.text) for a in explicit) if e is not None}
            last = next(iter(ents.values())) if len(ents) == 1 and len(explicit) == 1 else None
            if any(e is not last for e, _ in persons):
                last = None      # "kata A tentang B": a pronoun after it may mean either
            elif last is not None and any(a.kind == "pronoun" for a in attrs):
                out[sid] = last  # "Menurut A, ...; ujarnya" in one sentence
            age, spoke = 0, True
            continue
        if pronoun:
            others = [e for e, _subj in persons if e is not last]
            if last is not None and age <= MAX_BACK and not others:
                out[sid] = last
                age, spoke = 0, True
            elif others:
                last = None
            continue
        known = {id(last)} | {id(e) for e, _ in persons}
        if any(a.is_anchor and id(a.entity) not in known for t in tgt_of.get(sid, ()) for a in t.attrs):
            last = None          # the translation has another speaker or subject here
            continue
        if not persons:
            continue
        if all(e is last for e, _ in persons):
            continue
        subj = [e for e, is_subj in persons if is_subj]
        if len(persons) == 1 and subj and not (spoke and last is not None):
            last, age, spoke = subj[0], 0, False      # "Bu X, penjual ..., mulai berjualan ...": X, before anyone spoke
        else:
            last = None          # someone else named after a speaker: "katanya" may still mean the speaker,
            #                      or the one just named; not for us to guess
    return out


def apply(art: Article, src: SourceInfo, units: list, src_text: dict) -> None:
    """Each aligned unit whose source attributes by pronoun only, to one known person, and whose
    translation names no speaker: its gendered pronoun attributions stand for that person."""
    ante = antecedents(art, src, src_text, units)
    if not ante:
        return
    by_id = {s.seg.id: s for s in art.sents}
    for src_ids, tgt_ids in units:
        ents = {id(ante[i]): ante[i] for i in src_ids if i in ante}
        if len(ents) != 1:
            continue
        e = next(iter(ents.values()))
        # "Menurut A, ... . "...," ujarnya." in one unit: the pronoun is A's whoever the translation names
        # before it ("Selon B, ...", a wrong speaker of its own); only pronouns after that name are read
        named = [id(entity_for(art, a.text)) for i in src_ids for a in src.attrs.get(i, [])
                 if a.kind == "explicit" and a.speaker]
        if any(x != id(e) for x in named):
            continue
        sents = [by_id[i] for i in tgt_ids if i in by_id and not by_id[i].skip]
        explicit = [(s.idx, a.pos) for s in sents for a in s.attrs if a.kind == "explicit"]
        if explicit and not named:
            continue
        after = max(explicit, default=(-1, -1))
        for s in sents:
            for a in s.attrs:
                if a.kind != "pronoun" or a.gender is None or a.resolved is e or (s.idx, a.pos) < after:
                    continue
                a.resolved, a.res_conf, a.res_how = e, 0.85, "source speaker chain"
                a.res_mention = next((m for t in art.sents for m in t.mentions if m.entity is e), None)
                for p in s.attrs:
                    if p.kind in ("possessive", "agreement") and p.host is a:
                        p.resolved, p.res_conf, p.res_how, p.res_mention = e, a.res_conf, a.res_how, a.res_mention
