"""Negations rendered without a negation word (data/negation_paraphrase.json): a negated change by a
word of stasis ('tidak naik' -> 'unchanged'), a contrastive 'bukan' by 'rather than', a negated
word of negative meaning by a positive ('tidak menunda' -> 'early'); in the translation, or in an
Indonesian back-translation."""
from __future__ import annotations

from ...evidence.btdiff import stems
from .. import _bilingual as bilingual
from .._meaning import Unit, project, strip_clitic, words
from .lexicon import Item, change_words, paraphrase_lex
from .source import source_items


def _negative_word_paraphrased(s: Item, unit: Unit, lang: str) -> bool:
    """'tidak menunda' -> 'buy early': neither the negation nor the word of negative meaning is
    rendered; 'tidak berhenti' -> 'will stop' renders the word and loses the negation."""
    lex = bilingual.get(lang)
    if lex is None:
        return False
    from ..coverage import _target_words, tally
    tws = [w.low for w in _target_words(unit.tgt)]
    known, found, _lost = tally(s.governs, tws, lex, lang)
    if not known or found:
        return False
    # and the other way round: no word of the translation comes back to it ('arrêterons' -> henti)
    roots = stems(s.governs.lower()) | {s.governs.lower()}
    return not any(roots & set(lex.back(t) + lex.back(bilingual.key(t, lang))) for t in tws)


def paraphrased(s: Item, unit: Unit, lang: str, taken: set) -> bool:
    """A negation of the source rendered without a negation word: a negated change by a word of
    stasis ('tidak naik' -> 'unchanged', 'remained at'), a contrastive 'bukan' by 'rather than' --
    unless the translation states the change itself ('rose' for 'tidak naik': the negation is lost)."""
    if s.note == "negative_word":
        return _negative_word_paraphrased(s, unit, lang)
    if s.note not in ("change", "contrast"):
        return False
    if s.note == "change":
        direction = change_words().get(strip_clitic(s.governs.lower()))
        if direction is not None:
            from ..direction import families, target_hits
            fam = next(f for f in families() if f.name == direction[0])
            if lang in fam.tgt and any(h.side == direction[1] for h in target_hits(unit.tgt, lang, fam)):
                return False
    tw = words(unit.tgt)
    low = [w.low for w in tw]
    pos = project(unit, s.start)
    hits = [(abs(tw[a].start - pos), a) for a, _b in paraphrase_lex(
        "stasis" if s.note == "change" else "contrast", lang).hits(low) if a not in taken]
    if not hits:
        return False
    taken.add(min(hits)[1])
    return True


def paraphrased_in_back_translation(source: str, back_translation: str) -> set[str]:
    """The words (lower case) of the source's negations, and of the changes they negate, that an
    Indonesian back-translation renders by a paraphrase: 'tidak naik' come back as 'tetap', 'bukan
    karena B' as 'lebih karena A daripada B' -- unless it states the change itself ('naik')."""
    from ..direction import families, source_hits
    out: set[str] = set()
    bt_low = [w.low for w in words(back_translation)]
    for it in source_items(source):
        if it.kind != "strong" or it.note not in ("change", "contrast"):
            continue
        if not paraphrase_lex("stasis" if it.note == "change" else "contrast", "id").hits(bt_low):
            continue
        if it.note == "change":
            direction = change_words().get(strip_clitic(it.governs.lower()))
            if direction is not None:
                fam = next(f for f in families() if f.name == direction[0])
                if any(h.side == direction[1] for h in source_hits(back_translation, fam)):
                    continue
        out |= {it.text.lower(), it.governs.lower()} - {""}
    return out
