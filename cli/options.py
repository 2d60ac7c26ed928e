"""The options `auditor audit` and `auditor feed` share, each declared once (typing.Annotated):
a command names the parameter, its type alias from here, and its default.

    def audit(..., no_mt: NoMt = False, model: Model = None, ...)
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

# what is audited
SrcLang = Annotated[str, typer.Option("--src-lang", help="Language of the source.")]
TgtLang = Annotated[Optional[str], typer.Option(
    "--tgt-lang", "-l", help="Language of the translation: en, fr, zh, ja or ar (any case, fr-FR too); detected "
                             "if omitted (feed: for translations whose name or manifest does not say).")]
InputFormat = Annotated[Optional[str], typer.Option(
    "--input-format", help="txt, md, html or json for every file (default: from the extension).")]
Encoding = Annotated[Optional[str], typer.Option(
    "--encoding", help="Text encoding of the inputs (default UTF-8, BOMs honoured).")]
ConfigFile = Annotated[Optional[Path], typer.Option("--config", help="auditor.toml or pyproject.toml to use.")]

# which checks, and what fails
Select = Annotated[Optional[List[str]], typer.Option("--select", help="Only these codes or prefixes (AUD1,AUD501).")]
Ignore = Annotated[Optional[List[str]], typer.Option("--ignore", help="Skip these codes or prefixes.")]
FailOn = Annotated[Optional[str], typer.Option(
    "--fail-on", help="An article fails (exit 1) with a finding at or above: info, minor, major, critical "
                      "(default major; any case).")]
ExitZero = Annotated[bool, typer.Option(
    "--exit-zero", help="Exit 0 even when findings or articles fail (a report-only run); usage errors still exit "
                        "2, internal errors 3, an interruption 130.")]
Glossary = Annotated[Optional[List[Path]], typer.Option("--glossary", "-g", help="Glossary (CSV or TBX); repeatable.")]
RiskyTerms = Annotated[Optional[List[Path]], typer.Option(
    "--risky-terms", help="Extra risky-term list (JSON, shape of the built-in one); repeatable.")]

# evidence: models, similarity, cache
NoMt = Annotated[bool, typer.Option(
    "--no-mt", help="Skip model back-translation (model-free checks only; a supplied back-translation, "
                    "--back-translation or a manifest's back_translation, is still used).")]
NoEmbed = Annotated[bool, typer.Option(
    "--no-embed", help="Skip cross-lingual sentence similarity (bundled multilingual encoder).")]
Model = Annotated[Optional[str], typer.Option(
    "--model", "-m", help="Back-translation model for every language: hub id or local folder (with a supplied "
                          "back-translation: only for cross-attention placement and forced decoding).")]
ReverseModel = Annotated[Optional[str], typer.Option(
    "--reverse-model", help="Source->translation model for forced decoding (token log-probabilities); "
                            "default: the table's id->xx model when MT is on.")]
Download = Annotated[bool, typer.Option("--download", help="Allow downloading a missing model (first use).")]
BeamSize = Annotated[int, typer.Option("--beam-size", min=1, help="Beam size for back-translation.")]
MaxLength = Annotated[int, typer.Option("--max-length", min=8, help="Maximum tokens per sentence.")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Sentences per model batch.")]
Device = Annotated[str, typer.Option("--device", help="cpu, cuda, cuda:1, mps ...")]
Threads = Annotated[Optional[int], typer.Option("--threads", min=1, help="CPU threads (per process) for the model.")]
CacheDir = Annotated[Optional[Path], typer.Option("--cache-dir", help="Cache folder (default: the user cache).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the cache.")]

# what is said
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Only the findings (audit: one line each) or the reports (feed), and errors: no header, "
                          "no notes, no progress.")]
