"""The `auditor` command line: the entry point, its one-line errors and exit codes. Thin by design.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage or input error; 3 internal error (a bug: please report it).

The package, one module per command, each registering on the one Typer app (app.py):
  app.py       the Typer app, the stderr console, one-line errors
  options.py   the options audit and feed share, declared once
  shared.py    what audit and feed make of those options
  audit.py     auditor audit
  feed.py      auditor feed
  rules.py     auditor checks, auditor explain
  evaluate.py  auditor eval
  models.py    auditor models list|path|pull
  models_ct2.py auditor models convert
  help.py      help placeholders a person reads
"""
from __future__ import annotations

import os
import sys
from typing import Any

from auditor.types import InputError

# the commands register on `app` as they are imported
from . import audit, evaluate, feed, models, models_ct2, rules  # noqa: F401
from .app import STATE, app, clean, err

__all__ = ["app", "command", "main"]


def _click_errors() -> tuple[Any, Any]:
    """(ClickException, Abort) of the click that Typer runs on (its own copy, or click)."""
    try:
        from typer._click.exceptions import ClickException   # type: ignore[import-not-found]
    except ImportError:
        from click.exceptions import ClickException  # type: ignore[assignment]
    try:
        from typer.exceptions import Abort   # type: ignore[attr-defined]
    except ImportError:
        from click.exceptions import Abort  # type: ignore[assignment]
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
