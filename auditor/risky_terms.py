"""Risky terms: Indonesian words whose usual renderings are wrong in context, read from JSON
(the built-in checks/data/risky_terms.json or a user's file), validated and compiled.

The user's file has the built-in file's shape; every field of the wrong type is an InputError
naming the term and the field. Re-exported by glossary.py, where callers import them from.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional, Union

from .data import load_json
from .term_patterns import _APOS, LazyPattern, _primary, _term_pattern, term_regex
from .types import CATEGORIES, SEVERITIES, InputError


@dataclass
class BadRendering:
    regex: re.Pattern
    category: Optional[str] = None
    severity: Optional[str] = None
    confidence: Optional[float] = None


@dataclass
class RiskyTerm:
    id: str
    source: list[re.Pattern]
    meaning: str
    severity: str = "major"
    confidence: float = 0.7
    context: Optional[re.Pattern] = None
    source_exclude: list[re.Pattern] = field(default_factory=list)
    bad: dict[str, list[BadRendering]] = field(default_factory=dict)
    ok: dict[str, list[re.Pattern]] = field(default_factory=dict)
    good: dict[str, str] = field(default_factory=dict)
    note: str = ""
    origin: str = ""
    hints: tuple[str, ...] = ()     # casefolded text that any trigger contains (empty: none known)

    def trigger(self, source_text: str, folded: Optional[str] = None) -> Optional[re.Match]:
        """The first source trigger in an Indonesian sentence, honouring context and vetoes.
        `folded`: source_text.casefold(), where the caller has it (one per sentence, not per term)."""
        if self.hints:               # a quick substring test first: most sentences have no trigger
            folded = source_text.casefold() if folded is None else folded
            if not any(h in folded for h in self.hints):
                return None
        for pat in self.source:
            m = pat.search(source_text)
            if m:
                break
        else:
            return None
        if any(x.search(source_text) for x in self.source_exclude):
            return None
        if self.context is not None and not self.context.search(source_text):
            return None
        return m


def _compile_pattern(pattern: Any, where: str, lazy: bool = False) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise InputError(f"{where}: a pattern must be a non-empty string")
    if lazy:
        return LazyPattern(pattern)  # type: ignore[return-value]
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise InputError(f"{where}: bad regular expression {pattern!r}: {e}") from None


_JSON_KIND = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
              dict: "an object", type(None): "null"}


def _jkind(v: Any) -> str:
    return _JSON_KIND.get(type(v), type(v).__name__)


def _list_of_str(t: dict, key: str, where: str) -> list[str]:
    """t[key] as a list of strings (absent: empty), else InputError naming the field."""
    v = t.get(key, [])
    if not isinstance(v, list):
        raise InputError(f"{where}: \"{key}\" must be a list of strings (got {_jkind(v)})")
    for x in v:
        if not isinstance(x, str):
            raise InputError(f"{where}: \"{key}\" must be a list of strings (it holds {_jkind(x)})")
    return v


def _obj(t: dict, key: str, where: str) -> dict:
    v = t.get(key, {})
    if not isinstance(v, dict):
        raise InputError(f"{where}: \"{key}\" must be an object keyed by language (got {_jkind(v)})")
    return v


def _confidence(v: Any, where: str) -> float:
    if not isinstance(v, (int, float)) or isinstance(v, bool) or not 0.0 <= v <= 1.0:
        raise InputError(f"{where}: \"confidence\" must be a number from 0 to 1 (got {v!r:.40})")
    return float(v)


def _bad_renderings(t: dict, where: str, compile_: Callable[[Any, str], re.Pattern]) -> dict[str, list[BadRendering]]:
    """A risky term's "bad" renderings by language: patterns, or objects with a regex and their own
    category, severity or confidence."""
    bad: dict[str, list[BadRendering]] = {}
    if not isinstance(t.get("bad"), dict) or not t["bad"]:
        raise InputError(f"{where}: needs \"bad\" renderings per language")
    for lang, pats in t["bad"].items():
        lst = bad.setdefault(_primary(lang), [])
        if not isinstance(pats, list):
            raise InputError(f"{where}: \"bad\".{lang} must be a list of patterns (got {_jkind(pats)})")
        for p in pats:
            if isinstance(p, dict):
                cat, psev = p.get("category"), p.get("severity")
                if cat is not None and cat not in CATEGORIES:
                    raise InputError(f"{where}: unknown category {cat!r:.40}")
                if psev is not None and psev not in SEVERITIES:
                    raise InputError(f"{where}: unknown severity {psev!r:.40}")
                conf = p.get("confidence")
                lst.append(BadRendering(compile_(p.get("regex"), where), cat, psev,
                                        None if conf is None else _confidence(conf, where)))
            else:
                lst.append(BadRendering(compile_(p, where)))
    return bad


def parse_risky_terms(data: Any, origin: str, lazy: bool = False) -> list[RiskyTerm]:
    """Validate and compile risky terms from the JSON shape of checks/data/risky_terms.json.
    Every field of the wrong type is an InputError naming the term and the field. `lazy`:
    patterns compiled on first use (LazyPattern), for the built-in data only."""
    def _compile(pattern: Any, where: str) -> re.Pattern:
        return _compile_pattern(pattern, where, lazy)

    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise InputError(f"{origin}: a risky-terms file is a JSON object with a list \"terms\"")
    out: list[RiskyTerm] = []
    for k, t in enumerate(data["terms"]):
        where = f"{origin}: term {k + 1}"
        if not isinstance(t, dict):
            raise InputError(f"{where}: must be an object")
        if not isinstance(t.get("id", ""), (str, int)) or isinstance(t.get("id"), bool):
            raise InputError(f"{where}: \"id\" must be a string (got {_jkind(t.get('id'))})")
        tid = str(t.get("id") or f"term{k + 1}")
        where = f"{origin}: term {tid!r}"
        for key in ("meaning", "note", "severity"):
            if key in t and not isinstance(t[key], str):
                raise InputError(f"{where}: \"{key}\" must be a string (got {_jkind(t[key])})")
        forms = [s for s in _list_of_str(t, "source", where) if s.strip()]
        sources: list[Any] = [LazyPattern(_term_pattern(s, source=True)) if lazy else term_regex(s, source=True)
                              for s in forms]
        sources += [_compile(r, where) for r in _list_of_str(t, "source_regex", where)]
        # what every match of a plain form contains: the longest apostrophe-free piece of its
        # first word (a hand-written regex can match anything: no hint then)
        hints: tuple[str, ...] = () if t.get("source_regex") else tuple(
            max(re.split(_APOS, unicodedata.normalize("NFC", f.split()[0])), key=len).casefold() for f in forms)
        if not sources:
            raise InputError(f"{where}: needs \"source\" forms or a \"source_regex\"")
        if not t.get("meaning"):
            raise InputError(f"{where}: needs a \"meaning\"")
        sev = t.get("severity", "major")
        if sev not in SEVERITIES:
            raise InputError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
        ctx_words = [w for w in _list_of_str(t, "context", where) if w.strip()]
        context: Any = None      # a re.Pattern, or a LazyPattern standing for one
        if ctx_words:
            alts = "|".join(r"[\s-]+".join(map(re.escape, w.split())) for w in ctx_words)
            context = LazyPattern(rf"(?<!\w)(?:{alts})") if lazy else re.compile(rf"(?<!\w)(?:{alts})", re.IGNORECASE)
        bad = _bad_renderings(t, where, _compile)
        ok = {_primary(lang): [_compile(p, where) for p in _list_of_str({"ok": pats}, "ok", f"{where}: ok.{lang}")]
              for lang, pats in _obj(t, "ok", where).items()}
        good = _obj(t, "good", where)
        for lang, v in good.items():
            if not isinstance(v, str):
                raise InputError(f"{where}: \"good\".{lang} must be a string (got {_jkind(v)})")
        out.append(RiskyTerm(
            id=tid, source=sources, meaning=str(t["meaning"]), severity=sev,
            confidence=_confidence(t.get("confidence", 0.7), where), context=context,
            source_exclude=[_compile(r, where) for r in _list_of_str(t, "source_exclude", where)],
            bad=bad, ok=ok, good={_primary(k): v for k, v in good.items()},
            note=str(t.get("note", "")), origin=origin, hints=hints,
        ))
    return out


@lru_cache(maxsize=1)
def builtin_risky_terms() -> tuple[RiskyTerm, ...]:
    return tuple(parse_risky_terms(load_json("risky_terms.json"), "risky_terms.json", lazy=True))


def load_risky_terms(path: Union[str, Path]) -> list[RiskyTerm]:
    """Read a user's risky-terms JSON file (same shape as the built-in one)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: risky-terms file not found")
    try:
        data = json.loads(p.read_text("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid JSON: nested too deeply") from None
    except ValueError as e:      # an integer of more than 4300 digits
        raise InputError(f"{path}: invalid JSON: {e}") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    return parse_risky_terms(data, str(path))
