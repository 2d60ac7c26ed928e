"""AUD001 wrong-language: the text is not in the language it is declared to be in.

The pipeline makes this finding itself while it reads the languages (before sentences are
split, since the language decides how), so this check finds nothing when it runs: it is here so
that the rule is in the registry like every other, for `auditor checks`, `auditor explain`,
--select/--ignore and the SARIF rules.
"""
from __future__ import annotations

from typing import Iterable

from ..types import Finding
from .base import Check, CheckInfo, Context, register


@register
class WrongLanguage(Check):
    info = CheckInfo(
        code="AUD001", name="wrong-language", category="language", severity="major",
        summary="The text is not in the language it is declared to be in.",
        explanation=("The language of the article, detected from its text, differs from the declared "
                     "language (the --tgt-lang option, the file name or the manifest). A translation left "
                     "in the source language, or a file in the wrong slot of the feed, shows up this way. "
                     "The finding covers the whole article; the checks of the declared language still run."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        return ()     # reported by the pipeline as it reads the languages (pipeline.prepare)
