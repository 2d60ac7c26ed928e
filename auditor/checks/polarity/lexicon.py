"""The negation item and the word lists it is found by (data/polarity.json,
data/negation_paraphrase.json), shared by both sides of the comparison."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ...data import load_json
from .._meaning import Lex, words


@dataclass
class Item:
    start: int          # offsets in the unit's joined text (source or translation)
    end: int
    text: str
    kind: str           # strong | soft
    note: str = ""      # not_yet, already, neutral, double, prefix, only, change, contrast, negative_word...
    governs: str = ""   # change / negative_word: the word the negation governs ('naik', 'menunda')


@lru_cache(maxsize=None)
def data() -> dict:
    return load_json("polarity.json")


def norm_entries(entries) -> list[str]:
    """Apostrophes and hyphens split words, as the tokenizer does: "n'importe" -> "n importe"."""
    return [re.sub(r"\s+", " ", re.sub(r"['’\-]", " ", e)).strip() for e in entries]


@lru_cache(maxsize=None)
def lex(lang: str, key: str) -> Lex:
    return Lex(norm_entries(data()[lang].get(key, ())))


@lru_cache(maxsize=None)
def exceptions(lang: str) -> Lex:
    return Lex(data().get("prefix_exceptions", {}).get(lang, ()))


def clause_break_between(text: str, a: int, b: int) -> bool:
    return bool(re.search(r"[,;:.!?()«»\"“”]", text[a:b]))


@lru_cache(maxsize=None)
def paraphrase() -> dict:
    return load_json("negation_paraphrase.json")


@lru_cache(maxsize=None)
def change_words() -> dict:
    """Indonesian words of change -> their direction (family name, side), None for a plain change."""
    from ..direction import families
    out: dict = {w: None for w in paraphrase()["id_change"]}
    for fam in families():
        for side in (0, 1):
            for w in fam.src[side]:
                out.setdefault(w, (fam.name, side))
    return out


@lru_cache(maxsize=None)
def paraphrase_lex(kind: str, lang: str) -> Lex:
    """stasis (words that render a negated change: 'unchanged', 'remained') or contrast (words that
    render a contrastive 'bukan': 'rather than') for a language (id: in a back-translation)."""
    return Lex(norm_entries(paraphrase()[kind].get(lang, ())))


def _negation_before(st: Item, it: Item, text: str) -> bool:
    """A strong negation right before a word (at most one word between, same clause)."""
    return 0 <= it.start - st.end and len(words(text[st.end:it.start])) <= 1 \
        and not clause_break_between(text, st.end, it.start)


def drop_negated_soft(items: list[Item], text: str) -> None:
    """A word of negative meaning under a negation is that negation's verb, not a second one:
    'n'hésiterons pas', 'will not hesitate', 'tidak menolak'."""
    strong = [it for it in items if it.kind == "strong"]
    keep = []
    for it in items:
        if it.kind == "soft" and it.note not in ("neutral", "double"):
            inside = [st for st in strong if st.start <= it.start < st.end]
            before = [st for st in strong if _negation_before(st, it, text)]
            if inside or before:
                # a negated word of negative meaning says something positive ('tidak menunda' = act
                # early, 'tidak gagal' = succeed): a translation may render both or neither
                for st in before:
                    if not st.note:
                        st.note, st.governs = "negative_word", it.text
                continue
        keep.append(it)
    items[:] = keep


def overlaps(items: list[Item], a: int, b: int, kind: Optional[str] = None, note: Optional[str] = None) -> bool:
    """Whether an item (of that kind, with that note) overlaps the span a..b."""
    return any((kind is None or it.kind == kind) and (note is None or it.note == note)
               and it.start < b and a < it.end for it in items)
