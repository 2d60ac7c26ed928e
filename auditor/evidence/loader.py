"""Choose and load the back-translation models for a direction.

Models are loaded once per process (a feed of articles reuses them) and lazily:
`build_back_translator` checks that each model is there and works out its cache
revision without loading it; the weights are read at the first sentence that
is not in the cache, so a fully cached audit never loads a model at all.
Two backends run the same models: `transformers` (default) and `ctranslate2`
(the `fast` extra, converted once into the cache; see auditor.evidence.ct2).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Callable, Optional

from .cache import Cache
from .models import chain_for, licence_of
from .mt import BackTranslationChain, DecodeParams, HFTranslator, ModelUnavailable

BACKENDS = ("transformers", "ctranslate2")

_LOADED: dict[tuple, Any] = {}      # loaded translators, reused by every later article


def _key(backend: str, model: str, src: str, tgt: str, params: DecodeParams, device: str,
         threads: Optional[int], quantization: Optional[str]) -> tuple:
    return (backend, model, src, tgt, params.beam_size, params.max_length, params.batch_size,
            params.max_batch_tokens, device, threads, quantization)


def get_translator(model: str, src: str, tgt: str, params: DecodeParams, device: str,
                   threads: Optional[int], allow_download: bool,
                   notify: Callable[[str], None], backend: str = "transformers",
                   quantization: Optional[str] = None):
    """The loaded translator for these settings (loaded now, at most once per process)."""
    key = _key(backend, model, src, tgt, params, device, threads, quantization)
    if key not in _LOADED:
        if backend == "ctranslate2":
            from .ct2 import CT2Translator
            _LOADED[key] = CT2Translator(model, src, tgt, params, device=device, threads=threads,
                                         allow_download=allow_download, quantization=quantization,
                                         notify=notify)
        elif backend == "transformers":
            _LOADED[key] = HFTranslator(model, src, tgt, params, device=device, threads=threads,
                                        allow_download=allow_download, notify=notify)
        else:
            raise ModelUnavailable(f"unknown backend {backend!r}; one of {', '.join(BACKENDS)}")
    return _LOADED[key]


class LazyTranslator:
    """Stands for a translator: knows its model id, revision and parameters (so that the
    cache can be consulted) and loads the model at the first call that needs it."""

    def __init__(self, backend: str, model: str, src: str, tgt: str, params: DecodeParams,
                 device: str, threads: Optional[int], allow_download: bool,
                 notify: Callable[[str], None], quantization: Optional[str] = None):
        self.backend = backend
        self.src_lang, self.tgt_lang = src, tgt
        self._args = (model, src, tgt, params, device, threads, allow_download, notify, backend, quantization)
        self._real = None
        self.model_id = model
        self.quantization: Optional[str] = None
        if backend == "ctranslate2":
            from .ct2 import ct2_available, locate, model_id_of, revision_of, split_device
            why = ct2_available()
            if why:
                raise ModelUnavailable(why)
            split_device(device)
            _, marker, _ = locate(model, device, quantization, allow_download)
            self.model_id = model_id_of(model, marker)
            self.quantization = marker.get("quantization")
            self.revision = revision_of(marker)
            positions = marker.get("max_position_embeddings")
        elif backend == "transformers":
            missing = [m for m in ("torch", "transformers", "sentencepiece") if importlib.util.find_spec(m) is None]
            if missing:   # checked without importing them: that is the load's job
                raise ModelUnavailable(f"the MT extra is not installed ({missing[0]} missing): "
                                       f"pip install 'auditor[mt]'")
            from .ct2 import resolve_source
            src_folder, self.revision = resolve_source(model, allow_download)
            _check_hf_folder(src_folder, model)
            positions = _positions(src_folder)
        else:
            raise ModelUnavailable(f"unknown backend {backend!r}; one of {', '.join(BACKENDS)}")
        if positions and params.max_length > positions - 2:   # as the loaded translator will
            params = DecodeParams(**{**params.__dict__, "max_length": max(8, positions - 2)})
        self.params = params

    @property
    def loaded(self) -> bool:
        return self._real is not None

    def load(self):
        if self._real is None:
            self._real = get_translator(*self._args)
        return self._real

    @property
    def name(self) -> str:
        return self.model_id

    @property
    def truncated(self) -> int:
        return self._real.truncated if self._real is not None else 0

    def __getattr__(self, name: str):
        """Anything else (model, tokenizer, device...) is the loaded translator's: asking for it
        loads the model. A model that cannot load reads as a missing attribute (hasattr: False)."""
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            real = self.load()
        except ModelUnavailable as e:
            raise AttributeError(f"{name}: {e}") from None
        return getattr(real, name)

    def translate(self, texts: list[str]) -> list[str]:
        return self.load().translate(texts) if texts else []

    def score(self, sources: list[str], targets: list[str]) -> list[list[tuple[str, float]]]:
        return self.load().score(sources, targets)


def _positions(folder: Optional[Path]) -> Optional[int]:
    try:
        return json.loads((Path(folder) / "config.json").read_text("utf-8")).get("max_position_embeddings")
    except (OSError, ValueError, TypeError):
        return None


def _check_hf_folder(folder: Path, model: str) -> None:
    """What can be checked without loading: a config with a model type, weights present."""
    try:
        cfg = json.loads((folder / "config.json").read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ModelUnavailable(f"cannot load model folder {model}: bad config.json ({e})") from None
    if not cfg.get("model_type"):
        raise ModelUnavailable(f"cannot load model folder {model}: config.json names no model_type")
    if not any(p.suffix in (".safetensors", ".bin") for p in folder.iterdir()):
        raise ModelUnavailable(f"cannot load model folder {model}: no weights (*.safetensors, *.bin)")


class Chain(BackTranslationChain):
    """A back-translation chain whose signature names its backend and quantization."""

    def signature(self) -> dict[str, Any]:
        sig = super().signature()
        backends = {getattr(s, "backend", "transformers") for s in self.steps}
        sig["backend"] = backends.pop() if len(backends) == 1 else "mixed"
        for entry, step in zip(sig["models"], self.steps):
            if getattr(step, "quantization", None):
                entry["quantization"] = step.quantization
        return sig


def build_back_translator(tgt_lang: str, src_lang: str = "id", model: Optional[str] = None,
                          params: Optional[DecodeParams] = None, device: str = "cpu",
                          threads: Optional[int] = None, cache: Optional[Cache] = None,
                          allow_download: bool = False,
                          notify: Callable[[str], None] = lambda m: None,
                          backend: str = "transformers", quantization: Optional[str] = None,
                          lazy: bool = True) -> BackTranslationChain:
    """The chain translation language -> (English ->) source language.

    Raises ModelUnavailable at once when a model is missing or its backend is not
    installed. With lazy=False the models are loaded now, not at the first cache miss.
    """
    direction = f"{tgt_lang}-{src_lang}"
    params = params or DecodeParams()
    try:
        chain = chain_for(direction, model)
    except KeyError:
        raise ModelUnavailable(f"no default back-translation model for {direction}; pass --model") from None
    steps = []
    langs = [tgt_lang] + (["en"] * (len(chain) - 1)) + [src_lang]
    for k, m in enumerate(chain):
        if lazy:
            steps.append(LazyTranslator(backend, m, langs[k], langs[k + 1], params, device, threads,
                                        allow_download, notify, quantization))
        else:
            steps.append(get_translator(m, langs[k], langs[k + 1], params, device, threads,
                                        allow_download, notify, backend, quantization))
    return Chain(steps=steps, direction=direction, cache=cache)


__all__ = ["BACKENDS", "Chain", "LazyTranslator", "build_back_translator", "get_translator", "licence_of"]
