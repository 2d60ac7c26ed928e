"""Direction and outcome: the translation says the opposite of the source's movement or result.

AUD742 direction-flip

Families of opposite words (data/direction.json): rise/fall (naik, meningkat, bertambah /
turun, menurun, berkurang), strengthen/weaken (menguat / melemah), win/lose (menang / kalah),
surplus/deficit, export/import, profit/loss, inflation/deflation, highest/lowest,
accept/reject, allow/forbid, arrest/release. In each aligned unit, the words of each side are
counted in the source (Indonesian forms, clitics stripped) and in the translation (French and
English forms, prefixes taking their inflections: 'augment*', 'increas*'). A family whose
source says only one side while the translation says only the other is reported on the
translation's word (major); where both sides occur but one moved to the other (the source's 'down'
words fewer in the translation, its 'up' words more), the report is minor. A word right after a
negation is left out on both sides: 'tidak naik' may well be 'stable'.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..data import load_json
from ..types import Finding
from ._meaning import Lex, Unit, base_forms, clause_span, context_words, project, units, words
from .base import Check, CheckInfo, Context, register

_NEG_ID = {"tidak", "tak", "belum", "bukan", "tanpa", "jangan", "enggak", "nggak", "gak", "tiada"}
_NEG_TGT = {"fr": {"ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "ni", "guère", "rien"},
            "en": {"not", "no", "never", "without", "t", "nor", "cannot"}}


@dataclass
class Family:
    name: str
    labels: tuple[str, str]
    src: tuple[frozenset, frozenset]
    tgt: dict[str, tuple[Lex, Lex]]
    exclude: dict[str, Lex]
    exclude_next: dict[str, frozenset]
    exclude_prev: dict[str, frozenset]


def _norm(entries) -> list[str]:
    return [e.replace("'", " ").replace("’", " ").replace("-", " ") for e in entries]


@lru_cache(maxsize=None)
def families() -> list[Family]:
    out = []
    for f in load_json("direction.json")["families"]:
        a, b = f["a"], f["b"]
        out.append(Family(
            f["name"], (a["label"], b["label"]),
            (frozenset(a["id"]), frozenset(b["id"])),
            {lang: (Lex(_norm(a.get(lang, ()))), Lex(_norm(b.get(lang, ())))) for lang in ("fr", "en")},
            {lang: Lex(_norm(v)) for lang, v in f.get("exclude", {}).items()},
            {k: frozenset(v) for k, v in f.get("exclude_next", {}).items()},
            {k: frozenset(v) for k, v in f.get("exclude_prev", {}).items()},
        ))
    return out


@dataclass
class Hit:
    side: int       # 0 or 1
    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def _id_vocab() -> frozenset:
    out = set(_NEG_ID)
    for fam in families():
        out |= fam.src[0] | fam.src[1]
        for d in (fam.exclude_next, fam.exclude_prev):
            for k, v in d.items():
                out |= {k} | set(v)
    return frozenset(out)


def source_hits(text: str, fam: Family) -> list[Hit]:
    ws = words(text)
    low = base_forms(ws, _id_vocab())
    out = []
    for i, w in enumerate(low):
        for side in (0, 1):
            if w not in fam.src[side]:
                continue
            nxt = low[i + 1] if i + 1 < len(low) else ""
            prev = low[i - 1] if i else ""
            if nxt in fam.exclude_next.get(w, ()) or prev in fam.exclude_prev.get(w, ()):
                continue
            if prev in _NEG_ID or (i > 1 and low[i - 2] in _NEG_ID and prev in ("akan", "bisa", "dapat", "mau", "ingin", "pernah", "lagi", "juga")):
                continue
            out.append(Hit(side, ws[i].start, ws[i].end, ws[i].text))
    return out


def target_hits(text: str, lang: str, fam: Family) -> list[Hit]:
    ws = words(text)
    low = [w.low for w in ws]
    excluded: set[int] = set()
    ex = fam.exclude.get(lang)
    if ex is not None:
        for a, b in ex.hits(low):
            excluded.update(range(a, b + 1))
    neg = _NEG_TGT[lang]
    out = []
    for side in (0, 1):
        for a, b in fam.tgt[lang][side].hits(low):
            if excluded & set(range(a, b + 1)):
                continue
            if any(x in neg for x in low[max(0, a - 3):a]):
                continue
            out.append(Hit(side, ws[a].start, ws[b].end, text[ws[a].start:ws[b].end]))
    return out


@dataclass
class Flip:
    family: Family
    src_side: int           # the source's side that the translation turned
    src_hit: Hit
    tgt_hit: Hit
    strong: bool            # one-sided on both sides


def analyse(unit: Unit, lang: str) -> list[Flip]:
    flips = []
    for fam in families():
        sh = source_hits(unit.src, fam)
        if not sh:
            continue
        th = target_hits(unit.tgt, lang, fam)
        if not th:
            continue
        s = [sum(1 for h in sh if h.side == k) for k in (0, 1)]
        t = [sum(1 for h in th if h.side == k) for k in (0, 1)]
        done = False
        for k in (0, 1):
            o = 1 - k
            if s[k] - t[k] >= 1 and t[o] - s[o] >= 1:
                strong = s[o] == 0 and t[k] == 0
                src_hit = next(h for h in sh if h.side == k)
                pos = project(unit, src_hit.start)
                tgt_hit = min((h for h in th if h.side == o), key=lambda h: abs(h.start - pos))
                flips.append(Flip(fam, k, src_hit, tgt_hit, strong))
                done = True
                break
        if not done and s == t and s[0] and s[1] and len(sh) == len(th) <= 3:
            # both sides on both sides, in swapped order: "rose ... fell" for "turun ... naik"
            ss = [h.side for h in sorted(sh, key=lambda h: h.start)]
            ts = [h.side for h in sorted(th, key=lambda h: h.start)]
            if ts == [1 - x for x in ss]:
                tgt_first = sorted(th, key=lambda h: h.start)[0]
                src_first = sorted(sh, key=lambda h: h.start)[0]
                flips.append(Flip(fam, src_first.side, src_first, tgt_first, False))
    return flips


@register
class DirectionFlip(Check):
    info = CheckInfo(
        code="AUD742", name="direction-flip", category="mistranslation", severity="major",
        summary="The translation reverses a direction or outcome of the source (rise/fall, win/lose, surplus/deficit, export/import...).",
        explanation=(
            "Opposite words are counted in each aligned pair of sentences, family by family: rise/fall "
            "(naik, meningkat, bertambah / turun, menurun, berkurang against hausse, augmenter / baisse, "
            "diminuer and rise, increase / fall, decrease), strengthen/weaken, win/lose, surplus/deficit, "
            "export/import, profit/loss, inflation/deflation, highest/lowest, accept/reject, allow/forbid, "
            "arrest/release. Where the source says only one side of a family and the translation only the "
            "other, the translation's word is flagged (major); where both sides occur and one of the source's "
            "turned into the other, the report is minor. Inflections are handled by suffix-tolerant entries "
            "('augment*'); idioms that use these words otherwise ('naik kereta', 'declined to comment', "
            "'raise concerns') and words after a negation are left out. The evidence gives the source word "
            "and the family. Word lists: data/direction.json."),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        for u in units(ctx):
            flips = analyse(u, ctx.tgt_lang)
            if not flips:
                continue
            flips.sort(key=lambda f: not f.strong)
            spans: list[tuple[int, int]] = []
            for f in flips:
                lo, hi = clause_span(u.tgt, f.tgt_hit.start, f.tgt_hit.end, ctx.tgt_lang)
                if any(lo < y and x < hi for x, y in spans):
                    lo, hi = f.tgt_hit.start, f.tgt_hit.end       # a second reversal in the same clause
                    if any(lo < y and x < hi for x, y in spans):
                        continue
                spans.append((lo, hi))
                seg, a, b = u.local(lo, hi)
                sw = context_words(u.src, f.src_hit.start, f.src_hit.end, 1, 2)
                msg = (f"the source says “{sw}” ({f.family.labels[f.src_side]}); the translation says "
                       f"“{f.tgt_hit.text}” ({f.family.labels[1 - f.src_side]})")
                yield ctx.finding(self, seg, a, b, msg, confidence=0.8 if f.strong else 0.5,
                                  severity="major" if f.strong else "minor",
                                  source_words=sw, translation_words=f.tgt_hit.text, family=f.family.name)
