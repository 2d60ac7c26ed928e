"""A bilingual lexicon for the coverage checks, from Debian's FreeDict dictionaries (dictd format).

  dict-freedict-eng-ind   English -> Indonesian (WikDict; read in both directions)
  dict-freedict-eng-fra   English -> French     } French through English, as a pivot
  dict-freedict-fra-eng   French -> English     }

Each dictionary is an index (headword TAB offset TAB length, the numbers in dictd's base 64)
and a .dict.dz, which is gzip-compatible: read with the standard library. The maps a check needs
(Indonesian -> target words, target word -> Indonesian) are built once and kept as JSON in the
user's cache folder ($AUDITOR_CACHE_DIR/lexicon or platformdirs' user cache), keyed by the size
and time of the files, so that a process reads them in a fraction of a second. Where the
dictionaries are absent the checks that need them are skipped with a one-line notice.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from ._lexicon import _cache_dir as _lexicon_cache_dir


_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_VERSION = 2
_LOCK = threading.Lock()
NEEDS = {"en": ("eng-ind",), "fr": ("eng-ind", "eng-fra", "fra-eng")}
PACKAGES = {"eng-ind": "dict-freedict-eng-ind", "eng-fra": "dict-freedict-eng-fra", "fra-eng": "dict-freedict-fra-eng"}
MAX_WORDS = 3            # translations longer than this are definitions, not renderings


def dictd_dirs() -> list[Path]:
    dirs = [Path(p).expanduser() for p in os.environ.get("AUDITOR_DICTD_DIR", "").split(os.pathsep) if p.strip()]
    return dirs + [Path("/usr/share/dictd"), Path("/usr/local/share/dictd")]


def find(name: str) -> Optional[tuple[Path, Path]]:
    for d in dictd_dirs():
        idx, dz = d / f"freedict-{name}.index", d / f"freedict-{name}.dict.dz"
        if idx.is_file() and dz.is_file():
            return idx, dz
    return None


def unavailable_reason(lang: str) -> Optional[str]:
    if lang not in NEEDS:
        return f"no bilingual lexicon for '{lang}'"
    try:
        missing = [n for n in NEEDS[lang] if find(n) is None]
    except OSError:
        missing = list(NEEDS[lang])
    if not missing:
        return None
    pkgs = " ".join(PACKAGES[n] for n in missing)
    return (f"no bilingual lexicon (FreeDict {', '.join(missing)} not found in $AUDITOR_DICTD_DIR or "
            f"/usr/share/dictd); install it with `apt-get install {pkgs}`")


def _num(s: str) -> int:
    v = 0
    for c in s:
        v = v * 64 + _B64[c]
    return v


def read_dictd(idx: Path, dz: Path) -> Iterable[tuple[str, str]]:
    """(headword, entry text) of every entry of a dictd dictionary, 00database entries left out."""
    with gzip.open(dz, "rb") as f:
        raw = f.read()
    with open(idx, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].startswith("00database") or parts[0].startswith("00-database"):
                continue
            off, n = _num(parts[1]), _num(parts[2])
            yield parts[0], raw[off:off + n].decode("utf-8", errors="replace")


_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def _split(line: str) -> list[str]:
    line = re.sub(r"\s+\d+\.$", "", line.strip())        # "menolak 2." (the next gloss's number)
    line = re.sub(r"\([^)]*\)", "", line)
    out = []
    for part in re.split(r"[,;]", line):
        p = re.sub(r"\s+", " ", part.replace("‐", "-")).strip(" .").lower()
        if p and len(p.split()) <= MAX_WORDS and not p.startswith("-") and not p.endswith("-"):
            out.append(p)
    return out


def parse_entry(text: str, glossed: bool) -> tuple[str, list[str]]:
    """Part of speech and translations of one entry. `glossed`: the WikDict layout, where each
    translation line is followed by English gloss lines (the first line after the header, and
    the numbered lines, are translations); else every line after the header is one."""
    lines = text.split("\n")
    head = lines[0]
    m = re.search(r"<([^>]*)>", head)
    pos = m.group(1).split(",")[0].strip() if m else ""
    out: list[str] = []
    for k, line in enumerate(lines[1:]):
        if not line.strip():
            continue
        nm = _NUMBERED.match(line)
        if nm:
            out += _split(nm.group(2))
        elif not glossed or k == 0:
            if line.startswith(" "):
                continue
            out += _split(line)
    return pos, out


def _key(files: list[Path]) -> str:
    """A short key of the dictionaries' names, sizes and times (a file name must stay short)."""
    import hashlib
    parts = []
    for p in files:
        st = p.stat()
        parts.append(f"{p.name}-{st.st_size}-{int(st.st_mtime)}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _add(d: dict, k: str, v: str) -> None:
    if k and v:
        d.setdefault(k, [])
        if v not in d[k]:
            d[k].append(v)


def _english_indonesian() -> dict[str, list[str]]:
    """English headword -> Indonesian renderings (FreeDict eng-ind)."""
    en2id: dict[str, list[str]] = {}
    idx, dz = find("eng-ind")
    for head, text in read_dictd(idx, dz):
        _, trans = parse_entry(text, glossed=True)
        h = head.lower().strip()
        if len(h.split()) > MAX_WORDS:
            continue
        for t in trans:
            _add(en2id, h, t)
    return en2id


def _english_french() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """English -> French and French -> English, from both FreeDict directions."""
    en2fr: dict[str, list[str]] = {}
    fr2en: dict[str, list[str]] = {}
    _both_ways("eng-fra", en2fr, fr2en)
    _both_ways("fra-eng", fr2en, en2fr)
    return en2fr, fr2en


def _both_ways(name: str, forward: dict[str, list[str]], backward: dict[str, list[str]]) -> None:
    """Each entry of the FreeDict dictionary `name`, head -> translations into `forward` and each
    translation -> head into `backward`."""
    i, z = find(name)
    for head, text in read_dictd(i, z):
        _, trans = parse_entry(text, glossed=False)
        h = head.lower().strip()
        for t in trans:
            _add(forward, h, t)
            _add(backward, t, h)


def build(lang: str) -> dict:
    """{"id": {indonesian: [target words]}, "back": {target word: [indonesian]}} for a target language."""
    en2id = _english_indonesian()
    if lang == "en":
        tgt_of_en = {e: [e] for e in en2id}
        back_en = {e: [e] for e in en2id}
    else:
        tgt_of_en, back_en = _english_french()
    id2tgt: dict[str, list[str]] = {}
    tgt2id: dict[str, list[str]] = {}
    for e, ids in en2id.items():
        for t in tgt_of_en.get(e, ()):
            for i in ids:
                _add(id2tgt, i, t)
    for t, es in back_en.items():
        for e in es:
            for i in en2id.get(e, ()):
                _add(tgt2id, t, i)
    return {"id": id2tgt, "back": tgt2id, "pos": {}}


class BiLexicon:
    """Indonesian -> target-language renderings and back, with Indonesian roots tried where a
    derived form is absent ('menyalurkan' -> 'salur')."""

    def __init__(self, lang: str, maps: dict):
        self.lang = lang
        self.id2tgt: dict[str, list[str]] = maps["id"]
        self.tgt2id: dict[str, list[str]] = maps["back"]

        self._by_key: dict[str, list[str]] = {}
        for t in self.tgt2id:
            if " " not in t:
                self._by_key.setdefault(key(t, lang), []).append(t)

    def translations(self, word: str, roots: bool = True) -> tuple[list[str], str]:
        """Target renderings of an Indonesian word and the form they were found under: the word
        itself, else the root of a verbal derivation (me-, di-, ber-, ter- with -kan, -i) or the
        word without its clitic (-nya, -lah, -kah). Noun-forming affixes (pe-, ke-...-an) change
        the meaning too much to be stripped ('petugas' is no 'tugas')."""
        w = word.lower()
        got = self.id2tgt.get(w)
        if got:
            return got, w
        if roots:
            for c in verbal_roots(w):
                if c in self.id2tgt:
                    return self.id2tgt[c], c
        return [], ""

    def back(self, word: str) -> list[str]:
        """Indonesian renderings of a target-language word, through its dictionary forms."""
        w = word.lower()
        out = list(self.tgt2id.get(w, ()))
        for lemma in self._by_key.get(key(w, self.lang), ()):
            for i in self.tgt2id.get(lemma, ()):
                if i not in out:
                    out.append(i)
        return out


_VERBAL = ("memper", "meng", "meny", "mem", "men", "me", "diper", "di", "ber", "be", "ter")
_NASAL = {"meny": "s", "mem": "p", "men": "t", "meng": "k"}


@lru_cache(maxsize=1 << 15)
def verbal_roots(w: str) -> tuple[str, ...]:
    """Candidate roots of an Indonesian word by verbal affixes and clitics only, longest first."""
    out: list[str] = []
    bases = [w]
    for suf in ("nya", "lah", "kah"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            bases.append(w[:-len(suf)])
    for b in list(bases):
        for suf in ("kan", "i"):
            if b.endswith(suf) and len(b) - len(suf) >= 4:
                bases.append(b[:-len(suf)])
    for b in bases:
        if b != w:
            out.append(b)
        for pre in _VERBAL:
            if b.startswith(pre) and len(b) - len(pre) >= 4:
                rest = b[len(pre):]
                out.append(rest)
                if pre in _NASAL:
                    out.append(_NASAL[pre] + rest)
    seen: dict[str, None] = {}
    for c in sorted(out, key=len, reverse=True):
        seen.setdefault(c, None)
    return tuple(seen)


@lru_cache(maxsize=None)
def get(lang: str) -> Optional[BiLexicon]:
    """The lexicon for a target language, or None where its dictionaries are missing."""
    if unavailable_reason(lang):
        return None
    files = [p for n in NEEDS[lang] for p in find(n)]
    path = _lexicon_cache_dir() / f"freedict-{lang}-{_key(files)}-v{_VERSION}.json"
    with _LOCK:
        try:
            with open(path, encoding="utf-8") as f:
                return BiLexicon(lang, json.load(f))
        except (OSError, ValueError):
            pass
        maps = build(lang)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(maps, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            pass
        return BiLexicon(lang, maps)


# ---------------------------------------------------------------- matching target words

_SUFFIXES = {
    "en": ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e", "y"),
    "fr": ("issements", "issement", "ations", "ation", "ements", "ement", "itions", "ition", "eurs", "euse", "eur",
           "ières", "ière", "iers", "ier", "aient", "ait", "ant", "ées", "és", "ée", "é", "es", "er", "ez", "ent",
           "ons", "s", "e", "x"),
}


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def _folded_suffixes(lang: str) -> tuple[str, ...]:
    return tuple(sorted({fold(s) for s in _SUFFIXES.get(lang, ())}, key=len, reverse=True))


@lru_cache(maxsize=1 << 16)
def key(word: str, lang: str) -> str:
    """A crude stem: the folded word without its longest inflectional ending (at least 3 letters kept)."""
    w = fold(word)
    for suf in _folded_suffixes(lang):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)]
    return w


def same_word(a: str, b: str, lang: str) -> bool:
    """Do two target-language words look like forms of one word ('inondations' ~ 'inonder')?"""
    ka, kb = key(a, lang), key(b, lang)
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return len(short) >= 5 and long_.startswith(short)


# ---------------------------------------------------------------- placing back-translated words

def projection_link(lang: str):
    """A scorer for auditor.evidence.btdiff.lexical_projection: a back-translation (Indonesian)
    token and a translation token are linked (0.6) where the lexicon gives the Indonesian word, or
    one of its stems, as a rendering of the translation word ('pembelian' on 'achats', 'bulan'
    on 'months'). None where the lexicon is missing."""
    lex = get(lang)
    if lex is None:
        return None
    from ..evidence.btdiff import stems

    @lru_cache(maxsize=1 << 14)
    def back(word: str) -> frozenset[str]:
        out: set[str] = set()
        for i in lex.back(word):
            if " " not in i:
                out.add(i)
        return frozenset(out)

    def link(a, b) -> float:
        if len(b.text) < 3 or b.number or len(a.norm) < 3:
            return 0.0
        ids = back(b.text.lower())
        if not ids:
            return 0.0
        if a.norm in ids or (len(a.norm) >= 4 and stems(a.norm) & ids):
            return 0.6
        return 0.0

    return link
