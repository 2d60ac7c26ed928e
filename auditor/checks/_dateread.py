"""Reading dates: the dates (and weekdays) of one text, with the span of each field.

`find_dates` is the parser the date checks (checks/dates.py) and the number check share;
`normalise_digits` and `at_sentence_start` are the text helpers it rests on. Each pattern of
`_patterns` reads one way of writing a date; `_build` turns a match into a `DateExpr`, or rejects
it where the words are no date. Month and weekday names are data (data/dates.json).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json

# ---------------------------------------------------------------- digits

_DIGITS = {}
for _base in (0x0660, 0x06F0, 0xFF10, 0x07C0, 0x0966):   # Arabic-Indic, Persian, full-width, NKo, Devanagari
    for _i in range(10):
        _DIGITS[_base + _i] = ord("0") + _i
_DIGITS.update({0x066B: ord("."), 0x066C: ord(","), 0xFF0E: ord("."), 0xFF0F: ord("/"), 0xFF1A: ord(":"),
                0xFF05: ord("%"), 0x066A: ord("%")})
_DIGIT_TABLE = str.maketrans(_DIGITS)


def normalise_digits(text: str) -> str:
    """ASCII digits for Arabic-Indic, Persian and full-width ones; the length is unchanged,
    so offsets into the result are offsets into `text`."""
    return text.translate(_DIGIT_TABLE)


# ---------------------------------------------------------------- names


@lru_cache(maxsize=None)
def _names(lang: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(full month names, month abbreviations, weekday names), lower-cased, for `lang`."""
    d = load_json("dates.json")
    return (dict(d["months"].get(lang, {})), dict(d["month_abbreviations"].get(lang, {})),
            dict(d["weekdays"].get(lang, {})))


def canonical_names(lang: str) -> Optional[dict[str, list[str]]]:
    return load_json("dates.json")["canonical"].get(lang)


def _alt(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


@dataclass
class DateExpr:
    """A date (or a weekday) found in a sentence. Offsets are local to the text parsed."""
    start: int
    end: int
    text: str
    form: str                       # dm, md, num, iso, my, wd, cjk
    weekday: Optional[int] = None   # 0 Monday .. 6 Sunday
    day: Optional[int] = None
    month: Optional[int] = None
    year: Optional[int] = None
    wd_span: Optional[tuple[int, int]] = None
    month_span: Optional[tuple[int, int]] = None
    day_span: Optional[tuple[int, int]] = None
    year_span: Optional[tuple[int, int]] = None
    numeric_month: bool = False     # the month is written as a number (16/3, 3月)
    comma_after_weekday: bool = False
    comma_before_year: bool = False  # French "10 mai, 2024"
    ordinal: str = ""               # what follows the day number ("er", "th", ...)
    swappable: bool = False         # numeric day/month that could be read the other way round
    day2: Optional[int] = None      # the other day of a range ("19-20 Maret", "March 19-20")
    day2_span: Optional[tuple[int, int]] = None

    def fields(self) -> dict[str, Optional[int]]:
        return {"weekday": self.weekday, "day": self.day, "month": self.month, "year": self.year}

    @property
    def number_spans(self) -> list[tuple[int, int]]:
        return [s for s in (self.day_span, self.day2_span, self.year_span) if s]

    @property
    def days(self) -> set[int]:
        return {d for d in (self.day, self.day2) if d is not None}


_WD_CUES = {"id": r"(?:hari|pada|Hari|Pada|sejak|Sejak)\s+$"}
_NUM_CUES = re.compile(r"(?:tanggal|tgl\.?|pada|sejak|hingga|sampai|le|du|au|dès|depuis|on|since|until|"
                       r"by|from|to)\s*$", re.IGNORECASE)


_SENT_START_CHARS = frozenset(".!?«\"“(-–—:")


def at_sentence_start(text: str, pos: int) -> bool:
    """True where `pos` begins a sentence, a quotation, or follows a dateline ("JAKARTA - ")."""
    # Look back over spaces only: searching the whole prefix made a long sentence quadratic.
    i = min(pos, len(text)) - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in _SENT_START_CHARS


_RANGE = r"(?:-|–|—|s\.?d\.?|sampai|hingga|dan|et|au|and|to|&)"


_ANY_DIGIT = re.compile(r"\d")      # the same digits as the patterns' \d


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    full, abbr, wds = _names(lang)
    out: list[tuple[str, re.Pattern]] = []
    if lang in ("zh", "ja"):
        wd = _alt(wds) if lang == "zh" else r"[月火水木金土日]曜日?"
        out.append(("cjk", re.compile(
            rf"(?:(?P<year>\d{{4}})\s*年\s*)?(?P<pmon>\d{{1,2}})\s*月(?:\s*(?P<day>\d{{1,2}})\s*[日号號])?"
            rf"(?:\s*[（(]?\s*(?P<wd>{wd}|(?<=[（(])[月火水木金土日](?=[）)]))\s*[）)]?)?")))
        # the day alone before its weekday ('10日（月）', '10日月曜日'): the month is the current one
        out.append(("cjk", re.compile(
            rf"(?<![\d月])(?P<day>\d{{1,2}})\s*[日号號]\s*[（(]?\s*(?P<wd>{wd}|(?<=[（(])[月火水木金土日](?=[）)]))\s*[）)]?")))
        out.append(("wd", re.compile(rf"(?P<wd>{wd})")))
        out.append(("iso", re.compile(r"(?<![\d/])(?P<year>\d{4})[-/.](?P<pmon>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d/])")))
        # the Indonesian numeric form carried over: day/month/year
        out.append(("num", re.compile(
            r"(?P<paren>[（(]\s*)?(?<![\d/.,])(?P<day>\d{1,2})[/-](?P<pmon>\d{1,2})[/-](?P<year>\d{4})(?![\d/])"
            r"(?(paren)\s*[）)])")))
        return out
    mon = _alt(list(full) + list(abbr))
    wd = _alt(wds)
    ic = re.IGNORECASE
    wdpart = rf"(?:(?P<wd>{wd})(?P<comma>\s*,)?\s+(?:\(\s*)?)?"     # "Senin 3 Juni", "الاثنين (3 يونيو)"
    # Arabic may give the month both ways: 'يونيو/حزيران'
    dual = rf"(?:\s*/\s*(?:{mon})(?!\w))?" if lang == "ar" else ""
    out.append(("dm", re.compile(
        rf"(?<!\w){wdpart}(?:(?P<day2>\d{{1,2}})(?:er)?\s*{_RANGE}\s*)?"
        rf"(?P<day>\d{{1,2}})(?P<ord>er|re|e|ème|st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{mon})(?P<dot>\.)?(?!\w){dual}(?:{',?' if lang == 'en' else ''}\s+(?P<year>\d{{4}})(?!\w)"
        # French "10 mai, 2024" (English habit): a year after a comma, closing the phrase
        + (r"|(?P<ycomma>,)\s*(?P<year2>\d{4})(?=\s*(?:[,.;:)»]|$))" if lang == "fr" else "") + ")?", ic)))
    if lang in ("en", "fr", "ar"):
        out.append(("md", re.compile(
            rf"(?<!\w){wdpart}(?P<mon>{mon})(?P<dot>\.)?\s+(?P<day>\d{{1,2}})(?P<ord>st|nd|rd|th|er)?"
            rf"(?:\s*{_RANGE}\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?(?![\w.,]\d|\w)"
            rf"(?:[,،]?\s+(?P<year>\d{{4}})(?!\w))?(?!\s\d)", ic)))
    out.append(("num", re.compile(
        rf"(?<!\w)(?:(?P<wd>{wd})(?P<comma>\s*,)?\s*)?(?P<paren>\(\s*)?(?<![\d/.,])(?P<day>\d{{1,2}})/(?P<pmon>\d{{1,2}})"
        rf"(?:/(?P<year>\d{{4}}|\d{{2}}))?(?![\d/])(?(paren)\s*\))", ic)))
    out.append(("iso", re.compile(r"(?<![\d/])(?P<year>\d{4})-(?P<pmon>\d{2})-(?P<day>\d{2})(?!\d)")))
    out.append(("my", re.compile(rf"(?<!\w)(?P<mon>{mon})(?P<dot>\.)?\s+(?P<year>\d{{4}})(?!\w)", ic)))
    out.append(("wd", re.compile(rf"(?<!\w)(?P<wd>{wd})(?!\w)", ic)))
    return out


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _set_weekday(e: DateExpr, g: dict, m: re.Match, lang: str) -> bool:
    """The weekday of the match, if any; False where the word is no weekday of `lang`."""
    if not g.get("wd"):
        return True
    w = g["wd"]
    if lang == "ja":
        e.weekday = "月火水木金土日".index(w[0])
    else:
        e.weekday = _names(lang)[2].get(w.lower())
        if e.weekday is None:
            return False
    e.wd_span = m.span("wd")
    e.comma_after_weekday = bool(g.get("comma"))
    return True


def _set_month(e: DateExpr, g: dict, m: re.Match, lang: str) -> bool:
    """The month, by name or number; False for a name written as `lang` does not write a month."""
    full, abbr, _ = _names(lang)
    if g.get("mon"):
        key = g["mon"].lower()
        is_abbr = key not in full
        e.month = full.get(key, abbr.get(key))
        e.month_span = m.span("mon")
        if lang in ("id", "en") and not _cap(g["mon"]):
            return False
        if lang == "fr" and is_abbr and not g.get("dot"):
            return False
        if g.get("dot") and not is_abbr and not g.get("year") and m.end() == m.end("dot"):
            e.end = m.end("dot") - 1      # a full stop after a full month name ends the sentence
    if g.get("pmon"):
        e.month = int(g["pmon"])
        e.numeric_month = True
        e.month_span = m.span("pmon")
    return True


def _set_day_year(e: DateExpr, g: dict, m: re.Match) -> bool:
    """The day (and the other day of a range) and the year; False for a range's day out of 1-31."""
    if g.get("day"):
        e.day = int(g["day"])
        e.day_span = m.span("day")
        e.ordinal = g.get("ord") or ""
    if g.get("day2"):
        e.day2 = int(g["day2"])
        e.day2_span = m.span("day2")
        if not 1 <= e.day2 <= 31:
            return False
    if g.get("year") or g.get("year2"):
        k = "year" if g.get("year") else "year2"
        y = int(g[k])
        e.year = y + 2000 if y < 100 else y
        e.year_span = m.span(k)
        e.comma_before_year = bool(g.get("ycomma"))
    return True


def _valid_numbers(e: DateExpr, form: str, lang: str) -> bool:
    """Month, day and year in range (an English "3/16" is read month first)."""
    if e.month is not None and not 1 <= e.month <= 12:
        if form == "num" and e.day is not None and 1 <= e.month <= 31 and 1 <= e.day <= 12 and lang == "en":
            e.day, e.month = e.month, e.day      # 3/16 written month first
            e.day_span, e.month_span = e.month_span, e.day_span
        else:
            return False
    if e.day is not None and not 1 <= e.day <= 31:
        return False
    if e.year is not None and not 1800 <= e.year <= 2200:
        return False
    return True


def _weekday_plausible(g: dict, m: re.Match, text: str, lang: str, form: str) -> bool:
    """Indonesian and English weekdays: capitalised or after a cue word, and a weekday word that
    is also an ordinary word only after the words that make it a day."""
    w = g["wd"]
    cue = _WD_CUES.get(lang)
    if not _cap(w) and not (cue and re.search(cue, text[:m.start("wd")])):
        return False
    amb = load_json("dates.json")["ambiguous_weekdays"].get(lang, {})
    if w.lower() in amb and form == "wd":
        before = text[:m.start("wd")].rstrip().split()
        if not before or before[-1] not in amb[w.lower()]:
            return False
    return True


def _md_plausible(g: dict, m: re.Match, text: str, lang: str) -> bool:
    """Month-first dates in languages that write the day first are read only when plainly dates."""
    if lang == "ar" and not (g.get("wd") or g.get("year")):
        return False
    if lang == "fr":
        # French writes the day first: the English order is only read as a date when it is
        # plainly one (after a weekday, or with the month capitalised inside a sentence).
        mon = g["mon"]
        if not (g.get("wd") or (_cap(mon) and not at_sentence_start(text, m.start("mon"))) or g.get("year")):
            return False
    if lang == "en" and g.get("ord") == "er":
        return False
    return True


def _build(form: str, m: re.Match, text: str, lang: str) -> Optional[DateExpr]:
    """The date a pattern's match stands for, or None where the match is no date."""
    g = m.groupdict()
    e = DateExpr(start=m.start(), end=m.end(), text=m.group(0), form=form)
    if not (_set_weekday(e, g, m, lang) and _set_month(e, g, m, lang) and _set_day_year(e, g, m)):
        return None
    if not _valid_numbers(e, form, lang):
        return None
    if form == "num":
        if e.day is not None and e.month is not None and e.day <= 12 and lang == "en":
            e.swappable = True
        if not (g.get("paren") or g.get("wd") or g.get("year") or _NUM_CUES.search(text[:m.start()])):
            return None
    if e.weekday is not None and lang in ("id", "en") and not _weekday_plausible(g, m, text, lang, form):
        return None
    if form == "md" and not _md_plausible(g, m, text, lang):
        return None
    return e


def find_dates(text: str, lang: str) -> list[DateExpr]:
    """The dates of `text` (language `lang`), left to right, longest first where they overlap."""
    t = normalise_digits(text)
    cands: list[DateExpr] = []
    digits = _ANY_DIGIT.search(t) is not None
    for form, pat in _patterns(lang):
        if not digits and form != "wd":
            continue            # every other form has a day, a month or a year in digits
        for m in pat.finditer(t):
            e = _build(form, m, t, lang)
            if e is not None:
                e.text = text[e.start:e.end]
                cands.append(e)
    cands.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[DateExpr] = []
    for e in cands:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    _share_years(t, out)
    return out


# what joins the two ends of a range of dates
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|~|～|s\.?d\.?|sampai(?: dengan)?|hingga|dan|to|until|through|and|au|et|jusqu['’]au|"
                         r"至|到|和|与|から|まで|及び|と|حتى|إلى|الى|و)\s*(?:dengan\s*)?", re.IGNORECASE)


def _share_years(text: str, dates: list[DateExpr]) -> None:
    """A range of dates gives its year once ('1 Januari hingga 31 Mei 2024', '2024年1月1日至5月31日'):
    the end without one takes the other's (no year span: the number is the other date's)."""
    for a, b in zip(dates, dates[1:]):
        if a.month is None or b.month is None or (a.year is None) == (b.year is None):
            continue
        if not _RANGE_JOIN.fullmatch(text[a.end:b.start]):
            continue
        if a.year is None:
            a.year = b.year
        else:
            b.year = a.year
