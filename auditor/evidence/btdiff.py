"""Back-translation diff: which source content the back-translation lost, which
content it gained, and where in the translation that happened.

1. Tokens of the Indonesian source and of the back-translation (also
   Indonesian) are normalised (case, accents, number separators) and matched
   one-to-one: equal, the same stem after cheap Indonesian affix stripping
   (meN-, di-, ber-, ter-, ke-, pe-, se-, per-; -kan, -an, -i, -nya, -lah,
   -kah), or close by edit distance; a positional prior breaks ties and
   tolerates reordering.
2. Unmatched content words (not function words; negations count as content)
   form runs. A source run whose place in the back-translation (between the
   back-translation tokens matched to its neighbours) holds an unmatched
   back-translation run is a substitution (`mistranslation`); a source run with
   nothing there is lost content (`omission`, or `mistranslation` when the
   translation has words at that place); a back-translation run with no source
   counterpart is an `addition`.
3. Each difference is projected onto the translation through a map from
   back-translation words to translation words: the back-translation model's
   cross-attention during forced decoding (auditor.evidence.forced) where
   available, else a lexical map (names, numbers and cognates shared by the
   back-translation and the translation, linear interpolation between them).

Everything here is pure Python over strings and index lists, so it is tested
with injected back-translations; the model only supplies the projection map.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional, Sequence

from rapidfuzz.distance import Levenshtein

from ..data import load_json

# a currency sign written against its amount (Rp500.000, US$3) is a token of its own, so that
# the amount is a number like any other ("500.000 rupiah" in a back-translation matches it)
# a period joined to its year ('semester I-2025', 'kuartal II-2024') makes two tokens: the numeral and the year
_TOKEN = re.compile(r"(?:Rp|US\$|\$)(?=\d)|\d+(?:[.,:]\d+)*|[IVX]{1,4}(?=-\d{4}\b)|\w+(?:[-'’]\w+)*", re.UNICODE)
_CURRENCY = frozenset({"rp", "us$", "$"})
_PREFIXES = ("memper", "menge", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe",
             "ber", "be", "ter", "te", "di", "ke", "se")
_NASAL = {"meny": "s", "peny": "s", "mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k"}
_SUFFIXES = ("kannya", "annya", "kan", "an", "nya", "lah", "kah", "i")


@dataclass(frozen=True)
class Token:
    text: str
    start: int          # local offsets in the text it came from
    end: int
    norm: str
    content: bool
    number: bool
    name: bool


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(load_json("id_function_words.json")["words"])


_OPENERS = frozenset('.!?"“«‘\'(:;')


def tokenize(text: str, lang: str = "id") -> list[Token]:
    fw = function_words() if lang == "id" else frozenset()
    out = []
    for k, m in enumerate(_TOKEN.finditer(text)):
        w = m.group()
        number = w[0].isdigit()
        norm = re.sub(r"[.,:]", "", w) if number else fold(w).replace("’", "'")
        if "-" in norm:                 # reduplication: saham-saham, undang-undang, pagi-pagi
            parts = norm.split("-")
            if len(parts) == 2 and parts[0] == parts[1]:
                norm = parts[0]
        # a capital opening a sentence or a quote ('"Udah', '. Kini') says nothing of a name
        name = not number and w[0].isupper() and k > 0 and len(w) > 1 \
            and text[:m.start()].rstrip()[-1:] not in _OPENERS
        content = number or (norm not in fw and len(norm) > 1 if lang == "id" else len(norm) > 3)
        if norm in _CURRENCY and m.end() < len(text) and text[m.end()].isdigit():
            content = False
        out.append(Token(w, m.start(), m.end(), norm, content, number, name))
    return out


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """Candidate stems of an Indonesian word (over-generating on purpose; min 3 letters)."""
    cands = {word}
    if "-" in word:                     # biji-bijian, sayur-mayur: the first part
        head = word.split("-")[0]
        if len(head) >= 3:
            cands.add(head)
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            cands.add(word[:-len(suf)])
    for c in list(cands):
        for pre in _PREFIXES:
            if c.startswith(pre) and len(c) - len(pre) >= 3:
                rest = c[len(pre):]
                cands.add(rest)
                if pre in _NASAL:
                    cands.add(_NASAL[pre] + rest)
                if pre in ("mem", "pem", "men", "pen") and rest[0] not in "aeiou":
                    cands.add(pre[-1] + rest)   # me-menang-kan: the stem keeps its nasal
    return frozenset(c for c in cands if len(c) >= 3)


def token_match(a: Token, b: Token, synonyms: bool = True) -> float:
    """0-1 match of two Indonesian tokens: equal; opposite meanings never (jual / beli, naik /
    turun); the same stem after affix stripping; one a clipped form of the other (optimis /
    optimistis); close spellings (antrean / antrian); synonyms a back-translation swaps
    (data/bt_paraphrase.json); direction words of the same side (naik / meningkat)."""
    if a.norm == b.norm:
        return 1.0
    if a.number or b.number:
        return 0.0
    from . import btequiv
    if btequiv.contrast(a.norm, b.norm):
        return 0.0
    if btequiv.same_negation(a.norm, b.norm):
        return 0.95
    ua = btequiv.unit_of(a.norm)
    if ua is not None and ua == btequiv.unit_of(b.norm):
        return 0.9
    if len(a.norm) >= 4 and len(b.norm) >= 4 and stems(a.norm) & stems(b.norm):
        return 0.92
    short, long_ = sorted((a.norm, b.norm), key=len)
    if len(short) >= 6 and long_.startswith(short):
        return 0.85
    if len(short) >= 3 and long_ == short + "s" and (a.text[:1].isupper() or b.text[:1].isupper()):
        return 0.9                      # TEU / TEUs: an English plural of an acronym
    if min(len(a.norm), len(b.norm)) >= 5:
        r = Levenshtein.normalized_similarity(a.norm, b.norm)
        if r >= 0.8:
            return r * 0.9
    if not synonyms:
        return 0.0
    if btequiv.synonyms(a.norm, b.norm):
        return 0.8
    da, db = btequiv.direction_of(a.norm), btequiv.direction_of(b.norm)
    if da is not None and da == db:
        return 0.8
    return 0.0


def match_tokens(src: Sequence[Token], bt: Sequence[Token], skip_src: frozenset[int] = frozenset(),
                 skip_bt: frozenset[int] = frozenset(), synonyms: bool = True) -> dict[int, int]:
    """One-to-one source index -> back-translation index (tokens in skip_* left out)."""
    n, m = len(src), len(bt)
    if not n or not m:
        return {}
    cands = []
    for i, a in enumerate(src):
        if i in skip_src:
            continue
        for j, b in enumerate(bt):
            if j in skip_bt:
                continue
            s = token_match(a, b, synonyms)
            if s <= 0:
                continue
            eff = s - 0.5 * abs(i / max(1, n - 1) - j / max(1, m - 1))
            if eff > 0.45:
                cands.append((eff, -abs(i - j), i, j))
    cands.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in cands:
        if i in out or j in used:
            continue
        out[i] = j
        used.add(j)
    return out


def _runs(tokens: Sequence[Token], matched: set[int], quiet: frozenset[str] = frozenset()) -> list[list[int]]:
    """Runs of unmatched tokens (broken by matched ones), trimmed of function words (and of
    `quiet` words); runs without content are dropped."""
    runs, cur = [], []
    for k, t in enumerate(tokens):
        if k in matched:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(k)
    if cur:
        runs.append(cur)
    out = []

    def weak(t: Token) -> bool:
        return not t.content or t.norm in quiet

    for r in runs:
        while r and weak(tokens[r[0]]):
            r = r[1:]
        while r and weak(tokens[r[-1]]):
            r = r[:-1]
        if r:
            out.append(r)
    return out


def _is_acronym_of(tokens: Sequence[Token], run: list[int], other: Sequence[Token]) -> bool:
    """'Amerika Serikat' vs 'AS' (or the reverse): the run is written out or abbreviated on the other side."""
    words = [tokens[k] for k in run if tokens[k].content]
    if len(words) == 1 and words[0].text.isupper() and len(words[0].text) >= 2:
        acr = words[0].norm
        return any("".join(x.norm[0] for x in other[k:k + len(acr)]) == acr for k in range(len(other)))
    if len(words) >= 2:
        acr = "".join(w.norm[0] for w in words)
        return any(o.text.isupper() and o.norm == acr for o in other)
    return False


# the kinds of evidence a difference rests on, strongest first (auditor/checks/meaning.py grades them)
SIGNALS = ("not_yet", "negation", "direction", "number", "unit", "contrast", "negation_added", "name",
           "content")


@dataclass
class Diff:
    kind: str                      # mistranslation | omission | addition
    source_words: str
    bt_words: str
    src_tokens: list[int]
    bt_tokens: list[int]
    slot: tuple[int, int]          # back-translation indices (exclusive) bounding the place
    confidence: float
    # filled by project(): translation token indices (inclusive), or an empty range at an index
    tgt_range: Optional[tuple[int, int]] = None
    content_words: int = 0
    has_name_or_number: bool = False
    extra: dict = field(default_factory=dict)
    signal: str = "content"        # see SIGNALS
    anchor: Optional[int] = None   # a back-translation token the difference is about (a lost negation's verb)
    bt_content_words: int = 0


class _Matcher:
    """The state of one comparison: which tokens of each side are accounted for, and how."""

    def __init__(self, src: list[Token], bt: list[Token]):
        self.src, self.bt = src, bt
        self.pairs: dict[int, int] = {}          # source index -> a back-translation index it matched
        self.bt_matched: set[int] = set()
        self.src_done: set[int] = set()          # accounted for (matched, a gloss, or reported apart)
        self.bt_done: set[int] = set()

    def link(self, si: Sequence[int], bj: Sequence[int]) -> None:
        if not bj:
            return
        for k, i in enumerate(si):
            self.pairs[i] = bj[min(k, len(bj) - 1)]
        self.bt_matched.update(bj)
        self.src_done.update(si)
        self.bt_done.update(bj)

    def slot(self, run: Sequence[int]) -> tuple[int, int]:
        """Back-translation indices (exclusive) between which the source run belongs."""
        left = max((self.pairs[i] for i in range(run[0]) if i in self.pairs), default=-1)
        right = min((self.pairs[i] for i in range(run[-1] + 1, len(self.src)) if i in self.pairs), default=len(self.bt))
        return left, right


def _find_phrase(tokens: Sequence[Token], phrase: tuple[str, ...], free: set[int],
                 near: Optional[tuple[int, int]] = None) -> Optional[list[int]]:
    """Indices of `phrase` (folded words) among the free tokens, in order, a function word allowed
    between two of its words; within `near` (inclusive bounds) where given."""
    fw = function_words()
    words = [w for w in phrase if w not in fw] or list(phrase)
    lo, hi = near if near else (0, len(tokens) - 1)
    lo, hi = max(0, lo), min(len(tokens) - 1, hi)
    for start in range(lo, hi + 1):
        if start not in free or tokens[start].norm != words[0]:
            continue
        got, k = [start], start + 1
        for w in words[1:]:
            while k <= hi and k in free and tokens[k].norm in fw and tokens[k].norm != w and k - got[-1] <= 2:
                k += 1
            if k <= hi and k in free and tokens[k].norm == w:
                got.append(k)
                k += 1
            else:
                got = []
                break
        if got:
            return got
    return None


def _phrases(m: _Matcher) -> None:
    """Abbreviations and their written-out forms, aliases, compounds written apart or together,
    syllabic short forms, and glosses of an acronym both sides share."""
    from . import btequiv
    src, bt = m.src, m.bt
    table = btequiv.phrase_table()
    sides = ((src, bt, False), (bt, src, True))
    for this, other, flipped in sides:
        done_this = m.bt_done if flipped else m.src_done
        done_other = m.src_done if flipped else m.bt_done
        norms = [t.norm for t in this]
        for size in (4, 3, 2, 1):
            for i in range(len(this) - size + 1):
                key = tuple(norms[i:i + size])
                alts = table.get(key)
                if not alts:
                    continue
                here = list(range(i, i + size))
                if all(k in done_this for k in here):
                    # a gloss beside a form the other side has too: 'Komisi X DPR' / 'Komisi X Dewan
                    # Perwakilan Rakyat (DPR)'
                    for alt in alts:
                        free_this = {k for k in range(len(this)) if k not in done_this}
                        got = _find_phrase(this, alt, free_this, (i - 7, i + size + 6))
                        if got:
                            done_this.update(got)
                            break
                    continue
                for alt in alts:
                    free_other = {k for k in range(len(other)) if k not in done_other}
                    got = _find_phrase(other, alt, free_other)
                    if got:
                        if flipped:
                            m.link(got, [k for k in here if k not in done_this])
                        else:
                            m.link([k for k in here if k not in done_this], got)
                        done_this.update(here)
                        break
                    # the other form is there, matched already (to words of this phrase): the rest
                    # of the phrase is accounted for ('Amerika Serikat' / 'Amerika')
                    if any(k in done_this for k in here) and _find_phrase(other, alt, set(range(len(other)))):
                        done_this.update(here)
                        break
    # compounds: batu bara / batubara
    for this, other, flipped in sides:
        done_this = m.bt_done if flipped else m.src_done
        done_other = m.src_done if flipped else m.bt_done
        for i in range(len(this) - 1):
            if i in done_this or i + 1 in done_this:
                continue
            joined = this[i].norm + this[i + 1].norm
            for j, o in enumerate(other):
                if j not in done_other and (o.norm == joined or (len(joined) >= 6 and stems(o.norm) & stems(joined))):
                    if flipped:
                        m.link([j], [i, i + 1])
                    else:
                        m.link([i, i + 1], [j])
                    break
    # syllabic short forms (Sulsel / Sulawesi Selatan, Dirjen / Direktur Jenderal, Pemilu / pemilihan)
    for this, other, flipped in sides:
        done_this = m.bt_done if flipped else m.src_done
        done_other = m.src_done if flipped else m.bt_done
        for i, t in enumerate(this):
            if i in done_this or not t.text[:1].isupper() or not 3 <= len(t.norm) <= 12 or t.number:
                continue
            free = [j for j in range(len(other)) if j not in done_other and not other[j].number]
            hit = None
            for size in (4, 3, 2, 1):
                for a in range(len(other) - size + 1):
                    win = list(range(a, a + size))
                    if all(j in free for j in win) and \
                            btequiv.syllabic_abbreviation(t.norm, [other[j].norm for j in win]):
                        hit = win
                        break
                if hit:
                    break
            if hit:
                if flipped:
                    m.link(hit, [i])
                else:
                    m.link([i], hit)
    # glosses around an acronym both sides have: the unmatched capitalised words right before it
    for j_src, t in enumerate(src):
        if not (t.text.isupper() and len(t.text) >= 2 and j_src in m.pairs):
            continue
        j_bt = m.pairs[j_src]
        if bt[j_bt].norm != t.norm:
            continue
        for this, at, done in ((src, j_src, m.src_done), (bt, j_bt, m.bt_done)):
            for k in range(at - 1, max(-1, at - 7), -1):
                if k in done:
                    continue                # a word of the expansion matched already
                if this[k].content and not this[k].text[:1].isupper():
                    break
                done.add(k)


def _negated(tokens: Sequence[Token], i: int) -> bool:
    """A strong negation one or two words before token i ('tak henti', 'tidak pernah berhenti')."""
    from . import btequiv
    strong = btequiv.strong_negations()
    return any(btequiv.bare(tokens[k].norm) in strong for k in range(max(0, i - 2), i))


def _opposed(src: Sequence[Token], i: int, bt: Sequence[Token], j: int) -> bool:
    """Words of exclusive meaning, both negated or neither: 'tak henti' and 'terus' say the same."""
    from . import btequiv
    return btequiv.contrast(src[i].norm, bt[j].norm) and _negated(src, i) == _negated(bt, j)


_NEGATIVE_PREFIXES = ("a", "non", "anti", "tuna", "nir", "ketidak", "tak")


def _prefix_negated(tokens: Sequence[Token], i: int, other: Sequence[Token]) -> bool:
    """The word negated at i ('tidak bermoral') is said on the other side with a negative prefix
    ('amoral', 'nonaktif', 'tunawisma')."""
    scope = next((k for k in range(i + 1, min(len(tokens), i + 4)) if tokens[k].content), None)
    if scope is None:
        return False
    roots = {r for r in stems(tokens[scope].norm) if len(r) >= 4}
    return any(t.norm.startswith(p) and t.norm[len(p):] in roots
               for t in other for p in _NEGATIVE_PREFIXES)


def _negations(m: _Matcher, diffs: list["Diff"]) -> None:
    """A negation of the source the back-translation lost ('tidak akan naik' / 'akan naik'; 'belum'
    / 'sudah'), or one it added. Paired by place; a word of negative meaning on the other side
    (menolak, gagal, enggan) makes up for one."""
    from . import btequiv
    src, bt = m.src, m.bt
    sp, bp = btequiv.polarity([t.norm for t in src]), btequiv.polarity([t.norm for t in bt])
    n, mm = max(1, len(src) - 1), max(1, len(bt) - 1)

    def pair_up(a: list[int], b: list[int], na: int, nb: int) -> tuple[list[int], list[int]]:
        left_a, left_b = list(a), list(b)
        for i in a:
            best = min(left_b, key=lambda j: abs(i / na - j / nb), default=None)
            if best is not None:
                left_a.remove(i)
                left_b.remove(best)
        return left_a, left_b

    lost, added = pair_up(sp.negations, bp.negations, n, mm)
    # a negation inside a fixed phrase on one side ('tidak layak', unfit) stands for a plain one on
    # the other ('tidak cocok'), and a word with a negative prefix ('amoral') for 'tidak bermoral'
    added = pair_up(added, [k for k, _ in sp.idioms], mm, n)[0]
    lost = pair_up(lost, [k for k, _ in bp.idioms], n, mm)[0]
    added = [j for j in added if not _prefix_negated(bt, j, src)]
    lost = [i for i in lost if not _prefix_negated(src, i, bt)]
    soft_extra_bt = max(0, len(bp.soft) - len(sp.soft))
    soft_extra_src = max(0, len(sp.soft) - len(bp.soft))
    lost = lost[:max(0, len(lost) - soft_extra_bt)] if soft_extra_bt else lost
    added = added[:max(0, len(added) - soft_extra_src)] if soft_extra_src else added
    already_extra = [j for j in bp.already if j not in m.bt_matched] if len(bp.already) > len(sp.already) else []
    quiet = btequiv.quiet_words()
    for i in lost:
        following = [k for k in range(i + 1, min(len(src), i + 5)) if src[k].content and src[k].norm not in quiet]
        if following and following[0] not in m.src_done:
            continue                    # the negated words are lost too: lost content, not a lost negation
        scope = next((k for k in following if k in m.pairs), None)
        if scope is None:
            scope = next((k for k in range(i + 1, min(len(src), i + 5)) if k in m.pairs), None)
        anchor = m.pairs.get(scope) if scope is not None else None
        is_not_yet = i in sp.not_yet and already_extra
        toks = [i] + ([scope] if scope is not None else [])
        d = Diff("mistranslation", " ".join(src[k].text for k in toks), "", [i], [], m.slot([i]), 0.7,
                 signal="not_yet" if is_not_yet else "negation", anchor=anchor)
        if is_not_yet:
            near = min(already_extra, key=lambda j: abs(j - (anchor if anchor is not None else j)))
            d.bt_tokens = [near] + ([anchor] if anchor is not None and abs(anchor - near) <= 4 else [])
            d.bt_words = " ".join(bt[j].text for j in sorted(d.bt_tokens))
            m.bt_done.add(near)
        d.content_words = 1
        diffs.append(d)
        m.src_done.add(i)
    # an idiom that negates on one side only: 'sengaja' (deliberately) / 'tidak sengaja' (accidentally)
    for this, other, polar, flipped in ((bt, src, bp, True), (src, bt, sp, False)):
        other_norms = [t.norm for t in other]
        other_polar = sp if flipped else bp
        for k, head in polar.idioms:
            if any(h == head for _, h in other_polar.idioms):
                continue
            where = [j for j, w in enumerate(other_norms) if w == head and not _negated(other, j)]
            if not where:
                continue                # absent, or negated there too ('belum jelas' / 'tidak jelas')
            if flipped:
                added.append(k)
            elif k not in lost:
                lost.append(k)
    for j in added:
        scope = next((k for k in range(j + 1, min(len(bt), j + 4)) if bt[k].content), None)
        toks = [j] + ([scope] if scope is not None else [])
        d = Diff("addition", "", " ".join(bt[k].text for k in toks), [], toks, (j - 1, j + 1), 0.5,
                 signal="negation_added")
        d.bt_content_words = 1
        diffs.append(d)
        m.bt_done.add(j)


def _directions(m: _Matcher, diffs: list["Diff"]) -> None:
    """A direction or outcome the back-translation reverses: the source says only one side of an
    axis (naik, meningkat...), the back-translation only the other (turun, menurun...)."""
    from . import btequiv
    src, bt = m.src, m.bt
    sd, bd = btequiv.directions([t.norm for t in src]), btequiv.directions([t.norm for t in bt])
    n, mm = max(1, len(src) - 1), max(1, len(bt) - 1)
    for axis in {a for _, a, _ in sd}:
        s_hits = [(k, side) for k, a, side in sd if a == axis]
        b_hits = [(k, side) for k, a, side in bd if a == axis]
        s_sides, b_sides = {x for _, x in s_hits}, {x for _, x in b_hits}
        if len(s_sides) != 1 or len(b_sides) != 1 or s_sides == b_sides:
            continue
        for k, _ in s_hits:
            j = min((jj for jj, _ in b_hits), key=lambda jj: abs(k / n - jj / mm))
            if j in m.bt_done and j not in m.bt_matched:
                continue
            d = Diff("mistranslation", src[k].text, bt[j].text, [k], [j], m.slot([k]), 0.75, signal="direction")
            d.content_words = d.bt_content_words = 1
            diffs.append(d)
            m.src_done.add(k)
            m.bt_done.add(j)
            if k in m.pairs and m.pairs[k] == j:
                del m.pairs[k]


def _quantities(m: _Matcher, source: str, back_translation: str) -> tuple[list, list, list]:
    """Quantities matched by value (any format); the unmatched ones of each side are returned."""
    from . import btequiv
    sq = btequiv.quantities(source, m.src)
    bq = btequiv.quantities(back_translation, m.bt)
    n, mm = max(1, len(m.src) - 1), max(1, len(m.bt) - 1)
    used: set[int] = set()
    left_s, conflicts = [], []
    for q in sq:
        cands = [(k, b) for k, b in enumerate(bq) if k not in used and btequiv.same_value(q, b)]
        if not cands:
            left_s.append(q)
            continue
        k, b = min(cands, key=lambda kb: (btequiv.units_conflict(q, kb[1]),
                                           abs(q.tokens[0] / n - kb[1].tokens[0] / mm)))
        used.add(k)
        m.link(q.tokens, b.tokens)
        if btequiv.units_conflict(q, b):
            conflicts.append((q, b))
    left_b = [b for k, b in enumerate(bq) if k not in used]
    return left_s, left_b, conflicts


def diff(source: str, back_translation: str, synonyms: bool = True
         ) -> tuple[list[Token], list[Token], dict[int, int], list[Diff]]:
    """Compare a source sentence with the back-translation of its translation (both Indonesian).
    Returns the tokens of each, the source -> back-translation token matches and the differences,
    each with the kind of evidence it rests on (`signal`, see SIGNALS). synonyms=False: a word the
    back-translation swapped for a synonym counts as a difference (what the consistency check
    AUD503 asks: did this rendering come back as the same word?). The differences are fresh copies:
    placing them on a translation (`project`) changes them, and the cache must not remember that."""
    src, bt, pairs, diffs = _diff_cached(source, back_translation, synonyms)
    return src, bt, dict(pairs), copy.deepcopy(diffs)


@lru_cache(maxsize=2048)
def _diff_cached(source: str, back_translation: str, synonyms: bool = True):
    from . import btequiv
    src, bt = tokenize(source), tokenize(back_translation)
    m = _Matcher(src, bt)
    diffs: list[Diff] = []
    for toks, done in ((src, m.src_done), (bt, m.bt_done)):       # 'salah satu' (one of) and the like
        norms = [t.norm for t in toks]
        for k in range(len(toks)):
            for ph in btequiv.function_phrases():
                if tuple(norms[k:k + len(ph)]) == ph:
                    done.update(range(k, k + len(ph)))
                    break
    q_src, q_bt, q_conflicts = _quantities(m, source, back_translation)
    q_src_tokens = {k for q in q_src for k in q.tokens}
    q_bt_tokens = {k for q in q_bt for k in q.tokens}
    matched = match_tokens(src, bt, frozenset(m.src_done | q_src_tokens), frozenset(m.bt_done | q_bt_tokens),
                           synonyms)
    for i, j in matched.items():
        m.link([i], [j])
    _phrases(m)
    _negations(m, diffs)
    _directions(m, diffs)
    quiet = btequiv.quiet_words()
    # quantities: a unit changed (tiga bulan / tiga tahun), a figure changed, lost or added
    for q, b in q_conflicts:
        d = Diff("mistranslation", q.text, b.text, list(q.tokens), list(b.tokens), m.slot(q.tokens), 0.7,
                 signal="unit")
        d.content_words = d.bt_content_words = 1
        d.has_name_or_number = True
        diffs.append(d)
    used_b: set[int] = set()

    def lost_around(q) -> bool:
        """The nearest content word before or after a figure is lost too: the figure is part of
        lost content ('sejak dua tahun lalu' dropped with its clause)."""
        before = next((k for k in range(q.tokens[0] - 1, max(-1, q.tokens[0] - 4), -1) if src[k].content), None)
        after = next((k for k in range(q.tokens[-1] + 1, min(len(src), q.tokens[-1] + 4)) if src[k].content), None)
        return any(k is not None and k not in m.src_done for k in (before, after))

    for q in q_src:
        left, right = m.slot(q.tokens)
        inside = [k for k, b in enumerate(q_bt) if k not in used_b and left - 1 <= b.tokens[0] <= right + 1]
        if inside:
            k = min(inside, key=lambda k: abs(q_bt[k].tokens[0] - (left + 1)))
            used_b.add(k)
            b = q_bt[k]
            d = Diff("mistranslation", q.text, b.text, list(q.tokens), list(b.tokens), (left, right), 0.75,
                     signal="number")
            m.bt_done.update(b.tokens)
        elif lost_around(q):
            continue
        else:
            d = Diff("omission", q.text, "", list(q.tokens), [], (left, right), 0.55, signal="number")
        d.content_words = 1
        d.has_name_or_number = True
        d.extra["quantity"] = q.kind
        diffs.append(d)
        m.src_done.update(q.tokens)
    for k, b in enumerate(q_bt):
        if k in used_b:
            continue
        d = Diff("addition", "", b.text, [], list(b.tokens), (b.tokens[0] - 1, b.tokens[-1] + 1), 0.5,
                 signal="number")
        d.bt_content_words = 1
        d.has_name_or_number = True
        d.extra["quantity"] = b.kind
        diffs.append(d)
        m.bt_done.update(b.tokens)
    # the rest: runs of unmatched content words
    miss = [r for r in _runs(src, m.src_done, quiet) if not _is_acronym_of(src, r, bt)]
    added = [r for r in _runs(bt, m.bt_done, quiet) if not _is_acronym_of(bt, r, src)]
    used_added: set[int] = set()

    def content(tokens: Sequence[Token], run: Sequence[int]) -> list[Token]:
        return [tokens[i] for i in run if tokens[i].content and tokens[i].norm not in quiet]

    def names(tokens: Sequence[Token], run: Sequence[int]) -> list[str]:
        return [tokens[i].text for i in run if tokens[i].name and not tokens[i].number]

    for run in miss:
        left, right = m.slot(run)
        inside = [k for k, a in enumerate(added) if k not in used_added and left < a[0] and a[-1] < right]
        if not inside:     # a lost word next to an unmatched back-translation word: a swap, reordered
            near = [k for k, a in enumerate(added) if k not in used_added and left - 3 <= a[0] and a[-1] <= right + 3]
            inside = [min(near, key=lambda k: abs(added[k][0] - left))] if near else []
        words = " ".join(src[i].text for i in run)
        c = content(src, run)
        if inside:
            b = [j for k in inside for j in added[k]]
            used_added.update(inside)
            d = Diff("mistranslation", words, " ".join(bt[j].text for j in b), list(run), b, (left, right), 0.45)
            d.bt_content_words = len(content(bt, b))
            if any(_opposed(src, i, bt, j) for i in run for j in b):
                d.signal = "contrast"
        else:
            # a word of opposite meaning the run of function words hid ('pekan depan' / 'minggu lalu')
            swap = [j for j in range(max(0, left), min(len(bt), right + 2)) if j not in m.bt_matched
                    and j not in m.bt_done and any(_opposed(src, i, bt, j) for i in run)]
            if swap:
                d = Diff("mistranslation", words, bt[swap[0]].text, list(run), swap[:1], (left, right), 0.45,
                         signal="contrast")
                d.bt_content_words = 1
                m.bt_done.add(swap[0])
            else:
                d = Diff("omission", words, "", list(run), [], (left, right), 0.55)
        d.content_words = len(c)
        d.has_name_or_number = any(t.number or t.name for t in c)
        if d.signal == "content" and (names(src, run) or names(bt, d.bt_tokens)):
            d.signal = "name"
        d.extra["names"] = names(src, run)
        d.extra["bt_names"] = names(bt, d.bt_tokens)
        diffs.append(d)
    for k, a in enumerate(added):
        if k in used_added:
            continue
        c = content(bt, a)
        d = Diff("addition", "", " ".join(bt[j].text for j in a), [], list(a), (a[0] - 1, a[-1] + 1), 0.45)
        d.bt_content_words = len(c)
        d.has_name_or_number = any(t.number or t.name for t in c)
        d.extra["bt_names"] = names(bt, a)
        if d.extra["bt_names"]:
            d.signal = "name"
        d.extra["next_to"] = _kept_neighbours(bt, a, m.bt_matched)
        diffs.append(d)
    # a negation added on a word that stands in for source words ('penuh' / 'tidak ada tempat', 'berhati-hati'
    # / 'tidak lengah'): the source's meaning said by a negated opposite, as likely as a negation added
    # (the negated word is itself new, and the source lost words of its own)
    plain = [d for d in diffs if d.signal not in ("negation", "not_yet", "negation_added")]
    swapped = {j for d in plain for j in d.bt_tokens}
    if any(d.src_tokens for d in plain):
        for d in diffs:
            if d.signal == "negation_added" and len(d.bt_tokens) > 1 and d.bt_tokens[1] in swapped:
                d.extra["reworded"] = True
    for d in diffs:
        if d.kind == "addition":
            d.content_words = max(d.content_words, d.bt_content_words)
        d.confidence = round(min(0.85, d.confidence + 0.1 * (max(d.content_words, d.bt_content_words) - 1)
                                 + (0.1 if d.has_name_or_number else 0.0)), 3)
    pairs = {i: j for i, j in m.pairs.items()}
    return src, bt, pairs, diffs


def _kept_neighbours(bt: Sequence[Token], run: Sequence[int], matched) -> list[str]:
    """The back-translation words matched to the source right before and after an added run (over
    at most two function words): what an added gloss explains ('Basarnas', 'warteg')."""
    out = []
    for start, step in ((run[0] - 1, -1), (run[-1] + 1, 1)):
        j = start
        for _ in range(3):
            if not 0 <= j < len(bt):
                break
            if j in matched:
                out.append(bt[j].text)
                break
            if bt[j].content:
                break
            j += step
    return out


def content_chars(tokens: Sequence[Token], idx: Optional[Sequence[int]] = None) -> int:
    """Characters of the content words (function and quiet words left out) of some tokens: a length
    that back-translations' added 'bahwa', 'untuk', 'para' do not inflate."""
    from . import btequiv
    quiet = btequiv.quiet_words()
    pick = range(len(tokens)) if idx is None else idx
    return sum(len(tokens[k].text) for k in pick if tokens[k].content and tokens[k].norm not in quiet)


# ---------------------------------------------------------------- projection

def anchor_score(a: Token, b: Token) -> float:
    """How surely a back-translation token and a translation token are the same word: a number,
    a name, a cognate (0 where they are not)."""
    if a.number:
        return 1.0 if re.sub(r"[.,:]", "", b.text) == a.norm else 0.0
    f = fold(b.text)
    from . import btequiv
    va = btequiv.number_value(a.norm)
    if va is not None:
        vb = next((v for lg in ("fr", "en") if (v := btequiv.target_number_value(b.text.lower(), lg)) is not None), None)
        if vb is None and b.number:
            vb = float(b.norm) if b.norm.isdigit() else None
        return 0.9 if vb is not None and abs(va - vb) < 1e-9 else 0.0
    if len(a.norm) < 4 or len(f) < 4:
        return 0.0
    if a.norm == f:
        return 1.0
    r = Levenshtein.normalized_similarity(a.norm, f)
    if r >= 0.75:
        return r
    # a cognate that the two languages spell differently after a shared stem
    # (tradisional / traditionnels, represi / répression, organisasi / organisation)
    if min(len(a.norm), len(f)) >= 6 and a.norm[:5] == f[:5] and r >= 0.5:
        return 0.75
    return 0.0


def lexical_projection(bt: Sequence[Token], tgt: Sequence[Token],
                       link: Optional[Callable[[Token, Token], float]] = None) -> list[int]:
    """Back-translation token index -> translation token index, from shared names, numbers and
    cognates (monotonic anchors, `anchor_score`; `link` may add more, a bilingual lexicon's),
    linearly interpolated in between."""
    n, m = len(bt), len(tgt)
    if not n or not m:
        return [0] * n
    # a figure the translation writes in groups ('1 100' in French) is one figure
    grouped: dict[int, str] = {}
    for j, t in enumerate(tgt):
        if t.number:
            digits, k = t.norm, j + 1
            while k < m and tgt[k].number and len(tgt[k].text) == 3 and tgt[k].start - tgt[k - 1].end == 1:
                digits += tgt[k].norm
                k += 1
            if k > j + 1:
                grouped[j] = digits

    def score(a: Token, j: int) -> float:
        if a.number and j in grouped and grouped[j] == a.norm:
            return 1.0
        s = anchor_score(a, tgt[j])
        if s <= 0 and link is not None and a.content:
            s = link(a, tgt[j])
        return s

    # longest chain of anchors, monotonic (DP over matches)
    matches = [(i, j, s) for i in range(n) for j in range(m) if (s := score(bt[i], j)) > 0]
    best: dict[tuple[int, int], tuple[float, Optional[tuple[int, int]]]] = {}
    for i, j, s in sorted(matches):
        prev = max(((v[0], key) for key, v in best.items() if key[0] < i and key[1] < j), default=(0.0, None))
        best[(i, j)] = (prev[0] + s, prev[1])
    anchors: list[tuple[int, int]] = []
    if best:
        key: Optional[tuple[int, int]] = max(best, key=lambda k: best[k][0])
        while key is not None:
            anchors.append(key)
            key = best[key][1]
        anchors.reverse()
    pts = [(-1, -1)] + anchors + [(n, m)]
    out = [0] * n
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        for i in range(i0 + 1, i1):
            frac = (i - i0) / (i1 - i0)
            out[i] = int(round(j0 + frac * (j1 - j0)))
        if 0 <= i1 < n:
            out[i1] = j1
    return [min(m - 1, max(0, j)) for j in out]


def project(d: Diff, proj: Sequence[int], n_tgt: int, tgt: Sequence[Token]) -> None:
    """Set d.tgt_range (inclusive translation token indices). A difference about a back-translation
    word (`anchor`: the verb of a lost negation) lands on the translation words around it; lost
    content with no words of the translation at its place lands on the words just before the gap
    (d.extra["gap"] = True), as an editor would mark it."""
    if not n_tgt:
        return
    if d.bt_tokens:
        js = [proj[j] for j in d.bt_tokens if j < len(proj)]
        d.tgt_range = (min(js), max(js)) if js else None
        return
    if d.anchor is not None and d.anchor < len(proj):
        p = proj[d.anchor]
        d.tgt_range = (max(0, p - 1), min(n_tgt - 1, p + 1))
        return
    left, right = d.slot
    lo = proj[left] + 1 if left >= 0 and left < len(proj) else 0
    hi = proj[right] - 1 if right < len(proj) else n_tgt - 1
    if lo > hi:
        # the neighbours project onto adjacent (or the same) words: an empty place between them
        d.extra["gap"] = True
        d.tgt_range = (max(0, lo - 3), lo - 1) if lo >= 1 else (0, min(n_tgt - 1, 1))
        return
    d.tgt_range = (lo, hi)
    if d.kind == "omission" and any(tgt[k].content or len(tgt[k].text) > 3 for k in range(lo, hi + 1)):
        # the translation has words where the source content should be: they render something else
        d.kind = "mistranslation"
