"""Polarity: a negation of the source lost in the translation, or one the translation added.

AUD741 negation-mismatch

Per aligned unit (the source and translation sentences of one aligned pair), negations are
counted on both sides (data/polarity.json):
  strong  the negation words: tidak, tak, bukan, belum, tanpa, jangan...; French ne ... pas / plus /
          jamais / rien / aucun..., sans, non, ni; English not, n't, no, never, without, nor...
  soft    words of negative meaning, which may render a negation or be rendered by one: menolak,
          gagal, enggan / refuse, fail, deny, unable, 'incomplet', 'unclear'...; idioms built on a
          negation word but not rendered by one (tidak hanya = 'not only' or 'as well as'); a double
          negation of the source (bukan tidak mungkin); French 'ne ... que' (only).
A source negation is missing where the strong negations of the source outnumber the strong
negations of the translation plus its soft ones not needed for the source's own soft words; a
negation is added in the reverse case. Which one is missing is decided by position (source words
projected onto the translation between names and numbers both sides share).
Paraphrases that render a negation without a negation word (data/negation_paraphrase.json): a negated
change by a word of stasis ('tidak naik' -> 'unchanged'), unless the translation states the change;
a contrastive 'bukan' by 'rather than'; a negated word of negative meaning by a positive ('tidak
menunda' -> 'early') where the bilingual lexicon finds that word nowhere in the translation.
The special case: 'belum' (not yet) rendered by 'déjà' / 'already', or 'sudah' by 'pas encore' /
'not yet': the statement says the opposite (critical).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..data import load_json
from ..evidence.btdiff import stems
from ..types import Finding
from . import _bilingual as bilingual
from ._meaning import Lex, Unit, W, base_forms, clause_span, context_words, project, strip_clitic, units, words
from ._wordtools import zipf
from .base import Check, CheckInfo, Context, register


@dataclass
class Item:
    start: int          # offsets in the unit's joined text (source or translation)
    end: int
    text: str
    kind: str           # strong | soft
    note: str = ""      # not_yet, already, neutral, double, prefix, only, change, contrast, negative_word...
    governs: str = ""   # change / negative_word: the word the negation governs ('naik', 'menunda')


@lru_cache(maxsize=None)
def _data() -> dict:
    return load_json("polarity.json")


def _norm_entries(entries) -> list[str]:
    """Apostrophes and hyphens split words, as the tokenizer does: "n'importe" -> "n importe"."""
    return [re.sub(r"\s+", " ", re.sub(r"['’\-]", " ", e)).strip() for e in entries]


@lru_cache(maxsize=None)
def _lex(lang: str, key: str) -> Lex:
    return Lex(_norm_entries(_data()[lang].get(key, ())))


@lru_cache(maxsize=None)
def _exceptions(lang: str) -> Lex:
    return Lex(_data().get("prefix_exceptions", {}).get(lang, ()))


def _clause_break_between(text: str, a: int, b: int) -> bool:
    return bool(re.search(r"[,;:.!?()«»\"“”]", text[a:b]))


# ---------------------------------------------------------------- the source (Indonesian)

@lru_cache(maxsize=None)
def _id_vocab() -> frozenset:
    d = _data()["id"]
    words_ = set(d["strong"]) | set(d["already"]) | set(d["not_yet"])
    for idiom in d["neutral"]:
        words_ |= set(idiom.split())
    return frozenset(words_)


def source_items(text: str) -> list[Item]:
    d = _data()["id"]
    ws = words(text)
    low = base_forms(ws, _id_vocab())
    used = [False] * len(ws)
    items: list[Item] = []
    for a, b in _lex("id", "neutral").hits(low):
        if any(low[k] in d["strong"] for k in range(a, b + 1)):
            items.append(Item(ws[a].start, ws[b].end, text[ws[a].start:ws[b].end], "soft", "neutral"))
            for k in range(a, b + 1):
                used[k] = True
    strong = set(d["strong"])
    not_yet = set(d["not_yet"])
    for k, w in enumerate(ws):
        if used[k] or low[k] not in strong:
            continue
        if k + 2 < len(ws) and low[k] not in ("belum", "bukan", "jangan", "tanpa") and low[k + 1] == "sampai" and _figure(low[k + 2]):
            # 'tidak sampai dua menit': less than two minutes, a comparison and no negation
            items.append(Item(w.start, ws[k + 1].end, text[w.start:ws[k + 1].end], "soft", "neutral"))
            used[k] = used[k + 1] = True
            continue
        after = text[w.end:w.end + 3].lstrip()
        if low[k].startswith("bukan") and after.startswith("?"):
            used[k] = True          # a tag question: "..., bukan?"
            continue
        note = "not_yet" if low[k] in not_yet else "contrast" if low[k].startswith("bukan") else ""
        cw = None if note else _governs_change(text, ws, k)
        items.append(Item(w.start, w.end, w.text, "strong", "change" if cw else note, cw.text if cw else ""))
        used[k] = True
    # a double negation (two negations within three words): neither needs rendering as one
    strong_items = [it for it in items if it.kind == "strong"]
    for x, y in zip(strong_items, strong_items[1:]):
        between = [w for w in ws if x.end <= w.start and w.end <= y.start]
        if len(between) <= 2 and not _clause_break_between(text, x.end, y.start):
            x.kind = y.kind = "soft"
            x.note = y.note = "double"
    soft = set(d["soft_stems"])
    soft_re = [re.compile(r) for r in d["soft_regex"]]
    for k, w in enumerate(ws):
        if used[k] or len(w.low) < 3 or w.low.isdigit():
            continue
        if (stems(low[k]) & soft) or any(r.search(w.low) for r in soft_re):
            items.append(Item(w.start, w.end, w.text, "soft"))
    _drop_negated_soft(items, text)
    items.sort(key=lambda it: it.start)
    return items


@lru_cache(maxsize=None)
def _paraphrase() -> dict:
    return load_json("negation_paraphrase.json")


@lru_cache(maxsize=None)
def _change_words() -> dict:
    """Indonesian words of change -> their direction (family name, side), None for a plain change."""
    from .direction import families
    out: dict = {w: None for w in _paraphrase()["id_change"]}
    for fam in families():
        for side in (0, 1):
            for w in fam.src[side]:
                out.setdefault(w, (fam.name, side))
    return out


@lru_cache(maxsize=None)
def paraphrase_lex(kind: str, lang: str) -> Lex:
    """stasis (words that render a negated change: 'unchanged', 'remained') or contrast (words that
    render a contrastive 'bukan': 'rather than') for a language (id: in a back-translation)."""
    return Lex(_norm_entries(_paraphrase()[kind].get(lang, ())))


def _governs_change(text: str, ws: list[W], k: int) -> Optional[W]:
    """The word of change a negation governs, within the next three words of its clause ('tidak
    naik', 'tidak pernah turun', 'tidak mengalami kenaikan'), or None."""
    for j in range(k + 1, min(len(ws), k + 4)):
        if _clause_break_between(text, ws[j - 1].end, ws[j].start):
            return None
        if strip_clitic(ws[j].low) in _change_words():
            return ws[j]
    return None


def _paraphrased(s: Item, unit: Unit, lang: str, taken: set) -> bool:
    """A negation of the source rendered without a negation word: a negated change by a word of
    stasis ('tidak naik' -> 'unchanged', 'remained at'), a contrastive 'bukan' by 'rather than' --
    unless the translation states the change itself ('rose' for 'tidak naik': the negation is lost)."""
    if s.note == "negative_word":
        # 'tidak menunda' -> 'buy early': neither the negation nor the word of negative meaning is
        # rendered; 'tidak berhenti' -> 'will stop' renders the word and loses the negation
        lex = bilingual.get(lang)
        if lex is None:
            return False
        from .coverage import _target_words, tally
        tws = [w.low for w in _target_words(unit.tgt)]
        known, found, _lost = tally(s.governs, tws, lex, lang)
        if not known or found:
            return False
        # and the other way round: no word of the translation comes back to it ('arrêterons' -> henti)
        roots = stems(s.governs.lower()) | {s.governs.lower()}
        return not any(roots & set(lex.back(t) + lex.back(bilingual.key(t, lang))) for t in tws)
    if s.note not in ("change", "contrast"):
        return False
    if s.note == "change":
        direction = _change_words().get(strip_clitic(s.governs.lower()))
        if direction is not None:
            from .direction import families, target_hits
            fam = next(f for f in families() if f.name == direction[0])
            if lang in fam.tgt and any(h.side == direction[1] for h in target_hits(unit.tgt, lang, fam)):
                return False
    tw = words(unit.tgt)
    low = [w.low for w in tw]
    pos = project(unit, s.start)
    hits = [(abs(tw[a].start - pos), a) for a, _b in paraphrase_lex(
        "stasis" if s.note == "change" else "contrast", lang).hits(low) if a not in taken]
    if not hits:
        return False
    taken.add(min(hits)[1])
    return True


def paraphrased_in_back_translation(source: str, back_translation: str) -> set[str]:
    """The words (lower case) of the source's negations, and of the changes they negate, that an
    Indonesian back-translation renders by a paraphrase: 'tidak naik' come back as 'tetap', 'bukan
    karena B' as 'lebih karena A daripada B' -- unless it states the change itself ('naik')."""
    from .direction import families, source_hits
    out: set[str] = set()
    bt_low = [w.low for w in words(back_translation)]
    for it in source_items(source):
        if it.kind != "strong" or it.note not in ("change", "contrast"):
            continue
        if not paraphrase_lex("stasis" if it.note == "change" else "contrast", "id").hits(bt_low):
            continue
        if it.note == "change":
            direction = _change_words().get(strip_clitic(it.governs.lower()))
            if direction is not None:
                fam = next(f for f in families() if f.name == direction[0])
                if any(h.side == direction[1] for h in source_hits(back_translation, fam)):
                    continue
        out |= {it.text.lower(), it.governs.lower()} - {""}
    return out


def _figure(word: str) -> bool:
    """A figure or an Indonesian number word ('2', 'dua', 'sepuluh', 'setengah', 'separuh', 'puluhan')."""
    from ..evidence.btequiv import _data as bt_data, _vague
    d = bt_data()
    return word[:1].isdigit() or word in d["number_words"] or word in _vague() or \
        word.startswith("se") and word[2:] in d["time_units"] or word in ("setengah", "separuh", "sepertiga")


def _drop_negated_soft(items: list[Item], text: str) -> None:
    """A word of negative meaning under a negation is that negation's verb, not a second one:
    'n'hésiterons pas', 'will not hesitate', 'tidak menolak'."""
    strong = [it for it in items if it.kind == "strong"]
    keep = []
    for it in items:
        if it.kind == "soft" and it.note not in ("neutral", "double"):
            inside = [st for st in strong if st.start <= it.start < st.end]
            before = [st for st in strong if 0 <= it.start - st.end and len(words(text[st.end:it.start])) <= 1
                      and not _clause_break_between(text, st.end, it.start)]
            if inside or before:
                # a negated word of negative meaning says something positive ('tidak menunda' = act
                # early, 'tidak gagal' = succeed): a translation may render both or neither
                for st in before:
                    if not st.note:
                        st.note, st.governs = "negative_word", it.text
                continue
        keep.append(it)
    items[:] = keep


def source_already(text: str) -> list[W]:
    already = set(_data()["id"]["already"])
    return [w for w in words(text) if w.low in already or strip_clitic(w.low) in already]


# ---------------------------------------------------------------- the translation (fr, en)

_DET_BEFORE_PAS = {"le", "un", "du", "au", "ce", "premier", "premiers", "faux", "son", "ses", "les", "des", "mes",
                   "nos", "leurs", "quelques", "grand", "grands", "petit", "petits", "même", "mêmes", "leur", "notre",
                   "cent", "mille", "deux", "trois", "derniers", "dernier", "nouveau", "nouveaux"}


def _is_ne(text: str, w: W) -> bool:
    return w.low == "ne" or (w.low == "n" and text[w.end:w.end + 1] in ("'", "’"))


def _is_nt(text: str, w: W) -> bool:
    return w.low == "t" and w.start >= 2 and text[w.start - 1] in "'’" and text[w.start - 2] in "nN"


def _prefix_negative(w: str, lang: str) -> bool:
    d = _data()
    if _exceptions(lang).word(w):
        return False
    ends = d["adjective_endings"][lang]
    for p in d[lang]["prefix_negative"]:
        if not w.startswith(p) or len(w) - len(p) < 4:
            continue
        rest = w[len(p):].lstrip("-")
        if lang == "en" and p == "un":
            ok = True
        else:
            ok = any(rest.endswith(e) for e in ends)
        if ok and zipf(rest, lang) >= 2.0 and zipf(w, lang) > 0:
            return True
    return False


def target_items(text: str, lang: str) -> list[Item]:
    d = _data()[lang]
    ws = words(text)
    low = [w.low for w in ws]
    used = [False] * len(ws)
    items: list[Item] = []
    for a, b in _lex(lang, "neutral").hits(low):
        items.append(Item(ws[a].start, ws[b].end, text[ws[a].start:ws[b].end], "soft", "neutral"))
        for k in range(a, b + 1):
            used[k] = True
    if lang == "fr":
        particles = set(d["particles"])
        for i, w in enumerate(ws):
            if used[i] or not _is_ne(text, w):
                continue
            j = i + 1
            found = None
            while j < len(ws) and j <= i + 8 and not _clause_break_between(text, ws[j - 1].end, ws[j].start):
                if used[j]:
                    break
                if low[j] in ("que", "qu"):
                    found = ("only", j)
                    break
                if low[j] in particles:
                    found = ("neg", j)
                    break
                j += 1
            if found is None:
                continue                      # the expletive ne: "avant qu'il ne parte"
            kind, j = found
            if kind == "only":
                items.append(Item(w.start, ws[j].end, text[w.start:ws[j].end], "soft", "only"))
                used[i] = used[j] = True
                continue
            last = j
            while last + 1 < len(ws) and last + 1 <= j + 3 and low[last + 1] in particles | {"encore", "du", "de", "tout"} \
                    and not _clause_break_between(text, ws[last].end, ws[last + 1].start):
                last += 1
            for k in range(i, last + 1):
                if k == i or low[k] in particles:
                    used[k] = True
            items.append(Item(w.start, ws[j].end, text[w.start:ws[j].end], "strong"))
        strong = set(d["strong"])
        for i, w in enumerate(ws):
            if used[i]:
                continue
            lw = low[i]
            prev = low[i - 1] if i else ""
            if lw == "personne" or lw in ("nul", "nulle"):
                if any(_is_ne(text, x) for x in ws[i + 1:i + 3]):
                    items.append(Item(w.start, w.end, w.text, "strong"))
                    used[i] = True
                continue
            if lw not in strong:
                continue
            if lw == "pas" and (prev in _DET_BEFORE_PAS or low[i + 1:i + 3] == ["à", "pas"]):
                continue
            if lw == "jamais" and prev in ("que", "si", "à"):
                continue
            if lw == "non" and text[w.end:w.end + 1] in "-‑":
                items.append(Item(w.start, w.end, w.text, "soft", "prefix"))
                used[i] = True
                continue
            # sans aucun / sans jamais / ni ... ni: one negation
            prev_item = items[-1] if items else None
            if prev_item is not None and prev_item.kind == "strong" and lw in ("aucun", "aucune", "jamais", "rien", "ni") \
                    and len([x for x in ws if prev_item.end <= x.start < w.start]) <= 2 \
                    and not _clause_break_between(text, prev_item.end, w.start):
                prev_item.end = w.end
                prev_item.text = text[prev_item.start:w.end]
                used[i] = True
                continue
            items.append(Item(w.start, w.end, w.text, "strong"))
            used[i] = True
    else:
        strong = set(d["strong"])
        for i, w in enumerate(ws):
            if used[i]:
                continue
            lw = low[i]
            is_neg = lw in strong or _is_nt(text, w)
            if lw == "no" and (re.match(r"\.?\s*\d", text[w.end:w.end + 3]) or text[w.end:w.end + 1] == "."):
                is_neg = False          # "No. 35"
            if not is_neg:
                continue
            prev_item = items[-1] if items else None
            if prev_item is not None and prev_item.kind == "strong" and lw in ("nor",) \
                    and prev_item.text.lower().startswith("neither"):
                prev_item.end = w.end
                prev_item.text = text[prev_item.start:w.end]
                used[i] = True
                continue
            if _is_nt(text, w):
                prev = ws[i - 1] if i else w
                items.append(Item(prev.start, w.end, text[prev.start:w.end], "strong"))
            else:
                items.append(Item(w.start, w.end, w.text, "strong"))
            used[i] = True
    soft = _lex(lang, "soft")
    for a, b in soft.hits([x if not used[k] else "\x00" for k, x in enumerate(low)]):
        items.append(Item(ws[a].start, ws[b].end, text[ws[a].start:ws[b].end], "soft"))
        for k in range(a, b + 1):
            used[k] = True
    for i, w in enumerate(ws):
        if not used[i] and len(w.low) >= 6 and w.low.isalpha() and _prefix_negative(w.low, lang):
            items.append(Item(w.start, w.end, w.text, "soft", "prefix"))
        elif not used[i] and len(w.low) >= 8 and w.low.isalpha() and w.low[:2] in ("in", "im", "ir", "il", "un") \
                and zipf(w.low, lang) == 0:
            # a garbled negative adjective ("irréfiable", "invérificables"): the non-word check
            # reports the word; its negation is there
            items.append(Item(w.start, w.end, w.text, "soft", "prefix"))
    # "yet to", "reste à": a negation without a negation word
    for a, b in not_yet_spans(text, lang):
        if not any(it.kind == "strong" and it.start < b and a < it.end for it in items) \
                and not any(it.note == "not_yet" and it.start < b and a < it.end for it in items):
            items.append(Item(a, b, text[a:b], "strong", "not_yet"))
    # Indonesian kept verbatim in the translation (a quote, a slogan): its negations are rendered
    id_strong = set(_data()["id"]["strong"])
    for i, w in enumerate(ws):
        if not used[i] and w.low in id_strong and w.low not in ("tak",) and not (lang == "fr" and w.low == "non"):
            items.append(Item(w.start, w.end, w.text, "strong", "kept"))
    _drop_negated_soft(items, text)
    # a gloss in brackets ("Tidak ada kompromi" (no compromise)) repeats what it glosses
    for a, b in ((m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)):
        for it in items:
            if it.kind == "strong" and a < it.start < b and it.note != "kept":
                it.kind, it.note = "soft", "gloss"
    items.sort(key=lambda it: it.start)
    return items


def already_words(text: str, lang: str) -> list[W]:
    want = set(_data()[lang]["already"])
    return [w for w in words(text) if w.low in want]


def not_yet_spans(text: str, lang: str) -> list[tuple[int, int]]:
    out = []
    for r in _data()[lang].get("not_yet_regex", ()):
        out += [(m.start(), m.end()) for m in re.finditer(r, text, re.IGNORECASE)]
    return out


# ---------------------------------------------------------------- the comparison

_SENT_END = re.compile(r"[.!?][\"”»]?\s+(?=[«\"“]?\s?[A-Z])")


def _sentences(text: str) -> int:
    """Sentences of a text, also inside quotes (the segmenter keeps a quote whole)."""
    return 1 + len(_SENT_END.findall(text.strip()))


@dataclass
class Issue:
    kind: str               # missing | added | belum_already | sudah_not_yet
    start: int              # span in the joined translation
    end: int
    severity: str
    confidence: float
    message: str
    source_words: str
    evidence: dict
    category: str = "mistranslation"


def _match(src: list[Item], tgt: list[Item], unit: Unit) -> tuple[list[Item], list[Item]]:
    """Source strong negations and translation strong negations left without a partner once each
    is paired with the nearest partner by projected position (strong with strong first, then
    strong with soft)."""
    proj = {id(s): project(unit, s.start) for s in src}
    left_src = [s for s in src if s.kind == "strong"]
    left_tgt = [t for t in tgt if t.kind == "strong"]
    soft_src = [s for s in src if s.kind == "soft"]
    soft_tgt = [t for t in tgt if t.kind == "soft"]

    def pair(a_list, b_list, a_pos, b_pos):
        cands = sorted(((abs(a_pos(a) - b_pos(b)), i, j) for i, a in enumerate(a_list) for j, b in enumerate(b_list)))
        ua, ub = set(), set()
        for _, i, j in cands:
            if i in ua or j in ub:
                continue
            ua.add(i)
            ub.add(j)
        return [a for i, a in enumerate(a_list) if i not in ua], [b for j, b in enumerate(b_list) if j not in ub]

    spos = lambda s: proj[id(s)]      # noqa: E731
    tpos = lambda t: t.start          # noqa: E731
    left_src, left_tgt = pair(left_src, left_tgt, spos, tpos)
    # the source's soft words may be rendered by a negation ("gagal" -> "did not succeed"); an idiom
    # built on a negation may take two words ("tidak hanya" -> "pas ... uniquement")
    soft_src = soft_src + [s for s in soft_src if s.note == "neutral"]
    left_tgt, soft_src = pair(left_tgt, soft_src, tpos, spos)
    # then the source's negations and soft words take the translation's soft words, nearest first
    # ("menolak" -> "refused", "tidak dapat diubah" -> "irréversible")
    rest, _ = pair(left_src + soft_src, soft_tgt, spos, tpos)
    left_src = [x for x in rest if x.kind == "strong"]
    return left_src, left_tgt


def analyse(unit: Unit, lang: str, coverage: Optional[float] = None) -> list[Issue]:
    """The negation issues of one aligned unit. coverage: the share of the unit's source words
    that the translation renders by the bilingual lexicon (None without one), to tell a lost
    sentence (the rest is rendered) from a sentence rewritten or garbled as a whole."""
    src_items = source_items(unit.src)
    tgt_items = target_items(unit.tgt, lang)
    missing, added = _match(src_items, tgt_items, unit)
    taken: set = set()
    missing = [s for s in missing if not _paraphrased(s, unit, lang, taken)]
    issues: list[Issue] = []
    tgt_strong = [t for t in tgt_items if t.kind == "strong"]
    already = already_words(unit.tgt, lang)
    not_yet = not_yet_spans(unit.tgt, lang)
    src_already = source_already(unit.src)
    ev_src = [context_words(unit.src, s.start, s.end) for s in src_items if s.kind == "strong"]
    ev_tgt = [t.text for t in tgt_items if t.kind == "strong"]
    # "belum" rendered by an "already" that no sudah / telah / pernah of the source explains
    if missing and already:
        span = max(40, len(unit.tgt) // 5)
        explained = set()
        for sa in src_already:
            p = project(unit, sa.start)
            near = [a for a in already if id(a) not in explained and abs(a.start - p) <= span]
            if near:
                explained.add(id(min(near, key=lambda a: abs(a.start - p))))
        free_already = [a for a in already if id(a) not in explained
                        and not any(x <= a.start < y + 40 for x, y in not_yet)
                        and not any(0 <= a.start - t.end <= 8 for t in tgt_strong)]     # "not already", "pas déjà"
        belums = [x for x in src_items if x.note == "not_yet" and x.kind == "strong"]
        if free_already and belums:
            b = belums[0]
            pos = project(unit, b.start)
            a = min(free_already, key=lambda x: abs(x.start - pos))
            lo, hi = clause_span(unit.tgt, a.start, a.end, lang)
            sw = context_words(unit.src, b.start, b.end)
            issues.append(Issue(
                "belum_already", lo, hi, "critical", 0.9,
                f"the source says “{sw}” (belum: not yet); the translation says “{a.text}”: "
                f"the statement is reversed", sw,
                {"source_negations": ev_src, "translation_negations": ev_tgt, "translation_words": a.text}))
            missing = []
    if missing:
        s = missing[0]
        pos = project(unit, s.start)
        sw = context_words(unit.src, s.start, s.end)
        quiet = not tgt_strong and not [t for t in tgt_items if t.kind == "soft"]
        lo, hi = clause_span(unit.tgt, max(0, pos - 1), min(len(unit.tgt.rstrip()), pos + 1), lang)
        # no negation of the translation in the clause where this one belongs
        alone = quiet or not any(t.start < hi and lo < t.end for t in tgt_items)
        what = "belum (not yet)" if s.note == "not_yet" else s.text.lower()
        n_src = sum(1 for x in src_items if x.kind == "strong")
        msg = (f"the source negates here (“{sw}”: {what}) and the translation has no negation that renders it"
               + ("" if quiet else f" ({n_src} negation{'s' if n_src > 1 else ''} in the source, "
                                   f"{len(tgt_strong)} in the translation)"))
        # past the end of a translation shorter by a sentence: the clause itself is missing
        cat = "mistranslation"
        if _sentences(unit.src) > _sentences(unit.tgt) and (coverage is None or coverage >= 0.5):
            cat = "omission"
            msg = (f"the source goes on with a negation (“{sw}”) that the translation does not render: "
                   f"a sentence of the source seems to be missing here")
        issues.append(Issue("missing", lo, hi, "major" if alone else "minor", 0.75 if alone else 0.5, msg, sw,
                            {"source_negations": ev_src, "translation_negations": ev_tgt}, cat))
    if added:
        t = added[0]
        src_soft = [x for x in src_items if x.kind == "soft"]
        src_strong = [x for x in src_items if x.kind == "strong"]
        lo, hi = clause_span(unit.tgt, t.start, t.end, lang)
        ny = [sp for sp in not_yet if sp[0] <= t.start <= sp[1] or t.start <= sp[0] <= t.end + 20]
        if ny and src_already and not src_strong:
            sw = context_words(unit.src, src_already[0].start, src_already[0].end)
            issues.append(Issue(
                "sudah_not_yet", lo, hi, "critical", 0.85,
                f"the source says “{sw}” (already done); the translation says “{unit.tgt[ny[0][0]:ny[0][1]]}” "
                f"(not yet): the statement is reversed", sw,
                {"source_negations": ev_src, "translation_negations": ev_tgt}))
        else:
            quiet = not src_strong and not src_soft
            msg = (f"“{t.text}” negates, and the source has no negation here"
                   + ("" if quiet else f" ({len(src_strong)} negation{'s' if len(src_strong) != 1 else ''} in the "
                                       f"source, {len(tgt_strong)} in the translation)"))
            # Kept for the neighbours' sake (a negation carried over a sentence boundary) but never
            # reported: translations add negations of their own far more often than they drop one
            # ("not easy", "did not change", French "ne ... pas moins"); on the clean and faulty
            # articles of the frozen blind sets none of these reports was an error (0 of 9).
            issues.append(Issue("added", lo, hi, "info", 0.5 if quiet else 0.35, msg, "",
                                {"source_negations": ev_src, "translation_negations": ev_tgt}))
    return issues


def _coverage(unit: Unit, lex, lang: str) -> Optional[float]:
    if lex is None or _sentences(unit.src) <= _sentences(unit.tgt):
        return None
    from .coverage import parts
    ps = parts(unit, lex, lang)
    known = sum(p.known for p in ps)
    return sum(p.found for p in ps) / known if known >= 4 else None


@register
class NegationMismatch(Check):
    info = CheckInfo(
        code="AUD741", name="negation-mismatch", category="mistranslation", severity="major",
        summary="A negation of the source is missing from the translation, or the translation negates what the source affirms.",
        explanation=(
            "Negations are counted in each aligned pair of sentences: tidak, tak, bukan, belum, tanpa, "
            "jangan... in the source; ne ... pas / plus / jamais / rien / aucun, sans, non, ni in French; not, "
            "n't, no, never, without, nor in English. Words of negative meaning (menolak, gagal, enggan / refuse, "
            "fail, deny, unable, 'incomplete') may stand for a negation on either side, idioms built on a "
            "negation word but not rendered by one ('tidak hanya' = 'as well as') and double negations "
            "('bukan tidak mungkin') need no counterpart, and French 'ne ... que' (only) is no negation. Where "
            "the source has more negations than the translation can account for, the clause where the lost "
            "one belongs is flagged (major where the translation has no negation in that clause, else minor). A "
            "negation the source cannot account for is not reported (translations add negations of their own: "
            "'not easy' for 'sulit'), except 'sudah' rendered by 'not yet'. 'belum' (not yet) rendered by 'déjà' / "
            "'already', and 'sudah' (already) by 'pas encore' / 'not yet', reverse the statement: critical. "
            "A negation may be rendered without a negation word: a negated change by a word of stasis "
            "('tidak naik' = 'unchanged', 'remained'), a contrastive 'bukan' by 'rather than' / 'plutôt "
            "que', a negated word of negative meaning by a positive ('tidak menunda' = 'early') where the "
            "lexicon finds that word nowhere in the translation (data/negation_paraphrase.json). "
            "The evidence lists the negations found on each side. Word lists: data/polarity.json."),
        languages=("fr", "en"),
    )

    @staticmethod
    def _balanced(ctx: Context, para: int) -> bool:
        src = " ".join(x.text for x in ctx.source.sentences if x.para == para)
        tgt = " ".join(x.text for x in ctx.translation.sentences if x.para == para)
        if not src or not tgt:
            return False
        n_src = sum(1 for x in source_items(src) if x.kind == "strong")
        n_tgt = sum(1 for x in target_items(tgt, ctx.tgt_lang) if x.kind == "strong")
        return n_src > 0 and n_tgt >= n_src

    def run(self, ctx: Context) -> Iterable[Finding]:
        us = units(ctx)
        lex = bilingual.get(ctx.tgt_lang)
        per_unit = [analyse(u, ctx.tgt_lang, _coverage(u, lex, ctx.tgt_lang)) for u in us]
        for i, (u, issues) in enumerate(zip(us, per_unit)):
            for iss in issues:
                # a negation carried over a sentence boundary by a loose alignment: the neighbour
                # has one too many where this pair has one too few
                other = {"missing": "added", "added": "missing"}.get(iss.kind)
                if other and any(o.kind == other for j in (i - 1, i + 1) if 0 <= j < len(us)
                                 for o in per_unit[j]):
                    continue
                if iss.kind == "added":
                    continue
                seg, a, b = u.local(iss.start, iss.end)
                if iss.kind == "missing" and self._balanced(ctx, seg.para):
                    # the translation's paragraph has as many negations as the source's: a sentence
                    # alignment that put the negated clause beside another sentence, not a lost negation
                    continue
                yield ctx.finding(self, seg, a, b, iss.message, confidence=iss.confidence,
                                  severity=iss.severity, category=iss.category,
                                  source_words=iss.source_words or None,
                                  **iss.evidence)
