"""Polarity: a negation of the source lost in the translation, or one the translation added.

AUD741 negation-mismatch

Per aligned unit (the source and translation sentences of one aligned pair), negations are
counted on both sides (data/polarity.json):
  strong  the negation words: tidak, tak, bukan, belum, tanpa, jangan...; French ne ... pas / plus /
          jamais / rien / aucun..., sans, non, ni; English not, n't, no, never, without, nor...
  soft    words of negative meaning, which may render a negation or be rendered by one: menolak,
          gagal, enggan / refuse, fail, deny, unable, 'incomplet', 'unclear'...; idioms built on a
          negation word but not rendered by one (tidak hanya = 'not only' or 'as well as'); a double
          negation of the source (bukan tidak mungkin); French 'ne ... que' (only).
A source negation is missing where the strong negations of the source outnumber the strong
negations of the translation plus its soft ones not needed for the source's own soft words; a
negation is added in the reverse case. Which one is missing is decided by position (source words
projected onto the translation between names and numbers both sides share).
Paraphrases that render a negation without a negation word (data/negation_paraphrase.json): a negated
change by a word of stasis ('tidak naik' -> 'unchanged'), unless the translation states the change;
a contrastive 'bukan' by 'rather than'; a negated word of negative meaning by a positive ('tidak
menunda' -> 'early') where the bilingual lexicon finds that word nowhere in the translation.
The special case: 'belum' (not yet) rendered by 'déjà' / 'already', or 'sudah' by 'pas encore' /
'not yet': the statement says the opposite (critical).

The package, one purpose a module:
    lexicon.py     the negation item and the word lists (data/polarity.json, negation_paraphrase.json)
    source.py      the source's negations (Indonesian)
    target.py      the translation's negations (French, English)
    paraphrase.py  negations rendered without a negation word (translation or back-translation)
    compare.py     one aligned unit: both sides paired by position, the issues left
    __init__.py    the check (AUD741), which reports the issues across the article's units
"""
from __future__ import annotations

from typing import Iterable

from ...types import Finding
from .. import _bilingual as bilingual
from .._meaning import units
from ..base import Check, CheckInfo, Context, register
from .compare import Issue, analyse, unit_coverage
from .lexicon import Item
from .paraphrase import paraphrased_in_back_translation
from .source import source_items
from .target import target_items

__all__ = ["Issue", "Item", "NegationMismatch", "analyse", "paraphrased_in_back_translation", "source_items",
           "target_items"]


@register
class NegationMismatch(Check):
    info = CheckInfo(
        code="AUD741", name="negation-mismatch", category="mistranslation", severity="major",
        summary="A negation of the source is missing from the translation, or the translation negates what the source affirms.",
        explanation=(
            "Negations are counted in each aligned pair of sentences: tidak, tak, bukan, belum, tanpa, "
            "jangan... in the source; ne ... pas / plus / jamais / rien / aucun, sans, non, ni in French; not, "
            "n't, no, never, without, nor in English. Words of negative meaning (menolak, gagal, enggan / refuse, "
            "fail, deny, unable, 'incomplete') may stand for a negation on either side, idioms built on a "
            "negation word but not rendered by one ('tidak hanya' = 'as well as') and double negations "
            "('bukan tidak mungkin') need no counterpart, and French 'ne ... que' (only) is no negation. Where "
            "the source has more negations than the translation can account for, the clause where the lost "
            "one belongs is flagged (major where the translation has no negation in that clause, else minor). A "
            "negation the source cannot account for is not reported (translations add negations of their own: "
            "'not easy' for 'sulit'), except 'sudah' rendered by 'not yet'. 'belum' (not yet) rendered by 'déjà' / "
            "'already', and 'sudah' (already) by 'pas encore' / 'not yet', reverse the statement: critical. "
            "A negation may be rendered without a negation word: a negated change by a word of stasis "
            "('tidak naik' = 'unchanged', 'remained'), a contrastive 'bukan' by 'rather than' / 'plutôt "
            "que', a negated word of negative meaning by a positive ('tidak menunda' = 'early') where the "
            "lexicon finds that word nowhere in the translation (data/negation_paraphrase.json). "
            "The evidence lists the negations found on each side. Word lists: data/polarity.json."),
        languages=("fr", "en"),
    )

    @staticmethod
    def _balanced(ctx: Context, para: int) -> bool:
        src = " ".join(x.text for x in ctx.source.sentences if x.para == para)
        tgt = " ".join(x.text for x in ctx.translation.sentences if x.para == para)
        if not src or not tgt:
            return False
        n_src = sum(1 for x in source_items(src) if x.kind == "strong")
        n_tgt = sum(1 for x in target_items(tgt, ctx.tgt_lang) if x.kind == "strong")
        return n_src > 0 and n_tgt >= n_src

    def run(self, ctx: Context) -> Iterable[Finding]:
        us = units(ctx)
        lex = bilingual.get(ctx.tgt_lang)
        per_unit = [analyse(u, ctx.tgt_lang, unit_coverage(u, lex, ctx.tgt_lang)) for u in us]
        for i, (u, issues) in enumerate(zip(us, per_unit)):
            for iss in issues:
                # a negation carried over a sentence boundary by a loose alignment: the neighbour
                # has one too many where this pair has one too few
                other = {"missing": "added", "added": "missing"}.get(iss.kind)
                if other and any(o.kind == other for j in (i - 1, i + 1) if 0 <= j < len(us)
                                 for o in per_unit[j]):
                    continue
                if iss.kind == "added":
                    continue
                seg, a, b = u.local(iss.start, iss.end)
                if iss.kind == "missing" and self._balanced(ctx, seg.para):
                    # the translation's paragraph has as many negations as the source's: a sentence
                    # alignment that put the negated clause beside another sentence, not a lost negation
                    continue
                yield ctx.finding(self, seg, a, b, iss.message, confidence=iss.confidence,
                                  severity=iss.severity, category=iss.category,
                                  source_words=iss.source_words or None,
                                  **iss.evidence)
