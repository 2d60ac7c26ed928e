"""Pass 0: what the Indonesian source says about people and who speaks.

- honorifics before a name ("Ibu Sri Mulyani", "Pak Budi", "Mbak Rina"): the person's gender;
- explicit gender words beside a name ("pengusaha perempuan X", "X, seorang pria", "X, istri Y"
  makes X a woman and Y a man);
- attributions: "kata/ujar/ucap/jelas/tutur/sambung X" after a quote, "X mengatakan", "menurut X"
  (explicit speakers), "katanya", "ujarnya", "menurutnya" (a pronoun: the last speaker).

The source is what the translation is checked against; nothing here reads the translation.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ...types import Document
from .lexicon import indonesian

_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?\.?")
_STOP_SPEAKER = frozenset({"dalam", "di", "saat", "ketika", "kepada", "usai", "seusai", "pada", "seperti", "yang",
                           "dan", "untuk", "kepadanya", "melalui", "lewat", "via", "dari", "setelah", "sebelum",
                           "sambil", "ketika", "sebagaimana", "kemarin", "hari", "ini", "itu", "tersebut"})


def fold(word: str) -> str:
    """Lower case without accents or a final period: names compare across languages ("Maëlle" -> "maelle")."""
    w = unicodedata.normalize("NFKD", word.lower().rstrip("."))
    return "".join(c for c in w if not unicodedata.combining(c)).replace("’", "'")


@dataclass
class SourceAttr:
    sent_id: str
    kind: str                      # explicit | pronoun
    speaker: frozenset             # folded capitalised words naming the speaker (explicit)
    text: str                      # "kata Dwi", "menurut Tessa", "ujarnya"
    names: frozenset               # every folded capitalised word of the sentence
    subjects: frozenset = frozenset()   # capitalised words followed by a verb of their own ("X meminta")
    raw: str = ""                  # the attribution as written, punctuation kept ("ujar anggota DPRD, X Y")
    gender: Optional[str] = None   # kind "role": the gender its words state ("kata seorang ibu rumah tangga")


@dataclass
class SourceInfo:
    words: set = field(default_factory=set)              # every folded word of the source
    honorifics: dict = field(default_factory=dict)       # name word -> [(gender, "Ibu Sri Mulyani", line)]
    gender_words: dict = field(default_factory=dict)     # name word -> [(gender, "X, seorang pria", line)]
    attrs: dict = field(default_factory=dict)            # source sentence id -> [SourceAttr]
    persons: set = field(default_factory=set)            # folded words that name a person: after an
                                                         # honorific, or a speaker standing alone ("ujar X")

    def evidence_for(self, word: str) -> list[tuple[str, str, str, int]]:
        """(kind, gender, text, line) that the source gives for a name word."""
        out = [("honorific", g, t, ln) for g, t, ln in self.honorifics.get(word, [])]
        out += [("gender_word", g, t, ln) for g, t, ln in self.gender_words.get(word, [])]
        return out


def read_source(source: Optional[Document]) -> SourceInfo:
    info = SourceInfo()
    if source is None:
        return info
    for p in source.paragraphs:
        line = source.line_col(p.start)[0] if p.offsets else 0
        words = _WORD.findall(p.text)
        info.words.update(fold(w) for w in words)
        _honorifics(words, line, info)
        _gender_words(words, line, info)
        for s in p.sentences:
            info.attrs[s.id] = attributions(s.id, s.text)
            for a in info.attrs[s.id]:
                if a.kind == "explicit":
                    info.persons.update(speaker_name(a.raw or a.text))
    info.persons.update(info.honorifics)
    return info


def speaker_name(text: str) -> list[str]:
    """The folded words of a source speaker's name where the attribution gives the name alone: "ujar Dimas",
    "kata Pak Warsono", "Menurut Tessa", "..., Dimas Saputra, mengaku", "Dimas mengatakan" (not "kata
    Kapolres Metro X", where a place may close the title)."""
    I = indonesian()
    verbs = set(I["reporting_after"]) | set(I["reporting_before"]) | set(I["according"])
    for piece in reversed(re.split(r"[,;:()]", text)):
        words = _WORD.findall(piece)
        words = [w for w in words if w.lower().rstrip(".") not in verbs and w.lower() not in I["honorifics"]]
        if not words:
            continue
        if len(words) > 4 or not all(w[:1].isupper() and not w.isupper() for w in words):
            return []
        names = [fold(w) for w in words]
        if any(n in I["not_names"] or n in I["titles_after"] for n in names):
            return []
        return names
    return []


def _name_after(words: list[str], j: int, limit: int = 4) -> tuple[list[str], int]:
    """The capitalised words from j on (titles after an honorific skipped): (folded names, end)."""
    I = indonesian()
    names: list[str] = []
    while j < len(words) and len(names) < limit:
        nx = words[j]
        nl = fold(nx)
        if not nx[:1].isupper():
            break
        if nl in I["not_person"] and not names:
            return [], j
        if nl in I["titles_after"] or nx.lower() in I["titles_after"]:
            j += 1
            continue
        names.append(nl)
        j += 1
    return names, j


def _honorifics(words: list[str], line: int, info: SourceInfo) -> None:
    hon = indonesian()["honorifics"]
    for i, wd in enumerate(words):
        low = wd.lower()
        if not wd[:1].isupper() or low not in hon:
            continue
        names, j = _name_after(words, i + 1)
        if names:
            text = " ".join(words[i:j])
            for n in names:
                info.honorifics.setdefault(n, []).append((hon[low], text, line))


def _name_before(words: list[str], i: int) -> list[str]:
    """The capitalised words just before i ("Sri Mulyani" in "Sri Mulyani, seorang ...")."""
    out: list[str] = []
    k = i - 1
    while k >= 0 and words[k][:1].isupper() and len(out) < 4:
        out.insert(0, fold(words[k]))
        k -= 1
    return out


def _gender_words(words: list[str], line: int, info: SourceInfo) -> None:
    """"pengusaha perempuan X" -> X; "X, (seorang) pria" -> X; "X, istri Y" -> X f and Y m."""
    I = indonesian()
    gw = {**I["gender_words"], **I["gender_roles"]}
    spouse = {"istri": "m", "suami": "f"}
    # "tim putri X" is a team, not X; a marked role noun ("siswi X", "pramugari X") is the person's own
    loose = {"perempuan", "wanita", "pria", "laki-laki", "lelaki"} | set(I["gender_roles"])
    for i, wd in enumerate(words):
        low = wd.lower()
        if low not in gw or wd[:1].isupper() and low not in I["gender_roles"]:
            continue
        g = gw[low]
        targets: list[tuple[list[str], str]] = []
        after, j = _name_after(words, i + 1)
        prev = words[i - 1] if i > 0 else ""
        if after and (prev or low in I["gender_roles"]) and prev.lower() not in gw and low in loose:
            targets.append((after, g))                  # "atlet perempuan X"
        k = i - 1
        if k >= 0 and words[k].lower() == "seorang":
            k -= 1
        if k >= 0 and words[k].endswith(","):
            pass
        before = _name_before(words, k + 1) if k >= 0 and words[k][:1].isupper() else []
        if before and (k == i - 1 or words[k + 1].lower() == "seorang"):
            targets.append((before, g))                 # "X, seorang pria" (commas are not words here)
        if low in spouse:
            other, _ = _name_after(words, i + 2 if i + 1 < len(words) and words[i + 1].lower() == "dari" else i + 1)
            if other:
                targets.append((other, spouse[low]))    # "istri Y": Y is her husband
        for names, gg in targets:
            text = " ".join(words[max(0, i - 3):min(len(words), i + 3)])
            for n in names:
                info.gender_words.setdefault(n, []).append((gg, text, line))


def attributions(sent_id: str, text: str) -> list[SourceAttr]:
    """The speech attributions of one source sentence."""
    I = indonesian()
    after, before, according = set(I["reporting_after"]), set(I["reporting_before"]), set(I["according"])
    toks = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    names = frozenset(fold(w) for w, _, _ in toks if w[:1].isupper()) - frozenset(I["not_names"])
    subjects = frozenset(_subjects(toks))
    out: list[SourceAttr] = []
    for i, (w, s, e) in enumerate(toks):
        low = w.lower().rstrip(".")
        if low.endswith("nya") and (low[:-3] in after or low[:-3] in according):
            out.append(SourceAttr(sent_id, "pronoun", frozenset(), w, names, subjects))
            continue
        if low in after or low in according:
            if low in after and not _after_quote_or_comma(text, s):
                continue
            # "menurut A, B ...": the comma ends the speaker; "kata juru bicara X, A," goes on
            shown: list[str] = []
            spk = [x for x in _speaker_phrase(toks, i + 1, text, shown, apposition=low in after)
                   if x not in I["not_names"]]
            if low in according:
                # "Menurut kuasa hukum terdakwa, X Y, ...", "Menurut Kepala Dinas Z, X Y, ...": a role, then its
                # name closed by a comma
                spk += [x for x in _closed_apposition(toks, i + 1, text, shown) if x not in I["not_names"]]
            if not spk and low in after:
                role = _role_gender(toks, i + 1, text)
                if role is not None:
                    g, raw = role
                    out.append(SourceAttr(sent_id, "role", frozenset(), raw, names, subjects, raw, g))
                continue
            if spk:
                last = next((t for t in reversed(toks) if t[0] == shown[-1] and t[1] > s), None)
                raw = text[s:last[2]] if last is not None else ""
                out.append(SourceAttr(sent_id, "explicit", frozenset(spk), f"{w} {' '.join(shown)}", names, subjects,
                                      raw))
            continue
        if low in before:
            spk, at = _subject_before(toks, i, text)
            shown = text[at:e] if spk else w
            if spk and set(spk) <= set(I["pronouns"]):
                out.append(SourceAttr(sent_id, "pronoun", frozenset(), shown, names, subjects))
            elif spk:
                spk = [x for x in spk if x not in I["not_names"]]
                out.append(SourceAttr(sent_id, "explicit", frozenset(spk), shown, names, subjects, shown))
    return out


def _after_quote_or_comma(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k] in ',"”»\'’—–-:'


def _speaker_phrase(toks: list, j: int, text: str, shown: list, apposition: bool = True) -> list[str]:
    """The capitalised words of the phrase after a reporting verb, up to punctuation or a function word
    ("kata juru bicara Kementerian X Maria Zakharova dalam ..." -> the capitalised words)."""
    out: list[str] = []
    start = j
    end_prev = toks[j - 1][2] if j > 0 else 0
    while j < len(toks) and len(out) < 8:
        w, s, e = toks[j]
        gap = text[end_prev:s]
        if any(c in gap for c in '.;:()"”') or ("," in gap and not (apposition and w[:1].isupper() and j > start)):
            break               # "kata juru bicara KPK, Ali Fikri, di Jakarta": the apposition goes on
        if w.lower() in _STOP_SPEAKER:
            break
        if w[:1].isupper():
            out.append(fold(w))
            shown.append(w)
        end_prev = e
        j += 1
    return out


def _role_gender(toks: list, j: int, text: str) -> Optional[tuple[str, str]]:
    """A speaker named by role only, whose words state a gender ("kata seorang ibu rumah tangga", "ujar
    seorang pria", "kata nenek itu"): (gender, the phrase), or None."""
    I = indonesian()
    words = {**I["gender_words"], **I["gender_roles"],
             **{w: g for w, g in I["honorifics"].items() if not w.endswith(".")}}
    found, end = [], j
    end_prev = toks[j - 1][2] if j > 0 else 0
    while end < len(toks) and end < j + 6:
        w, s, e = toks[end]
        if any(c in text[end_prev:s] for c in '.,;:()"”'):
            break
        low = w.lower().rstrip(".")
        if low in _STOP_SPEAKER:
            break
        if w[:1].isupper():
            return None         # a name: the explicit attribution reads it
        if low in words:
            found.append(words[low])
        end_prev = e
        end += 1
        if w.endswith("."):
            break
    if len(set(found)) != 1:
        return None
    return found[0], text[toks[j - 1][1]:toks[end - 1][2]]


def _closed_apposition(toks: list, j: int, text: str, shown: list) -> list[str]:
    """The capitalised words between the first and the second comma after j, where nothing else stands
    there ("menurut kuasa hukum terdakwa, X Y, hakim ..."); [] otherwise ("menurut polisi, X tidak hadir")."""
    k = j
    while k < len(toks) and "," not in text[toks[k - 1][2]:toks[k][1]]:
        if any(c in text[toks[k - 1][2]:toks[k][1]] for c in '.;:()"”'):
            return []
        k += 1
    words = []
    while k < len(toks) and toks[k][0][:1].isupper() and not toks[k][0].isupper():
        words.append(toks[k][0])
        k += 1
        if k < len(toks) and "," in text[toks[k - 1][2]:toks[k][1]]:
            shown.extend(words)
            return [fold(w) for w in words] if len(words) <= 4 else []
        if k < len(toks) and text[toks[k - 1][2]:toks[k][1]].strip():
            return []
    return []


def _subject_before(toks: list, i: int, text: str) -> tuple[list[str], int]:
    """The capitalised words of the clause before "mengatakan" ("Kepala X, Dwi, mengatakan"), and where
    they start."""
    companions = indonesian().get("companions", ())
    out: list[str] = []
    at = toks[i][1]
    k = i - 1
    while k >= 0 and len(out) < 8:
        w, s, e = toks[k]
        gap = text[e:toks[k + 1][1]]
        if any(c in gap for c in '."”;:') or w.lower() in ("bahwa", "yang"):
            break
        if w[:1].isupper():
            out.insert(0, fold(w))
            at = s
        elif w.lower() in companions and out:
            out = []            # "A, didampingi B, mengatakan": A speaks, B came along
        elif w.lower() not in ("juga", "pun", "kembali", "lalu", "kemudian", "sempat", "telah", "sudah"):
            if out:
                break
        k -= 1
    return out, at


def _subjects(toks: list):
    """Capitalised words directly followed (after a parenthesis) by an Indonesian active verb
    ("Presiden Joko Widodo (Jokowi) meminta"): people who do their own saying in the sentence."""
    companions = indonesian().get("companions", ())
    run: list[str] = []
    after_companion = False     # "A, didampingi B, mengatakan": B is no subject
    for w, _, _ in toks:
        if w[:1].isupper():
            run.append(fold(w))
            continue
        low = w.lower()
        if run and (low.startswith(("me", "ber")) and len(low) > 4) and not after_companion:
            yield from run
        after_companion = low in companions
        run = []
