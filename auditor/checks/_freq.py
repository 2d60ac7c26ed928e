"""Word frequencies (Zipf scale) from wordfreq's data, in a form that opens in milliseconds.

wordfreq ships its lists as msgpack "cBpack" files: a header, then buckets of words, bucket i
holding the words whose frequency is 10^(-i/100), i.e. Zipf 9 - i/100. Importing wordfreq
and unpacking a large list costs close to a second per process, for the few hundred look-ups
an article needs. So each language's list is unpacked once into a sorted text file in the
user's cache folder ("word<TAB>zipf*100", one a line), keyed by wordfreq's version, and read
through mmap with a binary search: nothing is loaded up front. Where the cache folder cannot
be written, the list is unpacked into memory for the process instead.
"""
from __future__ import annotations

import gzip
import mmap
import threading
from pathlib import Path
from typing import Optional, Union

_LOCK = threading.Lock()
_TABLES: dict[str, Optional["_Table"]] = {}
# the large list where wordfreq has one (more words), else the small one
_PREFER = ("large", "small")


class _Table:
    """Sorted lines "word\\tcode\\n" in a bytes-like buffer, looked up by binary search."""

    def __init__(self, buf: Union[bytes, mmap.mmap]):
        self.buf = buf
        self.size = len(buf)

    def _line_at(self, pos: int) -> tuple[int, int]:
        """Start and end (excluded, at the newline) of the line holding byte pos."""
        start = self.buf.rfind(b"\n", 0, pos) + 1
        end = self.buf.find(b"\n", pos)
        return start, (self.size if end < 0 else end)

    def get(self, word: str) -> int:
        key = word.encode("utf-8")
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            start, end = self._line_at(mid)
            tab = self.buf.find(b"\t", start, end)
            w = self.buf[start:tab]
            if w == key:
                return int(self.buf[tab + 1:end])
            if w < key:
                lo = end + 1
            else:
                hi = start
        return 0


def _data_file(lang: str) -> Optional[Path]:
    try:
        import importlib.util
        spec = importlib.util.find_spec("wordfreq")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    for size in _PREFER:
        p = data / f"{size}_{lang}.msgpack.gz"
        if p.is_file():
            return p
    return None


def _unpack(path: Path) -> bytes:
    import msgpack
    with gzip.open(path, "rb") as f:
        packed = msgpack.load(f, raw=False, strict_map_key=False)
    best: dict[str, int] = {}
    for i, bucket in enumerate(packed[1:]):
        code = 900 - i                      # Zipf * 100
        if code <= 0:
            break
        for w in bucket:
            if w not in best and "\t" not in w and "\n" not in w:
                best[w] = code
    return "".join(f"{w}\t{c}\n" for w, c in sorted(best.items(), key=lambda x: x[0].encode("utf-8"))
                   ).encode("utf-8")


def _cache_path(path: Path) -> Path:
    from ._lexicon import _cache_dir
    st = path.stat()
    return _cache_dir().parent / "freq" / f"{path.name.split('.')[0]}-{st.st_size}-{int(st.st_mtime)}.tsv"


def _open(lang: str) -> Optional[_Table]:
    src = _data_file(lang)
    if src is None:
        return None
    cached = _cache_path(src)
    if not cached.is_file():
        try:
            body = _unpack(src)
        except Exception:  # an unreadable or changed data file: no frequencies
            return None
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".tmp{threading.get_ident()}")
            tmp.write_bytes(body)
            tmp.replace(cached)
        except OSError:
            return _Table(body)           # a read-only cache folder: in memory for this process
    try:
        with open(cached, "rb") as f:
            if cached.stat().st_size == 0:
                return None
            return _Table(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of a word (lower-cased) in a language; 0 where unknown or wordfreq is absent."""
    table = _TABLES.get(lang)
    if table is None and lang not in _TABLES:
        with _LOCK:
            if lang not in _TABLES:
                _TABLES[lang] = _open(lang)
        table = _TABLES[lang]
    if table is None or not word:
        return 0.0
    return table.get(word.casefold()) / 100
