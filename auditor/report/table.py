"""The summary table of a feed run, for people: one row per article, totals per language."""
from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .safe import visible
from .summary import COUNTED, Policy, Record, summarize

STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
SHORT = {"critical": "crit", "major": "maj", "minor": "min", "info": "info"}
SEV_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow", "info": "cyan"}


def renderables(records: list[Record], policy: Policy, max_rows: int = 500) -> list[Any]:
    summ = summarize(records, policy)
    arts = Table(title=f"{len(records)} article{'s' if len(records) != 1 else ''}", title_justify="left",
                 box=box.SIMPLE_HEAD, pad_edge=False)
    rows = summ["articles"]
    if len(rows) > max_rows:   # a very long feed: show the problems only
        rows = [a for a in rows if a["status"] != "pass"][:max_rows]
    with_chrf = any(a["chrf"] is not None for a in rows)
    with_why = any(a["status"] != "pass" for a in rows)
    arts.add_column("article", overflow="fold", min_width=24, max_width=60, ratio=3)
    arts.add_column("lang", no_wrap=True)
    arts.add_column("status", no_wrap=True)
    arts.add_column("MQM", justify="right", no_wrap=True)
    if with_chrf:
        arts.add_column("chrF", justify="right", no_wrap=True)
    for s in COUNTED:
        arts.add_column(SHORT[s], justify="right", no_wrap=True)
    if with_why:
        arts.add_column("why", overflow="fold", ratio=2)
    for a in rows:
        f = a["findings"]
        # every cell from the records a Text: a plain str would be read as console markup
        # ("[link=...]" in a manifest id), and controls of an id never reach the terminal raw
        cells: list[Any] = [Text(visible(a["id"], one_line=True)), Text(visible(a["lang"], one_line=True)),
                            Text(a["status"], style=STATUS_STYLE[a["status"]]),
                            "–" if a["mqm"] is None else f"{a['mqm']:.1f}"]
        if with_chrf:
            cells.append("–" if a["chrf"] is None else f"{a['chrf']:.1f}")
        cells += [Text(str(f[s]), style=SEV_STYLE[s] if f[s] else "dim") for s in COUNTED]
        if with_why:
            cells.append(Text(visible(a["reason"], one_line=True)) if a["status"] != "pass" else "")
        arts.add_row(*cells)
    langs = Table(title="per language", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("lang", "articles", "passed", "failed", "errors", "mean MQM", *(SHORT[s] for s in COUNTED)):
        langs.add_column(col, justify="left" if col == "lang" else "right")
    for lang, t in summ["languages"].items():
        langs.add_row(Text(visible(lang, one_line=True)), str(t["articles"]), str(t["passed"]), str(t["failed"]), str(t["errors"]),
                      "–" if t["mean_mqm"] is None else f"{t['mean_mqm']:.1f}",
                      *[str(t["findings"][s]) for s in COUNTED])
    tot = summ["total"]
    langs.add_row(Text("all", style="bold"), str(tot["articles"]), str(tot["passed"]), str(tot["failed"]),
                  str(tot["errors"]), "", *[str(tot["findings"][s]) for s in COUNTED])
    out: list[Any] = [arts]
    if len(rows) < len(summ["articles"]):
        out.append(Text(f"({len(summ['articles']) - len(rows)} more articles not listed)", style="dim"))
    out.append(langs)
    verdict = Text()
    if tot["failed"] or tot["errors"]:
        verdict.append(f"{tot['failed']} failing at {policy.describe()} or above, {tot['errors']} not audited",
                       style="bold red")
    else:
        verdict.append(f"all {tot['articles']} articles pass at {policy.describe()}", style="bold green")
    out.append(verdict)
    return out


def render(records: list[Record], policy: Policy, width: int = 120) -> str:
    buf = io.StringIO()
    con = Console(file=buf, width=width, no_color=True, highlight=False)
    for r in renderables(records, policy):
        con.print(r)
    return buf.getvalue()
