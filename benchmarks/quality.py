"""Detection quality of the model-free checks, per evaluation set, against gold annotations.

    python benchmarks/quality.py [--set NAME_OR_PATH ...] [--all-gold] [--json OUT.json]
                                 [--with-embed] [--back-translation] [--select CODES] [--detail]

Sets (each reported on its own, never pooled):
  fixtures   fixtures/: written by the team with the checks in view (tuning set)
  devset     ../shared/devset/: written apart from the checks, used to find classes of failure
  blind-*    benchmarks/sets/blind-*/: written by people who never read the checks, frozen before
             any tuning (benchmarks/sets/README.md says who wrote each and when it was frozen)
A path to any folder of the same layout can be given too (a private set of real articles, say).

Each case folder holds source.id.txt, translation.<lang>.txt and gold.json (or, for a folder
whose name contains "clean", no gold: clean). Gold items are matched as `auditor eval` does:
overlapping characters, same or close category (auditor.evaluate.CLOSE_CATEGORIES).

Per set: recall and precision over the gold items that need no model (`needs_mt: false`; with
--all-gold, every item), per category and per `kind` where the gold has kinds, counting every
finding (as `auditor eval` does) and, apart, the loud findings only (info notes left out: what
`--fail-on` and a reviewer act on); loud (non-info) findings on clean articles; the share of
findings whose span is over 60 characters.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.evaluate import evaluate, evaluate_many, format_table  # noqa: E402
from auditor.evidence.supplied import SuppliedBackTranslation  # noqa: E402
from auditor.pipeline import AuditOptions, audit_files  # noqa: E402
from auditor.contract import to_dict  # noqa: E402

LONG_SPAN = 60


def known_sets() -> dict[str, Path]:
    sets = {"fixtures": ROOT / "fixtures"}
    dev = ROOT.parent / "shared" / "devset"
    if dev.is_dir():
        sets["devset"] = dev
    for pattern in ("blind-*", "dev-*"):       # frozen blind sets, then development sets one may tune on
        for d in sorted((ROOT / "benchmarks" / "sets").glob(pattern)):
            if d.is_dir():
                sets[d.name] = d
    return sets


def cases(root: Path):
    """(name, source, translation, lang, gold, back_translation or None) for each case folder."""
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        src = d / "source.id.txt"
        if not src.is_file():
            continue
        gold_path = d / "gold.json"
        gold = json.loads(gold_path.read_text("utf-8")) if gold_path.is_file() else None
        bt = next(iter(sorted(d.glob("backtranslation.id.*")) + sorted(d.glob("back-translation.*"))),
                  d / "backtranslation.id.txt")
        for tgt in sorted(d.glob("translation.*.*")):
            lang = tgt.name.split(".")[1]
            g = gold if gold and gold.get("tgt_lang", lang) == lang else None
            if g is None and "clean" in d.name:
                g = {"tgt_lang": lang, "findings": []}
            if g is not None:
                yield f"{d.name}/{lang}", src, tgt, lang, g, (bt if bt.is_file() else None)


def _kind_recall(gold: dict, rep: dict, kinds: Counter, found: Counter, all_gold: bool) -> None:
    missed = {(m["line"], m["span"]) for m in rep["missed"]}
    for g in gold.get("findings", []):
        if g.get("needs_mt") and not all_gold:
            continue
        k = g.get("kind")
        if not k:
            continue
        kinds[k] += 1
        if (g.get("line"), g.get("span")) not in missed:
            found[k] += 1


def run_set(root: Path, *, embed: bool = False, all_gold: bool = False, use_bt: bool = False,
            select: Optional[list[str]] = None) -> dict:
    reports, loud_reports, rows = [], [], []
    clean_articles, clean_loud, clean_max = 0, 0, 0
    n_findings, n_long = 0, 0
    kinds, kinds_found = Counter(), Counter()
    by_lang: dict[str, dict] = {}
    t0 = time.perf_counter()
    for name, src, tgt, lang, gold, bt in cases(root):
        opts = AuditOptions(tgt_lang=lang, embed=embed, select=select or [])
        supplied = SuppliedBackTranslation.read(str(bt)) if (use_bt and bt is not None) else None
        r = audit_files(str(src), str(tgt), opts, back_translator=supplied)
        d = to_dict(r)
        rep = evaluate(d, gold, r.translation.raw, no_mt_only=not all_gold)
        reports.append((name, rep))
        loud_reports.append((name, evaluate(d, gold, r.translation.raw, no_mt_only=not all_gold,
                                            min_severity="minor")))
        loud = [f for f in d["findings"] if f["severity"] != "info"]
        n_findings += len(d["findings"])
        n_long += sum(1 for f in d["findings"] if f["end"] - f["start"] > LONG_SPAN)
        clean = not gold["findings"]
        per = by_lang.setdefault(lang, {"reports": [], "clean": 0, "clean_loud": 0, "clean_max": 0, "clean_mqm": []})
        per["reports"].append((name, rep))
        if clean:
            clean_articles += 1
            clean_loud += len(loud)
            clean_max = max(clean_max, len(loud))
            per["clean"] += 1
            per["clean_loud"] += len(loud)
            per["clean_max"] = max(per["clean_max"], len(loud))
            per["clean_mqm"].append(d["scores"]["mqm"])
        _kind_recall(gold, rep, kinds, kinds_found, all_gold)
        rows.append((name, "clean" if clean else "faulty", rep["overall"]["gold"], rep["overall"]["found"],
                     len(loud)))
    total = evaluate_many(reports)
    return {"rows": rows, "report": total, "loud": evaluate_many(loud_reports)["overall"], "clean_articles": clean_articles, "clean_loud": clean_loud,
            "clean_max_findings": clean_max, "findings": n_findings,
            "long_span_share": round(n_long / n_findings, 3) if n_findings else None,
            "kinds": {k: {"gold": kinds[k], "found": kinds_found[k]} for k in sorted(kinds)},
            "by_language": {lg: _lang_figures(v) for lg, v in sorted(by_lang.items())},
            "seconds": round(time.perf_counter() - t0, 2)}


def _lang_figures(v: dict) -> dict:
    o = evaluate_many(v["reports"])["overall"]
    mqm = v["clean_mqm"]
    return {"recall": o["recall"], "gold": o["gold"], "found": o["found"], "precision": o["precision"],
            "findings": o["findings"], "matched": o["matched"], "clean_articles": v["clean"],
            "clean_loud_findings": v["clean_loud"], "clean_max_findings": v["clean_max"],
            "clean_mean_mqm": round(sum(mqm) / len(mqm), 1) if mqm else None}


def summary(name: str, out: dict) -> dict:
    o = out["report"]["overall"]
    return {"set": name, "recall": o["recall"], "precision": o["precision"], "f1": o["f1"],
            "gold": o["gold"], "found": o["found"], "findings": o["findings"], "matched": o["matched"],
            "loud_recall": out["loud"]["recall"], "loud_precision": out["loud"]["precision"],
            "loud_findings": out["loud"]["findings"], "loud_matched": out["loud"]["matched"],
            "clean_articles": out["clean_articles"], "clean_loud_findings": out["clean_loud"],
            "clean_max_findings": out["clean_max_findings"], "long_span_share": out["long_span_share"],
            "by_category": out["report"]["by_category"], "kinds": out["kinds"],
            "by_language": out["by_language"], "seconds": out["seconds"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", dest="sets",
                    help="a known set (fixtures, devset, blind-...) or a folder; repeatable; default: all known")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--with-embed", action="store_true", help="also use the sentence-similarity evidence")
    ap.add_argument("--all-gold", action="store_true",
                    help="count every gold item, also those that need a comparison of meaning")
    ap.add_argument("--back-translation", action="store_true",
                    help="give each case's backtranslation.id.txt to the audit where it has one")
    ap.add_argument("--select", help="only these check codes (comma-separated prefixes: AUD72 = the back-translation "
                    "diff alone)")
    ap.add_argument("--detail", action="store_true", help="print each case and the missed/false items")
    a = ap.parse_args()
    known = known_sets()
    chosen = a.sets or list(known)
    figures = []
    for s in chosen:
        root = known.get(s) or Path(s)
        if not root.is_dir():
            print(f"no such set: {s}", file=sys.stderr)
            sys.exit(2)
        out = run_set(root, embed=a.with_embed, all_gold=a.all_gold, use_bt=a.back_translation,
                      select=[c.strip() for c in a.select.split(",") if c.strip()] if a.select else None)
        fig = summary(s if s in known else root.name, out)
        if blind := fig["set"].startswith("blind-") and not a.detail:
            fig = dict(fig, kinds={})
        figures.append(fig)
        print(f"== {fig['set']} ({root})")
        if a.detail:
            print(f"{'case':<40}{'kind':>7}{'gold':>6}{'found':>7}{'loud':>6}")
            for name, kind, g, f, n in out["rows"]:
                print(f"{name:<40}{kind:>7}{g:>6}{f:>7}{n:>6}")
            for m in out["report"]["missed"]:
                print(f"  missed  {m.get('fixture', '')} l.{m['line']} {m['category']}: {m['span'][:70]!r}"
                      f"{' found as ' + ','.join(m['found_as']) if m['found_as'] else ''}")
            for u in out["report"]["unmatched"]:
                print(f"  false   {u.get('fixture', '')} l.{u['line']} {u['code']} {u['category']} "
                      f"{u['severity']}: {u['text'][:70]!r}")
        # a frozen blind set is for reporting: its items (texts, fixture names, kinds of error) are
        # printed only when asked for with --detail, never by default
        blind = fig["set"].startswith("blind-") and not a.detail
        shown = dict(out["report"], missed=[], unmatched=[], fixtures=[]) if blind else out["report"]
        print(format_table(shown))
        if blind:
            print("(a frozen blind set: items and kinds of error hidden; --detail shows them, and whoever "
                  "tunes the checks should not look)")
        elif fig["kinds"]:
            print("by kind: " + ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in fig["kinds"].items()))
        if len(fig["by_language"]) > 1:
            for lg, v in fig["by_language"].items():
                print(f"  {lg}: recall {v['recall']} ({v['found']}/{v['gold']}), precision {v['precision']} "
                      f"({v['matched']}/{v['findings']}); loud on {v['clean_articles']} clean: "
                      f"{v['clean_loud_findings']} (most on one: {v['clean_max_findings']}); "
                      f"mean MQM on clean: {v['clean_mean_mqm']}")
        print(f"{fig['set']}: recall {fig['recall']} ({fig['found']}/{fig['gold']}), precision {fig['precision']} "
              f"({fig['matched']}/{fig['findings']}); loud findings only (info left out): recall "
              f"{fig['loud_recall']}, precision {fig['loud_precision']} ({fig['loud_matched']}/{fig['loud_findings']}); "
              f"loud findings on {fig['clean_articles']} clean articles: "
              f"{fig['clean_loud_findings']} (most on one: {fig['clean_max_findings']}); "
              f"spans over {LONG_SPAN} chars: {fig['long_span_share']}; {fig['seconds']} s\n")
    if a.json:
        Path(a.json).write_text(json.dumps({"sets": figures}, indent=2))


if __name__ == "__main__":
    main()

