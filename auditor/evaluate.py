"""Evaluate an audit against gold annotations (fixtures/<name>/gold.json).

Two views, both reported:
  * spans: a gold item is *found* when a finding of the same category overlaps it (by at
    least one character); a finding is *matched* when it overlaps a gold item of its category.
    Recall = found / gold items, precision = matched findings / findings. The same counts are
    also given regardless of category ("any").
  * characters, as in the WMT quality-estimation error-span task: the characters inside gold
    spans against the characters inside predicted spans (union of each side over the document),
    precision = |gold & predicted| / |predicted|, recall = |gold & predicted| / |gold|; overall
    and per severity (a character counts for a severity where a span of that severity covers it
    on that side). Categories play no part here.

Undefined ratios (no findings, no gold items) are None, never a made-up 0 or 1.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from .types import SEVERITIES, SEVERITY_RANK, InputError, line_starts

# A finding of the key's category counts as one of the value's category.
EQUIVALENT_CATEGORIES = {"boilerplate": "untranslated"}

# Close categories: annotators and checks draw these lines differently for one error (a
# capitalised month is a casing and a date-format error; a wrong term is a mistranslation; a
# gap seen from the other side is an addition). A finding matches a gold item of its own
# category or of a close one.
CLOSE_CATEGORIES = (
    frozenset({"date_format", "casing"}),
    frozenset({"mistranslation", "terminology"}),
    frozenset({"omission", "addition"}),
)


def close(a: str, b: str) -> bool:
    """Whether categories a and b count as the same for matching."""
    return a == b or any(a in group and b in group for group in CLOSE_CATEGORIES)


@dataclass
class _Gold:
    index: int
    start: int
    end: int
    category: str
    severity: str
    needs_mt: bool
    line: int
    span: str
    note: str


@dataclass
class _Pred:
    index: int
    start: int
    end: int
    category: str           # after EQUIVALENT_CATEGORIES
    raw_category: str
    severity: str
    code: str
    text: str


def _line_text(text: str, starts: list[int], line: int) -> tuple[int, str]:
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    return begin, text[begin:end].rstrip("\r\n")


def locate_gold(gold: dict, translation_text: str) -> list[_Gold]:
    """Gold items with file offsets. A line-based item ("line", "span") is looked up in that line
    (its "occurrence"-th match, 1-based, default the first); "start"/"end" win where given."""
    items = gold.get("findings")
    if not isinstance(items, list):
        raise InputError("gold: expected an object with a list \"findings\"")
    starts = line_starts(translation_text)
    out: list[_Gold] = []
    for k, g in enumerate(items):
        where = f"gold item {k + 1}"
        cat = g.get("category")
        if not cat:
            raise InputError(f"{where}: no category")
        span = g.get("span", "")
        line = g.get("line")
        if "start" in g and "end" in g:
            s, e = int(g["start"]), int(g["end"])
            if not 0 <= s <= e <= len(translation_text):
                raise InputError(f"{where}: start/end {s}:{e} outside the translation")
            line = bisect.bisect_right(starts, s)
            span = span or translation_text[s:e]
        else:
            if not isinstance(line, int) or not 1 <= line <= len(starts):
                raise InputError(f"{where}: line {line!r} is not a line of the translation "
                                 f"(1..{len(starts)})")
            if not span:
                raise InputError(f"{where}: needs a \"span\" text or \"start\"/\"end\"")
            begin, ltext = _line_text(translation_text, starts, line)
            pos = -1
            for _ in range(int(g.get("occurrence", 1))):
                pos = ltext.find(span, pos + 1)
                if pos < 0:
                    break
            if pos < 0:
                raise InputError(f"{where}: {span!r} not found on line {line} of the translation")
            s, e = begin + pos, begin + pos + len(span)
        out.append(_Gold(k, s, e, cat, g.get("severity", "major"), bool(g.get("needs_mt", False)),
                         line, span, g.get("note", "")))
    return out


def _preds(result_json: Any, translation_text: str) -> tuple[list[_Pred], list[dict]]:
    if hasattr(result_json, "findings") and hasattr(result_json, "translation"):
        result_json = findings_json(result_json)
    findings = result_json.get("findings") if isinstance(result_json, dict) else None
    if not isinstance(findings, list):
        raise InputError("result: expected an AuditResult JSON object with a list \"findings\"")
    out, mismatches = [], []
    for k, f in enumerate(findings):
        try:
            s, e = int(f["start"]), int(f["end"])
            cat = f["category"]
        except (KeyError, TypeError, ValueError):
            raise InputError(f"result: finding {k + 1} lacks start, end or category") from None
        text = f.get("text")
        if text is not None and text != translation_text[s:e]:
            mismatches.append({"index": k, "code": f.get("code", ""), "start": s, "end": e,
                               "text": text, "at_offsets": translation_text[s:e]})
        out.append(_Pred(k, s, e, EQUIVALENT_CATEGORIES.get(cat, cat), cat, f.get("severity", "major"),
                         f.get("code", ""), translation_text[s:e]))
    return out, mismatches


def findings_json(result: Any) -> dict:
    """The part of an AuditResult's JSON form that evaluation reads, built from the object."""
    doc = result.translation
    out = []
    for f in result.findings:
        line, col = doc.line_col(f.span.start)
        out.append({"code": f.code, "category": f.category, "severity": f.severity,
                    "start": f.span.start, "end": f.span.end, "line": line, "column": col,
                    "text": doc.raw[f.span.start:f.span.end]})
    return {"findings": out}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    # zero-width spans overlap what contains their position
    if a_start == a_end:
        return b_start <= a_start < b_end or (b_start == b_end == a_start)
    if b_start == b_end:
        return a_start <= b_start < a_end
    return a_start < b_end and b_start < a_end


def _ratio(num: int, den: int) -> Optional[float]:
    return num / den if den else None


def _f1(p: Optional[float], r: Optional[float]) -> Optional[float]:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _metrics(c: dict) -> dict:
    """Fill precision/recall/f1 from the counts gold, found, findings, matched."""
    p = _ratio(c["matched"], c["findings"])
    r = _ratio(c["found"], c["gold"])
    return {**c, "precision": p, "recall": r, "f1": _f1(p, r)}


def _char_metrics(c: dict) -> dict:
    p = _ratio(c["overlap"], c["predicted"])
    r = _ratio(c["overlap"], c["gold"])
    return {**c, "precision": p, "recall": r, "f1": _f1(p, r)}


def _counts() -> dict:
    return {"gold": 0, "found": 0, "findings": 0, "matched": 0, "ignored": 0}


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def evaluate(result_json: Any, gold: dict, translation_text: str, *, no_mt_only: bool = False,
             skip_categories: Sequence[str] = (), min_severity: Optional[str] = None) -> dict:
    """Compare an audit's findings with gold annotations of the same translation.

    result_json: the AuditResult JSON (its "findings": "category", "start", "end", "severity",
        and optionally "code", "line", "text"), or an AuditResult object.
    gold: the gold.json shape of fixtures/ (items with "line" 1-based and "span" text, located
        in that line of `translation_text`; or with "start"/"end" offsets).
    translation_text: the translation file's text as read (the offsets refer to it).
    no_mt_only: keep only gold items with "needs_mt": false (what checks without a model
        should find); the other gold items become "don't care" regions.
    skip_categories: categories left out on both sides (e.g. "speaker_gender" when that
        check is not run); their gold items become "don't care" regions.
    min_severity: leave out findings below this severity (e.g. "minor" drops "info").

    Close categories (CLOSE_CATEGORIES) match each other: date_format ~ casing,
    mistranslation ~ terminology, omission ~ addition.

    Equivalence: a `boilerplate` finding counts as an `untranslated` one. The publisher's
    boilerplate (an English disclaimer in a French article, say) is material left
    untranslated that the user has declared as known; the gold files annotate it as
    `untranslated`, and the auditor reports it as `boilerplate` once declared, so finding it
    under either name is finding it.

    "Don't care" regions: a finding that matches no kept gold item but overlaps an excluded
    gold item of its category (or, for the "any" view, of any category) counts neither as
    matched nor as false; in the character view the excluded spans are removed from both sides.

    Returns a dict: "options"; "overall" and "overall_any" (counts gold, found, findings,
    matched, ignored and precision, recall, f1); "by_category" (same, by category, with
    findings counted under their equivalent category); "char" (gold, predicted, overlap
    character counts, precision, recall, f1, and "by_severity"); "missed" (gold items not
    found, with the categories of findings that overlap them, if any); "unmatched" (findings
    that match no gold item, with the categories of gold items they overlap); and
    "offset_mismatches" (findings whose "text" differs from the translation at their offsets).
    """
    skip = set(skip_categories)
    golds = locate_gold(gold, translation_text)
    preds, mismatches = _preds(result_json, translation_text)
    if min_severity is not None:
        if min_severity not in SEVERITY_RANK:
            raise InputError(f"min_severity must be one of {', '.join(SEVERITIES)}")
        preds = [p for p in preds if SEVERITY_RANK.get(p.severity, 0) >= SEVERITY_RANK[min_severity]]
    preds = [p for p in preds if p.category not in skip and p.raw_category not in skip]
    active = [g for g in golds if g.category not in skip and not (no_mt_only and g.needs_mt)]
    kept = {g.index for g in active}
    excluded = [g for g in golds if g.index not in kept]

    overall, any_view = _counts(), _counts()
    by_cat: dict[str, dict] = {}

    def cat(c: str) -> dict:
        return by_cat.setdefault(c, _counts())

    missed = []
    for g in active:
        overall["gold"] += 1
        any_view["gold"] += 1
        cat(g.category)["gold"] += 1
        hits = [p for p in preds if _overlaps(p.start, p.end, g.start, g.end)]
        same = [p for p in hits if close(p.category, g.category)]
        if same:
            overall["found"] += 1
            cat(g.category)["found"] += 1
        if hits:
            any_view["found"] += 1
        if not same:
            missed.append({"line": g.line, "span": g.span, "category": g.category, "severity": g.severity,
                           "start": g.start, "end": g.end, "needs_mt": g.needs_mt, "note": g.note,
                           "found_as": sorted({p.raw_category for p in hits})})

    unmatched = []
    for p in preds:
        hits = [g for g in active if _overlaps(p.start, p.end, g.start, g.end)]
        same = any(close(g.category, p.category) for g in hits)
        ex_hits = [g for g in excluded if _overlaps(p.start, p.end, g.start, g.end)]
        c = cat(p.category)
        if same:
            overall["findings"] += 1
            overall["matched"] += 1
            c["findings"] += 1
            c["matched"] += 1
        elif any(close(g.category, p.category) for g in ex_hits):
            overall["ignored"] += 1
            c["ignored"] += 1
        else:
            overall["findings"] += 1
            c["findings"] += 1
            unmatched.append({"code": p.code, "category": p.raw_category, "severity": p.severity,
                              "start": p.start, "end": p.end, "text": p.text,
                              "line": bisect.bisect_right(line_starts(translation_text), p.start),
                              "overlaps_gold": sorted({g.category for g in hits})})
        if hits:
            any_view["findings"] += 1
            any_view["matched"] += 1
        elif ex_hits:
            any_view["ignored"] += 1
        else:
            any_view["findings"] += 1

    # characters
    gold_chars = _chars((g.start, g.end) for g in active)
    dont_care = _chars((g.start, g.end) for g in excluded) - gold_chars
    pred_chars = _chars((p.start, p.end) for p in preds) - dont_care
    char = {"gold": len(gold_chars), "predicted": len(pred_chars), "overlap": len(gold_chars & pred_chars)}
    by_sev = {}
    for sev in SEVERITIES:
        gs = _chars((g.start, g.end) for g in active if g.severity == sev)
        ps = _chars((p.start, p.end) for p in preds if p.severity == sev) - dont_care
        if gs or ps:
            by_sev[sev] = _char_metrics({"gold": len(gs), "predicted": len(ps), "overlap": len(gs & ps)})

    return {
        "options": {"no_mt_only": no_mt_only, "skip_categories": sorted(skip), "min_severity": min_severity},
        "overall": _metrics(overall),
        "overall_any": _metrics(any_view),
        "by_category": {k: _metrics(v) for k, v in sorted(by_cat.items())},
        "char": {**_char_metrics(char), "by_severity": by_sev},
        "missed": missed,
        "unmatched": unmatched,
        "offset_mismatches": mismatches,
    }


_COUNT_KEYS = ("gold", "found", "findings", "matched", "ignored")
_CHAR_KEYS = ("gold", "predicted", "overlap")


def evaluate_many(pairs: Iterable[Any], **options: Any) -> dict:
    """Micro-averaged evaluation over several fixtures.

    Each pair is (result_json, gold, translation_text) or (name, result_json, gold,
    translation_text), or a report already made by `evaluate` (a dict with "overall"), or
    (name, report). Counts are summed over all fixtures, then the ratios are computed from the
    sums. "fixtures" lists each fixture's own overall figures; "missed" and "unmatched" items
    carry the fixture's name.
    """
    overall, any_view = dict.fromkeys(_COUNT_KEYS, 0), dict.fromkeys(_COUNT_KEYS, 0)
    by_cat: dict[str, dict] = {}
    char = dict.fromkeys(_CHAR_KEYS, 0)
    by_sev: dict[str, dict] = {}
    missed, unmatched, mismatches, per = [], [], [], []
    for k, item in enumerate(pairs):
        name = f"#{k + 1}"
        if isinstance(item, dict) and "overall" in item:
            rep = item
        elif len(item) == 2 and isinstance(item[1], dict) and "overall" in item[1]:
            name, rep = item
        elif len(item) == 4:
            name, res, gold, text = item
            rep = evaluate(res, gold, text, **options)
        elif len(item) == 3:
            res, gold, text = item
            rep = evaluate(res, gold, text, **options)
        else:
            raise TypeError("evaluate_many: each item is (result, gold, text), (name, result, gold, text), "
                            "a report or (name, report)")
        for key in _COUNT_KEYS:
            overall[key] += rep["overall"][key]
            any_view[key] += rep["overall_any"][key]
        for c, v in rep["by_category"].items():
            d = by_cat.setdefault(c, dict.fromkeys(_COUNT_KEYS, 0))
            for key in _COUNT_KEYS:
                d[key] += v[key]
        for key in _CHAR_KEYS:
            char[key] += rep["char"][key]
        for sev, v in rep["char"]["by_severity"].items():
            d = by_sev.setdefault(sev, dict.fromkeys(_CHAR_KEYS, 0))
            for key in _CHAR_KEYS:
                d[key] += v[key]
        missed += [{"fixture": name, **m} for m in rep["missed"]]
        unmatched += [{"fixture": name, **u} for u in rep["unmatched"]]
        mismatches += [{"fixture": name, **u} for u in rep.get("offset_mismatches", [])]
        per.append({"fixture": name, **rep["overall"]})
    return {
        "options": options,
        "overall": _metrics(overall),
        "overall_any": _metrics(any_view),
        "by_category": {k: _metrics(v) for k, v in sorted(by_cat.items())},
        "char": {**_char_metrics(char),
                 "by_severity": {s: _char_metrics(v) for s, v in sorted(by_sev.items(),
                                                                         key=lambda x: SEVERITY_RANK[x[0]])}},
        "fixtures": per,
        "missed": missed,
        "unmatched": unmatched,
        "offset_mismatches": mismatches,
    }


def _fmt(x: Optional[float]) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def format_table(report: dict) -> str:
    """A plain-text table of an `evaluate` or `evaluate_many` report (no colours, no width tricks)."""
    head = f"{'category':<16}{'gold':>6}{'found':>7}{'recall':>8}{'finds':>7}{'match':>7}{'ignor':>7}" \
           f"{'prec':>7}{'F1':>7}"
    lines = [head, "-" * len(head)]

    def row(label: str, c: dict) -> str:
        return (f"{label:<16}{c['gold']:>6}{c['found']:>7}{_fmt(c['recall']):>8}{c['findings']:>7}"
                f"{c['matched']:>7}{c['ignored']:>7}{_fmt(c['precision']):>7}{_fmt(c['f1']):>7}")

    for c, v in report["by_category"].items():
        lines.append(row(c, v))
    lines.append("-" * len(head))
    lines.append(row("all (same cat.)", report["overall"]))
    lines.append(row("all (any cat.)", report["overall_any"]))
    ch = report["char"]
    lines.append("")
    lines.append(f"characters: gold {ch['gold']}, predicted {ch['predicted']}, overlap {ch['overlap']}: "
                 f"P {_fmt(ch['precision']).strip()}  R {_fmt(ch['recall']).strip()}  F1 {_fmt(ch['f1']).strip()}")
    for sev, v in ch.get("by_severity", {}).items():
        lines.append(f"  {sev:<9} gold {v['gold']}, predicted {v['predicted']}, overlap {v['overlap']}: "
                     f"P {_fmt(v['precision']).strip()}  R {_fmt(v['recall']).strip()}  F1 {_fmt(v['f1']).strip()}")
    if "fixtures" in report:
        lines.append("")
        lines.append("fixtures:")
        for f in report["fixtures"]:
            lines.append(f"  {f['fixture']:<32} gold {f['gold']:>3} found {f['found']:>3}  "
                         f"findings {f['findings']:>3} matched {f['matched']:>3}")
    if report["missed"]:
        lines.append("")
        lines.append("missed gold items:")
        for m in report["missed"]:
            fx = f"{m['fixture']}: " if "fixture" in m else ""
            also = f" (found as {', '.join(m['found_as'])})" if m.get("found_as") else ""
            lines.append(f"  {fx}line {m['line']} {m['category']}/{m['severity']}: "
                         f"\u201c{_clip(m['span'])}\u201d{also}")
    if report["unmatched"]:
        lines.append("")
        lines.append("findings matching no gold item:")
        for u in report["unmatched"]:
            fx = f"{u['fixture']}: " if "fixture" in u else ""
            over = f" (overlaps gold {', '.join(u['overlaps_gold'])})" if u.get("overlaps_gold") else ""
            lines.append(f"  {fx}line {u['line']} {u['code'] or '?'} {u['category']}/{u['severity']}: "
                         f"\u201c{_clip(u['text'])}\u201d{over}")
    if report.get("offset_mismatches"):
        lines.append("")
        lines.append(f"warning: {len(report['offset_mismatches'])} finding(s) whose text differs from the "
                     f"translation at their offsets")
    return "\n".join(lines)
