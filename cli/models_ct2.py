"""`auditor models convert`: a Hugging Face model -> CTranslate2 (for `--backend ctranslate2`)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from .app import err, fail, models_app


class Quantization(str, Enum):
    int8 = "int8"
    int8_float32 = "int8_float32"
    float16 = "float16"
    float32 = "float32"


@models_app.command("convert")
def models_convert(
    model: str = typer.Argument(..., help="Hub id (cached), local model folder, or a direction like fr-id."),
    quantization: Optional[Quantization] = typer.Option(
        None, "--quantization",       # no -q: that is --quiet everywhere else
        help="Weights type: int8 (default on CPU), int8_float32, float16 (default on GPU), float32."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Folder to write (default: <cache>/ct2/<model>-<quantization>)."),
    device: str = typer.Option("cpu", "--device", help="Where the model will run (picks the default quantization)."),
    force: bool = typer.Option(False, "--force", help="Convert again even if an up-to-date conversion exists."),
    download: bool = typer.Option(False, "--download", help="Allow downloading a missing model first."),
):
    """Convert models for the fast CTranslate2 backend; prints MODEL<TAB>FOLDER per model.

    `auditor audit --backend ctranslate2` then finds the conversion in the cache
    (or converts on first use). Converting needs the mt and fast extras."""
    from auditor.evidence.ct2 import convert, ct2_available
    from auditor.evidence.models import BACK_TRANSLATION, FORWARD
    from auditor.evidence.mt import ModelUnavailable

    why = ct2_available()
    if why:
        raise fail(why)
    ids = {**BACK_TRANSLATION, **FORWARD}.get(model, [model])
    if output and len(ids) > 1:
        raise fail(f"{model} is a chain of {len(ids)} models; convert them one by one to use --output")
    q = quantization.value if quantization else None
    for m in ids:
        try:
            folder = convert(m, q, output, device=device, allow_download=download, force=force,
                             notify=lambda msg: err.print(f"[cyan]{escape(msg)}[/]", highlight=False, soft_wrap=True))
        except ModelUnavailable as e:
            raise fail(str(e)) from None
        typer.echo(f"{m}\t{folder}")
