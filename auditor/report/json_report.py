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
    """json.dumps(obj, ensure_ascii=False, indent=2), the same text, several times faster: the
    standard library writes indented JSON with its pure-Python encoder, one Python call per value
    (a 100 KB article of 50,000 one-line paragraphs gives a 30 MB report: seconds there). Here
    each run of plain values (str, int, float, bool, None) of a container is written by the C
    encoder that json.dumps uses without indent, laid out with the separator of its depth;
    only the nested containers are walked in Python. Anything but JSON's own types, or without
    the C encoder, goes to json.dumps."""
    if json.encoder.c_make_encoder is None:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    out: list[str] = []
    try:
        _write(obj, "\n", out)
    except _Unsupported:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


class _Unsupported(Exception):
    pass


_str = json.encoder.encode_basestring        # the C function where there is one, as json.dumps uses
_PLAIN = frozenset((str, int, float, bool, type(None)))
_encoders: dict[str, Any] = {}


def _no_default(o: Any) -> Any:
    raise _Unsupported


def _encoder(inner: str) -> Any:
    """The C encoder that writes the items of a container of plain values separated by
    ",\n" and the indent `inner`, keys as "key": value, NaN and infinities as json.dumps does."""
    enc = _encoders.get(inner)
    if enc is None:
        enc = _encoders[inner] = json.encoder.c_make_encoder(
            None, _no_default, _str, None, ": ", "," + inner, False, False, True)
    return enc


def _run(run: Any, inner: str) -> str:
    """The items of `run` (a dict or list of plain values) as indented JSON, without brackets."""
    try:
        return "".join(_encoder(inner)(run, 0))[1:-1]
    except TypeError:               # a key JSON cannot have: json.dumps raises its own error
        raise _Unsupported from None


def _write(o: Any, nl: str, out: list[str]) -> None:
    if type(o) in _PLAIN:
        out.append(_run([o], nl))
        return
    inner = nl + "  "
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        sep = "{" + inner
        run: dict = {}
        for k, v in o.items():
            if type(v) in _PLAIN:
                run[k] = v
                continue
            if run:
                out.append(sep + _run(run, inner))
                sep = "," + inner
                run = {}
            if not isinstance(k, str):
                k = _run({k: 0}, inner)[:-3]   # the key as json.dumps writes it
            else:
                k = _str(k)
            out.append(sep + k + ": ")
            _write(v, inner, out)
            sep = "," + inner
        if run:
            out.append(sep + _run(run, inner))
        out.append(nl + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        sep = "[" + inner
        items: list = []
        for v in o:
            if type(v) in _PLAIN:
                items.append(v)
                continue
            if items:
                out.append(sep + _run(items, inner))
                sep = "," + inner
                items = []
            out.append(sep)
            _write(v, inner, out)
            sep = "," + inner
        if items:
            out.append(sep + _run(items, inner))
        out.append(nl + "]")
    else:
        raise _Unsupported
