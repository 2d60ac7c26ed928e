"""The evidence of a feed process: back-translators by language, the reverse model for forced decoding
and the cache, opened once per process."""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..lang import TARGET_LANGS
from .settings import FeedSettings


class Prefetched:
    """Back-translations computed for a whole chunk; anything missing is asked of the chain."""

    def __init__(self, chain: Any, table: dict[str, str]):
        self.chain, self.table = chain, table
        self.name = chain.name

    def __getattr__(self, name: str) -> Any:
        # the rest of the chain as is (its steps and cache serve forced decoding and attention)
        return getattr(self.__dict__["chain"], name)

    def back_translate(self, texts: list[str]) -> list[str]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.table]
        if missing:
            self.table.update(zip(missing, self.chain.back_translate(missing)))
        return [self.table[t] for t in texts]

    def signature(self) -> dict[str, Any]:
        return self.chain.signature()


# per process: loaded back-translators by language, the cache, what was said about them
STATE: dict[str, Any] = {}


def state(settings: FeedSettings) -> dict[str, Any]:
    key = (settings.cache_dir, settings.no_cache, settings.model, settings.device, settings.beam_size,
           settings.max_length, settings.batch_size)
    if STATE.get("key") != key:
        STATE.clear()
        STATE.update(key=key, chains={}, notices={}, cache=None, cache_opened=False, cache_notes=[],
                      stats={"sentences": 0, "cached": 0, "decoded": 0})
    return STATE


def process_cache(settings: FeedSettings) -> Any:
    """The model-output cache of this process (back-translations, embeddings), or None."""
    st = state(settings)
    if not st["cache_opened"] and not settings.no_cache:
        from ..evidence.cache import Cache
        st["cache"] = Cache(settings.cache_dir)
        st["cache_opened"] = True
        if st["cache"].problem:
            st["cache_notes"].append(st["cache"].problem)
    return st["cache"]


def named_model(lang: str, settings: FeedSettings) -> Optional[str]:
    """The back-translation model the user names for this language (--model, or the
    configuration's models table), not the default of the model table."""
    return settings.model or settings.config.models.get(f"{lang}-{settings.src_lang}")


def back_translator_for(lang: str, settings: FeedSettings, notify: Callable[[str], None]) -> tuple[Any, list[str]]:
    st = state(settings)
    if lang in st["chains"]:
        return st["chains"][lang], st["notices"][lang]
    notes: list[str] = []
    chain = None
    if settings.no_mt:
        notes.append("back-translation skipped (--no-mt): model-based checks did not run")
    else:
        from ..evidence.mt import DecodeParams, ModelUnavailable, mt_available
        why = mt_available()
        model = settings.model or settings.config.models.get(f"{lang}-{settings.src_lang}")
        if why:
            notes.append(f"back-translation skipped: {why}")
        elif lang not in TARGET_LANGS and not model:
            notes.append(f"back-translation skipped: no default model for {lang}-{settings.src_lang}")
        else:
            from ..evidence.loader import build_back_translator
            params = DecodeParams(beam_size=settings.beam_size, max_length=settings.max_length,
                                  batch_size=settings.batch_size)
            try:
                chain = build_back_translator(lang, settings.src_lang, model, params, settings.device,
                                              settings.threads, process_cache(settings), allow_download=settings.download,
                                              notify=notify)
            except ModelUnavailable as e:
                notes.append(f"back-translation skipped: {e}; model-free checks still ran")
    st["chains"][lang], st["notices"][lang] = chain, notes
    st.setdefault("reverse", {})[lang] = reverse_model_for(lang, settings, chain, notes, notify)
    return chain, notes


def reverse_model_for(lang: str, settings: FeedSettings, chain: Any, notes: list[str],
                   notify: Callable[[str], None]) -> Optional[str]:
    """The source->translation model for forced decoding, as `auditor audit` picks it; loaded
    once here, so that a missing one is said once, not tried again for every article."""
    if settings.no_mt:
        return None
    from ..evidence.models import reverse_model_name
    name = reverse_model_name(settings.src_lang, lang, settings.reverse_model, settings.config.models,
                              default=chain is not None)
    if not name:
        return None
    from ..evidence.loader import get_translator
    from ..evidence.mt import DecodeParams, ModelUnavailable
    try:
        get_translator(name, settings.src_lang, lang, DecodeParams(beam_size=1), "cpu", None, False, notify)
    except ModelUnavailable as e:
        notes.append(f"forced decoding skipped: {e}")
        return None
    return name
