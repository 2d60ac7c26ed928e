"""Renderers: one module per output format, all fed the same records.

`render(result_or_results, fmt)` turns one `AuditResult` (the `audit` command) or
a list of results and error records (the `feed` command) into the text of one
format. No renderer recomputes anything: they read the JSON contract
(`json_report.to_dict`), so a report can be rebuilt from a JSONL journal.
"""
from __future__ import annotations

import io
import json
from typing import Any, Optional

FORMATS = ("text", "concise", "json", "jsonl", "sarif", "junit", "github", "markdown", "html")
EXTENSIONS = {"text": "txt", "concise": "concise.txt", "json": "json", "jsonl": "jsonl", "sarif": "sarif", "junit": "xml",
              "github": "github.txt", "markdown": "md", "html": "html"}
DESCRIPTIONS = {
    "text": "a coloured report (one article) or a summary table (many), for people",
    "concise": "one line per finding (path:line:col: CODE message), as ruff's concise output",
    "json": "the AuditResult contract (one article), or {summary, results} (many)",
    "jsonl": "one AuditResult or error record per line",
    "sarif": "SARIF 2.1.0 for code scanning: a result per finding, with rule metadata",
    "junit": "JUnit XML: a test case per article, failed at or above --fail-on",
    "github": "GitHub Actions annotations (::error file=...,line=...::)",
    "markdown": "a summary for a pull-request comment or $GITHUB_STEP_SUMMARY",
    "html": "one self-contained page: side by side, highlighted, filterable",
}


def render(result_or_results: Any, fmt: str, *, fail_on: Optional[str] = None, config: Any = None,
           policy: Any = None, width: int = 120, **kw: Any) -> str:
    """The report in `fmt` for one AuditResult / record, or for a list of them."""
    from ..types import AuditResult
    from .safe import json_safe
    from .summary import Policy, as_records

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    policy = policy or Policy.from_config(fail_on, config)
    single = isinstance(result_or_results, (AuditResult, dict))
    if fmt == "text":
        if isinstance(result_or_results, AuditResult):
            from rich.console import Console

            from . import terminal
            buf = io.StringIO()
            terminal.render(result_or_results, Console(file=buf, width=width, no_color=True,
                                                      highlight=False), details=kw.get("details", True),
                            fail_on=fail_on or "major", unsafe_fixes=kw.get("unsafe_fixes", False),
                            show_clean=kw.get("show_clean", False))
            return buf.getvalue()
        from . import table
        return table.render(as_records(result_or_results), policy, width=width)
    if fmt == "json":
        if single:
            if isinstance(result_or_results, AuditResult):
                from . import json_report
                return json_report.render(result_or_results)
            return json_safe(json.dumps(result_or_results, ensure_ascii=False, indent=2)) + "\n"
        from .summary import summarize
        recs = as_records(result_or_results)
        doc = {"schema_version": "1.0", "summary": summarize(recs, policy), "results": recs}
        if kw.get("run_info"):
            doc["run"] = kw["run_info"]
        return json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
    recs = as_records(result_or_results)
    if fmt == "concise":
        from . import concise
        return concise.render(recs, policy, unsafe_fixes=kw.get("unsafe_fixes", False))
    if fmt == "jsonl":
        from . import jsonl
        return jsonl.render(recs)
    if fmt == "sarif":
        from . import sarif
        return sarif.render(recs, policy)
    if fmt == "junit":
        from . import junit
        return junit.render(recs, policy)
    if fmt == "github":
        from . import github
        return github.render(recs, policy)
    if fmt == "markdown":
        from . import markdown
        return markdown.render(recs, policy, **{k: v for k, v in kw.items() if k == "max_chars"})
    from . import html
    return html.render(recs, policy, **{k: v for k, v in kw.items() if k in ("title", "generated")})


__all__ = ["FORMATS", "EXTENSIONS", "DESCRIPTIONS", "render"]
