"""Calibration of the absolute floor of AUD711 (meaning drift): faithful pairs against gibberish.

    python benchmarks/similarity_floor.py [--devset PATH]

Faithful pairs: every aligned pair of the clean fixtures (and of the devset's clean controls where
the devset is there). Gibberish pairs: benchmarks/calibration/gibberish.json, each put into its
article in place of a faithful sentence, so that its chance level is measured as the check measures
it. For each language, prints both distributions of the cosine and of the margin over chance, and
what the floor in auditor/checks/data/similarity_calibration.json catches of each.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.checks.meaning import floor_hit  # noqa: E402
from auditor.evidence.similarity import calibration  # noqa: E402
from auditor.pipeline import AuditOptions, audit_files  # noqa: E402


def pairs_of(src: Path, tgt: Path, lang: str, line: int | None = None):
    r = audit_files(str(src), str(tgt), AuditOptions(tgt_lang=lang, embed=True, select=["AUD711"]))
    by_id = {s.id: s for s in r.translation.sentences}
    for p in r.alignment:
        if p.kind != "aligned":
            continue
        ev = r.evidence.get(p.tgt[0])
        sim = ev.extra.get("similarity") if ev else None
        if not sim or sim.get("cosine") is None:
            continue
        para = by_id[p.tgt[0]].para + 1
        if line is None or para == line:
            yield sim


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", default=str(ROOT.parent / "shared" / "devset"))
    ap.add_argument("--verbose", action="store_true", help="print every gibberish pair and the lowest faithful ones")
    a = ap.parse_args()
    verbose = a.verbose
    faithful: dict[str, list[dict]] = {"fr": [], "en": []}
    folders = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir() and "clean" in p.name)
    dev = Path(a.devset)
    if dev.is_dir():
        for d in sorted(p for p in dev.iterdir() if p.is_dir() and (p / "gold.json").is_file()):
            if json.loads((d / "gold.json").read_text("utf-8")).get("clean"):
                folders.append(d)
    for d in folders:
        for tgt in sorted(d.glob("translation.*.txt")):
            lang = tgt.name.split(".")[1]
            if lang in faithful:
                faithful[lang] += list(pairs_of(d / "source.id.txt", tgt, lang))
    gib: dict[str, list[dict]] = {"fr": [], "en": []}
    cal = json.loads((ROOT / "benchmarks" / "calibration" / "gibberish.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for k, g in enumerate(cal["pairs"]):
            d = ROOT / "fixtures" / g["case"]
            lines = (d / f"translation.{g['lang']}.txt").read_text("utf-8").splitlines()
            lines[g["line"] - 1] = g["text"]
            t = Path(tmp) / f"{k}.translation.{g['lang']}.txt"
            t.write_text("\n".join(lines) + "\n", "utf-8")
            for sim in pairs_of(d / "source.id.txt", t, g["lang"], g["line"]):
                gib[g["lang"]].append({**sim, "kind": g["kind"]})
    for lang in ("fr", "en"):
        cal_l = calibration(lang)
        f, g = faithful[lang], gib[lang]
        print(f"== {lang}: {len(f)} faithful pairs, {len(g)} gibberish pairs")
        for name, xs in (("faithful", f), ("gibberish", g)):
            cos = sorted(x["cosine"] for x in xs)
            mar = sorted(x["cosine"] - x["chance"] for x in xs)
            print(f"  {name:<10} cosine min {cos[0]:.4f} p10 {cos[len(cos) // 10]:.4f} median {statistics.median(cos):.4f}"
                  f" | margin min {mar[0]:.4f} p10 {mar[len(mar) // 10]:.4f} median {statistics.median(mar):.4f}")
        if verbose:
            for x in sorted(g, key=lambda x: x["cosine"]):
                print(f"    gibberish {x['cosine']:.4f} margin {x['cosine'] - x['chance']:.4f} rel {x['relative']:.3f} ({x['kind']})")
            for x in sorted(f, key=lambda x: x["cosine"])[:8]:
                print(f"    faithful  {x['cosine']:.4f} margin {x['cosine'] - x['chance']:.4f} rel {x['relative']:.3f}")
        hits_f = sum(1 for x in f if floor_hit(x, cal_l))
        hits_g = sum(1 for x in g if floor_hit(x, cal_l))
        print(f"  floor (cosine < {cal_l.get('floor_cosine')}, or < {cal_l.get('floor_soft_cosine')} with margin < {cal_l.get('floor_margin')}): "
              f"gibberish caught {hits_g}/{len(g)}, faithful pairs under it {hits_f}/{len(f)}")


if __name__ == "__main__":
    main()
