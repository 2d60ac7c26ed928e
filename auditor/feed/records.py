"""The records a feed writes: a result (the JSON contract plus the item) or an error of a known kind."""
from __future__ import annotations

from typing import Any, Optional

from ..contract import Record, to_dict
from ..types import SCHEMA_VERSION
from .discover import FeedItem


def error_kind(message: str) -> str:
    m = message.lower()
    for needle, kind in (("paragraph-parallel", "not_parallel"), ("binary", "binary"), ("no text", "empty"), ("not utf-8", "encoding"),
                         ("cannot decode", "encoding"), ("utf-16", "encoding"), ("no such file", "missing"),
                         ("is a folder", "unreadable"), ("cannot read", "unreadable"), ("larger than", "too_large"),
                         ("cannot tell the language", "wrong_language"), ("reads as", "wrong_language"),
                         ("json", "format")):
        if needle in m:
            return kind
    return "input"


def error_record(item: FeedItem, kind: str, message: str, src_lang: str = "id",
                 seconds: Optional[float] = None, tgt_lang: Optional[str] = None) -> Record:
    return {"schema_version": SCHEMA_VERSION, "record": "error", "id": item.id, "item": item.meta(seconds),
            "source": {"path": item.source_path, "lang": src_lang},
            "translation": {"path": item.translation_path, "lang": tgt_lang or item.tgt_lang},
            "error": {"kind": kind, "message": message}}


def result_record(item: FeedItem, result: Any, seconds: float) -> Record:
    d = to_dict(result)
    return {"schema_version": d.pop("schema_version"), "record": "result", "id": item.id,
            "item": item.meta(seconds), **d}



def timeout_record(item: "FeedItem", limit: float, src_lang: str, seconds: float) -> Record:
    return error_record(item, "timeout", f"the audit took longer than the time limit of {limit:g} s per "
                                         f"article and was stopped (--time-limit changes it); the feed went on",
                        src_lang, seconds)
