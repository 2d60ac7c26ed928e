"""The `auditor` command line: argument parsing, wiring and exit codes. Thin by design.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage or input error; 3 internal error (a bug: please report it).
"""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from auditor import __version__
from auditor.types import SEVERITIES, InputError

app = typer.Typer(
    name="auditor", no_args_is_help=True, add_completion=False,
    help="Audit machine translations of Indonesian news: back-translate, compare with the source, "
         "run linguistic checks, report suspect spans.",
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List, fetch and locate back-translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

err = Console(stderr=True, highlight=False)
STATE = {"debug": False}


class Backend(str, Enum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class Fmt(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    markdown = "markdown"
    html = "html"


def clean(msg: object) -> str:
    """A message for the console: no console markup ("[link=...]" in a file name or an id) and
    no terminal or bidi control character (each shown as a visible stand-in), on one line."""
    from auditor.report.safe import visible
    return escape(visible(msg, one_line=True))


def _fail(msg: str, code: int = 2) -> "typer.Exit":
    err.print(f"[bold red]auditor: error:[/] {clean(msg)}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool):
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
):
    STATE["debug"] = debug


def _split_codes(values: Optional[List[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out


@app.command()
def audit(
    translation: Path = typer.Argument(..., help="The translated article (txt, md, html or json)."),
    source: Path = typer.Option(..., "--source", "-s", help="The Indonesian source article."),
    src_lang: str = typer.Option("id", "--src-lang", help="Language of the source."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", "-l",
                                           help="Language of the translation (en, fr, zh, ja, ar); detected if omitted."),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these codes or prefixes (AUD1,AUD501)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these codes or prefixes."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on",
                                          help="Exit 1 when a finding is at or above: minor, major, critical (default major)."),
    no_mt: bool = typer.Option(False, "--no-mt", help="Skip back-translation (model-free checks only)."),
    no_embed: bool = typer.Option(False, "--no-embed",
                                  help="Skip cross-lingual sentence similarity (bundled multilingual encoder)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Back-translation model: hub id or local folder."),
    reverse_model: Optional[str] = typer.Option(
        None, "--reverse-model",
        help="Source->translation model for forced decoding (token log-probabilities); "
             "default: the table's id->xx model when MT is on."),
    download: bool = typer.Option(False, "--download", help="Allow downloading a missing model (first use)."),
    beam_size: int = typer.Option(4, "--beam-size", min=1, help="Beam size for back-translation."),
    max_length: int = typer.Option(256, "--max-length", min=8, help="Maximum tokens per sentence."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Sentences per batch."),
    device: str = typer.Option("cpu", "--device", help="cpu, cuda, cuda:1, mps ..."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads for the model."),
    backend: Backend = typer.Option(Backend.transformers, "--backend",
                                    help="Back-translation engine; ctranslate2 (the fast extra) runs converted models."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Cache folder (default: the user cache)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the cache."),
    glossary: Optional[List[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary (CSV or TBX); repeatable."),
    risky_terms: Optional[List[Path]] = typer.Option(None, "--risky-terms",
                                                     help="Extra risky-term list (JSON, shape of the built-in one); repeatable."),
    config: Optional[Path] = typer.Option(None, "--config", help="auditor.toml or pyproject.toml to use."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="txt, md, html or json (default: from the extension)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text encoding of the inputs (default UTF-8, BOMs honoured)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the findings table (text) and errors."),
):
    """Audit one translated article against its Indonesian source."""
    from auditor.config import load_config
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_file

    cfg = load_config(str(config) if config else None, start=translation.parent if translation.parent.exists() else None)
    fail = fail_on or cfg.fail_on
    if fail not in SEVERITIES[1:]:
        raise _fail(f"--fail-on must be one of minor, major, critical (got {fail!r})")
    src_doc = read_file(str(source), fmt=input_format, encoding=encoding)
    tgt_doc = read_file(str(translation), fmt=input_format, encoding=encoding)
    opts = AuditOptions(src_lang=src_lang, tgt_lang=tgt_lang, config=cfg,
                        select=_split_codes(select), ignore=_split_codes(ignore))
    opts.extra.update(_load_term_lists(glossary, risky_terms, cfg))

    notices: list[str] = []
    back = None
    cache = None
    if no_mt:
        notices.append("back-translation skipped (--no-mt): model-based checks did not run")
    else:
        back, cache = _load_mt(tgt_doc, opts, model or None, cfg, beam_size, max_length, batch_size,
                               device, threads, cache_dir, no_cache, download, notices, quiet, backend.value)
    opts.embed = not no_embed
    if not no_mt:
        from auditor.evidence.models import FORWARD
        lang = tgt_lang or (back.direction.split("-")[0] if back is not None else "")
        opts.reverse_model = reverse_model or cfg.models.get(f"{src_lang}-{lang}") or \
            (FORWARD.get(f"{src_lang}-{lang}", [None])[0] if back is not None else None)
    if opts.embed and not no_cache:
        from auditor.evidence.cache import Cache
        opts.cache = cache or Cache(cache_dir)
    result = audit_documents(src_doc, tgt_doc, opts, back_translator=back, notices=notices)
    if back is not None and result.signature.get("back_translation"):
        st = back.stats
        result.notices.append(f"back-translation: {st['sentences']} sentences, {st['cached']} from cache, "
                              f"{st['decoded']} decoded")
        result.signature["cache"] = {"hits": st["cached"], "decoded": st["decoded"]}
    # the cache that served this run (the model's, or the sentence encoder's alone with --no-mt):
    # one that cannot be written is said, never silently skipped
    used = cache if cache is not None else opts.cache
    if used is not None and used.problem and used.problem not in result.notices:
        result.notices.append(used.problem)
    _emit(result, fmt, output, quiet, fail_on=fail)
    raise typer.Exit(1 if result.fails(fail) else 0)


def _load_term_lists(glossary, risky_terms, cfg) -> dict:
    """Load glossaries and risky-term lists up front, so that a bad file is an input error (exit 2)."""
    from auditor.glossary import load_glossary, load_risky_terms
    gl = [str(g) for g in (glossary or [])] + list(cfg.glossaries)
    rt = [str(r) for r in (risky_terms or [])]
    for g in gl:
        load_glossary(g)
    for r in rt:
        load_risky_terms(r)
    return {"glossaries": gl, "risky_terms": rt}


def _load_mt(tgt_doc, opts, model, cfg, beam_size, max_length, batch_size, device, threads,
             cache_dir, no_cache, download, notices, quiet, backend="transformers"):
    """Load the back-translation chain, or say in one line why it is skipped."""
    from auditor.evidence.cache import Cache
    from auditor.evidence.loader import build_back_translator
    from auditor.evidence.mt import DecodeParams, ModelUnavailable, mt_available
    from auditor.lang import detect
    from auditor.pipeline import TARGET_LANGS

    if backend == "ctranslate2":
        from auditor.evidence.ct2 import ct2_available as mt_available  # noqa: F811  (no torch import)
    why = mt_available()
    if why:
        notices.append(f"back-translation skipped: {why}")
        return None, None
    lang = opts.tgt_lang or detect(" ".join(p.text for p in tgt_doc.paragraphs[:20]), )[0] or ""
    if lang not in TARGET_LANGS and not model:
        notices.append(f"back-translation skipped: no default model for {lang}-{opts.src_lang}")
        return None, None
    model = model or cfg.models.get(f"{lang}-{opts.src_lang}")
    cache = None if no_cache else Cache(cache_dir)
    params = DecodeParams(beam_size=beam_size, max_length=max_length, batch_size=batch_size)
    try:
        with err.status("loading back-translation model...", spinner="dots") if (err.is_terminal and not quiet) else _null():
            back = build_back_translator(lang, opts.src_lang, model, params, device, threads, cache,
                                         allow_download=download,
                                         notify=lambda m: err.print(f"[cyan]{clean(m)}[/]"), backend=backend)
    except ModelUnavailable as e:
        notices.append(f"back-translation skipped: {e}; model-free checks still ran")
        return None, cache
    return back, cache


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _emit(result, fmt: Fmt, output: Optional[Path], quiet: bool, fail_on: Optional[str] = None) -> None:
    from auditor.report import json_report, render, terminal

    if fmt != Fmt.text:
        if fmt == Fmt.json:
            text = json_report.render(result)
        else:
            # junit/sarif/markdown/html verdicts follow the threshold of the exit code
            text = render(result, fmt.value, fail_on=fail_on)
        if output:
            _write(output, text)
        else:
            sys.stdout.write(text)
        if not quiet:
            for n in result.notices:
                err.print(f"[yellow]note:[/] {clean(n)}", highlight=False, soft_wrap=True)
        return
    if output:
        import io
        buf = io.StringIO()
        terminal.render(result, Console(file=buf, width=120, no_color=True), details=not quiet)
        _write(output, buf.getvalue())
        return
    console = Console(highlight=False)
    terminal.render(result, console, details=not quiet)


def _write(path: Path, text: str) -> None:
    """The whole report or nothing: a temporary file renamed over PATH (auditor.fsutil)."""
    from auditor.fsutil import write_report
    write_report(path, text)


@app.command()
def checks(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable list."),
):
    """List the checks: code, name, category, default severity, languages, evidence needed."""
    from rich.table import Table

    from auditor.checks.base import load_all
    reg = load_all()
    if as_json:
        typer.echo(json.dumps([{
            "code": c.info.code, "name": c.info.name, "category": c.info.category,
            "severity": c.info.severity, "summary": c.info.summary,
            "languages": list(c.info.languages), "needs": list(c.info.needs)} for c in reg.values()],
            ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{len(reg)} checks", title_justify="left")
    for col in ("code", "name", "category", "severity", "languages", "needs", "summary"):
        t.add_column(col, overflow="fold")
    for c in reg.values():
        i = c.info
        t.add_row(i.code, i.name, i.category, i.severity, ",".join(i.languages) or "any",
                  ",".join(i.needs) or "-", i.summary)
    Console().print(t)


@app.command()
def explain(code: str = typer.Argument(..., help="A check code, e.g. AUD101.")):
    """Explain what a check looks for, and why."""
    from auditor.checks.base import load_all
    reg = load_all()
    c = reg.get(code.upper())
    if c is None:
        raise _fail(f"unknown check code {code!r}; `auditor checks` lists them")
    i = c.info
    typer.echo(f"{i.code} {i.name}  [{i.category}, {i.severity}]\n\n{i.summary}\n\n{i.explanation}\n\n"
               f"languages: {', '.join(i.languages) or 'any'}\nneeds: {', '.join(i.needs) or 'no model'}")


@app.command("eval")
def eval_cmd(
    result: Path = typer.Argument(..., help="An audit's JSON output (auditor audit ... -f json)."),
    gold: Path = typer.Option(..., "--gold", help="Gold annotations (fixtures/*/gold.json shape)."),
    translation: Optional[Path] = typer.Option(None, "--translation",
                                               help="The translation file (default: the path recorded in RESULT)."),
    no_mt_only: bool = typer.Option(False, "--no-mt-only", help="Only gold items that need no model."),
    skip_category: Optional[List[str]] = typer.Option(None, "--skip-category", help="Leave a category out; repeatable."),
    min_severity: Optional[str] = typer.Option(None, "--min-severity", help="Ignore findings below this severity."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable report."),
):
    """Precision, recall and F1 of an audit's findings against gold annotations (span and character level)."""
    from auditor.evaluate import evaluate, format_table
    from auditor.reader import read_file

    data = _read_json(result)
    gold_data = _read_json(gold)
    tpath = str(translation) if translation else data.get("translation", {}).get("path")
    if not tpath:
        raise _fail(f"{result}: no translation path recorded; pass --translation")
    text = read_file(tpath).raw
    report = evaluate(data, gold_data, text, no_mt_only=no_mt_only,
                      skip_categories=tuple(skip_category or ()), min_severity=min_severity)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_table(report))


def _read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not a JSON file ({e})") from None


@models_app.command("list")
def models_list():
    """The default model for each direction, with licences and whether it is cached here."""
    from rich.table import Table

    from auditor.evidence.models import BACK_TRANSLATION, FORWARD, MODELS
    t = Table(title="default models", title_justify="left")
    for col in ("direction", "chain", "licence", "cached"):
        t.add_column(col)
    for direction, chain in {**BACK_TRANSLATION, **FORWARD}.items():
        t.add_row(direction, " → ".join(chain), ", ".join(MODELS[m].licence for m in chain),
                  "yes" if all(_cached_path(m) for m in chain) else "no")
    t.add_row("(any)", "facebook/m2m100_418M (--model)", MODELS["facebook/m2m100_418M"].licence,
              "yes" if _cached_path("facebook/m2m100_418M") else "no")
    Console().print(t)


def _cached_path(model_id: str) -> Optional[str]:
    try:
        from huggingface_hub import snapshot_download
        return snapshot_download(model_id, local_files_only=True)
    except Exception:
        return None


@models_app.command("path")
def models_path(model: str = typer.Argument(..., help="Hub id.")):
    """Where a model lies in the local cache (exit 2 if it is not cached)."""
    p = _cached_path(model)
    if not p:
        raise _fail(f"{model} is not in the local cache; `auditor models pull {model}` fetches it")
    typer.echo(p)


@models_app.command("pull")
def models_pull(models: List[str] = typer.Argument(..., help="Hub ids, or directions like fr-id.")):
    """Download models into the local cache (the only command that downloads)."""
    from auditor.evidence.models import BACK_TRANSLATION, FORWARD, licence_of
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise _fail("the MT extra is not installed: pip install 'auditor[mt]'")
    ids: list[str] = []
    for m in models:
        ids.extend({**BACK_TRANSLATION, **FORWARD}.get(m, [m]))
    bad = 0
    for m in dict.fromkeys(ids):
        err.print(clean(f"pulling {m} (licence {licence_of(m)})..."))
        try:
            p = snapshot_download(m, allow_patterns=["*.json", "*.spm", "*.model", "*.safetensors",
                                                     "*.txt", "*.bin"])
            typer.echo(f"{m}\t{p}")
        except Exception as e:
            err.print(f"[red]{clean(f'cannot download {m}: {str(e).splitlines()[0][:200]}')}[/]")
            bad += 1
    raise typer.Exit(2 if bad else 0)


from . import feed as _feed  # noqa: E402,F401  (registers `auditor feed` on app)
from . import models_ct2  # noqa: E402,F401  (registers `auditor models convert`)


def main() -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # torch's and the sentence encoder's thread pools must not spin against each other
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        app()   # click handles usage errors (exit 2) and exits with the command's code
    except InputError as e:
        err.print(f"[bold red]auditor: error:[/] {clean(e)}", highlight=False, soft_wrap=True)
        if STATE["debug"]:
            raise
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("[yellow]auditor: interrupted[/]")
        sys.exit(130)
    except Exception as e:
        if STATE["debug"] or "--debug" in sys.argv:
            raise
        err.print(f"[bold red]auditor: internal error:[/] {clean(f'{type(e).__name__}: {e}')} "
                  f"(run with --debug for the traceback)", highlight=False, soft_wrap=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
