"""`auditor feed`: audit many articles (a folder of pairs, a manifest or RSS/Atom feeds).

Exit codes: 0 every article passes; 1 an article fails (a finding at or above
--fail-on, or an MQM score under the configured minimum) or an item could not be
audited (unless --allow-errors); 2 usage or input error; 130 interrupted (the
journal keeps what was done: run again with --resume).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.console import Console

from auditor.config import DEFAULT_TIME_LIMIT
from auditor.types import InputError

from . import options as opt
from .app import app, clean, err, fail
from .shared import fail_threshold, load_term_lists, selection, target_language



FORMAT_HELP = ("Output format, repeatable: text, concise, json, jsonl, sarif, junit, github, markdown, html; "
               "FMT:PATH writes that format to PATH (e.g. -f sarif:auditor.sarif -f github).")


def _plan_outputs(formats: list[str], output: Optional[Path]) -> list[tuple[str, Optional[Path]]]:
    """(format, file or None for stdout) for each requested format."""
    from auditor.report import EXTENSIONS, FORMATS

    plan: list[tuple[str, Optional[Path]]] = []
    for spec in formats or ["text"]:
        name, sep, path = spec.partition(":")
        name = name.strip().lower()
        if name not in FORMATS:
            raise fail(f"--format: unknown format {name!r}; one of {', '.join(FORMATS)}")
        plan.append((name, Path(path) if sep and path else None))
    pathless = [k for k, (_, p) in enumerate(plan) if p is None]
    if output is not None and pathless:
        as_dir = output.is_dir() or str(output).endswith(("/", "\\")) or len(pathless) > 1
        for k in pathless:
            name = plan[k][0]
            plan[k] = (name, output / f"auditor.{EXTENSIONS[name]}" if as_dir else output)
    elif len(pathless) > 1:
        names = ", ".join(plan[k][0] for k in pathless)
        raise fail(f"only one format can go to standard output (asked: {names}); "
                    f"give the others a file (FMT:PATH) or a folder with --output DIR")
    seen: dict[Path, str] = {}
    for name, p in plan:
        if p is not None:
            if p in seen:
                raise fail(f"--format: {seen[p]} and {name} would both be written to {p}")
            seen[p] = name
    return plan


@app.command()
def feed(
    inputs: List[Path] = typer.Argument(..., help="A folder of pairs (NAME.id.txt beside NAME.fr.txt...), a "
                                                  "manifest (.jsonl or .csv: id, source, translation, "
                                                  "tgt_lang, optionally back_translation), or the source RSS/Atom "
                                                  "feed then translated feeds."),
    fmt: Optional[List[str]] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="File for the one format without a path, or a folder: "
                                               "auditor.<ext> for each."),
    journal_path: Optional[Path] = typer.Option(None, "--journal",
                                                help="JSONL file every result is appended to as it completes "
                                                     "(default: the jsonl output if any, else in the cache folder)."),
    resume: bool = typer.Option(False, "--resume", help="Skip the articles the journal already holds, unchanged."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (each loads its own model)."),
    engine: str = typer.Option("local", "--engine",
                               help="local: this machine (--jobs); ray: model-holding actors on a Ray cluster "
                                    "(pip install 'auditor[ray]'; see docs/ray.md)."),
    address: Optional[str] = typer.Option(None, "--address",
                                          help="Ray: the cluster to join (auto, HOST:6379, ray://HOST:10001); "
                                               "default: RAY_ADDRESS, else a local Ray instance."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Ray: actors, each holding its own models (default: as many as "
                                               "the cluster's CPUs, or GPUs with --device cuda, hold)."),
    cpus_per_worker: float = typer.Option(1.0, "--cpus-per-worker", min=0.0,
                                          help="Ray: CPUs reserved by each actor (its model threads, "
                                               "unless --threads)."),
    gpus_per_worker: Optional[float] = typer.Option(None, "--gpus-per-worker", min=0.0,
                                                    help="Ray: GPUs per actor (default: 1 with --device cuda, "
                                                         "else 0; 0.5 puts two actors on a GPU)."),
    articles_per_batch: int = typer.Option(8, "--articles-per-batch", min=1,
                                           help="Articles whose sentences are back-translated in one batch."),
    time_limit: float = typer.Option(DEFAULT_TIME_LIMIT, "--time-limit", min=0,
                                     help="Seconds an article's own audit may take before it is stopped and "
                                          "recorded as a 'timeout' error (the feed goes on; 0: no limit)."),
    src_lang: opt.SrcLang = "id",
    tgt_lang: opt.TgtLang = None,
    select: opt.Select = None,
    ignore: opt.Ignore = None,
    fail_on: opt.FailOn = None,
    exit_zero: opt.ExitZero = False,
    allow_errors: bool = typer.Option(False, "--allow-errors",
                                      help="Items that cannot be audited do not fail the run."),
    allow_outside: bool = typer.Option(False, "--allow-outside",
                                       help="Let manifest paths leave the manifest's folder, and linked "
                                            "files of a folder of pairs lead out of it."),
    no_mt: opt.NoMt = False,
    no_embed: opt.NoEmbed = False,
    model: opt.Model = None,
    reverse_model: opt.ReverseModel = None,
    download: opt.Download = False,
    beam_size: opt.BeamSize = 4,
    max_length: opt.MaxLength = 256,
    batch_size: opt.BatchSize = 16,
    device: opt.Device = "cpu",
    threads: opt.Threads = None,
    cache_dir: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    glossary: opt.Glossary = None,
    risky_terms: opt.RiskyTerms = None,
    config: opt.ConfigFile = None,
    input_format: opt.InputFormat = None,
    encoding: opt.Encoding = None,
    quiet: opt.Quiet = False,
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
):
    """Audit every article of a feed: one command for CI."""
    # torch and the sentence encoder each keep an OpenMP pool; threads that spin while the
    # other works make a run 2-3 times slower on a few cores. Set before either loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from auditor.boilerplate import check_patterns
    from auditor.config import load_config
    from auditor.feed import (FeedRunner, FeedSettings, Journal, default_journal, discover)
    from auditor.fsutil import FileLock
    from auditor.report.summary import Policy

    engine = _engine(engine, jobs, address, workers, cpus_per_worker, gpus_per_worker)
    ray_engine = None
    plan = _plan_outputs(list(fmt or []), output)
    first = inputs[0]
    cfg = load_config(str(config) if config else None,
                      start=(first if first.is_dir() else first.parent) if first.exists() else None)
    fail_on = fail_threshold(fail_on, cfg) if fail_on is not None else None
    tgt_lang = target_language(tgt_lang)
    codes = selection(select, ignore)
    check_patterns(cfg.boilerplate)            # a bad pattern is a usage error, not 50 item errors
    try:
        policy = Policy.from_config(fail_on, cfg)
    except ValueError as e:
        raise InputError(f"{cfg.path}: {e}") from None
    terms = load_term_lists(glossary, risky_terms, cfg)   # a bad list is a usage error (exit 2)
    items = discover(list(inputs), src_lang=src_lang, allow_outside=allow_outside, tgt_lang=tgt_lang)

    jsonl_file = next((p for name, p in plan if name == "jsonl" and p is not None), None)
    jpath = journal_path or jsonl_file or default_journal(list(inputs), str(cache_dir) if cache_dir else None)
    if jsonl_file is not None and journal_path is not None and jsonl_file != journal_path:
        jsonl_file = None   # both given: the jsonl report is written at the end like the others
    settings = FeedSettings(
        src_lang=src_lang, input_format=input_format, encoding=encoding, config=cfg,
        select=codes["select"], ignore=codes["ignore"],
        glossaries=[g for g in terms["glossaries"] if g not in cfg.glossaries],
        risky_terms=list(terms["risky_terms"]), no_mt=no_mt, embed=not no_embed, model=model,
        reverse_model=reverse_model, download=download,
        beam_size=beam_size, max_length=max_length, batch_size=batch_size, device=device, threads=threads,
        cache_dir=str(cache_dir) if cache_dir else None, no_cache=no_cache, articles_per_batch=articles_per_batch,
        time_limit=time_limit or None,
    )
    # one feed per journal: a second run on it would truncate and interleave the first one's
    # records; it is refused before anything is opened (the lock is dropped when this ends)
    lock = FileLock(jpath)
    lock.acquire(f"{jpath}: another `auditor feed` is writing this journal; wait for it to end, "
                 f"or give this run its own --journal (and outputs)")
    try:
        journal = Journal(jpath, resume=resume)
        show_progress = err.is_terminal and not quiet and not no_progress

        def note(msg: str) -> None:
            if not quiet:
                err.print(f"[cyan]{clean(msg)}[/]", highlight=False)

        runner = FeedRunner(items, settings, journal, notify=note)
        if engine == "ray":
            from auditor.feed.ray import RayEngine, RayOptions
            ray_engine = RayEngine(RayOptions(address=address, workers=workers, cpus_per_worker=cpus_per_worker,
                                              gpus_per_worker=gpus_per_worker), notify=note)
        if resume and not quiet:
            extra = f" ({runner.changed} changed since)" if runner.changed else ""
            err.print(f"resume: {runner.skipped} of {len(items)} articles already done, "
                      f"{len(runner.pending)} to audit{extra}", highlight=False)
        report = _run(runner, items, journal, jpath, jobs, ray_engine, show_progress)
        records: Any = report.records     # JournalRecords: read back from the journal each time it is iterated
        run_info = _run_info(items, report, jpath, jobs, ray_engine)
        _write_outputs(plan, jsonl_file, records, policy, run_info, quiet)
        if not quiet:
            per = report.seconds / max(1, report.todo)
            err.print(f"{report.todo} audited in {report.seconds:.1f} s ({per:.2f} s per article), "
                      f"{report.skipped} resumed; journal {clean(jpath)}", highlight=False, style="dim",
                      soft_wrap=True)
        statuses = [policy.status(r) for r in records]      # one pass over the journal
        failing, errors = statuses.count("fail"), statuses.count("error")
        raise typer.Exit(1 if (failing or (errors and not allow_errors)) and not exit_zero else 0)
    finally:
        lock.release()


def _engine(engine: str, jobs: int, address: Optional[str], workers: Optional[int], cpus_per_worker: float,
            gpus_per_worker: Optional[float]) -> str:
    """--engine, checked with the options that go with it (exit 2 for a mismatch, or for Ray not installed)."""
    engine = engine.strip().lower()
    if engine not in ("local", "ray"):
        raise fail(f"--engine must be local or ray (got {engine!r})")
    if engine == "local":
        given = [name for name, v in (("--address", address), ("--workers", workers),
                                      ("--gpus-per-worker", gpus_per_worker)) if v is not None]
        if cpus_per_worker != 1.0:
            given.append("--cpus-per-worker")
        if given:
            raise fail(f"{', '.join(given)}: only with --engine ray")
    else:
        if jobs > 1:
            raise fail("--jobs is for the local engine; with --engine ray give --workers")
        if cpus_per_worker <= 0 and not gpus_per_worker:
            raise fail("--cpus-per-worker must be above 0 (or give --gpus-per-worker)")
        from auditor.feed.ray import import_ray
        import_ray()   # not installed: one line and exit 2, before anything is read or written
    return engine


def _run(runner: Any, items: list, journal: Any, jpath: Path, jobs: int, ray_engine: Any, show_progress: bool) -> Any:
    """The runner's report, with a progress bar on a terminal; ^C: what is done is kept (exit 130)."""
    progress = None
    try:
        if show_progress and runner.pending:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)
            progress = Progress(TextColumn("[bold blue]auditing"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[last]}", style="dim"), TimeElapsedColumn(),
                                TimeRemainingColumn(), console=err, transient=True)
            task = progress.add_task("feed", total=len(runner.pending), last="")
            progress.start()
            bar = progress

            def tick(rec):
                bar.update(task, advance=1, last=clean(str(rec.get("id"))[-40:]))   # the column reads markup
            runner.on_record = tick
        return runner.run(jobs=jobs, engine=ray_engine)
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        journal.close()
        done = sum(1 for it in items if journal.done(it))
        err.print(f"[yellow]auditor: interrupted; {done} of {len(items)} articles are done and kept in "
                  f"{clean(jpath)}; run the same command with --resume to finish[/]", highlight=False)
        raise typer.Exit(130)
    finally:
        if progress is not None:
            progress.stop()
        journal.close()


def _run_info(items: list, report: Any, jpath: Path, jobs: int, ray_engine: Any) -> dict[str, Any]:
    """What the reports say of the run: counts, time, journal, back-translation figures, engine."""
    run_info: dict[str, Any] = {"articles": len(items), "audited": report.todo, "resumed": report.skipped,
                                "seconds": round(report.seconds, 3), "journal": str(jpath),
                                "back_translation": report.stats}
    if report.start:
        run_info["engine"] = {"name": "local", "jobs": jobs, "start": report.start}
    if ray_engine is not None and ray_engine.workers:
        run_info["engine"] = {"name": "ray", "workers": ray_engine.workers, "nodes": len(ray_engine.nodes),
                              "lost_chunks": ray_engine.lost_chunks,
                              "start_seconds": round(ray_engine.start_seconds, 3),
                              "stop_seconds": round(ray_engine.stop_seconds, 3)}
    return run_info


def _write_outputs(plan: list[tuple[str, Optional[Path]]], jsonl_file: Optional[Path], records: Any, policy: Any,
                   run_info: dict[str, Any], quiet: bool) -> None:
    """Every requested report, to its file or to stdout, and the summary table on a terminal."""
    from auditor.fsutil import write_report
    from auditor.report import render
    from auditor.report.table import renderables

    to_stdout = None
    for name, path in plan:
        if path is not None and path == jsonl_file:
            continue   # the journal itself, already written (compacted, in feed order)
        text = render(records, name, policy=policy, run_info=run_info)
        if path is None:
            to_stdout = name
            if name == "text" and not quiet:
                con = Console(highlight=False)
                for r in renderables(records, policy):
                    con.print(r)
            else:
                sys.stdout.write(text)
            continue
        write_report(path, text)      # whole or not at all: a temporary file, then a rename
    if not quiet and to_stdout is None:
        con = Console(highlight=False)
        for r in renderables(records, policy):
            con.print(r)
    elif not quiet and to_stdout != "text":
        for r in renderables(records, policy):
            err.print(r)
