"""The versioned JSON contract (schema_version 1.0): an AuditResult as the dict every JSON-speaking
output is built from: the `json` report, each result record of a feed journal (plus `record`, `id`
and `item`), and the multi-article reports that read those records back.

Fields: `{"schema_version", "source", "translation", "segments", "alignment", "findings", "scores",
"signature", "notices", "errors"}`; offsets are code points into the file as read, line and column
1-based (see types.py). Adding a field keeps the version; changing or removing one bumps it.
"""
from __future__ import annotations

from typing import Any

from .fixes import fix_dict
from .types import SCHEMA_VERSION, AuditResult, Document, Finding, Segment

# one article's outcome as JSON: `to_dict(result)` (plus the feed's fields), or a feed's error record
Record = dict[str, Any]

__all__ = ["SCHEMA_VERSION", "Record", "finding_dict", "to_dict"]


def _doc(d: Document) -> dict[str, Any]:
    return {"path": d.path, "lang": d.lang, "lang_detected": d.lang_detected,
            "lang_confidence": round(d.lang_confidence, 3), "format": d.format,
            "paragraphs": len(d.paragraphs), "sentences": len(d.sentences), "words": d.word_count}


def _seg(d: Document, s: Segment, side: str) -> dict[str, Any]:
    line, col = d.line_col(s.start)
    end_line, end_col = d.line_col(max(s.start, s.end - 1))
    return {"side": side, "id": s.id, "paragraph": s.para + 1, "start": s.start, "end": s.end,
            "line": line, "column": col, "end_line": end_line, "end_column": end_col + 1,
            "text": s.text}


def finding_dict(d: Document, f: Finding) -> dict[str, Any]:
    line, col = d.line_col(f.span.start)
    end_line, end_col = d.line_col(max(f.span.start, f.span.end - 1))
    return {
        "code": f.code, "category": f.category, "severity": f.severity,
        "start": f.span.start, "end": f.span.end, "line": line, "column": col,
        "end_line": end_line, "end_column": end_col + (1 if f.span.end > f.span.start else 0),
        "text": d.text_of(f.span), "message": f.message, "suggestion": f.suggestion,
        "confidence": f.confidence, "segment": f.segment, "evidence": f.evidence,
        "fix": fix_dict(f),
    }


def to_dict(r: AuditResult) -> dict[str, Any]:
    segments = [_seg(r.source, s, "source") for s in r.source.sentences]
    for s in r.translation.sentences:
        item = _seg(r.translation, s, "translation")
        ev = r.evidence.get(s.id)
        if ev is not None:
            item["back_translation"] = ev.back_translation
            item["chrf"] = ev.chrf
            item["bleu"] = ev.bleu
            if ev.extra:
                item.update(ev.extra)
        segments.append(item)
    return {
        "schema_version": SCHEMA_VERSION,
        "source": _doc(r.source),
        "translation": _doc(r.translation),
        "segments": segments,
        "alignment": [{"source": p.src, "translation": p.tgt, "score": p.score, "kind": p.kind}
                      for p in r.alignment],
        "findings": [finding_dict(r.translation, f) for f in r.findings],
        "scores": r.scores,
        "signature": r.signature,
        "notices": r.notices,
        "errors": [{k: v for k, v in e.items() if k != "traceback"} for e in r.errors],
    }
