"""Safety net for restructuring: every fixture pair, audited through the command line as a user runs it
(`auditor audit TRANSLATION --source SOURCE --no-mt --no-cache --format json`, with the fixture's
back-translation file where it has one), gives the JSON stored in tests/golden/, byte for byte apart
from run-dependent fields (timings).

A change that is meant to alter the output regenerates the goldens and shows the diff in review:

    make golden    (= AUDITOR_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_golden.py)
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from auditor_cli.main import main

pytestmark = pytest.mark.slow    # audits every fixture pair through the CLI

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("AUDITOR_REGEN_GOLDEN") == "1"
ALL = sorted(p for p in FIXTURES.iterdir() if any(p.glob("source.id.*")) and any(p.glob("translation.*")))
# keys whose values change from run to run (wall-clock timings); their values are blanked
RUN_DEPENDENT = ("seconds", "elapsed", "elapsed_s", "duration", "time_s", "fingerprint")
FEED_FIXTURES = [d for d in ALL if d.name.startswith("feed-")]
assert FEED_FIXTURES, "the feed golden needs the feed-* fixtures"


def _pair(d: Path) -> tuple[Path, Path, Path | None]:
    src = next(d.glob("source.id.*"))
    tgt = next(d.glob("translation.*"))
    bt = next(iter(sorted(d.glob("back-translation.txt"))), None)
    return src, tgt, bt


def scrub(obj):
    """The JSON with run-dependent values blanked, so the rest compares byte for byte."""
    if isinstance(obj, dict):
        return {k: ("<run-dependent>" if k in RUN_DEPENDENT else scrub(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [scrub(v) for v in obj]
    return obj


def audit_json(d: Path, capsys, monkeypatch) -> str:
    src, tgt, bt = _pair(d)
    monkeypatch.chdir(ROOT)
    args = ["audit", str(tgt.relative_to(ROOT)), "--source", str(src.relative_to(ROOT)),
            "--no-mt", "--no-cache", "--format", "json"]
    if bt is not None:
        args += ["--back-translation", str(bt.relative_to(ROOT))]
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    with pytest.raises(SystemExit) as e:
        main()
    out, err = capsys.readouterr()
    assert e.value.code in (0, 1), err
    return json.dumps(scrub(json.loads(out)), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("d", ALL, ids=lambda p: p.name)
def test_fixture_json_matches_golden(d, capsys, monkeypatch):
    got = audit_json(d, capsys, monkeypatch)
    path = GOLDEN / f"{d.name}.json"
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"no golden for {d.name}: regenerate (see this module's docstring)"
    assert got == path.read_text(encoding="utf-8"), f"{d.name}: JSON output differs from tests/golden/{d.name}.json"


def test_every_golden_has_its_fixture():
    names = {d.name for d in ALL}
    assert sorted(p.stem for p in GOLDEN.glob("*.json") if p.stem not in names) == []


def test_feed_jsonl_matches_golden(tmp_path, capsys, monkeypatch):
    """`auditor feed FOLDER --no-mt --no-cache -f jsonl --jobs 1` over the feed-* fixtures, named as a
    feed folder expects (NAME.id.txt beside NAME.fr.txt): the records as stored, the folder's path
    and the run-dependent fields (timings, file-stat fingerprints) blanked."""
    feed = tmp_path / "feed"
    feed.mkdir()
    for d in FEED_FIXTURES:
        src, tgt, _ = _pair(d)
        (feed / f"{d.name}.id{src.suffix}").write_bytes(src.read_bytes())
        (feed / f"{d.name}.{tgt.name.split('.', 1)[1]}").write_bytes(tgt.read_bytes())
    out_path = tmp_path / "out.jsonl"
    monkeypatch.setattr(sys, "argv", ["auditor", "feed", str(feed), "--no-mt", "--no-cache", "-f", "jsonl",
                                      "--jobs", "1", "-o", str(out_path)])
    with pytest.raises(SystemExit) as e:
        main()
    _, err = capsys.readouterr()
    assert e.value.code in (0, 1), err
    records = [scrub(json.loads(line)) for line in out_path.read_text("utf-8").splitlines() if line.strip()]
    got = json.dumps(records, ensure_ascii=False, indent=2).replace(str(feed), "<feed>") + "\n"
    path = GOLDEN / "feed" / "feed-fixtures.jsonl.json"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
