"""User terminology: glossaries (CSV, TBX) and risky-term lists (JSON).

Both are read here, once, by the command line or the library user; the checks
in `auditor.checks.terminology` receive either paths (loaded on first use) or
the loaded entries in `ctx.options`.

Glossary CSV: UTF-8 (a BOM is fine), a header row, comma, semicolon or tab
separated. Columns (case-insensitive names):
    source      the Indonesian term (required)
    target      the required rendering; alternatives separated by "|"
    lang        optional target language (fr, en, ...): the row applies only there
    note        optional free text, shown with the finding
    forbidden   optional renderings that must not be used, separated by "|"
                (also accepted as "do_not_use" or "avoid")
Lines whose first cell starts with "#" are comments.

Glossary TBX: TBX-Basic / TBX v2 (<martif> ... <termEntry> <langSet xml:lang> <tig>|<ntig> <term>)
and TBX v3 (<tbx> ... <conceptEntry> <langSec xml:lang> <termSec> <term>). Terms of the
Indonesian language set (xml:lang "id" or "in") are the sources; terms of every other language
are the renderings for that language; a term whose administrativeStatus or
normativeAuthorization is deprecated or superseded is a forbidden rendering. The XML is read
safely: entity declarations and DOCTYPEs with an internal subset are refused; a DOCTYPE that
only names an external DTD is accepted and the DTD is never fetched.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .data import load_json
from .types import CATEGORIES, SEVERITIES, InputError

SRC_LANGS = ("id", "in")
# Indonesian clitics that attach to any word: rumahnya, dialah, apakah, merekapun.
CLITICS = r"(?:nya|lah|kah|pun|ku|mu)?"


# --------------------------------------------------------------------------- glossary

@dataclass(frozen=True)
class Entry:
    """One glossary rule: `source` (Indonesian) must be rendered as one of `targets`."""
    source: str
    targets: tuple[str, ...] = ()
    lang: Optional[str] = None          # target language (primary subtag); None: every language
    note: str = ""
    forbidden: tuple[str, ...] = ()
    origin: str = ""                    # "file:line" or "file#entry-id", for messages

    def applies_to(self, lang: str) -> bool:
        return self.lang is None or self.lang == _primary(lang)


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _split_alts(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


_HEADER_ALIASES = {
    "source": ("source", "src", "id", "indonesian", "source_term", "term"),
    "target": ("target", "tgt", "translation", "target_term", "rendering"),
    "lang": ("lang", "language", "target_lang", "tgt_lang"),
    "note": ("note", "notes", "comment", "comments"),
    "forbidden": ("forbidden", "do_not_use", "do not use", "avoid", "wrong"),
}


def load_glossary(path: Union[str, Path]) -> list[Entry]:
    """Read a CSV or TBX glossary. Raises InputError with a one-line message."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: glossary file not found")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read glossary: {e.strerror}") from None
    ext = p.suffix.lower()
    if ext in (".tbx", ".xml") or (ext not in (".csv", ".tsv", ".txt") and data.lstrip()[:1] == b"<"):
        entries = _load_tbx(data, str(path))
    else:
        entries = _load_csv(data, str(path))
    if not entries:
        raise InputError(f"{path}: glossary has no entries")
    return entries


def _load_csv(data: bytes, path: str) -> list[Entry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: glossary is not UTF-8 text (byte {e.start})") from None
    if "\x00" in text:
        raise InputError(f"{path}: glossary looks like a binary file, not CSV")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header: Optional[dict[str, int]] = None
    out: list[Entry] = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                names = [c.strip().lower() for c in row]
                header = {}
                for key, aliases in _HEADER_ALIASES.items():
                    for k, n in enumerate(names):
                        if n in aliases:
                            header[key] = k
                            break
                if "source" not in header or ("target" not in header and "forbidden" not in header):
                    raise InputError(f"{path}: line {line}: the header row must name the columns "
                                     f"'source' and 'target' (got: {', '.join(names)})")
                continue

            def cell(key: str) -> str:
                k = header.get(key)
                return row[k].strip() if k is not None and k < len(row) else ""

            src = unicodedata.normalize("NFC", cell("source"))
            targets = tuple(unicodedata.normalize("NFC", t) for t in _split_alts(cell("target")))
            forbidden = tuple(unicodedata.normalize("NFC", t) for t in _split_alts(cell("forbidden")))
            if not src:
                raise InputError(f"{path}: line {line}: empty source term")
            if not targets and not forbidden:
                raise InputError(f"{path}: line {line}: no target for {src!r}")
            lang = cell("lang")
            out.append(Entry(source=src, targets=targets, lang=_primary(lang) if lang else None,
                             note=cell("note"), forbidden=forbidden, origin=f"{path}:{line}"))
    except csv.Error as e:
        raise InputError(f"{path}: line {rows.line_num}: bad CSV: {e}") from None
    if header is None:
        raise InputError(f"{path}: glossary is empty (no header row)")
    return out


class _Unsafe(Exception):
    pass


def _check_safe_xml(data: bytes, path: str) -> None:
    """Refuse entity declarations and internal DTD subsets before ElementTree sees the file."""
    parser = xml.parsers.expat.ParserCreate()

    def doctype(name, sysid, pubid, has_internal_subset):
        if has_internal_subset:
            raise _Unsafe("a DOCTYPE with an internal subset")

    def entity(*_args):
        raise _Unsafe("an entity declaration")

    def external(*_args):
        raise _Unsafe("an external entity reference")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(data, True)
    except _Unsafe as e:
        raise InputError(f"{path}: refusing XML with {e} (not allowed in a glossary)") from None
    except xml.parsers.expat.ExpatError as e:
        raise InputError(f"{path}: not well-formed XML: {e}") from None
    except (ValueError, LookupError):
        # expat takes UTF-8, UTF-16, ISO-8859-1 and US-ASCII, and Python's single-byte codecs;
        # "multi-byte encodings are not supported" (UTF-7, Shift-JIS) or an unknown name
        m = re.match(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{0,40})", data)
        name = m.group(1).decode("ascii", "replace") if m else "?"
        raise InputError(f"{path}: unsupported XML encoding {name!r}; save the glossary as UTF-8") from None
    except RecursionError:
        raise InputError(f"{path}: not usable XML: nested too deeply") from None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BAD_STATUS = ("deprecatedterm", "supersededterm", "deprecated", "superseded")


def _load_tbx(data: bytes, path: str) -> list[Entry]:
    _check_safe_xml(data, path)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError(f"{path}: not well-formed XML: {e}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"{path}: not a TBX file (root element <{_local(root.tag)}>, expected <martif> or <tbx>)")
    out: list[Entry] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        eid = entry.get("id", "")
        note = _tbx_note(entry)
        by_lang = _tbx_terms_by_lang(entry, eid, path)
        sources: list[str] = []
        for s in SRC_LANGS:
            sources += by_lang.pop(s, ([], []))[0]
        for src in sources:
            for lang, (good, bad) in by_lang.items():
                if good or bad:
                    out.append(Entry(source=src, targets=tuple(good), lang=lang, note=note,
                                     forbidden=tuple(bad), origin=f"{path}#{eid}" if eid else path))
    if not out:
        raise InputError(f"{path}: no usable entries (a TBX glossary needs Indonesian terms, "
                         f"xml:lang=\"id\", and terms in at least one other language)")
    return out


def _tbx_note(entry: ET.Element) -> str:
    """The first non-empty definition or note of a TBX entry, or ""."""
    for d in entry.iter():
        if _local(d.tag) in ("descrip", "note") and (d.get("type") in (None, "definition")):
            note = " ".join("".join(d.itertext()).split())
            if note:
                return note
    return ""


def _tbx_terms_by_lang(entry: ET.Element, eid: str, path: str) -> dict[str, tuple[list[str], list[str]]]:
    """By language, the (preferred, deprecated) terms of a TBX entry's language sets."""
    by_lang: dict[str, tuple[list[str], list[str]]] = {}
    for ls in entry:
        if _local(ls.tag) not in ("langSet", "langSec"):
            continue
        lang = ls.get(_XML_LANG) or ls.get("lang") or ""
        if not lang:
            raise InputError(f"{path}: entry {eid or '?'}: a language set without xml:lang")
        good, bad = by_lang.setdefault(_primary(lang), ([], []))
        for term, status in _terms(ls):
            (bad if status else good).append(term)
    return by_lang


def _terms(langset: ET.Element) -> Iterable[tuple[str, bool]]:
    """(term, deprecated?) for each term container of a language set."""
    containers = [c for c in langset if _local(c.tag) in ("tig", "ntig", "termSec", "termGrp")]
    if not containers:      # a bare <term> directly in the language set
        containers = [langset]
    for c in containers:
        term = next((t for t in c.iter() if _local(t.tag) == "term"), None)
        if term is None:
            continue
        text = unicodedata.normalize("NFC", " ".join("".join(term.itertext()).split()))
        if not text:
            continue
        deprecated = False
        for n in c.iter():
            if _local(n.tag) == "termNote" and n.get("type") in ("administrativeStatus", "normativeAuthorization"):
                value = "".join(n.itertext()).strip().lower().replace("-admn", "")
                if value in _BAD_STATUS:
                    deprecated = True
        yield text, deprecated


# --------------------------------------------------------------------------- matching helpers

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
        self.pattern, self._re = pattern, None

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


# --------------------------------------------------------------------------- risky terms

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
        sources = [LazyPattern(_term_pattern(s, source=True)) if lazy else term_regex(s, source=True)
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
        context = None
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
