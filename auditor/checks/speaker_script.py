"""Speaker gender in Chinese, Japanese and Arabic translations (AUD611).

Indonesian marks no gender in 'katanya', 'ujarnya' or 'ia'; Chinese does in 他/她, Japanese in
彼/彼女, Arabic in the verb ('قال'/'قالت') and the pronoun suffixes ('وفقا له'/'لها'). This module

1. reads the Indonesian source: who speaks in each sentence ('kata Retno', 'Ibu Evy mengatakan',
   'Menurut Eri', and 'ujarnya'/'Ia menambahkan' for the last person named), and each person's
   gender from the source alone: an honorific before the name (Ibu, Bu, Pak, Bapak...), the
   bundled first-name lexicon (speaker.first_names), a gender noun beside the name
   ('perempuan', 'pria');
2. finds in the aligned translation sentences the forms that mark the speaker's gender: 他/她 as
   the subject of a speech verb (zh), 彼/彼女 as the subject of an attribution (ja), a speech
   verb opening a clause or an attribution phrase with a pronoun suffix (ar);
3. reports a form of the other gender, with the evidence and the agreeing form.

It is its own module, apart from the French/English checks (the checks/speaker/ package, AUD601 and AUD602), and uses
only that module's public `first_names()`; the speaker package can take it in as one more pass.
Words live in data/speaker_script.json and data/gender_titles.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..types import Finding, Segment
from ._scripts import ar_norm, arabic_words, base_lang
from .base import Check, CheckInfo, Context, register
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


# ------------------------------------------------------------------------- the source

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
        hon, titles, not_person = _honorifics()
        fn = _first_names()
        self.people: list[Person] = []
        self.by_token: dict[str, Person] = {}
        self.aliases: list[tuple[tuple[str, ...], Person]] = []
        gnouns = {w: g for g, ws in _data()["id"]["gender_nouns"].items() for w in ws}
        ntitles = {w: g for g, ws in _data()["id"]["name_titles"].items() for w in ws}
        from .entities import SourceInfo, extract_mentions
        info = SourceInfo(ctx)
        ranks = _ranks()
        for s in ctx.source.sentences:
            line = ctx.source.line_col(s.start)[0]
            for m in extract_mentions(s.text, info):
                if m.kind not in ("name", "person"):
                    continue
                mt = m.toks
                words = [t.text for t in mt]
                toks = tuple(w.lower() for w in words)
                person = self._link(toks)
                before = s.text[max(0, mt[0].start - 40):mt[0].start]
                bw = [w for w in _WORD.findall(before) if w.lower() not in titles]
                honorific = bool(bw) and bw[-1][:1].isupper() and bw[-1].lower().rstrip(".") in hon
                after_rank = any(fold_word(w) in ranks for w in bw[-2:])
                speaking = len(toks) == 1 and _speaking_alone(s.text, mt[0].start, mt[-1].end)
                if person is None:
                    if len(toks) < 2 and toks[0] not in fn and not honorific and not after_rank and not speaking:
                        continue        # one unknown capitalised word: a place as likely as a person
                    person = Person(toks, line=line)
                    self.people.append(person)
                    self._register(toks, person, fn)
                elif len(toks) > len(person.tokens):
                    person.tokens = toks
                    self._register(toks, person, fn)
                if honorific or after_rank or speaking or (len(toks) >= 2 and not m.before_title):
                    person.personal = True
                    self._title_alias(before, person)
                # evidence beside the name in this sentence: an honorific, a gender noun
                if person.gender is None and honorific:
                    h = bw[-1].lower().rstrip(".")
                    person.gender, person.evidence = hon[h], f"source '{bw[-1]} {' '.join(words)}' (line {line})"
                if person.gender is None and len(toks) >= 2 and toks[0] in ntitles:
                    person.gender = ntitles[toks[0]]
                    person.evidence = f"source '{' '.join(words)}' (line {line}): '{words[0]}' opens a {GENDER_WORD[person.gender]} name"
                after = _WORD.findall(s.text[mt[-1].end:mt[-1].end + 30])[:3]
                if person.gender is None:
                    for w in bw[-2:] + after:
                        g = gnouns.get(w.lower())
                        if g and w.lower() not in ("ibu", "bapak"):
                            person.gender, person.evidence = g, f"source '{w}' beside '{' '.join(words)}' (line {line})"
                            break
        for p in self.people:
            if p.gender is None:
                for t in p.tokens:
                    e = fn.get(t)
                    if e is None or t in titles or t in not_person:
                        continue
                    if e[0] in ("f", "m"):
                        p.gender, p.evidence = e[0], f"first name '{t.capitalize()}'"
                    break
            if p.gender is None and p.personal:
                _name_model(p, fn, titles)

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
    people = ctx.cache.get("source_people")
    if people is None:
        people = ctx.cache["source_people"] = _People(ctx)
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


def source_speakers(ctx: Context) -> SourceSpeakers:
    cached = ctx.cache.get("speaker_script")
    if cached is not None:
        return cached
    d = _data()["id"]
    people = source_people(ctx)
    before = "|".join(d["verbs_before_name"])
    after = "|".join(d["verbs_after_name"])
    acc = "|".join(d["according_to"])
    pron = set(d["pronoun_attributions"])
    re_before = re.compile(rf"(?<![\w])(?:{before})(?![\w])\s+", re.IGNORECASE)
    re_after = re.compile(rf"(?<![\w])(?:{after})(?![\w])", re.IGNORECASE)
    re_acc = re.compile(rf"(?<![\w])(?:{acc})(?![\w])\s+", re.IGNORECASE)
    speaker: dict = {}
    how: dict = {}
    last: Optional[Person] = None
    last_para = -1
    for s in ctx.source.sentences:
        if last is not None and s.para - last_para > MAX_PARAGRAPHS_BACK:
            last = None
        runs = _name_runs(s.text)
        found: Optional[Person] = None
        # 'kata Retno', 'Menurut Retno': the first person named after the word
        for rx in (re_before, re_acc):
            for m in rx.finditer(s.text):
                for a, b, words in _name_runs(s.text[m.end():m.end() + 80]):
                    if a <= 60:
                        p = people.find(words)
                        if p is not None:
                            found = p
                            break
                if found:
                    break
            if found:
                break
        # 'Ibu Evy Afianasari, mengatakan': the last person named before the verb, in its clause
        if found is None:
            for m in re_after.finditer(s.text):
                cands = [(a, b, w) for a, b, w in runs if b <= m.start() and '"' not in s.text[b:m.start()]
                         and "“" not in s.text[b:m.start()]]
                for a, b, words in reversed(cands):
                    p = people.find(words)
                    if p is not None:
                        found = p
                        break
                if found:
                    break
        # an unnamed speaker the source describes by a gender noun: 'ujar perempuan itu',
        # 'kata pria berusia 40 tahun itu', 'Wanita itu mengatakan'
        if found is None:
            found = _described_speaker(s.text, re_before, re_after, line=ctx.source.line_col(s.start)[0])
        words_low = [w.lower() for w in _WORD.findall(s.text)]
        if found is not None:
            speaker[s.id], how[s.id] = found, "subject"
        elif any(w in pron for w in words_low) and last is not None:
            speaker[s.id], how[s.id] = last, "pronoun"
        # the last person named, outside quotes, is the referent of the next pronoun
        outside = re.sub(r"[\"“][^\"”]*[\"”]", " ", s.text)
        named = [people.find(w) for _, _, w in _name_runs(outside)]
        named = [p for p in named if p is not None]
        if found is not None:
            last, last_para = found, s.para
        elif named:
            last, last_para = named[-1], s.para
        elif s.id in speaker:
            last_para = s.para
    out = SourceSpeakers(speaker, how)
    ctx.cache["speaker_script"] = out
    return out


# ------------------------------------------------------------------------- the translation

@dataclass
class Form:
    start: int
    end: int
    gender: str
    suggestion: str


def _forms_zh(text: str) -> list[Form]:
    verbs = "|".join(sorted(_data()["zh"]["speech_verbs"], key=len, reverse=True))
    rx = re.compile(rf"(?:(?<=^)|(?<=[，。、；：！？”」』\s（])|(?<=据))([他她])(?![们人国乡])([^，。；！？“”「」]{{0,10}}?)({verbs})")
    out = []
    for m in rx.finditer(text):
        g = "f" if m.group(1) == "她" else "m"
        other = "他" if g == "f" else "她"
        out.append(Form(m.start(1), m.end(3), g, other + m.group(2) + m.group(3)))
    return out


def _forms_ja(text: str) -> list[Form]:
    cues = _data()["ja"]["cues"]
    if not any(c in text for c in cues):
        return []
    out = []
    for m in re.finditer(r"(彼女|彼)(?!ら|女ら|氏|岸)(?=は|が|も|によると|によれば|の説明|の話)", text):
        g = "f" if m.group(1) == "彼女" else "m"
        out.append(Form(m.start(), m.end(), g, "彼" if g == "f" else "彼女"))
    return out


@dataclass(frozen=True)
class _ArTables:
    verbs: dict          # normalised speech verb -> (gender, the other gender's form)
    suffix: dict         # normalised suffixed word of an attribution phrase -> gender
    pairs: dict          # normalised suffixed word -> the other gender's form
    after: frozenset     # the words before a suffixed attribution ('وفقا' له)
    openers: frozenset   # characters after which a verb opens a clause
    opener_words: frozenset  # words after which a verb opens a clause ('كما' قال)
    participles: dict    # normalised circumstantial participle -> (gender, the other form)
    hadd: dict           # normalised 'قوله'/'قولها' of 'على حد قوله' -> (gender, the other form)
    attached: dict       # normalised 'بحسبه'/'بحسبها', with a و or ف before -> (gender, the other form)


def _gendered_pairs(pairs) -> dict:
    out: dict[str, tuple[str, str]] = {}
    for m, f in pairs:
        out[ar_norm(m)] = ("m", f)
        out[ar_norm(f)] = ("f", m)
    return out


@lru_cache(maxsize=1)
def _ar_tables() -> _ArTables:
    a = _data()["ar"]
    suffix = {ar_norm(w): g for g in ("m", "f") for w in a["suffix_phrases"][g]}
    pairs = {}
    for wm, wf in zip(a["suffix_phrases"]["m"], a["suffix_phrases"]["f"]):
        pairs[ar_norm(wm)], pairs[ar_norm(wf)] = wf, wm
    return _ArTables(
        verbs=_gendered_pairs(a["speech_verbs"]), suffix=suffix, pairs=pairs,
        after=frozenset(ar_norm(w) for w in a["suffix_phrases"]["after"]),
        openers=frozenset(a["clause_openers"]),
        opener_words=frozenset(ar_norm(w) for w in a["opener_words"]),
        participles=_gendered_pairs(a["participles"]),
        hadd=_gendered_pairs(zip(a["ala_hadd"]["m"], a["ala_hadd"]["f"])),
        attached=_gendered_pairs((p + w + "ه", p + w + "ها") for w in a["attached_suffix"] for p in ("", "و", "ف")))


# what follows a participle of attribution: 'مضيفا أن', 'مشيرة إلى', 'قائلا:', 'معربا عن'
_AFTER_PARTICIPLE = frozenset(ar_norm(w) for w in ("أن", "إن", "أنه", "أنها", "إنه", "إنها", "بأن", "إلى", "على", "عن"))


def _name_words(words: list, name: tuple[str, ...], threshold: float = 0.75) -> set[int]:
    """Indices of the Arabic words that write one of the name's words ('ريتنو' for Retno) bare."""
    from ._translit import arabic_latin, similarity
    toks = [t for t in name if len(t) >= 4]
    out = set()
    for k, w in enumerate(words):
        # bare, or after 'و' (and); not after 'ل'/'ب' (to, by: an object, not a subject)
        for cand in (w.text, w.text[1:] if len(w.text) >= 4 and w.text[0] == "و" else ""):
            lat = arabic_latin(cand) if len(cand) >= 4 else ""     # 'زار' is no 'Sari'
            if lat and any(similarity(lat, t) >= threshold for t in toks):
                out.add(k)
    return out


_NOT_BEFORE_SUBJECT = frozenset(ar_norm(w) for w in (
    "أن", "إن", "أنه", "إنه", "أنها", "إنها", "بأن", "لأن", "عن", "على", "إلى", "مع", "من", "في", "الذي", "التي",
    "و", "أو", "ثم", "لكن", "بين", "ضد", "مثل"))
_NOT_VERBS = frozenset(ar_norm(w) for w in ("بين", "بينما", "حيث", "تحت", "وقت", "بعد", "قبل", "عند", "حول", "ثم"))
_NOT_DEFINITE = frozenset(ar_norm(w) for w in ("إلى", "إلا", "الذي", "التي", "الذين", "اللذين"))


def _definite(word: str) -> bool:
    """A noun with the article ('الشرطة'), not 'إلى' (to) or 'الذي' (who), which write ال too."""
    n = ar_norm(word)
    return n.startswith("ال") and n not in _NOT_DEFINITE


COMMON_AR = 3.0      # wordfreq zipf of both forms of a verb
NAME_EXACT = 0.9     # romanisation similarity of the name right after any verb


@lru_cache(maxsize=4096)
def _agreeing_verb(word: str) -> Optional[tuple[str, str]]:
    """(gender, the other form) of a word that reads as a past-tense verb of the third person:
    'زارت' (she visited: زار is a word too), 'وصل' (he arrived: وصلت is a word too)."""
    from ._wordtools import zipf
    prefix, w = "", word
    if len(w) > 4 and w[0] in "وف":
        prefix, w = w[0], w[1:]
    n = ar_norm(w)
    if n.startswith("ال") or n in _NOT_VERBS or len(n) < 3:
        return None
    if n.endswith("ت") and len(n) >= 4:
        base = w[:-1]
        if zipf(w, "ar") >= COMMON_AR and zipf(base, "ar") >= COMMON_AR and not ar_norm(base).startswith("ال"):
            return "f", prefix + base
        return None
    if zipf(w, "ar") >= COMMON_AR and zipf(w + "ت", "ar") >= COMMON_AR:
        return "m", prefix + w + "ت"
    return None


NAME_AFTER_VERB = 4     # words between a speech verb and the speaker's name after it (titles)


def _verbs_before_name(text: str, words: list, named: set[int]) -> list[Form]:
    """Any verb right before the person's name agrees with it ('زارت ريسما', 'وصل بودي'): a word
    whose forms with and without the feminine ت are both Arabic words (wordfreq); the speech verbs
    are left to their own table."""
    verbs = _ar_tables().verbs
    out = []
    for i in sorted(named):
        k = i - 1
        if k < 0 or text[words[k].end:words[i].start].strip() or k in named:
            continue
        n = ar_norm(words[k].text)
        if n in verbs or (len(n) > 3 and n[1:] in verbs):
            continue
        hit = _agreeing_verb(words[k].text)
        if hit is not None:
            out.append(Form(words[k].start, words[k].end, *hit))
    return out


def name_verb_forms(text: str, lang: str, name: tuple[str, ...]) -> list[Form]:
    """Arabic: verbs right before the person's name (the subject of a verb-first sentence)."""
    if base_lang(lang) != "ar" or not name:
        return []
    words = arabic_words(text)
    # any verb, not only a speech verb: the name must be written closely ('ميزانية' is no 'Mulyani')
    return _verbs_before_name(text, words, _name_words(words, name, NAME_EXACT))


def _forms_ar(text: str, name: tuple[str, ...] = ()) -> list[Form]:
    t = _ar_tables()
    words = arabic_words(text)
    # a speech verb followed closely by the speaker's name has the speaker as subject wherever it
    # stands ('وفي مؤتمر صحفي قالت ريتنو')
    named = _name_words(words, name) if name else set()
    before_name = set()
    for i in named:
        for j in range(i - 1, max(-1, i - NAME_AFTER_VERB - 1), -1):
            # the name as subject: no 'إن' clause or preposition between ('قالت الشرطة إن ريتنو')
            if ar_norm(words[j].text) in _NOT_BEFORE_SUBJECT:
                break
            before_name.add(j)
    out = _verbs_before_name(text, words, _name_words(words, name, NAME_EXACT) if name else set())
    verb_at: Optional[int] = None     # the last speech verb opening a clause
    for k, w in enumerate(words):
        n = ar_norm(w.text)
        prev = ar_norm(words[k - 1].text) if k else ""
        gap = text[words[k - 1].end:w.start].strip() if k else text[:w.start].strip()
        opening = k == 0 or gap[-1:] in t.openers or (gap == "" and prev in t.opener_words) \
            or k in before_name
        prefix = ""
        hit = t.verbs.get(n)
        if hit is None and len(n) > 3 and n[0] in "وف":
            hit, prefix = t.verbs.get(n[1:]), w.text[0]
        if hit is not None:
            # 'وقالت الشرطة': a definite noun right after the verb is its subject, unless the
            # speaker's name follows it closely ('وقال المتحدث باسم الشرطة بودي')
            nxt = words[k + 1] if k + 1 < len(words) else None
            if nxt is not None and text[w.end:nxt.start].strip() == "" and _definite(nxt.text) \
                    and k not in before_name:
                continue
            if opening:
                g, other = hit
                out.append(Form(w.start, w.end, g, prefix + other))
                verb_at = k
            continue
        # ', مضيفا أن' (adding that): a participle after a comma or colon takes the speaker as subject
        # — after a quotation, or after the speaker's own verb with no 'إن'/'أن' clause between
        # (whose subject the participle may take: 'قال إن الشرطة ...، مشيرة')
        hit = t.participles.get(n)
        if hit is not None and k and gap[-1:] in t.openers:
            rest = text[w.end:w.end + 12].lstrip()
            after = arabic_words(rest[:12])
            introduces = rest[:1] in (":", "\"", "«", "“") or (
                bool(after) and after[0].start == 0 and ar_norm(after[0].text) in _AFTER_PARTICIPLE)
            quoted = any(q in gap for q in ("\"", "»", "”"))
            after_verb = verb_at is not None and not any(
                ar_norm(x.text) in _AFTER_PARTICIPLE for x in words[verb_at + 1:k]) \
                and not any(q in text[words[verb_at].end:w.start] for q in ("\"", "«", "“"))
            if introduces and (quoted or after_verb):
                g, other = hit
                out.append(Form(w.start, w.end, g, other))
            continue
        if k and gap == "" and prev in t.after and n in t.suffix:
            out.append(Form(w.start, w.end, t.suffix[n], t.pairs[n]))
            continue
        # the suffix on the word itself: 'بحسبه'/'وبحسبها' (according to him/her)
        hit = t.attached.get(n)
        if hit is not None:
            g, other = hit
            out.append(Form(w.start, w.end, g, other))
            continue
        # 'على حد قوله' (as he put it)
        if k >= 2 and gap == "" and prev == ar_norm("حد") and n in t.hadd \
                and ar_norm(words[k - 2].text) == ar_norm("على"):
            g, other = t.hadd[n]
            out.append(Form(w.start, w.end, g, other))
    return out


_REFERENT = {
    # 他/她 anywhere but in 他们 (they), 其他 (other), 他人 (others), 吉他 (guitar), 他国, 他乡...
    "zh": re.compile(r"(?<![其吉利])([他她])(?![们們人国國乡鄉处處方日])"),
    # 彼/彼女 but not 彼ら (they), 彼氏 (boyfriend), 彼岸, 彼方
    "ja": re.compile(r"(彼女|彼)(?!ら|女ら|氏|岸|方|此)"),
}


def referent_forms(text: str, lang: str) -> list[Form]:
    """Third-person pronouns of `text` outside a speech attribution (zh 他/她, ja 彼/彼女): in a
    sentence about one person only, they refer to that person ('他的房子' for her house)."""
    rx = _REFERENT.get(base_lang(lang))
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        w = m.group(1)
        g = "f" if w in ("她", "彼女") else "m"
        other = {"他": "她", "她": "他", "彼": "彼女", "彼女": "彼"}[w]
        out.append(Form(m.start(1), m.end(1), g, other))
    return out


@lru_cache(maxsize=1)
def _titles() -> dict:
    """lang -> (pattern of the gendered titles written beside a name, title -> (gender, other title))"""
    out = {}
    for lang in ("zh", "ar"):
        t = _data()[lang]["person_titles"]
        table = {w: ("m", f) for w, f in zip(t["m"], t["f"])}
        table.update({w: ("f", m) for w, m in zip(t["f"], t["m"])})
        for w in t["f"][len(t["m"]):]:
            table[w] = ("f", t["m"][0])
        alts = "|".join(sorted(table, key=len, reverse=True))
        if lang == "zh":      # after a name, not 女士们/先生们 (ladies and gentlemen)
            rx = re.compile(rf"(?<=[\u4e00-\u9fff·・])({alts})(?![们們])")
        else:                 # before a name, with a prefixed و/ل/ب/ك
            rx = re.compile(rf"(?<![\w])[وفلبك]?({alts})(?=\s)")
        out[lang] = (rx, table)
    return out


def title_forms(text: str, lang: str) -> list[Form]:
    """Gendered titles beside a name: zh 先生/女士, ar السيد/السيدة."""
    hit = _titles().get(base_lang(lang))
    if hit is None:
        return []
    rx, table = hit
    return [Form(m.start(1), m.end(1), *table[m.group(1)]) for m in rx.finditer(text)]


@lru_cache(maxsize=1)
def _ar_roles() -> dict:
    """normalised role noun, with or without the article -> (gender, the bare other form)"""
    out = {}
    for m in _data()["ar"]["role_nouns"]:
        n = ar_norm(m)
        for art in ("", "ال"):
            out[art + n] = ("m", m + "ة")
            out[art + n + "ه"] = ("f", m)
    return out


ROLE_WINDOW = 6      # words between the head of a title and the name it stands before
_ROLE_STOP = _NOT_BEFORE_SUBJECT - {ar_norm("في")}


def role_title_forms(text: str, lang: str, name: tuple[str, ...]) -> list[Form]:
    """Arabic: the noun that heads the title before the person's name ('وزير الخارجية ريتنو'), which
    takes the person's gender (وزيرة for a woman): the farthest role noun back from the name, in
    the same clause."""
    if base_lang(lang) != "ar" or not name:
        return []
    roles, verbs = _ar_roles(), _ar_tables().verbs
    words = arabic_words(text)
    out: list[Form] = []
    heads: set[int] = set()
    for i in sorted(_name_words(words, name)):
        head = None
        for j in range(i - 1, max(-1, i - ROLE_WINDOW - 1), -1):
            if any(c in text[words[j].end:words[j + 1].start] for c in ",،.:;\"«»()"):
                break
            n = ar_norm(words[j].text)
            if n in _ROLE_STOP or n in verbs or (len(n) > 3 and n[1:] in verbs):
                break       # the title ends at the verb before it ('قال وزير الخارجية ريتنو')
            hit = roles.get(n) or (roles.get(n[1:]) if len(n) > 3 and n[0] in "وفلبك" else None)
            if hit is not None:
                head = (j, hit)
        if head is not None and head[0] not in heads:
            j, (g, other) = head
            heads.add(j)
            w = words[j].text
            n = ar_norm(w)
            prefix = w[0] if n not in roles else ""
            art = "ال" if ar_norm(w[len(prefix):]).startswith("ال") else ""
            out.append(Form(words[j].start, words[j].end, g, prefix + art + other))
    return out


@lru_cache(maxsize=1)
def _noun_table() -> dict:
    out = {}
    for lang in ("zh", "ja", "ar"):
        t = _data()[lang]["gender_nouns"]
        table = {w: (g, t["f" if g == "m" else "m"][0]) for g in ("m", "f") for w in t[g]}
        alts = "|".join(sorted(table, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w])[وفلبك]?({alts})(?![\w])" if lang == "ar" else rf"({alts})")
        out[lang] = (rx, table)
    return out


def noun_forms(text: str, lang: str) -> list[Form]:
    """Nouns for a person of one gender (男子/女性, الرجل/المرأة): the speaker, where the source
    names none and describes them ('ujar perempuan itu')."""
    hit = _noun_table().get(base_lang(lang))
    if hit is None:
        return []
    rx, table = hit
    return [Form(m.start(1), m.end(1), *table[m.group(1)]) for m in rx.finditer(text)]


def forms(text: str, lang: str, name: tuple[str, ...] = ()) -> list[Form]:
    """The forms of `text` that mark the gender of the person speaking (`name`: the speaker's
    name words, lower-case, where known)."""
    lang = base_lang(lang)
    if lang == "zh":
        return _forms_zh(text)
    if lang == "ja":
        return _forms_ja(text)
    if lang == "ar":
        return _forms_ar(text, name)
    return []


# ------------------------------------------------------------------------- the check

@register
class SpeakerGenderScript(Check):
    info = CheckInfo(
        code="AUD611", name="speaker-gender-zh-ja-ar", category="speaker_gender", severity="major",
        summary="Chinese, Japanese, Arabic: a pronoun or verb form for the speaker contradicts the speaker's gender.",
        explanation=(
            "Indonesian marks no gender in 'katanya', 'ujarnya' or 'ia'; Chinese does in 他/她, Japanese "
            "in 彼/彼女, Arabic in the verb and the pronoun suffixes, and machine translation falls back "
            "on the masculine. The check reads who speaks in each source sentence ('kata Retno', 'Ibu "
            "Evy mengatakan', 'Menurut Eri'; 'ujarnya' and 'Ia menambahkan' refer to the last person "
            "named; an office alone, 'Kepala Dinas juga meminta', names the one person of the article "
            "written with it) and the speaker's gender from the source alone: an honorific before the "
            "name (Ibu, Bu, Pak, Bapak...), the bundled first-name lexicon, a word such as 'perempuan' or "
            "'pria' beside the name, then the indonamegender model where installed (confident answers "
            "only, for a name that reads as a person's: after an honorific or a rank, in two words, or "
            "one rare word right at a speech verb). In the aligned translation sentence it looks at 他/她 as the subject of a "
            "speech verb (zh: '他说', '据她介绍'), 彼/彼女 as the subject of an attribution (ja), and, "
            "in Arabic, a speech verb opening a clause ('وقال'/'وقالت', 'أضاف'/'أضافت') or an attribution "
            "phrase with a pronoun suffix ('وفقا له'/'لها'), also a speech verb followed closely by the "
            "speaker's name wherever it stands, 'كما قال', 'على حد قوله', and a participle of attribution "
            "('مضيفا أن') after the quotation or the speaker's own verb; a definite noun right after the "
            "verb is its subject instead ('وقالت الشرطة'). A title beside the name (先生/女士, "
            "السيد/السيدة) is checked in any sentence that names one person; in Arabic, the office that "
            "heads the title before the speaker's name takes the speaker's gender ('وزير الخارجية' "
            "for a woman: 'وزيرة'). A speaker the source "
            "describes instead of naming ('ujar perempuan itu', 'Pria itu mengatakan') is checked the "
            "same way, and against nouns such as 男子/女性 or الرجل/المرأة. In Chinese and Japanese, where the source "
            "sentence names no other person, any other 他/她 or 彼/彼女 of the sentence ('他的房子' for "
            "her house) refers to the speaker too. A form of the other gender is reported "
            "with the evidence and the agreeing form. Where the speaker's gender is unknown, nothing "
            "is said. (French and English: AUD601.)"),
        languages=("zh", "ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in ("zh", "ja", "ar"):
            return
        sp = source_speakers(ctx)
        people_of = source_people(ctx)
        for _, _, srcs, tgts in ctx.aligned_units():
            src_text = " ".join(s.text for s in srcs)
            named_people = {id(p): p for p in (people_of.find(w) for _, _, w in _name_runs(src_text)) if p}
            people = {id(sp.speaker[s.id]): (sp.speaker[s.id], sp.how[s.id]) for s in srcs if s.id in sp.speaker}
            if len(people) == 1:
                person, how = next(iter(people.values()))
            elif not people and len(named_people) == 1:
                # no attribution, one person named: a title beside a name is that person's
                # (a pronoun may be anyone's: the suspect, the victim the source leaves unnamed)
                person, how = next(iter(named_people.values())), "named"
            else:
                continue
            if person.gender is None:
                continue
            # a sentence about this one person only: its other pronouns refer to them too
            alone = set(named_people) <= {id(person)}
            for seg in tgts:
                found = forms(seg.text, lang, person.tokens)[:2] if how != "named" else \
                    name_verb_forms(seg.text, lang, person.tokens)[:2]
                if person.tokens[0] in _gender_nouns() and len(person.tokens) == 1:
                    found += [f for f in noun_forms(seg.text, lang)[:2]
                              if not any(f.start < g.end and g.start < f.end for g in found)]
                if alone:
                    found += title_forms(seg.text, lang)[:2]
                found += [f for f in role_title_forms(seg.text, lang, person.tokens)[:2]
                          if not any(f.start < g.end and g.start < f.end for g in found)]
                for f in found:
                    if f.gender == person.gender:
                        continue
                    yield self._finding(ctx, seg, f, person, how)
                if not alone or how == "named":
                    continue
                for f in referent_forms(seg.text, lang)[:2]:
                    if f.gender == person.gender or any(f.start < g.end and g.start < f.end for g in found):
                        continue
                    yield self._finding(ctx, seg, f, person, "referent")

    def _finding(self, ctx: Context, seg: Segment, f: Form, person: Person, how: str) -> Finding:
        written = seg.text[f.start:f.end]
        msg = (f"speaker: {person.name} ({person.evidence}); “{written}” is {GENDER_WORD[f.gender]}"
               + (" (the source refers back to the speaker with a pronoun)" if how == "pronoun" else
                  " (the sentence is about the speaker alone)" if how == "referent" else
                  " (the only person the source sentence names)" if how == "named" else ""))
        return ctx.finding(self, seg, f.start, f.end, msg, suggestion=f.suggestion,
                           confidence={"subject": 0.85, "pronoun": 0.75}.get(how, 0.6),
                           speaker=person.name, speaker_gender=person.gender, form_gender=f.gender,
                           resolution=how, gender_evidence=person.evidence)
