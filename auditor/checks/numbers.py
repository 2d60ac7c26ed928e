"""Numbers: every number of the source sentence should be in its translation, and no other.

AUD201 number-missing   a number of the aligned source sentence(s) is absent from the translation.
AUD202 number-added     a number of the translation has no counterpart in the source.
AUD203 number-mismatch  a number of the translation stands where the source has another one
                        (a changed figure, or a scale error: "2,5 triliun" -> "2,5 milliards").
AUD204 number-format    a figure copied in the Indonesian convention that reads otherwise in the
                        target language (English "1.000 villages" is one village; French "2.5").

Numbers are compared by value, after reading each language's way of writing them:
Indonesian "1.000" (thousands) and "2,5" (decimal), French "1 000" (space, U+00A0 or U+202F)
and "2,5", English "1,000" and "2.5"; a figure followed by a scale word ("Rp 2,5 triliun" =
"2,5 billions de roupies" = "IDR 2.5 trillion" = 2.5e12); numbers written as words ("tiga sumber",
"trois sources", "three sources", "dua puluh lima", "vingt-cinq"); ordinals ("ke-3", "3e",
"troisième", "third"); times ("pukul 10.30 WIB" = "10 h 30" = "10:30 a.m."); Arabic-Indic and
full-width digits, and small Chinese numerals. A figure that is ambiguous ("1.000" in a French
text: 1000 or 1.0) matches either reading.

A number written as a word is never reported on its own (words like "un", "neuf", "second"
are often not numbers); it only matches a figure, or stands for a substituted one. Days and
years of dates that the date check (AUD211) compares are left to it; a number found in the
neighbouring sentence pair (a loose alignment) is not reported. Word lists: data/numbers.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator, Optional

from ..types import Finding, Segment, Span
from ._numread import Num, _roman_in, _table, extract
from ._numread import parse_figure as parse_figure     # re-exported: the quantity check reads figures with it
from .base import Check, CheckInfo, Context, register
from .dates import Group, aligned_groups, normalise_digits


_IN_NAME = re.compile(r"[A-Za-z]-$")


# ---------------------------------------------------------------- formatting

def format_figure(v: Decimal, lang: str, grouped: bool) -> str:
    """A value written the way `lang` writes it (fr '2 500,5' with U+202F, en '2,500.5')."""
    s = format(v.normalize(), "f")
    head, _, dec = s.partition(".")
    if grouped and len(head) > 3:
        sep = {"fr": "\u202f", "id": "."}.get(lang, ",")
        rev = head[::-1]
        head = sep.join(rev[i:i + 3] for i in range(0, len(rev), 3))[::-1]
    if dec:
        return head + ("," if lang in ("fr", "id") else ".") + dec
    return head


def _scale_word(lang: str, scale: Decimal, plural: bool) -> Optional[str]:
    names = _table()["scale_words"].get(lang, {}).get(str(int(scale)))
    if not names:
        return None
    return names[1] if plural else names[0]


def _number_word(lang: str, v: Decimal, like: str) -> Optional[str]:
    """The word for a small number in `lang`, capitalised like `like`."""
    for w, (op, val) in _table()["words"].get(lang, {}).items():
        if op == "add" and Decimal(val) == v:
            return w[0].upper() + w[1:] if like[:1].isupper() else w
    return None


_GROUPED = re.compile(r"\d[.,\s\u00a0\u202f]\d{3}(?!\d)")


def _suggest(src: Num, tgt: Optional[Num], lang: str) -> Optional[str]:
    if src.kind == "time" or (tgt is not None and tgt.kind == "time"):
        return None
    val = src.primary
    if not isinstance(val, Decimal):
        return None
    if tgt is not None and tgt.kind == "word":
        return _number_word(lang, val, tgt.text) if val == val.to_integral_value() else None
    grouped = bool(_GROUPED.search(src.text) or (tgt is not None and _GROUPED.search(tgt.text)))
    if src.scale is not None:
        raw = (val / src.scale).normalize()
        word = _scale_word(lang, src.scale, raw >= 2)
        if word:
            return f"{format_figure(raw, lang, False)} {word}"
    return format_figure(val, lang, grouped)


def _show(v: Any) -> str:
    """A value for a message: 15, 2.5, 2.5 × 10^12, 10:30."""
    if isinstance(v, tuple):
        return f"{v[1]}:{v[2]:02d}"
    if isinstance(v, Decimal):
        v = v.normalize()
        if abs(v) >= 10 ** 6:
            exp = (v.adjusted() // 3) * 3
            return f"{format((v / Decimal(10) ** exp).normalize(), 'f')} × 10^{exp}"
        return format(v, "f")
    return str(v)


# ---------------------------------------------------------------- comparison

@dataclass
class Issue:
    code: str
    segs: list[Segment]
    seg: Segment
    start: int
    end: int
    message: str
    suggestion: Optional[str]
    confidence: float
    evidence: dict


def _skips(g: Group, side: str) -> dict[str, list[tuple[int, int]]]:
    """Spans the number check leaves alone in each sentence: numeric months of every date, and
    the day/year of dates the date check compares."""
    out: dict[str, list[tuple[int, int]]] = {}
    dates = g.src_dates if side == "src" else g.tgt_dates
    for seg, e in dates:
        if e.numeric_month and e.month_span:
            out.setdefault(seg.id, []).append(e.month_span)
    for (ss, s), (ts, t) in g.pairs:
        if side == "src":
            for sp in s.number_spans:
                out.setdefault(ss.id, []).append(sp)
        else:
            if s.day is not None:
                out.setdefault(ts.id, []).extend(sp for sp in (t.day_span, t.day2_span) if sp)
            if s.year is not None and t.year_span:
                out.setdefault(ts.id, []).append(t.year_span)
    return out


def _match(S: list[Num], T: list[Num], used_s: set, used_t: set, s_hard: Optional[bool],
           t_hard: Optional[bool], pairs: Optional[list] = None) -> None:
    order = sorted(range(len(S)), key=lambda i: len(S[i].values))
    for i in order:
        if i in used_s or (s_hard is not None and S[i].hard != s_hard):
            continue
        for j, t in enumerate(T):
            if j in used_t or (t_hard is not None and t.hard != t_hard):
                continue
            if S[i].values & t.values:
                used_s.add(i)
                used_t.add(j)
                if pairs is not None:
                    pairs.append((S[i], t))
                break


def _near_values(toks: list[tuple[list[Num], list[Num]]], k: int) -> tuple[set, set]:
    """The values of the neighbouring sentence pairs' numbers (source, translation): a number
    found there is a loose alignment, not a missing or added one."""
    near_s: set = set()
    near_t: set = set()
    for kk in (k - 1, k + 1):
        if 0 <= kk < len(toks):
            for n in toks[kk][1]:
                near_t |= n.values
            for n in toks[kk][0]:
                near_s |= n.values
    return near_s, near_t


def _scale_errors(S: list[Num], T: list[Num], used_s: set, used_t: set, lang: str) -> list[Issue]:
    """The same figure with another scale word on each side ("2,5 triliun" -> "2,5 milliards")."""
    issues: list[Issue] = []
    for i, s in enumerate(S):
        if i in used_s or not s.hard or s.kind != "digit":
            continue
        for j, t in enumerate(T):
            if j in used_t or not t.hard or t.kind != "digit":
                continue
            if (s.scale or t.scale) and s.scale != t.scale and s.raw & t.raw:
                used_s.add(i)
                used_t.add(j)
                issues.append(_mismatch(t, s, lang, 0.9, scale=True))
                break
    return issues


def _substitutions(S: list[Num], T: list[Num], left_s: list[int], left_t: list[int]) -> list[tuple[int, int]]:
    """Unmatched numbers paired as substitutions: one number left on each side (or as many on
    each side), else the words among themselves and the figures among themselves."""
    if left_s and len(left_s) == len(left_t):
        return list(zip(left_s, left_t))
    hard_s = [i for i in left_s if S[i].hard]
    hard_t = [j for j in left_t if T[j].hard]
    soft_s = [i for i in left_s if not S[i].hard]
    soft_t = [j for j in left_t if not T[j].hard]
    pairs: list[tuple[int, int]] = []
    if soft_s and len(soft_s) == len(soft_t):
        pairs += list(zip(soft_s, soft_t))
    if hard_s and len(hard_s) == len(hard_t):
        pairs += list(zip(hard_s, hard_t))
    return pairs


def _missing_issue(g: Group, missing: list[Num]) -> Issue:
    """AUD201 over the translated sentence(s) for the source's figures it does not carry."""
    segs = g.tgts
    names = "; ".join(f"{n.text} («{n.context()}»)" for n in missing)
    if len(missing) == 1:
        msg = f"the source's number {names} is missing from the translation"
    else:
        msg = f"the source's numbers {names} are missing from the translation"
    return Issue("AUD201", segs, segs[0], 0, len(segs[0].text), msg,
                 None, 0.75 if len(g.tgts) == 1 else 0.65,
                 {"missing": [n.text for n in missing],
                  "values": [_show(n.primary) for n in missing]})


def _added_issues(g: Group, S: list[Num], T: list[Num], hard_s: list[int], hard_t: list[int]) -> list[Issue]:
    """AUD202 for each figure of the translation left without a counterpart."""
    issues: list[Issue] = []
    for j in hard_t:
        t = T[j]
        if _is_conversion(t) or _roman_in(g.srcs, t.primary):
            continue
        others = ", ".join(S[i].text for i in hard_s)
        msg = f"the number «{t.text}» has no counterpart in the source sentence"
        if others:
            msg += f" (the source has {others})"
        issues.append(Issue("AUD202", [t.seg], t.seg, t.start, t.end, msg, None, 0.7,
                            {"value": _show(t.primary)}))
    return issues


def _group_issues(g: Group, toks: list[tuple[list[Num], list[Num]]], k: int, tgt_lang: str) -> list[Issue]:
    """The number issues of one aligned group (the k-th), its numbers already read in toks[k]."""
    S, T = toks[k]
    issues: list[Issue] = []
    used_s: set = set()
    used_t: set = set()
    matched: list[tuple[Num, Num]] = []
    _match(S, T, used_s, used_t, True, True, matched)
    for s, t in matched:
        iss = _format_issue(s, t, tgt_lang)
        if iss:
            issues.append(iss)
    _match(S, T, used_s, used_t, True, False)
    _match(S, T, used_s, used_t, False, True)
    _match(S, T, used_s, used_t, False, False)
    near_s, near_t = _near_values(toks, k)
    issues += _scale_errors(S, T, used_s, used_t, tgt_lang)
    left_s = [i for i, s in enumerate(S) if i not in used_s and (s.eligible or s.hard)
              and not (s.hard and s.values & near_t)]
    left_t = [j for j, t in enumerate(T) if j not in used_t and (t.eligible or t.hard)
              and not (t.hard and t.values & near_s)]
    pairs = _substitutions(S, T, left_s, left_t)
    for i, j in pairs:
        s, t = S[i], T[j]
        issues.append(_mismatch(t, s, tgt_lang, 0.85 if s.hard and t.hard else 0.6))
    paired_s = {i for i, _ in pairs}
    paired_t = {j for _, j in pairs}
    hard_s = [i for i in left_s if S[i].hard and i not in paired_s]
    hard_t = [j for j in left_t if T[j].hard and j not in paired_t]
    # a number that is part of a name ('COVID-19', 'U-23'): the translation may use the
    # name its readers know (新型コロナウイルス); it is no figure that went missing
    hard_s = [i for i in hard_s if not _IN_NAME.search(S[i].seg.text[:S[i].start])]
    if hard_s:
        issues.append(_missing_issue(g, [S[i] for i in hard_s]))
    return issues + _added_issues(g, S, T, hard_s, hard_t)


def analyse(ctx: Context) -> list[Issue]:
    cached = ctx.shared.number_issues
    if cached is not None:
        return cached
    groups = aligned_groups(ctx)
    src_lang, tgt_lang = ctx.src_lang, ctx.tgt_lang
    toks: list[tuple[list[Num], list[Num]]] = []
    for g in groups:
        ssk, tsk = _skips(g, "src"), _skips(g, "tgt")
        S = [n for s in g.srcs for n in extract(s, src_lang, ssk.get(s.id, []))]
        T = [n for t in g.tgts for n in extract(t, tgt_lang, tsk.get(t.id, []))]
        toks.append((S, T))
    issues: list[Issue] = []
    for k, g in enumerate(groups):
        S, T = toks[k]
        if S or T:
            issues += _group_issues(g, toks, k, tgt_lang)
    ctx.shared.number_issues = issues
    return issues


def local_reading(figure: str, lang: str) -> Optional[Decimal]:
    """What a reader of `lang` takes a figure for, or None where it is not a valid figure there:
    English '1.000' is 1, '2,5' is not valid; French '2.5' is not valid, '1,000' is 1."""
    s = figure.replace("\u00a0", " ").replace("\u202f", " ")
    try:
        if lang == "fr":
            if "." in s:
                if "," not in s and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
                    return Decimal(s.replace(".", ""))      # old style grouping: tolerated
                return None
            return Decimal(s.replace(" ", "").replace(",", "."))
        if lang in ("en", "zh", "ja", "ar"):
            if "," in s:
                head = s.split(".")[0]
                parts = head.split(",")
                if len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
                    return None
            return Decimal(s.replace(" ", "").replace(",", ""))
    except InvalidOperation:
        return None
    return None


_LOCAL_NAMES = {"fr": "French", "en": "English", "zh": "Chinese", "ja": "Japanese", "ar": "Arabic"}


def _format_issue(s: Num, t: Num, lang: str) -> Optional["Issue"]:
    """AUD204: a figure the translation copied in the source's convention, which a reader of the
    target language reads differently ('1.000 villages' in English is one village)."""
    if t.kind != "digit" or not t.figure or lang not in _LOCAL_NAMES:
        return None
    common = s.values & t.values
    meant = s.primary if s.primary in common else next(iter(sorted(common)))
    if t.scale:
        meant = (meant / t.scale).normalize()
    reading = local_reading(normalise_digits(t.figure), lang)
    if reading is not None and reading.normalize() == meant.normalize():
        return None
    grouped = bool(_GROUPED.search(t.figure))
    sug_fig = format_figure(meant, lang, grouped or meant >= 10000)
    off = t.text.find(t.figure)
    name = _LOCAL_NAMES[lang]
    how = "is not a valid figure" if reading is None else f"reads as {_show(reading)}"
    msg = (f"«{t.figure}» {how} in {name}; the source «{s.text}» means {_show(meant)} "
           f"(write «{sug_fig}»)")
    return Issue("AUD204", [t.seg], t.seg, t.start + max(off, 0), t.start + max(off, 0) + len(t.figure), msg,
                 sug_fig, 0.8, {"source_number": s.text, "value": _show(meant)})


_CONVERSION = re.compile(r"\((?:[^()]*?)(?:US\$|\$|€|£|USD|EUR|SGD|dollars?|euros?|roupies|rupiah|IDR|Rp)[^()]*\)",
                         re.IGNORECASE)


def _is_conversion(n: Num) -> bool:
    """A figure inside a parenthesised currency conversion the translator added:
    'Rp 16,8 triliun' -> 'IDR 16.8 trillion (US$1.17 billion)'."""
    for m in _CONVERSION.finditer(n.seg.text):
        if m.start() <= n.start and n.end <= m.end():
            return True
    return False


def _mismatch(t: Num, s: Num, lang: str, conf: float, scale: bool = False) -> Issue:
    if scale:
        msg = (f"«{t.text}» has another scale than the source's «{s.text}» "
               f"({_show(t.primary)} instead of {_show(s.primary)})")
    else:
        msg = f"«{t.text}» where the source has «{s.text}» («{s.context()}»)"
    return Issue("AUD203", [t.seg], t.seg, t.start, t.end, msg, _suggest(s, t, lang), conf,
                 {"source_number": s.text, "source_value": _show(s.primary), "value": _show(t.primary)})


class _NumberCheck(Check):
    def run(self, ctx: Context) -> Iterator[Finding]:
        for iss in analyse(ctx):
            if iss.code != self.info.code:
                continue
            f = ctx.finding(self, iss.seg, iss.start, iss.end, iss.message, suggestion=iss.suggestion,
                            confidence=iss.confidence, **iss.evidence)
            if len(iss.segs) > 1:
                f.span = Span(iss.segs[0].start, iss.segs[-1].end)
            yield f


_COMMON = (
    " Numbers are compared by value: Indonesian '1.000' and '2,5', French '1 000' and '2,5', English "
    "'1,000' and '2.5'; scale words ('2,5 triliun' = '2,5 billions' = '2.5 trillion'); small numbers "
    "as words ('tiga sumber' = 'trois sources'); ordinals, times, and Arabic-Indic or full-width digits. "
    "Days and years of dates compared by AUD211 are left to it, and a number found in the neighbouring "
    "sentence (a loose alignment) is not reported. Unaligned and boilerplate sentences are skipped.")


@register
class NumberMissing(_NumberCheck):
    info = CheckInfo(
        code="AUD201", name="number-missing", category="number", severity="major",
        fix="unsafe",
        summary="A number of the source sentence is missing from its translation.",
        explanation=("A figure of the aligned Indonesian sentence that the translation does not carry is "
                     "lost information (an amount, a count, a year). The finding covers the translated "
                     "sentence and names the missing number with its source context." + _COMMON),
    )


@register
class NumberAdded(_NumberCheck):
    info = CheckInfo(
        code="AUD202", name="number-added", category="number", severity="major",
        fix="unsafe",
        summary="A number of the translation has no counterpart in the source sentence.",
        explanation=("A figure in the translation that the source sentence does not have is an addition "
                     "or a garbled number. The finding covers the figure." + _COMMON),
    )


@register
class NumberFormat(_NumberCheck):
    info = CheckInfo(
        code="AUD204", name="number-format", category="number", severity="minor",
        fix="unsafe",
        summary="A figure written in the source's convention that reads differently in the target language.",
        explanation=("Indonesian writes '1.000' for a thousand and '2,5' for two and a half. Copied as is, "
                     "'1.000' reads as 1 in English and '2.5' is not a French figure. Where a figure matches "
                     "the source's value only under the Indonesian reading, the check flags it and suggests "
                     "the target language's form (English '1,000' and '2.5', French '1 000' and '2,5', with a "
                     "narrow no-break space)."),
        languages=("fr", "en", "zh", "ja", "ar"),
    )


@register
class NumberMismatch(_NumberCheck):
    info = CheckInfo(
        code="AUD203", name="number-mismatch", category="number", severity="major",
        fix="unsafe",
        summary="A number of the translation differs from the source's (a changed figure or scale).",
        explanation=("Where a sentence pair has one number left over on each side, the translation "
                     "changed it: reported once, on the translated number, with the source's number as "
                     "the suggestion. Scale errors are the classic case: Indonesian 'miliar' (10^9) "
                     "rendered as French 'billion' (10^12), or 'triliun' as English 'billion'." + _COMMON),
    )
