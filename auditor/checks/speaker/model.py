"""The data the speaker passes hand to each other.

`Article` is the translation read into sentences of tokens; the mention pass fills
`Sent.mentions` and `Article.entities`, the attribution passes fill `Sent.attrs`, the
coreference pass fills `Attr.resolved`, the evidence pass fills `Entity.evidence`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...types import Document, Segment
from .lexicon import QUOTES, LangData, lang_data
from .tokens import Tok, mark_quotes, tokenize

SOURCE_KINDS = frozenset({"honorific", "first_name", "name_model", "particle", "gender_word"})


@dataclass
class Evidence:
    kind: str        # title | abbreviation | honorific | particle | first_name | name_model | gender_word | agreement
    text: str
    gender: str
    weight: float
    line: int        # translation line; for source evidence, the source line

    @property
    def from_source(self) -> bool:
        return self.kind in SOURCE_KINDS

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
    evidence: list = field(default_factory=list)     # Evidence that does not depend on an attribution
    titles: list = field(default_factory=list)       # (Sent, t0, t1, Evidence): gendered titles in the translation
    first_line: int = 0
    done: bool = False                                # the evidence pass has seen it


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
    kind: str                 # pronoun | possessive | agreement | participle | explicit | nonperson | plural | subject
    gender: Optional[str] = None     # the gender the flagged form marks
    entity: Optional[Entity] = None  # explicit subject, where known
    mention: Optional[Mention] = None
    host: Optional["Attr"] = None    # possessives, agreements: the attribution they belong to
    suggestion: Optional[str] = None
    resolved: Optional[Entity] = None
    res_conf: float = 0.0
    res_how: str = ""
    res_mention: Optional[Mention] = None
    igender: Optional[str] = None    # nonperson anchors: grammatical gender of the body (French)
    speech: bool = True              # participles: "s'est dite" reports speech, "est arrivée" does not;
                                     # pronouns: False for a subject with another verb ("Il espère")
    initial: bool = False            # pronouns: the sentence's subject ("Il a ajouté", "She noted")
    person: bool = False             # pronouns: the source sentence says a person is meant ("Ia menambahkan")

    @property
    def is_anchor(self) -> bool:
        return self.kind in ("explicit", "nonperson", "plural", "subject") or \
            (self.kind == "participle" and self.speech)


@dataclass
class Sent:
    idx: int
    seg: Segment
    para: int
    toks: list[Tok]
    line: int
    mentions: list[Mention] = field(default_factory=list)
    attrs: list[Attr] = field(default_factory=list)
    skip: bool = False

    @property
    def has_quote(self) -> bool:
        return any(t.q or (not t.word and t.text in QUOTES) for t in self.toks)

    def text(self, t0: int, t1: int) -> str:
        return self.seg.text[self.toks[t0].start:self.toks[t1].end]


@dataclass
class Article:
    """The translation as the speaker passes see it."""
    lang: str
    doc: Document
    L: LangData
    sents: list[Sent] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # indexes over `entities`, so that linking a mention is not a walk over all of them (quadratic
    # on 100 KB of "M. M. M. ..."): name word -> ids of the entities holding it, and
    # title noun -> the latest entity with that title
    by_token: dict = field(default_factory=dict)
    by_title: dict = field(default_factory=dict)
    # folded words the source gives as a person's name (SourceInfo.persons): a name the first-name
    # lexicon does not know is still a person where the source says so
    src_persons: frozenset = frozenset()
    src_words: frozenset = frozenset()      # every folded word of the source
    tgt_words: frozenset = frozenset()      # every folded word of the translation

    @classmethod
    def read(cls, doc: Document, lang: str, skip_ids: frozenset = frozenset()) -> "Article":
        art = cls(lang, doc, lang_data(lang))
        for p in doc.paragraphs:
            open_q = False
            for seg in p.sentences:
                toks = tokenize(seg.text, lang)
                open_q = mark_quotes(toks, open_q)
                line = doc.line_col(seg.start)[0] if seg.offsets else 0
                art.sents.append(Sent(len(art.sents), seg, p.index, toks, line, skip=seg.id in skip_ids))
        return art

    def add_entity(self, e: Entity) -> Entity:
        """Append a new entity (its id is its place in `entities`) and index it."""
        self.entities.append(e)
        for w in e.tokens:
            self.by_token.setdefault(w, []).append(e.id)
        for noun in e.title_nouns:
            self.by_title[noun] = max(self.by_title.get(noun, -1), e.id)
        return e

    def add_tokens(self, e: Entity, words: set) -> None:
        """Give an entity more name words."""
        for w in words - e.tokens:
            self.by_token.setdefault(w, []).append(e.id)
        e.tokens |= words

    def add_title_noun(self, e: Entity, noun: str) -> None:
        e.title_nouns.add(noun)
        self.by_title[noun] = max(self.by_title.get(noun, -1), e.id)

    def sharing(self, words) -> list[int]:
        """Ids of the entities holding any of these words, latest first."""
        ids: set[int] = set()
        for w in words:
            ids.update(self.by_token.get(w, ()))
        return sorted(ids, reverse=True)

    def latest_with_title(self, noun: str) -> Optional[Entity]:
        eid = self.by_title.get(noun)
        return None if eid is None else self.entities[eid]

    def line_of(self, s: Sent, ti: int) -> int:
        tok = s.toks[ti]
        if tok.start < len(s.seg.offsets):
            return self.doc.line_col(s.seg.offsets[tok.start])[0]
        return s.line
