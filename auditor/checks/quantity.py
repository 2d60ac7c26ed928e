"""Quantities: vague magnitudes, fractions and units that the translation changed.

AUD743 vague-quantity   belasan (11 to 19) rendered 'des dizaines' / 'dozens'; puluhan as 'une
                        dizaine'; ribuan as 'des centaines'; sepertiga as 'a quarter'...
AUD744 unit-mismatch    a measure whose unit changed without its figure being converted: '10 km'
                        as '10 miles', 'ratusan meter' as 'hundreds of feet', 'ton' as 'kilos'.

Within each aligned unit, every vague expression of the source (with its scale word: 'puluhan
ribu' = 20 000 to 99 999) and of the translation ('des dizaines de milliers', 'a dozen', 'une
quinzaine') is read as a range of values (data/quantity.json). A source range that no range of
the translation overlaps, where the translation has one that it does not overlap, is reported on
that expression. Fractions are compared by value, and measures by dimension, unit and figure: the
same unit, or a converted figure (10 km = 6.2 miles), is fine.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..types import Finding
from ._meaning import Unit, context_words, project, units
from .base import Check, CheckInfo, Context, register
from .numbers import parse_figure


@lru_cache(maxsize=None)
def _data() -> dict:
    return load_json("quantity.json")


def _alt(keys: Iterable[str]) -> str:
    parts = []
    for k in sorted(keys, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(w).replace(r"\'", "['’ ]?") for w in k.split()))
    return "|".join(parts)


@dataclass
class Q:
    start: int
    end: int
    text: str
    lo: float
    hi: float


def overlap(a: Q, b: Q) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _show_range(q: Q) -> str:
    def f(x: float) -> str:
        return f"{int(x):,}".replace(",", " ")
    return f"{f(q.lo)}–{f(q.hi)}"


# ---------------------------------------------------------------- vague magnitudes

@lru_cache(maxsize=None)
def _src_vague_re() -> re.Pattern:
    d = _data()["vague"]
    return re.compile(rf"(?<!\w)({_alt(d['id'])})(?:nya)?(?:\s+({_alt(d['id_scales'])}))?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _tgt_vague_re(lang: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)({_alt(_data()['vague'][lang])})(?!\w)", re.IGNORECASE)


def source_vague(text: str) -> list[Q]:
    d = _data()["vague"]
    out = []
    for m in _src_vague_re().finditer(text):
        lo, hi = d["id"][m.group(1).lower()]
        scale = d["id_scales"].get((m.group(2) or "").lower(), 1)
        out.append(Q(m.start(), m.end(), m.group(), lo * scale, hi * scale))
    return out


def target_vague(text: str, lang: str) -> list[Q]:
    table = {re.sub(r"\s+", " ", k.replace("'", " ")): v for k, v in _data()["vague"][lang].items()}
    out = []
    for m in _tgt_vague_re(lang).finditer(text):
        key = re.sub(r"\s+", " ", m.group().lower().replace("'", " ").replace("’", " "))
        lo, hi = table.get(key) or table[re.sub(r"\s+", " ", key)]
        out.append(Q(m.start(), m.end(), m.group(), lo, hi))
    return out


# ---------------------------------------------------------------- fractions

@lru_cache(maxsize=None)
def _frac_re(lang: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)({_alt(_data()['fractions'][lang])})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _not_frac_re(lang: str) -> Optional[re.Pattern]:
    f = _data()["fractions"]
    words = f["id_not_fraction"] if lang == "id" else f["tgt_not_fraction"].get(lang, [])
    return re.compile(rf"(?<!\w)({_alt(words)})", re.IGNORECASE) if words else None


def fractions(text: str, lang: str) -> list[Q]:
    table = {k.lower(): v for k, v in _data()["fractions"][lang].items()}
    nf = _not_frac_re(lang)
    blocked = [(m.start(), m.end()) for m in nf.finditer(text)] if nf else []
    if lang == "id" and blocked and any(w in text.lower() for w in ("semester", "kuartal", "triwulan", "paruh")):
        return []
    out = []
    for m in _frac_re(lang).finditer(text):
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in blocked):
            continue
        key = re.sub(r"\s+", " ", m.group().lower())
        v = table.get(key)
        if v is None:
            continue
        out.append(Q(m.start(), m.end(), m.group(), v, v))
    return out


# ---------------------------------------------------------------- units

_SCALES = {"id": {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12},
           "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
           "en": {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9}}


@dataclass
class Measure:
    start: int
    end: int
    text: str
    value: Optional[float]      # None for a vague measure ("ratusan meter")
    figure: str
    unit: str
    dim: str
    factor: float


@lru_cache(maxsize=None)
def _unit_re(lang: str) -> re.Pattern:
    u = _data()["units"]
    names = list(u[lang])
    scales = _alt(_SCALES[lang])
    vague = _alt(_data()["vague"]["id"]) if lang == "id" else _alt(_data()["vague"][lang])
    return re.compile(
        rf"(?:(?P<num>\d+(?:[.,\u00a0\u202f ]\d{{3}})*(?:[.,]\d+)?)|(?P<vague>{vague}))"
        rf"(?:\s+(?P<scale>{scales}))?(?:\s+(?:de\s+|d['’]\s*|of\s+)?)?\s*"
        rf"(?P<unit>{_alt(names)}|°\s?[CF])(?!\w)", re.IGNORECASE)


def measures(text: str, lang: str) -> list[Measure]:
    u = _data()["units"]
    table = {k.lower(): v for k, v in u[lang].items()}
    after = set(u.get(f"{lang}_after_number", ()))
    out = []
    for m in _unit_re(lang).finditer(text):
        unit = re.sub(r"\s+", " ", m.group("unit")).lower()
        if unit.startswith("°"):
            dim, factor = "temperature", (1.0 if unit.endswith("c") else 0.5556)
        else:
            if unit not in table:
                continue
            if unit in after and not (m.group("num") or m.group("vague")):
                continue
            if unit in ("m", "t", "g", "l") and m.group("unit") != m.group("unit").lower():
                continue            # "5 M" (millions), "2 T" ...
            dim, factor = table[unit]
        value = None
        if m.group("num"):
            vals = parse_figure(m.group("num").replace(" ", "\u00a0") if lang == "fr" else m.group("num"), lang)
            if not vals:
                continue
            value = float(vals[0]) * _SCALES[lang].get((m.group("scale") or "").lower(), 1)
        out.append(Measure(m.start(), m.end(), m.group(), value, m.group("num") or "", unit, dim, float(factor)))
    return out


# ---------------------------------------------------------------- the comparison

@dataclass
class Issue:
    code: str
    start: int
    end: int
    message: str
    severity: str
    confidence: float
    source_words: str
    evidence: dict


def _nearest(unit: Unit, src_start: int, cands):
    pos = project(unit, src_start)
    return min(cands, key=lambda c: abs(c.start - pos))


def vague_issues(unit: Unit, lang: str) -> list[Issue]:
    out = []
    sv, tv = source_vague(unit.src), target_vague(unit.tgt, lang)
    if sv and tv:
        left_t = list(tv)
        for s in sv:
            ok = [t for t in left_t if overlap(s, t)]
            if ok:
                left_t.remove(_nearest(unit, s.start, ok))
                continue
            if not left_t:
                continue
            t = _nearest(unit, s.start, left_t)
            left_t.remove(t)
            far = abs(math.log10(math.sqrt(t.lo * t.hi)) - math.log10(math.sqrt(s.lo * s.hi)))
            out.append(Issue(
                "AUD743", t.start, t.end,
                f"“{t.text}” ({_show_range(t)}) does not render “{s.text}” ({_show_range(s)})",
                "major" if far >= 0.4 else "minor", 0.85 if far >= 0.4 else 0.6, s.text,
                {"source_range": [s.lo, s.hi], "translation_range": [t.lo, t.hi]}))
    sf, tf = fractions(unit.src, "id"), fractions(unit.tgt, lang)
    if sf and tf:
        left_t = list(tf)
        for s in sf:
            same = [t for t in left_t if abs(t.lo - s.lo) < 0.01]
            if same:
                left_t.remove(_nearest(unit, s.start, same))
                continue
            if not left_t:
                continue
            t = _nearest(unit, s.start, left_t)
            left_t.remove(t)
            out.append(Issue("AUD743", t.start, t.end,
                             f"“{t.text}” ({t.lo:g}) does not render “{s.text}” ({s.lo:g})",
                             "major", 0.85, s.text, {"source_fraction": s.lo, "translation_fraction": t.lo}))
    return out


def _si(m: Measure) -> float:
    if m.dim == "temperature" and m.factor != 1.0:
        return (m.value - 32) / 1.8            # Fahrenheit
    return m.value * m.factor


def _converts(s: Measure, t: Measure) -> bool:
    """Is t's figure the conversion of s's (within 8 %, or 1 degree)?"""
    if s.value is None or t.value is None:
        return False
    a, b = _si(s), _si(t)
    if s.dim == "temperature":
        return abs(a - b) <= 1.0
    return abs(a - b) <= 0.08 * abs(a) if a else b == 0


def unit_issues(unit: Unit, lang: str) -> list[Issue]:
    out = []
    sm, tm = measures(unit.src, "id"), measures(unit.tgt, lang)
    if not sm or not tm:
        return out
    used: set[int] = set()
    for s in sm:
        same_dim = [t for t in tm if t.dim == s.dim and id(t) not in used]
        if not same_dim:
            continue
        fine = [t for t in same_dim if abs(math.log(t.factor / s.factor)) < 0.01 or _converts(s, t)]
        if fine:
            used.add(id(_nearest(unit, s.start, fine)))
            continue
        t = _nearest(unit, s.start, same_dim)
        used.add(id(t))
        same_figure = s.value is not None and t.value is not None and abs(s.value - t.value) < 1e-9
        vague = s.value is None or t.value is None
        if not (same_figure or vague or abs(math.log(t.factor / s.factor)) >= math.log(1.5)):
            continue
        sev, conf = ("major", 0.85) if same_figure else ("minor", 0.6)
        why = "the same figure with another unit" if same_figure else (
            "another unit" if vague else "another unit, and the figure is not its conversion")
        out.append(Issue("AUD744", t.start, t.end,
                         f"“{t.text}” does not render “{s.text}”: {why} ({t.unit} for {s.unit})",
                         sev, conf, s.text, {"source_unit": s.unit, "translation_unit": t.unit,
                                             "dimension": s.dim}))
    return out


class _QuantityCheck(Check):
    def run(self, ctx: Context) -> Iterable[Finding]:
        cache = ctx.shared.quantity_issues
        if cache is None:
            cache = []
            for u in units(ctx):
                for iss in vague_issues(u, ctx.tgt_lang) + unit_issues(u, ctx.tgt_lang):
                    cache.append((u, iss))
            ctx.shared.quantity_issues = cache
        for u, iss in cache:
            if iss.code != self.info.code:
                continue
            lo, hi = iss.start, iss.end
            seg, a, b = u.local(lo, hi)
            yield ctx.finding(self, seg, a, b, iss.message, confidence=iss.confidence, severity=iss.severity,
                              source_words=context_words(u.src, *_find(u.src, iss.source_words), 1, 2),
                              **iss.evidence)


def _find(text: str, needle: str) -> tuple[int, int]:
    k = text.find(needle)
    return (k, k + len(needle)) if k >= 0 else (0, 0)


@register
class VagueQuantity(_QuantityCheck):
    info = CheckInfo(
        code="AUD743", name="vague-quantity", category="number", severity="major",
        summary="A vague quantity or a fraction of the source is rendered with another magnitude ('belasan' as 'dozens').",
        explanation=(
            "Indonesian vague magnitudes name ranges: belasan 11 to 19, puluhan tens (20 to 99), ratusan "
            "hundreds, ribuan thousands, jutaan millions, and with a scale word 'puluhan ribu' tens of "
            "thousands. Each such expression of the aligned source sentence is compared with those of the "
            "translation ('une dizaine', 'une quinzaine', 'plus de dix', 'des dizaines', 'a dozen', 'dozens', "
            "'hundreds of thousands'...), read as ranges too: where none overlaps, the translation's expression "
            "is flagged ('belasan' = 'more than ten', not 'dozens'; 'puluhan' = 'dozens', not 'une dizaine'). "
            "Fractions (setengah, sepertiga, seperempat, dua pertiga) are compared by value. Ranges and word "
            "lists: data/quantity.json."),
        languages=("fr", "en"),
    )


@register
class UnitMismatch(_QuantityCheck):
    info = CheckInfo(
        code="AUD744", name="unit-mismatch", category="number", severity="major",
        summary="A measure of the source comes back with another unit and an unconverted figure ('10 km' as '10 miles').",
        explanation=(
            "Measures (a figure or a vague magnitude followed by a unit: meter, kilometer, ton, kilogram, "
            "hektare, liter, °C...) are read on both sides of each aligned pair with their dimension and their "
            "factor to the metric unit. A translation measure of the same dimension is fine when it has the "
            "same unit or a figure that converts (10 km = 6.2 miles). The same figure with another unit ('10 "
            "miles' for '10 km') is major; another unit for a vague measure ('hundreds of feet' for 'ratusan "
            "meter'), or a figure that is not the conversion, is minor. Units: data/quantity.json."),
        languages=("fr", "en"),
    )
