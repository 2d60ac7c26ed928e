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

Terms, tables and the occurrence record live in checks/_consistency_terms.py; placing and comparing
renderings in checks/_consistency_places.py; this module holds the check, which runs the steps.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Optional

from ..evidence import btdiff
from ..types import Finding, Segment
from ._consistency_places import (_cognate, _consensus, _content_words, _mean_logprob, _occurs_in, _order,
                                  _pronoun_near, _same_rendering, _snap, _trim)
from ._consistency_places import _unlinked as _unlinked   # tests/test_consistency.py reads it
from ._consistency_terms import (IMPROBABLE_LOGPROB, KEPT_LEXICAL, MAX_RENDERING_WORDS, MAX_TERM_RENDERING,
                                 PROBABLE_LOGPROB, _glossary_terms, _Occ, _sense_of, _table, _TableTerm,
                                 _target_patterns, _term_token, term_key)
from .base import Check, CheckInfo, Context, register


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
