"""The Typer application every command registers on, the stderr console and the shared helpers
of the commands (one-line errors, code lists). Imports nothing from the commands: no loop."""
from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from auditor import __version__

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


def fail(msg: str, code: int = 2) -> "typer.Exit":
    """Say `msg` in one line on stderr; the Exit to raise (code 2: usage or input error)."""
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


def split_codes(values: Optional[List[str]]) -> list[str]:
    """--select/--ignore values as codes: repeatable, comma-separated, any case."""
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out
