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
from functools import lru_cache
from typing import Any, Iterator, Optional

from ..data import load_json
from ..types import Finding, Segment, Span
from .base import Check, CheckInfo, Context, register
from .dates import Group, aligned_groups, at_sentence_start, normalise_digits


_IN_NAME = re.compile(r"[A-Za-z]-$")


@dataclass
class Num:
    seg: Segment
    start: int                  # local offsets into seg.text
    end: int
    text: str
    values: frozenset           # Decimal values (or ("t", hour % 12, minute) for times)
    hard: bool                  # a figure (reported when unmatched) or a word (never reported alone)
    kind: str                   # digit, time, word, ordinal, cjk
    raw: frozenset = frozenset()    # values before the scale word
    scale: Optional[Decimal] = None
    eligible: bool = False      # a small cardinal word that may stand for a substituted number
    primary: Any = None         # the most likely value, for messages and suggestions
    figure: str = ""            # the figure as written, without its scale word (digits only)

    def context(self, width: int = 30) -> str:
        t = self.seg.text
        a, b = max(0, self.start - width), min(len(t), self.end + width)
        a = t.rfind(" ", 0, a) + 1 if a > 0 else 0
        nb = t.find(" ", b)
        b = len(t) if nb < 0 else nb
        return ("…" if a > 0 else "") + t[a:b] + ("…" if b < len(t) else "")


# ---------------------------------------------------------------- reading numbers

@lru_cache(maxsize=None)
def _table() -> dict:
    return load_json("numbers.json")


@lru_cache(maxsize=None)
def _word_tables(lang: str) -> tuple[dict, frozenset, dict, frozenset]:
    """Number words of a language, their connectors, ordinals and weak words ("un", "satu")."""
    table = _table()
    return ({k: tuple(v) for k, v in table["words"].get(lang, {}).items()},
            frozenset(table["connectors"].get(lang, [])), dict(table["ordinals"].get(lang, {})),
            frozenset(table["weak"].get(lang, [])))


def parse_figure(s: str, lang: str = "") -> list[Decimal]:
    """The values a figure may have, most likely first: '1.000' -> [1000, 1.000], '2,5' -> [2.5],
    '1 000 000' -> [1000000], '1,234.5' -> [1234.5]. In Indonesian '1.000' is only 1000."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    try:
        if " " in s:
            head, sep, dec = s.replace(" ", "").partition(",") if "," in s else s.replace(" ", "").partition(".")
            return [Decimal(head + ("." + dec if sep else ""))]
        seps = [c for c in s if c in ".,"]
        if not seps:
            return [Decimal(s)]
        if len(set(seps)) == 2:
            last = max(s.rfind("."), s.rfind(","))
            head, dec = s[:last], s[last + 1:]
            groups = re.split(r"[.,]", head)
            if all(len(g) == 3 for g in groups[1:]):
                return [Decimal("".join(groups) + "." + dec)]
            return []
        parts = s.split(seps[0])
        if len(parts) > 2:
            if all(len(g) == 3 for g in parts[1:]) and len(parts[0]) <= 3:
                return [Decimal("".join(parts))]
            return []    # a version number or a list, not a quantity
        a, b = parts
        if len(b) == 3 and len(a) <= 3 and a != "0":
            if lang == "id" and seps[0] == ".":
                return [Decimal(a + b)]
            return [Decimal(a + b), Decimal(a + "." + b)]
        return [Decimal(a + "." + b)]
    except InvalidOperation:
        return []


_FIGURE = {
    "fr": re.compile(r"(?<![\d])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"),
    "*": re.compile(r"(?<![\d])(?:\d{1,3}(?:[\u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"),
}
_TIMES = {
    "*": [re.compile(r"(?<![\d:.,])(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?(?![\d:])"
                     r"(?:\s?(?P<ap>[aApP])\.?[mM]\.?(?!\w))?")],
    "id": [re.compile(r"(?i)(?:pukul|jam|pkl\.?)\s+(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?(?![\d.:]\d)"),
           re.compile(r"(?<![\d.,])(?P<h>\d{1,2})\.(?P<m>\d{2})\s*(?=WIB|WITA|WIT\b)")],
    "fr": [re.compile(r"(?<![\d.,])(?P<h>\d{1,2})\s?h\s?(?P<m>\d{2})?(?!\w)"),
           re.compile(r"(?i)(?<![\w-])(?P<w>midi|minuit)(?!\w)")],
    "en": [re.compile(r"(?<![\d.,])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?P<ap>[aApP])\.?[mM]\.?(?!\w)"),
           re.compile(r"(?i)(?<!\w)(?P<w>noon|midday|midnight)(?!\w)")],
    # Chinese and Japanese: "凌晨2时30分", "下午3点半", "午前9時15分" (afternoon words add 12 hours)
    "zh": [re.compile(r"(?:(?P<ap>下午|晚上|傍晚|中午)|上午|凌晨|早上|清晨)?\s?(?P<h>\d{1,2})\s?[时時点點]"
                      r"(?:\s?(?P<m>\d{1,2})\s?分|(?P<half>半))?")],
    "ja": [re.compile(r"(?:(?P<ap>午後|夜)|午前|未明|朝)?\s?(?P<h>\d{1,2})\s?時(?:\s?(?P<m>\d{1,2})\s?分|(?P<half>半))?")],
    # Arabic: "الساعة 2:30" is read by the common pattern; "الساعة 3 مساء", "الساعة 9 صباحا"
    "ar": [re.compile(r"الساعة\s(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?:\s(?:(?P<ap>مساء|مساءً|ظهرا|ظهرًا|عصرا|عصرًا"
                      r"|ليلا|ليلًا)|صباحا|صباحًا|فجرا|فجرًا))?")],
}
_TIME_WORDS = {"midi": 12, "minuit": 0, "noon": 12, "midday": 12, "midnight": 0}
_TIMES_SIGN = re.compile(r"(?<![\d.,])(?P<a>\d{1,4})\s?[x×X]\s?(?P<b>\d{1,4})(?![\d.,]?\d)")
_SLASH = re.compile(r"(?<![\d/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
_ROMAN = {
    "fr": re.compile(r"(?<!\w)(?P<r>[IVXLC]{1,7})(?:e|er|ème|eme|è)(?!\w)"),
    "en": re.compile(r"(?<!\w)(?P<r>[IVXLC]{1,7})(?=\s+century)"),
    "id": re.compile(r"(?:abad|Abad)\s+(?:ke-?)?(?P<r>[IVXLC]{1,7})(?!\w)"),
}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(r: str) -> Optional[int]:
    total = 0
    for i, ch in enumerate(r):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(r) and _ROMAN_VALUES[r[i + 1]] > v else v
    return total if total > 0 else None


_ROMAN_TOKEN = re.compile(r"(?<![\w-])[IVXLC]{1,7}(?![\w-])")


def _roman_in(segs, value) -> bool:
    """A Roman numeral of this value in the source sentences ("Komisi XI" written "第11委員会")."""
    if value is None:
        return False
    return any(roman_value(m.group()) == value for s in segs for m in _ROMAN_TOKEN.finditer(s.text))


_CJK_RUN = re.compile(r"[〇零一二两兩三四五六七八九十百千万萬亿億]+")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _scale_re(lang: str) -> Optional[re.Pattern]:
    scales = _table()["scales"].get(lang)
    if not scales:
        return None
    alt = "|".join(re.escape(k) for k in sorted(scales, key=len, reverse=True))
    if lang in ("zh", "ja"):
        return re.compile(rf"\s?((?:{alt})+)")
    return re.compile(rf"\s?({alt})(?!\w)", re.IGNORECASE)


def _scale_value(lang: str, word: str) -> Decimal:
    scales = {k.lower(): v for k, v in _table()["scales"][lang].items()}
    if lang in ("zh", "ja"):
        v = Decimal(1)
        for ch in word:
            v *= Decimal(scales[ch])
        return v
    return Decimal(scales[word.lower()])


def _time_values(h: int, m: int) -> frozenset:
    vals: set = {("t", h % 12, m), Decimal(f"{h}.{m:02d}").normalize()}
    if m == 0:
        vals.add(Decimal(h))
        if h > 12:
            vals.add(Decimal(h - 12))
    return frozenset(vals)


def _words_value(ops: list[tuple[str, int, str, str]], lang: str) -> Optional[Decimal]:
    total, acc, unit = 0, 0, 0
    prev = ""
    seen_number = False
    for op, v, w, _orig in ops:
        if op == "add":
            if lang == "fr" and w in ("vingt", "vingts") and prev == "quatre":
                unit += 76      # quatre-vingt(s) = 80
            else:
                unit += v
            seen_number = True
        elif op == "teen":
            unit += v
        elif op == "mul":
            unit *= v
        elif op == "hun":
            acc += max(unit, 1) * v
            unit = 0
            seen_number = True
        elif op == "scale":
            if not seen_number and w not in ("seribu", "sejuta"):
                if total == 0 and acc == 0 and unit == 0:
                    return None         # "des millions", "ribuan": a scale word alone
            total += max(acc + unit, 1) * v
            acc = unit = 0
            seen_number = True
        prev = w
    return Decimal(total + acc + unit)


def _cjk_value(run: str) -> Optional[Decimal]:
    nums = _table()["cjk_numerals"]
    total, section, num = 0, 0, 0
    for ch in run:
        v = nums[ch]
        if v < 10:
            num = v
        elif v < 10000:
            section += (num or 1) * v
            num = 0
        else:
            if v == 100000000:
                total = (total + section + num) * v
            else:
                total += (section + num or 1) * v
            section = num = 0
    return Decimal(total + section + num)


def _merge_cjk(nums: list[Num], seg: Segment) -> list[Num]:
    """'2兆5000億' and '2万5000' are one number: figures that follow a larger scale directly add up."""
    nums = sorted(nums, key=lambda n: n.start)
    out: list[Num] = []
    for n in nums:
        p = out[-1] if out else None
        if (p is not None and p.kind == "digit" and n.kind == "digit" and p.scale is not None
                and p.end == n.start and (n.scale or 1) < p.scale and len(p.values) == 1 and len(n.values) == 1):
            total = (next(iter(p.values)) + next(iter(n.values))).normalize()
            out[-1] = Num(seg, p.start, n.end, seg.text[p.start:n.end], frozenset({total}), True, "digit",
                          raw=frozenset({total}), scale=None, primary=total)
            continue
        out.append(n)
    return out


def extract(seg: Segment, lang: str, skip: list[tuple[int, int]]) -> list[Num]:
    """The numbers of one sentence, figures and words, leaving out the spans in `skip`."""
    text = normalise_digits(seg.text)
    used = bytearray(len(text) + 1)
    for a, b in skip:
        for i in range(a, b):
            used[i] = 1
    out: list[Num] = []

    def free(a: int, b: int) -> bool:
        return not any(used[a:b])

    def take(a: int, b: int) -> None:
        for i in range(a, b):
            used[i] = 1

    for pat in _TIMES["*"] + _TIMES.get(lang, []):
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            if g.get("w"):
                h, mi = _TIME_WORDS[g["w"].lower()], 0       # "midi" = 12.00, "midnight" = 00.00
            else:
                h, mi = int(g["h"]), int(g.get("m") or (30 if g.get("half") else 0))
            ap = (g.get("ap") or "").lower()
            if (ap == "p" or (ap and not ap.isascii())) and h < 12:
                h += 12
            if h > 24 or mi > 59:
                continue
            # "jam 3" / "3 h" may also be durations: the hour alone matches too
            out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], _time_values(h, mi),
                           not g.get("w"), "time"))      # "midi" alone is a word: never reported alone
            take(m.start(), m.end())

    # "une quarantaine de minutes", "a dozen": about a round number, read as that number
    approx = _table().get("approximate", {}).get(lang, {})
    if approx:
        pat = re.compile(r"\b(?:(?:une|un|a|an)\s+)?(" + "|".join(map(re.escape, approx)) + r")\b", re.I)
        for m in pat.finditer(text):
            if free(m.start(), m.end()):
                v = Decimal(approx[m.group(1).lower()])
                out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], frozenset({v}), False,
                               "word", primary=v))
                take(m.start(), m.end())

    # "1 x 24 jam" (within 24 hours), "3 x 4 meter": the product, or either factor
    for m in _TIMES_SIGN.finditer(text):
        if not free(m.start(), m.end()):
            continue
        a, b = Decimal(m.group("a")), Decimal(m.group("b"))
        out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], frozenset({a * b, a, b}),
                       True, "digit", raw=frozenset({a * b}), primary=a * b))
        take(m.start(), m.end())
    # "16/3" that is not read as a date: the part after the slash is a month or a denominator,
    # which the translation may write as a word ("March", "trois quarts"): it only matches
    for m in _SLASH.finditer(text):
        if free(*m.span("b")) and int(m.group("b")) <= 12:
            v = Decimal(m.group("b"))
            out.append(Num(seg, m.start("b"), m.end("b"), m.group("b"), frozenset({v}), False, "word",
                           primary=v))
            take(*m.span("b"))
    # Roman numerals of centuries: "XXIe siècle", "abad XXI"; words, never reported alone
    if lang in _ROMAN:
        for m in _ROMAN[lang].finditer(text):
            v = roman_value(m.group("r"))
            if v and free(*m.span("r")):
                out.append(Num(seg, m.start("r"), m.end(), seg.text[m.start("r"):m.end()],
                               frozenset({Decimal(v)}), False, "ordinal", primary=Decimal(v)))
                take(m.start("r"), m.end())

    scale_re = _scale_re(lang)
    for m in _FIGURE.get(lang, _FIGURE["*"]).finditer(text):
        a, b = m.span()
        if not free(a, b):
            continue
        vals = parse_figure(m.group(0), lang)
        if not vals:
            take(a, b)
            continue
        end, scale = b, None
        if scale_re is not None:
            sm = scale_re.match(text, b)
            if sm:
                scale = _scale_value(lang, sm.group(1))
                end = sm.end()
        raw = frozenset(v.normalize() for v in vals)
        scaled = [(v * scale).normalize() for v in vals] if scale else [v.normalize() for v in vals]
        n = Num(seg, a, end, seg.text[a:end], frozenset(scaled), True, "digit", raw=raw, scale=scale,
                figure=m.group(0))
        n.primary = scaled[0]
        out.append(n)
        take(a, end)

    if lang in ("zh", "ja"):
        out = _merge_cjk(out, seg)

    words, connectors, ordinals, weak = _word_tables(lang)
    if words:
        toks = [m for m in _WORD.finditer(text) if free(m.start(), m.end())]
        i = 0
        while i < len(toks):
            m = toks[i]
            w = m.group(0).lower()
            if w not in words and w not in ordinals:     # most words: no number word at all
                i += 1
                continue
            mid_cap = m.group(0)[:1].isupper() and not at_sentence_start(seg.text, m.start())
            if w in ordinals and not mid_cap:
                v = Decimal(ordinals[w])
                out.append(Num(seg, m.start(), m.end(), m.group(0), frozenset({v}), False, "ordinal"))
                i += 1
                continue
            if w not in words or mid_cap:
                i += 1
                continue
            run = [m]
            j = i + 1
            while j < len(toks):
                gap = text[run[-1].end():toks[j].start()]
                nw = toks[j].group(0).lower()
                if gap.strip(" -\u00a0") != "":
                    break
                if nw in words:
                    run.append(toks[j])
                    j += 1
                    continue
                if nw in connectors and j + 1 < len(toks) and toks[j + 1].group(0).lower() in words \
                        and text[toks[j].end():toks[j + 1].start()].strip(" -") == "":
                    run.append(toks[j])
                    j += 1
                    continue
                break
            ops = [(words[r.group(0).lower()][0], words[r.group(0).lower()][1], r.group(0).lower(), r.group(0))
                   for r in run if r.group(0).lower() in words]
            i = j
            if lang == "fr" and len(ops) == 1 and ops[0][2] in ("cent", "cents"):
                before = text[:run[0].start()].rstrip().lower()
                if before.endswith("pour"):
                    continue            # "pour cent" = per cent
            v = _words_value(ops, lang)
            if v is None:
                continue
            single = len(ops) == 1
            eligible = single and ops[0][0] == "add" and 2 <= v <= 12 and ops[0][2] not in weak
            n = Num(seg, run[0].start(), run[-1].end(), seg.text[run[0].start():run[-1].end()],
                    frozenset({v}), False, "word", eligible=eligible)
            n.primary = v
            out.append(n)
    if lang in ("zh", "ja"):
        for m in _CJK_RUN.finditer(text):
            if not free(m.start(), m.end()):
                continue
            run = m.group(0)
            if len(run) == 1 and run not in "二两兩三四五六七八九":
                continue        # 一 (a, one), 十分 (very), a scale character alone
            v = _cjk_value(run)
            if v:
                out.append(Num(seg, m.start(), m.end(), run, frozenset({v}), False, "cjk"))
    for n in out:
        if n.primary is None:
            decs = sorted(x for x in n.values if isinstance(x, Decimal))
            n.primary = decs[0] if decs else next(iter(n.values))
    out.sort(key=lambda n: n.start)
    return out


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


def analyse(ctx: Context) -> list[Issue]:
    cached = ctx.cache.get("number_issues")
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
        if not S and not T:
            continue
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
        near_t: set = set()
        near_s: set = set()
        for kk in (k - 1, k + 1):
            if 0 <= kk < len(toks):
                for n in toks[kk][1]:
                    near_t |= n.values
                for n in toks[kk][0]:
                    near_s |= n.values
        # scale errors: the same figure with another scale word
        for i, s in enumerate(S):
            if i in used_s or not s.hard or s.kind != "digit":
                continue
            for j, t in enumerate(T):
                if j in used_t or not t.hard or t.kind != "digit":
                    continue
                if (s.scale or t.scale) and s.scale != t.scale and s.raw & t.raw:
                    used_s.add(i)
                    used_t.add(j)
                    issues.append(_mismatch(t, s, tgt_lang, 0.9, scale=True))
                    break
        left_s = [i for i, s in enumerate(S) if i not in used_s and (s.eligible or s.hard)
                  and not (s.hard and s.values & near_t)]
        left_t = [j for j, t in enumerate(T) if j not in used_t and (t.eligible or t.hard)
                  and not (t.hard and t.values & near_s)]
        hard_s = [i for i in left_s if S[i].hard]
        hard_t = [j for j in left_t if T[j].hard]
        # One number left on each side (or as many on each side): the translation changed them.
        if left_s and len(left_s) == len(left_t):
            pairs = list(zip(left_s, left_t))
        else:
            soft_s = [i for i in left_s if not S[i].hard]
            soft_t = [j for j in left_t if not T[j].hard]
            pairs = []
            if soft_s and len(soft_s) == len(soft_t):
                pairs += list(zip(soft_s, soft_t))
            if hard_s and len(hard_s) == len(hard_t):
                pairs += list(zip(hard_s, hard_t))
        for i, j in pairs:
            s, t = S[i], T[j]
            issues.append(_mismatch(t, s, tgt_lang, 0.85 if s.hard and t.hard else 0.6))
        paired_s = {i for i, _ in pairs}
        paired_t = {j for _, j in pairs}
        hard_s = [i for i in hard_s if i not in paired_s]
        hard_t = [j for j in hard_t if j not in paired_t]
        # a number that is part of a name ('COVID-19', 'U-23'): the translation may use the
        # name its readers know (新型コロナウイルス); it is no figure that went missing
        hard_s = [i for i in hard_s if not _IN_NAME.search(S[i].seg.text[:S[i].start])]
        if hard_s:
            missing = [S[i] for i in hard_s]
            segs = g.tgts
            names = "; ".join(f"{n.text} («{n.context()}»)" for n in missing)
            if len(missing) == 1:
                msg = f"the source's number {names} is missing from the translation"
            else:
                msg = f"the source's numbers {names} are missing from the translation"
            issues.append(Issue("AUD201", segs, segs[0], 0, len(segs[0].text), msg,
                                None, 0.75 if len(g.tgts) == 1 else 0.65,
                                {"missing": [n.text for n in missing],
                                 "values": [_show(n.primary) for n in missing]}))
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
    ctx.cache["number_issues"] = issues
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
