"""Text left untranslated, by script, in Chinese, Japanese and Arabic translations.

AUD105 latin-leftover: a Latin-script word inside Chinese, Japanese or Arabic text that is no name
  of the source and no acronym: an Indonesian or Javanese word left in ('市民tidak需要购买门票', the
  negation kept as a word, which also inverts the sentence for the reader), or an English one.
  What AUD102 (Indonesian) and AUD103 (English) already report is left to them.
AUD106 transliterated-english: an English word or phrase of the source written in Arabic letters
  instead of translated ('Peak Night' as «بيك نايت»), found by comparing consonant skeletons.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..types import Finding
from ._lexicon import _MASK, analysis, get_lexicon, lang_name
from ._scripts import LATIN_WORD, SCRIPT_LANGS, ar_norm, arabic_words, base_lang, has_script
from ._wordtools import zipf
from ._idtranslit import (MAX_TARGET_ZIPF, _arabic_word, _close, _katakana_compound, _name_like,
                          _source_names, _source_terms, _target_spans)
from ._idtranslit import english_cognate as english_cognate   # re-exported: checks/names_script.py reads it
from .base import Check, CheckInfo, Context, iter_segments, register

_OPEN = "(（[［【「『\"“«‘'"
_CLOSE = ")）]］】」』\"”»’'"


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_json("script_leftovers.json")


def _claimed_by_lexical_checks(ctx: Context) -> dict[str, list[tuple[int, int]]]:
    """Spans AUD102 and AUD103 report (they say it better: Indonesian, English)."""
    from .untranslated import english_hits, indonesian_hits, kept_titles
    out: dict[str, list[tuple[int, int]]] = {}
    for table in (indonesian_hits(ctx), english_hits(ctx), kept_titles(ctx)):
        for sid, hits in table.items():
            out.setdefault(sid, []).extend((h.start, h.end) for h in hits)
    return out


def _latin_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of runs of Latin words joined by single spaces or hyphens."""
    runs: list[tuple[int, int, list[str]]] = []
    for m in LATIN_WORD.finditer(text):
        if runs and re.fullmatch(r"[ \u00a0]", text[runs[-1][1]:m.start()]):
            s, _, words = runs[-1]
            runs[-1] = (s, m.end(), words + [m.group()])
        else:
            runs.append((m.start(), m.end(), [m.group()]))
    return runs


def _kind(word: str) -> str:
    """What language a lower-case leftover reads as: Indonesian, Javanese, English or unknown."""
    w = word.lower()
    idlex = get_lexicon("id")
    if (idlex is not None and idlex.is_word(w)) or zipf(w, "id") >= 3.5 and zipf(w, "en") < 3.0:
        return "Indonesian"
    if w in _data()["javanese"]:
        return "Javanese"
    enlex = get_lexicon("en")
    if (enlex is not None and enlex.is_common(w)) or zipf(w, "en") >= 3.0:
        return "English"
    return ""


@lru_cache(maxsize=1)
def indonesian_terms() -> frozenset[str]:
    """Indonesian titles, ranks and common heads of names (lower case, one word) that a Chinese,
    Japanese or Arabic text translates: the one-word titles and the ranks of the entity table, and
    script_leftovers.json's 'indonesian_terms' (street and district heads, police units)."""
    from .entities import table
    tab = table()
    out = {k[0] for k, e in tab.by_key.items() if e.kind == "title" and len(k) == 1 and len(k[0]) >= 3}
    out |= set(tab.ranks)
    out |= {w.lower() for w in _data()["indonesian_terms"]}
    return frozenset(w for w in out if len(w) >= 3)


def id_acronym(word: str, lang: str) -> bool:
    """An acronym in capitals that is Indonesian and unknown to a reader of `lang`: frequent in
    Indonesian text, much rarer in English and in the target language (wordfreq), so 'DPR',
    'TNI', 'BUMN' but not 'WHO', 'ASEAN', 'GDP', 'CEO'."""
    if not (2 <= len(word) <= 6 and word.isalpha() and word.isupper()):
        return False
    low = word.lower()
    zid = zipf(low, "id")
    return zid >= 3.0 and zid - zipf(low, "en") >= 1.0 and zipf(low, lang) < 2.5


_GLOSSED = re.compile(r"[(（]\s*([A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*)*)\s*[)）]")


def glossed_acronyms(text: str) -> frozenset[str]:
    """Acronyms the translation explains somewhere, in brackets after their translation
    ('国家警察（Polri）'): later bare uses are the usual practice."""
    return frozenset(w for m in _GLOSSED.finditer(text) for w in m.group(1).split())


def _left_over(w: str, lang: str, src, ok: frozenset, id_terms: frozenset, glossed: frozenset) -> bool:
    """Is this Latin word of a Chinese, Japanese or Arabic text a leftover to report (`src`: the
    source's analysis, `ok`: units and words Latin script may write, `glossed`: acronyms the
    translation explains)?"""
    low = w.lower()
    if len(w) >= 2 and (low in id_terms or (w.isupper() and id_acronym(w, lang) and w not in glossed)):
        return True             # an Indonesian title, rank or acronym kept as it is
    if len(w) < 2 or low in ok or any(c.isupper() for c in w[1:]):
        return False            # a unit, a letter, an acronym or a brand ("KPK", "iPhone")
    if w[:1].isupper() and (src.has_name(w) or src.has_verbatim(w) or src.has_fuzzy(w)):
        return False            # a name of the source
    if w[:1].isupper():
        return _kind(w) in ("English", "Indonesian") and not src.has(w)
    return True


@register
class LatinLeftover(Check):
    info = CheckInfo(
        code="AUD105", name="latin-leftover", category="untranslated", severity="major",
        summary="Chinese, Japanese, Arabic: a Latin-script word left in that is no name of the source and no acronym.",
        explanation=(
            "Chinese, Japanese and Arabic news write names, acronyms and units in Latin letters and little "
            "else. A Latin-script word inside such a text that the source does not write as a name "
            "(capitalised), that is no acronym, number, unit or address, is a leftover of the source or of "
            "a pivot language: an Indonesian or Javanese word kept as it is ('市民tidak需要购买门票': the "
            "negation kept as a word, which also turns the sentence around for the reader), or an English "
            "one. The message says which language it reads as (Indonesian dictionary and wordfreq, a short "
            "list of Javanese and colloquial words, English dictionary). Left alone: a term given in "
            "brackets after its translation ('返乡（mudik）') or glossed in brackets after it, names of the "
            "source (also spelt a little differently), acronyms that are not Indonesian or that the "
            "translation glosses in brackets somewhere, and what AUD102 (Indonesian) or AUD103 (English) "
            "already report. Indonesian titles, ranks and heads of names ('Kombes', 'Jalan') and Indonesian "
            "acronyms that a reader of the target language does not know ('DPR': frequent in Indonesian, "
            "rare in English and in the target language by wordfreq) left bare are reported as minor."),
        languages=SCRIPT_LANGS,
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in SCRIPT_LANGS:
            return
        a = analysis(ctx)
        src = a.source
        claimed = _claimed_by_lexical_checks(ctx)
        ok = frozenset(_data()["latin_ok"])
        id_terms = indonesian_terms()
        glossed = glossed_acronyms("\n".join(s.text for s in ctx.translation.sentences))
        for seg in iter_segments(ctx):
            text = seg.text
            if not has_script(text, lang):
                continue          # a sentence wholly in Latin script: language checks say it
            masks = [(m.start(), m.end()) for m in _MASK.finditer(text)]
            taken = claimed.get(seg.id, [])
            for start, end, words in _latin_runs(text):
                if any(s < end and start < e for s, e in taken + masks):
                    continue
                keep = [_left_over(w, lang, src, ok, id_terms, glossed) for w in words]
                if not any(keep):
                    continue
                if self._bracketed(text, start, end):
                    continue
                first = keep.index(True)
                last = len(keep) - 1 - keep[::-1].index(True)
                if first or last < len(words) - 1:
                    # only the kept words: a title before a name, an acronym inside a run
                    offs = [m.span() for m in LATIN_WORD.finditer(text, start, end)]
                    if len(offs) == len(words):
                        start, end = offs[first][0], offs[last][1]
                        words, keep = words[first:last + 1], keep[first:last + 1]
                flagged = [w for w, k in zip(words, keep) if k]
                if all(w.lower() in id_terms or w.isupper() for w in flagged):
                    what = ("Indonesian acronym" if all(w.isupper() and w.lower() not in id_terms for w in flagged)
                            else "Indonesian title or term")
                    plural = "s" if len(flagged) > 1 else ""
                    yield ctx.finding(self, seg, start, end,
                                      f"{what}{plural} “{text[start:end]}” left as {'they are' if plural else 'it is'} "
                                      f"in the {lang_name(lang)} text, unexplained: a {lang_name(lang)} reader "
                                      f"needs it translated or glossed", confidence=0.5, severity="minor",
                                      words=words, language="Indonesian")
                    continue
                kinds = {k for k in (_kind(w) for w in flagged) if k}
                kind = kinds.pop() if len(kinds) == 1 else ""
                what = f"{kind} " if kind else "Latin-script "
                word = "words" if len(words) > 1 else "word"
                msg = (f"{what}{word} “{text[start:end]}” left in the {lang_name(lang)} text: "
                       + ("the source has it as it is" if all(src.has(w) for w in flagged) else
                          "not a name of the source nor an acronym"))
                lower = all(w[:1].islower() for w in flagged)
                yield ctx.finding(self, seg, start, end, msg, confidence=0.75 if lower else 0.5,
                                  severity=None if lower else "minor", words=words, language=kind or None)

    @staticmethod
    def _bracketed(text: str, start: int, end: int) -> bool:
        """Given in brackets after its translation ('返乡（mudik）'), quoted, or glossed in brackets
        right after it ('mudik（返乡）')."""
        before = text[:start].rstrip(" ")
        after = text[end:].lstrip(" ")
        if before[-1:] and before[-1] in _OPEN and after[:1] and after[0] in _CLOSE:
            return True
        return after[:1] in ("(", "（")


# ----------------------------------------------------------------------------- AUD106

@lru_cache(maxsize=1)
def _en_rules() -> list[tuple[str, str]]:
    return sorted(_data()["en_to_ar"].items(), key=lambda kv: -len(kv[0]))


def en_skeleton(word: str) -> str:
    """Consonant classes of an English word as Arabic writes it ('night' -> 'nt', 'peak' -> 'bk')."""
    w = word.lower()
    w = re.sub(r"gh(?=t|$)", "", w)                      # night, high
    w = re.sub(r"c(?=[eiy])", "s", w)
    out, i = [], 0
    rules = _en_rules()
    while i < len(w):
        for k, v in rules:
            if w.startswith(k, i):
                out.append(v)
                i += len(k)
                break
        else:
            if w[i] == "c":
                out.append("k")
            i += 1
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def ar_skeleton(word: str) -> str:
    cls = _data()["ar_classes"]
    s = "".join(cls.get(c, "") for c in ar_norm(word))
    return re.sub(r"(.)\1+", r"\1", s)


def _ar_variants(word: str) -> list[str]:
    """Skeletons of an Arabic word with and without its article or a one-letter prefix."""
    n = ar_norm(word)
    out = [n]
    for p in ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف"):
        if n.startswith(p) and len(n) - len(p) >= 2:
            out.append(n[len(p):])
    return [ar_skeleton(x) for x in out]


@register
class TransliteratedEnglish(Check):
    info = CheckInfo(
        code="AUD106", name="transliterated-english", category="untranslated", severity="major",
        summary="Arabic: an English word or phrase of the source written in Arabic letters instead of translated.",
        explanation=(
            "Indonesian news keeps English terms ('Peak Night', 'launching', 'talk show'); machine "
            "translation into Arabic sometimes writes them out in Arabic letters («بيك نايت») where the "
            "reader needs a translation (ليلة الذروة). The check takes the English words of the aligned "
            "source sentence (known to the English dictionary, not to the Indonesian one, not first names) "
            "and compares their consonants, as Arabic transliteration writes them (p as ب, g as غ or ج, "
            "vowels and silent gh left out), with the consonants of the Arabic words of the translation, "
            "article and one-letter prefixes aside. A phrase of two words or more transliterated word by "
            "word is reported; a single word only where its skeleton has three consonants or more and the "
            "Arabic form is rare in Arabic (wordfreq), so that established loanwords (فيلم, إنترنت) are "
            "left alone."),
        languages=("ar",),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        if base_lang(ctx.tgt_lang) != "ar":
            return
        idlex, enlex = get_lexicon("id"), get_lexicon("en")
        if enlex is None:
            return
        from .speaker import first_names
        names = first_names()
        for _, _, srcs, segs in ctx.aligned_units():
            src = " ".join(s.text for s in srcs)
            runs = self._english_runs(src, idlex, enlex, names)
            if not runs:
                continue
            for seg in segs:
                words = arabic_words(seg.text)
                skels = [_ar_variants(w.text) for w in words]
                used: set[int] = set()
                for run in runs:
                    hit = self._find(run, words, skels, used, seg.text)
                    if hit is None:
                        continue
                    i, j = hit
                    used.update(range(i, j))
                    start, end = words[i].start, words[j - 1].end
                    phrase = " ".join(run)
                    yield ctx.finding(self, seg, start, end,
                                      f"«{seg.text[start:end]}» is the English “{phrase}” of the source written in "
                                      f"Arabic letters, not translated", confidence=0.7 if len(run) > 1 else 0.5,
                                      english=phrase)

    @staticmethod
    def _english_runs(src: str, idlex, enlex, names) -> list[list[str]]:
        runs: list[list[str]] = []
        cur: list[str] = []
        prev_end = -1
        for m in LATIN_WORD.finditer(src):
            w = m.group()
            low = w.lower()
            english = (enlex.is_common(low) and zipf(low, "en") >= 3.0 and not (idlex and idlex.is_word(low))
                       and zipf(low, "en") >= zipf(low, "id") and low not in names and len(low) >= 3)
            joined = prev_end >= 0 and src[prev_end:m.start()] == " "
            if english and cur and joined:
                cur.append(w)
            elif english:
                if cur:
                    runs.append(cur)
                cur = [w]
            else:
                if cur:
                    runs.append(cur)
                cur = []
            prev_end = m.end()
        if cur:
            runs.append(cur)
        return runs

    @staticmethod
    def _find(run: list[str], words, skels, used: set[int], text: str) -> Optional[tuple[int, int]]:
        target = [en_skeleton(w) for w in run]
        if any(len(t) < 2 for t in target):
            return None
        n = len(run)
        if n == 1 and len(target[0]) < 3:
            return None
        for i in range(len(words) - n + 1):
            if any(k in used for k in range(i, i + n)):
                continue
            if all(target[k] in skels[i + k] for k in range(n)):
                if n > 1 and any(text[words[i + k].end:words[i + k + 1].start].strip(" «»\"“”")
                                 for k in range(n - 1)):
                    continue
                if n == 1 and zipf(ar_norm(words[i].text), "ar") >= 3.5:
                    continue
                return i, i + n
        return None


# ----------------------------------------------------------------------------- AUD107

TRANSLIT_THRESHOLD = {"ja": 0.8, "ar": 0.8}


@register
class TransliteratedIndonesian(Check):
    info = CheckInfo(
        code="AUD107", name="transliterated-indonesian", category="untranslated", severity="minor",
        summary="Japanese, Arabic: an Indonesian common word, title or rank written out in katakana or "
                "Arabic letters instead of translated.",
        explanation=(
            "Machine translation into Japanese or Arabic often writes an Indonesian word it does "
            "not know out in the target script: a weapon's name in katakana ('golok' as ゴロック), 'pasar' "
            "(market) as «باسار», a rank as ブリグジェン. The reader gets a sound, not a meaning. The check takes the "
            "Indonesian words of the aligned source sentence that have a meaning to translate (titles, ranks "
            "and heads of names such as 'Jalan' or 'Polda' in any case; other words in lower case that the "
            "Indonesian dictionary or wordfreq knows; English words, Indonesian words English has "
            "borrowed ('batik', 'sate'), function words and first names left out) and romanises the spans of the translation that could write one out (katakana runs by a "
            "table, Arabic words by a letter table, with and without the article or a one-letter prefix); a span whose romanisation is close to the word (rapidfuzz on a key "
            "that merges what these scripts do not tell apart) and that is no established word of the "
            "target language (wordfreq) is reported. Names of the source are never compared: writing them "
            "out is the normal practice. An English loanword (an Indonesian word that is an English one "
            "respelt, 'energi'; a katakana run made of a common katakana word), an established Arabic "
            "word under its clitics, a span that writes a name of the source at least as well, and a term "
            "kept on purpose with a gloss in brackets are left alone. Chinese is not compared: any run of hanzi has a pinyin reading, and chance likenesses "
            "outnumbered transliterations on real pages."),
        languages=("ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = base_lang(ctx.tgt_lang)
        if lang not in TRANSLIT_THRESHOLD:
            return
        from .entities import table
        from .speaker import first_names
        idlex = get_lexicon("id")
        stop = table().stopwords | frozenset(_data().get("javanese", ()))
        names = first_names()
        threshold = TRANSLIT_THRESHOLD[lang]
        names_src = _source_names("\n".join(p.text for p in ctx.source.paragraphs), indonesian_terms(), idlex)
        for _, _, srcs, segs in ctx.aligned_units():
            terms = _source_terms(" ".join(s.text for s in srcs), idlex, stop, names, indonesian_terms())
            if not terms:
                continue
            for seg in segs:
                hits: list[tuple[int, int, str, float]] = []
                for word, k in terms:
                    syl = max(1, len(re.findall(r"[aeiou]+", word.lower())))
                    best = None
                    for start, end, rom in _target_spans(seg.text, lang, syl):
                        sim, partial = _close(k, rom, threshold, lang)
                        if not sim or (best is not None and (sim < best[3] or
                                                             sim == best[3] and end - start >= best[1] - best[0])):
                            continue        # the closest span; of equals, the shortest (a part between ・)
                        form = seg.text[start:end]
                        if lang == "ja" and zipf(form, lang) >= MAX_TARGET_ZIPF:
                            continue
                        if lang == "ja" and not partial and _katakana_compound(form):
                            continue
                        if lang == "ar" and _arabic_word(form):
                            continue
                        if _name_like(rom, k, sim, names_src) or LatinLeftover._bracketed(seg.text, start, end) \
                                or seg.text[end:end + 1] in ("(", "（") or seg.text[max(0, start - 1):start] in ("(", "（"):
                            continue        # a name, or a term kept on purpose with its gloss
                        best = (start, end, word, sim)
                    if best is not None:
                        hits.append(best)
                hits.sort()
                used: list[tuple[int, int]] = []
                for start, end, word, sim in hits:
                    if any(s < end and start < e for s, e in used):
                        continue
                    used.append((start, end))
                    yield ctx.finding(self, seg, start, end,
                                      f"“{seg.text[start:end]}” writes the Indonesian “{word}” out in "
                                      f"{'katakana' if lang == 'ja' else 'Arabic letters'}"
                                      f" instead of translating it", confidence=round(0.4 + 0.4 * sim, 2),
                                      indonesian=word, similarity=round(sim, 3))
