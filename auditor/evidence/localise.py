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
    attn: dict[str, list[int]] = {}
    if projector is not None and pairs:
        ids = [t for p in pairs for t in p.tgt]
        try:
            maps = projector.project([tgt_by_id[t].text for t in ids], [bts[t] for t in ids])
            attn = dict(zip(ids, maps))
        except Exception as e:  # a model without usable attention: fall back to the lexical map
            notify(f"cross-attention projection unavailable ({type(e).__name__}: {e}); "
                   "back-translation differences are placed by a lexical alignment")
    done: list[tuple] = []
    kept: dict[int, set[str]] = {}        # per pair: the source content words the back-translation kept
    for n, pair in enumerate(pairs):
        source = _pair_texts(pair, src_by_id)
        # the pair's back-translation and translation, sentence by sentence, as one token sequence
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
        kept[n] = {src_tok[k].norm for k in matched if src_tok[k].content and not src_tok[k].number}
        done.append((pair, source, bt_text, src_tok, bt_check, matched, diffs, tgt_tokens, method, proj, anchored))
    for n, (pair, source, bt_text, src_tok, bt_check, matched, diffs, tgt_tokens, method, proj,
            anchored) in enumerate(done):
        content = [k for k, x in enumerate(src_tok) if x.content]
        coverage = round(sum(1 for k in content if k in matched) / max(1, len(content)), 3)
        elsewhere = set().union(*(v for k, v in kept.items() if k != n)) if len(kept) > 1 else set()
        plain_tgt = [x for _, x in tgt_tokens]
        # content the diff left unmatched on each side (lost or swapped): an omission leaves more on the
        # source's side, a reworded phrase about as much on both
        unmatched_src = btdiff.content_chars(src_tok, sorted({k for d in diffs for k in d.src_tokens}))
        unmatched_bt = btdiff.content_chars(bt_check, sorted({k for d in diffs for k in d.bt_tokens}))
        for d in diffs:
            btdiff.project(d, proj, len(tgt_tokens), plain_tgt)
            if d.tgt_range is None:
                continue
            lo, hi = d.tgt_range
            placed = d.bt_tokens or ([d.anchor] if d.anchor is not None else [])
            if method == "lexical" and placed and hi >= lo and not any(anchored[j] for j in placed if j < len(anchored)):
                # placed by interpolation between anchors: a word either side, for the slack
                lo, hi = max(0, lo - 1), min(len(tgt_tokens) - 1, hi + 1)
            seg_id, start, end = _local_span(tgt_tokens, lo, hi, tgt_by_id)
            start, end = _tight(tgt_by_id[seg_id].text, start, end)
            lost_words = [src_tok[k] for k in d.src_tokens]
            item = {"kind": d.kind, "source_words": d.source_words, "back_translation_words": d.bt_words,
                    "start": start, "end": end, "confidence": d.confidence, "projection": method,
                    "content_words": d.content_words, "name_or_number": d.has_name_or_number,
                    "coverage": coverage, "signal": d.signal,
                    "back_translation_content_words": d.bt_content_words,
                    "source_chars": len(source), "back_translation_chars": len(bt_text),
                    "run_chars": (lost_words[-1].end - lost_words[0].start) if lost_words else
                    ((bt_check[d.bt_tokens[-1]].end - bt_check[d.bt_tokens[0]].start) if d.bt_tokens else 0),
                    # the same lengths over content words only (auditor/checks/_btgrade.py compares them)
                    "source_content_chars": btdiff.content_chars(src_tok),
                    "back_translation_content_chars": btdiff.content_chars(bt_check),
                    "unmatched_source_content_chars": unmatched_src,
                    "unmatched_back_translation_content_chars": unmatched_bt,
                    "run_content_chars": btdiff.content_chars(src_tok, d.src_tokens) if d.src_tokens else
                    btdiff.content_chars(bt_check, d.bt_tokens)}
            if d.extra.get("gap"):
                item["gap"] = True
            if d.extra.get("names"):
                item["names"] = d.extra["names"]
            if d.extra.get("bt_names"):
                item["back_translation_names"] = d.extra["bt_names"]
            if d.extra.get("next_to"):
                item["next_to"] = d.extra["next_to"]
            if d.extra.get("quantity"):
                item["quantity"] = d.extra["quantity"]
            if d.extra.get("reworded"):
                item["reworded"] = True
            rendered_elsewhere = [w.text for w in lost_words if w.content and not w.number and w.norm in elsewhere]
            if rendered_elsewhere:
                item["kept_elsewhere"] = rendered_elsewhere
            evidence[seg_id].extra.setdefault("bt_diff", []).append(item)
        for t in pair.tgt:
            evidence[t].extra.setdefault("bt_diff", [])


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
    tr = getattr(scorer, "tr", None)
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
