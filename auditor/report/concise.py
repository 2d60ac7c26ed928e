"""One line per finding, as ruff's concise output and Vale's `line` format:

    path:line:col: CODE [*] severity “text”: message → suggestion

`[*]` marks a finding that `--fix` would fix. Lines are never wrapped, so that grep, editors
and CI log viewers read them; the path is relative to the working folder where it lies in it.
"""
from __future__ import annotations

from typing import Any, Iterable

from rich.text import Text

from ..types import SEVERITY_RANK
from .summary import Policy, Record, annotated_file, article_id, is_error

SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow", "info": "cyan"}


def _safe(s: Any) -> str:
    from .terminal import _safe as safe
    return safe(s).replace("\n", " ")


def fixable(f: dict[str, Any], unsafe_fixes: bool = False) -> bool:
    how = (f.get("fix") or {}).get("applicability")
    return how == "safe" or (unsafe_fixes and how == "unsafe")


def finding_line(rec: Record, f: dict[str, Any], unsafe_fixes: bool = False) -> Text:
    path, located = annotated_file(rec)
    t = Text()
    loc = _safe(path or article_id(rec))
    if located:
        loc += f":{f.get('line', 1)}:{f.get('column', 1)}"
    t.append(loc, style="bold blue")
    t.append(f": {f['code']}", style="bold")
    if fixable(f, unsafe_fixes):
        t.append(" [*]", style="green")
    t.append(" ")
    t.append(f["severity"], style=SEVERITY_STYLE.get(f["severity"], ""))
    t.append(" ")
    text = f.get("text") or ""
    if text and len(text) <= 80 and text not in f["message"]:
        t.append(f"“{_safe(text)}”: ")
    t.append(_safe(f["message"]))
    if f.get("suggestion"):
        t.append(" → ", style="dim")
        t.append(_safe(f["suggestion"]), style="green")
    return t


def lines(records: Iterable[Record], unsafe_fixes: bool = False) -> list[Text]:
    out: list[Text] = []
    for rec in records:
        if is_error(rec):
            e = rec.get("error", {})
            path, _ = annotated_file(rec)
            out.append(Text(f"{_safe(path or article_id(rec))}: error: not audited "
                            f"({_safe(e.get('kind'))}): {_safe(e.get('message'))}"))
            continue
        fs = sorted(rec.get("findings", []),
                    key=lambda f: (f.get("start", 0), -SEVERITY_RANK[f["severity"]], f["code"]))
        out.extend(finding_line(rec, f, unsafe_fixes) for f in fs)
    return out


def render(records: list[Record], policy: Policy, unsafe_fixes: bool = False, **_: Any) -> str:
    """The lines, then one line of totals (a feed) - plain text, for a file or a pipe."""
    out = [t.plain for t in lines(records, unsafe_fixes)]
    n = sum(len(r.get("findings", [])) for r in records if not is_error(r))
    failing = sum(1 for r in records if policy.status(r) == "fail")
    errors = sum(1 for r in records if is_error(r))
    fix = sum(1 for r in records for f in r.get("findings", []) if fixable(f, unsafe_fixes))
    tail = (f"{n} finding{'s' if n != 1 else ''} in {len(records)} article{'s' if len(records) != 1 else ''}; "
            f"{failing} failing at {policy.describe()}" + (f", {errors} not audited" if errors else "")
            + (f"; [*] {fix} fixable with auditor audit --fix" if fix else ""))
    return "\n".join(out + [tail]) + "\n"
