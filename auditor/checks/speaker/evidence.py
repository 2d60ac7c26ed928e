"""Pass 3: each person's gender, from the evidence, source first.

Source evidence: Indonesian honorifics before the name ("Ibu", "Bu", "Mbak", "Pak", "Bapak", "Mas"),
explicit words beside it ("perempuan", "pria", "istri", ...), "bin"/"binti", the first name
(the project's lexicon; then, for names it cannot decide, the optional indonamegender model).
Translation evidence: titles and determiners ("la porte-parole", "Mme", "spokeswoman") and the
agreement of other attributions to the same person. The translation's words are what the checks
check: they add confidence to a gender the source established, and never establish one alone.
"""
from __future__ import annotations

from typing import Optional

from . import namegender
from .lexicon import NAME_PARTICLES, first_names, indonesian, weights
from .model import Article, Attr, Entity, Evidence
from .source import SourceInfo, fold

# Decision thresholds on the combined evidence score (1 - prod(1 - w)).
DECIDE_MIN = 0.6
DECIDE_MARGIN = 0.3
# Agreement found elsewhere in the translation: feminine is a deliberate choice,
# masculine is often the machine's default, so it weighs less.
AGREEMENT_WEIGHT = {"f": 0.45, "m": 0.3}
# indonamegender's answer, by confidence: below the lexicon's 0.8
# (it decides alone only when very sure: a weight under DECIDE_MIN only adds to other evidence)
NAME_MODEL_WEIGHT = ((0.97, 0.75), (0.9, 0.5))


def collect(art: Article, src: SourceInfo) -> None:
    for e in art.entities:
        if not e.done:
            add_source_evidence(e, src)


def add_source_evidence(e: Entity, src: SourceInfo) -> None:
    e.done = True
    if e.anonymous:
        return
    w = weights()
    words = e.name.split()
    lows = [x.lower() for x in words]
    for p, g in indonesian()["particles"].items():
        if p in lows[1:]:
            e.evidence.append(Evidence("particle", p, g, w["name_particle"], e.first_line))
    core = [x for x in lows if x not in NAME_PARTICLES]
    if not _first_name(e, core, words, lows):
        _name_model(e, core, src)
    seen = set()
    for tok in core:
        for kind, g, text, line in src.evidence_for(fold(tok)):
            if text in seen:
                continue
            seen.add(text)
            e.evidence.append(Evidence(kind, text, g, w["honorific"] if kind == "honorific" else 0.85, line))


def _first_name(e: Entity, core: list[str], words: list[str], lows: list[str]) -> bool:
    names = first_names()
    w = weights()
    for idx, x in enumerate(core[:2]):
        cand = x if x in names else (x.split("-")[0] if "-" in x else None)
        if cand is None or cand not in names:
            if idx == 0 and len(core) >= 3:
                continue      # "Dwiyana Slamet Riyadi": Indonesian names often stack given names
            return False
        g, usage = names[cand]
        if g == "u":
            continue
        if idx == 1 and core[0] not in names and usage != "id":
            return False      # "José María Aznar": a second given name only counts in Indonesian names
        if len(core) == 1 and usage != "id" or idx == 1 and cand != x:
            weight = 0.6
        elif idx == 1 and core[0] not in names:
            weight = 0.6
        else:
            weight = w["first_name"]
        shown = words[lows.index(x)] if x in lows else x
        e.evidence.append(Evidence("first_name", shown, g, weight, e.first_line))
        return True
    return False


def _name_model(e: Entity, core: list[str], src: SourceInfo) -> None:
    """Names the lexicon cannot decide, written as in the source (an Indonesian name), to the model."""
    names = first_names()
    if not core or any(names.get(x, ("", ""))[1] not in ("", "id") for x in core):
        return                # a foreign name the lexicon knows: the model was trained on Indonesian names
    if not all(fold(x) in src.words for x in core):
        return
    got = namegender.predict(" ".join(core))
    if got is None:
        return
    g, conf = got
    weight = next(wt for floor, wt in NAME_MODEL_WEIGHT if conf >= floor)
    e.evidence.append(Evidence("name_model", e.name, g, weight, e.first_line))


def scores(items: list[Evidence]) -> tuple[float, float]:
    pf = pm = 1.0
    for x in items:
        if x.gender == "f":
            pf *= 1 - x.weight
        elif x.gender == "m":
            pm *= 1 - x.weight
    return 1 - pf, 1 - pm


def decide(sf: float, sm: float) -> Optional[str]:
    if sf >= DECIDE_MIN and sf - sm >= DECIDE_MARGIN:
        return "f"
    if sm >= DECIDE_MIN and sm - sf >= DECIDE_MARGIN:
        return "m"
    return None


# Where the translation made a marked choice against the source (a feminine title, "Mme", "M."),
# the source must be this sure to hold: a first name in the lexicon or an honorific, not the name model.
STRONG = 0.8


def source_gender(e: Entity) -> Optional[str]:
    """The gender the source establishes, or None: the translation's words never decide alone."""
    src = [x for x in e.evidence if x.from_source]
    sf, sm = scores(src)
    g = decide(sf, sm)
    if g is None:
        return _weak_name_confirmed(e, src)
    marked = [x for x in e.evidence if x.kind in ("title", "abbreviation") and x.gender != g and x.weight >= 0.9]
    if marked and (sf if g == "f" else sm) < STRONG - 1e-9:
        return None
    return g


def _weak_name_confirmed(e: Entity, src: list) -> Optional[str]:
    """A name the model gives one gender with middling confidence (alone not enough), which the
    translation's own titles confirm, every one of them ("le directeur" for a name the model reads as
    a man's): that gender. A title of the other gender anywhere leaves it undecided."""
    if not src or any(x.kind != "name_model" for x in src):
        return None
    g = src[0].gender
    titles = [x for x in e.evidence if x.kind in ("title", "abbreviation") and x.weight >= 0.5]
    if not titles or any(x.gender != g for x in titles):
        return None
    return g


def overruled(e: Entity, g: str, agreeing: list[Evidence]) -> bool:
    """Does the translation make marked choices against a gender the source gives only weakly?
    Feminine forms are a choice (masculine is the machine's default), so feminine agreement of the
    same person elsewhere counts like a feminine title."""
    if g != "m":
        return False
    marked = [x for x in agreeing if x.kind == "agreement" and x.gender == "f"]
    sm = scores([x for x in e.evidence if x.from_source])[1]
    return bool(marked) and sm < STRONG - 1e-9


def agreement(art: Article, e: Entity, exclude: Attr) -> list[Evidence]:
    """Other attributions resolved to this person, as evidence of the gender the translation gives them."""
    items = []
    for s in art.sents:
        for a in s.attrs:
            if a is exclude or a.gender is None or a.kind not in ("pronoun", "possessive", "participle", "agreement"):
                continue
            if a.resolved is e:
                items.append(Evidence("agreement", s.text(a.t0, a.t1), a.gender, AGREEMENT_WEIGHT[a.gender],
                                      art.line_of(s, a.t0)))
    return items
