"""The source's (Indonesian) negations: negation words, idioms built on one, double negations,
words of negative meaning, and what a negation governs (a change, a word of negative meaning)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ...evidence.btdiff import stems
from .._meaning import W, base_forms, strip_clitic, words
from .lexicon import Item, change_words, clause_break_between, data, drop_negated_soft, lex


@lru_cache(maxsize=None)
def _id_vocab() -> frozenset:
    d = data()["id"]
    words_ = set(d["strong"]) | set(d["already"]) | set(d["not_yet"])
    for idiom in d["neutral"]:
        words_ |= set(idiom.split())
    return frozenset(words_)


def source_items(text: str) -> list[Item]:
    d = data()["id"]
    ws = words(text)
    low = base_forms(ws, _id_vocab())
    used = [False] * len(ws)
    items: list[Item] = []
    for a, b in lex("id", "neutral").hits(low):
        if any(low[k] in d["strong"] for k in range(a, b + 1)):
            items.append(Item(ws[a].start, ws[b].end, text[ws[a].start:ws[b].end], "soft", "neutral"))
            for k in range(a, b + 1):
                used[k] = True
    _strong_words(text, ws, low, used, items)
    _double_negations(text, ws, items)
    soft = set(d["soft_stems"])
    soft_re = [re.compile(r) for r in d["soft_regex"]]
    for k, w in enumerate(ws):
        if used[k] or len(w.low) < 3 or w.low.isdigit():
            continue
        if (stems(low[k]) & soft) or any(r.search(w.low) for r in soft_re):
            items.append(Item(w.start, w.end, w.text, "soft"))
    drop_negated_soft(items, text)
    items.sort(key=lambda it: it.start)
    return items


def _strong_words(text: str, ws: list[W], low: list[str], used: list[bool], items: list[Item]) -> None:
    """The negation words (tidak, bukan, belum...) not taken by an idiom, each with what it governs."""
    d = data()["id"]
    strong = set(d["strong"])
    not_yet = set(d["not_yet"])
    for k, w in enumerate(ws):
        if used[k] or low[k] not in strong:
            continue
        if k + 2 < len(ws) and low[k] not in ("belum", "bukan", "jangan", "tanpa") and low[k + 1] == "sampai" and _figure(low[k + 2]):
            # 'tidak sampai dua menit': less than two minutes, a comparison and no negation
            items.append(Item(w.start, ws[k + 1].end, text[w.start:ws[k + 1].end], "soft", "neutral"))
            used[k] = used[k + 1] = True
            continue
        after = text[w.end:w.end + 3].lstrip()
        if low[k].startswith("bukan") and after.startswith("?"):
            used[k] = True          # a tag question: "..., bukan?"
            continue
        note = "not_yet" if low[k] in not_yet else "contrast" if low[k].startswith("bukan") else ""
        cw = None if note else _governs_change(text, ws, k)
        items.append(Item(w.start, w.end, w.text, "strong", "change" if cw else note, cw.text if cw else ""))
        used[k] = True


def _double_negations(text: str, ws: list[W], items: list[Item]) -> None:
    """A double negation (two negations within three words): neither needs rendering as one."""
    strong_items = [it for it in items if it.kind == "strong"]
    for x, y in zip(strong_items, strong_items[1:]):
        between = [w for w in ws if x.end <= w.start and w.end <= y.start]
        if len(between) <= 2 and not clause_break_between(text, x.end, y.start):
            x.kind = y.kind = "soft"
            x.note = y.note = "double"


def _governs_change(text: str, ws: list[W], k: int) -> Optional[W]:
    """The word of change a negation governs, within the next three words of its clause ('tidak
    naik', 'tidak pernah turun', 'tidak mengalami kenaikan'), or None."""
    for j in range(k + 1, min(len(ws), k + 4)):
        if clause_break_between(text, ws[j - 1].end, ws[j].start):
            return None
        if strip_clitic(ws[j].low) in change_words():
            return ws[j]
    return None


def _figure(word: str) -> bool:
    """A figure or an Indonesian number word ('2', 'dua', 'sepuluh', 'setengah', 'separuh', 'puluhan')."""
    from ...evidence.btequiv import _data as bt_data, _vague
    d = bt_data()
    return word[:1].isdigit() or word in d["number_words"] or word in _vague() or \
        word.startswith("se") and word[2:] in d["time_units"] or word in ("setengah", "separuh", "sepertiga")


def source_already(text: str) -> list[W]:
    already = set(data()["id"]["already"])
    return [w for w in words(text) if w.low in already or strip_clitic(w.low) in already]
