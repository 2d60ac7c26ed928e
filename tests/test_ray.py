"""`auditor feed --engine ray` on a local Ray instance this module starts (2 CPUs).

What a user relies on: the same records as the local engine (with a real model held by the
actors), the resume rule (an interrupted Ray run keeps what it finished; the resumed run never
redoes it), bad items as error records, a lost worker that costs nothing, backpressure (the
driver never runs ahead of its workers), and, without Ray installed, one clear line and exit 2.
"""
from __future__ import annotations

import json
import sys

import pytest

from test_feed import build_feed, own_pairs, run

pytestmark = pytest.mark.ray    # a local Ray instance

RAY_REASON = "Ray is not installed (pip install 'auditor[ray]'; `make setup` installs it)"


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray", reason=RAY_REASON)
    import logging
    # "local": a fresh instance, never one that `ray start` left running on the machine
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def feed10(tmp_path_factory):
    """7 fixture pairs in en, fr and zh, a one-sentence article holding markup, and 4 bad items."""
    root = tmp_path_factory.mktemp("rayfeed")
    kinds = build_feed(root / "feed", 7, own_pairs())
    return root / "feed", kinds


def _plain(recs):
    """Records without their timings (the only thing that may differ between two runs)."""
    out = []
    for r in recs:
        r = json.loads(json.dumps(r))
        r["item"].pop("seconds", None)
        out.append(r)
    return out


def _jsonl(path):
    return [json.loads(l) for l in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def local_reference(feed10, tmp_path_factory):
    """The local engine's records for the feed, model-free."""
    from auditor.feed import FeedRunner, FeedSettings, Journal, discover
    tmp = tmp_path_factory.mktemp("ref")
    items = discover([feed10[0]])
    settings = FeedSettings(no_mt=True, embed=False, cache_dir=str(tmp / "c"))
    report = FeedRunner(items, settings, Journal(tmp / "j.jsonl")).run()
    return _plain(report.records)


@pytest.fixture
def engines(monkeypatch):
    """Every RayEngine the command makes, to read what it did."""
    from auditor.feed import ray as feed_ray
    made = []
    real = feed_ray.RayEngine.__init__

    def spy(self, *a, **kw):
        real(self, *a, **kw)
        made.append(self)

    monkeypatch.setattr(feed_ray.RayEngine, "__init__", spy)
    return made


def test_without_ray_one_clear_line_and_exit_2(feed10, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)      # `import ray` raises ImportError
    journal = tmp_path / "j.jsonl"
    code, out, err = run(["feed", feed10[0], "--engine", "ray", "--no-mt", "--journal", journal],
                         capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == ["auditor: error: Ray is not installed: pip install 'auditor[ray]'"]
    assert not journal.exists()                           # refused before anything was written


def test_ray_options_are_usage_errors_with_the_local_engine(feed10, capsys, monkeypatch):
    code, _, err = run(["feed", feed10[0], "--workers", "2", "--no-mt"], capsys, monkeypatch)
    assert code == 2 and "--workers: only with --engine ray" in err
    code, _, err = run(["feed", feed10[0], "--engine", "ray", "--jobs", "2", "--no-mt"], capsys, monkeypatch)
    assert code == 2 and "with --engine ray give --workers" in err
    code, _, err = run(["feed", feed10[0], "--engine", "spark"], capsys, monkeypatch)
    assert code == 2 and "--engine must be local or ray" in err


def test_ray_actors_holding_a_model_give_the_local_records(ray_local, feed10, tiny_model, engines, tmp_path,
                                                            capsys, monkeypatch):
    feed_dir, kinds = feed10
    # one thread in both engines: a random-weight model has near-ties between tokens, and a float
    # sum taken in another order (another thread count) may flip one
    mt = ["--no-embed", "--model", tiny_model, "--beam-size", "1", "--max-length", "16", "--articles-per-batch", "4",
          "--threads", "1"]
    out = {}
    for name, extra in (("local", []), ("ray", ["--engine", "ray", "--workers", "2"])):
        code, stdout, _ = run(["feed", feed_dir, *mt, *extra, "--cache-dir", tmp_path / f"c-{name}", "-q",
                               "-f", "json", "--journal", tmp_path / f"{name}.jsonl"], capsys, monkeypatch)
        assert code == 1                                   # bad items and faults in the feed
        out[name] = json.loads(stdout)
    local, ray = out["local"], out["ray"]
    assert [r["id"] for r in ray["results"]] == [r["id"] for r in local["results"]]
    assert sorted(r["id"] for r in ray["results"]) == sorted(kinds)
    assert _plain(ray["results"]) == _plain(local["results"])
    assert ray["summary"] == local["summary"]
    res = [r for r in ray["results"] if r["record"] == "result"]
    assert res and all(r["signature"]["back_translation"]["models"][0]["id"] == str(tiny_model) for r in res)
    # bad items are error records, as locally, and the others were audited
    errs = {r["id"]: r["error"]["kind"] for r in ray["results"] if r["record"] == "error"}
    assert errs == {"bad/binary.fr": "binary", "bad/empty.en": "empty", "bad/wronglang.fr": "wrong_language",
                    "bad/orphan.en": "missing_source"}
    # the actors did the decoding, and said so
    assert ray["run"]["back_translation"]["decoded"] > 0
    assert ray["run"]["back_translation"] == local["run"]["back_translation"]
    engine = dict(ray["run"]["engine"])
    assert engine.pop("start_seconds") > 0 and engine.pop("stop_seconds") >= 0
    assert engine == {"name": "ray", "workers": 2, "nodes": 1, "lost_chunks": 0}
    eng = engines[-1]
    assert sorted(eng.submitted) == sorted(r["id"] for r in ray["results"])   # each item sent once
    assert 2 <= eng.max_in_flight <= 2 * eng.opts.in_flight


def test_interrupted_ray_run_keeps_its_records_and_resume_never_redoes_them(ray_local, feed10, local_reference,
                                                                              engines, tmp_path, capsys,
                                                                              monkeypatch):
    from auditor import feed as feedmod
    feed_dir, kinds = feed10
    journal = tmp_path / "j.jsonl"
    args = ["feed", feed_dir, "--engine", "ray", "--workers", "2", "--no-mt", "--no-embed", "--articles-per-batch",
            "2", "--cache-dir", tmp_path / "c", "-f", f"jsonl:{journal}"]
    real_write = feedmod.Journal.write
    written = []

    def write_then_interrupt(self, rec):
        real_write(self, rec)
        written.append(rec["id"])
        if len(written) == 5:
            raise KeyboardInterrupt

    monkeypatch.setattr(feedmod.Journal, "write", write_then_interrupt)
    code, _, err = run(args, capsys, monkeypatch)
    assert code == 130 and "--resume" in err
    kept = _jsonl(journal)
    assert [r["id"] for r in kept] == written               # written as each chunk came back
    assert not engines[-1].actors                           # the actors were let go
    monkeypatch.setattr(feedmod.Journal, "write", real_write)

    code, _, err = run(args + ["--resume"], capsys, monkeypatch)
    assert code == 1 and "resume: " in err
    done_before = {r["id"] for r in kept if r["record"] == "result"}
    second = engines[-1].submitted
    assert len(second) == len(set(second))
    assert set(second) == set(kinds) - done_before          # only the rest, each once
    final = _jsonl(journal)
    before = {r["id"]: r for r in kept}
    for r in final:
        if r["id"] in done_before:
            assert r == before[r["id"]]                      # untouched, timings included
    assert _plain(final) == local_reference


def test_a_lost_worker_is_replaced_and_nothing_is_lost(ray_local, feed10, local_reference, tmp_path):
    """A worker killed mid-run (a node gone): its chunk goes to a fresh actor. The driver also
    never runs ahead: at every record written, at most workers x in_flight chunks are out."""
    from auditor.feed import FeedRunner, FeedSettings, Journal, discover
    from auditor.feed.ray import RayEngine, RayOptions
    eng = RayEngine(RayOptions(workers=2, in_flight=1))
    items = discover([feed10[0]])
    settings = FeedSettings(no_mt=True, embed=False, cache_dir=str(tmp_path / "c"), articles_per_batch=1)
    runner = FeedRunner(items, settings, Journal(tmp_path / "j.jsonl"))
    written, ahead = [], []

    def on_record(rec):
        written.append(rec["id"])
        # chunks hold one article: completed chunks >= records written
        ahead.append(eng.chunks_submitted - len(written))
        if len(written) == 1:
            ray_local.kill(eng.actors[0], no_restart=True)

    runner.on_record = on_record
    report = runner.run(engine=eng)
    assert eng.lost_chunks >= 1
    assert not [r for r in report.records if r.get("error", {}).get("kind") == "worker_lost"]
    assert _plain(report.records) == local_reference
    assert sorted(written) == sorted(r["id"] for r in local_reference)   # one record each
    assert max(ahead) <= eng.lost_chunks + 2 * 1 and eng.max_in_flight == 2  # backpressure
    assert eng.chunks_submitted == len(items) + eng.lost_chunks
