"""A back-translation supplied by the user (`--back-translation FILE`, manifest `back_translation`).

The back-translation files under fixtures/ are realistic: faithful, slightly literal Indonesian
back-translations of the translations as an MT system would write them, their errors included
(voi-russia-us/back-translation.txt, plain text; consist-faulty-fr-pemerasan/back-translation.html,
HTML as a CMS would keep it). Nothing here is a test double: the product reads the file.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEED
from auditor.evidence.supplied import (SuppliedBackTranslation, align_back_translation, paragraph_groups,
                                       split_points)
from auditor.feed import FeedItem, discover_manifest, item_fingerprint
from auditor.reader import read_file, read_text
from auditor.segment import segment_document
from auditor.types import InputError
from auditor_cli.main import main

SEED_BT = SEED / "back-translation.txt"
PEM = FIXTURES / "consist-faulty-fr-pemerasan"
PEM_BT = PEM / "back-translation.html"


def run(args, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["auditor", *map(str, args)])
    with pytest.raises(SystemExit) as e:
        main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


def docs(tr_text: str, bt_text: str, lang: str = "fr"):
    tr, bt = read_text(tr_text, "t.txt"), read_text(bt_text, "b.txt")
    segment_document(tr, lang)
    segment_document(bt, "id")
    return tr, bt


def lines_of(path: Path) -> list[str]:
    return [l for l in path.read_text("utf-8").splitlines() if l.strip()]


# --------------------------------------------------------------------------- alignment (units)

def test_one_to_one_sentences_inside_a_paragraph():
    tr, bt = docs("Le président Joko Widodo a inauguré le barrage de Sadawarna jeudi. "
                  "Il a coûté 2 000 milliards de roupies. Les travaux ont duré quatre ans.\n",
                  "Presiden Joko Widodo meresmikan bendungan Sadawarna hari Kamis. "
                  "Bendungan itu menelan biaya 2.000 triliun rupiah. Pekerjaan berlangsung empat tahun.\n")
    got = align_back_translation(tr, bt, "fr")
    assert [got[s.id].text for s in tr.sentences] == [s.text for s in bt.sentences]
    assert not any(p.split for p in got.values())


def test_a_sentence_the_back_translation_split_in_two_gets_both():
    tr, bt = docs("La ministre des Finances Sri Mulyani a annoncé un déficit de 2,29 %, plus faible que prévu, "
                  "et une croissance de 5,1 %. Le budget sera révisé en juin.\n",
                  "Menteri Keuangan Sri Mulyani mengumumkan defisit 2,29 persen, lebih rendah dari perkiraan. "
                  "Pertumbuhan mencapai 5,1 persen. Anggaran akan direvisi pada bulan Juni.\n")
    got = align_back_translation(tr, bt, "fr")
    first, second = (got[s.id] for s in tr.sentences)
    assert first.text == ("Menteri Keuangan Sri Mulyani mengumumkan defisit 2,29 persen, lebih rendah dari perkiraan. "
                          "Pertumbuhan mencapai 5,1 persen.")
    assert first.sentences == ["p1s1", "p1s2"] and not first.split
    assert second.text == "Anggaran akan direvisi pada bulan Juni." and second.sentences == ["p1s3"]


def test_two_sentences_the_back_translation_merged_are_split_where_the_anchors_say():
    tr, bt = docs("Le président Joko Widodo a inauguré jeudi le barrage de Sadawarna à Subang. "
                  "Il a coûté 2 000 milliards de roupies. Les travaux ont duré quatre ans.\n",
                  "Presiden Joko Widodo meresmikan bendungan Sadawarna di Subang pada hari Kamis, yang menelan "
                  "biaya 2.000 triliun rupiah. Pekerjaan berlangsung empat tahun.\n")
    got = align_back_translation(tr, bt, "fr")
    pieces = [got[s.id] for s in tr.sentences]
    # 'pada hari Kamis' (jeudi) stays with the first sentence: the cut goes at the comma between
    # the last anchor of the one (Subang) and the first of the other (2.000)
    assert [p.text for p in pieces] == [
        "Presiden Joko Widodo meresmikan bendungan Sadawarna di Subang pada hari Kamis,",
        "yang menelan biaya 2.000 triliun rupiah.",
        "Pekerjaan berlangsung empat tahun."]
    assert [p.split for p in pieces] == [True, True, False]
    # file offsets point at the back-translation file
    for p in pieces:
        assert bt.raw[p.start:p.end] == p.text


def test_the_seed_boilerplate_three_sentences_from_two():
    tr, bt = read_file(str(SEED / "translation.fr.txt")), read_file(str(SEED_BT))
    segment_document(tr, "fr")
    segment_document(bt, "id")
    got = align_back_translation(tr, bt, "fr")
    last = [got[s.id].text for s in tr.paragraphs[-1].sentences]
    assert last[0].endswith("oleh AI,") and last[1].startswith("jadi mungkin")
    assert last[2] == "(sistem didukung oleh DigitalSiber.id)"
    # every other paragraph: its one sentence has the whole back-translation line
    bt_lines = lines_of(SEED_BT)
    for p in tr.paragraphs[:-1]:
        assert got[p.sentences[0].id].text == bt_lines[p.index]


@pytest.mark.parametrize("n_bt,n_tr", [(1, 3), (3, 1), (2, 5), (5, 2), (4, 4)])
def test_groups_cover_both_sides_in_order(n_bt, n_tr):
    words = ["Jakarta", "Surabaya", "Medan", "Bandung", "Makassar", "Semarang"]
    tr, bt = docs(" ".join(f"La ville de {w} a reçu {k + 10} millions." for k, w in enumerate(words[:n_tr])) + "\n",
                  " ".join(f"Kota {w} menerima {k + 10} juta." for k, w in enumerate(words[:n_bt])) + "\n")
    groups = paragraph_groups(bt.sentences, tr.sentences, "fr")
    assert [k for b, _ in groups for k in b] == list(range(n_bt))
    assert [k for _, t in groups for k in t] == list(range(n_tr))
    assert all(b and t for b, t in groups)
    got = align_back_translation(tr, bt, "fr")
    assert set(got) == {s.id for s in tr.sentences}


def test_split_points_prefer_a_back_translation_sentence_start():
    text = "Kota Jakarta menerima dana. Kota Medan juga menerima dana."
    cuts = split_points(text, ["Jakarta a reçu des fonds.", "Medan aussi."], "fr", [text.index("Kota Medan")])
    assert cuts == [text.index("Kota Medan")]


def test_a_repeated_sentence_keeps_the_back_translation_of_each_place():
    tr, bt = docs("Le pont a été fermé.\nLe trafic a repris mardi.\nLe pont a été fermé.\n",
                  "Jembatan itu ditutup.\nLalu lintas kembali normal hari Selasa.\nJembatan tersebut ditutup.\n")
    b = SuppliedBackTranslation(bt)
    b.bind(tr)
    assert b.back_translate_segments(tr.sentences) == ["Jembatan itu ditutup.",
                                                       "Lalu lintas kembali normal hari Selasa.",
                                                       "Jembatan tersebut ditutup."]


def test_paragraph_count_must_match():
    tr = read_text("Un.\n\nDeux.\n", "t.txt")
    b = SuppliedBackTranslation(read_text("Satu.\n", "b.txt"))
    with pytest.raises(InputError) as e:
        b.check(tr)
    assert "1 paragraph, the translation t.txt 2" in str(e.value) and "\n" not in str(e.value)


# --------------------------------------------------------------------------- the command line

def test_audit_with_a_back_translation_file_json(capsys, monkeypatch, tmp_path):
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                          "--back-translation", SEED_BT, "--no-embed", "--cache-dir", tmp_path, "-f", "json"],
                         capsys, monkeypatch)
    d = json.loads(out)
    assert code == 1
    sig = d["signature"]["back_translation"]
    assert sig["id"] == "bt:file:back-translation.txt" and sig["source"] == "file" and sig["models"] == []
    assert len(sig["sha256"]) == 64 and sig["direction"] == "fr-id"
    assert d["signature"]["chrf"].startswith("nrefs:1") and d["scores"]["chrf"] > 50
    # the back-translation per sentence, in the one place the contract has for it
    bt_lines = lines_of(SEED_BT)
    tsegs = [s for s in d["segments"] if s["side"] == "translation" and s["line"] <= 10]
    assert len(tsegs) == 10
    for s in tsegs:
        assert s["back_translation"] == bt_lines[s["line"] - 1]
        assert s["chrf"] is not None and s["score"]["present"].startswith("chrf")
        assert s["back_translation_from"]["line"] == s["line"] and s["back_translation_from"]["column"] == 1
        assert "split" not in s["back_translation_from"]
    assert all("back_translation" not in s or s["back_translation"] is None
               for s in d["segments"] if s["side"] == "source")
    # the back-translation diff, projected on the translation, as with a model's output
    flagged = {(f["code"], f["line"], f["text"]) for f in d["findings"]}
    assert ("AUD721", 5, "irréfiable") in flagged                       # gold: a non-word
    assert any(c in ("AUD721", "AUD722") and l == 6 and "Intelligence Agency" in t for c, l, t in flagged)  # English
    assert "AUD721" in d["signature"]["checks"] and "AUD731" not in d["signature"]["checks"]
    assert any("from " in n and "no model translated anything" in n for n in d["notices"])
    assert not any(n.startswith("back-translation skipped") for n in d["notices"])


def test_a_meaning_error_seen_only_through_the_back_translation(capsys, monkeypatch, tmp_path):
    """consist-faulty-fr-pemerasan: 'pemerasan' (extortion) became 'répression' (line 3) and
    'blasphème' (line 8). Without a back-translation nothing reports them; with the HTML
    back-translation AUD503 finds the second rendering and AUD721 the blasphemy."""
    base = ["audit", PEM / "translation.fr.txt", "--source", PEM / "source.id.txt", "--no-embed",
            "--cache-dir", tmp_path, "-f", "json", "--select", "AUD503,AUD721,AUD722"]
    _, out, _ = run(base + ["--no-mt"], capsys, monkeypatch)
    assert json.loads(out)["findings"] == []
    code, out, _ = run(base + ["--back-translation", PEM_BT], capsys, monkeypatch)
    d = json.loads(out)
    raw = (PEM / "translation.fr.txt").read_text("utf-8")
    gold = raw.index("blasphème"), raw.index("blasphème") + len("blasphème")
    hits = [f for f in d["findings"] if f["code"] == "AUD721" and f["line"] == 8]
    assert hits and any(f["start"] < gold[1] and gold[0] < f["end"] for f in hits), hits
    f = hits[0]
    assert f["category"] == "mistranslation" and "pemerasan" in f["evidence"]["source_words"]
    assert "penistaan agama" in f["evidence"]["back_translation_words"]
    assert f["evidence"]["projection"] == "lexical"
    assert [(f["line"], f["text"]) for f in d["findings"] if f["code"] == "AUD503"] == [(3, "répression")]
    assert d["signature"]["back_translation"]["format"] == "html"
    seg8 = next(s for s in d["segments"] if s["side"] == "translation" and s["line"] == 8)
    assert seg8["back_translation"].startswith("Polda Metro Jaya membentuk tim khusus")
    assert seg8["back_translation_from"]["line"] == 13      # its <p> in the HTML file


def test_mismatched_paragraph_count_is_one_line_and_exit_2(capsys, monkeypatch, tmp_path):
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                          "--back-translation", PEM_BT, "--no-embed", "--cache-dir", tmp_path, "-f", "json"],
                         capsys, monkeypatch)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "back-translation has 8 paragraphs" in err and "11" in err and "paragraph-parallel" in err
    code, _, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                        "--back-translation", tmp_path / "none.txt", "--no-embed"], capsys, monkeypatch)
    assert code == 2 and "no such file" in err


def test_no_mt_still_uses_the_file_and_text_report_names_it(capsys, monkeypatch, tmp_path):
    code, out, err = run(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                          "--back-translation", SEED_BT, "--no-mt", "--no-embed", "--cache-dir", tmp_path],
                         capsys, monkeypatch)
    assert "back-translation: bt:file:back-translation.txt (supplied, no model)" in out
    assert "AUD721" in out and code == 1


BLOCK = """
import importlib.abc, json, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "transformers", "ctranslate2", "sentencepiece"):
            raise ImportError("blocked for this test: " + name)
sys.meta_path.insert(0, Block())
sys.argv = ["auditor"] + json.loads(sys.argv[1])
from auditor_cli.main import main
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "transformers", "ctranslate2"))
    sys.stderr.write("LOADED=" + json.dumps(loaded) + "\\n")
"""


def _blocked(args: list, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK, json.dumps([str(a) for a in args])], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})


def _cache_kinds(folder: Path) -> set[str]:
    db = folder / "cache.sqlite3"
    if not db.exists():
        return set()
    with sqlite3.connect(db) as c:
        return {k for (k,) in c.execute("SELECT DISTINCT kind FROM entries")}


def test_audit_and_feed_run_with_the_model_stack_blocked(tmp_path):
    """`--back-translation` loads no model: it runs where torch and transformers cannot be imported,
    and writes nothing but sentence embeddings to the cache."""
    cache = tmp_path / "cache"
    p = _blocked(["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt",
                  "--back-translation", SEED_BT, "--cache-dir", cache, "-f", "json"], tmp_path)
    assert p.returncode == 1, p.stderr[-2000:]
    assert "LOADED=[]" in p.stderr
    d = json.loads(p.stdout)
    assert sum(1 for s in d["segments"] if s["side"] == "translation" and s.get("back_translation")) == 10
    assert d["signature"]["similarity"] is not None
    assert _cache_kinds(cache) <= {"embed"}
    # a feed whose manifest gives back-translations: the same, article by article
    man = _manifest(tmp_path)
    p = _blocked(["feed", man, "--no-embed", "--cache-dir", cache, "-q", "-f", "jsonl",
                  "--journal", tmp_path / "j.jsonl"], tmp_path)
    assert "LOADED=[]" in p.stderr, p.stderr[-2000:]
    recs = {r["id"]: r for r in map(json.loads, p.stdout.splitlines())}
    assert recs["seed"]["record"] == "result" and recs["pem"]["record"] == "result"
    assert _cache_kinds(cache) <= {"embed"}


def _manifest(tmp_path: Path) -> Path:
    base = tmp_path / "feed"
    (base / "bt").mkdir(parents=True, exist_ok=True)
    for name in ("source.id.txt", "translation.fr.txt"):
        shutil.copy(SEED / name, base / f"seed.{name}")
    shutil.copy(SEED_BT, base / "bt" / "seed.txt")
    shutil.copy(PEM / "source.id.txt", base / "pem.id.txt")
    shutil.copy(PEM / "translation.fr.txt", base / "pem.fr.txt")
    shutil.copy(PEM_BT, base / "bt" / "pem.html")
    (tmp_path / "outside.txt").write_text("Satu.\n", "utf-8")
    rows = [
        {"id": "seed", "source": "seed.source.id.txt", "translation": "seed.translation.fr.txt",
         "back_translation": "bt/seed.txt", "tgt_lang": "fr"},
        {"id": "pem", "source": "pem.id.txt", "translation": "pem.fr.txt", "back_translation": "bt/pem.html",
         "tgt_lang": "fr"},
        {"id": "mismatch", "source": "pem.id.txt", "translation": "pem.fr.txt", "back_translation": "bt/seed.txt",
         "tgt_lang": "fr"},
        {"id": "outside", "source": "pem.id.txt", "translation": "pem.fr.txt", "back_translation": "../outside.txt",
         "tgt_lang": "fr"},
    ]
    man = base / "feed.jsonl"
    man.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return man


def test_feed_manifest_back_translation_per_article(capsys, monkeypatch, tmp_path):
    man = _manifest(tmp_path)
    code, out, _ = run(["feed", man, "--no-embed", "--cache-dir", tmp_path / "c", "-q", "-f", "jsonl",
                        "--journal", tmp_path / "j.jsonl"], capsys, monkeypatch)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    seed, pem = recs["seed"], recs["pem"]
    assert seed["record"] == pem["record"] == "result"
    assert seed["item"]["back_translation"] == str(man.parent / "bt" / "seed.txt")
    assert seed["signature"]["back_translation"]["id"] == "bt:file:seed.txt"
    assert pem["signature"]["back_translation"]["id"] == "bt:file:pem.html"
    bt_lines = lines_of(SEED_BT)
    for s in seed["segments"]:
        if s["side"] == "translation" and s["line"] <= 10:
            assert s["back_translation"] == bt_lines[s["line"] - 1] and s["chrf"] is not None
    assert any(f["code"] == "AUD721" and f["line"] == 8 for f in pem["findings"])
    # one item's bad back-translation is that item's error; the others went on
    assert recs["mismatch"]["record"] == "error" and recs["mismatch"]["error"]["kind"] == "not_parallel"
    assert "paragraph-parallel" in recs["mismatch"]["error"]["message"]
    assert recs["outside"]["error"]["kind"] == "outside_manifest"
    assert "back-translation path ../outside.txt" in recs["outside"]["error"]["message"]
    assert code == 1


def test_manifest_back_translation_is_resolved_fenced_and_fingerprinted(tmp_path):
    man = _manifest(tmp_path)
    items = {it.id: it for it in discover_manifest(man)}
    assert items["seed"].back_translation_path == str(man.parent / "bt" / "seed.txt")
    assert items["outside"].problem[0] == "outside_manifest"
    assert discover_manifest(man, allow_outside=True)[3].problem is None
    # a changed back-translation is a changed item: --resume audits it again
    before = item_fingerprint(items["seed"], "settings")
    bt = man.parent / "bt" / "seed.txt"
    bt.write_text(bt.read_text("utf-8").replace("menghangat", "memanas"), "utf-8")
    assert item_fingerprint(items["seed"], "settings") != before
    plain = FeedItem(id="x", kind="manifest", source_text="a", translation_text="b")
    assert item_fingerprint(plain, "s") == item_fingerprint(FeedItem(id="x", kind="manifest", source_text="a",
                                                                     translation_text="b"), "s")


def test_a_model_given_as_well_places_spans_but_never_translates(capsys, monkeypatch, tmp_path, tiny_model):
    """With --model, the model serves the supplied back-translation (cross-attention placement,
    forced decoding of the source given the translation) but translates nothing: the file's text
    is what the report carries, even where the model's own back-translation is in the cache."""
    args = ["audit", SEED / "translation.fr.txt", "--source", SEED / "source.id.txt", "--no-embed",
            "--cache-dir", tmp_path, "-f", "json", "--model", tiny_model, "--beam-size", "1"]
    _, out, _ = run(args, capsys, monkeypatch)          # the model's own run fills the cache
    model_bt = {s["id"]: s["back_translation"] for s in json.loads(out)["segments"] if s["side"] == "translation"}
    assert _cache_kinds(tmp_path) >= {"translate"}
    with sqlite3.connect(tmp_path / "cache.sqlite3") as c:
        translate_rows = c.execute("SELECT count(*) FROM entries WHERE kind='translate'").fetchone()[0]
    _, out, _ = run(args + ["--back-translation", SEED_BT], capsys, monkeypatch)
    d = json.loads(out)
    bt_lines = lines_of(SEED_BT)
    segs = [s for s in d["segments"] if s["side"] == "translation" and s["line"] <= 10]
    assert [s["back_translation"] for s in segs] == bt_lines[:10]
    assert all(s["back_translation"] != model_bt[s["id"]] for s in segs)
    assert "cache" not in d["signature"]                  # no model back-translation was looked up
    sig = d["signature"]["back_translation"]
    assert sig["id"] == "bt:file:back-translation.txt" and sig["projection_model"]["models"][0]["id"] == str(tiny_model)
    assert any(item["projection"] == "attention" for s in segs for item in s.get("bt_diff", []))
    with sqlite3.connect(tmp_path / "cache.sqlite3") as c:
        assert c.execute("SELECT count(*) FROM entries WHERE kind='translate'").fetchone()[0] == translate_rows


# --------------------------------------------------------------------------- the diff's tokens and anchors

def test_a_currency_sign_against_its_amount_leaves_a_plain_number():
    from auditor.evidence import btdiff
    toks = btdiff.tokenize("meminta Rp500.000 per bulan", "id")
    assert [(t.norm, t.content, t.number) for t in toks][1:3] == [("rp", False, False), ("500000", True, True)]
    _, _, _, diffs = btdiff.diff("meminta uang Rp500.000 per bulan", "meminta uang 500.000 rupiah per bulan")
    assert not any(d.has_name_or_number for d in diffs)


def test_cognates_spelt_apart_after_a_shared_stem_are_anchors():
    from auditor.evidence import btdiff
    a = btdiff.tokenize("tradisional represi", "id")
    b = btdiff.tokenize("traditionnels répression", "fr")
    assert btdiff.anchor_score(a[0], b[0]) > 0 and btdiff.anchor_score(a[1], b[1]) > 0
    assert btdiff.anchor_score(a[0], b[1]) == 0
