"""Which back-translation differences to report, and how loud: AUD721 / AUD722.

The diff (auditor.evidence.btdiff) has already treated as equal what a paraphrasing
back-translation legitimately changes (affixes, reduplication, synonyms, abbreviations, numbers
in any format, aliases). What is left differs, but a back-translation model paraphrases far more
than any table knows, so a difference is reported only where its kind of evidence is strong, or
where a second sign agrees:

  strong alone    a negation lost ('belum' come back as 'sudah': critical), a direction reversed
                  (naik / turun), a figure or a unit changed, words of exclusive meaning swapped
                  (jual / beli), a word of the translation copied into the back-translation
                  untranslated (a non-word, a foreign word)
  with a second   content lost or added (two content words or more): the back-translation is as
  sign            much shorter (longer) than the article's own ratio of back-translation to source
                  length as the lost (added) words are long; a content word swapped: the same word
                  came back faithfully in another sentence of the article (a term the model does
                  not paraphrase), or the pair's chrF falls far under the article's own
  evidence only   everything else (a one-word swap, a reworded phrase): kept in the JSON
                  (`bt_diff`), not reported

Severity and confidence follow the strength of the evidence.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Optional

from ..evidence.btdiff import content_chars, fold, tokenize
from ._wordtools import indonesian_common_words, indonesian_derived, zipf

MIN_COVERAGE = 0.5
TERM_ZIPF = 4.5         # a term, not a common word: under this Zipf frequency in Indonesian (wordfreq)


@dataclass
class Stats:
    ratio: Optional[float]          # median back-translation / source length of the article's pairs
    ratio_spread: float             # their median absolute deviation
    chrf: Optional[float]           # median pair chrF
    chrf_spread: float              # median absolute deviation of the pair chrF
    # the source article's pairs of adjacent capitalised words, folded: a name the translation repeats
    # in full from another paragraph ('Hendra Wiratama' where this sentence says 'Hendra') is neither
    # added nor copied
    source_bigrams: frozenset = frozenset()


@dataclass
class Grade:
    code: str                       # AUD721 (the source's content) | AUD722 (the back-translation's)
    category: str
    severity: str
    confidence: float
    why: str


def article_stats(ctx) -> Stats:
    ratios, chrfs = [], []
    for seg_id, ev in ctx.evidence.items():
        for item in ev.extra.get("bt_diff", [])[:1]:
            if item.get("source_content_chars"):
                ratios.append(item["back_translation_content_chars"] / item["source_content_chars"])
        if ev.chrf is not None:
            chrfs.append(ev.chrf)
    # a pair without differences has no item: its ratio comes from its texts
    for pair in ctx.alignment:
        if pair.kind != "aligned":
            continue
        evs = [ctx.evidence.get(t) for t in pair.tgt]
        if any(ev is None or ev.back_translation is None for ev in evs) or any(ev.extra.get("bt_diff") for ev in evs):
            continue
        src = content_chars(tokenize(" ".join(s.text for s in ctx.source.sentences if s.id in pair.src)))
        bt = content_chars(tokenize(" ".join(ev.back_translation for ev in evs)))
        if src:
            ratios.append(bt / src)
    med_c = statistics.median(chrfs) if chrfs else None
    spread = statistics.median([abs(c - med_c) for c in chrfs]) if chrfs else 0.0
    med_r = statistics.median(ratios) if len(ratios) >= 3 else None
    spread_r = statistics.median([abs(r - med_r) for r in ratios]) if med_r is not None else 0.0
    bigrams = frozenset(pair for s in ctx.source.sentences for pair in _bigrams(s.text))
    return Stats(med_r, spread_r, med_c, spread, bigrams)


def _completed_names(back_translation: str, stats: Stats) -> set[str]:
    """The second words of the back-translation's name pairs that the source article also writes."""
    if not stats.source_bigrams:
        return set()
    return {b for _, b in set(_bigrams(back_translation)) & stats.source_bigrams}


def _bigrams(text: str) -> list[tuple[str, str]]:
    """Pairs of adjacent capitalised words ('Hendra Wiratama'), folded: the parts of full names."""
    ws = _split(text)
    return [(fold(a), fold(b)) for a, b in zip(ws, ws[1:]) if a[:1].isupper() and b[:1].isupper()]


def _foreign(words: list[str], translation: str, source: str, lang: str) -> list[str]:
    """Back-translation words copied from the translation untranslated: present as such in the
    translation sentence, absent from the source, not Indonesian."""
    tr = {fold(w) for w in _split(translation)}
    src = {fold(w) for w in _split(source)}
    have_lexicon = bool(indonesian_common_words())
    out = []
    for w in words:
        f = fold(w)
        if len(f) < 4 or not f.isalpha() or f not in tr or f in src:
            continue
        if have_lexicon and indonesian_derived(f):
            continue
        if zipf(f, "id") >= max(3.0, zipf(f, lang), zipf(f, "en")):
            continue                    # an Indonesian word (or a loanword) as much as a foreign one
        z_lang = zipf(f, lang)
        if z_lang >= 3.0 and z_lang >= zipf(f, "en") - 0.5:
            # an ordinary word of the translation's own language (not an English one in a French
            # text): the back-translation kept it as a loanword ('online', 'tweet'); the translation
            # wrote its own language
            continue
        out.append(w)
    return out


_VERBAL = re.compile(r"^(?:me|di|ber|ter|ke)[a-z]{4,}$")


_ZONE = r"(?:GMT|UTC|WIB|WITA|WIT|CET|CEST|EST|EDT|PST|JST|waktu\s+setempat|waktu\s+lokal)"
_CLOCK = r"(?:\d{1,2}[.:]\d{2}|[012]\d[0-5]\d(?=\s*(?:GMT|UTC)))(?:\s*(?:pagi|siang|sore|malam|[ap]\.?m\.?))?"
# a time, then the same moment in another zone, in brackets or after a slash:
# '10.15 WIB (03.15 GMT)', 'pukul 10.15 waktu setempat / 03.15 UTC'
_ZONE_GLOSS = re.compile(_CLOCK + r"\s*(?:" + _ZONE + r")?\s*(?:\(\s*|/\s*)((?:pukul\s+)?"
                         + _CLOCK + r"\s*" + _ZONE + r"(?:\+\d+)?)\s*\)?", re.IGNORECASE)


def _in_time_zone_gloss(bt_words: str, back_translation: str) -> bool:
    """Are the added words (a figure, a name) all inside a time the back-translation gives beside
    another time, in another zone ('10.15 waktu setempat (03.15 GMT)')?"""
    ws = re.findall(r"\w+(?:[.:]\w+)*", bt_words)
    if not ws:
        return False
    for m in _ZONE_GLOSS.finditer(back_translation):
        inside = re.findall(r"\w+(?:[.:]\w+)*", m.group(1))
        if all(w in inside for w in ws):
            return True
    return False


def _noun_phrase(words: list[str]) -> bool:
    """No figure and no word of verbal form (me-, di-, ber-, ter-, ke-): a gloss names a thing;
    an added claim ('who resigned last week', 'yang mundur pekan lalu') says something of it."""
    return not any(any(c.isdigit() for c in w) or _VERBAL.match(fold(w)) for w in words)


def _glosses(neighbours: list[str]) -> bool:
    """Is one of the words next to an added run a term a gloss would explain: a name, an acronym,
    or a word no Indonesian dictionary lists ('warteg')?"""
    have_lexicon = bool(indonesian_common_words())
    return any((len(w) >= 3 or (len(w) == 2 and w.isupper()))      # 'PT', 'RS' as well
               and (w[:1].isupper() or (have_lexicon and not indonesian_derived(fold(w))))
               for w in neighbours)


def _common_words(words: list[str]) -> bool:
    """Some content word among `words`, and every one an Indonesian common word (or derived from one)."""
    words = [w for w in words if len(w) >= 3 and w.isalpha()]
    if not words or not indonesian_common_words():
        return False
    # a word the back-translation writes in lower case and Indonesian texts use ('ponsel') is
    # common even where the dictionary lacks it
    return all(indonesian_derived(fold(w)) or (w[0].islower() and zipf(fold(w), "id") >= 2.5) for w in words)


def _names(words: list[str], text: Optional[str]) -> list[str]:
    """The words that are names: not Indonesian common words ('Umum', 'Kota' in an institution's
    name), unless `text` (the translation) writes them with a capital inside a sentence ('Medan')."""
    if not indonesian_common_words():
        return list(words)
    out = []
    for w in words:
        if not indonesian_derived(fold(w)):
            out.append(w)
        elif text is not None and re.search(r"[^\s.!?«“\"(]\s+" + re.escape(w) + r"\b", text):
            out.append(w)
    return out


def _respelled(names: list[str], bt_names: list[str], source: str,
               back_translation: str) -> tuple[list[str], list[str]]:
    """The lost names less those the back-translation spells another way, and the back-translation's
    names less those the source spells another way ('Sumatera' / 'Trans-Sumatra', 'Celsius' /
    'Celcius'): a part of the name (split at hyphens) at 85 or more (rapidfuzz ratio) of a word
    of the other side."""
    from rapidfuzz.fuzz import ratio

    def parts(text: str) -> set[str]:
        return {p for w in _split(text) for p in re.split(r"[-'’]", fold(w)) if len(p) >= 4}

    def near(name: str, words: set[str]) -> bool:
        return any(ratio(p, w) >= 85 for p in parts(name) for w in words)

    src_words, bt_words = parts(source), parts(back_translation)
    return [n for n in names if not near(n, bt_words)], [b for b in bt_names if not near(b, src_words)]


def _has_word(text: str, word: str) -> bool:
    f = fold(word)
    return any(fold(w) == f for w in _split(text))


def _split(text: str) -> list[str]:
    return re.findall(r"\w+(?:[-'’]\w+)*", text)


def _length_backs(item: dict, stats: Stats, lost: bool, strict: bool = False) -> bool:
    """Does the pair's length say the same as the difference: the back-translation as much
    shorter (lost) or longer (added) than the article's ratio as half the words' length? (strict:
    as the words' length, and beyond the article's own spread of ratios)"""
    if stats.ratio is None or not item.get("source_content_chars"):
        return False
    ratio = item["back_translation_content_chars"] / item["source_content_chars"]
    share = item.get("run_content_chars", 0) / item["source_content_chars"]
    need = max(0.8 * share, 1.5 * stats.ratio_spread) if strict else 0.5 * share
    # and the words left unmatched: lost content leaves more of them on the source's side; a
    # phrase reworded elsewhere in the sentence about as much on both
    run = item.get("run_content_chars", 0)
    u_src = item.get("unmatched_source_content_chars", run if lost else 0)
    u_bt = item.get("unmatched_back_translation_content_chars", 0 if lost else run)
    if lost:
        return ratio <= stats.ratio - need and u_src - u_bt >= 0.5 * run
    return ratio >= stats.ratio + need and u_bt - u_src >= 0.5 * run


def _reworded(item: dict, lost: bool) -> bool:
    """Has the other side of the pair unmatched content of its own, as long as the run (lost:
    half as long), that could be the same meaning in other words? A back-translation that
    rewords a phrase leaves words unmatched on both sides; a real omission (addition) leaves
    the other side matched."""
    run = item.get("run_content_chars", 0)
    if not run:
        return False
    if lost:
        return item.get("unmatched_back_translation_content_chars", 0) >= 0.5 * run
    return item.get("unmatched_source_content_chars", 0) >= run


def _chrf_low(chrf: Optional[float], stats: Stats) -> bool:
    if chrf is None or stats.chrf is None:
        return False
    return chrf < stats.chrf - max(12.0, 3 * stats.chrf_spread)


def grade(item: dict, translation: str, source: str, lang: str, chrf: Optional[float],
          stats: Stats, back_translation: str = "") -> Optional[Grade]:
    """The report a difference deserves, or None (kept as evidence only)."""
    g = _grade(item, translation, source, lang, chrf, stats, back_translation)
    if g is not None and g.why in ("content added", "name added") and _glosses(item.get("next_to", [])) \
            and _noun_phrase(item.get("back_translation_words", "").split()):
        # 'Basarnas (the national search and rescue agency)', 'warteg, a small eatery': a translation
        # explains a term it keeps; shown, not counted
        return Grade(g.code, g.category, "info", 0.35, "gloss of a kept term")
    if g is not None and g.why in ("figure added", "name added") and back_translation \
            and _in_time_zone_gloss(item.get("back_translation_words", ""), back_translation):
        # '10.15 waktu setempat (03.15 GMT)': the same time given in another time zone; shown, not counted
        return Grade(g.code, g.category, "info", 0.35, "time in another zone")
    if g is not None and g.why in ("negation lost", "content lost") and back_translation:
        from .polarity import paraphrased_in_back_translation
        lost = {w.lower() for w in re.findall(r"\w+", item.get("source_words", ""))}
        if lost & paraphrased_in_back_translation(source, back_translation):
            # 'tidak naik' come back as 'tetap', 'bukan karena B' as 'daripada B': the negation is
            # rendered by a word of stasis or contrast; shown, not counted
            return Grade(g.code, g.category, "info", 0.35, "negation paraphrased")
    return g


def _grade(item: dict, translation: str, source: str, lang: str, chrf: Optional[float],
           stats: Stats, back_translation: str = "") -> Optional[Grade]:
    if item.get("coverage", 1.0) < MIN_COVERAGE:
        return None     # too far from the source to localise anything (AUD711 and chrF judge the pair)
    sig, kind = item.get("signal", "content"), item["kind"]
    c_src, c_bt = item.get("content_words", 0), item.get("back_translation_content_words", 0)
    if sig == "not_yet":
        return Grade("AUD721", "mistranslation", "critical", 0.8, "not yet -> already")
    if sig == "negation":
        return Grade("AUD721", "mistranslation", "major", 0.7 if not item.get("gap") else 0.6, "negation lost")
    if sig == "direction":
        return Grade("AUD721", "mistranslation", "major", 0.75, "direction reversed")
    if sig == "unit":
        return Grade("AUD721", "number", "major", 0.7, "unit changed")
    if sig == "number":
        if kind == "addition":
            return Grade("AUD722", "number", "minor", 0.5, "figure added")
        if item.get("back_translation_words"):
            return Grade("AUD721", "number", "major", 0.8, "figure changed")
        if item.get("quantity") in ("day", "month"):
            return None
        return Grade("AUD721", "number", "minor", 0.5, "figure lost")
    if sig == "contrast":
        return Grade("AUD721", "mistranslation", "major", 0.65, "opposite meaning")
    if sig == "negation_added":
        if item.get("reworded"):
            # the negated word replaces source words ('penuh' / 'tidak ada tempat'): a paraphrase by a
            # negated opposite as often as an added negation; shown, not counted
            return Grade("AUD722", "mistranslation", "info", 0.4, "negation added")
        return Grade("AUD722", "mistranslation", "minor", 0.5, "negation added")
    bt_words = item.get("back_translation_words", "").split()
    # a name the source gives in full in another paragraph, completing a name of this sentence
    # ('Hendra' here, 'Hendra Wiratama' in the lead): no addition
    completed = _completed_names(back_translation, stats)
    foreign = [w for w in _foreign(bt_words, translation, source, lang) if fold(w) not in completed]
    if foreign:
        cat = "nonword" if all(zipf(fold(w), lang) == 0 for w in foreign) else "untranslated"
        code = "AUD722" if kind == "addition" else "AUD721"
        return Grade(code, cat, "minor", 0.6, "copied untranslated")
    if sig == "name":
        # a name the other side still has elsewhere in the sentence is not lost ('Jakarta Timur dan
        # Selatan'), nor added
        names = [w for w in _names(item.get("names", []), None) if not _has_word(back_translation, w)]
        bt_names = [w for w in _names(item.get("back_translation_names", []), translation)
                    if not _has_word(source, w) and fold(w) not in completed]
        names, bt_names = _respelled(names, bt_names, source, back_translation)
        if not names and not bt_names:
            sig = "content"
    if sig == "name":
        if kind == "mistranslation" and names and bt_names:
            return Grade("AUD721", "entity", "major", 0.6, "name changed")
        if names and _common_words(bt_words):
            # the name came back as common words ('Mapolres' / 'markas polisi', 'Kabag Ops' / 'Kepala
            # Operasi'): an institution or a title the translation translated, as it should
            return None
        if kind == "addition":
            if _reworded(item, lost=False):
                return Grade("AUD722", "addition", "info", 0.4, "name added")
            return Grade("AUD722", "addition", "minor", 0.5, "name added")
        if names and set(names) <= set(item.get("kept_elsewhere", [])):
            # every lost name is rendered at another place of the article: a repeated mention
            # the translation shortened ('the school' for its full name), shown, not counted
            return Grade("AUD721", "omission", "info", 0.4, "name lost")
        if names:
            return Grade("AUD721", "omission", "major" if len(item.get("names", [])) >= 2 else "minor", 0.55,
                         "name lost")
        return None
    # content words
    if kind == "omission" or (kind == "mistranslation" and not bt_words):
        if c_src >= 2 and _length_backs(item, stats, True):
            if kind == "mistranslation" and _reworded(item, lost=True):
                # the lost words sit where the back-translation has words of its own that match
                # nothing in the source ('meninggal dunia' / 'kehilangan nyawa'): a paraphrase as
                # likely as a loss; shown, not counted
                return Grade("AUD721", "omission", "info", 0.4, "content lost")
            return Grade("AUD721", "omission", "major" if c_src >= 3 else "minor",
                         0.65 if c_src >= 3 else 0.55, "content lost")
        return None
    if kind == "addition":
        # back-translations spell out relative clauses ('où étaient notés' -> 'tempat dicatat'): an
        # addition needs three content words
        if c_bt >= 3 and _length_backs(item, stats, False):
            if _reworded(item, lost=False):
                return Grade("AUD722", "addition", "info", 0.4, "content added")
            return Grade("AUD722", "addition", "major" if c_bt >= 4 else "minor",
                         0.65 if c_bt >= 4 else 0.55, "content added")
        return None
    if [w for w in item.get("kept_elsewhere", []) if len(w) >= 5 and zipf(fold(w), "id") < TERM_ZIPF]:
        # a back-translation swaps a rare term for a synonym about as often as the translation
        # mistranslates it: counted only where the pair is also among the article's weaker ones
        weak = chrf is not None and stats.chrf is not None and chrf < stats.chrf - stats.chrf_spread
        return Grade("AUD721", "mistranslation", "minor" if weak else "info", 0.55 if weak else 0.4,
                     "term rendered differently here")
    if c_src >= 2 and c_bt >= 2 and _chrf_low(chrf, stats):
        return Grade("AUD721", "mistranslation", "minor", 0.45, "reworded, and the pair's chrF is low")
    return None


# ---------------------------------------------------------------- placing back-translated words

_NEG_TGT = {"fr": frozenset({"ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "ni", "rien", "non", "plus"}),
            "en": frozenset({"not", "no", "never", "without", "nor", "cannot", "none", "nothing"})}


def projection_link(lang: str):
    """Extra anchors for placing back-translation words on the translation
    (auditor.evidence.btdiff.lexical_projection): the bilingual lexicon's renderings, direction
    words of the same side (menurunkan / lowered) and negations (tidak / not). None where none
    applies to the language."""
    from ..evidence import btequiv
    from ._bilingual import projection_link as lexicon_link
    from .direction import families

    try:
        lex = lexicon_link(lang)
    except Exception:       # a broken lexicon only costs its anchors
        lex = None
    axes: dict[str, list] = {}
    for fam in families():
        if lang in fam.tgt:
            axis = "updown" if fam.name in ("rise/fall", "strengthen/weaken") else fam.name
            axes.setdefault(axis, []).append(fam.tgt[lang])
    neg = _NEG_TGT.get(lang, frozenset())
    if lex is None and not axes and not neg:
        return None

    def link(a, b) -> float:
        w = b.text.lower().replace("’", "'")
        d = btequiv.direction_of(a.norm)
        if d is not None and any(lx[d[1]].word(w) for lx in axes.get(d[0], ())):
            return 0.8
        if w in neg and a.norm in ("tidak", "tak", "bukan", "belum", "tanpa", "jangan", "tiada"):
            return 0.7
        return lex(a, b) if lex is not None else 0.0

    return link
