"""End-to-end: the command line as a user runs it."""
import json
import subprocess
import sys

import pytest

from auditor_cli.main import main


def run(args, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    with pytest.raises(SystemExit) as e:
        main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


def audit_args(seed, *extra):
    return ["audit", str(seed["translation"]), "--source", str(seed["source"]), *extra]


def test_json_contract_without_mt(seed, capsys, monkeypatch, tmp_path):
    code, out, err = run(audit_args(seed, "--format", "json", "--no-mt", "--cache-dir", str(tmp_path)),
                         capsys, monkeypatch)
    d = json.loads(out)
    assert d["schema_version"] == "1.0"
    assert d["source"]["lang"] == "id" and d["translation"]["lang"] == "fr"
    assert {"segments", "alignment", "findings", "scores", "signature"} <= set(d)
    tsegs = [s for s in d["segments"] if s["side"] == "translation"]
    assert all(s["line"] >= 1 and s["column"] >= 1 for s in d["segments"])
    # every French paragraph but the boilerplate (line 11) is aligned
    aligned = {t for a in d["alignment"] if a["kind"] == "aligned" for t in a["translation"]}
    lines_aligned = {s["line"] for s in tsegs if s["id"] in aligned}
    assert lines_aligned == set(range(1, 11))
    raw = seed["translation"].read_text("utf-8")
    for f in d["findings"]:
        assert raw[f["start"]:f["end"]] == f["text"]
        line = raw.splitlines()[f["line"] - 1]
        assert line[f["column"] - 1:].startswith(f["text"][:20].split("\n")[0])
    assert "--no-mt" in err or any("--no-mt" in n for n in d["notices"])
    assert code in (0, 1)


def test_missing_model_says_so_in_one_line_and_still_runs(seed, capsys, monkeypatch, tmp_path):
    code, out, err = run(audit_args(seed, "--format", "json", "--model", str(tmp_path / "no-model"),
                                    "--cache-dir", str(tmp_path)), capsys, monkeypatch)
    d = json.loads(out)
    skipped = [n for n in d["notices"] if n.startswith("back-translation skipped")]
    assert len(skipped) == 1 and "no-model" in skipped[0]
    assert d["alignment"]


def test_local_model_and_second_run_from_cache(seed, capsys, monkeypatch, tmp_path, tiny_model):
    args = audit_args(seed, "--format", "json", "--model", str(tiny_model), "--cache-dir", str(tmp_path),
                      "--beam-size", "1")
    _, out1, _ = run(args, capsys, monkeypatch)
    _, out2, _ = run(args, capsys, monkeypatch)
    d1, d2 = json.loads(out1), json.loads(out2)
    for d in (d1, d2):
        segs = [s for s in d["segments"] if s["side"] == "translation" and s["line"] <= 10]
        assert all(isinstance(s["back_translation"], str) for s in segs)
        aligned = {t for a in d["alignment"] if a["kind"] == "aligned" for t in a["translation"]}
        # the tiny model's back-translations are garbage: alignment may leave a pair out, but
        # every aligned pair carries its chrF
        assert all(s["chrf"] is not None for s in segs if s["id"] in aligned) and len(aligned) >= 8
        assert d["signature"]["chrf"].startswith("nrefs:1")
    assert d1["signature"]["cache"]["decoded"] > 0
    assert d2["signature"]["cache"] == {"hits": d1["signature"]["cache"]["decoded"], "decoded": 0}
    assert [s.get("back_translation") for s in d1["segments"]] == [s.get("back_translation") for s in d2["segments"]]


@pytest.mark.parametrize("make_bad,expect", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a folder"),
    (lambda p: (p / "e.txt").write_text("\n\n") and p / "e.txt", "no text"),
    (lambda p: (p / "b.txt").write_bytes(b"\x00\x01\x02binary") and p / "b.txt", "binary"),
    (lambda p: (p / "bad.json").write_text('{"foo": 1}') and p / "bad.json", "wrong JSON shape"),
])
def test_bad_input_is_one_line_and_exit_2(seed, capsys, monkeypatch, tmp_path, make_bad, expect):
    bad = make_bad(tmp_path)
    code, out, err = run(["audit", str(bad), "--source", str(seed["source"]), "--no-mt"], capsys, monkeypatch)
    assert code == 2
    assert expect in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(seed, capsys, monkeypatch):
    code, _, err = run(audit_args(seed, "--fail-on", "sometimes", "--no-mt"), capsys, monkeypatch)
    assert code == 2 and "--fail-on" in err
    code, _, _ = run(["audit", str(seed["translation"])], capsys, monkeypatch)   # --source missing
    assert code == 2


def test_exit_code_follows_fail_on(seed, capsys, monkeypatch, tmp_path):
    src = tmp_path / "s.id.txt"
    tgt = tmp_path / "t.fr.txt"
    src.write_text("Presiden Joko Widodo tiba di Surabaya pada 2021.\n", "utf-8")
    tgt.write_text("Le président Joko Widodo est arrivé à Surabaya en 2021.\n", "utf-8")
    code, out, _ = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--format", "json"], capsys, monkeypatch)
    assert json.loads(out)["findings"] == [] and code == 0
    tgt.write_text("Le président Joko Widodo est arrivé à Surabaya en 2019.\n", "utf-8")
    code, out, _ = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--format", "json"], capsys, monkeypatch)
    sev = {f["severity"] for f in json.loads(out)["findings"]}
    assert sev == {"major"} and code == 1            # the changed year
    code2, _, _ = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--fail-on", "critical"],
                      capsys, monkeypatch)
    assert code2 == 0


def test_declared_language_contradicted_by_text(seed, capsys, monkeypatch):
    # plainly French declared English: an input error (the wrong file or option), as in a feed
    code, out, err = run(audit_args(seed, "--no-mt", "--format", "json", "--tgt-lang", "en"), capsys, monkeypatch)
    assert code == 2 and out == "" and "reads as French" in err
    # the library, unless asked to treat it as an input error, reports it as AUD001
    from auditor.pipeline import audit_texts
    r = audit_texts(seed["source"].read_text("utf-8"), seed["translation"].read_text("utf-8"), tgt_lang="en",
                    embed=False)
    lang = [f for f in r.findings if f.category == "language"]
    assert lang and lang[0].code == "AUD001" and "fr" in lang[0].message


def test_text_report_shows_header_paragraphs_and_verdict(seed, capsys, monkeypatch):
    code, out, err = run(audit_args(seed, "--no-mt"), capsys, monkeypatch)
    assert "MQM 88.1/100" in out and "¶5" in out and "boilerplate" in out
    assert "irréfiable" in out and out.splitlines()[-1].startswith("FAIL")


def test_checks_and_explain(capsys, monkeypatch):
    code, out, _ = run(["checks", "--json"], capsys, monkeypatch)
    items = json.loads(out)
    assert code == 0 and all({"code", "category", "severity", "summary"} <= set(i) for i in items)
    assert len(items) >= 20
    code, out, _ = run(["explain", items[0]["code"]], capsys, monkeypatch)
    assert code == 0 and items[0]["code"] in out
    code, _, err = run(["explain", "AUD999"], capsys, monkeypatch)
    assert code == 2 and "unknown check code" in err


def test_console_script_runs_as_a_subprocess(seed, tmp_path):
    p = subprocess.run([sys.executable, "-m", "auditor_cli.main", "audit", str(seed["translation"]),
                        "--source", str(seed["source"]), "--no-mt", "-f", "json", "-o", str(tmp_path / "r.json")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    assert json.loads((tmp_path / "r.json").read_text())["translation"]["lang"] == "fr"
