#!/usr/bin/env python3
"""Speed of an audit on CPU: back-translation engines and the model-free checks.

    python benchmarks/run.py --quick --json OUT.json

1. Back-translation. A model of opus-mt's size is built from random weights
   (Marian base: 6+6 layers, d_model 512, 8 heads, FFN 2048, a 60k vocabulary,
   swish, scaled embeddings; a sentencepiece BPE model trained on the
   fixtures, ~1.2 tokens per word as opus-mt's ~1.3, the vocabulary padded to
   60k pieces). Its </s> is banned by a logits bias,
   so every sentence decodes to exactly --length tokens: the work of a real
   model on news sentences, without needing one. It is run through the
   product's own translators (HFTranslator; CT2Translator on float32 and int8
   conversions), each in a fresh process so that its peak memory (max RSS) is
   its own. Measured after one warm-up batch: sentences/s, generated tokens/s,
   load time, peak memory.
2. Model-free checks. `audit_documents` without a model over a feed of
   articles of ~500 words assembled from the fixtures' paragraph pairs (all
   checks found in auditor/checks, whatever they are now), timed on 200 and on
   400 articles: articles/s and the 400/200 time ratio (linear: 2.0).

Figures are ratios measured in one run on one machine; absolute numbers move
with the load of a shared machine, the ratios much less.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ENGINES = [("transformers", "float32"), ("ctranslate2", "float32"), ("ctranslate2", "int8")]
TARGETS = {"ct2_int8_speedup": 3.0, "ct2_int8_memory_ratio": 0.5, "checks_articles_per_s": 20.0,
           "audit_linearity_error": 0.10}


# --------------------------------------------------------------------------- corpus

def fixture_pairs() -> list[dict]:
    """Every fixture with an Indonesian source and a translation: paragraph pairs by line
    (a translation's extra trailing lines are publisher boilerplate, kept as its tail)."""
    out = []
    for d in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        src = d / "source.id.txt"
        for tgt in sorted(d.glob("translation.*.txt")):
            lang = tgt.name.split(".")[1]
            if not src.is_file() or lang not in ("en", "fr"):
                continue
            s = [l for l in src.read_text("utf-8").splitlines() if l.strip()]
            t = [l for l in tgt.read_text("utf-8").splitlines() if l.strip()]
            if len(t) < len(s):
                continue
            out.append({"name": d.name, "lang": lang, "pairs": list(zip(s, t[:len(s)])), "tail": t[len(s):]})
    return out


NAMES = ("Sutrisno", "Wulandari", "Hartono", "Lestari", "Nugroho", "Siregar", "Purnomo", "Rahmawati",
         "Simanjuntak", "Gunawan", "Setiawan", "Kusuma", "Halim", "Pratama", "Saragih", "Wibowo",
         "Manurung", "Hidayat", "Syahputra", "Anggraini", "Situmorang", "Permana", "Yulianti", "Sembiring")
_CAP = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _vary(src: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    """Replace the names a paragraph pair shares (same capitalised word on both sides) by
    other Indonesian names, the same on both sides: a feed's articles do not repeat sentences."""
    shared = sorted(set(_CAP.findall(src)) & set(_CAP.findall(tgt)))
    if not shared:
        return src, tgt
    table = {w: rng.choice(NAMES) for w in shared}
    sub = lambda m: table.get(m.group(0), m.group(0))   # noqa: E731
    return _CAP.sub(sub, src), _CAP.sub(sub, tgt)


def make_feed(n: int, words: int = 500, seed: int = 0) -> list[tuple[str, str, str]]:
    """n articles (source text, translation text, language) of >= `words` translation words,
    each a seeded draw of paragraph pairs of one language (names varied), ending with the
    publisher's tail of its first fixture."""
    fixtures = fixture_pairs()
    if not fixtures:
        raise SystemExit("no fixture with source.id.txt and translation.{en,fr}.txt under fixtures/")
    by_lang: dict[str, list[dict]] = {}
    for f in fixtures:
        by_lang.setdefault(f["lang"], []).append(f)
    langs = sorted(by_lang)
    rng = random.Random(seed)
    feed = []
    for k in range(n):
        lang = langs[k % len(langs)]
        pool = [(f, p) for f in by_lang[lang] for p in f["pairs"]]
        rng.shuffle(pool)
        src, tgt, count, tail = [], [], 0, []
        i = 0
        while count < words:
            f, (s, t) = pool[i % len(pool)]
            s, t = _vary(s, t, rng)
            i += 1
            src.append(s)
            tgt.append(t)
            count += len(t.split())
            tail = tail or f["tail"]
        feed.append(("\n".join(src) + "\n", "\n".join(tgt + tail) + "\n", lang))
    return feed


def bench_sentences(n: int, seed: int = 1) -> list[str]:
    """n distinct translation sentences (the fixtures' own, then seeded word shuffles of them)."""
    sents = []
    for f in fixture_pairs():
        for _, t in f["pairs"]:
            sents.extend(s for s in re.split(r"(?<=[.!?»])\s+", t) if len(s.split()) >= 4)
    sents = list(dict.fromkeys(sents))
    rng = random.Random(seed)
    out = list(sents[:n])
    while len(out) < n:
        words = rng.choice(sents).split()
        rng.shuffle(words)
        out.append(" ".join(words))
    return list(dict.fromkeys(out))[:n]


# --------------------------------------------------------------------------- model

def build_marian_base(folder: Path, vocab_size: int = 60000, d_model: int = 512, layers: int = 6,
                      heads: int = 8, ffn: int = 2048, seed: int = 0) -> Path:
    """A random-weight Marian of opus-mt's shape, saved as a hub-style folder."""
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    folder.mkdir(parents=True, exist_ok=True)
    texts = [l for p in sorted(FIXTURES.glob("*/*.txt")) for l in p.read_text("utf-8").splitlines() if l.strip()]
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=buf, vocab_size=8000, model_type="bpe",
        character_coverage=1.0, hard_vocab_limit=False, bos_id=-1, eos_id=1, unk_id=2, pad_id=-1,
        num_threads=1, minloglevel=2)
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(buf.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        p = sp.id_to_piece(i)
        if p not in vocab and p not in ("<s>", "<pad>"):
            vocab[p] = len(vocab)
    k = 0
    while len(vocab) < vocab_size - 1:          # opus-mt vocabularies hold ~60k pieces
        vocab[f"▁x{k:05d}"] = len(vocab)
        k += 1
    pad = vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    MarianTokenizer(source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"),
                    vocab=str(folder / "vocab.json"), model_max_length=512).save_pretrained(folder)
    torch.manual_seed(seed)
    cfg = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=d_model, encoder_layers=layers,
        decoder_layers=layers, encoder_attention_heads=heads, decoder_attention_heads=heads,
        encoder_ffn_dim=ffn, decoder_ffn_dim=ffn, activation_function="swish", scale_embedding=True,
        max_position_embeddings=512, pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
        forced_eos_token_id=0, share_encoder_decoder_embeddings=True)
    model = MarianMTModel(cfg)
    with torch.no_grad():
        model.final_logits_bias[0, 0] = -1e4      # never an early </s>: fixed-length decoding
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0, pad_token_id=pad,
        bad_words_ids=[[pad]], max_length=512, num_beams=4)
    model.save_pretrained(folder)
    return folder


# --------------------------------------------------------------------------- workers

def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS), or its peak (VmHWM), in MB. Not ru_maxrss:
    Linux carries that over from the parent across fork and exec."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(spec: dict) -> dict:
    """One engine in this (fresh) process: load, warm up, translate, report."""
    from auditor.evidence.mt import DecodeParams

    params = DecodeParams(beam_size=spec["beam"], max_length=spec["length"] + 1,   # + the final </s>
                          batch_size=spec["batch_size"], max_batch_tokens=spec["batch_tokens"])
    sents, warm = spec["sentences"], spec["warmup"]
    if spec["engine"] == "transformers":
        import torch  # noqa: F401  (imported before the baseline, as the engine's fixed cost)
        import transformers  # noqa: F401
        from auditor.evidence.mt import HFTranslator
        base = rss_mb()
        t0 = time.perf_counter()
        tr = HFTranslator(spec["model"], "fr", "id", params, threads=spec["threads"])
    else:
        import ctranslate2  # noqa: F401
        import transformers  # noqa: F401  (the tokenizer)
        from auditor.evidence.ct2 import CT2Translator
        base = rss_mb()
        t0 = time.perf_counter()
        tr = CT2Translator(spec["model"], "fr", "id", params, threads=spec["threads"])
    load_s = time.perf_counter() - t0
    after_load = rss_mb()
    tr.translate(warm)
    # timed in chunks; the fastest chunk estimates the speed of an unloaded machine
    chunks = [sents[i:i + spec["chunk"]] for i in range(0, len(sents), spec["chunk"])]
    times, cpu = [], []
    for chunk in chunks:
        t0, c0 = time.perf_counter(), time.process_time()
        tr.translate(chunk)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    secs = sum(times)
    best = min(t / len(c) for t, c in zip(times, chunks))
    peak = rss_mb("VmHWM")
    return {"engine": spec["engine"], "quantization": spec["quantization"],
            "compute_type": getattr(tr, "compute_type", "float32"), "sentences": len(sents),
            "seconds": secs, "chunk_seconds": times, "wall_sentences_per_s": len(sents) / secs,
            "best_chunk_sentences_per_s": 1 / best,
            "cpu_seconds": sum(cpu), "chunk_cpu_seconds": cpu, "cpu_sentences_per_s": len(sents) / sum(cpu),
            "load_s": load_s,
            "peak_rss_mb": peak, "baseline_rss_mb": base, "loaded_rss_mb": after_load,
            "model_and_work_mb": peak - base, "decoded_tokens": decoded_lengths(tr, warm[:2], spec),
            "input_tokens_mean": sum(len(tr.tokenizer(t)["input_ids"]) for t in sents) / len(sents)}


def decoded_lengths(tr, texts: list[str], spec: dict) -> list[int]:
    """Tokens the engine generates for a few sentences (the benchmark wants exactly --length)."""
    if spec["engine"] == "transformers":
        import torch
        enc = tr.tokenizer(texts, return_tensors="pt", padding=True)
        with torch.inference_mode():
            gen = tr.model.generate(**enc, num_beams=spec["beam"], max_new_tokens=tr.params.max_length)
        # minus the decoder start token and the forced final </s>
        return [int((row != tr.tokenizer.pad_token_id).sum()) - 1 for row in gen]
    toks = [tr.tokenizer.convert_ids_to_tokens(tr.tokenizer(t)["input_ids"]) for t in texts]
    res = tr.translator.translate_batch(toks, beam_size=spec["beam"], max_decoding_length=tr._decode_length)
    return [len(r.hypotheses[0]) for r in res]


def run_worker(spec: dict, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", OMP_NUM_THREADS=str(spec["threads"]))
    p = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)], env=env,
                       capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise SystemExit(f"worker {spec['engine']} {spec['quantization']} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- checks

# pipeline options that bring a model in (where this version of the pipeline has them)
MODEL_OPTIONS = {"embed": False, "reverse_model": None, "logprob_scorer": None}


def model_free_options(lang: str):
    """AuditOptions with every model-backed evidence the pipeline knows of turned off."""
    import dataclasses

    from auditor.pipeline import AuditOptions
    names = {f.name for f in dataclasses.fields(AuditOptions)}
    return AuditOptions(src_lang="id", tgt_lang=lang, **{k: v for k, v in MODEL_OPTIONS.items() if k in names})


def bench_checks(sizes: list[int], repeats: int) -> dict:
    import dataclasses

    from auditor.checks.base import load_all
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_text

    checks = sorted(load_all())
    off = {k: v for k, v in MODEL_OPTIONS.items() if k in {f.name for f in dataclasses.fields(AuditOptions)}}
    feed = make_feed(sum(sizes) + 20)
    words = [len(t.split()) for _, t, _ in feed]

    def audit(articles):
        n_find, errors = 0, {}
        for src, tgt, lang in articles:
            r = audit_documents(read_text(src, path="source.txt", fmt="txt"),
                                read_text(tgt, path="translation.txt", fmt="txt"), model_free_options(lang))
            n_find += len(r.findings)
            for e in r.errors:
                errors[e["code"]] = e["error"]
        return n_find, errors

    audit(feed[-20:])                          # warm-up: language models, dictionaries, regexes
    wall: dict[int, float] = {}
    cpu: dict[int, float] = {}
    findings, errors = 0, {}
    start = 0
    for n in sizes:                            # disjoint articles: nothing is seen twice
        part = feed[start:start + n]
        start += n
        wall[n] = cpu[n] = float("inf")
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            f, e = audit(part)
            wall[n] = min(wall[n], time.perf_counter() - t0)
            cpu[n] = min(cpu[n], time.process_time() - c0)
            findings += f
            errors.update(e)
    big, small = max(sizes), min(sizes)
    return {"checks": checks, "options_off": off, "wall_s": {str(n): wall[n] for n in sizes}, "cpu_s": {str(n): cpu[n] for n in sizes},
            "words_per_article": sum(words[:sum(sizes)]) / sum(sizes), "languages": sorted({l for *_, l in feed}),
            "fixtures": sorted({f["name"] for f in fixture_pairs()}),
            "articles_per_s": big / cpu[big], "wall_articles_per_s": big / wall[big],
            "time_ratio": cpu[big] / cpu[small], "wall_time_ratio": wall[big] / wall[small],
            "size_ratio": big / small, "findings_per_article": findings / (sum(sizes) * repeats),
            "check_errors": errors}


def profile_checks(n: int) -> dict:
    """Where the model-free audit spends its CPU time: pipeline stages and each check
    (timed by wrapping them, whatever checks exist), then the top functions (cProfile)."""
    import cProfile
    import pstats

    import auditor.pipeline as pipeline
    from auditor.checks.base import load_all
    from auditor.reader import read_text

    feed = make_feed(n + 5, seed=7)
    spent: dict[str, float] = {}

    def timed(label, fn, consume=False):
        def wrapper(*args, **kw):
            t0 = time.process_time()
            try:
                out = fn(*args, **kw)
                return list(out) if consume else out
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t0
        return wrapper

    saved = {}
    for name in ("prepare", "align", "boilerplate_sentences", "article_scores", "apply_scores"):
        if hasattr(pipeline, name):
            saved[name] = getattr(pipeline, name)
            setattr(pipeline, name, timed(f"pipeline: {name}", saved[name]))
    classes = load_all()
    originals = {code: (cls.run, cls.__dict__.get("run")) for code, cls in classes.items()}
    for code, cls in classes.items():        # each class its own wrapper, also where run is inherited
        cls.run = timed(f"{code} {cls.info.name}", originals[code][0], consume=True)

    def audit(arts):
        for src, tgt, lang in arts:
            pipeline.audit_documents(read_text(src, path="s.txt", fmt="txt"),
                                     read_text(tgt, path="t.txt", fmt="txt"), model_free_options(lang))
    try:
        audit(feed[n:])                      # warm-up
        spent.clear()
        t0 = time.process_time()
        audit(feed[:n])
        total = time.process_time() - t0
        counted = dict(spent)                # the profiled pass below is not counted
        pr = cProfile.Profile()
        pr.enable()
        audit(feed[:max(5, n // 4)])
        pr.disable()
    finally:
        for name, fn in saved.items():
            setattr(pipeline, name, fn)
        for code, cls in classes.items():
            if originals[code][1] is None:
                del cls.run
            else:
                cls.run = originals[code][1]
    out = io.StringIO()
    pstats.Stats(pr, stream=out).sort_stats("tottime").print_stats(12)
    stages = sorted(counted.items(), key=lambda kv: -kv[1])
    return {"articles": n, "cpu_s": total,
            "ms_per_article": {k: 1000 * v / n for k, v in stages},
            "other_ms_per_article": 1000 * (total - sum(counted.values())) / n,
            "top_functions": out.getvalue()}


# --------------------------------------------------------------------------- main

def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if k else c.ljust(w) for k, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer sentences (under five minutes on 2 cores)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--sentences", type=int, help="sentences to back-translate (default 64 quick, 256 full)")
    ap.add_argument("--length", type=int, default=40, help="tokens decoded per sentence (default 40)")
    ap.add_argument("--beam", type=int, default=4, help="beam size (default 4, the product's default)")
    ap.add_argument("--batch-size", type=int, default=16, help="sentences per batch (default 16)")
    ap.add_argument("--batch-tokens", type=int, default=4096, help="padded tokens per batch (default 4096)")
    ap.add_argument("--threads", type=int, default=1,
                    help="CPU threads per engine (default 1: on a shared machine, more threads than free "
                         "cores make both engines wait on each other's barriers)")
    ap.add_argument("--articles", type=int, default=200, help="feed size N: N and 2N articles (default 200)")
    ap.add_argument("--repeats", type=int, help="timings per feed size, best kept (default 1 quick, 3 full)")
    ap.add_argument("--skip-mt", action="store_true", help="only the model-free checks")
    ap.add_argument("--skip-checks", action="store_true", help="only the back-translation engines")
    ap.add_argument("--profile", action="store_true",
                    help="also show where the model-free audit spends its time (per stage and check)")
    ap.add_argument("--workdir", type=Path, help="where the model is built (default: a temporary folder)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        print(json.dumps(worker(json.loads(a.worker))))
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    n_sent = a.sentences or (64 if a.quick else 256)
    repeats = a.repeats or (1 if a.quick else 3)
    t_start = time.perf_counter()
    result: dict = {"machine": {"cpus": os.cpu_count(), "threads": a.threads, "python": platform.python_version(),
                                "platform": platform.platform(), "load_avg_start": os.getloadavg()},
                    "quick": a.quick}
    say = lambda m: print(m, file=sys.stderr, flush=True)   # noqa: E731

    if not a.skip_mt:
        import ctranslate2
        import torch
        import transformers
        result["versions"] = {"torch": torch.__version__, "transformers": transformers.__version__,
                              "ctranslate2": ctranslate2.__version__}
        work = a.workdir or Path(tempfile.mkdtemp(prefix="auditor-bench-"))
        os.environ["AUDITOR_CACHE_DIR"] = str(work / "cache")
        try:
            say(f"building a Marian-base model with random weights in {work} ...")
            t0 = time.perf_counter()
            hf_dir = work / "marian-base"
            if not (hf_dir / "model.safetensors").is_file():
                build_marian_base(hf_dir)
            build_s = time.perf_counter() - t0
            from auditor.evidence.ct2 import convert
            conv = {}
            for q in ("float32", "int8"):
                t0 = time.perf_counter()
                conv[q] = str(convert(str(hf_dir), q, work / f"ct2-{q}"))
                conv[q + "_s"] = time.perf_counter() - t0
            n_params = (hf_dir / "model.safetensors").stat().st_size // 4     # float32 weights
            sents = bench_sentences(n_sent + 4)
            spec = {"beam": a.beam, "length": a.length, "batch_size": a.batch_size, "batch_tokens": a.batch_tokens,
                    "threads": a.threads, "sentences": sents[4:], "warmup": sents[:4], "chunk": a.batch_size}
            result["model"] = {"layers": "6+6", "d_model": 512, "heads": 8, "ffn": 2048, "vocab": 60000,
                               "parameters": n_params, "build_s": build_s,
                               "convert_s": {q: conv[q + "_s"] for q in ("float32", "int8")}}
            result["decoding"] = {"sentences": len(spec["sentences"]), "beam": a.beam, "length": a.length,
                                  "batch_size": a.batch_size, "batch_tokens": a.batch_tokens}
            runs = []
            for engine, q in ENGINES:
                say(f"back-translating {len(spec['sentences'])} sentences with {engine} {q} ...")
                model = str(hf_dir) if engine == "transformers" else conv[q]
                runs.append(run_worker({**spec, "engine": engine, "quantization": q, "model": model}, timeout=900))
            # One thread each: an engine's CPU time is its wall time on a free core, and unlike wall
            # time it does not count the moments other jobs of a shared machine hold the core.
            clock = "cpu" if a.threads == 1 else "wall"
            for r in runs:
                r["sentences_per_s"] = r[f"{clock}_sentences_per_s"]
                r["tokens_per_s"] = r["sentences_per_s"] * a.length
            result["decoding"]["clock"] = clock
            result["engines"] = runs
            hf = runs[0]
            for r in runs[1:]:
                tag = "ct2_int8" if r["quantization"] == "int8" else "ct2_fp32"
                result[f"{tag}_speedup"] = r["sentences_per_s"] / hf["sentences_per_s"]
                result[f"{tag}_memory_ratio"] = r["peak_rss_mb"] / hf["peak_rss_mb"]
                result[f"{tag}_wall_speedup"] = r["wall_sentences_per_s"] / hf["wall_sentences_per_s"]
                result[f"{tag}_model_memory_ratio"] = r["model_and_work_mb"] / hf["model_and_work_mb"]
        finally:
            if not a.workdir:
                shutil.rmtree(work, ignore_errors=True)

    if not a.skip_checks:
        n = a.articles
        say(f"auditing feeds of {n} and {2 * n} articles without a model ...")
        c = bench_checks([n, 2 * n], repeats)
        result["model_free"] = c
        result["checks_articles_per_s"] = c["articles_per_s"]
        result["audit_time_ratio"] = c["time_ratio"]
        result["audit_linearity_error"] = abs(c["time_ratio"] / c["size_ratio"] - 1)
    if a.profile:
        say("profiling the model-free checks ...")
        result["profile"] = profile_checks(40)

    result["seconds"] = time.perf_counter() - t_start
    result["targets"] = {k: {"target": v, "value": result.get(k),
                             "met": None if result.get(k) is None else
                             (result[k] >= v if k in ("ct2_int8_speedup", "checks_articles_per_s") else result[k] <= v)}
                         for k, v in TARGETS.items()}
    report(result)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(result, indent=2), "utf-8")
    return 0


def report(r: dict) -> None:
    out = []
    if "engines" in r:
        d = r["decoding"]
        out.append(f"Back-translation: Marian base, {r['model']['parameters'] / 1e6:.1f}M parameters, random weights; "
                   f"{d['sentences']} sentences of {r['engines'][0]['input_tokens_mean']:.0f} tokens on average, "
                   f"beam {d['beam']}, {d['length']} tokens decoded each, "
                   f"batch {d['batch_size']} / {d['batch_tokens']} tokens, {r['machine']['threads']} thread(s); "
                   f"sent/s by {'CPU time (single-threaded engines)' if d['clock'] == 'cpu' else 'wall time'}")
        hf = r["engines"][0]
        rows = [["engine", "sent/s", "tokens/s", "wall sent/s", "load s", "peak MB", "model+work MB",
                 "speed x", "wall x", "peak x"]]
        for e in r["engines"]:
            rows.append([f"{e['engine']} {e['compute_type']}", f"{e['sentences_per_s']:.2f}",
                         f"{e['tokens_per_s']:.0f}", f"{e['wall_sentences_per_s']:.2f}", f"{e['load_s']:.1f}",
                         f"{e['peak_rss_mb']:.0f}", f"{e['model_and_work_mb']:.0f}",
                         f"{e['sentences_per_s'] / hf['sentences_per_s']:.2f}",
                         f"{e['wall_sentences_per_s'] / hf['wall_sentences_per_s']:.2f}",
                         f"{e['peak_rss_mb'] / hf['peak_rss_mb']:.2f}"])
        out.append(table(rows))
    if "model_free" in r:
        c = r["model_free"]
        out.append("")
        out.append(f"Model-free checks ({len(c['checks'])}: {', '.join(c['checks']) or 'none'}), "
                   f"~{c['words_per_article']:.0f}-word articles ({', '.join(c['languages'])}) from "
                   f"{len(c['fixtures'])} fixtures, {c['findings_per_article']:.1f} findings/article")
        rows = [["articles", "CPU s", "articles/CPU s", "wall s", "articles/wall s"]]
        for n in c["cpu_s"]:
            cs, ws = c["cpu_s"][n], c["wall_s"][n]
            rows.append([n, f"{cs:.2f}", f"{int(n) / cs:.1f}", f"{ws:.2f}", f"{int(n) / ws:.1f}"])
        out.append(table(rows))
        a, b = list(c["cpu_s"])
        out.append(f"time ratio {b}/{a}: {c['time_ratio']:.3f} CPU, {c['wall_time_ratio']:.3f} wall "
                   f"(linear: {c['size_ratio']:.1f})")
        if c["check_errors"]:
            out.append(f"checks that raised: {c['check_errors']}")
    out.append("")
    rows = [["target", "value", "goal", "met"]]
    for k, t in r["targets"].items():
        v = t["value"]
        goal = (">= " if k in ("ct2_int8_speedup", "checks_articles_per_s") else "<= ") + f"{t['target']:g}"
        rows.append([k, "-" if v is None else f"{v:.3f}", goal, {True: "yes", False: "NO", None: "-"}[t["met"]]])
    out.append(table(rows))
    out.append(f"\n{r['seconds']:.0f} s in all")
    if "profile" in r:
        p = r["profile"]
        out.append(f"\nWhere the model-free audit spends its CPU time ({p['articles']} articles, "
                   f"{1000 * p['cpu_s'] / p['articles']:.1f} ms per article):")
        rows = [["stage or check", "ms/article", "share"]]
        for k, v in list(p["ms_per_article"].items()) + [("(rest of the pipeline)", p["other_ms_per_article"])]:
            rows.append([k, f"{v:.2f}", f"{v / (1000 * p['cpu_s'] / p['articles']):.0%}"])
        out.append(table(rows))
        out.append(p["top_functions"].strip())
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
