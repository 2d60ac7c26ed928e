"""The `json` report: the JSON contract (auditor/contract.py) written out. Renderers never recompute."""
from __future__ import annotations

import json
from typing import Any

from ..contract import finding_dict, to_dict
from ..gcpause import paused_gc
from ..types import AuditResult
from .safe import json_safe

__all__ = ["dumps", "finding_dict", "render", "to_dict"]   # to_dict, finding_dict: the contract's, re-exported


@paused_gc
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
    if getattr(json.encoder, "c_make_encoder", None) is None:
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
        enc = _encoders[inner] = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
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
