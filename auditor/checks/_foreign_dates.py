"""Dates of a French translation written with English month names ('17 February 2025',
'February 17, 2025'): the English form carried over by machine translation. The French date
parser does not read them, so AUD212 asks this module for them."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .dates import DateExpr, canonical_names, find_dates, render


@lru_cache(maxsize=None)
def _english_months() -> frozenset[str]:
    en, fr = canonical_names("en"), canonical_names("fr")
    if not en or not fr:
        return frozenset()
    return frozenset(m.lower() for m in en["months"]) - frozenset(m.lower() for m in fr["months"])


@lru_cache(maxsize=None)
def _any_english_month() -> Optional[re.Pattern]:
    """Any of those month names anywhere in a text: tells which sentences need the English date
    reader at all."""
    months = _english_months()
    if not months:
        return None
    return re.compile("|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)), re.IGNORECASE)


def english_month_dates(text: str) -> list[DateExpr]:
    """Dates of a French `text` whose month is an English month name written in full, with a day
    or a year beside it (a month alone may be a name: 'the May Day rally')."""
    pat = _any_english_month()
    if pat is None or not pat.search(text):
        return []
    months = _english_months()
    out = []
    for e in find_dates(text, "en"):
        if e.month_span is None or e.numeric_month or (e.day is None and e.year is None):
            continue
        if text[e.month_span[0]:e.month_span[1]].lower() not in months:
            continue
        out.append(e)
    return out


def french_rendering(text: str, e: DateExpr) -> Optional[str]:
    """The French form of an English-named date, capitalised at the start of a sentence."""
    if e.day2 is not None:
        return None
    s = render("fr", e.weekday, e.day, e.month, e.year)
    if s and (e.start == 0 or text[:e.start].rstrip()[-1:] in ".!?"):
        s = s[0].upper() + s[1:]
    return s


def english_named_findings(ctx, check, seg):
    """AUD212 findings for the English-named dates of one French segment."""
    for e in english_month_dates(seg.text):
        sug = french_rendering(seg.text, e)
        month = seg.text[e.month_span[0]:e.month_span[1]]
        yield ctx.finding(check, seg, e.start, e.end,
                          f"date «{e.text}» keeps the English month name «{month}»"
                          + (f"; French writes «{sug}»" if sug else ""),
                          suggestion=sug, confidence=0.85)
