"""Reading HTML for reader.py: the text of block elements (paragraphs, headings, list items...), leaving out scripts,
styles and page furniture (navigation, header, footer); each character keeps its file offset."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Optional


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
