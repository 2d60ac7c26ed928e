"""Entities: names of people, organisations and places in the source that the translation
drops or misspells.

AUD401 entity-missing: a name of the aligned source sentence is nowhere in the translation sentence.
AUD402 entity-misspelled: a name comes back with one or two letters changed ("Soenarko" -> "Soinarko").

What counts as a name: runs of capitalised words and acronyms in the Indonesian source. The
entity table (data/entities.json) knows the words that are not names to copy letter by letter:
exonyms ("Amerika Serikat" = "États-Unis"), institutions and their common words ("Kementerian
Luar Negeri" = "ministère des Affaires étrangères"), titles ("Presiden"), months and days. A run
made only of such words is checked through its renderings; the other capitalised words are names,
which the translation must carry verbatim (accents and case aside) or in a known variant spelling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..types import Finding, Segment
from ._wordtools import (WORD_APOS, WORD_PART, Tok, contains_phrase, fold, fold_word,
                         indonesian_common_words, indonesian_derived, levenshtein, strip_elision, tokens,
                         zipf)
from .base import Check, CheckInfo, Context, register

CHECKED_KINDS = ("place", "org", "person")
_INITIAL_BEFORE = set("\"“”'‘:-–—«")
_COMMON_AFFIXED = re.compile(r"^(?:pe|ke|per|pen|pem|peng|peny|ber|se)\w{3,}an$")


# ------------------------------------------------------------------ the entity table
_ROMAN = re.compile(r"[IVXLC]+")


def _first_names() -> dict:
    from .speaker import first_names
    return first_names()


def _indonesian_word(word: str) -> bool:
    """A word of the Indonesian dictionary, affixed forms included ("tahanan", "pelaksana")."""
    from ._lexicon import get_lexicon
    lex = get_lexicon("id")
    return bool(lex and lex.is_word(word))


def _target_word(word: str, lang: str) -> bool:
    """The target language's dictionary knows this capitalised word (a name like "Romania")."""
    from ._lexicon import get_lexicon
    lex = get_lexicon(lang)
    return bool(lex and lex.is_word(word))
_AMOUNT = re.compile(r"(?:Rp|US\$|\$|€)\d")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


@dataclass(frozen=True)
class Entry:
    ids: tuple[str, ...]
    kind: str
    renderings: dict           # lang -> tuple of renderings


@dataclass
class Table:
    by_key: dict               # tuple of folded tokens -> Entry
    max_len: int
    stopwords: frozenset
    pronouns: dict             # lang -> list of folded pronouns
    heads: frozenset           # folded words that open an institution's name
    address_heads: tuple       # words that open a street's or a village's name ("Gang", "Desa")
    ranks: frozenset           # folded military/police ranks ("Letjen TNI")
    words: dict                # lang -> folded words of all renderings (ordinary words there)


@lru_cache(maxsize=None)
def table() -> Table:
    data = load_json("entities.json")
    by_key: dict = {}
    max_len = 1
    for e in data["entries"]:
        entry = Entry(tuple(e["id"]), e["kind"],
                      {k: tuple(v) for k, v in e.items() if k not in ("id", "kind")})
        for ident in e["id"]:
            key = tuple(fold_word(t) for t in WORD_APOS.findall(ident))
            by_key.setdefault(key, entry)
            max_len = max(max_len, len(key))
    return Table(by_key, max_len, frozenset(data.get("stopwords", [])),
                 {k: [fold(p) for p in v] for k, v in data.get("pronouns", {}).items()},
                 frozenset(fold_word(w) for w in data.get("institution_heads", [])),
                 tuple(data.get("address_heads", [])),
                 frozenset(fold_word(w) for w in data.get("ranks", [])),
                 _rendering_words(data["entries"]))


def _rendering_words(entries) -> dict:
    out: dict[str, set] = {}
    for e in entries:
        for lang, rs in e.items():
            if lang in ("id", "kind"):
                continue
            for r in rs:
                out.setdefault(lang, set()).update(fold(r.rstrip("*")).split())
    return {k: frozenset(v) for k, v in out.items()}


def place_renderings(lang: str) -> frozenset[str]:
    """Folded first words of the place names of `lang` ("États-Unis" -> "etats"), for the casing check."""
    out = set()
    for e in {id(e): e for e in table().by_key.values()}.values():
        if e.kind != "place":
            continue
        for r in e.renderings.get(lang, ()):
            r = r.rstrip("*")
            if r[:1].isupper() and r.split()[0] not in ("La", "Le", "Les", "The", "Los", "Las", "El"):
                out.add(fold(r).split(" ")[0])
    return frozenset(out)


@lru_cache(maxsize=4096)
def _rendering_regex(r: str) -> tuple[bool, re.Pattern]:
    """(case_sensitive, pattern) for one rendering: 'US' exact, 'américain*' folded prefix."""
    prefix = r.endswith("*")
    r = r.rstrip("*")
    if not any(c.islower() for c in r):          # acronyms: exact case
        return True, re.compile(r"(?<![\w.])" + re.escape(r) + (r"\w*" if prefix else "") + r"(?!\w)")
    return False, re.compile(r"(?<!\w)" + re.escape(fold(r)) + (r"\w*" if prefix else "") + r"(?!\w)")


def rendering_found(r: str, raw: str, folded: str) -> bool:
    cs, pat = _rendering_regex(r)
    return pat.search(raw if cs else folded) is not None


# ------------------------------------------------------------------ source mentions
@dataclass
class Mention:
    kind: str                  # name | acronym | place | org | person | institution
    toks: list[Tok]
    entry: Optional[Entry] = None
    words: list = field(default_factory=list)   # institution: the table entries of its words
    after_title: bool = False
    before_title: bool = False   # "Kapolda Metro Jaya Irjen Fadil Imran": a jurisdiction, not a person
    offset: int = 0              # where its source sentence starts in the unit's joined source text

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.toks)


@lru_cache(maxsize=1 << 16)
def _reform_variant(w: str) -> str:
    """Spelling key of the Indonesian spelling reforms only (Soeharto = Suharto, Djakarta =
    Jakarta): the one freedom a translation has with an Indonesian name."""
    w = re.sub(r"['’\-]", "", fold_word(w))
    for a, b in (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy")):
        w = w.replace(a, b)
    return w


def _indonesian_name(word: str) -> bool:
    """An Indonesian name: a given name of the first-name lexicon's usage 'id', or a word far
    commoner in Indonesian text than in English and French ('Firdaus', 'Hidayat'; not 'Putin')."""
    f = fold_word(word)
    entry = _first_names().get(f)
    if entry and "id" in entry[1]:
        return True
    if len(f) < 4:
        return False
    zid = zipf(f, "id")
    return zid >= 3.0 and zid - max(zipf(f, "en"), zipf(f, "fr")) >= 1.0


def _respelt_first_name(src: str, cand: str) -> bool:
    """`cand` (folded) is the Indonesian first name `src` (folded) respelt the target language's
    way ("Ismail" -> "Ismaël"): `src` is a given name of the first-name lexicon's
    usage 'id', both start alike, and the source's letters come in order in `cand`, or the two
    are close (rapidfuzz)."""
    from rapidfuzz.distance import Levenshtein
    entry = _first_names().get(src)
    if not entry or "id" not in entry[1] or len(src) < 3 or src == cand or src[:1] != cand[:1]:
        return False
    rest = iter(cand)
    return all(c in rest for c in src) or Levenshtein.normalized_similarity(src, cand) >= 0.5


@lru_cache(maxsize=1 << 16)
def _variant(w: str) -> str:
    """Spelling-variant key: old Indonesian spelling, transliteration habits, doubled letters."""
    w = re.sub(r"['’\-]", "", fold_word(w))
    for a, b in (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ou", "u"), ("ph", "f"),
                 ("ck", "k"), ("y", "i"), ("gue", "ge"), ("gui", "gi"), ("ch", "sh"), ("kh", "h")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


class SourceInfo:
    """Document-level facts about the source: words capitalised inside sentences."""

    def __init__(self, ctx: Context):
        self.cap_inside: set[str] = set()
        for s in ctx.source.sentences:
            toks = tokens(s.text, WORD_APOS)
            for k, t in enumerate(toks):
                if k and t.is_cap and not _is_initial(s.text, toks, k):
                    self.cap_inside.add(t.text)
        self.all_folded = {fold_word(t) for t in WORD_PART.findall(ctx.source.raw)}
        # syllable abbreviations of the source's two- and three-word names ("Sulsel", "Jabar")
        self.abbreviations: set[str] = set()
        caps = [t for t in WORD_PART.findall(ctx.source.raw)]
        for k in range(len(caps) - 1):
            group = caps[k:k + 3]
            if not all(w[:1].isupper() and len(w) >= 3 for w in group[:2]):
                continue
            self._abbrevs(group)

    def _abbrevs(self, words: list[str]) -> None:
        heads = [[w[:i].lower() for i in range(2, min(len(w), 5) + 1)] for w in words]
        for a in heads[0]:
            for b in heads[1]:
                self.abbreviations.add(a + b)
                if len(heads) > 2 and words[2][:1].isupper():
                    for c in heads[2]:
                        self.abbreviations.add(a + b + c)

    def is_abbreviation(self, word: str) -> bool:
        w = word.lower()
        if len(w) <= 5 and not re.search(r"[aeiouy]", w):
            return True       # no vowel: "Plt", "Kab", "Jl"
        return len(w) >= 4 and w in self.abbreviations


def _is_initial(text: str, toks: list[Tok], k: int) -> bool:
    if k == 0:
        return True
    j = toks[k].start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j < 0 or text[j] in _INITIAL_BEFORE or text[j] in ".!?"


def extract_mentions(text: str, info: SourceInfo) -> list[Mention]:
    """The names, acronyms and table entities of one source sentence."""
    tab = table()
    common = indonesian_common_words()
    toks = tokens(text, WORD_APOS)
    runs: list[tuple[list[Tok], bool]] = []     # (capitalised words, opens the sentence or a quote)
    cur: list[int] = []
    for k, t in enumerate(toks + [Tok("", len(text), len(text))]):
        joined = False
        if cur and t.is_cap:
            prev = toks[cur[-1]]
            gap = text[prev.end:t.start]
            prev_entry = tab.by_key.get((fold_word(prev.text),))
            joined = bool(re.fullmatch(r"[ \t]+|[-‐]", gap)) or bool(
                re.fullmatch(r"\. ?", gap) and ((prev_entry is not None and prev_entry.kind == "title")
                                                or len(prev.text) == 1))      # "Dr. X", "Muhammad S. Y"
        if cur and not joined:
            runs.append(([toks[i] for i in cur], _is_initial(text, toks, cur[0])))
            cur = []
        if t.is_cap:
            cur.append(k)

    out: list[Mention] = []
    for run, initial in runs:
        out.extend(_parse_run(run, initial, tab, common, info))
    return out


def _parse_run(run: list[Tok], initial: bool, tab: Table, common, info: SourceInfo) -> list[Mention]:
    """Split a run of capitalised words into table entries, acronyms and name groups."""
    items: list[tuple[str, list[Tok], Optional[Entry]]] = []   # (kind, toks, entry)
    j = 0
    while j < len(run):
        hit = None
        for n in range(min(tab.max_len, len(run) - j), 0, -1):
            key = tuple(fold_word(t.text) for t in run[j:j + n])
            if key in tab.by_key:
                hit = (n, tab.by_key[key])
                break
        t = run[j]
        if hit:
            n, entry = hit
            items.append((entry.kind, run[j:j + n], entry))
            j += n
            continue
        f = fold_word(t.text)
        if f in tab.stopwords or _AMOUNT.match(t.text) or _ROMAN.fullmatch(t.text):
            # "Rp1" (an amount glued to its currency), "kuartal IV" (a numeral): no names
            items.append(("stop", [t], None))
        elif t.is_acronym:
            items.append(("acronym", [t], None))
        elif info.is_abbreviation(t.text):
            # "Sulsel" (Sulawesi Selatan), "Plt" (pelaksana tugas): shortened words that translate
            items.append(("stop", [t], None))
        else:
            items.append(("unknown", [t], None))
        j += 1

    # the first word of a sentence is capitalised anyway: keep it only where it looks like a name
    if initial and items and items[0][0] == "unknown":
        t = items[0][1][0]
        next_unknown = len(items) > 1 and items[1][0] == "unknown"
        if t.text not in info.cap_inside and (not next_unknown or t.text.lower() in common
                                              or _COMMON_AFFIXED.match(t.text.lower())):
            items[0] = ("stop", items[0][1], None)

    # inside an institution's name ("Badan Pemeriksa Keuangan"), an unknown word between table
    # words is one more common word to translate, not a name
    in_inst = False
    for k, (kind, toks_, entry) in enumerate(items):
        if kind in ("word", "org") and fold_word(toks_[0].text) in tab.heads:
            in_inst = True
        if kind == "unknown" and in_inst and k > 0 and items[k - 1][0] in ("word", "iword"):
            nxt = items[k + 1][0] if k + 1 < len(items) else None
            if nxt is None or nxt in ("word", "title", "acronym", "iword") + CHECKED_KINDS:
                items[k] = ("iword", toks_, None)

    mentions: list[Mention] = []
    group: list[Tok] = []
    seen_title = [False]

    def close_group():
        if group:
            lows = [t.text.lower() for t in group]
            commonish = [w in common or bool(_COMMON_AFFIXED.match(w)) or _indonesian_word(w)
                         or indonesian_derived(w) for w in lows]
            # all dictionary words ("Tanah Air") are no name, unless a title announced one ("Ketua DPR Puan Maharani")
            # dictionary words only ("Tanah Air", "Bidang Perekonomian") are no name, unless a
            # title announces a known first name ("Ketua DPR Puan Maharani")
            first_name = (seen_title[0] or len(group) > 1) and lows[0] in _first_names()
            if (not all(commonish) or first_name) and any(len(t.text) >= 3 for t in group):
                mentions.append(Mention("name", list(group), after_title=seen_title[0]))
            group.clear()

    for k, (kind, toks_, entry) in enumerate(items):
        if kind in CHECKED_KINDS + ("acronym",) and k > 0 and items[k - 1][0] == "title" \
                and fold_word(items[k - 1][1][-1].text) in tab.ranks:
            continue              # "Letjen TNI": part of the rank
        if kind == "unknown":
            group.append(toks_[0])
            continue
        if kind == "title" and group:
            close_group()
            if mentions and mentions[-1].kind == "name":
                mentions[-1].before_title = True
        close_group()
        if kind == "title":
            seen_title[0] = True
        if kind == "acronym":
            mentions.append(Mention("acronym", toks_))
        elif kind in CHECKED_KINDS:
            mentions.append(Mention(kind, toks_, entry))
    close_group()

    # an institution: two or more table words ("Kantor Direktur Intelijen Nasional")
    words = [(k, e) for k, _, e in items if k in ("word", "title")]
    if sum(1 for k, _ in words if k == "word") >= 2 and \
            all(k in ("word", "title", "iword") + CHECKED_KINDS for k, _, _ in items):
        mentions.append(Mention("institution", [t for _, ts, _ in items for t in ts],
                                words=[e for _, e in words]))
    return mentions


# ------------------------------------------------------------------ the checks
@dataclass
class _Target:
    """The translation side of one aligned pair."""
    segs: list[Segment]
    raw: str
    folded: str
    cap_toks: list[tuple[Segment, Tok]]     # capitalised words, elided prefix removed


def _target(segs: list[Segment]) -> _Target:
    raw = " ".join(s.text for s in segs)
    caps = []
    for s in segs:
        for t in tokens(s.text, WORD_APOS):
            word, shift = strip_elision(t.text)
            if word[:1].isupper():
                for part in WORD_PART.finditer(word):
                    caps.append((s, Tok(part.group(), t.start + shift + part.start(),
                                        t.start + shift + part.end())))
    return _Target(segs, raw, fold(raw), caps)


def _name_found(tok: str, tgt_folded: str, variants: set[str]) -> bool:
    return contains_phrase(tgt_folded, fold(tok)) or _variant(tok) in variants


def _derived_present(name: str, folded: str) -> bool:
    """An adjective made from the name, after a prefix ('trans-' + 'Sumatra' -> 'transsumatranais')."""
    w = re.sub(r"[^a-z]", "", fold_word(name))
    return len(w) >= 5 and re.search(r"(?<![a-z])(?:trans|anti|pro|pan|post|inter|extra|pre|ex|neo)-?"
                                     + re.escape(w[:5]) + r"[a-z]{2,}", folded) is not None


def _blended(m: Mention, tgt: _Target) -> bool:
    """A capitalised word of the translation made of the first two letters or more of two or more
    consecutive words of the name, in order: the name's usual short form."""
    words = [fold_word(t.text) for t in m.toks if len(t.text) >= 2]
    if len(words) < 2:
        return False

    def spells(rest: str, i: int, used: int) -> bool:
        if not rest:
            return used >= 2
        if i >= len(words):
            return False
        w = words[i]
        return any(rest.startswith(w[:n]) and spells(rest[n:], i + 1, used + 1)
                   for n in range(min(len(w), len(rest)), 1, -1))

    for _, ct in tgt.cap_toks:
        f = fold_word(ct.text)
        if len(f) < 4 or f in words:
            continue
        if any(spells(f, i, 0) for i in range(len(words) - 1)):
            return True
    return False


class _EntityRun:
    """Shared pass over the aligned pairs; both checks read its results."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        lang = ctx.tgt_lang
        info = SourceInfo(ctx)
        tab = table()
        tsents = [s for s in ctx.translation.sentences if not ctx.is_boilerplate(s)]
        doc_raw = " ".join(s.text for s in tsents)
        doc_folded = fold(doc_raw)
        doc_variants = {_variant(w) for w in WORD_PART.findall(doc_raw)}
        para_parts: dict[int, list[str]] = {}
        for s in tsents:
            para_parts.setdefault(s.para, []).append(s.text)
        para_text = {k: " " + " ".join(v) for k, v in para_parts.items()}
        # folded once per paragraph group: folding it again for every pair was quadratic
        para_folded_of: dict[tuple[int, ...], str] = {}
        pron = tab.pronouns.get(lang, [])
        self.common = indonesian_common_words()
        self.known_words = tab.words.get(lang, frozenset()) | frozenset(tab.pronouns.get(lang, []))
        self.missing: list[Finding] = []
        self.misspelled: list[Finding] = []
        self.checker_missing = EntityMissing()
        self.checker_misspelled = EntityMisspelled()

        for _, _, srcs, segs in ctx.aligned_units():
            tgt = _target(segs)
            variants = {_variant(t.text) for _, t in tgt.cap_toks} | \
                       {_variant(w) for w in WORD_PART.findall(tgt.raw)}
            key = tuple(sorted({s.para for s in segs}))
            if key not in para_folded_of:
                para_folded_of[key] = fold(" ".join(para_text.get(p, "") for p in key))
            para_folded = para_folded_of[key]
            has_pronoun = any(contains_phrase(tgt.folded, p) for p in pron)
            mentions = []
            src_raw = ""
            for src in srcs:
                for m in extract_mentions(src.text, info):
                    m.offset = len(src_raw)
                    mentions.append(m)
                src_raw += src.text + " "
            self._unit = (src_raw, tgt)
            # words of the translation that some source mention accounts for
            used: set[str] = set()
            for m in mentions:
                for t in m.toks:
                    used.add(fold_word(t.text))
                if m.entry:
                    for r in m.entry.renderings.get(lang, ()):
                        used.update(fold(r.rstrip("*")).split())
            self._translated_addresses(srcs, tgt, para_folded)
            seen: set[tuple[str, str]] = set()
            for m in mentions:
                key = (m.kind, fold(m.text))
                if key in seen:
                    continue              # "Rusia" three times in one sentence: one verdict
                seen.add(key)
                self._one(m, tgt, variants, para_folded, doc_folded, doc_raw, doc_variants,
                          has_pronoun, used, info, lang)

    # -- street and village names translated word by word
    def _translated_addresses(self, srcs, tgt: _Target, para_folded: str) -> None:
        """"Rabbit Alley" for "Gang Kelinci": the name words after an address head are common
        Indonesian words that the translation rendered instead of keeping. Reported where none of
        the name words is in the translation's paragraph and a dictionary rendering of one of them
        (FreeDict) stands capitalised in the sentence; the finding covers the translated name."""
        heads = table().address_heads
        if not heads:
            return
        from . import _bilingual
        lex = _bilingual.get(self.ctx.tgt_lang)
        if lex is None:
            return
        pat = _address_re(heads)
        for src in srcs:
            for m in pat.finditer(src.text):
                words = [w for w in m.group("name").split() if len(w) >= 3]
                if not words or any(contains_phrase(para_folded, fold(w)) for w in words):
                    continue
                renders = {fold(r) for w in words for r in lex.translations(w.lower(), roots=False)[0]
                           if " " not in r}
                hit = [(seg, ct) for seg, ct in tgt.cap_toks if fold_word(ct.text) in renders]
                if not hit:
                    continue
                seg, ct = hit[0]
                lo, hi = ct.start, ct.end
                for seg2, other in tgt.cap_toks:       # the capitalised words around it: "Ginger Alley"
                    if seg2 is not seg:
                        continue
                    if other.end < lo and re.fullmatch(r"[ \t]", seg.text[other.end:lo]):
                        lo = other.start
                    elif other.start > hi and re.fullmatch(r"[ \t]", seg.text[hi:other.start]):
                        hi = other.end
                name = m.group(0)
                self.misspelled.append(self.ctx.finding(
                    self.checker_misspelled, seg, lo, hi,
                    f"“{seg.text[lo:hi]}” translates the name “{name}” of the source word by word; "
                    f"a street's or a village's name stays as written",
                    suggestion=None, confidence=0.55, severity="minor", name=name, text=seg.text[lo:hi]))

    # -- one mention
    def _one(self, m: Mention, tgt: _Target, variants, para_folded, doc_folded, doc_raw, doc_variants,
             has_pronoun, used, info, lang):
        ctx = self.ctx
        seg0 = tgt.segs[0]
        if m.kind == "name":
            found = [t for t in m.toks if len(t.text) >= 2 and self._name_found(t, m, tgt, variants, doc_raw)]
            near = self._neighbours(m, found, tgt)
            taken = {t for t, _ in near}
            for t in m.toks:
                if t in found or t in taken or len(t.text) < 5:
                    continue
                if len(m.toks) == 1 and t.text.lower() in self.common:
                    continue      # a lone capitalised common word may be translated
                cand = self._near(t.text, tgt, used, info)
                if cand:
                    near.append((t, cand))
            for t, (seg, ct, dist) in near:
                self.misspelled.append(ctx.finding(
                    self.checker_misspelled, seg, ct.start, ct.end,
                    f"“{ct.text}” looks like a misspelling of the name “{t.text}” in the source "
                    + (f"({'one letter differs' if dist == 1 else 'two letters differ'})" if dist <= 2
                       else "(the rest of the name is written as in the source)"),
                    suggestion=t.text, confidence=0.65 if dist <= 1 else 0.5,
                    name=t.text, text=ct.text))
            if near:
                return
            if found:
                # "Semarang Hendrar Prihadi": the place came through, the person's two names did not
                lost = self._lost_run(m, found)
                if lost is None:
                    return
                m = lost
            if self._loosely_present(m, tgt):
                return
            self._missing(m, seg0, para_folded, doc_folded, doc_variants, has_pronoun)
        elif m.kind == "person":
            forms = list(m.entry.renderings.get(lang, ())) + list(m.entry.ids)
            if any(rendering_found(r, tgt.raw, tgt.folded) for r in forms) or \
                    any(_name_found(t.text, tgt.folded, variants) for t in m.toks):
                return
            self._missing(m, seg0, para_folded, doc_folded, doc_variants, has_pronoun,
                          forms=forms, doc_raw=doc_raw)
        elif m.kind == "acronym":
            if contains_phrase(tgt.folded, fold(m.text)):
                return
            if contains_phrase(doc_folded, fold(m.text)):
                return
            # an acronym of the translation that the source lacks is most likely this one,
            # translated (PDB -> GDP/PIB, PBB -> UN/ONU, AS -> US)
            src_acr = set(_ACRONYM.findall(" ".join(p.text for p in self.ctx.source.paragraphs)))
            if any(a not in src_acr for a in _ACRONYM.findall(tgt.raw)):
                return
            # an acronym the table does not know is often one of common words that translations
            # spell out ("DBD" = demam berdarah dengue, "PDB" = GDP): not reported; known
            # institutions (KPK, TNI, BIN) come through the table as organisations
            return
        elif m.kind in ("place", "org"):
            forms = list(m.entry.renderings.get(lang, ())) + list(m.entry.ids)
            if any(rendering_found(r, tgt.raw, tgt.folded) for r in forms):
                return
            if any(rendering_found(r, doc_raw, doc_folded) for r in forms):
                return
            if any(_derived_present(r, tgt.folded) for r in forms if len(r) >= 5):
                return
            if any(len(r) >= 3 and r.isupper() and contains_phrase(doc_folded, fold(r)) for r in forms):
                return            # written in the wrong case ("kpk"): the casing check says so
            shown = ", ".join(r.rstrip("*") for r in m.entry.renderings.get(lang, ())[:3])
            self._report_missing(m, seg0, "minor", 0.35,
                                 f"the source names “{m.text}”"
                                 + (f" (in {lang}: {shown})" if shown else "")
                                 + " but the translation never does")
        elif m.kind == "institution":
            # a rendering in another language (English left in French) is rendered: AUD103 says the rest
            forms = [r for e in m.words for rs in e.renderings.values() for r in rs]
            if any(rendering_found(r, tgt.raw, tgt.folded) for r in forms):
                return
            if contains_phrase(tgt.folded, fold(m.text)) or contains_phrase(para_folded, fold(m.text)):
                return
            if any(rendering_found(r, para_folded, para_folded) for r in forms if not r.isupper()):
                return
            self._report_missing(m, seg0, "minor", 0.3,
                                 f"the institution “{m.text}” of the source is not rendered in this sentence")

    def _name_found(self, t: Tok, m: Mention, tgt: _Target, variants, doc_raw: str) -> bool:
        """The name word is in the translation sentence as written, in a spelling of the Indonesian
        spelling reforms, or, for a name that is not Indonesian (a Russian or Arabic one, say), in
        a transliteration variant. An Indonesian name spelt otherwise ("Ismaël" for "Ismail") is
        not found, nor is a variant of a name the translation writes as in the source elsewhere."""
        if contains_phrase(tgt.folded, fold(t.text)):
            return True
        rv = _reform_variant(t.text)
        if any(_reform_variant(ct.text) == rv for _, ct in tgt.cap_toks):
            return True
        if _variant(t.text) not in variants:
            return False
        if _indonesian_name(t.text) or any(_indonesian_name(x.text) for x in m.toks):
            return False
        # the translation itself spells it as the source does elsewhere: this variant is a slip
        return not contains_phrase(fold(doc_raw), fold(t.text))

    def _neighbours(self, m: Mention, found: list[Tok], tgt: _Target) -> list:
        """Misspelt words of a name whose other words are written right: in "Lestari Hasanah"
        for "Lestari Hasan", the word next to the right one is compared with the source's word
        at the same place."""
        out = []
        if len(m.toks) < 2 or not found:
            return out
        from rapidfuzz.distance import Levenshtein
        caps = tgt.cap_toks
        for i, t in enumerate(m.toks):
            if t in found or len(t.text) < 3:
                continue
            for j in (i - 1, i + 1):
                if not 0 <= j < len(m.toks) or m.toks[j] not in found:
                    continue
                anchor = fold_word(m.toks[j].text)
                for k, (seg, ct) in enumerate(caps):
                    if fold_word(ct.text) != anchor:
                        continue
                    n = k + (1 if j < i else -1)
                    if not 0 <= n < len(caps) or caps[n][0] is not seg:
                        continue
                    seg_n, cand = caps[n]
                    lo, hi = sorted((ct, cand), key=lambda x: x.start)
                    if not re.fullmatch(r"[ \t\-]", seg.text[lo.end:hi.start]):
                        continue          # not the next word of the same name
                    a, b = fold_word(t.text), fold_word(cand.text)
                    if a == b or _reform_variant(a) == _reform_variant(b):
                        continue
                    respelt = i == 0 and _respelt_first_name(a, b)
                    if _target_word(cand.text.lower(), self.ctx.tgt_lang) and not respelt:
                        continue      # a word translated in place ("Partai Komunis" -> "Communist Party")
                    d = Levenshtein.distance(a, b)
                    if (respelt or Levenshtein.normalized_similarity(a, b) >= 0.6 or a.startswith(b)
                            or b.startswith(a) or (a[0] == b[0] and d <= 2)):
                        out.append((t, (seg_n, cand, d)))
                        break
                if out and out[-1][0] is t:
                    break
        return out

    def _lost_run(self, m: Mention, found: list[Tok]) -> Optional[Mention]:
        """The longest run of two or more words of a name that are all missing and are no
        common words, as a mention of its own; None if there is none."""
        best: list[Tok] = []
        run: list[Tok] = []
        for t in m.toks + [None]:
            if t is not None and t not in found and len(t.text) >= 3 and \
                    not indonesian_derived(t.text.lower()):
                run.append(t)
                continue
            if len(run) >= 2 and len(run) > len(best):
                best = run
            run = []
        if not best:
            return None
        return Mention("name", best, after_title=True, offset=m.offset)

    @staticmethod
    def _loosely_present(m: Mention, tgt: _Target) -> bool:
        """Derived or transliterated forms: "Eurasia" in "eurasienne", "Idulfitri" in "Aïd el-Fitr".
        Only long name words, so that a short name is not found by chance. A short form made of
        the starts of the name's words, as Indonesian usage shortens well-known names ("Budi
        Santoso" as "Busan"), is the name too."""
        from rapidfuzz import fuzz
        if _blended(m, tgt):
            return True
        letters = re.sub(r"[^a-z]", "", tgt.folded)
        for t in m.toks:
            w = re.sub(r"[^a-z]", "", fold_word(t.text))
            if len(w) >= 5 and re.search(r"(?<![a-z])" + re.escape(w[:max(5, len(w) - 2)]), tgt.folded):
                return True
            if len(w) >= 7 and _derived_present(w, tgt.folded):
                return True
            if len(w) >= 7 and fuzz.partial_ratio(w, letters) >= 80:
                return True
        return False

    def _near(self, name: str, tgt: _Target, used: set[str], info: SourceInfo):
        fname = fold_word(name)
        limit = 1 if len(name) <= 6 else 2
        if _indonesian_name(name):
            limit = 3     # "Ismaël" for "Ismail": a gallicised Indonesian first name
        best = None
        for seg, ct in tgt.cap_toks:
            fc = fold_word(ct.text)
            if fc[:1] != fname[:1] or fc in used or fc in info.all_folded or len(fc) < 4:
                continue
            if fc in self.known_words:
                continue
            if _target_word(ct.text, self.ctx.tgt_lang) and not (
                    _indonesian_name(name) and not _target_word(ct.text.lower(), self.ctx.tgt_lang)):
                continue          # a word or a name the target language knows ("President", "Romania");
                # a target-language first name ("Ismaël") stands for an Indonesian one only by mistake
            d = levenshtein(fname, fc)
            if _variant(ct.text) == _variant(name):
                # a transliteration variant: right for a foreign name, a slip for an Indonesian one
                if not _indonesian_name(name):
                    continue
            elif not 1 <= d <= limit:
                continue
            if best is None or d < best[2]:
                best = (seg, ct, d)
        return best

    def _missing(self, m: Mention, seg: Segment, para_folded, doc_folded, doc_variants, has_pronoun,
                 forms=None, doc_raw: str = ""):
        def present(folded_text: str, raw: str = "", use_variants: bool = False) -> bool:
            if forms:
                return any(rendering_found(r, raw or folded_text, folded_text) for r in forms)
            return any(contains_phrase(folded_text, fold(t.text)) or
                       (use_variants and _variant(t.text) in doc_variants)
                       for t in m.toks if len(t.text) >= 2)

        if present(para_folded):
            return
        if m.before_title:
            # the place or body of an office ("Kapolda Metro Jaya ..."): translated more often than
            # not ("the Jakarta police chief"), and nothing says which words of the translation
            # render it; no claim
            return
        # something must say the run is a person: a name of the table, or a known first name (after
        # a title, or with a second word). Other capitalised runs are as often titles, offices,
        # syllable abbreviations or common words written with a capital ("Kabag Ops", "Undang-Undang
        # ... tentang Narkotika"), which a translation renders in its own words: no claim
        words = [t for t in m.toks if len(t.text) > 1]
        person = any(fold_word(t.text) in _first_names() for t in words)
        strong = m.kind == "person" or (person and (m.after_title or len(words) >= 2))
        if present(doc_folded, doc_raw, use_variants=True):
            if has_pronoun or not strong:
                return
            self._report_missing(m, seg, "minor", 0.35,
                                 f"the source names “{m.text}” here, but this sentence does not "
                                 f"(the name appears elsewhere in the translation)")
            return
        if not strong and not (m.after_title and len(words) >= 2):
            return
        # a person's name lost altogether is major; two unknown words after a title are likely a
        # person's name too ("Wali Kota Semarang Hendrar Prihadi"): a note
        conf = (0.5 if has_pronoun else 0.6) if strong else 0.4
        self._report_missing(m, seg, "major" if strong else "minor", conf,
                             f"the name “{m.text}” of the source appears nowhere in the translation")

    def _report_missing(self, m: Mention, seg: Segment, severity: str, conf: float, msg: str):
        # only a person's name lost altogether is a claim of error; the weaker cases (a name said
        # elsewhere in the translation, a place, an institution, an unknown capitalised word) are
        # notes for the reviewer: severity info, never failing a run
        if severity != "major":
            severity = "info"
        src_raw, tgt = self._unit
        seg, start, end = project_clause(src_raw, m.offset + m.toks[0].start, tgt.segs)
        self.missing.append(self.ctx.finding(self.checker_missing, seg, start, end, msg,
                                             severity=severity, confidence=conf, name=m.text,
                                             entity_kind=m.kind))


_CLAUSE_BREAK = re.compile(r"[,;:()«»\"“”]|\s[-–—]\s")
_ANCHOR = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]*[A-Z][^\W_]*")
MAX_SPAN = 60


def project_clause(src_text: str, src_pos: int, segs: list[Segment]) -> tuple[Segment, int, int]:
    """Where in the translation a word at src_pos of the source would stand: interpolated between
    anchors that both sides write alike (numbers, names, acronyms), then widened to the clause
    around that point and cut to at most MAX_SPAN characters at word boundaries. Returns the
    segment and the local span."""
    tgt = ""
    starts = []
    for sg in segs:
        starts.append(len(tgt))
        tgt += sg.text + " "
    tfold = fold(tgt)
    anchors = [(0, 0)]
    last = 0
    for am in _ANCHOR.finditer(src_text):
        w = fold(am.group())
        if len(w) < 2:
            continue
        k = tfold.find(w, last)
        if k >= 0:
            anchors.append((am.start(), k))
            last = k + len(w)
    anchors.append((max(len(src_text), 1), max(len(tgt) - 1, 0)))
    before = max((a for a in anchors if a[0] <= src_pos), key=lambda a: a[0])
    after = min((a for a in anchors if a[0] > src_pos and a[1] >= before[1]), key=lambda a: a[0],
                default=anchors[-1])
    span_s = max(after[0] - before[0], 1)
    pos = int(before[1] + (after[1] - before[1]) * (src_pos - before[0]) / span_s)
    k = max(i for i, st in enumerate(starts) if st <= pos) if starts else 0
    seg = segs[k]
    text = seg.text
    local = min(max(pos - starts[k], 0), max(len(text) - 1, 0))
    lo, hi = 0, len(text)
    for br in _CLAUSE_BREAK.finditer(text):
        if br.end() <= local:
            lo = br.end()
        elif br.start() >= local:
            hi = br.start()
            break
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo > MAX_SPAN:
        lo = max(lo, min(local - MAX_SPAN // 2, hi - MAX_SPAN))
        hi = min(hi, lo + MAX_SPAN)
        while lo < hi and lo > 0 and not text[lo - 1].isspace():
            lo += 1
        while hi > lo and hi < len(text) and not text[hi].isspace():
            hi -= 1
        while hi > lo and text[hi - 1] in " ,;:":
            hi -= 1
    if hi <= lo:
        lo, hi = 0, min(len(text), MAX_SPAN)
    return seg, lo, hi


@lru_cache(maxsize=None)
def _address_re(heads: tuple) -> re.Pattern:
    alt = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})\.?\s+(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){{0,2}})")


def _shared_run(ctx: Context) -> _EntityRun:
    run = ctx.shared.entity_run
    if run is None:
        run = _EntityRun(ctx)
        ctx.shared.entity_run = run
    return run


@register
class EntityMissing(Check):
    info = CheckInfo(
        code="AUD401", name="entity-missing", category="entity", severity="major",
        summary="A name, acronym or place of the source sentence is missing from its translation.",
        explanation=(
            "Names of people, organisations and places are read from the aligned Indonesian "
            "sentence: runs of capitalised words that are not the first word of the sentence, and "
            "acronyms (KPK, TNI, BIN). Exonyms, institutions, titles and the common words of "
            "institution names are looked up in a table (auditor/checks/data/entities.json) with "
            "their French and English renderings, so 'Amerika Serikat' may be 'États-Unis' or "
            "'américain', 'Kementerian Luar Negeri' may be 'ministère des Affaires étrangères', and "
            "'Presiden' is a title, not a name. Any other capitalised word is a name that must come "
            "back verbatim (case and accents aside) or in a known variant spelling. A person's name "
            "(a name of the table, or one with a known first name) that the sentence leaves out is "
            "a note when the name appears elsewhere in the translation (and nothing where a pronoun "
            "stands for it), and major when it appears nowhere in the translation. A capitalised "
            "run with nothing that marks a person (an office's abbreviation such as 'Kabag Ops', "
            "the jurisdiction before a rank, a capitalised common word) is not reported: "
            "translations render those in their own words. Places, organisations and acronyms are "
            "notes, only when the translation never mentions them in any case. Where the system's hunspell "
            "Indonesian dictionary (id_ID) is installed, capitalised common words are told from "
            "names more reliably."),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        return list(_shared_run(ctx).missing)


@register
class EntityMisspelled(Check):
    info = CheckInfo(
        code="AUD402", name="entity-misspelled", category="entity", severity="major",
        fix="unsafe",
        summary="A name of the source comes back with a letter or two changed.",
        explanation=(
            "For each name of the aligned Indonesian sentence (see AUD401) that the translation "
            "does not carry verbatim, this check looks for a capitalised word of the translation "
            "that is one edit away (names of five or six letters) or two edits away (longer names) "
            "and starts with the same letter, such as 'Soinarko' for 'Soenarko'. Known variant "
            "spellings are accepted: old Indonesian spelling (oe/u, dj/j, tj/c), y/i, doubled "
            "letters, and the exonyms of the entity table ('Poutine' for 'Putin'). The suggestion "
            "is the source's spelling. A street's or a village's name translated word by word "
            "('Rabbit Alley' for 'Gang Kelinci': a FreeDict rendering of its name word, capitalised, "
            "where the name itself is nowhere in the paragraph) is reported too, as minor."),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        return list(_shared_run(ctx).misspelled)
