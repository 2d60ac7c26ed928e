"""Dates: parse the dates of the source and of the translation, compare them, and check
the French form of a date.

AUD211 date-mismatch  the weekday, day, month or year of a translated date differs from the
                      aligned source date (or the translation drops the day/month/year).
AUD212 date-form      French dates are written "mardi 16 mars [2021]": no comma after the
                      weekday, day before the month, month in lower case, "1er" for the first;
                      Chinese and Japanese "2024年6月10日", not the Indonesian "10/6/2024";
                      Arabic day before month.
AUD213 month-case     French: a month or weekday written with a capital inside a sentence,
                      next to a day number or a weekday ("le 16 Mars", "le Mardi 16 mars").

The parser (`find_dates`, in checks/_dateread.py) is shared with the number check (checks/numbers.py), which
leaves the numbers of dates that this module compares to it, so that one error is
reported once. Month and weekday names are data (data/dates.json).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from ..types import Finding, Segment
from ._dateread import DateExpr, _alt, _cap, _names, at_sentence_start, canonical_names, find_dates
from ._dateread import normalise_digits as normalise_digits      # re-exported: the number check uses it
from .base import Check, CheckInfo, Context, iter_segments, register

# ---------------------------------------------------------------- pairing

_FIELDS = ("weekday", "day", "month", "year")


def compare(s: DateExpr, t: DateExpr) -> tuple[int, int, list[str]]:
    """(fields equal, fields different, names of the different fields) of two dates."""
    best = None
    variants = [(t.day, t.month)]
    if t.swappable:
        variants.append((t.month, t.day))
    for day, month in variants:
        tv = {"weekday": t.weekday, "day": day, "month": month, "year": t.year}
        eq, diff = 0, []
        for f in _FIELDS:
            a, b = getattr(s, f), tv[f]
            if a is None or b is None:
                continue
            if f == "day" and (s.day2 is not None or t.day2 is not None):
                same = bool(s.days & ({day, t.day2} - {None}))
            else:
                same = a == b
            if same:
                eq += 1
            else:
                diff.append(f)
        cand = (eq, len(diff), diff)
        if best is None or (cand[0] - cand[1]) > (best[0] - best[1]):
            best = cand
    return best  # type: ignore[return-value]


def pair_dates(src: list, tgt: list) -> tuple[list[tuple], list, list]:
    """Pair source dates with translation dates (items are (key, DateExpr) tuples).
    Returns (pairs of items, unpaired source items, unpaired translation items).
    Dates pair when they share a field; a last lone date on each side pairs too."""
    scored = []
    for i, (_, s) in enumerate(src):
        for j, (_, t) in enumerate(tgt):
            eq, nd, _diff = compare(s, t)
            if eq > 0:
                scored.append((nd, -eq, abs(i - j), i, j))
    scored.sort()
    used_s, used_t, pairs = set(), set(), []
    for _nd, _eq, _d, i, j in scored:
        if i in used_s or j in used_t:
            continue
        used_s.add(i)
        used_t.add(j)
        pairs.append((src[i], tgt[j]))
    left_s = [x for i, x in enumerate(src) if i not in used_s]
    left_t = [x for j, x in enumerate(tgt) if j not in used_t]
    if len(left_s) == 1 and len(left_t) == 1:
        pairs.append((left_s[0], left_t[0]))
        left_s, left_t = [], []
    return pairs, left_s, left_t


@dataclass
class Group:
    """One aligned unit: its source sentences, its translation sentences, and their dates."""
    index: int
    srcs: list[Segment]
    tgts: list[Segment]
    src_dates: list[tuple[Segment, DateExpr]]
    tgt_dates: list[tuple[Segment, DateExpr]]
    pairs: list[tuple[tuple[Segment, DateExpr], tuple[Segment, DateExpr]]]


def aligned_groups(ctx: Context) -> list[Group]:
    """The aligned source/translation units of the article with their dates paired (cached on ctx)."""
    cached = ctx.shared.date_groups
    if cached is not None:
        return cached
    groups: list[Group] = []
    for k, _, srcs, tgts in ctx.aligned_units():
        sd = [(s, e) for s in srcs for e in find_dates(s.text, ctx.src_lang)]
        td = [(t, e) for t in tgts for e in find_dates(t.text, ctx.tgt_lang)]
        pairs, _, _ = pair_dates(sd, td)
        groups.append(Group(k, srcs, tgts, sd, td, pairs))
    ctx.shared.date_groups = groups
    return groups


# ---------------------------------------------------------------- rendering

def _month_name(lang: str, month: int) -> str:
    c = canonical_names(lang)
    return c["months"][month - 1] if c else str(month)


def _weekday_name(lang: str, wd: int) -> str:
    c = canonical_names(lang)
    return c["weekdays"][wd] if c else str(wd)


def render(lang: str, weekday: Optional[int], day: Optional[int], month: Optional[int],
           year: Optional[int], order: str = "dm") -> Optional[str]:
    """A date written the way `lang` writes it (fr: "mardi 16 mars 2021"; en: "Tuesday, March 16")."""
    if canonical_names(lang) is None and lang not in ("zh", "ja"):
        return None
    parts: list[str] = []
    if lang == "fr":
        if weekday is not None:
            parts.append(_weekday_name(lang, weekday))
        if day is not None:
            parts.append("1er" if day == 1 else str(day))
        if month is not None:
            parts.append(_month_name(lang, month))
        if year is not None:
            parts.append(str(year))
        return " ".join(parts) or None
    if lang == "en":
        head = _weekday_name(lang, weekday) if weekday is not None else ""
        if order == "md" and month is not None:
            body = _month_name(lang, month) + (f" {day}" if day is not None else "")
            if year is not None:
                body += (", " if day is not None else " ") + str(year)
        else:
            body = " ".join(x for x in ((str(day) if day is not None else ""),
                                        (_month_name(lang, month) if month is not None else ""),
                                        (str(year) if year is not None else "")) if x)
        return ", ".join(x for x in (head, body) if x) or None
    if lang in ("zh", "ja"):
        body = "".join(x for x in ((f"{year}年" if year is not None else ""),
                                   (f"{month}月" if month is not None else ""),
                                   (f"{day}日" if day is not None else "")) if x)
        return body or None
    if lang == "ar":
        body = " ".join(x for x in ((str(day) if day is not None else ""),
                                    (_month_name(lang, month) if month is not None else ""),
                                    (str(year) if year is not None else "")) if x)
        head = _weekday_name(lang, weekday) if weekday is not None else ""
        return " ".join(x for x in (head, body) if x) or None
    # id
    body = " ".join(x for x in ((str(day) if day is not None else ""),
                                (_month_name(lang, month) if month is not None else ""),
                                (str(year) if year is not None else "")) if x)
    head = _weekday_name(lang, weekday) if weekday is not None else ""
    return ", ".join(x for x in (head, body) if x) or None


def _like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word[:1].lower() + word[1:]


def corrected(text: str, t: DateExpr, s: DateExpr, lang: str) -> Optional[str]:
    """The translated date `t` with the fields that differ from the source date `s` replaced,
    keeping the translation's own way of writing it ("Thursday (19/2)" -> "Thursday (18/2)")."""
    _eq, _nd, diff = compare(s, t)
    names = canonical_names(lang)
    edits: list[tuple[int, int, str]] = []
    for f in diff:
        if f == "weekday" and t.wd_span:
            if not names:
                return None
            a, b = t.wd_span
            edits.append((a, b, _like(names["weekdays"][s.weekday], text[a:b])))
        elif f == "day" and (t.day2 is not None or s.day2 is not None):
            return None
        elif f == "day" and t.day_span:
            a, b = t.day_span
            new = str(s.day)
            if lang == "fr" and t.form in ("dm", "md"):
                b += len(t.ordinal)
                new = "1er" if s.day == 1 else new
            edits.append((a, b, new))
        elif f == "month" and t.month_span:
            a, b = t.month_span
            if t.numeric_month:
                edits.append((a, b, str(s.month) if b - a == 1 or s.month > 9 else f"{s.month:02d}"))
            else:
                if not names:
                    return None
                edits.append((a, b, _like(names["months"][s.month - 1], text[a:b])))
        elif f == "year" and t.year_span:
            a, b = t.year_span
            edits.append((a, b, str(s.year) if b - a == 4 else f"{s.year % 100:02d}"))
    if not edits:
        return None
    out = text[t.start:t.end]
    for a, b, new in sorted(edits, reverse=True):
        out = out[:a - t.start] + new + out[b - t.start:]
    return out


def _field_value(lang: str, f: str, e: DateExpr) -> str:
    v = getattr(e, f)
    if f == "weekday":
        return _weekday_name("en", v)
    if f == "month":
        return _month_name("en", v)
    return str(v)


# ---------------------------------------------------------------- checks


@register
class DateMismatch(Check):
    info = CheckInfo(
        code="AUD211", name="date-mismatch", category="mistranslation", severity="major",
        fix="unsafe",
        summary="A date in the translation differs from the date of the aligned source sentence.",
        explanation=(
            "Dates are parsed on both sides: Indonesian 'Selasa, 16 Maret 2021', 'Selasa (16/3)', "
            "'Rabu (17/3/2021)', month names in full or abbreviated; French 'mardi 16 mars', English "
            "'Tuesday, March 16', '16 March 2021'; Arabic, Chinese and Japanese dates with their own "
            "digits. Each translated date is paired with the source date it shares most with. A weekday, "
            "day, month or year that differs is a major error (a wrong date is a wrong fact); a day or month "
            "that the translation drops (a date rewritten as a bare weekday) is minor; a year left out of "
            "a full day and month is the usual news style, and no finding. A day and month swapped "
            "('8 décembre' for '(12/8)') is reported in the date_format category: the numeric "
            "day/month order was misread; so is a weekday that alone differs while the day, month "
            "and year agree. Numbers "
            "inside dates compared here are left out of the number checks (AUD201-203), so one error "
            "is reported once."),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        for g in aligned_groups(ctx):
            for (sseg, s), (tseg, t) in g.pairs:
                eq, nd, diff = compare(s, t)
                missing = [f for f in ("day", "month", "year")
                           if getattr(s, f) is not None and getattr(t, f) is None]
                if missing == ["year"] and t.day is not None and t.month is not None:
                    missing = []      # "mercredi 5 juin" for "Rabu (5/6/2024)": news leaves the year out
                if not diff and not missing:
                    continue
                if not diff and t.form == "cjk" and t.month is None and t.day is not None:
                    continue    # '10日（月）': Chinese and Japanese news give the day alone in the current month
                if missing:
                    w = s.weekday if s.weekday is not None and t.weekday is not None else None
                    want = render(ctx.tgt_lang, w, s.day, s.month, s.year,
                                  order="dm" if t.form == "dm" or ctx.tgt_lang != "en" else "md")
                else:
                    want = corrected(tseg.text, t, s, ctx.tgt_lang)
                cat = None
                if diff:
                    what = "; ".join(f"{f} {_field_value(ctx.tgt_lang, f, t)} where the source has "
                                     f"{_field_value(ctx.src_lang, f, s)}" for f in diff)
                    msg = f"date «{t.text}» does not match the source date «{s.text}»: {what}"
                    sev, conf = None, 0.85 if eq else 0.7
                    if sorted(diff) == ["day", "month"] and (t.day, t.month) == (s.month, s.day):
                        # "8 décembre" for "(12/8)": the day/month order of a numeric date misread,
                        # an error of date convention more than of sense
                        cat = "date_format"
                        msg = (f"date «{t.text}» swaps the day and the month of the source date "
                               f"«{s.text}» (day/month read as month/day)")
                    elif diff == ["weekday"]:
                        # day, month and year agree and only the weekday name differs: the date
                        # itself is right and its weekday label is not, an error in how the date
                        # is written rather than in the fact it gives
                        cat = "date_format"
                else:
                    parts = [f"{f} ({getattr(s, f)})" if f != "month" else
                             f"month ({_month_name('en', s.month)})" for f in missing]
                    what = (", ".join(parts[:-1]) + " and " + parts[-1]) if len(parts) > 1 else parts[0]
                    msg = (f"date «{t.text}» drops the {what} given by the source date «{s.text}»")
                    sev, conf = "minor", 0.6
                yield ctx.finding(self, tseg, t.start, t.end, msg, suggestion=want, confidence=conf,
                                  severity=sev, category=cat, source_date=s.text,
                                  source_fields={k: v for k, v in s.fields().items() if v is not None},
                                  translation_fields={k: v for k, v in t.fields().items() if v is not None})


def french_form_problems(text: str, e: DateExpr) -> list[str]:
    """What is wrong with the form of a French date (empty when nothing is)."""
    probs: list[str] = []
    if e.form not in ("dm", "md"):
        return probs
    if e.form == "md" and e.day is not None:
        probs.append("French puts the day before the month")
    if e.comma_after_weekday and e.day is not None:
        probs.append("no comma after the weekday")
    if e.comma_before_year:
        probs.append("no comma before the year")
    if e.day == 1 and e.ordinal not in ("er",):
        probs.append("the first of the month is written «1er»")
    elif e.ordinal and e.ordinal not in ("er",) and e.day != 1:
        probs.append("no ordinal suffix after the day")
    if probs:
        caps = []
        if e.month_span and _cap(text[e.month_span[0]:e.month_span[1]]) \
                and not at_sentence_start(text, e.month_span[0]):
            caps.append("month")
        if e.wd_span and _cap(text[e.wd_span[0]:e.wd_span[1]]) and not at_sentence_start(text, e.wd_span[0]):
            caps.append("weekday")
        if caps:
            probs.append(" and ".join(caps) + " in lower case")
    return probs


def _french_suggestion(text: str, e: DateExpr) -> Optional[str]:
    if e.day2 is not None:
        return None
    s = render("fr", e.weekday, e.day, e.month, e.year)
    if s and at_sentence_start(text, e.start):
        s = s[0].upper() + s[1:]
    return s


@register
class DateForm(Check):
    info = CheckInfo(
        code="AUD212", name="date-form", category="date_format", severity="minor",
        fix="safe",
        summary="A date not written the target language's way ('mardi, Mars 16', 'jeudi (7/3/2024)').",
        explanation=(
            "French news writes a date 'mardi 16 mars 2021': the weekday with no comma after it, the day "
            "before the month, month and weekday in lower case, and '1er' for the first of the month. "
            "Machine translation often carries over the English order ('Mars 16', 'mardi, Mars 16'). The "
            "finding covers the whole date and suggests the French form; a capitalised month inside such "
            "a date is named in the same finding rather than reported again by AUD213. In French and "
            "English alike, the Indonesian numeric form kept after a weekday ('jeudi (7/3/2024)', "
            "'Friday (7/3/2024)') is reported too where readers cannot tell the day from the month "
            "(both 12 or less). Chinese and Japanese: the Indonesian numeric form kept ('10/6/2024' for "
            "2024年6月10日). Arabic: the English order, month before day ('يونيو 10، 2024')."),
        languages=("fr", "en", "zh", "ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        lang = ctx.tgt_lang.split("-")[0].lower()
        from ._foreign_dates import english_named_findings
        for seg in iter_segments(ctx):
            if lang == "fr":
                yield from english_named_findings(ctx, self, seg)
            for e in find_dates(seg.text, lang):
                if lang in ("zh", "ja", "ar"):
                    yield from self._script_form(ctx, seg, e, lang)
                    continue
                if e.form == "num" and e.weekday is not None and e.month is not None and e.day is not None \
                        and e.day <= 12 and e.day != e.month:
                    # "jeudi (7/3/2024)", "Friday (7/3/2024)": the source's numeric form carried over;
                    # readers of the translation cannot tell 7 March from 3 July
                    sug = render(lang, e.weekday, e.day, e.month, e.year)
                    if sug and at_sentence_start(seg.text, e.start):
                        sug = sug[0].upper() + sug[1:]
                    yield ctx.finding(self, seg, e.start, e.end,
                                      f"date «{e.text}» keeps the Indonesian numeric form (day/month/year), "
                                      f"which {'French' if lang == 'fr' else 'English'} readers may read as "
                                      f"month/day" + (f" (write «{sug}»)" if sug else ""),
                                      suggestion=sug, confidence=0.75)
                    continue
                if lang != "fr":
                    continue
                probs = french_form_problems(seg.text, e)
                if not probs:
                    continue
                sug = _french_suggestion(seg.text, e)
                yield ctx.finding(self, seg, e.start, e.end,
                                  f"date «{e.text}» is not in French form: " + "; ".join(probs)
                                  + (f" (write «{sug}»)" if sug else ""),
                                  suggestion=sug, confidence=0.9 if e.form == "md" else 0.8)


    def _script_form(self, ctx: Context, seg, e: DateExpr, lang: str) -> Iterator[Finding]:
        """Chinese and Japanese write a date 2024年6月10日; Arabic puts the day before the month."""
        if lang in ("zh", "ja") and e.form == "num":
            sug = render(lang, None, e.day, e.month, e.year)
            name = "Chinese" if lang == "zh" else "Japanese"
            yield ctx.finding(self, seg, e.start, e.end,
                              f"date «{e.text}» keeps the Indonesian numeric form (day/month/year); "
                              f"{name} writes «{sug}»", suggestion=sug, confidence=0.8)
        elif lang == "ar" and e.form == "md" and e.day is not None:
            sug = render(lang, e.weekday, e.day, e.month, e.year)
            yield ctx.finding(self, seg, e.start, e.end,
                              f"date «{e.text}» is in the English order: Arabic puts the day before the month"
                              + (f" (write «{sug}»)" if sug else ""), suggestion=sug, confidence=0.8)


@register
class MonthCase(Check):
    info = CheckInfo(
        code="AUD213", name="month-case", category="casing", severity="minor",
        fix="safe",
        summary="A month or weekday name in the wrong case: capitalised inside a French sentence "
                "('le 16 Mars'), in lower case in English ('14 february').",
        explanation=(
            "In French, month and weekday names take a lower-case initial ('le mardi 16 mars', 'en "
            "février 2024', 'lundi soir'), unlike English. The check looks at months next to a day "
            "number, a weekday or a year, and at weekdays, so that 'Mars' the planet or a title is left "
            "alone, and not at the start of a sentence or a quotation. Dates already reported by AUD212 "
            "(wrong form) are not reported again. In English, a weekday, or a month next to a day number "
            "or a year, written in lower case ('on monday', '14 february 2024') is reported too."),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.tgt_lang == "en":
            yield from self._english(ctx)
            return
        for seg in iter_segments(ctx):
            for e in find_dates(seg.text, "fr"):
                if e.form not in ("dm", "md", "my", "wd") or french_form_problems(seg.text, e):
                    continue
                for kind, span in (("weekday", e.wd_span), ("month", e.month_span)):
                    if not span:
                        continue
                    word = seg.text[span[0]:span[1]]
                    if not _cap(word) or (word.isupper() and len(word) > 1) \
                            or at_sentence_start(seg.text, span[0]):
                        continue
                    if e.form == "wd" and _in_name(seg.text, span):
                        continue
                    if e.form == "my" and not _FR_MONTH_CUE.search(seg.text[:span[0]]):
                        continue      # "la mission Mars 2020": a name; "en mars 2020" is the date
                    yield ctx.finding(self, seg, span[0], span[1],
                                      f"French writes the {kind} «{word}» in lower case",
                                      suggestion=word.lower(), confidence=0.85)

    def _english(self, ctx: Context) -> Iterator[Finding]:
        for seg in iter_segments(ctx):
            for m in _english_lower_re().finditer(seg.text):
                g = next(k for k in ("m", "m2", "w") if m.group(k))
                word, start = m.group(g), m.start(g)
                kind = "weekday" if g == "w" else "month"
                sug = word[0].upper() + word[1:]
                yield ctx.finding(self, seg, start, start + len(word),
                                  f"English writes the {kind} «{word}» with a capital",
                                  suggestion=sug, confidence=0.85)


_FR_MONTH_CUE = re.compile(r"(?:\b(?:en|de|depuis|dès|fin|début|mi|courant|jusqu'en|jusqu’en)|\bd['’]|-)\s*$",
                           re.IGNORECASE)


def _in_name(text: str, span: tuple[int, int]) -> bool:
    """A weekday inside a capitalised name ("Vendredi Saint", "Black Friday"): a neighbour is
    capitalised too."""
    before = re.search(r"(\w+)[ \t-]+$", text[:span[0]])
    after = re.match(r"[ \t-]+(\w+)", text[span[1]:])
    return bool((before and before.group(1)[:1].isupper() and not at_sentence_start(text, before.start(1)))
                or (after and after.group(1)[:1].isupper()))


@lru_cache(maxsize=None)
def _english_lower_re() -> re.Pattern:
    """English month names in lower case next to a day number or a year ('14 february', 'march
    2024'), and weekday names in lower case; exact case, so 'May' and 'march' the verb are left."""
    full, _, wds = _names("en")
    months = _alt(n for n in full if n.islower())
    # 'may' and 'march' before a figure are as often a verb ("prices may 10 ...")
    months_first = _alt(n for n in full if n.islower() and n not in ("may", "march"))
    days = _alt(n for n in wds if n.islower())
    return re.compile(rf"(?<![\w-])(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?P<m>{months})(?![\w-])"
                      rf"|(?P<m2>{months_first})\s+\d{{1,4}}(?!\w)|(?P<w>{days})(?![\w-]))")
