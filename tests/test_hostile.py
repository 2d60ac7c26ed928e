"""Hostile and broken input, second round (issue 18): every case of the issue, through the CLI
where a user meets it. A bad input is one error line and exit 2 (never an internal error, exit
3); nothing an input holds reaches a terminal, a log or a rendered page as a raw control or
bidi character, nor is read as console markup; a report file is whole or absent; a second
feed on one journal is refused. The slow shapes are timed in benchmarks/shapes.py, not here:
these tests check that the rewritten code gives the same answers (and finishes, on inputs
that took minutes).
"""
from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import pytest

import auditor_cli.main as CLI
from auditor.report.safe import UNSAFE, json_safe, visible, xml_safe
from auditor.types import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "voi-russia-us"
SRC_LINE = "Presiden Joko Widodo tiba di Surabaya pada 2021 untuk meresmikan jembatan baru."
TGT_LINE = "Le président Joko Widodo est arrivé à Surabaya en 2019 pour inaugurer un nouveau pont."
REPORT_FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "markdown", "html")
# what a hostile article carries: a live hyperlink (OSC 8), clear screen, terminal reset, CSI as
# one C1 character, DEL, BEL, backspace, carriage return, and a right-to-left override
HOSTILE = ("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x1b[2J\x1bc \x9b31m \x7f \x07 \x08 \r "
           "\u202eevil\u202c \u2066iso\u2069")


def run(args, capsys, monkeypatch):
    """`auditor ARGS` in-process: (exit code, stdout, stderr)."""
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
    assert "Traceback" not in err and "internal error" not in err, err
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def no_raw_controls(*texts: str) -> None:
    for t in texts:
        bad = UNSAFE.findall(t.replace("\r\n", "\n"))
        assert not bad, f"raw control characters {sorted(set(map(hex, map(ord, bad))))} in {t[:300]!r}"


@pytest.fixture()
def pair(tmp_path):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text(SRC_LINE + "\n", "utf-8")
    tgt.write_text(TGT_LINE + "\n", "utf-8")
    return src, tgt


# --- internal errors that are input errors -------------------------------------------------


@pytest.mark.parametrize("body", [
    '{"text": "Le président est arrivé.", "x": ' + "[" * 10_000 + "]" * 10_000 + "}",
    '{"text": "Le président est arrivé.", "x": ' + '{"a": ' * 10_000 + "1" + "}" * 10_000 + "}",
    "[" * 10_000 + "]" * 10_000,
])
def test_json_article_nested_10000_deep(capsys, monkeypatch, tmp_path, body):
    f = tmp_path / "deep.fr.json"
    f.write_text(body, "utf-8")
    code, out, err = run(audit(f, SEED / "source.id.txt"), capsys, monkeypatch)
    assert code == 2 and out == ""
    one_error_line(err, "deep.fr.json", "nested deeper than 200 levels")


def test_json_article_with_a_100000_digit_integer_in_an_extra_key(capsys, monkeypatch, tmp_path, pair):
    src, _ = pair
    f = tmp_path / "big.fr.json"
    f.write_text('{"id": ' + "9" * 100_000 + ', "text": "' + TGT_LINE + '", "n": -' + "1" * 5000 + "}", "utf-8")
    code, out, err = run(audit(f, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code in (0, 1), err
    assert any(x["text"] == "2019" for x in json.loads(out)["findings"])


def test_auditor_toml_with_100000_nested_arrays(capsys, monkeypatch, tmp_path, pair):
    src, tgt = pair
    cfg = tmp_path / "auditor.toml"
    cfg.write_text("select = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    code, _, err = run(audit(tgt, src, "--config", cfg), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "auditor.toml", "nested too deeply")
    # found upward from the article (not given): the same
    code, _, err = run(audit(tgt, src), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "auditor.toml", "nested too deeply")


@pytest.mark.parametrize("line,needle", [
    ("select = 5", "select must be a list of strings (got an integer)"),
    ("ignore = [\"AUD1\", 2]", "ignore must be a list of strings (got a list holding an integer)"),
    ('models = "x"', "models must be a table (got a string)"),
    ("[models]\nfr-id = 3", "models.fr-id must be a string"),
    ("thresholds = {fr = 1}", "thresholds.fr must be a table (got an integer)"),
    ('thresholds = {fr = {min-mqm = "high"}}', "thresholds.fr.min-mqm must be a number (got a string)"),
    ("suppress = [1]", "suppress entry 1 must be a table"),
    ("suppress = [{code = 101}]", "suppress entry 1: code must be a string"),
    ("suppress = 1", "suppress must be a list of tables"),
    ("glossaries = 3", "glossaries must be a list of strings (got an integer)"),
    ("fail-on = 1", "fail-on must be a string, one of"),
])
def test_auditor_toml_with_wrong_types(capsys, monkeypatch, tmp_path, pair, line, needle):
    src, tgt = pair
    cfg = tmp_path / "auditor.toml"
    cfg.write_text(line + "\n", "utf-8")
    code, _, err = run(audit(tgt, src, "--config", cfg), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "auditor.toml", needle)


def test_pyproject_with_a_wrong_type_under_tool_auditor(capsys, monkeypatch, tmp_path, pair):
    src, tgt = pair
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\nselect = 5\n", "utf-8")
    code, _, err = run(audit(tgt, src), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "pyproject.toml", "select must be a list of strings")


def _risky(tmp_path: Path, **change) -> Path:
    term = {"id": "x", "source": ["kata"], "meaning": "word", "bad": {"fr": ["mot"]}, **change}
    p = tmp_path / "risky.json"
    p.write_text(json.dumps({"terms": [term]}), "utf-8")
    return p


@pytest.mark.parametrize("change,needle", [
    ({"source": 5}, '"source" must be a list of strings (got a number)'),
    ({"source": ["kata", 5]}, '"source" must be a list of strings (it holds a number)'),
    ({"bad": {"fr": 5}}, '"bad".fr must be a list of patterns (got a number)'),
    ({"bad": {"fr": [{"regex": "mot", "confidence": 2}]}}, '"confidence" must be a number from 0 to 1'),
    ({"ok": 5}, '"ok" must be an object keyed by language (got a number)'),
    ({"ok": {"fr": "mot"}}, "must be a list of strings"),
    ({"good": {"fr": 5}}, '"good".fr must be a string'),
    ({"confidence": "high"}, "\"confidence\" must be a number from 0 to 1 (got 'high')"),
    ({"confidence": True}, '"confidence" must be a number from 0 to 1'),
    ({"context": "pemilu"}, '"context" must be a list of strings'),
    ({"source_regex": [1]}, '"source_regex" must be a list of strings'),
    ({"meaning": 5}, '"meaning" must be a string'),
    ({"id": [1]}, '"id" must be a string'),
])
def test_risky_terms_with_wrong_types(capsys, monkeypatch, tmp_path, pair, change, needle):
    src, tgt = pair
    code, _, err = run(audit(tgt, src, "--risky-terms", _risky(tmp_path, **change)), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "risky.json", needle)


@pytest.mark.parametrize("body,needle", [
    ('{"terms": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"terms": [], "n": ' + "9" * 5000 + "}", "invalid JSON"),
])
def test_risky_terms_nested_or_huge(capsys, monkeypatch, tmp_path, pair, body, needle):
    src, tgt = pair
    p = tmp_path / "risky.json"
    p.write_text(body, "utf-8")
    code, _, err = run(audit(tgt, src, "--risky-terms", p), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "risky.json", needle)


@pytest.mark.parametrize("encoding", ["UTF-7", "klingon", "Shift_JIS"])
def test_tbx_in_an_encoding_expat_cannot_read(capsys, monkeypatch, tmp_path, pair, encoding):
    src, tgt = pair
    g = tmp_path / "g.tbx"
    g.write_text(f'<?xml version="1.0" encoding="{encoding}"?><martif><text><body><termEntry>'
                 '<langSet xml:lang="id"><tig><term>kata</term></tig></langSet>'
                 '<langSet xml:lang="fr"><tig><term>mot</term></tig></langSet></termEntry></body></text></martif>',
                 "ascii")
    code, _, err = run(audit(tgt, src, "-g", g), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "g.tbx", f"unsupported XML encoding '{encoding}'", "UTF-8")


def test_tbx_in_a_single_byte_encoding_still_reads(capsys, monkeypatch, tmp_path, pair):
    src, tgt = pair
    g = tmp_path / "g.tbx"
    g.write_bytes('<?xml version="1.0" encoding="windows-1252"?><martif><text><body><termEntry>'
                  '<langSet xml:lang="id"><tig><term>jembatan</term></tig></langSet>'
                  '<langSet xml:lang="fr"><tig><term>passerelle</term></tig></langSet></termEntry></body></text>'
                  '</martif>'.encode("cp1252"))
    code, out, err = run(audit(tgt, src, "-g", g, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    assert any(x["code"] == "AUD502" for x in json.loads(out)["findings"])


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_output_to_a_folder_a_file_as_folder_or_read_only(capsys, monkeypatch, tmp_path, pair, fmt):
    src, tgt = pair
    # a folder
    code, out, err = run(audit(tgt, src, "-f", fmt, "-o", tmp_path), capsys, monkeypatch)
    assert code == 2 and out == ""
    one_error_line(err, str(tmp_path), "is a folder")
    # under a regular file (a missing folder that cannot be made)
    (tmp_path / "afile").write_text("x", "utf-8")
    code, _, err = run(audit(tgt, src, "-f", fmt, "-o", tmp_path / "afile" / "r.out"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "r.out", "cannot write", "Not a directory")
    # a read-only file system (simulated: the temporary file cannot be created)
    import auditor.fsutil as fsutil

    def erofs(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(fsutil.tempfile, "mkstemp", erofs)
    code, _, err = run(audit(tgt, src, "-f", fmt, "-o", tmp_path / "ro.out"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "ro.out", "cannot write: Read-only file system")
    assert not (tmp_path / "ro.out").exists()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_into_a_missing_folder_is_made(capsys, monkeypatch, tmp_path, pair, fmt):
    src, tgt = pair
    target = tmp_path / "new" / "sub" / "report.out"
    code, out, err = run(audit(tgt, src, "-f", fmt, "-o", target, "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1 and out == "", err
    assert "2019" in target.read_text("utf-8")
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert [p.name for p in target.parent.iterdir()] == ["report.out"]     # no temporary file left


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def test_disk_full_on_a_report_file_leaves_the_old_file_and_no_partial_one(capsys, monkeypatch, tmp_path, pair):
    src, tgt = pair
    import auditor.fsutil as fsutil
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", "utf-8")
    real = fsutil._write_all

    def half_then_full(fd, data):
        real(fd, data[:len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(fsutil, "_write_all", half_then_full)
    for fmt in ("json", "html", "text"):
        code, _, err = run(audit(tgt, src, "-f", fmt, "-o", target), capsys, monkeypatch)
        assert code == 2
        one_error_line(err, "report.json", "No space left on device")
        assert target.read_text("utf-8") == "the previous report\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_disk_full_on_a_device(capsys, monkeypatch, pair, fmt):
    src, tgt = pair
    code, _, err = run(audit(tgt, src, "-f", fmt, "-o", "/dev/full"), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "/dev/full", "No space left on device")


# --- the feed: manifests, journal, lock ----------------------------------------------------


def _feed_dir(tmp_path: Path, rows: list[dict]) -> Path:
    d = tmp_path / "feed"
    d.mkdir()
    (d / "s.id.txt").write_text(SRC_LINE + "\n", "utf-8")
    (d / "t.fr.txt").write_text(TGT_LINE + "\n", "utf-8")
    m = d / "m.jsonl"
    m.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return m


def feed(manifest, tmp_path, *extra):
    return ["feed", manifest, "--no-mt", "--no-embed", "--no-progress", "--cache-dir", tmp_path / "cache",
            "--tgt-lang", "fr", *extra]


ROW = {"source": "s.id.txt", "translation": "t.fr.txt", "tgt_lang": "fr"}


def test_manifest_path_with_nul_is_one_bad_row(capsys, monkeypatch, tmp_path):
    m = _feed_dir(tmp_path, [{"id": "ok", **ROW}, {"id": "nul", **ROW, "source": "s\u0000.id.txt"},
                             {"id": "nul2", **ROW, "translation": "t.fr.txt\u0000../../etc/passwd"}])
    code, out, err = run(feed(m, tmp_path, "-f", "json", "--allow-errors"), capsys, monkeypatch)
    assert code == 1, err          # the good article has a major finding
    d = json.loads(out)
    by_id = {r["id"]: r for r in d["results"]}
    assert by_id["ok"]["record"] == "result"
    for i in ("nul", "nul2"):
        assert by_id[i]["record"] == "error" and "contains a NUL character" in by_id[i]["error"]["message"]
    no_raw_controls(out, err)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_manifest_ids_are_never_markup_nor_raw_controls(capsys, monkeypatch, tmp_path, fmt):
    ids = ["a[/]b", "[link=http://evil.example]click me[/link]", "[bold red]x", "esc" + HOSTILE]
    m = _feed_dir(tmp_path, [{"id": i, **ROW} for i in ids])
    monkeypatch.setenv("COLUMNS", "250")     # the table would fold a long id
    code, out, err = run(feed(m, tmp_path, "-f", fmt), capsys, monkeypatch)
    assert code == 1, err
    assert "internal error" not in err and "Traceback" not in err
    no_raw_controls(out, err)
    if fmt == "text":
        assert "a[/]b" in out and "[link=http://evil.example]click" in out
    if fmt in ("json", "sarif"):
        assert any("esc" + HOSTILE in x for x in _strings(json.loads(out)))   # the data, intact
    if fmt == "jsonl":
        assert {json.loads(l)["id"] for l in out.splitlines()} == set(ids)


def _strings(o):
    if isinstance(o, str):
        yield o
    elif isinstance(o, dict):
        for k, v in o.items():
            yield k
            yield from _strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from _strings(v)


def test_feed_table_on_a_terminal_prints_no_hyperlink(tmp_path):
    """Under a TTY the summary table's id was read as Rich markup: [link=...] became OSC 8."""
    import io

    from rich.console import Console

    from auditor.report.summary import Policy
    from auditor.report.table import renderables
    rec = {"schema_version": "1.0", "record": "error", "id": "[link=http://evil.example]click me[/link]",
           "item": {}, "source": {"path": "s"}, "translation": {"path": "t", "lang": "fr"},
           "error": {"kind": "missing", "message": "[bold]no such file\x1b[2J"}}
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, width=200)
    for r in renderables([rec], Policy()):
        con.print(r)
    text = buf.getvalue()
    assert "\x1b]8;" not in text and "[link=http://evil.example]" in text and "\x1b[2J" not in text


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("how", [["--journal", "/dev/full"], ["-f", "jsonl:/dev/full"]])
def test_disk_full_on_the_journal(capsys, monkeypatch, tmp_path, how):
    m = _feed_dir(tmp_path, [{"id": "ok", **ROW}])
    code, out, err = run(feed(m, tmp_path, *how), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "/dev/full", "cannot write the journal", "No space left on device", "--resume")


def test_journal_write_failure_keeps_whole_lines_and_resume_finishes(tmp_path):
    from auditor.feed import Journal
    path = tmp_path / "j.jsonl"
    j = Journal(path)
    j.write({"id": "a", "record": "result", "item": {"fingerprint": "f"}})
    real = j.fh

    class Full:
        """A file that takes half a line, then is full."""
        closed = False

        def write(self, data):
            n = real.write(bytes(data[:len(data) // 2]))
            if n:
                self.write = self.fail
                return n
            return self.fail(data)

        def fail(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(real, name)
    j.fh = Full()
    with pytest.raises(InputError, match="No space left on device.*1 records written before are kept"):
        j.write({"id": "b", "record": "result", "item": {"fingerprint": "g"}})
    j.fh = real
    j.close()
    assert path.read_bytes().count(b"\n") == 1 and path.read_bytes().endswith(b"\n")
    j2 = Journal(path, resume=True)
    assert set(j2.latest) == {"a"}
    j2.close()


def test_a_second_feed_on_the_same_journal_is_refused(capsys, monkeypatch, tmp_path):
    from auditor.fsutil import FileLock
    m = _feed_dir(tmp_path, [{"id": "ok", **ROW}])
    journal = tmp_path / "j.jsonl"
    journal.write_text('{"id": "kept", "record": "result"}\n', "utf-8")
    held = FileLock(journal)        # the first feed, still running
    held.acquire("busy")
    try:
        code, out, err = run(feed(m, tmp_path, "--journal", journal, "-f", f"html:{tmp_path / 'r.html'}"),
                             capsys, monkeypatch)
        assert code == 2
        one_error_line(err, "j.jsonl", "another `auditor feed` is writing this journal", f"process {os.getpid()}")
        assert journal.read_text("utf-8") == '{"id": "kept", "record": "result"}\n'   # not truncated
        assert not (tmp_path / "r.html").exists()
    finally:
        held.release()
    assert not Path(str(journal) + ".lock").exists()
    code, out, err = run(feed(m, tmp_path, "--journal", journal, "-f", f"html:{tmp_path / 'r.html'}"),
                         capsys, monkeypatch)
    assert code == 1, err
    assert (tmp_path / "r.html").exists() and not Path(str(journal) + ".lock").exists()


def test_folder_of_pairs_does_not_follow_a_link_out_of_it(capsys, monkeypatch, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "private.txt").write_text("Le mot de passe est arrivé à Surabaya en 2019.\n", "utf-8")
    d = tmp_path / "pairs"
    d.mkdir()
    (d / "a.id.txt").write_text(SRC_LINE + "\n", "utf-8")
    (d / "a.fr.txt").write_text(TGT_LINE + "\n", "utf-8")
    (d / "b.id.txt").write_text(SRC_LINE + "\n", "utf-8")
    os.symlink(outside / "private.txt", d / "b.fr.txt")
    (d / "c.id.txt").write_text(SRC_LINE + "\n", "utf-8")
    os.symlink(d / "a.fr.txt", d / "c.fr.txt")             # a link inside the folder is fine
    args = ["feed", d, "--no-mt", "--no-embed", "--no-progress", "--cache-dir", tmp_path / "cache", "-f", "json"]
    code, out, err = run(args, capsys, monkeypatch)
    by_id = {r["id"]: r for r in json.loads(out)["results"]}
    assert by_id["b.fr"]["record"] == "error" and by_id["b.fr"]["error"]["kind"] == "outside_folder"
    assert "--allow-outside" in by_id["b.fr"]["error"]["message"]
    assert "mot de passe" not in out
    assert by_id["a.fr"]["record"] == by_id["c.fr"]["record"] == "result"
    code, out, err = run(args + ["--allow-outside"], capsys, monkeypatch)
    assert {r["id"]: r for r in json.loads(out)["results"]}["b.fr"]["record"] == "result"


# --- terminal and log injection ------------------------------------------------------------


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_escape_and_bidi_characters_in_an_article_never_reach_any_format_raw(capsys, monkeypatch, tmp_path, fmt):
    src = tmp_path / "s.id.txt"
    tgt = tmp_path / "t\x1b[31m\u202e.fr.txt"
    src.write_text(SRC_LINE + "\n", "utf-8")
    text = f"Le président Joko Widodo {HOSTILE} est arrivé à Surabaya en 2019.\n"
    tgt.write_text(text, "utf-8")
    code, out, err = run(audit(tgt, src, "-f", fmt, "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    no_raw_controls(out, err)
    if fmt == "json":   # data formats keep the data: escaped, not lost
        d = json.loads(out)
        assert d["translation"]["path"] == str(tgt)
        assert any(HOSTILE.replace("\r ", "") in s["text"] or "\u202eevil" in s["text"] for s in d["segments"])
    if fmt == "junit":
        import xml.etree.ElementTree as ET
        assert "\u202e" in ET.tostring(ET.fromstring(out), encoding="unicode")
    if fmt == "github":
        assert all(l.startswith("::") for l in out.splitlines() if l.strip())


def test_file_names_with_escapes_in_error_messages(capsys, monkeypatch, tmp_path):
    code, out, err = run(audit(tmp_path / "x\x1b]8;;http://e.example\x07\u202e.fr.txt", SEED / "source.id.txt"),
                         capsys, monkeypatch)
    assert code == 2
    line = one_error_line(err, "no such file")
    no_raw_controls(err)
    assert "\u241b]8;;http:/e.example\u2407\ufffd.fr.txt" in line     # shown, visibly (Path folds //)


def test_the_safe_helpers():
    s = "a\x1b[31mb\x9bc\u202ed\x7f\te\nf\u2028"
    assert visible(s) == "a\u241b[31mb\ufffdc\ufffdd\u2421\te\nf\u2028" and len(visible(s)) == len(s)
    assert "\n" not in visible(s, one_line=True)
    assert json.loads(json_safe(json.dumps(s, ensure_ascii=False))) == s
    assert not UNSAFE.search(json_safe(json.dumps(s, ensure_ascii=False)))
    assert xml_safe("<a>\u202e</a>") == "<a>&#x202E;</a>"


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tail,what", [
    ('<a href="http://x.example/?q=' + "<p>markup that is no text</p>" * 2000, "a tag"),
    ("<!-- a comment never closed " + "<p>markup that is no text</p>" * 2000, "a comment"),
])
def test_html_ending_inside_an_attribute_or_a_comment(capsys, monkeypatch, tmp_path, pair, tail, what):
    src, _ = pair
    f = tmp_path / "t.fr.html"
    f.write_text(f"<html><body><p>{TGT_LINE}</p>{tail}", "utf-8")
    code, out, err = run(audit(f, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    d = json.loads(out)
    texts = [s["text"] for s in d["segments"] if s["side"] == "translation"]
    assert texts == [TGT_LINE]
    assert any(f"ends inside {what} left open" in n and "not audited" in n for n in d["notices"])


@pytest.mark.parametrize("head", [
    "<html><head><title>T</title><svg><path d='M0'>",
    "<html><nav><a href='/'>Accueil</a>",
    "<html><head><title>T</title>",
    "<html><head><meta charset='utf-8'><title>T</title></head><svg><g>",
])
def test_html_with_an_unclosed_svg_or_nav_before_the_body(capsys, monkeypatch, tmp_path, pair, head):
    src, _ = pair
    f = tmp_path / "t.fr.html"
    f.write_text(f"{head}<body><p>{TGT_LINE}</p></body></html>", "utf-8")
    code, out, err = run(audit(f, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    d = json.loads(out)
    assert [s["text"] for s in d["segments"] if s["side"] == "translation"] == [TGT_LINE]


@pytest.mark.parametrize("junk", ["<![A:", "<![0", "<![A: x]]>", "<!doctype 0>"])
def test_html_with_a_marked_section_python_cannot_parse(capsys, monkeypatch, tmp_path, pair, junk):
    """CPython's HTML parser raised AssertionError (exit 3) on these; a browser reads a comment."""
    src, _ = pair
    f = tmp_path / "t.fr.html"
    f.write_text(f"<p>{TGT_LINE}</p>{junk}", "utf-8")
    code, out, err = run(audit(f, src, "-f", "json", "--tgt-lang", "fr"), capsys, monkeypatch)
    assert code == 1, err
    f.write_text(junk, "utf-8")
    code, out, err = run(audit(f, src), capsys, monkeypatch)
    assert code == 2
    one_error_line(err, "t.fr.html", "no text to audit")


def test_html_foreign_content_ends_at_an_html_tag_and_furniture_at_main():
    from auditor.reader import read_text
    doc = read_text(f"<body><svg><text>label</text><p>{TGT_LINE}</p>", path="x.html", fmt="html")
    assert [p.text for p in doc.paragraphs] == [TGT_LINE]
    doc = read_text(f"<body><nav><a>Home</a><main><p>{TGT_LINE}</p></main>", path="x.html", fmt="html")
    assert [p.text for p in doc.paragraphs] == [TGT_LINE]
    doc = read_text(f"<body><nav><p>Home</p></nav><p>{TGT_LINE}</p><p>a &lt; b</p>", path="x.html", fmt="html")
    assert [p.text for p in doc.paragraphs] == [TGT_LINE, "a < b"]


# --- cache ------------------------------------------------------------------------------------


def test_a_cache_folder_that_cannot_be_written_is_said(capsys, monkeypatch, tmp_path):
    (tmp_path / "afile").write_text("x", "utf-8")
    args = ["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt", "--no-mt",
            "--cache-dir", tmp_path / "afile" / "cache", "-f", "json"]
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 1
    notes = json.loads(out)["notices"]
    assert any("cache folder" in n and "not usable" in n and "running without cache" in n for n in notes)


def test_a_read_only_cache_folder_is_said_not_called_corrupt(capsys, monkeypatch, tmp_path):
    import sqlite3

    from auditor.evidence import cache as cache_mod

    def readonly(*a, **k):
        raise sqlite3.OperationalError("attempt to write a readonly database")
    monkeypatch.setattr(cache_mod.sqlite3, "connect", readonly)
    c = cache_mod.Cache(tmp_path)
    assert c.problem and "cannot be written" in c.problem and "corrupt" not in c.problem
    assert c.get_many(["x"]) == {}


# --- the rewritten hot spots give the same answers -------------------------------------------


def test_markdown_inline_scanner_matches_the_regular_expression():
    import random

    from auditor.reader import _MD_INLINE, _md_matches
    rnd = random.Random(18)
    alpha = list("ab_*`![]()<>: /") + ["http://", "https://", "**", "__"]
    for _ in range(3000):
        s = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 30)))
        old = [(m.start(), m.end(), m.group("ltext"), m.group("auto")) for m in _MD_INLINE.finditer(s)]
        new = [(m.start_, m.end_, m.ltext, m.auto) for m in _md_matches(s)]
        assert old == new, s


def test_speaker_scores_from_counts_equal_the_full_list():
    # AUD601 scores a form from the person's own evidence and how many other forms of each gender
    # there are (one walk over the article), not from a list of every other form built per finding:
    # the figures must be those of scores() over the full list, bit for bit
    from auditor.checks.speaker.analysis import build
    from auditor.checks.speaker.evidence import agreement, scores, source_gender
    from auditor.checks.speaker.evidence import Forms
    from auditor.checks.speaker.gender import _order, _Person
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_file
    n = 0
    for d in sorted((ROOT / "fixtures").iterdir()):
        for t in sorted(d.glob("translation.fr.txt")) + sorted(d.glob("translation.en.txt")):
            if not (d / "source.id.txt").exists():
                continue
            lang = t.name.split(".")[1]
            r = audit_documents(read_file(str(d / "source.id.txt")), read_file(str(t)),
                                AuditOptions(tgt_lang=lang, embed=False, select=["AUD6"]))
            an = build(r.translation, r.source, lang)
            forms = Forms(an.art)
            for s in an.art.sents:
                for a in s.attrs:
                    if not (a.gender and a.resolved is not None and a.kind in ("pronoun", "possessive", "participle", "agreement")):
                        continue
                    e = a.resolved
                    g = source_gender(e)
                    p = _Person(e, forms.of(e))
                    items = e.evidence + agreement(an.art, e, a)
                    nf, nm = p.forms.others(a, "f"), p.forms.others(a, "m")
                    if g is not None:       # a person the source gives no gender raises nothing
                        assert (p.chain_f.score(nf), p.chain_m.score(nm)) == scores(items)
                        support = sorted((x for x in items if x.gender == g), key=_order)
                        assert p.support_chain.score(nf if g == "f" else nm) == scores(support)[0 if g == "f" else 1]
                        n += 1
    assert n > 20


@pytest.mark.parametrize("shape", [
    "A" + " " * 20_000 + "b",                       # the dateline pattern (AUD312)
    "a-" * 5_000 + "il",                            # addresses in one long run
    "A." * 5_000, "l'" * 5_000, "a:" * 5_000,
    "M. " * 3_000,                                  # speaker entities
    "le président est arrivé. " * 400,              # sentences merged into the one before
    "[a](" * 3_000,
])
def test_pathological_shapes_audit(shape, tmp_path):
    """Shapes that took minutes at 100 KB (timed in benchmarks/shapes.py) give an audit."""
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_text
    src = read_text(shape, path="s.id.txt", fmt="txt")
    tgt = read_text(shape if not shape.startswith("[") else TGT_LINE + "\n" + shape, path="t.fr.md", fmt="md")
    r = audit_documents(src, tgt, AuditOptions(tgt_lang="fr", embed=False))
    assert r.errors == []


def test_big_glossary_compiles_only_what_the_article_may_use(tmp_path, pair):
    from auditor.checks import terminology
    from auditor.pipeline import AuditOptions, audit_documents
    from auditor.reader import read_file
    src, tgt = pair
    g = tmp_path / "g.csv"
    g.write_text("source,target\n" + "".join(f"kata{k:05d},mot{k}\n" for k in range(20_000))
                 + "jembatan,passerelle\n", "utf-8")
    terminology._compiled.cache_clear()
    opts = AuditOptions(tgt_lang="fr", embed=False)
    opts.extra["glossaries"] = [str(g)]
    r = audit_documents(read_file(str(src)), read_file(str(tgt)), opts)
    assert [f.code for f in r.findings if f.code == "AUD502"] == ["AUD502"]
    assert terminology._compiled.cache_info().currsize < 10


# ----------------------------------------------------------------- 100 KB of one-line paragraphs
# (the `newlines` shape of benchmarks/shapes.py: 50,000 sentences; the timing is there, these
# tests check that the faster code does bounded work and gives the same answers)

def _segments(texts: list[str], prefix: str, per: int = 1):
    from auditor.types import Segment
    out, off = [], 0
    for k, t in enumerate(texts):
        out.append(Segment(id=f"{prefix}{k}", para=k // per, index=k % per, text=t,
                           offsets=tuple(range(off, off + len(t)))))
        off += len(t) + 1
    return out


def test_band_of_the_alignment_is_the_cells_its_two_tests_admit():
    """The DP's band is taken per row as two runs of columns; they are exactly the columns
    where abs(ni * m / n - nj) <= band or abs(nj * n / m - ni) <= band (the tests the DP made
    per cell), for square, tall and very wide tables (50,000 one-line paragraphs against ten)."""
    from auditor.align import _band_spans
    for n, m, band in [(10, 50_000, 1), (50_000, 10, 1), (7, 7, 7), (13, 29, 20), (300, 290, 14),
                       (1, 1, 7), (3, 1_000, 3), (997, 1_013, 2)]:
        for ni in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            alo, ahi, blo, bhi = _band_spans(ni, n, m, band)
            for nj in range(m + 1):
                want = abs(ni * m / n - nj) <= band or abs(nj * n / m - ni) <= band
                assert (alo <= nj <= ahi or blo <= nj <= bhi) == want, (n, m, band, ni, nj)


def test_one_letter_lines_align_each_once_in_order_and_a_repeated_line_is_read_once(monkeypatch):
    """5,000 one-letter paragraphs around one real sentence: every sentence once, in order, the
    real sentence linked to its source (with a neighbour or two at most), and the features of the repeated line made once."""
    from auditor import align as A
    src = _segments([SRC_LINE], "s")
    tgt = _segments(["a"] * 2_500 + [TGT_LINE] + ["a"] * 2_500, "t")
    made = []
    real = A.Features.__init__

    def counting(self, text, vocab=None, names=True):
        made.append(text)
        real(self, text, vocab, names)

    monkeypatch.setattr(A.Features, "__init__", counting)
    pairs = A.align(src, tgt, "fr")
    assert sorted(made) == sorted([SRC_LINE, TGT_LINE, "a"])
    assert [i for p in pairs for i in p.tgt] == [t.id for t in tgt]
    linked = [p for p in pairs if p.kind == "aligned"]
    assert len(linked) == 1 and linked[0].src == ["s0"] and "t2500" in linked[0].tgt and len(linked[0].tgt) <= 3


def _json_values():
    from hypothesis import strategies as st
    text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.sampled_from(
        ["", "\x1b[2J", "\u202eevil", "a\nb", '"', "\\", "\u2028", "é中"])
    plain = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | text
             | st.floats(allow_nan=True, allow_infinity=True))
    keys = text | st.integers(-5, 5) | st.floats(allow_nan=False) | st.booleans() | st.none()
    return st.recursive(plain, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                        | st.dictionaries(keys, inner, max_size=5), max_leaves=40)


def test_json_report_writer_writes_what_json_dumps_writes():
    """The report's indented JSON (written by the C encoder, container by container) is the text
    json.dumps(indent=2) gives: nesting, empty containers, tuples, NaN and infinities,
    non-string keys, escapes."""
    from hypothesis import given, settings

    from auditor.report.json_report import dumps

    @settings(max_examples=300, deadline=None)
    @given(_json_values())
    def check(o):
        assert dumps(o) == json.dumps(o, ensure_ascii=False, indent=2)

    check()
    odd = {"a": {1, 2}}                 # not JSON: json.dumps's own error
    with pytest.raises(TypeError):
        dumps(odd)
    with pytest.raises(TypeError):
        dumps({("tuple", "key"): 1})


def test_dates_without_a_digit_are_weekdays_only():
    """A sentence without a digit is searched for weekday names only (every other date form has
    a digit); dates in other digits are still found."""
    from auditor.checks.dates import find_dates
    assert [(e.form, e.text) for e in find_dates("Il est venu lundi, puis mardi.", "fr")] == [
        ("wd", "lundi"), ("wd", "mardi")]
    assert [e.text for e in find_dates("Il est venu le \u0661\u0662 mars \u0662\u0660\u0662\u0664.", "fr")] == [
        "\u0661\u0662 mars \u0662\u0660\u0662\u0664"]
    assert find_dates("a", "fr") == [] and find_dates("Dia datang hari Senin.", "id")[0].weekday == 0
