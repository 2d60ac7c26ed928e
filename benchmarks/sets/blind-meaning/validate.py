#!/usr/bin/env python3
"""Validate the blind 'meaning' set (standard library only).

Checks per case folder: the three text files exist, are UTF-8, have no blank
lines and the same number of lines; gold.json is well formed; every span is an
exact substring of its line (with its occurrence); categories, severities and
kinds are valid; clean controls have no findings.  Prints totals per kind.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = {"mistranslation", "omission", "addition", "untranslated", "number", "entity",
              "terminology", "nonword", "speaker_gender", "grammar", "duplication", "casing",
              "date_format", "typography"}
SEVERITIES = {"minor", "major", "critical"}
KINDS = {"negation": "mistranslation", "direction": "mistranslation", "quantity": "number",
         "abbreviation": "mistranslation", "sense": "mistranslation",
         "agent-patient": "mistranslation", "omission": "omission", "addition": "addition",
         "gibberish": "mistranslation"}
LANGS = {"fr", "en", "zh", "ja", "ar"}


def read_lines(path, errors, label):
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{label}: cannot read as UTF-8 ({exc})")
        return None
    if "\r" in text:
        errors.append(f"{label}: contains CR characters")
    if text.startswith("\ufeff"):
        errors.append(f"{label}: has a BOM")
    if not text.endswith("\n"):
        errors.append(f"{label}: no final newline")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    for i, line in enumerate(lines, 1):
        if not line.strip():
            errors.append(f"{label}: blank line {i}")
        elif line != line.strip():
            errors.append(f"{label}: leading/trailing whitespace on line {i}")
    return lines


def count_occurrences(hay, needle):
    n, start = 0, 0
    while True:
        j = hay.find(needle, start)
        if j < 0:
            return n
        n += 1
        start = j + 1


def check_case(folder, errors, kinds, cats, stats):
    name = os.path.basename(folder)
    files = os.listdir(folder)
    trans = [f for f in files if f.startswith("translation.") and f.endswith(".txt")]
    if len(trans) != 1:
        errors.append(f"{name}: expected exactly one translation.<lang>.txt, found {trans}")
        return
    lang = trans[0].split(".")[1]
    if lang not in LANGS:
        errors.append(f"{name}: unknown target language {lang}")
    for req in ("source.id.txt", "backtranslation.id.txt", "gold.json"):
        if req not in files:
            errors.append(f"{name}: missing {req}")
            return
    src = read_lines(os.path.join(folder, "source.id.txt"), errors, f"{name}/source.id.txt")
    tgt = read_lines(os.path.join(folder, trans[0]), errors, f"{name}/{trans[0]}")
    bt = read_lines(os.path.join(folder, "backtranslation.id.txt"), errors, f"{name}/backtranslation.id.txt")
    if src is None or tgt is None or bt is None:
        return
    if not (len(src) == len(tgt) == len(bt)):
        errors.append(f"{name}: line counts differ: source {len(src)}, translation {len(tgt)}, "
                      f"backtranslation {len(bt)}")
    if not 5 <= len(src) <= 9:
        errors.append(f"{name}: {len(src)} paragraphs (expected 5 to 9)")
    try:
        with open(os.path.join(folder, "gold.json"), encoding="utf-8") as fh:
            gold = json.load(fh)
    except (OSError, ValueError) as exc:
        errors.append(f"{name}: gold.json unreadable ({exc})")
        return
    if gold.get("src_lang") != "id":
        errors.append(f"{name}: src_lang must be 'id'")
    if gold.get("tgt_lang") != lang:
        errors.append(f"{name}: tgt_lang {gold.get('tgt_lang')!r} does not match file {trans[0]}")
    clean = gold.get("clean")
    if not isinstance(clean, bool):
        errors.append(f"{name}: 'clean' must be a boolean")
    findings = gold.get("findings")
    if not isinstance(findings, list):
        errors.append(f"{name}: 'findings' must be a list")
        return
    if clean and findings:
        errors.append(f"{name}: clean control has findings")
    if clean is False and not findings:
        errors.append(f"{name}: non-clean case without findings")
    stats[(lang, bool(clean))] += 1
    seen = set()
    for k, f in enumerate(findings, 1):
        where = f"{name}: finding {k}"
        for key in ("category", "span", "line", "severity", "needs_mt", "kind", "note"):
            if key not in f:
                errors.append(f"{where}: missing key {key}")
        cat, span, line = f.get("category"), f.get("span"), f.get("line")
        if cat not in CATEGORIES:
            errors.append(f"{where}: invalid category {cat!r}")
        if f.get("severity") not in SEVERITIES:
            errors.append(f"{where}: invalid severity {f.get('severity')!r}")
        if not isinstance(f.get("needs_mt"), bool):
            errors.append(f"{where}: needs_mt must be a boolean")
        kind = f.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: unexpected kind {kind!r}")
        elif KINDS[kind] != cat:
            errors.append(f"{where}: kind {kind} should have category {KINDS[kind]}, not {cat}")
        if kind in KINDS and f.get("needs_mt") is not True:
            errors.append(f"{where}: meaning errors must have needs_mt true")
        if not isinstance(line, int) or not 1 <= line <= len(tgt):
            errors.append(f"{where}: line {line!r} out of range 1..{len(tgt)}")
            continue
        if not isinstance(span, str) or not span:
            errors.append(f"{where}: empty span")
            continue
        occ = f.get("occurrence", 1)
        if not isinstance(occ, int) or occ < 1:
            errors.append(f"{where}: invalid occurrence {occ!r}")
            continue
        n = count_occurrences(tgt[line - 1], span)
        if n < occ:
            errors.append(f"{where}: span {span!r} found {n} time(s) on line {line}, occurrence {occ} requested")
        elif n > 1 and "occurrence" not in f:
            errors.append(f"{where}: span {span!r} occurs {n} times on line {line}; give 'occurrence'")
        key = (line, span, occ)
        if key in seen:
            errors.append(f"{where}: duplicate finding")
        seen.add(key)
        kinds[kind] += 1
        cats[cat] += 1


def main():
    errors = []
    kinds, cats, stats = Counter(), Counter(), Counter()
    cases = sorted(d for d in os.listdir(HERE)
                   if os.path.isdir(os.path.join(HERE, d)) and d[:2].isdigit())
    for d in cases:
        check_case(os.path.join(HERE, d), errors, kinds, cats, stats)
    print(f"{len(cases)} cases")
    for (lang, clean), n in sorted(stats.items()):
        print(f"  {lang} {'clean' if clean else 'faulty'}: {n}")
    print(f"{sum(kinds.values())} findings")
    for k, n in sorted(kinds.items()):
        print(f"  kind {k}: {n}")
    for c, n in sorted(cats.items()):
        print(f"  category {c}: {n}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
