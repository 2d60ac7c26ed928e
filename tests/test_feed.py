"""`auditor feed` end to end: a 50+ article feed built from the fixtures, every output
format, exit codes by threshold, bad items, an interruption and --resume, manifests,
RSS/Atom, configuration, and the HTML page in headless Chromium.

The checks proper are written elsewhere; so that this file has faults to report whatever
checks exist, it registers one plainly named test double (AUD998, a year in the
translation that its source sentence does not have) for the duration of the module.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from auditor.checks.base import REGISTRY, Check, CheckInfo, iter_segments
from auditor_cli.main import main

pytestmark = pytest.mark.slow    # feeds of 50+ articles, worker pools, interruptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
FORMATS = ("json", "jsonl", "sarif", "junit", "github", "markdown", "html", "text")
EXT = {"json": "json", "jsonl": "jsonl", "sarif": "sarif", "junit": "xml", "github": "github.txt", "markdown": "md",
       "html": "html", "text": "txt"}
XSS_SCRIPT = "<script>document.title='PWNED'</script>"
XSS_IMG = "<img src=x onerror=\"document.title='PWNED'\">"


class YearNotInSourceDouble(Check):
    """TEST DOUBLE, not a product check: a 4-digit year of a translation sentence that its
    aligned source sentences do not contain."""
    info = CheckInfo(code="AUD998", name="test-double-year", category="number", severity="major",
                     summary="Test double: a year that the source sentence does not have.",
                     explanation="Registered by tests/test_feed.py only, so that the feed tests have findings "
                                 "to report whatever product checks exist.")

    def run(self, ctx):
        for seg in iter_segments(ctx):
            src = ctx.source_text_for(seg.id)
            if not src:
                continue
            for m in re.finditer(r"\b(?:19|20)\d\d\b", seg.text):
                if m.group() not in src:
                    yield ctx.finding(self, seg, m.start(), m.end(), f"year {m.group()} is not in the source",
                                      confidence=0.9)


@pytest.fixture(scope="module", autouse=True)
def year_double():
    REGISTRY["AUD998"] = YearNotInSourceDouble
    yield
    REGISTRY.pop("AUD998", None)


def run(args, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["auditor", *map(str, args)])
    with pytest.raises(SystemExit) as e:
        main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


def fixture_pairs() -> list[tuple[str, str, Path, Path]]:
    """(name, lang, source, translation) of every fixture pair (the seed, ours, other helpers')."""
    out = []
    for d in sorted(FIXTURES.iterdir()):
        for src in sorted(d.glob("source.id.*")):
            if src.suffix not in (".txt", ".md"):
                continue
            for t in sorted(d.glob(f"translation.*{src.suffix}")):
                out.append((d.name, t.name.split(".")[1], src, t))
    return out


def _write_as(path: Path, lines: list[str]) -> None:
    if path.suffix == ".html":
        import html
        path.write_text("<html><body>\n" + "\n".join(f"<p>{html.escape(l)}</p>" for l in lines)
                        + "\n</body></html>\n", "utf-8")
    else:   # .txt and .md: one paragraph per line (md with a blank line between)
        sep = "\n\n" if path.suffix == ".md" else "\n"
        path.write_text(sep.join(lines) + "\n", "utf-8")


def own_pairs():
    return [p for p in fixture_pairs() if p[0].startswith("feed-") or p[0] == "voi-russia-us"]


def build_feed(root: Path, n: int, pairs=None) -> dict[str, str]:
    """At least n articles from the fixture pairs (each pair whole, then variants: a paragraph
    left out, or the paragraphs of a short one in another order; as txt, md or html), in sub-folders per language, plus bad items and an article
    that holds markup. Returns {item id: the fixture it comes from, or what is wrong with it}."""
    pairs = pairs or fixture_pairs()
    assert len(pairs) >= 5 and len({p[1] for p in pairs}) >= 3, pairs
    kinds: dict[str, str] = {}
    exts = ("txt", "txt", "md", "html")
    for k in range(max(n, len(pairs))):
        name, lang, src, tgt = pairs[k % len(pairs)]
        variant = k // len(pairs)
        s_lines = [l for l in src.read_text("utf-8").splitlines() if l.strip()]
        t_lines = [l for l in tgt.read_text("utf-8").splitlines() if l.strip()]
        common = min(len(s_lines), len(t_lines))
        if variant and common > 4:      # leave one paragraph out
            drop = (variant - 1) % common
            s_lines = [l for i, l in enumerate(s_lines) if i != drop]
            t_lines = [l for i, l in enumerate(t_lines) if i != drop]
        elif variant and common > 1:    # short articles: paragraphs in another order
            r = variant % common
            s_lines = s_lines[r:common] + s_lines[:r] + s_lines[common:]
            t_lines = t_lines[r:common] + t_lines[:r] + t_lines[common:]
        ext = exts[k % len(exts)] if lang in ("fr", "en") and variant else "txt"
        d = root / lang
        d.mkdir(parents=True, exist_ok=True)
        stem = f"{k:02d}-{name}"
        _write_as(d / f"{stem}.id.{ext}", s_lines)
        _write_as(d / f"{stem}.{lang}.{ext}", t_lines)
        kinds[f"{lang}/{stem}.{lang}"] = name
    bad = root / "bad"
    bad.mkdir()
    seed_src = (FIXTURES / "voi-russia-us" / "source.id.txt").read_text("utf-8")
    for stem in ("binary", "empty", "wronglang"):
        (bad / f"{stem}.id.txt").write_text(seed_src, "utf-8")
    (bad / "binary.fr.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
    (bad / "empty.en.txt").write_text("\n  \n", "utf-8")
    (bad / "wronglang.fr.txt").write_text(seed_src, "utf-8")        # Indonesian in the French slot
    (bad / "orphan.en.txt").write_text("A translation whose source is missing.\n", "utf-8")
    kinds.update({"bad/binary.fr": "binary", "bad/empty.en": "empty", "bad/wronglang.fr": "wrong_language",
                  "bad/orphan.en": "missing_source"})
    xss = root / "en"
    (xss / "xss-<i>name.id.txt").write_text(
        "JAKARTA - Menteri Pendidikan Nadiem Makarim meresmikan 12 sekolah baru di Kupang pada Rabu, "
        "10 Januari 2024.\n", "utf-8")
    (xss / "xss-<i>name.en.txt").write_text(
        f"JAKARTA - Education Minister Nadiem Makarim {XSS_SCRIPT} inaugurated 12 new schools {XSS_IMG} "
        f"in Kupang on Wednesday, January 10, 2023.\n", "utf-8")
    kinds["en/xss-<i>name.en"] = "markup"
    return kinds


@pytest.fixture(scope="module")
def big_feed(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed50")
    kinds = build_feed(root / "feed", 50)
    return root, kinds


@pytest.fixture(scope="module")
def big_run(big_feed):
    """The whole feed in one command writing every format, interrupted after 20 articles
    (^C, simulated) and finished with --resume. Shared by many tests."""
    from auditor import feed as feedmod
    root, kinds = big_feed
    out = root / "out"
    args = ["feed", root / "feed", "--no-mt", "--no-embed", "--cache-dir", root / "cache",
            "--journal", root / "journal.jsonl"]
    for f in FORMATS:
        args += ["-f", f"{f}:{out / ('report.' + EXT[f])}"]
    mp = pytest.MonkeyPatch()
    real_write = feedmod.Journal.write
    first: list[str] = []

    def write_then_interrupt(self, rec):
        real_write(self, rec)
        first.append(rec["id"])
        if len(first) == 20:
            raise KeyboardInterrupt

    codes = []
    try:
        for extra, patch in (([], True), (["--resume"], False)):
            if patch:
                mp.setattr(feedmod.Journal, "write", write_then_interrupt)
            else:
                mp.setattr(feedmod.Journal, "write", real_write)
            mp.setattr(sys, "argv", ["auditor", *map(str, args + extra)])
            with pytest.raises(SystemExit) as e:
                main()
            codes.append(e.value.code)
    finally:
        mp.undo()
    files = {f: out / f"report.{EXT[f]}" for f in FORMATS}
    return {"code": codes[1], "interrupted": codes[0], "first": first, "files": files, "kinds": kinds,
            "root": root, "records": [json.loads(l) for l in (root / "journal.jsonl").read_text("utf-8").splitlines()]}


# --------------------------------------------------------------------------- the 50-pair feed

def test_feed_of_50_pairs_runs_and_writes_every_format(big_run):
    recs = big_run["records"]
    kinds = big_run["kinds"]
    assert big_run["interrupted"] == 130 and len(big_run["first"]) == 20
    doc = json.loads(big_run["files"]["json"].read_text("utf-8"))
    done_first = [i for i in big_run["first"] if not i.startswith("bad/")]
    assert doc["run"]["resumed"] == len(done_first)                 # not redone
    assert doc["run"]["audited"] == len(kinds) - len(done_first)
    assert [json.loads(l)["id"] for l in big_run["files"]["jsonl"].read_text("utf-8").splitlines()] == \
           [r["id"] for r in recs]
    assert len(recs) == len(kinds) >= 55
    assert {r["id"] for r in recs} == set(kinds)
    langs = {r["translation"]["lang"] for r in recs if r["record"] == "result"}
    assert {"fr", "en", "zh"} <= langs
    for f, p in big_run["files"].items():
        assert p.is_file() and p.stat().st_size > 200, f
    assert doc["summary"]["total"]["articles"] == len(kinds)
    assert [r["id"] for r in doc["results"]] == [r["id"] for r in recs]
    text = big_run["files"]["text"].read_text("utf-8")
    assert "per language" in text and "zh" in text


def test_bad_items_are_error_records_and_the_run_goes_on(big_run):
    by_id = {r["id"]: r for r in big_run["records"]}
    own = {p[0] for p in own_pairs()} | {"markup"}
    for iid, kind in big_run["kinds"].items():
        rec = by_id[iid]
        if kind in ("binary", "empty", "wrong_language", "missing_source"):
            assert rec["record"] == "error" and rec["error"]["kind"] == kind, rec
            assert rec["error"]["message"]
        elif kind in own:
            assert rec["record"] == "result", rec.get("error")
    wrong = by_id["bad/wronglang.fr"]["error"]["message"]
    assert "fr" in wrong and "id" in wrong


def test_faults_are_found_and_exit_code_follows_the_threshold(big_run, capsys, monkeypatch):
    recs = big_run["records"]
    by_id = {r["id"]: r for r in recs}
    year = [f for r in recs if r["id"].endswith("feed-year-en.en") for f in r["findings"] if f["code"] == "AUD998"]
    assert year and year[0]["text"] == "2022"
    assert big_run["code"] == 1          # failing articles and error records
    root = big_run["root"]
    base = ["feed", root / "feed", "--no-mt", "--no-embed", "--cache-dir", root / "cache", "--journal", root / "journal.jsonl",
            "--resume", "-q", "-f", "json"]
    worst = {f["severity"] for r in recs for f in r.get("findings", [])}
    code, out, _ = run(base + ["--fail-on", "critical", "--allow-errors"], capsys, monkeypatch)
    assert code == (1 if "critical" in worst else 0)
    run_info = json.loads(out)["run"]
    assert run_info["audited"] == 4 and run_info["resumed"] == len(recs) - 4   # only error items are retried
    code, out, _ = run(base + ["--fail-on", "major", "--allow-errors"], capsys, monkeypatch)
    assert code == 1
    summ = json.loads(out)["summary"]
    assert summ["total"]["failed"] >= 1 and summ["total"]["errors"] == 4
    clean = [r for r in recs if r["record"] == "result" and "clean" in r["id"]]
    assert clean and all(not any(f["code"] == "AUD998" for f in r["findings"]) for r in clean)
    assert any(f["code"] == "AUD998" and f["text"] == "2023" for f in by_id["en/xss-<i>name.en"]["findings"])


def test_sarif_results_point_at_the_flagged_text(big_run):
    sarif = json.loads(big_run["files"]["sarif"].read_text("utf-8"))
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    run_ = sarif["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["AUD998"]["shortDescription"]["text"].startswith("Test double")
    assert rules["AUD998"]["defaultConfiguration"]["level"] == "error"
    assert rules["AUD998"]["properties"]["category"] == "number"
    n_findings = sum(len(r.get("findings", [])) for r in big_run["records"])
    assert len(run_["results"]) == n_findings > 0
    def local(uri):
        return Path(unquote(urlsplit(uri).path))

    base = local(run_["originalUriBaseIds"]["SRCROOT"]["uri"])
    checked = 0
    for res in run_["results"]:
        assert run_["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        path = local(uri) if uri.startswith("file:") else base / unquote(uri)
        region = loc["region"]
        lines = path.read_text("utf-8").splitlines()
        line = lines[region["startLine"] - 1]
        if region["startLine"] == region["endLine"]:
            got = line[region["startColumn"] - 1:region["endColumn"] - 1]
            if path.suffix == ".txt":
                assert got == region["snippet"]["text"], (path, region)
            checked += 1
    assert checked
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 4 and not run_["invocations"][0]["executionSuccessful"]


def test_junit_has_a_case_per_article_failed_by_threshold(big_run):
    root = ET.fromstring(big_run["files"]["junit"].read_text("utf-8"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(big_run["records"])
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    errors = {c.get("name") for c in cases if c.find("error") is not None}
    assert errors == {"bad/binary.fr", "bad/empty.en", "bad/wronglang.fr", "bad/orphan.en"}
    expect = {r["id"] for r in big_run["records"] if r["record"] == "result"
              and any(f["severity"] in ("major", "critical") for f in r["findings"])}
    assert failed == expect and failed
    assert int(root.get("failures")) == len(failed) and int(root.get("errors")) == 4
    assert {s.get("name") for s in root.findall("testsuite")} >= {"auditor.fr", "auditor.en", "auditor.zh"}


def test_github_annotations(big_run):
    lines = big_run["files"]["github"].read_text("utf-8").splitlines()
    n_findings = sum(len(r.get("findings", [])) for r in big_run["records"])
    assert len(lines) == n_findings + 4
    year = [l for l in lines if re.search(r"feed-year-en\.en\.txt,line=1,col=\d+,endColumn=\d+,title=AUD998 ", l)]
    assert year and year[0].startswith("::error file=")
    assert all(re.match(r"^::(error|warning|notice) ", l) for l in lines)
    assert all("\n" not in l for l in lines)


def test_markdown_summary(big_run):
    md = big_run["files"]["markdown"].read_text("utf-8")
    assert md.startswith("## ❌ auditor:") and "| language |" in md
    assert "<details>" in md and "<i>" not in md and "<script" not in md
    assert "xss-&lt;i&gt;name" in md


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


def test_html_escapes_all_content(big_run):
    page = big_run["files"]["html"].read_text("utf-8")
    p = _Tags()
    p.feed(page)
    assert p.tags.count("script") == 1 and "img" not in p.tags and not p.handlers
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in re.sub(r"<[^>]+>", "", page)
    assert "xss-&lt;i&gt;name.en" in page
    assert page.count('<section class="article') == len(big_run["records"])
    # the year double is highlighted in the translation with its explanation
    assert re.search(r'<mark class="h-\w+" data-f="[^"]*" title="[^"]*AUD998[^"]*">2023</mark>', page)
    assert "Registered by tests/test_feed.py only" in page


def _chromium(url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="auditor-chromium-")
    try:
        return subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args, url],
            capture_output=True, text=True, timeout=90)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless test needs Debian's chromium "
                    "(apt-get install -y chromium, or AUDITOR_WITH_CHROMIUM=1 scripts/system-deps.sh)")
def test_html_page_renders_in_headless_chromium(big_run, tmp_path):
    page = big_run["files"]["html"]
    dom = _chromium(page.as_uri(), "--virtual-time-budget=3000", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    d = dom.stdout
    title = re.search(r"<title>(.*?)</title>", d, re.S).group(1)
    assert "PWNED" not in title and title.startswith("auditor report")
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in re.sub(r"<[^>]+>", "", d)  # as text
    text = re.sub(r"<[^>]+>", "", d)           # the article's text, whatever marks split it
    assert "&lt;img src=x onerror=" in text
    assert len(re.findall(r"<script\b", d)) == 1 and "<img" not in d
    # the page's own script ran (it fills the counter), the article's did not
    n = len(big_run["records"])
    assert re.search(rf'<span id="shown">{n} of {n} articles shown, \d+ findings</span>', d)
    shot = tmp_path / "page.png"
    r = _chromium(page.as_uri(), "--window-size=1280,2000", f"--screenshot={shot}")
    assert r.returncode == 0 and shot.is_file(), r.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (w, h) == (1280, 2000) and len(data) > 20000    # a page with content, not a blank
    keep = os.environ.get("AUDITOR_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


# --------------------------------------------------------------------------- interruption, jobs, model

@pytest.fixture(scope="module")
def small_feed(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed12")
    kinds = build_feed(root / "feed", 12, own_pairs())
    return root / "feed", kinds


def test_interrupted_run_keeps_its_results_and_resume_finishes(small_feed, tmp_path, capsys, monkeypatch):
    from auditor import feed as feedmod
    feed_dir, kinds = small_feed
    journal = tmp_path / "j.jsonl"
    args = ["feed", feed_dir, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-f", f"jsonl:{journal}",
            "--articles-per-batch", "4"]
    real_write = feedmod.Journal.write
    written = []

    def write_then_interrupt(self, rec):
        real_write(self, rec)
        written.append(rec["id"])
        if len(written) == 7:
            raise KeyboardInterrupt

    monkeypatch.setattr(feedmod.Journal, "write", write_then_interrupt)
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 130 and "--resume" in err
    kept = [json.loads(l) for l in journal.read_text("utf-8").splitlines()]
    assert [r["id"] for r in kept] == written           # written as they completed, nothing lost
    monkeypatch.setattr(feedmod.Journal, "write", real_write)

    audited = []
    from auditor.feed import work as feedwork
    real_chunk = feedwork.process_chunk

    def counting_chunk(items, *a, **kw):
        audited.extend(it.id for it in items)
        return real_chunk(items, *a, **kw)

    monkeypatch.setattr(feedwork, "process_chunk", counting_chunk)
    code, out, err = run(args + ["--resume"], capsys, monkeypatch)
    assert code == 1
    done_before = {r["id"] for r in kept if r["record"] == "result"}
    assert not (set(audited) & done_before)               # the done ones are not redone
    assert set(audited) | done_before == set(kinds)
    final = [json.loads(l) for l in journal.read_text("utf-8").splitlines()]
    assert sorted(r["id"] for r in final) == sorted(kinds)    # one record per item
    before = {r["id"]: r for r in kept}
    for r in final:
        if r["id"] in done_before:
            assert r == before[r["id"]]
    assert "resume: " in err


def test_resume_redoes_a_changed_article(small_feed, tmp_path, capsys, monkeypatch):
    src_dir = small_feed[0]
    feed_dir = tmp_path / "feed"
    shutil.copytree(src_dir, feed_dir)
    journal = tmp_path / "j.jsonl"
    args = ["feed", feed_dir, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "--journal", journal, "-q",
            "-f", "json", "--select", "AUD998"]
    run(args, capsys, monkeypatch)
    target = next(p for p in sorted(feed_dir.glob("en/*feed-year-en.en.*")))
    target.write_text(target.read_text("utf-8").replace("2022", "2024"), "utf-8")
    code, out, err = run(args + ["--resume"], capsys, monkeypatch)
    info = json.loads(out)["run"]
    assert info["audited"] == 1 + 4 and info["resumed"] == len(small_feed[1]) - 5


def test_jobs_give_the_same_records(small_feed, tmp_path, capsys, monkeypatch):
    feed_dir, kinds = small_feed
    out = {}
    for jobs in (1, 2):
        code, stdout, _ = run(["feed", feed_dir, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "jsonl",
                               "--journal", tmp_path / f"j{jobs}.jsonl", "--jobs", jobs, "--ignore", "AUD998"],
                              capsys, monkeypatch)
        out[jobs] = [json.loads(l) for l in stdout.splitlines()]
        for r in out[jobs]:
            r["item"].pop("seconds", None)
    assert [r["id"] for r in out[1]] == [r["id"] for r in out[2]]
    assert out[1] == out[2]


def test_tiny_model_back_translates_in_batches_across_articles(small_feed, tmp_path, tiny_model, capsys,
                                                               monkeypatch):
    from auditor.evidence.mt import HFTranslator
    feed_dir, kinds = small_feed
    calls = []
    real = HFTranslator.translate

    def counting(self, texts):
        calls.append(len(texts))
        return real(self, texts)

    monkeypatch.setattr(HFTranslator, "translate", counting)
    code, out, err = run(["feed", feed_dir, "--no-embed", "--model", tiny_model, "--beam-size", "1", "--max-length", "16",
                          "--cache-dir",
                          tmp_path / "c", "-q", "-f", "json", "--articles-per-batch", "8",
                          "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    doc = json.loads(out)
    res = [r for r in doc["results"] if r["record"] == "result"]
    assert len(res) == len(kinds) - 4
    for r in res:
        assert r["signature"]["back_translation"]["models"][0]["id"] == str(tiny_model)
        tsegs = [s for s in r["segments"] if s["side"] == "translation"]
        assert any(isinstance(s.get("back_translation"), str) for s in tsegs)
    # 8 articles a batch, one call per language in a batch: far fewer calls than articles
    n_batches = -(-len(kinds) // 8)
    langs = len({r["translation"]["lang"] for r in res})
    assert 0 < len(calls) <= n_batches * langs < len(res)
    assert doc["run"]["back_translation"]["decoded"] > 0
    # the batched path gives an article what `auditor audit` gives it
    rec = next(r for r in res if "feed-year-en" in r["id"])
    tpath = Path(rec["translation"]["path"])
    _, single, _ = run(["audit", tpath, "--source", Path(rec["source"]["path"]), "--no-embed", "--model",
                        tiny_model, "--beam-size", "1", "--max-length", "16", "--cache-dir", tmp_path / "c",
                        "-f", "json"], capsys, monkeypatch)
    d = json.loads(single)
    assert [(f["code"], f["start"], f["end"]) for f in rec["findings"]] == \
           [(f["code"], f["start"], f["end"]) for f in d["findings"]]
    assert rec["segments"] == d["segments"] and rec["alignment"] == d["alignment"]


# --------------------------------------------------------------------------- manifests, RSS, config

def _pair_files(base: Path) -> tuple[Path, Path]:
    d = FIXTURES / "feed-year-en"
    shutil.copy(d / "source.id.txt", base / "year.id.txt")
    shutil.copy(d / "translation.en.txt", base / "year.en.txt")
    return base / "year.id.txt", base / "year.en.txt"


def test_manifest_jsonl_paths_inline_text_and_the_folder_fence(tmp_path, capsys, monkeypatch):
    base = tmp_path / "m"
    base.mkdir()
    _pair_files(base)
    (tmp_path / "outside.en.txt").write_text("Jakarta hosted the summit in 2021.\n", "utf-8")
    rows = [
        {"id": "year", "source": "year.id.txt", "translation": "year.en.txt", "tgt_lang": "en"},
        {"id": "inline", "source": "Presiden Joko Widodo tiba di Surabaya pada Senin untuk meresmikan "
                                   "pelabuhan baru yang rampung pada 2021.",
         "translation": "President Joko Widodo arrived in Surabaya on Monday to open the new port, which "
                        "was completed in 2019.", "tgt_lang": "en"},
        {"id": "escape", "source": "year.id.txt", "translation": "../outside.en.txt", "tgt_lang": "en"},
    ]
    man = base / "feed.jsonl"
    rows.append({"id": "lang", "source": "year.id.txt", "translation": "year.en.txt", "tgt_lang": "<b>"})
    man.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n", "utf-8")
    code, out, _ = run(["feed", man, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "jsonl",
                        "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert recs["year"]["record"] == "result"
    assert [f["text"] for f in recs["inline"]["findings"] if f["code"] == "AUD998"] == ["2019"]
    assert recs["inline"]["item"]["container"] == str(man)
    assert recs["escape"]["error"]["kind"] == "outside_manifest"
    assert recs["line-5"]["error"]["kind"] == "manifest"
    assert "unknown tgt_lang '<b>'" in recs["lang"]["error"]["message"]
    code, out, _ = run(["feed", man, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "jsonl",
                        "--allow-outside", "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert recs["escape"]["record"] == "result"
    # SARIF points inline articles at the manifest, with no line that would be wrong
    code, out, _ = run(["feed", man, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "sarif",
                        "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    res = [r for r in json.loads(out)["runs"][0]["results"]
           if r["properties"]["article"] == "inline"]
    assert res and "region" not in res[0]["locations"][0]["physicalLocation"]
    assert res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("feed.jsonl")


def test_manifest_csv_with_multiline_inline_text(tmp_path, capsys, monkeypatch):
    man = tmp_path / "feed.csv"
    with open(man, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "translation", "tgt_lang"])
        w.writerow(["a1", "Gempa mengguncang Cianjur pada 2022.\nSebanyak 600 orang meninggal.",
                    "Un séisme a frappé Cianjur en 2021.\nQuelque 600 personnes sont mortes.", "fr"])
    code, out, _ = run(["feed", man, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "json",
                        "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    r = json.loads(out)["results"][0]
    assert r["translation"]["lang"] == "fr" and r["translation"]["paragraphs"] == 2
    assert [f["text"] for f in r["findings"] if f["code"] == "AUD998"] == ["2021"] and code == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("name,text\nx,y\n", "utf-8")
    code, _, err = run(["feed", bad, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c"], capsys, monkeypatch)
    assert code == 2 and "columns" in err


RSS_ID = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>VOI</title><link>https://voi.id/</link><language>id</language>
<item><title>Banjir rendam Bekasi</title><link>https://voi.id/berita/101/banjir-bekasi</link>
<guid isPermaLink="false">voi-101</guid>
<description><![CDATA[<p>BNPB mencatat 1.245 rumah terendam banjir di Kabupaten Bekasi pada 2024.</p>]]></description></item>
<item><title>Whoosh angkut sejuta penumpang</title><link>https://voi.id/berita/102/whoosh</link>
<guid isPermaLink="false">voi-102</guid>
<description><![CDATA[<p>Kereta cepat Whoosh mengangkut 1,06 juta penumpang sejak Oktober 2023.</p>]]></description></item>
</channel></rss>"""

ATOM_FR = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>VOI FR</title><id>urn:voi:fr</id>
<updated>2024-03-04T00:00:00Z</updated>
<entry><title>Le train Whoosh transporte un million de passagers</title><id>voi-102</id>
<link href="https://voi.id/fr/berita/102/whoosh"/><updated>2024-03-04T00:00:00Z</updated>
<content type="html">&lt;p&gt;Le train à grande vitesse Whoosh a transporté 1,06 million de passagers depuis octobre 2021.&lt;/p&gt;</content></entry>
</feed>"""

RSS_EN = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>VOI EN</title><link>https://voi.id/en/</link><language>en-US</language>
<item><title>Floods inundate Bekasi</title><link>https://voi.id/en/berita/101/banjir-bekasi</link>
<guid>https://voi.id/en/berita/101/banjir-bekasi</guid>
<description><![CDATA[<p>BNPB recorded 1,245 houses flooded in Bekasi Regency in 2024.</p>]]></description></item>
<item><title>Unrelated</title><link>https://voi.id/en/berita/999/other</link>
<description>An item with no Indonesian counterpart.</description></item>
</channel></rss>"""


def test_rss_and_atom_items_pair_by_id_or_link(tmp_path, capsys, monkeypatch):
    pytest.importorskip("feedparser")
    (tmp_path / "voi.id.xml").write_text(RSS_ID, "utf-8")
    (tmp_path / "voi.fr.atom").write_text(ATOM_FR, "utf-8")
    (tmp_path / "voi.en.xml").write_text(RSS_EN, "utf-8")
    code, out, _ = run(["feed", tmp_path / "voi.id.xml", tmp_path / "voi.fr.atom", tmp_path / "voi.en.xml",
                        "--no-mt", "--cache-dir", tmp_path / "c", "-q", "-f", "jsonl",
                        "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    fr = recs["voi.fr.atom#voi-102"]
    assert fr["record"] == "result" and fr["translation"]["lang"] == "fr"
    assert fr["source"]["path"].endswith("voi.id.xml#voi-102")
    # the model-free evidence runs in a feed as in `audit` (here the bundled sentence encoder)
    assert fr["signature"]["similarity"] or any("similarity skipped" in n for n in fr["notices"])
    assert [f["text"] for f in fr["findings"] if f["code"] == "AUD998"] == ["2021"]
    en = recs["voi.en.xml#https://voi.id/en/berita/101/banjir-bekasi"]       # paired by link
    assert en["record"] == "result" and en["translation"]["lang"] == "en" and not en["findings"]
    other = [r for i, r in recs.items() if "999" in i][0]
    assert other["error"]["kind"] == "unpaired"


def test_configuration_file_and_suppression(tmp_path, capsys, monkeypatch):
    feed_dir = tmp_path / "feed"
    feed_dir.mkdir()
    for stem in ("a", "b"):
        shutil.copy(FIXTURES / "feed-year-en" / "source.id.txt", feed_dir / f"{stem}.id.txt")
        shutil.copy(FIXTURES / "feed-year-en" / "translation.en.txt", feed_dir / f"{stem}.en.txt")
    shutil.copy(FIXTURES / "feed-clean-fr-train" / "source.id.txt", feed_dir / "c.id.txt")
    shutil.copy(FIXTURES / "feed-clean-fr-train" / "translation.fr.txt", feed_dir / "c.fr.txt")
    (tmp_path / "pyproject.toml").write_text("""
[project]
name = "newsroom"

[tool.auditor]
select = ["AUD998"]
fail-on = "critical"

[[tool.auditor.suppress]]
code = "AUD998"
text = "2022"
article = "a.en"

[tool.auditor.thresholds.fr]
min_mqm = 101
""", "utf-8")
    args = ["feed", feed_dir, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "json",
            "--journal", tmp_path / "j.jsonl"]
    code, out, _ = run(args, capsys, monkeypatch)
    doc = json.loads(out)
    recs = {r["id"]: r for r in doc["results"]}
    assert [f["text"] for f in recs["a.en"]["findings"]] == []          # suppressed for a only
    assert [f["text"] for f in recs["b.en"]["findings"]] == ["2022"]
    status = {a["id"]: a["status"] for a in doc["summary"]["articles"]}
    # fail-on critical from the file: b's major finding does not fail; fr is under its minimum MQM
    assert status == {"a.en": "pass", "b.en": "pass", "c.fr": "fail"} and code == 1
    assert "minimum" in {a["id"]: a for a in doc["summary"]["articles"]}["c.fr"]["reason"]
    code, out, _ = run(args + ["--fail-on", "major"], capsys, monkeypatch)      # the command line wins
    assert {a["id"]: a["status"] for a in json.loads(out)["summary"]["articles"]}["b.en"] == "fail"
    # a language may have its own fail-on; the command line's wins over it too
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(cfg.read_text("utf-8") + '\n[tool.auditor.thresholds.en]\nfail-on = "major"\n', "utf-8")
    code, out, _ = run(args, capsys, monkeypatch)
    assert {a["id"]: a["status"] for a in json.loads(out)["summary"]["articles"]}["b.en"] == "fail"
    code, out, _ = run(args + ["--fail-on", "critical"], capsys, monkeypatch)
    assert {a["id"]: a["status"] for a in json.loads(out)["summary"]["articles"]}["b.en"] == "pass"


def test_usage_errors(tmp_path, capsys, monkeypatch):
    code, _, err = run(["feed", tmp_path / "nothing-here", "--no-mt", "--no-embed"], capsys, monkeypatch)
    assert code == 2 and "no such file" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(["feed", tmp_path / "empty", "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c"], capsys, monkeypatch)
    assert code == 2 and "no article pairs" in err
    code, _, err = run(["feed", tmp_path / "empty", "-f", "json", "-f", "sarif"], capsys, monkeypatch)
    assert code == 2 and "standard output" in err
    code, _, err = run(["feed", tmp_path / "empty", "-f", "pdf"], capsys, monkeypatch)
    assert code == 2 and "unknown format" in err


# --------------------------------------------------------------------------- audit, every format

@pytest.mark.parametrize("fmt", ["jsonl", "sarif", "junit", "github", "markdown", "html"])
def test_audit_command_writes_every_format(fmt, tmp_path, capsys, monkeypatch):
    src = tmp_path / "s.id.txt"
    tgt = tmp_path / "t.en.txt"
    shutil.copy(FIXTURES / "feed-year-en" / "source.id.txt", src)
    shutil.copy(FIXTURES / "feed-year-en" / "translation.en.txt", tgt)
    code, out, _ = run(["audit", tgt, "--source", src, "--no-mt", "--no-embed", "-f", fmt, "--select", "AUD998"],
                       capsys, monkeypatch)
    assert code == 1
    if fmt == "jsonl":
        assert json.loads(out)["findings"][0]["text"] == "2022"
    elif fmt == "sarif":
        res = json.loads(out)["runs"][0]["results"]
        assert res[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "2022"
    elif fmt == "junit":
        assert ET.fromstring(out).find(".//failure") is not None
    elif fmt == "github":
        assert out.startswith("::error file=") and "line=1" in out and "2022" in out
    elif fmt == "markdown":
        assert "❌ fail" in out and "2022" in out
    else:
        assert out.startswith("<!DOCTYPE html>") and ">2022</mark>" in out
    code, out, _ = run(["audit", tgt, "--source", src, "--no-mt", "--no-embed", "-f", fmt, "--select", "AUD998",
                        "--fail-on", "critical"], capsys, monkeypatch)
    assert code == 0
    if fmt == "junit":
        assert ET.fromstring(out).find(".//failure") is None


def test_renderer_escaping_of_hostile_text():
    from auditor.report import render
    rec = {"schema_version": "1.0", "record": "result", "id": "a|b",
           "source": {"path": "s.id.txt", "lang": "id"}, "translation": {"path": "t,1:x%.en.txt", "lang": "en"},
           "segments": [], "alignment": [], "scores": {"mqm": 90.0, "words": 10},
           "findings": [{"code": "AUD998", "category": "number", "severity": "major", "start": 0, "end": 4,
                         "line": 1, "column": 1, "end_line": 1, "end_column": 5, "text": "a|`<b>`",
                         "message": "100% wrong\nsecond line", "suggestion": None, "confidence": 1.0,
                         "segment": None, "evidence": {}}]}
    gh = render([rec], "github")
    assert gh.count("\n") == 1 and "100%25 wrong%0Asecond line" in gh and "file=t%2C1%3Ax%25.en.txt" in gh
    md = render([rec], "markdown")
    assert "a\\|\\`&lt;b&gt;\\`" in md and "<b>" not in md
    xml = render([rec], "junit")
    assert ET.fromstring(xml).find(".//failure").get("message").startswith("1 finding")


def test_article_files_given_one_by_one_as_a_hook_does(tmp_path, capsys, monkeypatch):
    for stem, fx in (("year", "feed-year-en"), ("flood", "feed-clean-en-flood")):
        shutil.copy(FIXTURES / fx / "source.id.txt", tmp_path / f"{stem}.id.txt")
        shutil.copy(FIXTURES / fx / "translation.en.txt", tmp_path / f"{stem}.en.txt")
    shutil.copy(FIXTURES / "feed-clean-fr-train" / "translation.fr.txt", tmp_path / "flood.fr.txt")
    monkeypatch.chdir(tmp_path)
    # a changed translation, and a changed source (which stands for its translations)
    code, out, _ = run(["feed", "year.en.txt", "flood.id.txt", "--no-mt", "--no-embed", "--cache-dir", "c",
                        "-q", "-f", "github", "--select", "AUD998"], capsys, monkeypatch)
    assert code == 1
    assert out.startswith("::error file=year.en.txt,line=1,col=")
    code, out, _ = run(["feed", "year.en.txt", "flood.id.txt", "--no-mt", "--no-embed", "--cache-dir", "c",
                        "-q", "-f", "jsonl", "--select", "AUD998"], capsys, monkeypatch)
    assert [json.loads(l)["id"] for l in out.splitlines()] == ["year.en", "flood.en", "flood.fr"]
    (tmp_path / "notes.txt").write_text("not an article pair\n", "utf-8")
    code, _, err = run(["feed", "notes.txt"], capsys, monkeypatch)
    assert code == 2 and "NAME.LANG.EXT" in err


def test_a_feed_article_gets_the_same_audit_as_auditor_audit(tmp_path, capsys, monkeypatch):
    for name in ("voi-russia-us", "feed-year-en", "feed-untranslated-en"):
        d = FIXTURES / name
        t = next(d.glob("translation.*.txt"))
        shutil.copy(d / "source.id.txt", tmp_path / f"{name}.id.txt")
        shutil.copy(t, tmp_path / f"{name}.{t.name.split('.')[1]}.txt")
    code, out, _ = run(["feed", tmp_path, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f",
                        "jsonl", "--articles-per-batch", "3"], capsys, monkeypatch)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert len(recs) == 3
    for iid, rec in recs.items():
        name = iid.rsplit(".", 1)[0]
        _, single, _ = run(["audit", rec["translation"]["path"], "--source", tmp_path / f"{name}.id.txt",
                            "--no-mt", "--no-embed", "-f", "json", "--cache-dir", tmp_path / "c"], capsys, monkeypatch)
        d = json.loads(single)
        key = lambda f: (f["code"], f["start"], f["end"], f["severity"], f["message"])
        assert sorted(map(key, rec["findings"])) == sorted(map(key, d["findings"])), iid
        assert rec["alignment"] == d["alignment"] and rec["scores"] == d["scores"]


# --------------------------------------------------------------------------- time limit, a real ^C

class EndlessOnMarkerDouble(Check):
    """TEST DOUBLE, not a product check: loops for ever on an article whose translation holds
    the marker word, as a check might on pathological input."""
    info = CheckInfo(code="AUD997", name="test-double-endless", category="grammar", severity="minor",
                     summary="Test double: never ends on one article.",
                     explanation="Registered by tests/test_feed.py only, to exercise the per-article time limit.")

    def run(self, ctx):
        if "Kalimantan" in ctx.translation.raw:
            while True:
                pass
        return iter(())


def _plain_feed(root: Path, n: int) -> list[str]:
    """n small fr/en article pairs as .txt files (one with the marker); returns their ids."""
    ids = []
    for k, (name, lang, src, tgt) in enumerate(fixture_pairs()[:n]):
        d = root / lang
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, d / f"{k:02d}-{name}.id.txt")
        shutil.copy(tgt, d / f"{k:02d}-{name}.{lang}.txt")
        ids.append(f"{lang}/{k:02d}-{name}.{lang}")
    return ids


def test_an_article_past_the_time_limit_is_stopped_and_the_feed_goes_on(tmp_path, capsys, monkeypatch):
    root = tmp_path / "feed"
    ids = _plain_feed(root, 4)
    marked = tmp_path / "feed" / "fr" / "99-slow.fr.txt"
    (root / "fr" / "99-slow.id.txt").write_text("Banjir melanda Kalimantan Selatan pada Senin.\n", "utf-8")
    marked.write_text("Des inondations ont frappé le sud de Kalimantan lundi.\n", "utf-8")
    monkeypatch.setitem(REGISTRY, "AUD997", EndlessOnMarkerDouble)
    out_json = tmp_path / "out.json"
    code, out, err = run(["feed", root, "--no-mt", "--no-embed", "--cache-dir", tmp_path / "c", "--time-limit", "2",
                          "-f", f"json:{out_json}", "--articles-per-batch", "8"], capsys, monkeypatch)
    recs = {r["id"]: r for r in json.loads(out_json.read_text("utf-8"))["results"]}
    slow = recs.pop("fr/99-slow.fr")
    assert slow["record"] == "error" and slow["error"]["kind"] == "timeout"
    assert "time limit of 2 s" in slow["error"]["message"]
    assert 1.5 < slow["item"]["seconds"] < 60
    assert sorted(recs) == sorted(ids) and all(r["record"] == "result" for r in recs.values())
    assert code == 1                                      # an item not audited fails the run (unless --allow-errors)


def test_time_limit_leaves_fast_articles_alone_and_can_be_turned_off():
    from auditor.feed import ArticleTimeout, time_limit
    import time as _t
    with time_limit(5):
        _t.sleep(0.05)                                    # well inside: nothing happens
    with pytest.raises(ArticleTimeout):
        with time_limit(0.2):
            _t.sleep(3)
    with time_limit(0):                                   # 0 or None: no limit, no timer left behind
        _t.sleep(0.3)
    import signal
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_real_ctrl_c_keeps_every_completed_article_and_resume_finishes(tmp_path, jobs):
    """SIGINT to a running `auditor feed` process (what ^C sends): exit 130, every article
    completed before it is in the journal as a whole line, and --resume does only the rest."""
    import signal
    import time as _t
    root = tmp_path / "feed"
    ids = []
    for rep in range(8):                                  # enough articles to still be running when hit
        sub = root / f"r{rep}"
        ids += [f"r{rep}/{i}" for i in _plain_feed(sub, 12)]
    journal = tmp_path / "j.jsonl"
    cmd = [sys.executable, "-m", "auditor_cli.main", "feed", str(root), "--no-mt", "--no-embed",
           "--cache-dir", str(tmp_path / "c"), "--journal", str(journal), "--articles-per-batch", "1",
           "--jobs", jobs, "-f", f"json:{tmp_path / 'out.json'}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = _t.time() + 120
    while _t.time() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text("utf-8").count("\n") >= 3:
            break
        _t.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "--resume" in err and "Traceback" not in err
    lines = journal.read_text("utf-8").splitlines()
    kept = [json.loads(l) for l in lines]                 # every line whole
    assert 3 <= len(kept) < len(ids)
    assert all(r["record"] == "result" for r in kept)
    proc2 = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, env=env, timeout=300)
    assert proc2.returncode in (0, 1), proc2.stderr
    assert f"resume: {len(kept)} of {len(ids)} articles already done" in proc2.stderr
    final = {r["id"]: r for r in map(json.loads, journal.read_text("utf-8").splitlines())}
    assert sorted(final) == sorted(ids)
    for r in kept:                                        # the completed ones were not redone
        assert final[r["id"]] == r


def test_the_first_article_of_a_process_is_tried_again_when_loading_made_it_late(monkeypatch):
    """One-time loads (dictionaries, language models) land on a process's first article: a
    timeout then is tried once more; later articles get no second try."""
    from auditor.feed import timelimit
    from auditor.feed.timelimit import ArticleTimeout, limited
    import time as _t
    monkeypatch.setattr(timelimit, "WARM", set())
    notes, calls = [], []

    def slow_once():
        calls.append(1)
        if len(calls) == 1:
            _t.sleep(2)                                   # the loads
        return "done"

    assert limited(slow_once, 0.5, notes.append, "audit") == "done"
    assert len(calls) == 2 and "trying it once more" in notes[0]
    calls.clear()
    with pytest.raises(ArticleTimeout):                   # warm now: a late article is stopped
        limited(lambda: _t.sleep(2), 0.5, notes.append, "audit")


def test_the_journal_keeps_an_index_not_the_records(tmp_path):
    from auditor.feed import FeedItem, Journal, JournalEntry
    j = Journal(tmp_path / "j.jsonl")
    items = [FeedItem(id=f"a{k}", kind="pair", tgt_lang="fr") for k in range(3)]
    for k in (2, 0, 1, 0):                                # completion order, a0 twice (redone)
        j.write({"id": f"a{k}", "record": "result", "item": {"fingerprint": f"f{k}"}, "findings": [{"n": k}] * 50})
    assert all(isinstance(e, JournalEntry) for e in j.latest.values())
    assert j.read("a0")["findings"][0] == {"n": 0}
    recs = j.compact(items)
    assert len(recs) == 3 and [r["id"] for r in recs] == ["a0", "a1", "a2"]
    assert [r["id"] for r in recs] == ["a0", "a1", "a2"]   # re-readable
    assert (tmp_path / "j.jsonl").read_text("utf-8").count("\n") == 3
    again = Journal(tmp_path / "j.jsonl", resume=True)
    items[1].fingerprint = "f1"
    assert again.done(items[1]) and again.read("a2")["item"]["fingerprint"] == "f2"


def test_forked_workers_give_the_records_of_one_job(tmp_path):
    """`auditor feed --no-mt --jobs 2`, as a user starts it (a fresh process, embeddings on):
    the workers are forked after a warm-up in the parent, and each record is the one
    `--jobs 1` writes, whichever process encoded a sentence or read it from the shared cache."""
    root = tmp_path / "feed"
    ids = _plain_feed(root, 5)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AUDITOR_FEED_START", None)
    out = {}
    for jobs in ("1", "2"):
        cmd = [sys.executable, "-m", "auditor_cli.main", "feed", str(root), "--no-mt", "--cache-dir",
               str(tmp_path / f"c{jobs}"), "--journal", str(tmp_path / f"j{jobs}.jsonl"), "-q", "--exit-zero",
               "--articles-per-batch", "1", "--jobs", jobs, "-f", "jsonl", "-f", f"json:{tmp_path / f'run{jobs}.json'}"]
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        assert p.returncode == 0, p.stderr[-2000:]
        recs = [json.loads(l) for l in p.stdout.splitlines()]
        for r in recs:
            r["item"].pop("seconds", None)
        out[jobs] = recs
    run2 = json.loads((tmp_path / "run2.json").read_text("utf-8"))["run"]
    assert run2["engine"] == {"name": "local", "jobs": 2, "start": "fork"}
    assert [r["id"] for r in out["1"]] == [r["id"] for r in out["2"]] and sorted(ids) == sorted(r["id"] for r in out["1"])
    assert all(r["record"] == "result" for r in out["1"])
    assert out["1"] == out["2"]
