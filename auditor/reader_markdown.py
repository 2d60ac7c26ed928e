"""Reading Markdown for reader.py: block prefixes (headings, quotes, list markers) and inline markup (links, emphasis,
code) are dropped; each kept character keeps its file offset."""
from __future__ import annotations

import bisect
import re
from typing import Iterable, NamedTuple, Optional

from .reader_text import _lines

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
