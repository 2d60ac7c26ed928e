"""Reading JSON for reader.py: {"text": "..."} or {"paragraphs": ["...", ...]}, read by a small scanner that keeps the
file offset of every decoded character (escapes included)."""
from __future__ import annotations

import decimal
import json
import re

from .types import InputError


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
            out: dict = {}
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
            arr: list = []
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
