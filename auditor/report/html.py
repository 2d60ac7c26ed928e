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

The article sections and the escaping are in report/html_article.py; this module builds the page
(style, script, summary, filters) around them.
"""
from __future__ import annotations

import datetime as _dt
import secrets
from typing import Any, Optional

from .. import __version__
from ..types import CATEGORIES
from .html_article import _article, e
from .summary import COUNTED, Policy, Record, rule_info, summarize


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
