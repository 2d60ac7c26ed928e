"""Read an article (txt, md, html, json) into paragraphs that keep file offsets.

Every paragraph carries `offsets`, one file offset per character of its text, so
that anything found in the text maps back to line:column of the file as read
(after decoding; a BOM is not counted, line endings are kept as they are).
"""
from __future__ import annotations

import bisect
import decimal
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from .gcpause import paused_gc
from .types import Document, InputError, Paragraph

FORMATS = ("txt", "md", "html", "json")
MAX_BYTES_DEFAULT = 20 * 1024 * 1024

_EXT_FORMAT = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json",
}


def detect_format(path: str, text: str) -> str:
    ext = Path(path).suffix.lower()
    if ext in _EXT_FORMAT:
        return _EXT_FORMAT[ext]
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<p" in head:
        return "html"
    return "txt"


def decode_bytes(data: bytes, path: str, encoding: Optional[str] = None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{path}: cannot decode as {encoding}: {e}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: invalid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: not UTF-8 text (byte {e.start}); give the encoding with --encoding, e.g. latin-1"
        ) from None


def _size(n: int, digits: int = 0) -> str:
    """Bytes in MB of 2**20, as the 20 MB limit is counted (not 1e6: '21 MB' for the limit)."""
    return f"{n / 2**20:.{digits}f} MB" if n >= 2**20 else f"{n:,} bytes"


def _read_bounded(p: Path, size: int, max_bytes: int) -> bytes:
    """The file's bytes, never more than max_bytes + 1 in memory even where the stated size
    lies (a device, a growing file); read in pieces, since read(n) reserves n bytes at once."""
    if not max_bytes:
        return p.read_bytes()
    limit = max_bytes + 1
    chunks: list[bytes] = []
    total = 0
    want = min(size + 1, limit) if size else 1 << 16
    with p.open("rb") as fh:
        while total < limit:
            b = fh.read(min(want, limit - total))
            if not b:
                break
            chunks.append(b)
            total += len(b)
            want = 1 << 20
    return b"".join(chunks)


def read_file(path: str, fmt: Optional[str] = None, encoding: Optional[str] = None,
              max_bytes: int = MAX_BYTES_DEFAULT) -> Document:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    try:
        size = p.stat().st_size
        if max_bytes and size > max_bytes:
            raise InputError(
                f"{path}: {_size(size, 1)} is larger than the {_size(max_bytes)} limit for one article"
            )
        data = _read_bounded(p, size, max_bytes)
        if max_bytes and len(data) > max_bytes:
            raise InputError(f"{path}: larger than the {_size(max_bytes)} limit for one article")
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    text = decode_bytes(data, path, encoding)
    return read_text(text, path=str(path), fmt=fmt)


@paused_gc
def read_text(text: str, path: str = "<text>", fmt: Optional[str] = None) -> Document:
    fmt = fmt or detect_format(path, text)
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    notes: list[str] = []
    if fmt == "txt":
        paras = list(_txt_paragraphs(text))
    elif fmt == "md":
        paras = list(_md_paragraphs(text))
    elif fmt == "html":
        paras = _html_paragraphs(text, notes, path)
    else:
        paras = _json_paragraphs(text, path)
    paras = [(t, o) for t, o in (_strip(t, o) for t, o in paras) if t]
    if not paras:
        raise InputError(f"{path}: no text to audit (empty or blank)")
    doc = Document(path=path, raw=text, format=fmt, notes=notes)
    doc.paragraphs = [Paragraph(index=i, text=t, offsets=tuple(o)) for i, (t, o) in enumerate(paras)]
    return doc


def _strip(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    i, j = 0, len(text)
    while i < j and text[i].isspace():
        i += 1
    while j > i and text[j - 1].isspace():
        j -= 1
    return text[i:j], list(offsets[i:j])


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """(offset, line without its ending) for every line."""
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and m.group() == "":
            break
        line = m.group().rstrip("\r\n")
        yield m.start(), line


def _txt_paragraphs(text: str) -> Iterable[tuple[str, list[int]]]:
    lines = list(_lines(text))
    blocks: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    for off, line in lines:
        if line.strip():
            cur.append((off, line))
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    # One paragraph per line, unless blank lines separate blocks of several lines.
    blank_separated = len(blocks) > 1 and any(len(b) > 1 for b in blocks)
    if not blank_separated:
        for b in blocks:
            for off, line in b:
                yield line, list(range(off, off + len(line)))
        return
    # Blank-line separated paragraphs: lines of one block are joined by a space
    # that maps to the line break in the file.
    for b in blocks:
        chars: list[str] = []
        offs: list[int] = []
        for k, (off, line) in enumerate(b):
            if k:
                chars.append(" ")
                offs.append(off - 1)
            chars.extend(line)
            offs.extend(range(off, off + len(line)))
        yield "".join(chars), offs


_MD_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_MD_INLINE = re.compile(
    r"!?\[(?P<ltext>[^\]]*)\]\([^)]*\)"      # [text](url) and images
    r"|<(?P<auto>https?://[^>]+)>"            # <http://...>
    r"|(?P<mark>\*\*|__|\*|_(?=\w)|(?<=\w)_|`)"  # emphasis and code marks
)


def _md_joined(block: list[tuple[str, list[int]]]) -> Optional[tuple[str, list[int]]]:
    """The lines of a block as one paragraph (joined by a space, offsets kept), emptying the block;
    None for an empty block."""
    if not block:
        return None
    chars: list[str] = []
    offs: list[int] = []
    for k, (t, o) in enumerate(block):
        if k and t:
            chars.append(" ")
            offs.append(o[0] - 1 if o else 0)
        chars.extend(t)
        offs.extend(o)
    block.clear()
    return "".join(chars), offs


def _md_paragraphs(text: str) -> Iterable[tuple[str, list[int]]]:
    in_fence = False
    block: list[tuple[str, list[int]]] = []

    def flush():
        return _md_joined(block)

    for off, line in _lines(text):
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_fence = not in_fence
            r = flush()
            if r:
                yield r
            continue
        if in_fence:
            continue
        if not stripped or re.fullmatch(r"[-*_=]{3,}", stripped):
            r = flush()
            if r:
                yield r
            continue
        m = _MD_BLOCK_PREFIX.match(line)
        start = m.end() if m else 0
        is_heading = bool(m and m.group().lstrip().startswith("#"))
        if is_heading or (m and block and not m.group().lstrip().startswith(">")):
            r = flush()
            if r:
                yield r
        body = line[start:]
        chars, offs = _md_inline(body, off + start)
        block.append((chars, offs))
        if is_heading:
            r = flush()
            if r:
                yield r
    r = flush()
    if r:
        yield r


# The heads of what _MD_INLINE matches, in its order. Its bracketed parts ([^\]]*, [^)]*, [^>]+)
# are found by looking up the next closing character: the regular expression tried them from
# every "[" or "<" to the end of the line, quadratic on a line of "[a](" or "[[[[" (1.5 s per
# 100 KB). _md_matches gives the same matches.
_MD_HEAD = re.compile(r"!?\[|<https?://|\*\*|__|\*|_(?=\w)|(?<=\w)_|`")


class _MDMatch(NamedTuple):
    start_: int
    end_: int
    ltext: Optional[str] = None
    ltext_start: int = 0
    auto: Optional[str] = None
    auto_start: int = 0


def _md_matches(body: str) -> Iterable[_MDMatch]:
    found: dict[str, list[int]] = {}

    def next_at(ch: str, i: int) -> int:
        """The first position >= i of ch in body, or -1."""
        ps = found.get(ch)
        if ps is None:
            ps = found[ch] = [k for k, c in enumerate(body) if c == ch]
        k = bisect.bisect_left(ps, i)
        return ps[k] if k < len(ps) else -1

    scan = 0
    while True:
        m = _MD_HEAD.search(body, scan)
        if m is None:
            return
        s, head = m.start(), m.group()
        if head.endswith("["):
            rb = next_at("]", m.end())
            if rb >= 0 and body.startswith("(", rb + 1):
                rp = next_at(")", rb + 2)
                if rp >= 0:
                    yield _MDMatch(s, rp + 1, ltext=body[m.end():rb], ltext_start=m.end())
                    scan = rp + 1
                    continue
            scan = s + 1
            continue
        if head.startswith("<"):
            gt = next_at(">", m.end())
            if gt > m.end():
                yield _MDMatch(s, gt + 1, auto=body[s + 1:gt], auto_start=s + 1)
                scan = gt + 1
                continue
            scan = s + 1
            continue
        yield _MDMatch(s, m.end())
        scan = m.end()


def _md_inline(body: str, base: int) -> tuple[str, list[int]]:
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _md_matches(body):
        chars.extend(body[pos:m.start_])
        offs.extend(range(base + pos, base + m.start_))
        if m.ltext is not None:
            s = m.ltext_start
            chars.extend(m.ltext)
            offs.extend(range(base + s, base + s + len(m.ltext)))
        elif m.auto is not None:
            s = m.auto_start
            chars.extend(m.auto)
            offs.extend(range(base + s, base + s + len(m.auto)))
        pos = m.end_
    chars.extend(body[pos:])
    offs.extend(range(base + pos, base + len(body)))
    return "".join(chars), offs


_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption",
                "td", "th", "dd", "dt", "pre", "div", "article", "section", "main", "br", "tr", "body"}
_HTML_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form",
              "template", "svg", "button", "select", "iframe", "head", "title", "menu"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}
# Foreign content (SVG, MathML) ends where one of these HTML start tags comes (the HTML
# standard's "breakout" tags): an <svg> left open does not swallow the article.
_FOREIGN = {"svg", "math"}
_BREAKOUT = {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
             "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
             "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
             "table", "tt", "u", "ul", "var"}
# Page furniture that cannot hold the article's <main> (nor precede <body>): left open, it
# ends there.
_FURNITURE = {"nav", "header", "footer", "aside", "menu", "head", "title", "noscript", "template", "form"}
_UNCLOSED = re.compile(r"<[A-Za-z!/?]")
# what <head> may hold; any other start tag ends a <head> left open (it starts the body)
_IN_HEAD = {"meta", "link", "title", "style", "script", "base", "noscript", "template"}


class _HTMLText(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.src = text
        # HTMLParser.getpos() counts lines by "\n" alone (a lone "\r" does not end a line for it)
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.open_skips: list[str] = []      # the skipped elements now open, innermost last
        self.paras: list[tuple[str, list[int]]] = []
        self.chars: list[str] = []
        self.offs: list[int] = []
        self.dropped: Optional[tuple[int, int]] = None   # (offset, length) of an unfinished tag at the end

    @property
    def skip(self) -> int:
        return len(self.open_skips)

    def parse_html_declaration(self, i):
        # CPython's _markupbase raises AssertionError on "<![A:" or "<![0" (a marked section it
        # does not know); browsers read such a thing as a bogus comment, up to the next ">"
        pos = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = pos      # it moved the position before raising
            j = self.rawdata.find(">", i + 2)
            return -1 if j < 0 else j + 1

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _break(self):
        if self.chars:
            self.paras.append(("".join(self.chars), self.offs))
        self.chars, self.offs = [], []

    def _close_open(self, names: set) -> None:
        """Forget skipped elements among `names` left open (and what is open inside them)."""
        for k, t in enumerate(self.open_skips):
            if t in names:
                del self.open_skips[k:]
                return

    def handle_starttag(self, tag, attrs):
        if self.open_skips:
            if tag == "body":                       # nothing before <body> holds the article
                self.open_skips.clear()
            elif tag == "main":
                self._close_open(_FURNITURE)
            elif tag in _BREAKOUT and self.open_skips[-1] in _FOREIGN:
                self._close_open(_FOREIGN)
            if "head" in self.open_skips and tag not in _IN_HEAD and tag != "head":
                self._close_open({"head"})
        if tag in _HTML_SKIP:
            if tag not in _VOID:
                self.open_skips.append(tag)
            return
        if tag in _HTML_BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in _HTML_BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            if tag in self.open_skips:          # close it and anything left open inside it
                del self.open_skips[len(self.open_skips) - 1 - self.open_skips[::-1].index(tag):]
            return
        if tag in _HTML_BLOCKS:
            self._break()

    def _add(self, s: str, offs: list[int]):
        if self.skip:
            return
        for ch, o in zip(s, offs):
            if ch in " \t\n\r\f":   # HTML whitespace collapses; a no-break space stays
                if self.chars and self.chars[-1] == " ":
                    continue
                ch = " "
            self.chars.append(ch)
            self.offs.append(o)

    def handle_data(self, data):
        p = self._pos()
        # In raw data the parser's position is the data's start.
        self._add(data, list(range(p, p + len(data))))

    def _ref(self, raw: str):
        p = self._pos()
        decoded = html.unescape(raw)
        self._add(decoded, [p] * len(decoded))

    def handle_entityref(self, name):
        self._ref(f"&{name};")

    def handle_charref(self, name):
        self._ref(f"&#{name};")

    def close(self):
        # A file that ends inside a tag, an attribute value or a comment: what follows the
        # "<" is markup cut short, not text (Python's parser would pass it on as data, and
        # with it every tag up to the end). Left out, and said.
        rest = self.rawdata
        if rest and self.cdata_elem is None and _UNCLOSED.match(rest):
            self.dropped = (len(self.src) - len(rest), len(rest))
            self.rawdata = ""
        super().close()
        self._break()


def _html_paragraphs(text: str, notes: Optional[list[str]] = None, path: str = "") -> list[tuple[str, list[int]]]:
    parser = _HTMLText(text)
    parser.feed(text)
    parser.close()
    if parser.dropped and notes is not None:
        off, n = parser.dropped
        line = text.count("\n", 0, off) + 1
        what = "a comment" if text.startswith("<!--", off) else "a tag"
        notes.append(f"{path} line {line}: the file ends inside {what} left open; its last {n:,} "
                     f"characters are markup, not audited")
    return parser.paras


# --- JSON: a small scanner that keeps the file offset of every decoded character.

class _JStr(str):
    offsets: list[int]


_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


_JSON_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")


# An article is a shallow object; deeper nesting is refused before Python's recursion limit.
MAX_JSON_DEPTH = 200
# Python refuses int() of more than 4300 digits; an extra key may hold one: kept as a Decimal.
_INT_DIGITS = 4000


class _JSONScan:
    def __init__(self, text: str, path: str):
        self.t = text
        self.i = 0
        self.path = path
        self.depth = 0

    def err(self, msg: str):
        line = self.t.count("\n", 0, self.i) + 1
        raise InputError(f"{self.path}: invalid JSON at line {line}: {msg}")

    def ws(self):
        while self.i < len(self.t) and self.t[self.i] in " \t\r\n":
            self.i += 1

    def value(self):
        self.ws()
        if self.i >= len(self.t):
            self.err("unexpected end")
        c = self.t[self.i]
        if c in "{[":
            if self.depth >= MAX_JSON_DEPTH:
                self.err(f"nested deeper than {MAX_JSON_DEPTH} levels")
            self.depth += 1
            try:
                return self._container(c)
            finally:
                self.depth -= 1
        if c == '"':
            return self.string()
        # JSON digits are ASCII only: a \d would take Arabic-Indic digits that json.loads refuses
        m = _JSON_SCALAR.match(self.t, self.i)
        if not m:
            self.err(f"unexpected character {c!r}")
        self.i = m.end()
        if len(m.group()) > _INT_DIGITS and m.group().lstrip("-").isdigit():
            return decimal.Decimal(m.group())
        try:
            return json.loads(m.group())
        except ValueError:
            self.err(f"bad value {m.group()[:20]!r}")

    def _container(self, c: str):
        if c == "{":
            self.i += 1
            out = {}
            self.ws()
            if self.t.startswith("}", self.i):
                self.i += 1
                return out
            while True:
                self.ws()
                if not self.t.startswith('"', self.i):
                    self.err("expected a key")
                k = self.string()
                self.ws()
                if not self.t.startswith(":", self.i):
                    self.err("expected ':'")
                self.i += 1
                out[str(k)] = self.value()
                self.ws()
                if self.t.startswith(",", self.i):
                    self.i += 1
                    continue
                if self.t.startswith("}", self.i):
                    self.i += 1
                    return out
                self.err("expected ',' or '}'")
        if c == "[":
            self.i += 1
            arr = []
            self.ws()
            if self.t.startswith("]", self.i):
                self.i += 1
                return arr
            while True:
                arr.append(self.value())
                self.ws()
                if self.t.startswith(",", self.i):
                    self.i += 1
                    continue
                if self.t.startswith("]", self.i):
                    self.i += 1
                    return arr
                self.err("expected ',' or ']'")

    def string(self) -> _JStr:
        t = self.t
        self.i += 1
        chars: list[str] = []
        offs: list[int] = []
        while True:
            if self.i >= len(t):
                self.err("unterminated string")
            c = t[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\":
                start = self.i
                e = t[self.i + 1:self.i + 2]
                if e in _ESC:
                    chars.append(_ESC[e])
                    offs.append(start)
                    self.i += 2
                elif e == "u":
                    h = t[self.i + 2:self.i + 6]
                    if not re.fullmatch(r"[0-9a-fA-F]{4}", h):
                        self.err("bad \\u escape")
                    cp = int(h, 16)
                    self.i += 6
                    if 0xD800 <= cp < 0xDC00 and t.startswith("\\u", self.i):
                        lo = int(t[self.i + 2:self.i + 6], 16)
                        if 0xDC00 <= lo < 0xE000:
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                            self.i += 6
                    chars.append(chr(cp) if not 0xD800 <= cp < 0xE000 else "\ufffd")
                    offs.append(start)
                else:
                    self.err("bad escape")
            else:
                chars.append(c)
                offs.append(self.i)
                self.i += 1
        s = _JStr("".join(chars))
        s.offsets = offs
        return s


def _json_paragraphs(text: str, path: str) -> list[tuple[str, list[int]]]:
    scan = _JSONScan(text, path)
    value = scan.value()
    scan.ws()
    if scan.i != len(text):
        scan.err("extra data after the value")
    shape = 'expected {"text": "..."} or {"paragraphs": ["...", ...]}'
    if not isinstance(value, dict):
        raise InputError(f"{path}: wrong JSON shape: {shape}")
    if isinstance(value.get("paragraphs"), list):
        items = value["paragraphs"]
        if not all(isinstance(x, _JStr) for x in items):
            raise InputError(f"{path}: wrong JSON shape: every paragraph must be a string")
        return [(str(x), x.offsets) for x in items]
    if isinstance(value.get("text"), _JStr):
        s = value["text"]
        # Paragraphs inside the text are separated by line breaks.
        out = []
        start = 0
        for m in re.finditer(r"\n\s*", str(s) + "\n"):
            chunk = str(s)[start:m.start()]
            if chunk.strip():
                out.append((chunk, s.offsets[start:m.start()]))
            start = m.end()
        return out
    raise InputError(f"{path}: wrong JSON shape: {shape}")


def is_probably_text_path(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in _EXT_FORMAT
