"""Turn sentence-level model evidence into spans of the translation.

Called by the pipeline's evidence stage; fills `PairEvidence.extra`:
  - "bt_diff": the back-translation diff of each aligned pair (auditor.evidence.btdiff),
    projected on the translation sentence (local offsets), with how it was projected;
  - "logprob": forced-decoding log-probabilities (auditor.evidence.forced): the
    translation given the source (reverse model) with its tokens, and the source
    given the translation (back-translation model), as summaries.
Checks in auditor/checks/meaning.py read these and decide what to report.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from ..types import AlignedPair, PairEvidence, Segment
from . import btdiff
from .forced import summary


def _pair_texts(pair: AlignedPair, src_by_id: dict[str, Segment]) -> str:
    return " ".join(src_by_id[s].text for s in pair.src)


def bt_diff_evidence(alignment: Sequence[AlignedPair], src_by_id: dict[str, Segment],
                     tgt_by_id: dict[str, Segment], bts: dict[str, str], tgt_lang: str,
                     evidence: dict[str, PairEvidence], projector: Any = None,
                     notify: Callable[[str], None] = lambda m: None, link: Any = None) -> None:
    """Fill evidence[...].extra["bt_diff"]: the back-translation diff of every aligned pair, each
    difference placed on the translation (the model's cross-attention where a projector is given,
    else a lexical alignment; `link` may add anchors to it, a bilingual lexicon's), with the
    figures auditor/checks/_btgrade.py grades it by."""
    pairs = [p for p in alignment if p.kind == "aligned" and all(t in bts for t in p.tgt)]
    attn = _attention(pairs, tgt_by_id, bts, projector, notify)
    done = [_pair_diff(pair, src_by_id, tgt_by_id, bts, tgt_lang, attn, link) for pair in pairs]
    # per pair: the source content words the back-translation kept
    kept = {n: {pd.src_tok[k].norm for k in pd.matched if pd.src_tok[k].content and not pd.src_tok[k].number}
            for n, pd in enumerate(done)}
    for n, pd in enumerate(done):
        elsewhere = set().union(*(v for k, v in kept.items() if k != n)) if len(kept) > 1 else set()
        _place_diffs(pd, elsewhere, tgt_by_id, evidence)
        for t in pd.pair.tgt:
            evidence[t].extra.setdefault("bt_diff", [])


def _attention(pairs: list[AlignedPair], tgt_by_id: dict[str, Segment], bts: dict[str, str], projector: Any,
               notify: Callable[[str], None]) -> dict[str, list[int]]:
    """Translation sentence id -> the model's cross-attention map of its back-translation onto it
    (empty without a projector, or where the model's attention is unusable)."""
    if projector is None or not pairs:
        return {}
    ids = [t for p in pairs for t in p.tgt]
    try:
        maps = projector.project([tgt_by_id[t].text for t in ids], [bts[t] for t in ids])
        return dict(zip(ids, maps))
    except Exception as e:  # a model without usable attention: fall back to the lexical map
        notify(f"cross-attention projection unavailable ({type(e).__name__}: {e}); "
               "back-translation differences are placed by a lexical alignment")
        return {}


@dataclass
class _PairDiff:
    """One aligned pair's back-translation diff, before its differences are placed."""
    pair: AlignedPair
    source: str                                  # the pair's source text
    bt_text: str                                 # its back-translation, sentence by sentence joined
    src_tok: list[btdiff.Token]
    bt_check: list[btdiff.Token]                 # the back-translation's tokens, as the diff read them
    matched: dict[int, int]                      # source token -> back-translation token
    diffs: list[btdiff.Diff]
    tgt_tokens: list[tuple[str, btdiff.Token]]   # (sentence id, token) of the translation
    method: str                                  # attention | lexical
    proj: list[int]                              # back-translation token -> translation token
    anchored: list[bool]                         # back-translation tokens on a word of their own


def _pair_diff(pair: AlignedPair, src_by_id: dict[str, Segment], tgt_by_id: dict[str, Segment],
               bts: dict[str, str], tgt_lang: str, attn: dict[str, list[int]], link: Any) -> _PairDiff:
    """The pair's back-translation and translation, sentence by sentence, as one token sequence,
    projected one onto the other, and the back-translation's diff against the source."""
    source = _pair_texts(pair, src_by_id)
    bt_tokens: list[btdiff.Token] = []
    tgt_tokens: list[tuple[str, btdiff.Token]] = []
    proj: list[int] = []
    bt_text = ""
    anchored: list[bool] = []
    method = "attention" if all(t in attn for t in pair.tgt) else "lexical"
    for t in pair.tgt:
        seg = tgt_by_id[t]
        shift = len(bt_text) + (1 if bt_text else 0)
        bt_text = (bt_text + " " if bt_text else "") + bts[t]
        b = btdiff.tokenize(bts[t], "id")
        g = btdiff.tokenize(seg.text, tgt_lang)
        local = attn[t] if method == "attention" and len(attn[t]) == len(b) else None
        if local is None:
            local = btdiff.lexical_projection(b, g, link)
            if method == "attention":
                method = "lexical"
        # which back-translation words sit on a word of their own (not placed by interpolation)
        anchored.extend(bool(g) and (btdiff.anchor_score(x, g[j]) > 0 or (link is not None and link(x, g[j]) > 0))
                        for x, j in zip(b, local))
        base = len(tgt_tokens)
        proj.extend(base + j for j in local)
        bt_tokens.extend(btdiff.Token(x.text, x.start + shift, x.end + shift, x.norm, x.content,
                                      x.number, x.name) for x in b)
        tgt_tokens.extend((t, x) for x in g)
    src_tok, bt_check, matched, diffs = btdiff.diff(source, bt_text)
    assert len(bt_check) == len(bt_tokens)
    return _PairDiff(pair, source, bt_text, src_tok, bt_check, matched, diffs, tgt_tokens, method, proj, anchored)


def _place_diffs(pd: _PairDiff, elsewhere: set[str], tgt_by_id: dict[str, Segment],
                 evidence: dict[str, PairEvidence]) -> None:
    """Each difference of the pair placed on a span of the translation, as an item of its sentence's
    "bt_diff" evidence (`elsewhere`: the source content words other pairs' back-translations kept)."""
    src_tok, bt_check, diffs, tgt_tokens = pd.src_tok, pd.bt_check, pd.diffs, pd.tgt_tokens
    content = [k for k, x in enumerate(src_tok) if x.content]
    plain_tgt = [x for _, x in tgt_tokens]
    # content the diff left unmatched on each side (lost or swapped): an omission leaves more on the
    # source's side, a reworded phrase about as much on both
    figures = {"coverage": round(sum(1 for k in content if k in pd.matched) / max(1, len(content)), 3),
               "unmatched_src": btdiff.content_chars(src_tok, sorted({k for d in diffs for k in d.src_tokens})),
               "unmatched_bt": btdiff.content_chars(bt_check, sorted({k for d in diffs for k in d.bt_tokens}))}
    for d in diffs:
        btdiff.project(d, pd.proj, len(tgt_tokens), plain_tgt)
        if d.tgt_range is None:
            continue
        lo, hi = d.tgt_range
        placed = d.bt_tokens or ([d.anchor] if d.anchor is not None else [])
        if pd.method == "lexical" and placed and hi >= lo and \
                not any(pd.anchored[j] for j in placed if j < len(pd.anchored)):
            # placed by interpolation between anchors: a word either side, for the slack
            lo, hi = max(0, lo - 1), min(len(tgt_tokens) - 1, hi + 1)
        seg_id, start, end = _local_span(tgt_tokens, lo, hi, tgt_by_id)
        start, end = _tight(tgt_by_id[seg_id].text, start, end)
        item = _diff_item(pd, d, start, end, figures)
        lost_words = [src_tok[k] for k in d.src_tokens]
        rendered_elsewhere = [w.text for w in lost_words if w.content and not w.number and w.norm in elsewhere]
        if rendered_elsewhere:
            item["kept_elsewhere"] = rendered_elsewhere
        evidence[seg_id].extra.setdefault("bt_diff", []).append(item)


# what a difference's `extra` may add to its evidence item: (key in extra, key in the item, the value
# itself or True)
_EXTRA_KEYS = (("gap", "gap", False), ("names", "names", True), ("bt_names", "back_translation_names", True),
               ("next_to", "next_to", True), ("quantity", "quantity", True), ("reworded", "reworded", False))


def _diff_item(pd: _PairDiff, d: btdiff.Diff, start: int, end: int, figures: dict[str, Any]) -> dict[str, Any]:
    """The evidence item of one difference placed at start..end of its translation sentence."""
    src_tok, bt_check = pd.src_tok, pd.bt_check
    lost_words = [src_tok[k] for k in d.src_tokens]
    item = {"kind": d.kind, "source_words": d.source_words, "back_translation_words": d.bt_words,
            "start": start, "end": end, "confidence": d.confidence, "projection": pd.method,
            "content_words": d.content_words, "name_or_number": d.has_name_or_number,
            "coverage": figures["coverage"], "signal": d.signal,
            "back_translation_content_words": d.bt_content_words,
            "source_chars": len(pd.source), "back_translation_chars": len(pd.bt_text),
            "run_chars": (lost_words[-1].end - lost_words[0].start) if lost_words else
            ((bt_check[d.bt_tokens[-1]].end - bt_check[d.bt_tokens[0]].start) if d.bt_tokens else 0),
            # the same lengths over content words only (auditor/checks/_btgrade.py compares them)
            "source_content_chars": btdiff.content_chars(src_tok),
            "back_translation_content_chars": btdiff.content_chars(bt_check),
            "unmatched_source_content_chars": figures["unmatched_src"],
            "unmatched_back_translation_content_chars": figures["unmatched_bt"],
            "run_content_chars": btdiff.content_chars(src_tok, d.src_tokens) if d.src_tokens else
            btdiff.content_chars(bt_check, d.bt_tokens)}
    for key, out, keep_value in _EXTRA_KEYS:
        if d.extra.get(key):
            item[out] = d.extra[key] if keep_value else True
    return item


MAX_SPAN = 60


def _tight(text: str, start: int, end: int, most: int = MAX_SPAN) -> tuple[int, int]:
    """The span cut to at most `most` characters, on word boundaries, around its middle."""
    if end - start <= most:
        return start, end
    mid = (start + end) // 2
    a, b = mid - most // 2, mid + most // 2
    while a < mid and a > start and text[a - 1].isalnum():
        a += 1
    while b > mid and b < end and text[b].isalnum():
        b -= 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else (start, start + most)


def _local_span(tgt_tokens: list[tuple[str, btdiff.Token]], lo: int, hi: int,
                tgt_by_id: dict[str, Segment]) -> tuple[str, int, int]:
    """(sentence id, local start, local end) of translation tokens lo..hi (empty when hi < lo)."""
    n = len(tgt_tokens)
    if hi < lo:
        if lo < n:
            sid, tok = tgt_tokens[lo]
            return sid, tok.start, tok.start
        sid, tok = tgt_tokens[-1]
        return sid, tok.end, tok.end
    sid, first = tgt_tokens[lo]
    last = first
    for k in range(lo, hi + 1):
        if tgt_tokens[k][0] != sid:
            break
        last = tgt_tokens[k][1]
    return sid, first.start, last.end


def logprob_evidence(alignment: Sequence[AlignedPair], src_by_id: dict[str, Segment],
                     tgt_by_id: dict[str, Segment], evidence: dict[str, PairEvidence],
                     reverse: Any = None, forward: Any = None,
                     notify: Callable[[str], None] = lambda m: None) -> bool:
    """Forced-decoding log-probabilities per aligned translation sentence. True if any was computed."""
    items = [(t, _pair_texts(p, src_by_id)) for p in alignment if p.kind == "aligned" for t in p.tgt]
    if not items:
        return False
    done = False
    if reverse is not None:
        try:
            sources, targets = [s for _, s in items], [tgt_by_id[t].text for t, _ in items]
            scored = reverse.score(sources, targets)
            cuts = _cuts(reverse, sources, targets)
            for (t, _), toks, cut in zip(items, scored, cuts):
                lp = evidence[t].extra.setdefault("logprob", {})
                lp["translation_given_source"] = {**summary(toks), "tokens_detail": toks}
                if cut:
                    lp["translation_given_source"]["truncated"] = cut
            done = True
        except Exception as e:
            notify(f"forced decoding (source -> translation) failed: {type(e).__name__}: {e}")
    if forward is not None:
        try:
            sources, targets = [tgt_by_id[t].text for t, _ in items], [s for _, s in items]
            scored = forward.score(sources, targets)
            cuts = _cuts(forward, sources, targets)
            for (t, _), toks, cut in zip(items, scored, cuts):
                evidence[t].extra.setdefault("logprob", {})["source_given_translation"] = summary(toks)
                if cut:
                    evidence[t].extra["logprob"]["source_given_translation"]["truncated"] = cut
            done = True
        except Exception as e:
            notify(f"forced decoding (translation -> source) failed: {type(e).__name__}: {e}")
    return done


def _cuts(scorer: Any, sources: list[str], targets: list[str]) -> list[Optional[dict[str, Any]]]:
    """Per pair, where forced decoding saw only part of it (the model's input limit): the token
    counts of input and output and the limit; None where it saw all. Counted with the
    tokenizer alone; where even that cannot load, nothing is known (None)."""
    tr: Any = getattr(scorer, "tr", None)
    counts = getattr(tr, "token_counts", None)
    if counts is None:
        return [None] * len(sources)
    try:
        limit = tr.params.max_length
        n_in = counts(sources)
        n_out = [len(ids) for ids in tr.tokenizer(text_target=targets)["input_ids"]]
    except Exception:
        return [None] * len(sources)
    return [{"input_tokens": a, "output_tokens": b, "limit": limit, "model": getattr(tr, "model_id", None)}
            if a > limit or b > limit else None for a, b in zip(n_in, n_out)]


def single_step_model(back_translator: Any) -> Optional[Any]:
    """The one HFTranslator of a direct (not pivoted) back-translation chain, else None."""
    steps = getattr(back_translator, "steps", None)
    if steps and len(steps) == 1 and hasattr(steps[0], "model") and hasattr(steps[0], "tokenizer"):
        return steps[0]
    return None
