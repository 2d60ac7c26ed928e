"""Bad input, faults and hostile content (issue 8): a correct audit or one clear error line.

Every case runs the command line as a user does (in-process, as tests/test_cli.py does)
and checks what a CI job relies on: the exit code, one error line naming the file and the
problem, no traceback (unless --debug), and where the input is acceptable, an audit whose
spans point into the file as given. The feed command's cases (time limit per article,
Ctrl-C, manifest roots) belong to the feed tests.
"""
from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import sys
import tracemalloc
from pathlib import Path

import pytest

import auditor_cli.main as CLI
from auditor.checks.base import REGISTRY, Check, CheckInfo
from auditor.pipeline import audit_texts
from auditor.reader import read_file
from auditor.segment import MAX_SENTENCE_CHARS, segment_document
from auditor.types import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "voi-russia-us"
OTHER_FR = ROOT / "fixtures" / "clean-vaksin-fr" / "translation.fr.txt"




def run(args, capsys, monkeypatch):
    """Run `auditor ARGS` in-process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["auditor", *map(str, args)])
    CLI.STATE["debug"] = False
    with pytest.raises(SystemExit) as e:
        CLI.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


def audit(tgt, src, *extra):
    return ["audit", tgt, "--source", src, "--no-mt", "--no-embed", *extra]


def one_error_line(err: str, *needles: str) -> str:
    lines = [l for l in err.strip().splitlines() if l.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def findings_of(out: str) -> list[dict]:
    return json.loads(out)["findings"]


@pytest.fixture(scope="module")
def seed_lines():
    return (SEED / "source.id.txt").read_text("utf-8").splitlines(), \
        (SEED / "translation.fr.txt").read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def seed_findings():
    """The seed's findings (code, text) in the plain UTF-8/LF file: the reference for re-encodings."""
    r = audit_texts((SEED / "source.id.txt").read_text("utf-8"), (SEED / "translation.fr.txt").read_text("utf-8"),
                    tgt_lang="fr", embed=False)
    return sorted((f.code, r.translation.text_of(f.span)) for f in r.findings)


# --- 1. inputs --------------------------------------------------------------------------


def test_missing_file(capsys, monkeypatch, tmp_path):
    code, out, err = run(audit(tmp_path / "nope.fr.txt", SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2 and out == ""
    one_error_line(err, "nope.fr.txt", "no such file")


def test_folder_given_as_file(capsys, monkeypatch, tmp_path):
    code, _, err = run(audit(tmp_path, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, str(tmp_path), "is a folder")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\u00a0\u2003\n".encode()])
def test_empty_or_blank_file(capsys, monkeypatch, tmp_path, content):
    f = tmp_path / "blank.fr.txt"
    f.write_bytes(content)
    code, _, err = run(audit(f, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "blank.fr.txt", "no text to audit")


@pytest.mark.parametrize("blob", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
                                  b"PK\x03\x04\x14\x00\x00\x00\x08\x00"])
def test_binary_file(capsys, monkeypatch, tmp_path, blob):
    f = tmp_path / "image.fr.txt"
    f.write_bytes(blob + bytes(range(256)))
    code, _, err = run(audit(f, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "image.fr.txt", "binary")


def test_latin1_is_refused_with_a_hint_and_audited_with_encoding(capsys, monkeypatch, tmp_path, seed_findings):
    f = tmp_path / "latin.fr.txt"
    f.write_bytes((SEED / "translation.fr.txt").read_text("utf-8").encode("latin-1", "replace"))
    src = tmp_path / "source.id.txt"
    src.write_bytes((SEED / "source.id.txt").read_bytes())
    code, _, err = run(audit(f, src, "-f", "json"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "latin.fr.txt", "not UTF-8", "--encoding")
    # the source is ASCII-compatible UTF-8 here, so one --encoding serves both only if it is ASCII:
    src.write_bytes((SEED / "source.id.txt").read_text("utf-8").encode("latin-1", "replace"))
    code, out, err = run(audit(f, src, "-f", "json", "--encoding", "latin-1"), capsys, monkeypatch)
    assert code in (0, 1), err
    raw = f.read_bytes().decode("latin-1")
    got = findings_of(out)
    assert got and all(raw[x["start"]:x["end"]] == x["text"] for x in got)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_give_the_same_audit(capsys, monkeypatch, tmp_path, codec, seed_findings):
    text = (SEED / "translation.fr.txt").read_text("utf-8")
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    f = tmp_path / "t.fr.txt"
    f.write_bytes(data)
    code, out, err = run(audit(f, SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    assert code in (0, 1), err
    got = findings_of(out)
    assert sorted((x["code"], x["text"]) for x in got) == seed_findings
    for x in got:   # offsets are code points of the decoded text, BOM not counted
        assert text[x["start"]:x["end"]] == x["text"]


@pytest.mark.parametrize("eol", ["\r\n", "mixed", "\r"])
def test_crlf_and_mixed_line_endings(capsys, monkeypatch, tmp_path, eol, seed_findings):
    lines = (SEED / "translation.fr.txt").read_text("utf-8").splitlines()
    if eol == "mixed":
        raw = "".join(l + ("\r\n", "\n", "\r")[k % 3] for k, l in enumerate(lines))
    else:
        raw = eol.join(lines) + eol
    f = tmp_path / "t.fr.txt"
    f.write_bytes(raw.encode("utf-8"))
    code, out, err = run(audit(f, SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    assert code in (0, 1), err
    got = findings_of(out)
    assert sorted((x["code"], x["text"]) for x in got) == seed_findings
    for x in got:   # line:column count CR, LF and CRLF as one line end each
        assert raw[x["start"]:x["end"]] == x["text"]
        assert lines[x["line"] - 1][x["column"] - 1:].startswith(x["text"].split("\n")[0][:20])


def test_50_mb_file_is_refused_without_being_read(capsys, monkeypatch, tmp_path):
    big = tmp_path / "big.fr.txt"
    with open(big, "wb") as fh:          # a sparse file: 50 MB on paper, no disk used
        fh.truncate(50 * 1024 * 1024)
    run(audit(big, SEED / "source.id.txt"), capsys, monkeypatch)   # warm-up: imports are no file data
    tracemalloc.start()
    try:
        code, out, err = run(audit(big, SEED / "source.id.txt"), capsys, monkeypatch)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and out == ""
    one_error_line(err, "big.fr.txt", "50.0 MB is larger than the 20 MB limit")
    assert peak < 5 * 1024 * 1024, f"{peak / 1e6:.1f} MB allocated: the file was read"


def test_a_device_or_growing_file_is_read_only_up_to_the_limit():
    # st_size of /dev/zero is 0: the limit must hold while reading, not only on the stated size
    with pytest.raises(InputError, match="larger than the 1,000 bytes limit"):
        read_file("/dev/zero", max_bytes=1000)


def _long_line(n: int, words: list[str]) -> str:
    """n characters of words and numbers, no punctuation."""
    out, k, size = [], 0, 0
    while size < n:
        out.append(words[k % len(words)] + ("" if k % 7 else str(k % 97)))
        size += len(out[-1]) + 1
        k += 1
    return " ".join(out)[:n].rstrip()


def test_one_megabyte_line_without_punctuation_is_cut_into_bounded_sentences(tmp_path):
    f = tmp_path / "line.fr.txt"
    f.write_text(_long_line(1_000_000, ["le", "président", "Joko", "économie", "et", "du", "gouvernement"]), "utf-8")
    notes: list[str] = []
    doc = segment_document(read_file(str(f)), "fr", notes.append)
    sents = doc.sentences
    assert len(sents) >= 1_000_000 // MAX_SENTENCE_CHARS
    assert all(0 < len(s.text) <= MAX_SENTENCE_CHARS for s in sents)
    assert all(doc.raw[s.start:s.end] == s.text for s in sents)
    # nothing lost: the pieces cover every word of the line
    assert " ".join(s.text for s in sents) == doc.raw
    assert len(notes) == 1 and "line.fr.txt line 1" in notes[0] and "1,000,000 characters" in notes[0]


def test_long_line_without_punctuation_gets_a_full_audit_that_says_it_was_cut(capsys, monkeypatch, tmp_path):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text(_long_line(30_000, ["kata", "presiden", "Joko", "ekonomi", "dan", "pemerintah"]), "utf-8")
    tgt.write_text(_long_line(30_000, ["le", "président", "Joko", "économie", "et", "gouvernement"]), "utf-8")
    code, out, err = run(audit(tgt, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code in (0, 1), err
    d = json.loads(out)
    assert d["errors"] == []
    assert any("t.fr.txt line 1" in n and "was cut into 16 pieces" in n for n in d["notices"])
    assert max(len(s["text"]) for s in d["segments"]) <= MAX_SENTENCE_CHARS


@pytest.mark.skipif(not os.environ.get("AUDITOR_SLOW_TESTS"), reason="set AUDITOR_SLOW_TESTS=1 (about a minute)")
def test_one_megabyte_line_full_audit(capsys, monkeypatch, tmp_path):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text(_long_line(1_000_000, ["kata", "presiden", "Joko", "ekonomi", "dan", "pemerintah"]), "utf-8")
    tgt.write_text(_long_line(1_000_000, ["le", "président", "Joko", "économie", "et", "gouvernement"]), "utf-8")
    code, out, err = run(audit(tgt, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code in (0, 1), err
    assert json.loads(out)["errors"] == []


def test_source_and_translation_swapped(capsys, monkeypatch):
    code, _, err = run(audit(SEED / "source.id.txt", SEED / "translation.fr.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "source.id.txt", "swapped")


def test_wrong_language(capsys, monkeypatch, tmp_path):
    de = tmp_path / "t.de.txt"
    de.write_text("Der russische Botschafter in den Vereinigten Staaten wurde nach Moskau zurückgerufen, "
                  "um über die Zukunft der Beziehungen zu beraten.\n", "utf-8")
    code, _, err = run(audit(de, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "t.de.txt", "German", "--tgt-lang")
    # declared French, plainly German: the wrong file or option, in one line (as a feed makes it an
    # error record), not an audit by the French checks (issue 17, point 3)
    code, out, err = run(audit(de, SEED / "source.id.txt", "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 2 and out == ""
    one_error_line(err, "t.de.txt", "German", "not French")


def test_translation_with_far_fewer_paragraphs(capsys, monkeypatch, tmp_path, seed_lines):
    src, tgt = seed_lines
    f = tmp_path / "short.fr.txt"
    f.write_text("\n".join(tgt[:3]) + "\n", "utf-8")
    code, out, err = run(audit(f, SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    assert code == 1, err
    om = [x for x in findings_of(out) if x["code"] == "AUD002"]
    missing = {s for x in om for s in x["evidence"]["source_sentences"]}
    assert {f"p{k}s1" for k in range(5, 11)} <= missing   # every dropped paragraph (4 may merge into 3)


def test_translation_with_far_more_paragraphs(capsys, monkeypatch, tmp_path, seed_lines):
    src, tgt = seed_lines
    extra = [l for l in OTHER_FR.read_text("utf-8").splitlines() if l.strip()]
    f = tmp_path / "long.fr.txt"
    f.write_text("\n".join(tgt[:10] + extra) + "\n", "utf-8")
    code, out, err = run(audit(f, SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    assert code == 1, err
    d = json.loads(out)
    added = [x for x in d["findings"] if x["code"] == "AUD003"]
    assert {x["line"] for x in added} >= set(range(11, 11 + len(extra))) - {11 + len(extra) - 1}
    assert all(x["line"] > 10 for x in added)


def test_html_with_scripts_entities_and_markup(capsys, monkeypatch, tmp_path, seed_lines):
    src, tgt = seed_lines
    body = "".join(f"<p>{l.replace('é', '&eacute;').replace('«', '&laquo;').replace('’', '&#8217;')}</p>\n"
                   for l in tgt[:10])
    html = ("<!doctype html><html><head><title>VOI</title><script>var p = '<p>Pas du texte.</p>'; "
            "alert('x')</script><style>p{color:red}</style></head><body><nav><p>Accueil | Monde</p></nav>"
            f"<article>{body}</article><script>document.write('<p>injecté</p>')</script></body></html>")
    f = tmp_path / "t.fr.html"
    f.write_text(html, "utf-8")
    code, out, err = run(audit(f, SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    assert code in (0, 1), err
    d = json.loads(out)
    texts = [s["text"] for s in d["segments"] if s["side"] == "translation"]
    joined = " ".join(texts)
    assert "alert" not in joined and "Pas du texte" not in joined and "injecté" not in joined
    assert "Accueil" not in joined and "&eacute;" not in joined and "é" in joined
    assert d["translation"]["paragraphs"] == 10
    for x in d["findings"]:   # spans point into the HTML file; `text` is the decoded text
        assert html[x["start"]:x["end"]].replace("&eacute;", "é").replace("&laquo;", "«") \
            .replace("&#8217;", "’") == x["text"]


@pytest.mark.parametrize("content,expect", [
    ('["un", "deux"]', "wrong JSON shape"),
    ('{"paragraphs": ["un", 2]}', "every paragraph must be a string"),
    ('{"title": "x", "body": {"text": "y"}}', "wrong JSON shape"),
    ('{"text": "un", }', "invalid JSON"),
    ('{"text": "un", "n": 00}', "invalid JSON"),
    ('{"text": "un", "n": \u0663}', "invalid JSON"),
    ('{"text": "\\ud800 \\x"}', "invalid JSON"),
])
def test_json_of_the_wrong_shape(capsys, monkeypatch, tmp_path, content, expect):
    f = tmp_path / "t.fr.json"
    f.write_text(content, "utf-8")
    code, _, err = run(audit(f, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "t.fr.json", expect)


def test_debug_shows_the_traceback(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", ["auditor", "--debug", *map(str, audit(tmp_path / "x.txt", SEED / "source.id.txt"))])
    with pytest.raises(InputError, match="no such file"):
        CLI.main()


def test_unexpected_exception_is_one_line_exit_3_and_debug_raises(capsys, monkeypatch):
    import auditor.pipeline

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(auditor.pipeline, "audit_documents", boom)
    code, _, err = run(audit(SEED / "translation.fr.txt", SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 3
    one_error_line(err, "internal error", "RuntimeError: simulated bug", "--debug")
    monkeypatch.setattr(sys, "argv", ["auditor", "--debug", *map(str, audit(SEED / "translation.fr.txt",
                                                                         SEED / "source.id.txt"))])
    with pytest.raises(RuntimeError, match="simulated bug"):
        CLI.main()


def test_error_line_names_a_file_whose_name_looks_like_markup(capsys, monkeypatch, tmp_path):
    code, _, err = run(audit(tmp_path / "t[/red][bold].fr.txt", tmp_path / "s[/].id.txt"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "s[/].id.txt", "no such file")


# --- 2. bounds: sentences too long for the model ----------------------------------------


def test_sentence_too_long_for_the_model_is_reported_also_from_cache(capsys, monkeypatch, tmp_path, tiny_model):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text("Presiden Joko Widodo tiba di Surabaya.\nMenteri Keuangan Sri Mulyani mengatakan anggaran "
                   "negara tahun depan difokuskan pada kesehatan, pendidikan, infrastruktur dan perlindungan "
                   "sosial.\n", "utf-8")
    tgt.write_text("Le président Joko Widodo est arrivé à Surabaya.\nLa ministre des Finances Sri Mulyani a "
                   "déclaré que le budget de l'État de l'année prochaine serait axé sur la santé, l'éducation, "
                   "les infrastructures et la protection sociale.\n", "utf-8")
    args = ["audit", tgt, "--source", src, "--model", tiny_model, "--max-length", "40", "--beam-size", "1",
            "--no-embed", "--cache-dir", tmp_path / "cache", "-f", "json", "--tgt-lang", "fr"]
    for _ in range(2):   # the second run takes the back-translations from the cache
        code, out, err = run(args, capsys, monkeypatch)
        d = json.loads(out)
        trunc = [x for x in d["findings"] if x["code"] == "AUD005"]
        assert len(trunc) == 1, d["findings"]
        x = trunc[0]
        assert x["category"] == "omission" and x["severity"] == "minor" and x["line"] == 2
        assert x["text"] == tgt.read_text("utf-8").splitlines()[1]
        assert re.search(r"saw only the first 40 of \d+ tokens", x["message"])
        assert "evidence for the rest" in x["message"]
        assert x["evidence"]["limit"] == 40 and x["evidence"]["tokens"] > 40
    assert d["signature"]["cache"]["decoded"] == 0


def test_truncation_check_is_listed_and_explained(capsys, monkeypatch):
    code, out, _ = run(["checks", "--json"], capsys, monkeypatch)
    item = next(i for i in json.loads(out) if i["code"] == "AUD005")
    assert item["name"] == "truncated-for-model" and item["needs"] == ["back_translation"]
    code, out, _ = run(["explain", "AUD005"], capsys, monkeypatch)
    assert code == 0 and "truncated" in out


# --- 3. faults --------------------------------------------------------------------------


class _Broken(Check):
    info = CheckInfo(code="AUD998", name="broken-on-purpose", category="grammar", severity="major",
                     summary="test double that raises", explanation="raises", languages=())

    def run(self, ctx):
        yield from ()
        raise ZeroDivisionError("simulated check bug")


def test_a_check_that_raises_becomes_an_error_record_and_the_audit_goes_on(capsys, monkeypatch, seed_findings):
    monkeypatch.setitem(REGISTRY, "AUD998", _Broken)
    code, out, err = run(audit(SEED / "translation.fr.txt", SEED / "source.id.txt", "-f", "json"), capsys, monkeypatch)
    d = json.loads(out)
    assert d["errors"] == [{"code": "AUD998", "name": "broken-on-purpose",
                            "article": str(SEED / "translation.fr.txt"),
                            "error": "ZeroDivisionError: simulated check bug"}]
    assert sorted((x["code"], x["text"]) for x in d["findings"]) == seed_findings   # nothing else lost
    assert code == 1 and "Traceback" not in err
    code, out, _ = run(audit(SEED / "translation.fr.txt", SEED / "source.id.txt"), capsys, monkeypatch)
    assert "internal error in check AUD998: ZeroDivisionError: simulated check bug" in out


def test_corrupt_cache_is_detected_and_rebuilt(capsys, monkeypatch, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    args = ["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt", "--no-mt", "--no-embed",
            "--cache-dir", cache, "-f", "json"]
    from auditor.evidence.cache import Cache
    c = Cache(cache)
    assert c.problem and "corrupt" in c.problem and "rebuilt" in c.problem
    c.put_many([("k", "translate", "m", "r", "fr-id", "v")])
    assert c.get_many(["k"]) == {"k": "v"}
    c.close()
    assert list(cache.glob("cache.corrupt-*.sqlite3"))
    code, out, err = run(args, capsys, monkeypatch)   # and the audit runs on the rebuilt one
    assert code in (0, 1) and json.loads(out)["findings"]


def test_locked_cache_gives_a_notice_and_the_audit_runs(capsys, monkeypatch, tmp_path):
    from auditor.evidence import cache as cache_mod
    folder = tmp_path / "cache"
    cache_mod.Cache(folder).close()
    holder = sqlite3.connect(folder / "cache.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    real = sqlite3.connect
    monkeypatch.setattr(cache_mod.sqlite3, "connect", lambda *a, **k: real(*a, **{**k, "timeout": 0.05}))
    try:
        c = cache_mod.Cache(folder)
        assert c.problem and "locked" in c.problem and "without cache" in c.problem
        assert c.get_many(["x"]) == {}
        c.put_many([("x", "translate", "m", "r", "fr-id", "v")])   # silently skipped, no exception
        r = audit_texts("Presiden Joko Widodo tiba di Surabaya.", "Le président Joko Widodo est arrivé à Surabaya.",
                        tgt_lang="fr", cache=c)
        assert r.errors == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(folder.glob("cache.corrupt-*")), "a locked cache is not corrupt: never moved aside"


def test_model_that_fails_to_load_leaves_the_model_free_checks_running(capsys, monkeypatch, tmp_path, tiny_model,
                                                                     seed_findings):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for p in Path(tiny_model).iterdir():
        (broken / p.name).write_bytes(p.read_bytes())
    for w in broken.glob("*.safetensors"):
        w.write_bytes(b"\x00" * 64)      # truncated weights
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt", "--model", broken,
                          "--no-embed", "--cache-dir", tmp_path / "c", "-f", "json"], capsys, monkeypatch)
    d = json.loads(out)
    skipped = [n for n in d["notices"] if n.startswith("back-translation skipped")]
    assert len(skipped) == 1 and "cannot load model folder" in skipped[0] and "broken-model" in skipped[0]
    assert "model-free checks still ran" in skipped[0]
    assert sorted((x["code"], x["text"]) for x in d["findings"]) == seed_findings
    assert code == 1 and "Traceback" not in err


# --- 4. security ------------------------------------------------------------------------


def test_terminal_report_prints_hostile_content_literally(capsys, monkeypatch, tmp_path):
    src, tgt = tmp_path / "s[bold].id.txt", tmp_path / "t[red]x[bold].fr.txt"
    src.write_text("Presiden Joko Widodo tiba di Surabaya pada 2021.\n", "utf-8")
    tgt.write_text("Le président Joko Widodo [/red] est arrivé à Surabaya en 2019 [bold]\x1b[31m[/].\n", "utf-8")
    code, out, err = run(audit(tgt, src, "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    assert "[/red]" in out and "[bold]" in out and "t[red]x[bold].fr.txt" in out
    assert "2019" in out
    assert "\x1b[31m" not in out, "escape sequences from the article must not reach the terminal raw"


def test_json_report_round_trips_hostile_content(capsys, monkeypatch, tmp_path):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text("Presiden Joko Widodo tiba di Surabaya pada 2021.\n", "utf-8")
    hostile = 'Le président "Joko" Widodo </script><script>alert(1)</script> est arrivé \\ en 2019 \u2028 ok.'
    tgt.write_text(hostile + "\n", "utf-8")
    code, out, err = run(audit(tgt, src, "--tgt-lang", "fr", "-f", "json"), capsys, monkeypatch)
    d = json.loads(out)
    seg = [s["text"] for s in d["segments"] if s["side"] == "translation"]
    assert " ".join(seg) == hostile
    assert any(x["text"] == "2019" for x in d["findings"])


def test_no_pickle_or_torch_load_in_the_product():
    banned = re.compile(r"\bpickle\b|\bcPickle\b|torch\.load\b|\bjoblib\b|\bdill\b|\bshelve\b|marshal\.loads?\b|"
                        r"allow_pickle\s*=\s*True|weights_only\s*=\s*False|trust_remote_code\s*=\s*True")
    hits = []
    for folder in ("auditor", "cli"):
        for p in (ROOT / folder).rglob("*.py"):
            for k, line in enumerate(p.read_text("utf-8").splitlines(), 1):
                if banned.search(line):
                    hits.append(f"{p.relative_to(ROOT)}:{k}: {line.strip()}")
    assert hits == []


def test_a_pickled_model_file_is_never_executed(tmp_path, tiny_model):
    """A model folder whose weights are a pickle with a payload: refused, the payload never runs."""
    import pickle
    from auditor.evidence.mt import HFTranslator, ModelUnavailable

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    evil = tmp_path / "evil-model"
    evil.mkdir()
    for p in Path(tiny_model).iterdir():
        if not p.name.endswith(".safetensors"):
            (evil / p.name).write_bytes(p.read_bytes())
    (evil / "pytorch_model.bin").write_bytes(pickle.dumps({"model.shared.weight": Payload()}))
    with pytest.raises(ModelUnavailable, match="cannot load model folder"):
        HFTranslator(str(evil), "fr", "id")
    assert not marker.exists(), "unpickling ran code from the model folder"


def test_no_network_without_an_explicit_download(capsys, monkeypatch, tmp_path, tiny_model):
    attempts: list = []

    def refuse(self, address, *a, **k):
        attempts.append(address)
        raise OSError("network disabled by test")

    def refuse_dns(host, *a, **k):
        attempts.append(host)
        raise socket.gaierror("dns disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_dns)
    # a hub model that is not cached: a clear notice, no download attempt
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                          "--model", "Helsinki-NLP/opus-mt-xx-id", "--cache-dir", tmp_path, "-f", "json"],
                         capsys, monkeypatch)
    d = json.loads(out)
    assert any("not in the local cache" in n and "models pull" in n for n in d["notices"])
    # a local model, forced decoding and the bundled sentence encoder: all offline
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                          "--model", tiny_model, "--reverse-model", tiny_model, "--beam-size", "1",
                          "--cache-dir", tmp_path, "-f", "json"], capsys, monkeypatch)
    d = json.loads(out)
    assert code in (0, 1) and d["signature"]["back_translation"] and d["errors"] == []
    assert attempts == []


def test_every_report_format_neutralises_hostile_content():
    """Markup, script, XML terminators, annotation commands and terminal escapes in an article:
    inert in every format (escaped, well-formed, no raw control character)."""
    import xml.etree.ElementTree as ET
    from auditor.report import FORMATS, render
    src = "Presiden Joko Widodo tiba di Surabaya pada 2021.\nIa bertemu gubernur Jawa Timur."
    tgt = ("Le président Joko Widodo </script><script>alert(1)</script> <img src=x onerror=alert(2)> ]]> "
           "est arrivé | `x` à Surabaya en 2019 \x1b[31m\x07 %0A [/red]\n::error::pwned a rencontré le gouverneur "
           "de Java oriental en 2019.")
    r = audit_texts(src, tgt, tgt_lang="fr", embed=False)
    assert any(f.code.startswith("AUD2") for f in r.findings)
    for fmt in FORMATS:
        out = render(r, fmt)
        assert "\x1b" not in out and "\x07" not in out, fmt
        if fmt in ("html", "markdown"):
            assert "<script>alert(1)" not in out and "<img src=x" not in out, fmt
        if fmt == "junit":
            ET.fromstring(out)
        if fmt in ("json", "sarif"):
            assert "Joko Widodo" in json.dumps(json.loads(out), ensure_ascii=False)
        if fmt == "jsonl":
            assert all(json.loads(l) for l in out.splitlines() if l.strip())
        if fmt == "github":
            assert all(l.startswith("::") for l in out.splitlines() if l.strip()), "an annotation was split"
            assert not any(l.startswith("::error::pwned") for l in out.splitlines())
