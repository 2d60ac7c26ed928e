"""What a feed run is audited with (FeedSettings), and the fingerprints that decide what a resumed run
redoes."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .. import __version__
from ..config import DEFAULT_TIME_LIMIT, Config
from ..types import SCHEMA_VERSION
from .discover import FeedItem


@dataclass
class FeedSettings:
    src_lang: str = "id"
    input_format: Optional[str] = None
    encoding: Optional[str] = None
    config: Config = field(default_factory=Config)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    glossaries: list[str] = field(default_factory=list)
    risky_terms: list[str] = field(default_factory=list)
    no_mt: bool = False
    embed: bool = True                      # cross-lingual sentence similarity (bundled encoder)
    model: Optional[str] = None
    reverse_model: Optional[str] = None     # id -> translation language, for forced decoding
    download: bool = False
    beam_size: int = 4
    max_length: int = 256
    batch_size: int = 16
    device: str = "cpu"
    threads: Optional[int] = None
    cache_dir: Optional[str] = None
    no_cache: bool = False
    articles_per_batch: int = 8
    time_limit: Optional[float] = DEFAULT_TIME_LIMIT   # seconds of an article's own work; None or 0: none

    def fingerprint(self) -> str:
        """What changes a result: a resumed run redoes the items audited under other settings."""
        cfg = dataclasses.asdict(self.config)
        cfg.pop("path", None)
        gloss = _stat_files(self.glossaries + list(self.config.glossaries))
        blob = json.dumps({
            "auditor": __version__, "schema": SCHEMA_VERSION, "src_lang": self.src_lang,
            "input_format": self.input_format, "encoding": self.encoding, "config": cfg,
            "select": self.select, "ignore": self.ignore, "glossaries": gloss, "no_mt": self.no_mt,
            "embed": self.embed, "risky_terms": _stat_files(self.risky_terms),
            "model": self.model, "reverse_model": self.reverse_model, "beam": self.beam_size,
            "max_length": self.max_length,
        }, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _stat_files(paths: list[str]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for g in paths:
        try:
            st = os.stat(g)
            out.append([g, st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([g, None])
    return out


def item_fingerprint(item: FeedItem, settings_fp: str) -> str:
    h = hashlib.sha256(settings_fp.encode())
    h.update(f"\x1f{item.id}\x1f{item.tgt_lang}\x1f{item.problem}".encode())
    for side in ("source", "translation") + (("back_translation",) if item.has_back_translation else ()):
        text = getattr(item, f"{side}_text")
        path = getattr(item, f"{side}_path")
        if text is not None:
            h.update(b"\x1ftext:" + text.encode("utf-8", "surrogatepass"))
        elif path:
            try:
                h.update(b"\x1ffile:" + Path(path).read_bytes())
            except OSError as e:
                h.update(f"\x1funreadable:{e.errno}".encode())
            except ValueError:      # a NUL in the name
                h.update(b"\x1funreadable:name")
    return h.hexdigest()[:24]
