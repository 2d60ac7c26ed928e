"""The HTML report's article sections (report/html.py builds the page around them): the
side-by-side table of source, translation and back-translation, pair by pair, with the suspect
spans highlighted and each finding listed under its sentence; and `e`, the escaping every piece
of article text, path, message and evidence goes through (nothing from the input becomes markup).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Optional

from ..types import SEVERITY_RANK
from .safe import BIDI
from .summary import Policy, Record, article_id, is_error, lang_of, sorted_findings


# control characters (ESC, BEL, C1...) are not text, bidi controls reorder what is read:
# shown as visible pictures (or U+FFFD), one for one
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}   # a lone CR too (a log)
_CONTROLS.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})
_CONTROLS.update({ord(c): 0xFFFD for c in BIDI})


def e(s: Any) -> str:
    """Escape for text and for double-quoted attribute values."""
    return html.escape("" if s is None else str(s).translate(_CONTROLS), quote=True)


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


def _source_terms(findings: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
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


def _meta(rec: Record, st: str, policy: Policy) -> list[str]:
    """The article's score line, its notices and the checks' internal errors."""
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
    out = [f'<p class="meta">{e(" · ".join(bits))}</p>']
    for note in rec.get("notices", []):
        out.append(f'<p class="notice">note: {e(note)}</p>')
    for er in rec.get("errors", []):
        out.append(f'<p class="err">internal error in check {e(er.get("code"))}: {e(er.get("error"))}</p>')
    return out


_Placed = dict[str, list[tuple[dict[str, Any], Optional[tuple[int, int]]]]]


def _place(findings: list[dict[str, Any]], tsegs: list[dict[str, Any]],
           segs: dict[tuple[str, str], dict[str, Any]]) -> tuple[_Placed, list[dict[str, Any]]]:
    """Each finding placed in one translation sentence, where its span lies inside one (with its
    local range), else in its own sentence without a range; the rest are loose."""
    by_seg: _Placed = {}
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
    return by_seg, loose


def _bt_cell(cells_bt: list[str], cells_t: list[str], has_bt: bool) -> str:
    if cells_bt:
        return " ".join(cells_bt)
    if has_bt or not cells_t:
        return '<span class="none">–</span>'
    return '<span class="none">(no back-translation)</span>'


@dataclass
class _Table:
    """What every row of an article's side-by-side table needs."""
    segs: dict[tuple[str, str], dict[str, Any]]
    by_seg: _Placed
    fids: dict[int, str]
    rules: dict[str, dict[str, Any]]
    has_bt: bool
    src_lang: str
    lang: str

    @property
    def cols(self) -> int:
        return 3 if self.has_bt else 2   # no model: no empty back-translation column taking a third of the page


def _pair_rows(p: dict[str, Any], tb: _Table) -> list[str]:
    """The table row of one aligned pair, and the row of its findings where it has any."""
    segs, fids = tb.segs, tb.fids
    src_txt = " ".join(segs[("source", i)]["text"] for i in p.get("source", []) if ("source", i) in segs)
    cells_t, cells_bt, row_f = [], [], []
    for t in p.get("translation", []):
        s = segs.get(("translation", t))
        if s is None:
            continue
        marks = []
        for f, rng in tb.by_seg.get(t, []):
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
    bt_cell = _bt_cell(cells_bt, cells_t, tb.has_bt)
    src_lang, lang = tb.src_lang, tb.lang
    out = [f'<tr class="pair kind-{e(kind)}"><td class="src" lang="{e(src_lang)}" dir="auto">{src_cell}</td>'
           f'<td class="tgt" lang="{e(lang)}" dir="auto">{tgt_cell}</td>'
           + (f'<td class="bt" lang="{e(src_lang)}" dir="auto">{bt_cell}</td>' if tb.has_bt else "")
           + '</tr>']
    if row_f:
        items = "".join(_finding_li(fids[id(f)], f, tb.rules, f"line {f.get('line')}:{f.get('column')}")
                        for f in sorted(row_f, key=lambda f: (f.get("start", 0), -SEVERITY_RANK[f["severity"]])))
        out.append(f'<tr class="findings-row"><td colspan="{tb.cols}"><ul class="findings">{items}</ul></td></tr>')
    return out


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
    out += _meta(rec, st, policy)

    segs = {(s["side"], s["id"]): s for s in rec.get("segments", [])}
    tsegs = [s for s in rec.get("segments", []) if s["side"] == "translation"]
    findings = sorted_findings(rec)
    fids = {id(f): f"{aid}-f{k + 1}" for k, f in enumerate(findings)}
    by_seg, loose = _place(findings, tsegs, segs)
    if loose:
        out.append('<ul class="findings article-findings">')
        for f in loose:
            out.append(_finding_li(fids[id(f)], f, rules, f"line {f.get('line')}"))
        out.append("</ul>")

    tb = _Table(segs, by_seg, fids, rules, any(s.get("back_translation") for s in tsegs), src_lang, lang)
    out.append(f'<table class="sbs cols-{tb.cols}"><thead><tr>'
               f'<th>source ({e(src_lang)})</th><th>translation ({e(lang)})</th>'
               + (f'<th>back-translation ({e(src_lang)})</th>' if tb.has_bt else "") + '</tr></thead><tbody>')
    pairs = list(rec.get("alignment", []))
    # translation sentences the alignment does not mention still get a row
    mentioned = {t for p in pairs for t in p.get("translation", [])}
    for s in tsegs:
        if s["id"] not in mentioned:
            pairs.append({"source": [], "translation": [s["id"]], "kind": "unaligned_translation", "score": 0})
    for p in pairs:
        out += _pair_rows(p, tb)
    out.append("</tbody></table>")
    if st == "pass":
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)
