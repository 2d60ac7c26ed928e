"""Hunspell word forms: a dictionary's stems expanded with its affix rules into every form, kept
sorted, one a line, in the user's cache folder, and searched in place (`SortedWords`).

Used by checks/_lexicon.py (the `Lexicon` of the lexical checks), which only maps the cached
file; spylls reads the .dic/.aff only the first time (`_cached_forms`).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional


_EXPAND_VERSION = 5


def _compounds_words(dic: Any) -> bool:
    """Does the dictionary build compounds of words without digits? (Then the expanded forms
    are not the whole language and spylls must confirm a missing word.) en_US compounds only
    numerals ("22nd"), which the checks never look up."""
    aff = dic.aff
    if aff.COMPOUNDFLAG or aff.COMPOUNDBEGIN or aff.COMPOUNDMIDDLE or aff.COMPOUNDEND:
        return True
    flags: set[str] = set()
    for r in aff.COMPOUNDRULE or ():
        flags |= set(getattr(r, "flags", ()))
    if not flags:
        return False
    return any(not any(c.isdigit() for c in w.stem) and flags & set(w.flags) for w in dic.dic.words)


class _Expander:
    """The affix rules of one dictionary, applied to its stems (see `_expand`)."""

    def __init__(self, aff: Any) -> None:
        self.sfx, self.pfx = aff.SFX, aff.PFX
        self.need, self.forbidden = aff.NEEDAFFIX, aff.FORBIDDENWORD
        self.only_compound, self.circ = aff.ONLYINCOMPOUND, aff.CIRCUMFIX

    @staticmethod
    def has(flag: Optional[str], flags: Iterable[str]) -> bool:
        if not flag:
            return False
        return flag in flags

    def suffixed(self, stem: str, flags: Iterable[str]) -> Iterator[tuple[Any, str]]:
        for f in flags:
            for s in self.sfx.get(f, ()):
                if s.strip and not stem.endswith(s.strip):
                    continue
                if not s.cond_regexp.search(stem):
                    continue
                yield s, stem[:len(stem) - len(s.strip)] + s.add

    def prefixes(self, stem: str, flags: Iterable[str]) -> Iterator[Any]:
        for f in flags:
            for p in self.pfx.get(f, ()):
                if "'" in p.add or "’" in p.add:
                    continue
                if p.strip and not stem.startswith(p.strip):
                    continue
                if not p.cond_regexp.search(stem):
                    continue
                yield p

    def word(self, w: Any, out: set[str]) -> None:
        """Add the forms of one dictionary word to `out`."""
        fl = w.flags
        if self.has(self.forbidden, fl) or self.has(self.only_compound, fl):
            return
        stem = w.stem
        if not self.has(self.need, fl):
            out.add(stem)
        sforms = self._suffixed_forms(stem, fl, out)
        pflags = set(fl)
        for s, _, _ in sforms:
            pflags |= set(s.flags) & set(self.pfx)
        for p in self.prefixes(stem, pflags):
            self._prefixed(p, stem, fl, sforms, out)

    def _suffixed_forms(self, stem: str, fl: Iterable[str], out: set[str]) -> list[tuple[Any, str, bool]]:
        """The stem's suffixed forms on two levels, as (first suffix, form, circumfixed);
        those that stand alone are added to `out`."""
        sforms = []
        for s, form in self.suffixed(stem, fl):
            c = self.has(self.circ, s.flags)
            sforms.append((s, form, c))
            if not c and not self.has(self.need, s.flags):
                out.add(form)
            for s2, form2 in self.suffixed(form, s.flags):
                c2 = c or self.has(self.circ, s2.flags)
                sforms.append((s, form2, c2))
                if not c2:
                    out.add(form2)
        return sforms

    def _prefixed(self, p: Any, stem: str, fl: Iterable[str], sforms: list[tuple[Any, str, bool]],
                  out: set[str]) -> None:
        """The forms with prefix `p`: on the stem, with the suffixes the prefix allows, and
        crossed with the stem's suffixed forms."""
        pc = self.has(self.circ, p.flags)
        head = p.add
        if not pc and (p.flag in fl):
            out.add(head + stem[len(p.strip):])
        if p.flag in fl:
            # suffixes that the prefix itself allows ("centi" of "mètre" brings the plural)
            for s, form in self.suffixed(stem, p.flags):
                c = self.has(self.circ, s.flags)
                if c == pc and not self.has(self.need, s.flags):
                    out.add(head + form[len(p.strip):])
                for s2, form2 in self.suffixed(form, s.flags):
                    if (c or self.has(self.circ, s2.flags)) == pc:
                        out.add(head + form2[len(p.strip):])
        if not p.crossproduct:
            return
        for s, form, c in sforms:
            if not s.crossproduct or c != pc:
                continue
            if p.flag not in fl and p.flag not in s.flags:
                continue
            out.add(head + form[len(p.strip):])


def _expand(dic: Any) -> set[str]:
    """Word forms of a spylls Dictionary: each stem with its suffixes (two levels), its
    prefixes and, where both allow it, both. Prefixes that end in an apostrophe (French
    elision, "l'") are left out: the checks split elision themselves. Forbidden words,
    compound-only stems and lone halves of circumfixes are left out."""
    ex = _Expander(dic.aff)
    out: set[str] = set()
    for w in dic.dic.words:
        ex.word(w, out)
    return {f.replace("’", "'") for f in out}


def _cache_dir() -> Path:
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env).expanduser() / "lexicon"
    try:
        from platformdirs import user_cache_dir
        return Path(user_cache_dir("auditor")) / "lexicon"
    except Exception:
        return Path.home() / ".cache" / "auditor" / "lexicon"


class SortedWords:
    """A sorted word list, one word a line, searched where it lies: in a memory-mapped cache
    file (nothing is read up front: opening costs a millisecond), or in memory where the cache
    folder cannot be written. UTF-8 byte order is code-point order, so the file sorts as
    Python sorts strings."""

    def __init__(self, buf: Any):
        self.buf = buf
        self.size = len(buf)

    @classmethod
    def of(cls, words: list[str]) -> "SortedWords":
        return cls(("\n".join(words) + "\n").encode("utf-8") if words else b"")

    def _bound(self, key: bytes, upper: bool = False) -> int:
        """Offset of the first line >= key (> key's prefix range with `upper`)."""
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            start = self.buf.rfind(b"\n", 0, mid) + 1
            end = self.buf.find(b"\n", start)
            end = self.size if end < 0 else end
            w = self.buf[start:end]
            if (w[:len(key)] <= key) if upper else (w < key):
                lo = end + 1
            else:
                hi = start
        return lo

    def __contains__(self, word: str) -> bool:
        key = word.encode("utf-8", "surrogatepass")
        pos = self._bound(key)
        return pos < self.size and self.buf[pos:pos + len(key) + 1] == key + b"\n"

    def with_prefix(self, prefix: str) -> list[str]:
        key = prefix.encode("utf-8")
        lo = self._bound(key)
        hi = self._bound(key, upper=True)
        if hi <= lo:
            return []
        return bytes(self.buf[lo:hi]).decode("utf-8").split("\n")[:-1]

    def first_characters(self) -> list[str]:
        """The distinct first characters of the words, jumping from one to the next."""
        out: list[str] = []
        pos = 0
        while pos < self.size:
            end = self.buf.find(b"\n", pos)
            line = bytes(self.buf[pos:self.size if end < 0 else end]).decode("utf-8")
            if line:
                c = line[0]
                out.append(c)
                pos = self._bound(c.encode("utf-8"), upper=True)
            else:
                pos = (end if end >= 0 else self.size) + 1
        return out

    def containing(self, char: str) -> list[str]:
        """Every word holding `char`: each occurrence found in C, then its line."""
        key = char.encode("utf-8")
        out: list[str] = []
        pos = self.buf.find(key)
        while pos >= 0:
            start = self.buf.rfind(b"\n", 0, pos) + 1
            end = self.buf.find(b"\n", pos)
            end = self.size if end < 0 else end
            out.append(bytes(self.buf[start:end]).decode("utf-8"))
            pos = self.buf.find(key, end)
        return out


def _cached_forms(base: Path, load_dictionary) -> tuple[SortedWords, bool]:
    """The expanded forms of a dictionary (sorted) and whether it compounds words, from the user's
    cache folder where a copy made from the same .aff/.dic (same size and time) is there,
    else expanded and saved there (a few seconds, once). The file is memory-mapped."""
    import mmap
    aff, dic = base.with_suffix(".aff"), base.with_suffix(".dic")
    st_a, st_d = aff.stat(), dic.stat()
    key = f"{base.name}-{st_a.st_size}-{int(st_a.st_mtime)}-{st_d.st_size}-{int(st_d.st_mtime)}-v{_EXPAND_VERSION}"
    path = _cache_dir() / f"{key}.words"
    flag = _cache_dir() / f"{key}.compounds"
    try:
        with open(path, "rb") as f:
            compounds = flag.read_text("ascii").strip() == "1"
            if os.fstat(f.fileno()).st_size == 0:
                return SortedWords(b""), compounds
            return SortedWords(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)), compounds
    except (OSError, ValueError):
        pass
    d = load_dictionary()
    forms = sorted(w for w in _expand(d) if w and "\n" not in w)
    compounds = _compounds_words(d)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(("\n".join(forms) + "\n").encode("utf-8", "surrogatepass") if forms else b"")
        flag.write_text(str(int(compounds)), "ascii")
        os.replace(tmp, path)
    except OSError:
        pass   # a read-only cache folder: expand again next time
    return SortedWords.of(forms), compounds
