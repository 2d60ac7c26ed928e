"""One self-contained HTML page per run.

Per article: source, translation and back-translation side by side, sentence
pair by sentence pair, the suspect spans highlighted in the translation and
each finding listed under its sentence with its explanation. Filters (by
severity, category, language, status) are a few lines of the page's own script.

Safety: every piece of article text, path, message and evidence is escaped;
nothing from the input ever becomes markup. As a second line of defence the
page carries a Content-Security-Policy that lets only its own script (by nonce)
run and loads nothing from anywhere, so the page is safe to open from a CI
artifact even if an article holds `<script>`.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import secrets
from typing import Any, Optional

from .. import __version__
from .safe import BIDI
from ..types import CATEGORIES, SEVERITY_RANK
from .summary import (COUNTED, Policy, Record, article_id, is_error, lang_of, rule_info, sorted_findings,
                      summarize)


# control characters (ESC, BEL, C1...) are not text, bidi controls reorder what is read:
# shown as visible pictures (or U+FFFD), one for one
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}   # a lone CR too (a log)
_CONTROLS.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})
_CONTROLS.update({ord(c): 0xFFFD for c in BIDI})


def e(s: Any) -> str:
    """Escape for text and for double-quoted attribute values."""
    return html.escape("" if s is None else str(s).translate(_CONTROLS), quote=True)


CSS = """
:root{--crit:#b00020;--major:#e8590c;--minor:#f2c200;--info:#1c7ed6;--bg:#fff;--fg:#1b1b1b;--mute:#666;--line:#ddd}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
header,nav,main{padding:0 1.5rem}
header{background:#f5f7fa;border-bottom:1px solid var(--line);padding-top:.5rem;padding-bottom:.8rem}
h1{font-size:1.4rem;margin:.4rem 0}
h2{font-size:1.1rem;margin:0;word-break:break-all}
.meta{color:var(--mute);font-size:.85rem;margin:.25rem 0}
table{border-collapse:collapse}
.totals td,.totals th,.index td,.index th{border:1px solid var(--line);padding:.2rem .5rem;text-align:right;font-size:.85rem}
.totals th:first-child,.totals td:first-child,.index td:first-child,.index th:first-child{text-align:left}
nav#filters{position:sticky;top:0;background:#fffffff0;border-bottom:1px solid var(--line);padding-top:.4rem;padding-bottom:.4rem;z-index:2;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:flex-start}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.1rem .5rem .3rem;margin:0;font-size:.85rem}
legend{font-weight:600;padding:0 .2rem}
fieldset label{margin-right:.6rem;white-space:nowrap}
#shown{font-size:.85rem;color:var(--mute);align-self:center}
section.article{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.8rem 1rem}
section.article.status-fail{border-left:6px solid var(--crit)}
section.article.status-error{border-left:6px solid #7048e8}
section.article.status-pass{border-left:6px solid #2f9e44}
.badge{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.75rem;font-weight:600;color:#fff;vertical-align:middle}
.b-pass{background:#2f9e44}.b-fail{background:var(--crit)}.b-error{background:#7048e8}
.s-critical{background:var(--crit);color:#fff}.s-major{background:var(--major);color:#fff}
.s-minor{background:var(--minor);color:#000}.s-info{background:var(--info);color:#fff}
table.sbs{width:100%;table-layout:fixed;margin-top:.6rem}
table.sbs th{font-size:.8rem;text-align:left;color:var(--mute);border-bottom:2px solid var(--line);padding:.2rem .4rem}
table.sbs td{vertical-align:top;padding:.35rem .4rem;border-bottom:1px solid #eee;white-space:pre-wrap;overflow-wrap:anywhere}
td.bt{color:#5f3dc4}
tr.kind-boilerplate td{color:var(--mute);font-style:italic}
tr.kind-unaligned_source td.src,tr.kind-unaligned_translation td.tgt{background:#fff0f0}
td.none{color:#aaa}
mark{border-radius:3px;padding:0 1px;color:inherit}
mark.h-critical{background:#ffc9c9;outline:2px solid var(--crit)}
mark.h-major{background:#ffd8a8}
mark.h-minor{background:#fff3bf}
mark.h-info{background:#d0ebff}
mark.gap{background:var(--crit);color:#fff;font-weight:700;padding:0 2px}
mark.off{background:none;outline:none}
mark.gap.off{display:none}
tr.findings-row td{background:#fafafa;padding-top:.1rem}
ul.findings{list-style:none;margin:0;padding:0}
li.finding{margin:.3rem 0;padding:.3rem .5rem;border-left:4px solid var(--line);background:#fff;white-space:normal}
li.finding[data-severity=critical]{border-color:var(--crit)}li.finding[data-severity=major]{border-color:var(--major)}
li.finding[data-severity=minor]{border-color:var(--minor)}li.finding[data-severity=info]{border-color:var(--info)}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}
.cat{color:var(--mute);font-style:italic}
.quote{font-weight:600}
.sugg{color:#2b8a3e}
.rule{color:var(--mute);font-size:.85rem}
details{font-size:.85rem;color:#333}
details pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;padding:.4rem;margin:.2rem 0}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}
dl.evidence dt{color:var(--mute)}dl.evidence dd{margin:0;overflow-wrap:anywhere}
section.article>details>summary{cursor:pointer;list-style:none}section.article>details>summary h2{display:inline}
td.src mark{background:#e7f5ff;outline:1px dashed var(--info)}
.err{color:#7048e8;font-weight:600}
.notice{color:#8a6d00;font-size:.85rem}
[hidden]{display:none!important}
"""

SCRIPT = """
(function(){
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[data-filter]'));
  var compact = document.getElementById('compact');
  var onlyProblems = document.getElementById('only-problems');
  function apply(){
    var on = {severity:{}, category:{}, lang:{}, status:{}};
    boxes.forEach(function(b){ if (b.checked) on[b.getAttribute('data-filter')][b.value] = true; });
    document.querySelectorAll('li.finding').forEach(function(li){
      li.hidden = !(on.severity[li.getAttribute('data-severity')] && on.category[li.getAttribute('data-category')]);
    });
    document.querySelectorAll('mark[data-f]').forEach(function(m){
      var vis = m.getAttribute('data-f').split(' ').some(function(id){
        var li = document.getElementById(id); return li && !li.hidden; });
      m.classList.toggle('off', !vis);
    });
    document.querySelectorAll('tr.findings-row').forEach(function(tr){
      tr.hidden = !tr.querySelector('li.finding:not([hidden])');
    });
    document.querySelectorAll('tr.pair').forEach(function(tr){
      var next = tr.nextElementSibling;
      var has = next && next.classList.contains('findings-row') && !next.hidden;
      tr.hidden = compact.checked && !has;
    });
    var shown = 0, total = 0, findings = 0;
    document.querySelectorAll('section.article').forEach(function(sec){
      total++;
      var has = sec.querySelector('li.finding:not([hidden])');
      var hide = !on.lang[sec.getAttribute('data-lang')] || !on.status[sec.getAttribute('data-status')]
                 || (onlyProblems.checked && !has && sec.getAttribute('data-status') !== 'error');
      sec.hidden = hide;
      var row = document.getElementById('row-' + sec.id);
      if (row) row.hidden = hide;
      if (!hide) { shown++; findings += sec.querySelectorAll('li.finding:not([hidden])').length; }
    });
    document.getElementById('shown').textContent = shown + ' of ' + total + ' articles shown, ' + findings + ' findings';
  }
  boxes.concat([compact, onlyProblems]).forEach(function(b){ b.addEventListener('change', apply); });
  apply();
})();
"""


def _local_range(seg: dict[str, Any], f: dict[str, Any]) -> Optional[tuple[int, int]]:
    """Where a finding lies inside a sentence's text (local offsets), or None."""
    text = seg["text"]
    s0, s1 = seg["start"], seg["end"]
    if not (s0 <= f["start"] and f["end"] <= s1):
        return None
    a, b = f["start"] - s0, f["end"] - s0
    ftext = f.get("text", "")
    if len(text) == s1 - s0 and text[a:b] == ftext:      # the reader's text is the file's (txt)
        return a, b
    if not ftext:                                        # an insertion point in HTML/Markdown/JSON text
        ratio = (f["start"] - s0) / max(1, s1 - s0)
        k = round(ratio * len(text))
        return k, k
    hits = []
    k = text.find(ftext)
    while k >= 0:
        hits.append(k)
        k = text.find(ftext, k + 1)
    if not hits:
        return None
    guess = (f["start"] - s0) * len(text) / max(1, s1 - s0)
    k = min(hits, key=lambda h: abs(h - guess))
    return k, k + len(ftext)


def _highlight(text: str, marks: list[tuple[int, int, str, str, str]]) -> str:
    """text with <mark>s. marks: (start, end, finding id, severity, title)."""
    if not marks:
        return e(text)
    cuts = sorted({0, len(text)} | {m[0] for m in marks} | {m[1] for m in marks})
    out: list[str] = []
    for x, y in zip(cuts, cuts[1:] + [None]):
        for m in marks:   # insertion points (omissions) at x
            if m[0] == m[1] == x:
                out.append(f'<mark class="gap h-{m[3]}" data-f="{e(m[2])}" title="{e(m[4])}">‸</mark>')
        if y is None:
            break
        piece = text[x:y]
        cover = [m for m in marks if m[0] <= x and y <= m[1] and m[1] > m[0]]
        if not cover:
            out.append(e(piece))
            continue
        worst = max(cover, key=lambda m: SEVERITY_RANK[m[3]])[3]
        ids = " ".join(m[2] for m in cover)
        title = "\n".join(m[4] for m in cover)
        out.append(f'<mark class="h-{worst}" data-f="{e(ids)}" title="{e(title)}">{e(piece)}</mark>')
    return "".join(out)


EVIDENCE_LABELS = {
    "source": "source sentence", "source_term": "source term", "source_form": "source's form",
    "source_date": "source date", "source_words": "source words", "source_expected": "the source calls for",
    "back_translation": "back-translation", "meaning": "meaning", "note": "note", "term": "risky-term entry",
    "glossary": "glossary", "required": "required renderings", "places": "places", "declared": "declared language",
    "detected": "detected language", "speaker": "speaker", "pattern": "pattern",
}


def _plain_value(v: Any, depth: int = 0) -> str:
    """A piece of evidence as words: lists joined, small mappings as "key value" pairs."""
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, dict) and ("text" in x or "line" in x) for x in v):   # places
            return " · ".join(f"line {x.get('line')}:{x.get('column')}" + (f" “{x['text']}”" if x.get("text") else "")
                              for x in v)
        return ", ".join(_plain_value(x, depth + 1) for x in v)
    if isinstance(v, dict):
        if depth > 1:
            return json.dumps(v, ensure_ascii=False)
        return "; ".join(f"{str(k).replace('_', ' ')} {_plain_value(x, depth + 1)}" for k, x in v.items())
    return str(v)


def _evidence_list(ev: dict[str, Any]) -> str:
    """The evidence of a finding as a list a reviewer reads ("source term: menghangat"), not JSON."""
    rows = []
    for k, v in ev.items():
        if v is None or v == "" or v == []:
            continue
        label = EVIDENCE_LABELS.get(k, k.replace("_", " "))
        rows.append(f"<dt>{e(label)}</dt><dd>{e(_plain_value(v))}</dd>")
    return f'<dl class="evidence">{"".join(rows)}</dl>' if rows else ""


def _source_terms(findings: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(term, finding id, severity) for the source-side words that findings name in their evidence
    (source_term, source_form, source_date, source_words...): highlighted in the source column."""
    out = []
    for fid, f in findings:
        for k, v in (f.get("evidence") or {}).items():
            if not k.startswith("source_"):
                continue
            for term in (v if isinstance(v, (list, tuple)) else [v]):
                if isinstance(term, str) and 0 < len(term.strip()) <= 120:
                    out.append((term.strip(), fid, f["severity"]))
    return out


def _highlight_terms(text: str, terms: list[tuple[str, str, str]]) -> str:
    """The source sentence with the terms that findings name marked (case-insensitive, whole match)."""
    marks = []
    low = text.casefold()
    for term, fid, sev in terms:
        k = low.find(term.casefold())
        if k >= 0 and len(low) == len(text):
            marks.append((k, k + len(term), fid, sev, f"source of {fid.split('-')[-1]}: {term}"))
    return _highlight(text, marks)


def _finding_li(fid: str, f: dict[str, Any], rules: dict[str, dict[str, Any]], where: str) -> str:
    rule = rules.get(f["code"], {})
    parts = [f'<li class="finding" id="{e(fid)}" data-severity="{e(f["severity"])}" '
             f'data-category="{e(f["category"])}" data-code="{e(f["code"])}">',
             f'<span class="badge s-{e(f["severity"])}">{e(f["severity"])}</span> ',
             f'<span class="code">{e(f["code"])}</span> ',
             f'<span class="cat">{e(f["category"])}</span> ']
    if where:
        parts.append(f'<span class="meta">{e(where)}</span> ')
    if f.get("text"):
        t = f["text"] if len(f["text"]) <= 200 else f["text"][:199] + "…"
        parts.append(f'<span class="quote">“{e(t)}”</span> ')
    parts.append(e(f["message"]))
    if f.get("suggestion"):
        parts.append(f' <span class="sugg">→ {e(f["suggestion"])}</span>')
    if f.get("confidence") is not None and f["confidence"] < 1:
        parts.append(f' <span class="meta">(confidence {float(f["confidence"]):.2f})</span>')
    if rule.get("summary"):
        parts.append(f'<br><span class="rule">{e(rule.get("name", ""))}: {e(rule["summary"])}</span>')
    expl = rule.get("explanation") or rule.get("summary")
    ev = {k: v for k, v in (f.get("evidence") or {}).items()}
    if expl or ev:
        parts.append("<details><summary>why: explanation and evidence</summary>")
        if expl:
            parts.append(f"<p>{e(expl)}</p>")
        if ev:
            parts.append(_evidence_list(ev))
        parts.append("</details>")
    parts.append("</li>")
    return "".join(parts)


def _article(n: int, rec: Record, policy: Policy, rules: dict[str, dict[str, Any]]) -> str:
    aid = f"a{n}"
    st = policy.status(rec)
    lang = lang_of(rec)
    src_lang = rec.get("source", {}).get("lang") or "id"
    heading = (f'<h2><span class="badge b-{st}">{st}</span> {e(article_id(rec))} '
               f'<span class="meta">[{e(lang)}]</span></h2>')
    out = [f'<section class="article status-{st}" id="{aid}" data-lang="{e(lang)}" data-status="{st}">']
    # a passing article is folded under its heading: the problems come first and take the page
    out.append(f"<details><summary>{heading}</summary>" if st == "pass" else heading)
    tpath = rec.get("translation", {}).get("path", "")
    spath = rec.get("source", {}).get("path", "")
    out.append(f'<p class="meta">translation {e(tpath)} · source {e(spath)}</p>')
    if is_error(rec):
        err = rec.get("error", {})
        out.append(f'<p class="err">Not audited ({e(err.get("kind"))}): {e(err.get("message"))}</p></section>')
        return "\n".join(out)
    sc = rec.get("scores", {})
    bits = [f"MQM {sc.get('mqm', 0):.1f}/100", f"{sc.get('words', 0)} words"]
    if sc.get("chrf") is not None:
        bits.append(f"back-translation chrF++ {sc['chrf']:.1f}, BLEU {sc.get('bleu') or 0:.1f}")
    bt = (rec.get("signature") or {}).get("back_translation")
    if bt and bt.get("source") == "file":
        bits.append(f"back-translation {bt.get('id')} (supplied)")
    elif bt:
        bits.append("model " + " → ".join(str(m.get("id")) for m in bt.get("models", [])))
    if st == "fail":
        bits.append(policy.reason(rec))
    out.append(f'<p class="meta">{e(" · ".join(bits))}</p>')
    for note in rec.get("notices", []):
        out.append(f'<p class="notice">note: {e(note)}</p>')
    for er in rec.get("errors", []):
        out.append(f'<p class="err">internal error in check {e(er.get("code"))}: {e(er.get("error"))}</p>')

    segs = {(s["side"], s["id"]): s for s in rec.get("segments", [])}
    tsegs = [s for s in rec.get("segments", []) if s["side"] == "translation"]
    findings = sorted_findings(rec)
    fids = {id(f): f"{aid}-f{k + 1}" for k, f in enumerate(findings)}
    # place each finding in one translation sentence, where its span lies inside one
    by_seg: dict[str, list[tuple[dict[str, Any], Optional[tuple[int, int]]]]] = {}
    loose: list[dict[str, Any]] = []
    for f in findings:
        placed = False
        cands = [s for s in tsegs if s["id"] == f.get("segment")] + tsegs
        for s in cands:
            rng = _local_range(s, f)
            if rng is not None:
                by_seg.setdefault(s["id"], []).append((f, rng))
                placed = True
                break
        if not placed and f.get("segment") and ("translation", f["segment"]) in segs:
            by_seg.setdefault(f["segment"], []).append((f, None))
            placed = True
        if not placed:
            loose.append(f)
    if loose:
        out.append('<ul class="findings article-findings">')
        for f in loose:
            out.append(_finding_li(fids[id(f)], f, rules, f"line {f.get('line')}"))
        out.append("</ul>")

    has_bt = any(s.get("back_translation") for s in tsegs)
    cols = 3 if has_bt else 2       # no model: no empty back-translation column taking a third of the page
    out.append(f'<table class="sbs cols-{cols}"><thead><tr>'
               f'<th>source ({e(src_lang)})</th><th>translation ({e(lang)})</th>'
               + (f'<th>back-translation ({e(src_lang)})</th>' if has_bt else "") + '</tr></thead><tbody>')
    seen_t: set[str] = set()
    pairs = list(rec.get("alignment", []))
    # translation sentences the alignment does not mention still get a row
    mentioned = {t for p in pairs for t in p.get("translation", [])}
    for s in tsegs:
        if s["id"] not in mentioned:
            pairs.append({"source": [], "translation": [s["id"]], "kind": "unaligned_translation", "score": 0})
    for p in pairs:
        src_txt = " ".join(segs[("source", i)]["text"] for i in p.get("source", []) if ("source", i) in segs)
        cells_t, cells_bt, row_f = [], [], []
        for t in p.get("translation", []):
            s = segs.get(("translation", t))
            if s is None:
                continue
            seen_t.add(t)
            here = by_seg.get(t, [])
            marks = []
            for f, rng in here:
                row_f.append(f)
                if rng is not None:
                    marks.append((rng[0], rng[1], fids[id(f)], f["severity"],
                                  f"{f['code']} {f['severity']}: {f['message']}"))
            cells_t.append(_highlight(s["text"], marks))
            if s.get("back_translation"):
                cells_bt.append(e(s["back_translation"]))
        kind = p.get("kind", "aligned")
        terms = _source_terms([(fids[id(f)], f) for f in row_f])
        src_cell = _highlight_terms(src_txt, terms) if src_txt else '<span class="none">(no source sentence)</span>'
        if kind == "boilerplate":
            src_cell = '<span class="none">(publisher boilerplate)</span>'
        tgt_cell = " ".join(cells_t) if cells_t else '<span class="none">(not translated)</span>'
        if cells_bt:
            bt_cell = " ".join(cells_bt)
        elif has_bt or not cells_t:
            bt_cell = '<span class="none">–</span>'
        else:
            bt_cell = '<span class="none">(no back-translation)</span>'
        out.append(f'<tr class="pair kind-{e(kind)}"><td class="src" lang="{e(src_lang)}" dir="auto">{src_cell}</td>'
                   f'<td class="tgt" lang="{e(lang)}" dir="auto">{tgt_cell}</td>'
                   + (f'<td class="bt" lang="{e(src_lang)}" dir="auto">{bt_cell}</td>' if has_bt else "")
                   + '</tr>')
        if row_f:
            items = "".join(_finding_li(fids[id(f)], f, rules, f"line {f.get('line')}:{f.get('column')}")
                            for f in sorted(row_f, key=lambda f: (f.get("start", 0), -SEVERITY_RANK[f["severity"]])))
            out.append(f'<tr class="findings-row"><td colspan="{cols}"><ul class="findings">{items}</ul></td></tr>')
    out.append("</tbody></table>")
    if st == "pass":
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


def render(records: list[Record], policy: Policy, title: Optional[str] = None,
           generated: Optional[str] = None, **_: Any) -> str:
    rules = rule_info()
    summ = summarize(records, policy)
    nonce = secrets.token_urlsafe(16)
    tot = summ["total"]
    generated = generated or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = title or f"auditor report: {tot['articles']} article{'s' if tot['articles'] != 1 else ''}"
    present_cats = sorted({f["category"] for r in records for f in r.get("findings", [])},
                          key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else 99)
    sev_counts = tot["findings"]
    cat_counts = {c: sum(1 for r in records for f in r.get("findings", []) if f["category"] == c)
                  for c in present_cats}
    h: list[str] = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; img-src data:; base-uri 'none'; "
        "form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>", f"<style>{CSS}</style></head><body>",
        f"<header><h1>{e(title)}</h1>",
        f'<p class="meta">auditor {e(__version__)} · generated {e(generated)} · an article fails at '
        f'<b>{e(policy.describe())}</b> or above · {tot["passed"]} passed, {tot["failed"]} failed, '
        f'{tot["errors"]} not audited</p>',
        '<table class="totals"><thead><tr><th>language</th><th>articles</th><th>passed</th><th>failed</th>'
        '<th>errors</th><th>mean MQM</th><th>critical</th><th>major</th><th>minor</th><th>info</th></tr></thead><tbody>',
    ]
    for lang, t in summ["languages"].items():
        f = t["findings"]
        mm = "–" if t["mean_mqm"] is None else f"{t['mean_mqm']:.1f}"
        h.append(f"<tr><td>{e(lang)}</td><td>{t['articles']}</td><td>{t['passed']}</td><td>{t['failed']}</td>"
                 f"<td>{t['errors']}</td><td>{mm}</td>" + "".join(f"<td>{f[s]}</td>" for s in COUNTED) + "</tr>")
    h.append("</tbody></table></header>")
    # filters
    h.append('<nav id="filters" aria-label="filters">')
    h.append("<fieldset><legend>severity</legend>" + "".join(
        f'<label><input type="checkbox" data-filter="severity" value="{s}" checked> {s} ({sev_counts[s]})</label>'
        for s in COUNTED) + "</fieldset>")
    h.append("<fieldset><legend>category</legend>" + ("".join(
        f'<label><input type="checkbox" data-filter="category" value="{e(c)}" checked> {e(c)} ({cat_counts[c]})</label>'
        for c in present_cats) or '<span class="meta">no findings</span>') + "</fieldset>")
    h.append("<fieldset><legend>language</legend>" + "".join(
        f'<label><input type="checkbox" data-filter="lang" value="{e(lang)}" checked> {e(lang)}</label>'
        for lang in summ["languages"]) + "</fieldset>")
    h.append("<fieldset><legend>status</legend>" + "".join(
        f'<label><input type="checkbox" data-filter="status" value="{s}" checked> {s}</label>'
        for s in ("fail", "error", "pass")) + "</fieldset>")
    h.append('<fieldset><legend>view</legend><label><input type="checkbox" id="only-problems"> only articles '
             'with findings shown</label><label><input type="checkbox" id="compact"> only sentences with '
             'findings</label></fieldset><span id="shown"></span></nav><main>')
    # index
    # failing articles first, then those not audited, then the passing ones (folded)
    rank = {"fail": 0, "error": 1, "pass": 2}
    order = sorted(range(len(records)), key=lambda k: rank[policy.status(records[k])])
    if len(records) > 1:
        h.append('<table class="index"><thead><tr><th>article</th><th>lang</th><th>status</th><th>MQM</th>'
                 + "".join(f"<th>{s}</th>" for s in COUNTED) + "</tr></thead><tbody>")
        for k in order:
            n, a = k + 1, summ["articles"][k]
            mqm = "–" if a["mqm"] is None else f"{a['mqm']:.1f}"
            h.append(f'<tr id="row-a{n}"><td><a href="#a{n}">{e(a["id"])}</a></td><td>{e(a["lang"])}</td>'
                     f'<td><span class="badge b-{a["status"]}">{a["status"]}</span></td><td>{mqm}</td>'
                     + "".join(f"<td>{a['findings'][s]}</td>" for s in COUNTED) + "</tr>")
        h.append("</tbody></table>")
    for k in order:
        h.append(_article(k + 1, records[k], policy, rules))
    h.append(f'</main><script nonce="{nonce}">{SCRIPT}</script></body></html>')
    return "\n".join(h) + "\n"
