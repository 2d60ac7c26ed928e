"""Names across scripts in Chinese, Japanese and Arabic translations (AUD404 name-script-switch).

A person of the source is written in the translation's script (霍菲法, コフィファ, خفيفة) or left in
Latin script (Khofifah); either is a choice, but one article should make it once: the same
person in Latin in one paragraph and in katakana, hanzi or Arabic letters in another reads as two
people. The check finds, in the translation sentences aligned with each source sentence that
names a person, the Latin form (verbatim) or a rendering in the target script whose romanisation
(_translit: a katakana table, pypinyin for hanzi, an Arabic letter table) is close to the name
(rapidfuzz on a coarse key), and reports a person found both ways.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..types import Finding, Segment
from ._scripts import CJK_RUN, KATAKANA_RUN, SCRIPT_LANGS, arabic_words, base_lang
from ._translit import arabic_latin, katakana_romaji, pinyin, similarity
from .base import Check, CheckInfo, Context, register

MIN_NAME_LETTERS = 4
THRESHOLD = {"ja": 0.7, "ar": 0.75, "zh": 0.8}
SCRIPT_NAME = {"zh": "Chinese characters", "ja": "katakana", "ar": "Arabic letters"}
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass
class Place:
    kind: str          # latin | script
    seg: Segment
    start: int
    end: int
    score: float = 1.0

    @property
    def text(self) -> str:
        return self.seg.text[self.start:self.end]


def _candidates(text: str, lang: str, token: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, romanisation) of the spans of `text` that could render `token`."""
    if lang == "ja":
        for m in KATAKANA_RUN.finditer(text):
            pos = m.start()
            for part in re.split(r"([・･=＝])", m.group()):
                if part and part not in "・･=＝":
                    yield pos, pos + len(part), katakana_romaji(part)
                pos += len(part)
    elif lang == "zh":
        syl = max(1, len(_VOWELS.findall(token.lower())))
        for m in CJK_RUN.finditer(text):
            run = m.group()
            py = pinyin(run)
            for n in range(max(1, syl - 1), syl + 2):
                for i in range(0, len(run) - n + 1):
                    yield m.start() + i, m.start() + i + n, "".join(py[i:i + n])
    elif lang == "ar":
        for w in arabic_words(text):
            yield w.start, w.end, arabic_latin(w.text)
            if len(w.text) >= 4 and w.text[0] in "لوب":
                yield w.start, w.end, arabic_latin(w.text[1:])


def _latin_name_span(text: str, start: int, end: int, tokens: tuple[str, ...]) -> tuple[int, int]:
    """The whole Latin name around one of its words ('Teguh Setyabudi')."""
    low = set(tokens)
    while True:
        m = re.search(r"([A-Za-z\u00C0-\u024F'’-]+) $", text[:start])
        if m and m.group(1).lower() in low:
            start = m.start(1)
            continue
        break
    while True:
        m = re.match(r" ([A-Za-z\u00C0-\u024F'’-]+)", text[end:])
        if m and m.group(1).lower() in low:
            end += m.end(1)
            continue
        break
    return start, end


def _bracketed(text: str, start: int, end: int) -> bool:
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return before[-1:] in ("(", "（") or after[:1] in ("(", "（")


@register
class NameScriptSwitch(Check):
    info = CheckInfo(
        code="AUD404", name="name-script-switch", category="entity", severity="minor",
        summary="Chinese, Japanese, Arabic: one person written in Latin script in one place and in the target script in another.",
        explanation=(
            "A person of the source may be written in the translation's own script (霍菲法, コフィファ, "
            "خفيفة) or left in Latin script (Khofifah); an article that does both reads as if it named "
            "two people. For each person the source names (two capitalised words, a known first name, or "
            "a name after an honorific), the check looks in the translation sentences aligned with the "
            "source sentences that name them for the Latin form, or a rendering in the target script whose "
            "romanisation is close to the name (katakana by a table, hanzi by pypinyin, Arabic letters by a "
            "table; compared with rapidfuzz on a key that merges what these scripts do not tell apart: l/r, "
            "e/i, o/u, p/b, an h). A person found both ways is reported once, on the first Latin form, "
            "with every place; a name given in brackets beside its rendering ('霍菲法（Khofifah）') is a "
            "gloss, not a switch."),
        languages=SCRIPT_LANGS,
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in SCRIPT_LANGS:
            return
        from .speaker_script import source_people
        people = source_people(ctx).people
        for person in people:
            tokens = [t for t in person.tokens if len(t) >= MIN_NAME_LETTERS]
            if not tokens:
                continue
            # a Latin word: CJK characters around it are no letters of it
            rx = re.compile(r"(?<![A-Za-z\u00C0-\u024F])(?:" + "|".join(re.escape(t) for t in tokens)
                            + r")(?![A-Za-z\u00C0-\u024F])", re.IGNORECASE)
            places: list[Place] = []
            seen: set[tuple[str, int]] = set()
            for _, _, srcs, segs in ctx.aligned_units():
                if not any(rx.search(s.text) for s in srcs):
                    continue
                for seg in segs:
                    for m in rx.finditer(seg.text):
                        if (seg.id, m.start()) in seen:
                            continue
                        s, e = _latin_name_span(seg.text, m.start(), m.end(), person.tokens)
                        if not _bracketed(seg.text, s, e):
                            seen.update({(seg.id, s + x.start()) for x in rx.finditer(seg.text[s:e])})
                            places.append(Place("latin", seg, s, e))
                    best = self._script_place(seg, lang, tokens)
                    if best is not None and (seg.id, best.start) not in seen:
                        seen.add((seg.id, best.start))
                        places.append(best)
            latin = [p for p in places if p.kind == "latin"]
            script = [p for p in places if p.kind == "script"]
            if latin and script and {p.seg.id for p in latin} != {p.seg.id for p in script}:
                yield self._finding(ctx, person.name, latin, script, lang)

    @staticmethod
    def _script_place(seg: Segment, lang: str, tokens: list[str]) -> Optional[Place]:
        best: Optional[Place] = None
        for tok in tokens:
            for s, e, roman in _candidates(seg.text, lang, tok):
                sc = similarity(tok, roman)
                if sc >= THRESHOLD[lang] and (best is None or sc > best.score):
                    best = Place("script", seg, s, e, sc)
        return best

    def _finding(self, ctx: Context, name: str, latin: list[Place], script: list[Place], lang: str) -> Finding:
        doc = ctx.translation

        def line(p: Place) -> int:
            return doc.line_col(p.seg.span(p.start, p.end).start)[0]

        first = min(latin, key=lambda p: p.seg.span(p.start, p.end).start)
        lat = sorted({f"l.{line(p)}" for p in latin}, key=lambda x: int(x[2:]))
        scr = sorted({f"l.{line(p)}" for p in script}, key=lambda x: int(x[2:]))
        msg = (f"{name} is written in Latin script, “{first.text}” ({', '.join(lat)}), and in "
               f"{SCRIPT_NAME[lang]}, “{script[0].text}” ({', '.join(scr)}): one article, one script for a person")
        places = [{"text": p.text, "script": p.kind, "line": line(p),
                   "start": p.seg.span(p.start, p.end).start, "end": p.seg.span(p.start, p.end).end,
                   "similarity": round(p.score, 2)} for p in latin + script]
        return ctx.finding(self, first.seg, first.start, first.end, msg, suggestion=script[0].text,
                           confidence=0.6, person=name, places=places)
