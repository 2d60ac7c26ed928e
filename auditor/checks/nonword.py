"""AUD101 non-word: tokens that are not words of the target language.

Lookup in the hunspell dictionary of the target language (read with spylls, once
per process), after leaving out what is not meant to be a dictionary word: names
(capitalised mid-sentence, or found in the source, fuzzily: Putin/Poutine),
numbers and words with digits, acronyms, URLs, e-mails, hashtags, and Indonesian
or English left untranslated (AUD102/AUD103 report those). French elision
(l’, d’, qu’...) and hyphenated compounds (a-t-il, États-Unis: the whole, then
each part) are handled. Suggestions are the nearest dictionary words by edit
distance (see _lexicon.Lexicon.suggest), never hunspell's slow suggest.

Where no dictionary is found the check reports nothing; `available(lang)` and
`NonWord.unavailable(lang)` tell the pipeline so, to tell the user.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Optional

from ._lexicon import (Analysis, Lexicon, analysis, available, data, get_lexicon, is_skippable,
                       a_lang, lang_name, norm, unavailable_reason)
from ._wordtools import zipf
from .base import Check, CheckInfo, Context, iter_segments, register

__all__ = ["NonWord", "available"]

_HYPHEN = re.compile(r"[-‐]")
_EUPHONIC = {"t"}


def _elision_re(lang: str) -> Optional[re.Pattern]:
    el = data().get("elisions", {}).get(lang)
    if not el:
        return None
    alts = "|".join(sorted((re.escape(e) for e in el), key=len, reverse=True))
    return re.compile(rf"(?i)(?:{alts})['’](?=\w)")


class _Word:
    def __init__(self, start: int, end: int, text: str, confidence: float):
        self.start, self.end, self.text, self.confidence = start, end, text, confidence


@register
class NonWord(Check):
    info = CheckInfo(
        code="AUD101", name="non-word", category="nonword", severity="major",
        fix="unsafe",
        summary="a word that does not exist in the target language",
        explanation=(
            "Looks every word of the translation up in the hunspell dictionary of the target language "
            "(Debian's hunspell-fr, hunspell-en-us; other languages can be added in "
            "checks/data/lexicon.json) and reports those it lacks, such as a machine translation's "
            "invented 'irréfiable'. Left out: names (capitalised in mid-sentence, or present in the "
            "source, also approximately, 'Poutine' for 'Putin'), numbers, words with digits, acronyms, "
            "URLs, e-mail addresses, hashtags, and text left in Indonesian or English (AUD102, AUD103). "
            "French elision (l’, qu’) and hyphenated compounds are understood. The nearest dictionary "
            "words by spelling are suggested; the right word may differ in meaning, so check the source. "
            "Without a dictionary for the language the check reports nothing and the run says so. "
            "Dictionaries are searched in $AUDITOR_HUNSPELL_DIR, /usr/share/hunspell and /usr/share/myspell."),
        languages=tuple(data()["nonword_languages"]),
    )

    @staticmethod
    def unavailable(lang: str) -> Optional[str]:
        """Why the check cannot run for `lang` (a notice for the user), or None."""
        return unavailable_reason(lang)

    def run(self, ctx: Context) -> Iterable[Any]:
        lex = get_lexicon(ctx.tgt_lang)
        if lex is None:
            return
        a = analysis(ctx)
        claimed = _claimed(ctx)
        elision = _elision_re(ctx.tgt_lang)
        for seg in iter_segments(ctx):
            spans = claimed.get(seg.id, [])
            broken = _broken_words(a.tokens[seg.id], lex, ctx.tgt_lang, spans, a.source)
            for w in broken:
                yield ctx.finding(self, seg, w.start, w.end,
                                  f"“{w.text}” is one {lang_name(ctx.tgt_lang)} word broken by a space",
                                  suggestion=w.text.replace(" ", ""), confidence=w.confidence,
                                  dictionary=lex.name)
            spans = spans + [(w.start, w.end) for w in broken]
            for tok in a.tokens[seg.id]:
                if is_skippable(tok) or any(s < tok.end and tok.start < e for s, e in spans):
                    continue
                for w in self._bad(tok.text, tok.start, tok.start_like, lex, a, ctx.tgt_lang, elision):
                    yield self._finding(ctx, seg, w, lex)

    def _bad(self, t: str, off: int, start_like: bool, lex: Lexicon, a: Analysis, lang: str,
             elision: Optional[re.Pattern]) -> list[_Word]:
        while True:         # a loop, not a recursion per elided article ("l'l'l'..." ran out of stack)
            if len(t) < 2 or lex.is_word(t):
                return []
            if a.source.has_verbatim(t) or a.source.has(t):
                return []
            if lang == "en" and len(t) > 2 and t[-2:] in ("'s", "’s"):
                t = t[:-2]
                continue
            m = elision.match(t) if elision is not None else None
            if m:
                t, off = t[m.end():], off + m.end()
                continue
            break
        if _HYPHEN.search(t):
            out: list[_Word] = []
            pos = 0
            prefixes = set(data().get("compound_prefixes", {}).get(lang, ()))
            for i, part in enumerate(_HYPHEN.split(t)):
                low = part.lower()
                if part and low not in _EUPHONIC and low not in lex.compound_parts and low not in prefixes:
                    out += self._bad(part, off + pos, start_like and i == 0, lex, a, lang, elision)
                pos += len(part) + 1
            return out
        if "'" in t or "’" in t or any(c.isdigit() for c in t) or t.isupper():
            return []
        if any(c.isupper() for c in t[1:]):
            return []            # camel case: a brand or a product name
        if a.source.has_fuzzy(t):
            return []            # a name or term of the source, maybe transliterated or inflected
        if t[:1].isupper() and (not start_like or norm(t) in a.mid_names):
            return []            # capitalised in mid-sentence: a name
        if lex.is_word(t, confirm=True):
            return []            # hunspell's own rules (compounds, case) accept it
        if zipf(t.lower(), lang) >= 3.0:
            return []            # in common use though the dictionary lacks it ('renewables', 'ndlr')
        low = t.lower()
        for pre in data().get("derivational_prefixes", {}).get(lang, ()):
            if low.startswith(pre) and len(low) - len(pre) >= 5 and lex.is_word(low[len(pre):]):
                return []        # a regular derivation the dictionary lacks ('unhulled', 'overcrowded')
        for written, standard in data().get("spelling_variants", {}).get(lang, ()):
            if written in t and lex.is_word(t.replace(written, standard)):
                return []        # a spelling variant (British 'favourite', French 'coeur')
        from .untranslated import _closed_compound
        if t.islower() and _closed_compound(low, lang):
            return []            # two common words of the language written as one ('shophouse')
        if t.islower() and _from_source_name(low, a):
            return []            # an adjective or demonym made from a name of the source
        return [_Word(off, off + len(t), t, 0.6 if t[:1].isupper() else 0.9)]

    def _finding(self, ctx: Context, seg: Any, w: _Word, lex: Lexicon):
        near = lex.suggest(w.text)
        conf = w.confidence if (near and near[0][1] <= 2) else w.confidence - 0.2
        msg = f"“{w.text}” is not {a_lang(ctx.tgt_lang)} word"
        suggestion = None
        known = _source_correction(ctx, seg, w.text)
        if known:
            suggestion = known
            msg += f"; the source calls for “{known}”"
            conf = max(conf, 0.9)
        if near:
            msg += ("; nearest words by spelling: " if known else "; nearest words: ") + \
                ", ".join(c for c, _ in near)
            best = near[0]
            ties = [c for c, d in near if d == best[1]]
            # one suggestion only where it is clearly the word meant: better none than a wrong one
            if suggestion is None and len(ties) == 1 and (best[1] <= 1 or (best[1] == 2 and zipf(
                    best[0].lower(), ctx.tgt_lang) >= 2.0)):
                suggestion = best[0]
        return ctx.finding(self, seg, w.start, w.end, msg, suggestion=suggestion, confidence=conf,
                           dictionary=lex.name, candidates=[c for c, _ in near] or None,
                           source_expected=known)


_NAME_PREFIXES = ("trans", "anti", "pro", "pan", "post", "inter", "extra", "pré", "pre", "ex", "néo", "neo")


def _from_source_name(low: str, a: Analysis) -> bool:
    """A lower-case word built on a name the source capitalises (five letters or more), after an
    optional prefix: 'sumatranais' from 'Sumatera', 'pro-' and 'trans-' derivations, 'jakartan'.
    The name's first five letters must open what is left, and the word must be longer than them."""
    stems = {n[:5] for n in a.source.names if len(n) >= 5 and n.isalpha()}
    if not stems:
        return False
    for pre in ("",) + _NAME_PREFIXES:
        if not low.startswith(pre):
            continue
        rest = low[len(pre):]
        if len(rest) >= 7 and norm(rest[:5]) in stems:
            return True
    return False


# letters that are words of their own; any other single letter after a word is the end of it
_LETTER_WORDS = {"fr": frozenset("aàyô"), "en": frozenset("aio")}


def _broken_words(toks: list, lex: Lexicon, lang: str, claimed: list[tuple[int, int]],
                  source: Any = None) -> list[_Word]:
    """Two neighbours separated by one space that make one common word, where one of them is no
    word alone (a letter that is never a word by itself, or a fragment the dictionary lacks):
    'une émeut e' for 'une émeute', 'the goverm ent'. Two words that make a third ('a part',
    'in to') are not reported."""
    out: list[_Word] = []
    letters = _LETTER_WORDS.get(lang, frozenset())

    def fragment(t, last: bool) -> bool:
        if len(t.text) == 1:       # a letter cut off the end of a word ('de s'), not an initial
            return last and t.text.lower() not in letters
        return not lex.is_word(t.text) and zipf(t.text.lower(), lang) < 2.0

    for x, y in zip(toks, toks[1:]):
        head = re.split(r"['’]", x.text)[-1]          # "l'émeut e": the word after the elision
        x = x._replace(text=head, start=x.end - len(head))
        if y.gap_before != " " or not (head.isalpha() and y.text.isalpha()) or not y.text.islower():
            continue
        if x.all_caps or any(s < y.end and x.start < e for s, e in claimed):
            continue
        joined = head + y.text
        if source is not None and (source.has_verbatim(head) or source.has_verbatim(y.text)):
            continue      # a word of the source (a name, a term) next to a word of the translation
        if len(y.text) == 1 and zipf(joined.lower(), lang) <= zipf(head.lower(), lang):
            continue      # 'plan s': the word before the letter is the commoner reading
        if not (fragment(x, False) or fragment(y, True)) or not lex.is_word(joined) or zipf(joined.lower(), lang) < 2.5:
            continue
        if out and out[-1].end > x.start:
            continue
        out.append(_Word(x.start, y.end, f"{head} {y.text}", 0.8))
    return out


def _source_expected_words(ctx: Context, seg: Any) -> list[str]:
    """Target words that the aligned Indonesian source calls for: the right renderings of the
    risky terms it contains (data/risky_terms.json "good") and the targets of glossary entries
    whose source term it contains."""
    from ..glossary import builtin_risky_terms
    from .terminology import article_glossary
    src = ctx.source_text_for(seg.id)
    if not src:
        return []
    words: list[str] = []
    for term in builtin_risky_terms():
        good = term.good.get(ctx.tgt_lang)
        if good and any(p.search(src) for p in term.source):
            words.extend(re.findall(r"\w[\w'’-]*", good))
    for c in article_glossary(ctx):
        if c.src.search(src):
            for t in c.entry.targets:
                words.extend(re.findall(r"\w[\w'’-]*", t))
    return list(dict.fromkeys(words))


def _source_correction(ctx: Context, seg: Any, word: str) -> Optional[str]:
    """A word the source calls for that looks like the non-word (same start, similar spelling):
    'irréfiable' next to source 'tidak dapat diubah' (rendered 'irréversible') -> 'irréversible'.
    Spelling distance alone cannot find it: 'irréfutable' is nearer."""
    from rapidfuzz.distance import Indel
    low = word.lower()
    best, best_score = None, 0.0
    for cand in _source_expected_words(ctx, seg):
        c = cand.lower()
        if c == low or len(c) < 4:
            continue
        prefix = len(os.path.commonprefix([c, low]))
        score = Indel.normalized_similarity(c, low)
        if prefix >= 3 and score >= 0.6 and score > best_score:
            best, best_score = cand, score
    if best and word[:1].isupper():
        best = best[:1].upper() + best[1:]
    return best


def _claimed(ctx: Context) -> dict[str, list[tuple[int, int]]]:
    """Spans that AUD102/AUD103 report as untranslated: not non-words, but another language."""
    from .untranslated import english_hits, indonesian_hits
    out: dict[str, list[tuple[int, int]]] = {}
    for hits in (indonesian_hits(ctx), english_hits(ctx)):
        for sid, hs in hits.items():
            out.setdefault(sid, []).extend((h.start, h.end) for h in hs)
    return out
