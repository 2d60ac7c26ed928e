"""Detection quality of the model-free checks on every fixture, against its gold annotations.

    python benchmarks/quality.py [--json OUT.json] [--with-embed]

Each fixture folder holds source.id.txt and translation.<lang>.txt, with gold.json where it
has one; a folder whose name contains "clean" and has no gold counts as clean (gold: none).
Prints, per fixture, gold items found / findings made, then micro-averaged span precision,
recall and F1 over the model-free gold items (`needs_mt: false`), and the largest number of
findings on a clean article.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.evaluate import evaluate, evaluate_many, format_table  # noqa: E402
from auditor.pipeline import AuditOptions, audit_files  # noqa: E402
from auditor.report.json_report import to_dict  # noqa: E402


def fixture_pairs(root: Path = ROOT / "fixtures"):
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        src = d / "source.id.txt"
        if not src.is_file():
            continue
        gold_path = d / "gold.json"
        gold = json.loads(gold_path.read_text("utf-8")) if gold_path.is_file() else None
        for tgt in sorted(d.glob("translation.*.*")):
            lang = tgt.name.split(".")[1]
            g = gold if gold and gold.get("tgt_lang", lang) == lang else None
            if g is None and "clean" in d.name:
                g = {"tgt_lang": lang, "findings": []}
            if g is not None:
                yield f"{d.name}/{lang}", src, tgt, lang, g


def run(embed: bool = False, skip=()) -> dict:
    reports, rows, clean_max = [], [], 0
    t0 = time.perf_counter()
    for name, src, tgt, lang, gold in fixture_pairs():
        r = audit_files(str(src), str(tgt), AuditOptions(tgt_lang=lang, embed=embed))
        d = to_dict(r)
        rep = evaluate(d, gold, r.translation.raw, no_mt_only=True, skip_categories=skip)
        reports.append((name, rep))
        clean = not gold["findings"]
        n = len([f for f in d["findings"] if f["severity"] != "info"])
        if clean:
            clean_max = max(clean_max, n)
        rows.append((name, "clean" if clean else "faulty", rep["overall"]["gold"], rep["overall"]["found"], n))
    total = evaluate_many(reports)
    return {"rows": rows, "report": total, "clean_max_findings": clean_max,
            "seconds": round(time.perf_counter() - t0, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--with-embed", action="store_true", help="also use the sentence-similarity evidence")
    a = ap.parse_args()
    out = run(embed=a.with_embed)
    print(f"{'fixture':<34}{'kind':>7}{'gold':>6}{'found':>7}{'findings':>10}")
    for name, kind, g, f, n in out["rows"]:
        print(f"{name:<34}{kind:>7}{g:>6}{f:>7}{n:>10}")
    print()
    print(format_table(out["report"]))
    o = out["report"]["overall"]
    print(f"\nmodel-free gold items: recall {o['recall']}, precision {o['precision']}, F1 {o['f1']}; "
          f"most findings on a clean article: {out['clean_max_findings']}; {out['seconds']} s")
    if a.json:
        Path(a.json).write_text(json.dumps({"recall": o["recall"], "precision": o["precision"], "f1": o["f1"],
                                            "clean_max_findings": out["clean_max_findings"],
                                            "rows": out["rows"]}, indent=2))


if __name__ == "__main__":
    main()
