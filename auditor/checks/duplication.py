"""Duplication: words or phrases said twice, and parentheses that repeat what precedes them.

AUD301 repeated-words: "the the", "de de", "the report the report", "l'unité et l'unité";
  in Chinese and Japanese, a run of two characters or more said twice ("艺术和艺术", "経済と経済");
  in Arabic, words repeated across و ("الفنون والفنون").
AUD302 parenthesis-repeat: "les États-Unis (États-Unis)", "(KPK) KPK".
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..types import Finding, Segment
from ._wordtools import WORD_PART, Tok, fold_word, prev_nonspace, strip_accents, tokens
from ._scripts import CJK_RUN, HAN, ar_norm, arabic_words, base_lang
from .base import Check, CheckInfo, Context, iter_segments, register

MAX_PHRASE = 6


@lru_cache(maxsize=None)
def _data() -> dict:
    return load_json("duplication.json")


def _lang_set(table: dict, lang: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in table.get(lang, []) + table.get("*", []))


def _norm_copy(text: str) -> str:
    """Folded text of one copy, word characters and single spaces only (apostrophes kept as ')."""
    t = strip_accents(text).casefold()
    t = re.sub(r"[’‘`´ʼ]", "'", t)
    return re.sub(r"\s+", " ", t).strip()


_PAREN_GAP = re.compile(r"\)\s*\(")
_COMMA_GAP = re.compile(r",\s+")


def _gap_kind(gap: str) -> int:
    """What may stand between two copies of a repeat: 1 for spaces, or ') (' for a parenthesis
    said twice ("(KPK) (KPK)"); 2 for a comma, allowed for a phrase or a long word said twice
    ("deux litres, deux litres"); 0 for anything else."""
    if gap.strip() == "" or _PAREN_GAP.fullmatch(gap):
        return 1
    return 2 if _COMMA_GAP.fullmatch(gap) else 0


def _repeat_gap(gap: str, n: int, first: str) -> bool:
    kind = _gap_kind(gap)
    return kind == 1 or (kind == 2 and (n >= 2 or len(first) >= 5))


def _is_number(tok: Tok) -> bool:
    return any(c.isdigit() for c in tok.text) and not any(c.isalpha() for c in tok.text)


@register
class RepeatedWords(Check):
    info = CheckInfo(
        code="AUD301", name="repeated-words", category="duplication", severity="major",
        fix="safe",
        summary="A word or phrase repeated back to back or across 'and'/'et'.",
        explanation=(
            "Machine translation sometimes says a word or phrase twice: 'the the', 'de de', "
            "'the report the report', or renders two Indonesian near-synonyms by the same word "
            "('persatuan dan kesatuan' -> 'l'unité et l'unité'). This check reports a word or a "
            "phrase of up to six words that follows itself, directly or across a coordinator "
            "(et/ou/ni, and/or/nor), compared case- and accent-insensitively. It leaves alone "
            "legitimate doubles ('nous nous', 'vous vous', 'had had', 'bye bye', 'de plus en plus', "
            "'more and more', 'encore et encore'), numbers, names whose first part repeats a "
            "particle ('de De Gaulle'), and repeats that the source makes too. The suggestion keeps "
            "one copy. Chinese and Japanese write no spaces: there a run of two to eight characters "
            "said twice back to back, or across 和/与/及 (zh) or と/や/の (ja: where the second copy "
            "ends a word, so '日本の日本人' is no repeat), is reported "
            "('艺术和艺术中心' for 'Pusat Seni dan Budaya'), leaving alone reduplication that the "
            "languages make on purpose (看看, 人人, 時々, 一步一步, いろいろ, ドキドキ). In Arabic whole "
            "words are compared without their diacritics, the second copy of a coordinated repeat "
            "carrying the prefix و ('مركز الفنون والفنون'). A repeat across a coordinator is left "
            "alone where the source itself repeats a word around 'dan'/'serta' ('ekonomi dan "
            "pertumbuhan ekonomi')."),
        languages=("fr", "en", "zh", "ja", "ar"),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        lang = ctx.tgt_lang
        if base_lang(lang) in ("zh", "ja", "ar"):
            yield from self._run_script(ctx, base_lang(lang))
            return
        data = _data()
        allowed = _lang_set(data["allowed_doubles"], lang)
        coords = _lang_set(data["coordinators"], lang)
        allowed_coord = _lang_set(data["allowed_coordinated"], lang)
        for seg in iter_segments(ctx):
            src = ctx.source_text_for(seg.id)
            yield from self._segment(ctx, seg, src, lang, allowed, coords, allowed_coord)

    def _segment(self, ctx, seg: Segment, src: str, lang: str, allowed, coords, allowed_coord):
        text = seg.text
        toks = tokens(text, WORD_PART)
        src_norm = " " + _norm_copy(re.sub(r"[^\w'’\s]", " ", src)) + " " if src else ""
        folded = [fold_word(t.text) for t in toks]
        # the gap after each token, classified once (not once per phrase length and start)
        gaps = [_gap_kind(text[toks[j].end:toks[j + 1].start]) for j in range(len(toks) - 1)]
        i = 0
        while i < len(toks):
            hit = self._match_at(text, toks, i, coords, folded, gaps)
            if hit is None:
                i += 1
                continue
            n, coord = hit
            a, b = toks[i], toks[i + n - 1]                      # first copy
            c0 = i + n + (1 if coord else 0)
            c, d = toks[c0], toks[c0 + n - 1]                     # second copy
            copy1, copy2 = text[a.start:b.end], text[c.start:d.end]
            words = [fold_word(t.text) for t in toks[i:i + n]]
            if self._legitimate(text, toks, i, n, coord, words, copy1, copy2, d, lang, allowed,
                                coords, allowed_coord, src_norm):
                i += 1
                continue
            start, end = a.start, d.end
            if _PAREN_GAP.fullmatch(text[b.end:c.start]) and text[start - 1:start] == "(" \
                    and text[end:end + 1] == ")":
                start, end = start - 1, end + 1                     # "(KPK) (KPK)", both parentheses
                copy1 = text[start:b.end + 1]
            whole = text[start:end]
            if coord:
                msg = (f"“{copy1}” is repeated across “{coord}”: the two words of the source were "
                       f"probably rendered by the same word")
                conf = 0.6
            else:
                msg = f"“{copy1}” is repeated"
                conf = 0.9 if n == 1 else 0.85
            yield ctx.finding(self, seg, start, end, msg, suggestion=copy1, confidence=conf,
                              repeated=copy1, text=whole)
            i = c0 + n

    # ------------------------------------------------------------ Chinese, Japanese, Arabic
    def _run_script(self, ctx: Context, lang: str) -> Iterable[Finding]:
        data = _data()
        coords = sorted(data["coordinators"].get(lang, []), key=len, reverse=True)
        allowed = frozenset(data["allowed_doubles"].get(lang, []))
        for seg in iter_segments(ctx):
            src = ctx.source_text_for(seg.id)
            hits = _cjk_repeats(seg.text, lang, coords, allowed) if lang != "ar" \
                else _arabic_repeats(seg.text, allowed)
            for start, end, copy, coord in hits:
                if coord and _source_repeats_across_coordinator(src, copy, lang):
                    continue
                if not coord and _source_repeats_back_to_back(src):
                    continue
                if coord:
                    msg = (f"“{copy}” is repeated across “{coord}”: the two words of the source were "
                           f"probably rendered by the same word")
                    conf = 0.6
                else:
                    msg = f"“{copy}” is repeated"
                    conf = 0.85
                yield ctx.finding(self, seg, start, end, msg, suggestion=copy, confidence=conf,
                                  repeated=copy, text=seg.text[start:end])

    @staticmethod
    def _match_at(text: str, toks: list[Tok], i: int, coords,
                  folded: Optional[list[str]] = None,
                  gaps: Optional[list[int]] = None) -> Optional[tuple[int, Optional[str]]]:
        """Longest phrase starting at token i that is followed by itself (or by a coordinator and itself).
        gaps: _gap_kind of the gap after each token (computed here where not given)."""
        f = folded if folded is not None else [fold_word(t.text) for t in toks]
        if gaps is None:
            gaps = [_gap_kind(text[toks[j].end:toks[j + 1].start]) for j in range(len(toks) - 1)]
        for n in range(min(MAX_PHRASE, (len(toks) - i) // 2), 0, -1):
            # back to back (the gap and the first words are the cheap tests: first)
            g = gaps[i + n - 1]
            if g and (g == 1 or n >= 2 or len(f[i]) >= 5) and f[i] == f[i + n] \
                    and f[i:i + n] == f[i + n:i + 2 * n]:
                if _norm_copy(text[toks[i].start:toks[i + n - 1].end]) == \
                        _norm_copy(text[toks[i + n].start:toks[i + 2 * n - 1].end]):
                    return n, None
            # across a coordinator
            k = i + n
            if k + n < len(toks) and f[k] in coords and f[i] == f[k + 1] \
                    and f[i:i + n] == f[k + 1:k + 1 + n] \
                    and text[toks[k - 1].end:toks[k].start].strip() == "" \
                    and text[toks[k].end:toks[k + 1].start].strip() == "":
                if _norm_copy(text[toks[i].start:toks[k - 1].end]) == \
                        _norm_copy(text[toks[k + 1].start:toks[k + n].end]):
                    return n, toks[k].text
        return None

    @staticmethod
    def _legitimate(text, toks, i, n, coord, words, copy1, copy2, last: Tok, lang, allowed,
                    coords, allowed_coord, src_norm) -> bool:
        phrase = toks[i:i + n]
        if all(_is_number(t) for t in phrase):
            return True
        if n == 1 and len(words[0]) == 1 and (phrase[0].text.isupper() or phrase[0].text.isdigit()):
            return True                                           # "A A" ratings, initials
        if not coord and n == 1 and words[0] in allowed:
            return True
        if not coord and n > 1 and (words[0] in coords or words[-1] in coords):
            return True                                           # "more and more and more"
        if coord:
            w = words[-1]
            if w in allowed_coord or (lang == "en" and n == 1 and len(w) >= 4 and w.endswith("er")):
                return True
            if n == 1 and len(w) < 3:
                return True
        # "de De Gaulle", "the The Hague": a name that starts with the repeated word
        if copy1[:1].islower() and copy2[:1].isupper():
            after = [t for t in toks if t.start >= last.end][:1]
            if after and after[0].text[:1].isupper():
                return True
        # the source repeats too ("Bora Bora")
        if src_norm:
            sep = f" {fold_word(coord)} " if coord else " "
            rep = _norm_copy(re.sub(r"[^\w'’\s]", " ", copy1))
            if f" {rep}{sep}{rep} " in src_norm:
                return True
        return False


MAX_CJK_UNIT = 8
_ID_COORDS = frozenset({"dan", "serta", "atau", "maupun", "dengan"})
_ID_WORD = re.compile(r"[^\W\d_]+")


def _cjk_legitimate(unit: str, lang: str, allowed: frozenset[str]) -> bool:
    """Reduplication made on purpose: one character said over (哈哈哈哈), 一X一X (一步一步), a listed
    word (研究研究, いろいろ) and, in Japanese, any two-kana unit said twice (mimetic words)."""
    if len(set(unit)) == 1 or unit + unit in allowed or unit in allowed:
        return True
    if lang == "zh" and unit[0] == "一" and len(unit) == 2:
        return True
    if lang == "ja":
        if unit[0] in "一1" and len(unit) == 2:
            return True
        if len(unit) == 2 and (all("ぁ" <= c <= "ゖ" for c in unit) or all("ァ" <= c <= "ヺ" or c == "ー" for c in unit)):
            return True
    return False


def _kind(ch: str) -> str:
    if HAN.match(ch):
        return "han"
    if "ァ" <= ch <= "ヺ" or ch == "ー":
        return "kata"
    if "ぁ" <= ch <= "ゖ":
        return "hira"
    return ""


def _same_class(a: str, b: str) -> bool:
    """Japanese: does `b` carry on the word that ends in `a` (a kanji after a kanji: '日本の日本人')?"""
    return bool(b) and _kind(a) in ("han", "kata") and _kind(a) == _kind(b)


def _cjk_repeats(text: str, lang: str, coords: list[str], allowed: frozenset[str]):
    """(start, end, copy, coordinator or None) of each run of 2+ characters said twice in a row."""
    out = []
    for run in CJK_RUN.finditer(text):
        r, base = run.group(), run.start()
        i = 0
        while i < len(r) - 3:
            hit = None
            for n in range(min(MAX_CJK_UNIT, (len(r) - i) // 2), 1, -1):
                unit = r[i:i + n]
                if r[i + n:i + 2 * n] == unit:
                    hit = (n, None, 2 * n)
                    break
                for c in coords:
                    k = i + n + len(c)
                    if r[i + n:k] == c and r[k:k + n] == unit and unit not in coords \
                            and not (lang == "ja" and _same_class(unit[-1], r[k + n:k + n + 1])):
                        hit = (n, c, 2 * n + len(c))
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            n, coord, length = hit
            unit = r[i:i + n]
            if _cjk_legitimate(unit, lang, allowed):
                i += length
                continue
            out.append((base + i, base + i + length, unit, coord))
            i += length
    return out


def _arabic_repeats(text: str, allowed: frozenset[str]):
    """(start, end, copy, 'و' or None): one to four Arabic words said twice, back to back or with
    the second copy prefixed by و ('الفنون والفنون')."""
    words = arabic_words(text)
    norm = [ar_norm(w.text) for w in words]
    allowed_n = {ar_norm(a) for a in allowed}
    out = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(4, (len(words) - i) // 2), 0, -1):
            a = norm[i:i + n]
            b = norm[i + n:i + 2 * n]
            gaps = [text[words[k].end:words[k + 1].start] for k in range(i, i + 2 * n - 1)]
            if any(g.strip() for g in gaps):
                continue          # punctuation between: a list, not a repeat
            if a == b:
                hit = (n, None)
                break
            if b and b[0].startswith("و") and [b[0][1:]] + b[1:] == a and len(a[0]) >= 2:
                hit = (n, "و")
                break
        if hit is None:
            i += 1
            continue
        n, coord = hit
        if n == 1 and (norm[i] in allowed_n or len(norm[i]) < 2):
            i += 1
            continue
        copy = text[words[i].start:words[i + n - 1].end]
        out.append((words[i].start, words[i + 2 * n - 1].end, copy, coord))
        i += 2 * n
    return out


def _source_repeats_across_coordinator(src: str, copy: str = "", lang: str = "") -> bool:
    """The source repeats a word of three letters or more within four words of 'dan'/'serta'
    ('ekonomi dan pertumbuhan ekonomi'): a repeat across a coordinator may be faithful. A name the
    source repeats ('kantor Samsat maupun gerai Samsat') accounts only for a repeat that writes
    that name (Arabic, katakana: by romanisation), not for a common word said twice."""
    raw = _ID_WORD.findall(src or "")
    words = [w.lower() for w in raw]
    for k, w in enumerate(words):
        if w not in _ID_COORDS:
            continue
        left = [x for x in words[max(0, k - 4):k] if len(x) >= 3 and x not in _ID_COORDS]
        right = [x for x in words[k + 1:k + 5] if len(x) >= 3 and x not in _ID_COORDS]
        for x in set(left) & set(right):
            named = all(r[:1].isupper() for r in raw if r.lower() == x)
            if named and copy and lang in ("ar", "ja") and not _romanised_close(copy, x, lang):
                continue        # the source repeats a name; the translation a word
            return True
    return False


def _romanised_close(copy: str, word: str, lang: str) -> bool:
    from ._translit import arabic_latin, katakana_romaji, similarity
    if lang == "ar":
        forms = [copy] + ([copy[1:]] if copy[:1] in "وبلف" else [])
        forms += [f[2:] for f in forms if f.startswith("ال")]
        return any(similarity(arabic_latin(f), word) >= 0.6 for f in forms)
    if lang == "ja":
        return similarity(katakana_romaji(copy), word) >= 0.6
    return True


def _source_repeats_back_to_back(src: str) -> bool:
    """The source says a word twice in a row itself ('Boutros Boutros-Ghali', 'Bora Bora')."""
    words = [m.group().lower() for m in _ID_WORD.finditer(src or "")]
    return any(a == b and len(a) >= 2 for a, b in zip(words, words[1:]))


def _articles(lang: str) -> frozenset[str]:
    return frozenset({"fr": ["le", "la", "les", "l", "un", "une", "ce", "cet", "cette", "ces", "son", "sa",
                             "ses", "leur", "leurs"],
                      "en": ["the", "a", "an", "this", "that", "these", "those", "its", "their"]}
                     .get(lang, []))


PAREN = re.compile(r"\(([^()]{1,120})\)")


@register
class ParenthesisRepeat(Check):
    info = CheckInfo(
        code="AUD302", name="parenthesis-repeat", category="duplication", severity="major",
        fix="safe",
        summary="A parenthesis that repeats the words just before (or after) it.",
        explanation=(
            "Indonesian news gives an acronym in parentheses after a name ('Amerika Serikat (AS)'). "
            "Machine translation often expands the acronym too, which leaves a parenthesis that "
            "repeats what precedes it: 'les États-Unis (États-Unis)'. This check compares the words "
            "inside a parenthesis, case- and accent-insensitively, with the same number of words "
            "just before it ('X (X)') or just after it ('(X) X'). The suggestion drops the "
            "parenthesis; where the target language has an acronym of its own, writing it in the "
            "parenthesis is the other fix."),
        languages=(),
    )

    def run(self, ctx: Context) -> Iterable[Finding]:
        arts = _articles(ctx.tgt_lang)
        for seg in iter_segments(ctx):
            text = seg.text
            toks = tokens(text, WORD_PART)
            for m in PAREN.finditer(text):
                inner = [fold_word(t.text) for t in tokens(m.group(1), WORD_PART)]
                if not inner or not any(any(c.isalpha() for c in w) for w in inner):
                    continue
                n = len(inner)
                before = [t for t in toks if t.end <= m.start()]
                after = [t for t in toks if t.start >= m.end()]
                src = ctx.source_text_for(seg.id)
                src_paren = _source_paren(src)
                if len(before) >= n and [fold_word(t.text) for t in before[-n:]] == inner \
                        and text[before[-1].end:m.start()].strip() == "":
                    start = before[-n].start
                    # take a determiner just before the repeated words into the span
                    if len(before) > n and fold_word(before[-n - 1].text) in arts \
                            and text[before[-n - 1].end:start].strip() in ("", "'", "’"):
                        start = before[-n - 1].start
                    kept = text[start:before[-1].end]
                    kept = _lower_article(text, start, kept, arts)
                    msg = f"the parenthesis “({m.group(1)})” repeats “{text[before[-n].start:before[-1].end]}”"
                    if src_paren:
                        msg += (f"; the source has the acronym “({src_paren})”: drop the parenthesis "
                                f"or give the acronym used in this language")
                    yield ctx.finding(self, seg, start, m.end(), msg, suggestion=kept, confidence=0.9,
                                      repeated=m.group(1))
                elif len(after) >= n and [fold_word(t.text) for t in after[:n]] == inner \
                        and text[m.end():after[0].start].strip() == "":
                    end = after[n - 1].end
                    msg = f"the parenthesis “({m.group(1)})” repeats the words that follow it"
                    if src_paren:
                        msg += f"; the source has “({src_paren})”"
                    yield ctx.finding(self, seg, m.start(), end, msg, suggestion=text[after[0].start:end],
                                      confidence=0.85, repeated=m.group(1))


def _source_paren(src: str) -> Optional[str]:
    for m in PAREN.finditer(src or ""):
        inner = m.group(1).strip()
        if 2 <= len(inner) <= 12 and inner.replace("-", "").replace(".", "").isalnum() and inner.isupper():
            return inner
    return None


def _lower_article(text: str, start: int, kept: str, arts: frozenset[str]) -> str:
    """'Les États-Unis' -> 'les États-Unis' when the article stands mid-sentence."""
    first = WORD_PART.match(kept)
    if not first or fold_word(first.group()) not in arts or not first.group()[:1].isupper():
        return kept
    prev = prev_nonspace(text, start)
    if prev and (prev == "," or prev.isalnum()):
        return kept[:1].lower() + kept[1:]
    return kept
