"""The rule table: every check code with the module and class that implement it, from the registry.

`rule_table()` is what `docs/rules.md` shows (regenerate it with `make rules`; a test keeps the two
the same), so that a newcomer finds the code behind `AUD601` without searching.
"""
from __future__ import annotations

from dataclasses import dataclass

from .base import load_all


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    module: str           # e.g. auditor.checks.language
    cls: str              # e.g. WrongLanguage
    needs: tuple[str, ...]
    summary: str


def rule_table() -> list[Rule]:
    """One row a registered check, by code."""
    return [Rule(code, c.info.name, c.info.category, c.info.severity, c.__module__, c.__qualname__,
                 tuple(c.info.needs), c.info.summary) for code, c in load_all().items()]


def markdown(rows: list[Rule]) -> str:
    out = ["# Rules", "",
           "Every check code, the module and class that implement it, and the evidence it needs",
           "(`auditor explain CODE` tells more). Generated from the registry by `make rules`; do not edit.", "",
           "| code | name | category | severity | module | class | needs |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        needs = ", ".join(r.needs) or "no model"
        out.append(f"| {r.code} | {r.name} | {r.category} | {r.severity} | `{r.module}` | `{r.cls}` | {needs} |")
    return "\n".join(out) + "\n"
