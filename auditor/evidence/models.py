"""Default public models per direction, with their licences.

Back-translation goes from the translation's language into Indonesian. Where
no direct opus-mt pair exists (zh, ja, ar -> id) we pivot through English with
two opus-mt models; a multilingual model (M2M100, MIT) can replace any chain
with `--model facebook/m2m100_418M`. Non-commercial models are never a default.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional


@dataclass(frozen=True)
class ModelInfo:
    id: str
    src: str
    tgt: str
    licence: str
    note: str = ""


MODELS: dict[str, ModelInfo] = {m.id: m for m in [
    ModelInfo("Helsinki-NLP/opus-mt-fr-id", "fr", "id", "Apache-2.0"),
    ModelInfo("Helsinki-NLP/opus-mt-en-id", "en", "id", "Apache-2.0"),
    ModelInfo("Helsinki-NLP/opus-mt-zh-en", "zh", "en", "CC-BY-4.0", "pivot"),
    ModelInfo("Helsinki-NLP/opus-mt-ja-en", "ja", "en", "Apache-2.0", "pivot"),
    ModelInfo("Helsinki-NLP/opus-mt-ar-en", "ar", "en", "Apache-2.0", "pivot"),
    # reverse direction (source -> translation language), for forced decoding
    ModelInfo("Helsinki-NLP/opus-mt-id-fr", "id", "fr", "Apache-2.0", "forced decoding"),
    ModelInfo("Helsinki-NLP/opus-mt-id-en", "id", "en", "Apache-2.0", "forced decoding"),
    ModelInfo("facebook/m2m100_418M", "*", "*", "MIT", "multilingual alternative (100 languages)"),
]}

# direction "xx-id" -> chain of model ids applied in order
BACK_TRANSLATION: dict[str, list[str]] = {
    "fr-id": ["Helsinki-NLP/opus-mt-fr-id"],
    "en-id": ["Helsinki-NLP/opus-mt-en-id"],
    "zh-id": ["Helsinki-NLP/opus-mt-zh-en", "Helsinki-NLP/opus-mt-en-id"],
    "ja-id": ["Helsinki-NLP/opus-mt-ja-en", "Helsinki-NLP/opus-mt-en-id"],
    "ar-id": ["Helsinki-NLP/opus-mt-ar-en", "Helsinki-NLP/opus-mt-en-id"],
}

FORWARD: dict[str, list[str]] = {
    "id-fr": ["Helsinki-NLP/opus-mt-id-fr"],
    "id-en": ["Helsinki-NLP/opus-mt-id-en"],
}


def chain_for(direction: str, override: str | None = None) -> list[str]:
    """Model chain for a direction; an override (hub id or local folder) replaces it."""
    if override:
        return [override]
    if direction not in BACK_TRANSLATION:
        raise KeyError(direction)
    return list(BACK_TRANSLATION[direction])


def licence_of(model_id: str) -> str:
    info = MODELS.get(model_id)
    return info.licence if info else "see the model card"


def reverse_model_name(src_lang: str, lang: str, named: Optional[str] = None,
                       configured: Optional[Mapping[str, str]] = None, default: bool = True) -> Optional[str]:
    """The source -> translation model for forced decoding (the one rule `auditor audit` and
    `auditor feed` share): the one the user names, else the configuration's models table's for
    the direction, else, with `default` (a back-translation model runs), the FORWARD table's."""
    direction = f"{src_lang}-{lang}"
    return named or (configured or {}).get(direction) or (FORWARD.get(direction, [None])[0] if default else None)
