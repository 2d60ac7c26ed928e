"""The forms of a Chinese, Japanese or Arabic translation that mark the speaker's gender (AUD611).

The speaker-gender check (checks/speaker_script.py) compares them with the gender the source gives
the speaker (checks/_speaker_source.py): 他/她 as the subject of a speech verb (zh), 彼/彼女 as the
subject of an attribution (ja), a speech verb opening a clause or an attribution phrase with a
pronoun suffix (ar); also gendered titles, role nouns and nouns for a person of one gender.
Words: data/speaker_script.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ._scripts import ar_norm, arabic_words, base_lang
from ._speaker_source import _data

@dataclass
class Form:
    start: int
    end: int
    gender: str
    suggestion: str


def _forms_zh(text: str) -> list[Form]:
    verbs = "|".join(sorted(_data()["zh"]["speech_verbs"], key=len, reverse=True))
    rx = re.compile(rf"(?:(?<=^)|(?<=[，。、；：！？”」』\s（])|(?<=据))([他她])(?![们人国乡])([^，。；！？“”「」]{{0,10}}?)({verbs})")
    out = []
    for m in rx.finditer(text):
        g = "f" if m.group(1) == "她" else "m"
        other = "他" if g == "f" else "她"
        out.append(Form(m.start(1), m.end(3), g, other + m.group(2) + m.group(3)))
    return out


def _forms_ja(text: str) -> list[Form]:
    cues = _data()["ja"]["cues"]
    if not any(c in text for c in cues):
        return []
    out = []
    for m in re.finditer(r"(彼女|彼)(?!ら|女ら|氏|岸)(?=は|が|も|によると|によれば|の説明|の話)", text):
        g = "f" if m.group(1) == "彼女" else "m"
        out.append(Form(m.start(), m.end(), g, "彼" if g == "f" else "彼女"))
    return out


@dataclass(frozen=True)
class _ArTables:
    verbs: dict          # normalised speech verb -> (gender, the other gender's form)
    suffix: dict         # normalised suffixed word of an attribution phrase -> gender
    pairs: dict          # normalised suffixed word -> the other gender's form
    after: frozenset     # the words before a suffixed attribution ('وفقا' له)
    openers: frozenset   # characters after which a verb opens a clause
    opener_words: frozenset  # words after which a verb opens a clause ('كما' قال)
    participles: dict    # normalised circumstantial participle -> (gender, the other form)
    hadd: dict           # normalised 'قوله'/'قولها' of 'على حد قوله' -> (gender, the other form)
    attached: dict       # normalised 'بحسبه'/'بحسبها', with a و or ف before -> (gender, the other form)


def _gendered_pairs(pairs) -> dict:
    out: dict[str, tuple[str, str]] = {}
    for m, f in pairs:
        out[ar_norm(m)] = ("m", f)
        out[ar_norm(f)] = ("f", m)
    return out


@lru_cache(maxsize=1)
def _ar_tables() -> _ArTables:
    a = _data()["ar"]
    suffix = {ar_norm(w): g for g in ("m", "f") for w in a["suffix_phrases"][g]}
    pairs = {}
    for wm, wf in zip(a["suffix_phrases"]["m"], a["suffix_phrases"]["f"]):
        pairs[ar_norm(wm)], pairs[ar_norm(wf)] = wf, wm
    return _ArTables(
        verbs=_gendered_pairs(a["speech_verbs"]), suffix=suffix, pairs=pairs,
        after=frozenset(ar_norm(w) for w in a["suffix_phrases"]["after"]),
        openers=frozenset(a["clause_openers"]),
        opener_words=frozenset(ar_norm(w) for w in a["opener_words"]),
        participles=_gendered_pairs(a["participles"]),
        hadd=_gendered_pairs(zip(a["ala_hadd"]["m"], a["ala_hadd"]["f"])),
        attached=_gendered_pairs((p + w + "ه", p + w + "ها") for w in a["attached_suffix"] for p in ("", "و", "ف")))


# what follows a participle of attribution: 'مضيفا أن', 'مشيرة إلى', 'قائلا:', 'معربا عن'
_AFTER_PARTICIPLE = frozenset(ar_norm(w) for w in ("أن", "إن", "أنه", "أنها", "إنه", "إنها", "بأن", "إلى", "على", "عن"))


def _name_words(words: list, name: tuple[str, ...], threshold: float = 0.75) -> set[int]:
    """Indices of the Arabic words that write one of the name's words ('ريتنو' for Retno) bare."""
    from ._translit import arabic_latin, similarity
    toks = [t for t in name if len(t) >= 4]
    out = set()
    for k, w in enumerate(words):
        # bare, or after 'و' (and); not after 'ل'/'ب' (to, by: an object, not a subject)
        for cand in (w.text, w.text[1:] if len(w.text) >= 4 and w.text[0] == "و" else ""):
            lat = arabic_latin(cand) if len(cand) >= 4 else ""     # 'زار' is no 'Sari'
            if lat and any(similarity(lat, t) >= threshold for t in toks):
                out.add(k)
    return out


_NOT_BEFORE_SUBJECT = frozenset(ar_norm(w) for w in (
    "أن", "إن", "أنه", "إنه", "أنها", "إنها", "بأن", "لأن", "عن", "على", "إلى", "مع", "من", "في", "الذي", "التي",
    "و", "أو", "ثم", "لكن", "بين", "ضد", "مثل"))
_NOT_VERBS = frozenset(ar_norm(w) for w in ("بين", "بينما", "حيث", "تحت", "وقت", "بعد", "قبل", "عند", "حول", "ثم"))
_NOT_DEFINITE = frozenset(ar_norm(w) for w in ("إلى", "إلا", "الذي", "التي", "الذين", "اللذين"))


def _definite(word: str) -> bool:
    """A noun with the article ('الشرطة'), not 'إلى' (to) or 'الذي' (who), which write ال too."""
    n = ar_norm(word)
    return n.startswith("ال") and n not in _NOT_DEFINITE


COMMON_AR = 3.0      # wordfreq zipf of both forms of a verb
NAME_EXACT = 0.9     # romanisation similarity of the name right after any verb


@lru_cache(maxsize=4096)
def _agreeing_verb(word: str) -> Optional[tuple[str, str]]:
    """(gender, the other form) of a word that reads as a past-tense verb of the third person:
    'زارت' (she visited: زار is a word too), 'وصل' (he arrived: وصلت is a word too)."""
    from ._wordtools import zipf
    prefix, w = "", word
    if len(w) > 4 and w[0] in "وف":
        prefix, w = w[0], w[1:]
    n = ar_norm(w)
    if n.startswith("ال") or n in _NOT_VERBS or len(n) < 3:
        return None
    if n.endswith("ت") and len(n) >= 4:
        base = w[:-1]
        if zipf(w, "ar") >= COMMON_AR and zipf(base, "ar") >= COMMON_AR and not ar_norm(base).startswith("ال"):
            return "f", prefix + base
        return None
    if zipf(w, "ar") >= COMMON_AR and zipf(w + "ت", "ar") >= COMMON_AR:
        return "m", prefix + w + "ت"
    return None


NAME_AFTER_VERB = 4     # words between a speech verb and the speaker's name after it (titles)


def _verbs_before_name(text: str, words: list, named: set[int]) -> list[Form]:
    """Any verb right before the person's name agrees with it ('زارت ريسما', 'وصل بودي'): a word
    whose forms with and without the feminine ت are both Arabic words (wordfreq); the speech verbs
    are left to their own table."""
    verbs = _ar_tables().verbs
    out = []
    for i in sorted(named):
        k = i - 1
        if k < 0 or text[words[k].end:words[i].start].strip() or k in named:
            continue
        n = ar_norm(words[k].text)
        if n in verbs or (len(n) > 3 and n[1:] in verbs):
            continue
        hit = _agreeing_verb(words[k].text)
        if hit is not None:
            out.append(Form(words[k].start, words[k].end, *hit))
    return out


def name_verb_forms(text: str, lang: str, name: tuple[str, ...]) -> list[Form]:
    """Arabic: verbs right before the person's name (the subject of a verb-first sentence)."""
    if base_lang(lang) != "ar" or not name:
        return []
    words = arabic_words(text)
    # any verb, not only a speech verb: the name must be written closely ('ميزانية' is no 'Mulyani')
    return _verbs_before_name(text, words, _name_words(words, name, NAME_EXACT))


def _forms_ar(text: str, name: tuple[str, ...] = ()) -> list[Form]:
    t = _ar_tables()
    words = arabic_words(text)
    # a speech verb followed closely by the speaker's name has the speaker as subject wherever it
    # stands ('وفي مؤتمر صحفي قالت ريتنو')
    named = _name_words(words, name) if name else set()
    before_name = set()
    for i in named:
        for j in range(i - 1, max(-1, i - NAME_AFTER_VERB - 1), -1):
            # the name as subject: no 'إن' clause or preposition between ('قالت الشرطة إن ريتنو')
            if ar_norm(words[j].text) in _NOT_BEFORE_SUBJECT:
                break
            before_name.add(j)
    out = _verbs_before_name(text, words, _name_words(words, name, NAME_EXACT) if name else set())
    verb_at: Optional[int] = None     # the last speech verb opening a clause
    for k, w in enumerate(words):
        n = ar_norm(w.text)
        prev = ar_norm(words[k - 1].text) if k else ""
        gap = text[words[k - 1].end:w.start].strip() if k else text[:w.start].strip()
        opening = k == 0 or gap[-1:] in t.openers or (gap == "" and prev in t.opener_words) \
            or k in before_name
        prefix = ""
        hit = t.verbs.get(n)
        if hit is None and len(n) > 3 and n[0] in "وف":
            hit, prefix = t.verbs.get(n[1:]), w.text[0]
        if hit is not None:
            # 'وقالت الشرطة': a definite noun right after the verb is its subject, unless the
            # speaker's name follows it closely ('وقال المتحدث باسم الشرطة بودي')
            nxt = words[k + 1] if k + 1 < len(words) else None
            if nxt is not None and text[w.end:nxt.start].strip() == "" and _definite(nxt.text) \
                    and k not in before_name:
                continue
            if opening:
                g, other = hit
                out.append(Form(w.start, w.end, g, prefix + other))
                verb_at = k
            continue
        # ', مضيفا أن' (adding that): a participle after a comma or colon takes the speaker as subject
        # — after a quotation, or after the speaker's own verb with no 'إن'/'أن' clause between
        # (whose subject the participle may take: 'قال إن الشرطة ...، مشيرة')
        hit = t.participles.get(n)
        if hit is not None and k and gap[-1:] in t.openers:
            rest = text[w.end:w.end + 12].lstrip()
            after = arabic_words(rest[:12])
            introduces = rest[:1] in (":", "\"", "«", "“") or (
                bool(after) and after[0].start == 0 and ar_norm(after[0].text) in _AFTER_PARTICIPLE)
            quoted = any(q in gap for q in ("\"", "»", "”"))
            after_verb = verb_at is not None and not any(
                ar_norm(x.text) in _AFTER_PARTICIPLE for x in words[verb_at + 1:k]) \
                and not any(q in text[words[verb_at].end:w.start] for q in ("\"", "«", "“"))
            if introduces and (quoted or after_verb):
                g, other = hit
                out.append(Form(w.start, w.end, g, other))
            continue
        if k and gap == "" and prev in t.after and n in t.suffix:
            out.append(Form(w.start, w.end, t.suffix[n], t.pairs[n]))
            continue
        # the suffix on the word itself: 'بحسبه'/'وبحسبها' (according to him/her)
        hit = t.attached.get(n)
        if hit is not None:
            g, other = hit
            out.append(Form(w.start, w.end, g, other))
            continue
        # 'على حد قوله' (as he put it)
        if k >= 2 and gap == "" and prev == ar_norm("حد") and n in t.hadd \
                and ar_norm(words[k - 2].text) == ar_norm("على"):
            g, other = t.hadd[n]
            out.append(Form(w.start, w.end, g, other))
    return out


_REFERENT = {
    # 他/她 anywhere but in 他们 (they), 其他 (other), 他人 (others), 吉他 (guitar), 他国, 他乡...
    "zh": re.compile(r"(?<![其吉利])([他她])(?![们們人国國乡鄉处處方日])"),
    # 彼/彼女 but not 彼ら (they), 彼氏 (boyfriend), 彼岸, 彼方
    "ja": re.compile(r"(彼女|彼)(?!ら|女ら|氏|岸|方|此)"),
}


def referent_forms(text: str, lang: str) -> list[Form]:
    """Third-person pronouns of `text` outside a speech attribution (zh 他/她, ja 彼/彼女): in a
    sentence about one person only, they refer to that person ('他的房子' for her house)."""
    rx = _REFERENT.get(base_lang(lang))
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        w = m.group(1)
        g = "f" if w in ("她", "彼女") else "m"
        other = {"他": "她", "她": "他", "彼": "彼女", "彼女": "彼"}[w]
        out.append(Form(m.start(1), m.end(1), g, other))
    return out


@lru_cache(maxsize=1)
def _titles() -> dict:
    """lang -> (pattern of the gendered titles written beside a name, title -> (gender, other title))"""
    out = {}
    for lang in ("zh", "ar"):
        t = _data()[lang]["person_titles"]
        table = {w: ("m", f) for w, f in zip(t["m"], t["f"])}
        table.update({w: ("f", m) for w, m in zip(t["f"], t["m"])})
        for w in t["f"][len(t["m"]):]:
            table[w] = ("f", t["m"][0])
        alts = "|".join(sorted(table, key=len, reverse=True))
        if lang == "zh":      # after a name, not 女士们/先生们 (ladies and gentlemen)
            rx = re.compile(rf"(?<=[\u4e00-\u9fff·・])({alts})(?![们們])")
        else:                 # before a name, with a prefixed و/ل/ب/ك
            rx = re.compile(rf"(?<![\w])[وفلبك]?({alts})(?=\s)")
        out[lang] = (rx, table)
    return out


def title_forms(text: str, lang: str) -> list[Form]:
    """Gendered titles beside a name: zh 先生/女士, ar السيد/السيدة."""
    hit = _titles().get(base_lang(lang))
    if hit is None:
        return []
    rx, table = hit
    return [Form(m.start(1), m.end(1), *table[m.group(1)]) for m in rx.finditer(text)]


@lru_cache(maxsize=1)
def _ar_roles() -> dict:
    """normalised role noun, with or without the article -> (gender, the bare other form)"""
    out = {}
    for m in _data()["ar"]["role_nouns"]:
        n = ar_norm(m)
        for art in ("", "ال"):
            out[art + n] = ("m", m + "ة")
            out[art + n + "ه"] = ("f", m)
    return out


ROLE_WINDOW = 6      # words between the head of a title and the name it stands before
_ROLE_STOP = _NOT_BEFORE_SUBJECT - {ar_norm("في")}


def role_title_forms(text: str, lang: str, name: tuple[str, ...]) -> list[Form]:
    """Arabic: the noun that heads the title before the person's name ('وزير الخارجية ريتنو'), which
    takes the person's gender (وزيرة for a woman): the farthest role noun back from the name, in
    the same clause."""
    if base_lang(lang) != "ar" or not name:
        return []
    roles, verbs = _ar_roles(), _ar_tables().verbs
    words = arabic_words(text)
    out: list[Form] = []
    heads: set[int] = set()
    for i in sorted(_name_words(words, name)):
        head = None
        for j in range(i - 1, max(-1, i - ROLE_WINDOW - 1), -1):
            if any(c in text[words[j].end:words[j + 1].start] for c in ",،.:;\"«»()"):
                break
            n = ar_norm(words[j].text)
            if n in _ROLE_STOP or n in verbs or (len(n) > 3 and n[1:] in verbs):
                break       # the title ends at the verb before it ('قال وزير الخارجية ريتنو')
            hit = roles.get(n) or (roles.get(n[1:]) if len(n) > 3 and n[0] in "وفلبك" else None)
            if hit is not None:
                head = (j, hit)
        if head is not None and head[0] not in heads:
            j, (g, other) = head
            heads.add(j)
            w = words[j].text
            n = ar_norm(w)
            prefix = w[0] if n not in roles else ""
            art = "ال" if ar_norm(w[len(prefix):]).startswith("ال") else ""
            out.append(Form(words[j].start, words[j].end, g, prefix + art + other))
    return out


@lru_cache(maxsize=1)
def _noun_table() -> dict:
    out = {}
    for lang in ("zh", "ja", "ar"):
        t = _data()[lang]["gender_nouns"]
        table = {w: (g, t["f" if g == "m" else "m"][0]) for g in ("m", "f") for w in t[g]}
        alts = "|".join(sorted(table, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w])[وفلبك]?({alts})(?![\w])" if lang == "ar" else rf"({alts})")
        out[lang] = (rx, table)
    return out


def noun_forms(text: str, lang: str) -> list[Form]:
    """Nouns for a person of one gender (男子/女性, الرجل/المرأة): the speaker, where the source
    names none and describes them ('ujar perempuan itu')."""
    hit = _noun_table().get(base_lang(lang))
    if hit is None:
        return []
    rx, table = hit
    return [Form(m.start(1), m.end(1), *table[m.group(1)]) for m in rx.finditer(text)]


def forms(text: str, lang: str, name: tuple[str, ...] = ()) -> list[Form]:
    """The forms of `text` that mark the gender of the person speaking (`name`: the speaker's
    name words, lower-case, where known)."""
    lang = base_lang(lang)
    if lang == "zh":
        return _forms_zh(text)
    if lang == "ja":
        return _forms_ja(text)
    if lang == "ar":
        return _forms_ar(text, name)
    return []


# ------------------------------------------------------------------------- the check
