"""The words the speaker passes read: first names, titles, honorifics, reporting verbs.

Everything here is data loaded once from auditor/checks/data (gender_titles.json,
speaker_patterns.json, first_names.tsv); no pass keeps word lists of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...data import data_path, load_json

GENDER_WORD = {"f": "feminine", "m": "masculine"}
OTHER = {"f": "m", "m": "f"}
OPEN_QUOTES = "«“„"
CLOSE_QUOTES = "»”"
QUOTES = OPEN_QUOTES + CLOSE_QUOTES + '"'

# words after which a capitalised sequence is a complement, not the subject or a title's name
NO_ATTACH_BEFORE_NAME = frozenset({
    "de", "d'", "du", "des", "à", "au", "aux", "par", "avec", "et", "ou", "pour", "contre", "selon", "entre",
    "sur", "chez", "envers", "vers", "of", "for", "to", "by", "with", "and", "or", "from", "about", "against",
    "than", "at", "in", "on", "between", "toward", "towards", "under", "after", "before", "like",
    "le", "la", "les", "l'", "un", "une", "the", "a", "an", "'s",
})
ARTICLES = frozenset({"le", "la", "les", "l'", "un", "une", "the", "a", "an", "'s"})
CLAUSE_BREAK_WORDS = frozenset({"qui", "que", "qu'", "dont", "où", "who", "that", "which", "whom", "whose", "where"})
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "bin", "binti", "al", "el", "ibn", "da", "dos", "di", "la",
                            "le", "de"})
NAME_PARTICLES_STRICT = frozenset({"von", "van", "der", "den", "bin", "binti", "al", "el", "ibn", "da", "dos"})
NOT_PERSONS = frozenset({"sri lanka", "santa maria", "maria's", "victoria falls", "grace period"})


@lru_cache(maxsize=None)
def first_names() -> dict[str, tuple[str, str]]:
    """lower-case given name -> (gender f/m/u, usage)."""
    out: dict[str, tuple[str, str]] = {}
    with open(data_path("first_names.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1] in ("f", "m", "u"):
                out[parts[0].lower()] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def weights() -> dict[str, float]:
    return load_json("gender_titles.json")["weights"]


@lru_cache(maxsize=None)
def indonesian() -> dict:
    """The source side: honorifics, name particles, explicit gender words, reporting verbs."""
    t = load_json("gender_titles.json")["id"]
    p = load_json("speaker_patterns.json")["id"]
    hon = {x: g for g, words in t["honorifics"].items() for x in words}
    return {"honorifics": hon, "not_person": frozenset(t["not_a_person_after_honorific"]),
            "titles_after": frozenset(t["titles_after_honorific"]),
            "particles": {x: g for g, ws in t["name_particles"].items() for x in ws},
            "gender_words": {x: g for g, ws in t["gender_words"].items() for x in ws},
            "gender_roles": {x: g for g, ws in t.get("gender_roles", {}).items() for x in ws},
            **p}


@dataclass(frozen=True)
class LangData:
    lang: str
    det: dict                  # word -> 'f' | 'm' | None
    pre_adj: dict              # word -> gender
    abbrev: dict               # word -> gender
    abbrev_swap: dict          # abbreviation (lower case, with its dot) -> the other gender's form
    nouns: dict                # word (may hold a space) -> (gender or None, weight)
    swap: dict                 # gendered role noun -> its other-gender form
    epicene: frozenset
    neutral_titles: frozenset
    honorifics: dict           # Indonesian honorifics used in the translation too
    cap_stop: frozenset
    institutions: frozenset
    pat: dict
    speech: frozenset          # reporting verbs that stop a title's name search
    generic_masculine: frozenset = frozenset()   # masculine role nouns still used of women ("chairman")

    def is_title_word(self, low: str) -> bool:
        return low in self.nouns or low.rstrip(".") in self.abbrev or low in self.abbrev or low in self.honorifics


@lru_cache(maxsize=None)
def lang_data(lang: str) -> LangData:
    titles = load_json("gender_titles.json")
    pats = load_json("speaker_patterns.json")
    w = titles["weights"]
    t = titles[lang]
    det: dict = {}
    for g, words in t.get("determiners", {}).items():
        for x in words:
            det[x] = g if g in ("f", "m") else None
    pre_adj = {x: g for g, words in t.get("pre_adjectives", {}).items() for x in words}
    abbrev = {x: g for g, words in t.get("abbreviations", {}).items() for x in words}
    nouns: dict = {}
    swap: dict = {}
    for fem, masc, wm in t.get("pairs", []):
        nouns[fem] = ("f", w["feminine"])
        nouns[masc] = ("m", float(wm))
        swap[fem], swap[masc] = masc, fem
    epicene = frozenset(t.get("epicene", []))
    for x in epicene:
        nouns.setdefault(x, (None, 0.0))
    neutral = frozenset(t.get("neutral_titles", []))
    for x in neutral:
        nouns.setdefault(x, (None, 0.0))
    hon = {x: g for g, words in titles["id"]["honorifics"].items() for x in words if not x.endswith(".")}
    p = pats[lang]
    if lang == "fr":
        speech = frozenset(p["speech_participles"]) | frozenset(p["speech_finite"]) - {"fait", "note"}
    else:
        speech = frozenset(p["speech_verbs"])
    return LangData(lang=lang, det=det, pre_adj=pre_adj, abbrev=abbrev, abbrev_swap=t.get("abbreviation_swap", {}),
                    nouns=nouns, swap=swap, epicene=epicene,
                    neutral_titles=neutral, honorifics=hon, cap_stop=frozenset(p["cap_stopwords"]),
                    institutions=frozenset(p["institutions"]), pat=p, speech=speech,
                    generic_masculine=frozenset(t.get("generic_masculine", [])))
