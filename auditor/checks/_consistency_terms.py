"""The terms of the consistency check (AUD503, checks/consistency.py) and their occurrences.

How a source term is keyed (clitics, reduplication and verb prefixes aside), the curated table of
known renderings grouped by sense (checks/data/consistency.json), the renderings the user's glossary
requires, and `_Occ`, the record of one occurrence of a term and of where its rendering was placed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from ..data import load_json
from ..evidence import btdiff
from ..glossary import term_regex
from ..types import Segment
from ._wordtools import fold_word, indonesian_common_words
from .base import Context

MAX_RENDERING_WORDS = 4        # words of a located rendering, function words included


MAX_TERM_RENDERING = 3         # content words of the rendering of a one- or two-word term


MIN_TERM_LETTERS = 5


CLITIC_SUFFIXES = ("nya", "lah", "kah", "pun")


VERB_PREFIXES = ("memper", "diper", "me", "di", "ber", "ter")


# a mean reverse-model log-probability of the rendering below this confirms a deviation
IMPROBABLE_LOGPROB = -4.0


# ... and at or above this vetoes it: the model finds the rendering a natural translation
PROBABLE_LOGPROB = -1.5


# a kept term placed by the lexical projection only: listed, never decisive
KEPT_LEXICAL = "back-translation kept the term (placed lexically)"


# a kept term placed where the word shared by the other kept occurrences is
CONSENSUS = "back-translation kept the term (placed by the other occurrences)"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_json("consistency.json")


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    return frozenset(_data()["stop_terms"]) | btdiff.function_words()


@lru_cache(maxsize=8)
def _target_function_words(lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in _data()["target_function_words"].get(lang, []))


@dataclass(frozen=True)
class _Sense:
    name: str
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class _TableTerm:
    key: str
    forms: tuple[str, ...]
    senses: tuple[_Sense, ...]
    unless: tuple[re.Pattern, ...]
    severity: str


@lru_cache(maxsize=8)
def _table(lang: str) -> tuple[_TableTerm, ...]:
    out = []
    for key, e in _data()["terms"].items():
        senses = e["senses"].get(lang)
        if not senses:
            continue
        out.append(_TableTerm(
            key=key, forms=tuple(e.get("forms", [key])),
            senses=tuple(_Sense(name, tuple(re.compile(p, re.IGNORECASE) for p in pats))
                         for name, pats in senses.items()),
            unless=tuple(term_regex(w, source=True) for w in e.get("unless_source", [])),
            severity=e.get("severity", "major")))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def term_key(norm: str) -> str:
    """Key of an Indonesian word (folded): clitics and reduplication removed."""
    if "-" in norm:
        a, _, b = norm.partition("-")
        if a == b or b.startswith(a):
            norm = a
    common = indonesian_common_words()
    if norm not in common:
        for suf in CLITIC_SUFFIXES:
            if norm.endswith(suf) and len(norm) - len(suf) >= 4:
                if suf == "nya" or not common or norm[:-len(suf)] in common:
                    return norm[:-len(suf)]
    return norm


@lru_cache(maxsize=1 << 16)
def _is_verbal(key: str) -> bool:
    """A word that starts like a verb (meN-, di-, ber-, ter-) and is not itself a root."""
    if key in _data()["noun_exceptions"]:
        return False
    common = indonesian_common_words()
    if key in common:
        return False
    if not key.startswith(VERB_PREFIXES):
        return False
    if not common:
        return True
    return any(s in common for s in btdiff.stems(key) if s != key)


def _term_token(toks: list[btdiff.Token], k: int) -> Optional[str]:
    """The term key of toks[k], or None when it is not a term."""
    t = toks[k]
    if not t.content or t.number or t.name or any(c.isdigit() for c in t.text):
        return None
    letters = [c for c in t.text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return None          # acronym
    if t.text[0].isupper() and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
        return None          # the first word of a name ("Badan Intelijen ...")
    key = term_key(t.norm)
    if len(key) < MIN_TERM_LETTERS or key in _stop_terms() or _is_verbal(key):
        return None
    return key


@dataclass
class _Occ:
    key: str
    term: str                        # as written in the source
    pair: int
    src_text: str
    src_span: tuple[int, int]        # in src_text
    src_idx: tuple[int, ...]         # btdiff token indices in src_text
    segs: list[Segment]
    seg: Optional[Segment] = None    # where the rendering is
    start: int = 0
    end: int = 0
    how: str = ""                    # word-alignment | back-translation (attention|lexical) | table | glossary | KEPT_LEXICAL
    faithful: Optional[bool] = None  # back-translation kept the term
    bt_words: str = ""
    sense: Optional[str] = None
    coverage: float = 1.0
    logprob: Optional[float] = None
    group: int = -1
    blocked: bool = False            # the source has a word that could produce another sense
    ambiguous: bool = False          # kept, but its rendering could not be told apart
    guessed: bool = False            # placed only by projecting the back-translation's words lexically,
                                     # with no difference of the evidence stage to say where the term went

    @property
    def located(self) -> bool:
        return self.seg is not None and self.end > self.start

    @property
    def text(self) -> str:
        return self.seg.text[self.start:self.end] if self.seg is not None else ""

    @property
    def solid(self) -> bool:
        """Placed by word alignment, an attention projection, a table, a glossary or the consensus
        of the other kept occurrences (not by interpolation between names and numbers)."""
        return self.located and self.how not in (KEPT_LEXICAL, "back-translation (lexical)")

    @property
    def decisive(self) -> bool:
        """Located by evidence strong enough to decide on (not the weak lexical projection)."""
        return self.located and self.how != KEPT_LEXICAL


def _sense_of(text: str, table: Optional[_TableTerm]) -> Optional[str]:
    if table is None:
        return None
    for sense in table.senses:
        if any(p.search(text) for p in sense.patterns):
            return sense.name
    return None


@lru_cache(maxsize=8192)
def _target_regex(target: str) -> re.Pattern:
    return term_regex(target)


def _target_patterns(targets: Optional[list[str]]) -> Optional[list[re.Pattern]]:
    """The patterns of a term's required renderings, compiled when a term is met (a glossary of
    100,000 rows is not compiled for an article that uses ten of them)."""
    return [_target_regex(t) for t in targets] if targets else None


def _glossary_terms(ctx: Context) -> dict[str, list[str]]:
    """Glossary entries for this language: term key -> its required renderings."""
    cached = ctx.shared.consistency_glossary
    if cached is not None:
        return cached
    out: dict[str, list[str]] = {}
    try:
        from .terminology import _glossary_entries
        entries = [e for e in _glossary_entries(ctx) if e.applies_to(ctx.tgt_lang)]
    except Exception:   # a broken glossary is AUD502's to report
        entries = []
    for e in entries:
        words = e.source.split()
        if len(words) > 2 or not e.targets:
            continue
        key = " ".join(term_key(btdiff.fold(w)) for w in words)
        out.setdefault(key, []).extend(e.targets)
    ctx.shared.consistency_glossary = out
    return out
