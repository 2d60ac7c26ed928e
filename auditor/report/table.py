"""The summary table of a feed run, for people: one row per article, totals per language.

Laid out at render time for the console's width (80 columns in CI logs and pipes): the numbers
keep their columns, the article name folds onto more lines rather than being cut, the reason an
article fails goes on a line of its own under it, and no line ends in spaces.
"""
from __future__ import annotations

import io
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from .safe import visible
from .summary import COUNTED, Policy, Record, summarize

STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
SHORT = {"critical": "crit", "major": "maj", "minor": "min", "info": "info"}
SEV_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow", "info": "cyan"}


def _fold(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` characters, cut after a '/', '-' or '_' where one is near."""
    out: list[str] = []
    while len(text) > width:
        cut = max((text.rfind(c, 0, width) for c in "/-_."), default=-1)
        cut = cut + 1 if cut >= width // 2 else width
        out.append(text[:cut])
        text = text[cut:]
    return out + [text]


class _Columns:
    """A table of fixed-width columns: (header, width, right-aligned) each; the first is folded."""

    def __init__(self, cols: list[tuple[str, int, bool]]):
        self.cols = cols

    def row(self, cells: list[Any]) -> list[Text]:
        first = _fold(str(cells[0]), self.cols[0][1])
        lines = []
        for k, piece in enumerate(first):
            t = Text(f"{piece:<{self.cols[0][1]}}")
            if k == 0:
                for (_, w, right), cell in zip(self.cols[1:], cells[1:]):
                    c = cell if isinstance(cell, Text) else Text(str(cell))
                    pad = " " * max(0, w - c.cell_len)
                    t.append("  ")
                    t.append_text(Text(pad) + c if right else c + Text(pad))
            t.rstrip()
            lines.append(t)
        return lines

    def header(self) -> list[Text]:
        head = self.row([h for h, _, _ in self.cols])
        for h in head:
            h.stylize("bold")
        return head + [Text("─" * sum(w + 2 for _, w, _ in self.cols[1:]) + "─" * self.cols[0][1], style="dim")]


class SummaryTable:
    """The per-article table (problems only in a very long feed), fitted to the console's width."""

    def __init__(self, records: list[Record], policy: Policy, max_rows: int = 500):
        self.summ = summarize(records, policy)
        self.policy = policy
        rows = self.summ["articles"]
        if len(rows) > max_rows:   # a very long feed: show the problems only
            rows = [a for a in rows if a["status"] != "pass"][:max_rows]
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .terminal import _breaks
        rows = self.rows
        n = len(self.summ["articles"])
        with_chrf = any(a["chrf"] is not None for a in rows)
        lang_w = max([4] + [len(a["lang"]) for a in rows])
        fixed: list[tuple[str, int, bool]] = [("lang", lang_w, False), ("status", 6, False), ("MQM", 5, True)]
        if with_chrf:
            fixed.append(("chrF", 5, True))
        fixed += [(SHORT[s], 4, True) for s in COUNTED]
        used = sum(w + 2 for _, w, _ in fixed)
        art_w = max(12, min(60, options.max_width - used, max([7] + [len(a["id"]) for a in rows])))
        table = _Columns([("article", art_w, False)] + fixed)
        out: list[Text] = [Text(f"{n} article{'s' if n != 1 else ''}", style="bold")]
        out += table.header()
        for a in rows:
            f = a["findings"]
            # every cell from the records shown safe: controls (ESC, CR) and bidi characters of a
            # manifest id never reach the terminal raw (cells are Text: never read as markup)
            cells: list[Any] = [visible(a["id"], one_line=True), Text(visible(a["lang"], one_line=True)),
                                Text(a["status"], style=STATUS_STYLE[a["status"]]),
                                "–" if a["mqm"] is None else f"{a['mqm']:.1f}"]
            if with_chrf:
                cells.append("–" if a["chrf"] is None else f"{a['chrf']:.1f}")
            cells += [Text(str(f[s]), style=SEV_STYLE[s] if f[s] else "dim") for s in COUNTED]
            out += table.row(cells)
            if a["status"] != "pass" and a["reason"]:
                width = max(20, options.max_width - 4)
                reason = visible(a["reason"], one_line=True)
                for k, (s, e) in enumerate(_breaks(reason, width, width)):
                    out.append(Text(("  ↳ " if k == 0 else "    ") + reason[s:e], style="dim"))
        if len(rows) < n:
            out.append(Text(f"({n - len(rows)} more articles not listed)", style="dim"))
        out.append(Text(""))
        out.append(Text("per language", style="bold"))
        langs = _Columns([("lang", max([4] + [len(x) for x in self.summ["languages"]]), False),
                          ("articles", 8, True), ("passed", 6, True), ("failed", 6, True), ("errors", 6, True),
                          ("mean MQM", 8, True), *((SHORT[s], 4, True) for s in COUNTED)])
        out += langs.header()
        for lang, t in self.summ["languages"].items():
            out += langs.row([Text(visible(lang, one_line=True)), t["articles"], t["passed"], t["failed"], t["errors"],
                              "–" if t["mean_mqm"] is None else f"{t['mean_mqm']:.1f}",
                              *[t["findings"][s] for s in COUNTED]])
        tot = self.summ["total"]
        out += langs.row([Text("all", style="bold"), tot["articles"], tot["passed"], tot["failed"], tot["errors"],
                          "", *[tot["findings"][s] for s in COUNTED]])
        yield Text("\n").join(out)


def _verdict(records: list[Record], policy: Policy) -> Text:
    tot = summarize(records, policy)["total"]
    verdict = Text()
    if tot["failed"] or tot["errors"]:
        verdict.append("FAIL", style="bold red")
        verdict.append(f": {tot['failed']} of {tot['articles']} articles failing at {policy.describe()} or above, "
                       f"{tot['errors']} not audited")
    else:
        verdict.append("PASS", style="bold green")
        verdict.append(f": all {tot['articles']} articles pass at {policy.describe()}")
    return verdict


def renderables(records: list[Record], policy: Policy, max_rows: int = 500) -> list[Any]:
    return [SummaryTable(records, policy, max_rows), Text(""), _verdict(records, policy)]


def render(records: list[Record], policy: Policy, width: int = 120) -> str:
    buf = io.StringIO()
    con = Console(file=buf, width=width, no_color=True, highlight=False)
    for r in renderables(records, policy):
        con.print(r)
    return buf.getvalue()
