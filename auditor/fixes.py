"""Fixes: the checks' suggestions applied to the translation, on ruff's model.

Each check declares whether its fix is safe (`CheckInfo.fix`): a *safe* fix is a mechanical
change that keeps the meaning (a date written in the language's form, casing, a repeated word
or parenthesis, a speaker's verb form where the evidence is strong); an *unsafe* one may change
the meaning (a term replaced, a non-word's nearest word) and is applied only with
`--unsafe-fixes`. A finding that offers several alternatives is *display-only*: it is never
applied, whatever the options; SARIF carries one fix per alternative for a person to choose.

A fix replaces the finding's span (code-point offsets into the file as read) with the
replacement, as is. It exists only where that is exact: the file's text at the span is the text
the check read (no markup or entity inside it) and the replacement needs no escaping in the
file's format. `attach` decides this once, in the pipeline; every report reads the result.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from .types import SEVERITY_RANK, Document, Finding

SAFE, UNSAFE, DISPLAY_ONLY = "safe", "unsafe", "display-only"
APPLICABILITY = (SAFE, UNSAFE, DISPLAY_ONLY)


def applicability(info: Any, f: Finding) -> Optional[str]:
    """How `f`'s suggestion may be applied, from its check's declaration (None: no fix)."""
    reps = f.replacements
    if not reps or info is None or getattr(info, "fix", "none") == "none" or f.span.end <= f.span.start:
        return None
    if len(reps) > 1:
        return DISPLAY_ONLY
    if info.fix == "safe" and f.confidence >= getattr(info, "fix_safe_from", 0.0):
        return SAFE
    return UNSAFE


def _needs_escaping(text: str, fmt: str) -> bool:
    if fmt == "html":
        return any(c in text for c in "<>&")
    if fmt == "json":
        return json.dumps(text, ensure_ascii=False)[1:-1] != text
    return False


def attach(findings: Iterable[Finding], checks: dict[str, Any], doc: Document) -> None:
    """Set `Finding.fix` on each finding: its applicability, where the fix is exact in `doc`."""
    for f in findings:
        cls = checks.get(f.code)
        how = applicability(getattr(cls, "info", None), f)
        if how is not None:
            if doc.slice(f.span) != doc.text_of(f.span) or any(
                    _needs_escaping(r, doc.format) or r == doc.slice(f.span) for r in f.replacements):
                how = None
        f.fix = how


def fix_dict(f: Finding) -> Optional[dict[str, Any]]:
    """The JSON form of a finding's fix: `{"applicability", "replacements"}`, or None."""
    if f.fix is None:
        return None
    return {"applicability": f.fix, "replacements": f.replacements}


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    content: str
    code: str
    applicability: str
    line: int = 0
    column: int = 0


@dataclass
class Plan:
    """The edits one pass applies: no two overlap."""
    edits: list[Edit] = field(default_factory=list)
    overlapping: list[Edit] = field(default_factory=list)   # left for the next pass
    unsafe_held: int = 0                                      # unsafe fixes not applied (no --unsafe-fixes)
    display_only: int = 0                                     # findings with several alternatives


def _candidates(findings: Iterable[Any]) -> Iterable[tuple[Any, int, int, str, str, dict]]:
    """(finding, start, end, code, severity, fix dict) from Finding objects or their JSON dicts."""
    for f in findings:
        if isinstance(f, Finding):
            fx = fix_dict(f)
            start, end, code, sev = f.span.start, f.span.end, f.code, f.severity
        else:
            fx = f.get("fix")
            start, end, code, sev = f.get("start", 0), f.get("end", 0), f.get("code", ""), f.get("severity", "info")
        if fx and fx.get("applicability") in APPLICABILITY and fx.get("replacements"):
            yield f, start, end, code, sev, fx


def plan(findings: Iterable[Any], unsafe: bool = False, doc: Optional[Document] = None) -> Plan:
    """The fixes to apply in one pass: safe ones (and unsafe ones with `unsafe`), never a
    display-only one; where two overlap, the wider (then the more severe) goes first and the
    other waits for the next pass, since the text it was found in changes."""
    out = Plan()
    cands: list[tuple[Edit, str]] = []
    for f, start, end, code, sev, fx in _candidates(findings):
        how = fx["applicability"]
        if how == DISPLAY_ONLY:
            out.display_only += 1
            continue
        if how == UNSAFE and not unsafe:
            out.unsafe_held += 1
            continue
        if doc is not None:
            line, col = doc.line_col(start)
        elif isinstance(f, dict):
            line, col = f.get("line", 0), f.get("column", 0)
        else:
            line, col = 0, 0
        cands.append((Edit(start, end, fx["replacements"][0], code, how, line, col), sev))
    cands.sort(key=lambda c: (-(c[0].end - c[0].start), -SEVERITY_RANK.get(c[1], 0), c[0].start, c[0].code))
    taken: list[Edit] = []
    for e, _ in cands:
        if any((e.start, e.end, e.content) == (t.start, t.end, t.content) for t in taken):
            continue    # two findings asking for the same change: one edit
        if any(e.start < t.end and t.start < e.end for t in taken):
            out.overlapping.append(e)
            continue
        taken.append(e)
    out.edits = sorted(taken, key=lambda e: e.start)
    return out


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with the (non-overlapping) edits applied."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos:e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Outcome:
    text: str                    # the fixed text
    applied: list[Edit]          # every edit, pass by pass (offsets of the text of its pass)
    result: Any                  # the audit of the fixed text (None if it was not audited again)
    first: Any                   # the audit of the original text
    unsafe_held: int = 0
    display_only: int = 0
    passes: int = 0


def fix_text(raw: str, audit: Callable[[str], Any], unsafe: bool = False, max_passes: int = 4,
             final_audit: bool = True) -> Outcome:
    """Audit, apply the fixes, audit again while fixes were held back by overlaps (at most
    `max_passes` passes). `audit(text)` returns an AuditResult of the text. With `final_audit`,
    the outcome's result is the audit of the fixed text (what is left to report)."""
    first = result = audit(raw)
    text = raw
    applied: list[Edit] = []
    p = plan(result.findings, unsafe, result.translation)
    held, display = p.unsafe_held, p.display_only
    passes = 0
    fresh = True
    while p.edits and passes < max_passes:
        text = apply(text, p.edits)
        applied.extend(p.edits)
        passes += 1
        fresh = False
        if not p.overlapping and not final_audit:
            break
        result = audit(text)
        fresh = True
        p = plan(result.findings, unsafe, result.translation)
        held, display = p.unsafe_held, p.display_only
    return Outcome(text, applied, result if fresh else None, first, held, display, passes)


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff (git's a/ b/ names) of one file, empty where nothing changed."""
    if before == after:
        return ""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


__all__ = ["SAFE", "UNSAFE", "DISPLAY_ONLY", "applicability", "attach", "fix_dict", "Edit", "Plan", "plan",
           "apply", "Outcome", "fix_text", "unified_diff"]
