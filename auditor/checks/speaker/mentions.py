"""Pass 1: the people a translation names, and the titles that go with them.

Each sentence gets its `mentions`: a title with a name ("la porte-parole Maria X", "M. Budi"),
a known or unknown capitalised name, a title with no name ("le ministre"), or a title in
apposition to a name before it ("Maria X, la porte-parole"). Mentions of one person share an
`Entity` (linked by name tokens: "Sri Mulyani" ... "Mulyani"). A title's gender is recorded with
the place it stands, so that a title which contradicts the source can itself be reported.
"""
from __future__ import annotations

from typing import Optional

from .lexicon import ARTICLES, NAME_PARTICLES, NAME_PARTICLES_STRICT, NO_ATTACH_BEFORE_NAME, NOT_PERSONS, CLAUSE_BREAK_WORDS
from .lexicon import first_names
from .model import Article, Entity, Evidence, Mention, Sent
from .source import fold
from .tokens import is_acronym


def find_mentions(art: Article) -> None:
    for s in art.sents:
        if not s.skip:
            _sentence(art, s)


def title_at(art: Article, toks: list, i: int):
    """A title noun phrase starting at i: (end, gender, weight, text, is_abbrev, noun, has_det)."""
    L, n = art.L, len(toks)
    t = toks[i]
    if not t.word or t.q:
        return None
    low = t.low
    # abbreviations and honorifics written before a name: "M. Trump", "Mme Zakharova", "Pak Budi"
    dotted = i + 1 < n and toks[i + 1].text == "."
    g, j, text = None, i + 1, t.text
    if dotted and (low + ".") in L.abbrev and (low != "m" or t.text == "M"):
        g, j, text = L.abbrev[low + "."], i + 2, t.text + "."
    elif low in L.abbrev and low != "m":
        g = L.abbrev[low]
        if dotted:
            j, text = i + 2, t.text + "."
    elif t.cap and low in L.honorifics:
        g = L.honorifics[low]
    if g is not None:
        if j < n and toks[j].word and toks[j].cap and not toks[j].q:
            return (j, g, 0.9, text, True, low, False)
        return None
    if i > 0 and toks[i - 1].low in L.pat.get("possessive_determiners", ()):
        return None             # "her son", "sa fille": another person than the one named
    j = i
    gd = None
    has_det = False
    if low in L.det:
        gd, has_det = L.det[low], True
        j += 1
    ga = None
    if j < n and toks[j].low in L.pre_adj:
        ga = L.pre_adj[toks[j].low]
        j += 1
    if j >= n or not toks[j].word or toks[j].q:
        return None
    noun = toks[j].low
    two = noun + " " + toks[j + 1].low if j + 1 < n else None
    if two and two in L.nouns:
        noun, end = two, j + 2
    elif noun in L.nouns:
        end = j + 1
    else:
        return None
    ng, w = L.nouns[noun]
    while end < n and toks[end].word and not toks[end].q and toks[end].low in L.nouns and toks[end].low not in L.det:
        g2, w2 = L.nouns[toks[end].low]
        if g2 is not None and ng is None:
            ng, w = g2, w2
        noun = toks[end].low
        end += 1
    if ng is None and noun.split()[0] in L.epicene:
        post = toks[end].low if end < n else ""
        if post in ("adjointe", "adjoint"):
            ng = "f" if post == "adjointe" else "m"
            end += 1
        else:
            ng = ga or gd
        w = 0.9 if ng == "f" else (0.5 if ng == "m" else 0.0)
    elif ng is not None and ga and ga != ng:
        w = min(w, 0.5)
    elif ng == "m" and gd == "f" and w < 0.9:
        ng, w = "f", 0.5        # "la chef": a masculine form used for both, the determiner marks her
    text = " ".join(x.text for x in toks[i:end]).replace("' ", "'").replace("’ ", "’")
    return (end, ng, w, text, False, noun, has_det)


def name_seq(art: Article, toks: list, i: int):
    """A run of capitalised words from i that could be a person's name: (i, end) or None."""
    L, n = art.L, len(toks)
    t = toks[i]
    if not t.word or t.q or not t.cap or is_acronym(t) or t.low in L.cap_stop or L.is_title_word(t.low):
        return None
    if t.low.isdigit():
        return None
    j = i + 1
    while j < n:
        u = toks[j]
        if u.q or not u.word:
            break
        if u.cap and not is_acronym(u) and u.low not in L.cap_stop and not L.is_title_word(u.low):
            j += 1
            continue
        if len(u.text) == 1 and u.text.isupper():    # "Hamengku Buwono X"
            j += 1
            continue
        if u.low in NAME_PARTICLES_STRICT and j + 1 < n and toks[j + 1].word and toks[j + 1].cap and not toks[j + 1].q:
            j += 1
            continue
        break
    return (i, j)


def name_tokens(toks: list, i0: int, i1: int) -> list[str]:
    return [t.low for t in toks[i0:i1] if t.word]


def _known_name(toks: list, i0: int) -> bool:
    names = first_names()
    first = toks[i0].low
    if first in names:
        return True
    return "-" in first and first.split("-")[0] in names and names[first.split("-")[0]][0] != "u"


def _source_person(art: Article, toks: list, i0: int, words: list[str]) -> bool:
    """A name copied from the source, one word of which the source gives as a person's ("ujar Dimas",
    "Pak Warsono"), and not a complement here ("à Medan", "de Sigi": a place that may close a title
    in the source)."""
    if not words or not art.src_persons or i0 > 0 and toks[i0 - 1].low in NO_ATTACH_BEFORE_NAME:
        return False
    folded = [fold(w) for w in words]
    return any(w in art.src_persons for w in folded) and all(w in art.src_words for w in folded)


def link(art: Article, words: list[str], create: bool) -> Optional[Entity]:
    """The entity these name words belong to ("Mulyani" -> "Sri Mulyani"); a new one if `create`."""
    core = [w for w in words if w not in NAME_PARTICLES]
    if not core:
        return None
    sw = set(core)
    # the latest entity that holds every word of the mention, or whose words the mention holds:
    # only an entity sharing a word can be either, and a one-word mention under three letters
    # links to none
    if len(core) > 1 or len(core[0]) >= 3:
        for eid in art.sharing(sw):
            e = art.entities[eid]
            if e.anonymous:
                continue
            if sw <= e.tokens:
                return e
            if len(core) > 1 and e.tokens <= sw:
                art.add_tokens(e, sw)
                if len(" ".join(words)) > len(e.name):
                    e.name = " ".join(words)
                return e
    if not create:
        return None
    return art.add_entity(Entity(len(art.entities), "", set(core)))


def _add_title(art: Article, e: Entity, s: Sent, i: int, end: int, g, w, text: str, is_abbrev: bool) -> None:
    if not g:
        return
    ev = Evidence("abbreviation" if is_abbrev else "title", text, g, w, art.line_of(s, i))
    e.evidence.append(ev)
    e.titles.append((s, i, end - 1, ev))


def _sentence(art: Article, s: Sent) -> None:
    toks, n = s.toks, len(s.toks)
    i = 0
    while i < n:
        t = toks[i]
        if not t.word or t.q:
            i += 1
            continue
        tt = title_at(art, toks, i)
        if tt:
            i = _title_mention(art, s, i, tt)
            continue
        seq = name_seq(art, toks, i)
        if seq:
            a, b = seq
            words = name_tokens(toks, a, b)
            known = link(art, words, create=False)
            if known is not None:
                s.mentions.append(Mention(s.idx, a, b, known, True, None, art.line_of(s, a)))
            elif (_known_name(toks, a) or _source_person(art, toks, a, words)) and " ".join(words) not in NOT_PERSONS \
                    and any(w not in NAME_PARTICLES for w in words):
                e = link(art, words, create=True)
                e.name = " ".join(x.text for x in toks[a:b] if x.word)
                e.first_line = art.line_of(s, a)
                s.mentions.append(Mention(s.idx, a, b, e, True, None, art.line_of(s, a)))
            else:
                s.mentions.append(Mention(s.idx, a, b, None, False, None, art.line_of(s, a)))
            i = b
            continue
        i += 1


def _title_mention(art: Article, s: Sent, i: int, tt) -> int:
    """Record a title at i (with its name, in apposition, or alone); returns the next token index."""
    toks = s.toks
    end, g, w, text, is_abbrev, noun, has_det = tt
    name = _attached_name(art, toks, end, is_abbrev)
    # a "name" of particles only ("di" of "Di« to Ganinduto") links to no one
    e = link(art, name_tokens(toks, *name), create=True) if name else None
    if e is not None:
        a, b = name
        if not e.name:
            e.name = " ".join(x.text for x in toks[a:b] if x.word)
            e.first_line = art.line_of(s, a)
        art.add_title_noun(e, noun)
        _add_title(art, e, s, i, end, g, w, text, is_abbrev)
        if not is_abbrev:       # "la cheffe du service, M. X": the courtesy title before the name counts too
            for x in (a - 2, a - 1):
                pre = title_at(art, toks, x) if x >= end else None
                if pre and pre[4] and pre[0] == a:
                    _add_title(art, e, s, x, a, pre[1], pre[2], pre[3], True)
        s.mentions.append(Mention(s.idx, i, b, e, True, g, art.line_of(s, a)))
        return b
    if is_abbrev:
        return end
    # a title with no name: apposition to a name just before ("Maria Zakharova, la porte-parole")
    prev = _apposition_host(s, i)
    if prev is not None:
        _add_title(art, prev.entity, s, i, end, g, w, text, False)
        art.add_title_noun(prev.entity, noun)
        return end
    if has_det or art.lang == "en" and i > 0 and toks[i - 1].low in ("the", "a"):
        e = anonymous(art, noun, text, g, w, art.line_of(s, i), (s, i, end - 1))
        s.mentions.append(Mention(s.idx, i, end, e, True, g, art.line_of(s, i)))
    return end


_VERB_STOP = frozenset({"a", "ont", "est", "sont", "était", "avait", "sera", "serait", "has", "had", "was", "is",
                        "were", "are", "will", "would", "met", "visited"})


def _skip_parenthesis(toks: list, k: int) -> int:
    """The index after the ")" that closes the "(" at k (k itself where there is none)."""
    for x in range(k + 1, min(len(toks), k + 12)):
        if toks[x].text == ")":
            return x + 1
    return k


def _attached_name(art: Article, toks: list, end: int, is_abbrev: bool):
    """The name a title introduces: right after it ("la porte-parole Maria X"), after its complement
    ("la ministre des Finances Sri Mulyani"), or in apposition after commas and parentheses ("La
    directrice du centre (BMKG), Dwi X, a déclaré", "The head of the office, X, said")."""
    n = len(toks)
    if is_abbrev:
        return name_seq(art, toks, end) if end < n else None
    k = end
    limit = end + 20
    commas = 0
    abbr_end = -1
    while k < n and k < limit:
        u = toks[k]
        if u.q:
            return None
        if not u.word:
            if u.text == "(":
                nk = _skip_parenthesis(toks, k)
                if nk == k:
                    return None
                k = nk
                continue
            if u.text == ",":
                commas += 1
                k += 1
                continue
            if u.text in "'’-":       # "the traders' association"
                k += 1
                continue
            return None
        tt = title_at(art, toks, k)
        if tt and tt[4]:            # "..., M. X": the name after the courtesy title
            k = abbr_end = tt[0]
            continue
        seq = name_seq(art, toks, k)
        if seq:
            prev = toks[k - 1].low if k > 0 else ""
            # "de la société municipale X Y, Z Q": still the complement, and the name is in apposition after
            # its comma
            in_complement = not commas and any(toks[x].low in NO_ATTACH_BEFORE_NAME - ARTICLES
                                               for x in range(end, k)) \
                and seq[1] + 1 < n and toks[seq[1]].text == "," and toks[seq[1] + 1].cap \
                and name_seq(art, toks, seq[1] + 1) is not None
            if prev in NO_ATTACH_BEFORE_NAME or in_complement:
                # "la ministre des Finances Sri Mulyani": the complement's capitals run into the name
                names = first_names()
                for x in range(seq[0] + (prev in NO_ATTACH_BEFORE_NAME), seq[1] - 1):
                    if toks[x].low in names and names[toks[x].low][0] != "u":
                        return (x, seq[1])
                k = seq[1]
                continue
            if commas and toks[k - 1].text != "," and k != abbr_end:
                k = seq[1]
                continue
            if commas and seq[1] < n and toks[seq[1]].word and toks[seq[1]].low not in art.L.speech \
                    and toks[seq[1]].low not in _VERB_STOP:
                k = seq[1]
                continue          # "..., Jakarta et Bandung": a place in a list, not the title's name
            return seq
        inner = title_at(art, toks, k)
        if inner and commas and toks[k - 1].text == "," and not inner[4]:
            k = inner[0]        # "le chef de la police, le général X": the second title leads to the name
            abbr_end = k
            continue
        if u.low in CLAUSE_BREAK_WORDS or u.low in art.L.speech or u.low in _VERB_STOP or inner:
            return None
        k += 1
    return None


def _apposition_host(s: Sent, i: int) -> Optional[Mention]:
    toks = s.toks
    k = i - 1
    steps = 0
    while k >= 0 and steps < 5:
        if toks[k].text == ",":
            for m in reversed(s.mentions):
                if m.i1 == k and m.entity is not None and not m.entity.anonymous:
                    return m
            return None
        if not toks[k].word or toks[k].cap:
            return None
        k -= 1
        steps += 1
    return None


def anonymous(art: Article, noun: str, text: str, g, w, line: int, at: Optional[tuple] = None) -> Entity:
    """The person a role noun alone names ("a raconté l'étudiant"); `at` = (sentence, first token, last
    token) of the role noun phrase, recorded as a title so that a role noun of the other gender than
    the source's (set later from the aligned source, see source_link.role_genders) is reported."""
    e = art.latest_with_title(noun)
    if e is None:
        e = Entity(len(art.entities), text, {"#" + noun}, anonymous=True, first_line=line)
        e.title_nouns.add(noun)
        if g:
            e.evidence.append(Evidence("title", text, g, w, line))
        e = art.add_entity(e)
        ev = e.evidence[-1] if g else None
    else:
        ev = Evidence("title", text, g, w, line) if g else None
    if ev is not None and at is not None:
        e.titles.append((at[0], at[1], at[2], ev))
    return e


def promote(art: Article, s: Sent, m: Mention) -> bool:
    """A capitalised name that is the subject of a speech verb is a speaker, known or not
    ("a déclaré Widyastuti"): it gets an entity of unknown gender, so that the pronouns after it
    resolve to it rather than to someone named before."""
    toks = s.toks
    words = name_tokens(toks, m.i0, m.i1)
    if not words or any(is_acronym(t) for t in toks[m.i0:m.i1]) or len(words) > 4:
        return False
    if any(w in art.L.institutions for w in words):
        return False
    prev = toks[m.i0 - 1].low if m.i0 > 0 else ""
    if prev in art.L.det or prev in ("l'", "the"):      # "La Maison Blanche", "the Pentagon"
        return False
    e = link(art, words, create=True)
    if e is None:                                         # particles only: no name
        return False
    if not e.name:
        e.name = " ".join(x.text for x in toks[m.i0:m.i1] if x.word)
        e.first_line = m.line
    m.entity, m.validated = e, True
    return True


def relink(art: Article) -> bool:
    """Names left unlinked by the mention pass that name a person the attribution pass promoted later
    ("a affirmé Sutarmanto X" ... "Sutarmanto s'est dit soulagé"): linked now. True if any was."""
    changed = False
    for s in art.sents:
        for m in s.mentions:
            if m.entity is not None or s.skip:
                continue
            e = link(art, name_tokens(s.toks, m.i0, m.i1), create=False)
            if e is not None and not e.anonymous:
                m.entity, m.validated, changed = e, True, True
    return changed
