#!/usr/bin/env python3
"""Validate the cjkar blind set (standard library only)."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"mistranslation", "omission", "addition", "untranslated", "number", "entity",
        "terminology", "nonword", "speaker_gender", "grammar", "duplication", "casing",
        "date_format", "typography"}
SEV = {"minor", "major", "critical"}
LANGS = {"zh", "ja", "ar", "fr", "en"}


def lines_of(path, errs):
    raw = open(path, encoding="utf-8").read()
    if raw.startswith("\ufeff"):
        errs.append(f"{path}: BOM")
    if "\r" in raw:
        errs.append(f"{path}: CR characters")
    ls = raw.split("\n")
    if ls and ls[-1] == "":
        ls = ls[:-1]
    for i, l in enumerate(ls, 1):
        if not l.strip():
            errs.append(f"{path}: blank line {i}")
    return ls


def main():
    errs, n, stats = [], 0, {}
    for case in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, case)
        if not os.path.isdir(d):
            continue
        n += 1
        g = json.load(open(os.path.join(d, "gold.json"), encoding="utf-8"))
        lang = g.get("tgt_lang")
        if g.get("src_lang") != "id" or lang not in LANGS:
            errs.append(f"{case}: bad src/tgt lang")
            continue
        src = lines_of(os.path.join(d, "source.id.txt"), errs)
        tp = os.path.join(d, f"translation.{lang}.txt")
        bp = os.path.join(d, "backtranslation.id.txt")
        for p in (tp, bp):
            if not os.path.exists(p):
                errs.append(f"{case}: missing {os.path.basename(p)}")
        tr = lines_of(tp, errs)
        bt = lines_of(bp, errs)
        if not (len(src) == len(tr) == len(bt)):
            errs.append(f"{case}: line counts src={len(src)} tr={len(tr)} bt={len(bt)}")
        if not (5 <= len(src) <= 9):
            errs.append(f"{case}: {len(src)} paragraphs (want 5-9)")
        fs = g.get("findings")
        if not isinstance(fs, list) or not isinstance(g.get("clean"), bool):
            errs.append(f"{case}: bad clean/findings")
            continue
        if g["clean"] != (len(fs) == 0):
            errs.append(f"{case}: clean flag inconsistent with findings")
        if not g["clean"] and not (2 <= len(fs) <= 5):
            errs.append(f"{case}: {len(fs)} findings (want 2-5)")
        st = stats.setdefault(lang, {"cases": 0, "clean": 0, "findings": 0})
        st["cases"] += 1
        st["clean"] += g["clean"]
        st["findings"] += len(fs)
        for k, f in enumerate(fs, 1):
            tag = f"{case} finding {k}"
            for key in ("category", "span", "line", "severity", "needs_mt", "kind", "note"):
                if key not in f:
                    errs.append(f"{tag}: missing {key}")
            if f.get("category") not in CATS:
                errs.append(f"{tag}: bad category {f.get('category')}")
            if f.get("severity") not in SEV:
                errs.append(f"{tag}: bad severity {f.get('severity')}")
            if not isinstance(f.get("needs_mt"), bool):
                errs.append(f"{tag}: needs_mt not bool")
            ln, span = f.get("line"), f.get("span", "")
            if not isinstance(ln, int) or not (1 <= ln <= len(tr)):
                errs.append(f"{tag}: bad line {ln}")
                continue
            occ = f.get("occurrence", 1)
            text = tr[ln - 1]
            cnt = text.count(span) if span else 0
            if cnt < occ:
                errs.append(f"{tag}: span {span!r} occurrence {occ} not in line {ln} (found {cnt})")
            elif cnt > 1 and "occurrence" not in f:
                errs.append(f"{tag}: span {span!r} occurs {cnt}x on line {ln}; give occurrence")
    for e in errs:
        print("ERROR", e)
    print(f"{n} cases; " + "; ".join(f"{l}: {s['cases']} cases, {s['clean']} clean, {s['findings']} findings"
                                      for l, s in sorted(stats.items())))
    print("OK" if not errs else f"{len(errs)} error(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
