#!/usr/bin/env python3
"""Validate the speakers blind set (standard library only).

Checks, for every case folder NN-slug/:
  - source.id.txt and exactly one translation.<lang>.txt exist, UTF-8, no blank lines,
    same number of lines;
  - gold.json: src_lang 'id', tgt_lang matching the translation file, 'clean' true iff no findings;
  - every finding: valid category, severity, boolean needs_mt, 1-based line in range,
    span an exact substring of that line with at least `occurrence` occurrences,
    non-empty kind and note.
Exit status 0 when everything passes.
"""
import json, os, sys, glob

CATEGORIES = {"mistranslation", "omission", "addition", "untranslated", "number", "entity",
              "terminology", "nonword", "speaker_gender", "grammar", "duplication", "casing",
              "date_format", "typography"}
SEVERITIES = {"minor", "major", "critical"}
LANGS = {"en", "fr", "zh", "ja", "ar"}

def read_lines(path, errs):
    try:
        text = open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        errs.append("%s: not UTF-8" % path); return []
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n")
    for i, l in enumerate(lines, 1):
        if not l.strip():
            errs.append("%s: blank line %d" % (path, i))
        if "\r" in l:
            errs.append("%s: CR in line %d" % (path, i))
    return lines

def count_occ(hay, needle):
    n, start = 0, 0
    while True:
        k = hay.find(needle, start)
        if k < 0:
            return n
        n += 1; start = k + 1

def main(root):
    errs = []
    cases = sorted(d for d in glob.glob(os.path.join(root, "[0-9][0-9]-*")) if os.path.isdir(d))
    stats = {"cases": 0, "clean": 0, "findings": 0}
    for d in cases:
        name = os.path.basename(d)
        stats["cases"] += 1
        src = os.path.join(d, "source.id.txt")
        trs = glob.glob(os.path.join(d, "translation.*.txt"))
        if not os.path.exists(src):
            errs.append("%s: missing source.id.txt" % name); continue
        if len(trs) != 1:
            errs.append("%s: expected one translation file, found %d" % (name, len(trs))); continue
        lang = os.path.basename(trs[0]).split(".")[1]
        if lang not in LANGS:
            errs.append("%s: bad translation language %r" % (name, lang))
        s_lines = read_lines(src, errs)
        t_lines = read_lines(trs[0], errs)
        if len(s_lines) != len(t_lines):
            errs.append("%s: %d source lines vs %d translation lines" % (name, len(s_lines), len(t_lines)))
        try:
            gold = json.load(open(os.path.join(d, "gold.json"), encoding="utf-8"))
        except Exception as e:
            errs.append("%s: gold.json unreadable: %s" % (name, e)); continue
        if gold.get("src_lang") != "id":
            errs.append("%s: src_lang must be 'id'" % name)
        if gold.get("tgt_lang") != lang:
            errs.append("%s: tgt_lang %r does not match translation.%s.txt" % (name, gold.get("tgt_lang"), lang))
        fnd = gold.get("findings")
        if not isinstance(fnd, list):
            errs.append("%s: findings must be a list" % name); continue
        if gold.get("clean") is not (len(fnd) == 0):
            errs.append("%s: 'clean' is %r but there are %d findings" % (name, gold.get("clean"), len(fnd)))
        if not fnd:
            stats["clean"] += 1
        for j, f in enumerate(fnd, 1):
            tag = "%s finding %d" % (name, j)
            stats["findings"] += 1
            if f.get("category") not in CATEGORIES:
                errs.append("%s: bad category %r" % (tag, f.get("category")))
            if f.get("severity") not in SEVERITIES:
                errs.append("%s: bad severity %r" % (tag, f.get("severity")))
            if not isinstance(f.get("needs_mt"), bool):
                errs.append("%s: needs_mt must be a boolean" % tag)
            for key in ("kind", "note"):
                if not isinstance(f.get(key), str) or not f.get(key).strip():
                    errs.append("%s: missing %s" % (tag, key))
            line, span = f.get("line"), f.get("span")
            occ = f.get("occurrence", 1)
            if not isinstance(line, int) or not 1 <= line <= len(t_lines):
                errs.append("%s: line %r out of range" % (tag, line)); continue
            if not isinstance(span, str) or not span:
                errs.append("%s: empty span" % tag); continue
            if not isinstance(occ, int) or occ < 1:
                errs.append("%s: bad occurrence %r" % (tag, occ)); continue
            n = count_occ(t_lines[line - 1], span)
            if n < occ:
                errs.append("%s: span %r found %d time(s) on line %d, occurrence %d needed"
                            % (tag, span, n, line, occ))
            elif n > 1 and "occurrence" not in f:
                errs.append("%s: span %r occurs %d times on line %d; give an occurrence"
                            % (tag, span, n, line))
    for e in errs:
        print("ERROR", e)
    print("%d cases (%d clean), %d findings, %d error(s)"
          % (stats["cases"], stats["clean"], stats["findings"], len(errs)))
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
