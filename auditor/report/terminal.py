"""The reviewer's report in the terminal: the paragraphs that have findings, each finding once
under its paragraph, then a verdict line; or one line per finding (concise). Laid out for 80
columns and for pipes: lines wrapped at the console's width, no trailing spaces, suspect spans
bracketed where there is no colour."""
from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.text import Text

from ..types import SEVERITY_RANK, AuditResult, Finding, at_or_above

from .safe import visible

# Control characters of the article (ESC, CR, C1...) would drive the terminal, bidi controls
# reorder what is shown: each is shown as one visible character instead (the Unicode control
# pictures, or U+FFFD), so offsets still match.
_safe = visible


SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow", "info": "cyan"}
HIGHLIGHT = {"critical": "bold white on red", "major": "black on bright_red",
             "minor": "black on yellow", "info": "black on cyan"}


MARKS = ("⟦", "⟧")    # around suspect spans where there is no colour (pipes, CI logs, files)


def _plain(console: Console) -> bool:
    return console.no_color or console.color_system is None


def _breaks(plain: str, first: int, rest: int) -> list[tuple[int, int]]:
    """(start, end) of each line of `plain` wrapped greedily at word boundaries: `first` cells for
    the first line, `rest` for the others; the spaces at a break are dropped. A word longer than a
    line (a long path) gets a line of its own and runs over: cut, it could not be copied."""
    from rich.cells import cell_len
    out: list[tuple[int, int]] = []
    start, n = 0, len(plain)
    while start < n:
        width = first if not out else rest
        end, used, last_space = start, 0, -1
        while end < n:
            w = cell_len(plain[end])
            if used + w > width:
                break
            if plain[end] == " ":
                last_space = end
            used += w
            end += 1
        if end < n:
            if plain[end] == " ":
                pass
            elif last_space > start:
                end = last_space
            else:                       # one word longer than the line: whole
                while end < n and plain[end] != " ":
                    end += 1
        out.append((start, end))
        start = end
        while start < n and plain[start] == " ":
            start += 1
    return out or [(0, 0)]


def emit(console: Console, text: Text, indent: int = 0, hang: int = 0, wrap: bool = True) -> None:
    """Print `text` wrapped at word boundaries to the console's width, each line indented by
    `indent` (the lines that continue a line of `text` by `hang` more), with no trailing spaces.
    wrap=False: one line per line of `text`, whatever its length (concise output, for grep)."""
    width = max(20, console.width - indent)
    for part in text.split("\n", allow_blank=True):
        spans = _breaks(part.plain, width, max(10, width - hang)) if wrap else [(0, len(part.plain))]
        for k, (a, b) in enumerate(spans):
            line = part[a:b]
            line.rstrip()
            pad = indent + (hang if k else 0)
            console.print(Text(" " * pad) + line if pad else line, soft_wrap=True, crop=False)


def display_location(r: AuditResult, f: Finding) -> str:
    from .summary import display_path
    line, col = r.translation.line_col(f.span.start)
    return f"{_safe(display_path(r.translation.path))}:{line}:{col}"


def fixable(f: Finding, unsafe_fixes: bool = False) -> bool:
    return f.fix == "safe" or (unsafe_fixes and f.fix == "unsafe")


def _score_line(r: AuditResult) -> Text:
    s = r.scores
    t = Text()
    sc = s.get("score")
    if sc:
        v = sc["article"]
        t.append(f"{v:.1f}", style="bold green" if v >= 85 else "bold yellow" if v >= 65 else "bold red")
        t.append(f"/100 ({'+'.join(sc.get('present', []))}"
                 + ("; penalties only, no model evidence" if sc.get("note") else "") + ") · ")
    mqm = s.get("mqm", 100.0)
    t.append("MQM ")
    t.append(f"{mqm:.1f}", style="bold green" if mqm >= 90 else "bold yellow" if mqm >= 70 else "bold red")
    t.append(f"/100 (penalty {s.get('penalty', 0):g} over {s.get('words', 0)} words)")
    if s.get("chrf") is not None:
        t.append(f" · back-translation chrF++ {s['chrf']:.1f}, BLEU {s['bleu']:.1f}")
    return t


def _header(r: AuditResult) -> list[tuple[Text, int]]:
    from .summary import display_path
    src, tgt = r.source, r.translation
    t = Text("translation  ", style="dim")
    t.append(_safe(display_path(tgt.path)), style="bold")
    t.append(f" [{_safe(tgt.lang)}]")
    if tgt.lang_detected and tgt.lang_detected != tgt.lang:
        t.append(f" (reads as {_safe(tgt.lang_detected)})", style="red")
    s = Text("source       ", style="dim")
    s.append(_safe(display_path(src.path)), style="bold")
    s.append(f" [{_safe(src.lang)}]")
    out = [(t, 13), (s, 13), (Text("score        ", style="dim") + _score_line(r), 13)]
    bt = r.signature.get("back_translation")
    if bt and bt.get("source") == "file":     # supplied by the user (--back-translation)
        out.append((Text("back-translation: ", style="dim") + Text(f"{_safe(str(bt.get('id')))} (supplied, no model)"),
                    18))
    elif bt:
        models = _safe(" → ".join(f"{m['id']} ({m['licence']})" for m in bt.get("models", [])))
        out.append((Text("back-translation: ", style="dim") + Text(models), 18))
    return out


def _finding_text(r: AuditResult, f: Finding, unsafe_fixes: bool) -> tuple[Text, Text]:
    """(the head line: location, code, severity, category; the body: message, suggestion)."""
    head = Text()
    head.append(display_location(r, f), style="bold blue")
    head.append(": ")
    head.append(f.code, style="bold")
    if fixable(f, unsafe_fixes):
        head.append(" [*]", style="green")
    head.append(" ")
    head.append(f.severity, style=SEVERITY_STYLE[f.severity])
    head.append(f" {f.category}", style="italic")
    body = Text()
    text = r.translation.text_of(f.span)
    if text and len(text) <= 80 and text not in f.message:
        body.append(f"“{_safe(text)}”: ", style="bold")
    body.append(_safe(f.message))
    if f.confidence < 1.0:
        body.append(f" (confidence {f.confidence:.2f})", style="dim")
    if f.suggestion:
        label = "fix: " if fixable(f, unsafe_fixes) else ("suggestions: " if len(f.replacements) > 1
                                                           else "suggestion: ")
        body.append("\n")
        body.append(label, style="dim")
        body.append(_safe(" | ".join(f.replacements) if len(f.replacements) > 1 else f.suggestion),
                    style="green")
    places = f.evidence.get("places") if isinstance(f.evidence, dict) else None
    if places:      # a finding about several places (AUD503): each with line:column
        body.append("\nplaces: ", style="dim")
        body.append(_safe(" · ".join(f"{p.get('line')}:{p.get('column')} “{p['text']}”" if p.get("text")
                                     else f"{p.get('line')}:{p.get('column')}" for p in places)), style="dim")
    return head, body


def _local(p, offset: int) -> int:
    import bisect
    return bisect.bisect_left(p.offsets, offset)


def _marked(p, fs: list[Finding], plain: bool) -> Text:
    """The paragraph's text with each finding's span highlighted (colour) or bracketed (no colour)."""
    ranges = sorted(((_local(p, f.span.start), _local(p, f.span.end), f) for f in fs), key=lambda x: x[:2])
    # an info finding (boilerplate) is not a suspect span: not marked
    ranges = [(a, b, f) for a, b, f in ranges if b > a and f.severity != "info"]
    if not plain:
        body = Text(_safe(p.text))
        for a, b, f in sorted(ranges, key=lambda x: SEVERITY_RANK[x[2].severity]):
            body.stylize(HIGHLIGHT[f.severity], a, b)
        return body
    merged: list[list[int]] = []
    for a, b, _ in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    body = Text()
    pos = 0
    for a, b in merged:
        body.append(_safe(p.text[pos:a]))
        body.append(MARKS[0] + _safe(p.text[a:b]) + MARKS[1], style="bold")
        pos = b
    body.append(_safe(p.text[pos:]))
    return body


def _by_paragraph(r: AuditResult) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Findings by the paragraph that holds them; those that span paragraphs (the article's
    language) or lie outside every paragraph come apart."""
    by_para: dict[int, list[Finding]] = {}
    article: list[Finding] = []
    for f in r.findings:
        for p in r.translation.paragraphs:
            if (p.start <= f.span.start < p.end and f.span.end <= p.end) or f.span.start == f.span.end == p.end:
                by_para.setdefault(p.index, []).append(f)
                break
        else:
            article.append(f)
    return by_para, article


def _context(r: AuditResult, p, fs: list[Finding]) -> Text:
    """The source (and back-translation) of the paragraph's suspect sentences."""
    src_by_id = {s.id: s for s in r.source.sentences}
    pair_of = {t: pair for pair in r.alignment for t in pair.tgt}
    suspect = {f.segment for f in fs if f.segment and f.severity != "info"}
    ctx = Text()
    for s in p.sentences:
        if s.id not in suspect:
            continue
        pair = pair_of.get(s.id)
        src_text = " ".join(src_by_id[i].text for i in pair.src) if pair else ""
        if ctx.plain:
            ctx.append("\n")
        ctx.append("source: ", style="dim")
        ctx.append(_safe(src_text) or "(no aligned source sentence)", style="green" if src_text else "red")
        ev = r.evidence.get(s.id)
        if ev is not None and ev.back_translation is not None:
            ctx.append("\nback-translation: ", style="dim")
            ctx.append(_safe(ev.back_translation), style="magenta")
            if ev.chrf is not None:
                ctx.append(f" (chrF++ {ev.chrf:.1f})", style="dim")
    return ctx


def verdict(r: AuditResult, fail_on: str = "major", unsafe_fixes: bool = False) -> list[Text]:
    """The closing lines: what is fixable, then pass or fail at the threshold."""
    out: list[Text] = []
    n = len(r.findings)
    counts = Counter(f.severity for f in r.findings)
    parts = ", ".join(f"{counts[k]} {k}" for k in ("critical", "major", "minor", "info") if counts[k])
    safe = sum(1 for f in r.findings if f.fix == "safe")
    unsafe = sum(1 for f in r.findings if f.fix == "unsafe")
    if safe or unsafe:
        t = Text("[*] ", style="green")
        if unsafe_fixes:
            t.append(f"{safe + unsafe} fixable with --fix --unsafe-fixes")
        elif safe:
            t.append(f"{safe} fixable with --fix")
            if unsafe:
                t.append(f" ({unsafe} more with --unsafe-fixes)")
        else:
            t.append(f"{unsafe} fixable with --fix --unsafe-fixes")
        out.append(t)
    failing = r.fails(fail_on)
    t = Text()
    if failing:
        bad = sum(1 for f in r.findings if at_or_above(f.severity, fail_on))
        t.append("FAIL", style="bold red")
        t.append(f": {bad} of {n} finding{'s' if n != 1 else ''} at or above {fail_on} ({parts})")
    else:
        t.append("PASS", style="bold green")
        if n:
            t.append(f": {n} finding{'s' if n != 1 else ''}, none at or above {fail_on} ({parts})")
        else:
            t.append(": no findings")
    out.append(t)
    return out


def render_concise(r: AuditResult, console: Console, fail_on: str = "major", unsafe_fixes: bool = False,
                   with_verdict: bool = True) -> None:
    """One line per finding (report/concise.py), never wrapped, then the verdict."""
    from .concise import lines
    from .summary import as_record
    for line in lines([as_record(r)], unsafe_fixes):
        emit(console, line, wrap=False)
    if with_verdict:
        for line in verdict(r, fail_on, unsafe_fixes):
            emit(console, line, wrap=False)


def _paragraph(r: AuditResult, console: Console, p: Any, fs: list[Finding], pair_of: dict[str, Any],
               plain: bool, unsafe_fixes: bool) -> None:
    """One paragraph of the report: its label, its text with the suspect spans marked, the source
    of its suspect sentences and each of its findings."""
    console.print()
    line, _ = r.translation.line_col(p.start)
    kinds = {pair_of[s.id].kind for s in p.sentences if s.id in pair_of}
    label = Text(f"¶{p.index + 1} line {line}", style="bold blue")
    if "boilerplate" in kinds:
        label.append("  boilerplate", style="cyan")
    elif "unaligned_translation" in kinds:
        label.append("  no source counterpart", style="red")
    emit(console, label)
    emit(console, _marked(p, fs, plain), indent=2)
    ctx = _context(r, p, fs)
    if ctx.plain:
        emit(console, ctx, indent=2, hang=2)
    for f in fs:
        head, body = _finding_text(r, f, unsafe_fixes)
        emit(console, head, indent=2, hang=2)
        emit(console, body, indent=4)


def _unaligned_sources(r: AuditResult, console: Console) -> None:
    """The source sentences with no counterpart in the translation (where AUD002 did not report them)."""
    src_by_id = {s.id: s for s in r.source.sentences}
    missing = [i for pair in r.alignment if pair.kind == "unaligned_source" for i in pair.src]
    if missing:
        console.print()
        emit(console, Text("source sentences with no counterpart in the translation:", style="bold red"))
        for sid in missing:
            emit(console, Text(f"{sid}: {_safe(src_by_id[sid].text)}"), indent=2, hang=2)


def render(r: AuditResult, console: Console, details: bool = True, show_clean: bool = False,
           fail_on: str = "major", unsafe_fixes: bool = False) -> None:
    """The report: a header, each paragraph that has findings (every paragraph with
    `show_clean`) with its suspect spans marked, the source of its suspect sentences and each
    finding once, then the verdict. details=False: the concise form instead."""
    if not details:
        render_concise(r, console, fail_on, unsafe_fixes)
        return
    plain = _plain(console)
    for line, hang in _header(r):
        emit(console, line, hang=hang)
    for e in r.errors:
        emit(console, Text(_safe(f"internal error in check {e['code']}: {e['error']}"), style="bold red"))
    by_para, article = _by_paragraph(r)
    for f in article:
        console.print()
        head, body = _finding_text(r, f, unsafe_fixes)
        emit(console, head, hang=4)
        emit(console, body, indent=4)
    doc = r.translation
    pair_of = {t: pair for pair in r.alignment for t in pair.tgt}
    hidden = 0
    for p in doc.paragraphs:
        fs = sorted(by_para.get(p.index, []), key=lambda f: (f.span.start, -SEVERITY_RANK[f.severity], f.code))
        if not fs and not show_clean:
            hidden += 1
            continue
        _paragraph(r, console, p, fs, pair_of, plain, unsafe_fixes)
    if not any(f.code == "AUD002" for f in r.findings):
        _unaligned_sources(r, console)
    console.print()
    if hidden and r.findings:
        emit(console, Text(f"{hidden} paragraph{'s' if hidden != 1 else ''} without findings not shown "
                           f"(--show-clean shows them)", style="dim"))
    for line in verdict(r, fail_on, unsafe_fixes):
        emit(console, line)
