"""The reviewer's report: a coloured, paragraph-by-paragraph view in the terminal."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..types import SEVERITY_RANK, AuditResult, Finding

from .safe import visible

# Control characters of the article (ESC, CR, C1...) would drive the terminal, bidi controls
# reorder what is shown: each is shown as one visible character instead (the Unicode control
# pictures, or U+FFFD), so offsets still match.
_safe = visible


SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow", "info": "cyan"}
HIGHLIGHT = {"critical": "bold white on red", "major": "black on bright_red",
             "minor": "black on yellow", "info": "black on cyan"}


def _score_line(r: AuditResult) -> Text:
    s = r.scores
    counts = s.get("findings_by_severity", {})
    t = Text()
    sc = s.get("score")
    if sc:
        v = sc["article"]
        t.append("Score ", style="bold")
        t.append(f"{v:.1f}", style="bold green" if v >= 85 else "bold yellow" if v >= 65 else "bold red")
        t.append(f"/100  ({'+'.join(sc.get('present', []))}"
                 + ("; penalties only, no model evidence" if sc.get("note") else "") + ")   ")
    mqm = s.get("mqm", 100.0)
    style = "bold green" if mqm >= 90 else "bold yellow" if mqm >= 70 else "bold red"
    t.append("MQM score ", style="bold")
    t.append(f"{mqm:.1f}", style=style)
    t.append(f"/100  (penalty {s.get('penalty', 0):g} over {s.get('words', 0)} words)")
    if s.get("chrf") is not None:
        t.append("   back-translation chrF++ ", style="bold")
        t.append(f"{s['chrf']:.1f}")
        t.append(f"  BLEU {s['bleu']:.1f}")
    t.append("\n")
    total = sum(counts.values())
    t.append(f"{total} finding{'s' if total != 1 else ''}: ")
    parts = [(k, counts.get(k, 0)) for k in ("critical", "major", "minor", "info")]
    for i, (k, n) in enumerate(parts):
        if i:
            t.append(", ")
        t.append(f"{n} {k}", style=SEVERITY_STYLE[k] if n else "dim")
    return t


def _header(r: AuditResult) -> Panel:
    src, tgt = r.source, r.translation
    t = Text()
    t.append("translation ", style="dim")
    t.append(_safe(tgt.path), style="bold")
    t.append(f"  [{_safe(tgt.lang)}]")
    if tgt.lang_detected and tgt.lang_detected != tgt.lang:
        t.append(f" (reads as {tgt.lang_detected})", style="red")
    t.append("\nsource      ", style="dim")
    t.append(_safe(src.path), style="bold")
    t.append(f"  [{_safe(src.lang)}]\n")
    t.append_text(_score_line(r))
    bt = r.signature.get("back_translation")
    if bt:
        models = _safe(" → ".join(f"{m['id']} ({m['licence']})" for m in bt.get("models", [])))
        t.append(f"\nback-translation: {models}", style="dim")
    return Panel(t, title="auditor", title_align="left", border_style="blue")


def _paragraph_view(r: AuditResult, console_width: int) -> list:
    doc = r.translation
    by_para: dict[int, list[Finding]] = {}
    para_of_offset = [(p.start, p.end, p.index) for p in doc.paragraphs]
    for f in r.findings:
        for s, e, i in para_of_offset:
            if s <= f.span.start < e or (f.span.start == f.span.end == e):
                by_para.setdefault(i, []).append(f)
                break
    src_by_id = {s.id: s for s in r.source.sentences}
    pair_of = {t: p for p in r.alignment for t in p.tgt}
    out: list = []
    for p in doc.paragraphs:
        fs = by_para.get(p.index, [])
        line, _ = doc.line_col(p.start)
        kinds = {pair_of[s.id].kind for s in p.sentences if s.id in pair_of}
        label = Text(f"¶{p.index + 1}  line {line}", style="bold blue")
        if "boilerplate" in kinds:
            label.append("  boilerplate", style="cyan")
        elif "unaligned_translation" in kinds:
            label.append("  no source counterpart", style="red")
        body = Text(_safe(p.text))
        for f in sorted(fs, key=lambda f: SEVERITY_RANK[f.severity]):
            i0 = _local(p, f.span.start)
            i1 = _local(p, f.span.end)
            if i1 > i0:
                body.stylize(HIGHLIGHT[f.severity], i0, i1)
        items: list = [label, Padding(body, (0, 0, 0, 2))]
        for f in sorted(fs, key=lambda f: (-SEVERITY_RANK[f.severity], f.span.start)):
            items.append(Padding(_finding_text(r, f), (0, 0, 0, 4)))
        # source and back-translation beside suspect sentences
        suspect = {f.segment for f in fs if f.segment and f.severity != "info"}
        for s in p.sentences:
            if s.id not in suspect:
                continue
            pair = pair_of.get(s.id)
            src_text = " ".join(src_by_id[i].text for i in pair.src) if pair else ""
            ctx = Text()
            ctx.append("source  ", style="dim bold")
            ctx.append(_safe(src_text) or "(no aligned source sentence)", style="green" if src_text else "red")
            ev = r.evidence.get(s.id)
            if ev is not None and ev.back_translation is not None:
                ctx.append("\nback-tr ", style="dim bold")
                ctx.append(_safe(ev.back_translation), style="magenta")
                if ev.chrf is not None:
                    ctx.append(f"  (chrF++ {ev.chrf:.1f})", style="dim")
            if len(p.sentences) > 1:
                ctx = Text(f"[{s.id}] ", style="dim").append_text(ctx)
            items.append(Padding(ctx, (0, 0, 0, 4)))
        out.append(Group(*items))
        out.append(Text(""))
    # source paragraphs that nothing in the translation covers
    missing = [i for pair in r.alignment if pair.kind == "unaligned_source" for i in pair.src]
    if missing:
        t = Text("source sentences with no counterpart in the translation:\n", style="bold red")
        for sid in missing:
            t.append(f"  {sid}: {_safe(src_by_id[sid].text)}\n")
        out.append(t)
    return out


def _local(p, offset: int) -> int:
    import bisect
    return bisect.bisect_left(p.offsets, offset)


def _finding_text(r: AuditResult, f: Finding) -> Text:
    t = Text()
    t.append("▲ " if f.severity != "info" else "ℹ ", style=SEVERITY_STYLE[f.severity])
    t.append(f"{f.code} ", style="bold")
    t.append(f"{f.severity} ", style=SEVERITY_STYLE[f.severity])
    t.append(f"{f.category}  ", style="italic")
    text = r.translation.text_of(f.span)
    if text and len(text) <= 80 and text not in f.message:
        t.append(f"“{_safe(text)}” ", style="bold")
    t.append(_safe(f.message))
    if f.suggestion:
        t.append("  → ", style="dim")
        t.append(_safe(f.suggestion), style="green")
    if f.confidence < 1.0:
        t.append(f"  (confidence {f.confidence:.2f})", style="dim")
    places = f.evidence.get("places") if isinstance(f.evidence, dict) else None
    if places:      # a finding about several places (AUD503): each with line:column
        t.append("\n  places: ", style="dim")
        t.append(_safe(" · ".join(f"{p.get('line')}:{p.get('column')} “{p['text']}”" if p.get("text")
                                  else f"{p.get('line')}:{p.get('column')}" for p in places)), style="dim")
    return t


def _table(r: AuditResult, with_message: bool) -> Table:
    table = Table(title="Findings", title_justify="left", show_lines=False)
    name = Path(r.translation.path).name
    table.add_column("where", no_wrap=True, style="blue", min_width=len(name) + 7)
    table.add_column("severity", no_wrap=True, min_width=8)
    table.add_column("code", no_wrap=True, min_width=6)
    table.add_column("category", no_wrap=True, min_width=14)
    table.add_column("text", overflow="ellipsis", max_width=36)
    if with_message:
        table.add_column("message", overflow="fold")
    name = Path(r.translation.path).name
    for f in r.findings:
        line, col = r.translation.line_col(f.span.start)
        text = r.translation.text_of(f.span)
        if len(text) > 60:
            text = text[:57] + "…"
        # every cell a Text: a plain str would be read as console markup ("[/red]" in an article)
        row = [Text(_safe(f"{name}:{line}:{col}")), Text(f.severity, style=SEVERITY_STYLE[f.severity]),
               Text(f.code), Text(f.category), Text(_safe(text))]
        if with_message:
            row.append(Text(_safe(f.message + (f" → {f.suggestion}" if f.suggestion else ""))))
        table.add_row(*row)
    return table


def render(r: AuditResult, console: Console, details: bool = True) -> None:
    console.print(_header(r))
    for n in r.notices:
        console.print(Text(f"note: {_safe(n)}", style="yellow"))
    for e in r.errors:
        console.print(Text(_safe(f"internal error in check {e['code']}: {e['error']}"), style="bold red"))
    if details:
        console.print()
        for item in _paragraph_view(r, console.width):
            console.print(item)
    if r.findings:
        console.print(_table(r, with_message=not details))
    else:
        console.print(Text("No findings.", style="bold green"))
    counts = Counter(f.category for f in r.findings)
    if counts:
        console.print(Text("by category: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), style="dim"))
    for name in ("score", "chrf"):     # what the header's scores mean, to compare runs (docs/scores.md)
        if r.signature.get(name):
            console.print(Text(f"{name} signature: {_safe(str(r.signature[name]))}", style="dim", overflow="fold"))
