#!/usr/bin/env python3
"""Time the model-free audit of pathological 100 KB articles (issue 18: any shape in under 5 s).

    python benchmarks/shapes.py [--size 100000] [--only NAME,...] [--timeout 120] [--json OUT]

Each shape is written to a file (as the translation, with the seed source beside it, or as
the source, with the seed translation, or both) and audited in a fresh process after one
warm-up audit of the seed article, so that the figure is the article's own work (reading,
segmenting, aligning, every model-free check, the JSON report), not the one-time start-up
(imports, the language detector, the lexicons: about 3-4 s of CPU here, the same for any
article). The sentence encoder is off (its cost grows with the number of sentences, not
with the shape). CPU seconds are the measure: on a shared machine wall time also counts
the others' load. A shape that takes longer than --timeout (wall) is reported as such.
The last line says how many shapes went over --limit CPU seconds (5 by default).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "voi-russia-us"
AUDITOR = [sys.executable, "-m", "auditor_cli.main"]


def _rep(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def shapes(n: int) -> dict[str, tuple[str, str, str]]:
    """name -> (side, text, extension). side: 'tgt' (seed source beside it), 'src' or 'both'."""
    words_fr = "le président Joko Widodo a déclaré que l'économie du pays progresse ".split()
    words_id = "presiden Joko Widodo mengatakan bahwa ekonomi negara tumbuh ".split()
    return {
        "spaces-src": ("src", "a" + " " * (n - 2) + "b", "txt"),
        "spaces-tgt": ("tgt", "a" + " " * (n - 2) + "b", "txt"),
        "spaces-caps-src": ("src", "A" + " " * (n - 2) + "b", "txt"),
        "speaker-disagrees": ("tgt", _rep("Le ministre Budi Santoso a dit qu'elle est arrivée. ", n), "txt"),
        # one speaker, named once, then thousands of forms that disagree with the first name: every
        # finding weighs (and lists) the other forms resolved to the same person
        "speaker-pronouns": ("tgt", "Le ministre Budi Santoso a déclaré que tout va bien. "
                             + _rep("« Oui », a-t-elle dit. ", n - 53), "txt"),
        "speaker-titles": ("tgt", _rep("« Oui », a-t-elle dit, selon M. Budi Santoso. ", n), "txt"),
        "speaker-fem-titles": ("tgt", _rep("La porte-parole Budi Santoso a dit « oui ». ", n), "txt"),
        "speaker-short": ("tgt", "Budi Santoso a déclaré que tout va bien. " + _rep("Elle a ajouté. ", n - 41), "txt"),
        "hyphen-chain-tgt": ("tgt", _rep("a-", n - 2) + "il", "txt"),
        "dot-chain-tgt": ("tgt", _rep("A.", n), "txt"),
        "apostrophe-chain-src": ("src", _rep("l'", n), "txt"),
        "apostrophe-chain-tgt": ("tgt", _rep("l'", n), "txt"),
        "one-word": ("tgt", _rep("abcdefghij", n), "txt"),
        "one-letter": ("both", "a" * n, "txt"),
        "digits": ("tgt", _rep("1 ", n), "txt"),
        "digit-dots": ("tgt", _rep("1.", n), "txt"),
        "date-slashes": ("tgt", _rep("12/", n), "txt"),
        "money": ("src", "Rp" + _rep("1.000", n), "txt"),
        "commas": ("tgt", _rep("a,", n), "txt"),
        "quotes": ("tgt", _rep("« a » ", n), "txt"),
        "parens": ("tgt", "(" * (n // 2) + ")" * (n // 2), "txt"),
        "caps-words": ("tgt", _rep("JOKO WIDODO ", n), "txt"),
        "title-words": ("tgt", _rep("Le Président ", n), "txt"),
        "abbrev": ("tgt", _rep("M. ", n), "txt"),
        "dateline": ("src", _rep("JAKARTA - ", n), "txt"),
        "newlines": ("tgt", _rep("a\n", n), "txt"),
        "blank-paragraphs": ("tgt", _rep("Le président est arrivé.\n\n", n), "txt"),
        "sentences-fr": ("tgt", _rep(" ".join(words_fr) + ". ", n), "txt"),
        "sentences-both": ("both", None, "txt"),   # filled below: id source, fr translation
        "repeated-word": ("tgt", _rep("président ", n), "txt"),
        "urls": ("tgt", _rep("https://example.com/a/b?c=d ", n), "txt"),
        "emoji": ("tgt", _rep("😀", n // 2), "txt"),
        "cjk": ("tgt", _rep("中华人民共和国总统", n // 3), "txt"),
        "arabic": ("tgt", _rep("قال الرئيس جوكو ويدودو ", n // 2), "txt"),
        "controls": ("tgt", _rep("a\x1b[31m\u202eb ", n), "txt"),
        "html-tags": ("tgt", _rep("<p>a</p>", n), "html"),
        "html-nested": ("tgt", "<div>" * (n // 11) + "text" + "</div>" * (n // 11), "html"),
        "html-unclosed-comment": ("tgt", "<p>Le président est arrivé.</p><!--" + _rep("<p>x</p>", n), "html"),
        "md-emphasis": ("tgt", _rep("*a", n), "md"),
        "md-links": ("tgt", _rep("[a](", n), "md"),
        "json-paragraphs": ("tgt", json.dumps({"paragraphs": [_rep("a ", 20)] * (n // 30)}), "json"),
        "words-id-as-fr": ("tgt", _rep(" ".join(words_id) + ". ", n), "txt"),
    }


_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from auditor.pipeline import AuditOptions, audit_documents
from auditor.reader import read_file
from auditor.report import render

def audit(src, tgt):
    s, t = read_file(src), read_file(tgt)
    r = audit_documents(s, t, AuditOptions(tgt_lang="fr", embed=False))
    render(r, "json")
    return r

audit(sys.argv[2], sys.argv[3])          # warm-up: imports, language detector, lexicons
ru0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
r = audit(sys.argv[4], sys.argv[5])
ru1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
print(json.dumps({"wall": t1 - t0, "cpu": (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime),
                  "findings": len(r.findings), "sentences": len(r.translation.sentences)}))
"""


def run_one(name: str, side: str, text, ext: str, folder: Path, timeout: float) -> dict:
    src = SEED / "source.id.txt"
    tgt = SEED / "translation.fr.txt"
    if side in ("src", "both"):
        src = folder / f"{name}.id.{ext}"
        src.write_text(text if isinstance(text, str) else text[0], "utf-8")
    if side in ("tgt", "both"):
        tgt = folder / f"{name}.fr.{ext}"
        tgt.write_text(text if isinstance(text, str) else text[1], "utf-8")
    cmd = [sys.executable, "-c", _CHILD, str(ROOT), str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"),
           str(src), str(tgt)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        if p.returncode:
            return {"shape": name, "side": side, "cpu": None, "wall": None,
                    "error": (p.stderr.strip().splitlines() or ["?"])[-1][:200]}
        d = json.loads(p.stdout.strip().splitlines()[-1])
        return {"shape": name, "side": side, "cpu": round(d["cpu"], 2), "wall": round(d["wall"], 2),
                "sentences": d["sentences"], "findings": d["findings"]}
    except subprocess.TimeoutExpired:
        return {"shape": name, "side": side, "cpu": None, "wall": None, "error": f"timeout after {timeout:g} s"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--limit", type=float, default=5.0)
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    table = shapes(args.size)
    words_fr = _rep("Le président Joko Widodo a déclaré que l'économie du pays progresse. ", args.size)
    words_id = _rep("Presiden Joko Widodo mengatakan bahwa ekonomi negara tumbuh. ", args.size)
    table["sentences-both"] = ("both", (words_id, words_fr), "txt")
    if args.only:
        table = {k: v for k, v in table.items() if k in args.only.split(",")}
    out = []
    env_note = f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"{len(table)} shapes of {args.size:,} characters, model-free audit after a warm-up ({env_note})")
    print(f"{'shape':24s} side   CPU s  wall s  sentences findings")
    with tempfile.TemporaryDirectory() as d:
        for name, (side, text, ext) in table.items():
            r = run_one(name, side, text, ext, Path(d), args.timeout)
            out.append(r)
            if r["cpu"] is None:
                print(f"{name:24s} {side:4s}  FAILED  {r['error']}", flush=True)
                continue
            flag = "SLOW" if r["cpu"] > args.limit else ""
            print(f"{name:24s} {side:4s} {r['cpu']:7.2f} {r['wall']:7.2f} {r['sentences']:9d} {r['findings']:8d}  {flag}",
                  flush=True)
    slow = [r for r in out if r["cpu"] is None or r["cpu"] > args.limit]
    done = [r for r in out if r["cpu"] is not None]
    worst = max(done, key=lambda r: r["cpu"]) if done else None
    print(f"{len(slow)} of {len(out)} shapes over {args.limit:g} s of CPU or failed"
          + (f"; slowest {worst['shape']} {worst['cpu']:.2f} s" if worst else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), "utf-8")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
