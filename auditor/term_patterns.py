"""Term patterns: the whole-word, lightly inflecting regular expressions that glossary terms
(glossary.py) and risky terms (risky_terms.py) are matched with, and the lazily compiled pattern
the built-in risky terms use."""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator, Optional

from .types import InputError


# Indonesian clitics that attach to any word: rumahnya, dialah, apakah, merekapun.
CLITICS = r"(?:nya|lah|kah|pun|ku|mu)?"


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


_APOS = "['’ʼ]"


def _word_re(word: str, inflect: bool) -> str:
    out = []
    for ch in word:
        out.append(_APOS if ch in "'’ʼ" else re.escape(ch))
    pat = "".join(out)
    if inflect and len(word) > 2 and word[-1:].isalpha():
        if word.endswith("y"):
            pat = f"(?:{pat}|{''.join(out[:-1])}ies)"
        else:
            pat += "(?:e?s|x|e)?"
    return pat


def term_regex(term: str, *, source: bool = False) -> re.Pattern:
    """A case-insensitive, whole-word pattern for a glossary term.

    Words may be separated by any run of spaces or hyphens. A source (Indonesian) term
    takes an optional clitic (-nya, -lah, -kah, -pun, -ku, -mu); a target term takes a
    light inflection on each word (plural -s/-es/-x, feminine -e, -y/-ies) so that
    "élection générale" also finds "élections générales".
    """
    return re.compile(_term_pattern(term, source=source), re.IGNORECASE)


def _term_pattern(term: str, *, source: bool = False) -> str:
    """The text of term_regex's pattern."""
    words = [w for w in re.split(r"[\s\u00a0\u202f]+", unicodedata.normalize("NFC", term.strip())) if w]
    if not words:
        raise InputError(f"empty term {term!r}")
    parts = [_word_re(w, inflect=not source) for w in words]
    body = r"[\s\u00a0\u202f-]+".join(parts)
    if source:
        body += CLITICS
    lead = r"(?<!\w)" if words[0][:1].isalnum() or words[0][:1] == "_" else ""
    tail = r"(?!\w)" if words[-1][-1:].isalnum() else ""
    return lead + body + tail


class LazyPattern:
    """A case-insensitive regular expression compiled on first use. The built-in risky terms
    hold a few hundred patterns, most for languages an audit does not meet: compiling them all
    cost a tenth of a second of every start. Only for data the tests compile in full (a user's
    file is compiled, and so checked, when it is read)."""

    __slots__ = ("pattern", "_re")
    flags = re.IGNORECASE

    def __init__(self, pattern: str):
        self.pattern: str = pattern
        self._re: Optional[re.Pattern] = None

    def compiled(self) -> re.Pattern:
        if self._re is None:
            self._re = re.compile(self.pattern, re.IGNORECASE)
        return self._re

    def search(self, *a: Any) -> Optional[re.Match]:
        return self.compiled().search(*a)

    def match(self, *a: Any) -> Optional[re.Match]:
        return self.compiled().match(*a)

    def finditer(self, *a: Any) -> Iterator[re.Match]:
        return self.compiled().finditer(*a)

    def findall(self, *a: Any) -> list[Any]:
        return self.compiled().findall(*a)

    def sub(self, *a: Any) -> str:
        return self.compiled().sub(*a)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
