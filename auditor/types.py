"""The core types every stage shares.

Data flows one way: read -> segment -> align -> evidence -> checks -> score -> report.
Every offset is a code-point offset into the file's text as read (after decoding,
line endings untouched), so a report can always point at line:column in the
user's own file.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Optional

SCHEMA_VERSION = "1.0"

CATEGORIES = (
    "mistranslation", "omission", "addition", "untranslated", "number", "entity",
    "terminology", "nonword", "speaker_gender", "grammar", "duplication", "casing",
    "date_format", "typography", "boilerplate", "language", "internal",
)
SEVERITIES = ("info", "minor", "major", "critical")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
# MQM-style penalty points per severity.
SEVERITY_WEIGHT = {"info": 0.0, "minor": 1.0, "major": 5.0, "critical": 10.0}


_LINE_END = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets where lines start; CR, LF and CRLF each end a line."""
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def at_or_above(severity: str, threshold: str) -> bool:
    """Whether a finding of `severity` fails a run at `threshold`. An info finding fails only
    where the threshold itself is info (`--fail-on info`: any finding fails)."""
    if severity == "info" and threshold != "info":
        return False
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


class InputError(Exception):
    """A problem with what the user gave us: reported in one line, exit code 2."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Segment:
    """One sentence. `text` is what checks read; `offsets[i]` is the file offset of text[i]."""
    id: str
    para: int
    index: int
    text: str
    offsets: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    def span(self, start: int, end: int) -> Span:
        """File span of text[start:end] (local offsets)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            pos = self.offsets[start] if start < len(self.offsets) else self.end
            return Span(pos, pos)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@dataclass
class Paragraph:
    index: int
    text: str
    offsets: tuple[int, ...]
    sentences: list[Segment] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


@dataclass
class Document:
    path: str
    raw: str                    # the file's text as read (decoded, nothing normalised)
    format: str                 # txt, md, html, json
    lang: str = ""
    lang_detected: str = ""
    lang_confidence: float = 0.0
    paragraphs: list[Paragraph] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    notes: list[str] = field(default_factory=list)   # what the reader left out, and why (notices)

    @property
    def sentences(self) -> list[Segment]:
        return [s for p in self.paragraphs for s in p.sentences]

    def segment_by_id(self, sid: str) -> Segment:
        for s in self.sentences:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset. CR, LF and CRLF end lines."""
        if not self._line_starts:
            self._line_starts = line_starts(self.raw)
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def slice(self, span: Span) -> str:
        return self.raw[span.start:span.end]

    def _paragraph_starts(self) -> Optional[list[int]]:
        """The paragraphs' start offsets where they follow each other in the file without
        overlapping (always, from the reader), else None. Kept until the paragraphs change."""
        key = (id(self.paragraphs), len(self.paragraphs))
        cached = self.__dict__.get("_starts_cache")
        if cached is not None and cached[0] == key:
            return cached[1]
        ps = self.paragraphs
        ok = all(ps[k].end <= ps[k + 1].start for k in range(len(ps) - 1))
        starts = [p.start for p in ps] if ok else None
        self.__dict__["_starts_cache"] = (key, starts)
        return starts

    def text_of(self, span: Span) -> str:
        """The reader's text for a file span (entities decoded for HTML/JSON)."""
        starts = self._paragraph_starts()
        if starts is not None:      # the one paragraph that can hold it: no walk over all of them
            k = bisect.bisect_right(starts, span.start) - 1
            cands = self.paragraphs[k:k + 1] if k >= 0 else []
        else:
            cands = self.paragraphs
        for p in cands:
            if p.start <= span.start and span.end <= p.end:
                i = bisect.bisect_left(p.offsets, span.start)
                j = bisect.bisect_left(p.offsets, span.end)
                return p.text[i:j]
        return self.raw[span.start:span.end]

    @property
    def word_count(self) -> int:
        """Words for MQM normalisation, counted as the document's language counts them
        (auditor/words.py: whitespace tokens, or Chinese/Japanese characters per word). Kept
        until the paragraphs or the language change."""
        key = (self.lang, id(self.paragraphs), len(self.paragraphs))
        cached = self.__dict__.get("_words_cache")     # the report and both scores ask: counted once
        if cached is not None and cached[0] == key:
            return cached[1]
        from .words import count_words
        n = sum(count_words(p.text, self.lang) for p in self.paragraphs)
        self.__dict__["_words_cache"] = (key, n)
        return n


@dataclass
class AlignedPair:
    """n:m link between source and translation sentences (either side may be empty)."""
    src: list[str]
    tgt: list[str]
    score: float
    kind: str = "aligned"   # aligned | unaligned_source | unaligned_translation


@dataclass
class Finding:
    code: str
    category: str
    severity: str
    span: Span
    message: str
    suggestion: Optional[str] = None
    confidence: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)
    segment: Optional[str] = None    # translation sentence id, where one applies
    # Where a check offers several replacements, each one; `suggestion` then shows them joined.
    alternatives: tuple[str, ...] = ()
    # How a fix may be applied (auditor.fixes): "safe", "unsafe", "display-only" or None (no fix).
    fix: Optional[str] = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def sort_key(self) -> tuple:
        return (self.span.start, self.span.end, self.code, self.message)

    @property
    def replacements(self) -> list[str]:
        """The replacement texts offered for the span: one per alternative."""
        if self.alternatives:
            return list(self.alternatives)
        return [self.suggestion] if self.suggestion is not None else []


@dataclass
class PairEvidence:
    """Model-backed evidence for one translation sentence."""
    back_translation: Optional[str] = None
    chrf: Optional[float] = None
    bleu: Optional[float] = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuditResult:
    source: Document
    translation: Document
    alignment: list[AlignedPair]
    findings: list[Finding]
    scores: dict[str, Any]
    signature: dict[str, Any]
    evidence: dict[str, PairEvidence] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)   # what was skipped and why
    errors: list[dict[str, Any]] = field(default_factory=list)  # internal errors of checks
    skipped_checks: dict[str, list[str]] = field(default_factory=dict)  # code -> evidence it lacked

    def worst_severity(self) -> Optional[str]:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    def fails(self, fail_on: str) -> bool:
        return any(at_or_above(f.severity, fail_on) for f in self.findings)
