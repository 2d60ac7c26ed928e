"""Help text that reads like a finished tool's (`auditor audit --help`).

Typer derives placeholders from Python types (`<bool>`, `<list[str]>`, `<int range> [x>=1]`,
`{translation}`) and hides choices behind `<str>`. Here every parameter of every command gets a
placeholder a person reads: none for a flag, the choices for a choice, a word (CODES, LANG,
FILE, N) for the rest; the usage line names the arguments plainly. Help is plain text, not Rich
markup, so that `[ray]` in a help string stays as written.

One pass over the click commands that Typer builds, before they run (`polish`).
"""
from __future__ import annotations

from typing import Any

# placeholder by parameter name, where the type alone does not say it
METAVARS = {
    "select": "CODES", "ignore": "CODES", "tgt_lang": "LANG", "src_lang": "LANG",
    "fail_on": "SEVERITY", "min_severity": "SEVERITY", "model": "MODEL", "reverse_model": "MODEL",
    "device": "DEVICE", "config": "FILE", "output": "PATH", "journal_path": "FILE", "cache_dir": "DIR",
    "glossary": "FILE", "risky_terms": "FILE", "gold": "FILE", "translation": "FILE", "source": "FILE",
    "input_format": "txt|md|html|json", "encoding": "ENCODING", "engine": "local|ray", "address": "ADDRESS",
    "fmt": "FORMAT", "skip_category": "CATEGORY", "time_limit": "SECONDS", "cpus_per_worker": "N",
    "gpus_per_worker": "N", "back_translation": "FILE",
}
# arguments, as the usage line names them
ARGUMENTS = {"translation": "TRANSLATION", "inputs": "INPUT...", "code": "CODE", "result": "RESULT",
             "models": "MODEL...", "model": "MODEL"}


def _choices(p: Any) -> list[str]:
    desc = getattr(p, "type_descriptor", None)
    choices = getattr(desc, "choices", None) if desc is not None and getattr(desc, "is_choice", False) else None
    if choices is None:
        choices = getattr(getattr(p, "type", None), "choices", None)
    return [getattr(c, "value", c) for c in choices or ()]


def _polish_param(p: Any) -> None:
    if p.param_type_name == "argument":
        name = ARGUMENTS.get(p.name, p.name.upper())
        p.metavar = name
        # the usage line: TRANSLATION, not {translation}
        plain = name if name.endswith("...") or getattr(p, "nargs", 1) == 1 else name + "..."
        if hasattr(p, "_usage_display_name"):
            p._usage_display_name = lambda plain=plain, p=p: plain if p.required else f"[{plain}]"
        if hasattr(p, "display_type_rich"):    # "TRANSLATION <path>": the name says it
            p.display_type_rich = lambda ctx=None: None
        return
    if getattr(p, "is_flag", False) or getattr(p, "count", False):
        p.metavar = ""
        return
    choices = _choices(p)
    if p.name == "fmt" and getattr(p, "multiple", False):
        p.metavar = "FORMAT[:PATH]"
    elif choices:
        p.metavar = "|".join(str(c) for c in choices)
    elif p.name in METAVARS:
        p.metavar = METAVARS[p.name]
    elif p.metavar is None:
        p.metavar = "N" if _is_number(p) else p.name.upper()
    # the range is checked all the same; "[x>=1]" beside "N" says nothing a person needs
    if hasattr(p, "_get_number_range_help_str"):
        p._get_number_range_help_str = lambda: None


def _is_number(p: Any) -> bool:
    desc = getattr(p, "type_descriptor", None)
    ann = getattr(desc, "annotation", None)
    if ann in (int, float):
        return True
    return getattr(getattr(p, "type", None), "name", "") in ("integer", "float", "integer range", "float range")


def polish(cmd: Any) -> Any:
    """Placeholders and usage of `cmd` and its sub-commands, in place; returns `cmd`."""
    for sub in (getattr(cmd, "commands", None) or {}).values():
        polish(sub)
    for p in getattr(cmd, "params", []):
        _polish_param(p)
    return cmd
