"""The fix for a wrong form: the same words with the other gender ("a-t-il" -> "a-t-elle",
"dite satisfaite" -> "dit satisfait", "she said" -> "he said", "la porte-parole" -> "le porte-parole")."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .lexicon import LangData, lang_data
from .model import Sent

INVERTED = re.compile(r"^(.+?)(-t)?-(il|elle|ils|elles)$")

_ADJ_F = (("euse", "eux"), ("ive", "if"), ("elle", "el"), ("enne", "en"), ("ète", "et"), ("ée", "é"),
          ("ue", "u"), ("ie", "i"), ("aite", "ait"), ("uite", "uit"), ("ise", "is"), ("ente", "ent"),
          ("ante", "ant"), ("use", "us"), ("ine", "in"))
_DET_SWAP = {"la": "le", "le": "la", "une": "un", "un": "une", "cette": "ce", "ce": "cette", "cet": "cette"}


def case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def adj_gender(w: str) -> Optional[str]:
    for f, m in _ADJ_F:
        if w.endswith(f):
            return "f"
    for f, m in _ADJ_F:
        if w.endswith(m):
            return "m"
    return None


def swap_adj(w: str) -> str:
    for f, m in _ADJ_F:
        if w.endswith(f):
            return w[: -len(f)] + m
    for f, m in _ADJ_F:
        if w.endswith(m):
            return w[: -len(m)] + f
    return w


def _agree_swap(L: LangData) -> dict:
    return _agree_swap_for(L.lang)


@lru_cache(maxsize=None)
def _agree_swap_for(lang: str) -> dict:
    out = {}
    for mf in lang_data(lang).pat.get("agreeing_participles", []):
        out[mf[0]], out[mf[1]] = mf[1], mf[0]
    return out


def _rebuild(s: Sent, t0: int, t1: int, word) -> str:
    out, pos, text = [], s.toks[t0].start, s.seg.text
    for k in range(t0, t1 + 1):
        u = s.toks[k]
        out.append(text[pos:u.start])
        out.append(word(k, u))
        pos = u.end
    return "".join(out)


def swap_fr(L: LangData, s: Sent, t0: int, t1: int, part: Optional[int]) -> str:
    agree = _agree_swap(L)

    def word(k, u):
        m = INVERTED.match(u.low)
        if m and m.group(3) in ("il", "elle"):
            hy = u.text[len(m.group(1))]        # the hyphen as written ("-", or a no-break "‑")
            suffix = f"{hy}t{hy}" if m.group(2) else hy
            return u.text[:len(m.group(1))] + suffix + ("elle" if m.group(3) == "il" else "il")
        if u.low == "il":
            return case_like(u.text, "elle")
        if u.low == "elle":
            prev = s.toks[k - 1].low if k > 0 else ""
            return case_like(u.text, "lui" if prev in ("selon", "après") else "il")
        if u.low == "lui":
            return case_like(u.text, "elle")
        if part is not None and k == part and u.low in agree:
            return agree[u.low]
        return u.text
    return _rebuild(s, t0, t1, word)


def swap_participle(L: LangData, s: Sent, t0: int, t1: int) -> str:
    agree = _agree_swap(L)
    return _rebuild(s, t0, t1, lambda k, u: agree.get(u.low, u.text) if k == t0 else swap_adj(u.text))


def swap_en(s: Sent, t0: int, t1: int, obj: bool = False) -> str:
    sw = {"he": "she", "she": "he", "him": "her", "her": "him" if obj else "his", "his": "her"}
    return _rebuild(s, t0, t1, lambda k, u: case_like(u.text, sw[u.low]) if u.low in sw else u.text)


_PRE_ADJ_SWAP = {"ancienne": "ancien", "nouvelle": "nouveau", "première": "premier", "future": "futur"}
_PRE_ADJ_SWAP.update({v: k for k, v in list(_PRE_ADJ_SWAP.items())})
_PRE_ADJ_SWAP["nouvel"] = "nouvelle"


def swap_title(L: LangData, s: Sent, t0: int, t1: int) -> Optional[str]:
    """'la porte-parole' -> 'le porte-parole', 'la directrice' -> 'le directeur', 'spokeswoman' -> 'spokesman',
    'M.' -> 'Mme', 'Mr' -> 'Ms'."""
    toks, text = s.toks, s.seg.text
    abbr = "".join(t.low for t in toks[t0:t1 + 1])
    if abbr in L.abbrev_swap:
        return L.abbrev_swap[abbr]
    out, pos, k, changed = [], toks[t0].start, t0, False
    # "la chef": the noun already has the other gender's form, only the determiner changes ("le chef")
    det_g = L.det.get(toks[t0].low) if L.lang == "fr" else None

    def agrees(noun: str) -> bool:
        return det_g is None or L.nouns.get(noun, (None, 0.0))[0] in (None, det_g)

    while k <= t1:
        u = toks[k]
        out.append(text[pos:u.start])
        two = u.low + " " + toks[k + 1].low if k < t1 else ""
        if two in L.swap and agrees(two):
            out.append(case_like(u.text, L.swap[two]))
            pos, k, changed = toks[k + 1].end, k + 2, True
            continue
        w = u.text
        if L.lang == "fr" and k == t0 and u.low in _DET_SWAP:
            w = case_like(u.text, _DET_SWAP[u.low])
        elif u.low in L.swap and agrees(u.low):
            w = case_like(u.text, L.swap[u.low])
        elif L.lang == "fr" and u.low in _PRE_ADJ_SWAP:
            w = case_like(u.text, _PRE_ADJ_SWAP[u.low])
        elif u.low in ("adjointe", "adjoint"):
            w = "adjoint" if u.low == "adjointe" else "adjointe"
        changed = changed or w != u.text
        out.append(w)
        pos, k = u.end, k + 1
    return "".join(out) if changed else None
