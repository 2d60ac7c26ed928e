"""Pass 2 (French): speech attributions in a translation sentence.

Inverted pronouns ("a-t-il ajouté", "dit-elle", "s'est-elle dite"), pronoun subjects ("elle a
déclaré", "il estime"), "selon lui / elle / X", named subjects before or after the verb ("a
déclaré la porte-parole X", "X a souligné", "X ajoute"), plural and institutional subjects (which
end a pronoun's search), and participles that agree with a named subject ("X s'est dite satisfaite",
"X est arrivé")."""
from __future__ import annotations

from typing import Optional

from .clauses import after_quote_or_comma, first_word, clause_initial, new_attr, skip_adverbs, subject_after, subject_before
from .fixes import INVERTED, swap_adj, swap_fr, swap_participle
from .mentions import promote
from .model import Article, Sent


class _Words:
    """The French reporting words, read once per article."""

    def __init__(self, art: Article):
        P = art.L.pat
        self.P = P
        self.parts = set(P["speech_participles"])
        self.finite = set(P["speech_finite"])
        self.aux = set(P["auxiliaries"])
        self.paux = set(P["plural_auxiliaries"])
        self.etre = set(P["etre"])
        self.agree = {}
        for mf in P["agreeing_participles"]:
            self.agree[mf[0]] = ("m", mf[1])
            self.agree[mf[1]] = ("f", mf[0])
        self.adj = {}
        for mf in P.get("agreeing_adjectives", []):
            self.adj[mf[0]] = "m"
            self.adj[mf[1]] = "f"
        self.pron = P["pronouns"]
        self.stress = P["stress_pronouns"]
        self.not_speech = set(P["source_verbs_not_speech"])

    def speech_part(self, toks: list, k: int) -> bool:
        if k >= len(toks) or not toks[k].word or toks[k].q:
            return False
        if toks[k].low == "fait":
            return k + 1 < len(toks) and toks[k + 1].low in self.P["fait_objects"]
        return toks[k].low in self.parts

    def speech_finite(self, toks: list, k: int) -> bool:
        if k >= len(toks) or not toks[k].word or toks[k].q:
            return False
        if toks[k].low in ("fait", "fit"):
            return k + 1 < len(toks) and toks[k + 1].low in self.P["fait_objects"]
        return toks[k].low in self.finite


_WORDS: dict[int, tuple] = {}


def _words(art: Article) -> _Words:
    """_Words for the article's language data, built once (not once per sentence: 50,000 one-line
    paragraphs spent 2 s building it)."""
    got = _WORDS.get(id(art.L))
    if got is None or got[0] is not art.L:
        got = _WORDS[id(art.L)] = (art.L, _Words(art))
    return got[1]


def find(art: Article, s: Sent) -> None:
    W = _words(art)
    toks, n = s.toks, len(s.toks)
    j = 0
    while j < n:
        t = toks[j]
        if not t.word or t.q:
            j += 1
            continue
        nxt = None
        if INVERTED.match(t.low):
            nxt = _inverted(art, W, s, j)
        elif t.low in W.pron:
            nxt = _pronoun_subject(art, W, s, j)
        elif t.low == "selon" or (t.low == "d'" and j + 1 < n and toks[j + 1].low == "après"):
            nxt = _selon(art, W, s, j)
        elif t.low in W.aux or t.low in W.paux:
            nxt = _auxiliary(art, W, s, j)
        if nxt is None:
            nxt = _finite(art, W, s, j)
        j = nxt
    _participles(art, W, s)
    _opening_participle(art, s)


_COMPLEMENT = frozenset({"de", "d'", "du", "des", "à", "au", "aux", "par", "avec", "pour", "contre", "chez", "sur",
                         "entre", "envers", "que", "qu'"})
_NOT_PARTICIPLE = frozenset({"été", "clé", "côté", "société", "comité", "café", "marché", "degré", "congé", "député",
                             "thé", "bébé", "fossé", "pré", "blé", "passé", "délégué", "employé", "procédé"})


def _word_gender(W: _Words, t) -> Optional[str]:
    """The gender a participle or adjective about a person shows: the listed ones, and "-é"/"-ée"."""
    if not t.word or t.q or t.cap:
        return None
    low = t.low
    if low in W.agree:
        return W.agree[low][0]
    if low in W.adj:
        return W.adj[low]
    if len(low) < 5 or low in _NOT_PARTICIPLE or low.rstrip("e") in _NOT_PARTICIPLE:
        return None
    if low.endswith("ée"):
        return "f"
    if low.endswith("é"):
        return "m"
    return None


def agreeing_words(W: _Words, toks: list, k: int, chain: bool = True) -> list:
    """[(index, gender)] of the participle and adjective that agree with a subject before k:
    "s'est dite satisfaite", "est convaincu", "a été nommée", "s'est montré très satisfait".
    With `chain` False, the words right at k (after an attribution already read)."""
    n = len(toks)
    if chain:
        refl = k < n and toks[k].low == "s'"
        if refl:
            k += 1
        if k < n and toks[k].low in W.etre and not toks[k].q:
            k += 1
        elif not refl and k + 1 < n and toks[k].low in ("a", "avait", "aurait") and toks[k + 1].low == "été":
            k += 2
        else:
            return []
    out = []
    k = _skip_adv(W, toks, k)
    while k < n and len(out) < 2:
        t = toks[k]
        g = _word_gender(W, t)
        if g is None:
            break
        if t.low in ("rendu", "rendue") and k + 1 < n and toks[k + 1].low == "compte":
            return []           # "s'est rendu compte": no agreement before an object
        if t.low in ("fait", "faite", "permis", "permise"):
            return []
        out.append((k, g))
        k = _skip_adv(W, toks, k + 1)
    return out


def _skip_adv(W: _Words, toks: list, k: int) -> int:
    while k < len(toks) and toks[k].word and not toks[k].q and toks[k].low in W.P["adverbs"]:
        k += 1
    return k


def _agreement_attrs(art: Article, s: Sent, words: list, host=None, entity=None, mention=None,
                     speech: bool = False) -> None:
    """One attribution per run of agreeing words of one gender ("dite satisfaite", or "dite" and "satisfait")."""
    runs: list = []
    for k, g in words:
        if runs and runs[-1][1] == g and runs[-1][0][-1] == k - 1:
            runs[-1][0].append(k)
        else:
            runs.append(([k], g))
    for ks, g in runs:
        t0, t1 = ks[0], ks[-1]
        sug = swap_participle(art.L, s, t0, t1) if s.toks[t0].low in _agree_words(art) else \
            _swap_words(art, s, t0, t1)
        if host is not None:
            new_attr(art, s, t0=t0, t1=t1, pos=t0, kind="agreement", gender=g, host=host, suggestion=sug)
        else:
            new_attr(art, s, t0=t0, t1=t1, pos=t0, kind="participle", gender=g, entity=entity, mention=mention,
                     suggestion=sug, speech=speech)


def _agree_words(art: Article) -> set:
    return {w for mf in art.L.pat["agreeing_participles"] for w in mf}


def _swap_words(art: Article, s: Sent, t0: int, t1: int) -> str:
    """Each word to the other gender: listed pairs first, then the "-é"/"-ée" endings and adjectives."""
    pairs = {}
    for key in ("agreeing_participles", "agreeing_adjectives"):
        for m, f in art.L.pat.get(key, []):
            pairs[m], pairs[f] = f, m
    out, text, pos = [], s.seg.text, s.toks[t0].start
    for k in range(t0, t1 + 1):
        u = s.toks[k]
        out.append(text[pos:u.start])
        low = u.low
        if low in pairs:
            w = pairs[low]
        elif low.endswith("ée"):
            w = u.text[:-1]
        elif low.endswith("é"):
            w = u.text + "e"
        else:
            w = swap_adj(u.text)
        out.append(w)
        pos = u.end
    return "".join(out)


# "Interrogée par VOI, X a déclaré": a participle opening the sentence agrees with the subject after
# the comma; only the regular "-é"/"-ée" endings, whose gender is certain
_OPENING_MAX = 12


def _opening_participle(art: Article, s: Sent) -> None:
    toks, n = s.toks, len(s.toks)
    j = first_word(s)
    if j < 0 or toks[j].q or not toks[j].cap or j + 1 >= n:
        return
    low = toks[j].low
    if low.endswith("ée"):
        g, fix = "f", toks[j].text[:-1]
    elif low.endswith("é") and len(low) > 4:
        g, fix = "m", toks[j].text + "e"
    else:
        return
    bare = toks[j + 1].text == "," and len(low) > 6     # "Interrogé, la procureure X a indiqué"
    if not bare and toks[j + 1].low not in ("par", "à", "au", "en", "dans", "lors", "sur", "après", "mardi", "lundi", "mercredi",
                                "jeudi", "vendredi", "samedi", "dimanche", "hier", "ce", "mercredi", "devant"):
        return                 # "Désolé," / "Né en 1970": only a participle with its complement
    comma = next((k for k in range(j + 1, min(n, j + _OPENING_MAX)) if toks[k].text == ","), None)
    if comma is None:
        return
    # the name right after the comma, or after its title ("la procureure X")
    reach = 4 if bare else 1
    mm = next((m for m in s.mentions if comma + 1 <= m.i0 < comma + 1 + reach and m.validated
               and m.entity is not None and not m.entity.anonymous
               and all(t.word and not t.cap and not t.q for t in toks[comma + 1:m.i0])), None)
    if mm is None or mm.i1 >= n or toks[mm.i1].q:
        return
    new_attr(art, s, t0=j, t1=j, pos=j, kind="participle", gender=g, entity=mm.entity, mention=mm,
             suggestion=fix, speech=False)


def _inverted(art: Article, W: _Words, s: Sent, j: int):
    toks, n = s.toks, len(s.toks)
    m = INVERTED.match(toks[j].low)
    if m.group(1) in ("peut", "est-ce", "faut", "y"):
        return None
    base, pr = m.group(1), m.group(3)
    after_q = after_quote_or_comma(art, toks, j)
    if pr in ("ils", "elles"):
        if after_q or base in W.aux or W.speech_finite(toks, j):
            new_attr(art, s, t0=j, t1=j, pos=j, kind="plural")
        return j + 1
    g = W.pron[pr]
    end, ok, part = j, False, None
    k = skip_adverbs(art, toks, j + 1)
    if base in W.aux:
        if W.speech_part(toks, k) or (after_q and k < n and toks[k].word and not toks[k].cap
                                      and not toks[k].q and toks[k].low.endswith(("é", "i", "u", "t", "s"))):
            end, ok = k, True
    elif base in W.etre and j > 0 and toks[j - 1].low == "s'":
        if k < n and toks[k].low in W.agree:
            end, ok, part = k, True, k
    elif base in W.finite or after_q:
        ok = base in W.finite or base.endswith(("e", "t", "d", "a"))
    if not ok:
        return j + 1
    t0 = j - 1 if base in W.etre else j
    new_attr(art, s, t0=t0, t1=end, pos=j, kind="pronoun", gender=g, suggestion=swap_fr(art.L, s, t0, end, part))
    return end + 1


def _pronoun_subject(art: Article, W: _Words, s: Sent, j: int):
    """"il a déclaré", "elle a ajouté", "il s'est dit", "elle estime"."""
    toks, n = s.toks, len(s.toks)
    g = W.pron[toks[j].low]
    k = j + 1
    refl = k < n and toks[k].low == "s'"
    if refl:
        k += 1
    if k >= n or toks[k].q:
        return j + 1
    end, part = None, None
    if not refl and toks[k].low in W.aux:
        k2 = skip_adverbs(art, toks, k + 1)
        if W.speech_part(toks, k2):
            end = k2
    elif refl and toks[k].low in W.etre:
        k2 = skip_adverbs(art, toks, k + 1)
        if k2 < n and toks[k2].low in W.agree:
            end = part = k2
    elif not refl and W.speech_finite(toks, k):
        end = k
    if end is None:
        words = agreeing_words(W, toks, j + 1) if j == first_word(s) else []
        if not words:
            return j + 1
        # "Elle est convaincu que ...", "Il a été nommée": the pronoun is checked with what agrees with it
        host = new_attr(art, s, t0=j, t1=j, pos=j, kind="pronoun", gender=g,
                        suggestion=swap_fr(art.L, s, j, j, None), initial=True)
        host.speech = False
        _agreement_attrs(art, s, words, host=host)
        return words[-1][0] + 1
    sug = swap_fr(art.L, s, j, end, part)
    after = agreeing_words(W, toks, end + 1, chain=False) if part is not None else []
    same = []
    for x, gx in after:                 # "Il s'est dit satisfait": the fix changes the adjective too
        if gx != g or x != (same[-1] if same else end) + 1:
            break
        same.append(x)
    if same:
        sug += s.seg.text[toks[end].end:toks[same[0]].start] + _swap_words(art, s, same[0], same[-1])
        end = same[-1]
    host = new_attr(art, s, t0=j, t1=end, pos=j, kind="pronoun", gender=g, suggestion=sug,
                    initial=j == first_word(s))
    # "Elle s'est dite satisfait": a word after a reflexive attribution that agrees otherwise
    _agreement_attrs(art, s, [(x, gx) for x, gx in after if gx != g], host=host)
    return end + 1


def _selon(art: Article, W: _Words, s: Sent, j: int):
    """"selon lui / elle", "d'après elle", "selon la ministre", "selon Retno Marsudi"."""
    toks, n = s.toks, len(s.toks)
    k = j + 1 if toks[j].low == "selon" else j + 2
    if k < n and toks[k].low in W.stress and not toks[k].q:
        new_attr(art, s, t0=j, t1=k, pos=j, kind="pronoun", gender=W.stress[toks[k].low],
                 suggestion=swap_fr(art.L, s, j, k, None), initial=j == first_word(s))
        return k + 1
    kind, mm = subject_after(art, s, k)
    if kind == "person":
        new_attr(art, s, t0=j, t1=mm.i1 - 1, pos=j, kind="explicit", entity=mm.entity, mention=mm)
    return j + 1


def _auxiliary(art: Article, W: _Words, s: Sent, j: int):
    """A named or unnamed explicit subject: "a déclaré X", "X a déclaré", "ont déclaré"."""
    toks = s.toks
    prev = toks[j - 1].low if j > 0 else ""
    k = skip_adverbs(art, toks, j + 1)
    if prev in W.pron or prev in ("l'", "y", "en", "lui", "leur") or not W.speech_part(toks, k) \
            or toks[k].low in W.not_speech:
        return None
    if toks[j].low in W.paux:
        new_attr(art, s, t0=j, t1=k, pos=j, kind="plural")
        return k + 1
    if clause_initial(art, toks, j):
        kind, mm = subject_after(art, s, k + 1)
        if kind == "person":
            new_attr(art, s, t0=j, t1=k, pos=j, kind="explicit", entity=mm.entity, mention=mm)
            return k + 1
        if kind == "nonperson":
            new_attr(art, s, t0=j, t1=k, pos=j, kind="nonperson")
            return k + 1
        # nothing after the verb: the comma closed an apposition ("X, directeur de Y, a déclaré que")
    kind, mm = subject_before(art, s, j)
    if kind == "person":
        new_attr(art, s, t0=j, t1=k, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm)
    else:
        new_attr(art, s, t0=j, t1=k, pos=j, kind="nonperson")
    return k + 1


def _finite(art: Article, W: _Words, s: Sent, j: int) -> int:
    """"Sri Mulyani estime que ...", "Retno ajoute", "», ajoute X"."""
    toks = s.toks
    if not W.speech_finite(toks, j):
        return j + 1
    if not after_quote_or_comma(art, toks, j):
        mm = next((x for x in s.mentions if x.i1 == j and x.validated and x.entity is not None), None)
        if mm is not None:
            new_attr(art, s, t0=j, t1=j, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm)
        return j + 1
    kind, mm = subject_after(art, s, j + 1)
    if kind == "none":
        kind, mm = subject_before(art, s, j)    # "X, spécialiste de Y, estime que ..."
        if kind == "person":
            new_attr(art, s, t0=j, t1=j, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm)
        return j + 1
    if kind == "person":
        new_attr(art, s, t0=j, t1=j, pos=j, kind="explicit", entity=mm.entity, mention=mm)
    elif kind == "nonperson":
        new_attr(art, s, t0=j, t1=j, pos=j, kind="nonperson")
    return j + 1


_HEAD_DET = {"la": "f", "une": "f", "cette": "f", "le": "m", "un": "m", "ce": "m", "cet": "m"}


def _head_gender(s: Sent, i0: int) -> Optional[str]:
    """The grammatical gender of the noun phrase that opens the sentence and that a name at i0 stands
    in apposition to ("L'une des victimes, X," f; "Le porte-parole, X," m); None without one."""
    toks = s.toks
    j = first_word(s)
    if j < 0 or i0 < 2 or toks[i0 - 1].text != "," or j >= i0 - 1:
        return None
    if any(t.text == "," or t.q for t in toks[j:i0 - 1]):
        return None
    low = toks[j].low
    if low == "l'" and j + 1 < i0 - 1:
        low = toks[j + 1].low
    return _HEAD_DET.get(low)


def _participles(art: Article, W: _Words, s: Sent) -> None:
    """Participles that agree with a named subject: "Sri Mulyani s'est dit satisfait", "X est arrivé"."""
    toks, n = s.toks, len(s.toks)
    for mm in list(s.mentions):
        if mm.i0 > 0 and toks[mm.i0 - 1].low in _COMPLEMENT:
            continue            # "la femme de X est arrivée": X is not the subject
        known = mm.entity is not None and mm.validated
        if not known and not (mm.i0 == first_word(s) or mm.i0 > 0 and toks[mm.i0 - 1].text == ","):
            continue
        k = mm.i1
        if k + 1 < n and toks[k].text == "," and (toks[k + 1].low == "s'" or toks[k + 1].low in W.etre):
            k += 1                              # "La directrice, X, s'est dite ...": the apposition was the name
        elif k < n and toks[k].text == ",":      # skip an apposition: "Sri Mulyani, ministre des Finances,"
            k2 = k + 1
            while k2 < n and k2 < k + 12 and toks[k2].text != "," and not toks[k2].q:
                k2 += 1
            k = k2 + 1 if k2 < n and toks[k2].text == "," else k
        refl = k < n and toks[k].low == "s'"
        words = agreeing_words(W, toks, k)
        head = None if refl else _head_gender(s, mm.i0)
        if head is not None:
            # "L'une des victimes, X, a été emportée": a passive participle agrees with the noun the name
            # is in apposition to, whatever the person's gender (not "s'est dite heureuse", which
            # reports what the person says of themselves)
            words = [(x, g) for x, g in words if g != head]
        if not words:
            continue
        # "La recrue, X Y, s'est dit satisfait": a name the lexicon does not know, speaking of itself
        if not known and not (refl and toks[words[0][0]].low in W.parts and promote(art, s, mm)):
            continue
        _agreement_attrs(art, s, words, entity=mm.entity, mention=mm, speech=refl)
