"""The CTranslate2 backend, for real, on tiny random-weight Marian models.

What is guaranteed between the backends: CTranslate2 runs the same network on
the same token ids (the Hugging Face tokenizer is kept beside the converted
weights), so float32 log-probabilities agree to ~1e-5 and greedy / beam outputs
are the same except at a near-tie of two logits. The model used for that check
has large random weights (std 1.0) so that its outputs depend on the input and
its logits are far apart: the default tiny model (std 0.02) translates every
sentence into the same string, which would make an equality test vacuous.
int8 weights change the outputs; they are never cached as float32 ones.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

from auditor.evidence.cache import Cache  # noqa: E402
from auditor.evidence.ct2 import CT2Translator, ScoringUnsupported, convert, is_converted  # noqa: E402
from auditor.evidence.loader import build_back_translator  # noqa: E402
from auditor.evidence.mt import DecodeParams, HFTranslator, ModelUnavailable  # noqa: E402

pytestmark = pytest.mark.mt    # CTranslate2 and the tiny model throughout

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "voi-russia-us"


def _sentences(name: str) -> list[str]:
    text = (SEED / name).read_text("utf-8")
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?»])\s+", line.strip()) if s]


@pytest.fixture(autouse=True)
def _cache_home(tmp_path, monkeypatch):
    """Conversions go under the user cache: keep them in the test's folder."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))


@pytest.fixture(scope="session")
def lively_model(tmp_path_factory):
    """A 2-layer Marian with large random weights: outputs differ from sentence to sentence.
    The <pad> embedding stays zero, as in opus-mt (the decoder starts from it)."""
    import torch
    from tinymodel import build_marian, fixture_texts
    from transformers import MarianMTModel

    texts = fixture_texts(ROOT / "fixtures")
    folder = build_marian(tmp_path_factory.mktemp("lively-marian"), texts, d_model=32, layers=2,
                          heads=4, ffn=64, max_length=48)
    model = MarianMTModel.from_pretrained(folder)
    gen = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for name, w in model.named_parameters():
            if w.dim() == 2 and "embed_positions" not in name:
                w.copy_(torch.randn(w.shape, generator=gen))
        model.model.shared.weight[model.config.pad_token_id].zero_()
    model.save_pretrained(folder)
    return folder


def test_conversion_writes_weights_tokenizer_and_provenance(tiny_model, tmp_path):
    out = convert(str(tiny_model), "float32", tmp_path / "conv")
    assert is_converted(out) and (out / "model.bin").is_file()
    assert {"source.spm", "target.spm", "vocab.json", "tokenizer_config.json"} <= {
        p.name for p in (out / "tokenizer").iterdir()}
    marker = json.loads((out / "auditor-ct2.json").read_text())
    assert marker["quantization"] == "float32" and marker["source_revision"].startswith("local-")
    assert marker["source"] == str(Path(tiny_model).resolve())
    stamp = (out / "model.bin").stat().st_mtime_ns
    assert convert(str(tiny_model), "float32", out) == out           # up to date: not redone
    assert (out / "model.bin").stat().st_mtime_ns == stamp
    other = tmp_path / "not-a-model"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ModelUnavailable, match="not a converted model"):
        convert(str(tiny_model), "int8", other)
    assert (other / "notes.txt").read_text() == "mine"


def test_default_conversion_is_int8_under_the_user_cache(tiny_model, tmp_path):
    tr = CT2Translator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=16))
    assert tr.quantization == "int8" and tr.compute_type.startswith("int8")
    assert tr.folder.parent == tmp_path / "user-cache" / "ct2"
    assert tr.folder.name.startswith(Path(tiny_model).name) and tr.folder.name.endswith("-int8")
    assert tr.model_id == str(tiny_model)                     # named as with --backend transformers
    assert tr.revision.startswith("ct2-int8+local-")


@pytest.mark.parametrize("beam", [1, 4])
def test_float32_outputs_equal_transformers(lively_model, beam):
    sents = _sentences("translation.fr.txt")
    params = DecodeParams(beam_size=beam, max_length=24, batch_size=8)
    hf = HFTranslator(str(lively_model), "fr", "id", params).translate(sents)
    ct = CT2Translator(str(lively_model), "fr", "id", params, quantization="float32").translate(sents)
    assert len(set(hf)) >= 10                                # the outputs depend on the input
    assert ct == hf


def test_token_batching_and_duplicates_do_not_change_outputs(lively_model):
    sents = _sentences("translation.fr.txt")
    one = CT2Translator(str(lively_model), "fr", "id",
                        DecodeParams(beam_size=1, max_length=24, batch_size=1), quantization="float32")
    many = CT2Translator(str(lively_model), "fr", "id",
                         DecodeParams(beam_size=1, max_length=24, batch_size=64, max_batch_tokens=60),
                         quantization="float32")
    parallel = CT2Translator(str(lively_model), "fr", "id", DecodeParams(beam_size=1, max_length=24),
                             threads=2, quantization="float32")     # two batches decoded side by side
    a = one.translate(sents + sents[:3])
    assert a == many.translate(sents + sents[:3]) and a[-3:] == a[:3]
    assert parallel.workers == 2 and parallel.translate(sents + sents[:3]) == a


def test_scores_are_the_engine_forced_decoding_and_match_transformers(lively_model):
    src = _sentences("source.id.txt")[:4]
    tgt = _sentences("translation.fr.txt")[:4]
    params = DecodeParams(max_length=48)
    hf = HFTranslator(str(lively_model), "id", "fr", params).score(src, tgt)
    ct = CT2Translator(str(lively_model), "id", "fr", params, quantization="float32").score(src, tgt)
    for a, b in zip(hf, ct):
        assert [t for t, _ in a] == [t for t, _ in b] and b[-1][0] == "</s>"
        # large random weights give log-probs of -10 to -100: float32 agrees to ~1e-6 relative
        assert [x for _, x in b] == pytest.approx([x for _, x in a], rel=1e-4, abs=1e-3)


def test_scoring_without_engine_support_says_so(tiny_model):
    tr = CT2Translator(str(tiny_model), "id", "fr", DecodeParams(max_length=16), quantization="float32")

    class NoScorer:
        pass
    tr.translator = NoScorer()
    with pytest.raises(ScoringUnsupported, match="cannot score.*--backend transformers"):
        tr.score(["Halo."], ["Bonjour."])


def test_cache_never_serves_one_engine_or_quantization_for_another(lively_model, tmp_path):
    cache = Cache(tmp_path / "c")
    sents = _sentences("translation.fr.txt")[:5]
    params = DecodeParams(beam_size=1, max_length=16)
    runs = [("transformers", None), ("ctranslate2", "float32"), ("ctranslate2", "int8"), ("ctranslate2", "float32")]
    stats = []
    for backend, q in runs:
        chain = build_back_translator("fr", "id", str(lively_model), params, cache=cache, backend=backend,
                                      quantization=q)
        chain.back_translate(sents)
        stats.append(chain.stats["cached"])
        if backend == "ctranslate2":
            assert chain.signature()["backend"] == "ctranslate2"
            assert chain.signature()["models"][0]["quantization"] == q
    assert stats == [0, 0, 0, 5]


def test_models_load_lazily_and_once_per_process(lively_model, tmp_path):
    cache = Cache(tmp_path / "c")
    params = DecodeParams(beam_size=1, max_length=20, batch_size=7)
    first = build_back_translator("fr", "id", str(lively_model), params, cache=cache, backend="ctranslate2")
    assert not first.steps[0].loaded                           # building loads nothing
    first.back_translate(["Bonjour.", "Merci."])
    second = build_back_translator("fr", "id", str(lively_model), params, cache=cache, backend="ctranslate2")
    second.back_translate(["Bonjour.", "Merci."])               # all cached: no model needed
    assert second.stats["cached"] == 2 and not second.steps[0].loaded
    second.back_translate(["Au revoir."])
    assert second.steps[0].load() is first.steps[0].load()      # the next article reuses the model
    # what evidence code asks of a step: the tokenizer of either engine, a torch model only for one
    assert second.steps[0].tokenizer is first.steps[0].load().tokenizer
    assert not hasattr(second.steps[0], "model")
    hf = build_back_translator("fr", "id", str(lively_model), params, cache=cache)
    assert not hf.steps[0].loaded and hasattr(hf.steps[0], "model") and hf.steps[0].loaded


def test_missing_or_unsupported_is_a_clear_unavailability(tiny_model, tmp_path):
    with pytest.raises(ModelUnavailable, match="does not exist"):
        build_back_translator("fr", "id", str(tmp_path / "nope"), backend="ctranslate2")
    with pytest.raises(ModelUnavailable, match="cpu or cuda"):
        build_back_translator("fr", "id", str(tiny_model), device="mps", backend="ctranslate2")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}")
    with pytest.raises(ModelUnavailable, match="no model_type"):
        build_back_translator("fr", "id", str(tmp_path / "broken"))


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """This checkout's command line (an installed auditor_cli may point elsewhere)."""
    link = tmp_path / "pkgs"
    link.mkdir()
    (link / "auditor_cli").symlink_to(ROOT / "cli", target_is_directory=True)
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k.split(".")[0] == "auditor_cli"}
    monkeypatch.syspath_prepend(str(link))
    from auditor_cli.main import main

    def run(args, capsys):
        monkeypatch.setattr(sys, "argv", ["auditor", *args])
        with pytest.raises(SystemExit) as e:
            main()
        out, err = capsys.readouterr()
        return e.value.code, out, err
    yield run
    for k in [k for k in sys.modules if k.split(".")[0] == "auditor_cli"]:
        del sys.modules[k]
    sys.modules.update(saved)


def test_cli_convert_then_audit_with_the_fast_backend(cli, capsys, tiny_model, tmp_path):
    code, out, err = cli(["models", "convert", str(tiny_model), "--quantization", "float32",
                          "--output", str(tmp_path / "conv")], capsys)
    assert code == 0 and out.strip() == f"{tiny_model}\t{tmp_path / 'conv'}"
    args = ["audit", str(SEED / "translation.fr.txt"), "--source", str(SEED / "source.id.txt"),
            "--format", "json", "--cache-dir", str(tmp_path / "c"), "--beam-size", "1", "--max-length", "24"]
    code, out, err = cli(args + ["--model", str(tmp_path / "conv"), "--backend", "ctranslate2"], capsys)
    sig = json.loads(out)["signature"]["back_translation"]
    assert code in (0, 1) and sig["backend"] == "ctranslate2"
    assert sig["models"][0]["id"] == str(Path(tiny_model).resolve())
    assert sig["models"][0]["quantization"] == "float32"
    assert sig["models"][0]["revision"].startswith("ct2-float32+local-")
    code, out, err = cli(args + ["--model", str(tiny_model), "--backend", "ctranslate2", "--device", "mps"], capsys)
    notices = json.loads(out)["notices"]
    assert any("back-translation skipped" in n and "cpu or cuda" in n for n in notices)


def test_running_a_converted_model_does_not_load_torch(tiny_model, tmp_path):
    """The fast backend's memory advantage: torch (~200 MB) is needed to convert, not to run."""
    out = convert(str(tiny_model), "int8", tmp_path / "conv")
    code = ("import sys; from auditor.evidence.ct2 import CT2Translator, ct2_available; "
            "assert ct2_available() is None; "
            f"t = CT2Translator({str(out)!r}, 'fr', 'id'); print(len(t.translate(['Bonjour.']))); "
            "print('torch' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.split() == ["1", "False"]
