"""Word alignment of each aligned pair from the reverse model's cross-attention.

The reverse model (Indonesian -> translation language, `models.FORWARD`) force-decodes the
translation given the source, as for the log-probabilities; the cross-attention of each
translation word, averaged over layers and heads, points at the source word it renders. This
reuses `forced.AttentionProjector` as is (with the reverse model instead of the
back-translation model, so "model source" is the Indonesian source and "model target" the
translation), cached in the SQLite cache like every forced decoding.

Fills `PairEvidence.extra["word_alignment"]` of each aligned translation sentence:
    {"method": "reverse-attention", "model": ..., "source": <the pair's source text>,
     "links": [[t_start, t_end, s_start, s_end], ...]}
one link per translation word: its local offsets in the translation sentence and the offsets
of the source word it attends to most in "source" (the pair's source sentences joined by a
space, as everywhere in the evidence stage). Checks read it (auditor/checks/consistency.py).
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from ..types import AlignedPair, PairEvidence, Segment
from .btdiff import tokenize


def reverse_aligner(reverse: Any, cache: Any = None) -> Optional[Any]:
    """An object with `project(sources, translations)` for the reverse scorer of the pipeline:
    the scorer itself where it has one (a test double, a custom scorer), else an
    AttentionProjector over its model (forced.LogProbScorer keeps it as `.tr`)."""
    if reverse is None:
        return None
    if hasattr(reverse, "project"):
        return reverse
    tr = getattr(reverse, "tr", None)
    if tr is not None and hasattr(tr, "model") and hasattr(tr, "tokenizer"):
        from .forced import AttentionProjector
        return AttentionProjector(tr, cache if cache is not None else getattr(reverse, "cache", None))
    return None


def word_alignment_evidence(alignment: Sequence[AlignedPair], src_by_id: dict[str, Segment],
                            tgt_by_id: dict[str, Segment], evidence: dict[str, PairEvidence],
                            aligner: Any, notify: Callable[[str], None] = lambda m: None) -> bool:
    """Word links of every aligned translation sentence (see the module docstring). True if any."""
    if aligner is None:
        return False
    items = [(t, " ".join(src_by_id[s].text for s in p.src)) for p in alignment
             if p.kind == "aligned" and p.src for t in p.tgt if t in tgt_by_id]
    if not items:
        return False
    try:
        maps = aligner.project([s for _, s in items], [tgt_by_id[t].text for t, _ in items])
    except Exception as e:   # a model without usable cross-attention
        notify(f"word alignment (reverse-model cross-attention) unavailable: {type(e).__name__}: {e}")
        return False
    tr = getattr(aligner, "tr", None)
    model = getattr(tr, "model_id", None) or getattr(aligner, "name", None)
    done = False
    for (t, src), m in zip(items, maps):
        s_words, t_words = tokenize(src, "x"), tokenize(tgt_by_id[t].text, "x")
        if len(m) != len(t_words):
            continue
        links = [[w.start, w.end, s_words[i].start, s_words[i].end]
                 for w, i in zip(t_words, m) if 0 <= i < len(s_words)]
        evidence.setdefault(t, PairEvidence()).extra["word_alignment"] = {
            "method": "reverse-attention", "model": model, "source": src, "links": links}
        done = True
    return done
