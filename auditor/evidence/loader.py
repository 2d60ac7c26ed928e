"""Choose and load the back-translation models for a direction (loaded once per process)."""
from __future__ import annotations

from typing import Callable, Optional

from .cache import Cache
from .models import chain_for
from .mt import BackTranslationChain, DecodeParams, HFTranslator, ModelUnavailable

_LOADED: dict[tuple, HFTranslator] = {}


def get_translator(model: str, src: str, tgt: str, params: DecodeParams, device: str,
                   threads: Optional[int], allow_download: bool,
                   notify: Callable[[str], None]) -> HFTranslator:
    key = (model, src, tgt, params.beam_size, params.max_length, params.batch_size, device)
    if key not in _LOADED:
        _LOADED[key] = HFTranslator(model, src, tgt, params, device=device, threads=threads,
                                    allow_download=allow_download, notify=notify)
    return _LOADED[key]


def build_back_translator(tgt_lang: str, src_lang: str = "id", model: Optional[str] = None,
                          params: Optional[DecodeParams] = None, device: str = "cpu",
                          threads: Optional[int] = None, cache: Optional[Cache] = None,
                          allow_download: bool = False,
                          notify: Callable[[str], None] = lambda m: None) -> BackTranslationChain:
    direction = f"{tgt_lang}-{src_lang}"
    params = params or DecodeParams()
    try:
        chain = chain_for(direction, model)
    except KeyError:
        raise ModelUnavailable(f"no default back-translation model for {direction}; pass --model") from None
    steps = []
    langs = [tgt_lang] + (["en"] * (len(chain) - 1)) + [src_lang]
    for k, m in enumerate(chain):
        steps.append(get_translator(m, langs[k], langs[k + 1], params, device, threads,
                                    allow_download, notify))
    return BackTranslationChain(steps=steps, direction=direction, cache=cache)
