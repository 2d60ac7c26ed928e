"""The check registry: every rule is a small class with a stable code.

A check reads the aligned article (and whatever evidence it declares in
`needs`) from a `Context` and yields `Finding`s. It never prints, exits or
reads files other than its own data files. An analysis that several checks use is
made once per audit and kept, typed, in `Context.shared` (see `Shared`).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Sequence, Union

from ..types import AlignedPair, Document, Finding, PairEvidence, Segment, CATEGORIES, SEVERITIES

if TYPE_CHECKING:   # the types of the shared analyses (their modules import this one)
    from ..evidence.similarity import SentenceSimilarity
    from ._lexicon import Analysis as LexicalAnalysis
    from ._meaning import Unit
    from ._speaker_source import SourceSpeakers, _People as SourcePeople
    from .dates import Group as DateGroup
    from .entities import _EntityRun as EntityRun
    from .numbers import Issue as NumberIssue
    from .quantity import Issue as QuantityIssue
    from .speaker.analysis import Analysis as SpeakerAnalysis
    from .terminology import _Compiled as CompiledEntry


@dataclass(frozen=True)
class CheckInfo:
    code: str                      # stable, e.g. "AUD101"
    name: str                      # kebab-case, e.g. "non-word"
    category: str                  # from types.CATEGORIES
    severity: str                  # default severity
    summary: str                   # one line
    explanation: str               # one paragraph, for `auditor explain`
    languages: tuple[str, ...] = ()   # target languages; empty means any
    needs: tuple[str, ...] = ()       # evidence: "back_translation", "logprobs", "similarity"
    # Whether applying the suggestion is safe (`auditor audit --fix`), as in ruff: "safe" (a
    # mechanical change that keeps the meaning: date forms, casing, repeated words), "unsafe"
    # (it may change the meaning: term replacements, non-word suggestions; --unsafe-fixes) or
    # "none" (the check suggests nothing to apply). A safe fix is unsafe under
    # `fix_safe_from` confidence (evidence that is not strong enough). auditor.fixes applies them.
    fix: str = "none"
    fix_safe_from: float = 0.0

    def __post_init__(self) -> None:
        assert re.fullmatch(r"AUD\d{3}", self.code), self.code
        assert self.category in CATEGORIES, self.category
        assert self.severity in SEVERITIES, self.severity
        assert self.fix in ("safe", "unsafe", "none"), self.fix

    def supports(self, lang: str) -> bool:
        return not self.languages or lang in self.languages


class Check:
    info: CheckInfo

    def run(self, ctx: "Context") -> Iterable[Finding]:
        raise NotImplementedError


REGISTRY: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    code = cls.info.code
    if code in REGISTRY and REGISTRY[code] is not cls:
        raise ValueError(f"duplicate check code {code}")
    REGISTRY[code] = cls
    return cls


_PER_AUDIT: list[Any] = []


def per_audit(fn: Any) -> Any:
    """Memoise a pure function of a sentence's text for the length of one audit.

    Several checks tokenize the same sentences; each sentence is worked on once per audit,
    whatever asks. The memo is emptied when the next audit's Context is made, so memory stays
    bounded in a feed and a feed's articles never share results (word-level memos, such as
    dictionary lookups, are kept for the process instead)."""
    memo = lru_cache(maxsize=None)(fn)
    _PER_AUDIT.append(memo)
    return memo


def reset_per_audit() -> None:
    for memo in _PER_AUDIT:
        memo.cache_clear()


_loaded = False


def load_all() -> dict[str, type[Check]]:
    """Import every module of auditor.checks so that their checks register."""
    global _loaded
    if not _loaded:
        from .. import checks as pkg
        for m in pkgutil.iter_modules(pkg.__path__):
            if not m.name.startswith("_") and m.name != "base":
                importlib.import_module(f"{pkg.__name__}.{m.name}")
        _loaded = True
    return dict(sorted(REGISTRY.items()))


@dataclass
class Shared:
    """The analyses that checks of one audit share: each is made once, by the first check that asks
    for it through the function named beside it (which fills the field), and read by the others.
    None until then. An analysis shared by several checks gets a typed field here, never a key in
    a dictionary, so that a reader sees what checks share and mypy checks its type."""
    # _lexicon.analysis: the tokens of every translation sentence, the source's word index, the words
    # capitalised mid-sentence, the spans the untranslated checks claim (AUD101-103, AUD105-107)
    lexical_analysis: Optional[LexicalAnalysis] = None
    # _meaning.units: the aligned units, boilerplate left out, of the offline meaning checks (AUD741-746)
    meaning_units: Optional[list[Unit]] = None
    # dates.aligned_groups: the aligned units with their dates paired (AUD211-213, AUD201-204)
    date_groups: Optional[list[DateGroup]] = None
    # numbers.analyse: the number issues of every aligned unit (AUD201-204)
    number_issues: Optional[list[NumberIssue]] = None
    # quantity's checks: vague and unit issues with their unit (AUD743, AUD744)
    quantity_issues: Optional[list[tuple[Unit, QuantityIssue]]] = None
    # entities._shared_run: names of the source and where the translation renders them (AUD401, AUD402)
    entity_run: Optional[EntityRun] = None
    # terminology.article_glossary: the glossary entries whose source term may occur in this
    # article, compiled (AUD501, AUD101)
    glossary_candidates: Optional[list[CompiledEntry]] = None
    # _consistency_terms._glossary_terms: term key -> the renderings the glossary requires (AUD503)
    consistency_glossary: Optional[dict[str, list[str]]] = None
    # _speaker_source.source_people: the people the source names, with their gender (AUD404-406, AUD611)
    source_people: Optional[SourcePeople] = None
    # _speaker_source.source_speakers: who speaks in each source sentence (AUD611)
    source_speakers: Optional[SourceSpeakers] = None
    # speaker.analysis.analyse: the speaker passes over the translation (AUD601, AUD602)
    speaker_analysis: Optional[SpeakerAnalysis] = None


@dataclass
class Context:
    source: Document
    translation: Document
    src_lang: str
    tgt_lang: str
    alignment: list[AlignedPair]
    evidence: dict[str, PairEvidence] = field(default_factory=dict)   # by translation sentence id
    config: Any = None   # auditor.config.Config
    available: frozenset = frozenset()   # evidence kinds present: "back_translation", ...
    boilerplate_ids: dict = field(default_factory=dict)  # translation sentence id -> pattern
    options: dict = field(default_factory=dict)          # extra options (glossaries, risky_terms...)
    shared: Shared = field(default_factory=Shared)       # analyses shared by checks (see Shared)
    similarity: Optional[SentenceSimilarity] = None      # sentence-similarity evidence, when present

    def __post_init__(self) -> None:
        reset_per_audit()          # a new audit: the memos of the last one go
        self._src_by_id = {s.id: s for s in self.source.sentences}
        self._tgt_by_id = {s.id: s for s in self.translation.sentences}
        self._src_for: dict[str, list[Segment]] = {}
        self._pair_of: dict[str, AlignedPair] = {}
        for pair in self.alignment:
            srcs = [self._src_by_id[i] for i in pair.src]
            for t in pair.tgt:
                self._src_for[t] = srcs
                self._pair_of[t] = pair

    def source_for(self, tgt_id: str) -> list[Segment]:
        """Source sentences aligned to a translation sentence (empty if unaligned)."""
        return self._src_for.get(tgt_id, [])

    def source_text_for(self, tgt_id: str) -> str:
        return " ".join(s.text for s in self.source_for(tgt_id))

    def pair_of(self, tgt_id: str) -> Optional[AlignedPair]:
        return self._pair_of.get(tgt_id)

    def source_sentence(self, sid: str) -> Segment:
        return self._src_by_id[sid]

    def translation_sentence(self, sid: str) -> Segment:
        return self._tgt_by_id[sid]

    def aligned_units(self) -> Iterator[tuple[int, AlignedPair, list[Segment], list[Segment]]]:
        """(index in the alignment, pair, source sentences, translation sentences) of every
        aligned pair, its known publisher boilerplate left out; pairs left with no translation
        sentence are skipped."""
        for k, pair in enumerate(self.alignment):
            if pair.kind != "aligned" or not pair.src or not pair.tgt:
                continue
            tgts = [t for t in (self._tgt_by_id[i] for i in pair.tgt) if not self.is_boilerplate(t)]
            if tgts:
                yield k, pair, [self._src_by_id[i] for i in pair.src], tgts

    def is_boilerplate(self, seg: Segment) -> bool:
        """True where the boilerplate check recognised this sentence (see checks/boilerplate)."""
        return seg.id in self.boilerplate_ids

    def finding(self, check: Check, seg: Segment, start: int, end: int, message: str,
                suggestion: Union[str, Sequence[str], None] = None, confidence: float = 1.0,
                severity: Optional[str] = None, category: Optional[str] = None,
                **evidence: Any) -> Finding:
        """A Finding on seg.text[start:end] (local offsets) with the check's code. `suggestion`
        is the replacement for that text, or a list of alternative replacements."""
        alternatives: tuple[str, ...] = ()
        if suggestion is not None and not isinstance(suggestion, str):
            alts = tuple(dict.fromkeys(a for a in suggestion if a))
            if len(alts) > 1:
                alternatives = alts
            suggestion = " / ".join(alts) if alts else None
        ev = {k: v for k, v in evidence.items() if v is not None}
        src = self.source_text_for(seg.id)
        if src and "source" not in ev:
            ev["source"] = src
        return Finding(
            code=check.info.code,
            category=category or check.info.category,
            severity=severity or check.info.severity,
            span=seg.span(start, end),
            message=message,
            suggestion=suggestion,
            confidence=round(float(confidence), 3),
            evidence=ev,
            segment=seg.id,
            alternatives=alternatives,
        )


def iter_segments(ctx: Context, skip_boilerplate: bool = True) -> Iterator[Segment]:
    """The translation's sentences, known boilerplate left out (most checks walk these: the
    membership test is done here at C speed, not per sentence by a method call)."""
    sents = ctx.translation.sentences
    ids = ctx.boilerplate_ids
    if not skip_boilerplate or not ids:
        return iter(sents)
    return iter([s for s in sents if s.id not in ids])
