"""The `json` report: the JSON contract (auditor/contract.py) written out. Renderers never recompute."""
from __future__ import annotations

import json
from typing import Any

from ..contract import finding_dict, to_dict
from ..types import AuditResult
from .safe import json_safe

__all__ = ["dumps", "finding_dict", "render", "to_dict"]   # to_dict, finding_dict: the contract's, re-exported


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
