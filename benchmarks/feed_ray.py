"""The same feed on the local engine (--jobs 1, --jobs 2) and on Ray (--engine ray --workers 2).

    python benchmarks/feed_ray.py [--articles 200] [--workers 2] [--configs rules,default]
                                  [--tiny] [--json OUT.json]

Builds a feed of N articles from fixtures/ (the tests' builder: every pair whole, then
variants), and runs `auditor feed` on it as a user does (a subprocess, a fresh journal and
cache each time) once per engine and evidence configuration:

* rules:   --no-mt --no-embed, the rule-based checks only (the cheapest article: where an
           engine's own overhead shows most);
* default: --no-mt, the default evidence without a model (the bundled sentence encoder);
* tiny:    with --tiny, a random-weight Marian model held by each worker (beam 1).

Prints, per run: whole-command wall seconds, articles/s, seconds per article, the ratio to
the local engine with one process, and for Ray its start-up (joining Ray, actors up) and its
overhead per article against the local engine with as many processes, and whether the three
engines gave the same records (every field but timings) and the same findings. Then an extrapolation
to a 1,000,000-article archive from the measured per-article cost and, for a real opus-mt
model, the per-sentence figures of `benchmarks/run.py --quick` (README, "Speed").
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

CONFIGS = {"rules": ["--no-mt", "--no-embed"], "default": ["--no-mt"]}
# benchmarks/run.py --quick, one thread per engine, Marian-base size (README, "Speed")
SENT_PER_S = {"transformers fp32": 2.30, "CTranslate2 int8": 8.82}


def run_feed(feed: Path, tmp: Path, name: str, extra: list[str], env: dict) -> dict:
    journal, out = tmp / f"{name}.jsonl", tmp / f"{name}.json"
    cmd = [sys.executable, "-m", "auditor_cli.main", "feed", str(feed), "-q", "-f", f"json:{out}",
           "--journal", str(journal), "--cache-dir", str(tmp / f"cache-{name}"), *extra]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-3000:]}")
    doc = json.loads(out.read_text("utf-8"))
    recs = doc["results"]
    ok = [r for r in recs if r["record"] == "result"]
    sents = [sum(1 for s in r["segments"] if s["side"] == "translation") for r in ok]
    return {
        "name": name, "wall_s": round(wall, 3), "run_s": doc["run"]["seconds"], "articles": len(recs),
        "audited": len(ok), "errors": len(recs) - len(ok),
        "in_articles_s": round(sum(r["item"]["seconds"] for r in ok), 3),
        "sentences_per_article": round(sum(sents) / max(1, len(sents)), 2),
        "words_per_article": round(sum(r["scores"]["words"] for r in ok) / max(1, len(ok)), 1),
        "engine": doc["run"].get("engine"),
        "records": [{k: v for k, v in r.items() if k != "item"} | {"item": {k: v for k, v in r["item"].items()
                                                                          if k != "seconds"}} for r in recs],
        # what a reader acts on: each finding (code, span, severity) and the article's MQM score
        "verdicts": [(r["id"], r["record"], [(f["code"], f["start"], f["end"], f["severity"])
                                             for f in r.get("findings", [])], r.get("scores", {}).get("mqm"))
                     for r in recs],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--configs", default="rules,default", help="comma-separated: rules, default")
    ap.add_argument("--tiny", action="store_true", help="also a run with the tests' random-weight Marian model")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    try:
        import ray  # noqa: F401
    except ImportError:
        sys.exit("Ray is not installed: pip install 'auditor[ray]'")
    from test_feed import build_feed

    tmp = Path(tempfile.mkdtemp(prefix="auditor-feed-ray-"))
    feed = tmp / "feed"
    build_feed(feed, args.articles)
    shutil.rmtree(feed / "bad")            # the N articles proper (bad items cost nothing)
    for p in (feed / "en").glob("xss-*"):
        p.unlink()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    configs = {k: CONFIGS[k] for k in args.configs.split(",") if k}
    if args.tiny:
        from tinymodel import build_marian
        texts = [l for p in sorted((ROOT / "fixtures").glob("*/*.txt")) for l in p.read_text("utf-8").splitlines()
                 if l.strip()]
        model = build_marian(tmp / "tiny", texts, max_length=48)
        configs["tiny"] = ["--no-embed", "--model", str(model), "--beam-size", "1", "--max-length", "48"]
    w = args.workers
    print(f"feed: {args.articles} articles from fixtures/; {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f}; ray {__import__('ray').__version__}")
    rows = []
    for cname, cargs in configs.items():
        runs = {}
        for ename, eargs in (("local -j1", []), (f"local -j{w}", ["--jobs", str(w)]),
                             (f"ray x{w}", ["--engine", "ray", "--workers", str(w)])):
            r = run_feed(feed, tmp, f"{cname}-{ename.replace(' ', '')}", cargs + eargs, env)
            runs[ename] = r
        base, pool, ray_run = runs["local -j1"], runs[f"local -j{w}"], runs[f"ray x{w}"]
        same = ray_run.pop("records") == pool.pop("records") == base.pop("records")
        same_verdicts = ray_run.pop("verdicts") == pool.pop("verdicts") == base.pop("verdicts")
        n = ray_run["audited"]
        eng = ray_run["engine"] or {}
        start = eng.get("start_seconds", 0.0) + eng.get("stop_seconds", 0.0)   # fixed: up and down
        for ename, r in runs.items():
            r.update(config=cname, engine=ename, articles_per_s=round(r["audited"] / r["wall_s"], 2),
                     ms_per_article=round(1000 * r["wall_s"] / r["audited"], 1),
                     speedup_vs_local_j1=round(base["wall_s"] / r["wall_s"], 2), same_records=same,
                     same_findings=same_verdicts)
        ray_run["ray_fixed_s"] = round(start, 3)
        ray_run["overhead_ms_per_article"] = round(1000 * (ray_run["wall_s"] - pool["wall_s"]) / n, 1)
        ray_run["overhead_ms_per_article_after_fixed"] = round(
            1000 * (ray_run["wall_s"] - start - pool["wall_s"]) / n, 1)
        rows.extend(runs.values())

    print(f"\n{'config':8} {'engine':10} {'wall s':>7} {'art/s':>6} {'ms/art':>7} {'vs -j1':>6} "
          f"{'Ray fixed s':>11} {'Ray overhead ms/art (after fixed)':>34} same records/findings")
    for r in rows:
        extra = ""
        if r["engine"].startswith("ray"):
            extra = f"{r['ray_fixed_s']:>11.1f} {r['overhead_ms_per_article']:>20.1f} " \
                    f"({r['overhead_ms_per_article_after_fixed']:.1f})"
        print(f"{r['config']:8} {r['engine']:10} {r['wall_s']:>7.1f} {r['articles_per_s']:>6.2f} "
              f"{r['ms_per_article']:>7.1f} {r['speedup_vs_local_j1']:>5.2f}x {extra:>46} {r['same_records']}/"
              f"{r['same_findings']}")
    print("(same records: every field but timings, across the three engines; same findings: codes, spans, "
          "severities, MQM)")

    # ---- 1,000,000 articles
    big = 1_000_000
    print(f"\n{big:,} articles, extrapolated (one worker = one process with one CPU thread):")
    costs = {}
    for r in rows:
        if r["engine"] == "local -j1":
            costs[f"{r['config']} (measured)"] = r["in_articles_s"] / r["audited"]
    sents = next(r["sentences_per_article"] for r in rows)
    words = next(r["words_per_article"] for r in rows)
    if "default" in costs or "default (measured)" in costs:
        enc = costs.get("default (measured)", 0.0)
        for name, sps in SENT_PER_S.items():
            # back-translation of every translation sentence, forced decoding not counted
            costs[f"default + opus-mt {name} ({sents:g} sent at {sps} sent/s)"] = enc + sents / sps
    ray_over = max((r.get("overhead_ms_per_article_after_fixed", 0.0) for r in rows if "ray" in r["engine"]),
                   default=0.0) / 1000.0
    print(f"  articles of {words:g} words, {sents:g} translation sentences on average; Ray overhead after its "
          f"fixed start-up: {1000 * ray_over:.0f} ms per article measured, {1000 * max(0.0, ray_over):.0f} ms added")
    extrap = []
    print(f"  {'per article':>11}  {'worker-hours':>12}  {'16 workers':>10}  {'64 workers':>10}  {'256 workers':>11}  run")
    for name, c in costs.items():
        per = c + max(0.0, ray_over)
        wh = big * per / 3600
        extrap.append({"run": name, "seconds_per_article": round(per, 3), "worker_hours": round(wh, 1),
                       "hours": {str(k): round(wh / k, 2) for k in (16, 64, 256)}})
        print(f"  {per:>10.3f}s  {wh:>12.1f}  {wh / 16:>9.1f}h  {wh / 64:>9.1f}h  {wh / 256:>10.2f}h  {name}")
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": args.articles, "workers": w, "cpus": os.cpu_count(),
                                               "ray": __import__("ray").__version__, "rows": rows,
                                               "million": extrap}, indent=2), "utf-8")
        print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
