"""Back-translation with Hugging Face `transformers` (Marian / opus-mt, M2M100, any seq2seq).

A model is a hub id or a local folder; both go through the same
`from_pretrained` code. Nothing is downloaded unless the caller allows it
(`auditor models pull`, or `--download`), and then with a clear message.
Generation is batched over length-sorted, de-duplicated sentences, and every
output is cached (SQLite) under the model's id and revision.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from .cache import Cache, make_key
from .models import licence_of


class ModelUnavailable(Exception):
    """The model could not be loaded (not cached offline, missing files, bad folder)."""


def mt_available() -> Optional[str]:
    """None if the MT stack imports, else why not (one line)."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import sentencepiece  # noqa: F401
    except ImportError as e:
        return f"the MT extra is not installed ({e.name} missing): pip install 'auditor[mt]'"
    return None


def _folder_revision(path: Path) -> str:
    h = hashlib.sha256()
    for name in sorted(os.listdir(path)):
        p = path / name
        if p.is_file():
            st = p.stat()
            h.update(f"{name}:{st.st_size}".encode())
            if name.endswith(".json") and st.st_size < 1_000_000:
                h.update(p.read_bytes())
    return "local-" + h.hexdigest()[:16]


@dataclass
class DecodeParams:
    beam_size: int = 4
    max_length: int = 256        # tokens, input and output
    batch_size: int = 16
    max_batch_tokens: int = 4096

    def as_dict(self) -> dict[str, Any]:
        return {"beam": self.beam_size, "max_length": self.max_length}


class HFTranslator:
    """One seq2seq model, loaded once, translating src_lang -> tgt_lang."""

    def __init__(self, model: str, src_lang: str, tgt_lang: str, params: Optional[DecodeParams] = None,
                 device: str = "cpu", threads: Optional[int] = None, allow_download: bool = False,
                 revision: Optional[str] = None, notify: Callable[[str], None] = lambda m: None):
        why = mt_available()
        if why:
            raise ModelUnavailable(why)
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        if threads:
            torch.set_num_threads(threads)
        self.model_id = model
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.params = params or DecodeParams()
        self.device = device
        self.truncated = 0
        local = Path(model).expanduser()
        is_local = local.is_dir()
        if not is_local and (model.startswith((".", "/", "~")) or os.sep in model and not _looks_like_hub_id(model)):
            raise ModelUnavailable(f"model folder {model} does not exist")
        source = str(local) if is_local else model
        kwargs: dict[str, Any] = {"revision": revision} if revision and not is_local else {}
        try:
            tok = AutoTokenizer.from_pretrained(source, local_files_only=True, **kwargs)
            mdl = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=True, **kwargs)
        except Exception as first:  # not cached, or a broken folder
            if is_local:
                raise ModelUnavailable(f"cannot load model folder {model}: {_short(first)}") from None
            if not allow_download:
                raise ModelUnavailable(
                    f"model {model} is not in the local cache (run `auditor models pull {model}` "
                    f"where the hub is reachable, or pass --model with a local folder)") from None
            notify(f"downloading {model} (first use; licence {licence_of(model)})...")
            try:
                tok = AutoTokenizer.from_pretrained(source, **kwargs)
                mdl = AutoModelForSeq2SeqLM.from_pretrained(source, **kwargs)
            except Exception as second:
                raise ModelUnavailable(f"cannot download model {model}: {_short(second)}") from None
        self.tokenizer = tok
        self.model = mdl.to(device).eval()
        self.revision = _folder_revision(local) if is_local else (
            getattr(mdl.config, "_commit_hash", None) or revision or "unknown")
        # never ask for more positions than the model has
        limit = getattr(mdl.config, "max_position_embeddings", None) or self.params.max_length
        if self.params.max_length > limit - 2:
            self.params = DecodeParams(**{**self.params.__dict__, "max_length": max(8, limit - 2)})
        self._gen_kwargs: dict[str, Any] = {}
        if getattr(mdl.config, "model_type", "") in ("m2m_100", "nllb", "mbart"):
            self._setup_multilingual()

    def _setup_multilingual(self) -> None:
        tok = self.tokenizer
        if hasattr(tok, "get_lang_id"):          # M2M100
            tok.src_lang = self.src_lang
            self._gen_kwargs["forced_bos_token_id"] = tok.get_lang_id(self.tgt_lang)

    @property
    def name(self) -> str:
        return self.model_id

    def translate(self, texts: list[str]) -> list[str]:
        """Translate, batched by length; identical inputs are decoded once."""
        import torch

        uniq = list(dict.fromkeys(texts))
        if not uniq:
            return []
        tok = self.tokenizer
        lengths = dict(zip(uniq, self.token_counts(uniq)))
        self.truncated += sum(1 for t in uniq if lengths[t] > self.params.max_length)
        order = sorted(uniq, key=lambda t: -lengths[t])
        out: dict[str, str] = {}
        batch: list[str] = []

        def flush():
            if not batch:
                return
            enc = tok(batch, return_tensors="pt", padding=True, truncation=True,
                      max_length=self.params.max_length).to(self.device)
            with torch.inference_mode():
                gen = self.model.generate(**enc, num_beams=self.params.beam_size,
                                          max_new_tokens=self.params.max_length, **self._gen_kwargs)
            for src, hyp in zip(batch, tok.batch_decode(gen, skip_special_tokens=True)):
                out[src] = hyp.strip()
            batch.clear()

        for t in order:
            longest = min(lengths[t] if not batch else lengths[batch[0]], self.params.max_length)
            if batch and (len(batch) >= self.params.batch_size
                          or longest * (len(batch) + 1) > self.params.max_batch_tokens):
                flush()
            batch.append(t)
        flush()
        return [out[t] for t in texts]

    def token_counts(self, texts: list[str]) -> list[int]:
        """Input tokens of each text (special tokens included), as the model would see it."""
        tok = self.tokenizer
        return [len(tok(t, add_special_tokens=True)["input_ids"]) for t in texts]

    def too_long(self, texts: list[str]) -> dict[int, int]:
        """{index: token count} of the texts longer than the model's input limit (they get truncated)."""
        return {k: n for k, n in enumerate(self.token_counts(texts)) if n > self.params.max_length}

    def score(self, sources: list[str], targets: list[str]) -> list[list[tuple[str, float]]]:
        """Forced decoding: log-probability of each target token given its source."""
        import torch

        tok = self.tokenizer
        results: list[list[tuple[str, float]]] = []
        for i in range(0, len(sources), self.params.batch_size):
            src = sources[i:i + self.params.batch_size]
            tgt = targets[i:i + self.params.batch_size]
            enc = tok(src, text_target=tgt, return_tensors="pt", padding=True, truncation=True,
                      max_length=self.params.max_length).to(self.device)
            labels = enc.pop("labels")
            with torch.inference_mode():
                logits = self.model(**enc, labels=labels).logits
            logp = torch.log_softmax(logits.float(), dim=-1)
            pad = tok.pad_token_id
            for row in range(labels.shape[0]):
                ids = labels[row]
                toks = []
                for pos, tid in enumerate(ids.tolist()):
                    if tid == pad or tid == -100:
                        continue
                    toks.append((tok.convert_ids_to_tokens(tid), float(logp[row, pos, tid])))
                results.append(toks)
        return results


def _looks_like_hub_id(s: str) -> bool:
    parts = s.split("/")
    return len(parts) == 2 and all(parts) and not s.startswith((".", "/", "~"))


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:200]


@dataclass
class BackTranslationChain:
    """translation language -> (pivot ->) Indonesian, with a cache per step."""
    steps: list[HFTranslator]
    direction: str
    cache: Optional[Cache] = None
    stats: dict[str, int] = field(default_factory=lambda: {"sentences": 0, "cached": 0, "decoded": 0})
    # every input text that a model of the chain saw only in part, with {"model", "tokens",
    # "limit"} of the first step that cut it; keyed by text, so that a caller that batches many
    # articles into one call (the feed) finds each article's own. Measured when a sentence is
    # decoded and kept in the cache beside its translation, so that a cached run reports the
    # same truncations without loading the model.
    truncated_texts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " -> ".join(s.model_id for s in self.steps)

    def back_translate(self, texts: list[str]) -> list[str]:
        current = list(texts)
        for k, step in enumerate(self.steps):
            current, cut = self._step(step, current, last=(k == len(self.steps) - 1))
            for i, info in cut.items():
                if texts[i] not in self.truncated_texts and len(self.truncated_texts) < 100_000:
                    self.truncated_texts[texts[i]] = info
        return current

    def _step(self, step: HFTranslator, texts: list[str], last: bool) -> tuple[list[str], dict[int, dict]]:
        params = step.params.as_dict()
        direction = f"{step.src_lang}-{step.tgt_lang}"
        keys = [make_key("translate", step.model_id, step.revision, direction, params, t) for t in texts]
        tkeys = [make_key("truncated", step.model_id, step.revision, direction, params, t) for t in texts]
        found = self.cache.get_many(keys) if self.cache else {}
        todo = [t for t, k in zip(texts, keys) if k not in found]
        new = dict(zip(todo, step.translate(todo))) if todo else {}
        # truncation: measured on what was decoded now (the model is loaded), else from the cache
        cut_new: dict[str, dict[str, Any]] = {}
        if todo:
            uniq = list(dict.fromkeys(todo))
            too_long = getattr(step, "too_long", None)
            for i, n in (too_long(uniq) if too_long else {}).items():
                cut_new[uniq[i]] = {"model": step.model_id, "tokens": n, "limit": step.params.max_length}
        cut_found = self.cache.get_many([tk for tk, k in zip(tkeys, keys) if k in found]) \
            if self.cache and found else {}
        if self.cache and new:
            rows = [(k, "translate", step.model_id, step.revision, direction, new[t])
                    for t, k in zip(texts, keys) if t in new]
            rows += [(tk, "truncated", step.model_id, step.revision, direction, json.dumps(cut_new[t]))
                     for t, tk in zip(texts, tkeys) if t in cut_new]
            self.cache.put_many(rows)
        if last:
            self.stats["sentences"] += len(texts)
            self.stats["cached"] += sum(1 for k in keys if k in found)
            self.stats["decoded"] += len(set(todo))
        cut: dict[int, dict[str, Any]] = {}
        for i, (t, tk) in enumerate(zip(texts, tkeys)):
            if t in cut_new:
                cut[i] = cut_new[t]
            elif tk in cut_found:
                try:
                    cut[i] = json.loads(cut_found[tk])
                except ValueError:
                    pass
        return [found[k] if k in found else new[t] for t, k in zip(texts, keys)], cut

    def signature(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "models": [{"id": s.model_id, "revision": s.revision, "licence": licence_of(s.model_id),
                        "src": s.src_lang, "tgt": s.tgt_lang} for s in self.steps],
            "params": self.steps[0].params.as_dict() if self.steps else {},
            "backend": "transformers",
        }
