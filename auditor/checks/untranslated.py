"""Text left in the wrong language: Indonesian (AUD102) or English (AUD103).

Both reason on words, with hunspell lexicons (see _lexicon.py), never on a single
ambiguous word alone: many English words are French words too ("National",
"Intelligence"), and Indonesian names are made of Indonesian words. What counts:
- runs of words that belong to the other language and not to the target language;
- words of the other language's closed classes ("dan", "yang"; "the", "with");
- for English, runs of capitalised English words (an English institution name,
  "National Intelligence Agency") and an English modifier-before-noun order
  ("... (États-Unis) Intelligence a trouvé").
Words and phrases that the source has too (names, quoted titles, "Reuters") and
names (capitalised mid-sentence) are left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Optional

from ..data import load_json
from ._lexicon import (Analysis, Lexicon, Token, analysis, data, get_lexicon, is_skippable, lang_name,
                       unavailable_reason)
from ._wordtools import zipf
from .base import Check, CheckInfo, Context, iter_segments, register

_FUNCTION_EN = frozenset(data()["english_function_words"])
_CONNECT_EN = frozenset(data()["english_connectors"])
_FUNCTION_ID = frozenset(data()["indonesian_function_words"])
_STRONG_ID = frozenset(data()["indonesian_strong"])
_STRONG_NOT_AFTER = frozenset(data()["indonesian_strong_not_after"])
_PARTICLES = frozenset(data()["name_particles"])


_ID_WEEKDAYS = frozenset(load_json("dates.json")["weekdays"]["id"])


@dataclass
class Hit:
    start: int            # local offsets in the segment's text
    end: int
    kind: str             # run | function | title | modifier | word | sentence
    confidence: float
    words: list[str] = field(default_factory=list)
    severity: Optional[str] = None   # None: the check's


def _joined(a: Token, b: Token) -> bool:
    """Two tokens are in one phrase where only spaces separate them."""
    return b.gap_before.strip() == "" and b.index == a.index + 1


def _runs(toks: list[Token], member) -> list[list[Token]]:
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for t in toks:
        m = member(t)       # once per token: the members test dictionaries
        if m and (not cur or _joined(cur[-1], t)):
            cur.append(t)
            continue
        if cur:
            runs.append(cur)
        cur = [t] if m else []
    if cur:
        runs.append(cur)
    return runs


def _target_lexicon(lang: str) -> Optional[Lexicon]:
    return get_lexicon(lang) if lang in data()["hunspell"] else None


def _target_missing(lang: str) -> bool:
    """A target language that has a hunspell entry but no dictionary here: without it every
    English or Indonesian word that is also a target word would look foreign, so the
    checks stay silent (and `unavailable` says why)."""
    return lang in data()["hunspell"] and _target_lexicon(lang) is None


def _reasons(*langs: str) -> Optional[str]:
    out = [r for r in (unavailable_reason(l) for l in langs if l in data()["hunspell"]) if r]
    return "; ".join(out) or None


# ----------------------------------------------------------------------------- Indonesian

def indonesian_hits(ctx: Context) -> dict[str, list[Hit]]:
    a = analysis(ctx)
    cached = getattr(a, "_id_hits", None)
    if cached is not None:
        return cached
    out: dict[str, list[Hit]] = {}
    idlex = get_lexicon("id")
    if idlex is not None and ctx.tgt_lang != "id" and not _target_missing(ctx.tgt_lang):
        tlex = _target_lexicon(ctx.tgt_lang)
        enlex = get_lexicon("en") if ctx.tgt_lang != "en" else None
        segs = list(iter_segments(ctx))
        kept = _kept_words(a, segs, ctx.tgt_lang)
        for seg in segs:
            hits = _indonesian_in(a, seg.text, a.tokens[seg.id], idlex, tlex, enlex, ctx.tgt_lang)
            hits += [h for h in _date_names(seg.text, ctx.tgt_lang)
                     if not any(o.start < h.end and h.start < o.end for o in hits)]
            hits.sort(key=lambda h: h.start)
            # a term the article quotes or glosses once may stand bare afterwards ("le mudik
            # (l'exode annuel) ... pendant le mudik")
            hits = [h for h in hits if h.kind not in ("word", "copied")
                    or not all(w.lower() in kept for w in h.words)]
            if hits:
                out[seg.id] = hits
    a._id_hits = out  # type: ignore[attr-defined]
    return out


def _date_names(text: str, lang: str) -> list[Hit]:
    """Indonesian month and weekday names left in a date of the translation ("le 7 Maret 2024",
    "on Kamis (7/3)"): names that neither the target language nor English shares ("April" is
    English too). A lone weekday counts only outside a capitalised name."""
    from .dates import _in_name, find_dates
    if not _id_only_date_names(lang).search(text):
        return []       # no Indonesian-only month or weekday name: no date to read
    shared = _shared_date_names(lang)
    out = []
    for e in find_dates(text, "id"):
        for kind, span in (("month", None if e.numeric_month else e.month_span), ("weekday", e.wd_span)):
            if not span:
                continue
            word = text[span[0]:span[1]]
            if word.lower() in shared or not word[:1].isupper():
                continue
            if e.form == "wd" and _in_name(text, span):
                continue
            out.append(Hit(span[0], span[1], "date", 0.8, [word], severity="minor"))
    return out


def _english_date_names(text: str, lang: str, in_source) -> list[Hit]:
    """English weekday and month names left in a translation into another language ("jusqu'à
    Wednesday 12 h", "le 5 March"): names that the target language does not share, capitalised,
    not in the source verbatim and not inside a capitalised name ("Black Friday"). A month name
    counts only next to a number, since several are also names of people ("May", "August")."""
    pat = _en_only_date_names(lang)
    if pat is None:
        return []
    from .dates import _names
    months = set(_names("en")[0])
    out = []
    for m in pat.finditer(text):
        word = m.group()
        if not word[:1].isupper() or word[1:] != word[1:].lower() or in_source(word):
            continue
        before = text[:m.start()]
        prev_w = re.search(r"(\w+)\s+$", before)
        next_w = re.match(r"\s+(\w+)", text[m.end():])
        if any(w is not None and w.group(1)[:1].isupper() for w in (prev_w, next_w)):
            continue          # part of a capitalised name or title
        if word.lower() in months and not (re.search(r"\d\s*$", before)
                                           or re.match(r"\s*\d", text[m.end():])):
            continue
        out.append(Hit(m.start(), m.end(), "date", 0.75, [word], severity="minor"))
    return out


@lru_cache(maxsize=None)
def _en_only_date_names(lang: str) -> Optional[re.Pattern]:
    """Full English month and weekday names that `lang` does not write the same way."""
    from .dates import _names
    full, _abbr, wds = _names("en")
    tf, ta, tw = _names(lang)
    if not any(n[:1].isascii() for n in tf):
        return None       # a target in another script: left to the script check
    names = (set(full) | set(wds)) - (set(tf) | set(ta) | set(tw))
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                      + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _id_only_date_names(lang: str) -> re.Pattern:
    """Any Indonesian month or weekday name (full or short) that is not also a name of `lang` or
    English, anywhere in a text: a cheap test that tells which sentences can hold one."""
    from .dates import _names
    full, abbr, wds = _names("id")
    names = (set(full) | set(abbr) | set(wds)) - _shared_date_names(lang)
    if not names:
        return re.compile(r"(?!)")
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)


@lru_cache(maxsize=None)
def _shared_date_names(lang: str) -> frozenset[str]:
    """Month and weekday names (lower case) of `lang` or English: not Indonesian-only."""
    from .dates import _names
    shared: set[str] = set()
    for other in {lang, "en"}:
        full, abbr, wds = _names(other)
        shared |= set(full) | set(wds)
    return frozenset(shared)


def _kept_words(a: Analysis, segs, lang: str) -> set[str]:
    """Lower-case words that the translation marks somewhere as kept on purpose: quoted, in
    parentheses, glossed, or mentioned as words."""
    kept: set[str] = set()
    for seg in segs:
        text, toks = seg.text, a.tokens[seg.id]
        spans = _original_quotes(a, text)
        for t in toks:
            if is_skippable(t) or t.capitalized:
                continue
            if (any(s <= t.start < e for s, e in spans) or _kept_term(text, t.start, t.end)
                    or _glossed(text, t.end, lang) or _mentioned(toks, t.index)):
                kept.add(t.text.lower())
    return kept


def _indonesian_in(a: Analysis, text: str, toks: list[Token], idlex: Lexicon, tlex: Optional[Lexicon],
                   enlex: Optional[Lexicon], tlang: str = "") -> list[Hit]:
    info: dict[int, tuple[bool, bool, bool]] = {}   # index -> (indonesian, only indonesian, function word)
    for t in toks:
        if is_skippable(t):
            continue
        if t.capitalized and (not t.start_like or a.source.has_name(t.text) or a.source.has_verbatim(t.text)):
            continue   # a name, or a term the source writes as a name
        low = t.text.lower()
        target = bool(tlex and (tlex.is_word(t.text) or tlex.is_common(t.text)))
        english = bool(enlex and enlex.is_common(t.text))
        compound = not (target or english) and (_closed_compound(low, tlang) or _closed_compound(low, "en"))
        target = target or compound     # 'minimarket': two common words of the translation's language
        if not idlex.is_word(low, confirm=not (target or english)):
            continue
        only = not target and not english
        if not only and not compound and tlang and zipf(low, "id") >= 3.0 and zipf(low, tlang) < 1.5 and zipf(low, "en") < 1.5:
            only = True   # a rare word of the target language that is a common Indonesian one ("raya")
        info[t.index] = (True, only, low in _FUNCTION_ID)

    def strong(t: Token) -> bool:
        low = t.text.lower()
        if low not in _STRONG_ID or t.capitalized:
            return False
        before = toks[max(0, t.index - 3):t.index]     # "yin et du yang", "premier dan"
        return not any(p.text.lower() in _STRONG_NOT_AFTER for p in before)

    hits: list[Hit] = []
    for run in _runs(toks, lambda t: t.index in info):
        only = [t for t in run if info[t.index][1]]
        func = [t for t in run if info[t.index][2] and (info[t.index][1] or strong(t))]
        # trim words on the edges that are words of the target language too
        while run and not (info[run[0].index][1] or run[0] in func):
            run = run[1:]
        while run and not (info[run[-1].index][1] or run[-1] in func):
            run = run[:-1]
        if not run:
            continue
        evidence = len({t.index for t in only} | {t.index for t in func})
        if len(run) >= 2 and only and evidence >= 2:
            if not func and (_kept_term(text, run[0].start, run[-1].end) or _mentioned(toks, run[0].index)):
                continue   # a term kept on purpose: quoted, in italics, glossed "nasi goreng (fried rice)",
                # or named as a term ("des rondes, appelées ...")
            conf = min(0.95, 0.6 + 0.1 * evidence) if func else 0.6
            hits.append(Hit(run[0].start, run[-1].end, "run", conf, [t.text for t in run]))
            continue
        for t in run:
            if t not in func:
                continue
            prev = toks[t.index - 1] if t.index > 0 else None
            nxt = toks[t.index + 1] if t.index + 1 < len(toks) else None
            if (prev is not None and nxt is not None and prev.capitalized and nxt.capitalized
                    and t.text.lower() in _PARTICLES):
                continue   # a particle inside a name: "Leonardo di Caprio"
            hits.append(Hit(t.start, t.end, "function", 0.7 if info[t.index][1] else 0.6, [t.text]))
    # a single common Indonesian content word in running text, unknown to the target language
    # and to English by its frequency too, not quoted, not glossed: left untranslated
    taken = [(h.start, h.end) for h in hits]
    for run in _runs(toks, lambda t: t.index in info):
        if _kept_term(text, run[0].start, run[-1].end) or _glossed(text, run[-1].end, tlang):
            continue
        for t in run:
            if not info[t.index][1] or info[t.index][2] or t.capitalized:
                continue
            low = t.text.lower()
            if len(low) < 4 or any(s <= t.start < e for s, e in taken) or _mentioned(toks, t.index):
                continue
            if zipf(low, "id") < 3.5 or zipf(low, tlang) >= 1.0 or zipf(low, "en") >= 1.0:
                continue
            # the phrase it stands in ("panen raya"): its Indonesian neighbours come along, but
            # not the common target-language words on its edges ("la", "en")
            lo, hi = run.index(t), run.index(t) + 1
            while lo > 0 and zipf(run[lo - 1].text.lower(), tlang) < 3.0:
                lo -= 1
            while hi < len(run) and zipf(run[hi].text.lower(), tlang) < 3.0:
                hi += 1
            phrase = run[lo:hi]
            hits.append(Hit(phrase[0].start, phrase[-1].end, "word", 0.5, [x.text for x in phrase],
                            severity="minor" if len(phrase) == 1 else None))
            break
    hits.extend(_copied_words(a, text, toks, tlex, enlex, tlang, hits))
    return sorted(hits, key=lambda h: h.start)


_QUOTED = re.compile(r"«([^«»]{3,})»|“([^“”]{3,})”|\"([^\"]{3,})\"|\(([^()]{3,})\)")
# a word mentioned as a word ("des mots comme X", "terms such as X", "dubbed X") is quoted, not used
_MENTION_CUES = frozenset("mot mots terme termes expression expressions surnom surnommé surnommée baptisé "
                          "baptisée appelé appelée appelés appelées dénommé dénommée soi-disant "
                          "dite dits dites nommé nommée nommés nommées "
                          "word words term terms phrase nickname dubbed called so-called known".split())


def _original_quotes(a: Analysis, text: str) -> list[tuple[int, int]]:
    """Quotations and parentheses of `text` left in the original: most of their words (two or
    more) are written as in the source ("« hidup rakyat »", "(daftar isian, DIP)")."""
    out = []
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        words = re.findall(r"[^\W\d_]+", inner)
        if len(words) >= 2 and sum(a.source.has_verbatim(w) for w in words) >= 0.6 * len(words):
            out.append((m.start(), m.end()))
    return out


def _mentioned(toks: list[Token], k: int) -> bool:
    """The word at k is mentioned as a word: "des mots grossiers tels que X", "terms such as X"."""
    return any(x.text.lower() in _MENTION_CUES for x in toks[max(0, k - 4):k])


def _copied_words(a: Analysis, text: str, toks: list[Token], tlex: Optional[Lexicon],
                  enlex: Optional[Lexicon], tlang: str, taken: list[Hit]) -> list[Hit]:
    """Lower-case words copied letter for letter from the source that neither the target language
    nor English knows: a word the system did not translate, whether or not the Indonesian
    dictionary lists it (slang, a regional word, a typo of the source such as "merangsak").
    Quoted, glossed or parenthesised terms are kept on purpose, and so are words mentioned as words
    ("des mots comme ..."); so is a quotation or a parenthesis left in the original (a prayer, a
    slogan, "(daftar isian, DIP)") when most of its words are the source's."""
    if tlex is None:
        return []
    kept_quotes = _original_quotes(a, text)

    def copied(t: Token) -> bool:
        if is_skippable(t) or t.capitalized or len(t.text) < 4 or not a.source.has_verbatim(t.text):
            return False
        if any(s <= t.start < e for s, e in kept_quotes) or any(h.start <= t.start < h.end for h in taken):
            return False
        if _mentioned(toks, t.index):
            return False
        for part in re.split(r"[-‐]", t.text):
            low = part.lower()
            if not part.isalpha() or tlex.is_word(part) or zipf(low, tlang) >= 1.5:
                return False
            if _closed_compound(low, tlang) or (tlang != "en" and _closed_compound(low, "en")):
                return False      # 'minimarket': two words of the language written as one
            if tlang != "en" and ((enlex is not None and enlex.is_common(part)) or zipf(low, "en") >= 2.0):
                return False      # English: the English check's
        return True

    out = []
    for run in _runs(toks, copied):
        if _kept_term(text, run[0].start, run[-1].end) or _glossed(text, run[-1].end, tlang):
            continue
        out.append(Hit(run[0].start, run[-1].end, "copied", 0.6, [t.text for t in run],
                       severity="minor" if len(run) == 1 else None))
    return out


_GLOSS_OPENERS = {
    "en": frozenset("the a an i.e. namely".split()),
    "fr": frozenset("le la les l un une des soit c'est-à-dire".split()),
}


def _glossed(text: str, end: int, lang: str = "") -> bool:
    """An appositive gloss follows: "mudik, the annual homecoming", "le mudik, l'exode annuel", or a
    gloss between dashes.
    The openers are the target language's: in French "a" after a comma is a verb ("..., a déclaré")."""
    after = text[end:end + 24]
    if re.match(r"\s[–—]\s|\s-\s", after):
        return True      # a gloss between dashes: "le nyepi – le jour du silence –"
    if not after.startswith(", "):
        return False
    first = after[2:].split(" ", 1)[0].lower()
    openers = _GLOSS_OPENERS.get(lang) or _GLOSS_OPENERS["en"] | _GLOSS_OPENERS["fr"]
    return first in openers or (lang != "en" and first.startswith(("l'", "l’")))


_OPEN_QUOTES = "«“\"‘'*_「『"
_CLOSE_QUOTES = "»”\"’'*_」』"


def _kept_term(text: str, start: int, end: int) -> bool:
    """Is text[start:end] marked as a kept foreign term: in quotes or italics, or followed
    by a gloss in parentheses?"""
    before = text[:start].rstrip(" \u00a0")
    after = text[end:].lstrip(" \u00a0")
    if before[-1:] and before[-1] in _OPEN_QUOTES and after[:1] and after[0] in _CLOSE_QUOTES:
        return True
    if before.endswith(("(", "（")) and after[:1] in (")", ",", "）", "，"):
        return True      # the original term given after its translation: "a plenary session (rapat paripurna)"
    return after.startswith(("(", "（"))


# ----------------------------------------------------------------------------- English

def english_hits(ctx: Context) -> dict[str, list[Hit]]:
    a = analysis(ctx)
    cached = getattr(a, "_en_hits", None)
    if cached is not None:
        return cached
    out: dict[str, list[Hit]] = {}
    enlex = get_lexicon("en")
    if enlex is not None and ctx.tgt_lang != "en" and not _target_missing(ctx.tgt_lang):
        tlex = _target_lexicon(ctx.tgt_lang)
        for seg in iter_segments(ctx):
            hits = _english_in(ctx, a, seg.text, a.tokens[seg.id], enlex, tlex)
            hits += [h for h in _english_date_names(seg.text, ctx.tgt_lang, a.source.has_verbatim)
                     if not any(o.start < h.end and h.start < o.end for o in hits)]
            hits.sort(key=lambda h: h.start)
            if hits:
                out[seg.id] = hits
    a._en_hits = out  # type: ignore[attr-defined]
    return out


def _closed_compound(low: str, lang: str) -> bool:
    """Whether a word is two common words of `lang` (four letters or more each) written as one:
    dictionaries lack many such compounds ('minimarket', 'carpool')."""
    if not lang or len(low) < 8 or not low.isalpha():
        return False
    return any(zipf(low[:i], lang) >= 3.5 and zipf(low[i:], lang) >= 3.5 for i in range(4, len(low) - 3))


def _english_loan(low: str, lang: str) -> bool:
    """An English word that the target language's dictionary lists but its texts hardly use
    ('stakeholder' in French): ten times more frequent in English, and rare in the target language."""
    if len(low) < 4 or not low.isalpha():
        return False
    t = zipf(low, lang)
    return t < 2.5 and zipf(low, "en") - t >= 1.0


def _english_compound(text: str, enlex: Lexicon, tlex: Optional[Lexicon]) -> bool:
    """A hyphenated compound of English words that the target language lacks ('hit-and-run',
    'follow-up'): every part English (a common word or a function word), one at least no word of the
    target language."""
    parts = text.split("-")
    if len(parts) < 2 or not all(parts):
        return False
    if not all(enlex.is_common(p) or p.lower() in _FUNCTION_EN for p in parts):
        return False
    return any(not (tlex and tlex.is_common(p)) and len(p) >= 3 for p in parts)


@dataclass
class _EnWord:
    common: bool       # the lower-case form is an English word
    only: bool         # ... and not a word of the target language
    function: bool     # an English closed-class word that the target language lacks


_ELIDED = re.compile(r"^(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=\w)")


def _unelided(toks: list[Token]) -> list[Token]:
    """French elided tokens ("l’East") stand for the word after the apostrophe."""
    out = []
    for t in toks:
        m = _ELIDED.match(t.text)
        out.append(t._replace(text=t.text[m.end():], start=t.start + m.end()) if m else t)
    return out


def _english_in(ctx: Context, a: Analysis, text: str, toks: list[Token], enlex: Lexicon,
                tlex: Optional[Lexicon]) -> list[Hit]:
    if ctx.tgt_lang == "fr":
        toks = _unelided(toks)
    words: dict[int, _EnWord] = {}
    for t in toks:
        if is_skippable(t) or a.source.has_verbatim(t.text) or a.source.has(t.text):
            continue   # numbers, acronyms, and what the source has too (names, kept titles)
        if tlex is not None and tlex.is_word(t.text) and not tlex.is_common(t.text):
            continue   # a name the target dictionary knows (Washington, Londres)
        common = enlex.is_common(t.text) or _english_compound(t.text, enlex, tlex)
        low = t.text.lower()
        target = bool(tlex and tlex.is_common(t.text)) and not _english_loan(low, ctx.tgt_lang)
        function = low in _FUNCTION_EN and not target
        if common or function:
            words[t.index] = _EnWord(common, common and not target, function)

    hits: list[Hit] = []
    used: set[int] = set()

    # 1. capitalised runs: English titles and institution names, also around a name of the
    #    source in English order ("East Surabaya District Court" for "PN Surabaya Timur")
    def title_member(t: Token) -> bool:
        w = words.get(t.index)
        if w is None:
            return t.capitalized and not t.all_caps and a.source.has_name(t.text) and t.index > 0
        return (t.capitalized and w.common) or (not t.capitalized and t.text.lower() in _CONNECT_EN)

    leading = _determiners(ctx.tgt_lang)
    for run in _runs(toks, title_member):
        while run and (not run[0].capitalized or run[0].text.lower() in leading):
            run = run[1:]
        while run and not run[-1].capitalized:
            run = run[:-1]
        caps = [t for t in run if t.capitalized]
        only = [t for t in caps if t.index in words and words[t.index].only]
        if len(caps) < 2 or not only:
            continue
        if a.source.has_phrase(text[run[0].start:run[-1].end]):
            continue
        conf = 0.6 if (run[0].start_like and len(caps) == 2) else 0.85
        hits.append(Hit(run[0].start, run[-1].end, "title", conf, [t.text for t in run]))
        used.update(t.index for t in run)

    # 2. lower-case runs of English words
    def lower_member(t: Token) -> bool:
        return t.index in words and t.index not in used and not t.capitalized

    for run in _runs(toks, lower_member):
        strong = [t for t in run if words[t.index].only or words[t.index].function]
        while run and run[0] not in strong:
            run = run[1:]
        while run and run[-1] not in strong:
            run = run[:-1]
        if not run:
            continue
        if len(strong) >= 2 and len(run) >= 2:
            span = text[run[0].start:run[-1].end]
            en, tg = _lang_scores(span, ctx.tgt_lang)
            if en < tg:
                continue
            hits.append(Hit(run[0].start, run[-1].end, "run", min(0.95, 0.6 + 0.1 * len(strong)),
                            [t.text for t in run]))
            used.update(t.index for t in run)
            continue
        for t in strong:
            if t.index in used:
                continue
            prev = toks[t.index - 1] if t.index > 0 else None
            nxt = toks[t.index + 1] if t.index + 1 < len(toks) else None
            near_name = any(n is not None and (n.capitalized or n.all_caps) and
                            (_joined(n, t) if n is prev else _joined(t, n)) for n in (prev, nxt))
            w = words[t.index]
            if w.function:
                if near_name:
                    continue   # a connector inside a kept name: "Bank of America"
                hits.append(Hit(t.start, t.end, "word", 0.6, [t.text]))
            elif w.only and len(t.text) >= 4 and (not (tlex and tlex.is_word(t.text))
                                                   or _english_loan(t.text.lower(), ctx.tgt_lang)):
                # one English content word may be a loanword ("fake news"): minor, low confidence
                hits.append(Hit(t.start, t.end, "word", 0.5, [t.text], severity="minor"))
            used.add(t.index)

    determiners = _determiners(ctx.tgt_lang)
    # 3. an English modifier-before-noun order: a capitalised common word right after a
    #    parenthesised name or abbreviation ("Les États-Unis (États-Unis) Intelligence a trouvé"),
    #    or right after an acronym that no determiner introduces ("... AS Intelligence a"), and
    #    followed by lower-case words: the head noun of an English noun phrase. French puts
    #    such a noun first, behind a determiner ("le renseignement américain").
    if tlex is not None:
        for t in toks:
            w = words.get(t.index)
            if (w is None or t.index in used or not t.capitalized or t.start_like or not w.common
                    or w.only or t.index == 0):
                continue
            prev = toks[t.index - 1]
            nxt = toks[t.index + 1] if t.index + 1 < len(toks) else None
            between = t.gap_before.strip()
            before_prev = toks[prev.index - 1] if prev.index > 0 else None
            if between == ")":
                if not (prev.capitalized or prev.all_caps):
                    continue
            elif between == "" and prev.all_caps:
                if before_prev is None or before_prev.text.lower() in determiners:
                    continue
            else:
                continue
            if nxt is not None and (nxt.capitalized or nxt.all_caps):
                continue   # part of a longer name
            hits.append(Hit(t.start, t.end, "modifier", 0.5, [t.text]))
            used.add(t.index)

    # a sentence mostly in English is one finding, not many
    if hits and len(toks) >= 5:
        letters = sum(1 for c in text if c.isalpha())
        covered = sum(1 for h in hits for c in text[h.start:h.end] if c.isalpha())
        if covered >= 0.6 * letters:
            en, tg = _lang_scores(text, ctx.tgt_lang)
            if en > 0.8:
                return [Hit(toks[0].start, toks[-1].end, "sentence", round(en, 2),
                            [t.text for t in toks])]
    return sorted(hits, key=lambda h: h.start)


@lru_cache(maxsize=None)
def _determiners(lang: str) -> frozenset:
    return frozenset(data()["determiners"].get(lang, ()))


def _lang_scores(text: str, tgt: str) -> tuple[float, float]:
    """Confidence that `text` is English, and that it is the target language (lingua)."""
    try:
        from ..lang import confidences
        c = confidences(text)
    except Exception:
        return 1.0, 0.0
    return c.get("en", 0.0), c.get(tgt, 0.0)


# ------------------------------------------------------------------ Indonesian titles kept as is

_PLACE_WORDS = frozenset("jalan jl jln gang rue avenue boulevard street st road avenue gedung bandara "
                         "stasiun pelabuhan airport station stadium stade bandar".split())


def _closes_source_name(text: str, toks, k: int, n: int, src_raw: str) -> bool:
    """The title word(s) toks[k:k+n] end a run of capitalised words, joined by spaces only, that
    the source writes letter for letter: a person's name whose last word is also a title
    ("Sekar Ayu Ratu"), not a title kept before a name (a title opens the run)."""
    i = k
    while i > 0 and toks[i - 1].text[:1].isupper() and not toks[i - 1].text.isupper() \
            and text[toks[i - 1].end:toks[i].start] == " ":
        i -= 1     # every start of the run, nearest first ("Selon Sekar Ayu Ratu": "Ayu Ratu", ...)
        phrase = text[toks[i].start:toks[k + n - 1].end]
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", src_raw):
            return True
    return False


def kept_titles(ctx: Context) -> dict[str, list[Hit]]:
    """Indonesian titles and ranks of the entity table ("Kombes", "Kapolda", "Pangdam") written verbatim in the translation where the table gives the target language a
    rendering, neither quoted nor glossed nor followed by their translation in parentheses.
    Acronyms in capitals (KPK, DPR) are names of bodies and stay."""
    from ._wordtools import WORD_APOS, fold, fold_word, tokens
    from .entities import rendering_found, table
    tab = table()
    lang = ctx.tgt_lang
    src_raw = ctx.source.raw
    out: dict[str, list[Hit]] = {}
    for seg in iter_segments(ctx):
        toks = tokens(seg.text, WORD_APOS)
        k = 0
        while k < len(toks):
            t = toks[k]
            if not t.text[:1].isupper() or t.text.isupper():
                k += 1
                continue
            hit = None
            for n in range(min(tab.max_len, len(toks) - k), 0, -1):
                key = tuple(fold_word(x.text) for x in toks[k:k + n])
                e = tab.by_key.get(key)
                if e is not None and e.kind == "title" and e.renderings.get(lang) and \
                        not (n == 1 and zipf(key[0], lang) >= 2.0):      # "Mayor" is English too
                    hit = (n, e)
                    break
            if hit is None:
                k += 1
                continue
            n, e = hit
            start, end = t.start, toks[k + n - 1].end
            near = {fold_word(x.text) for x in toks[max(0, k - 2):k] + toks[k + n:k + n + 4]}
            if near & _PLACE_WORDS:
                k += n
                continue            # part of a street's or a building's name ("Jalan Letjen Suprapto")
            if _closes_source_name(seg.text, toks, k, n, src_raw):
                k += n
                continue            # the last word of a person's name the source writes so ("Sari Ratu")
            written = seg.text[start:end]
            if any(fold(r.rstrip("*")) == fold(written) for r in e.renderings[lang]) or \
                    any(r.rstrip("*")[:1].isupper() and rendering_found(r, written, fold(written))
                        for r in e.renderings[lang]):
                k += n
                continue            # the table's own rendering in this language ("Satpol PP")
            if _kept_term(seg.text, start, end) or _glossed(seg.text, end, lang) or \
                    seg.text[:start].rstrip().endswith("(") or written.casefold() != written.casefold():
                k += n
                continue
            first = e.renderings[lang][0].rstrip("*")
            out.setdefault(seg.id, []).append(Hit(start, end, "title", 0.55, [first], severity="minor"))
            k += n
    return out


# ----------------------------------------------------------------------------- the checks

@register
class UntranslatedIndonesian(Check):
    info = CheckInfo(
        code="AUD102", name="untranslated-indonesian", category="untranslated", severity="major",
        summary="Indonesian words left in the translation",
        explanation=(
            "Finds Indonesian left in the translation: a run of two or more words that the Indonesian "
            "hunspell dictionary (id_ID) knows and the target language's does not, or a lone Indonesian "
            "function word ('dan', 'yang', 'untuk'...). Names are left alone: a word written with a capital "
            "in the middle of a sentence, or that the source writes as a name. A single common Indonesian "
            "content word in running text, and a lower-case word copied from the source that neither the "
            "target language nor English knows (slang, a regional word, a typo of the source), are "
            "reported as minor; terms kept on purpose (quoted, in italics, glossed, in parentheses, or "
            "mentioned as words: 'des mots comme ...') are left alone. Needs the "
            "hunspell dictionary id_ID (Debian: hunspell-id); without it the check reports nothing."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Any]:
        segs = {s.id: s for s in ctx.translation.sentences}
        found = indonesian_hits(ctx)
        for sid, hits in kept_titles(ctx).items():
            found.setdefault(sid, [])
            found[sid] = sorted(found[sid] + [h for h in hits if not any(
                o.start < h.end and h.start < o.end for o in found[sid])], key=lambda h: h.start)
        for sid, hits in found.items():
            seg = segs[sid]
            for h in hits:
                words = seg.text[h.start:h.end]
                if h.kind == "date":
                    msg = (f"Indonesian {'weekday' if h.words[0].lower() in _ID_WEEKDAYS else 'month'} "
                           f"“{words}” left untranslated in a date")
                elif h.kind == "title":
                    msg = (f"Indonesian title or term “{words}” left as is; the {lang_name(ctx.tgt_lang)} "
                           f"text calls for a translation (e.g. “{h.words[0]}”)")
                elif h.kind == "function":
                    msg = f"Indonesian word “{words}” left untranslated in the {lang_name(ctx.tgt_lang)} text"
                else:
                    msg = f"Indonesian left untranslated: “{words}”"
                yield ctx.finding(self, seg, h.start, h.end, msg, confidence=h.confidence,
                                  severity=h.severity, kind=h.kind, words=h.words)

    @staticmethod
    def unavailable(lang: str) -> Optional[str]:
        """Why the check cannot run for target `lang` (a notice for the user), or None."""
        return _reasons("id", lang)


@register
class UntranslatedEnglish(Check):
    info = CheckInfo(
        code="AUD103", name="untranslated-english", category="untranslated", severity="major",
        summary="English words left in a non-English translation",
        explanation=(
            "Finds English left in a translation into another language (often the trace of a pivot through "
            "English): runs of capitalised English words such as an institution name ('National Intelligence "
            "Agency'), runs of English words that the target language lacks, English function words "
            "('the', 'with'), whole sentences that read as English, and a capitalised common noun right "
            "after a parenthesised name or an acronym, in English order ('les États-Unis (États-Unis) "
            "Intelligence a trouvé'; lower confidence). Evidence comes from the "
            "hunspell dictionaries of English and of the target language (many English words are French "
            "words too) and, for runs, from lingua's language identification. Names and anything the source "
            "has verbatim (an agency, 'Reuters', an English title quoted in the source) are left alone."),
        languages=tuple(data()["english_languages"]),
    )

    def run(self, ctx: Context) -> Iterable[Any]:
        segs = {s.id: s for s in ctx.translation.sentences}
        for sid, hits in english_hits(ctx).items():
            seg = segs[sid]
            for h in hits:
                words = seg.text[h.start:h.end]
                if h.kind == "sentence":
                    msg = f"sentence left in English in the {lang_name(ctx.tgt_lang)} text"
                elif h.kind == "modifier":
                    msg = (f"“{words}” reads as English: a capitalised noun right after a name, in English "
                           f"word order")
                else:
                    msg = f"English left untranslated: “{words}”"
                yield ctx.finding(self, seg, h.start, h.end, msg, confidence=h.confidence,
                                  severity=h.severity, kind=h.kind, words=h.words)

    @staticmethod
    def unavailable(lang: str) -> Optional[str]:
        """Why the check cannot run for target `lang` (a notice for the user), or None."""
        return _reasons("en", lang)
