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
from auditor.types import InputError

app = typer.Typer(
    name="auditor", no_args_is_help=True, add_completion=False,
    help="Audit machine translations of Indonesian news: back-translate, compare with the source, "
         "run linguistic checks, report suspect spans.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,      # plain help: "[ray]" in a help string stays as written
)
models_app = typer.Typer(help="List, fetch and locate back-translation models.", no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(models_app, name="models")

err = Console(stderr=True, highlight=False)
STATE = {"debug": False}


class Backend(str, Enum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class Fmt(str, Enum):
    text = "text"
    concise = "concise"
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
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of errors (also after the command)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
):
    STATE["debug"] = STATE["debug"] or debug


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
                                           help="Language of the translation: en, fr, zh, ja or ar (any case, "
                                                "fr-FR too); detected if omitted."),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these codes or prefixes (AUD1,AUD501)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these codes or prefixes."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on",
                                          help="Exit 1 when a finding is at or above: info, minor, major, critical "
                                               "(default major; any case)."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even with findings at or above --fail-on (a report-only run); "
                                        "usage errors still exit 2 and internal errors 3."),
    no_mt: bool = typer.Option(False, "--no-mt", help="Skip model back-translation (model-free checks only; "
                                                      "a --back-translation file is still used)."),
    back_translation: Optional[Path] = typer.Option(
        None, "--back-translation",
        help="The translation translated back into the source language by any system (txt, md, html or json, "
             "paragraph-parallel to the translation): used instead of the model's back-translation; "
             "no model is loaded for it."),
    no_embed: bool = typer.Option(False, "--no-embed",
                                  help="Skip cross-lingual sentence similarity (bundled multilingual encoder)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Back-translation model: hub id or local folder "
                                                                    "(with --back-translation: only for cross-attention "
                                                                    "placement and forced decoding)."),
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
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Only the findings, one line each (text), and errors: no header, no notes."),
    show_clean: bool = typer.Option(False, "--show-clean", help="Text report: show paragraphs without findings too."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes to TRANSLATION (a backup is kept as "
                                                   "TRANSLATION.bak), then report what is left."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes",
                                      help="Also apply fixes that may change the meaning (term replacements, "
                                           "non-word suggestions). A finding with several alternatives is "
                                           "never fixed."),
    diff: bool = typer.Option(False, "--diff", help="Print the fixes as a unified diff of TRANSLATION instead "
                                                     "of writing them (exit 1 if there is any)."),
):
    """Audit one translated article against its Indonesian source."""
    from auditor.checks.base import load_all
    from auditor.config import load_config
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_file, read_text

    cfg = load_config(str(config) if config else None, start=translation.parent if translation.parent.exists() else None)
    fail = _fail_on(fail_on, cfg)
    tgt_lang = _target_lang(tgt_lang)
    codes = _selection(select, ignore)
    src_doc = read_file(str(source), fmt=input_format, encoding=encoding)
    tgt_doc = read_file(str(translation), fmt=input_format, encoding=encoding)
    supplied = None
    if back_translation is not None:
        from auditor.evidence.supplied import SuppliedBackTranslation
        supplied = SuppliedBackTranslation.read(str(back_translation), fmt=input_format, encoding=encoding,
                                                src_lang=src_lang)
        supplied.check(tgt_doc)     # not paragraph-parallel: one line, exit 2, before any work
    opts = AuditOptions(src_lang=src_lang, tgt_lang=tgt_lang, config=cfg, **codes)
    if tgt_lang:     # a declared language that the text plainly contradicts: the wrong file or option
        from auditor.lang import WRONG_LANGUAGE_CONFIDENCE
        opts.wrong_language_error = WRONG_LANGUAGE_CONFIDENCE
    opts.extra.update(_load_term_lists(glossary, risky_terms, cfg))
    # the evidence that the checks this run selects could use: no note about a model none of them needs
    wanted = {n for code, c in load_all().items() if _selected(code, opts, cfg) for n in c.info.needs}

    notices: list[str] = []
    back = None
    cache = None
    if supplied is not None:
        back = supplied
        # a model serves a supplied back-translation only where one is named (--model or the
        # configuration): cross-attention placement and forced decoding; never to translate
        named = None if no_mt else (model or _configured_model(cfg, tgt_doc, opts))
        if named:
            said: list[str] = []
            chain, cache = _load_mt(tgt_doc, opts, named, cfg, beam_size, max_length, batch_size, device, threads,
                                    cache_dir, no_cache, download, said, quiet, backend.value)
            notices.extend(n.replace("back-translation skipped", "the model for the supplied back-translation "
                                     "(cross-attention placement, forced decoding) skipped", 1) for n in said)
            supplied.with_model(chain)
    elif no_mt:
        notices.append("back-translation skipped (--no-mt): model-based checks did not run")
    else:
        back, cache = _load_mt(tgt_doc, opts, model or None, cfg, beam_size, max_length, batch_size,
                               device, threads, cache_dir, no_cache, download, notices, quiet, backend.value)
    opts.embed = not no_embed
    if supplied is not None:
        if not no_mt:   # forced decoding only with a reverse model named by the user
            lang = tgt_lang or _detected(tgt_doc)
            opts.reverse_model = reverse_model or cfg.models.get(f"{src_lang}-{lang}")
    elif not no_mt:
        from auditor.evidence.models import FORWARD
        lang = tgt_lang or (back.direction.split("-")[0] if back is not None else "")
        opts.reverse_model = reverse_model or cfg.models.get(f"{src_lang}-{lang}") or \
            (FORWARD.get(f"{src_lang}-{lang}", [None])[0] if back is not None else None)
    if opts.embed and not no_cache:
        from auditor.evidence.cache import Cache
        opts.cache = cache or Cache(cache_dir)

    def run(text: Optional[str] = None):
        """Audit the translation (or `text`, the translation as fixed so far)."""
        src = read_file(str(source), fmt=input_format, encoding=encoding) if text is not None else src_doc
        tgt = read_text(text, path=str(translation), fmt=tgt_doc.format) if text is not None else tgt_doc
        res = audit_documents(src, tgt, opts, back_translator=back, notices=notices)
        if supplied is not None:
            n = sum(1 for ev in res.evidence.values() if ev.back_translation is not None)
            split = sum(1 for ev in res.evidence.values()
                        if (ev.extra.get("back_translation_from") or {}).get("split"))
            res.notices.append(f"back-translation: from {back_translation} ({n} sentences"
                               + (f", {split} of them sharing a back-translation sentence split between them"
                                  if split else "") + "; no model translated anything)")
        elif back is not None and res.signature.get("back_translation"):
            st = back.stats
            res.notices.append(f"back-translation: {st['sentences']} sentences, {st['cached']} from cache, "
                               f"{st['decoded']} decoded")
            res.signature["cache"] = {"hits": st["cached"], "decoded": st["decoded"]}
        # the cache that served this run (the model's, or the sentence encoder's alone with --no-mt):
        # one that cannot be written is said, never silently skipped
        used = cache if cache is not None else opts.cache
        if used is not None and used.problem and used.problem not in res.notices:
            res.notices.append(used.problem)
        return res

    if fix or diff:
        from auditor.fixes import fix_text, unified_diff
        from auditor.report.summary import display_path
        out = fix_text(tgt_doc.raw, lambda text: run(None if text is tgt_doc.raw else text),
                       unsafe=unsafe_fixes, final_audit=not diff)
        n = len(out.applied)
        more = (f"; {out.unsafe_held} more with --unsafe-fixes" if out.unsafe_held else "") + \
               (f"; {out.display_only} with several alternatives, left to you" if out.display_only else "")
        if diff:
            direction = f"{out.first.translation.lang}-{src_lang}"
            sys.stdout.write(unified_diff(tgt_doc.raw, out.text, display_path(str(translation))))
            if not quiet:
                _notes(out.first, wanted, direction)
                err.print(clean(f"{n} fix{'es' if n != 1 else ''} would be applied{more}"), highlight=False,
                          soft_wrap=True)
            raise typer.Exit(1 if n and not exit_zero else 0)
        result = out.result or out.first
        if n:
            backup = _write_fixed(translation, tgt_doc.raw, out.text, encoding)
            if not quiet:
                err.print(clean(f"fixed {n} finding{'s' if n != 1 else ''} in {display_path(str(translation))} "
                                 f"(the original is kept as {display_path(str(backup))}){more}"), highlight=False,
                          soft_wrap=True)
        elif not quiet:
            err.print(clean(f"nothing to fix{more}"), highlight=False, soft_wrap=True)
    else:
        result = run()
    _emit(result, fmt, output, quiet, fail_on=fail, wanted=wanted, show_clean=show_clean,
          unsafe_fixes=unsafe_fixes, direction=f"{result.translation.lang}-{src_lang}")
    raise typer.Exit(1 if result.fails(fail) and not exit_zero else 0)


def _fail_on(value: Optional[str], cfg) -> str:
    """--fail-on in any case ('Major'), info included; else the configuration's (default major)."""
    from auditor.config import severity
    return severity(value, "--fail-on") if value is not None else cfg.fail_on


def _target_lang(value: Optional[str]) -> Optional[str]:
    """--tgt-lang as people write it ('FR', 'fr-FR') as its code, one of the supported languages."""
    from auditor.lang import LANG_NAMES, TARGET_LANGS, normalise
    if value is None:
        return None
    lang = normalise(value)
    if lang not in TARGET_LANGS:
        name = f" ({LANG_NAMES[lang]})" if lang in LANG_NAMES else ""
        raise InputError(f"--tgt-lang: {value!r}{name} is not a language auditor checks; "
                         f"one of {', '.join(TARGET_LANGS)}")
    return lang


def _selection(select: Optional[List[str]], ignore: Optional[List[str]]) -> dict[str, list[str]]:
    """--select and --ignore, each code or prefix matching a check (AUD999 is an error)."""
    from auditor.config import check_selectors
    return {"select": check_selectors(_split_codes(select), "--select"),
            "ignore": check_selectors(_split_codes(ignore), "--ignore")}


def _selected(code: str, opts, cfg) -> bool:
    select = opts.select or cfg.select
    ignore = opts.ignore + cfg.ignore
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


def _write_fixed(path: Path, before: str, after: str, encoding: Optional[str]) -> Path:
    """Write the fixed translation in the file's own encoding (its BOM kept), through a temporary
    file renamed over it; the original goes to PATH.bak (PATH.bak.1... if that exists)."""
    data = path.read_bytes()
    if encoding:
        enc, bom = encoding, b""
    elif data.startswith(b"\xef\xbb\xbf"):
        enc, bom = "utf-8", b"\xef\xbb\xbf"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc, bom = "utf-16", b""       # the codec writes its own BOM
    else:
        enc, bom = "utf-8", b""
    try:
        new = bom + after.encode(enc)
    except UnicodeEncodeError as e:
        raise InputError(f"{path}: a fix cannot be written in {enc}: {e}") from None
    backup = path.with_name(path.name + ".bak")
    k = 0
    while backup.exists():
        k += 1
        backup = path.with_name(f"{path.name}.bak.{k}")
    tmp = path.with_name(f".{path.name}.auditor-fix")
    try:
        backup.write_bytes(data)
        tmp.write_bytes(new)
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(f"{path}: cannot write the fixes: {e.strerror or e}") from None
    return backup


def _notes(result, wanted: set, direction: str = "") -> None:
    """The run's notes on stderr, once each, in plain words: why there is no back-translation
    and which checks did not run for it (only where a selected check needs it), what the reader
    cut, a cache that could not be used. Progress figures and what the options asked for
    (--no-mt) are left to the JSON's notices."""
    skipped = getattr(result, "skipped_checks", {}) or {}
    from auditor.pipeline import skipped_checks_notice
    skipped_note = skipped_checks_notice(skipped) if skipped else None
    no_mt = any(n.startswith("back-translation skipped (--no-mt)") for n in result.notices)
    shown: list[str] = []
    bt_why: Optional[str] = None
    for n in result.notices:
        if n.startswith("back-translation skipped: "):
            bt_why = bt_why or n.removeprefix("back-translation skipped: ").removesuffix(
                "; model-free checks still ran")
        elif n != skipped_note and not n.startswith(("back-translation skipped (--no-mt)", "back-translation: ")):
            shown.append(n)
    lead: list[str] = []
    if bt_why and wanted & {"back_translation", "logprobs"}:
        if "is not in the local cache" in bt_why and direction:
            from auditor.evidence.models import FORWARD
            back = "-".join(reversed(direction.split("-")))
            pull = f"{direction} {back}" if back in FORWARD else direction
            lead.append(f"back-translation off: no {direction} model (`auditor models pull {pull}`)")
        else:
            lead.append(f"back-translation off: {bt_why}")
        if skipped:
            k = len(skipped)
            lead.append(f"{k} check{'s' if k != 1 else ''} need{'s' if k == 1 else ''} a model and did not run: "
                        f"{', '.join(skipped)}")
    elif skipped_note and not bt_why and not no_mt:
        lead.append(skipped_note)
    for n in dict.fromkeys(lead + shown):
        err.print(f"[yellow]note:[/] {clean(n)}", highlight=False, soft_wrap=True)


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


def _detected(tgt_doc) -> str:
    from auditor.lang import detect
    return detect(" ".join(p.text for p in tgt_doc.paragraphs[:20]))[0] or ""


def _configured_model(cfg, tgt_doc, opts) -> Optional[str]:
    """The back-translation model the configuration names for this direction, if any."""
    lang = opts.tgt_lang or _detected(tgt_doc)
    return cfg.models.get(f"{lang}-{opts.src_lang}")


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


def _emit(result, fmt: Fmt, output: Optional[Path], quiet: bool, fail_on: Optional[str] = None,
          wanted: Optional[set] = None, show_clean: bool = False,
          unsafe_fixes: bool = False, direction: str = "") -> None:
    from auditor.report import json_report, render, terminal

    if not quiet:
        _notes(result, wanted or set(), direction)
    fail_on = fail_on or "major"
    if fmt not in (Fmt.text, Fmt.concise):
        if fmt == Fmt.json:
            text = json_report.render(result)
        else:
            # junit/sarif/markdown/html verdicts follow the threshold of the exit code
            text = render(result, fmt.value, fail_on=fail_on)
        if output:
            _write(output, text)
        else:
            sys.stdout.write(text)
        return

    def show(console: Console) -> None:
        if quiet:
            terminal.render_concise(result, console, fail_on, unsafe_fixes, with_verdict=False)
        elif fmt == Fmt.concise:
            terminal.render_concise(result, console, fail_on, unsafe_fixes)
        else:
            terminal.render(result, console, show_clean=show_clean, fail_on=fail_on, unsafe_fixes=unsafe_fixes)

    if output:
        import io
        buf = io.StringIO()
        show(Console(file=buf, width=80, no_color=True, highlight=False))
        _write(output, buf.getvalue())
        return
    show(Console(highlight=False))


def _write(path: Path, text: str) -> None:
    """The whole report or nothing: a temporary file renamed over PATH (auditor.fsutil)."""
    from auditor.fsutil import write_report
    write_report(path, text)


FIX_WORDS = {"safe": "safe fix", "unsafe": "unsafe fix", "none": ""}


@app.command()
def checks(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable list."),
):
    """List the checks: code, name, category, default severity, languages, evidence needed, fix."""
    from rich.text import Text

    from auditor.checks.base import load_all
    from auditor.report.terminal import emit
    reg = load_all()
    if as_json:
        typer.echo(json.dumps([{
            "code": c.info.code, "name": c.info.name, "category": c.info.category,
            "severity": c.info.severity, "summary": c.info.summary,
            "languages": list(c.info.languages), "needs": list(c.info.needs), "fix": c.info.fix}
            for c in reg.values()], ensure_ascii=False, indent=2))
        return
    # two lines a check, whatever the width: code, name, category, severity, languages; then the
    # summary with what it needs and whether it fixes (80 columns: no column cut, no padding)
    con = Console(highlight=False)
    name_w = max(len(c.info.name) for c in reg.values())
    emit(con, Text(f"{len(reg)} checks; `auditor explain CODE` tells more", style="bold"))
    for c in reg.values():
        i = c.info
        head = Text()
        head.append(f"{i.code}  ", style="bold")
        head.append(f"{i.name:<{name_w}}  ")
        head.append(f"{i.category:<14} ", style="italic")
        head.append(f"{i.severity:<8} ")
        head.append(" ".join(i.languages) or "any language", style="dim")
        emit(con, head, hang=8)
        extra = [f"needs {', '.join(n.replace('_', '-') for n in i.needs)}"] if i.needs else []
        if i.fix != "none":
            extra.append(FIX_WORDS[i.fix])
        body = Text(i.summary.rstrip("."))
        if extra:
            body.append(f" [{'; '.join(extra)}]", style="dim")
        emit(con, body, indent=8)


@app.command()
def explain(code: str = typer.Argument(..., metavar="CODE", help="A check code, e.g. AUD101.")):
    """Explain what a check looks for, and why."""
    from auditor.checks.base import load_all
    reg = load_all()
    c = reg.get(code.strip().upper())
    if c is None:
        raise _fail(f"unknown check code {code!r}; `auditor checks` lists them")
    i = c.info
    fix = {"safe": "safe (applied by --fix)", "unsafe": "unsafe (applied by --fix --unsafe-fixes)",
           "none": "none"}[i.fix]
    if i.fix == "safe" and i.fix_safe_from:
        fix += f" from confidence {i.fix_safe_from:g}, unsafe below"
    typer.echo(f"{i.code} {i.name}  [{i.category}, {i.severity}]\n\n{i.summary}\n\n{i.explanation}\n\n"
               f"languages: {', '.join(i.languages) or 'any'}\nneeds: {', '.join(i.needs) or 'no model'}\n"
               f"fix: {fix}")


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
    t = Table()
    for col in ("direction", "chain", "licence", "cached"):
        t.add_column(col)
    for direction, chain in {**BACK_TRANSLATION, **FORWARD}.items():
        t.add_row(direction, " → ".join(chain), ", ".join(MODELS[m].licence for m in chain),
                  "yes" if all(_cached_path(m) for m in chain) else "no")
    t.add_row("(any)", "facebook/m2m100_418M (--model)", MODELS["facebook/m2m100_418M"].licence,
              "yes" if _cached_path("facebook/m2m100_418M") else "no")
    con = Console(highlight=False)
    con.print("default models")      # a title line of its own: a table's title is padded to the width
    con.print(t)


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
def models_pull(models: List[str] = typer.Argument(..., help="Directions of the table (fr-id, id-fr...) or hub ids "
                                                             "(owner/name).")):
    """Download models into the local cache (the only command that downloads)."""
    import re

    from auditor.evidence.models import BACK_TRANSLATION, FORWARD, licence_of
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise _fail("the MT extra is not installed: pip install 'auditor[mt]'")
    table = {**BACK_TRANSLATION, **FORWARD}
    ids: list[str] = []
    for m in models:
        key = m.strip().lower().replace("_", "-")
        if key in table:
            ids.extend(table[key])
        elif re.fullmatch(r"[a-z]{2,3}-[a-z]{2,3}", key):     # a direction, not a hub id (owner/name)
            raise _fail(f"no default model for {m}: the table has {', '.join(table)} "
                        f"(`auditor models list`); for another pair give a hub id such as facebook/m2m100_418M")
        else:
            ids.append(m)
    bad = 0
    for m in dict.fromkeys(ids):
        err.print(clean(f"pulling {m} (licence {licence_of(m)})..."), highlight=False, soft_wrap=True)
        try:
            p = snapshot_download(m, allow_patterns=["*.json", "*.spm", "*.model", "*.safetensors",
                                                     "*.txt", "*.bin"])
            typer.echo(f"{m}\t{p}")
        except Exception as e:
            err.print(f"[red]auditor: error:[/] {clean(_pull_problem(m, e))}", highlight=False, soft_wrap=True)
            bad += 1
    raise typer.Exit(2 if bad else 0)


def _pull_problem(model: str, e: BaseException) -> str:
    """Why a download failed, in one line, with what to do: the hub out of reach (offline, no
    network, a proxy), a model that does not exist, or else the error's own first line."""
    chain = []
    x: Optional[BaseException] = e
    while x is not None and len(chain) < 8:
        chain.append(x)
        x = x.__cause__ or x.__context__
    names = " ".join(type(c).__name__ for c in chain)
    first = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
    try:
        from huggingface_hub import constants
        cache = constants.HF_HUB_CACHE
    except Exception:       # pragma: no cover - huggingface_hub without constants
        cache = "~/.cache/huggingface/hub"
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
    if offline or any(k in names for k in ("Connect", "Offline", "Timeout", "LocalEntryNotFound", "NameResolution",
                                           "ProxyError", "SSLError")):
        why = "HF_HUB_OFFLINE is set" if offline else "no network, or a proxy in the way"
        return (f"cannot download {model}: the Hugging Face hub cannot be reached ({why}). Where it can, run "
                f"`auditor models pull` there and copy the cache folder {cache} to this machine (or set HF_HOME), "
                f"or give --model a local model folder")
    if "RepositoryNotFound" in names or "GatedRepo" in names:
        return f"cannot download {model}: no such model on the hub, or it needs a login ({first})"
    return f"cannot download {model}: {type(e).__name__}: {first}"


from . import feed as _feed  # noqa: E402,F401  (registers `auditor feed` on app)
from . import models_ct2  # noqa: E402,F401  (registers `auditor models convert`)


def _click_errors() -> tuple[type, type]:
    """(ClickException, Abort) of the click that Typer runs on (its own copy, or click)."""
    try:
        from typer._click.exceptions import ClickException   # type: ignore[import-not-found]
    except ImportError:
        from click.exceptions import ClickException
    try:
        from typer.exceptions import Abort   # type: ignore[attr-defined]
    except ImportError:
        from click.exceptions import Abort
    return ClickException, Abort


def _usage_error(e) -> str:
    """A click usage error in one line: the command, the problem, a near option for a misspelt
    one (`--sorce`: did you mean --source?), where the help is."""
    import difflib
    ctx = getattr(e, "ctx", None)
    where = ctx.command_path if ctx is not None else "auditor"
    name = getattr(e, "option_name", None)
    if type(e).__name__ == "NoSuchOption" and name and ctx is not None:
        opts = [o for p in ctx.command.params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))
                if o.startswith("--")]
        near = difflib.get_close_matches(name, opts, n=1, cutoff=0.6)
        msg = f"no such option {name}" + (f"; did you mean {near[0]}?" if near else "")
    else:
        msg = " ".join(e.format_message().replace("Value error, ", "").split())
        msg = msg[:1].lower() + msg[1:] if msg[:2] != msg[:2].upper() else msg
    cmd = where.removeprefix("auditor").strip()
    return f"{cmd + ': ' if cmd else ''}{msg.rstrip('.')} (`{where} --help`)"


def command():
    """The click command that Typer builds from `app`, with help placeholders a person reads."""
    import typer.main

    from .help import polish
    return polish(typer.main.get_command(app))


def main() -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # torch's and the sentence encoder's thread pools must not spin against each other
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    STATE["debug"] = False
    if "--debug" in sys.argv[1:]:   # a global option, taken wherever it is: `auditor audit ... --debug`
        STATE["debug"] = True
        cut = sys.argv.index("--") if "--" in sys.argv else len(sys.argv)
        sys.argv = [a for k, a in enumerate(sys.argv) if k >= cut or a != "--debug"]
    try:
        code = command().main(prog_name="auditor", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except _click_errors()[0] as e:   # a usage error: one line, as the README promises
        if type(e).__name__ == "NoArgsIsHelpError":
            e.show()
            sys.exit(e.exit_code)
        err.print(f"[bold red]auditor: error:[/] {clean(_usage_error(e))}", highlight=False, soft_wrap=True)
        sys.exit(e.exit_code)
    except _click_errors()[1]:
        err.print("[yellow]auditor: aborted[/]")
        sys.exit(1)
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
