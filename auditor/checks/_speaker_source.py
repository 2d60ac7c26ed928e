"""Reading the Indonesian source for the speaker-gender check (AUD611, checks/speaker_script.py).

Who speaks in each source sentence ('kata Retno', 'Ibu Evy mengatakan', 'Menurut Eri', and
'ujarnya'/'Ia menambahkan' for the last person named), and each person's gender from the source
alone: an honorific before the name, the bundled first-name lexicon, a gender noun beside the name,
then the optional indonamegender model. Words: data/speaker_script.json and data/gender_titles.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..data import load_json
from .base import Context
from ._wordtools import fold_word, zipf

GENDER_WORD = {"f": "feminine", "m": "masculine"}
_CAP_WORD = re.compile(r"[A-Z][\w'’-]*")
_TITLE_RUN = re.compile(r"((?:[A-Z][\w'’-]* )+)$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MAX_PARAGRAPHS_BACK = 3


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_json("speaker_script.json")


@lru_cache(maxsize=1)
def _honorifics() -> tuple[dict, frozenset, frozenset]:
    t = load_json("gender_titles.json")["id"]
    hon = {x.rstrip("."): g for g, words in t["honorifics"].items() for x in words}
    return hon, frozenset(t["titles_after_honorific"]), frozenset(t["not_a_person_after_honorific"])


def _first_names() -> dict:
    from .speaker import first_names
    return first_names()

@dataclass
class Person:
    tokens: tuple[str, ...]          # lower-case name words, as first named in full
    gender: Optional[str] = None
    evidence: str = ""
    line: int = 0
    personal: bool = False           # named as a person: after an honorific or a rank, or in two words or more

    @property
    def name(self) -> str:
        return " ".join(t.capitalize() for t in self.tokens)


@dataclass
class SourceSpeakers:
    """Who speaks in each source sentence (by sentence id), and the people of the article."""
    speaker: dict               # source sentence id -> Person (or None where unknown)
    how: dict                   # source sentence id -> 'subject' | 'pronoun'


def _name_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of each run of capitalised words (commas end a run)."""
    out = []
    cur: list[re.Match] = []
    for m in _CAP_WORD.finditer(text):
        if cur and text[cur[-1].end():m.start()] == " ":
            cur.append(m)
            continue
        if cur:
            out.append((cur[0].start(), cur[-1].end(), [x.group() for x in cur]))
        cur = [m]
    if cur:
        out.append((cur[0].start(), cur[-1].end(), [x.group() for x in cur]))
    return out


class _People:
    def __init__(self, ctx: Context):
        fn = _first_names()
        self.people: list[Person] = []
        self.by_token: dict[str, Person] = {}
        self.aliases: list[tuple[tuple[str, ...], Person]] = []
        from .entities import SourceInfo, extract_mentions
        info = SourceInfo(ctx)
        for s in ctx.source.sentences:
            line = ctx.source.line_col(s.start)[0]
            for m in extract_mentions(s.text, info):
                if m.kind in ("name", "person"):
                    self._mention(s.text, m, line, fn)
        _, titles, not_person = _honorifics()
        for p in self.people:
            if p.gender is None:
                _first_name_gender(p, fn, titles, not_person)
            if p.gender is None and p.personal:
                _name_model(p, fn, titles)

    def _mention(self, text: str, m, line: int, fn: dict) -> None:
        """One mention of a person in a source sentence: link it to a person of the article (or a
        new one), and read the gender written beside it."""
        hon, titles, _ = _honorifics()
        mt = m.toks
        words = [t.text for t in mt]
        toks = tuple(w.lower() for w in words)
        person = self._link(toks)
        before = text[max(0, mt[0].start - 40):mt[0].start]
        bw = [w for w in _WORD.findall(before) if w.lower() not in titles]
        honorific = bool(bw) and bw[-1][:1].isupper() and bw[-1].lower().rstrip(".") in hon
        after_rank = any(fold_word(w) in _ranks() for w in bw[-2:])
        speaking = len(toks) == 1 and _speaking_alone(text, mt[0].start, mt[-1].end)
        if person is None:
            if len(toks) < 2 and toks[0] not in fn and not honorific and not after_rank and not speaking:
                return        # one unknown capitalised word: a place as likely as a person
            person = Person(toks, line=line)
            self.people.append(person)
            self._register(toks, person, fn)
        elif len(toks) > len(person.tokens):
            person.tokens = toks
            self._register(toks, person, fn)
        if honorific or after_rank or speaking or (len(toks) >= 2 and not m.before_title):
            person.personal = True
            self._title_alias(before, person)
        if person.gender is None:
            after = _WORD.findall(text[mt[-1].end:mt[-1].end + 30])[:3]
            _gender_beside(person, words, bw if honorific else [], bw[-2:] + after, line)

    def _register(self, toks: tuple[str, ...], person: Person, fn: dict) -> None:
        for k, t in enumerate(toks):
            # a place or a common word that opens the run ('Riau' Rosmawati Harahap) names no one
            if k == 0 and len(toks) > 1 and t not in fn and zipf(t, "id") >= PLACE_ZIPF:
                continue
            self.by_token.setdefault(t, person)

    def _title_alias(self, before: str, person: Person) -> None:
        """The office written right before the name ('Kepala Dinas Kesehatan' Widyastuti), by which the
        source may name the person later ('Kepala Dinas Kesehatan juga meminta')."""
        from .entities import table
        m = _TITLE_RUN.search(before)
        if m is None:
            return
        seq = tuple(w.lower() for w in m.group(1).split())
        e = table().by_key.get((fold_word(seq[0]),))
        if e is not None and e.kind == "title":
            self.aliases.append((seq, person))

    def _link(self, toks: tuple[str, ...]) -> Optional[Person]:
        # from the end: the name closes a run that opens with an office and a place
        for t in reversed(toks):
            p = self.by_token.get(t)
            if p is not None:
                return p
        return None

    def find(self, words: list[str]) -> Optional[Person]:
        toks = tuple(w.lower() for w in words)
        p = self._link(toks)
        if p is not None or not toks:
            return p
        # an office alone, which one person of the article holds: that person
        held = {id(q): q for seq, q in self.aliases if seq[:len(toks)] == toks}
        return next(iter(held.values())) if len(held) == 1 else None


def _gender_beside(person: Person, words: list[str], honorific: list[str], beside: list[str], line: int) -> None:
    """The gender written beside a mention of the person: the honorific before the name (the last
    word of `honorific`, if any), a title opening the name ('Nyonya'), a gender noun among the words
    `beside` it."""
    hon = _honorifics()[0]
    toks = [w.lower() for w in words]
    ntitles = {w: g for g, ws in _data()["id"]["name_titles"].items() for w in ws}
    if honorific:
        h = honorific[-1].lower().rstrip(".")
        person.gender, person.evidence = hon[h], f"source '{honorific[-1]} {' '.join(words)}' (line {line})"
        return
    if len(toks) >= 2 and toks[0] in ntitles:
        person.gender = ntitles[toks[0]]
        person.evidence = f"source '{' '.join(words)}' (line {line}): '{words[0]}' opens a {GENDER_WORD[person.gender]} name"
        return
    gnouns = _gender_nouns()
    for w in beside:
        g = gnouns.get(w.lower())
        if g and w.lower() not in ("ibu", "bapak"):
            person.gender, person.evidence = g, f"source '{w}' beside '{' '.join(words)}' (line {line})"
            return


def _first_name_gender(p: Person, fn: dict, titles: frozenset, not_person: frozenset) -> None:
    """The gender of the first word of the person's name that the first-name lexicon knows."""
    for t in p.tokens:
        e = fn.get(t)
        if e is None or t in titles or t in not_person:
            continue
        if e[0] in ("f", "m"):
            p.gender, p.evidence = e[0], f"first name '{t.capitalize()}'"
        break


# a single capitalised word as common as this in Indonesian text (wordfreq zipf) is a place or a
# word ('Bogor', 'Depok'), not the given name of a speaker no lexicon knows
PLACE_ZIPF = 3.0


@lru_cache(maxsize=1)
def _speech_patterns() -> tuple[re.Pattern, re.Pattern]:
    d = _data()["id"]
    before = "|".join(d["verbs_before_name"] + d["according_to"])
    after = "|".join(d["verbs_after_name"])
    return (re.compile(rf"(?<![\w])(?:{before})\s+$", re.IGNORECASE),
            re.compile(rf"^\s*,?\s*(?:{after})(?![\w])", re.IGNORECASE))


def _speaking_alone(text: str, start: int, end: int) -> bool:
    """Is the one capitalised word at text[start:end] a speaker named by a single name: right after
    'kata'/'menurut' or right before 'mengatakan', not right after an office ('Bupati Bogor
    mengatakan': a place), and rare as a word?"""
    from ._wordtools import zipf
    from .entities import table
    word = text[start:end]
    if zipf(word.lower(), "id") >= PLACE_ZIPF:
        return False
    re_before, re_after = _speech_patterns()
    if re_before.search(text[max(0, start - 30):start]):
        return True
    if not re_after.match(text[end:end + 40]):
        return False
    prev = _WORD.findall(text[max(0, start - 40):start])
    if not prev:
        return True
    e = table().by_key.get((fold_word(prev[-1]),))
    return not (e is not None and e.kind == "title")


# indonamegender's answer counts only from this confidence (speaker.evidence gives such an answer
# the weight of a first name of the lexicon, enough to decide alone)
NAME_MODEL_MIN = 0.97


def _name_model(p: Person, fn: dict, titles: frozenset) -> None:
    """The gender the optional indonamegender model gives a person's name that the lexicon cannot
    decide: an Indonesian name (no word the lexicon knows as foreign), titles left out."""
    from .speaker import namegender
    from ._wordtools import zipf
    core = [t for t in p.tokens if t not in titles and fold_word(t) not in _ranks()]
    if not core or any(fn.get(t, ("", ""))[1] not in ("", "id") for t in core):
        return
    got = namegender.predict(" ".join(core))
    # a place or a common word run into the name ('Kota Malang Suhartini'): the rest, unless the
    # whole name says the other gender ('Nurul' is a common word too)
    rare = [t for t in core if zipf(t, "id") < PLACE_ZIPF]
    if (got is None or got[1] < NAME_MODEL_MIN) and rare and rare != core:
        alone = namegender.predict(" ".join(rare))
        if alone is not None and (got is None or alone[0] == got[0]):
            got, core = alone, rare
    if got is None or got[1] < NAME_MODEL_MIN:
        return
    p.gender, p.evidence = got[0], f"name '{' '.join(t.capitalize() for t in core)}' (indonamegender)"


@lru_cache(maxsize=1)
def _ranks() -> frozenset:
    from .entities import table
    return table().ranks


def source_people(ctx: Context) -> "_People":
    """The people the source names (with their gender where the source tells it), once per audit."""
    people = ctx.shared.source_people
    if people is None:
        people = ctx.shared.source_people = _People(ctx)
    return people


@lru_cache(maxsize=1)
def _gender_nouns() -> dict:
    return {w: g for g, ws in _data()["id"]["gender_nouns"].items() for w in ws}


def _described_speaker(text: str, re_before: re.Pattern, re_after: re.Pattern, line: int) -> Optional[Person]:
    """The speaker described by a gender noun right after a speech verb ('ujar perempuan itu') or
    before one with a demonstrative ('Pria itu mengatakan')."""
    gn = _gender_nouns()
    for m in re_before.finditer(text):
        w = _WORD.match(text, m.end())
        if w and w.group().lower() in gn and w.group()[:1].islower():
            noun = w.group().lower()
            return Person((noun,), gn[noun], f"source '{text[m.start():w.end()].strip()}' (line {line})", line)
    for m in re.finditer(r"(?<![\w])(" + "|".join(map(re.escape, gn)) + r")\s+(?:itu|tersebut)\s+", text,
                         re.IGNORECASE):
        v = re_after.match(text, m.end())
        if v:
            noun = m.group(1).lower()
            return Person((noun,), gn[noun], f"source '{text[m.start():v.end()].strip()}' (line {line})", line)
    return None


@dataclass(frozen=True)
class _Attribution:
    """The source's patterns of attribution: a speech verb before the name ('kata'), after it
    ('mengatakan'), 'menurut', and the pronoun attributions ('ujarnya')."""
    before: re.Pattern
    after: re.Pattern
    according: re.Pattern
    pronouns: frozenset


@lru_cache(maxsize=1)
def _attribution() -> _Attribution:
    d = _data()["id"]
    before = "|".join(d["verbs_before_name"])
    after = "|".join(d["verbs_after_name"])
    acc = "|".join(d["according_to"])
    return _Attribution(re.compile(rf"(?<![\w])(?:{before})(?![\w])\s+", re.IGNORECASE),
                        re.compile(rf"(?<![\w])(?:{after})(?![\w])", re.IGNORECASE),
                        re.compile(rf"(?<![\w])(?:{acc})(?![\w])\s+", re.IGNORECASE),
                        frozenset(d["pronoun_attributions"]))


def _named_after_verb(text: str, att: _Attribution, people: _People) -> Optional[Person]:
    """'kata Retno', 'Menurut Retno': the first person named after the word."""
    for rx in (att.before, att.according):
        for m in rx.finditer(text):
            for a, _, words in _name_runs(text[m.end():m.end() + 80]):
                if a <= 60:
                    p = people.find(words)
                    if p is not None:
                        return p
    return None


def _named_before_verb(text: str, att: _Attribution, people: _People) -> Optional[Person]:
    """'Ibu Evy Afianasari, mengatakan': the last person named before the verb, in its clause."""
    runs = _name_runs(text)
    for m in att.after.finditer(text):
        cands = [(a, b, w) for a, b, w in runs if b <= m.start() and '"' not in text[b:m.start()]
                 and "“" not in text[b:m.start()]]
        for _, _, words in reversed(cands):
            p = people.find(words)
            if p is not None:
                return p
    return None


def source_speakers(ctx: Context) -> SourceSpeakers:
    cached = ctx.shared.source_speakers
    if cached is not None:
        return cached
    att = _attribution()
    people = source_people(ctx)
    speaker: dict = {}
    how: dict = {}
    last: Optional[Person] = None
    last_para = -1
    for s in ctx.source.sentences:
        if last is not None and s.para - last_para > MAX_PARAGRAPHS_BACK:
            last = None
        # an unnamed speaker the source describes by a gender noun: 'ujar perempuan itu',
        # 'kata pria berusia 40 tahun itu', 'Wanita itu mengatakan'
        found = _named_after_verb(s.text, att, people) or _named_before_verb(s.text, att, people) \
            or _described_speaker(s.text, att.before, att.after, line=ctx.source.line_col(s.start)[0])
        words_low = [w.lower() for w in _WORD.findall(s.text)]
        if found is not None:
            speaker[s.id], how[s.id] = found, "subject"
        elif any(w in att.pronouns for w in words_low) and last is not None:
            speaker[s.id], how[s.id] = last, "pronoun"
        # the last person named, outside quotes, is the referent of the next pronoun
        outside = re.sub(r"[\"“][^\"”]*[\"”]", " ", s.text)
        named = [p for p in (people.find(w) for _, _, w in _name_runs(outside)) if p is not None]
        if found is not None:
            last, last_para = found, s.para
        elif named:
            last, last_para = named[-1], s.para
        elif s.id in speaker:
            last_para = s.para
    out = SourceSpeakers(speaker, how)
    ctx.shared.source_speakers = out
    return out
