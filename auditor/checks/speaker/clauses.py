"""Clause helpers shared by the French and English attribution passes: where a clause starts,
what its subject is (a person, a body, nothing), adverbs to step over."""
from __future__ import annotations

from typing import Optional

from .lexicon import ARTICLES, NO_ATTACH_BEFORE_NAME, QUOTES
from .mentions import anonymous, promote
from .model import Article, Attr, Mention, Sent
from .tokens import is_acronym


def mention_at(s: Sent, k: int, span: int = 4) -> Optional[Mention]:
    for m in s.mentions:
        if k <= m.i0 < k + span:
            return m
    return None


def skip_adverbs(art: Article, toks: list, k: int) -> int:
    adv = art.L.pat["adverbs"]
    n = len(toks)
    while k < n and toks[k].word and toks[k].low in adv and not toks[k].q:
        k += 1
    return k


def after_quote_or_comma(art: Article, toks: list, j: int) -> bool:
    k = j - 1
    while k >= 0 and toks[k].word and toks[k].low in art.L.pat["adverbs"]:
        k -= 1
    if k < 0:
        return False
    return not toks[k].word and toks[k].text in ",»”\"—–-:;"


def clause_initial(art: Article, toks: list, j: int) -> bool:
    """Does the verb at j open its clause (after a quote, a comma, or the sentence start)?"""
    k = j - 1
    while k >= 0 and toks[k].word and toks[k].low in art.L.pat["adverbs"] and not toks[k].q:
        k -= 1
    if k < 0:
        return True
    u = toks[k]
    return (not u.word and u.text in ",»”\"—–:;") or u.q


def clause_start(toks: list, j: int) -> int:
    k = j - 1
    while k >= 0:
        u = toks[k]
        if u.q or (not u.word and u.text in QUOTES):
            return k + 1
        k -= 1
    return 0


def institution_at(art: Article, s: Sent, k: int, chunk_start: int) -> bool:
    """Does a body that speaks but is no person start at k ("le ministère", "the ministry", "KPK")?"""
    toks = s.toks
    u = toks[k]
    if u.q or not u.word:
        return False
    prev = toks[k - 1].low if k > 0 else ""
    if u.low in art.L.institutions and (not u.cap or k == chunk_start):
        return art.lang == "en" or prev in art.L.det or prev in ("l'", "du", "des") or k == chunk_start
    if is_acronym(u) and (k == chunk_start or prev in art.L.det or prev in ("l'", "the")):
        return True
    return False


def complement(toks: list, k: int, c0: int) -> bool:
    """Is the phrase at k a complement of a noun or verb ("de Joko Widodo", "du ministère", "of the ministry")?"""
    p1 = toks[k - 1].low if k - 1 >= c0 else ""
    p2 = toks[k - 2].low if k - 2 >= c0 else ""
    if p1 in NO_ATTACH_BEFORE_NAME and p1 not in ARTICLES:
        return True
    return p1 in ARTICLES and p2 in NO_ATTACH_BEFORE_NAME


def subject_before(art: Article, s: Sent, j: int) -> tuple[str, Optional[Mention]]:
    """The subject of a verb at j, read from the start of its clause: ('person', m) | ('nonperson', None).

    The clause is cut at commas; a piece that opens with a preposition or an adverb ("Dans un
    communiqué,", "Speaking to reporters,") is skipped; a name after "de", "of", "by" is a complement."""
    toks = s.toks
    a = clause_start(toks, j)
    lead = set(art.L.pat["leading_adverbial"])
    chunks, start = [], a
    for k in range(a, j):
        if toks[k].text == ",":
            chunks.append((start, k))
            start = k + 1
    chunks.append((start, j))
    starts = {m.i0: m for m in s.mentions}
    # "Le chef de l'équipe, X, a déclaré", "The head of the office, X, said": the name in apposition
    # just before the verb is its subject, whatever the title's complement holds
    # ... unless the apposition names a companion ("X, accompagnée du maire, Y, a déclaré": X speaks)
    companions = art.L.pat.get("companions", ())
    for n, (c0, c1) in enumerate(chunks[:-1]):
        if any(toks[k].low in companions for k in range(c0, c1) if toks[k].word):
            chunks = chunks[:n]
            break
    if len(chunks) > 1 and chunks[-1][0] == j:
        comma = chunks[-2][1]
        m = next((x for x in s.mentions if x.i1 == comma), None)
        if m is not None and (m.entity is not None or promote(art, s, m)):
            return "person", m
    for c0, c1 in chunks:
        words = [k for k in range(c0, c1) if toks[k].word]
        if not words or toks[words[0]].low in lead:
            continue
        if c1 == j:
            m = role_subject(art, s, c0, c1)
            if m is not None:
                return "person", m
        # the candidate nearest the verb that is not a complement ("de Joko Widodo", "du ministère")
        for k in range(c1 - 1, c0 - 1, -1):
            m = starts.get(k)
            if m is not None and m.entity is None and (m.i1 == j or (m.i0 == words[0] and m.i1 == c1)) \
                    and not complement(toks, k, c0):
                promote(art, s, m)
            is_inst = m is None and institution_at(art, s, k, words[0])
            if (m is None or not m.validated or m.entity is None) and not is_inst:
                continue
            if complement(toks, k, c0):
                continue
            if is_inst:
                return "nonperson", None
            return "person", m
        m = role_subject(art, s, c0, c1)
        return ("person", m) if m is not None else ("nonperson", None)
    return "nonperson", None


_COMPLEMENTISERS = frozenset({"que", "qu'", "that", "si", "if", "whether", "comment", "how", "pourquoi", "why"})


def subject_after(art: Article, s: Sent, k: int) -> tuple[str, Optional[Mention]]:
    """The subject placed after a speech verb: "», a déclaré la porte-parole Maria Zakharova"."""
    toks = s.toks
    k = skip_adverbs(art, toks, k)
    if k >= len(toks) or toks[k].q or not toks[k].word or toks[k].low in _COMPLEMENTISERS:
        return "none", None     # "a expliqué que X était ...": X is the clause's subject, not the speaker's
    # "said Dr. Agung X": a title written with its period stands before the name
    m = mention_at(s, k, 3 if k + 1 < len(toks) and toks[k + 1].text == "." and toks[k].cap else 2)
    if m is not None:
        if m.validated and m.entity is not None:
            return "person", m
        if promote(art, s, m):
            return "person", m
        return "nonperson", None
    if toks[k].low in ("a", "an", "un", "une") and k + 1 < len(toks) and toks[k + 1].word and not toks[k + 1].q \
            and not toks[k + 1].cap and toks[k + 1].low not in art.L.institutions \
            and toks[k + 1].low not in art.L.cap_stop and not any(m.i0 == k + 2 for m in s.mentions):
        # "said a housewife", "a déclaré une ménagère": a person named by role only (the source may say more)
        t = toks[k + 1]
        g, w = art.L.nouns.get(t.low, (None, 0.0))
        m = Mention(s.idx, k, k + 2, anonymous(art, t.low, s.text(k, k + 1), g, w, art.line_of(s, k), (s, k, k + 1)), True, g,
                    art.line_of(s, k))
        s.mentions.append(m)
        return "person", m
    if toks[k].low in art.L.det or toks[k].low in ("l'", "the", "a"):
        # "according to the defendant X", "a déclaré le prévenu X": a role noun no list holds, then the name
        for j in range(k + 1, min(len(toks), k + 4)):
            u = toks[j]
            if not u.word or u.q or u.low in NO_ATTACH_BEFORE_NAME or u.low in art.L.cap_stop:
                break
            m = mention_at(s, j, 1)
            if m is not None:
                if j > k + 1 and (m.validated and m.entity is not None or promote(art, s, m)):
                    return "person", m
                break
            if u.cap:
                break
        return "nonperson", None
    return "none", None


def new_attr(art: Article, s: Sent, **kw) -> Attr:
    a = Attr(sent=s.idx, **kw)
    if a.kind == "nonperson":
        a.igender = _inst_gender(art, s, a.t0)
    s.attrs.append(a)
    return a


def _inst_gender(art: Article, s: Sent, j: int) -> Optional[str]:
    """Grammatical gender of the body that speaks near a verb at j ("le ministère" m, "la police" f)."""
    toks = s.toks
    best, dist = None, 99
    for k in range(clause_start(toks, j), min(len(toks) - 1, j + 6)):
        d, noun = toks[k].low, toks[k + 1].low
        if d in art.L.det and noun in art.L.institutions and abs(k - j) < dist:
            best, dist = art.L.det[d], abs(k - j)
    return best


def first_word(s: Sent) -> int:
    return next((k for k, t in enumerate(s.toks) if t.word), -1)


def _opening(art: Article, s: Sent) -> int:
    """The first word of the sentence's main clause: after a leading adverbial ("Meanwhile, ", "Par ailleurs, ")."""
    k = first_word(s)
    toks = s.toks
    if k >= 0 and toks[k].low in art.L.pat["leading_adverbial"]:
        for c in range(k, min(len(toks), k + 8)):
            if toks[c].text == ",":
                return c + 1
    return k


_NOT_VERB = frozenset({"de", "d'", "du", "des", "et", "ou", "of", "and", "or", "the", "le", "la", "les", "l'", "un",
                       "une", "à", "au", "aux", "in", "on", "at", "for", "to", "with", "avec", "pour"})


def _verb_after(toks: list, j: int) -> bool:
    """Is the token at j (after a name, or after the apposition that follows it) a lowercase word?"""
    n = len(toks)
    if j < n and toks[j].text == "," and j + 1 < n and toks[j + 1].word and not toks[j + 1].cap \
            and toks[j + 1].low not in _NOT_VERB:
        return not toks[j + 1].q                # "X, a-t-il / X, rejected": the apposition closed before
    if j < n and toks[j].text == ",":           # an apposition: "X, directeur de Y, a déclaré"
        j2 = j + 1
        while j2 < n and j2 < j + 15 and toks[j2].text != "," and not toks[j2].q:
            j2 += 1
        j = j2 + 1 if j2 < n and toks[j2].text == "," else n
    return j < n and toks[j].word and not toks[j].cap and not toks[j].q and toks[j].low not in _NOT_VERB


def subject_anchor(art: Article, s: Sent) -> None:
    """A person named as the subject that opens a sentence ("X a inauguré ...", "Meanwhile, the head of Y,
    X, rejected ..."): what a sentence-initial pronoun after it refers to, and a quote's speaker in the
    same paragraph."""
    k = _opening(art, s)
    if k < 0 or k >= len(s.toks) or s.toks[k].q:      # a dateline ending in a comma: nothing after it
        return
    toks = s.toks
    m = next((x for x in s.mentions if x.i0 == k or x.i0 == k + 1 and toks[k].low in ("the", "a", "an")), None)
    if m is None:
        # "L'entraîneur de l'équipe, X, a présenté": a name in apposition in the first clause
        m = next((x for x in s.mentions if x.i0 > k and toks[x.i0 - 1].text == "," and x.i1 < len(toks)
                  and toks[x.i1].text == "," and not any(t.q for t in toks[k:x.i0])), None)
    if (m is None or m.entity is None) and not s.attrs:
        r = _role_opening(art, s, k)
        if r is not None:
            new_attr(art, s, t0=r.i0, t1=r.i1 - 1, pos=r.i0, kind="subject", entity=r.entity, mention=r)
            return
    if m is None or m.entity is None or not m.validated or any(a.entity is m.entity for a in s.attrs):
        return
    if not _verb_after(toks, m.i1):
        return
    new_attr(art, s, t0=m.i0, t1=m.i1 - 1, pos=m.i0, kind="subject", entity=m.entity, mention=m)


_ROLE_DET = frozenset({"the", "a", "an", "le", "la", "l'", "un", "une"})
# words that may stand between a role noun and its verb: "the police chief of X", "le porte-parole de la police"
_ROLE_TAIL = frozenset({"of", "de", "du", "des", "d'"})


def role_subject(art: Article, s: Sent, c0: int, j: int) -> Optional[Mention]:
    """A person named by role only as the subject before the verb at j ("A ministry spokesman said", "The
    district police chief then came", "Le porte-parole de la police a ajouté"): an anonymous person, so
    that no pronoun after it jumps back over them to someone named before. None where the words from
    c0 to j are not a determiner, modifiers and a role noun (with its complement)."""
    toks = s.toks
    k = c0
    while k < j and not toks[k].word:
        k += 1
    if k >= j or toks[k].q or toks[k].low not in _ROLE_DET:
        return None
    end = skip_back_adverbs(art, toks, j)
    head = None
    for x in range(k + 1, min(end, k + 7)):
        t = toks[x]
        if not t.word or t.q:
            return None
        if t.low in _ROLE_TAIL:
            break
        head = x
    if head is None:
        return None
    noun = toks[head].low
    if noun not in art.L.nouns or noun in art.L.abbrev or (head + 1 < len(toks) and toks[head + 1].low == "'s"):
        return None
    if any(m.i0 <= head < m.i1 for m in s.mentions):
        return None
    g, w = art.L.nouns[noun]
    m = Mention(s.idx, k, head + 1, anonymous(art, noun, s.text(k, head), g, w, art.line_of(s, k), (s, k, head)), True, g,
                art.line_of(s, k))
    s.mentions.append(m)
    return m


def skip_back_adverbs(art: Article, toks: list, j: int) -> int:
    """The index just after the last word before j that is not an adverb ("chief then came" -> after "chief")."""
    adv = art.L.pat["adverbs"]
    while j > 0 and toks[j - 1].word and toks[j - 1].low in adv and not toks[j - 1].q:
        j -= 1
    return j


def _role_opening(art: Article, s: Sent, k: int) -> Optional[Mention]:
    """A sentence that opens with a person named by role only, then its verb ("The police chief then
    came ...", "La porte-parole a ensuite rappelé ...")."""
    toks = s.toks
    for j in range(k + 1, min(len(toks), k + 8)):
        t = toks[j]
        if not t.word or t.q:
            return None
        if t.cap or t.low in art.L.nouns or t.low in art.L.pat["adverbs"]:
            continue
        if toks[skip_back_adverbs(art, toks, j) - 1].low in art.L.nouns:
            return role_subject(art, s, k, j)
        if t.low in _NOT_VERB:
            return None
    return None
