"""Reading numbers: the figures, number words, ordinals and times of one sentence, by value.

The number check (checks/numbers.py) compares what `extract` reads on each side of an aligned
sentence pair; the quantity check uses `parse_figure`. Each reader below handles one way of
writing a number, in the order `extract` applies them: an earlier reader's span is not read again.
Word lists and scale words: data/numbers.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Optional

from ..data import load_json
from ..types import Segment
from ._dateread import at_sentence_start, normalise_digits


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


class _Mask:
    """The characters of a sentence already read as (part of) a number, or left out by the caller."""

    def __init__(self, size: int, skip: list[tuple[int, int]]) -> None:
        self.used = bytearray(size + 1)
        for a, b in skip:
            self.take(a, b)

    def free(self, a: int, b: int) -> bool:
        return not any(self.used[a:b])

    def take(self, a: int, b: int) -> None:
        for i in range(a, b):
            self.used[i] = 1


def _clock(g: dict) -> Optional[tuple[int, int]]:
    """Hour (0-24) and minute of a time match, or None where it is no valid time."""
    if g.get("w"):
        h, mi = _TIME_WORDS[g["w"].lower()], 0       # "midi" = 12.00, "midnight" = 00.00
    else:
        h, mi = int(g["h"]), int(g.get("m") or (30 if g.get("half") else 0))
    ap = (g.get("ap") or "").lower()
    if (ap == "p" or (ap and not ap.isascii())) and h < 12:
        h += 12
    if h > 24 or mi > 59:
        return None
    return h, mi


def _read_times(seg: Segment, text: str, lang: str, mask: _Mask, out: list[Num]) -> None:
    for pat in _TIMES["*"] + _TIMES.get(lang, []):
        for m in pat.finditer(text):
            if not mask.free(m.start(), m.end()):
                continue
            g = m.groupdict()
            hm = _clock(g)
            if hm is None:
                continue
            # "jam 3" / "3 h" may also be durations: the hour alone matches too
            out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], _time_values(*hm),
                           not g.get("w"), "time"))      # "midi" alone is a word: never reported alone
            mask.take(m.start(), m.end())


def _read_approximate(seg: Segment, text: str, lang: str, mask: _Mask, out: list[Num]) -> None:
    """"une quarantaine de minutes", "a dozen": about a round number, read as that number."""
    approx = _table().get("approximate", {}).get(lang, {})
    if not approx:
        return
    pat = re.compile(r"\b(?:(?:une|un|a|an)\s+)?(" + "|".join(map(re.escape, approx)) + r")\b", re.I)
    for m in pat.finditer(text):
        if mask.free(m.start(), m.end()):
            v = Decimal(approx[m.group(1).lower()])
            out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], frozenset({v}), False,
                           "word", primary=v))
            mask.take(m.start(), m.end())


def _read_products(seg: Segment, text: str, mask: _Mask, out: list[Num]) -> None:
    """"1 x 24 jam" (within 24 hours), "3 x 4 meter": the product, or either factor."""
    for m in _TIMES_SIGN.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        a, b = Decimal(m.group("a")), Decimal(m.group("b"))
        out.append(Num(seg, m.start(), m.end(), seg.text[m.start():m.end()], frozenset({a * b, a, b}),
                       True, "digit", raw=frozenset({a * b}), primary=a * b))
        mask.take(m.start(), m.end())


def _read_slashes(seg: Segment, text: str, mask: _Mask, out: list[Num]) -> None:
    """"16/3" that is not read as a date: the part after the slash is a month or a denominator,
    which the translation may write as a word ("March", "trois quarts"): it only matches."""
    for m in _SLASH.finditer(text):
        if mask.free(*m.span("b")) and int(m.group("b")) <= 12:
            v = Decimal(m.group("b"))
            out.append(Num(seg, m.start("b"), m.end("b"), m.group("b"), frozenset({v}), False, "word",
                           primary=v))
            mask.take(*m.span("b"))


def _read_romans(seg: Segment, text: str, lang: str, mask: _Mask, out: list[Num]) -> None:
    """Roman numerals of centuries: "XXIe siècle", "abad XXI"; words, never reported alone."""
    if lang not in _ROMAN:
        return
    for m in _ROMAN[lang].finditer(text):
        v = roman_value(m.group("r"))
        if v and mask.free(*m.span("r")):
            out.append(Num(seg, m.start("r"), m.end(), seg.text[m.start("r"):m.end()],
                           frozenset({Decimal(v)}), False, "ordinal", primary=Decimal(v)))
            mask.take(m.start("r"), m.end())


def _read_figures(seg: Segment, text: str, lang: str, mask: _Mask, out: list[Num]) -> None:
    """Figures in digits, with the scale word that follows ("2,5 triliun")."""
    scale_re = _scale_re(lang)
    for m in _FIGURE.get(lang, _FIGURE["*"]).finditer(text):
        a, b = m.span()
        if not mask.free(a, b):
            continue
        vals = parse_figure(m.group(0), lang)
        if not vals:
            mask.take(a, b)
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
        mask.take(a, end)


def _word_run_end(toks: list[re.Match], i: int, text: str, words: dict, connectors: frozenset) -> int:
    """The end (exclusive, in `toks`) of the run of number words that starts at toks[i]:
    "dua puluh lima", "vingt-cinq", "one hundred and five"."""
    j = i + 1
    while j < len(toks):
        gap = text[toks[j - 1].end():toks[j].start()]
        nw = toks[j].group(0).lower()
        if gap.strip(" -\u00a0") != "":
            break
        if nw in words:
            j += 1
            continue
        if nw in connectors and j + 1 < len(toks) and toks[j + 1].group(0).lower() in words \
                and text[toks[j].end():toks[j + 1].start()].strip(" -") == "":
            j += 1
            continue
        break
    return j


def _word_number(seg: Segment, text: str, lang: str, run: list[re.Match], words: dict,
                 weak: frozenset) -> Optional[Num]:
    """The number a run of number words stands for, or None ("pour cent", a scale word alone)."""
    ops = [(words[r.group(0).lower()][0], words[r.group(0).lower()][1], r.group(0).lower(), r.group(0))
           for r in run if r.group(0).lower() in words]
    if lang == "fr" and len(ops) == 1 and ops[0][2] in ("cent", "cents"):
        before = text[:run[0].start()].rstrip().lower()
        if before.endswith("pour"):
            return None             # "pour cent" = per cent
    v = _words_value(ops, lang)
    if v is None:
        return None
    single = len(ops) == 1
    eligible = single and ops[0][0] == "add" and 2 <= v <= 12 and ops[0][2] not in weak
    n = Num(seg, run[0].start(), run[-1].end(), seg.text[run[0].start():run[-1].end()],
            frozenset({v}), False, "word", eligible=eligible)
    n.primary = v
    return n


def _read_words(seg: Segment, text: str, lang: str, mask: _Mask, out: list[Num]) -> None:
    """Numbers written as words ("tiga", "vingt-cinq") and ordinal words ("troisième")."""
    words, connectors, ordinals, weak = _word_tables(lang)
    if not words:
        return
    toks = [m for m in _WORD.finditer(text) if mask.free(m.start(), m.end())]
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
        j = _word_run_end(toks, i, text, words, connectors)
        n = _word_number(seg, text, lang, toks[i:j], words, weak)
        i = j
        if n is not None:
            out.append(n)


def _read_cjk(seg: Segment, text: str, mask: _Mask, out: list[Num]) -> None:
    """Chinese numerals ("三", "二十五"), except a single character that is usually no number."""
    for m in _CJK_RUN.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        run = m.group(0)
        if len(run) == 1 and run not in "二两兩三四五六七八九":
            continue        # 一 (a, one), 十分 (very), a scale character alone
        v = _cjk_value(run)
        if v:
            out.append(Num(seg, m.start(), m.end(), run, frozenset({v}), False, "cjk"))


def extract(seg: Segment, lang: str, skip: list[tuple[int, int]]) -> list[Num]:
    """The numbers of one sentence, figures and words, leaving out the spans in `skip`."""
    text = normalise_digits(seg.text)
    mask = _Mask(len(text), skip)
    out: list[Num] = []
    _read_times(seg, text, lang, mask, out)
    _read_approximate(seg, text, lang, mask, out)
    _read_products(seg, text, mask, out)
    _read_slashes(seg, text, mask, out)
    _read_romans(seg, text, lang, mask, out)
    _read_figures(seg, text, lang, mask, out)
    if lang in ("zh", "ja"):
        out = _merge_cjk(out, seg)
    _read_words(seg, text, lang, mask, out)
    if lang in ("zh", "ja"):
        _read_cjk(seg, text, mask, out)
    for n in out:
        if n.primary is None:
            decs = sorted(x for x in n.values if isinstance(x, Decimal))
            n.primary = decs[0] if decs else next(iter(n.values))
    out.sort(key=lambda n: n.start)
    return out
