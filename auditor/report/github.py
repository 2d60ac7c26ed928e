"""GitHub Actions workflow commands: one annotation per finding (and per article
that could not be audited), shown on the changed file in a pull request.
https://docs.github.com/actions/reference/workflow-commands-for-github-actions"""
from __future__ import annotations

from typing import Any

from .safe import visible
from .summary import Policy, Record, annotated_file, article_id, is_error, sorted_findings

COMMAND = {"critical": "error", "major": "error", "minor": "warning", "info": "notice"}
MAX_PER_RUN = 1000   # GitHub shows 10 errors, 10 warnings per step anyway; keep the log sane


def _data(s: str) -> str:
    s = visible(s, keep="\r\n")   # ANSI escapes, C1, bidi: never raw in a CI log
    s = s.replace("\u2028", "\ufffd").replace("\u2029", "\ufffd")   # a viewer may break the line there
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def _cmd(kind: str, message: str, **props: Any) -> str:
    p = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items() if v not in (None, ""))
    return f"::{kind} {p}::{_data(message)}" if p else f"::{kind}::{_data(message)}"


def render(records: list[Record], policy: Policy, **_: Any) -> str:
    out: list[str] = []
    for rec in records:
        path, located = annotated_file(rec)
        if is_error(rec):
            e = rec.get("error", {})
            out.append(_cmd("error", f"{article_id(rec)}: not audited ({e.get('kind')}): {e.get('message')}",
                            file=path, title="auditor: unreadable item"))
            continue
        for f in sorted_findings(rec):
            msg = f["message"]
            text = f.get("text", "")
            if text and len(text) <= 120:
                msg = f"“{text}”: {msg}"
            if f.get("suggestion"):
                msg += f" → {f['suggestion']}"
            if not located:
                msg = f"[{article_id(rec)}] {msg}"
            props: dict[str, Any] = {"file": path}
            if located:
                props["line"] = f["line"]
                if f.get("end_line") != f["line"]:
                    props["endLine"] = f.get("end_line")
                props["col"] = f["column"]
                if f.get("end_line") == f["line"]:
                    props["endColumn"] = f.get("end_column")
            props["title"] = f"{f['code']} {f['category']} ({f['severity']})"
            out.append(_cmd(COMMAND[f["severity"]], msg, **props))
    if len(out) > MAX_PER_RUN:
        dropped = len(out) - MAX_PER_RUN
        out = out[:MAX_PER_RUN] + [_cmd("warning", f"{dropped} more annotations not shown; see the full report")]
    return "".join(line + "\n" for line in out)
