"""`auditor audit`: one translated article against its source; the fixes (--fix, --diff) and the
notes that go with a report."""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

from auditor.types import InputError

from . import options as opt
from .app import Fmt, app, clean, err
from .shared import fail_threshold, load_term_lists, selected, selection, target_language


class Backend(str, Enum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


@app.command()
def audit(
    translation: Path = typer.Argument(..., help="The translated article (txt, md, html or json)."),
    source: Path = typer.Option(..., "--source", "-s", help="The Indonesian source article."),
    src_lang: opt.SrcLang = "id",
    tgt_lang: opt.TgtLang = None,
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    select: opt.Select = None,
    ignore: opt.Ignore = None,
    fail_on: opt.FailOn = None,
    exit_zero: opt.ExitZero = False,
    no_mt: opt.NoMt = False,
    back_translation: Optional[Path] = typer.Option(
        None, "--back-translation",
        help="The translation translated back into the source language by any system (txt, md, html or json, "
             "paragraph-parallel to the translation): used instead of the model's back-translation; "
             "no model is loaded for it."),
    no_embed: opt.NoEmbed = False,
    model: opt.Model = None,
    reverse_model: opt.ReverseModel = None,
    download: opt.Download = False,
    beam_size: opt.BeamSize = 4,
    max_length: opt.MaxLength = 256,
    batch_size: opt.BatchSize = 16,
    device: opt.Device = "cpu",
    threads: opt.Threads = None,
    backend: Backend = typer.Option(Backend.transformers, "--backend",
                                    help="Back-translation engine; ctranslate2 (the fast extra) runs converted models."),
    cache_dir: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    glossary: opt.Glossary = None,
    risky_terms: opt.RiskyTerms = None,
    config: opt.ConfigFile = None,
    input_format: opt.InputFormat = None,
    encoding: opt.Encoding = None,
    quiet: opt.Quiet = False,
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
    fail = fail_threshold(fail_on, cfg)
    tgt_lang = target_language(tgt_lang)
    codes = selection(select, ignore)
    src_doc = read_file(str(source), fmt=input_format, encoding=encoding)
    tgt_doc = read_file(str(translation), fmt=input_format, encoding=encoding)
    supplied = None
    if back_translation is not None:
        from auditor.evidence.supplied import SuppliedBackTranslation
        supplied = SuppliedBackTranslation.read(str(back_translation), fmt=input_format, encoding=encoding,
                                                src_lang=src_lang)
        supplied.check(tgt_doc)     # not paragraph-parallel: one line, exit 2, before any work
    opts = AuditOptions(src_lang=src_lang, tgt_lang=tgt_lang, config=cfg, select=codes["select"], ignore=codes["ignore"])
    if tgt_lang:     # a declared language that the text plainly contradicts: the wrong file or option
        from auditor.lang import WRONG_LANGUAGE_CONFIDENCE
        opts.wrong_language_error = WRONG_LANGUAGE_CONFIDENCE
    opts.extra.update(load_term_lists(glossary, risky_terms, cfg))
    # the evidence that the checks this run selects could use: no note about a model none of them needs
    wanted = {n for code, c in load_all().items() if selected(code, opts, cfg) for n in c.info.needs}

    notices: list[str] = []
    back: Any = None     # the supplied back-translation, or the model chain
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
    if not no_mt:
        opts.reverse_model = _reverse_model(reverse_model, supplied is not None, back, tgt_lang, tgt_doc, cfg, src_lang)
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
        result = _apply_fixes(run, tgt_doc, translation, src_lang, encoding, unsafe_fixes, diff, quiet, exit_zero,
                              wanted)
    else:
        result = run()
    _emit(result, fmt, output, quiet, fail_on=fail, wanted=wanted, show_clean=show_clean,
          unsafe_fixes=unsafe_fixes, direction=f"{result.translation.lang}-{src_lang}")
    raise typer.Exit(1 if result.fails(fail) and not exit_zero else 0)


def _reverse_model(reverse_model: Optional[str], supplied: bool, back: Any, tgt_lang: Optional[str], tgt_doc,
                   cfg, src_lang: str) -> Optional[str]:
    """The source->translation model for forced decoding when MT is on: with a supplied
    back-translation only one the user names; else that, the configuration's, or the table's."""
    from auditor.evidence.models import reverse_model_name
    if supplied:   # forced decoding only with a reverse model named by the user
        lang = tgt_lang or _detected(tgt_doc)
        return reverse_model_name(src_lang, lang, reverse_model, cfg.models, default=False)
    lang = tgt_lang or (back.direction.split("-")[0] if back is not None else "")
    return reverse_model_name(src_lang, lang, reverse_model, cfg.models, default=back is not None)


def _apply_fixes(run, tgt_doc, translation: Path, src_lang: str, encoding: Optional[str], unsafe_fixes: bool,
                 diff: bool, quiet: bool, exit_zero: bool, wanted: set):
    """--fix: the fixes written to TRANSLATION (a backup kept), and the audit of what is left;
    --diff: the fixes printed as a unified diff, and the exit (1 if there is any)."""
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
    return result


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
