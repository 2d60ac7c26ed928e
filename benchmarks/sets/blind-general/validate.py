#!/usr/bin/env python3
"""Validate the blind 'general' set (standard library only).

Checks per case folder: required files, UTF-8, no blank lines, equal line counts,
gold.json schema, valid categories/severities, every span found on its line with its
occurrence (and flags an ambiguous span without 'occurrence'), clean <-> findings.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"mistranslation", "omission", "addition", "untranslated", "number", "entity",
        "terminology", "nonword", "speaker_gender", "grammar", "duplication", "casing",
        "date_format", "typography"}
SEVS = {"minor", "major", "critical"}
LANGS = {"fr", "en", "zh", "ja", "ar"}

def read_lines(path, errs):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        errs.append(f"{path}: not UTF-8"); return []
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n")
    for i, l in enumerate(lines, 1):
        if not l.strip():
            errs.append(f"{path}: blank line {i}")
        if "\r" in l:
            errs.append(f"{path}: CR character on line {i}")
    return lines

def main():
    errs, n_cases, n_find = [], 0, 0
    for name in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, name)
        if not os.path.isdir(d):
            continue
        n_cases += 1
        src_p = os.path.join(d, "source.id.txt")
        gold_p = os.path.join(d, "gold.json")
        if not os.path.exists(src_p) or not os.path.exists(gold_p):
            errs.append(f"{name}: missing source.id.txt or gold.json"); continue
        with open(gold_p, encoding="utf-8") as f:
            gold = json.load(f)
        lang = gold.get("tgt_lang")
        if gold.get("src_lang") != "id" or lang not in LANGS:
            errs.append(f"{name}: bad src_lang/tgt_lang"); continue
        tr_p = os.path.join(d, f"translation.{lang}.txt")
        if not os.path.exists(tr_p):
            errs.append(f"{name}: missing {os.path.basename(tr_p)}"); continue
        others = [x for x in os.listdir(d) if x.startswith("translation.") and x != os.path.basename(tr_p)]
        if others:
            errs.append(f"{name}: extra translation files {others}")
        src, tr = read_lines(src_p, errs), read_lines(tr_p, errs)
        if len(src) != len(tr):
            errs.append(f"{name}: line count source {len(src)} != translation {len(tr)}")
        if not (4 <= len(src) <= 9):
            errs.append(f"{name}: {len(src)} paragraphs (expected 4-9)")
        findings = gold.get("findings")
        if not isinstance(findings, list):
            errs.append(f"{name}: findings not a list"); continue
        if not isinstance(gold.get("clean"), bool) or gold["clean"] != (len(findings) == 0):
            errs.append(f"{name}: 'clean' inconsistent with findings")
        for k, fd in enumerate(findings, 1):
            n_find += 1
            tag = f"{name} finding {k}"
            for key in ("category", "span", "line", "severity", "needs_mt", "kind", "note"):
                if key not in fd:
                    errs.append(f"{tag}: missing '{key}'")
            if fd.get("category") not in CATS:
                errs.append(f"{tag}: bad category {fd.get('category')!r}")
            if fd.get("severity") not in SEVS:
                errs.append(f"{tag}: bad severity {fd.get('severity')!r}")
            if not isinstance(fd.get("needs_mt"), bool):
                errs.append(f"{tag}: needs_mt not boolean")
            ln, span = fd.get("line"), fd.get("span")
            if not isinstance(ln, int) or not (1 <= ln <= len(tr)):
                errs.append(f"{tag}: line {ln} out of range"); continue
            if not isinstance(span, str) or not span:
                errs.append(f"{tag}: empty span"); continue
            text = tr[ln - 1]
            count = text.count(span)
            occ = fd.get("occurrence", 1)
            if not isinstance(occ, int) or occ < 1:
                errs.append(f"{tag}: bad occurrence {occ!r}")
            elif count < occ:
                errs.append(f"{tag}: span {span!r} occurrence {occ} not found on line {ln} (found {count})")
            elif count > 1 and "occurrence" not in fd:
                errs.append(f"{tag}: span {span!r} occurs {count} times on line {ln}; give 'occurrence'")
    for e in errs:
        print("ERROR:", e)
    print(f"{n_cases} cases, {n_find} findings, {len(errs)} errors")
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main())
