"""`auditor checks` and `auditor explain CODE`: the rules, listed and explained."""
from __future__ import annotations

import json

import typer
from rich.console import Console

from .app import app, fail


FIX_WORDS = {"safe": "safe fix", "unsafe": "unsafe fix", "none": ""}


@app.command()
def checks(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable list."),
):
    """List the checks: code, name, category, default severity, languages, evidence needed, fix."""
    from rich.text import Text

    from auditor.checks.base import load_all
    from auditor.report.terminal import emit
    reg = load_all()
    if as_json:
        typer.echo(json.dumps([{
            "code": c.info.code, "name": c.info.name, "category": c.info.category,
            "severity": c.info.severity, "summary": c.info.summary,
            "languages": list(c.info.languages), "needs": list(c.info.needs), "fix": c.info.fix}
            for c in reg.values()], ensure_ascii=False, indent=2))
        return
    # two lines a check, whatever the width: code, name, category, severity, languages; then the
    # summary with what it needs and whether it fixes (80 columns: no column cut, no padding)
    con = Console(highlight=False)
    name_w = max(len(c.info.name) for c in reg.values())
    emit(con, Text(f"{len(reg)} checks; `auditor explain CODE` tells more", style="bold"))
    for c in reg.values():
        i = c.info
        head = Text()
        head.append(f"{i.code}  ", style="bold")
        head.append(f"{i.name:<{name_w}}  ")
        head.append(f"{i.category:<14} ", style="italic")
        head.append(f"{i.severity:<8} ")
        head.append(" ".join(i.languages) or "any language", style="dim")
        emit(con, head, hang=8)
        extra = [f"needs {', '.join(n.replace('_', '-') for n in i.needs)}"] if i.needs else []
        if i.fix != "none":
            extra.append(FIX_WORDS[i.fix])
        body = Text(i.summary.rstrip("."))
        if extra:
            body.append(f" [{'; '.join(extra)}]", style="dim")
        emit(con, body, indent=8)


@app.command()
def explain(code: str = typer.Argument(..., metavar="CODE", help="A check code, e.g. AUD101.")):
    """Explain what a check looks for, and why."""
    from auditor.checks.base import load_all
    reg = load_all()
    c = reg.get(code.strip().upper())
    if c is None:
        raise fail(f"unknown check code {code!r}; `auditor checks` lists them")
    i = c.info
    fix = {"safe": "safe (applied by --fix)", "unsafe": "unsafe (applied by --fix --unsafe-fixes)",
           "none": "none"}[i.fix]
    if i.fix == "safe" and i.fix_safe_from:
        fix += f" from confidence {i.fix_safe_from:g}, unsafe below"
    typer.echo(f"{i.code} {i.name}  [{i.category}, {i.severity}]\n\n{i.summary}\n\n{i.explanation}\n\n"
               f"languages: {', '.join(i.languages) or 'any'}\nneeds: {', '.join(i.needs) or 'no model'}\n"
               f"fix: {fix}")
