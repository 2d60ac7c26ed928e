"""Reading plain text for reader.py: one paragraph per line, or blocks of lines separated by blank lines, joined by a
space that maps to the line break; and the line splitter the Markdown reader shares."""
from __future__ import annotations

import re
from typing import Iterable


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
