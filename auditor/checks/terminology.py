"""Terminology: known MT pitfalls of Indonesian news (AUD501) and user glossaries (AUD502).

Both checks compare a translation sentence with the Indonesian sentence(s) the
aligner linked to it: a rule fires only where its source term is in the aligned
source and the translation does the wrong thing with it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..glossary import (Entry, RiskyTerm, builtin_risky_terms, load_glossary, load_risky_terms,
                        term_regex)
from ..types import Finding, Segment
from .base import Check, CheckInfo, Context, iter_segments, register


def _options(ctx: Context) -> dict[str, Any]:
    return ctx.options


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (str, Path, Entry, RiskyTerm)):
        return [value]
    return list(value)


def _file_key(path: Any) -> tuple[str, int, int]:
    p = Path(path)
    try:
        st = p.stat()
        return str(p.resolve()), st.st_mtime_ns, st.st_size
    except OSError:
        return str(p), 0, 0      # the loader reports the missing file


@lru_cache(maxsize=64)
def _cached_risky(key: tuple[str, int, int]) -> tuple[RiskyTerm, ...]:
    return tuple(load_risky_terms(key[0]))


@lru_cache(maxsize=64)
def _cached_glossary(key: tuple[str, int, int]) -> tuple[Entry, ...]:
    return tuple(load_glossary(key[0]))


def _risky_terms(ctx: Context) -> list[RiskyTerm]:
    terms = list(builtin_risky_terms())
    for item in _as_list(_options(ctx).get("risky_terms")):
        if isinstance(item, RiskyTerm):
            terms.append(item)
        else:
            terms.extend(_cached_risky(_file_key(item)))
    return terms


_TRAILING_NAME = re.compile(r"(?:\b[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)*$")


def _fill_name(suggestion: Optional[str], rendered: str) -> Optional[str]:
    """'faire gagner X' -> 'faire gagner Donald Trump' where the bad rendering ends with a name."""
    if not suggestion or not re.search(r"\bX\b", suggestion):
        return suggestion
    m = _TRAILING_NAME.search(rendered)
    if not m or m.start() == 0:
        return suggestion
    return re.sub(r"\bX\b", lambda _: m.group(0), suggestion)


@register
class RiskyTermCheck(Check):
    info = CheckInfo(
        code="AUD501", name="risky-term", category="mistranslation", severity="major",
        fix="unsafe",
        summary="an Indonesian word that MT often gets wrong is rendered the known wrong way",
        explanation=(
            "Some Indonesian words and idioms of news copy are mistranslated so often that the wrong "
            "rendering can be listed: 'hubungan memanas' (relations heat up, i.e. worsen) becomes "
            "'relations warm up' (improve), 'memenangkan Trump' (make Trump win) becomes 'win Trump', "
            "'diamankan polisi' (arrested) becomes 'secured', 'kambing hitam' (scapegoat) becomes "
            "'black goat'. The check fires only when the Indonesian term is in the source sentence "
            "aligned to the translation sentence (with its context words, where the entry needs them) "
            "and a listed bad rendering is in the translation sentence; it flags that rendering, gives "
            "the meaning and the usual right renderings. Severity comes from the entry (critical where "
            "the meaning is inverted). The list is data (checks/data/risky_terms.json); add your own "
            "file of the same shape with --risky-terms."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = ctx.tgt_lang.split("-")[0].lower()
        terms = [t for t in _risky_terms(ctx) if t.bad.get(lang)]
        if not terms:
            return
        for seg in iter_segments(ctx):
            src = ctx.source_text_for(seg.id)
            if not src:
                continue
            folded = src.casefold()
            taken: list[tuple[int, int]] = []
            for term in terms:
                trig = term.trigger(src, folded)
                if trig is None:
                    continue
                if any(ok.search(seg.text) for ok in term.ok.get(lang, [])):
                    continue
                for bad in term.bad[lang]:
                    for m in bad.regex.finditer(seg.text):
                        s, e = m.start(), m.end()
                        while e > s and seg.text[e - 1] in " ,.;:":
                            e -= 1
                        if e <= s or any(s < te and ts < e for ts, te in taken):
                            continue
                        taken.append((s, e))
                        yield self._finding(ctx, seg, term, bad, trig.group(0), s, e, lang)

    def _finding(self, ctx, seg: Segment, term: RiskyTerm, bad, src_term: str, s: int, e: int,
                 lang: str) -> Finding:
        rendered = seg.text[s:e]
        good = _fill_name(term.good.get(lang), rendered)
        # the data lists the right renderings as "a / b / c": each is one alternative
        alternatives = [g.strip() for g in good.split(" / ")] if good else None
        if bad.category == "untranslated":
            message = f"Indonesian \u201c{rendered}\u201d left untranslated; it means: {term.meaning}"
        else:
            message = (f"\u201c{rendered}\u201d mistranslates Indonesian \u201c{src_term}\u201d: "
                       f"{term.meaning}")
        return ctx.finding(
            self, seg, s, e, message, suggestion=alternatives,
            confidence=bad.confidence if bad.confidence is not None else term.confidence,
            severity=bad.severity or term.severity, category=bad.category,
            source_term=src_term, term=term.id, meaning=term.meaning, note=term.note or None,
        )


# --------------------------------------------------------------------------- glossary

def _glossary_entries(ctx: Context) -> list[Entry]:
    items = _as_list(_options(ctx).get("glossaries"))
    cfg = getattr(ctx, "config", None)
    items += _as_list(getattr(cfg, "glossaries", None))
    out: list[Entry] = []
    seen_paths: set[str] = set()
    for item in items:
        if isinstance(item, Entry):
            out.append(item)
            continue
        key = _file_key(item)
        if key[0] in seen_paths:
            continue
        seen_paths.add(key[0])
        out.extend(_cached_glossary(key))
    # merge duplicates (same source and language) from several glossaries
    merged: dict[tuple[str, Optional[str]], Entry] = {}
    for e in out:
        k = (e.source.casefold(), e.lang)
        if k in merged:
            m = merged[k]
            merged[k] = Entry(m.source, m.targets + tuple(t for t in e.targets if t not in m.targets),
                              m.lang, m.note or e.note, m.forbidden + tuple(f for f in e.forbidden
                                                                            if f not in m.forbidden), m.origin)
        else:
            merged[k] = e
    return list(merged.values())


def _hint(source: str) -> Optional[str]:
    """Lower-case text that every match of the source term contains: the longest
    apostrophe-free piece of its first word, where it is ASCII (None: no hint, always tried)."""
    words = source.split()
    if not words:
        return None
    piece = max(re.split("['’ʼ]", words[0]), key=len)
    return piece.lower() if piece and piece.isascii() else None


def _candidates(entries: list[Entry], source_text: str) -> list[Entry]:
    """The entries whose source term may occur in the source article: a glossary of 100,000
    rows is not compiled into 300,000 regular expressions for an article that names ten."""
    text = source_text.lower().replace("\u0307", "")     # "İ".lower() is "i" + a combining dot
    return [e for e in entries if (h := _hint(e.source)) is None or h in text]


@lru_cache(maxsize=4096)
def _compiled(e: Entry) -> "_Compiled":
    return _Compiled(e)


def article_glossary(ctx: Context) -> list["_Compiled"]:
    """The glossary entries of the translation's language whose source term may occur in this
    article's source, compiled (once per article; the patterns are kept across articles)."""
    got = ctx.shared.glossary_candidates
    if got is None:
        entries = [e for e in _glossary_entries(ctx) if e.applies_to(ctx.tgt_lang)]
        got = [_compiled(e) for e in _candidates(entries, "\n".join(p.text for p in ctx.source.paragraphs))] \
            if entries else []
        ctx.shared.glossary_candidates = got
    return got


class _Compiled:
    def __init__(self, e: Entry):
        self.entry = e
        self.src = term_regex(e.source, source=True)
        self.targets = [term_regex(t) for t in e.targets]
        self.forbidden = [term_regex(f) for f in e.forbidden]
        folded = {t.casefold() for t in e.targets}
        # the source term itself, left as is, is a wrong rendering unless the glossary keeps it
        self.untranslated = None if e.source.casefold() in folded else term_regex(e.source)


def _spans(pats: list, text: str) -> Iterator[tuple[int, int]]:
    for p in pats:
        for m in p.finditer(text):
            yield m.start(), m.end()


@register
class GlossaryCheck(Check):
    info = CheckInfo(
        code="AUD502", name="glossary", category="terminology", severity="major",
        fix="unsafe",
        summary="a term of the user's glossary is not rendered as the glossary requires",
        explanation=(
            "Give glossaries with --glossary FILE or `glossaries = [...]` in the configuration: CSV "
            "(columns source, target with alternatives separated by '|', and optional lang, note, "
            "forbidden) or TBX (TBX-Basic, TBX v2 or v3; deprecated terms are forbidden renderings). "
            "When the Indonesian term occurs in a source sentence (whole word, any case, with clitics "
            "such as -nya) and none of the required renderings occurs in the translation sentence(s) "
            "aligned to it, the check reports it: on the forbidden rendering where the glossary names "
            "one and the translation uses it, on the Indonesian term where it was left untranslated, "
            "otherwise on the whole sentence with low confidence. A forbidden rendering is reported "
            "even next to a required one."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        compiled = article_glossary(ctx)
        if not compiled:
            return
        for _, _, srcs, segs in ctx.aligned_units():
            src = " ".join(s.text for s in srcs)
            for c in compiled:
                m = c.src.search(src)
                if m is None:
                    continue
                yield from self._judge(ctx, c, m.group(0), segs)

    def _judge(self, ctx: Context, c: _Compiled, src_term: str, segs: list[Segment]) -> Iterator[Finding]:
        e = c.entry
        want = " / ".join(f"\u201c{t}\u201d" for t in e.targets) or None
        suggestion = list(e.targets) or None
        extra = dict(source_term=src_term, glossary=e.origin, note=e.note or None,
                     required=list(e.targets) or None)
        found_any = False
        flagged = False
        for seg in segs:
            ok = list(_spans(c.targets, seg.text))
            found_any = found_any or bool(ok)
            done: list[tuple[int, int]] = []
            for s, t in sorted(_spans(c.forbidden, seg.text), key=lambda x: (x[0], -x[1])):
                if any(s < oe and os_ < t for os_, oe in ok + done):
                    continue
                done.append((s, t))
                flagged = True
                msg = (f"glossary: \u201c{src_term}\u201d must not be rendered \u201c{seg.text[s:t]}\u201d"
                       + (f"; use {want}" if want else ""))
                yield ctx.finding(self, seg, s, t, msg, suggestion=suggestion, confidence=0.9, **extra)
        if found_any or flagged or not e.targets:
            return
        if c.untranslated is not None:
            for seg in segs:
                m = c.untranslated.search(seg.text)
                if m:
                    msg = f"glossary: \u201c{src_term}\u201d left untranslated; use {want}"
                    yield ctx.finding(self, seg, m.start(), m.end(), msg, suggestion=suggestion,
                                      confidence=0.7, **extra)
                    return
        seg = segs[0]
        msg = f"glossary: \u201c{src_term}\u201d is in the source but the translation has none of {want}"
        yield ctx.finding(self, seg, 0, len(seg.text), msg, suggestion=suggestion, confidence=0.3, **extra)
