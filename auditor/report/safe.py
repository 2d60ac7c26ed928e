"""Characters of an article, a file name or a manifest id that must never reach a terminal,
a log or a rendered page as they are: terminal controls (C0, DEL, C1: ESC sequences, CSI,
OSC 8 hyperlinks, BEL, backspace, carriage return) and the bidirectional controls that
reorder what a reader sees (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM).

Two treatments, one per kind of output:
* `visible(s)`: for text that people read (terminal, stderr, Markdown, GitHub annotations,
  HTML): each such character becomes one visible stand-in (a control picture such as
  U+241B for ESC, else U+FFFD), one for one, so offsets into the text still hold.
* `json_safe(s)` / `xml_safe(s)`: for data formats, applied to the serialised document: the
  characters are written as escapes (`\\u202e`, `&#x202E;`), so a parser gets the data back
  unchanged and nothing raw is left to a terminal that shows the file.
"""
from __future__ import annotations

import re
from typing import Any

# bidi embeddings/overrides/isolates and the implicit marks
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# every character a report must not carry raw (tab and line feed are layout, kept)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + "]")
# what JSON text may still hold raw after json.dumps(ensure_ascii=False): C0 is escaped by it
_JSON_RAW = re.compile("[\x7f-\x9f" + BIDI + "\u2028\u2029]")
# ... and in XML text a carriage return too (a parser would read it as a line feed)
_XML_RAW = re.compile("[\r\x7f-\x9f" + BIDI + "\u2028\u2029]")

_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_PICTURES.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})
_PICTURES.update({ord(c): 0xFFFD for c in BIDI})
_PICTURES_ONE_LINE = {**_PICTURES, 0x0A: 0x240A, 0x09: 0x2409}


def visible(s: Any, one_line: bool = False, keep: str = "") -> str:
    """`s` with every control and bidi character replaced by a visible stand-in, one for one.
    one_line: line feeds and tabs too (an error message, a table cell); keep: characters
    the caller encodes itself (GitHub's %0D)."""
    if s is None:
        return ""
    s = str(s)
    if not UNSAFE.search(s) and not (one_line and ("\n" in s or "\t" in s)):
        return s
    table = _PICTURES_ONE_LINE if one_line else _PICTURES
    if keep:
        table = {k: v for k, v in table.items() if chr(k) not in keep}
    return s.translate(table)


def json_safe(text: str) -> str:
    """Serialised JSON with DEL, C1, bidi controls and U+2028/9 written as \\u escapes (the
    same data, nothing raw; json.dumps already escapes C0)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def xml_safe(text: str) -> str:
    """Serialised XML with CR, DEL, C1 and bidi controls written as character references (the
    rest of C0 cannot be written in XML 1.0 at all: the renderer replaces it before serialising)."""
    return _XML_RAW.sub(lambda m: f"&#x{ord(m.group()):X};", text)


def has_unsafe(s: str) -> bool:
    return UNSAFE.search(s) is not None
