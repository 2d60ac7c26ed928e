"""Issue 17: a command line that behaves like the linters people know (ruff, Vale), and fixes
what it can. One test (or more) per numbered point of the issue, end to end through the CLI."""
import json
import re
import sys

import pytest

from auditor_cli.main import main

SEED_T = "fixtures/voi-russia-us/translation.fr.txt"
SEED_S = "fixtures/voi-russia-us/source.id.txt"


def run(args, capsys, monkeypatch, width=80):
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    with pytest.raises(SystemExit) as e:
        main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


@pytest.fixture
def at_root(monkeypatch):
    """Run from the repository root, so that paths show as a user in the repository sees them."""
    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def seed_copy(tmp_path):
    from conftest import SEED
    for name in ("source.id.txt", "translation.fr.txt"):
        (tmp_path / name).write_bytes((SEED / name).read_bytes())
    return tmp_path / "translation.fr.txt", tmp_path / "source.id.txt"


# ---------------------------------------------------------------- 1. configuration files

@pytest.mark.parametrize("content", [
    '[tool.auditor]\nfail-on = "critical"\nselect = ["AUD2"]\n',      # the README's table, copied in
    'fail-on = "critical"\nselect = ["AUD2"]\n',                       # the keys at the top
])
def test_01_auditor_toml_is_read_with_or_without_the_readme_table(seed_copy, capsys, monkeypatch, content):
    tgt, src = seed_copy
    (tgt.parent / "auditor.toml").write_text(content, "utf-8")
    code, out, _ = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--no-embed", "-f", "json"],
                       capsys, monkeypatch)
    # only the AUD2 checks ran (one minor date finding on the seed), and it does not fail at critical
    assert code == 0 and {f["code"][:4] for f in json.loads(out)["findings"]} == {"AUD2"}


@pytest.mark.parametrize("content,expect", [
    ('[tool.auditor]\nselectt = ["AUD1"]\n', "unknown key 'selectt'; did you mean 'select'?"),
    ('failon = "major"\n', "unknown key 'failon'; did you mean 'fail-on'?"),
    ('[tool.auditor]\nfail-on = "major"\n[tool.ruff]\nx = 1\n', "put the settings at the top of auditor.toml"),
    ('[[suppress]]\ncode = "AUD101"\ntxt = "Jokowi"\n', "suppress entry 1: unknown key 'txt'"),
    ('select = ["AUD999"]\n', "select: 'AUD999' matches no check"),
    ('fail-on = "sometimes"\n', "fail-on must be one of info, minor, major, critical"),
])
def test_01_unknown_keys_and_values_are_one_line_errors(seed_copy, capsys, monkeypatch, content, expect):
    tgt, src = seed_copy
    (tgt.parent / "auditor.toml").write_text(content, "utf-8")
    code, out, err = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--no-embed"], capsys, monkeypatch)
    assert code == 2 and out == "" and expect in err and len(err.strip().splitlines()) == 1, err


def test_01_pyproject_unknown_key_rejected(seed_copy, capsys, monkeypatch):
    tgt, src = seed_copy
    (tgt.parent / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.auditor]\nfail_on = "Major"\n'
                                               'glosaries = ["g.csv"]\n', "utf-8")
    code, _, err = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--no-embed"], capsys, monkeypatch)
    assert code == 2 and "unknown key 'glosaries'; did you mean 'glossaries'?" in err


# ---------------------------------------------------------------- 2. codes that match no check

@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_02_select_of_an_unknown_code_is_an_error(at_root, capsys, monkeypatch, option):
    code, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", option, "AUD999"],
                         capsys, monkeypatch)
    assert code == 2 and out == "" and f"{option}: 'AUD999' matches no check" in err
    code, _, err = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", option, "aud10"],
                       capsys, monkeypatch)
    assert code in (0, 1) and "error" not in err          # a prefix, in any case, is fine


# ---------------------------------------------------------------- 3. --tgt-lang

def test_03_tgt_lang_normalised_and_validated(at_root, capsys, monkeypatch):
    _, out, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", "-f", "json"], capsys, monkeypatch)
    want = sorted((f["code"], f["start"]) for f in json.loads(out)["findings"])
    for lang in ("FR", "fr-FR", " fr_fr "):
        code, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", "-f", "json",
                              "--tgt-lang", lang], capsys, monkeypatch)
        d = json.loads(out)
        assert d["translation"]["lang"] == "fr" and sorted((f["code"], f["start"]) for f in d["findings"]) == want
    code, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--tgt-lang", "de"], capsys, monkeypatch)
    assert code == 2 and "--tgt-lang: 'de' (German) is not a language auditor checks; one of en, fr, zh, ja, ar" in err
    # French text declared English: the wrong file or option, not 175 English findings
    code, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", "--tgt-lang", "en"],
                         capsys, monkeypatch)
    assert code == 2 and out == "" and "reads as French" in err and "--tgt-lang fr" in err
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- 4. --fail-on, --exit-zero

def test_04_fail_on_any_case_and_info_and_exit_zero(tmp_path, capsys, monkeypatch, at_root):
    base = ["audit", SEED_T, "--source", SEED_S, "--no-mt", "--no-embed", "-q"]
    assert run(base + ["--fail-on", "Major"], capsys, monkeypatch)[0] == 1
    assert run(base + ["--fail-on", "CRITICAL", "--ignore", "AUD5"], capsys, monkeypatch)[0] == 0
    # info: any finding fails, the boilerplate note included
    assert run(base + ["--fail-on", "info", "--select", "AUD104"], capsys, monkeypatch)[0] == 1
    assert run(base + ["--select", "AUD104"], capsys, monkeypatch)[0] == 0
    # report only: exit 0 with findings, but usage errors still exit 2
    code, out, _ = run(base + ["--exit-zero"], capsys, monkeypatch)
    assert code == 0 and len(out.splitlines()) == 12
    assert run(base + ["--exit-zero", "--fail-on", "sometimes"], capsys, monkeypatch)[0] == 2
    assert run(["audit", "missing.fr.txt", "--source", SEED_S, "--exit-zero"], capsys, monkeypatch)[0] == 2


def test_04_feed_exit_zero_and_fail_on_case(tmp_path, capsys, monkeypatch):
    from conftest import FIXTURES
    d = tmp_path / "feed" / "voi"
    d.mkdir(parents=True)
    for f in (FIXTURES / "voi-russia-us").glob("*.txt"):
        (d / f.name).write_bytes(f.read_bytes())
    args = ["feed", str(tmp_path / "feed"), "--no-mt", "--no-embed", "-q", "--journal", str(tmp_path / "j.jsonl")]
    assert run(args + ["--fail-on", "Critical"], capsys, monkeypatch)[0] == 1
    assert run(args + ["--exit-zero"], capsys, monkeypatch)[0] == 0
    assert run(args + ["--select", "AUD999"], capsys, monkeypatch)[0] == 2


# ---------------------------------------------------------------- 5. -q is shorter

def test_05_quiet_is_shorter_and_one_line_per_finding(at_root, capsys, monkeypatch):
    _, full, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed"], capsys, monkeypatch)
    code, quiet, err = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "-q"], capsys, monkeypatch)
    lines = quiet.splitlines()
    assert code == 1 and len(lines) < len(full.splitlines()) and len(lines) == 12
    assert all(re.match(rf"{re.escape(SEED_T)}:\d+:\d+: AUD\d{{3}} ", line) for line in lines)
    assert err == ""        # no notes either


# ---------------------------------------------------------------- 6. 80 columns

def _assert_fits(text, width=80):
    for line in text.splitlines():
        assert len(line) <= width, line
        assert line == line.rstrip(), repr(line)


def test_06_text_report_fits_80_columns_without_trailing_spaces(at_root, capsys, monkeypatch):
    _, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-embed"], capsys, monkeypatch)
    _assert_fits(out)
    _assert_fits(err, 10_000)


def test_06_feed_summary_keeps_its_columns_at_80(tmp_path, capsys, monkeypatch):
    from conftest import FIXTURES
    for name in ("voi-russia-us", "faulty-kpk-en", "clean-apbn-fr"):
        d = tmp_path / "feed" / name
        d.mkdir(parents=True)
        for f in (FIXTURES / name).glob("*.txt"):
            (d / f.name).write_bytes(f.read_bytes())
    code, out, err = run(["feed", str(tmp_path / "feed"), "--no-mt", "--no-embed", "--no-progress",
                          "--journal", str(tmp_path / "j.jsonl")], capsys, monkeypatch)
    _assert_fits(out)
    header = next(line for line in out.splitlines() if line.startswith("article"))
    assert header.split() == ["article", "lang", "status", "MQM", "crit", "maj", "min", "info"]
    assert "voi-russia-us/translation.fr" in out          # the name is folded, never cut
    assert "↳ 8 findings at or above major" in out         # the reason, on a line of its own
    assert out.splitlines()[-1].startswith("FAIL")


def test_06_checks_fit_80_columns(capsys, monkeypatch):
    code, out, _ = run(["checks"], capsys, monkeypatch)
    _, js, _ = run(["checks", "--json"], capsys, monkeypatch)
    n = len(json.loads(js))
    assert code == 0
    _assert_fits(out)
    assert len(out.splitlines()) <= 3 * n + 1        # was 293 lines for 29 checks


# ---------------------------------------------------------------- 7. the report's shape

def test_07_findings_once_clean_paragraphs_left_out_spans_marked_full_paths_verdict(at_root, capsys,
                                                                                      monkeypatch):
    _, out, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed"], capsys, monkeypatch)
    # every finding once, located by its full relative path
    for loc in ("1:58: AUD501", "5:53: AUD101", "5:117: AUD601", "7:26: AUD302", "7:247: AUD212"):
        assert out.count(f"{SEED_T}:{loc}") == 1, loc
    assert "\n¶2 " not in out and "¶5 line 5" in out           # a clean paragraph is not printed
    assert "paragraphs without findings not shown" in out
    # no colour (a pipe): the suspect spans are bracketed
    assert "⟦irréfiable⟧" in out and "⟦mardi, Mars 16⟧" in out
    assert out.splitlines()[-1] == "FAIL: 8 of 12 findings at or above major (1 critical, 7 major, 3 minor, 1 info)"
    assert "signature" not in out
    _, shown, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "--show-clean"], capsys, monkeypatch)
    assert "\n¶2 line 2" in shown


def test_07_concise_format_one_line_per_finding(at_root, capsys, monkeypatch):
    code, out, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "-f", "concise"], capsys,
                       monkeypatch, width=40)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 12 + 2          # never wrapped, whatever the width
    assert lines[0].startswith(f"{SEED_T}:1:58: AUD501 critical “se réchauffent”")
    assert f"{SEED_T}:7:247: AUD212 [*] minor" in out and lines[-1].startswith("FAIL")


def test_07_verdict_when_passing(tmp_path, capsys, monkeypatch):
    src, tgt = tmp_path / "s.id.txt", tmp_path / "t.fr.txt"
    src.write_text("Presiden Joko Widodo tiba di Surabaya pada 2021.\n", "utf-8")
    tgt.write_text("Le président Joko Widodo est arrivé à Surabaya en 2021.\n", "utf-8")
    code, out, _ = run(["audit", str(tgt), "--source", str(src), "--no-mt", "--no-embed"], capsys, monkeypatch)
    assert code == 0 and out.splitlines()[-1] == "PASS: no findings"


# ---------------------------------------------------------------- 8. notes

def test_08_notes_go_to_stderr_once_in_plain_words(at_root, capsys, monkeypatch, tmp_path):
    args = ["audit", SEED_T, "--source", SEED_S, "--no-embed", "--model", str(tmp_path / "no-model")]
    _, out, err = run(args, capsys, monkeypatch)
    assert "note:" not in out
    notes = err.splitlines()
    assert notes == ["note: back-translation off: model folder " + str(tmp_path / "no-model") + " does not exist",
                     "note: 5 checks need a model and did not run: AUD005, AUD711, AUD721, AUD722, AUD731"]
    _, out, err = run(args + ["-f", "json"], capsys, monkeypatch)
    assert err.splitlines() == notes and json.loads(out)["notices"]      # the same, once, not hard-wrapped
    # the selected checks need no model: nothing to say
    _, out, err = run(args + ["--select", "AUD1"], capsys, monkeypatch)
    assert err == ""


# ---------------------------------------------------------------- 9. AUD001 is a rule like the others

def test_09_aud001_listed_and_explained(capsys, monkeypatch):
    _, out, _ = run(["checks", "--json"], capsys, monkeypatch)
    assert "AUD001" in [c["code"] for c in json.loads(out)]
    code, out, _ = run(["explain", "AUD001"], capsys, monkeypatch)
    assert code == 0 and "wrong-language" in out
    _, out, _ = run(["checks"], capsys, monkeypatch)
    assert "AUD001  wrong-language" in out


# ---------------------------------------------------------------- 10. SARIF fixes

def test_10_sarif_one_fix_per_alternative_and_sentences(at_root, capsys, monkeypatch):
    _, out, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "-f", "sarif"], capsys, monkeypatch)
    results = json.loads(out)["runs"][0]["results"]
    heat = next(r for r in results if r["ruleId"] == "AUD501" and "réchauffent" in r["message"]["text"])
    inserted = [f["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] for f in heat["fixes"]]
    assert inserted == ["se tendent", "s'enveniment", "se détériorent"]
    for r in results:
        for f in r.get("fixes", []):
            assert " / " not in f["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
        assert "Suggestion" not in r["message"]["text"] or re.search(r"[.!?…] Suggestions?: ", r["message"]["text"])
        assert r["message"]["text"].endswith(".")
    date = next(r for r in results if r["ruleId"] == "AUD212")
    assert [f["properties"]["applicability"] for f in date["fixes"]] == ["safe"]


# ---------------------------------------------------------------- 11. help text

@pytest.mark.parametrize("command", [["audit"], ["feed"], ["eval"], ["models", "pull"], ["models", "convert"],
                                     ["explain"], ["checks"]])
def test_11_help_reads_like_a_finished_tool(command, capsys, monkeypatch):
    code, out, _ = run([*command, "--help"], capsys, monkeypatch)
    assert code == 0
    for junk in ("<bool>", "<list[", "<int range>", "<float range>", "[x>=", "<str>", "<path>", "{"):
        assert junk not in out, (junk, command)
    if command == ["audit"]:
        assert "Usage: auditor audit [OPTIONS] TRANSLATION" in out
        assert "text|concise|json|jsonl|sarif|junit|github|markdown|html" in out
    if command == ["feed"]:
        assert "auditor[ray]" in out and "local|ray" in out
    if command == ["models", "convert"]:
        assert not re.search(r"-q\b", out)


def test_11_debug_after_the_subcommand(capsys, monkeypatch):
    code, _, err = run(["explain", "AUD999", "--debug"], capsys, monkeypatch)
    assert code == 2 and "No such option" not in err and "unknown check code" in err


# ---------------------------------------------------------------- 12. option errors in one line

@pytest.mark.parametrize("args,expect", [
    (["audit", SEED_T, "--sorce", SEED_S], "audit: no such option --sorce; did you mean --source?"),
    (["audit", SEED_T], "audit: missing option '--source'"),
    (["audit", SEED_T, "-s", SEED_S, "-f", "xml"], "audit: invalid value for '--format'"),
    (["feed", "x", "--engin", "ray"], "feed: no such option --engin; did you mean --engine?"),
    (["nosuch"], "no such command 'nosuch'"),
])
def test_12_option_errors_are_one_line(args, expect, capsys, monkeypatch, at_root):
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("auditor: error: ") and expect in err, err
    assert "╭" not in err and "Usage:" not in err


# ---------------------------------------------------------------- 13. models pull

def test_13_models_pull_offline_says_what_to_do(capsys, monkeypatch):
    pytest.importorskip("huggingface_hub")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, out, err = run(["models", "pull", "fr-id"], capsys, monkeypatch)
    assert code == 2 and "ConnectError" not in err and "Got:" not in err
    assert "the Hugging Face hub cannot be reached" in err and "--model" in err


def test_13_models_pull_of_an_unknown_direction(capsys, monkeypatch):
    pytest.importorskip("huggingface_hub")
    code, out, err = run(["models", "pull", "xx-yy"], capsys, monkeypatch)
    assert code == 2 and "no default model for xx-yy" in err and "fr-id" in err and "pulling" not in err


def test_13_readme_says_where_models_live_and_their_size():
    from conftest import ROOT
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "~/.cache/huggingface/hub" in readme and "~/.cache/auditor" in readme and "300 MB" in readme


# ---------------------------------------------------------------- fixes

def test_fix_diff_on_seed_shows_date_casing_parenthesis_speaker(at_root, capsys, monkeypatch):
    code, out, err = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "--diff"], capsys, monkeypatch)
    assert code == 1
    assert out.startswith(f"--- a/{SEED_T}\n+++ b/{SEED_T}\n@@ ")
    removed = "".join(line for line in out.splitlines() if line.startswith("-") and not line.startswith("---"))
    added = "".join(line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++"))
    assert "mardi, Mars 16" in removed and "mardi 16 mars" in added            # date (AUD212)
    assert "Voi a rapporté" in removed and "VOI a rapporté" in added           # casing (AUD312)
    assert "Les États-Unis (États-Unis)" in removed and ", les États-Unis Intelligence" in added  # AUD302
    assert "a-t-il poursuivi" in removed and "a-t-elle poursuivi" in added     # speaker verb (AUD601)
    # unsafe and several-alternative fixes are not applied
    assert "irréfiable" in added and "irréversible" not in added
    assert "de gagner Donald Trump" in added and "se tendent" not in out
    assert "4 fixes would be applied" in err and "1 more with --unsafe-fixes" in err
    # the file is left alone
    from conftest import SEED
    assert "Mars 16" in (SEED / "translation.fr.txt").read_text("utf-8")


def test_fix_writes_keeps_a_backup_and_reaudit_leaves_none_of_those(seed_copy, capsys, monkeypatch):
    tgt, src = seed_copy
    before = tgt.read_bytes()
    code, out, err = run(["audit", str(tgt), "--source", str(src), "--no-embed", "--fix", "-f", "json"],
                         capsys, monkeypatch)
    assert (tgt.parent / "translation.fr.txt.bak").read_bytes() == before
    assert "fixed 4 findings" in err
    left = {f["code"] for f in json.loads(out)["findings"]}
    assert not left & {"AUD212", "AUD311", "AUD312", "AUD302", "AUD601"}
    _, out, _ = run(["audit", str(tgt), "--source", str(src), "--no-embed", "-f", "json"], capsys, monkeypatch)
    again = json.loads(out)["findings"]
    assert not {f["code"] for f in again} & {"AUD212", "AUD311", "AUD312", "AUD302", "AUD601"}
    assert any(f["code"] == "AUD101" for f in again)       # unsafe: still there
    # a second --fix keeps the first backup
    run(["audit", str(tgt), "--source", str(src), "--no-embed", "--fix", "--unsafe-fixes", "-q"], capsys, monkeypatch)
    assert (tgt.parent / "translation.fr.txt.bak").read_bytes() == before
    assert "irréversible" in tgt.read_text("utf-8") and "se réchauffent" in tgt.read_text("utf-8")


def test_fix_safety_is_declared_by_each_check():
    from auditor.checks.base import load_all
    reg = load_all()
    declared = {code: c.info.fix for code, c in reg.items()}
    assert {declared[c] for c in ("AUD212", "AUD213", "AUD301", "AUD302", "AUD311", "AUD312", "AUD601")} == {"safe"}
    assert {declared[c] for c in ("AUD101", "AUD402", "AUD501", "AUD502", "AUD203")} == {"unsafe"}


def test_fix_plan_prefers_the_wider_fix_and_never_applies_alternatives():
    from auditor import fixes
    from auditor.types import Finding, Span
    fs = [Finding("AUD311", "casing", "minor", Span(0, 3), "m", suggestion="les", confidence=0.7),
          Finding("AUD302", "duplication", "major", Span(0, 27), "m", suggestion="les États-Unis"),
          Finding("AUD501", "mistranslation", "major", Span(30, 35), "m", suggestion="a / b",
                  alternatives=("a", "b"))]
    for f, how in zip(fs, ("safe", "safe", "display-only")):
        f.fix = how
    p = fixes.plan(fs)
    assert [e.code for e in p.edits] == ["AUD302"] and [e.code for e in p.overlapping] == ["AUD311"]
    assert p.display_only == 1
    assert fixes.apply("Les États-Unis (États-Unis) et", p.edits) == "les États-Unis et"


# ---------------------------------------------------------------- 15. pre-commit

def test_15_repository_is_a_pre_commit_hook_and_docs_state_figures_that_hold(capsys, monkeypatch, at_root):
    import yaml
    hooks = yaml.safe_load((at_root / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "auditor")
    assert hook["language"] == "python" and hook["require_serial"] is True
    assert re.search(hook["files"], "articles/2024/pemilu.fr.md") and not re.search(hook["files"], "README.md")
    entry = hook["entry"].split()
    assert entry[:2] == ["auditor", "feed"]
    # pre-commit runs the entry with the staged files appended
    code, out, err = run([*entry[1:], SEED_T], capsys, monkeypatch)
    assert code == 1 and "voi-russia-us" in out
    doc = (at_root / "docs" / "ci.md").read_text("utf-8")
    assert "fraction of a second" not in doc and "1.8 s of CPU" in doc and ".pre-commit-hooks.yaml" in doc


# ---------------------------------------------------------------- 16. HTML report

def test_16_html_source_term_no_empty_column_readable_evidence(at_root, capsys, monkeypatch):
    _, page, _ = run(["audit", SEED_T, "--source", SEED_S, "--no-embed", "--no-mt", "-f", "html"], capsys, monkeypatch)
    # the Indonesian term behind AUD501 is marked in the source column
    assert re.search(r'<td class="src"[^>]*>[^<]*kian <mark class="h-critical" data-f="a1-f\d+"[^>]*>menghangat</mark>',
                     page)
    assert "<th>back-translation" not in page and '<td class="bt"' not in page     # no model: no column
    assert '<dl class="evidence"><dt>source term</dt><dd>menghangat</dd>' in page
    assert "<pre>{" not in page


def test_16_html_feed_puts_failing_articles_first_and_folds_passing_ones(tmp_path, capsys, monkeypatch):
    from conftest import FIXTURES
    for name in ("clean-apbn-fr", "voi-russia-us"):      # the passing one comes first in the feed
        d = tmp_path / "feed" / name
        d.mkdir(parents=True)
        for f in (FIXTURES / name).glob("*.txt"):
            (d / f.name).write_bytes(f.read_bytes())
    run(["feed", str(tmp_path / "feed"), "--no-mt", "--no-embed", "--no-progress", "-q",
         "-f", f"html:{tmp_path / 'r.html'}", "--journal", str(tmp_path / "j.jsonl")], capsys, monkeypatch)
    page = (tmp_path / "r.html").read_text("utf-8")
    sections = re.findall(r'<section class="article status-(\w+)"', page)
    assert sections == ["fail", "pass"]
    passing = page[page.index('<section class="article status-pass"'):]
    assert passing.split("\n", 2)[1].startswith("<details><summary><h2>")
