"""Pass 2 (English): speech attributions in a translation sentence.

"he said", "said she", "according to him / her / X", "X said", "said X", "the ministry said",
plural subjects ("officials said"), and possessives in the attribution clause ("she said in his
statement")."""
from __future__ import annotations

from .clauses import first_word, clause_initial, clause_start, new_attr, skip_adverbs, subject_after, subject_before
from .fixes import case_like, swap_en
from .lexicon import QUOTES
from .model import Article, Attr, Sent


def find(art: Article, s: Sent) -> None:
    P = art.L.pat
    toks, n = s.toks, len(s.toks)
    pron, obj = P["pronouns"], P["object_pronouns"]
    plural = set(P["plural_pronouns"])
    hosts: list[Attr] = []
    j = 0
    while j < n:
        t = toks[j]
        if not t.word or t.q:
            j += 1
            continue
        low = t.low
        if low in pron or low in plural or low == "it":
            k = skip_adverbs(art, toks, j + 1)
            if _is_verb(art, toks, k):
                if low in pron:
                    hosts.append(new_attr(art, s, t0=j, t1=k, pos=j, kind="pronoun", gender=pron[low],
                                          suggestion=swap_en(s, j, k), initial=j == first_word(s)))
                else:
                    new_attr(art, s, t0=j, t1=k, pos=j, kind="plural" if low in plural else "nonperson")
                j = k + 1
                continue
        elif low == "according" and j + 1 < n and toks[j + 1].low == "to":
            k = j + 2
            if k < n and toks[k].low in obj and not toks[k].q:
                hosts.append(new_attr(art, s, t0=j, t1=k, pos=j, kind="pronoun", gender=obj[toks[k].low],
                                      suggestion=swap_en(s, j, k, obj=True), initial=j == first_word(s)))
                j = k + 1
                continue
            kind, mm = subject_after(art, s, k)
            if kind == "person":
                hosts.append(new_attr(art, s, t0=j, t1=mm.i1 - 1, pos=j, kind="explicit", entity=mm.entity,
                                      mention=mm))
        elif _is_verb(art, toks, j) and low not in P["source_verbs_not_speech"]:
            j = _verb(art, s, j, hosts)
            continue
        j += 1
    _possessives(art, s, hosts)


def _is_verb(art: Article, toks: list, k: int) -> bool:
    if k >= len(toks) or not toks[k].word or toks[k].q:
        return False
    if toks[k].low == "went":
        return k + 1 < len(toks) and toks[k + 1].low == "on"
    if toks[k].low == "pointed":
        return k + 1 < len(toks) and toks[k + 1].low == "out"
    return toks[k].low in art.L.pat["speech_verbs"]


def _verb(art: Article, s: Sent, j: int, hosts: list) -> int:
    """"said he", "said Retno", "Retno said", "the ministry said", "officials said"."""
    P = art.L.pat
    toks, n = s.toks, len(s.toks)
    pron = P["pronouns"]
    plural_subj = set(P["plural_subjects"])
    k = j + 1
    initial = clause_initial(art, toks, j)
    if k < n and toks[k].low in pron and initial:
        hosts.append(new_attr(art, s, t0=j, t1=k, pos=j, kind="pronoun", gender=pron[toks[k].low],
                              suggestion=swap_en(s, j, k)))
        return k + 1
    prev = toks[j - 1].low if j > 0 else ""
    if prev in plural_subj or (not initial and any(
            toks[x].low in plural_subj for x in range(clause_start(toks, j), j))):
        new_attr(art, s, t0=j, t1=j, pos=j, kind="plural")
        return j + 1
    kind = "none"
    if initial:
        kind, mm = subject_after(art, s, k)
        if kind != "person" and j > 0 and toks[j - 1].text == ",":
            kb, mb = subject_before(art, s, j)      # "The head of X, Y, said the ..."
            if kb == "person":
                kind, mm = kb, mb
        if kind == "person":
            hosts.append(new_attr(art, s, t0=j, t1=j, pos=j, kind="explicit", entity=mm.entity, mention=mm))
        elif kind == "nonperson":
            new_attr(art, s, t0=j, t1=j, pos=j, kind="nonperson")
    if kind == "none":
        kind, mm = subject_before(art, s, j)
        if kind == "person":
            hosts.append(new_attr(art, s, t0=j, t1=j, pos=mm.i0, kind="explicit", entity=mm.entity, mention=mm))
        else:
            new_attr(art, s, t0=j, t1=j, pos=j, kind="nonperson")
    return j + 1


def _possessives(art: Article, s: Sent, hosts: list) -> None:
    """Possessives in the attribution clause: "she said in his statement", "Retno said in his speech"."""
    P = art.L.pat
    toks, n = s.toks, len(s.toks)
    pron, obj, poss = P["pronouns"], P["object_pronouns"], P["possessives"]
    stop_next = set(P["not_possessive_next"])
    for h in hosts:
        k = h.t1 + 1
        while k < n:
            u = toks[k]
            if u.q or (not u.word and u.text in QUOTES + ";."):
                break
            if any(m.i0 == k and m.validated for m in s.mentions) or (u.word and u.low in pron) \
                    or (u.word and u.low in obj and u.low != "her"):
                break
            if u.word and u.low in poss and k + 1 < n and toks[k + 1].word \
                    and toks[k + 1].low not in stop_next and not toks[k + 1].q:
                new_attr(art, s, t0=k, t1=k, pos=k, kind="possessive", gender=poss[u.low], host=h,
                         suggestion=case_like(u.text, "her" if u.low == "his" else "his"))
                break
            k += 1
