"""Read an article (txt, md, html, json) into paragraphs that keep file offsets.

One module per format (reader_text, reader_markdown, reader_html, reader_json) turns a text into
(paragraph, offsets) pairs; this module reads the file (size limit, decoding) and builds
the Document. Every paragraph carries `offsets`, one file offset per character of its text, so
that anything found in the text maps back to line:column of the file as read
(after decoding; a BOM is not counted, line endings are kept as they are).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from .gcpause import paused_gc
from .reader_html import _html_paragraphs
from .reader_json import _json_paragraphs
from .reader_markdown import _MD_INLINE as _MD_INLINE, _md_matches as _md_matches  # re-exported for tests
from .reader_markdown import _md_paragraphs
from .reader_text import _txt_paragraphs
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


def is_probably_text_path(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in _EXT_FORMAT
