"""Back-translation and forced decoding with CTranslate2 (the `fast` extra).

The same Hugging Face models (opus-mt, M2M100) are converted once with
`auditor models convert` (int8 weights by default on CPU, float16 on GPU) into
`<cache>/ct2/<model-name>-<quantization>/`, with the model's tokenizer files
and original config kept beside the weights in `tokenizer/`. Tokenization is
done by that Hugging Face tokenizer, so the engine sees exactly the token ids
`transformers` would: with greedy decoding and float32 weights the two
backends give the same outputs (see tests/test_ct2.py).

`CT2Translator` has the interface of `HFTranslator` (model_id, revision,
src_lang, tgt_lang, params, translate, score). Its revision names the weights'
quantization and the source model's revision, so the cache never serves int8
outputs for a float32 request, nor transformers outputs for CTranslate2.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from .cache import default_cache_dir
from .models import licence_of
from .mt import DecodeParams, ModelUnavailable, _folder_revision, _looks_like_hub_id, _short

MARKER = "auditor-ct2.json"
TOKENIZER_DIR = "tokenizer"
QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32")
# files of a hub model folder that are weights (not copied beside the converted model)
_WEIGHTS = (".bin", ".safetensors", ".h5", ".msgpack", ".ot", ".onnx", ".pt", ".pth", ".index.json")


class ScoringUnsupported(ModelUnavailable):
    """The engine or model cannot score a given target (forced decoding)."""


def ct2_available() -> Optional[str]:
    """None if CTranslate2 and the tokenizer's packages are there, else why not (one line).
    Imports CTranslate2 only: running a converted model needs no torch."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return "CTranslate2 is not installed: pip install 'auditor[fast]'"
    import importlib.util
    for name in ("transformers", "sentencepiece"):
        if importlib.util.find_spec(name) is None:
            return f"the MT extra is not installed ({name} missing): pip install 'auditor[mt]'"
    return None


def _ct2():
    why = ct2_available()
    if why:
        raise ModelUnavailable(why)
    import ctranslate2
    return ctranslate2


def split_device(device: str) -> tuple[str, int]:
    """'cpu' -> ('cpu', 0); 'cuda:1' -> ('cuda', 1). Other devices are refused."""
    kind, _, index = device.partition(":")
    if kind not in ("cpu", "cuda") or (index and not index.isdigit()):
        raise ModelUnavailable(f"CTranslate2 runs on cpu or cuda[:N], not {device!r}; "
                               f"use --backend transformers for this device")
    return kind, int(index or 0)


def default_quantization(device: str = "cpu") -> str:
    """int8 on CPU, float16 on a GPU."""
    return "float16" if device.startswith("cuda") else "int8"


# --------------------------------------------------------------------------- source models

def resolve_source(model: str, allow_download: bool = False) -> tuple[Path, str]:
    """A Hugging Face model (local folder or hub id) -> (local folder, revision).

    The revision is the one `HFTranslator` uses for a local folder (a digest of
    its files) and the commit hash of the cached snapshot for a hub id.
    """
    local = Path(model).expanduser()
    if local.is_dir():
        if not (local / "config.json").is_file():
            raise ModelUnavailable(f"cannot load model folder {model}: no config.json")
        return local.resolve(), _folder_revision(local)
    if not _looks_like_hub_id(model):
        raise ModelUnavailable(f"model folder {model} does not exist")
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise ModelUnavailable("the MT extra is not installed: pip install 'auditor[mt]'") from None
    patterns = ["*.json", "*.spm", "*.model", "*.safetensors", "*.txt", "*.bin"]
    try:
        path = Path(snapshot_download(model, local_files_only=True, allow_patterns=patterns))
    except Exception:
        if not allow_download:
            raise ModelUnavailable(
                f"model {model} is not in the local cache (run `auditor models pull {model}` "
                f"where the hub is reachable, or pass --model with a local folder)") from None
        try:
            path = Path(snapshot_download(model, allow_patterns=patterns))
        except Exception as e:
            raise ModelUnavailable(f"cannot download model {model}: {_short(e)}") from None
    return path, path.name


def default_output(model: str, quantization: str) -> Path:
    """<cache>/ct2/<model-name>-<quantization>; a local folder's name gets a digest of its path."""
    local = Path(model).expanduser()
    if local.is_dir():
        digest = hashlib.sha256(str(local.resolve()).encode()).hexdigest()[:8]
        name = f"{local.resolve().name}-{digest}"
    else:
        name = model.replace("/", "--")
    return default_cache_dir() / "ct2" / f"{name}-{quantization}"


def read_marker(folder: Path) -> Optional[dict[str, Any]]:
    try:
        return json.loads((Path(folder) / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def is_converted(folder: Path) -> bool:
    folder = Path(folder)
    return (folder / "model.bin").is_file() and read_marker(folder) is not None


def convert(model: str, quantization: Optional[str] = None, output: Optional[Path | str] = None,
            device: str = "cpu", allow_download: bool = False, force: bool = False,
            notify: Callable[[str], None] = lambda m: None) -> Path:
    """Convert a Hugging Face seq2seq model to CTranslate2; returns the output folder.

    An up-to-date conversion (same source revision and quantization) is reused
    unless `force`. A folder that is not an auditor conversion is never overwritten.
    """
    ct2 = _ct2()
    quantization = quantization or default_quantization(device)
    if quantization not in QUANTIZATIONS:
        raise ModelUnavailable(f"unknown quantization {quantization!r}; one of {', '.join(QUANTIZATIONS)}")
    src, revision = resolve_source(model, allow_download)
    out = Path(output).expanduser() if output else default_output(model, quantization)
    marker = read_marker(out) if out.exists() else None
    if out.exists() and any(out.iterdir()) and marker is None:
        raise ModelUnavailable(f"{out} exists and is not a converted model; choose another --output")
    if (not force and marker and marker.get("source_revision") == revision
            and marker.get("quantization") == quantization and (out / "model.bin").is_file()):
        return out
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as e:  # the converter needs torch and transformers
        raise ModelUnavailable(f"converting needs the MT extra ({e.name} missing): "
                               f"pip install 'auditor[mt,fast]'") from None
    notify(f"converting {model} to CTranslate2 ({quantization}); once, into {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        from transformers.utils import logging as hf_logging
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        try:
            TransformersConverter(str(src)).convert(str(tmp / "m"), quantization=quantization, force=True)
        except Exception as e:
            raise ModelUnavailable(f"cannot convert {model}: {_short(e)}") from None
        tok_dir = tmp / "m" / TOKENIZER_DIR
        tok_dir.mkdir()
        for p in src.iterdir():
            if p.is_file() and not p.name.endswith(_WEIGHTS):
                shutil.copy2(p, tok_dir / p.name)
        meta = {**source_meta(model, src, revision, quantization), "ctranslate2": ct2.__version__}
        (tmp / "m" / MARKER).write_text(json.dumps(meta, indent=2), "utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp / "m", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def source_meta(model: str, src: Path, revision: str, quantization: str) -> dict[str, Any]:
    """What the marker of a conversion records about its source model."""
    cfg = _read_json(src / "config.json")
    gen = _read_json(src / "generation_config.json")
    forced_eos = gen.get("forced_eos_token_id", cfg.get("forced_eos_token_id"))
    return {
        "source": str(src) if Path(model).expanduser().is_dir() else model,
        "source_revision": revision,
        "quantization": quantization,
        "model_type": cfg.get("model_type", ""),
        "forced_eos": forced_eos is not None,
        "max_position_embeddings": cfg.get("max_position_embeddings"),
        "licence": licence_of(model),
    }


def _read_json(p: Path) -> dict[str, Any]:
    try:
        return json.loads(p.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def locate(model: str, device: str = "cpu", quantization: Optional[str] = None,
           allow_download: bool = False) -> tuple[Path, dict[str, Any], bool]:
    """Where the converted model for `model` is: (folder, marker, needs_conversion).

    `model` may be a converted folder itself, or a Hugging Face folder / hub id
    whose conversion lies (or will lie) under the cache; then the marker is what
    the conversion will record. Raises ModelUnavailable when the model cannot be
    found; converts nothing.
    """
    local = Path(model).expanduser()
    if local.is_dir() and (local / "model.bin").is_file():
        marker = read_marker(local)
        if marker is None:
            raise ModelUnavailable(f"{model} is a CTranslate2 model not converted by auditor (its tokenizer "
                                   f"is unknown); convert the original with `auditor models convert`")
        return local.resolve(), marker, False
    quantization = quantization or default_quantization(device)
    if quantization not in QUANTIZATIONS:
        raise ModelUnavailable(f"unknown quantization {quantization!r}; one of {', '.join(QUANTIZATIONS)}")
    src, revision = resolve_source(model, allow_download)
    out = default_output(model, quantization)
    marker = read_marker(out) or {}
    fresh = (marker.get("source_revision") == revision and marker.get("quantization") == quantization
             and (out / "model.bin").is_file())
    if not fresh:
        marker = source_meta(model, src, revision, quantization)
    return out, marker, not fresh


def model_id_of(model: str, marker: dict[str, Any]) -> str:
    """The id that names the model in reports and cache keys: the Hugging Face model as the
    user gave it (as with --backend transformers), or a converted folder's recorded source."""
    local = Path(model).expanduser()
    if local.is_dir() and (local / "model.bin").is_file():
        return marker.get("source") or model
    return model


def revision_of(marker: dict[str, Any]) -> str:
    """The cache revision of a converted model: engine, weights' quantization, source revision."""
    return f"ct2-{marker.get('quantization', 'unknown')}+{marker.get('source_revision', 'unknown')}"


# --------------------------------------------------------------------------- translator

def load_tokenizer(folder: Path):
    """The model's Hugging Face tokenizer: the class its tokenizer_config.json names (what
    AutoTokenizer would pick), imported alone so that torch is not loaded for it."""
    import transformers
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    name = _read_json(Path(folder) / "tokenizer_config.json").get("tokenizer_class")
    cls = getattr(transformers, name, None) if isinstance(name, str) and name.endswith("Tokenizer") else None
    if cls is None:
        from transformers import AutoTokenizer as cls   # imports torch where it is installed
    return cls.from_pretrained(str(folder), local_files_only=True)


def token_batches(order: list[str], lengths: dict[str, int], batch_size: int,
                  max_batch_tokens: int) -> Iterator[list[str]]:
    """Consecutive batches of a longest-first list: at most batch_size sentences and at
    most max_batch_tokens padded tokens (longest x count) each."""
    batch: list[str] = []
    for t in order:
        if batch and (len(batch) >= batch_size or lengths[batch[0]] * (len(batch) + 1) > max_batch_tokens):
            yield batch
            batch = []
        batch.append(t)
    if batch:
        yield batch


class CT2Translator:
    """One converted model, loaded once, translating src_lang -> tgt_lang with CTranslate2."""

    backend = "ctranslate2"

    def __init__(self, model: str, src_lang: str, tgt_lang: str, params: Optional[DecodeParams] = None,
                 device: str = "cpu", threads: Optional[int] = None, allow_download: bool = False,
                 quantization: Optional[str] = None, notify: Callable[[str], None] = lambda m: None):
        ct2 = _ct2()
        kind, index = split_device(device)
        folder, marker, stale = locate(model, device, quantization, allow_download)
        if stale:
            folder = convert(model, marker["quantization"], folder, device=device,
                             allow_download=allow_download, notify=notify)
            marker = read_marker(folder) or marker
        self.folder = folder
        self.marker = marker
        self.model_id = model_id_of(model, marker)
        self.quantization = marker.get("quantization", "unknown")
        self.revision = revision_of(marker)
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.params = params or DecodeParams()
        self.device = device
        self.truncated = 0
        try:
            self.tokenizer = load_tokenizer(folder / TOKENIZER_DIR)
        except ImportError as e:
            raise ModelUnavailable(f"the tokenizer needs the MT extra ({e.name} missing): "
                                   f"pip install 'auditor[mt]'") from None
        except Exception as e:
            raise ModelUnavailable(f"cannot load the tokenizer of {folder}: {_short(e)}") from None
        # A float16 model on a CPU runs in float32, int8 in int8_float32: "default" lets the engine
        # choose. On a CPU, N threads (default: the cores, at most 4) decode N batches side by
        # side, one thread each: no synchronisation inside a batch, which scales better than N
        # threads on one batch, and does not stall when other jobs share the cores.
        self.workers = (threads or min(4, os.cpu_count() or 1)) if kind == "cpu" else 1
        try:
            self.translator = ct2.Translator(str(folder), device=kind, device_index=index,
                                             compute_type="default",
                                             intra_threads=1 if self.workers > 1 else (threads or 0),
                                             inter_threads=self.workers)
        except Exception as e:
            raise ModelUnavailable(f"cannot load CTranslate2 model {folder}: {_short(e)}") from None
        self.compute_type = getattr(self.translator, "compute_type", self.quantization)
        limit = marker.get("max_position_embeddings") or self.params.max_length
        if self.params.max_length > limit - 2:
            self.params = DecodeParams(**{**self.params.__dict__, "max_length": max(8, limit - 2)})
        # transformers' max_new_tokens counts a forced final </s>; CTranslate2's length does not
        self._decode_length = self.params.max_length - (1 if marker.get("forced_eos", True) else 0)
        self._prefix: Optional[list[str]] = None
        tok = self.tokenizer
        if hasattr(tok, "get_lang_token"):        # M2M100: source and target language tokens
            tok.src_lang, tok.tgt_lang = src_lang, tgt_lang
            self._prefix = [tok.get_lang_token(tgt_lang)]

    @property
    def name(self) -> str:
        return self.model_id

    def too_long(self, texts: list[str]) -> dict[int, int]:
        """{index: token count} of the texts longer than the model's input limit (they get truncated)."""
        full = self.tokenizer(text=list(texts), add_special_tokens=True)["input_ids"]
        return {k: len(ids) for k, ids in enumerate(full) if len(ids) > self.params.max_length}

    def _encode(self, texts: list[str], target: bool = False) -> list[list[str]]:
        tok = self.tokenizer
        L = self.params.max_length
        kw = {"text_target": texts} if target else {"text": texts}
        full = tok(**kw, add_special_tokens=True)["input_ids"]
        out = []
        for ids, text in zip(full, texts):
            if len(ids) > L:
                if not target:
                    self.truncated += 1
                ids = tok(**({"text_target": text} if target else {"text": text}),
                          truncation=True, max_length=L)["input_ids"]
            out.append(tok.convert_ids_to_tokens(ids))
        return out

    def translate(self, texts: list[str]) -> list[str]:
        """Translate, batched by tokens over length-sorted sentences; duplicates decoded once."""
        uniq = list(dict.fromkeys(texts))
        if not uniq:
            return []
        tokens = dict(zip(uniq, self._encode(uniq)))
        lengths = {t: len(tokens[t]) for t in uniq}
        order = sorted(uniq, key=lambda t: -lengths[t])
        tok = self.tokenizer
        # enough batches to keep every worker busy (a short article is one batch otherwise)
        size = max(1, min(self.params.batch_size, -(-len(uniq) // self.workers)))
        pending = []
        for batch in token_batches(order, lengths, size, self.params.max_batch_tokens):
            pending.append((batch, self.translator.translate_batch(
                [tokens[t] for t in batch], beam_size=self.params.beam_size, num_hypotheses=1,
                max_decoding_length=self._decode_length, max_input_length=0, max_batch_size=0,
                target_prefix=[self._prefix] * len(batch) if self._prefix else None,
                asynchronous=self.workers > 1)))
        out: dict[str, str] = {}
        for batch, results in pending:
            for src, res in zip(batch, results):
                hyp = (res.result() if self.workers > 1 else res).hypotheses[0]
                out[src] = tok.decode(tok.convert_tokens_to_ids(hyp), skip_special_tokens=True).strip()
        return [out[t] for t in texts]

    def score(self, sources: list[str], targets: list[str]) -> list[list[tuple[str, float]]]:
        """Forced decoding with the engine's scorer: log-probability of each target token
        (the final </s> included), in the format of HFTranslator.score."""
        if not hasattr(self.translator, "score_batch"):
            raise ScoringUnsupported(
                "this CTranslate2 build cannot score given translations (no score_batch); "
                "forced-decoding checks need --backend transformers or ctranslate2>=4.5")
        src = self._encode(list(sources))
        tgt = self._encode(list(targets), target=True)
        eos = self.tokenizer.eos_token
        tgt = [t[:-1] if t and t[-1] == eos else t for t in tgt]   # the engine appends </s> itself
        try:
            results = self.translator.score_batch(src, tgt, max_batch_size=self.params.batch_size,
                                                  max_input_length=0)
        except Exception as e:
            raise ScoringUnsupported(f"CTranslate2 cannot score with {self.model_id}: {_short(e)}") from None
        return [list(zip(r.tokens, (float(x) for x in r.log_probs))) for r in results]
