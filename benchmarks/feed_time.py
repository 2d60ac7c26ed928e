"""Time per article of `auditor feed` on a feed of 50+ pairs built from fixtures/.

    python benchmarks/feed_time.py [--articles 50] [--model FOLDER_OR_HUB_ID | --tiny]

Runs the command as a user does (a subprocess), once without a model (--no-mt) and,
with --tiny or --model, once with the model and an empty cache, then again from the
cache. Prints wall and CPU seconds per article; the start-up (imports, language-id
models, model loading) is shown apart, from the per-article times the journal records.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def run(args: list[str], env: dict) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "auditor_cli.main", "feed", *args], env=env,
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"auditor feed failed ({p.returncode}): {p.stderr[-2000:]}")
    return wall, cpu, p.returncode


def report(name: str, journal: Path, wall: float, cpu: float) -> None:
    recs = [json.loads(l) for l in journal.read_text("utf-8").splitlines()]
    ok = [r for r in recs if r["record"] == "result"]
    secs = sorted(r["item"]["seconds"] for r in ok)
    words = sum(r["scores"]["words"] for r in ok)
    in_items = sum(secs)
    print(f"{name}: {len(recs)} items ({len(ok)} audited, {len(recs) - len(ok)} error records), {words} words")
    print(f"  whole command: {wall:.1f} s wall, {cpu:.1f} s CPU -> {wall / len(ok):.3f} s wall per article")
    print(f"  in the articles (journal): {in_items:.1f} s -> mean {in_items / len(ok):.3f} s, "
          f"median {secs[len(secs) // 2]:.3f} s, max {secs[-1]:.3f} s per article "
          f"(start-up and reports: {wall - in_items:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--model")
    ap.add_argument("--tiny", action="store_true", help="build the tests' random-weight Marian model")
    ap.add_argument("--beam-size", default="4")
    ap.add_argument("--no-embed", action="store_true", help="without the bundled sentence encoder")
    args = ap.parse_args()
    from test_feed import build_feed, fixture_pairs  # the tests' feed builder
    tmp = Path(tempfile.mkdtemp(prefix="auditor-feed-bench-"))
    build_feed(tmp / "feed", args.articles)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    print(f"feed: {tmp / 'feed'}; {len(fixture_pairs())} fixture pairs; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")
    common = [str(tmp / "feed"), "-q", "-f", "json:" + str(tmp / "out.json")] + (["--no-embed"] if args.no_embed else [])
    wall, cpu, _ = run(common + ["--no-mt", "--journal", str(tmp / "j0.jsonl"), "--cache-dir", str(tmp / "c0")], env)
    report("no back-translation model (--no-mt)" + (" --no-embed" if args.no_embed else ""), tmp / "j0.jsonl",
           wall, cpu)
    model = args.model
    if args.tiny and not model:
        from tinymodel import build_marian
        texts = [l for p in sorted((ROOT / "fixtures").glob("*/*.txt")) for l in p.read_text("utf-8").splitlines()
                 if l.strip()]
        model = str(build_marian(tmp / "tiny", texts, max_length=48))
    if model:
        mt = common + ["--model", model, "--beam-size", args.beam_size, "--cache-dir", str(tmp / "c1")]
        wall, cpu, _ = run(mt + ["--journal", str(tmp / "j1.jsonl")], env)
        report(f"model {Path(model).name} (beam {args.beam_size}), empty cache", tmp / "j1.jsonl", wall, cpu)
        wall, cpu, _ = run(mt + ["--journal", str(tmp / "j2.jsonl")], env)
        report(f"model {Path(model).name}, from the cache", tmp / "j2.jsonl", wall, cpu)


if __name__ == "__main__":
    main()
