"""User terminology: glossaries (CSV, TBX) and risky-term lists (JSON).

Glossaries are read in this module, risky terms in risky_terms.py, and the term patterns both
match with are built in term_patterns.py; the names of both stay importable from here.
Both are read once, by the command line or the library user; the checks
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
import re
import unicodedata
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

# risky terms and term patterns live in their own modules; their names stay importable from here
from .risky_terms import BadRendering as BadRendering, RiskyTerm as RiskyTerm
from .risky_terms import builtin_risky_terms as builtin_risky_terms, load_risky_terms as load_risky_terms
from .risky_terms import parse_risky_terms as parse_risky_terms
from .term_patterns import CLITICS as CLITICS, LazyPattern as LazyPattern, _primary
from .term_patterns import term_regex as term_regex
from .types import InputError

SRC_LANGS = ("id", "in")


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
