"""Pass 3: each person's gender, from the evidence, source first.

Source evidence: Indonesian honorifics before the name ("Ibu", "Bu", "Mbak", "Pak", "Bapak", "Mas"),
explicit words beside it ("perempuan", "pria", "istri", ...), "bin"/"binti", the first name
(the project's lexicon; then, for names it cannot decide, the optional indonamegender model).
Translation evidence: titles and determiners ("la porte-parole", "Mme", "spokeswoman") and the
agreement of other attributions to the same person. The translation's words are what the checks
check: they add confidence to a gender the source established, and never establish one alone.
"""
from __future__ import annotations

from bisect import bisect_left
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
# indonamegender's answer, by confidence: below the lexicon's 0.8 unless nearly certain (a name
# the model gives one gender at 0.995 or more counts as a first name in the lexicon does); a weight under
# DECIDE_MIN only adds to other evidence
NAME_MODEL_WEIGHT = ((0.995, 0.8), (0.97, 0.75), (0.9, 0.5))


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
    """The feminine and masculine scores of the evidence: 1 - prod(1 - weight) per gender."""
    pf, pm = products(items)
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
    if marked:
        # against a marked title, only the lexicon, an honorific or the source's words hold, never the model
        kf, km = scores([x for x in src if x.kind != "name_model"])
        if (kf if g == "f" else km) < STRONG - 1e-9:
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
    forms = Forms(art).of(e)
    return [x for a, x in zip(forms.attrs, forms.items) if a is not exclude]


def _agreeing(a: Attr) -> bool:
    return a.gender is not None and a.kind in ("pronoun", "possessive", "participle", "agreement")


class PersonForms:
    """The forms resolved to one person (pronouns, possessives, participles), in article order,
    each with its agreement evidence, and how many there are of each gender."""

    def __init__(self) -> None:
        self.attrs: list[Attr] = []
        self.items: list[Evidence] = []
        self.place: dict[int, int] = {}              # id(attr) -> its index in attrs
        self.count = {"f": 0, "m": 0}
        self.by_gender: dict[str, list[int]] = {"f": [], "m": []}

    def add(self, a: Attr, x: Evidence) -> None:
        self.place[id(a)] = len(self.attrs)
        self.by_gender[a.gender].append(len(self.attrs))
        self.attrs.append(a)
        self.items.append(x)
        self.count[a.gender] += 1

    def others(self, a: Attr, gender: str) -> int:
        """How many forms of this gender, the form `a` left out."""
        return self.count[gender] - (a.gender == gender and id(a) in self.place)

    def first_others(self, a: Attr, gender: str, k: int) -> list[Evidence]:
        """The first k forms of this gender in article order, `a` left out."""
        out = []
        for i in self.by_gender[gender]:
            if self.attrs[i] is a:
                continue
            out.append(self.items[i])
            if len(out) == k:
                break
        return out

    def nearest(self, a: Attr, k: int) -> tuple[list[Evidence], int]:
        """The k forms nearest to `a` (in article order, `a` left out) and how many others there are beyond them."""
        n = len(self.attrs)
        i = self.place.get(id(a))
        if i is None:
            return self.items[:k], max(0, n - k)
        if n - 1 <= k:
            return self.items[:i] + self.items[i + 1:], 0
        lo = min(max(0, i - k // 2), n - 1 - k)
        return self.items[lo:i] + self.items[i + 1:lo + k + 1], n - 1 - k


class Forms:
    """Every person's forms, gathered in one walk over the article (not one walk per finding)."""

    def __init__(self, art: Article) -> None:
        self._by_entity: dict[int, PersonForms] = {}
        for s in art.sents:
            for a in s.attrs:
                if a.resolved is None or not _agreeing(a):
                    continue
                pf = self._by_entity.setdefault(id(a.resolved), PersonForms())
                pf.add(a, Evidence("agreement", s.text(a.t0, a.t1), a.gender, AGREEMENT_WEIGHT[a.gender],
                                   art.line_of(s, a.t0)))

    def of(self, e: Entity) -> PersonForms:
        return self._by_entity.get(id(e)) or PersonForms()


class Chain:
    """1 - p * (1 - w) ** k for k = 0, 1, ..., multiplied one factor at a time as scores() does, so
    that the figure is the same, bit for bit, as scores() over the items themselves."""

    def __init__(self, p: float, w: float) -> None:
        self._seq = [p]
        self._f = 1 - w

    def score(self, k: int) -> float:
        seq = self._seq
        while len(seq) <= k:
            seq.append(seq[-1] * self._f)
        return 1 - seq[k]


def products(items: list[Evidence]) -> tuple[float, float]:
    """The products scores() takes 1 minus: (prod(1 - w) over the feminine items, over the masculine)."""
    pf = pm = 1.0
    for x in items:
        if x.gender == "f":
            pf *= 1 - x.weight
        elif x.gender == "m":
            pm *= 1 - x.weight
    return pf, pm


class Listing:
    """A person's own evidence as a finding lists it: all of it from the source, and of the titles
    the translation gives them ("M.", "la porte-parole", once per mention) at most `k`, the nearest
    to the finding. Every title counts in the scores; the list only is bounded (an article naming
    one person 3,000 times made every finding on them list 3,000 titles)."""

    TITLE_KINDS = ("title", "abbreviation")

    def __init__(self, items: list[Evidence], k: int) -> None:
        self.items, self.k = items, k
        self._titles = [i for i, x in enumerate(items) if x.kind in self.TITLE_KINDS]
        self._others = [i for i, x in enumerate(items) if x.kind not in self.TITLE_KINDS]
        self._lines = [items[i].line for i in self._titles]

    def near(self, line: int) -> tuple[list[Evidence], int]:
        """The list for a finding on this line, and how many titles it leaves out."""
        t, k = self._titles, self.k
        if len(t) <= k:
            return self.items, 0
        c = bisect_left(self._lines, line)
        lo = min(max(0, c - k // 2), len(t) - k)
        return [self.items[i] for i in sorted(self._others + t[lo:lo + k])], len(t) - k
