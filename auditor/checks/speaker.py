"""Who is speaking: quote attribution and gender agreement (AUD601).

Indonesian marks no gender in "katanya", "ujarnya", "sambungnya" or "dia", so
machine translation falls back on the masculine: "», a-t-il poursuivi" for a
woman, "he said" for the Foreign Minister Retno Marsudi. This check

1. finds speech attributions in French and English translations: inverted
   pronouns ("a-t-il ajouté", "dit-elle"), pronoun subjects ("elle a déclaré",
   "he said"), "selon lui / elle", "according to him / her", possessives in the
   attribution clause ("she said in his statement"), and participles that agree
   with a named subject ("Sri Mulyani s'est dit satisfait");
2. resolves who speaks: the subject of the attribution or, for a pronoun, the
   nearest attributed speaker in the preceding sentences and paragraphs
   ("a déclaré la porte-parole Maria Zakharova", "Retno said"), falling back
   on the one person named outside quotes nearby; people merely mentioned
   inside quotes are never speakers, and a person named in between who could
   be the pronoun's antecedent makes the speaker ambiguous (no finding);
3. decides the speaker's gender from evidence: titles and determiners in the
   translation ("la porte-parole", "Mme", "Ms", "spokeswoman"), Indonesian
   honorifics in the source ("Ibu", "Bu", "Pak", "Bapak"), "bin"/"binti", a
   first-name lexicon, and agreement elsewhere in the translation. Unknown
   stays unknown;
4. reports a disagreement with the evidence and the fix.

The words live in data files: gender_titles.json, speaker_patterns.json and
first_names.tsv (all compiled by this project).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

from ..data import data_path, load_json
from ..types import Document, Finding, Segment
from .base import Check, CheckInfo, Context, register

# How far back a pronoun looks for its speaker.
MAX_SENTENCES_BACK = 10
MAX_PARAGRAPHS_BACK = 4
# Decision thresholds on the combined evidence score (1 - prod(1 - w)).
DECIDE_MIN = 0.6
DECIDE_MARGIN = 0.3
# Agreement found elsewhere in the translation: feminine is a deliberate choice,
# masculine is often the machine's default, so it weighs less.
AGREEMENT_WEIGHT = {"f": 0.45, "m": 0.3}
GENDER_WORD = {"f": "feminine", "m": "masculine"}
OTHER = {"f": "m", "m": "f"}

_TOKEN = re.compile(r"(?P<w>[^\W_](?:\w|[-'’.](?=[^\W_]))*)|(?P<p>[^\s\w])")
_ELISION = re.compile(r"^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.I)
_INVERTED = re.compile(r"^(.+?)(-t)?-(il|elle|ils|elles)$")
_OPEN_QUOTES = "«“„"
_CLOSE_QUOTES = "»”"
_NO_ATTACH_BEFORE_NAME = {
    "de", "d'", "du", "des", "à", "au", "aux", "par", "avec", "et", "ou", "pour", "contre", "selon", "entre",
    "sur", "chez", "envers", "vers", "of", "for", "to", "by", "with", "and", "or", "from", "about", "against",
    "than", "at", "in", "on", "between", "toward", "towards", "under", "after", "before", "like",
    "le", "la", "les", "l'", "un", "une", "the", "a", "an", "'s",
}
_CLAUSE_BREAK_WORDS = {"qui", "que", "qu'", "dont", "où", "who", "that", "which", "whom", "whose", "where"}
_NAME_PARTICLES = {"von", "van", "der", "den", "bin", "binti", "al", "el", "ibn", "da", "dos", "di", "la", "le", "de"}
_NAME_PARTICLES_STRICT = {"von", "van", "der", "den", "bin", "binti", "al", "el", "ibn", "da", "dos"}


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=None)
def first_names() -> dict[str, tuple[str, str]]:
    """lower-case given name -> (gender f/m/u, usage)."""
    out: dict[str, tuple[str, str]] = {}
    with open(data_path("first_names.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1] in ("f", "m", "u"):
                out[parts[0].lower()] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


@dataclass(frozen=True)
class LangData:
    lang: str
    det: dict                  # word -> 'f' | 'm' | None
    pre_adj: dict              # word -> gender
    abbrev: dict               # word -> gender
    nouns: dict                # word (may hold a space) -> (gender or None, weight)
    epicene: frozenset
    neutral_titles: frozenset
    honorifics: dict           # Indonesian honorifics used in the translation too
    cap_stop: frozenset
    institutions: frozenset
    pat: dict


@lru_cache(maxsize=None)
def lang_data(lang: str) -> LangData:
    titles = load_json("gender_titles.json")
    pats = load_json("speaker_patterns.json")
    w = titles["weights"]
    t = titles[lang]
    det: dict = {}
    for g, words in t.get("determiners", {}).items():
        for x in words:
            det[x] = g if g in ("f", "m") else None
    pre_adj = {x: g for g, words in t.get("pre_adjectives", {}).items() for x in words}
    abbrev = {x: g for g, words in t.get("abbreviations", {}).items() for x in words}
    nouns: dict = {}
    for fem, masc, wm in t.get("pairs", []):
        nouns[fem] = ("f", w["feminine"])
        nouns[masc] = ("m", float(wm))
    epicene = frozenset(t.get("epicene", []))
    for x in epicene:
        nouns.setdefault(x, (None, 0.0))
    neutral = frozenset(t.get("neutral_titles", []))
    for x in neutral:
        nouns.setdefault(x, (None, 0.0))
    hon = {x: g for g, words in titles["id"]["honorifics"].items() for x in words if not x.endswith(".")}
    p = pats[lang]
    return LangData(lang=lang, det=det, pre_adj=pre_adj, abbrev=abbrev, nouns=nouns, epicene=epicene,
                    neutral_titles=neutral, honorifics=hon, cap_stop=frozenset(p["cap_stopwords"]),
                    institutions=frozenset(p["institutions"]), pat=p)


# ------------------------------------------------------------------------ tokens

@dataclass
class Tok:
    text: str
    low: str
    start: int          # local offsets in the sentence text
    end: int
    word: bool
    q: bool = False     # inside a quotation
    cap: bool = False


def tokenize(text: str, lang: str) -> list[Tok]:
    toks: list[Tok] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group("w") is not None
        piece = m.group(0)
        if word and lang == "fr":
            em = _ELISION.match(piece)
            if em and len(piece) > em.end():
                k = em.end()
                toks.append(_tok(piece[:k], s, s + k, True))
                piece, s = piece[k:], s + k
        toks.append(_tok(piece, s, e, word))
    return toks


def _tok(text: str, s: int, e: int, word: bool) -> Tok:
    low = text.lower().replace("’", "'")
    return Tok(text, low, s, e, word, cap=word and text[:1].isupper())


def _is_acronym(t: Tok) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# ------------------------------------------------------------------ the analysis

@dataclass
class Evidence:
    kind: str        # title | abbreviation | honorific | particle | first_name | agreement
    text: str
    gender: str
    weight: float
    line: int        # translation line; for an honorific, the source line

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "gender": self.gender, "weight": self.weight,
                "line": self.line}


@dataclass
class Entity:
    id: int
    name: str
    tokens: set
    anonymous: bool = False
    title_nouns: set = field(default_factory=set)
    evidence: list = field(default_factory=list)     # static Evidence
    first_line: int = 0
    _static: Optional[tuple] = None


@dataclass
class Mention:
    sent: int
    i0: int
    i1: int
    entity: Optional[Entity]
    validated: bool           # a person, on evidence (lexicon, title, known name)
    title_gender: Optional[str] = None
    line: int = 0


@dataclass
class Attr:
    sent: int
    t0: int                   # first and last token of the flagged text
    t1: int
    pos: int                  # token index used for ordering
    kind: str                 # pronoun | possessive | participle | explicit | nonperson | plural
    gender: Optional[str] = None     # the gender the flagged form marks
    entity: Optional[Entity] = None  # explicit subject, where known
    mention: Optional[Mention] = None
    host: Optional["Attr"] = None    # possessives: the attribution they belong to
    suggestion: Optional[str] = None
    resolved: Optional[Entity] = None
    res_conf: float = 0.0
    res_how: str = ""
    res_mention: Optional[Mention] = None
    igender: Optional[str] = None    # nonperson anchors: grammatical gender of the body (French)

    speech: bool = True              # participles: "s'est dite" reports speech, "est arrivée" does not

    @property
    def is_anchor(self) -> bool:
        return self.kind in ("explicit", "nonperson", "plural") or (self.kind == "participle" and self.speech)


@dataclass
class Sent:
    idx: int
    seg: Segment
    para: int
    toks: list
    line: int
    mentions: list = field(default_factory=list)
    attrs: list = field(default_factory=list)
    skip: bool = False

    @property
    def has_quote(self) -> bool:
        return any(t.q or (not t.word and t.text in _OPEN_QUOTES + _CLOSE_QUOTES + '"') for t in self.toks)


class Analysis:
    """Everything the check knows about one article's speakers."""

    def __init__(self, translation: Document, source: Optional[Document], lang: str,
                 skip_ids: frozenset = frozenset()):
        self.lang = lang
        self.L = lang_data(lang)
        self._speech: Optional[frozenset] = None
        self.doc = translation
        self.entities: list[Entity] = []
        # indexes over the entities, so that linking a mention is not a walk over all of them
        # (quadratic on 100 KB of "M. M. M. ..."): token -> ids of the entities holding it, and
        # title noun -> the latest entity with that title
        self._by_token: dict[str, list[int]] = {}
        self._by_title: dict[str, int] = {}
        self.sents: list[Sent] = []
        self.honorifics = _source_honorifics(source) if source is not None else {}
        self._read(translation, skip_ids)
        for s in self.sents:
            if not s.skip:
                self._mentions(s)
                if lang == "fr":
                    self._attrs_fr(s)
                else:
                    self._attrs_en(s)
        for e in self.entities:
            if not e._static:
                self._static_evidence(e)
        self._resolve_all()

    # ------------------------------------------------------------- reading
    def _read(self, doc: Document, skip_ids: frozenset) -> None:
        for p in doc.paragraphs:
            open_q = False
            for seg in p.sentences:
                toks = tokenize(seg.text, self.lang)
                for t in toks:
                    if not t.word:
                        if t.text in _OPEN_QUOTES:
                            open_q = True
                            continue
                        if t.text in _CLOSE_QUOTES:
                            open_q = False
                            continue
                        if t.text == '"':
                            open_q = not open_q
                            continue
                    t.q = open_q
                line = doc.line_col(seg.start)[0] if seg.offsets else 0
                self.sents.append(Sent(len(self.sents), seg, p.index, toks, line, skip=seg.id in skip_ids))

    def line_of(self, s: Sent, ti: int) -> int:
        tok = s.toks[ti]
        if tok.start < len(s.seg.offsets):
            return self.doc.line_col(s.seg.offsets[tok.start])[0]
        return s.line

    # ------------------------------------------------------------- mentions
    def _is_title_word(self, low: str) -> bool:
        return low in self.L.nouns or low.rstrip(".") in self.L.abbrev or low in self.L.abbrev \
            or low in self.L.honorifics

    def _title(self, toks: list, i: int):
        """A title noun phrase starting at i: (end, gender, weight, text, is_abbrev, noun, has_det)."""
        L, n = self.L, len(toks)
        t = toks[i]
        if not t.word or t.q:
            return None
        low = t.low
        # abbreviations and honorifics written before a name: "M. Trump", "Mme Zakharova", "Pak Budi"
        dotted = i + 1 < n and toks[i + 1].text == "."
        g, j, text = None, i + 1, t.text
        if dotted and (low + ".") in L.abbrev and (low != "m" or t.text == "M"):
            g, j, text = L.abbrev[low + "."], i + 2, t.text + "."
        elif low in L.abbrev and low != "m":
            g = L.abbrev[low]
            if dotted:
                j, text = i + 2, t.text + "."
        elif t.cap and low in L.honorifics:
            g = L.honorifics[low]
        if g is not None:
            if j < n and toks[j].word and toks[j].cap and not toks[j].q:
                return (j, g, 0.9, text, True, low, False)
            return None
        j = i
        gd = None
        has_det = False
        if low in L.det:
            gd, has_det = L.det[low], True
            j += 1
        ga = None
        if j < n and toks[j].low in L.pre_adj:
            ga = L.pre_adj[toks[j].low]
            j += 1
        if j >= n or not toks[j].word or toks[j].q:
            return None
        noun = toks[j].low
        two = noun + " " + toks[j + 1].low if j + 1 < n else None
        if two and two in L.nouns:
            noun, end = two, j + 2
        elif noun in L.nouns:
            end = j + 1
        else:
            return None
        ng, w = L.nouns[noun]
        while end < n and toks[end].word and not toks[end].q and toks[end].low in L.nouns \
                and toks[end].low not in L.det:
            g2, w2 = L.nouns[toks[end].low]
            if g2 is not None and ng is None:
                ng, w = g2, w2
            noun = toks[end].low
            end += 1
        if ng is None and noun.split()[0] in L.epicene:
            post = toks[end].low if end < n else ""
            if post in ("adjointe", "adjoint"):
                ng = "f" if post == "adjointe" else "m"
                end += 1
            else:
                ng = ga or gd
            w = 0.9 if ng == "f" else (0.5 if ng == "m" else 0.0)
        elif ng is not None and ga and ga != ng:
            w = min(w, 0.5)
        text = " ".join(x.text for x in toks[i:end]).replace("' ", "'").replace("’ ", "’")
        return (end, ng, w, text, False, noun, has_det)

    def _name_seq(self, toks: list, i: int):
        L, n = self.L, len(toks)
        t = toks[i]
        if not t.word or t.q or not t.cap or _is_acronym(t) or t.low in L.cap_stop or self._is_title_word(t.low):
            return None
        if t.low.isdigit():
            return None
        j = i + 1
        while j < n:
            u = toks[j]
            if u.q or not u.word:
                break
            if u.cap and not _is_acronym(u) and u.low not in L.cap_stop and not self._is_title_word(u.low):
                j += 1
                continue
            if len(u.text) == 1 and u.text.isupper():    # "Hamengku Buwono X"
                j += 1
                continue
            if u.low in _NAME_PARTICLES_STRICT and j + 1 < n and toks[j + 1].word and toks[j + 1].cap \
                    and not toks[j + 1].q:
                j += 1
                continue
            break
        return (i, j)

    def _name_tokens(self, toks: list, i0: int, i1: int) -> list[str]:
        return [t.low for t in toks[i0:i1] if t.word]

    def _known_name(self, toks: list, i0: int, i1: int) -> bool:
        names = first_names()
        first = toks[i0].low
        if first in names:
            return True
        if "-" in first and first.split("-")[0] in names and names[first.split("-")[0]][0] != "u":
            return True
        return False

    def _link(self, words: list[str], create: bool) -> Optional[Entity]:
        core = [w for w in words if w not in _NAME_PARTICLES]
        if not core:
            return None
        sw = set(core)
        # the latest entity that holds every word of the mention, or whose words the mention
        # holds: only entities sharing a word can be either (a one-word mention under three
        # letters links to none)
        cands: set[int] = set()
        if len(core) > 1 or len(core[0]) >= 3:
            for w in sw:
                cands.update(self._by_token.get(w, ()))
        for eid in sorted(cands, reverse=True):
            e = self.entities[eid]
            if e.anonymous:
                continue
            if sw <= e.tokens and (len(core) > 1 or len(core[0]) >= 3):
                return e
            if len(core) > 1 and e.tokens <= sw:
                for w in sw - e.tokens:
                    self._by_token.setdefault(w, []).append(e.id)
                e.tokens |= sw
                if len(" ".join(words)) > len(e.name):
                    e.name = " ".join(words)
                return e
        if not create:
            return None
        e = Entity(len(self.entities), "", set(core))
        self._add_entity(e)
        return e

    def _add_entity(self, e: Entity) -> None:
        self.entities.append(e)
        for w in e.tokens:
            self._by_token.setdefault(w, []).append(e.id)
        for noun in e.title_nouns:
            self._add_title(e, noun)

    def _add_title(self, e: Entity, noun: str) -> None:
        e.title_nouns.add(noun)
        self._by_title[noun] = max(self._by_title.get(noun, -1), e.id)

    def _mentions(self, s: Sent) -> None:
        toks, n = s.toks, len(s.toks)
        i = 0
        while i < n:
            t = toks[i]
            if not t.word or t.q:
                i += 1
                continue
            tt = self._title(toks, i)
            if tt:
                end, g, w, text, is_abbrev, noun, has_det = tt
                name = self._attached_name(toks, end, is_abbrev)
                # a "name" of particles only ("di" of "Di« to Ganinduto") links to no one
                e = self._link(self._name_tokens(toks, *name), create=True) if name else None
                if e is not None:
                    a, b = name
                    if not e.name:
                        e.name = " ".join(x.text for x in toks[a:b] if x.word)
                        e.first_line = self.line_of(s, a)
                    self._add_title(e, noun)
                    if g:
                        e.evidence.append(Evidence("abbreviation" if is_abbrev else "title", text, g, w,
                                                   self.line_of(s, i)))
                    s.mentions.append(Mention(s.idx, i, b, e, True, g, self.line_of(s, a)))
                    i = b
                    continue
                if is_abbrev:
                    i = end
                    continue
                # a title with no name: apposition to a name just before ("Maria Zakharova, la porte-parole")
                prev = self._apposition_host(s, i)
                if prev is not None:
                    if g:
                        prev.entity.evidence.append(Evidence("title", text, g, w, self.line_of(s, i)))
                    self._add_title(prev.entity, noun)
                    i = end
                    continue
                if has_det or self.lang == "en" and i > 0 and toks[i - 1].low in ("the", "a"):
                    e = self._anonymous(noun, text, g, w, self.line_of(s, i))
                    s.mentions.append(Mention(s.idx, i, end, e, True, g, self.line_of(s, i)))
                i = end
                continue
            seq = self._name_seq(toks, i)
            if seq:
                a, b = seq
                words = self._name_tokens(toks, a, b)
                known = self._link(words, create=False)
                if known is not None:
                    s.mentions.append(Mention(s.idx, a, b, known, True, None, self.line_of(s, a)))
                elif self._known_name(toks, a, b) and " ".join(words) not in _NOT_PERSONS \
                        and any(w not in _NAME_PARTICLES for w in words):
                    e = self._link(words, create=True)
                    e.name = " ".join(x.text for x in toks[a:b] if x.word)
                    e.first_line = self.line_of(s, a)
                    s.mentions.append(Mention(s.idx, a, b, e, True, None, self.line_of(s, a)))
                else:
                    s.mentions.append(Mention(s.idx, a, b, None, False, None, self.line_of(s, a)))
                i = b
                continue
            i += 1

    def _attached_name(self, toks: list, end: int, is_abbrev: bool):
        n = len(toks)
        if is_abbrev:
            return self._name_seq(toks, end) if end < n else None
        k = end
        limit = end + 10
        commas = 0
        while k < n and k < limit:
            u = toks[k]
            if u.q:
                return None
            if not u.word:
                if u.text == "," and commas == 0:
                    commas += 1
                    k += 1
                    continue
                return None
            seq = self._name_seq(toks, k)
            if seq:
                prev = toks[k - 1].low if k > 0 else ""
                if prev in _NO_ATTACH_BEFORE_NAME:
                    # "la ministre des Finances Sri Mulyani": the complement's capitals run into the name
                    names = first_names()
                    for x in range(seq[0] + 1, seq[1] - 1):
                        if toks[x].low in names and names[toks[x].low][0] != "u":
                            return (x, seq[1])
                    k = seq[1]
                    continue
                if commas and toks[k - 1].text != ",":
                    return None
                return seq
            if commas:
                return None
            if u.low in _CLAUSE_BREAK_WORDS or u.low in self._speech_words() or self._title(toks, k):
                return None
            k += 1
        return None

    def _apposition_host(self, s: Sent, i: int) -> Optional[Mention]:
        toks = s.toks
        k = i - 1
        steps = 0
        while k >= 0 and steps < 5:
            if toks[k].text == ",":
                for m in reversed(s.mentions):
                    if m.i1 == k and m.entity is not None and not m.entity.anonymous:
                        return m
                return None
            if not toks[k].word or toks[k].cap:
                return None
            k -= 1
            steps += 1
        return None

    def _anonymous(self, noun: str, text: str, g, w, line: int) -> Entity:
        if noun in self._by_title:           # the latest entity with this title
            return self.entities[self._by_title[noun]]
        e = Entity(len(self.entities), text, {"#" + noun}, anonymous=True, first_line=line)
        if g:
            e.evidence.append(Evidence("title", text, g, w, line))
        self._add_entity(e)
        self._add_title(e, noun)
        return e

    def _speech_words(self) -> frozenset:
        if self._speech is None:
            p = self.L.pat
            if self.lang == "fr":
                self._speech = frozenset(p["speech_participles"]) | frozenset(p["speech_finite"]) - {"fait", "note"}
            else:
                self._speech = frozenset(p["speech_verbs"])
        return self._speech

    # ------------------------------------------------------------- helpers
    def _mention_at(self, s: Sent, k: int, span: int = 4) -> Optional[Mention]:
        for m in s.mentions:
            if k <= m.i0 < k + span:
                return m
        return None

    def _skip_adverbs(self, toks: list, k: int) -> int:
        adv = self.L.pat["adverbs"]
        n = len(toks)
        while k < n and toks[k].word and toks[k].low in adv and not toks[k].q:
            k += 1
        return k

    def _after_quote_or_comma(self, toks: list, j: int) -> bool:
        k = j - 1
        while k >= 0 and toks[k].word and toks[k].low in self.L.pat["adverbs"]:
            k -= 1
        if k < 0:
            return False
        return not toks[k].word and toks[k].text in ",»”\"—–-:;"

    def _clause_start(self, toks: list, j: int) -> int:
        k = j - 1
        while k >= 0:
            u = toks[k]
            if u.q or (not u.word and u.text in _OPEN_QUOTES + _CLOSE_QUOTES + '"'):
                return k + 1
            k -= 1
        return 0

    def _institution_at(self, s: Sent, k: int, chunk_start: int) -> bool:
        """Does a body that speaks but is no person start at k ("le ministère", "the ministry", "KPK")?"""
        toks = s.toks
        u = toks[k]
        if u.q or not u.word:
            return False
        prev = toks[k - 1].low if k > 0 else ""
        if u.low in self.L.institutions and (not u.cap or k == chunk_start):
            return self.lang == "en" or prev in self.L.det or prev in ("l'", "du", "des") or k == chunk_start
        if _is_acronym(u) and (k == chunk_start or prev in self.L.det or prev in ("l'", "the")):
            return True
        return False

    def _subject_before(self, s: Sent, j: int) -> tuple[str, Optional[Mention]]:
        """The subject of a verb at j, read from the start of its clause: ('person', m) | ('nonperson', None).

        The clause is cut at commas; a piece that opens with a preposition or an adverb ("Dans un
        communiqué,", "Speaking to reporters,") is skipped; a name after "de", "of", "by" is a complement."""
        toks = s.toks
        a = self._clause_start(toks, j)
        lead = set(self.L.pat["leading_adverbial"])
        chunks, start = [], a
        for k in range(a, j):
            if toks[k].text == ",":
                chunks.append((start, k))
                start = k + 1
        chunks.append((start, j))
        starts = {m.i0: m for m in s.mentions}
        for c0, c1 in chunks:
            words = [k for k in range(c0, c1) if toks[k].word]
            if not words or toks[words[0]].low in lead:
                continue
            # the candidate nearest the verb that is not a complement ("de Joko Widodo", "du ministère")
            for k in range(c1 - 1, c0 - 1, -1):
                m = starts.get(k)
                if m is not None and m.entity is None and (m.i1 == j or (m.i0 == words[0] and m.i1 == c1)) \
                        and not self._complement(toks, k, c0):
                    self._promote(s, m)
                is_inst = m is None and self._institution_at(s, k, words[0])
                if (m is None or not m.validated or m.entity is None) and not is_inst:
                    continue
                if self._complement(toks, k, c0):
                    continue
                if is_inst:
                    return "nonperson", None
                return "person", m
            return "nonperson", None
        return "nonperson", None

    def _complement(self, toks: list, k: int, c0: int) -> bool:
        """Is the phrase at k a complement of a noun or verb ("de Joko Widodo", "du ministère", "of the ministry")?"""
        p1 = toks[k - 1].low if k - 1 >= c0 else ""
        p2 = toks[k - 2].low if k - 2 >= c0 else ""
        if p1 in _NO_ATTACH_BEFORE_NAME and p1 not in ("le", "la", "les", "l'", "un", "une", "the", "a", "an", "'s"):
            return True
        if p1 in ("le", "la", "les", "l'", "the", "a", "an", "un", "une") and p2 in _NO_ATTACH_BEFORE_NAME:
            return True
        return False

    def _subject_after(self, s: Sent, k: int) -> tuple[str, Optional[Mention]]:
        """The subject placed after a speech verb: "», a déclaré la porte-parole Maria Zakharova"."""
        toks = s.toks
        k = self._skip_adverbs(toks, k)
        if k >= len(toks) or toks[k].q or not toks[k].word:
            return "none", None
        m = self._mention_at(s, k, 2)
        if m is not None:
            if m.validated and m.entity is not None:
                return "person", m
            if self._promote(s, m):
                return "person", m
            return "nonperson", None
        if toks[k].low in self.L.det or toks[k].low in ("l'", "the", "a"):
            return "nonperson", None
        return "none", None

    def _promote(self, s: Sent, m: Mention) -> bool:
        """A capitalised name that is the subject of a speech verb is a speaker, known or not
        ("a déclaré Widyastuti"): it gets an entity of unknown gender, so that the pronouns after it
        resolve to it rather than to someone named before."""
        toks = s.toks
        words = self._name_tokens(toks, m.i0, m.i1)
        if not words or any(_is_acronym(t) for t in toks[m.i0:m.i1]) or len(words) > 4:
            return False
        if any(w in self.L.institutions for w in words):
            return False
        prev = toks[m.i0 - 1].low if m.i0 > 0 else ""
        if prev in self.L.det or prev in ("l'", "the"):      # "La Maison Blanche", "the Pentagon"
            return False
        e = self._link(words, create=True)
        if e is None:                                         # particles only: no name
            return False
        if not e.name:
            e.name = " ".join(x.text for x in toks[m.i0:m.i1] if x.word)
            e.first_line = m.line
            self._static_evidence(e)
        m.entity, m.validated = e, True
        return True

    def _new_attr(self, s: Sent, **kw) -> Attr:
        a = Attr(sent=s.idx, **kw)
        if a.kind == "nonperson":
            a.igender = self._inst_gender(s, a.t0)
        s.attrs.append(a)
        return a

    def _inst_gender(self, s: Sent, j: int) -> Optional[str]:
        """Grammatical gender of the body that speaks near a verb at j ("le ministère" m, "la police" f)."""
        toks = s.toks
        best, dist = None, 99
        for k in range(self._clause_start(toks, j), min(len(toks) - 1, j + 6)):
            d, noun = toks[k].low, toks[k + 1].low
            if d in self.L.det and noun in self.L.institutions and abs(k - j) < dist:
                best, dist = self.L.det[d], abs(k - j)
        return best

    # ------------------------------------------------------------- French
    def _attrs_fr(self, s: Sent) -> None:
        P = self.L.pat
        toks, n = s.toks, len(s.toks)
        parts = set(P["speech_participles"])
        finite = set(P["speech_finite"])
        aux = set(P["auxiliaries"])
        paux = set(P["plural_auxiliaries"])
        etre = set(P["etre"])
        agree = {}
        for mf in P["agreeing_participles"]:
            agree[mf[0]] = ("m", mf[1])
            agree[mf[1]] = ("f", mf[0])
        pron = P["pronouns"]
        stress = P["stress_pronouns"]
        not_speech = set(P["source_verbs_not_speech"])

        def is_speech_part(k: int) -> bool:
            if k >= n or not toks[k].word or toks[k].q:
                return False
            if toks[k].low == "fait":
                return k + 1 < n and toks[k + 1].low in P["fait_objects"]
            return toks[k].low in parts

        def is_speech_finite(k: int) -> bool:
            if k >= n or not toks[k].word or toks[k].q:
                return False
            if toks[k].low in ("fait", "fit"):
                return k + 1 < n and toks[k + 1].low in P["fait_objects"]
            return toks[k].low in finite

        j = 0
        while j < n:
            t = toks[j]
            if not t.word or t.q:
                j += 1
                continue
            low = t.low
            m = _INVERTED.match(low)
            if m and m.group(1) not in ("peut", "est-ce", "faut", "y"):
                base, pr = m.group(1), m.group(3)
                after_q = self._after_quote_or_comma(toks, j)
                if pr in ("ils", "elles"):
                    if after_q or base in aux or is_speech_finite(j):
                        self._new_attr(s, t0=j, t1=j, pos=j, kind="plural")
                    j += 1
                    continue
                g = pron[pr]
                end, ok, part = j, False, None
                k = self._skip_adverbs(toks, j + 1)
                if base in aux:
                    if is_speech_part(k) or (after_q and k < n and toks[k].word and not toks[k].cap
                                             and not toks[k].q and toks[k].low.endswith(("é", "i", "u", "t", "s"))):
                        end, ok = k, True
                elif base in etre and j > 0 and toks[j - 1].low == "s'":
                    if k < n and toks[k].low in agree:
                        end, ok, part = k, True, k
                elif base in finite or after_q:
                    ok = base in finite or base.endswith(("e", "t", "d", "a"))
                if ok:
                    t0 = j - 1 if base in etre else j
                    self._new_attr(s, t0=t0, t1=end, pos=j, kind="pronoun", gender=g,
                                   suggestion=self._swap_fr(s, t0, end, part))
                    j = end + 1
                    continue
                j += 1
                continue
            # "il a déclaré", "elle a ajouté", "il s'est dit", "elle estime"
            if low in pron:
                g = pron[low]
                k = j + 1
                refl = k < n and toks[k].low == "s'"
                if refl:
                    k += 1
                if k < n and not toks[k].q:
                    if not refl and toks[k].low in aux:
                        k2 = self._skip_adverbs(toks, k + 1)
                        if is_speech_part(k2):
                            self._new_attr(s, t0=j, t1=k2, pos=j, kind="pronoun", gender=g,
                                           suggestion=self._swap_fr(s, j, k2, None))
                            j = k2 + 1
                            continue
                    elif refl and toks[k].low in etre:
                        k2 = self._skip_adverbs(toks, k + 1)
                        if k2 < n and toks[k2].low in agree:
                            self._new_attr(s, t0=j, t1=k2, pos=j, kind="pronoun", gender=g,
                                           suggestion=self._swap_fr(s, j, k2, k2))
                            j = k2 + 1
                            continue
                    elif not refl and is_speech_finite(k):
                        self._new_attr(s, t0=j, t1=k, pos=j, kind="pronoun", gender=g,
                                       suggestion=self._swap_fr(s, j, k, None))
                        j = k + 1
                        continue
                j += 1
                continue
            # "selon lui / elle", "d'après elle", "selon la ministre", "selon Retno Marsudi"
            if low == "selon" or (low == "d'" and j + 1 < n and toks[j + 1].low == "après"):
                k = j + 1 if low == "selon" else j + 2
                if k < n and toks[k].low in stress and not toks[k].q:
                    self._new_attr(s, t0=j, t1=k, pos=j, kind="pronoun", gender=stress[toks[k].low],
                                   suggestion=self._swap_fr(s, j, k, None))
                    j = k + 1
                    continue
                kind, mm = self._subject_after(s, k)
                if kind == "person":
                    self._new_attr(s, t0=j, t1=mm.i1 - 1, pos=j, kind="explicit", entity=mm.entity, mention=mm)
                j += 1
                continue
            # a named or unnamed explicit subject: "a déclaré X", "X a déclaré", "ont déclaré"
            if low in aux or low in paux:
                prev = toks[j - 1].low if j > 0 else ""
                k = self._skip_adverbs(toks, j + 1)
                if prev not in pron and prev not in ("l'", "y", "en", "lui", "leur") and is_speech_part(k) \
                        and toks[k].low not in not_speech:
                    self._explicit(s, j, k, plural=low in paux)
                    j = k + 1
                    continue
            if is_speech_finite(j) and not self._after_quote_or_comma(toks, j):
                mm = next((x for x in s.mentions if x.i1 == j and x.validated and x.entity is not None), None)
                if mm is not None:      # "Sri Mulyani estime que ...", "Retno ajoute"
                    self._new_attr(s, t0=j, t1=j, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm)
                    j += 1
                    continue
            if is_speech_finite(j) and self._after_quote_or_comma(toks, j):
                kind, mm = self._subject_after(s, j + 1)
                if kind == "person":
                    self._new_attr(s, t0=j, t1=j, pos=j, kind="explicit", entity=mm.entity, mention=mm)
                elif kind == "nonperson":
                    self._new_attr(s, t0=j, t1=j, pos=j, kind="nonperson")
            j += 1
        # participles that agree with a named subject: "Sri Mulyani s'est dit satisfait", "X est arrivé"
        for mm in s.mentions:
            if mm.entity is None or not mm.validated:
                continue
            k = mm.i1
            if k < n and toks[k].text == ",":      # skip an apposition: "Sri Mulyani, ministre des Finances,"
                k2 = k + 1
                while k2 < n and k2 < k + 12 and toks[k2].text != "," and not toks[k2].q:
                    k2 += 1
                k = k2 + 1 if k2 < n and toks[k2].text == "," else k
            refl = k < n and toks[k].low == "s'"
            if refl:
                k += 1
            if k < n and toks[k].low in etre and not toks[k].q:
                k2 = self._skip_adverbs(toks, k + 1)
                if k2 < n and toks[k2].low in agree and not toks[k2].q:
                    g = agree[toks[k2].low][0]
                    end = k2
                    adj = k2 + 1
                    if adj < n and toks[adj].word and not toks[adj].cap and not toks[adj].q \
                            and _adj_gender(toks[adj].low) == g:
                        end = adj
                    self._new_attr(s, t0=k2, t1=end, pos=k2, kind="participle", gender=g, entity=mm.entity,
                                   mention=mm, suggestion=self._swap_participle(s, k2, end), speech=refl)

    def _explicit(self, s: Sent, j: int, k: int, plural: bool) -> None:
        toks = s.toks
        if plural:
            self._new_attr(s, t0=j, t1=k, pos=j, kind="plural")
            return
        if self._clause_initial(toks, j):
            kind, mm = self._subject_after(s, k + 1)
            if kind == "person":
                self._new_attr(s, t0=j, t1=k, pos=j, kind="explicit", entity=mm.entity, mention=mm)
                return
            if kind == "nonperson":
                self._new_attr(s, t0=j, t1=k, pos=j, kind="nonperson")
                return
            # nothing after the verb: the comma closed an apposition ("X, directeur de Y, a déclaré que")
        kind, mm = self._subject_before(s, j)
        if kind == "person":
            self._new_attr(s, t0=j, t1=k, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm)
        else:
            self._new_attr(s, t0=j, t1=k, pos=j, kind="nonperson")

    def _clause_initial(self, toks: list, j: int) -> bool:
        """Does the verb at j open its clause (after a quote, a comma, or the sentence start)?"""
        k = j - 1
        while k >= 0 and toks[k].word and toks[k].low in self.L.pat["adverbs"] and not toks[k].q:
            k -= 1
        if k < 0:
            return True
        u = toks[k]
        return (not u.word and u.text in ",»”\"—–:;") or u.q

    # ------------------------------------------------------------- English
    def _attrs_en(self, s: Sent) -> None:
        P = self.L.pat
        toks, n = s.toks, len(s.toks)
        verbs = set(P["speech_verbs"])
        pron = P["pronouns"]
        obj = P["object_pronouns"]
        plural = set(P["plural_pronouns"])
        plural_subj = set(P["plural_subjects"])
        not_speech = set(P["source_verbs_not_speech"])

        def is_verb(k: int) -> bool:
            if k >= n or not toks[k].word or toks[k].q:
                return False
            if toks[k].low == "went":
                return k + 1 < n and toks[k + 1].low == "on"
            if toks[k].low == "pointed":
                return k + 1 < n and toks[k + 1].low == "out"
            return toks[k].low in verbs

        hosts: list[Attr] = []
        j = 0
        while j < n:
            t = toks[j]
            if not t.word or t.q:
                j += 1
                continue
            low = t.low
            if low in pron:
                k = self._skip_adverbs(toks, j + 1)
                if is_verb(k):
                    a = self._new_attr(s, t0=j, t1=k, pos=j, kind="pronoun", gender=pron[low],
                                       suggestion=self._swap_en(s, j, k))
                    hosts.append(a)
                    j = k + 1
                    continue
                j += 1
                continue
            if low in plural or low == "it":
                k = self._skip_adverbs(toks, j + 1)
                if is_verb(k):
                    a = self._new_attr(s, t0=j, t1=k, pos=j, kind="plural" if low in plural else "nonperson")
                    j = k + 1
                    continue
                j += 1
                continue
            if low == "according" and j + 1 < n and toks[j + 1].low == "to":
                k = j + 2
                if k < n and toks[k].low in obj and not toks[k].q:
                    a = self._new_attr(s, t0=j, t1=k, pos=j, kind="pronoun", gender=obj[toks[k].low],
                                       suggestion=self._swap_en(s, j, k, obj=True))
                    hosts.append(a)
                    j = k + 1
                    continue
                kind, mm = self._subject_after(s, k)
                if kind == "person":
                    a = self._new_attr(s, t0=j, t1=mm.i1 - 1, pos=j, kind="explicit", entity=mm.entity, mention=mm)
                    hosts.append(a)
                j += 1
                continue
            if is_verb(j) and low not in not_speech:
                # "said he", "said Retno", "Retno said", "the ministry said"
                k = j + 1
                if k < n and toks[k].low in pron and self._clause_initial(toks, j):
                    a = self._new_attr(s, t0=j, t1=k, pos=j, kind="pronoun", gender=pron[toks[k].low],
                                       suggestion=self._swap_en(s, j, k))
                    hosts.append(a)
                    j = k + 1
                    continue
                prev = toks[j - 1].low if j > 0 else ""
                if prev in plural_subj or (not self._clause_initial(toks, j) and any(
                        toks[x].low in plural_subj for x in range(self._clause_start(toks, j), j))):
                    self._new_attr(s, t0=j, t1=j, pos=j, kind="plural")
                    j += 1
                    continue
                kind = "none"
                if self._clause_initial(toks, j):
                    kind, mm = self._subject_after(s, k)
                    if kind == "person":
                        hosts.append(self._new_attr(s, t0=j, t1=j, pos=j, kind="explicit", entity=mm.entity,
                                                    mention=mm))
                    elif kind == "nonperson":
                        self._new_attr(s, t0=j, t1=j, pos=j, kind="nonperson")
                if kind == "none":
                    kind, mm = self._subject_before(s, j)
                    if kind == "person":
                        hosts.append(self._new_attr(s, t0=j, t1=j, pos=mm.i0, kind="explicit", entity=mm.entity,
                                                    mention=mm))
                    else:
                        self._new_attr(s, t0=j, t1=j, pos=j, kind="nonperson")
            j += 1
        # possessives in the attribution clause: "she said in his statement", "Retno said in his speech"
        poss = P["possessives"]
        stop_next = set(P["not_possessive_next"])
        for h in hosts:
            k = h.t1 + 1
            while k < n:
                u = toks[k]
                if u.q or (not u.word and u.text in _OPEN_QUOTES + _CLOSE_QUOTES + '";.'):
                    break
                if any(m.i0 == k and m.validated for m in s.mentions) or (u.word and u.low in pron) \
                        or (u.word and u.low in obj and u.low != "her"):
                    break
                if u.word and u.low in poss and k + 1 < n and toks[k + 1].word \
                        and toks[k + 1].low not in stop_next and not toks[k + 1].q:
                    self._new_attr(s, t0=k, t1=k, pos=k, kind="possessive", gender=poss[u.low], host=h,
                                   suggestion=_case_like(u.text, "her" if u.low == "his" else "his"))
                    break
                k += 1

    # ------------------------------------------------------------- fixes
    def _text(self, s: Sent, t0: int, t1: int) -> str:
        return s.seg.text[s.toks[t0].start:s.toks[t1].end]

    def _swap_fr(self, s: Sent, t0: int, t1: int, part: Optional[int]) -> str:
        out = []
        base = s.toks[t0].start
        text = s.seg.text
        pos = base
        agree = {}
        for mf in self.L.pat["agreeing_participles"]:
            agree[mf[0]], agree[mf[1]] = mf[1], mf[0]
        for k in range(t0, t1 + 1):
            u = s.toks[k]
            out.append(text[pos:u.start])
            w = u.text
            m = _INVERTED.match(u.low)
            if m and m.group(3) in ("il", "elle"):
                suffix = "-t-" if m.group(2) else "-"
                head = w[:len(m.group(1))]
                new = "elle" if m.group(3) == "il" else "il"
                w = head + suffix + new
            elif u.low == "il":
                w = _case_like(w, "elle")
            elif u.low == "elle":
                prev = s.toks[k - 1].low if k > 0 else ""
                w = _case_like(w, "lui" if prev in ("selon", "après") else "il")
            elif u.low == "lui":
                w = _case_like(w, "elle")
            elif part is not None and k == part and u.low in agree:
                w = agree[u.low]
            out.append(w)
            pos = u.end
        return "".join(out)

    def _swap_participle(self, s: Sent, t0: int, t1: int) -> str:
        agree = {}
        for mf in self.L.pat["agreeing_participles"]:
            agree[mf[0]], agree[mf[1]] = mf[1], mf[0]
        out, pos, text = [], s.toks[t0].start, s.seg.text
        for k in range(t0, t1 + 1):
            u = s.toks[k]
            out.append(text[pos:u.start])
            if k == t0:
                out.append(agree.get(u.low, u.text))
            else:
                out.append(_swap_adj(u.text))
            pos = u.end
        return "".join(out)

    def _swap_en(self, s: Sent, t0: int, t1: int, obj: bool = False) -> str:
        out, pos, text = [], s.toks[t0].start, s.seg.text
        sw = {"he": "she", "she": "he", "him": "her", "her": "him" if obj else "his", "his": "her"}
        for k in range(t0, t1 + 1):
            u = s.toks[k]
            out.append(text[pos:u.start])
            out.append(_case_like(u.text, sw[u.low]) if u.low in sw else u.text)
            pos = u.end
        return "".join(out)

    # ------------------------------------------------------------- gender evidence
    def _static_evidence(self, e: Entity) -> None:
        e._static = (True,)
        titles = load_json("gender_titles.json")
        w = titles["weights"]
        if e.anonymous:
            return
        words = e.name.split()
        lows = [x.lower() for x in words]
        parts = titles["id"]["name_particles"]
        for g, ps in parts.items():
            for p in ps:
                if p in lows[1:]:
                    e.evidence.append(Evidence("particle", p, g, w["name_particle"], e.first_line))
        names = first_names()
        core = [x for x in lows if x not in _NAME_PARTICLES]
        for idx, x in enumerate(core[:2]):
            cand = x if x in names else (x.split("-")[0] if "-" in x else None)
            if cand is None or cand not in names:
                if idx == 0 and len(core) >= 3:
                    continue      # "Dwiyana Slamet Riyadi": Indonesian names often stack given names
                break
            g, usage = names[cand]
            if g == "u":
                continue
            if idx == 1 and core[0] not in names and usage != "id":
                break             # "José María Aznar": a second given name only counts in Indonesian names
            if len(core) == 1 and usage != "id" or idx == 1 and cand != x:
                weight = 0.6
            elif idx == 1 and core[0] not in names:
                weight = 0.6
            else:
                weight = w["first_name"]
            shown = words[[y.lower() for y in words].index(x)] if x in lows else x
            e.evidence.append(Evidence("first_name", shown, g, weight, e.first_line))
            break
        seen = set()
        for tok in core:
            for g, text, line in self.honorifics.get(tok, []):
                if text in seen:
                    continue
                seen.add(text)
                e.evidence.append(Evidence("honorific", text, g, w["honorific"], line))

    def static_gender(self, e: Entity) -> Optional[str]:
        return _decide(*_scores(e.evidence))

    def evidence_for(self, e: Entity, exclude: Attr) -> list[Evidence]:
        items = list(e.evidence)
        for s in self.sents:
            for a in s.attrs:
                if a is exclude or a.gender is None or a.kind not in ("pronoun", "possessive", "participle"):
                    continue
                if a.resolved is e:
                    items.append(Evidence("agreement", self._text(s, a.t0, a.t1), a.gender,
                                          AGREEMENT_WEIGHT[a.gender], self.line_of(s, a.t0)))
        return items

    # ------------------------------------------------------------- resolution
    def _resolve_all(self) -> None:
        for s in self.sents:
            for a in s.attrs:
                if a.kind == "participle":
                    a.resolved, a.res_conf, a.res_how, a.res_mention = a.entity, 1.0, "subject", a.mention
                elif a.kind == "explicit":
                    a.resolved, a.res_conf, a.res_how, a.res_mention = a.entity, 1.0, "subject", a.mention
        for s in self.sents:
            for a in s.attrs:
                if a.kind == "pronoun":
                    self._resolve(s, a)
        for s in self.sents:
            for a in s.attrs:
                if a.kind == "possessive" and a.host is not None:
                    h = a.host
                    a.resolved, a.res_conf, a.res_how, a.res_mention = h.resolved, h.res_conf, h.res_how, h.res_mention

    def _resolve(self, s: Sent, a: Attr) -> None:
        found: Optional[Attr] = None
        found_sent: Optional[Sent] = None
        stop = False
        passed = 0
        for si in range(s.idx, max(-1, s.idx - MAX_SENTENCES_BACK - 1), -1):
            t = self.sents[si]
            if s.para - t.para > MAX_PARAGRAPHS_BACK:
                break
            if t.skip:
                continue
            cands = [x for x in t.attrs if x.is_anchor and (si < s.idx or x.pos < a.pos)]
            persons = [x for x in cands if x.entity is not None]
            if persons:
                found, found_sent = max(persons, key=lambda x: x.pos), t
                break
            if cands:
                # a body speaking in reported speech ("The Pentagon had announced...", "La police a indiqué")
                # is not what a personal pronoun refers to: go on, unless the body was quoted (its
                # spokesperson may be speaking) or a French pronoun could agree with it
                if all(x.kind == "nonperson" and not t.has_quote and
                       (self.lang == "en" or (x.igender is not None and x.igender != a.gender)) for x in cands):
                    passed += 1
                    continue
                stop = True
                break
            if si < s.idx and self.lang == "fr":
                ig = self._opens_with_institution(t)
                if ig is not None and (ig == "n" or ig == a.gender):
                    stop = True
                    break
        if stop:
            return
        if found is not None:
            spk = found.entity
            if self._ambiguous(s, a, found_sent.idx, spk):
                return
            dist = s.idx - found_sent.idx
            a.resolved = spk
            a.res_conf = (1.0 if dist == 0 else max(0.7, 1.0 - 0.05 * dist)) * (0.85 ** passed)
            a.res_how = "attributed speaker" if dist else "attributed speaker, same sentence"
            a.res_mention = found.mention
            return
        # fallback: the one person named outside quotes in the nearest sentence that names anyone
        for si in range(s.idx, max(-1, s.idx - 3), -1):
            t = self.sents[si]
            if t.skip or s.para - t.para > 1:
                continue
            ms = [m for m in t.mentions if m.validated and m.entity is not None and (si < s.idx or m.i0 < a.pos)]
            if not ms:
                continue
            ents = {m.entity.id for m in ms}
            if len(ents) != 1:
                return
            a.resolved, a.res_conf, a.res_how, a.res_mention = ms[0].entity, 0.6, "nearest person named", ms[0]
            return

    def _opens_with_institution(self, t: Sent) -> Optional[str]:
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
            if start + 1 < len(toks) and not toks[start].q and toks[start + 1].low in self.L.institutions:
                d = toks[start].low
                if d in self.L.det and self.L.det[d] in ("m", "f"):
                    return self.L.det[d]
                if d in self.L.det or d == "l'":
                    return "n"
        return None

    def _ambiguous(self, s: Sent, a: Attr, from_sent: int, speaker: Entity) -> bool:
        """Another person named between the speaker and the pronoun, who could be its antecedent."""
        for si in range(from_sent + 1, s.idx + 1):
            t = self.sents[si]
            for m in t.mentions:
                if si == s.idx and m.i0 >= a.pos:
                    continue
                if not m.validated or m.entity is None or m.entity is speaker:
                    continue
                g = self.static_gender(m.entity)
                if g is not None and a.gender is not None and g != a.gender:
                    continue
                return True
        return False

    # ------------------------------------------------------------- verdicts
    def _verdict_table(self, e: Entity, counts: dict[str, int]) -> Callable[[Attr], tuple]:
        """decide(e, a)'s verdict and scores for any form `a` resolved to e, without building the
        evidence list: the entity's own evidence, then one agreement per other form of e (weights
        fixed per gender), multiplied in the order decide() multiplies them."""
        static = [x for x in e.evidence if x.kind != "agreement"]
        if static:
            sf, sm = _scores(static)
            g = _decide(sf, sm)
            return lambda a: (g, sf, sm)
        pf = pm = 1.0
        for x in e.evidence:
            if x.gender == "f":
                pf *= 1 - x.weight
            elif x.gender == "m":
                pm *= 1 - x.weight
        seq = {"f": [pf], "m": [pm]}
        for gender in ("f", "m"):
            for _ in range(counts.get(gender, 0)):
                seq[gender].append(seq[gender][-1] * (1 - AGREEMENT_WEIGHT[gender]))

        def verdict(a: Attr) -> tuple:
            nf = counts.get("f", 0) - (a.gender == "f")
            nm = counts.get("m", 0) - (a.gender == "m")
            sf, sm = 1 - seq["f"][nf], 1 - seq["m"][nm]
            return _decide(sf, sm), sf, sm
        return verdict

    def decide(self, e: Entity, exclude: Attr) -> tuple[Optional[str], float, float, list[Evidence]]:
        """The speaker's gender: from titles, honorifics, name particles and the first name where there are
        any; only where there are none, from agreement elsewhere in the translation (which may share the
        machine's error, so it never outvotes the other evidence)."""
        items = self.evidence_for(e, exclude)
        static = [x for x in items if x.kind != "agreement"]
        sf, sm = _scores(static if static else items)
        return _decide(sf, sm), sf, sm, items

    def disagreements(self) -> Iterable[tuple[Sent, Attr, str, float, list[Evidence], float, float]]:
        # decide() for every form walks every form of the article (quadratic: 35 s on 100 KB of short
        # sentences about one speaker). The verdict needs only the entity's own evidence and how many
        # forms of each gender agree with it: the scores are computed from counts (the same products,
        # in the same order), and the full list of evidence is built only for a finding.
        agreeing: dict[int, dict[str, int]] = {}
        for s in self.sents:
            for a in s.attrs:
                if a.gender is None or a.resolved is None or a.kind not in ("pronoun", "possessive", "participle"):
                    continue
                n = agreeing.setdefault(id(a.resolved), {"f": 0, "m": 0})
                if a.gender in n:
                    n[a.gender] += 1
        verdicts: dict[int, Any] = {}
        for s in self.sents:
            for a in s.attrs:
                if a.gender is None or a.resolved is None or a.kind not in ("pronoun", "possessive", "participle"):
                    continue
                e = a.resolved
                v = verdicts.get(id(e))
                if v is None:
                    v = verdicts[id(e)] = self._verdict_table(e, agreeing[id(e)])
                g, sf, sm = v(a)
                if g is None or g == a.gender:
                    continue
                g, sf, sm, items = self.decide(a.resolved, a)     # the evidence, for the finding
                sg, so = (sf, sm) if g == "f" else (sm, sf)
                conf = a.res_conf * sg * (1 - 0.5 * so)
                if not any(x.kind != "agreement" for x in items):
                    conf *= 0.7
                yield s, a, g, conf, items, sf, sm


_NOT_PERSONS = {"sri lanka", "santa maria", "maria's", "victoria falls", "grace period"}


def _scores(items: list[Evidence]) -> tuple[float, float]:
    pf = pm = 1.0
    for x in items:
        if x.gender == "f":
            pf *= 1 - x.weight
        elif x.gender == "m":
            pm *= 1 - x.weight
    return 1 - pf, 1 - pm


def _decide(sf: float, sm: float) -> Optional[str]:
    if sf >= DECIDE_MIN and sf - sm >= DECIDE_MARGIN:
        return "f"
    if sm >= DECIDE_MIN and sm - sf >= DECIDE_MARGIN:
        return "m"
    return None


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_ADJ_F = (("euse", "eux"), ("ive", "if"), ("elle", "el"), ("enne", "en"), ("ète", "et"), ("ée", "é"),
          ("ue", "u"), ("ie", "i"), ("aite", "ait"), ("uite", "uit"), ("ise", "is"), ("ente", "ent"),
          ("ante", "ant"), ("use", "us"), ("ine", "in"))


def _adj_gender(w: str) -> Optional[str]:
    for f, m in _ADJ_F:
        if w.endswith(f):
            return "f"
    for f, m in _ADJ_F:
        if w.endswith(m):
            return "m"
    return None


def _swap_adj(w: str) -> str:
    for f, m in _ADJ_F:
        if w.endswith(f):
            return w[: -len(f)] + m
    for f, m in _ADJ_F:
        if w.endswith(m):
            return w[: -len(m)] + f
    return w


def _source_honorifics(source: Document) -> dict[str, list[tuple[str, str, int]]]:
    """Name token (lower case) -> [(gender, 'Ibu Sri Mulyani', source line)] from Indonesian forms of address."""
    titles = load_json("gender_titles.json")["id"]
    hon = {x: g for g, words in titles["honorifics"].items() for x in words}
    not_person = set(titles["not_a_person_after_honorific"])
    skip = set(titles["titles_after_honorific"])
    out: dict[str, list[tuple[str, str]]] = {}
    for p in source.paragraphs:
        line = source.line_col(p.start)[0] if p.offsets else 0
        words = re.findall(r"[^\W_](?:[\w'’.-]*[^\W_])?\.?", p.text)
        for i, wd in enumerate(words):
            low = wd.lower()
            if not wd[:1].isupper() or low not in hon:
                continue
            names = []
            j = i + 1
            while j < len(words) and len(names) < 4:
                nx = words[j]
                nl = nx.lower().rstrip(".")
                if not nx[:1].isupper():
                    break
                if nl in not_person and not names:
                    names = []
                    break
                if nl in skip or nx.lower() in skip:
                    j += 1
                    continue
                names.append(nl)
                j += 1
            if names:
                text = " ".join(words[i:j])
                for n in names:
                    out.setdefault(n, []).append((hon[low], text, line))
    return out


# ----------------------------------------------------------------------- the check

def _evidence_phrase(x: Evidence) -> str:
    if x.kind == "first_name":
        return f"first name '{x.text}'"
    if x.kind == "honorific":
        return f"source '{x.text}'" + (f" (source line {x.line})" if x.line else "")
    if x.kind == "particle":
        return f"'{x.text}' in the name"
    if x.kind == "agreement":
        return f"'{x.text}' (line {x.line})"
    return f"'{x.text}'"


@register
class SpeakerGender(Check):
    info = CheckInfo(
        code="AUD601",
        fix="safe", fix_safe_from=0.85,
        name="speaker-gender",
        category="speaker_gender",
        severity="major",
        summary="A pronoun or agreement in a speech attribution contradicts the speaker's gender.",
        explanation=(
            "Indonesian marks no gender in 'katanya', 'ujarnya', 'sambungnya' or 'dia', so machine "
            "translation tends to attribute quotes with the masculine ('», a-t-il poursuivi', 'he said') "
            "even when the speaker is a woman, and sometimes the reverse. This check finds speech "
            "attributions in French and English translations (inverted pronouns, 'il/elle a déclaré', "
            "'selon lui/elle', 'he/she said', 'according to him/her', 'his/her' in the attribution clause, "
            "participles that agree with a named subject such as 's'est dit(e)'), resolves who speaks "
            "(the subject of the attribution, or for a pronoun the nearest attributed speaker in the "
            "preceding sentences and paragraphs, never a person merely named inside a quote), and decides "
            "the speaker's gender from evidence: titles and determiners in the translation ('la "
            "porte-parole', 'Mme', 'Ms', 'spokeswoman'), Indonesian honorifics in the source ('Ibu', 'Bu', "
            "'Pak', 'Bapak'), 'bin'/'binti', a bundled first-name lexicon, and agreement elsewhere in the "
            "translation. Where the evidence is thin or conflicting, or another person named in between "
            "could be meant, it says nothing. The finding names the speaker, the line and the evidence, "
            "and suggests the agreeing form."
        ),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = ctx.tgt_lang
        if lang not in ("fr", "en"):
            return
        skip = frozenset(ctx.boilerplate_ids)
        an = Analysis(ctx.translation, ctx.source, lang, skip)
        for s, a, g, conf, items, sf, sm in an.disagreements():
            text = an._text(s, a.t0, a.t1)
            spk = a.resolved
            line = a.res_mention.line if a.res_mention is not None else spk.first_line
            support = sorted((x for x in items if x.gender == g), key=lambda x: (x.kind == "agreement", -x.weight))
            ev = ", ".join(_evidence_phrase(x) for x in support[:3])
            msg = (f"speaker: {spk.name}, line {line}, {ev}; '{text}' is {GENDER_WORD[a.gender]}"
                   + (f" ({a.res_how})" if a.res_how and a.res_how != "subject" else ""))
            s_start = s.toks[a.t0].start
            s_end = s.toks[a.t1].end
            yield ctx.finding(
                self, s.seg, s_start, s_end, msg,
                suggestion=a.suggestion, confidence=min(0.95, conf),
                speaker=spk.name, speaker_line=line, speaker_gender=g,
                form_gender=a.gender, resolution=a.res_how or "subject",
                gender_evidence=[x.as_dict() for x in items],
                gender_scores={"f": round(sf, 3), "m": round(sm, 3)},
            )
