"""Terminology consistency within one article (AUD503 inconsistent-rendering).

The same Indonesian term, in several aligned source sentences, should be rendered the same
way in the translation. The check

1. finds source terms: content words (nouns and roots; verbs, names, acronyms, numbers,
   function words and the stop terms of checks/data/consistency.json are left out), keyed
   case-insensitively without clitics (-nya, -lah, -kah, -pun) and reduplication, and
   two-word terms ("campur tangan") repeated as such; a term counts when it occurs in two
   aligned pairs or more;
2. locates the rendering of each occurrence in the aligned translation sentence, from the
   strongest evidence present:
   a. `word_alignment` evidence: translation words linked to the term by the reverse model's
      cross-attention during forced decoding (auditor/evidence/wordalign.py);
   b. the back-translation: an occurrence the back-translation lost (a `bt_diff` substitution
      of just this term) is rendered by the translation span that diff was projected on;
      an occurrence it kept is placed through the lexical projection of btdiff (weak: used
      to list the place, never to decide);
   c. tables: the term's known renderings (checks/data/consistency.json, grouped by sense)
      and the user's glossary targets, found in the aligned translation sentence;
3. groups renderings that differ only by inflection (répression / répressions) or belong to
   one sense group or glossary entry (synonyms by design), and reports ONE finding per term
   when the evidence says the renderings differ in meaning:
   - with a back-translation: an occurrence whose back-translation lost the term has a
     rendering of another group than a solidly placed occurrence (kept by the back-translation,
     or placed by word alignment, attention, a table or the consensus of the kept ones), and
     neither rendering occurs in the other sentence; a rendering the reverse model finds
     probable (mean log-probability >= PROBABLE_LOGPROB) is a synonym, not a deviation;
   - without models: two occurrences carry renderings of two different sense groups of the
     table (e.g. 'tersangka' as "suspect" and as "accusé").
   A pronoun or a bare article standing for the term is not a rendering.

The finding sits on the rendering of the least common group (the first, on a tie); its
message lists every place ("“pemerasan” rendered as “répression” (l.3), “extorsion” (l.5)
..."), and its evidence `places` gives each place with file offsets and line:column.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Optional

from ..data import load_json
from ..evidence import btdiff
from ..glossary import term_regex
from ..types import Finding, Segment
from ._wordtools import WORD_APOS, fold_word, indonesian_common_words
from .base import Check, CheckInfo, Context, register

MAX_RENDERING_WORDS = 4        # words of a located rendering, function words included
MAX_TERM_RENDERING = 3         # content words of the rendering of a one- or two-word term
MIN_TERM_LETTERS = 5
CLITIC_SUFFIXES = ("nya", "lah", "kah", "pun")
VERB_PREFIXES = ("memper", "diper", "me", "di", "ber", "ter")
# a mean reverse-model log-probability of the rendering below this confirms a deviation
IMPROBABLE_LOGPROB = -4.0
# ... and at or above this vetoes it: the model finds the rendering a natural translation
PROBABLE_LOGPROB = -1.5
# a kept term placed by the lexical projection only: listed, never decisive
KEPT_LEXICAL = "back-translation kept the term (placed lexically)"
# a kept term placed where the word shared by the other kept occurrences is
CONSENSUS = "back-translation kept the term (placed by the other occurrences)"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_json("consistency.json")


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    return frozenset(_data()["stop_terms"]) | btdiff.function_words()


@lru_cache(maxsize=8)
def _target_function_words(lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in _data()["target_function_words"].get(lang, []))


@dataclass(frozen=True)
class _Sense:
    name: str
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class _TableTerm:
    key: str
    forms: tuple[str, ...]
    senses: tuple[_Sense, ...]
    unless: tuple[re.Pattern, ...]
    severity: str


@lru_cache(maxsize=8)
def _table(lang: str) -> tuple[_TableTerm, ...]:
    out = []
    for key, e in _data()["terms"].items():
        senses = e["senses"].get(lang)
        if not senses:
            continue
        out.append(_TableTerm(
            key=key, forms=tuple(e.get("forms", [key])),
            senses=tuple(_Sense(name, tuple(re.compile(p, re.IGNORECASE) for p in pats))
                         for name, pats in senses.items()),
            unless=tuple(term_regex(w, source=True) for w in e.get("unless_source", [])),
            severity=e.get("severity", "major")))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def term_key(norm: str) -> str:
    """Key of an Indonesian word (folded): clitics and reduplication removed."""
    if "-" in norm:
        a, _, b = norm.partition("-")
        if a == b or b.startswith(a):
            norm = a
    common = indonesian_common_words()
    if norm not in common:
        for suf in CLITIC_SUFFIXES:
            if norm.endswith(suf) and len(norm) - len(suf) >= 4:
                if suf == "nya" or not common or norm[:-len(suf)] in common:
                    return norm[:-len(suf)]
    return norm


@lru_cache(maxsize=1 << 16)
def _is_verbal(key: str) -> bool:
    """A word that starts like a verb (meN-, di-, ber-, ter-) and is not itself a root."""
    if key in _data()["noun_exceptions"]:
        return False
    common = indonesian_common_words()
    if key in common:
        return False
    if not key.startswith(VERB_PREFIXES):
        return False
    if not common:
        return True
    return any(s in common for s in btdiff.stems(key) if s != key)


def _term_token(toks: list[btdiff.Token], k: int) -> Optional[str]:
    """The term key of toks[k], or None when it is not a term."""
    t = toks[k]
    if not t.content or t.number or t.name or any(c.isdigit() for c in t.text):
        return None
    letters = [c for c in t.text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return None          # acronym
    if t.text[0].isupper() and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
        return None          # the first word of a name ("Badan Intelijen ...")
    key = term_key(t.norm)
    if len(key) < MIN_TERM_LETTERS or key in _stop_terms() or _is_verbal(key):
        return None
    return key


@dataclass
class _Occ:
    key: str
    term: str                        # as written in the source
    pair: int
    src_text: str
    src_span: tuple[int, int]        # in src_text
    src_idx: tuple[int, ...]         # btdiff token indices in src_text
    segs: list[Segment]
    seg: Optional[Segment] = None    # where the rendering is
    start: int = 0
    end: int = 0
    how: str = ""                    # word-alignment | back-translation (attention|lexical) | table | glossary | KEPT_LEXICAL
    faithful: Optional[bool] = None  # back-translation kept the term
    bt_words: str = ""
    sense: Optional[str] = None
    coverage: float = 1.0
    logprob: Optional[float] = None
    group: int = -1
    blocked: bool = False            # the source has a word that could produce another sense
    ambiguous: bool = False          # kept, but its rendering could not be told apart
    guessed: bool = False            # placed only by projecting the back-translation's words lexically,
                                     # with no difference of the evidence stage to say where the term went

    @property
    def located(self) -> bool:
        return self.seg is not None and self.end > self.start

    @property
    def text(self) -> str:
        return self.seg.text[self.start:self.end] if self.seg is not None else ""

    @property
    def solid(self) -> bool:
        """Placed by word alignment, an attention projection, a table, a glossary or the consensus
        of the other kept occurrences (not by interpolation between names and numbers)."""
        return self.located and self.how not in (KEPT_LEXICAL, "back-translation (lexical)")

    @property
    def decisive(self) -> bool:
        """Located by evidence strong enough to decide on (not the weak lexical projection)."""
        return self.located and self.how != KEPT_LEXICAL


_ELIDED = re.compile(r"^(?:[ldjmntsc]|qu)['’](.+)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _content_words(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, folded word) of each content word of text (elided French articles cut off)."""
    fw = _target_function_words(lang)
    out = []
    for m in WORD_APOS.finditer(text):
        w = m.group()
        # French elision: l'extorsion -> extorsion
        mm = _ELIDED.match(w)
        start = m.start()
        if mm:
            start += mm.start(1)
            w = mm.group(1)
        f = fold_word(w)
        if f in fw or len(f) < 3 or w[0].isdigit():
            continue
        out.append((start, m.end(), f))
    return tuple(out)


def _trim(seg: Segment, start: int, end: int, lang: str) -> Optional[tuple[int, int]]:
    """The span narrowed to its content words (None when there are none or too many)."""
    words = _content_words(seg.text[start:end], lang)
    if not words or len(words) > MAX_RENDERING_WORDS:
        return None
    return start + words[0][0], start + words[-1][1]


_DETERMINERS = {
    "fr": {"le", "la", "les", "l", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
           "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "d"},
    "en": {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "your"},
}
_VERB_CUES = {"fr": {"de", "d", "à", "pour", "sans", "ne", "se", "s"}, "en": {"to", "will", "would", "can", "could",
                                                                           "may", "might", "must", "should"}}
SNAP_WINDOW = 3


def _pronoun_near(seg: Segment, start: int, end: int, lang: str, margin: int) -> bool:
    """A pronoun of the target language (checks/data/consistency.json) in text[start:end] or
    within `margin` words of it."""
    pron = {fold_word(w) for w in _data().get("target_pronouns", {}).get(lang, [])}
    toks = list(WORD_APOS.finditer(seg.text))
    inside = [k for k, m in enumerate(toks) if m.start() < max(end, start + 1) and start < m.end()]
    if not inside:
        return False
    for k in range(max(0, inside[0] - margin), min(len(toks), inside[-1] + margin + 1)):
        w = fold_word(toks[k].group())
        if w in pron:
            return True
    return False


def _snap(seg: Segment, start: int, end: int, lang: str) -> Optional[tuple[int, int]]:
    """A noun-like content word at or near a lexically projected place (which is approximate:
    interpolated between names, numbers and cognates). Candidates within SNAP_WINDOW words are
    scored by distance, with a cost for verb-like words (French infinitive after 'de'/'à', English
    word after 'to' or a modal) and for words without a determiner before them."""
    toks = list(WORD_APOS.finditer(seg.text))
    if not toks:
        return None
    inside = [k for k, m in enumerate(toks) if m.start() < max(end, start + 1) and start < m.end()]
    if not inside:
        inside = [min(range(len(toks)), key=lambda k: abs(toks[k].start() - start))]
    lo, hi = inside[0], inside[-1]
    fw = _target_function_words(lang)
    det, cue = _DETERMINERS.get(lang, set()), _VERB_CUES.get(lang, set())
    best: Optional[tuple[float, int]] = None
    for k in range(max(0, lo - SNAP_WINDOW), min(len(toks), hi + SNAP_WINDOW + 1)):
        words = _content_words(toks[k].group(), lang)
        w = toks[k].group()
        if not words or (w[:1].isupper() and k > 0) or any(c.isdigit() for c in w):
            continue
        dist = 0 if lo <= k <= hi else min(abs(k - lo), abs(k - hi))
        prev = fold_word(toks[k - 1].group()) if k else ""
        elided = re.match(r"^([ldjmntsc]|qu)['’]", w, re.IGNORECASE)
        prev_w = fold_word(elided.group(1)) if elided else prev
        cost = float(dist)
        verbish = prev_w in cue and (lang != "fr" or re.search(r"(?:er|ir|re)$", words[0][2]))
        if verbish:
            cost += 1.5
        if prev_w not in det and prev_w not in fw:
            cost += 0.2
        elif prev_w not in det:
            cost += 0.4
        if best is None or cost < best[0]:
            best = (cost, k)
    if best is None:
        return None
    m = toks[best[1]]
    words = _content_words(m.group(), lang)
    return m.start() + words[0][0], m.start() + words[-1][1]


def _same_inflection(a: str, b: str) -> bool:
    """The same word up to inflection or derivation (folded words): renderings that differ only so
    are one rendering for this check."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 2 and len(short) >= 3:
        return True
    if len(short) >= 5 and long_.endswith(short):
        return True       # a compound: anticorruption / corruption
    cp = 0
    for x, y in zip(a, b):
        if x != y:
            break
        cp += 1
    # one word family: inondées / inondations, extorsion / extorquer
    return cp >= 5 and cp >= 0.6 * len(short)


def _same_rendering(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if len(a) == len(b):
        return all(_same_inflection(x, y) for x, y in zip(a, b))
    # "la répression" vs "répression policière": the head word is shared
    return any(_same_inflection(x, y) for x in a for y in b) and min(len(a), len(b)) == 1


@register
class InconsistentRendering(Check):
    info = CheckInfo(
        code="AUD503", name="inconsistent-rendering", category="terminology", severity="minor",
        fix="unsafe",
        summary="one Indonesian term is rendered in different ways, with different meanings, within one article",
        explanation=(
            "A term that recurs in an article (a noun such as 'pemerasan', or a two-word term such as "
            "'campur tangan') should keep one rendering. The check finds source terms that occur in two "
            "aligned sentences or more (names, acronyms, numbers, verbs and generic words left out), "
            "locates each rendering in the aligned translation sentence (from the reverse model's "
            "cross-attention when a model ran, else from the back-translation and its projection, else from "
            "the table of known renderings in checks/data/consistency.json and your glossary), and reports "
            "one finding per term when the renderings differ in meaning: the back-translation returns the "
            "term at one place and loses it at another where the rendering is a different word, absent from "
            "the first sentence (the rendering it kept must be placed by the word alignment, an attention "
            "projection, the table, your glossary, or the word the other kept occurrences share; a place "
            "guessed between names and numbers is never enough), or, without models, the renderings belong "
            "to different senses in the table ('tersangka' as 'suspect' and as 'accusé'). Inflections and "
            "derivations (répression / répressions), synonyms of one sense or one glossary entry, pronouns "
            "standing for the term, and renderings the reverse model finds probable are never reported. The "
            "finding is placed on the least common rendering; its message lists every place, and its "
            "evidence `places` gives each one with offsets and line:column. Severity: major with two "
            "deviating renderings or more or a rendering the reverse model finds improbable, else minor, "
            "and info where every deviating rendering was placed only by projecting the words of a back-"
            "translation that the evidence stage took for a paraphrase (the place is a guess); a sense conflict of the table takes the term's severity from the table."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = ctx.tgt_lang.split("-")[0].lower()
        occs = self._occurrences(ctx)
        if not occs:
            return
        table = {f: t for t in _table(lang) for f in t.forms}
        glossary = _glossary_terms(ctx)
        by_key: dict[str, list[_Occ]] = {}
        for o in occs:
            by_key.setdefault(o.key, []).append(o)
        for key, group in by_key.items():
            if len({o.pair for o in group}) < 2:
                continue
            pats = _target_patterns(glossary.get(key))
            for o in group:
                self._locate(ctx, o, lang, table.get(key), pats)
            f = self._judge(ctx, key, group, lang, table.get(key), pats)
            if f is not None:
                yield f

    # ------------------------------------------------------------------ occurrences
    def _occurrences(self, ctx: Context) -> list[_Occ]:
        lang = ctx.tgt_lang.split("-")[0].lower()
        table_forms = {f: t.key for t in _table(lang) for f in t.forms}
        glossary = _glossary_terms(ctx)
        per_pair: list[tuple[int, str, list[btdiff.Token], list[Segment]]] = []
        for pi, _, srcs, segs in ctx.aligned_units():
            src = " ".join(s.text for s in srcs)
            per_pair.append((pi, src, btdiff.tokenize(src, "id"), segs))
        # two-word terms repeated as such in two pairs or more
        bigrams: Counter = Counter()
        keys_of: dict[int, list[Optional[str]]] = {}
        for pi, src, toks, segs in per_pair:
            keys = [_term_token(toks, k) for k in range(len(toks))]
            keys_of[pi] = keys
            seen = set()
            for k in range(len(toks) - 1):
                if keys[k] and keys[k + 1] and toks[k].end + 1 == toks[k + 1].start:
                    seen.add(f"{keys[k]} {keys[k + 1]}")
            bigrams.update(seen)
        out: list[_Occ] = []
        for pi, src, toks, segs in per_pair:
            keys = keys_of[pi]
            taken: set[int] = set()
            found: dict[str, _Occ] = {}
            for k in range(len(toks) - 1):
                if keys[k] and keys[k + 1] and toks[k].end + 1 == toks[k + 1].start:
                    bk = f"{keys[k]} {keys[k + 1]}"
                    if bigrams[bk] >= 2 and bk not in found:
                        found[bk] = _Occ(bk, src[toks[k].start:toks[k + 1].end], pi, src,
                                         (toks[k].start, toks[k + 1].end), (k, k + 1), segs)
                        taken.update((k, k + 1))
            for k, t in enumerate(toks):
                if k in taken:
                    continue
                key = keys[k]
                # table and glossary terms are checked even where written as part of a name
                tk = table_forms.get(term_key(t.norm)) or (term_key(t.norm) if term_key(t.norm) in glossary else None)
                key = key or tk
                if key and key not in found:
                    found[key] = _Occ(key, t.text, pi, src, (t.start, t.end), (k,), segs)
            out.extend(found.values())
        return out

    # ------------------------------------------------------------------ renderings
    def _locate(self, ctx: Context, o: _Occ, lang: str, table: Optional[_TableTerm],
                glossary: Optional[list[re.Pattern]]) -> None:
        self._from_back_translation(ctx, o, lang)      # also tells whether the term came back
        self._from_word_alignment(ctx, o, lang)        # the strongest placement, where present
        if not o.solid:
            self._from_tables(o, table, glossary)      # a known rendering beats a lexical guess
        if table is not None:
            o.blocked = any(u.search(o.src_text[:o.src_span[0]] + " " + o.src_text[o.src_span[1]:])
                            for u in table.unless)
            if o.located and o.sense is None:
                o.sense = _sense_of(o.text, table)
        if o.located:
            o.logprob = _mean_logprob(ctx, o)

    def _from_word_alignment(self, ctx: Context, o: _Occ, lang: str) -> None:
        s0, s1 = o.src_span
        for seg in o.segs:
            ev = ctx.evidence.get(seg.id)
            wa = ev.extra.get("word_alignment") if ev else None
            if not wa or wa.get("source") != o.src_text:
                continue
            links = wa.get("links", [])
            hit = [k for k, (ts, te, ss, se) in enumerate(links) if ss < s1 and s0 < se]
            if not hit:
                continue
            if any(_pronoun_near(seg, links[k][0], links[k][1], lang, 0) for k in hit):
                o.seg = None       # a pronoun stands for the term here: no rendering to compare
                return
            # the longest run of adjacent translation words linked to the term; a diffuse alignment
            # (many words, or more content words than a term's rendering has) places nothing
            runs: list[list[int]] = [[hit[0]]]
            for k in hit[1:]:
                (runs[-1].append(k) if k == runs[-1][-1] + 1 else runs.append([k]))
            run = max(runs, key=len)
            if len(hit) > MAX_RENDERING_WORDS + 1:
                continue
            span = _trim(seg, links[run[0]][0], links[run[-1]][1], lang)
            if span is None or len(_content_words(seg.text[span[0]:span[1]], lang)) > MAX_TERM_RENDERING:
                continue
            o.seg, (o.start, o.end), o.how = seg, span, "word-alignment"
            return

    def _from_back_translation(self, ctx: Context, o: _Occ, lang: str) -> None:
        pair = ctx.alignment[o.pair]
        # the pair's back-translation as the evidence stage built it: every translation sentence of the pair
        all_bts = []
        for t in pair.tgt:
            ev = ctx.evidence.get(t)
            if ev is None or ev.back_translation is None:
                return
            all_bts.append(ev.back_translation)
        bt_text = " ".join(all_bts)
        src_tok, bt_tok, matched, diffs = _diff(o.src_text, bt_text)
        content = [k for k, x in enumerate(src_tok) if x.content]
        o.coverage = round(sum(1 for k in content if k in matched) / max(1, len(content)), 3)
        if o.coverage < btdiff_min_coverage():
            return      # too far from the source to say what happened to one word
        if all(i in matched for i in o.src_idx):
            o.faithful = True
            self._place_kept(ctx, o, lang, [matched[i] for i in o.src_idx])
            return
        o.faithful = False
        for d in diffs:
            if not set(o.src_idx) & set(d.src_tokens):
                continue
            o.bt_words = d.bt_words
            # only a substitution of this term alone tells where the term went
            if d.kind != "mistranslation" or d.content_words != len(o.src_idx) or not d.bt_words:
                return
            for seg in o.segs:
                ev = ctx.evidence.get(seg.id)
                for item in (ev.extra.get("bt_diff", []) if ev else []):
                    if item["kind"] == "mistranslation" and item["source_words"] == d.source_words \
                            and item["back_translation_words"] == d.bt_words:
                        lexical = item.get("projection", "lexical") != "attention"
                        if _pronoun_near(seg, item["start"], item["end"], lang, 1 if lexical else 0):
                            return      # a pronoun stands for the term there
                        span = _snap(seg, item["start"], item["end"], lang) if lexical \
                            else _trim(seg, item["start"], item["end"], lang)
                        if span is not None:
                            o.seg, (o.start, o.end) = seg, span
                            o.how = f"back-translation ({item.get('projection', 'lexical')})"
                            # a lexical projection the bilingual lexicon does not confirm (neither the term
                            # nor the back-translation's word has the placed word among its renderings)
                            o.guessed = lexical and _unlinked([o.term] + d.bt_words.split(), o.text, lang)
                        return
            # the evidence stage took the swap for a synonym (its diff is not this strict one): place
            # the back-translation's word on the translation lexically
            self._place_kept(ctx, o, lang, list(d.bt_tokens))
            if o.located:
                o.how = "back-translation (lexical)"
                o.guessed = True
            return

    def _place_kept(self, ctx: Context, o: _Occ, lang: str, bt_idx: list[int]) -> None:
        """Where a kept term sits in the translation, by the lexical projection (weak)."""
        pair = ctx.alignment[o.pair]
        shift = 0
        for t in pair.tgt:
            ev = ctx.evidence[t]
            b = btdiff.tokenize(ev.back_translation, "id")
            lo, hi = shift, shift + len(b)
            shift = hi + 0
            local = [j - lo for j in bt_idx if lo <= j < hi]
            if len(local) != len(bt_idx):
                continue
            seg = ctx.translation_sentence(t)
            if ctx.is_boilerplate(seg):
                return
            g = btdiff.tokenize(seg.text, lang)
            if not g:
                return
            proj = btdiff.lexical_projection(b, g)
            ks = sorted({proj[j] for j in local})
            span = _snap(seg, g[ks[0]].start, g[ks[-1]].end, lang)
            if span is not None:
                o.seg, (o.start, o.end) = seg, span
                o.how = KEPT_LEXICAL
            return
        # (the back-translation of a sentence of the pair could not be split: leave it unlocated)

    def _from_tables(self, o: _Occ, table: Optional[_TableTerm], glossary: Optional[list[re.Pattern]]) -> None:
        if table is not None:
            hits: list = []
            for seg in o.segs:
                for sense in table.senses:
                    for p in sense.patterns:
                        for m in p.finditer(seg.text):
                            hits.append((sense.name, seg, m.start(), m.end()))
            names = {h[0] for h in hits}
            if len(names) == 1:
                name, seg, s, e = min(hits, key=lambda h: (h[1].start, h[2]))
                o.seg, o.start, o.end, o.how, o.sense = seg, s, e, "table", name
                return
        if glossary:
            for seg in o.segs:
                for p in glossary:
                    m = p.search(seg.text)
                    if m:
                        o.seg, o.start, o.end, o.how, o.sense = seg, m.start(), m.end(), "glossary", "glossary"
                        return

    # ------------------------------------------------------------------ judgement
    def _judge(self, ctx: Context, key: str, occs: list[_Occ], lang: str, table: Optional[_TableTerm],
               glossary: Optional[list[re.Pattern]]) -> Optional[Finding]:
        _consensus(occs, lang)
        located = [o for o in occs if o.located]
        if not located:
            return None
        # rendering groups: the same words up to inflection, or the same sense of the table / glossary
        groups: list[tuple[list[str], Optional[str]]] = []
        for o in located:
            words = [w for _, _, w in _content_words(o.text, lang)]
            if o.sense is None and glossary and any(p.search(o.text) for p in glossary):
                o.sense = "glossary"
            for gi, (gw, gs) in enumerate(groups):
                if (o.sense is not None and o.sense == gs) or _same_rendering(words, gw):
                    o.group = gi
                    break
            else:
                groups.append((words, o.sense))
                o.group = len(groups) - 1
        deviating, table_based = self._deviations(occs, located, lang, table)
        if not deviating:
            return None
        return self._finding(ctx, key, occs, located, deviating, table_based, table)

    def _deviations(self, occs: list[_Occ], located: list[_Occ], lang: str, table) -> tuple[list[_Occ], bool]:
        """Occurrences whose rendering differs in meaning from another occurrence's, and whether
        the table's senses (not the back-translation) say so."""
        # two senses of the table located at two places (no model needed)
        sensed = [o for o in located if o.sense and o.sense != "glossary" and not o.blocked]
        if table is not None and len({o.sense for o in sensed}) >= 2:
            counts = Counter(o.sense for o in sensed)
            first = {}
            for o in sensed:
                first.setdefault(o.sense, o)
            common = max(counts, key=lambda k: (counts[k], -located.index(first[k])))
            return [o for o in sensed if o.sense != common], True
        # back-translation: the term lost at one place, kept (or lost differently) at another
        out: list[_Occ] = []
        for o2 in located:
            if o2.faithful is not False or not o2.decisive or o2.coverage < btdiff_min_coverage():
                continue
            if o2.logprob is not None and o2.logprob >= PROBABLE_LOGPROB:
                continue     # the reverse model finds this rendering a natural translation of the source
            for o1 in located:
                if o1 is o2 or o1.faithful is None or o1.group == o2.group:
                    continue
                # the reference must be solidly placed (word alignment, attention, table, glossary, or
                # the word its fellow kept occurrences share): a guessed place is no evidence
                if not o1.solid or o1.ambiguous:
                    continue
                # a rendering spelt like the term ('massa' as 'masses') comes back as the term
                # whether it is right or a calque: it is no reference against a real translation
                if _cognate(o1, lang) and not _cognate(o2, lang):
                    continue
                # each rendering absent from the other's sentence (else it is the same rendering, placed apart)
                if _occurs_in(o2, o1, lang) or _occurs_in(o1, o2, lang):
                    continue
                out.append(o2)
                break
        return out, False

    def _finding(self, ctx: Context, key: str, occs: list[_Occ], located: list[_Occ], deviating: list[_Occ],
                 table_based: bool, table: Optional[_TableTerm]) -> Finding:
        size = Counter(o.group for o in located)
        target = min(deviating, key=lambda o: (size[o.group], _order(o)))
        doc = ctx.translation
        ordered = sorted(occs, key=_order)
        places = []
        for o in ordered:
            seg = o.seg or o.segs[0]
            span = seg.span(o.start, o.end) if o.located else seg.span(0, 0)
            line, col = doc.line_col(span.start)
            places.append({
                "text": o.text if o.located else None, "start": span.start, "end": span.end,
                "line": line, "column": col, "segment": seg.id, "source_term": o.term,
                "rendering_from": o.how or None, "back_translation_kept_term": o.faithful,
                "back_translation_words": o.bt_words or None, "sense": o.sense,
                "deviating": o in deviating,
                "logprob_mean": round(o.logprob, 3) if o.logprob is not None else None,
            })
        # the message: each rendering once, with every line where it occurs
        lines_of: dict[int, list[int]] = {}
        label: dict[int, str] = {}
        unlocated: list[int] = []
        kept_unplaced: list[int] = []
        for o, p in zip(ordered, places):
            if o.located and o.how == KEPT_LEXICAL:
                kept_unplaced.append(p["line"])      # only guessed: not named in the message
                continue
            if not o.located:
                unlocated.append(p["line"])
                continue
            lines_of.setdefault(o.group, [])
            if p["line"] not in lines_of[o.group]:
                lines_of[o.group].append(p["line"])
            label.setdefault(o.group, o.text)
        parts = [f"\u201c{label[g]}\u201d ({_lines(ls)})" for g, ls in lines_of.items()]
        term = target.term if " " in key else key
        msg = f"\u201c{term}\u201d rendered as " + ", ".join(parts)
        if kept_unplaced:
            msg += f"; kept by the back-translation at {_lines(kept_unplaced)}"
        if unlocated:
            msg += f"; also at {_lines(unlocated)} (rendering not located)"
        kept = [o for o in located if o.faithful and o.group != target.group and o.how != KEPT_LEXICAL]
        if table_based:
            msg += f": different senses ({', '.join(sorted({o.sense for o in located if o.sense}))})"
            others = [o for o in located if o.group != target.group and o.sense and not o.blocked]
            ref = max(others, key=lambda o: size[o.group]) if others else None
        else:
            if kept:
                msg += f"; the back-translation returns \u201c{term}\u201d only for \u201c{kept[0].text}\u201d"
            else:
                msg += f"; the back-translation loses \u201c{term}\u201d at " + ", ".join(
                    f"l.{p['line']}" for o, p in zip(ordered, places) if o in deviating)
            ref = max(kept, key=lambda o: size[o.group]) if kept else None
        suggestion = ref.text if ref is not None else None
        improbable = target.logprob is not None and target.logprob <= IMPROBABLE_LOGPROB
        major = len({o.group for o in deviating}) >= 2 or improbable
        severity = "major" if major else "minor"
        if table_based and table is not None:
            severity = table.severity
            conf = 0.7
        else:
            attention = "attention" in target.how or target.how == "word-alignment"
            conf = 0.45 + 0.1 * (len(deviating) - 1) + (0.1 if attention else 0.0) + (0.15 if improbable else 0.0)
            if not improbable and all(o.guessed for o in deviating):
                # every deviating rendering was placed only by projecting the words of a back-translation
                # the evidence stage took for a paraphrase: the place is a guess as often as the
                # rendering is wrong
                severity, conf = "info", min(conf, 0.35)
        return ctx.finding(
            self, target.seg, target.start, target.end, msg, suggestion=suggestion,
            confidence=min(0.85, conf), severity=severity,
            source_term=term, term_key=key, places=places,
        )


def _unlinked(id_words: list[str], placed: str, lang: str) -> bool:
    """True where the bilingual lexicon (FreeDict) knows some of `id_words` and none of their
    renderings is a word of `placed`, nor any placed word rendered back as one of them. False
    where no lexicon is installed or it knows none of the words: nothing to judge by."""
    from . import _bilingual as bl
    lex = bl.get(lang)
    if lex is None:
        return False
    tw = [w for w in re.findall(r"\w+", placed.lower()) if len(w) >= 3]
    known = False
    for w in id_words:
        got = [r for r in lex.translations(w.lower())[0] if " " not in r]
        known = known or bool(got)
        if any(bl.same_word(r, t, lang) for r in got for t in tw):
            return False
        if any(w.lower() in lex.back(t) for t in tw):
            return False
    return known


def _cognate(o: _Occ, lang: str) -> bool:
    """Is a content word of the rendering a near-spelling of the Indonesian term (masses / massa,
    polisi / police)?"""
    from rapidfuzz.fuzz import ratio
    term = fold_word(o.term.split()[0]) if o.term else ""
    if len(term) < MIN_TERM_LETTERS:
        return False
    return any(ratio(term, fold_word(w)) >= 70 and term[:3] == fold_word(w)[:3]
               for _, _, w in _content_words(o.text, lang))


def _lines(ls: list[int], most: int = 6) -> str:
    """'l.3, l.5' (at most `most` lines, then how many more: the evidence lists every place)."""
    shown = ", ".join(f"l.{n}" for n in ls[:most])
    return shown + (f" and {len(ls) - most} more" if len(ls) > most else "")


def btdiff_min_coverage() -> float:
    from ._btgrade import MIN_COVERAGE
    return MIN_COVERAGE


@lru_cache(maxsize=4096)
def _diff(source: str, bt: str):
    return btdiff.diff(source, bt, synonyms=False)


def _order(o: _Occ) -> tuple[int, int]:
    seg = o.seg or o.segs[0]
    return (seg.span(o.start, o.end).start if o.located else seg.start, o.pair)


def _occurs_in(a: _Occ, b: _Occ, lang: str) -> bool:
    """Does a's rendering (up to inflection) occur anywhere in b's translation sentences?"""
    words = [w for _, _, w in _content_words(a.text, lang)]
    if not words:
        return False
    for seg in b.segs:
        there = [w for _, _, w in _content_words(seg.text, lang)]
        for k in range(len(there) - len(words) + 1):
            if all(_same_inflection(x, y) for x, y in zip(words, there[k:k + len(words)])):
                return True
    return False


def _consensus(occs: list[_Occ], lang: str) -> None:
    """Kept occurrences placed only approximately: where a word (up to inflection) sits near the
    approximate place of two kept occurrences or more, it is their rendering; kept occurrences
    whose sentence lacks it are left without a usable place (`ambiguous`)."""
    weak = [o for o in occs if o.faithful and not o.decisive]
    kept = [o for o in occs if o.faithful]
    if len(kept) < 2 or not weak:
        return
    decided = [o for o in kept if o.decisive]
    cands: list[_Occ] = []
    for o in decided:
        cands.append(o)
    for o in weak:
        cands.extend(_near(o, lang))
    best, support = None, 1
    for c in cands:
        n = sum(1 for o in kept if (c.seg in o.segs) or _occurs_in(c, o, lang))
        if n > support:
            best, support = c, n
    if best is None:
        return
    for o in weak:
        hit = None
        for seg in o.segs:
            for m in WORD_APOS.finditer(seg.text):
                probe = _Occ(o.key, o.term, o.pair, o.src_text, o.src_span, o.src_idx, [seg], seg, m.start(), m.end())
                if _content_words(m.group(), lang) and _occurs_in(best, probe, lang) and \
                        _same_rendering([w for _, _, w in _content_words(m.group(), lang)],
                                        [w for _, _, w in _content_words(best.text, lang)]):
                    hit = (seg, m.start(), m.end())
                    break
            if hit:
                break
        if hit:
            o.seg, o.start, o.end = hit
            o.how = CONSENSUS
        else:
            o.ambiguous = True


def _near(o: _Occ, lang: str) -> list[_Occ]:
    """Pseudo-occurrences for each content word within SNAP_WINDOW words of o's approximate place
    (its whole sentence when it has none)."""
    out = []
    for seg in o.segs:
        toks = list(WORD_APOS.finditer(seg.text))
        if o.located and o.seg is seg:
            at = [k for k, m in enumerate(toks) if m.start() < o.end and o.start < m.end()] or [0]
            lo, hi = max(0, at[0] - SNAP_WINDOW), at[-1] + SNAP_WINDOW + 1
        elif o.located:
            continue
        else:
            lo, hi = 0, len(toks)
        for m in toks[lo:hi]:
            if _content_words(m.group(), lang):
                out.append(_Occ(o.key, o.term, o.pair, o.src_text, o.src_span, o.src_idx, o.segs, seg,
                                m.start(), m.end()))
    return out


def _sense_of(text: str, table: Optional[_TableTerm]) -> Optional[str]:
    if table is None:
        return None
    for sense in table.senses:
        if any(p.search(text) for p in sense.patterns):
            return sense.name
    return None


def _mean_logprob(ctx: Context, o: _Occ) -> Optional[float]:
    ev = ctx.evidence.get(o.seg.id) if o.seg is not None else None
    lp = (ev.extra.get("logprob") or {}).get("translation_given_source") if ev else None
    toks = (lp or {}).get("tokens_detail") or []
    vals = [t["logprob"] for t in toks if t.get("start") is not None and t["start"] < o.end and o.start < t["end"]]
    return sum(vals) / len(vals) if vals else None


@lru_cache(maxsize=8192)
def _target_regex(target: str) -> re.Pattern:
    return term_regex(target)


def _target_patterns(targets: Optional[list[str]]) -> Optional[list[re.Pattern]]:
    """The patterns of a term's required renderings, compiled when a term is met (a glossary of
    100,000 rows is not compiled for an article that uses ten of them)."""
    return [_target_regex(t) for t in targets] if targets else None


def _glossary_terms(ctx: Context) -> dict[str, list[str]]:
    """Glossary entries for this language: term key -> its required renderings."""
    cached = ctx.cache.get("AUD503-glossary")
    if cached is not None:
        return cached
    out: dict[str, list[str]] = {}
    try:
        from .terminology import _glossary_entries
        entries = [e for e in _glossary_entries(ctx) if e.applies_to(ctx.tgt_lang)]
    except Exception:   # a broken glossary is AUD502's to report
        entries = []
    for e in entries:
        words = e.source.split()
        if len(words) > 2 or not e.targets:
            continue
        key = " ".join(term_key(btdiff.fold(w)) for w in words)
        out.setdefault(key, []).extend(e.targets)
    ctx.cache["AUD503-glossary"] = out
    return out
