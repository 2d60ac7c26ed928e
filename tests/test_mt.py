"""The MT path, for real, on a tiny random-weight Marian model built by a fixture."""
import pytest

from auditor.evidence.cache import Cache
from auditor.evidence.loader import build_back_translator
from auditor.evidence.mt import BackTranslationChain, DecodeParams, HFTranslator, ModelUnavailable
from auditor.pipeline import AuditOptions, audit_files

pytestmark = pytest.mark.mt    # needs the MT stack throughout


def test_local_folder_loads_and_batching_does_not_change_outputs(tiny_model):
    texts = ["Les relations se réchauffent.", "Bonjour.", "Le président Joe Biden a commenté un rapport.",
             "Bonjour."]
    one = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, batch_size=1, max_length=24))
    many = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, batch_size=8, max_length=24))
    a, b = one.translate(texts), many.translate(texts)
    assert a == b and len(a) == 4 and a[1] == a[3]
    assert one.revision.startswith("local-") and one.revision == many.revision


def test_cache_serves_the_second_run(tiny_model, tmp_path):
    params = DecodeParams(beam_size=1, max_length=16)
    tr = HFTranslator(str(tiny_model), "fr", "id", params)
    chain = BackTranslationChain([tr], "fr-id", Cache(tmp_path))
    first = chain.back_translate(["Un.", "Deux.", "Un."])
    assert chain.stats == {"sentences": 3, "cached": 0, "decoded": 2}
    chain2 = BackTranslationChain([tr], "fr-id", Cache(tmp_path))
    assert chain2.back_translate(["Un.", "Deux.", "Un."]) == first
    assert chain2.stats == {"sentences": 3, "cached": 3, "decoded": 0}


def test_cache_key_includes_decoding_parameters(tiny_model, tmp_path):
    cache = Cache(tmp_path)
    a = BackTranslationChain([HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=16))], "fr-id", cache)
    a.back_translate(["Un."])
    b = BackTranslationChain([HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=2, max_length=16))], "fr-id", cache)
    b.back_translate(["Un."])
    assert b.stats["cached"] == 0


def test_corrupt_cache_is_rebuilt(tmp_path):
    (tmp_path / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    c = Cache(tmp_path)
    assert c.problem and "corrupt" in c.problem
    c.put_many([("k", "translate", "m", "r", "fr-id", "v")])
    assert c.get_many(["k"]) == {"k": "v"}


def test_forced_decoding_gives_a_logprob_per_token(tiny_model):
    tr = HFTranslator(str(tiny_model), "id", "fr", DecodeParams(max_length=24))
    out = tr.score(["Hubungan Rusia menghangat."], ["Les relations se réchauffent."])
    assert len(out) == 1 and len(out[0]) >= 3
    assert all(lp <= 0.0 for _, lp in out[0])
    assert out[0][-1][0] == "</s>"


def test_missing_model_is_a_clear_unavailability(tmp_path):
    with pytest.raises(ModelUnavailable, match="does not exist"):
        HFTranslator(str(tmp_path / "nope"), "fr", "id")
    with pytest.raises(ModelUnavailable, match="not in the local cache"):
        HFTranslator("Helsinki-NLP/opus-mt-xx-yy-not-here", "fr", "id")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}")
    with pytest.raises(ModelUnavailable, match="cannot load model folder"):
        HFTranslator(str(tmp_path / "broken"), "fr", "id")


def test_audit_with_local_model_carries_back_translation_and_chrf(tiny_model, tmp_path, seed):
    back = build_back_translator("fr", "id", str(tiny_model), DecodeParams(beam_size=1, max_length=32),
                                 cache=Cache(tmp_path))
    r = audit_files(str(seed["source"]), str(seed["translation"]), AuditOptions(), back_translator=back)
    aligned = [p for p in r.alignment if p.kind == "aligned"]
    assert len(aligned) == 10
    for p in aligned:
        for t in p.tgt:
            ev = r.evidence[t]
            assert isinstance(ev.back_translation, str) and ev.chrf is not None and ev.bleu is not None
    assert r.signature["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2")
    assert r.signature["back_translation"]["models"][0]["id"] == str(tiny_model)
    assert r.scores["chrf"] is not None


def test_too_long_sentences_are_counted_as_truncated(tiny_model):
    tr = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=10))
    tr.translate(["mot " * 50])
    assert tr.truncated == 1
