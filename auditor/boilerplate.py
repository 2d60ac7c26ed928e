"""Recognise publisher boilerplate (a user-extensible list of patterns)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .data import load_json
from .types import Document, InputError


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> list[re.Pattern]:
    out = []
    for p in list(load_json("boilerplate.json")["patterns"]) + list(extra):
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error as e:
            raise InputError(f"invalid boilerplate pattern {p!r}: {e}") from None
    return out


def check_patterns(extra: Iterable[str]) -> None:
    """Compile the built-in patterns and `extra` (a configuration's): a bad one is an InputError now."""
    _compiled(tuple(extra))


def boilerplate_sentences(doc: Document, extra: Iterable[str] = ()) -> dict[str, str]:
    """Sentence id -> the pattern that marked its paragraph as boilerplate."""
    pats = _compiled(tuple(extra))
    out: dict[str, str] = {}
    for p in doc.paragraphs:
        for pat in pats:
            if pat.search(p.text):
                for s in p.sentences:
                    out[s.id] = pat.pattern
                break
    return out
