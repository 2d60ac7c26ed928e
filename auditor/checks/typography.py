"""Typography of the translation.

AUD221 french-spacing  French puts a (narrow) no-break space inside « » and before ; : ? !
                       ("«Bonjour»", "mot: suite", "quoi?" are English habits).

Conservative on purpose: a missing space is minor, and URLs, e-mail addresses, times
(10:30), ratios and scores (3:1), and passages in straight or English quotation marks
(often English text quoted as is) are left alone.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..lang import detect
from ..types import Finding
from .base import Check, CheckInfo, Context, iter_segments, register

NBSP = "\u00a0"          # espace insécable: inside « », before ':'
NNBSP = "\u202f"         # espace fine insécable: before ; ! ?

# Each address starts where its run of address characters starts (the lookbehinds): tried from
# every position of a long run ("a-a-a-...", "A.A.A...") the search was quadratic.
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+|"
                  r"(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|id|fr|co|gov|go\.id|io|info|html?|php)"
                  r"\b\S*"
                  r"|(?<![\w+.-])(?<![\w+.-]:)[a-z][a-z0-9+.-]*+:(?://|[^\s/]*+/)\S*", re.IGNORECASE)
# Quoted passages left alone: straight double quotes and English curly quotes.
_FOREIGN_QUOTE = re.compile(r"\"[^\"]*\"|“[^”]*”")
_SPACE = " \u00a0\u202f\u2009\t"
_CLAUSE_MARKS = frozenset(".;:!?«»\"“”()[]")


def _english_clause(text: str, i: int) -> bool:
    """True where the clause that ends at text[i] reads as English (text left in English)."""
    start = i          # back to the last clause mark before i (not a search from 0: quadratic)
    while start > 0 and text[start - 1] not in _CLAUSE_MARKS:
        start -= 1
    words = text[start:i].split()
    if len(words) < 3:
        return False
    lang, conf = detect(" ".join(words[-4:]), ("fr", "en"))
    return lang == "en" and conf >= 0.8


def _protected(text: str) -> bytearray:
    mask = bytearray(len(text) + 1)
    for pat in (_URL, _FOREIGN_QUOTE):
        for m in pat.finditer(text):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def spacing_problems(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, message, suggestion) for each missing space of French typography in `text`.
    The span covers the punctuation and the character it touches."""
    mask = _protected(text)
    n = len(text)
    for i, c in enumerate(text):
        if mask[i]:
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "«":
            if nxt and nxt not in _SPACE and nxt not in "»":
                yield (i, i + 2, "French puts a no-break space after «", f"«{NBSP}{nxt}")
        elif c == "»":
            if prev and prev not in _SPACE and prev not in "«":
                yield (i - 1, i + 1, "French puts a no-break space before »", f"{prev}{NBSP}»")
        elif c in ";:?!":
            if not prev or prev in _SPACE or not (prev.isalnum() or prev in ")]»’'\"%"):
                continue
            if c == ":" and (prev.isdigit() and nxt.isdigit()):
                continue            # 10:30, 3:1
            if c in "?!" and i >= 1 and text[i - 1] in "?!":
                continue            # "?!" reported once, at its first mark
            if c == ":" and nxt and not (nxt in _SPACE or nxt in "«\"“"):
                continue            # "Jakarta:Selasa", "ISO:8601", "C:": not a colon of prose
            if c == ";" and nxt and nxt not in _SPACE:
                continue            # "&amp;", code
            if c in "?!" and nxt and nxt.isalnum():
                continue            # "Yahoo!News", query strings
            if _english_clause(text, i):
                continue
            space = NBSP if c == ":" else NNBSP
            kind = "a no-break space" if c == ":" else "a narrow no-break space"
            yield (i - 1, i + 1, f"French puts {kind} before «{c}»", f"{prev}{space}{c}")


@register
class FrenchSpacing(Check):
    info = CheckInfo(
        code="AUD221", name="french-spacing", category="typography", severity="minor",
        fix="safe",
        summary="French typography: a no-break space inside « » and before ; : ? !",
        explanation=(
            "French news typography puts a no-break space (U+00A0) after « and before » and ':', and a "
            "narrow no-break space (U+202F) before ';', '?' and '!'. Machine translation often writes "
            "'«Bonjour»', 'mot: suite' or 'quoi?' the English way. Each occurrence is one minor finding on "
            "the punctuation and the character it touches, with the spaced form as suggestion (an "
            "ordinary space is accepted too). URLs, e-mail addresses, times (10:30), ratios (3:1), "
            "and text in straight or English quotation marks are not checked."),
        languages=("fr",),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        for seg in iter_segments(ctx):
            for a, b, msg, sug in spacing_problems(seg.text):
                yield ctx.finding(self, seg, a, b, msg, suggestion=sug, confidence=0.8)


# ----------------------------------------------------------------------------- AUD222, AUD223

_AR_PUNCT = "،؛؟"
_AR_SPACE_BEFORE = re.compile(r"(\S)([ \u00a0]+)([،؛؟])")


@register
class ArabicPunctuationSpacing(Check):
    info = CheckInfo(
        code="AUD222", name="arabic-punctuation-spacing", category="typography", severity="minor",
        fix="safe",
        summary="Arabic: a space before the Arabic comma, semicolon or question mark ('كلمة ،').",
        explanation=(
            "Arabic punctuation (، ؛ ؟) follows the word without a space, as in English; machine "
            "translation often writes 'كلمة ، كلمة', carrying over a space from the tokenised output. "
            "It is a habit of the whole text, so the check reports one minor finding per article, on the "
            "first place, with the tightened form as suggestion; the number of places is in the message and "
            "the evidence."),
        languages=("ar",),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        places = [(seg, m) for seg in iter_segments(ctx) for m in _AR_SPACE_BEFORE.finditer(seg.text)]
        if not places:
            return
        seg, m = places[0]
        n = len(places)
        yield ctx.finding(self, seg, m.start(1), m.end(3),
                          f"a space before the Arabic «{m.group(3)}»"
                          + (f" (and {n - 1} more places in this article)" if n > 1 else ""),
                          suggestion=m.group(1) + m.group(3), confidence=0.8, places=n)


_CURLY = re.compile(r"[“”]")


def wrong_closing_quotes(text: str, open_at: int = -1) -> tuple[list[tuple[int, int]], int]:
    """Offsets of each opening curly quote “ that stands where the open quotation closes
    (“...“), read left to right: the quotation is open and the mark comes right after the end of
    a clause ('“...很好,“她说'). `open_at` carries an open quotation over from the sentence
    before (-2: open before this text); returns the places and the state at the end."""
    out: list[tuple[int, int]] = []
    for m in _CURLY.finditer(text):
        i = m.start()
        if m.group() == "”":
            open_at = -1
            continue
        if open_at == -1:
            open_at = i
            continue
        before = text[max(open_at + 1, 0):i].rstrip(" \u00a0")
        if open_at == -2 and not before:
            before = "."          # the quotation ran over the sentence before
        if before and before[-1] in ",，.。!！?？、…;；:：\"'" + "،؛؟":
            out.append((i, i + 1))
            open_at = -1
        else:
            open_at = i
    return out, (-2 if open_at != -1 else -1)


@register
class WrongClosingQuote(Check):
    info = CheckInfo(
        code="AUD223", name="wrong-closing-quote", category="typography", severity="minor",
        fix="safe",
        summary="Chinese, Japanese, Arabic: a quotation closed with an opening mark (“...,“).",
        explanation=(
            "Curly quotation marks open with “ and close with ”. Machine translation into Chinese, "
            "Japanese and Arabic sometimes closes a quotation with a second opening mark ('“...很好,“她说'), "
            "so that the reader cannot tell where the quotation ends. The check reads the curly marks of "
            "each paragraph in order and reports an opening mark that comes while a quotation is open, right "
            "after the end of a clause (a comma or a full stop), with ” as suggestion."),
        languages=("zh", "ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        state, para = -1, None
        for seg in iter_segments(ctx):
            if seg.para != para:
                state, para = -1, seg.para
            places, state = wrong_closing_quotes(seg.text, state)
            for a, b in places:
                yield ctx.finding(self, seg, a, b, "the quotation is closed with an opening mark “",
                                  suggestion="”", confidence=0.7)
