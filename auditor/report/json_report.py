"""The AuditResult JSON contract (schema_version 1.0). Renderers never recompute."""
from __future__ import annotations

import json
from typing import Any

from ..fixes import fix_dict
from .safe import json_safe
from ..types import SCHEMA_VERSION, AuditResult, Document, Finding, Segment


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


def render(r: AuditResult) -> str:
    return json_safe(dumps(to_dict(r))) + "\n"


def dumps(obj: Any) -> str:
    """json.dumps(obj, ensure_ascii=False, indent=2), the same text, about three times faster: the
    standard library writes indented JSON with its pure-Python encoder (a 100 KB article of 50,000
    one-line paragraphs spent 4 s there). Anything but JSON's own types goes to json.dumps."""
    out: list[str] = []
    try:
        _write(obj, "\n", out)
    except _Unsupported:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


class _Unsupported(Exception):
    pass


_str = json.encoder.encode_basestring        # the C function where there is one, as json.dumps uses
_INF = float("inf")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return _str(k)
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, int):
        return _str(int.__repr__(k))
    if isinstance(k, float):
        return _str(_float(k))
    raise _Unsupported


def _scalar(v: Any) -> Any:
    """The JSON text of a scalar, or None for a container (or anything else)."""
    t = type(v)
    if t is str:
        return _str(v)
    if t is int:
        return int.__repr__(v)
    if t is float:
        return _float(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, int):
        return int.__repr__(v)
    if isinstance(v, float):
        return _float(v)
    return None


def _write(o: Any, nl: str, out: list[str]) -> None:
    sc = _scalar(o)
    if sc is not None:
        out.append(sc)
        return
    inner = nl + "  "
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        sep = "{" + inner
        for k, v in o.items():
            sc = _scalar(v)
            if sc is not None:
                out.append(sep + _key(k) + ": " + sc)
            else:
                out.append(sep + _key(k) + ": ")
                _write(v, inner, out)
            sep = "," + inner
        out.append(nl + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        sep = "[" + inner
        for v in o:
            sc = _scalar(v)
            if sc is not None:
                out.append(sep + sc)
            else:
                out.append(sep)
                _write(v, inner, out)
            sep = "," + inner
        out.append(nl + "]")
    else:
        raise _Unsupported
