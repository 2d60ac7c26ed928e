"""The translation's (French, English) negations: ne ... pas / plus / jamais, sans, non, ni; not,
n't, no, never, without, nor; words of negative meaning, negative prefixes, 'yet to', and
Indonesian negations kept verbatim."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .._meaning import W, words
from .._wordtools import zipf
from .lexicon import Item, clause_break_between, data, drop_negated_soft, exceptions, lex, overlaps

_DET_BEFORE_PAS = {"le", "un", "du", "au", "ce", "premier", "premiers", "faux", "son", "ses", "les", "des", "mes",
                   "nos", "leurs", "quelques", "grand", "grands", "petit", "petits", "même", "mêmes", "leur", "notre",
                   "cent", "mille", "deux", "trois", "derniers", "dernier", "nouveau", "nouveaux"}


def _is_ne(text: str, w: W) -> bool:
    return w.low == "ne" or (w.low == "n" and text[w.end:w.end + 1] in ("'", "’"))


def _is_nt(text: str, w: W) -> bool:
    return w.low == "t" and w.start >= 2 and text[w.start - 1] in "'’" and text[w.start - 2] in "nN"


def _prefix_negative(w: str, lang: str) -> bool:
    d = data()
    if exceptions(lang).word(w):
        return False
    ends = d["adjective_endings"][lang]
    for p in d[lang]["prefix_negative"]:
        if not w.startswith(p) or len(w) - len(p) < 4:
            continue
        rest = w[len(p):].lstrip("-")
        if lang == "en" and p == "un":
            ok = True
        else:
            ok = any(rest.endswith(e) for e in ends)
        if ok and zipf(rest, lang) >= 2.0 and zipf(w, lang) > 0:
            return True
    return False


@dataclass
class _Scan:
    """One translation text being read: its words, which are taken by an item, the items so far."""
    text: str
    lang: str
    ws: list[W]
    low: list[str]
    used: list[bool]
    items: list[Item] = field(default_factory=list)

    def add(self, a: int, b: int, kind: str, note: str = "") -> None:
        """An item over words a..b, which it takes."""
        ws = self.ws
        self.items.append(Item(ws[a].start, ws[b].end, self.text[ws[a].start:ws[b].end], kind, note))
        for k in range(a, b + 1):
            self.used[k] = True

    def breaks(self, a: int, b: int) -> bool:
        """A clause break between words a and b."""
        return clause_break_between(self.text, self.ws[a].end, self.ws[b].start)

    def free(self) -> Iterator[tuple[int, W]]:
        """The words no item has taken (as the reading goes: a word taken meanwhile is passed over)."""
        for i, w in enumerate(self.ws):
            if not self.used[i]:
                yield i, w

    def strong_words(self) -> set:
        return set(data()[self.lang]["strong"])

    def join_previous(self, i: int) -> None:
        """Word i extends the last item ('sans aucun', 'neither ... nor': one negation)."""
        prev_item = self.items[-1]
        prev_item.end = self.ws[i].end
        prev_item.text = self.text[prev_item.start:prev_item.end]
        self.used[i] = True


def target_items(text: str, lang: str) -> list[Item]:
    ws = words(text)
    low = [w.low for w in ws]
    sc = _Scan(text, lang, ws, low, [False] * len(ws))
    for a, b in lex(lang, "neutral").hits(low):
        sc.add(a, b, "soft", "neutral")
    if lang == "fr":
        _french_ne(sc)
        _french_strong(sc)
    else:
        _english_strong(sc)
    for a, b in lex(lang, "soft").hits([x if not sc.used[k] else "\x00" for k, x in enumerate(low)]):
        sc.add(a, b, "soft")
    _prefixed(sc)
    items = sc.items
    # "yet to", "reste à": a negation without a negation word
    for a, b in not_yet_spans(text, lang):
        if not overlaps(items, a, b, kind="strong") and not overlaps(items, a, b, note="not_yet"):
            items.append(Item(a, b, text[a:b], "strong", "not_yet"))
    # Indonesian kept verbatim in the translation (a quote, a slogan): its negations are rendered
    id_strong = set(data()["id"]["strong"])
    for i, w in enumerate(ws):
        if not sc.used[i] and w.low in id_strong and w.low not in ("tak",) and not (lang == "fr" and w.low == "non"):
            items.append(Item(w.start, w.end, w.text, "strong", "kept"))
    drop_negated_soft(items, text)
    # a gloss in brackets ("Tidak ada kompromi" (no compromise)) repeats what it glosses
    for a, b in ((m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)):
        for it in items:
            if it.kind == "strong" and a < it.start < b and it.note != "kept":
                it.kind, it.note = "soft", "gloss"
    items.sort(key=lambda it: it.start)
    return items


def _ne_partner(sc: _Scan, i: int, particles: set) -> tuple[str, int] | None:
    """What a French 'ne' at word i goes with, in its clause within eight words: ("neg", j) for a
    particle (pas, plus, jamais...), ("only", j) for 'que'; None for an expletive 'ne'."""
    ws, low = sc.ws, sc.low
    j = i + 1
    while j < len(ws) and j <= i + 8 and not sc.breaks(j - 1, j):
        if sc.used[j]:
            break
        if low[j] in ("que", "qu"):
            return ("only", j)
        if low[j] in particles:
            return ("neg", j)
        j += 1
    return None


def _french_ne(sc: _Scan) -> None:
    """ne ... pas / plus / jamais / rien (one negation, the particles that follow taken with it);
    ne ... que (only: no negation)."""
    ws, low, text = sc.ws, sc.low, sc.text
    particles = set(data()[sc.lang]["particles"])
    for i, w in enumerate(ws):
        if sc.used[i] or not _is_ne(text, w):
            continue
        found = _ne_partner(sc, i, particles)
        if found is None:
            continue                      # the expletive ne: "avant qu'il ne parte"
        kind, j = found
        if kind == "only":
            sc.items.append(Item(w.start, ws[j].end, text[w.start:ws[j].end], "soft", "only"))
            sc.used[i] = sc.used[j] = True
            continue
        last = j
        while last + 1 < len(ws) and last + 1 <= j + 3 and low[last + 1] in particles | {"encore", "du", "de", "tout"} \
                and not sc.breaks(last, last + 1):
            last += 1
        for k in range(i, last + 1):
            if k == i or low[k] in particles:
                sc.used[k] = True
        sc.items.append(Item(w.start, ws[j].end, text[w.start:ws[j].end], "strong"))


def _french_strong(sc: _Scan) -> None:
    """French negation words without 'ne': sans, non, ni, aucun, jamais, personne ne..."""
    ws, low, text, strong = sc.ws, sc.low, sc.text, sc.strong_words()
    for i, w in sc.free():
        lw = low[i]
        prev = low[i - 1] if i else ""
        if lw == "personne" or lw in ("nul", "nulle"):
            if any(_is_ne(text, x) for x in ws[i + 1:i + 3]):
                sc.add(i, i, "strong")
            continue
        if lw not in strong or _not_french_negation(sc, i, prev):
            continue
        if lw == "non" and text[w.end:w.end + 1] in "-‑":
            sc.add(i, i, "soft", "prefix")
            continue
        # sans aucun / sans jamais / ni ... ni: one negation
        prev_item = sc.items[-1] if sc.items else None
        if prev_item is not None and prev_item.kind == "strong" and lw in ("aucun", "aucune", "jamais", "rien", "ni") \
                and len([x for x in ws if prev_item.end <= x.start < w.start]) <= 2 \
                and not clause_break_between(text, prev_item.end, w.start):
            sc.join_previous(i)
            continue
        sc.add(i, i, "strong")


def _not_french_negation(sc: _Scan, i: int, prev: str) -> bool:
    """'le pas', 'pas à pas', 'que jamais': a negation word that does not negate."""
    lw = sc.low[i]
    if lw == "pas" and (prev in _DET_BEFORE_PAS or sc.low[i + 1:i + 3] == ["à", "pas"]):
        return True
    return lw == "jamais" and prev in ("que", "si", "à")


def _english_strong(sc: _Scan) -> None:
    """English negations: not, n't, no, never, without, nor ('neither ... nor' one negation)."""
    ws, text, strong = sc.ws, sc.text, sc.strong_words()
    for i, w in sc.free():
        lw = sc.low[i]
        is_neg = lw in strong or _is_nt(text, w)
        if lw == "no" and (re.match(r"\.?\s*\d", text[w.end:w.end + 3]) or text[w.end:w.end + 1] == "."):
            is_neg = False          # "No. 35"
        if not is_neg:
            continue
        prev_item = sc.items[-1] if sc.items else None
        if prev_item is not None and prev_item.kind == "strong" and lw in ("nor",) \
                and prev_item.text.lower().startswith("neither"):
            sc.join_previous(i)
            continue
        # "don't": the item spans the verb and "n't" (only the "t" is taken)
        start = ws[i - 1].start if _is_nt(text, w) and i else w.start
        sc.items.append(Item(start, w.end, text[start:w.end], "strong"))
        sc.used[i] = True


def _prefixed(sc: _Scan) -> None:
    """Adjectives negated by a prefix ('incomplet', 'unclear'), and garbled ones."""
    lang = sc.lang
    for i, w in enumerate(sc.ws):
        if not sc.used[i] and len(w.low) >= 6 and w.low.isalpha() and _prefix_negative(w.low, lang):
            sc.items.append(Item(w.start, w.end, w.text, "soft", "prefix"))
        elif not sc.used[i] and len(w.low) >= 8 and w.low.isalpha() and w.low[:2] in ("in", "im", "ir", "il", "un") \
                and zipf(w.low, lang) == 0:
            # a garbled negative adjective ("irréfiable", "invérificables"): the non-word check
            # reports the word; its negation is there
            sc.items.append(Item(w.start, w.end, w.text, "soft", "prefix"))


def already_words(text: str, lang: str) -> list[W]:
    want = set(data()[lang]["already"])
    return [w for w in words(text) if w.low in want]


def not_yet_spans(text: str, lang: str) -> list[tuple[int, int]]:
    out = []
    for r in data()[lang].get("not_yet_regex", ()):
        out += [(m.start(), m.end()) for m in re.finditer(r, text, re.IGNORECASE)]
    return out
