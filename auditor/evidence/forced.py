"""Forced decoding with a loaded seq2seq model (an `HFTranslator`): token
log-probabilities of a given output (Prism-style) and cross-attention word
alignments, both cached in the SQLite cache like back-translations.

- `AttentionProjector`: the back-translation model (translation -> Indonesian)
  force-decodes its own back-translation; the cross-attention of each
  back-translation word, averaged over layers and heads, points at the
  translation word it came from. Used by the back-translation diff to put a
  difference on the translation span that produced it.
- `LogProbScorer`: the reverse model (Indonesian -> translation language,
  `models.FORWARD`) scores each translation token given the source; runs of
  improbable tokens are suspect spans. The same class with the back-translation
  model scores the source given the translation.

Sentencepiece pieces are mapped back to character offsets of the text they
came from, so every token carries its span.
"""
from __future__ import annotations

import json
import math
from typing import Any, Optional, Sequence

from .btdiff import tokenize
from .cache import Cache, make_key


def piece_spans(pieces: Sequence[str], text: str) -> list[Optional[tuple[int, int]]]:
    """Character span in `text` of each sentencepiece piece (None for special tokens)."""
    out: list[Optional[tuple[int, int]]] = []
    pos = 0
    for p in pieces:
        if p in ("</s>", "<pad>", "<unk>", "<s>") or p.startswith("<") and p.endswith(">") and len(p) > 2:
            out.append(None if p != "<unk>" else (pos, min(len(text), pos + 1)))
            if p == "<unk>":
                pos = min(len(text), pos + 1)
            continue
        core = p.replace("▁", "")
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not core:
            out.append(None)
            continue
        k = text.find(core, pos, pos + len(core) + 8)
        if k < 0:   # normalised by sentencepiece (quotes, ligatures): advance by its length
            k = pos
        out.append((k, min(len(text), k + len(core))))
        pos = k + len(core)
    return out


def _word_of(spans: Sequence[Optional[tuple[int, int]]], words) -> list[Optional[int]]:
    """Word index (btdiff.tokenize) covering each piece."""
    out: list[Optional[int]] = []
    for sp in spans:
        if sp is None:
            out.append(None)
            continue
        hit = None
        for k, w in enumerate(words):
            if w.start < sp[1] and sp[0] < w.end:
                hit = k
                break
        out.append(hit)
    return out


def _set_attn(model: Any, impl: str) -> None:
    if hasattr(model, "set_attn_implementation"):
        model.set_attn_implementation(impl)
    else:
        model.config._attn_implementation = impl


class _Forced:
    def __init__(self, translator: Any, cache: Optional[Cache] = None):
        self.tr = translator
        self.cache = cache

    def _run(self, sources: list[str], targets: list[str], attentions: bool):
        import torch

        tok, p = self.tr.tokenizer, self.tr.params
        enc = tok(sources, text_target=targets, return_tensors="pt", padding=True, truncation=True,
                  max_length=p.max_length).to(self.tr.device)
        labels = enc.pop("labels")
        model = self.tr.model
        prev = getattr(model.config, "_attn_implementation", None)
        switch = attentions and prev not in (None, "eager")
        if switch:      # fused attention kernels (sdpa, flash) return no attention weights
            _set_attn(model, "eager")
        try:
            with torch.inference_mode():
                out = model(**enc, labels=labels, output_attentions=attentions)
        finally:
            if switch:
                _set_attn(model, prev)
        return enc, labels, out

    def _cached(self, kind: str, sources: list[str], targets: list[str], compute) -> list[Any]:
        direction = f"{self.tr.src_lang}-{self.tr.tgt_lang}"
        params = {"max_length": self.tr.params.max_length}
        keys = [make_key(kind, self.tr.model_id, self.tr.revision, direction, params, s + "\x00" + t)
                for s, t in zip(sources, targets)]
        found = self.cache.get_many(keys) if self.cache else {}
        todo = [k for k, key in enumerate(keys) if key not in found]
        new: dict[int, Any] = {}
        bs = max(1, self.tr.params.batch_size)
        for i in range(0, len(todo), bs):
            idx = todo[i:i + bs]
            for k, v in zip(idx, compute([sources[k] for k in idx], [targets[k] for k in idx])):
                new[k] = v
        if self.cache and new:
            self.cache.put_many([(keys[k], kind, self.tr.model_id, self.tr.revision, direction,
                                  json.dumps(v, ensure_ascii=False)) for k, v in new.items()])
        self.stats = {"pairs": len(keys), "cached": len(keys) - len(todo), "computed": len(todo)}
        return [json.loads(found[key]) if key in found else new[k] for k, key in enumerate(keys)]


class AttentionProjector(_Forced):
    """Back-translation word -> translation word, from the back-translation model's cross-attention."""

    def project(self, translations: list[str], back_translations: list[str]) -> list[list[int]]:
        return self._cached("xattn-words", translations, back_translations, self._compute)

    def _compute(self, srcs: list[str], tgts: list[str]) -> list[list[int]]:
        import torch

        tok = self.tr.tokenizer
        enc, labels, out = self._run(srcs, tgts, attentions=True)
        if not out.cross_attentions:
            raise RuntimeError(f"{self.tr.model_id} returns no cross-attention")
        att = torch.stack([a.float() for a in out.cross_attentions]).mean(dim=(0, 2))  # batch, tgt, src
        results = []
        for row in range(labels.shape[0]):
            src_ids = enc["input_ids"][row].tolist()
            tgt_ids = labels[row].tolist()
            src_words, bt_words = tokenize(srcs[row], "x"), tokenize(tgts[row], "id")
            s_pieces = tok.convert_ids_to_tokens(src_ids)
            t_pieces = tok.convert_ids_to_tokens([t for t in tgt_ids if t >= 0])
            s_word = _word_of(piece_spans(s_pieces, srcs[row]), src_words)
            t_word = _word_of(piece_spans(t_pieces, tgts[row]), bt_words)
            # piece-level attention summed into word x word
            mass = [[0.0] * max(1, len(src_words)) for _ in bt_words]
            for ti, tw in enumerate(t_word):
                if tw is None:
                    continue
                for si, sw in enumerate(s_word):
                    if sw is not None:
                        mass[tw][sw] += float(att[row, ti, si])
            results.append([max(range(len(r)), key=r.__getitem__) if src_words else 0 for r in mass])
        return results


class LogProbScorer(_Forced):
    """Log-probability of each output token given the input (forced decoding), with its span."""

    def score(self, sources: list[str], targets: list[str]) -> list[list[dict[str, Any]]]:
        return self._cached("logprob-tokens", sources, targets, self._compute)

    def _compute(self, srcs: list[str], tgts: list[str]) -> list[list[dict[str, Any]]]:
        import torch

        tok = self.tr.tokenizer
        enc, labels, out = self._run(srcs, tgts, attentions=False)
        logp = torch.log_softmax(out.logits.float(), dim=-1)
        results = []
        for row in range(labels.shape[0]):
            ids = [t for t in labels[row].tolist() if t >= 0 and t != tok.pad_token_id]
            pieces = tok.convert_ids_to_tokens(ids)
            spans = piece_spans(pieces, tgts[row])
            toks = []
            for pos, (tid, piece, sp) in enumerate(zip(ids, pieces, spans)):
                lp = float(logp[row, pos, tid])
                toks.append({"token": piece, "logprob": round(lp, 4),
                             "start": sp[0] if sp else None, "end": sp[1] if sp else None})
            results.append(toks)
        return results

    def signature(self) -> dict[str, Any]:
        return {"model": self.tr.model_id, "revision": self.tr.revision,
                "direction": f"{self.tr.src_lang}-{self.tr.tgt_lang}"}


def summary(tokens: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean and minimum log-probability of a scored sentence (the JSON `logprob` fields)."""
    lps = [t["logprob"] for t in tokens]
    if not lps:
        return {"mean": None, "min": None, "tokens": 0}
    return {"mean": round(sum(lps) / len(lps), 4), "min": round(min(lps), 4), "tokens": len(lps),
            "perplexity": round(math.exp(-sum(lps) / len(lps)), 3)}
