"""`auditor eval`: an audit's findings scored against gold annotations."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from auditor.types import InputError

from .app import app, fail


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
        raise fail(f"{result}: no translation path recorded; pass --translation")
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
