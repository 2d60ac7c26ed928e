"""A Markdown summary, fit for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
totals, a table per language, a table per article, and the findings of the
articles that fail, folded. Everything taken from an article is escaped."""
from __future__ import annotations

import re
from typing import Any

from .safe import visible
from .summary import Policy, Record, annotated_file, is_error, sorted_findings, summarize

STATUS = {"pass": "✅ pass", "fail": "❌ fail", "error": "⚠️ error"}
# GitHub refuses comments over 65536 characters; keep well under.
DEFAULT_MAX_CHARS = 60000
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def esc(s: Any) -> str:
    """Text safe inside a Markdown table cell: no markup, no HTML, one line."""
    s = visible(("" if s is None else str(s)).replace("\r", " "))   # no terminal or bidi control
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _cut(s: str, n: int = 80) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def render(records: list[Record], policy: Policy, max_chars: int = DEFAULT_MAX_CHARS, **_: Any) -> str:
    summ = summarize(records, policy)
    tot = summ["total"]
    head: list[str] = []
    verdict = "❌" if tot["failed"] or tot["errors"] else "✅"
    head.append(f"## {verdict} auditor: {tot['articles']} article{'s' if tot['articles'] != 1 else ''}, "
                f"{tot['failed']} failing, {tot['errors']} not audited")
    head.append("")
    fc = tot["findings"]
    head.append(f"Findings: **{fc['critical']} critical**, **{fc['major']} major**, {fc['minor']} minor, "
                f"{fc['info']} info. An article fails at **{policy.describe()}** or above"
                + (", or under its language's minimum MQM score" if policy.min_mqm else "") + ".")
    head.append("")
    head.append("| language | articles | passed | failed | errors | mean MQM | critical | major | minor | info |")
    head.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for lang, t in summ["languages"].items():
        f = t["findings"]
        mm = "–" if t["mean_mqm"] is None else f"{t['mean_mqm']:.1f}"
        head.append(f"| {esc(lang)} | {t['articles']} | {t['passed']} | {t['failed']} | {t['errors']} | {mm} "
                    f"| {f['critical']} | {f['major']} | {f['minor']} | {f['info']} |")
    head.append("")
    # the articles, worst first
    order = {"error": 0, "fail": 1, "pass": 2}
    arts = sorted(zip(summ["articles"], records),
                  key=lambda ar: (order[ar[0]["status"]], ar[0]["mqm"] if ar[0]["mqm"] is not None else -1))
    rows = ["| article | lang | status | MQM | critical | major | minor | info |",
            "|---|---|---|--:|--:|--:|--:|--:|"]
    for a, _ in arts:
        f = a["findings"]
        mqm = "–" if a["mqm"] is None else f"{a['mqm']:.1f}"
        rows.append(f"| {esc(_cut(a['id'], 60))} | {esc(a['lang'])} | {STATUS[a['status']]} | {mqm} "
                    f"| {f['critical']} | {f['major']} | {f['minor']} | {f['info']} |")
    if sum(len(r) + 1 for r in rows) > max_chars // 2:
        passing = sum(1 for a, _ in arts if a["status"] == "pass")
        rows = rows[:2] + [r for r, (a, _) in zip(rows[2:], arts) if a["status"] != "pass"]
        rows.append(f"| _{passing} passing articles not listed_ | | | | | | | |")
        while sum(len(r) + 1 for r in rows) > max_chars // 2 and len(rows) > 3:
            rows.pop(-2)
    details: list[str] = []
    for a, rec in arts:
        if a["status"] == "pass":
            continue
        block = [f"<details><summary>{esc(_cut(a['id'], 100))} ({esc(a['lang'])}): {esc(a['reason'])}</summary>", ""]
        if is_error(rec):
            block.append(f"Not audited: {esc(rec.get('error', {}).get('message', ''))}")
        else:
            path, located = annotated_file(rec)
            block.append("| where | severity | code | text | message |")
            block.append("|---|---|---|---|---|")
            for f in sorted_findings(rec):
                where = f"{esc(path)}:{f['line']}:{f['column']}" if located else esc(path)
                msg = f["message"] + (f" → {f['suggestion']}" if f.get("suggestion") else "")
                block.append(f"| {where} | {f['severity']} | {f['code']} {esc(f['category'])} "
                             f"| {esc(_cut(f.get('text', ''), 80))} | {esc(msg)} |")
        block += ["", "</details>", ""]
        details.append("\n".join(block))
    out = "\n".join(head) + "\n" + "\n".join(rows) + "\n\n"
    budget = max_chars - len(out) - 200
    shown = 0
    for d in details:
        if len(d) > budget:
            break
        out += d + "\n"
        budget -= len(d) + 1
        shown += 1
    if shown < len(details):
        out += (f"\n_{len(details) - shown} more failing article(s) not detailed here (size limit); "
                f"see the full report (HTML, SARIF or JSON)._\n")
    return out
