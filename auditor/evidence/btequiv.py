"""What a back-translation legitimately changes, and what it cannot change without a change of
meaning: the knowledge the back-translation diff (auditor.evidence.btdiff) compares with.

Both sides of that diff are Indonesian (the source, and the translation translated back), so all
of this is Indonesian. Pure functions over words and token lists, from data files:

  data/bt_paraphrase.json   synonyms a back-translation swaps, abbreviations it expands or
                            contracts, contrasts (exclusive meanings), words around figures,
                            number words, scales, months, currencies, time units
  data/polarity.json        negations (strong, 'belum' against 'sudah'), idioms that are none
  data/direction.json       direction and outcome words (naik / turun, menang / kalah ...)
  data/quantity.json        vague magnitudes (puluhan = 20 to 99), fractions, measure units
  data/entities.json        Indonesian aliases of one entity (Tiongkok = China = RRT)

Quantities are read as values so that any format compares: '1,5 juta' = '1.500.000',
'Rp 4 triliun' = '4.000 miliar rupiah', 'empat belas' = '14', '8 persen' = '8%',
'(10/7)' = '10 Juli', 'puluhan' = 20 to 99.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from ..data import load_json


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_json("bt_paraphrase.json")


def _fold(s: str) -> str:
    from .btdiff import fold
    return fold(s)


def _stems(w: str) -> frozenset[str]:
    from .btdiff import stems
    return stems(w)


# ---------------------------------------------------------------- synonyms and contrasts

@lru_cache(maxsize=1)
def _syn_index() -> dict[str, frozenset[int]]:
    idx: dict[str, set[int]] = {}
    for g, group in enumerate(_data()["synonyms"]):
        for w in group:
            if " " not in w:
                idx.setdefault(w, set()).add(g)
    return {k: frozenset(v) for k, v in idx.items()}


@lru_cache(maxsize=1 << 15)
def synonym_groups(word: str) -> frozenset[int]:
    """The synonym groups of a (folded) word: its own, else those of its affix-stripped stems."""
    idx = _syn_index()
    if word in idx:
        return idx[word]
    out: set[int] = set()
    for s in _stems(word):
        if s != word and len(s) >= 3:
            out |= idx.get(s, frozenset())
    return frozenset(out)


def synonyms(a: str, b: str) -> bool:
    return bool(synonym_groups(a) & synonym_groups(b))


@lru_cache(maxsize=1)
def _contrast_pairs() -> frozenset[tuple[str, str]]:
    out = set()
    for a, b in _data()["contrasts"]:
        out.add((a, b))
        out.add((b, a))
    for fam in _families():
        for x in fam[0]:
            for y in fam[1]:
                out.add((x, y))
                out.add((y, x))
    return frozenset(out)


def _forms(word: str) -> frozenset[str]:
    return frozenset({word} | set(_stems(word)))


@lru_cache(maxsize=1 << 15)
def contrast(a: str, b: str) -> bool:
    """Do two (folded) words have exclusive meanings (jual / beli, terus / henti, naik / turun)?"""
    pairs = _contrast_pairs()
    fa, fb = _forms(a), _forms(b)
    if fa & fb:
        return False
    hits = [(x, y) for x in fa for y in fb if (x, y) in pairs]
    if hits and a.startswith("di") != b.startswith("di") and all(h in _converses() for h in hits):
        return False        # 'dikirimi' (is sent) / 'menerima' (receives): one event, two sides
    return bool(hits)


@lru_cache(maxsize=1)
def _converses() -> frozenset[tuple[str, str]]:
    out = set()
    for a, b in _data().get("converses", []):
        out.update({(a, b), (b, a)})
    return frozenset(out)


@lru_cache(maxsize=1)
def quiet_words() -> frozenset[str]:
    """Words the diff matches but never reports alone (beside btdiff.function_words)."""
    d = _data()
    return frozenset(d["extra_function_words"]) | frozenset(d["classifiers"])


@lru_cache(maxsize=1)
def function_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.split()) for p in _data().get("function_phrases", [])), key=len, reverse=True))


@lru_cache(maxsize=1 << 14)
def number_value(word: str) -> Optional[float]:
    """The value an Indonesian number, scale or vague word stands for ('tiga' 3, 'juta' 1e6,
    'puluhan' 20), for placing it on the translation; None for other words."""
    d = _data()
    if word in d["number_words"]:
        return float(d["number_words"][word])
    if word in d["scales"]:
        return float(d["scales"][word])
    if word in _vague():
        return _vague()[word][0]
    if word.startswith("ke") and word[2:] in d["number_words"]:
        return float(d["number_words"][word[2:]])
    for key, v in _fractions().items():
        if key == (word,):
            return v
    return None


@lru_cache(maxsize=1 << 14)
def target_number_value(word: str, lang: str) -> Optional[float]:
    v = _data().get("target_number_words", {}).get(lang, {}).get(word)
    return float(v) if isinstance(v, (int, float)) else None


# ---------------------------------------------------------------- phrases: abbreviations, aliases

@lru_cache(maxsize=1)
def phrase_table() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Short form or alias (as folded words) -> the phrases that may stand for it, and back."""
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}

    def add(a: tuple[str, ...], b: tuple[str, ...]) -> None:
        if a and b and a != b:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)

    def words(p: str) -> tuple[str, ...]:
        return tuple(w for w in re.split(r"[\s\-]+", _fold(p)) if w)

    for abbr, exps in _data()["abbreviations"].items():
        for e in exps:
            add(words(abbr), words(e))
    for group in _data()["synonyms"]:
        multi = [words(w) for w in group if " " in w]
        for m in multi:
            for w in group:
                add(m, words(w))
    try:
        for e in load_json("entities.json")["entries"]:
            ids = [words(x) for x in e.get("id", [])]
            for x in ids:
                for y in ids:
                    add(x, y)
    except (OSError, KeyError):
        pass
    return {k: sorted(v, key=len, reverse=True) for k, v in table.items()}


def syllabic_abbreviation(abbr: str, words: Sequence[str]) -> bool:
    """Is `abbr` (folded, 3 letters or more) made of the starts of `words`, in order, one part per
    word ('sulsel' = SULawesi SELatan, 'dirjen' = DIRektur JENderal, 'pemilu' = PEMILihan Umum)?
    One word alone: the abbreviation is a clipped form of it ('pemilu' / 'pemilihan': five letters
    or more, the first four shared)."""
    if len(abbr) < 3 or not words:
        return False
    if len(words) == 1:
        w = words[0]
        return len(abbr) >= 5 and len(w) > len(abbr) and w[:4] == abbr[:4] and \
            (w.startswith(abbr[:-1]) or abbr[:5] == w[:5])

    def fits(a: str, k: int) -> bool:
        if k == len(words):
            return a == ""
        w = words[k]
        most = min(len(w), len(a) - (len(words) - k - 1))
        least = 2 if k == 0 else 1
        for n in range(most, least - 1, -1):
            if w[:n] == a[:n] and fits(a[n:], k + 1):
                return True
        return False

    return fits(abbr, 0)


# ---------------------------------------------------------------- negation

@lru_cache(maxsize=1)
def _polarity() -> dict:
    return load_json("polarity.json")["id"]


@lru_cache(maxsize=1)
def _neutral() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in _polarity()["neutral"])


_CLITICS = ("nya", "lah", "kah", "pun")


_RUNS = re.compile(r"(.)\1{2,}")


def _bare(w: str) -> str:
    if _RUNS.search(w):               # informal letter runs: 'engggak' is 'enggak', 'tidakkk' is 'tidak'
        strong = _polarity()["strong"]
        w = next((v for v in (_RUNS.sub(r"\1\1", w), _RUNS.sub(r"\1", w)) if v in strong), w)
    for c in _CLITICS:
        if w.endswith(c) and len(w) - len(c) >= 3:
            return w[:-len(c)]
    return w


@dataclass
class Polar:
    negations: list[int] = field(default_factory=list)     # token indices of strong negations
    not_yet: list[int] = field(default_factory=list)       # 'belum'
    already: list[int] = field(default_factory=list)       # 'sudah', 'telah', 'pernah'
    soft: list[int] = field(default_factory=list)          # words of negative meaning (menolak, gagal)
    idioms: list[tuple[int, str]] = field(default_factory=list)   # 'tidak sengaja': (index, 'sengaja')


@lru_cache(maxsize=1)
def strong_negations() -> frozenset[str]:
    """The strong negation words (tidak, tak, bukan, belum, ...)."""
    return frozenset(_polarity()["strong"])


@lru_cache(maxsize=1)
def _plain_negations() -> frozenset[str]:
    return frozenset(_polarity()["plain"])


def same_negation(a: str, b: str) -> bool:
    """Two spellings of the plain negation, formal or colloquial ('tidak' / 'nggak' / 'engggak')."""
    plain = _plain_negations()
    return _bare(a) in plain and _bare(b) in plain


def bare(w: str) -> str:
    """A word without its clitic ('tidaklah' -> 'tidak')."""
    return _bare(w)


def _idiom_base(w: str) -> str:
    """A word as idioms list it: one copy of a reduplication, no clitic ('henti-hentinya' -> 'henti')."""
    if "-" in w:
        w = w.split("-", 1)[0]
    for suf in ("nya", "lah", "kah", "pun"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[:-len(suf)]
    return w


def polarity(norms: Sequence[str]) -> Polar:
    """Negations of a token sequence (folded words), idioms that contain one but negate nothing
    ('tidak hanya', 'tak lama') left out."""
    p = _polarity()
    strong, not_yet, already = set(p["strong"]), set(p["not_yet"]), set(p["already"])
    soft_stems = set(p["soft_stems"])
    soft_re = [re.compile(r) for r in p.get("soft_regex", [])]
    neutral = _neutral()
    out = Polar()
    k = 0
    skip_until = -1
    bases = [_idiom_base(w) for w in norms]
    for k, w in enumerate(norms):
        if k < skip_until:
            continue
        hit = next((ph for ph in neutral if tuple(norms[k:k + len(ph)]) == ph
                    or tuple(bases[k:k + len(ph)]) == ph), None)
        if hit is not None:
            skip_until = k + len(hit)
            if len(hit) == 2 and _bare(hit[0]) in strong:
                out.idioms.append((k, hit[1]))      # 'tidak sengaja' (accidentally), 'tidak hanya'
            continue
        b = _bare(w)
        if b in strong or w in strong:
            out.negations.append(k)
            if b in not_yet or w in not_yet:
                out.not_yet.append(k)
        elif b in already:
            out.already.append(k)
        elif soft_stems & set(_stems(w)) or any(r.search(w) for r in soft_re):
            out.soft.append(k)
    return out


# ---------------------------------------------------------------- direction

@lru_cache(maxsize=1)
def _families() -> list[tuple[frozenset[str], frozenset[str], str, dict]]:
    out = []
    for f in load_json("direction.json")["families"]:
        axis = "updown" if f["name"] in ("rise/fall", "strengthen/weaken") else f["name"]
        out.append((frozenset(f["a"]["id"]), frozenset(f["b"]["id"]), axis, f.get("exclude_next", {})))
    return out


@lru_cache(maxsize=1 << 15)
def direction_of(word: str) -> Optional[tuple[str, int]]:
    """(axis, side) of a direction or outcome word ('naik' -> ('updown', 0)), clitics stripped."""
    b = _bare(word)
    for a, bb, axis, _ in _families():
        if word in a or b in a:
            return axis, 0
        if word in bb or b in bb:
            return axis, 1
    return None


def directions(norms: Sequence[str]) -> list[tuple[int, str, int]]:
    """(token index, axis, side) of the direction words of a sequence, those right after a
    negation (tidak naik) and those an exclusion names ('naik kereta') left out."""
    strong = set(_polarity()["strong"])
    out = []
    for k, w in enumerate(norms):
        d = direction_of(w)
        if d is None:
            continue
        if any(norms[j] in strong for j in range(max(0, k - 2), k)):
            continue
        nxt = norms[k + 1] if k + 1 < len(norms) else ""
        if any(nxt in v for key, v in _exclusions().items() if key in (w, _bare(w))):
            continue
        out.append((k, d[0], d[1]))
    return out


@lru_cache(maxsize=1)
def _exclusions() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for f in load_json("direction.json")["families"]:
        for k, v in f.get("exclude_next", {}).items():
            out.setdefault(k, set()).update(v)
    return {k: frozenset(v) for k, v in out.items()}


# ---------------------------------------------------------------- quantities

@dataclass
class Quantity:
    tokens: list[int]                       # token indices it covers (figure, scale, unit, currency)
    ranges: list[tuple[float, float]]       # readings of its value (exact: lo == hi)
    unit: Optional[str] = None              # '%', 'month', 'week', 'x' (kali lipat), 'length:1000' ...
    kind: str = "exact"                     # exact | vague | fraction | month | day
    text: str = ""

    @property
    def unit_class(self) -> Optional[str]:
        if self.unit is None:
            return None
        if self.unit in _time_units().values():
            return "time"
        if ":" in self.unit:
            return self.unit.split(":")[0]
        return self.unit


@lru_cache(maxsize=1)
def _time_units() -> dict[str, str]:
    return dict(_data()["time_units"])


@lru_cache(maxsize=1)
def _measure_units() -> dict[tuple[str, ...], str]:
    out = {}
    for name, (dim, factor) in load_json("quantity.json")["units"]["id"].items():
        out[tuple(name.split())] = f"{dim}:{factor:g}"
    return out


@lru_cache(maxsize=1)
def _vague() -> dict[str, tuple[float, float]]:
    return {k: (float(v[0]), float(v[1])) for k, v in load_json("quantity.json")["vague"]["id"].items()}


@lru_cache(maxsize=1)
def _fractions() -> dict[tuple[str, ...], float]:
    return {tuple(k.split()): float(v) for k, v in load_json("quantity.json")["fractions"]["id"].items()}


@lru_cache(maxsize=1 << 12)
def unit_of(word: str) -> Optional[str]:
    """The measure or time unit a word names ('kg' and 'kilogram' both 'mass:1'), else None."""
    if word in _time_units():
        return _time_units()[word]
    return _measure_units().get((word,))


def _readings(text: str) -> list[float]:
    """Values a written figure may have: Indonesian (1.500,5), English (1,500.5), digits only."""
    out = []
    digits = re.sub(r"[.,:]", "", text)
    if not digits.isdigit():
        return out
    # Indonesian: '.' groups thousands, ',' is the decimal mark
    t = text.replace(":", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?", t):
        out.append(float(t.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", t):
        out.append(float(t.replace(",", "")))
    out.append(float(digits))
    seen: list[float] = []
    for v in out:
        if v not in seen:
            seen.append(v)
    return seen


def _number_words(norms: Sequence[str], k: int) -> tuple[Optional[float], int]:
    """A number written in words from token k ('empat puluh lima', 'lima belas', 'seratus'):
    (value, tokens used), or (None, 0)."""
    d = _data()
    words, mult = d["number_words"], d["multipliers"]
    total, cur, n = 0.0, None, 0
    j = k
    while j < len(norms):
        w = norms[j]
        if w.startswith("ke") and w[2:] in words and j == k and words[w[2:]] >= 2:
            w = w[2:]                                   # keempat, ketiga: the four, the third
        if w in words and (cur is None):
            if w == "satu" and not (j + 1 < len(norms) and (norms[j + 1] in mult or norms[j + 1] in d["scales"])):
                break
            cur = float(words[w])
            j += 1
            n = j - k
            continue
        if w in mult and cur is not None:
            m = mult[w]
            cur = cur + 10 if m == "teen" else cur * m
            total += cur
            cur = None
            j += 1
            n = j - k
            continue
        break
    if cur is not None:
        total += cur
    if n == 0:
        return None, 0
    return total, n


@lru_cache(maxsize=4096)
def _quantities_cached(text: str, norms: tuple[str, ...], spans: tuple[tuple[int, int], ...]) -> tuple[Quantity, ...]:
    return tuple(_quantities(text, norms, spans))


def quantities(text: str, tokens: Sequence) -> list[Quantity]:
    return list(_quantities_cached(text, tuple(t.norm for t in tokens), tuple((t.start, t.end) for t in tokens)))


_RANGE_WORDS = frozenset({"hingga", "sampai", "dan", "atau", "sd", "-"})
# upper-case Roman numerals of two letters or more (II to XXXIX): a class, a stage, a monarch's number
_ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")


def _roman(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        total += -vals[a] if vals.get(b, 0) > vals[a] else vals[a]
    return total


def _range_scale(norms: Sequence[str], j: int, scales: dict) -> float:
    """The scale word after the second figure of a range starting at token j ('hingga 5 juta'), or 0."""
    if j + 2 < len(norms) and norms[j] in _RANGE_WORDS and norms[j + 1][:1].isdigit() and norms[j + 2] in scales:
        return scales[norms[j + 2]]
    return 0.0


def _quantities(text: str, norms: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[Quantity]:
    d = _data()
    scales, months, currencies = d["scales"], d["months"], d["currencies"]
    percent = set(d["percent"])
    classifiers = set(d["classifiers"])
    vague, fractions = _vague(), _fractions()
    times = _time_units()
    measures = _measure_units()
    some = set(d["vague_some"])
    out: list[Quantity] = []
    n = len(norms)
    used: set[int] = set()

    def unit_after(j: int) -> tuple[Optional[str], list[int]]:
        """The unit right after token j-1 (a currency word and a classifier are skipped over)."""
        toks: list[int] = []
        if j - 1 >= 0 and j - 1 < n:
            tail = text[spans[j - 1][1]:spans[j - 1][1] + 2]
            if tail[:1] == "%" or tail == " %":
                return "%", toks
        while j < n and (norms[j] in currencies or norms[j] in classifiers):
            toks.append(j)
            j += 1
        if j >= n:
            return None, toks
        w = norms[j]
        if w in percent:
            return "%", toks + [j]
        if w == "kali":
            return "x", toks + [j] + ([j + 1] if j + 1 < n and norms[j + 1] == "lipat" else [])
        if w in times:
            return times[w], toks + [j]
        for size in (2, 1):
            key = tuple(norms[j:j + size])
            if len(key) == size and key in measures:
                return measures[key], toks + list(range(j, j + size))
        return None, toks

    k = 0
    while k < n:
        w = norms[k]
        start_k = k
        q: Optional[Quantity] = None
        pre: list[int] = []
        if w in currencies and k + 1 < n and norms[k + 1][:1].isdigit():
            pre = [k]
            k += 1
            w = norms[k]
        if re.fullmatch(r"ke-\d+", w):               # 'bulan ke-47': the 47th month
            v = float(w[3:])
            q = Quantity([k], [(v, v)], None, "exact", w)
            k += 1
        elif w[:1].isdigit():
            raw = text[spans[k][0]:spans[k][1]]
            toks = pre + [k]
            # a date: 10/7 (day / month)
            if k + 1 < n and text[spans[k][1]:spans[k + 1][0]] == "/" and norms[k + 1].isdigit():
                a, b = int(re.sub(r"\D", "", raw) or 0), int(norms[k + 1])
                if 1 <= a <= 31 and 1 <= b <= 12:
                    out.append(Quantity([k], [(a, a)], None, "day", raw))
                    out.append(Quantity([k + 1], [(b, b)], "month", "month", norms[k + 1]))
                    k += 2
                    continue
            # '4 000' (a French thousands group) reads as one figure
            while k + 1 < n and re.fullmatch(r"\d{3}", norms[k + 1]) and text[spans[k][1]:spans[k + 1][0]] in (" ", "\u202f", "\u00a0"):
                raw = raw + norms[k + 1]
                k += 1
                toks.append(k)
            vals = _readings(raw)
            j = k + 1
            if j < n and norms[j] in scales:
                vals = [v * scales[norms[j]] for v in vals]
                toks.append(j)
                j += 1
            elif scale := _range_scale(norms, j, scales):
                # '3 hingga 5 juta', 'antara 3 dan 5 juta': the scale of a range's end is its start's
                vals = [v * scale for v in vals]
            if not pre and start_k > 0 and norms[start_k - 1] in ("pukul", "jam"):
                # a time of day: 'pukul 14.00' is 'pukul 2 siang' on a twelve-hour clock
                vals = vals + [v + 12 if v < 12 else v - 12 for v in vals if 1 <= v < 24 and not 12 <= v < 13]
            unit, utoks = unit_after(j)
            q = Quantity(toks + utoks, [(v, v) for v in vals], unit, "exact",
                         text[spans[toks[0]][0]:spans[(toks + utoks)[-1]][1]])
            k = max(q.tokens) + 1
        elif _ROMAN.fullmatch(text[spans[k][0]:spans[k][1]]):         # 'kelas III', 'tahap II'
            v = float(_roman(text[spans[k][0]:spans[k][1]]))
            q = Quantity([k], [(v, v)], None, "exact", w)
            k += 1
        elif w in months:
            q = Quantity([k], [(months[w], months[w])], "month", "month", w)
            k += 1
        elif w in vague or (w in some and k + 1 < n and norms[k + 1] in scales):
            lo, hi = vague[w] if w in vague else (2.0, 9.0)
            toks = [k]
            j = k + 1
            if j < n and norms[j] in scales:
                lo, hi = lo * scales[norms[j]], hi * scales[norms[j]]
                toks.append(j)
                j += 1
            unit, utoks = unit_after(j)
            q = Quantity(toks + utoks, [(lo, hi)], unit, "vague", " ".join(norms[t] for t in toks))
            k = max(q.tokens) + 1
        else:
            frac = next(((key, v) for key, v in fractions.items() if tuple(norms[k:k + len(key)]) == key), None)
            if frac is not None:
                toks = list(range(k, k + len(frac[0])))
                q = Quantity(toks, [(frac[1], frac[1])], None, "fraction", " ".join(frac[0]))
                k = toks[-1] + 1
            else:
                val, used_n = _number_words(norms, k)
                if val is not None:
                    toks = pre + list(range(k, k + used_n))
                    j = k + used_n
                    vals = [val]
                    if j < n and norms[j] in scales:
                        vals = [val * scales[norms[j]]]
                        toks.append(j)
                        j += 1
                    unit, utoks = unit_after(j)
                    q = Quantity(toks + utoks, [(v, v) for v in vals], unit, "exact",
                                 " ".join(norms[t] for t in toks + utoks))
                    k = max(q.tokens) + 1
        if q is None:
            k = start_k + 1
            continue
        if not used & set(q.tokens):
            used.update(q.tokens)
            out.append(q)
    return out


def same_value(a: Quantity, b: Quantity) -> bool:
    """Do two quantities agree in value (any reading of each; vague ranges overlap; an exact figure
    inside a vague range, widened by a tenth)?"""
    for lo1, hi1 in a.ranges:
        for lo2, hi2 in b.ranges:
            if a.kind == "vague" or b.kind == "vague":
                if a.kind == "vague" and b.kind == "vague":
                    if lo1 <= hi2 and lo2 <= hi1:
                        return True
                elif lo1 * 0.9 <= hi2 * 1.1 and lo2 * 0.9 <= hi1 * 1.1:
                    return True
            elif abs(lo1 - lo2) <= 1e-6 * max(1.0, abs(lo1)):
                return True
    return False


def units_conflict(a: Quantity, b: Quantity) -> bool:
    """Two units that say different things (bulan / tahun, km / mil); a unit on one side only is no
    conflict (a back-translation drops or adds 'persen', 'orang')."""
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return False
    if "%" in (a.unit, b.unit) or "month" in (a.kind, b.kind):
        return False
    return True


__all__ = ["Polar", "Quantity", "contrast", "direction_of", "directions", "phrase_table", "polarity",
           "quantities", "quiet_words", "same_value", "syllabic_abbreviation", "synonym_groups", "synonyms",
           "units_conflict"]
