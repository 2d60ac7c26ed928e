"""Who said it: speaker analysis as a chain of small passes, and the checks built on it.

    source.py        pass 0  the Indonesian source: honorifics, gender words, attributions
    mentions.py      pass 1  names and titles in the translation, linked into entities
    attr_fr.py       pass 2  French reporting forms (a-t-il, selon elle, X a déclaré ...)
    attr_en.py       pass 2  English reporting forms (he said, according to her, X said ...)
    evidence.py      pass 3  each person's gender, source first (namegender.py: optional model)
    coref.py         pass 4  pronouns to speakers, across paragraphs
    source_link.py   passes 2b and 4b: the aligned source sentence says who a pronoun means
                     ("Ia menambahkan" is a person; "kata X" names the speaker)
    quote_pairs.py   pass 2c: quoted sentences paired by order within a paragraph (the aligner may slip)
    source_coref.py  pass 4c: the source's chain of speakers says who "katanya" means, paragraphs later
    analysis.py      the passes in order, shared by the checks of one audit
    gender.py        AUD601 speaker-gender
    wrong_speaker.py AUD602 wrong-speaker
Helpers: lexicon.py (data), tokens.py, model.py (the data handed between passes), clauses.py,
fixes.py (the suggested forms).
"""
from __future__ import annotations

from . import gender, wrong_speaker  # noqa: F401  (register the checks)
from .lexicon import first_names

__all__ = ["first_names"]
