"""Fuzz the reader, segmenter, aligner, the whole audit, the user's configuration, risky-terms
and glossary files, and escape/bidi characters in every output format, for a given time
(outside CI).

    python benchmarks/fuzz.py --minutes 10 [--seed N] [--targets reader,audit] [--report fuzz.json]

The properties are those of tests/test_properties.py, run with hypothesis in rounds of
`--examples` examples per target, round-robin, each round with a new seed, until the time
is up. A failing property is shrunk by hypothesis, printed with its minimal input and
traceback, and the run goes on with the other targets; the exit code is 1 when anything
failed, else 0. The last lines give the budget, the examples run per target and the
failures, which is what issues 8 and 18 ask to report. Targets: reader-bytes, reader-text,
segmenter, aligner, audit-articles, audit-files, audit-noise, config (auditor.toml of any
shape: a typed Config or one InputError), risky-terms, glossary (CSV/TBX bytes, odd
encodings), output-escapes (an article and a file name full of terminal escapes, C1, bidi
controls and console markup: every format renders, none holds a raw control character, the
data formats keep the text).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from hypothesis import HealthCheck, given, seed as hseed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_properties as P  # noqa: E402


def _targets():
    """name -> (strategy-decorated function factory). Budgets are bigger than in CI."""
    formats = st.sampled_from(P.FORMATS)
    bytes_in = st.one_of(
        st.binary(max_size=2000),
        P.noisy_text(2000).map(lambda s: s.encode("utf-8")),
        P.noisy_text(800).map(lambda s: s.encode("utf-16")),
        P.noisy_text(800).map(lambda s: s.encode("utf-16-le")),
        P.noisy_text(800).map(lambda s: s.encode("latin-1", "replace")),
        P.noisy_text(800).map(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
    )
    texts = st.one_of(
        P.noisy_text(2000),
        st.text(max_size=500),
        st.builds(lambda ps: json.dumps({"paragraphs": ps}, ensure_ascii=False), st.lists(P.noisy_text(200))),
        st.builds(lambda t: json.dumps({"text": t}), P.noisy_text(800)),
        st.builds(lambda ps: "<html><body>" + "".join(f"<p>{p}</p>" for p in ps), st.lists(P.noisy_text(200))),
        st.builds(lambda ps: "\n\n".join(ps), st.lists(P.noisy_text(200).map(lambda s: "# " + s))),
    )
    return {
        "reader-bytes": (given(data=bytes_in, fmt=formats), P.prop_decode_and_read),
        "reader-text": (given(text=texts, fmt=formats), P.prop_read_text),
        "segmenter": (given(text=st.one_of(P.noisy_text(2000), st.text(max_size=400)),
                            lang=st.sampled_from(P.LANGS + ("id", "xx")),
                            max_chars=st.sampled_from([2000, 200, 40, 7])), P.prop_segmenter),
        "aligner": (given(src_texts=st.lists(P.noisy_text(150), max_size=30), tgt_texts=st.lists(P.noisy_text(150), max_size=30),
                          lang=st.sampled_from(P.LANGS), with_sim=st.booleans()), P.prop_align),
        "audit-articles": (given(article=P.mutated_article(max_lines=12), declare=st.booleans()),
                           lambda article, declare: P.prop_audit(*article, declare)),
        "audit-files": (given(files=P.article_files()), lambda files: P.prop_audit_files(*files)),
        "audit-noise": (given(src=P.noisy_text(600), tgt=P.noisy_text(600), lang=st.sampled_from(P.LANGS),
                              declare=st.booleans()), P.prop_audit),
        # issue 18: the user's own files, and escapes / bidi controls in every output format
        "config": (given(text=P.config_texts()), P.prop_config),
        "risky-terms": (given(data=P.risky_terms_data()), P.prop_risky_terms),
        "glossary": (given(g=P.glossary_bytes()), lambda g: P.prop_glossary(*g)),
        "output-escapes": (given(tgt=P.hostile_text(600),
                                 name=P.hostile_text(40).map(lambda s: s.replace("/", "_").replace("\x00", ""))),
                           P.prop_output_escapes),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--examples", type=int, default=100, help="examples per target per round")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--targets", default="", help="comma-separated subset of the targets")
    ap.add_argument("--report", default="", help="write a JSON summary here")
    args = ap.parse_args()
    targets = _targets()
    if args.targets:
        targets = {k: v for k, v in targets.items() if k in args.targets.split(",")}
    master = random.Random(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    started = time.time()
    examples = {k: 0 for k in targets}
    rounds = {k: 0 for k in targets}
    failures: list[dict] = []
    failed_targets: set[str] = set()
    last_print = 0.0
    print(f"fuzzing {', '.join(targets)} for {args.minutes:g} min, {args.examples} examples per round", flush=True)
    while time.monotonic() < deadline:
        live = [k for k in targets if k not in failed_targets] or list(targets)
        for name in live:
            if time.monotonic() >= deadline:
                break
            decorate, prop = targets[name]
            count = [0]

            def body(**kw):
                count[0] += 1
                prop(**kw)

            s = master.randrange(2**32)
            test = hseed(s)(settings(max_examples=args.examples, deadline=None, database=None,
                                     suppress_health_check=list(HealthCheck), print_blob=True)(decorate(body)))
            try:
                test()
            except Exception as e:  # a falsified property: hypothesis has shrunk it
                tb = traceback.format_exc()
                failures.append({"target": name, "seed": s, "error": f"{type(e).__name__}: {e}"[:2000],
                                 "traceback": tb[-6000:]})
                failed_targets.add(name)
                print(f"\n=== FAILURE in {name} (seed {s}) ===\n{tb[-6000:]}", flush=True)
            examples[name] += count[0]
            rounds[name] += 1
        if time.monotonic() - last_print < 30 and time.monotonic() < deadline:
            continue
        last_print = time.monotonic()
        print(f"[{(time.time() - started) / 60:5.1f} min] " +
              ", ".join(f"{k} {examples[k]}" for k in targets) + f"; failures {len(failures)}", flush=True)
    summary = {"minutes": round((time.time() - started) / 60, 2), "examples": examples, "rounds": rounds,
               "failures": [{k: v for k, v in f.items() if k != "traceback"} for f in failures]}
    print("\nbudget: %.1f min; examples per target: %s" % (summary["minutes"], json.dumps(examples)))
    print(f"failures: {len(failures)}" + "".join(f"\n  {f['target']}: {f['error'][:300]}" for f in failures))
    if args.report:
        Path(args.report).write_text(json.dumps(summary, indent=2, ensure_ascii=False), "utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
