"""Casing: capital letters where the target language writes none, and names cased unlike the source.

AUD311 capitalised-inside-sentence: ", Les États-Unis", "the report, The president said".
AUD312 name-casing: "Voi" for the outlet the source writes "VOI", "Youtube" for "YouTube".
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..data import load_json
from ..types import Finding
from ._wordtools import WORD_PART, Tok, fold_word, is_title_case_line, prev_nonspace, tokens, zipf
from .base import Check, CheckInfo, Context, iter_segments, register
from .entities import place_renderings

# after these, a capital is normal: sentence ends, quotes, colon, dashes, brackets, list marks
_CAP_OK_AFTER = set(".!?…:;«»\"“”„‘’'‹›([{-–—•*/|#>")


@lru_cache(maxsize=None)
def _data() -> dict:
    return load_json("casing.json")


@lru_cache(maxsize=None)
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in _data()["function_words"].get(lang, []))


@lru_cache(maxsize=None)
def _clause_adverbs(lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in _data().get("clause_adverbs", {}).get(lang, []))


@lru_cache(maxsize=None)
def _elided(lang: str) -> frozenset[str]:
    return frozenset(_data().get("elided", {}).get(lang, []))


def _is_titlecase(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _source_names(ctx: Context) -> dict[str, str]:
    """Folded name -> its form, for the words the source capitalises inside its sentences and never
    writes in lower case."""
    out: dict[str, str] = {}
    lower: set[str] = set()
    for sent in ctx.source.sentences:
        toks = tokens(sent.text, WORD_PART)
        for k, t in enumerate(toks):
            if t.text.islower():
                lower.add(t.text)
            elif k and _is_titlecase(t.text) and prev_nonspace(sent.text, t.start) not in _CAP_OK_AFTER:
                out.setdefault(fold_word(t.text), t.text)
    return {f: w for f, w in out.items() if w.lower() not in lower}


def _known_word(word: str, lang: str) -> bool:
    from ._lexicon import get_lexicon
    lex = get_lexicon(lang)
    return bool(lex and lex.is_word(word))


def _norm_apos(s: str) -> str:
    return s.replace("’", "'").replace("‘", "'")


@register
class CapitalisedInsideSentence(Check):
    info = CheckInfo(
        code="AUD311", name="capitalised-inside-sentence", category="casing", severity="minor",
        fix="safe",
        summary="An article, determiner, preposition or pronoun capitalised inside a sentence.",
        explanation=(
            "Machine translation sometimes carries a capital into the middle of a sentence: "
            "'Voi a rapporté plus tôt, Les États-Unis...', 'the report, The president said'. This "
            "check looks at function words only (articles, determiners, prepositions, conjunctions, "
            "pronouns, and adverbs that open a clause such as 'cependant' or 'however'; lists per "
            "language in data/casing.json), which French and English write in "
            "lower case inside a sentence, and reports one that is capitalised after a comma or a "
            "lower-case word. It stays silent at the start of a sentence or after a full stop, a "
            "colon, a quotation mark, a dash or a bracket, in headlines written in Title Case, after "
            "a capitalised word (names such as 'Ministry Of...' are left to style; a coordinating "
            "conjunction between two capitalised words, 'Search And Rescue', is reported, since "
            "even Title Case writes it in lower case), and on names "
            "that begin with such a word ('La Haye', 'The Hague', 'Le Monde', 'De Gaulle'): where a "
            "capitalised word follows (an adverb excepted: it never opens a name), it reports only when "
            "the same words appear elsewhere in the "
            "translation with the word in lower case, or the next word is a country's name "
            "('Les États-Unis'), and never when the source writes the word with a capital too."),
        languages=("fr", "en"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = ctx.tgt_lang
        adverbs = _clause_adverbs(lang)
        fw = _function_words(lang) | adverbs
        conjunctions = frozenset(fold_word(w) for w in _data().get("conjunctions", {}).get(lang, []))
        elided = _elided(lang)
        data = _data()
        particles = frozenset(data.get("name_particles", []))
        named = tuple(data.get("names_with_article", {}).get(lang, []))
        places = place_renderings(lang)
        articles = frozenset(fold_word(w) for w in data.get("articles", {}).get(lang, []))
        src_raw = ctx.source.raw
        src_acronyms = {fold_word(t.text) for t in tokens(src_raw, WORD_PART) if t.is_acronym}
        tgt_all = _norm_apos(" ".join(s.text for s in ctx.translation.sentences))
        for seg in iter_segments(ctx):
            text = seg.text
            if is_title_case_line(text):
                continue
            toks = tokens(text, WORD_PART)
            for k, t in enumerate(toks):
                if k == 0 or not _is_titlecase(t.text):
                    continue
                f = fold_word(t.text)
                after = text[t.end:t.end + 1]
                is_elided = after in ("'", "’") and f in elided
                if is_elided:
                    pass
                elif f not in fw or after in ("'", "’") or (after == "-" and text[t.end + 1:t.end + 2].isalpha()):
                    continue          # "Ma'ruf", "Sur-le-champ": part of another word
                prev = prev_nonspace(text, t.start)
                if not prev or prev in _CAP_OK_AFTER:
                    continue
                if prev.isalnum():
                    pt = toks[k - 1]
                    if pt.text[:1].isupper() and f in conjunctions and k + 1 < len(toks) \
                            and _is_titlecase(toks[k + 1].text) and pt.text[1:].islower() \
                            and not re.search(r"(?<!\w)" + re.escape(text[pt.start:toks[k + 1].end]) + r"(?!\w)",
                                              src_raw):
                        # "the Joint Search And Rescue Team": even Title Case writes a conjunction
                        # in lower case inside a name, so a capital here is the translation's
                        conf = 0.7
                        yield ctx.finding(
                            self, seg, t.start, t.end,
                            f"“{t.text}” is capitalised inside a name; {_lang_name(lang)} writes a "
                            f"conjunction in lower case even in a title", suggestion=t.text.lower(),
                            confidence=conf, word=t.text)
                        continue
                    if pt.text[:1].isupper() or pt.text[:1].isdigit():
                        continue      # inside a capitalised name, or after a number ("Plan A", "2 A")
                elif prev not in ",)]%":
                    continue
                if len(t.text) == 1 and not is_elided and prev != ",":
                    continue          # "vitamin A", "axe Y"
                if text.startswith(named, t.start):
                    continue          # "La Haye", "The Hague"
                if f in src_acronyms and prev != ",":
                    continue          # "the Who" for the source's WHO: a name (AUD312 reports it)
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                next_cap = nxt is not None and nxt.text[:1].isupper()
                conf = 0.75
                if not next_cap and f not in articles and \
                        re.search(r"(?<!\w)" + re.escape(t.text) + r"(?!\w)", src_raw):
                    continue          # the source capitalises it too: a name ("Son", "Ma")
                if next_cap and f not in adverbs:      # an adverb opens no name: "..., Finally Heru"
                    if f in particles and not is_elided:
                        continue
                    if re.search(r"(?<!\w)" + re.escape(t.text) + r"[\s'’]+" + re.escape(nxt.text) + r"(?!\w)",
                                 src_raw, re.IGNORECASE):
                        continue      # the same name in the source ("The Jakarta Post", "La Nyalla")
                    gap = _norm_apos(text[t.end:nxt.start])
                    lower_form = t.text.lower() + gap + nxt.text
                    evidence = re.search(r"(?<!\w)" + re.escape(lower_form) + r"(?!\w)", tgt_all)
                    common_noun = prev == "," and f in articles and zipf(nxt.text.lower(), lang) >= 4.0
                    if not evidence and fold_word(nxt.text) not in places and not common_noun:
                        continue      # maybe a title or a name: "selon Le Monde", "the film The Lord..."
                    # after a comma, an article before a capitalised common noun ("Par ailleurs, La
                    # Commission électorale") opens no title: less sure than with evidence
                    conf = 0.7 if (evidence or fold_word(nxt.text) in places) else 0.6
                word = t.text + (text[t.end] if is_elided else "")
                yield ctx.finding(
                    self, seg, t.start, t.end,
                    f"“{word}” is capitalised inside the sentence; {_lang_name(lang)} writes it in lower case here",
                    suggestion=t.text.lower(), confidence=conf, word=t.text)


def _lang_name(lang: str) -> str:
    return {"fr": "French", "en": "English"}.get(lang, lang)


# ------------------------------------------------------------------ AUD312
# possessive: the lazy form `[A-Z .,'/()]*?\s*` tried every split of a run of spaces (quadratic:
# minutes on a paragraph of 95,000 spaces); the class holds no dash, so the match is the same
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'/()]*+\s*[-–—]\s")


def _specific_forms(text_paragraphs: list[str], skip: frozenset[str]) -> dict[str, str]:
    """Folded word -> the source's form, for acronyms (VOI, KPK) and inner capitals (DigitalSiber)."""
    seen: dict[str, set[str]] = {}
    for para in text_paragraphs:
        m = _DATELINE.match(para)
        start = m.end() if m else 0
        toks = tokens(para, WORD_PART)
        caps_run = _caps_runs(toks)
        for k, t in enumerate(toks):
            if t.start < start or k in caps_run:
                continue
            seen.setdefault(fold_word(t.text), set()).add(t.text)
    out = {}
    for f, forms in seen.items():
        if len(forms) != 1 or f in skip:
            continue
        form = next(iter(forms))
        if _is_specific(form):
            out[f] = form
    return out


def _caps_runs(toks: list[Tok]) -> set[int]:
    """Indices of words in runs of three or more ALL-CAPS words (a shouted headline)."""
    out: set[int] = set()
    run: list[int] = []
    for k, t in enumerate(toks + [Tok("x", 0, 0)]):
        if t.is_acronym and k < len(toks):
            run.append(k)
        else:
            if len(run) >= 3:
                out.update(run)
            run = []
    return out


def _is_specific(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return True                                           # VOI, KPK
    return any(c.isupper() for c in form[1:]) and any(c.islower() for c in form)   # iPhone, DigitalSiber


@register
class NameCasing(Check):
    info = CheckInfo(
        code="AUD312", name="name-casing", category="casing", severity="minor",
        fix="safe",
        summary="A name or acronym cased differently from the source ('Voi' for 'VOI').",
        explanation=(
            "Names keep their casing across languages: an acronym the source writes in capitals "
            "(VOI, KPK, DPR) or a brand with inner capitals (DigitalSiber, YouTube, iPhone) should "
            "come back the same. This check collects such words from the source (leaving out the "
            "dateline, headlines in capitals, words the source itself writes in more than one way, "
            "and acronyms that style guides let one write as words, such as Unesco or Covid) and "
            "reports a word of the translation that matches one case-insensitively but is cased "
            "differently. Words in lower case are left alone (they may be ordinary words), as are "
            "function words such as 'As' or 'On' opening a sentence. The suggestion is the source's form."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        data = _data()
        skip = frozenset(data.get("word_style_acronyms", []))
        forms = _specific_forms([p.text for p in ctx.source.paragraphs], skip)
        names = _source_names(ctx)
        if not forms and not names:
            return
        fw = _function_words(ctx.tgt_lang)
        for seg in iter_segments(ctx):
            text = seg.text
            toks = tokens(text, WORD_PART)
            caps = _caps_runs(toks)
            for k, t in enumerate(toks):
                f = fold_word(t.text)
                src = forms.get(f)
                if not src and t.text.islower() and f in names and len(t.text) >= 3 and \
                        not _known_word(t.text, ctx.tgt_lang) and \
                        (zipf(t.text, ctx.tgt_lang) < 1.5 or _known_word(names[f], ctx.tgt_lang)
                         or zipf(t.text, "id") >= zipf(t.text, ctx.tgt_lang) + 1.5):
                    # a name of the source in lower case ("rizieq", "banten"): no word of the target
                    # language, or one far more frequent in Indonesian text than in the target's
                    # (word counts are case-blind: an Indonesian name shows up in French counts too)
                    yield ctx.finding(
                        self, seg, t.start, t.end,
                        f"the name “{names[f]}” of the source is written in lower case",
                        suggestion=names[f], confidence=0.65, source_form=names[f])
                    continue
                if not src or t.text == src or k in caps:
                    continue
                if t.text.islower():
                    if not (src.isupper() and len(t.text) >= 3 and not _known_word(t.text, ctx.tgt_lang)
                            and zipf(t.text, ctx.tgt_lang) < 3.0):
                        continue      # maybe an ordinary word ("as")
                    # "kpk" for the source's KPK: no word of the target language
                if f in fw and (k == 0 or prev_nonspace(text, t.start) in _CAP_OK_AFTER | {","}):
                    continue          # "As the report said": an English word opening a clause
                if not src.isupper() and k == 0 and t.text[1:] == src[1:]:
                    continue          # "IPhone" opening a sentence
                kind = "acronym" if src.isupper() else "name"
                yield ctx.finding(
                    self, seg, t.start, t.end,
                    f"“{t.text}” is written “{src}” in the source; keep the {kind}'s casing",
                    suggestion=src, confidence=0.8 if src.isupper() else 0.7, source_form=src)
