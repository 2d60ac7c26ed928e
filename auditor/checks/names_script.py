"""Names across scripts in Chinese, Japanese and Arabic translations (AUD404 name-script-switch;
AUD405 name-lost-zh-ja-ar, a name in no script; AUD406 name-run-together, a Japanese name of two
words written in katakana as one).

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
from functools import lru_cache
from typing import Iterable, Optional

from ..types import Finding, Segment
from ._scripts import CJK_RUN, KATAKANA_RUN, SCRIPT_LANGS, arabic_words, base_lang
from ._translit import arabic_latin, katakana_romaji, key, pinyin, similarity
from .base import Check, CheckInfo, Context, register

MIN_NAME_LETTERS = 4
THRESHOLD = {"ja": 0.7, "ar": 0.75, "zh": 0.8}
SHORT_KEY = 4                 # letters of a name's comparison key (_translit.key) that make a short one
SHORT_KEY_THRESHOLD = 0.9
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
            # a short key ('Wiwaha': uiua) comes close to many words (回旋, huixuan): near-exact only
            floor = THRESHOLD[lang] if len(key(tok)) > SHORT_KEY else max(THRESHOLD[lang], SHORT_KEY_THRESHOLD)
            for s, e, roman in _candidates(seg.text, lang, tok):
                sc = similarity(tok, roman)
                if sc >= floor and (best is None or sc > best.score):
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


# ----------------------------------------------------------------------------- AUD405

@lru_cache(maxsize=1)
def _exonyms() -> dict:
    from ..data import load_json
    return {k: v for k, v in load_json("cjk_exonyms.json").items() if not k.startswith("_")}


# words of a place's name that every language translates ('Bekasi Utara': 勿加泗北区)
TRANSLATED_IN_NAMES = frozenset("utara selatan timur barat tengah tenggara daya laut baru lama besar kecil "
                                "raya hilir hulu dalam luar atas bawah".split())
PLACE_HEADS = frozenset("kota kabupaten desa kelurahan kecamatan kampung kawasan daerah wilayah pulau gunung "
                        "sungai danau bukit jalan jl dusun".split())


COMMON_ENGLISH = 4.0     # wordfreq zipf of an English word no reader takes for a name


def _lost_names(text: str, info) -> list[tuple[str, list[str], str]]:
    """(name, its words, kind) of a source sentence that a translation must carry: the names
    of the entity reader (capitalised runs that are no table entry nor common words), and
    names made of common words after a head of place ('Desa Air Hitam', 'kawasan Batu Putih'),
    which machine translation tends to translate word by word."""
    from .entities import extract_mentions
    from ._wordtools import zipf
    from .untranslated_script import english_cognate, indonesian_terms
    terms = indonesian_terms()
    out: list[tuple[str, list[str], str]] = []
    for m in extract_mentions(text, info):
        words = [t.text for t in m.toks]
        if m.kind != "name" or any(w.lower() in terms or (len(w) >= 5 and english_cognate(w))
                                   or any(c.isupper() for c in w[1:])
                                   for w in words) or \
                (len(words) == 1 and zipf(words[0].lower(), "en") >= COMMON_ENGLISH):
            # a title ('Kabid Humas'), an English word ('Presidensi'), 'IndoPasifik', an English
            # word left of a name the entity table reads ('Fair' of 'Jakarta Fair')
            continue
        out.append((m.text, words, "name"))
    words_ = list(re.finditer(r"[A-Za-z]+", text))
    for k, h in enumerate(words_[:-1]):
        if h.group().lower() not in PLACE_HEADS:
            continue
        run = []
        for w in words_[k + 1:k + 3]:
            gap = text[(run[-1] if run else h).end():w.start()]
            if not re.fullmatch(r"[ ]+", gap) or not re.fullmatch(r"[A-Z][a-z]+", w.group()) \
                    or w.group().lower() in PLACE_HEADS or w.group().lower() in terms:
                break
            run.append(w)
        words = [w.group() for w in run]
        if not words or any(len(w) >= 5 and english_cognate(w) for w in words):
            continue            # 'kawasan Indo Pasifik'
        words = [w for w in words if w.lower() not in TRANSLATED_IN_NAMES]
        if not words:
            continue
        name = " ".join(words)
        if not any(name == n for n, _, _ in out):
            out.append((name, words, "place"))
    return out


SCRIPT_NAME_LANG = {"zh": "Chinese", "ja": "Japanese", "ar": "Arabic"}


@lru_cache(maxsize=1)
def _institutions() -> dict:
    """lang -> [(source forms, their pattern, marks of a rendering)] (data/institutions_script.json)."""
    from ..data import load_json
    out: dict = {}
    for e in load_json("institutions_script.json")["institutions"]:
        rx = re.compile(r"(?<![A-Za-z])(?:" + "|".join(re.escape(i) for i in e["id"]) + r")(?![A-Za-z])")
        for lang in SCRIPT_LANGS:
            if e.get(lang):
                out.setdefault(lang, []).append((tuple(e["id"]), rx, tuple(e[lang])))
    return out


@register
class NameLost(Check):
    info = CheckInfo(
        code="AUD405", name="name-lost-zh-ja-ar", category="entity", severity="major",
        summary="Chinese, Japanese, Arabic: a name of the source is in the translation in no script "
                "(dropped, changed, or translated word by word).",
        explanation=(
            "A name of the aligned Indonesian sentence (a person, a place, an organisation's proper "
            "name; also a place named with common words after 'Kota', 'Desa', 'kawasan', 'Jalan'..., "
            "such as 'Desa Air Hitam') should come back in the translation, in Latin script or written out in "
            "the target script. The check looks for each word of the name in the aligned translation "
            "sentences, verbatim or as a span whose romanisation (katakana table, pypinyin, Arabic letter "
            "table) is close to it, as AUD404 does. A name none of whose words is found there, nor anywhere "
            "in the translation (a pronoun or a later sentence may carry a person), is reported on the "
            "sentence: the name was dropped, changed beyond recognition, or translated word by word "
            "('Air Hitam' as 黑水, 'black water'). Exonyms of the entity table are not names here; "
            "traditional Chinese names of Indonesian places (泗水 for Surabaya) come from "
            "checks/data/cjk_exonyms.json. Titles, English words and camel-case brands are left out. "
            "Institutions of checks/data/institutions_script.json ('KPK', 'DPR', 'Polda') must come back "
            "as the acronym or with a word of their name in the target language (腐败 or 委员会, الفساد "
            "or اللجنة): a translation with none of them named something else ('the party')."),
        languages=SCRIPT_LANGS,
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in SCRIPT_LANGS:
            return
        from .entities import SourceInfo
        info = SourceInfo(ctx)
        all_segs = list(ctx.translation.sentences)
        for _, _, srcs, segs in ctx.aligned_units():
            src = " ".join(s.text for s in srcs)
            if segs:
                yield from self._institutions(ctx, lang, src, segs)
            for name, words, kind in _lost_names(src, info):
                toks = [w for w in words if len(w) >= 3]
                place = kind == "place"
                if place:
                    # a place named with common words: each of them must come back ('Desa Air Hitam
                    # Dian Kartika': 'Hitam' translated, the person after it kept)
                    toks = [w for w in toks if len(w) >= MIN_NAME_LETTERS]
                    if not toks or all(any(self._found(seg.text, lang, [w], True) for seg in all_segs)
                                       for w in toks):
                        continue
                elif not toks or any(self._found(seg.text, lang, toks) for seg in segs) or \
                        any(self._found(seg.text, lang, toks) for seg in all_segs):
                    continue
                seg = max(segs, key=lambda s: len(s.text))
                what = "place" if kind == "place" else "name"
                yield ctx.finding(
                    self, seg, 0, len(seg.text),
                    f"the {what} “{name}” of the source is in this translation in no script (neither "
                    f"“{name}” nor a {SCRIPT_NAME[lang]} rendering of it): dropped, changed or translated "
                    f"word by word", confidence=0.5, severity="minor" if kind == "place" else None, name=name)

    def _institutions(self, ctx: Context, lang: str, src: str, segs: list) -> Iterable[Finding]:
        """An institution of the source sentence ('KPK') whose translation carries neither the
        acronym nor any mark of its rendering ('腐败', 'الفساد', or the head 'اللجنة')."""
        text = " ".join(seg.text for seg in segs)
        for ids, rx, marks in _institutions().get(lang, ()):
            m = rx.search(src)
            if m is None or any(x in text for x in marks) or \
                    any(re.search(rf"(?<![A-Za-z]){re.escape(i)}(?![A-Za-z])", text, re.IGNORECASE) for i in ids):
                continue
            if len(m.group()) >= MIN_NAME_LETTERS and (self._found(text, lang, [m.group()]) or (
                    lang == "ja" and any(similarity(m.group(), katakana_romaji(r.group()[:k])) >= THRESHOLD["ja"]
                                         for r in KATAKANA_RUN.finditer(text) for k in range(2, len(r.group()))))):
                continue        # written out in the target script (alone or run into the next word):
                                # a leftover (AUD107), not a loss
            seg = max(segs, key=lambda x: len(x.text))
            yield ctx.finding(
                self, seg, 0, len(seg.text),
                f"the institution “{m.group()}” of the source is in this translation under none of its names "
                f"(neither “{ids[0]}” nor a word of its {SCRIPT_NAME_LANG[lang]} name such as “{marks[0]}”): "
                f"rendered as something else, or dropped", confidence=0.5, name=m.group())

    @staticmethod
    def _found(text: str, lang: str, toks: list[str], place: bool = False) -> bool:
        low = text.lower()
        exo = _exonyms().get(lang, {})
        for tok in toks:
            if re.search(r"(?<![a-z])" + re.escape(tok.lower()) + r"(?![a-z])", low):
                return True
            if any(x in text for x in exo.get(tok.lower(), ())):
                return True
            if len(tok) < MIN_NAME_LETTERS and place:
                continue            # 'Air' of 'Air Hitam': any syllable is like it
            need = THRESHOLD[lang] - (0.1 if len(tok) >= MIN_NAME_LETTERS else 0.0)
            for _, _, roman in _candidates(text, lang, tok):
                if similarity(tok, roman) >= need:
                    return True
        return False


# ----------------------------------------------------------------------------- AUD406

RUN_TOGETHER = 0.8       # similarity of the katakana word to the name's words written as one
MARGIN = 0.15            # ...and this much more than to the closest one of them


def _split_points(part: str, toks: list[str]) -> Optional[str]:
    """The katakana word with a middle dot between the renderings of the name's words."""
    pieces, pos = [], 0
    for tok in toks[:-1]:
        best, best_k = -1.0, None
        for k in range(pos + 1, len(part)):
            if part[k] in "ーッャュョァィゥェォ":
                continue            # a long vowel or small kana belongs to the syllable before
            sc = similarity(tok, katakana_romaji(part[pos:k]))
            if sc > best:
                best, best_k = sc, k
        if best_k is None:
            return None
        pieces.append(part[pos:best_k])
        pos = best_k
    pieces.append(part[pos:])
    return "・".join(pieces) if all(pieces) else None


@register
class NameRunTogether(Check):
    info = CheckInfo(
        code="AUD406", name="name-run-together", category="entity", severity="minor",
        summary="Japanese: a name of two or more words written in katakana as one word, without the middle dot.",
        explanation=(
            "Japanese writes the words of a foreign name in katakana with a middle dot between them "
            "('ジョコ・ウィドド'); run together ('ジョコウィドド') they read as one unknown word. For each person "
            "the source names with two words or more, the check looks in the translation sentences aligned "
            "with the source sentences that name them for one katakana word whose romanisation is close to "
            "the name's words written as one and to none of them alone, and suggests the dotted form."),
        languages=("ja",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        if base_lang(ctx.tgt_lang) != "ja":
            return
        from .speaker_script import source_people
        from ._wordtools import zipf
        from .untranslated_script import indonesian_terms
        terms = indonesian_terms()
        # people of two name words or more, none a title ('Kasat') nor a common English word
        # (a capitalised 'Kick Off' is no person),
        # (and known to be people: the source gives their gender, so 'Universitas Gadjah Mada'
        # is left alone)
        people = [p for p in source_people(ctx).people
                  if p.gender is not None and len([t for t in p.tokens if len(t) >= 3]) >= 2
                  and not any(t in terms or zipf(t, "en") >= COMMON_ENGLISH for t in p.tokens)]
        if not people:
            return
        seen: set[tuple[str, int]] = set()
        for _, _, srcs, segs in ctx.aligned_units():
            src = " ".join(s.text for s in srcs).lower()
            for person in people:
                toks = list(person.tokens)
                if not any(re.search(rf"(?<![a-z]){re.escape(t)}(?![a-z])", src) for t in toks):
                    continue
                for seg in segs:
                    for s, e, roman in _candidates(seg.text, "ja", toks[0]):
                        if (seg.id, s) in seen or len(roman) < 6:
                            continue
                        hit = self._run_of(roman, toks)
                        if hit is None:
                            continue
                        i, j = hit
                        part = seg.text[s:e]
                        seen.add((seg.id, s))
                        sug = _split_points(part, toks[i:j + 1])
                        yield ctx.finding(
                            self, seg, s, e,
                            f"“{part}” writes {' '.join(t.capitalize() for t in toks[i:j + 1])} as one word: "
                            f"Japanese separates the words of a foreign name with a middle dot"
                            + (f" («{sug}»)" if sug else ""), suggestion=sug, confidence=0.6,
                            person=person.name)

    @staticmethod
    def _run_of(roman: str, toks: list[str]) -> Optional[tuple[int, int]]:
        one = max(similarity(t, roman) for t in toks)
        best, at = one + MARGIN, None
        for i in range(len(toks)):
            for j in range(i + 1, len(toks)):
                sc = similarity("".join(toks[i:j + 1]), roman)
                if sc >= RUN_TOGETHER and sc >= best:
                    best, at = sc, (i, j)
        return at
